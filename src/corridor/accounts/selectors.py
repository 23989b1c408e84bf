"""Every read about people and organisations, scoped to what the acting user may see."""

from django.db.models import Q, QuerySet

from corridor.accounts.choices import Role
from corridor.accounts.models import Organisation, User, Worker
from corridor.accounts.permissions import has_perm
from corridor.accounts.services import name_key
from corridor.core import audit, crypto
from corridor.core.errors import NotFound


def worker_scope(user) -> QuerySet[Worker]:
    """The workers this user may see at all; empty for anyone without the permission."""
    workers = Worker.objects.all()
    if not has_perm(user, "worker.view"):
        return workers.none()
    role = user.role
    if role in {Role.ORIGIN_OFFICER, Role.FUND_OFFICER, Role.AUDITOR}:
        return workers
    if role == Role.WORKER:
        return workers.filter(user=user)
    if user.organisation_id is None:
        return workers.none()
    if role == Role.CONSULAR_ATTACHE:
        # Nationals of the consulate's country who are in the country of its post.
        org = user.organisation
        return workers.filter(nationality_id=org.country_id, current_country_id=org.post_country_id)
    if role in {Role.AGENCY_STAFF, Role.CASEWORKER}:
        return workers.filter(recorded_by_id=user.organisation_id)
    return workers.none()


def party_scope(records: QuerySet, user, *, permission: str, everyone: set[str]) -> QuerySet:
    """Records that name a worker and an agency (contracts, clearances) this user may see: all of them for the
    roles in `everyone`, a worker their own (`worker__user`), agency staff their agency's (`agency_id`); none
    for anyone else or without `permission`."""
    if not has_perm(user, permission):
        return records.none()
    if user.role in everyone:
        return records
    if user.role == Role.WORKER:
        return records.filter(worker__user=user)
    if user.role == Role.AGENCY_STAFF and user.organisation_id:
        return records.filter(agency_id=user.organisation_id)
    return records.none()


def worker_list(*, user, query: str = "", passport: str = "", nationality: str = "") -> QuerySet[Worker]:
    workers = worker_scope(user).select_related("nationality", "recorded_by")
    if query.strip():
        key = name_key(query)
        workers = workers.filter(Q(name_key__contains=key) | Q(full_name__icontains=query.strip()))
    if passport.strip():
        workers = workers.filter(passport_index=crypto.blind_index(passport, purpose="passport"))
    if nationality:
        workers = workers.filter(nationality_id=nationality.upper())
    return workers


def worker_get(*, user, worker_id: int) -> Worker:
    """One worker with identity details; the read is written to the audit trail."""
    worker = worker_scope(user).select_related("nationality", "current_country", "recorded_by").prefetch_related("languages").filter(pk=worker_id).first()
    if worker is None:
        raise NotFound()
    if has_perm(user, "worker.view_identity"):
        audit.record(actor=user, action="worker.view", target=worker, is_read=True)
    return worker


def organisation_list(*, user) -> QuerySet[Organisation]:
    if not has_perm(user, "organisation.manage"):
        return Organisation.objects.none()
    return Organisation.objects.select_related("country", "post_country")


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip()).select_related("organisation").first()


def user_by_id(user_id: int) -> User | None:
    """The user a domain event names as its actor (subscribers act in that user's name in the audit trail)."""
    return User.objects.filter(pk=user_id).select_related("organisation").first()


def event_actor(user_id: int | None) -> User | None:
    """The user a domain event names as its actor, for a subscriber that acts in that user's name.

    The publishing service checked the user's permission in a request where the user had passed the second factor;
    the subscriber runs later, outside that request, so the second factor counts as passed. Role, organisation and
    `is_active` are read afresh, so a user deactivated or moved in the meantime is refused."""
    user = user_by_id(user_id) if user_id else None
    if user is not None:
        user.is_verified = lambda: True
    return user


def active_users_with_role(role: str) -> QuerySet[User]:
    """This node's active users of one role: whom a notice for that office goes to (for example origin officers)."""
    return User.objects.filter(role=role, is_active=True)


def worker_by_passport(*, passport: str, nationality: str) -> Worker | None:
    """The one worker whose passport (in hand, at a desk: an orientation provider enrolling them) matches exactly;
    no search, no list. Callers check their own permission; the read is audited by the caller's service."""
    if not (passport or "").strip() or not nationality:
        return None
    return Worker.objects.filter(passport_index=crypto.blind_index(passport, purpose="passport"),
                                 nationality_id=nationality.upper()).first()
