"""Time limits: overdue cases escalated."""


from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.cases.choices import (
    NotificationKind,
)
from corridor.cases.models import (
    Case,
)
from corridor.cases.services._common import S, _event, _notify, _on_duty
from corridor.core import audit


def case_escalate_overdue(*, now=None) -> list[Case]:
    """Every open case past its stage's time limit, not yet escalated, goes to its team's supervisor."""
    now = now or timezone.now()
    escalated = []
    overdue = (Case.objects.filter(stage_due_at__lt=now, escalated_at__isnull=True)
               .exclude(status__in=[S.RESOLVED, S.CLOSED]).order_by("stage_due_at").values_list("pk", flat=True))
    for pk in list(overdue[:1000]):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=pk)
            if case.escalated_at is not None or case.stage_due_at is None or case.stage_due_at >= now:
                continue
            case.escalated_at = now
            case.save(update_fields=["escalated_at", "updated_at"])
            late = now - case.stage_due_at
            _event(case, None, "escalate", case.status, case.status,
                   reason=_("Missed the time limit of the stage '%(stage)s' by %(hours)d hours.")
                   % {"stage": case.get_status_display(), "hours": late.total_seconds() // 3600})
            _notify(case, _on_duty(case.assigned_team_id, supervisor=True), NotificationKind.ESCALATION)
            audit.record(actor=None, action="case.escalate", target=case, from_state=case.status, to_state=case.status,
                         detail={"reference": case.reference, "due": case.stage_due_at.isoformat()})
            escalated.append(case)
    return escalated
