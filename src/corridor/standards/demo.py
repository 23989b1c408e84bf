"""Demo data for standards: the ratification and agreement files (when the shared data is on this machine), and a
joint committee under the node's latest coded agreement with its demo partner: one meeting held with decisions and
an overdue action, and the next one scheduled with that action carried onto its agenda. All fictional meetings."""

import datetime as dt

from django.utils import timezone

from corridor.standards import services
from corridor.standards.data import shared_data_dir
from corridor.standards.models import Agreement

PARTNER = {"PH": "SA", "NP": "AE"}  # the corridor whose bilateral ruleset the demo shows


def _verified(user):
    user.is_verified = lambda: True
    return user


def load(ctx) -> None:
    directory = shared_data_dir()
    services.ratifications_load(acting_user=None, directory=directory)
    services.agreements_load(acting_user=None, directory=directory)
    partner = PARTNER.get(ctx.country)
    officer = ctx.users.get("officer")
    if partner is None or officer is None:
        return
    agreement = (Agreement.objects.filter(coded=True, country_a__in=[ctx.country, partner], country_b__in=[ctx.country, partner])
                 .exclude(country_a=partner, country_b=partner).order_by("-year", "-treaty_id").first())
    if agreement is None:
        return
    officer = _verified(officer)
    today = timezone.localdate()
    first = services.meeting_schedule(acting_user=officer, agreement=agreement, scheduled_for=today - dt.timedelta(days=90),
                                      place="Riyadh (demo)" if partner == "SA" else "Abu Dhabi (demo)")
    first = services.meeting_hold(acting_user=officer, meeting=first, held_on=today - dt.timedelta(days=90),
                                  attendees="Labour ministry delegations of both countries (demo)")
    services.decision_record(acting_user=officer, meeting=first,
                             text="Wage arrears older than three months are referred to the labour courts (demo).")
    action = services.action_add(acting_user=officer, meeting=first, owner="Labour ministry, licensing bureau (demo)",
                                 owner_country=ctx.country, due_on=today - dt.timedelta(days=30),
                                 description="Share the list of agencies under investigation (demo).")
    services.action_add(acting_user=officer, meeting=first, owner="Destination labour ministry (demo)",
                        owner_country=partner, due_on=today + dt.timedelta(days=60),
                        description="Report on the arrears cases referred (demo).")
    services.meeting_approve_minutes(acting_user=officer, meeting=first, minutes="The committee reviewed the corridor "
                                     "figures and agreed the decision and actions recorded here (demo).")
    second = services.meeting_schedule(acting_user=officer, agreement=agreement, scheduled_for=today + dt.timedelta(days=14),
                                       place="Manila (demo)" if ctx.country == "PH" else "Kathmandu (demo)")
    ctx.extra.update(standards_agreement=agreement, standards_meeting=second, standards_action=action)
    ctx.accounts.append(("Standards demo", "officer", f"ratifications and {Agreement.objects.count()} agreement(s) "
                                                      "loaded, a joint committee with a carried, overdue action"))
