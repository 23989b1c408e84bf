"""The inspection app's lifecycles, declared once: visit and order (see corridor.core.lifecycle)."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.inspection.choices import OrderStatus, VisitStatus
from corridor.inspection.errors import OrderTransitionNotAllowed, VisitTransitionNotAllowed
from corridor.inspection.scope import is_inspector


def _inspectorate(user, record) -> bool:
    return is_inspector(user)


V = VisitStatus
VISIT = Lifecycle(
    name="visit", model="inspection.Visit", event_model="inspection.VisitEvent", statuses=VisitStatus,
    initial=V.SCHEDULED, terminal={V.CLOSED, V.CANCELLED}, not_allowed=VisitTransitionNotAllowed, scope=_inspectorate,
    actions={
        "start": Action(source={V.SCHEDULED}, target=V.IN_PROGRESS, permission="inspection.inspect"),
        "complete": Action(source={V.IN_PROGRESS}, target=V.COMPLETED, permission="inspection.inspect"),
        "close": Action(source={V.COMPLETED}, target=V.CLOSED, permission="inspection.decide"),
        "cancel": Action(source={V.SCHEDULED, V.IN_PROGRESS}, target=V.CANCELLED, permission="inspection.plan"),
    },
)

OS = OrderStatus
ORDER = Lifecycle(
    name="order", model="inspection.Order", event_model="inspection.OrderEvent", statuses=OrderStatus,
    initial=OS.OPEN, terminal={OS.COMPLIED, OS.WITHDRAWN}, not_allowed=OrderTransitionNotAllowed, scope=_inspectorate,
    actions={
        # The system escalates an order past its deadline (acting_user=None); an officer may too.
        "escalate": Action(source={OS.OPEN}, target=OS.ESCALATED, permission="inspection.decide"),
        "verify": Action(source={OS.OPEN, OS.ESCALATED}, target=OS.COMPLIED, permission="inspection.decide"),
        "withdraw": Action(source={OS.OPEN, OS.ESCALATED}, target=OS.WITHDRAWN, permission="inspection.decide"),
    },
)
