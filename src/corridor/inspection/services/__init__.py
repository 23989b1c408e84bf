"""Every write of the inspection app, one module per entity (re-exported here)."""

from corridor.inspection.services.orders import (
    order_escalate_overdue,
    order_follow_up,
    order_issue,
    order_verify,
    order_withdraw,
)
from corridor.inspection.services.plans import plan_candidates, plan_create, visit_schedule
from corridor.inspection.services.risk import (
    default_weights,
    factor_keys,
    risk_scores_compute,
    risk_weight_set,
    signal_record,
    signals_record_many,
    weights_in_force,
)
from corridor.inspection.services.sanctions import (
    origins_of_workers,
    sanction_issue,
    sanction_notice_receive,
    scale_for,
)
from corridor.inspection.services.visits import (
    EVIDENCE,
    checklist_answer,
    evidence_add,
    finding_add,
    interview_record,
    visit_cancel,
    visit_close,
    visit_complete,
    visit_start,
)
from corridor.inspection.services.worksites import worksite_register

__all__ = [
    "EVIDENCE", "checklist_answer", "default_weights", "evidence_add", "factor_keys", "finding_add", "interview_record",
    "order_escalate_overdue", "order_follow_up", "order_issue", "order_verify", "order_withdraw", "origins_of_workers",
    "plan_candidates", "plan_create", "risk_scores_compute", "risk_weight_set", "sanction_issue",
    "sanction_notice_receive", "scale_for", "signal_record", "signals_record_many", "visit_cancel", "visit_close", "visit_complete",
    "visit_schedule", "visit_start", "weights_in_force", "worksite_register",
]
