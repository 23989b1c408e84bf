"""Pages: the public list of licensed courses; the node's licensing of providers; the provider's courses, sessions,
attendance and completion; the short assessment in the worker's language."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from corridor.accounts.selectors import worker_by_passport
from corridor.core import audit
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.languages import normalise_language
from corridor.core.views import require_perm
from corridor.orientation import assessments, selectors, services


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _fail(request, exc: CorridorError) -> None:
    problems = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in exc.fields.items())
    messages.error(request, f"{exc.message} {problems}".strip())


@require_GET
def courses(request):
    rows = [(course, selectors.coming_sessions(course)) for course in selectors.public_courses()]
    return render(request, "orientation/courses.html", {"rows": rows})


@require_perm("orientation.license")
def licences(request):
    if request.method == "POST":
        provider = selectors.provider_candidates().filter(pk=request.POST.get("provider") or 0).first()
        try:
            if provider is None:
                raise InvalidInput(fields={"provider": [_("Choose a provider.")]})
            services.licence_grant(acting_user=request.user, provider=provider, number=request.POST.get("number", ""),
                                   valid_from=_date(request.POST.get("valid_from")) or timezone.localdate(),
                                   valid_until=_date(request.POST.get("valid_until")) or timezone.localdate())
            messages.success(request, _("Licensed."))
            return redirect("orientation:licences")
        except CorridorError as exc:
            _fail(request, exc)
    return render(request, "orientation/licences.html", {"licences": selectors.licence_list(user=request.user),
                                                         "candidates": selectors.provider_candidates()},
                  status=422 if request.method == "POST" else 200)


@require_perm("orientation.license")
@require_POST
def licence_revoke(request, pk):
    licence = selectors.licence_get(user=request.user, pk=pk)
    try:
        services.licence_revoke(acting_user=request.user, licence=licence, reason=request.POST.get("reason", ""))
        messages.success(request, _("Revoked."))
    except CorridorError as exc:
        _fail(request, exc)
    return redirect("orientation:licences")


@require_perm("orientation.teach")
def provider(request):
    own = selectors.own_courses(user=request.user)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "course":
                modules = []
                for line in request.POST.get("modules", "").splitlines():
                    if line.strip():
                        title, _sep, hours = line.rpartition("|")
                        modules.append((title.strip(), hours.strip()))
                services.course_create(acting_user=request.user, code=request.POST.get("code", ""),
                                       title=request.POST.get("title", ""), modules=modules,
                                       languages=[c.strip() for c in request.POST.get("languages", "").split(",") if c.strip()],
                                       destination=request.POST.get("destination", ""),
                                       assessment=request.POST.get("assessment", ""))
            else:
                course = own.filter(pk=request.POST.get("course") or 0).first()
                if course is None:
                    raise InvalidInput(fields={"course": [_("Choose one of your courses.")]})
                starts = _date(request.POST.get("starts_on"))
                if starts is None:
                    raise InvalidInput(fields={"starts_on": [_("A date is required.")]})
                services.session_schedule(acting_user=request.user, course=course, starts_on=starts,
                                          ends_on=_date(request.POST.get("ends_on")) or starts,
                                          place=request.POST.get("place", ""), language=request.POST.get("language", ""),
                                          capacity=int(request.POST.get("capacity") or 0))
            messages.success(request, _("Recorded."))
            return redirect("orientation:provider")
        except (CorridorError, ValueError) as exc:
            if isinstance(exc, CorridorError):
                _fail(request, exc)
            else:
                messages.error(request, _("Places are a number."))
    licence = services.active_licence(request.user.organisation_id) if request.user.organisation_id else None
    rows = [(course, course.sessions.order_by("-starts_on")[:20]) for course in own]
    return render(request, "orientation/provider.html", {"rows": rows, "licence": licence,
                                                         "assessments": sorted(assessments.catalogue())},
                  status=422 if request.method == "POST" else 200)


@require_perm("orientation.teach")
def session(request, reference):
    item = selectors.session_get(user=request.user, reference=reference)
    if request.method == "POST":
        worker = worker_by_passport(passport=request.POST.get("passport", ""),
                                    nationality=request.POST.get("nationality") or settings.CORRIDOR_COUNTRY)
        try:
            if worker is None:
                raise InvalidInput(fields={"passport": [_("No worker with this passport is recorded on the node.")]})
            audit.record(actor=request.user, action="worker.lookup_by_passport", target=worker, is_read=True)
            services.enrolment_create(acting_user=request.user, session=item, worker=worker)
            messages.success(request, _("Enrolled."))
            return redirect("orientation:session", reference=item.reference)
        except CorridorError as exc:
            _fail(request, exc)
    return render(request, "orientation/session.html", {
        "session": item, "enrolments": item.enrolments.select_related("worker").prefetch_related("attempts")},
        status=422 if request.method == "POST" else 200)


ENROLMENT_ACTS = {"attend", "absent", "complete"}


@require_perm("orientation.teach")
@require_POST
def enrolment_act(request, reference, act):
    enrolment = selectors.enrolment_get(user=request.user, reference=reference)
    if act not in ENROLMENT_ACTS:
        raise Http404()
    try:
        if act == "complete":
            services.enrolment_complete(acting_user=request.user, enrolment=enrolment)
        else:
            services.attendance_record(acting_user=request.user, enrolment=enrolment, attended=act == "attend")
        messages.success(request, _("Recorded."))
    except CorridorError as exc:
        _fail(request, exc)
    return redirect("orientation:session", reference=enrolment.session.reference)


@require_perm("orientation.assessment")
def assessment(request, reference):
    enrolment = selectors.enrolment_get(user=request.user, reference=reference)
    test = assessments.get(enrolment.session.course.assessment)
    if test is None:
        raise Http404()
    lang = request.POST.get("language") or request.GET.get("language") or normalise_language(get_language() or "en")
    if lang not in test.languages:
        lang = enrolment.session.language_id if enrolment.session.language_id in test.languages else "en"
    attempt = None
    if request.method == "POST":
        answers = {q.id: request.POST.get(q.id) for q in test.questions}
        try:
            attempt = services.assessment_take(acting_user=request.user, enrolment=enrolment, language=lang, answers=answers)
        except CorridorError as exc:
            _fail(request, exc)
    return render(request, "orientation/assessment.html", {
        "enrolment": enrolment, "title": test.title.get(lang) or test.title["en"], "questions": test.in_language(lang),
        "chosen_language": lang, "offered_languages": sorted(test.languages), "attempt": attempt, "pass_mark": test.pass_mark})


@require_perm("orientation.assessment")
def mine(request):
    return render(request, "orientation/mine.html", {"enrolments": selectors.my_enrolments(user=request.user)})
