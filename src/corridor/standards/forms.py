"""Forms of the standards pages (the services check everything again)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)


class MeetingActForm(forms.Form):
    """Every act on a meeting posts here; which fields count depends on the act."""

    held_on = forms.DateField(label=_("Held on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    attendees = forms.CharField(label=_("Attendees"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("Minutes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    text = forms.CharField(label=_("Text"), required=False, max_length=4000)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    owner_country = forms.CharField(label=_("Owner's side"), required=False, max_length=2)
    due_on = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class ActionDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=2000)
