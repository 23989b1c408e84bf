"""Watchlists: our entries, those received from peers, and their lifting."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit, events, node
from corridor.core.errors import InvalidInput, PermissionDenied
from corridor.core.lifecycle import require as _require
from corridor.core.models import Country
from corridor.registry import errors, names
from corridor.registry.choices import (
    SubjectKind,
)
from corridor.registry.models import (
    Agency,
    Employer,
    WatchlistEntry,
)
from corridor.registry.services._common import _index_watchlist, _job_orders_delist_for, _text, _today, _user


def _entry_fields(*, subject_kind, name, country, registration_number, date_of_birth, starts_on, ends_on, reason,
                  evidence_reference) -> dict:
    problems: dict[str, list[str]] = {}
    if subject_kind not in SubjectKind.values:
        problems["subject_kind"] = [_("Unknown kind.")]
    for field, value in (("name", name), ("reason", reason), ("evidence_reference", evidence_reference)):
        if not str(value or "").strip():
            problems[field] = [_("This field is required.")]
    if country and not Country.objects.filter(code=country).exists():
        problems["country"] = [_("Unknown country code.")]
    if starts_on is None:
        problems["starts_on"] = [_("This field is required.")]
    elif ends_on is not None and ends_on < starts_on:
        problems["ends_on"] = [_("The end must be after the start.")]
    if problems:
        raise InvalidInput(fields=problems)
    return {
        "subject_kind": subject_kind, "name": name.strip(), "name_key": names.name_key(name).key[:200], "country_id": country or None,
        "registration_number": (registration_number or "").strip(),
        "registration_key": names.normalise_identifier(registration_number or ""), "date_of_birth": date_of_birth,
        "starts_on": starts_on, "ends_on": ends_on, "reason": reason.strip(), "evidence_reference": evidence_reference.strip(),
    }


def _delist_for_entry(acting_user, entry: WatchlistEntry) -> None:
    if not entry.is_active:
        return
    reason = _("Placed on a watchlist: %(reason)s") % {"reason": entry.reason}
    if entry.employer_id:
        _job_orders_delist_for(acting_user=acting_user, employer=entry.employer, reason=reason)
    if entry.agency_id:
        _job_orders_delist_for(acting_user=acting_user, agency=entry.agency, reason=reason)


def _publish_entry(entry: WatchlistEntry) -> None:
    """Other apps react to an active entry naming a party registered here (clearance halts its clearances)."""
    if entry.is_active:
        events.publish("watchlist.entry_added", pk=entry.pk, employer_id=entry.employer_id, agency_id=entry.agency_id,
                       source_country=entry.source_country, reason=entry.reason)


def watchlist_entry_add(*, acting_user, subject_kind: str, name: str, reason: str, evidence_reference: str,
                        starts_on: date | None = None, ends_on: date | None = None, country: str = "",
                        registration_number: str = "", date_of_birth: date | None = None,
                        employer: Employer | None = None, agency: Agency | None = None) -> WatchlistEntry:
    """This node's own entry; an employer's or agency's open job orders leave the board at once."""
    _require(acting_user, "watchlist.manage")
    fields = _entry_fields(subject_kind=subject_kind, name=name, country=country, registration_number=registration_number,
                           date_of_birth=date_of_birth, starts_on=starts_on or _today(), ends_on=ends_on, reason=reason,
                           evidence_reference=evidence_reference)
    with transaction.atomic():
        entry = WatchlistEntry.objects.create(**fields, employer=employer, agency=agency, entered_by=_user(acting_user),
                                              source_country=node.identity().country)
        _index_watchlist(entry)
        audit.record(actor=acting_user, action="watchlist.add", target=entry, to_state="active",
                     detail={"subject_kind": subject_kind, "name": entry.name, "employer": employer and employer.pk,
                             "agency": agency and agency.pk})
        _publish_entry(entry)
        _delist_for_entry(acting_user, entry)
    return entry


def _peer_identity(peer) -> tuple[str, str]:
    if isinstance(peer, dict):
        return str(peer.get("country", "")).upper(), str(peer.get("key_id", ""))
    return str(getattr(peer, "country", "") or getattr(peer, "country_id", "")).upper(), str(getattr(peer, "key_id", ""))


def _parse_date(value, field):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(fields={field: [_("Not a date (YYYY-MM-DD).")]}) from exc


def watchlist_entry_receive(*, peer, payload: dict) -> WatchlistEntry:
    """A peer node's entry, stored as the peer's (its country, key id and own entry id), never re-entered as ours.

    The exchange calls this for each verified message; a repeat updates the same row, and a payload with
    `lifted_at` lifts it. An entry naming an employer or agency registered here by registration number is
    linked to it, and that party's job orders leave the board.
    """
    country, key_id = _peer_identity(peer)
    if not country or not key_id:
        raise InvalidInput(fields={"peer": [_("The peer's country and key id are required.")]})
    if not isinstance(payload, dict) or not str(payload.get("id", "")).strip():
        raise InvalidInput(fields={"id": [_("The peer's entry id is required.")]})
    fields = _entry_fields(
        subject_kind=payload.get("subject_kind"), name=str(payload.get("name", "")), country=payload.get("country") or "",
        registration_number=str(payload.get("registration_number") or ""),
        date_of_birth=_parse_date(payload.get("date_of_birth"), "date_of_birth"),
        starts_on=_parse_date(payload.get("starts_on"), "starts_on"), ends_on=_parse_date(payload.get("ends_on"), "ends_on"),
        reason=str(payload.get("reason", "")), evidence_reference=str(payload.get("evidence_reference", "")),
    )
    lifted_at = payload.get("lifted_at")
    peer_entry_id = str(payload["id"]).strip()
    with transaction.atomic():
        employer = agency = None
        if fields["registration_key"]:
            if fields["subject_kind"] == SubjectKind.EMPLOYER:
                employer = Employer.objects.filter(registration_key=fields["registration_key"],
                                                   country_id=fields["country_id"]).first()
            elif fields["subject_kind"] == SubjectKind.AGENCY:
                agency = Agency.objects.filter(licences__number_key=fields["registration_key"]).first()
        entry, created = WatchlistEntry.objects.update_or_create(
            source_country=country, source_key_id=key_id, peer_entry_id=peer_entry_id,
            defaults={**fields, "employer": employer, "agency": agency},
        )
        if lifted_at and entry.lifted_at is None:
            entry.lifted_at = timezone.now()
            entry.lift_reason = str(payload.get("lift_reason") or _("Lifted by the peer node."))
            entry.save(update_fields=["lifted_at", "lift_reason"])
        _index_watchlist(entry)
        audit.record(actor=None, action="watchlist.receive", target=entry, to_state="lifted" if entry.lifted_at else "active",
                     detail={"peer": country, "key_id": key_id, "peer_entry_id": peer_entry_id, "created": created})
        _publish_entry(entry)
        _delist_for_entry(None, entry)
    return entry


def _owns_watchlist_entry(user, entry: WatchlistEntry) -> bool:
    """The owner of an entry is the office that entered it: an officer of the same role and organisation (issue 13)."""
    owner = entry.entered_by
    if user is None or owner is None:  # a command, or an entry made by one: no office to compare
        return True
    return user.role == owner.role and user.organisation_id == owner.organisation_id


def watchlist_entry_lift(*, acting_user, entry: WatchlistEntry, reason: str) -> WatchlistEntry:
    """Lift this node's own entry; a peer's entry is lifted only by the peer."""
    _require(acting_user, "watchlist.manage")
    reason = _text(reason, "reason", _("The reason"))
    with transaction.atomic():
        entry = WatchlistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.is_from_peer:
            raise PermissionDenied(_("Only the node that entered it can lift a peer's entry."))
        if not _owns_watchlist_entry(acting_user, entry):
            raise PermissionDenied(_("Only the office that entered this watchlist entry can lift it."))
        if entry.lifted_at is not None:
            raise errors.WatchlistAlreadyLifted()
        entry.lifted_at = timezone.now()
        entry.lifted_by = _user(acting_user)
        entry.lift_reason = reason
        entry.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit.record(actor=acting_user, action="watchlist.lift", target=entry, from_state="active", to_state="lifted",
                     detail={"reason": reason})
    return entry
