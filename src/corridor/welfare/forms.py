"""Forms of the welfare pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.welfare.choices import ClaimantKind, Payer

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 18, "decimal_places": 2, "min_value": 0}


class EnrolForm(forms.Form):
    clearance_reference = forms.CharField(label=_("Clearance reference"), max_length=40, required=False,
                                          help_text=_("At departure clearance; leave empty to enrol a worker abroad."))
    passport_number = forms.CharField(label=_("Passport number"), max_length=20, required=False)
    destination = forms.CharField(label=_("Country of work (two letters)"), max_length=2, required=False)
    contract_months = forms.IntegerField(label=_("Contract length (months)"), min_value=1, max_value=120)
    starts_on = forms.DateField(label=_("Cover from"), widget=DATE)
    payer = forms.ChoiceField(label=_("Contribution paid by"), choices=Payer.choices)
    amount = forms.DecimalField(label=_("Amount paid"), **MONEY)
    currency = forms.CharField(label=_("Currency paid"), max_length=3)
    exchange_rate = forms.DecimalField(label=_("Exchange rate to the fund's currency"), max_digits=18, decimal_places=8,
                                       required=False)
    rate_source = forms.CharField(label=_("Rate source"), max_length=100, required=False)
    receipt = forms.CharField(label=_("Receipt number"), max_length=60, required=False)


class ClaimForm(forms.Form):
    benefit = forms.ChoiceField(label=_("Benefit"), choices=())
    claimant_kind = forms.ChoiceField(label=_("Filed by"), choices=ClaimantKind.choices)
    claimant_name = forms.CharField(label=_("Claimant's name"), max_length=200, required=False)
    claimant_relationship = forms.CharField(label=_("Relationship to the member"), max_length=50, required=False)
    event_date = forms.DateField(label=_("Date of the death, injury or event"), widget=DATE)
    cause = forms.CharField(label=_("Degree of disability (partial, total_permanent), if any"), max_length=30,
                            required=False)
    requested_amount = forms.DecimalField(label=_("Amount asked (costs shown)"), required=False, **MONEY)

    def __init__(self, *args, benefits=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].choices = [(b.code, b.label) for b in benefits]


class ActForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reference = forms.CharField(label=_("Payment reference"), max_length=60, required=False)
    cost = forms.DecimalField(label=_("Ticket cost"), required=False, **MONEY)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    exchange_rate = forms.DecimalField(label=_("Exchange rate"), max_digits=18, decimal_places=8, required=False)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    claimant_kind = forms.ChoiceField(label=_("Filed by"), choices=ClaimantKind.choices, required=False)
    claimant_name = forms.CharField(label=_("Claimant's name"), max_length=200, required=False)
    claimant_relationship = forms.CharField(label=_("Relationship to the member"), max_length=50, required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, JPEG or PNG)"))


class RepatriationForm(forms.Form):
    reason = forms.CharField(label=_("Why the worker must come home"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    case_reference = forms.CharField(label=_("Case reference"), max_length=40, required=False)
    remains = forms.BooleanField(label=_("Repatriation of remains"), required=False)
