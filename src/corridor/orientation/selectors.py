"""Every read of the orientation app, scoped to the acting user (a provider sees its own courses and enrolments)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.accounts.models import Organisation
from corridor.accounts.permissions import has_perm
from corridor.core.errors import NotFound
from corridor.orientation.choices import EnrolmentStatus, LicenceStatus
from corridor.orientation.models import Course, Enrolment, EnrolmentEvent, ProviderLicence, Session


def public_courses() -> QuerySet[Course]:
    """Courses of providers licensed today, with their modules, languages and coming sessions (a public page)."""
    today = timezone.localdate()
    licensed = ProviderLicence.objects.filter(status=LicenceStatus.ACTIVE, valid_from__lte=today, valid_until__gte=today)
    return (Course.objects.filter(provider__in=licensed.values("provider")).select_related("provider")
            .prefetch_related("modules", "languages"))


def coming_sessions(course: Course):
    return course.sessions.filter(ends_on__gte=timezone.localdate()).select_related("language").order_by("starts_on")[:10]


def licence_list(*, user) -> QuerySet[ProviderLicence]:
    if not has_perm(user, "orientation.license"):
        return ProviderLicence.objects.none()
    return ProviderLicence.objects.select_related("provider")


def licence_get(*, user, pk: int) -> ProviderLicence:
    licence = licence_list(user=user).filter(pk=pk).first()
    if licence is None:
        raise NotFound()
    return licence


def own_courses(*, user) -> QuerySet[Course]:
    if not has_perm(user, "orientation.teach") or user.organisation_id is None:
        return Course.objects.none()
    return Course.objects.filter(provider_id=user.organisation_id).prefetch_related("modules", "languages")


def session_get(*, user, reference: str) -> Session:
    session = Session.objects.filter(reference=reference, course__in=own_courses(user=user)).select_related(
        "course", "language").first()
    if session is None:
        raise NotFound()
    return session


def enrolment_get(*, user, reference: str) -> Enrolment:
    """The provider's own enrolment, or the worker's own."""
    qs = Enrolment.objects.select_related("session__course__provider", "worker", "session__language")
    if user.role == Role.WORKER:
        qs = qs.filter(worker__user=user)
    else:
        qs = qs.filter(session__course__in=own_courses(user=user))
    enrolment = qs.filter(reference=reference).first()
    if enrolment is None or not has_perm(user, "orientation.assessment"):
        raise NotFound()
    return enrolment


def my_enrolments(*, user) -> QuerySet[Enrolment]:
    if user.role != Role.WORKER:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(worker__user=user).select_related("session__course__provider", "session__language")


def latest_completion(*, worker_id: int, destination: str = "") -> dict | None:
    """The `orientation.completed` payload of the worker's latest completion of a course for the destination (or
    for any destination), for a clearance applied after it."""
    enrolment = (Enrolment.objects.filter(worker_id=worker_id, status=EnrolmentStatus.COMPLETED)
                 .filter(Q(session__course__destination="") | Q(session__course__destination=destination))
                 .select_related("session__course__provider").order_by("-completed_on", "-id").first())
    if enrolment is None:
        return None
    course = enrolment.session.course
    licence = ProviderLicence.objects.filter(provider_id=course.provider_id).order_by("-valid_from").first()
    event = EnrolmentEvent.objects.filter(enrolment=enrolment, action="complete").order_by("-id").first()
    return {"pk": enrolment.pk, "reference": enrolment.reference, "worker_id": worker_id, "course": course.code,
            "provider": course.provider.name, "licence": licence.number if licence else "", "hours": str(course.hours),
            "destination": course.destination, "completed_on": enrolment.completed_on.isoformat(),
            "actor_id": event.actor_id if event else None}


def provider_candidates():
    """Organisations that may be licensed to run orientation."""
    return Organisation.objects.filter(kind__in=["orientation_provider", "ngo", "trade_union", "resource_centre"],
                                       is_active=True).order_by("name")
