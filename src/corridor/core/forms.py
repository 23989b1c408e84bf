from django import forms
from django.utils.translation import gettext_lazy as _


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Who (username)"), max_length=150, required=False)
    action = forms.CharField(label=_("Action starts with"), max_length=100, required=False)
    object_type = forms.CharField(label=_("Record type"), max_length=100, required=False, help_text=_("For example accounts.worker"))
    object_id = forms.CharField(label=_("Record id"), max_length=100, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reads_only = forms.BooleanField(label=_("Only reads of sensitive records"), required=False)
