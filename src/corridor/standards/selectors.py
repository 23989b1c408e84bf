"""Every read of the standards app: ratifications per country (unknown where the data is partial), the corridor gap
analysis (which rules bind and which guide), agreements with the ruleset that encodes them, and joint committees."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.accounts.permissions import has_perm
from corridor.cases import selectors as cases
from corridor.cases.choices import Indicator
from corridor.clearance import selectors as clearance
from corridor.clearance.choices import MatterStatus
from corridor.core.errors import NotFound
from corridor.rules import ratification_files, ratifications
from corridor.rules.loader import default_catalogue
from corridor.standards.choices import (
    PROVISIONS,
    ActionStatus,
    AgendaTopic,
    MeetingStatus,
    RatificationStatus,
)
from corridor.standards.models import ActionItem, Agreement, Meeting, Ratification, RatificationLoad
from corridor.wages import selectors as wages

INSTRUMENT_NAMES = {
    "ICRMW": gettext_lazy("International Convention on the Protection of the Rights of All Migrant Workers and Members "
                          "of Their Families, 1990"),
    "C029": gettext_lazy("Forced Labour Convention, 1930 (No. 29)"),
    "P029": gettext_lazy("Protocol of 2014 to the Forced Labour Convention"),
    "C087": gettext_lazy("Freedom of Association and Protection of the Right to Organise Convention, 1948 (No. 87)"),
    "C098": gettext_lazy("Right to Organise and Collective Bargaining Convention, 1949 (No. 98)"),
    "C100": gettext_lazy("Equal Remuneration Convention, 1951 (No. 100)"),
    "C105": gettext_lazy("Abolition of Forced Labour Convention, 1957 (No. 105)"),
    "C111": gettext_lazy("Discrimination (Employment and Occupation) Convention, 1958 (No. 111)"),
    "C138": gettext_lazy("Minimum Age Convention, 1973 (No. 138)"),
    "C182": gettext_lazy("Worst Forms of Child Labour Convention, 1999 (No. 182)"),
    "C155": gettext_lazy("Occupational Safety and Health Convention, 1981 (No. 155)"),
    "C187": gettext_lazy("Promotional Framework for Occupational Safety and Health Convention, 2006 (No. 187)"),
    "C097": gettext_lazy("Migration for Employment Convention (Revised), 1949 (No. 97)"),
    "C143": gettext_lazy("Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)"),
    "C181": gettext_lazy("Private Employment Agencies Convention, 1997 (No. 181)"),
    "C189": gettext_lazy("Domestic Workers Convention, 2011 (No. 189)"),
}
NOT_BOUND_STATUSES = {RatificationStatus.NOT_RATIFIED, RatificationStatus.DENOUNCED, RatificationStatus.SIGNED}


# --- ratifications ---------------------------------------------------------------------------------------------


def ratifications_loaded() -> RatificationLoad | None:
    return RatificationLoad.objects.first()


def country_ratifications(country: str) -> list[dict]:
    """One line per instrument for a country, in the order of `ratification_files.INSTRUMENTS`. An instrument whose
    file is partial and does not list the country is UNKNOWN; a complete file's silence is not (it lists everyone)."""
    country = country.upper()
    stored = {r.instrument: r for r in Ratification.objects.filter(country=country)}
    lines = []
    for instrument in ratification_files.INSTRUMENTS:
        row = stored.get(instrument)
        coverage = ratification_files.coverage(instrument)
        status = row.status if row else RatificationStatus.UNKNOWN
        lines.append({"instrument": instrument, "name": INSTRUMENT_NAMES[instrument], "status": status,
                      "label": RatificationStatus(status).label, "coverage": coverage, "year": row.year if row else None,
                      "ratified_on": row.ratified_on if row else None, "in_force_on": row.in_force_on if row else None,
                      "source": row.source if row else "", "note": row.note if row else ""})
    return lines


def _side(country: str) -> dict:
    lines = country_ratifications(country)
    return {"country": country,
            "not_ratified": [line for line in lines if line["status"] in NOT_BOUND_STATUSES],
            "unknown": [line for line in lines if line["status"] == RatificationStatus.UNKNOWN],
            "ratified": [line for line in lines if line["status"] == RatificationStatus.RATIFIED]}


def corridor_gap(*, origin: str, destination: str, on: dt.date) -> dict:
    """For a corridor on a date: which instruments each side has not ratified (and where the data cannot say), and
    every encoded rule that rests on an ILO convention, binding or guidance, decided by the rules engine's own
    `ratifications.binding` (a finding on a rule that does not bind is shown as guidance, never a violation)."""
    rules = []
    for ruleset in default_catalogue().applicable(origin, destination, on):
        for rule in ruleset.rules:
            if rule.convention is None or not rule.in_force(on):
                continue
            bound, why = ratifications.binding(rule.convention, rule.bound_by, origin, destination, on)
            rules.append({"ruleset": ruleset.id, "version": ruleset.version, "rule": rule.id,
                          "convention": rule.convention, "bound_by": rule.bound_by, "binding": bound,
                          "status": why, "severity": rule.severity, "citation": rule.citation})
    sides = [_side(origin), _side(destination)]
    return {"origin": sides[0], "destination": sides[1], "sides": sides, "rules": rules, "on": on,
            "loaded": ratifications_loaded()}


# --- agreements --------------------------------------------------------------------------------------------------


def encoding_ruleset(agreement: Agreement) -> str | None:
    """The bilateral ruleset that encodes an agreement: same two countries, and its first version takes effect in
    the year the agreement was signed (ph-sa: the 2013 domestic workers agreement; np-ae: the 2019 MoU)."""
    if not agreement.year:
        return None
    pair = {agreement.country_a, agreement.country_b}
    for ruleset_id, versions in default_catalogue().versions.items():
        first = versions[0]
        if first.jurisdiction == "bilateral" and set(first.countries) == pair and first.effective_from.year == agreement.year:
            return ruleset_id
    return None


def _provisions(agreement: Agreement) -> list[dict]:
    return [{"name": name, "label": label, "value": getattr(agreement, name)} for name, _c, label in PROVISIONS]


def agreement_list(*, user, country: str | None = None) -> list[dict]:
    """The node's agreements, each with what its coding says it provides and the ruleset that encodes it (None:
    work to do)."""
    if not has_perm(user, "standards.view"):
        return []
    country = (country or settings.CORRIDOR_COUNTRY).upper()
    rows = []
    for agreement in Agreement.objects.filter(country_a=country) | Agreement.objects.filter(country_b=country):
        rows.append({"agreement": agreement, "peer": agreement.other_party(country), "ruleset": encoding_ruleset(agreement),
                     "provisions": _provisions(agreement)})
    rows.sort(key=lambda r: (-(r["agreement"].year or 0), r["agreement"].treaty_id))
    return rows


def agreement_get(*, user, treaty_id: int) -> dict:
    if not has_perm(user, "standards.view"):
        raise NotFound()
    country = settings.CORRIDOR_COUNTRY
    agreement = Agreement.objects.filter(treaty_id=treaty_id).first()
    if agreement is None or country not in (agreement.country_a, agreement.country_b):
        raise NotFound()
    return {"agreement": agreement, "peer": agreement.other_party(country), "ruleset": encoding_ruleset(agreement),
            "provisions": _provisions(agreement),
            "meetings": list(Meeting.objects.filter(treaty_id=treaty_id).order_by("-scheduled_for", "-id"))}


# --- joint committees -------------------------------------------------------------------------------------------


def meeting_list(*, user) -> QuerySet[Meeting]:
    if not has_perm(user, "standards.view"):
        return Meeting.objects.none()
    return Meeting.objects.select_related("agreement")


def meeting_get(*, user, reference) -> Meeting:
    meeting = meeting_list(user=user).filter(reference=reference).first()
    if meeting is None:
        raise NotFound()
    return meeting


def action_get(*, user, reference) -> ActionItem:
    action = ActionItem.objects.filter(reference=reference, meeting__in=meeting_list(user=user)).select_related("meeting").first()
    if action is None:
        raise NotFound()
    return action


def open_actions(*, treaty_id: int, before: Meeting | None = None) -> QuerySet[ActionItem]:
    """Actions still open from the earlier meetings under an agreement (both nodes' meetings)."""
    qs = ActionItem.objects.filter(meeting__treaty_id=treaty_id, status=ActionStatus.OPEN).select_related("meeting")
    if before is not None:
        qs = qs.exclude(meeting=before)
    return qs.order_by("due_on", "id")


def _since(treaty_id: int, on: dt.date, exclude: Meeting | None) -> dt.date:
    """Figures run from the last meeting held under the agreement (a year back for the first)."""
    held = Meeting.objects.filter(treaty_id=treaty_id, held_on__isnull=False, held_on__lt=on)
    if exclude is not None:
        held = held.exclude(pk=exclude.pk)
    last = held.order_by("-held_on").values_list("held_on", flat=True).first()
    return last or on - dt.timedelta(days=365)


def agenda_draft(*, agreement: Agreement, peer: str, on: dt.date, exclude: Meeting | None = None) -> list[dict]:
    """The agenda the node drafts from its own corridor figures (aggregates: no worker is named), and the actions
    still open from earlier meetings (overdue when their deadline is before this meeting)."""
    since = _since(agreement.treaty_id, on, exclude)
    period = {"from": since.isoformat(), "to": on.isoformat()}
    matters = clearance.corridor_substitution_matters(peer=peer)
    halts = clearance.corridor_halts(peer=peer, since=since)
    arrears = wages.corridor_arrears(peer=peer)
    indicators = cases.corridor_cases_by_indicator(peer=peer, since=since)
    items = [
        {"topic": AgendaTopic.SUBSTITUTION,
         "title": _("Contract substitution: matters about workers cleared by %(peer)s") % {"peer": peer},
         "figures": [{"label": str(MatterStatus(status).label), "value": str(n)} for status, n in sorted(matters.items())]},
        {"topic": AgendaTopic.ARREARS, "title": _("Wage arrears in the corridor"),
         "figures": [{"label": f"{row['currency']} ({row['source']})",
                      "value": _("%(total)s owed to %(workers)s worker(s), %(months)s month(s)")
                      % {"total": row["total"], "workers": row["workers"], "months": row["months"]}} for row in arrears]},
        {"topic": AgendaTopic.FORCED_LABOUR,
         "title": _("Cases by forced-labour indicator since %(since)s") % {"since": since.isoformat()},
         "figures": [{"label": str(Indicator(key).label) if key in Indicator.values else key, "value": str(n)}
                     for key, n in indicators.items()]},
        {"topic": AgendaTopic.HALTS, "title": _("Departures halted since %(since)s") % {"since": since.isoformat()},
         "figures": [{"label": _("Halted by us"), "value": str(halts["halted_by_us"])},
                     {"label": _("Halted by the peer"), "value": str(halts["halted_by_peer"])}]},
    ]
    for item in items:
        item["period"] = period
    for action in open_actions(treaty_id=agreement.treaty_id, before=exclude):
        overdue = action.due_on < on
        items.append({"topic": AgendaTopic.CARRIED_ACTION, "action_id": action.pk,
                      "title": (_("OVERDUE since %(due)s: %(action)s (owner: %(owner)s)") if overdue else
                                _("Due %(due)s: %(action)s (owner: %(owner)s)"))
                      % {"due": action.due_on.isoformat(), "action": action.description, "owner": action.owner},
                      "figures": [{"label": _("agreed at meeting"), "value": str(action.meeting.number)}]})
    return items


def meeting_body(meeting: Meeting) -> dict:
    """The `standards.joint_committee` body (spec/exchange/kinds/standards.joint_committee.schema.json)."""
    agreement = meeting.agreement
    return {
        "meeting": str(meeting.reference), "treaty_id": meeting.treaty_id,
        "agreement_title": (agreement.title or str(agreement)) if agreement else "",
        "convened_by": meeting.convened_by, "number": meeting.number, "status": meeting.status,
        "scheduled_for": meeting.scheduled_for.isoformat(), "place": meeting.place,
        "held_on": meeting.held_on.isoformat() if meeting.held_on else None,
        "attendees": meeting.attendees, "minutes": meeting.minutes,
        "agenda": [{"position": item.position, "topic": item.topic, "title": item.title,
                    "figures": [{"label": str(f["label"]), "value": str(f["value"])}
                                for f in (item.figures or {}).get("lines", [])]}
                   for item in meeting.agenda.all()],
        "decisions": [{"text": d.text} for d in meeting.decisions.all()],
        "actions": [{"reference": str(a.reference), "description": a.description, "owner": a.owner,
                     "owner_side": a.owner_country, "due_on": a.due_on.isoformat(), "status": a.status,
                     "done_on": a.done_on.isoformat() if a.done_on else None, "outcome": a.outcome}
                    for a in meeting.actions.all()],
    }


def is_ours(meeting: Meeting) -> bool:
    return meeting.convened_by == settings.CORRIDOR_COUNTRY


MEETING_OPEN = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)
