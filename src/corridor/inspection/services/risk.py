"""Risk: signals from other apps' events, weights an officer may change, and scores computed set-based.

points of a factor = min(cap, weight x units); units are the factor's signals inside its window (`window_days`),
the workforce per 50 workers, or 1 for the site's sector. An employer's score sums every signal about it and the
sector of its largest site; a worksite's sums the employer's signals that name no site, its own, and its sector and
workforce. Scores are computed in one grouped query over the signals and written in batches (delete + insert), so
the cost grows with the number of employers, not with a query per employer."""

import json
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from corridor.core import audit
from corridor.core.money import to_decimal
from corridor.inspection.choices import SIGNAL_FACTORS, RiskFactor, Sector
from corridor.inspection.errors import UnknownFactor, WeightInvalid
from corridor.inspection.models import RiskScore, RiskSignal, RiskWeight, Worksite
from corridor.inspection.services._common import _require_inspector, _user

DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "risk_weights.toml"
WORKFORCE_UNIT = 50
BATCH = 5000


@dataclass(frozen=True)
class Weight:
    factor: str
    weight: Decimal
    cap: Decimal
    window_days: int
    reasoning: str
    changed: bool = False  # False: the documented default

    def points(self, units: Decimal) -> Decimal:
        return min(self.cap, self.weight * units).quantize(Decimal("0.01"))


@cache
def default_weights() -> dict[str, Weight]:
    with DEFAULTS.open("rb") as handle:
        data = tomllib.load(handle)["weights"]
    return {key: Weight(key, Decimal(str(v["weight"])), Decimal(str(v["cap"])), int(v["window_days"]), v["reasoning"])
            for key, v in data.items()}


def factor_keys() -> list[str]:
    return [f.value for f in RiskFactor if f != RiskFactor.SECTOR] + [f"sector.{s}" for s in Sector.values]


def weights_in_force() -> dict[str, Weight]:
    """The documented defaults, with the officers' changes over them."""
    weights = dict(default_weights())
    for row in RiskWeight.objects.all():
        weights[row.factor] = Weight(row.factor, row.weight, row.cap, row.window_days, row.reasoning, changed=True)
    return weights


def risk_weight_set(*, acting_user, factor: str, weight, cap, window_days: int, reasoning: str) -> RiskWeight:
    """Change one factor's weight; the audit entry keeps the old and the new values."""
    _require_inspector(acting_user, "inspection.plan")
    if factor not in factor_keys():
        raise UnknownFactor(fields={"factor": [str(UnknownFactor.default_message)]})
    try:
        weight, cap, window_days = to_decimal(weight), to_decimal(cap), int(window_days)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise WeightInvalid() from exc
    if not (0 <= weight <= 1000 and 0 <= cap <= 1000 and 1 <= window_days <= 3650):
        raise WeightInvalid()
    reasoning = (reasoning or "").strip()
    if not reasoning:
        raise WeightInvalid(fields={"reasoning": [str(WeightInvalid.default_message)]})
    before = weights_in_force()[factor]
    with transaction.atomic():
        row, _created = RiskWeight.objects.update_or_create(
            factor=factor, defaults={"weight": weight, "cap": cap, "window_days": window_days, "reasoning": reasoning[:2000],
                                     "updated_by": _user(acting_user)})
        audit.record(actor=acting_user, action="risk_weight.change", target=row,
                     detail={"factor": factor, "from": {"weight": str(before.weight), "cap": str(before.cap),
                                                         "window_days": before.window_days},
                             "to": {"weight": str(weight), "cap": str(cap), "window_days": window_days},
                             "reasoning": reasoning[:500]})
    return row


def signal_record(*, employer_id: int, factor: str, source: str, source_ref: str, magnitude=1, worksite_id=None,
                  occurred_at: datetime | None = None, replace: bool = False) -> RiskSignal | None:
    """Record one signal (the subscribers' only write); a second delivery of the same fact adds nothing. With
    `replace`, a later fact about the same thing (more months unpaid) replaces the earlier magnitude."""
    if factor not in SIGNAL_FACTORS:
        raise UnknownFactor()
    magnitude = max(to_decimal(magnitude), Decimal(0))
    if replace:
        with transaction.atomic():
            signal, _created = RiskSignal.objects.update_or_create(
                source_ref=source_ref[:100], factor=factor,
                defaults={"employer_id": employer_id, "worksite_id": worksite_id, "magnitude": magnitude,
                          "source": source[:60], "occurred_at": occurred_at or timezone.now()})
        return signal
    try:
        with transaction.atomic():
            return RiskSignal.objects.create(employer_id=employer_id, worksite_id=worksite_id, factor=factor,
                                             magnitude=magnitude, source=source[:60], source_ref=source_ref[:100],
                                             occurred_at=occurred_at or timezone.now())
    except IntegrityError:
        return None


def _units_query(now: datetime, weights: dict[str, Weight], employer_ids=None):
    window = Q()
    for factor in SIGNAL_FACTORS:
        window |= Q(factor=factor, occurred_at__gte=now - timedelta(days=weights[factor].window_days))
    signals = RiskSignal.objects.filter(window)
    if employer_ids is not None:
        signals = signals.filter(employer_id__in=list(employer_ids))
    return (signals.values("employer_id", "worksite_id", "factor")
            .annotate(units=Sum("magnitude"), last=Max("occurred_at")).order_by())


def _breakdown(units: dict[str, Decimal], weights: dict[str, Weight], sector: str | None, workforce: int):
    parts, total = {}, Decimal(0)
    for factor in SIGNAL_FACTORS:
        amount = Decimal(units.get(factor, 0)).quantize(Decimal("0.01"))
        points = weights[factor].points(amount)
        parts[factor] = {"units": str(amount), "points": str(points)}
        total += points
    workforce_units = (Decimal(workforce) / WORKFORCE_UNIT).quantize(Decimal("0.01"))
    points = weights[RiskFactor.WORKFORCE].points(workforce_units)
    parts[RiskFactor.WORKFORCE] = {"units": str(workforce_units), "points": str(points)}
    total += points
    key = f"sector.{sector}" if sector else ""
    points = weights[key].points(Decimal(1)) if key in weights else Decimal("0.00")
    parts[RiskFactor.SECTOR] = {"units": sector or "", "points": str(points), "weight_key": key}
    total += points
    return total.quantize(Decimal("0.01")), parts


def risk_scores_compute(*, employer_ids=None, now: datetime | None = None) -> int:
    """Compute the scores of every employer with a signal or a worksite (or only those named). Returns the rows
    written. No permission: the system computes (the periodic task, a subscriber, the benchmark, a button that
    checked `inspection.plan`)."""
    now = now or timezone.now()
    weights = weights_in_force()
    general = defaultdict(lambda: defaultdict(Decimal))  # employer -> factor -> units of signals naming no site
    whole = defaultdict(lambda: defaultdict(Decimal))  # employer -> factor -> units of all its signals
    own = defaultdict(lambda: defaultdict(Decimal))  # worksite -> factor -> units
    last_employer, last_site = {}, {}
    for row in _units_query(now, weights, employer_ids).iterator(chunk_size=BATCH):
        employer, site, factor, units = row["employer_id"], row["worksite_id"], row["factor"], row["units"]
        whole[employer][factor] += units
        if site is None:
            general[employer][factor] += units
        else:
            own[site][factor] += units
            last_site[site] = max(last_site.get(site, row["last"]), row["last"])
        last_employer[employer] = max(last_employer.get(employer, row["last"]), row["last"])
    sites = Worksite.objects.all()
    if employer_ids is not None:
        sites = sites.filter(employer_id__in=list(employer_ids))
    by_employer = defaultdict(list)
    for site_id, employer, sector, workforce in sites.values_list("id", "employer_id", "sector", "workforce").iterator(
            chunk_size=BATCH):
        by_employer[employer].append((site_id, sector, workforce))
    employers = sorted(set(whole) | set(by_employer) | set(employer_ids or ()))
    written = 0
    for start in range(0, len(employers), BATCH):
        chunk = employers[start:start + BATCH]
        rows = []
        for employer in chunk:
            its_sites = by_employer.get(employer, [])
            largest = max(its_sites, key=lambda s: (s[2], -s[0]), default=None)
            score, parts = _breakdown(whole.get(employer, {}), weights, largest[1] if largest else None,
                                      sum(s[2] for s in its_sites))
            rows.append(RiskScore(employer_id=employer, worksite=None, score=score, breakdown=parts,
                                  last_signal_at=last_employer.get(employer), computed_at=now))
            for site_id, sector, workforce in its_sites:
                units = defaultdict(Decimal, general.get(employer, {}))
                for factor, amount in own.get(site_id, {}).items():
                    units[factor] += amount
                score, parts = _breakdown(units, weights, sector, workforce)
                last = max([t for t in (last_site.get(site_id), _general_last(employer, general, last_employer)) if t],
                           default=None)
                rows.append(RiskScore(employer_id=employer, worksite_id=site_id, score=score, breakdown=parts,
                                      last_signal_at=last, computed_at=now))
        with transaction.atomic():
            RiskScore.objects.filter(employer_id__in=chunk).delete()
            _insert(rows)
        written += len(rows)
    return written


def _insert(rows: list[RiskScore]) -> None:
    """One multi-row INSERT per batch, without building the ORM's per-object machinery (the scores of a million
    employers are written in minutes, not hours)."""
    table = RiskScore._meta.db_table
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    sql = (f"INSERT INTO {table} (employer_id, worksite_id, score, breakdown, last_signal_at, computed_at) "
           f"VALUES (%s, %s, %s, {json_param}, %s, %s)")
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(r.employer_id, r.worksite_id, ops.adapt_decimalfield_value(r.score, 12, 2),
                                  json.dumps(r.breakdown), ops.adapt_datetimefield_value(r.last_signal_at),
                                  ops.adapt_datetimefield_value(r.computed_at)) for r in rows])


def _general_last(employer, general, last_employer):
    # A signal naming no site is news for every site of the employer; the employer's latest is a fair bound.
    return last_employer.get(employer) if general.get(employer) else None
