"""Every read of the reintegration app, scoped to the acting user; published figures only above a threshold."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.cases import selectors as case_selectors
from corridor.contracts import selectors as contract_selectors
from corridor.core import signing
from corridor.core.crypto import node_public_keys
from corridor.core.errors import NotFound
from corridor.core.selectors import one
from corridor.reintegration import criteria as programme
from corridor.reintegration.choices import GOOD_OUTCOMES, ProposalStatus, ReturnStatus, TrancheStatus
from corridor.reintegration.models import (
    Association,
    Debrief,
    FollowUp,
    Proposal,
    Return,
    Service,
    SkillCertificate,
)
from corridor.reintegration.scope import return_scope
from corridor.wages import selectors as wage_selectors

# Published figures (any page or API showing debrief answers in aggregate) group at least this many answers; a
# smaller group is suppressed, so that no worker can be recognised from a figure.
MIN_GROUP = 10
PUBLIC_PROPOSALS = (ProposalStatus.APPROVED, ProposalStatus.COMPLETED)


# --- returns ------------------------------------------------------------------------------------------------------


def return_list(*, user, status: str = "") -> QuerySet[Return]:
    returns = return_scope(user).select_related("worker")
    if status:
        returns = returns.filter(status=status)
    return returns


def return_get(*, user, reference: str) -> Return:
    return one(return_scope(user).select_related("worker").filter(reference=reference))


def my_returns(*, user) -> QuerySet[Return]:
    if user.role != Role.WORKER:
        return Return.objects.none()
    return return_scope(user)


def return_history(*, user, record: Return) -> dict:
    """What the deployment left behind, through the other apps' selectors and the reader's own scope there: the
    contracts, the cases, the wages and the final settlement the destination reported."""
    worker = record.worker
    contracts = contract_selectors.contract_list(user=user)
    cases = case_selectors.case_queue(user=user, include_closed=True, everything=True)
    if user.role != Role.WORKER:
        contracts = contracts.filter(worker=worker) if worker else contracts.none()
        cases = cases.filter(complainant__worker=worker) if worker else cases.none()
    settlements = wage_selectors.peer_arrears_list(user=user)
    if user.role == Role.WORKER:
        settlements = settlements.filter(clearance__worker__user=user)
    settlements = settlements.filter(clearance_reference=record.clearance_reference) if record.clearance_reference \
        else settlements.none()
    return {"contracts": list(contracts[:20]), "cases": list(cases[:20]), "settlements": list(settlements[:20]),
            "months": list(wage_selectors.my_months(user=user)[:24]) if user.role == Role.WORKER else []}


def debrief_of(record: Return) -> Debrief | None:
    return Debrief.objects.filter(return_record=record).first()


# --- published figures from the debriefs -----------------------------------------------------------------------


def debrief_figures(*, group_by: str = "destination") -> list[dict]:
    """Recruitment cost and first-month earnings reported at debriefs, per destination (or per agency licence), with
    every group of fewer than MIN_GROUP answers suppressed (its figures None, and only "fewer than" said)."""
    key = {"destination": "return_record__destination", "agency": "agency_licence"}[group_by]
    rows = []
    answers = Debrief.objects.values(key).annotate(n=Count("pk")).order_by(key)
    for row in answers:
        group = row[key] or ""
        if row["n"] < MIN_GROUP:
            rows.append({"group": group, "answers": None, "suppressed": True, "median_cost": None, "paid_fee_share": None,
                         "documents_taken_share": None, "would_use_again_share": None, "cost_currency": ""})
            continue
        of_group = Debrief.objects.filter(**{key: row[key]})
        costs = sorted(of_group.values_list("recruitment_cost", "cost_currency"))
        currencies = Counter(c for _a, c in costs if c)
        currency = currencies.most_common(1)[0][0] if currencies else ""
        in_currency = sorted(a for a, c in costs if c == currency or a == 0)
        n = row["n"]
        rows.append({
            "group": group, "answers": n, "suppressed": False, "cost_currency": currency,
            "median_cost": in_currency[len(in_currency) // 2] if in_currency else None,
            "paid_fee_share": round(100 * sum(1 for a, _c in costs if a > 0) / n),
            "documents_taken_share": round(100 * of_group.filter(documents__in=["employer", "agency"]).count() / n),
            "would_use_again_share": round(100 * of_group.filter(would_use_again="yes").count() / n)})
    return rows


# --- services, plans and follow-ups ---------------------------------------------------------------------------------


def service_catalogue(*, kind: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(active=True).select_related("provider")
    return services.filter(kind=kind) if kind else services


def follow_ups_due(*, user, until: dt.date | None = None, overdue_only: bool = False) -> QuerySet[FollowUp]:
    """Follow-ups not yet done, due by `until` (default: today), of the returns the user may see."""
    today = timezone.localdate()
    follow_ups = (FollowUp.objects.filter(done_on__isnull=True,
                                          referral__plan__return_record__in=return_scope(user).values("pk"))
                  .select_related("referral__service", "referral__plan__return_record").order_by("due_on", "id"))
    if overdue_only:
        return follow_ups.filter(due_on__lt=today)
    return follow_ups.filter(due_on__lte=until or today)


def all_follow_ups_due(*, until: dt.date) -> QuerySet[FollowUp]:
    """For the operators' command (no user): every open follow-up due by `until`."""
    return (FollowUp.objects.filter(done_on__isnull=True, due_on__lte=until)
            .select_related("referral__service", "referral__plan__return_record").order_by("due_on", "id"))


def outcomes_by_service(*, user) -> list[dict]:
    """What worked: per service, referrals made, follow-ups done, and the outcomes recorded (counts only)."""
    if not has_perm(user, "reintegration.report"):
        raise NotFound()
    per_service = defaultdict(Counter)
    for service_id, outcome in FollowUp.objects.exclude(outcome="").values_list("referral__service_id", "outcome"):
        per_service[service_id][outcome] += 1
    rows = []
    for service in Service.objects.select_related("provider").annotate(referred=Count("referrals", distinct=True)):
        outcomes = per_service.get(service.pk, Counter())
        done = sum(outcomes.values())
        good = sum(n for o, n in outcomes.items() if o in GOOD_OUTCOMES)
        rows.append({"service": service, "referred": service.referred, "follow_ups_done": done,
                     "outcomes": dict(outcomes), "worked_share": round(100 * good / done) if done else None})
    return rows


def _same_outcome_in_month() -> QuerySet[FollowUp]:
    """Follow-ups done of the outer follow-up's return, in the same month, with the same outcome."""
    return FollowUp.objects.filter(
        referral__plan__return_record=OuterRef("referral__plan__return_record"), outcome=OuterRef("outcome"),
        done_on__year=OuterRef("done_on__year"), done_on__month=OuterRef("done_on__month"), done_on__isnull=False)


def follow_up_outcome_facts() -> QuerySet[FollowUp]:
    """For the statistics (no user: counts only, published above a threshold): returned workers by the month of a
    follow-up and its outcome (`record`, `month`, `outcome`). A worker referred to several services has a follow-up
    for each: one row per return, month and outcome (the follow-up with the lowest id), so that a cell counts
    people, not follow-ups."""
    # The first of each (return, month, outcome) by one grouping, not a correlated look-up per follow-up (on
    # PostgreSQL, before its tables were analysed, that was planned as a loop over every pair: minutes).
    firsts = (FollowUp.objects.filter(done_on__isnull=False)
              .values("referral__plan__return_record", "outcome", done_month=TruncMonth("done_on"))
              .annotate(first=Min("pk")).values("first"))
    return FollowUp.objects.filter(pk__in=firsts).annotate(record=F("pk"), month=TruncMonth("done_on"))


def follow_up_outcome_counted(pk: int) -> bool:
    """Whether the worker is already counted in this follow-up's month and outcome by another of their follow-ups
    (recorded before it): the statistics' subscriber then adds nothing, which keeps its count equal to the rebuild's
    (one per return, month and outcome)."""
    return FollowUp.objects.filter(pk=pk).filter(Exists(_same_outcome_in_month().exclude(pk=OuterRef("pk")))).exists()


def return_counts(*, user) -> dict:
    returns = return_scope(user)
    return {"by_status": dict(returns.values_list("status").annotate(n=Count("pk"))),
            "by_cause": dict(returns.values_list("cause").annotate(n=Count("pk")))}


def certificate_get(*, user, reference: str) -> SkillCertificate:
    found = (SkillCertificate.objects.filter(reference=reference,
                                             referral__plan__return_record__in=return_scope(user).values("pk"))
             .select_related("referral__service__provider", "referral__plan__return_record").first())
    if found is None:
        raise NotFound()
    return found


def certificate_verify(token: str) -> dict | None:
    """The claims of a skills certificate signed by this node, or None when the token is not one."""
    try:
        _header, payload = signing.jws_verify((token or "").strip(), node_public_keys(), typ="corridor-skills+jws")
    except (signing.SignatureError, ValueError):
        return None
    return payload


# --- the matching-fund programme -----------------------------------------------------------------------------


def association_list() -> QuerySet[Association]:
    return Association.objects.annotate(member_count=Count("members"))


def association_get(*, user, reference: str) -> Association:
    if not has_perm(user, "reintegration.matching"):
        raise NotFound()
    return one(Association.objects.filter(reference=reference))


def proposal_list(*, user, status: str = "") -> QuerySet[Proposal]:
    if not has_perm(user, "reintegration.view_matching"):
        return Proposal.objects.none()
    proposals = Proposal.objects.select_related("association")
    return proposals.filter(status=status) if status else proposals


def proposal_get(*, user, reference: str) -> Proposal:
    return one(proposal_list(user=user).filter(reference=reference))


def public_projects() -> QuerySet[Proposal]:
    return Proposal.objects.filter(status__in=PUBLIC_PROPOSALS).select_related("association")


def public_project_get(*, reference: str) -> Proposal:
    return one(public_projects().filter(reference=reference))


def project_money(proposal: Proposal) -> dict:
    """The money of a project, as its pledges and tranches (each a posting in the ledger) show it."""
    pledges = list(proposal.pledges.all())
    tranches = list(proposal.tranches.all())
    pledged = sum((p.amount for p in pledges), Decimal("0.00"))
    received = sum((p.amount for p in pledges if p.received_on), Decimal("0.00"))
    disbursed = sum((t.amount for t in tranches if t.status == TrancheStatus.DISBURSED), Decimal("0.00"))
    return {"pledges": pledges, "tranches": tranches, "pledged": pledged, "received": received, "disbursed": disbursed,
            "held": received - disbursed, "currency": proposal.currency,
            "progress": round(100 * disbursed / pledged) if pledged else 0}


def criteria() -> programme.Criteria:
    return programme.current()


def open_returns_count() -> int:
    return Return.objects.exclude(status=ReturnStatus.CLOSED).count()


