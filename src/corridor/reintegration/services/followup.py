"""Services that follow up a return: the catalogue (services and the organisations that give them), the plan a
caseworker builds with the worker, referrals, follow-ups three, six and twelve months after each referral (overdue
ones notified), and the skills certificate signed by the node."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from corridor.accounts.choices import Role
from corridor.core import audit, events, lifecycle, notifications, signing
from corridor.core.errors import InvalidInput, NotFound
from corridor.core.lifecycle import require
from corridor.core.models import Occupation
from corridor.reintegration import errors
from corridor.reintegration.choices import FOLLOW_UP_MONTHS, FollowUpOutcome, ReturnStatus, ServiceKind
from corridor.reintegration.lifecycles import RETURN
from corridor.reintegration.models import (
    FollowUp,
    Plan,
    Referral,
    Return,
    Service,
    ServiceProvider,
    SkillCertificate,
)
from corridor.reintegration.scope import can_act_on_return
from corridor.reintegration.services._common import new_reference, user_or_none

CERTIFICATE_TYP = "corridor-skills+jws"
OVERDUE_MESSAGE = gettext_noop("Follow-up %(months)s months after the referral to %(service)s is overdue (due %(due)s).")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day: 31 Jan + 3 months is 30 Apr)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the catalogue ----------------------------------------------------------------------------------------------


def provider_register(*, acting_user, name: str, region: str = "", contact: str = "", organisation=None) -> ServiceProvider:
    require(acting_user, "reintegration.catalogue")
    name = (name or "").strip()
    if not name:
        raise InvalidInput(fields={"name": ["missing"]})
    with transaction.atomic():
        provider, created = ServiceProvider.objects.get_or_create(
            name=name[:200], defaults={"region": region[:100], "contact": contact[:200], "organisation": organisation})
        if created:
            audit.record(actor=acting_user, action="reintegration.provider_register", target=provider, detail={"name": name})
    return provider


def service_add(*, acting_user, provider: ServiceProvider, kind: str, name: str, description: str = "") -> Service:
    require(acting_user, "reintegration.catalogue")
    if kind not in ServiceKind.values:
        raise InvalidInput(fields={"kind": ["unknown kind of service"]})
    if not (name or "").strip():
        raise InvalidInput(fields={"name": ["missing"]})
    with transaction.atomic():
        service, created = Service.objects.get_or_create(
            provider=provider, name=name.strip()[:200], defaults={"kind": kind, "description": description.strip()})
        if created:
            audit.record(actor=acting_user, action="reintegration.service_add", target=service, detail={"kind": kind})
    return service


# --- plans, referrals, follow-ups ---------------------------------------------------------------------------------


def _check_return(acting_user, record: Return) -> None:
    user = user_or_none(acting_user)
    if user is not None and not can_act_on_return(user, record):
        raise NotFound()


def plan_create(*, acting_user, record: Return, goals: str) -> Plan:
    """The caseworker and the worker agree on goals; the return is then under way (status `supported`)."""
    require(acting_user, "reintegration.plan")
    _check_return(acting_user, record)
    goals = (goals or "").strip()
    if not goals:
        raise InvalidInput(fields={"goals": ["Say what the worker wants to achieve."]})
    user = user_or_none(acting_user)
    with transaction.atomic():
        if Plan.objects.filter(return_record=record).exists():
            raise errors.PlanExists()
        plan = Plan.objects.create(return_record=record, goals=goals[:4000], created_by=user,
                                   organisation=user.organisation if user and user.organisation_id else None)
        lifecycle.transition(RETURN, record, "plan", acting_user=acting_user, reason=goals[:200])
    return plan


def referral_make(*, acting_user, plan: Plan, service: Service, referred_on: dt.date | None = None,
                  note: str = "") -> Referral:
    """Refer the worker to a service; its three follow-ups are due 3, 6 and 12 months later."""
    require(acting_user, "reintegration.plan")
    _check_return(acting_user, plan.return_record)
    if plan.return_record.status == ReturnStatus.CLOSED:
        raise errors.ReturnTransitionNotAllowed()
    referred_on = referred_on or timezone.localdate()
    try:
        with transaction.atomic():
            referral = Referral.objects.create(plan=plan, service=service, referred_on=referred_on, note=note.strip()[:2000],
                                               referred_by=user_or_none(acting_user))
            FollowUp.objects.bulk_create([FollowUp(referral=referral, months=m, due_on=add_months(referred_on, m))
                                          for m in FOLLOW_UP_MONTHS])
            audit.record(actor=acting_user, action="reintegration.refer", target=referral,
                         detail={"return": plan.return_record.reference, "service": service.pk, "kind": service.kind})
    except IntegrityError as exc:
        raise errors.AlreadyReferred() from exc
    return referral


def follow_up_record(*, acting_user, follow_up: FollowUp, outcome: str, note: str = "",
                     done_on: dt.date | None = None) -> FollowUp:
    require(acting_user, "reintegration.plan")
    _check_return(acting_user, follow_up.referral.plan.return_record)
    if outcome not in FollowUpOutcome.values:
        raise InvalidInput(fields={"outcome": ["unknown outcome"]})
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise InvalidInput(fields={"done_on": ["in the future"]})
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.done_on is not None:
            raise errors.FollowUpDone()
        locked.done_on, locked.outcome, locked.note = done_on, outcome, (note or "").strip()[:2000]
        locked.recorded_by = user_or_none(acting_user)
        locked.save(update_fields=["done_on", "outcome", "note", "recorded_by"])
        audit.record(actor=acting_user, action="reintegration.follow_up", target=locked,
                     detail={"months": locked.months, "outcome": outcome, "due_on": locked.due_on.isoformat()})
        events.publish("reintegration.follow_up_recorded", pk=locked.pk, months=locked.months, outcome=outcome,
                       done_on=done_on.isoformat())
    return locked


def follow_ups_notify_overdue(*, today: dt.date | None = None) -> int:
    """Tell the plan's caseworker (or the plan's organisation) of each follow-up past due and not yet done; once each."""
    today = today or timezone.localdate()
    overdue = (FollowUp.objects.filter(done_on__isnull=True, due_on__lt=today, overdue_notified_at__isnull=True)
               .select_related("referral__service", "referral__plan__created_by", "referral__plan__organisation",
                               "referral__plan__return_record"))
    sent = 0
    with transaction.atomic():
        for follow_up in overdue.select_for_update(of=("self",)):
            plan = follow_up.referral.plan
            params = {"months": follow_up.months, "service": follow_up.referral.service.name,
                      "due": follow_up.due_on.isoformat()}
            link = reverse("reintegration:return", kwargs={"reference": plan.return_record.reference})
            about = f"reintegration.follow_up:{follow_up.pk}"
            if plan.created_by_id and plan.created_by.is_active:
                notifications.notification_send(kind="reintegration.follow_up_overdue", message=OVERDUE_MESSAGE,
                                                params=params, link=link, about=about, users=[plan.created_by])
            elif plan.organisation_id:
                notifications.notification_send(kind="reintegration.follow_up_overdue", message=OVERDUE_MESSAGE,
                                                params=params, link=link, about=about, organisation=plan.organisation,
                                                role=Role.CASEWORKER)
            else:
                continue
            follow_up.overdue_notified_at = timezone.now()
            follow_up.save(update_fields=["overdue_notified_at"])
            sent += 1
        if sent:
            audit.record(actor=None, action="reintegration.follow_ups_overdue", object_type="reintegration.followup",
                         detail={"notified": sent, "on": today.isoformat()})
    return sent


def return_close_if_done(*, acting_user, record: Return) -> bool:
    """Close the return once every follow-up of its plan is done (the office's choice; not automatic)."""
    pending = FollowUp.objects.filter(referral__plan__return_record=record, done_on__isnull=True).exists()
    if pending:
        return False
    lifecycle.transition(RETURN, record, "close", acting_user=acting_user, reason="All follow-ups done.")
    return True


# --- skills recognition ------------------------------------------------------------------------------------------


def certificate_issue(*, acting_user, referral: Referral, isco_code: str, level: str = "") -> SkillCertificate:
    """Recognise the skills learnt abroad as an ISCO-08 occupation: a certificate signed with the node's key (JWS),
    verifiable like the node's other signatures."""
    require(acting_user, "reintegration.certify")
    _check_return(acting_user, referral.plan.return_record)
    if referral.service.kind != ServiceKind.SKILLS:
        raise errors.NotSkillsService()
    occupation = Occupation.objects.filter(code=(isco_code or "").strip(), level=4).first()
    if occupation is None:
        raise errors.UnknownOccupation(fields={"isco_code": [str(errors.UnknownOccupation.default_message)]})
    record = referral.plan.return_record
    issued_on = timezone.localdate()
    reference = new_reference("SKC")
    token = signing.jws_sign({
        "jti": reference, "sub": record.worker_name, "isco": occupation.code, "occ": occupation.title,
        "lvl": (level or "")[:100], "by": referral.service.provider.name, "iat": int(timezone.now().timestamp()),
        "on": issued_on.isoformat()}, typ=CERTIFICATE_TYP)
    with transaction.atomic():
        certificate = SkillCertificate.objects.create(
            reference=reference, referral=referral, isco_code=occupation.code, occupation_title=occupation.title,
            level=(level or "")[:100], issued_on=issued_on, token=token, issued_by=user_or_none(acting_user))
        audit.record(actor=acting_user, action="reintegration.certificate_issue", target=certificate,
                     detail={"isco": occupation.code, "return": record.reference})
    return certificate


