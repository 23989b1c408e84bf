"""The page helpers every app shares (core.views, core.selectors.one), without the database."""

from types import SimpleNamespace

import pytest
from django import forms
from django.http import Http404
from django.test import RequestFactory

from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.core.selectors import one
from corridor.core.views import choice_param, form_refusal
from corridor.welfare.choices import ClaimStatus


class NoteForm(forms.Form):
    note = forms.CharField()


def _bound() -> NoteForm:
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    return form


def test_a_refusal_shows_its_message_and_each_problem_at_its_field_or_on_top():
    form = _bound()
    form_refusal(form, InvalidInput(fields={"note": ["too short"], "elsewhere": ["not known"]}))
    assert form.errors["note"] == ["too short"]
    assert form.non_field_errors() == [str(InvalidInput.default_message), "not known"]


def test_a_field_the_form_lacks_is_named_by_the_label_given():
    form = _bound()
    form_refusal(form, InvalidInput(fields={"fee": ["above the ceiling"]}), label=str.upper)
    assert "FEE: above the ceiling" in form.non_field_errors()


@pytest.mark.parametrize("error", [NotFound, PermissionDenied])
def test_a_record_out_of_reach_is_a_404_only_when_asked(error):
    with pytest.raises(Http404):
        form_refusal(_bound(), error(), hide_missing=True)
    form = _bound()
    form_refusal(form, error())
    assert form.non_field_errors() == [str(error.default_message)]


def test_a_filter_is_kept_only_when_the_choices_have_it():
    get = RequestFactory().get
    assert choice_param(get("/", {"status": ClaimStatus.values[0]}), "status", ClaimStatus) == ClaimStatus.values[0]
    assert choice_param(get("/", {"status": "nonsense"}), "status", ClaimStatus) == ""
    assert choice_param(get("/"), "status", ClaimStatus) == ""


def test_one_is_the_first_record_or_not_found():
    assert one(SimpleNamespace(first=lambda: "record")) == "record"
    with pytest.raises(NotFound):
        one(SimpleNamespace(first=lambda: None))
