"""Helpers shared by the services of cases: the lifecycle step, notifications to who is on duty."""

import secrets
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from corridor.accounts.models import User
from corridor.cases import receipts, sla
from corridor.cases.choices import (
    CaseStatus,
    NotificationKind,
)
from corridor.cases.lifecycles import CASE
from corridor.cases.models import (
    Case,
    CaseEvent,
)
from corridor.cases.scope import OFFICER_ROLES, can_decide
from corridor.core import lifecycle, notifications
from corridor.core.errors import NotFound
from corridor.core.lifecycle import require
from corridor.core.models import Country

S = CaseStatus


# Which actions each state allows: the declared lifecycle (cases.lifecycles.CASE). One service per action below.
ALLOWED: dict[str, frozenset[str]] = CASE.table()


OPEN_STATUSES = frozenset(ALLOWED) - {S.RESOLVED, S.CLOSED}


MAX_NARRATIVE = 10_000


def _require(user, permission: str) -> None:
    require(user, permission, system=False)  # every write here has a person behind it


def _actor_label(user) -> str:
    if user is None:
        return "system"
    if not getattr(user, "is_authenticated", False):
        return "complainant"
    return user.get_username()


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def _actor_id(user) -> int | None:
    user = _user_or_none(user)
    return user.pk if user is not None else None


def _event(case: Case, actor, action: str, from_status: str = "", to_status: str = "", reason: str = "",
           effective_date: date | None = None) -> CaseEvent:
    """A notable act on the case, in its event log (the lifecycle kit's event row, with the case's extras)."""
    return lifecycle.event(CASE, case, action, acting_user=actor, from_status=from_status, to_status=to_status,
                           reason=reason, **_event_extras(actor, effective_date))


def _event_extras(actor, effective_date: date | None = None) -> dict:
    return {"actor_label": _actor_label(actor), "effective_date": effective_date or timezone.now().date()}


def _new_reference() -> str:
    while True:
        reference = "C-" + "".join(secrets.choice(receipts.ALPHABET) for _i in range(8))
        if not Case.objects.filter(reference=reference).exists():
            return reference


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _set_status(case: Case, status: str) -> None:
    case.status = status
    case.stage_due_at = sla.due_at(status, urgent=case.is_urgent, since=timezone.now())
    case.escalated_at = None


def _transition(*, acting_user, case: Case, action: str, to_status: str, reason: str = "", detail: dict | None = None,
                effective_date: date | None = None, decide: bool = True, update=None) -> Case:
    """Every transition, through the lifecycle kit: scope (cases.scope.can_decide), the table, event, audit,
    and the new time limit."""
    def change(locked: Case) -> list[str]:
        before = {f.attname: getattr(locked, f.attname) for f in locked._meta.concrete_fields}
        if update:
            update(locked)
        _set_status(locked, to_status)
        return [name for name, value in before.items() if getattr(locked, name) != value] + ["stage_due_at", "escalated_at"]

    if decide and acting_user is not None and not can_decide(acting_user, case):
        raise NotFound()
    return lifecycle.transition(
        CASE, case, action, acting_user=acting_user, to_status=to_status, reason=reason, changes=change,
        event_fields=_event_extras(acting_user, effective_date), enforce_permission=decide,
        audit_detail={"reference": case.reference, **(detail or {})})  # the kit publishes case.transitioned; referral subscribes


def _countries_exist(*codes: str) -> bool:
    return Country.objects.filter(code__in=set(codes)).count() == len(set(codes))


def _on_duty(organisation_id: int | None, *, supervisor: bool) -> list[User]:
    if organisation_id is None:
        return []
    now = timezone.now()
    users = list(User.objects.filter(is_active=True, duty_shifts__organisation_id=organisation_id,
                                     duty_shifts__starts_at__lte=now, duty_shifts__ends_at__gt=now,
                                     duty_shifts__is_supervisor=supervisor).distinct())
    if users:
        return users
    # Nobody on the roster: every officer of the team hears it rather than nobody.
    return list(User.objects.filter(is_active=True, organisation_id=organisation_id, role__in=OFFICER_ROLES))


CASE_MESSAGES = {  # the English message ids, rendered in each reader's language when read
    NotificationKind.URGENT: gettext_noop("Urgent case %(ref)s"),
    NotificationKind.ESCALATION: gettext_noop("Case %(ref)s missed its time limit"),
    NotificationKind.REFERRAL: gettext_noop("Case %(ref)s referred to you"),
    NotificationKind.ASSIGNED: gettext_noop("Case %(ref)s assigned to you"),
}


def _notify(case: Case, users, kind: str) -> list:
    """Alert officers about a case (mailed where they have an address; no identity in the mail)."""
    return notifications.notification_send(
        kind=f"case.{kind}", message=CASE_MESSAGES[kind], params={"ref": case.reference},
        link=reverse("cases:detail", args=[case.reference]), about=f"case:{case.reference}", users=users, email=True)
