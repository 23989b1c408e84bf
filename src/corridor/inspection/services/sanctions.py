"""Sanctions by the law's scale (data/sanction_scale.toml): announced to the registry (`inspection.sanction_issued`)
and sent to the origin nodes whose nationals work for the employer (`inspection.sanction`)."""

import logging
import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, events
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.money import to_decimal
from corridor.exchange.services import message_send
from corridor.inspection.choices import SanctionKind, VisitStatus
from corridor.inspection.errors import SanctionInvalid
from corridor.inspection.models import Sanction, SanctionNotice, Visit
from corridor.inspection.services._common import _reference, _require_inspector, _user

logger = logging.getLogger(__name__)
SCALE = Path(__file__).resolve().parent.parent / "data" / "sanction_scale.toml"
KIND = "inspection.sanction"


@cache
def _scales() -> dict:
    with SCALE.open("rb") as handle:
        return tomllib.load(handle)


def scale_for(country: str) -> dict:
    """The scale of a destination country, or the unverified default (no citation)."""
    scales = _scales()
    return scales.get((country or "").upper(), scales["default"])


def origins_of_workers(*, user, employer) -> dict[str, int]:
    """Origin countries of the workers cleared for this employer, with how many (clearance's public selectors)."""
    counts: dict[str, int] = {}
    for country in (clearance_selectors.arriving_list(user=user).filter(employer_name__iexact=employer.name)
                    .values_list("source_country", flat=True)):
        counts[country] = counts.get(country, 0) + 1
    return counts


def sanction_issue(*, acting_user, visit: Visit, kind: str, reason: str, amount=None, currency: str = "",
                   days: int | None = None, workers_concerned: int = 1, legal_basis: str = "", watchlist: bool = False,
                   reject_employer: bool = False) -> Sanction:
    _require_inspector(acting_user, "inspection.decide")
    reason = (reason or "").strip()
    if visit.status not in {VisitStatus.COMPLETED, VisitStatus.CLOSED}:
        raise InvalidInput(fields={"visit": [_("A sanction follows a completed visit.")]})
    if kind not in SanctionKind.values or not reason:
        raise SanctionInvalid()
    employer = visit.employer
    scale = scale_for(employer.country_id)
    step = scale.get(kind)
    if step is None:
        raise SanctionInvalid(fields={"kind": [_("The law of this country has no such sanction.")]})
    workers_concerned = max(int(workers_concerned or 1), 1)
    if kind == SanctionKind.FINE:
        try:
            amount = to_decimal(amount)
        except (InvalidOperation, TypeError, ValueError) as exc:
            raise SanctionInvalid(fields={"amount": [_("A fine needs an amount.")]}) from exc
        most = Decimal(step["max_amount"]) * (workers_concerned if step.get("multiply_by_workers") else 1) \
            if step.get("max_amount") else None
        if amount <= 0 or (most is not None and amount > most):
            raise SanctionInvalid(fields={"amount": [_("The fine must be more than 0 and at most %(most)s.")
                                                     % {"most": most}]})
        least = Decimal(step["min_amount"]) if step.get("min_amount") else None
        if least is not None and amount < least:
            raise SanctionInvalid(fields={"amount": [_("The law's smallest fine is %(least)s.") % {"least": least}]})
        currency = (currency or scale.get("currency") or "").upper()[:3]
        if not currency:
            raise SanctionInvalid(fields={"currency": [_("A fine needs a currency.")]})
    else:
        amount, currency = None, ""
    if kind in {SanctionKind.RECRUITMENT_SUSPENSION, SanctionKind.CLOSURE} and days is not None:
        days = int(days)
        if days < 1 or (step.get("max_days") and days > int(step["max_days"])):
            raise SanctionInvalid(fields={"days": [_("The period is longer than the law allows.")]})
    else:
        days = None if kind not in {SanctionKind.RECRUITMENT_SUSPENSION, SanctionKind.CLOSURE} else days
    basis = (legal_basis or "").strip() or step.get("legal_basis", "")
    with transaction.atomic():
        sanction = Sanction.objects.create(
            reference=_reference("S"), visit=visit, employer=employer, kind=kind, amount=amount, currency=currency,
            days=days, workers_concerned=workers_concerned, reason=reason[:5000], legal_basis=basis[:300],
            watchlist=bool(watchlist), reject_employer=bool(reject_employer), issued_by=_user(acting_user))
        audit.record(actor=acting_user, action="sanction.issue", target=sanction, to_state="issued",
                     detail={"visit": visit.reference, "kind": kind, "amount": str(amount) if amount else None,
                             "watchlist": sanction.watchlist, "reject_employer": sanction.reject_employer})
        events.publish("inspection.sanction_issued", pk=sanction.pk, reference=sanction.reference,
                       employer_id=employer.pk, kind=kind, reason=sanction.reason, watchlist=sanction.watchlist,
                       reject_employer=sanction.reject_employer, actor_id=getattr(_user(acting_user), "pk", None))
        sent = []
        for country, count in sorted(origins_of_workers(user=acting_user, employer=employer).items()):
            try:
                with transaction.atomic():
                    message_send(acting_user=acting_user, peer=country, kind=KIND, body=_body(sanction, count),
                                 ordering_key=f"inspection:{employer.pk}")
                sent.append(country)
            except CorridorError as exc:  # no peer, or the kind not shared with it: the sanction stands
                logger.warning("Sanction %s not sent to %s (%s)", sanction.reference, country, exc.code)
        if sent:
            sanction.notified_countries = sent
            sanction.save(update_fields=["notified_countries"])
    return sanction


def _body(sanction: Sanction, workers: int) -> dict:
    employer = sanction.employer
    return {
        "reference": sanction.reference, "kind": sanction.kind,
        "employer": {"name": employer.name, "registration_number": employer.registration_number,
                     "country": employer.country_id},
        "amount": str(sanction.amount) if sanction.amount is not None else None, "currency": sanction.currency or None,
        "days": sanction.days, "reason": sanction.reason, "legal_basis": sanction.legal_basis,
        "issued_on": sanction.issued_at.date().isoformat(), "workers_from_recipient": workers,
    }


def sanction_notice_receive(*, country: str, body: dict) -> SanctionNotice:
    """On the origin: keep the peer's sanction (a message applied twice is one notice)."""
    employer = body.get("employer") if isinstance(body.get("employer"), dict) else {}
    reference = str(body.get("reference", ""))[:16]
    kind = str(body.get("kind", ""))
    errors = {}
    if not reference:
        errors["reference"] = ["missing"]
    if kind not in SanctionKind.values:
        errors["kind"] = ["unknown"]
    if not employer.get("name"):
        errors["employer"] = ["missing"]
    try:
        issued_on = date.fromisoformat(str(body.get("issued_on", "")))
    except ValueError:
        errors["issued_on"] = ["invalid"]
    amount = None
    if body.get("amount") not in (None, ""):
        try:
            amount = to_decimal(body["amount"])
        except (InvalidOperation, TypeError, ValueError):
            errors["amount"] = ["invalid"]
    if errors:
        raise InvalidInput(fields=errors)
    with transaction.atomic():
        notice, created = SanctionNotice.objects.get_or_create(
            source_country=country, reference=reference,
            defaults={"employer_name": str(employer["name"])[:200],
                      "employer_registration": str(employer.get("registration_number", ""))[:60],
                      "employer_country": str(employer.get("country", country))[:2].upper(), "kind": kind,
                      "amount": amount, "currency": str(body.get("currency") or "")[:3],
                      "days": int(body["days"]) if isinstance(body.get("days"), int) and body["days"] > 0 else None,
                      "reason": str(body.get("reason", ""))[:5000], "legal_basis": str(body.get("legal_basis", ""))[:300],
                      "issued_on": issued_on, "our_workers": max(int(body.get("workers_from_recipient") or 0), 0)})
        if created:
            audit.record(actor=None, action="sanction_notice.receive", target=notice,
                         detail={"peer": country, "reference": reference, "kind": kind})
    return notice
