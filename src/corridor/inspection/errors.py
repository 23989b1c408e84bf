"""Stable error codes for inspection."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class VisitTransitionNotAllowed(TransitionNotAllowed):
    code = "inspection.visit_transition_not_allowed"
    default_message = _("This action is not allowed in the visit's current state.")


class OrderTransitionNotAllowed(TransitionNotAllowed):
    code = "inspection.order_transition_not_allowed"
    default_message = _("This action is not allowed in the order's current state.")


class NotAnInspector(CorridorError):
    code = "inspection.not_an_inspector"
    status = 403
    default_message = _("Only officers of a labour inspectorate may do this.")


class UnknownFactor(InvalidInput):
    code = "inspection.unknown_factor"
    default_message = _("There is no such risk factor.")


class WeightInvalid(InvalidInput):
    code = "inspection.weight_invalid"
    default_message = _("A weight and its cap must be numbers from 0 to 1000, and the window from 1 to 3650 days.")


class ChecklistItemUnknown(InvalidInput):
    code = "inspection.checklist_item_unknown"
    default_message = _("This question is not on the visit's checklist.")


class VisitNotInProgress(CorridorError):
    code = "inspection.visit_not_in_progress"
    status = 409
    default_message = _("Answers, findings and interviews are recorded only while the visit is in progress.")


class ChecklistIncomplete(CorridorError):
    code = "inspection.checklist_incomplete"
    status = 409
    default_message = _("Answer every question of the checklist before completing the visit.")


class DeadlineInvalid(InvalidInput):
    code = "inspection.deadline_invalid"
    default_message = _("The deadline must be a date after today.")


class SanctionInvalid(InvalidInput):
    code = "inspection.sanction_invalid"
    default_message = _("This sanction does not fit the scale: check its kind and amount.")


class PlanInvalid(InvalidInput):
    code = "inspection.plan_invalid"
    default_message = _("A plan needs a name, a period that ends after it starts, and at least one inspector with a quota.")


class EvidenceRejected(InvalidInput):
    code = "inspection.evidence_rejected"
    default_message = _("This file type is not accepted. Send a photo (JPEG, PNG, WebP, HEIC), a PDF, or a sound or video recording.")


class EvidenceTooLarge(InvalidInput):
    code = "inspection.evidence_too_large"
    default_message = _("This file is too large.")
