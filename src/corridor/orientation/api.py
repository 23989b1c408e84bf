"""API: the public list of courses of licensed providers with their coming sessions (as the public page), and a
provider's own sessions (`orientation.teach`, as its page)."""

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema

from corridor.accounts.permissions import has_perm
from corridor.core.errors import PermissionDenied
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS
from corridor.orientation import selectors
from corridor.orientation.models import Session

router = Router(tags=["orientation"])


class ModuleOut(Schema):
    position: int
    title: str
    hours: Decimal


class SessionOut(Schema):
    reference: str
    course: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    language: str
    capacity: int


class CourseOut(Schema):
    code: str
    title: str
    provider: str
    destination: str | None
    hours: Decimal
    languages: list[str]
    modules: list[ModuleOut]
    sessions: list[SessionOut]


def _session(session: Session) -> dict:
    return {"reference": session.reference, "course": session.course.code, "starts_on": session.starts_on,
            "ends_on": session.ends_on, "place": session.place, "language": session.language_id,
            "capacity": session.capacity}


@router.get("/courses", auth=None, response={200: list[CourseOut], **PUBLIC_ERRORS},
            summary="Courses of the providers licensed today, with modules, hours and coming sessions (public)")
def courses(request):
    return [{"code": course.code, "title": course.title, "provider": course.provider.name,
             "destination": course.destination or None, "hours": course.hours,
             "languages": sorted(lang.code for lang in course.languages.all()),
             "modules": [{"position": m.position, "title": m.title, "hours": m.hours} for m in course.modules.all()],
             "sessions": [_session(s) for s in selectors.coming_sessions(course)]}
            for course in selectors.public_courses()]


@router.get("/sessions", response={200: list[SessionOut], **AUTH_ERRORS},
            summary="The provider's own sessions, newest first")
def sessions(request):
    if not has_perm(request.auth, "orientation.teach"):
        raise PermissionDenied()
    own = Session.objects.filter(course__in=selectors.own_courses(user=request.auth)).select_related("course")
    return [_session(s) for s in own.order_by("-starts_on", "-id")[:500]]
