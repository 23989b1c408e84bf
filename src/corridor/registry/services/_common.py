"""Helpers shared by the registry's services: name indexing, job-order steps that other entities cascade to, watchlist facts."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.core import events, lifecycle
from corridor.core.errors import InvalidInput, NotFound
from corridor.registry import names
from corridor.registry.choices import (
    HitStatus,
    JobOrderStatus,
    LicenceStatus,
)
from corridor.registry.lifecycles import JOB_ORDER
from corridor.registry.models import (
    Agency,
    Employer,
    JobOrder,
    RecruiterBlock,
    ScreeningHit,
    SubAgent,
    WatchlistBlock,
    WatchlistEntry,
    active_watchlist_q,
)


def _own_agency(user, agency: Agency) -> None:
    if user is not None and user.role == Role.AGENCY_STAFF and user.organisation_id != agency.organisation_id:
        raise NotFound()


def _today() -> date:
    return timezone.localdate()


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(fields={field: [_("%(label)s is required.") % {"label": label}]})
    return value


def _index_recruiter(*, agency: Agency | None = None, subagent: SubAgent | None = None) -> None:
    owner = {"agency": agency} if agency is not None else {"subagent": subagent}
    RecruiterBlock.objects.filter(**owner).delete()
    name = agency.name if agency is not None else subagent.full_name
    RecruiterBlock.objects.bulk_create([RecruiterBlock(key=key, **owner) for key in names.filed_keys(name)])


def _index_watchlist(entry: WatchlistEntry) -> None:
    WatchlistBlock.objects.filter(entry=entry).delete()
    WatchlistBlock.objects.bulk_create([WatchlistBlock(key=key, entry=entry) for key in names.filed_keys(entry.name)])


def _agency_banned(agency: Agency) -> bool:
    return agency.licences.filter(status=LicenceStatus.BANNED).exists()


def _user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _actor_id(acting_user) -> int | None:
    user = _user(acting_user)
    return user.pk if user is not None else None


def _job_order_step(*, acting_user, job_order: JobOrder, action: str, to_status: str, reason: str,
                    cascade: bool = False) -> JobOrder:
    """One job order transition through the lifecycle kit (registry.lifecycles.JOB_ORDER). `cascade`: a step the
    system takes because of another decision (a licence sanctioned, an employer no longer verified)."""
    return lifecycle.transition(JOB_ORDER, job_order, action, acting_user=acting_user, to_status=to_status, reason=reason,
                                changes={"status_reason": reason, "decided_at": timezone.now()},
                                audit_detail={"reason": reason}, enforce_permission=not cascade)


def _job_orders_delist_for(*, acting_user, reason: str, agency: Agency | None = None, employer: Employer | None = None) -> int:
    """Take an agency's or employer's open orders off the board at once, each with the reason (system step)."""
    orders = JobOrder.objects.filter(status__in=[JobOrderStatus.APPROVED, JobOrderStatus.SUBMITTED])
    orders = orders.filter(agency=agency) if agency is not None else orders.filter(employer=employer)
    count = 0
    for order in orders:
        action, to_status = ("delist", JobOrderStatus.DELISTED) if order.status == JobOrderStatus.APPROVED else (
            "reject", JobOrderStatus.REJECTED)
        _job_order_step(acting_user=acting_user, job_order=order, action=action, to_status=to_status, reason=str(reason),
                        cascade=True)
        count += 1
    return count


def is_watchlisted(*, employer: Employer | None = None, agency: Agency | None = None) -> bool:
    """On an active watchlist entry: named directly, or by a confirmed screening match."""
    owner = {"employer": employer} if employer is not None else {"agency": agency}
    active = active_watchlist_q()
    if WatchlistEntry.objects.filter(active, **owner).exists():
        return True
    return ScreeningHit.objects.filter(status=HitStatus.CONFIRMED, **owner).filter(
        entry__in=WatchlistEntry.objects.filter(active)).exists()


def _publish_hit(hit: ScreeningHit) -> None:
    events.publish("screening.hit_recorded", pk=hit.pk, status=hit.status, entry_id=hit.entry_id,
                   employer_id=hit.employer_id, agency_id=hit.agency_id)
