"""Reviews: only a worker with a deployment through the party may write one; the publication threshold; moderation
hides comments with a reason and never touches ratings; one answer; an alleged crime prompts a complaint."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from corridor.core import events, lifecycle
from corridor.core.errors import PermissionDenied
from corridor.core.models import Notification
from corridor.voice import errors, selectors, services
from corridor.voice.choices import PUBLICATION_THRESHOLD
from corridor.voice.lifecycles import REVIEW_COMMENT
from corridor.voice.models import Review, ReviewComment
from tests.factories.accounts import UserFactory, WorkerUserFactory, signed_in_client, verified
from tests.factories.voice import RATINGS, corridor, review

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return corridor()


@pytest.fixture
def moderator():
    return verified(UserFactory(role="origin_officer"))


def test_a_departed_worker_may_review_the_agency_sub_agent_and_employer_of_the_deployment(chain):
    user, clearance = chain.deploy()
    items = selectors.reviewable(user=user)
    assert {(i.kind, i.party_id, i.stage) for i in items} == {
        ("agency", chain.agency.pk, "departure"), ("subagent", chain.subagent.pk, "departure"),
        ("employer", chain.employer.pk, "departure")}
    written = review(user, clearance, kind="subagent", party_id=chain.subagent.pk)
    assert written.subagent == chain.subagent and written.no_fees == RATINGS["no_fees"]


def test_no_review_without_a_deployment_through_that_party(chain):
    other = corridor(name="Other Manpower Agency Corp.")
    user, clearance = chain.deploy()
    with pytest.raises(errors.NotReviewable):  # an agency the worker never went through
        review(user, clearance, party_id=other.agency.pk)
    stranger = WorkerUserFactory()
    with pytest.raises(errors.NotReviewable):  # a worker without a deployment names someone else's clearance
        review(stranger, clearance, party_id=chain.agency.pk)
    not_yet, granted = chain.deploy(depart=False)
    with pytest.raises(errors.NotReviewable):  # granted but not departed
        review(not_yet, granted, party_id=chain.agency.pk)
    with pytest.raises(errors.NotReviewable):  # the after-return review is not open before the return
        review(user, clearance, party_id=chain.agency.pk, stage="return")
    with pytest.raises(PermissionDenied):  # staff cannot write a review
        review(chain.agency_user, clearance, party_id=chain.agency.pk)
    assert not Review.objects.exists()


def test_once_per_party_and_stage_and_again_after_return(chain):
    user, clearance = chain.deploy()
    review(user, clearance, party_id=chain.agency.pk)
    with pytest.raises(errors.AlreadyReviewed):
        review(user, clearance, party_id=chain.agency.pk)
    with transaction.atomic():
        events.publish("worker.returned", reference="RET-1", clearance_reference=clearance.reference,
                       returned_on="2026-11-30", cause="end_of_contract")
    assert ("agency", "return") in {(i.kind, i.stage) for i in selectors.reviewable(user=user)}
    review(user, clearance, party_id=chain.agency.pk, stage="return", no_fees=1)
    assert Review.objects.filter(stage="return", no_fees=1).count() == 1
    assert Notification.objects.filter(worker=user.worker, kind="voice.review_open").count() == 1


def test_bad_ratings_are_refused_and_change_nothing(chain):
    user, clearance = chain.deploy()
    with pytest.raises(errors.BadRating) as caught:
        review(user, clearance, party_id=chain.agency.pk, helped=6, truthful=0)
    assert set(caught.value.fields) == {"helped", "truthful"}
    assert not Review.objects.exists()


def test_published_only_from_the_threshold_of_distinct_workers(chain):
    assert PUBLICATION_THRESHOLD == 5
    deployments = [chain.deploy() for _ in range(PUBLICATION_THRESHOLD)]
    first_user, first_clearance = deployments[0]
    for user, clearance in deployments[:-1]:
        review(user, clearance, party_id=chain.agency.pk, comment="Mabait sila")
    # the same worker twice (after return) does not count twice
    with transaction.atomic():
        events.publish("worker.returned", reference="RET-2", clearance_reference=first_clearance.reference,
                       returned_on="2026-11-30", cause="")
    review(first_user, first_clearance, party_id=chain.agency.pk, stage="return")
    found, shown = selectors.published_reviews("agency", chain.agency.pk)
    assert (found.reviewers, found.reviews, found.published, shown, found.averages) == (4, 5, False, [], {})
    page = signed_in_client(UserFactory(role="worker")).get(reverse("registry:verify"), {"q": chain.agency.name})
    assert "not enough yet" in page.content.decode() and "Mabait" not in page.content.decode()
    user, clearance = deployments[-1]
    review(user, clearance, party_id=chain.agency.pk, helped=5)
    found, shown = selectors.published_reviews("agency", chain.agency.pk)
    assert found.published and found.reviewers == 5 and len(shown) == 6
    assert found.averages["helped"] == round((2 * 5 + 5) / 6, 1)
    public = signed_in_client(UserFactory(role="worker")).get(reverse("voice:party-reviews", args=["agency", chain.agency.pk]))
    text = public.content.decode()
    assert "Mabait sila" in text and user.worker.full_name not in text and clearance.reference not in text
    board = signed_in_client(UserFactory(role="worker")).get(reverse("registry:job-board"))
    assert "from 6 reviews" in board.content.decode()


def test_the_board_and_the_verify_answer_show_the_employer_and_agency_ratings_with_their_count_past_the_threshold(chain):
    deployments = [chain.deploy() for _ in range(PUBLICATION_THRESHOLD)]
    for user, clearance in deployments:
        review(user, clearance, kind="employer", party_id=chain.employer.pk)
    for user, clearance in deployments[:-1]:
        review(user, clearance, party_id=chain.agency.pk)
    unpublished = {"published": False, "threshold": 5, "reviews": None, "overall": None}
    published = {"published": True, "threshold": 5, "reviews": 5, "overall": 3.8}  # RATINGS: (4 + 5 + 3 + 5 + 2) / 5
    client = Client()
    [job] = client.get("/api/v1/jobs").json()["results"]
    assert (job["employer_ratings"], job["agency_ratings"]) == (published, unpublished)
    employer_link = reverse("voice:party-reviews", args=["employer", chain.employer.pk])
    agency_link = reverse("voice:party-reviews", args=["agency", chain.agency.pk])
    for page in (reverse("registry:job-board"), reverse("registry:job-board-detail", args=[chain.job_order.reference])):
        text = client.get(page).content.decode()
        assert employer_link in text and "from 5 reviews" in text
        assert agency_link not in text and "not enough yet" in text and "from 4 reviews" not in text
    answer = client.get("/api/v1/recruiters", {"q": chain.agency.name}).json()
    assert [(r["kind"], r["ratings"]) for r in answer["results"]] == [("agency", unpublished)]
    user, clearance = deployments[-1]
    review(user, clearance, party_id=chain.agency.pk)
    answer = client.get("/api/v1/recruiters", {"q": chain.agency.name}).json()
    assert answer["results"][0]["ratings"] == published
    text = client.get(reverse("registry:verify"), {"q": chain.agency.name}).content.decode()
    assert agency_link in text and "from 5 reviews" in text and "not enough yet" not in text
    sub = client.get("/api/v1/recruiters", {"q": chain.subagent.registration_number}).json()["results"]
    assert [(r["kind"], r["ratings"]) for r in sub] == [("subagent", unpublished)]


def test_moderation_hides_a_comment_with_a_reason_and_never_a_rating(chain, moderator):
    user, clearance = chain.deploy()
    written = review(user, clearance, party_id=chain.agency.pk, comment="Ms Ana Cruz of the office was rude")
    comment = written.comment
    with pytest.raises(errors.ReasonNeeded):
        services.comment_hide(acting_user=moderator, comment=comment, reason_code="")
    with pytest.raises(PermissionDenied):
        services.comment_hide(acting_user=chain.agency_user, comment=comment, reason_code="identifies")
    hidden = services.comment_hide(acting_user=moderator, comment=comment, reason_code="identifies", note="a name")
    hidden.refresh_from_db()
    assert hidden.status == "hidden" and hidden.text == "Ms Ana Cruz of the office was rude"
    assert hidden.events.last().reason.startswith("It identifies a person") and hidden.events.last().actor == moderator
    with pytest.raises(errors.CommentTransitionNotAllowed):
        services.comment_hide(acting_user=moderator, comment=hidden, reason_code="abusive")
    stored = Review.objects.get(pk=written.pk)
    assert {k: getattr(stored, k) for k in RATINGS} == RATINGS


def test_no_path_can_hide_or_edit_a_rating():
    # the only lifecycle in the app that touches reviews is the comment's, and it changes only the status
    assert REVIEW_COMMENT.model == "voice.ReviewComment"
    assert {lc.model for lc in lifecycle.registered() if lc.model.startswith("voice.")} == {
        "voice.ReviewComment", "voice.Application"}
    assert not any(hasattr(services, name) for name in ("review_edit", "review_hide", "rating_hide", "comment_edit"))
    assert not any(f.name in ("status", "hidden", "is_hidden") for f in Review._meta.get_fields())


def test_the_database_refuses_to_change_or_delete_a_review(chain):
    user, clearance = chain.deploy()
    written = review(user, clearance, party_id=chain.agency.pk)
    lifecycle.protect_table("voice_review", connection)  # as migration voice 0001 does (rolled back with the test)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Review.objects.filter(pk=written.pk).update(helped=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Review.objects.filter(pk=written.pk).delete()
    assert Review.objects.get(pk=written.pk).helped == RATINGS["helped"]


def test_the_agency_answers_once_and_only_a_published_review(chain):
    deployments = [chain.deploy() for _ in range(PUBLICATION_THRESHOLD)]
    first = review(*deployments[0], party_id=chain.agency.pk, comment="They kept my passport")
    with pytest.raises(errors.AnswerNotAllowed):  # not published yet
        services.review_answer(acting_user=chain.agency_user, review_id=first.pk, text="We did not.")
    for user, clearance in deployments[1:]:
        review(user, clearance, party_id=chain.agency.pk)
    other = corridor(name="Other Manpower Agency Corp.")
    with pytest.raises(errors.AnswerNotAllowed):  # another agency
        services.review_answer(acting_user=other.agency_user, review_id=first.pk, text="Not ours.")
    with pytest.raises(errors.EmptyAnswer):
        services.review_answer(acting_user=chain.agency_user, review_id=first.pk, text="  ")
    services.review_answer(acting_user=chain.agency_user, review_id=first.pk, text="We returned it the same day.")
    with pytest.raises(errors.AlreadyAnswered):
        services.review_answer(acting_user=chain.agency_user, review_id=first.pk, text="Again.")
    _found, shown = selectors.published_reviews("agency", chain.agency.pk)
    assert [r.answer for r in shown if r.answer] == ["We returned it the same day."]


def test_a_comment_alleging_a_crime_prompts_a_prefilled_complaint(chain):
    user, clearance = chain.deploy()
    client = signed_in_client(user)
    url = reverse("voice:review-new", args=[clearance.reference, "departure", "employer", chain.employer.pk])
    data = {**{k: str(v) for k, v in RATINGS.items()}, "language": "en",
            "comment": "The employer took my passport and I was not allowed to leave the house. They did not pay me for months."}
    page = client.post(url, data)
    text = page.content.decode()
    assert page.status_code == 200 and "File a complaint" in text
    stored = ReviewComment.objects.get(review__employer=chain.employer)
    assert stored.alleges_crime and stored.indicators
    link = reverse("cases:complaint-new") + "?employer_name="
    assert link in text.replace("&amp;", "&")
    form = client.get(reverse("cases:complaint-new"), {"employer_name": chain.employer.name, "country_where": "SA"})
    assert f'value="{chain.employer.name}"' in form.content.decode()
    calm = corridor(name="Calm Agency Inc.")
    user2, clearance2 = calm.deploy()
    page = signed_in_client(user2).post(
        reverse("voice:review-new", args=[clearance2.reference, "departure", "agency", calm.agency.pk]),
        {**{k: str(v) for k, v in RATINGS.items()}, "comment": "Good service, clear information."})
    assert page.status_code == 200 and "File a complaint" not in page.content.decode()


def test_a_moderator_hides_a_comment_from_the_page_and_the_public_page_says_why(chain, moderator):
    deployments = [chain.deploy() for _ in range(PUBLICATION_THRESHOLD)]
    written = [review(user, clearance, party_id=chain.agency.pk, comment=f"Comment {n}")
               for n, (user, clearance) in enumerate(deployments)]
    client = signed_in_client(moderator)
    assert "Comment 0" in client.get(reverse("voice:moderation")).content.decode()
    refused = client.post(reverse("voice:comment-hide", args=[written[0].comment.pk]), {"reason_code": "other"})
    assert refused.status_code == 422
    done = client.post(reverse("voice:comment-hide", args=[written[0].comment.pk]), {"reason_code": "identifies"})
    assert done.status_code == 302
    public = Client().get(reverse("voice:party-reviews", args=["agency", chain.agency.pk])).content.decode()
    assert "Comment hidden by a moderator: it identified a person." in public and "Comment 0" not in public
    assert "Comment 1" in public
