"""Every read of the voice app, scoped to the acting user: what a worker may review, published ratings (only past
the threshold, never the reviewer), moderation and answers, profiles (only for agencies in good standing, only
while the worker consents) and matches (only job orders on the board whose terms pass the contract check)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.clearance import selectors as clearance_selectors
from corridor.contracts import selectors as contract_selectors
from corridor.core.errors import NotFound
from corridor.core.selectors import one
from corridor.registry import selectors as registry_selectors
from corridor.voice import errors, matching
from corridor.voice.choices import (
    PUBLICATION_THRESHOLD,
    QUESTION_KEYS,
    QUESTIONS,
    ApplicationStatus,
    CommentStatus,
    PartyKind,
    Stage,
)
from corridor.voice.models import Application, ReturnOpening, Review, ReviewComment, WorkerProfile

# --- what a worker may review ---------------------------------------------------------------------------------


@dataclass
class Reviewable:
    clearance: object
    stage: str
    kind: str
    party: object
    reviewed: bool = False

    @property
    def party_id(self) -> int:
        return self.party.pk

    @property
    def name(self) -> str:
        return getattr(self.party, "name", None) or getattr(self.party, "full_name", "")


def worker_of(user):
    """The signed-in worker's person record, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or user.role != Role.WORKER:
        return None
    return getattr(user, "worker", None)


def _subagents(clearance, agency) -> list:
    """The registered sub-agents that the registered contract names in its recruitment chain (role sub_agent), of
    the agency of the clearance: by sub-agent number, else by exact name."""
    version = clearance.contract.versions.filter(status="registered").order_by("-number").first()
    if version is None or agency is None:
        return []
    try:
        doc = json.loads(version.document)
    except (TypeError, ValueError):
        return []
    found = []
    for recruiter in doc.get("recruiters") or []:
        if not isinstance(recruiter, dict) or recruiter.get("role") != "sub_agent":
            continue
        subagent = None
        number = (recruiter.get("licence_number") or "").strip()
        if number:
            subagent = next((r.subagent for r in registry_selectors.verify_recruiters(query=number)
                             if r.kind == "subagent" and r.score >= 100), None)
        if subagent is None and recruiter.get("name"):
            subagent = registry_selectors.party_by_exact_name("subagent", recruiter["name"])
        if subagent is not None and subagent.agency_id == agency.pk and subagent not in found:
            found.append(subagent)
    return found


def reviewable(*, user) -> list[Reviewable]:
    """Every party the worker may review: for each of their clearances that departed, its agency, sub-agents and
    employer, after departure, and again after return once the return is recorded."""
    worker = worker_of(user)
    if worker is None or not has_perm(user, "review.write"):
        return []
    clearances = (clearance_selectors.clearance_list(user=user).filter(departed_at__isnull=False)
                  .select_related("employer", "contract"))
    returned = set(ReturnOpening.objects.filter(clearance__in=clearances).values_list("clearance_id", flat=True))
    done = set(Review.objects.filter(worker=worker).values_list("clearance_id", "stage", "party_kind", "agency_id",
                                                                  "subagent_id", "employer_id"))
    items = []
    for clearance in clearances:
        agency = registry_selectors.agency_for_organisation(clearance.agency)
        parties = ([(PartyKind.AGENCY, agency)] if agency else []) + [(PartyKind.SUBAGENT, s) for s in
                                                                      _subagents(clearance, agency)]
        if clearance.employer_id:
            parties.append((PartyKind.EMPLOYER, clearance.employer))
        stages = [Stage.DEPARTURE] + ([Stage.RETURN] if clearance.pk in returned else [])
        for stage in stages:
            for kind, party in parties:
                key = (clearance.pk, str(stage), str(kind), party.pk if kind == PartyKind.AGENCY else None,
                       party.pk if kind == PartyKind.SUBAGENT else None, party.pk if kind == PartyKind.EMPLOYER else None)
                items.append(Reviewable(clearance, str(stage), str(kind), party, key in done))
    return items


def reviewable_get(*, user, reference: str, stage: str, kind: str, party_id: int) -> Reviewable:
    for item in reviewable(user=user):
        if (item.clearance.reference, item.stage, item.kind, item.party_id) == (reference, stage, kind, party_id):
            return item
    raise errors.NotReviewable()


# --- published ratings -----------------------------------------------------------------------------------------


@dataclass
class Summary:
    reviewers: int = 0
    reviews: int = 0
    averages: dict = field(default_factory=dict)  # question key -> average, one decimal

    @property
    def published(self) -> bool:
        return self.reviewers >= PUBLICATION_THRESHOLD

    @property
    def lines(self) -> list[tuple[str, float]]:
        return [(label, self.averages.get(key)) for key, label in QUESTIONS]

    @property
    def overall(self) -> float | None:
        values = [v for v in self.averages.values() if v is not None]
        return round(sum(values) / len(values), 1) if values else None


PARTY_FIELD = {PartyKind.AGENCY: "agency_id", PartyKind.SUBAGENT: "subagent_id", PartyKind.EMPLOYER: "employer_id"}


def summaries(kind: str, party_ids) -> dict[int, Summary]:
    """Every party's summary in one query: how many workers reviewed it, how many reviews, and (only once the
    threshold is reached) the average of each question."""
    column = PARTY_FIELD[PartyKind(kind)]
    ids = [i for i in set(party_ids) if i]
    if not ids:
        return {}
    rows = (Review.objects.filter(party_kind=kind, **{f"{column}__in": ids}).values(column)
            .annotate(reviewers=Count("worker", distinct=True), reviews=Count("id"),
                      **{f"avg_{key}": Avg(key) for key in QUESTION_KEYS}))
    found = {}
    for row in rows:
        summary = Summary(reviewers=row["reviewers"], reviews=row["reviews"])
        if summary.published:
            summary.averages = {key: round(float(row[f"avg_{key}"]), 1) for key in QUESTION_KEYS}
        found[row[column]] = summary
    return found


def public_ratings(kind: str, party_ids) -> dict[int, dict]:
    """What a public answer (verify a recruiter, the job board: registry's API) shows of each party's ratings: the
    number of reviews and the overall average, both only once published."""
    found = summaries(kind, party_ids)
    shown = {}
    for party_id in {i for i in party_ids if i}:
        s = found.get(party_id, Summary())
        shown[party_id] = {"published": s.published, "threshold": PUBLICATION_THRESHOLD,
                           "reviews": s.reviews if s.published else None, "overall": s.overall if s.published else None}
    return shown


def summary(kind: str, party_id: int) -> Summary:
    return summaries(kind, [party_id]).get(party_id, Summary())


@dataclass
class PublicReview:
    month: str
    stage: str
    ratings: list
    comment: str
    hidden_reason: str
    answer: str


def published_reviews(kind: str, party_id: int) -> tuple[Summary, list[PublicReview]]:
    """The party's reviews as the public sees them: nothing below the threshold; above it, each review's ratings,
    its comment (unless hidden), and the agency's answer; never the worker, and the date only to the month."""
    found = summary(kind, party_id)
    if not found.published:
        return found, []
    reviews = (Review.objects.filter(party_kind=kind, **{PARTY_FIELD[PartyKind(kind)]: party_id})
               .select_related("comment", "answer").order_by("-created_at", "-id"))
    shown = []
    for review in reviews:
        comment = review.comment if hasattr(review, "comment") else None
        answer = review.answer.text if hasattr(review, "answer") else ""
        text, hidden = "", ""
        if comment is not None:
            if comment.status == CommentStatus.HIDDEN:
                event = comment.events.filter(action="hide").last()
                hidden = event.detail.get("reason_code", "") if event else ""
            else:
                text = comment.text
        shown.append(PublicReview(review.created_at.strftime("%Y-%m"), review.stage,
                                  [(label, getattr(review, key)) for key, label in QUESTIONS], text, hidden, answer))
    return found, shown


def party_get(kind: str, party_id: int):
    """The agency, sub-agent or employer a public reviews page is about (registry's own public reads)."""
    kind = PartyKind(kind)
    party = {PartyKind.AGENCY: registry_selectors.agency_by_id, PartyKind.EMPLOYER: registry_selectors.employer_by_id,
             PartyKind.SUBAGENT: registry_selectors.subagent_by_id}[kind](party_id)
    if party is None:
        raise NotFound()
    return party


# --- moderation and answers ------------------------------------------------------------------------------------


def moderation_queue(*, user) -> QuerySet[ReviewComment]:
    """Comments shown now, those whose text alleges a crime first, for staff who moderate."""
    if not has_perm(user, "review.moderate"):
        return ReviewComment.objects.none()
    return (ReviewComment.objects.filter(status=CommentStatus.VISIBLE)
            .select_related("review", "review__agency", "review__subagent", "review__employer")
            .order_by("-created_at", "-id"))


def comment_get(*, user, comment_id: int) -> ReviewComment:
    return one(moderation_queue(user=user).filter(pk=comment_id))


def _own_agency(user):
    if user is None or not has_perm(user, "review.answer") or not user.organisation_id:
        return None
    return registry_selectors.agency_for_organisation(user.organisation)


def agency_reviews(*, user) -> list[Review]:
    """The published reviews of the user's agency and of its sub-agents (unpublished ones are not shown to the
    agency either: it could guess who wrote them)."""
    agency = _own_agency(user)
    if agency is None:
        return []
    reviews = list(Review.objects.filter(Q(agency=agency) | Q(subagent__agency=agency))
                   .select_related("comment", "answer", "subagent").order_by("-created_at", "-id"))
    published_agency = summary(PartyKind.AGENCY, agency.pk).published
    sub_summaries = summaries(PartyKind.SUBAGENT, [r.subagent_id for r in reviews if r.subagent_id])
    return [r for r in reviews if (published_agency if r.agency_id else sub_summaries.get(r.subagent_id, Summary()).published)]


def answerable_review_get(*, user, review_id: int) -> Review:
    for review in agency_reviews(user=user):
        if review.pk == review_id:
            return review
    raise errors.AnswerNotAllowed()


# --- profiles ---------------------------------------------------------------------------------------------------


def my_profile(*, user) -> WorkerProfile | None:
    worker = worker_of(user)
    if worker is None or not has_perm(user, "profile.keep"):
        return None
    return (WorkerProfile.objects.filter(worker=worker)
            .prefetch_related("occupations", "languages", "destinations").first())


def searching_agency(user):
    """The agency of a user who may see profiles now: agency staff of an agency in good standing, else None."""
    if user is None or not has_perm(user, "profile.search") or not user.organisation_id:
        return None
    agency = registry_selectors.agency_for_organisation(user.organisation)
    return agency if agency is not None and registry_selectors.agency_in_good_standing(agency) else None


def visible_profiles(*, user) -> QuerySet[WorkerProfile]:
    """Profiles an agency may see: only while the worker consents, only for an agency in good standing."""
    if searching_agency(user) is None:
        return WorkerProfile.objects.none()
    return (WorkerProfile.objects.filter(consent=True).select_related("worker")
            .prefetch_related("occupations", "languages", "destinations"))


def profile_features(profile: WorkerProfile) -> matching.ProfileFeatures:
    return matching.ProfileFeatures(
        key=profile.pk, occupations=frozenset(o.code for o in profile.occupations.all()),
        destinations=frozenset(c.pk for c in profile.destinations.all()),
        languages=frozenset(lang.code for lang in profile.languages.all()), earliest_start=profile.earliest_start,
        skills=matching.words(profile.skills))


# --- job orders that may be matched -----------------------------------------------------------------------------

_CHECKED: dict[tuple[str, dt.date], bool] = {}


def _passes(order) -> bool:
    key = (order.terms_hash, timezone.localdate())
    if key not in _CHECKED:
        if len(_CHECKED) > 10_000:
            _CHECKED.clear()
        _CHECKED[key] = contract_selectors.terms_pass_check(order.offered_terms)
    return _CHECKED[key]


def matchable_orders(among: Q | None = None) -> list:
    """Job orders that may ever be matched or applied to: on the public board (approved, open, an agency licensed
    today and a verified employer, neither on a watchlist) and with offered terms that pass the contract check;
    `among` narrows the board in the database (a worker's hard requirements)."""
    return [order for order in registry_selectors.job_board().filter(among or Q()) if _passes(order)]


def _within_reach(features: matching.ProfileFeatures) -> Q:
    """The job orders that can match the profile at all (`matching.explain`'s hard requirements: an occupation of
    the same minor group, a wanted country), so that a page reads those rows only, not the whole national board."""
    among = Q(pk__in=[])
    for minor in {matching.minor_group(code) for code in features.occupations}:
        among |= Q(occupation__code__startswith=minor)
    return among & Q(country_id__in=features.destinations) if features.destinations else among


def matchable_order_get(*, reference: str):
    order = registry_selectors.job_board().filter(reference=reference).first()
    if order is None or not _passes(order):
        raise errors.JobNotOpen()
    return order


def job_start(order) -> dt.date | None:
    value = ((order.offered_terms or {}).get("term") or {}).get("start_date")
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def job_features(order) -> matching.JobFeatures:
    return matching.JobFeatures(key=order.pk, occupation=order.occupation_id, country=order.country_id,
                                languages=frozenset(lang.code for lang in order.languages.all()),
                                starts_on=job_start(order), title_words=matching.words(order.title))


def my_matches(*, user, limit: int = 20) -> list[tuple[object, matching.Match]]:
    profile = my_profile(user=user)
    if profile is None:
        return []
    features = profile_features(profile)
    orders = matchable_orders(_within_reach(features))
    jobs = [job_features(o) for o in orders]
    # the index the benchmark measures (benchmarks/voice_matching.py); the explanation of those shown from `explain`
    return [(orders[row], matching.explain(features, jobs[row])) for row, _score in
            matching.MatchIndex(jobs).top(features, limit)]


def match_for(*, user, order) -> matching.Match | None:
    profile = my_profile(user=user)
    return matching.explain(profile_features(profile), job_features(order)) if profile else None


def candidate_orders(*, user) -> list:
    """The agency's own job orders that may be matched (what its candidates page offers)."""
    agency = searching_agency(user)
    return [o for o in matchable_orders() if agency is not None and o.agency_id == agency.pk]


def candidates(*, user, job_order_id: int, limit: int = 50) -> tuple[object, list[tuple[WorkerProfile, matching.Match]]]:
    order = next((o for o in candidate_orders(user=user) if o.pk == job_order_id), None)
    if order is None:
        raise NotFound()
    profiles = list(visible_profiles(user=user))
    job = job_features(order)
    index = matching.ProfileIndex(profile_features(p) for p in profiles)
    return order, [(profiles[row], matching.explain(profile_features(profiles[row]), job))
                   for row, _score in index.top(job, limit)]


# --- applications -------------------------------------------------------------------------------------------------


def application_scope(user) -> QuerySet[Application]:
    applications = Application.objects.select_related("job_order", "job_order__employer", "job_order__country", "agency")
    if not has_perm(user, "application.view"):
        return applications.none()
    if user.role == Role.WORKER:
        worker = worker_of(user)
        return applications.filter(worker=worker) if worker else applications.none()
    if user.role == Role.AGENCY_STAFF and user.organisation_id:
        return applications.filter(agency__organisation_id=user.organisation_id).select_related("worker")
    return applications.none()


def application_list(*, user, status: str = "") -> QuerySet[Application]:
    applications = application_scope(user)
    if status:
        applications = applications.filter(status=status)
    return applications


def application_get(*, user, application_id: int) -> Application:
    return one(application_scope(user).filter(pk=application_id))


def open_application(*, worker, order) -> Application | None:
    return Application.objects.filter(worker=worker, job_order=order, status=ApplicationStatus.SUBMITTED).first()
