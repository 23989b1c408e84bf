"""Orders: a finding to remedy by a deadline, verified at a follow-up visit; past the deadline, escalated."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corridor.core import audit, events, lifecycle, notifications
from corridor.core.errors import InvalidInput
from corridor.inspection import checklists
from corridor.inspection.choices import OrderStatus, RiskFactor, VisitKind, VisitStatus
from corridor.inspection.errors import DeadlineInvalid, NotAnInspector
from corridor.inspection.lifecycles import ORDER
from corridor.inspection.models import Finding, Order, Visit
from corridor.inspection.scope import is_inspector
from corridor.inspection.services._common import _reference, _require_inspector, _user
from corridor.inspection.services.risk import risk_scores_compute, signal_record


def order_issue(*, acting_user, visit: Visit, requirement: str, due_on: date, finding: Finding | None = None) -> Order:
    """Order the employer to remedy a finding of a completed visit by `due_on`; the employer's staff are told."""
    _require_inspector(acting_user, "inspection.decide")
    requirement = (requirement or "").strip()
    if not requirement:
        raise InvalidInput(fields={"requirement": [_("Say what the employer must do.")]})
    if due_on is None or due_on <= timezone.localdate():
        raise DeadlineInvalid(fields={"due_on": [str(DeadlineInvalid.default_message)]})
    if visit.status not in {VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED}:
        raise InvalidInput(fields={"visit": [_("Orders follow a visit in progress or completed.")]})
    if finding is not None and finding.visit_id != visit.pk:
        raise InvalidInput(fields={"finding": [_("This finding is not of this visit.")]})
    with transaction.atomic():
        order = Order.objects.create(reference=_reference("O"), visit=visit, finding=finding, employer_id=visit.employer_id,
                                     requirement=requirement[:5000], due_on=due_on, created_by=_user(acting_user))
        lifecycle.event(ORDER, order, "issue", acting_user=acting_user, to_status=order.status,
                        detail={"due_on": due_on.isoformat()})
        audit.record(actor=acting_user, action="order.issue", target=order, to_state=order.status,
                     detail={"visit": visit.reference, "due_on": due_on.isoformat()})
        organisation = getattr(visit.employer, "organisation", None)
        if organisation is not None:
            notifications.notification_send(
                kind="inspection.order", message=gettext_noop("The labour inspectorate ordered %(requirement)s by %(due)s."),
                params={"requirement": order.requirement[:200], "due": due_on.isoformat()},
                link=reverse("inspection:respond-order", args=[order.reference]), about=order.reference,
                organisation=organisation)
        events.publish("inspection.order_issued", pk=order.pk, reference=order.reference, employer_id=order.employer_id,
                       visit_id=visit.pk, due_on=due_on.isoformat())
    return order


def order_verify(*, acting_user, order: Order, reason: str) -> Order:
    return lifecycle.transition(ORDER, order, "verify", acting_user=acting_user, reason=(reason or "").strip())


def order_withdraw(*, acting_user, order: Order, reason: str) -> Order:
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the order is withdrawn.")]})
    return lifecycle.transition(ORDER, order, "withdraw", acting_user=acting_user, reason=reason.strip())


def order_follow_up(*, acting_user, order: Order, inspector=None, scheduled_on: date | None = None) -> Visit:
    """A follow-up visit to check the order on the site."""
    _require_inspector(acting_user, "inspection.plan")
    if order.status not in {OrderStatus.OPEN, OrderStatus.ESCALATED}:
        raise InvalidInput(fields={"order": [_("Only an open order is followed up.")]})
    if inspector is not None and not is_inspector(inspector):
        raise NotAnInspector()
    site = order.visit.worksite
    with transaction.atomic():
        visit = Visit.objects.create(reference=_reference("V"), worksite=site, employer_id=order.employer_id,
                                     inspector=inspector or _user(acting_user), kind=VisitKind.FOLLOW_UP,
                                     follow_up_of=order, scheduled_on=scheduled_on or order.due_on,
                                     reason=_("Follow-up of order %(ref)s") % {"ref": order.reference},
                                     checklist_sector=site.sector, checklist_version=checklists.current().version)
        lifecycle.event(ORDER, order, "follow_up", acting_user=acting_user, detail={"visit": visit.reference})
        audit.record(actor=acting_user, action="visit.schedule", target=visit, to_state=visit.status,
                     detail={"kind": VisitKind.FOLLOW_UP, "order": order.reference})
    return visit


def order_escalate_overdue(*, now=None) -> list[Order]:
    """Every open order past its deadline is escalated (as cases' time limits are): an event, a risk signal, and a
    notice to the inspectorate that issued it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    escalated = []
    for pk in list(Order.objects.filter(status=OrderStatus.OPEN, due_on__lt=today).order_by("due_on")
                   .values_list("pk", flat=True)[:1000]):
        order = Order.objects.select_related("created_by__organisation").get(pk=pk)

        def after(locked, order=order):
            signal_record(employer_id=locked.employer_id, worksite_id=order.visit.worksite_id,
                          factor=RiskFactor.ORDER_OVERDUE, source="order.escalate", source_ref=f"order:{locked.pk}",
                          occurred_at=now)
            organisation = getattr(order.created_by, "organisation", None)
            if organisation is not None:
                notifications.notification_send(
                    kind="inspection.escalation",
                    message=gettext_noop("Order %(ref)s passed its deadline (%(due)s) without compliance."),
                    params={"ref": locked.reference, "due": locked.due_on.isoformat()},
                    link=reverse("inspection:order", args=[locked.reference]), about=locked.reference,
                    organisation=organisation)
            transaction.on_commit(lambda: risk_scores_compute(employer_ids=[locked.employer_id]))

        escalated.append(lifecycle.transition(
            ORDER, order, "escalate", acting_user=None, changes={"escalated_at": now}, after=after,
            reason=_("Deadline %(due)s passed.") % {"due": order.due_on.isoformat()}))
    return escalated
