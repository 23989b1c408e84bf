"""Forms of the inspection pages (validation of shape only; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.inspection.choices import Answer, Casualty, SanctionKind, Sector, Severity, VisitKind


class WeightForm(forms.Form):
    factor = forms.CharField(widget=forms.HiddenInput)
    weight = forms.DecimalField(label=_("Points per unit"), min_value=0, max_value=1000, decimal_places=2)
    cap = forms.DecimalField(label=_("Most points from this factor"), min_value=0, max_value=1000, decimal_places=2)
    window_days = forms.IntegerField(label=_("Signals counted for (days)"), min_value=1, max_value=3650)
    reasoning = forms.CharField(label=_("Why this weight"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class WorksiteForm(forms.Form):
    employer = forms.IntegerField(label=_("Employer number in the registry"), min_value=1)
    name = forms.CharField(label=_("Site name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    region = forms.CharField(label=_("Region"), max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    workforce = forms.IntegerField(label=_("Workers on site"), min_value=0, initial=0)


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    cooloff_days = forms.IntegerField(label=_("A site inspected within this many days drops down"), min_value=0,
                                      max_value=3650, initial=180)
    quotas = forms.CharField(label=_("Quotas"), max_length=2000,
                             help_text=_("One line per inspector: user name, a space, the number of visits."),
                             widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    worksite = forms.IntegerField(label=_("Worksite number"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=[(VisitKind.UNANNOUNCED, VisitKind.UNANNOUNCED.label),
                                                      (VisitKind.COMPLAINT, VisitKind.COMPLAINT.label)])
    scheduled_on = forms.DateField(label=_("Scheduled for"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Why (the complaint's reference, if any)"), required=False, max_length=2000)


class AnswerForm(forms.Form):
    item = forms.CharField(max_length=40)
    answer = forms.ChoiceField(choices=Answer.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, max_length=5000)


class FindingForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=30)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    description = forms.CharField(label=_("What was found (do not name a worker: the employer reads this)"),
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
    confidential = forms.BooleanField(label=_("Drawn from a confidential interview (the employer sees only the topic)"),
                                      required=False)
    casualty = forms.ChoiceField(label=_("Did a worker die or get injured? (the welfare fund is told)"),
                                 choices=Casualty.choices, required=False)
    occurred_on = forms.DateField(label=_("Date of the death or injury"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Photo, document or recording"))


class InterviewForm(forms.Form):
    interviewee = forms.CharField(label=_("Who (as they wish to be recorded; may be left empty)"), max_length=200,
                                  required=False)
    language = forms.CharField(label=_("Language"), max_length=8, required=False)
    notes = forms.CharField(label=_("What the worker said"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)


class OrderForm(forms.Form):
    requirement = forms.CharField(label=_("What the employer must do"), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=5000)
    due_on = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    finding = forms.IntegerField(label=_("Finding number"), required=False, min_value=1)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sanction"), choices=SanctionKind.choices)
    amount = forms.DecimalField(label=_("Amount (fines)"), required=False, min_value=0, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    days = forms.IntegerField(label=_("For (days)"), required=False, min_value=1)
    workers_concerned = forms.IntegerField(label=_("Workers concerned"), min_value=1, initial=1)
    reason = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    legal_basis = forms.CharField(label=_("Legal basis (empty: the scale's)"), required=False, max_length=300)
    watchlist = forms.BooleanField(label=_("Put the employer on the watchlist"), required=False)
    reject_employer = forms.BooleanField(label=_("Withdraw the employer's verification"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
