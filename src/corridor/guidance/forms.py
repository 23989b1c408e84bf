"""Forms of the guidance pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.guidance.choices import ReferralOutcome, ReferralSubject
from corridor.guidance.models import ResourceCentre


class ReferralForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Resource centre"), queryset=ResourceCentre.objects.none())
    subject_kind = forms.ChoiceField(label=_("Referred from"), choices=ReferralSubject.choices)
    subject_reference = forms.CharField(label=_("Case or visit reference"), max_length=40)
    need = forms.CharField(label=_("What the worker needs"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    contact = forms.CharField(label=_("How the centre can reach the worker"), max_length=300, required=False)
    worker_consents = forms.BooleanField(label=_("The worker agreed to be referred to this centre"), required=False)

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres is not None:
            self.fields["centre"].queryset = centres


class ReferralCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
