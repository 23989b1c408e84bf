"""Forms of the wages pages: upload a salary file, settle, record what the wage guarantee fund paid."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.wages import parsing


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Salary file (WPS SIF or Corridor CSV)"))
    format = forms.ChoiceField(label=_("Format"), required=False,
                               choices=[("", _("From the file")), ("sif", "SIF"), ("csv", "CSV")])
    employer = forms.CharField(label=_("Employer ID"), max_length=60, required=False,
                               help_text=_("Only for EDR lines without their SCR control record."))
    period = forms.CharField(label=_("Salary month (YYYY-MM)"), max_length=7, required=False,
                             help_text=_("Only for EDR lines without their SCR control record."))

    def clean_period(self):
        value = (self.cleaned_data.get("period") or "").strip()
        if not value:
            return None
        month = parsing.month_of(value)
        if month is None:
            raise forms.ValidationError(_("Write the month as YYYY-MM."))
        return month


END_REASONS = [("contract_end", _("End of the contract")), ("employer_termination", _("Ended by the employer")),
               ("termination_for_cause", _("Ended by the employer for a cause the law lists")),
               ("resignation", _("Resignation")), ("transfer", _("Transfer to a new employer")),
               ("death_or_disability", _("Death or disability")), ("force_majeure", _("Force majeure"))]


class SettlementForm(forms.Form):
    arrival = forms.IntegerField(label=_("Arrival number"), min_value=1)
    end_date = forms.DateField(label=_("Last day of employment"), widget=forms.DateInput(attrs={"type": "date"}))
    end_reason = forms.ChoiceField(label=_("How employment ended"), choices=END_REASONS)
    annual_leave_days_taken = forms.IntegerField(label=_("Days of annual leave taken in the whole service"), min_value=0,
                                                 initial=0)
    return_ticket_provided = forms.BooleanField(label=_("The employer has provided the journey home"), required=False)
    return_ticket_cost = forms.DecimalField(label=_("Cost of the journey home"), required=False, min_value=0,
                                            max_digits=12, decimal_places=2)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount the employer paid"), min_value=0, max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class FundPaymentForm(forms.Form):
    arrival = forms.IntegerField(label=_("Arrival number"), min_value=1)
    employer_ref = forms.CharField(label=_("Employer ID"), max_length=60)
    amount = forms.DecimalField(label=_("Amount the fund paid"), min_value=Decimal("0.01"), max_digits=12,
                                decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Fund's reference"), max_length=60, required=False)
