"""Forms of the clearance pages: apply, record a fact, decide, verify, record an arrival, check a presented contract."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.clearance.choices import FactKind

DATE = forms.DateInput(attrs={"type": "date"})


class ApplyForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Registered contract"), queryset=None, empty_label=None)
    departure_date = forms.DateField(label=_("Departure by"), widget=DATE)

    def __init__(self, *args, contracts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: f"{c.reference} · {c.worker.full_name}"


class FactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Fact"), choices=FactKind.choices)
    document_reference = forms.CharField(label=_("Certificate, membership or policy number"), max_length=100)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OfferedActionsForm(forms.Form):
    """A form whose `action` offers only the given actions (the lifecycle's `available_actions`); None: every one,
    so that a refused step comes back from the service with its own code."""

    ACTIONS: list = []

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["action"].choices = [(key, label) for key, label in self.ACTIONS if key in actions]


class DecideForm(OfferedActionsForm):
    ACTIONS = [("grant", _("Grant")), ("refuse", _("Refuse")), ("halt", _("Halt")), ("depart", _("Record departure"))]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required to refuse or halt; the worker and the agency are told."))


class VerifyForm(forms.Form):
    token = forms.CharField(label=_("Certificate code"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr",
                                                                                                     "spellcheck": "false"}),
                            help_text=_("Paste the text read from the QR code."))
    image = forms.ImageField(label=_("Or a photo of the QR code"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))

    def clean(self):
        data = super().clean()
        if not (data.get("token") or "").strip() and not data.get("image"):
            raise forms.ValidationError(_("Paste the certificate code or add a photo of the QR code."))
        return data


class ArrivalForm(forms.Form):
    arrived_on = forms.DateField(label=_("Arrived on"), widget=DATE)
    port = forms.CharField(label=_("Port of entry"), max_length=100, required=False)
    work_permit_number = forms.CharField(label=_("Work permit or labour card number"), max_length=40, required=False,
                                         help_text=_("As the salary files name the worker; stored encrypted."))


class UploadForm(forms.Form):
    document = forms.FileField(label=_("Presented contract (interchange JSON)"))


class PaperForm(forms.Form):
    """The terms an officer reads off a paper contract; the rest is taken as registered."""

    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    worksite = forms.CharField(label=_("Worksite"), max_length=200, required=False)
    wage_amount = forms.DecimalField(label=_("Basic wage"), max_digits=12, decimal_places=2, min_value=0)
    wage_currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)
    wage_period = forms.ChoiceField(label=_("Per"), choices=[("month", _("month")), ("week", _("week")), ("day", _("day")),
                                                            ("hour", _("hour"))])
    normal_daily = forms.IntegerField(label=_("Normal hours a day"), min_value=0, max_value=24, required=False)
    normal_weekly = forms.IntegerField(label=_("Normal hours a week"), min_value=0, max_value=168, required=False)
    weekly_rest_hours = forms.IntegerField(label=_("Weekly rest (hours)"), min_value=0, max_value=168, required=False)
    annual_leave_days = forms.IntegerField(label=_("Paid annual leave (days)"), min_value=0, max_value=366, required=False)
    duration_months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=120, required=False)

    def terms(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("wage_amount") is not None:
            data["wage_amount"] = f"{data['wage_amount']:.2f}"
        data["wage_currency"] = (data.get("wage_currency") or "").upper()
        return data


class MatterForm(OfferedActionsForm):
    ACTIONS = [("review", _("Start review")), ("close", _("Close"))]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason or outcome"), widget=forms.Textarea(attrs={"rows": 3}))
