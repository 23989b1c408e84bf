"""Forms of the reintegration pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.reintegration.choices import (
    DocumentsFate,
    FollowUpOutcome,
    PaidTo,
    ProjectKind,
    ReturnCause,
    ServiceKind,
    WagesReceived,
    WouldUseAgain,
)

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class ReturnForm(forms.Form):
    clearance_reference = forms.CharField(label=_("Clearance reference"), max_length=40, required=False,
                                          help_text=_("The reference on the departure clearance certificate."))
    worker_name = forms.CharField(label=_("Worker's name (when there is no clearance)"), max_length=200, required=False)
    destination = forms.CharField(label=_("Returned from (two letters)"), max_length=2, required=False)
    returned_on = forms.DateField(label=_("Day of return"), widget=DATE)
    cause = forms.ChoiceField(label=_("Why"), choices=ReturnCause.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MyReturnForm(forms.Form):
    clearance_reference = forms.CharField(label=_("Clearance reference"), max_length=40)
    returned_on = forms.DateField(label=_("Day I arrived home"), widget=DATE)
    cause = forms.ChoiceField(label=_("Why I came home"), choices=ReturnCause.choices)


class DebriefForm(forms.Form):
    paid_to = forms.ChoiceField(label=_("Did you pay anyone to get this job? To whom?"), choices=PaidTo.choices)
    recruitment_cost = forms.DecimalField(label=_("How much did you pay in all?"), required=False, **MONEY)
    cost_currency = forms.CharField(label=_("Currency (three letters, e.g. PHP)"), max_length=3, required=False)
    agency_licence = forms.CharField(label=_("The agency's licence number, if you know it"), max_length=60, required=False)
    sub_agent_name = forms.CharField(label=_("Name of the sub-agent or broker, if any"), max_length=200, required=False)
    wages = forms.ChoiceField(label=_("Were you paid what the contract said?"), choices=WagesReceived.choices)
    monthly_earnings = forms.DecimalField(label=_("What did you earn in your first month there?"), required=False, **MONEY)
    earnings_currency = forms.CharField(label=_("Currency of those earnings"), max_length=3, required=False)
    documents = forms.ChoiceField(label=_("Who kept your passport and documents?"), choices=DocumentsFate.choices)
    would_use_again = forms.ChoiceField(label=_("Would you use this agency again?"), choices=WouldUseAgain.choices)
    case_consent = forms.BooleanField(label=_("I want the office to open a case about what happened to me"),
                                      required=False)


class PlanForm(forms.Form):
    goals = forms.CharField(label=_("Goals agreed with the worker"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUpOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class CertificateForm(forms.Form):
    isco_code = forms.CharField(label=_("ISCO-08 occupation (four digits)"), max_length=4)
    level = forms.CharField(label=_("Level assessed"), max_length=100, required=False)


class ServiceForm(forms.Form):
    provider = forms.CharField(label=_("Organisation that gives it"), max_length=200)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceKind.choices)
    name = forms.CharField(label=_("Name of the service"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ExitForm(forms.Form):
    arrival_id = forms.IntegerField(label=_("Arrival"), min_value=1)
    left_on = forms.DateField(label=_("Left the country on"), widget=DATE)
    cause = forms.ChoiceField(label=_("Why"), choices=ReturnCause.choices)


class AssociationForm(forms.Form):
    name = forms.CharField(label=_("Name of the association"), max_length=200)
    hometown = forms.CharField(label=_("Hometown (municipality)"), max_length=200)
    region = forms.CharField(label=_("State or province"), max_length=200, required=False)
    based_in = forms.CharField(label=_("Country where the members live (two letters)"), max_length=2)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Member's name"), max_length=200)
    lives_in = forms.CharField(label=_("Country of residence (two letters)"), max_length=2, required=False)
    is_representative = forms.BooleanField(label=_("Representative of the association"), required=False)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Project"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=200)
    description = forms.CharField(label=_("What is built, for whom, and how it is kept up"), max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    migrant_amount = forms.DecimalField(label=_("The migrants' contribution"), **MONEY)
    currency = forms.CharField(label=_("Currency (three letters)"), max_length=3)


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("The committee's reasons"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    tranches = forms.CharField(label=_("Tranches: one a line, \"milestone; amount\""), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def tranche_list(self) -> list[tuple[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("tranches") or "").splitlines():
            if line.strip():
                milestone, _sep, amount = line.rpartition(";")
                rows.append((milestone.strip(), amount.strip()))
        return rows


class MoneyEventForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    reference = forms.CharField(label=_("Bank reference"), max_length=60, required=False)
    evidence = forms.CharField(label=_("Evidence that the milestone was reached"), max_length=4000, required=False)
