"""The demo data set: a published agency (past the threshold), an employer below it, a profile with matches."""

import pytest

from corridor.voice import selectors

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


def test_the_demo_has_reviews_above_and_below_the_threshold_and_a_profile_with_matches(demo_context):
    ctx = demo_context
    reviews = ctx.extra["voice_reviews"]
    assert len(reviews) == 6
    agency = selectors.summary("agency", reviews[0].agency_id)
    employer_id = selectors.reviewable(user=reviews[0].worker.user)[-1].party.pk
    employer = selectors.summary("employer", employer_id)
    assert agency.published and agency.reviewers == 6
    assert not employer.published and employer.reviewers == 3
    assert selectors.my_matches(user=ctx.users["worker"])
    assert any(c.alleges_crime for c in selectors.moderation_queue(user=ctx.users["officer"]))
