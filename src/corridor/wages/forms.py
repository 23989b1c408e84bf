"""Forms of the wages pages: upload a salary file."""

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
