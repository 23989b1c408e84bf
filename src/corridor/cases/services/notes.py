"""Notes, questions to the complainant, replies, evidence and tasks on a case."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import User
from corridor.cases import storage
from corridor.cases.choices import (
    NoteAuthorKind,
    NoteVisibility,
)
from corridor.cases.errors import (
    OfficerNotInTeam,
)
from corridor.cases.models import (
    Case,
    CaseTask,
    Complainant,
    Evidence,
    Note,
)
from corridor.cases.scope import can_work
from corridor.cases.selectors import respondent_case_scope
from corridor.cases.services._common import MAX_NARRATIVE, _event, _require, _user_or_none
from corridor.core import audit
from corridor.core.errors import InvalidInput, NotFound


def note_add(*, acting_user, case: Case, body: str, visibility: str = NoteVisibility.INTERNAL,
             is_question: bool = False) -> Note:
    """Staff on the case add a note: internal, shared with the complainant (a question, maybe) or with the other party."""
    if not can_work(acting_user, case):
        raise NotFound()
    if visibility not in NoteVisibility.values:
        raise InvalidInput(fields={"visibility": [_("Unknown choice.")]})
    return _note(case, acting_user, NoteAuthorKind.STAFF, body, visibility, is_question and visibility == NoteVisibility.SHARED)


def complainant_message(*, case: Case, body: str, acting_user=None) -> Note:
    """The complainant writes to the case (anonymously by receipt code, or as the signed-in worker)."""
    user = _user_or_none(acting_user)
    acting_user = acting_user or AnonymousUser()
    if user is not None and not (case.filed_by_id == user.pk or Complainant.objects.filter(case=case, user=user).exists()):
        raise NotFound()
    return _note(case, acting_user, NoteAuthorKind.COMPLAINANT, body, NoteVisibility.SHARED, False)


def respondent_reply(*, acting_user, case: Case, body: str) -> Note:
    _require(acting_user, "case.respond")
    if not respondent_case_scope(acting_user).filter(pk=case.pk).exists():
        raise NotFound()
    return _note(case, acting_user, NoteAuthorKind.RESPONDENT, body, NoteVisibility.RESPONDENT, False)


def _note(case, actor, kind, body, visibility, is_question) -> Note:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(fields={"body": [_("Write something.")]})
    if len(body) > MAX_NARRATIVE:
        raise InvalidInput(fields={"body": [_("Too long.")]})
    with transaction.atomic():
        note = Note.objects.create(case=case, author=_user_or_none(actor), author_kind=kind, visibility=visibility,
                                   is_question=is_question, body=body)
        _event(case, actor, f"note_{kind}")
        audit.record(actor=actor, action="case.note", target=case,
                     detail={"note": note.pk, "visibility": visibility, "by": kind})
    return note


def evidence_add(*, case: Case, name: str, data: bytes, acting_user=None, by_complainant: bool = False) -> Evidence:
    user = _user_or_none(acting_user)
    if by_complainant:
        acting_user = acting_user or AnonymousUser()
    if not by_complainant and not can_work(acting_user, case):
        raise NotFound()
    if by_complainant and user is not None and not (
            case.filed_by_id == user.pk or Complainant.objects.filter(case=case, user=user).exists()):
        raise NotFound()
    saved = storage.save(name, data)
    try:
        with transaction.atomic():
            evidence = Evidence.objects.create(
                case=case, storage_name=saved.storage_name, original_name=(name or "file")[:200],
                content_type=saved.content_type, size=saved.size, sha256=saved.sha256, added_by=user,
                added_by_kind=NoteAuthorKind.COMPLAINANT if by_complainant else NoteAuthorKind.STAFF)
            _event(case, acting_user, "evidence")
            audit.record(actor=acting_user, action="case.evidence_add", target=case,
                         detail={"evidence": evidence.pk, "type": saved.content_type, "size": saved.size})
    except Exception:
        storage.delete(saved.storage_name)
        raise
    return evidence


def task_add(*, acting_user, case: Case, title: str, due_date: date, assignee: User | None = None) -> CaseTask:
    if not can_work(acting_user, case):
        raise NotFound()
    if not title.strip():
        raise InvalidInput(fields={"title": [_("A task needs a title.")]})
    if assignee is not None and assignee.organisation_id != case.assigned_team_id:
        raise OfficerNotInTeam(fields={"assignee": [str(OfficerNotInTeam.default_message)]})
    with transaction.atomic():
        task = CaseTask.objects.create(case=case, title=title.strip()[:200], due_date=due_date, assignee=assignee)
        _event(case, acting_user, "task_add", reason=task.title)
        audit.record(actor=acting_user, action="case.task_add", target=case, detail={"task": task.pk, "due": due_date})
    return task


def task_complete(*, acting_user, task: CaseTask) -> CaseTask:
    if not can_work(acting_user, task.case):
        raise NotFound()
    if task.done_at:
        raise InvalidInput(fields={"task": [_("This task is already done.")]}, code="cases.task_already_done")
    with transaction.atomic():
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        _event(task.case, acting_user, "task_done", reason=task.title)
        audit.record(actor=acting_user, action="case.task_complete", target=task.case, detail={"task": task.pk})
    return task
