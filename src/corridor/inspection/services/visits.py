"""A visit, step by step: start, answer the checklist (each answer saved on its own, so a dropped connection loses
nothing), findings with evidence, confidential interviews, complete, close."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit, events, lifecycle
from corridor.core.errors import InvalidInput
from corridor.core.evidence import Store
from corridor.inspection import checklists
from corridor.inspection.choices import Answer, Casualty, RiskFactor, Severity, VisitStatus
from corridor.inspection.errors import (
    ChecklistIncomplete,
    ChecklistItemUnknown,
    EvidenceRejected,
    EvidenceTooLarge,
    VisitNotInProgress,
)
from corridor.inspection.lifecycles import VISIT
from corridor.inspection.models import ChecklistAnswer, Finding, FindingEvidence, Interview, Visit
from corridor.inspection.services._common import _require_inspector, _user
from corridor.inspection.services.risk import risk_scores_compute, signal_record

EVIDENCE = Store(folder="inspection-evidence", too_large=EvidenceTooLarge, rejected=EvidenceRejected)
# Units of the `finding` factor per severity (data/risk_weights.toml explains the weight).
SEVERITY_UNITS = {Severity.MINOR: Decimal(1), Severity.SERIOUS: Decimal(3), Severity.CRITICAL: Decimal(8)}


def _in_progress(visit: Visit) -> Visit:
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.status != VisitStatus.IN_PROGRESS:
        raise VisitNotInProgress()
    return locked


def visit_start(*, acting_user, visit: Visit) -> Visit:
    def changes(locked):
        locked.started_at = timezone.now()
        if locked.inspector_id is None and _user(acting_user) is not None:
            locked.inspector = acting_user
            return ["started_at", "inspector"]
        return ["started_at"]

    return lifecycle.transition(VISIT, visit, "start", acting_user=acting_user, changes=changes)


def checklist_answer(*, acting_user, visit: Visit, item: str, answer: str, note: str = "") -> ChecklistAnswer:
    """Save one answer (again: the last one counts). A "not compliant" answer opens a finding for the question."""
    _require_inspector(acting_user, "inspection.inspect")
    question = checklists.current().item(item)
    if question is None or not question.applies_to(visit.checklist_sector):
        raise ChecklistItemUnknown(fields={"item": [str(ChecklistItemUnknown.default_message)]})
    if answer not in Answer.values:
        raise InvalidInput(fields={"answer": [_("Choose compliant, not compliant or not applicable.")]})
    note = (note or "").strip()[:5000]
    with transaction.atomic():
        locked = _in_progress(visit)
        row, _created = ChecklistAnswer.objects.update_or_create(
            visit=locked, item=item, defaults={"answer": answer, "note": note, "answered_by": _user(acting_user)})
        existing = Finding.objects.filter(visit=locked, item=item).first()
        if answer == Answer.NOT_COMPLIANT and existing is None:
            Finding.objects.create(visit=locked, item=item, topic=question.topic, severity=question.severity,
                                   description=note or question.question, created_by=_user(acting_user))
        elif answer == Answer.NOT_COMPLIANT and note and existing.description != note:
            existing.description = note
            existing.save(update_fields=["description"])
        elif answer != Answer.NOT_COMPLIANT and existing is not None and not existing.orders.exists() \
                and not existing.evidence.exists():
            existing.delete()
        audit.record(actor=acting_user, action="visit.answer", target=locked, detail={"item": item, "answer": answer})
    return row


def finding_add(*, acting_user, visit: Visit, topic: str, severity: str, description: str, item: str = "",
                confidential: bool = False, casualty: str = "", worker=None, occurred_on=None) -> Finding:
    """A finding. A death or an injury (`casualty`) is a critical finding and is published as
    `inspection.death_or_injury_found` (payload `pk, worker_id` or None, `employer_id, kind, on`), so that the
    welfare fund prompts the family's claim."""
    _require_inspector(acting_user, "inspection.inspect")
    description = (description or "").strip()
    casualty = casualty or ""
    if severity not in Severity.values or not description or topic not in checklists.current().topics:
        raise InvalidInput(fields={"description": [_("A finding needs a topic, a severity and a description.")]})
    if casualty not in Casualty.values:
        raise InvalidInput(fields={"casualty": [_("Choose a death, an accidental death or an injury.")]})
    if casualty and severity != Severity.CRITICAL:
        raise InvalidInput(fields={"severity": [_("A death or an injury is a critical finding.")]})
    if not casualty and (worker is not None or occurred_on is not None):
        raise InvalidInput(fields={"casualty": [_("Say whether a worker died or was injured.")]})
    if occurred_on is not None and occurred_on > timezone.localdate():
        raise InvalidInput(fields={"occurred_on": [_("The date cannot be in the future.")]})
    with transaction.atomic():
        locked = _in_progress(visit)
        finding = Finding.objects.create(visit=locked, item=item[:40], topic=topic, severity=severity,
                                         description=description[:10_000], confidential=confidential,
                                         casualty=casualty, worker=worker, occurred_on=occurred_on,
                                         created_by=_user(acting_user))
        # The trail says a death or injury was found, never who.
        audit.record(actor=acting_user, action="finding.add", target=finding,
                     detail={"visit": locked.reference, "topic": topic, "severity": severity, "confidential": confidential,
                             "casualty": casualty or None})
        if casualty:
            events.publish("inspection.death_or_injury_found", pk=finding.pk, worker_id=getattr(worker, "pk", None),
                           employer_id=locked.employer_id, kind=casualty,
                           on=(occurred_on or timezone.localdate()).isoformat())
    return finding


def evidence_add(*, acting_user, finding: Finding, name: str, data: bytes) -> FindingEvidence:
    """A photo, document or recording for a finding: typed by its content, stored encrypted."""
    _require_inspector(acting_user, "inspection.inspect")
    with transaction.atomic():
        _in_progress(finding.visit)
        stored = EVIDENCE.put(name or "", data)
        try:
            evidence = FindingEvidence.objects.create(finding=finding, storage_name=stored.storage_name,
                                                      original_name=(name or "")[:200], content_type=stored.content_type,
                                                      size=stored.size, sha256=stored.sha256, added_by=_user(acting_user))
            audit.record(actor=acting_user, action="finding.evidence_add", target=evidence,
                         detail={"finding": finding.pk, "content_type": stored.content_type, "sha256": stored.sha256})
        except Exception:
            EVIDENCE.discard(stored.storage_name)
            raise
    return evidence


def interview_record(*, acting_user, visit: Visit, notes: str, interviewee: str = "", worker=None,
                     language: str = "") -> Interview:
    """A confidential interview: kept apart, encrypted, never shown to the employer."""
    _require_inspector(acting_user, "inspection.inspect")
    notes = (notes or "").strip()
    if not notes:
        raise InvalidInput(fields={"notes": [_("Write down what the worker said.")]})
    with transaction.atomic():
        locked = _in_progress(visit)
        interview = Interview.objects.create(visit=locked, worker=worker, interviewee=(interviewee or "").strip()[:200],
                                             language=(language or "")[:8], notes=notes[:20_000],
                                             conducted_by=_user(acting_user))
        # The trail says that an interview happened, never with whom.
        audit.record(actor=acting_user, action="interview.record", target=interview, detail={"visit": locked.reference})
    return interview


def visit_complete(*, acting_user, visit: Visit, summary: str = "") -> Visit:
    """Every question answered; each finding becomes a risk signal of the site."""
    questions = {item.key for item in checklists.current().for_sector(visit.checklist_sector)}

    def check(locked):
        answered = set(ChecklistAnswer.objects.filter(visit=locked).values_list("item", flat=True))
        if questions - answered:
            raise ChecklistIncomplete(fields={"checklist": sorted(questions - answered)})

    def after(locked):
        findings = list(Finding.objects.filter(visit=locked).values_list("pk", "severity"))
        for pk, severity in findings:
            signal_record(employer_id=locked.employer_id, worksite_id=locked.worksite_id, factor=RiskFactor.FINDING,
                          source="inspection.visit_completed", source_ref=f"finding:{pk}",
                          magnitude=SEVERITY_UNITS[severity], occurred_at=locked.completed_at)
        events.publish("inspection.visit_completed", pk=locked.pk, reference=locked.reference,
                       employer_id=locked.employer_id, worksite_id=locked.worksite_id, findings=len(findings))
        transaction.on_commit(lambda: risk_scores_compute(employer_ids=[locked.employer_id]))

    return lifecycle.transition(VISIT, visit, "complete", acting_user=acting_user, check=check, after=after,
                                changes={"completed_at": timezone.now(), "summary": (summary or "").strip()[:5000]})


def visit_close(*, acting_user, visit: Visit, reason: str = "") -> Visit:
    return lifecycle.transition(VISIT, visit, "close", acting_user=acting_user, reason=reason)


def visit_cancel(*, acting_user, visit: Visit, reason: str) -> Visit:
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the visit is cancelled.")]})
    return lifecycle.transition(VISIT, visit, "cancel", acting_user=acting_user, reason=reason.strip())
