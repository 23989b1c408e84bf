"""Demo data for orientation (origin node): the demo provider licensed, a course for the demo destination with its
modules, a session, one worker who completed it (attended, passed the assessment: the clearance records the fact)
and one still enrolled. All fictional; the hours are not a legal requirement."""

import datetime as dt

from django.utils import timezone

from corridor.orientation import services
from corridor.orientation.models import Enrolment

DESTINATION = {"PH": "SA", "NP": "QA"}
RIGHT = {"passport": 0, "contract": 1, "unpaid": 1}


def _verified(user):
    user.is_verified = lambda: True
    return user


def load(ctx) -> None:
    provider, officer = ctx.users.get("provider"), ctx.users.get("officer")
    if ctx.country not in DESTINATION or provider is None or officer is None or not ctx.workers:
        return
    provider, officer = _verified(provider), _verified(officer)
    today = timezone.localdate()
    licence = services.licence_grant(acting_user=officer, provider=provider.organisation, number="ORI-DEMO-0001",
                                     valid_from=today - dt.timedelta(days=180), valid_until=today + dt.timedelta(days=550))
    language = "tl" if ctx.country == "PH" else "ne"
    course = services.course_create(
        acting_user=provider, code=f"PDO-{ctx.country}-{DESTINATION[ctx.country]}-HSW",
        title="Pre-departure orientation for household service workers (demo)", destination=DESTINATION[ctx.country],
        modules=[("Your contract and your rights (demo)", "2"), ("Living and working in the destination (demo)", "2"),
                 ("Money, remittances and saving (demo)", "1.5"), ("Where to get help (demo)", "1.5")],
        languages=[language, "en"], assessment="pdos-rights")
    session = services.session_schedule(acting_user=provider, course=course, starts_on=today - dt.timedelta(days=2),
                                        ends_on=today - dt.timedelta(days=2), place="Orientation centre, hall 2 (demo)",
                                        language=language, capacity=40)
    services.session_schedule(acting_user=provider, course=course, starts_on=today + dt.timedelta(days=12),
                              ends_on=today + dt.timedelta(days=12), place="Orientation centre, hall 1 (demo)",
                              language=language, capacity=40)
    done = services.enrolment_create(acting_user=provider, session=session, worker=ctx.workers[-1])
    done = services.attendance_record(acting_user=provider, enrolment=done, attended=True)
    services.assessment_take(acting_user=provider, enrolment=done, language="fil" if language == "tl" else language,
                             answers=RIGHT)
    services.enrolment_complete(acting_user=provider, enrolment=done)
    waiting = services.enrolment_create(acting_user=provider, session=session, worker=ctx.workers[0])
    ctx.extra.update(orientation_licence=licence, orientation_session=session, orientation_enrolment=waiting)
    ctx.accounts.append(("Orientation demo", "provider", f"{Enrolment.objects.count()} enrolment(s) in {course.code}, "
                                                         "one completed (recorded on the worker's clearance)"))
