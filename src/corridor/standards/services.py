"""Every write of the standards app: loading the ratification and agreement files, and the joint committee's
meetings (schedule with a drafted agenda, hold, decisions, actions, minutes), shared with the peer through the
exchange (`standards.joint_committee`)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from corridor.core import audit, lifecycle
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.lifecycle import require
from corridor.exchange import services as exchange
from corridor.exchange.choices import PeerStatus
from corridor.exchange.models import Peer
from corridor.rules import ratification_files
from corridor.standards import agreement_files, selectors
from corridor.standards.choices import PROVISIONS, ActionStatus, AgendaTopic, MeetingStatus
from corridor.standards.errors import (
    AgreementFileInvalid,
    AgreementNotOurs,
    MeetingTransitionNotAllowed,
    NotOurMeeting,
    PeerRecordInvalid,
    RatificationFileInvalid,
)
from corridor.standards.lifecycles import MEETING
from corridor.standards.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    Decision,
    Meeting,
    Ratification,
    RatificationLoad,
)

logger = logging.getLogger(__name__)
KIND = "standards.joint_committee"


# --- ratifications and agreements --------------------------------------------------------------------------------


def ratifications_load(*, acting_user, directory, paths: dict | None = None) -> RatificationLoad:
    """Replace the ratification table with what the three files state; a file that does not parse changes nothing."""
    require(acting_user, "standards.load")
    try:
        rows = ratification_files.read(directory, paths=paths)
        digest = ratification_files.digest(directory, paths=paths)
    except (ratification_files.RatificationFileError, OSError) as exc:
        raise RatificationFileInvalid(fields={"file": [str(exc)]}) from None
    with transaction.atomic():
        load = RatificationLoad.objects.create(digest=digest, rows=len(rows), loaded_by=acting_user)
        Ratification.objects.all().delete()
        Ratification.objects.bulk_create(
            Ratification(instrument=r.instrument, country=r.country, status=r.status, year=r.year,
                         ratified_on=r.ratified_on, in_force_on=r.in_force_on, source=r.source[:2000], note=r.note,
                         load=load) for r in rows)
        audit.record(actor=acting_user, action="ratifications.load", target=load,
                     detail={"digest": digest, "rows": len(rows)})
    return load


def agreements_load(*, acting_user, directory, country: str | None = None) -> int:
    """Record (or update) every agreement of the node's country from Chilton & Woda's files; all or nothing."""
    require(acting_user, "standards.load")
    country = (country or settings.CORRIDOR_COUNTRY).upper()
    try:
        rows = agreement_files.read(directory, country=country)
    except (agreement_files.AgreementFileError, OSError) as exc:
        raise AgreementFileInvalid(fields={"file": [str(exc)]}) from None
    with transaction.atomic():
        for row in rows:
            provisions = {name: row.provisions.get(name) if row.coded else None for name, _c, _l in PROVISIONS}
            Agreement.objects.update_or_create(treaty_id=row.treaty_id, defaults={
                "country_a": row.country_a, "country_b": row.country_b, "name_a": row.name_a, "name_b": row.name_b,
                "year": row.year, "signed_on": row.signed_on, "ratified_on": row.ratified_on, "title": row.title,
                "dataset": row.dataset, "copy_available": row.copy_available, "coded": row.coded, **provisions})
        audit.record(actor=acting_user, action="agreements.load", object_type="standards.agreement",
                     detail={"country": country, "agreements": len(rows)})
    return len(rows)


# --- joint committees ------------------------------------------------------------------------------------------


def _ours(meeting: Meeting) -> None:
    if meeting.convened_by != settings.CORRIDOR_COUNTRY:
        raise NotOurMeeting()


def _share(meeting: Meeting, *, acting_user) -> bool:
    """Queue the whole record to the peer node in this transaction; False when there is no active peer or grant."""
    peer = Peer.objects.filter(country_id=meeting.peer_country, status=PeerStatus.ACTIVE).first()
    if peer is None:
        return False
    try:
        exchange.message_send(acting_user=acting_user, peer=peer, kind=KIND, body=selectors.meeting_body(meeting),
                              ordering_key=f"joint_committee:{meeting.reference}")
    except CorridorError as exc:
        logger.warning("Joint committee %s not shared with %s: %s", meeting.reference, meeting.peer_country, exc.code)
        return False
    return True


def meeting_schedule(*, acting_user, agreement: Agreement, scheduled_for: dt.date, place: str) -> Meeting:
    """Convene a meeting under one of the node's agreements; its agenda is drafted from the corridor's figures
    since the last meeting, with every action still open carried onto it (overdue ones said so)."""
    require(acting_user, "standards.manage")
    country = settings.CORRIDOR_COUNTRY
    if country not in (agreement.country_a, agreement.country_b):
        raise AgreementNotOurs()
    peer = agreement.other_party(country)
    place = (place or "").strip()
    if not peer or not place or len(place) > 200:
        raise InvalidInput(fields={"place": ["A place is required (at most 200 characters)."]} if peer else
                           {"agreement": ["The other party has no country today."]})
    with transaction.atomic():
        number = (Meeting.objects.filter(treaty_id=agreement.treaty_id).aggregate(n=Max("number"))["n"] or 0) + 1
        meeting = Meeting.objects.create(agreement=agreement, treaty_id=agreement.treaty_id, convened_by=country,
                                         peer_country=peer, number=number, scheduled_for=scheduled_for, place=place,
                                         created_by=acting_user)
        items = selectors.agenda_draft(agreement=agreement, peer=peer, on=scheduled_for, exclude=meeting)
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, topic=item["topic"], title=item["title"],
                       figures={"lines": item["figures"]}, carried_action_id=item.get("action_id"))
            for i, item in enumerate(items, start=1))
        lifecycle.create(MEETING, meeting, "schedule", acting_user=acting_user,
                         detail={"agreement": agreement.treaty_id, "on": scheduled_for.isoformat()})
        _share(meeting, acting_user=acting_user)
    return meeting


def agenda_item_add(*, acting_user, meeting: Meeting, title: str) -> AgendaItem:
    require(acting_user, "standards.manage")
    _ours(meeting)
    title = (title or "").strip()
    if not title or len(title) > 2000:
        raise InvalidInput(fields={"title": ["An item is 1 to 2000 characters."]})
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingTransitionNotAllowed()
    with transaction.atomic():
        position = (meeting.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem.objects.create(meeting=meeting, position=position, topic=AgendaTopic.OTHER, title=title)
        audit.record(actor=acting_user, action="meeting.agenda_item_add", target=meeting, detail={"title": title})
    return item


def meeting_hold(*, acting_user, meeting: Meeting, held_on: dt.date, attendees: str = "") -> Meeting:
    _ours(meeting)
    if held_on > timezone.localdate():
        raise InvalidInput(fields={"held_on": ["A meeting cannot be held in the future."]})
    with transaction.atomic():
        meeting = lifecycle.transition(MEETING, meeting, "hold", acting_user=acting_user,
                                       changes={"held_on": held_on, "attendees": (attendees or "").strip()})
        _share(meeting, acting_user=acting_user)
    return meeting


def _held(meeting: Meeting) -> None:
    _ours(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise MeetingTransitionNotAllowed()


def decision_record(*, acting_user, meeting: Meeting, text: str) -> Decision:
    require(acting_user, "standards.manage")
    _held(meeting)
    text = (text or "").strip()
    if not text or len(text) > 4000:
        raise InvalidInput(fields={"text": ["A decision is 1 to 4000 characters."]})
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, text=text)
        audit.record(actor=acting_user, action="meeting.decision_record", target=meeting, detail={"text": text})
    return decision


def action_add(*, acting_user, meeting: Meeting, description: str, owner: str, owner_country: str,
               due_on: dt.date) -> ActionItem:
    """An action agreed at a held meeting: who does it (an office of one side) and by when."""
    require(acting_user, "standards.manage")
    _held(meeting)
    description, owner, side = (description or "").strip(), (owner or "").strip(), (owner_country or "").upper()
    problems = {}
    if not description or len(description) > 2000:
        problems["description"] = ["An action is 1 to 2000 characters."]
    if not owner or len(owner) > 200:
        problems["owner"] = ["Name the office that owns it (at most 200 characters)."]
    if side not in (meeting.convened_by, meeting.peer_country):
        problems["owner_country"] = ["The owner is one of the two sides."]
    if due_on < meeting.held_on:
        problems["due_on"] = ["The deadline comes after the meeting."]
    if problems:
        raise InvalidInput(fields=problems)
    with transaction.atomic():
        action = ActionItem.objects.create(meeting=meeting, description=description, owner=owner,
                                           owner_country=side, due_on=due_on)
        audit.record(actor=acting_user, action="meeting.action_add", target=meeting,
                     detail={"action": str(action.reference), "owner": owner, "due_on": due_on.isoformat()})
    return action


def action_complete(*, acting_user, action: ActionItem, done_on: dt.date, outcome: str = "") -> ActionItem:
    """An action done (at or between meetings); the meeting that agreed it is shared again with the update."""
    require(acting_user, "standards.manage")
    meeting = Meeting.objects.get(pk=action.meeting_id)  # as it stands now (its minutes may have been approved since)
    _ours(meeting)
    if action.status != ActionStatus.OPEN:
        raise InvalidInput(fields={"action": ["This action is already done."]})
    if done_on > timezone.localdate():
        raise InvalidInput(fields={"done_on": ["Not in the future."]})
    with transaction.atomic():
        action.status, action.done_on, action.outcome = ActionStatus.DONE, done_on, (outcome or "").strip()[:2000]
        action.save(update_fields=["status", "done_on", "outcome"])
        audit.record(actor=acting_user, action="meeting.action_complete", target=meeting,
                     detail={"action": str(action.reference), "done_on": done_on.isoformat()})
        if meeting.status == MeetingStatus.MINUTES_APPROVED:
            _share(meeting, acting_user=acting_user)
    return action


def meeting_approve_minutes(*, acting_user, meeting: Meeting, minutes: str) -> Meeting:
    _ours(meeting)
    minutes = (minutes or "").strip()
    if not minutes or len(minutes) > 20000:
        raise InvalidInput(fields={"minutes": ["The minutes are 1 to 20000 characters."]})
    with transaction.atomic():
        meeting = lifecycle.transition(MEETING, meeting, "approve_minutes", acting_user=acting_user,
                                       changes={"minutes": minutes})
        _share(meeting, acting_user=acting_user)
    return meeting


def meeting_cancel(*, acting_user, meeting: Meeting, reason: str) -> Meeting:
    _ours(meeting)
    with transaction.atomic():
        meeting = lifecycle.transition(MEETING, meeting, "cancel", acting_user=acting_user, reason=(reason or "")[:2000])
        _share(meeting, acting_user=acting_user)
    return meeting


# --- the peer's record ---------------------------------------------------------------------------------------------


def _date(value, field: str, *, required: bool = True) -> dt.date | None:
    if value is None and not required:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PeerRecordInvalid(fields={field: ["not a date"]}) from None


def peer_meeting_receive(*, peer, body: dict) -> Meeting:
    """On the peer: keep the convening node's record as it sent it (the latest wins: messages are ordered per
    meeting). Its actions are followed here too, but only the convening node changes them."""
    country = str(getattr(peer, "country_id", "") or "").upper()
    try:
        reference = uuid.UUID(str(body["meeting"]))
        convened_by = str(body["convened_by"]).upper()
        status = str(body["status"])
        treaty_id = int(body["treaty_id"])
    except (KeyError, TypeError, ValueError):
        raise PeerRecordInvalid(fields={"meeting": ["missing or malformed"]}) from None
    if convened_by != country or status not in MeetingStatus.values:
        raise PeerRecordInvalid(fields={"convened_by": ["a node shares only the meetings it convened"]})
    with transaction.atomic():
        meeting = Meeting.objects.filter(reference=reference).first()
        if meeting is not None and meeting.convened_by != country:
            raise PeerRecordInvalid(fields={"meeting": ["this meeting is another node's"]})
        fields = {
            "agreement": Agreement.objects.filter(treaty_id=treaty_id).first(), "treaty_id": treaty_id,
            "convened_by": country, "peer_country": settings.CORRIDOR_COUNTRY, "number": int(body.get("number") or 1),
            "status": status, "scheduled_for": _date(body.get("scheduled_for"), "scheduled_for"),
            "place": str(body.get("place") or "")[:200], "held_on": _date(body.get("held_on"), "held_on", required=False),
            "attendees": str(body.get("attendees") or ""), "minutes": str(body.get("minutes") or ""),
            "received_at": timezone.now(),
        }
        before = ""
        if meeting is None:
            meeting = Meeting.objects.create(reference=reference, **fields)
        else:
            before = meeting.status
            for name, value in fields.items():
                setattr(meeting, name, value)
            meeting.save()
        if before != status:  # the copy's history: each status as the peer reported it
            lifecycle.event(MEETING, meeting, "receive", from_status=before, to_status=status,
                            detail={"peer": country})
        meeting.agenda.all().delete()
        meeting.decisions.all().delete()
        meeting.actions.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=int(item["position"]), topic=item["topic"], title=str(item["title"]),
                       figures={"lines": item.get("figures") or []})
            for item in body.get("agenda") or [] if item.get("topic") in AgendaTopic.values)
        Decision.objects.bulk_create(Decision(meeting=meeting, text=str(d["text"])) for d in body.get("decisions") or [])
        for item in body.get("actions") or []:
            done = item.get("status") == ActionStatus.DONE
            ActionItem.objects.create(
                meeting=meeting, reference=uuid.UUID(str(item["reference"])), description=str(item["description"]),
                owner=str(item["owner"])[:200], owner_country=str(item["owner_side"])[:2],
                due_on=_date(item["due_on"], "due_on"), status=ActionStatus.DONE if done else ActionStatus.OPEN,
                done_on=_date(item.get("done_on"), "done_on", required=done), outcome=str(item.get("outcome") or ""))
        audit.record(actor=None, action="meeting.receive", target=meeting, detail={"peer": country, "status": status})
    return meeting
