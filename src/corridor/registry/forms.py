"""Forms of the registry's pages."""

import json
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core import names
from corridor.core.models import Country, Currency, Language, Occupation
from corridor.registry.choices import SanctionOutcome, SanctionPenalty, SubjectKind
from corridor.registry.models import JobOrder
from corridor.rules import interchange

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class VerifyForm(forms.Form):
    q = forms.CharField(label=_("Name of the agency or recruiter, or licence number"), max_length=100, required=False)


class JobBoardForm(forms.Form):
    country = names.LocalisedModelChoiceField(label=_("Country"), queryset=Country.objects.all(), to_field_name="code", required=False)
    occupation = forms.ModelChoiceField(label=_("Occupation"), queryset=Occupation.objects.filter(level=4), to_field_name="code", widget=names.EnglishLabelsSelect,
                                        required=False)
    language = names.LocalisedModelChoiceField(label=_("Language"), queryset=Language.objects.all(), to_field_name="code", required=False)

    def __init__(self, *args, board=None, **kwargs):
        """Offer only the countries, occupations and languages of orders on the board: a short list on a slow phone."""
        super().__init__(*args, **kwargs)
        if board is not None:
            ids = board.order_by().values("pk")
            self.fields["country"].queryset = Country.objects.filter(pk__in=board.order_by().values("country"))
            self.fields["occupation"].queryset = Occupation.objects.filter(pk__in=board.order_by().values("occupation"))
            self.fields["language"].queryset = Language.objects.filter(
                pk__in=JobOrder.languages.through.objects.filter(joborder__in=ids).values("language"))


class AgencyApplyForm(forms.Form):
    name = forms.CharField(label=_("Registered name"), max_length=200)
    registration_number = forms.CharField(label=_("Company registration number"), max_length=60, required=False)
    address = forms.CharField(label=_("Head office address"), max_length=300)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    owners = forms.CharField(label=_("Owners"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("One a line: full name; nationality code (e.g. PH); share in percent."))
    branches = forms.CharField(label=_("Branch offices"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("One a line: branch name; address."))
    bond_amount = forms.DecimalField(label=_("Escrow deposit or bond"), min_value=0, max_digits=14, decimal_places=2, required=False)
    bond_currency = forms.ModelChoiceField(label=_("Bond currency"), queryset=Currency.objects.all(), to_field_name="code", required=False)
    bond_reference = forms.CharField(label=_("Bond or escrow reference"), max_length=100, required=False)

    def clean_owners(self):
        owners = []
        for line in self.cleaned_data["owners"].splitlines():
            parts = [p.strip() for p in line.split(";")]
            if not parts[0]:
                continue
            if len(parts) < 2:
                raise forms.ValidationError(_("Write each owner as: full name; nationality code; share."))
            owners.append({"full_name": parts[0], "nationality": parts[1].upper(),
                           "share_percent": parts[2] if len(parts) > 2 and parts[2] else None})
        return owners

    def clean_branches(self):
        branches = []
        for line in self.cleaned_data["branches"].splitlines():
            parts = [p.strip() for p in line.split(";")]
            if not parts[0]:
                continue
            if len(parts) < 2:
                raise forms.ValidationError(_("Write each branch as: name; address."))
            branches.append({"name": parts[0], "address": parts[1]})
        return branches


class GrantForm(forms.Form):
    number = forms.CharField(label=_("Licence number"), max_length=60)
    valid_from = forms.DateField(label=_("Valid from"), **DATE)
    valid_until = forms.DateField(label=_("Valid until"), **DATE)
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["valid_until"].initial = today + timedelta(days=4 * 365)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RenewForm(ReasonForm):
    valid_until = forms.DateField(label=_("New end of validity"), **DATE)


class NotifyForm(forms.Form):
    charge = forms.CharField(label=_("Charge"), widget=forms.Textarea(attrs={"rows": 4}))
    proposed_penalty = forms.ChoiceField(label=_("Proposed penalty"), choices=SanctionPenalty.choices)
    answer_due = forms.DateField(label=_("The agency must answer by"), **DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer to the charge"), widget=forms.Textarea(attrs={"rows": 6}))


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SanctionOutcome.choices)
    penalty = forms.ChoiceField(label=_("Penalty"), choices=[("", "—"), *SanctionPenalty.choices], required=False)
    decision = forms.CharField(label=_("Decision and reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    effective_date = forms.DateField(label=_("Effective date"), required=False, **DATE)
    suspended_until = forms.DateField(label=_("Suspended until"), required=False, **DATE)


class SubAgentForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    locality = forms.CharField(label=_("Village, town or district"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = names.LocalisedModelChoiceField(label=_("Country"), queryset=Country.objects.all(), to_field_name="code")
    registration_number = forms.CharField(label=_("Registration number"), max_length=60)
    address = forms.CharField(label=_("Address"), max_length=300)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Documents seen, visit, or reason"), widget=forms.Textarea(attrs={"rows": 3}))


class JobOrderForm(forms.Form):
    employer = forms.IntegerField(label=_("Employer (number in the registry)"), min_value=1)
    occupation = forms.ModelChoiceField(label=_("Occupation (ISCO-08)"), queryset=Occupation.objects.filter(level=4),
                                        to_field_name="code")
    title = forms.CharField(label=_("Job title"), max_length=200)
    workers_needed = forms.IntegerField(label=_("Number of workers"), min_value=1, max_value=10000)
    worksite = forms.CharField(label=_("Worksite"), max_length=200)
    languages = names.LocalisedModelMultipleChoiceField(label=_("Languages"), queryset=Language.objects.all(), to_field_name="code",
                                               required=False)
    expires_on = forms.DateField(label=_("Open until"), **DATE)
    offered_terms = forms.CharField(label=_("Offered terms (contract interchange form, JSON)"),
                                    widget=forms.Textarea(attrs={"rows": 12, "dir": "ltr"}))

    def clean_offered_terms(self):
        try:
            return interchange.parse(self.cleaned_data["offered_terms"])
        except interchange.InterchangeError as exc:
            raise forms.ValidationError(exc.message) from exc
        except json.JSONDecodeError as exc:  # pragma: no cover - parse wraps these
            raise forms.ValidationError(str(exc)) from exc


class WatchlistForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Who"), choices=SubjectKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    country = names.LocalisedModelChoiceField(label=_("Country"), queryset=Country.objects.all(), to_field_name="code", required=False)
    registration_number = forms.CharField(label=_("Registration or licence number"), max_length=60, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth (a person)"), required=False, **DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence_reference = forms.CharField(label=_("Evidence reference"), max_length=200)
    starts_on = forms.DateField(label=_("From"), **DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, **DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("dismiss", _("A different party: dismiss")),
                                                               ("confirm", _("The same party: confirm"))])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
