"""Forms of the voice app: a review, hiding a comment, an agency's answer, a worker's job profile."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Language, Occupation
from corridor.voice.choices import QUESTIONS, RATING_CHOICES, HideReason


class DateInput(forms.DateInput):
    input_type = "date"


class ReviewForm(forms.Form):
    """The fixed questions, 1 (not at all) to 5 (fully), and a comment in any language."""

    comment = forms.CharField(label=_("Your own words (any language, optional)"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Do not write names of people or anything that shows who you are."))
    language = forms.ChoiceField(label=_("Language of your words"), required=False)

    def __init__(self, *args, language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Other"))] + [(code, name) for code, name in settings.LANGUAGES]
        self.fields["language"].initial = language
        questions = {}
        for key, label in QUESTIONS:
            questions[key] = forms.TypedChoiceField(label=label, choices=RATING_CHOICES, coerce=int,
                                                    widget=forms.RadioSelect(attrs={"class": "rating"}),
                                                    help_text=_("1: not at all · 5: fully"))
        self.fields = {**questions, **self.fields}

    def ratings(self) -> dict:
        return {key: self.cleaned_data[key] for key, _label in QUESTIONS}


class HideForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Why hide it"), choices=HideReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (kept in the record)"), required=False, max_length=500)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your public answer (once only)"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class ProfileForm(forms.Form):
    occupations = forms.ModelMultipleChoiceField(label=_("The work you do (ISCO-08)"),
                                                 queryset=Occupation.objects.filter(level=4))
    skills = forms.CharField(label=_("Skills"), required=False, max_length=500,
                             help_text=_("A few words, separated by commas: cooking, welding, elderly care…"))
    languages = forms.ModelMultipleChoiceField(label=_("Languages you speak"), queryset=Language.objects.all())
    experience_years = forms.IntegerField(label=_("Years of experience"), min_value=0, max_value=80, initial=0)
    destinations = forms.ModelMultipleChoiceField(label=_("Countries you want to work in (none: any)"),
                                                  queryset=Country.objects.all(), required=False)
    earliest_start = forms.DateField(label=_("The earliest date you can go"), widget=DateInput)
    consent = forms.BooleanField(
        label=_("Licensed agencies in good standing may see my profile and my name, until I take this back"),
        required=False)
