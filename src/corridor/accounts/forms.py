"""Forms for signing in, the second factor, and recording a worker."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Sex
from corridor.core import names
from corridor.core.models import Country, Language


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), max_length=256, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=16,
        help_text=_("The six digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100, help_text=_("What will use it, e.g. the reporting system."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)


class WorkerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name, as in the passport"), max_length=200)
    nationality = names.LocalisedModelChoiceField(label=_("Nationality"), queryset=Country.objects.all(), to_field_name="code")
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    passport_number = forms.CharField(label=_("Passport number"), max_length=30, required=False)
    passport_expiry = forms.DateField(label=_("Passport expiry"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages the worker reads and understands"), queryset=Language.objects.all(), to_field_name="code", required=False,
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_of_kin_name = forms.CharField(label=_("Next of kin"), max_length=200, required=False)
    next_of_kin_relationship = forms.CharField(label=_("Relationship"), max_length=50, required=False)
    next_of_kin_phone = forms.CharField(label=_("Next of kin's phone"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].initial = settings.CORRIDOR_COUNTRY
