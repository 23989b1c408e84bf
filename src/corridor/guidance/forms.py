"""Forms of the guidance pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation
from corridor.core import names
from corridor.core.models import Language
from corridor.guidance.choices import CentreKind, ReferralOutcome, ReferralSubject
from corridor.guidance.models import ResourceCentre
from corridor.guidance.services.centres import STAFF_ORGANISATION_KINDS


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


class CentreForm(forms.Form):
    """What the directory says of a centre; the service checks it (a refused form changes nothing)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CentreKind.choices)
    city = forms.CharField(label=_("City"), max_length=100)
    serves = forms.CharField(label=_("Who it serves"), max_length=300)
    languages = names.LocalisedModelMultipleChoiceField(label=_("Languages spoken"), queryset=Language.objects.all(),
                                                        required=False)
    hours = forms.CharField(label=_("Opening hours"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    accepts_referrals = forms.BooleanField(label=_("Accepts referrals"), required=False, initial=True)
    is_active = forms.BooleanField(label=_("Listed in the public directory"), required=False, initial=True)
    organisation = forms.ModelChoiceField(
        label=_("Organisation of its staff accounts"), queryset=Organisation.objects.none(), required=False,
        help_text=_("The centre's staff sign in with accounts of this organisation and see only its referrals."))
    open_account = forms.BooleanField(
        label=_("Open an organisation in the centre's name for its staff accounts"), required=False,
        help_text=_("An administrator then adds the staff's sign-ins to it (role: resource centre staff)."))

    def __init__(self, *args, country: str, centre: ResourceCentre | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        free = Organisation.objects.filter(kind__in=STAFF_ORGANISATION_KINDS, country_id=country,
                                           resource_centre__isnull=True)
        if centre is not None and centre.organisation_id:
            free = Organisation.objects.filter(pk=centre.organisation_id)
        self.fields["organisation"].queryset = free.order_by("name")
        if centre is not None and centre.organisation_id:
            del self.fields["open_account"]
