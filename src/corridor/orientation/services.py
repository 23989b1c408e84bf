"""Every write of the orientation app: the node licenses providers; a licensed provider records courses, sessions,
enrolments, attendance and completion; the worker (or the provider for them) sits the short assessment.
Completion publishes `orientation.completed`, which clearance records as the worker's orientation fact."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.core import audit, events, lifecycle
from corridor.core.errors import InvalidInput, NotFound
from corridor.core.lifecycle import require
from corridor.core.models import Language
from corridor.orientation import assessments
from corridor.orientation.choices import EnrolmentStatus, LicenceStatus
from corridor.orientation.errors import (
    AssessmentLanguage,
    AssessmentNotPassed,
    CourseInvalid,
    ProviderNotLicensed,
    SessionFull,
)
from corridor.orientation.lifecycles import ENROLMENT, LICENCE
from corridor.orientation.models import Attempt, Course, Enrolment, Module, ProviderLicence, Session


def _reference(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y}-{secrets.token_hex(5).upper()}"


def active_licence(provider_id: int, on: dt.date | None = None) -> ProviderLicence | None:
    on = on or timezone.localdate()
    return ProviderLicence.objects.filter(provider_id=provider_id, status=LicenceStatus.ACTIVE, valid_from__lte=on,
                                          valid_until__gte=on).first()


def _licensed(user) -> int:
    """The acting provider's organisation, which must hold an active licence today."""
    provider_id = getattr(user, "organisation_id", None)
    if provider_id is None or active_licence(provider_id) is None:
        raise ProviderNotLicensed()
    return provider_id


def _own(user, course: Course) -> None:
    if user is not None and course.provider_id != getattr(user, "organisation_id", None):
        raise NotFound()


# --- licences ----------------------------------------------------------------------------------------------------


def licence_grant(*, acting_user, provider, number: str, valid_from: dt.date, valid_until: dt.date) -> ProviderLicence:
    require(acting_user, "orientation.license")
    number = (number or "").strip()
    problems = {}
    if not number or len(number) > 40:
        problems["number"] = ["A licence number of at most 40 characters."]
    if valid_until < valid_from:
        problems["valid_until"] = ["The licence ends after it starts."]
    if provider.kind not in {"orientation_provider", "ngo", "trade_union", "resource_centre"}:
        problems["provider"] = ["Not an organisation that may run orientation."]
    if ProviderLicence.objects.filter(provider=provider, status=LicenceStatus.ACTIVE).exists():
        problems["provider"] = ["This provider already holds an active licence."]
    if ProviderLicence.objects.filter(number=number).exists():
        problems["number"] = ["This licence number is taken."]
    if problems:
        raise InvalidInput(fields=problems)
    with transaction.atomic():
        licence = ProviderLicence.objects.create(number=number, provider=provider, valid_from=valid_from,
                                                 valid_until=valid_until)
        lifecycle.create(LICENCE, licence, "grant", acting_user=acting_user,
                         detail={"provider": provider.pk, "until": valid_until.isoformat()})
    return licence


def licence_revoke(*, acting_user, licence: ProviderLicence, reason: str) -> ProviderLicence:
    return lifecycle.transition(LICENCE, licence, "revoke", acting_user=acting_user, reason=(reason or "").strip()[:2000])


# --- courses and sessions --------------------------------------------------------------------------------------


def course_create(*, acting_user, code: str, title: str, modules: list[tuple[str, str]], languages: list[str],
                  destination: str = "", assessment: str = "") -> Course:
    """A course of the acting provider: modules with their hours, the languages it is taught in, and the short
    assessment (an id of orientation/assessments/) that completion requires."""
    require(acting_user, "orientation.teach")
    provider_id = _licensed(acting_user)
    code, title, destination = (code or "").strip(), (title or "").strip(), (destination or "").strip().upper()
    parsed = []
    try:
        for name, hours in modules:
            value = Decimal(str(hours))
            if not (name or "").strip() or not Decimal(0) < value <= Decimal(500):
                raise CourseInvalid(fields={"modules": [f"{name}: a title and 0.5 to 500 hours"]})
            parsed.append((name.strip()[:200], value))
    except (InvalidOperation, ValueError):
        raise CourseInvalid(fields={"modules": ["Hours are numbers."]}) from None
    known = list(Language.objects.filter(code__in=languages))
    problems = {}
    if not code or len(code) > 30 or Course.objects.filter(code=code).exists():
        problems["code"] = ["A new code of at most 30 characters."]
    if not title:
        problems["title"] = ["Required."]
    if not parsed:
        problems["modules"] = ["At least one module."]
    if not known or len(known) != len(set(languages)):
        problems["languages"] = ["Languages by their ISO 639 codes."]
    if assessment and assessments.get(assessment) is None:
        problems["assessment"] = ["No such assessment."]
    if destination and len(destination) != 2:
        problems["destination"] = ["A country code."]
    if problems:
        raise CourseInvalid(fields=problems)
    with transaction.atomic():
        course = Course.objects.create(code=code, title=title[:200], provider_id=provider_id, destination=destination,
                                       assessment=assessment)
        course.languages.set(known)
        Module.objects.bulk_create(Module(course=course, position=i, title=name, hours=hours)
                                   for i, (name, hours) in enumerate(parsed, start=1))
        audit.record(actor=acting_user, action="orientation.course_create", target=course,
                     detail={"code": code, "hours": str(sum(h for _, h in parsed)), "languages": sorted(languages)})
    return course


def session_schedule(*, acting_user, course: Course, starts_on: dt.date, ends_on: dt.date, place: str,
                     language: str, capacity: int) -> Session:
    require(acting_user, "orientation.teach")
    _own(acting_user, course)
    _licensed(acting_user)
    problems = {}
    if ends_on < starts_on:
        problems["ends_on"] = ["The session ends after it starts."]
    if not (place or "").strip():
        problems["place"] = ["Required."]
    if not course.languages.filter(code=language).exists():
        problems["language"] = ["The course is not taught in this language."]
    if not 1 <= int(capacity) <= 10000:
        problems["capacity"] = ["From 1 to 10000 places."]
    if problems:
        raise InvalidInput(fields=problems)
    with transaction.atomic():
        session = Session.objects.create(reference=_reference("ORS"), course=course, starts_on=starts_on, ends_on=ends_on,
                                         place=place.strip()[:200], language_id=language, capacity=int(capacity))
        audit.record(actor=acting_user, action="orientation.session_schedule", target=session,
                     detail={"course": course.code, "starts_on": starts_on.isoformat()})
    return session


# --- enrolments ------------------------------------------------------------------------------------------------


def enrolment_create(*, acting_user, session: Session, worker) -> Enrolment:
    require(acting_user, "orientation.teach")
    _own(acting_user, session.course)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if Enrolment.objects.filter(session=locked, worker=worker).exists():
            raise InvalidInput(fields={"worker": ["Already enrolled in this session."]})
        if locked.enrolments.exclude(status=EnrolmentStatus.ABSENT).count() >= locked.capacity:
            raise SessionFull()
        enrolment = Enrolment.objects.create(reference=_reference("ORE"), session=locked, worker=worker)
        lifecycle.create(ENROLMENT, enrolment, "enrol", acting_user=acting_user, detail={"session": locked.reference})
    return enrolment


def attendance_record(*, acting_user, enrolment: Enrolment, attended: bool) -> Enrolment:
    return lifecycle.transition(ENROLMENT, enrolment, "attend" if attended else "absent", acting_user=acting_user)


def assessment_take(*, acting_user, enrolment: Enrolment, language: str, answers: dict[str, int]) -> Attempt:
    """The worker sits the course's assessment in their language (signed in, their own enrolment), or the provider
    records their answers; scored at once against the data file."""
    require(acting_user, "orientation.assessment")
    if acting_user is not None:
        if acting_user.role == Role.WORKER:
            if enrolment.worker.user_id != acting_user.pk:
                raise NotFound()
        elif enrolment.session.course.provider_id != acting_user.organisation_id:
            raise NotFound()
    assessment = assessments.get(enrolment.session.course.assessment)
    if assessment is None:
        raise InvalidInput(fields={"assessment": ["This course has no assessment."]})
    if language not in assessment.languages:
        raise AssessmentLanguage(fields={"language": [language]})
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.ATTENDED):
        raise InvalidInput(fields={"enrolment": ["Only during the course."]})
    clean = {}
    for question in assessment.questions:
        try:
            clean[question.id] = int(answers.get(question.id))
        except (TypeError, ValueError):
            clean[question.id] = -1  # unanswered: wrong
    right, total, passed = assessment.score(clean)
    with transaction.atomic():
        attempt = Attempt.objects.create(enrolment=enrolment, assessment=assessment.id, version=assessment.version,
                                         language=language, answers=clean, correct=right, total=total, passed=passed,
                                         recorded_by=acting_user)
        audit.record(actor=acting_user, action="orientation.assessment_take", target=enrolment,
                     detail={"correct": right, "total": total, "passed": passed, "language": language})
    return attempt


def enrolment_complete(*, acting_user, enrolment: Enrolment) -> Enrolment:
    """The provider records completion: the worker attended and (where the course has one) passed the assessment,
    and the provider's licence is active. Publishes `orientation.completed` (clearance records the fact)."""
    today = timezone.localdate()

    def check(locked: Enrolment) -> None:
        course = locked.session.course
        if active_licence(course.provider_id, today) is None:
            raise ProviderNotLicensed()
        if course.assessment and not locked.attempts.filter(passed=True).exists():
            raise AssessmentNotPassed()

    def after(locked: Enrolment) -> None:
        course = locked.session.course
        licence = active_licence(course.provider_id, today)
        events.publish("orientation.completed", pk=locked.pk, reference=locked.reference, worker_id=locked.worker_id,
                       course=course.code, provider=course.provider.name, licence=licence.number,
                       hours=str(course.hours), destination=course.destination, completed_on=today.isoformat(),
                       actor_id=getattr(acting_user, "pk", None))

    return lifecycle.transition(ENROLMENT, enrolment, "complete", acting_user=acting_user, check=check,
                                changes={"completed_on": today}, after=after)
