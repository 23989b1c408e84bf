"""Forms for filing, following and working a case."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import OrganisationKind as K
from corridor.accounts.models import Organisation, User
from corridor.cases import routing, triage
from corridor.cases.choices import ClaimKind, GrievanceType, NoteVisibility, RespondentRole
from corridor.core import names
from corridor.core.models import Country


class DateInput(forms.DateInput):
    input_type = "date"


def _countries():
    return [("", _("Choose a country"))] + names.country_choices(Country.objects.values_list("code", flat=True))


class ComplaintForm(forms.Form):
    """What happened, against whom, where and since when; the narrative; the yes/no questions; consent."""

    grievances = forms.MultipleChoiceField(label=_("What happened? Choose all that apply."), choices=GrievanceType.choices,
                                           widget=forms.CheckboxSelectMultiple)
    employer_name = forms.CharField(label=_("Employer (company or person)"), max_length=200, required=False)
    agency_name = forms.CharField(label=_("Recruitment agency"), max_length=200, required=False)
    sub_agent_name = forms.CharField(label=_("Sub-agent or local recruiter"), max_length=200, required=False)
    other_name = forms.CharField(label=_("Someone else"), max_length=200, required=False)
    nationality = forms.ChoiceField(label=_("Your nationality"), choices=())
    country_where = forms.ChoiceField(label=_("Country where it happened"), choices=())
    place = forms.CharField(label=_("Town or workplace"), max_length=200, required=False)
    since = forms.DateField(label=_("Since when?"), required=False, widget=DateInput)
    narrative = forms.CharField(label=_("Tell us what happened, in your own words"), required=False,
                                max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}))
    evidence = forms.FileField(label=_("A photo, document or recording (optional)"), required=False,
                               help_text=_("JPEG, PNG, WebP, HEIC, PDF or audio; at most 5 MB."))
    consent_referral = forms.BooleanField(
        label=_("The authorities of the other country may receive my case (without my name)"), required=False)
    consent_referral_identity = forms.BooleanField(
        label=_("…and my name and contact details may go with it"), required=False)
    consent_partner = forms.BooleanField(label=_("A support organisation may help me with my case"), required=False)
    partner = forms.ModelChoiceField(label=_("Which organisation?"), queryset=Organisation.objects.none(), required=False)
    consent_share_identity = forms.BooleanField(
        label=_("The employer or agency may be told that it is me who complained"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = _countries()
        self.fields["nationality"].choices = countries
        self.fields["country_where"].choices = countries
        self.fields["nationality"].initial = settings.CORRIDOR_COUNTRY
        self.fields["partner"].queryset = routing.partners()
        for question in triage.QUESTIONS:
            self.fields[f"q_{question.key}"] = forms.ChoiceField(
                label=question.text, choices=question.choices, required=False, widget=forms.RadioSelect)

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in ("employer_name", "agency_name", "sub_agent_name", "other_name")):
            self.add_error("employer_name", _("Name at least one: the employer, the agency, a sub-agent or someone else."))
        if data.get("partner") and not data.get("consent_partner"):
            self.add_error("consent_partner", _("Tick this to let the organisation help you."))
        return data

    def answers(self) -> dict:
        return {q.key: self.cleaned_data[f"q_{q.key}"] for q in triage.QUESTIONS if self.cleaned_data.get(f"q_{q.key}")}

    def respondents(self) -> list[dict]:
        pairs = [(RespondentRole.EMPLOYER, "employer_name", K.EMPLOYER), (RespondentRole.AGENCY, "agency_name", K.RECRUITMENT_AGENCY),
                 (RespondentRole.SUB_AGENT, "sub_agent_name", None), (RespondentRole.OTHER, "other_name", None)]
        result = []
        for role, field, kind in pairs:
            name = (self.cleaned_data.get(field) or "").strip()
            if name:
                # Link to the organisation on record when the name matches one exactly.
                organisation = Organisation.objects.filter(kind=kind, name__iexact=name).first() if kind else None
                result.append({"role": role, "name": name, "organisation": organisation})
        return result

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "grievances": d["grievances"], "respondents": self.respondents(), "nationality": d["nationality"],
            "country_where": d["country_where"], "place": d["place"], "since": d["since"], "narrative": d["narrative"],
            "answers": self.answers(), "consent_referral": d["consent_referral"],
            "consent_referral_identity": d["consent_referral"] and d["consent_referral_identity"],
            "consent_partner": d["consent_partner"], "partner": d["partner"] if d["consent_partner"] else None,
            "consent_share_identity": d["consent_share_identity"],
            "files": [(d["evidence"].name, d["evidence"].read())] if d.get("evidence") else [],
        }


class StaffComplaintForm(ComplaintForm):
    full_name = forms.CharField(label=_("Worker's name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    passport_number = forms.CharField(label=_("Passport number"), max_length=30, required=False)
    contact_notes = forms.CharField(label=_("How and when to contact the worker safely"), max_length=500, required=False)

    def complainant(self) -> dict:
        return {k: self.cleaned_data.get(k, "") for k in ("full_name", "phone", "email", "passport_number", "contact_notes")}


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Your receipt code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "dir": "ltr"}))


class FollowMessageForm(forms.Form):
    body = forms.CharField(label=_("Write to the officer"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))


class FollowEvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Add a photo, document or recording"))


class AnswersForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in triage.QUESTIONS:
            self.fields[f"q_{question.key}"] = forms.ChoiceField(
                label=question.text, choices=question.choices, required=False, widget=forms.RadioSelect)

    def answers(self) -> dict:
        return {q.key: self.cleaned_data[f"q_{q.key}"] for q in triage.QUESTIONS if self.cleaned_data.get(f"q_{q.key}")}


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=NoteVisibility.choices)
    is_question = forms.BooleanField(label=_("This is a question for the complainant"), required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_date = forms.DateField(label=_("Due"), widget=DateInput)


class DeathOrInjuryForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened to the worker"), choices=[
        ("death", _("Death")), ("accidental_death", _("Accidental death")), ("injury", _("Injury"))])
    on = forms.DateField(label=_("On"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RepatriationForm(forms.Form):
    reason = forms.CharField(label=_("Why the worker must come home"), max_length=10_000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason or outcome"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    urgent = forms.ChoiceField(label=_("Urgent?"), required=False,
                               choices=[("", _("Keep as screened")), ("yes", _("Urgent")), ("no", _("Not urgent"))])
    officer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["officer"].queryset = User.objects.filter(organisation=team, is_active=True).order_by("username") \
            if team else User.objects.none()


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is owed"), choices=ClaimKind.choices)
    amount = forms.DecimalField(label=_("Amount (not for documents)"), min_value=0, max_digits=14, decimal_places=2,
                                required=False)
    currency = forms.CharField(label=_("Currency (ISO code, not for documents)"), max_length=3, required=False)
    description = forms.CharField(label=_("Details"), max_length=300, required=False)


class RecoveryForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount recovered"), min_value=0, max_digits=14, decimal_places=2, required=False)
    respondent = forms.IntegerField(label=_("From"), required=False)
    recovered_on = forms.DateField(label=_("On"), required=False, widget=DateInput)


class DefaultForm(forms.Form):
    reason = forms.CharField(label=_("What happened"), max_length=500)


class RespondentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=RespondentRole.choices)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation on record"), required=False,
                                          queryset=Organisation.objects.filter(kind__in=[K.EMPLOYER, K.RECRUITMENT_AGENCY]))


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))


class DutyShiftForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Who"), queryset=None)
    starts_at = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    is_supervisor = forms.BooleanField(label=_("Supervises (hears of missed time limits)"), required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["user"].queryset = User.objects.filter(organisation=organisation, is_active=True).order_by("username")
