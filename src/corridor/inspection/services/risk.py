"""Risk: signals from other apps' events, weights an officer may change, and scores computed set-based.

points of a factor = min(cap, weight x units); units are the factor's signals inside its window (`window_days`),
the workforce per 50 workers, or 1 for the site's sector. An employer's score sums every signal about it and the
sector of its largest site; a worksite's sums the employer's signals that name no site, its own, and its sector and
workforce. Scores are computed set-based: the old scores deleted, the new ones written by one INSERT ... SELECT that
groups the signals and builds every breakdown in the database (PostgreSQL or SQLite); nothing passes through Python
row by row."""

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.db import IntegrityError, connection, transaction
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


def _dialect() -> dict[str, str]:
    """The few spellings that differ between PostgreSQL and SQLite."""
    if connection.vendor == "postgresql":
        return {"least": "LEAST", "greatest": "GREATEST", "json": "jsonb_build_object",
                "fmt": "CAST(CAST({} AS numeric(14,2)) AS text)", "num": "CAST({} AS numeric)"}
    return {"least": "MIN", "greatest": "MAX", "json": "json_object", "fmt": "printf('%%.2f', {})", "num": "({} * 1.0)"}


def _score_sql(now: datetime, weights: dict[str, Weight], employer_ids: list[int] | None) -> tuple[str, list]:
    """One INSERT ... SELECT that scores every subject (an employer, and each of its worksites) from the grouped
    signals and writes the score with its breakdown. The weights are parameters; nothing is read into Python."""
    d, ops = _dialect(), connection.ops
    signal_table, site_table = RiskSignal._meta.db_table, Worksite._meta.db_table
    params: list = []

    def when(factor):
        params.extend([factor, ops.adapt_datetimefield_value(now - timedelta(days=weights[factor].window_days))])
        return "(factor = %s AND occurred_at >= %s)"

    window = " OR ".join(when(f) for f in SIGNAL_FACTORS)
    only = ""
    if employer_ids is not None:
        only = f" AND employer_id IN ({', '.join(['%s'] * len(employer_ids))})"
        params.extend(employer_ids)
    signals = (f"SELECT employer_id, worksite_id, factor, SUM(magnitude) AS units, MAX(occurred_at) AS last "
               f"FROM {signal_table} WHERE ({window}){only} GROUP BY employer_id, worksite_id, factor")
    site_only = ""
    if employer_ids is not None:
        site_only = f" WHERE employer_id IN ({', '.join(['%s'] * len(employer_ids))})"
        params.extend(employer_ids)
    sites = f"SELECT id, employer_id, sector, workforce FROM {site_table}{site_only}"
    if employer_ids is not None:
        employers = " UNION ".join(["SELECT CAST(%s AS integer) AS employer_id"] * len(employer_ids))
        params.extend(employer_ids)
    else:
        employers = "SELECT employer_id FROM sig UNION SELECT employer_id FROM site"

    def point(weight: Weight, units: str) -> str:
        params.extend([str(weight.cap), str(weight.weight)])
        return f"ROUND({d['least']}({d['num'].format('%s')}, {d['num'].format('%s')} * {units}), 2)"

    # Per subject: each factor's units (rounded to the cent, as shown) and points.
    unit_cols = ", ".join(f"ROUND(COALESCE(SUM(CASE WHEN u.factor = '{f}' THEN u.units END), 0), 2) AS u_{f}"
                          for f in SIGNAL_FACTORS)
    point_cols = [f"{point(weights[f], f'COALESCE(p.u_{f}, 0)')} AS p_{f}" for f in SIGNAL_FACTORS]
    point_cols.append(f"{point(weights[RiskFactor.WORKFORCE], 'ROUND(s.workforce / 50.0, 2)')} AS p_workforce")
    sector_cases = []
    for sector in Sector.values:
        key = f"sector.{sector}"
        if key in weights:
            params.append(sector)
            sector_cases.append(f"WHEN %s THEN {point(weights[key], '1')}")
    point_cols.append(f"COALESCE(CASE s.sector {' '.join(sector_cases)} ELSE 0 END, 0) AS p_sector")
    fmt = d["fmt"].format
    parts = [f"'{f}', {d['json']}('units', {fmt(f'u_{f}')}, 'points', {fmt(f'p_{f}')})" for f in SIGNAL_FACTORS]
    parts.append(f"'workforce', {d['json']}('units', {fmt('ROUND(workforce / 50.0, 2)')}, 'points', "
                 f"{fmt('p_workforce')})")
    parts.append(f"'sector', {d['json']}('units', COALESCE(sector, ''), 'points', {fmt('p_sector')}, 'weight_key', "
                 f"CASE WHEN sector IS NULL THEN '' ELSE 'sector.' || sector END)")
    total = " + ".join([f"p_{f}" for f in SIGNAL_FACTORS] + ["p_workforce", "p_sector"])
    params.append(ops.adapt_datetimefield_value(now))
    sql = f"""
WITH sig AS ({signals}),
site AS ({sites}),
employers AS ({employers}),
largest AS (
    SELECT employer_id, sector FROM (
        SELECT employer_id, sector, ROW_NUMBER() OVER (PARTITION BY employer_id ORDER BY workforce DESC, id) AS n
        FROM site) ranked WHERE n = 1),
staff AS (SELECT employer_id, SUM(workforce) AS workforce FROM site GROUP BY employer_id),
subjects AS (
    SELECT e.employer_id, NULL AS worksite_id, l.sector, COALESCE(w.workforce, 0) AS workforce
    FROM employers e LEFT JOIN largest l ON l.employer_id = e.employer_id LEFT JOIN staff w ON w.employer_id = e.employer_id
    UNION ALL
    SELECT employer_id, id, sector, workforce FROM site),
general AS (SELECT DISTINCT employer_id FROM sig WHERE worksite_id IS NULL),
emp_last AS (SELECT employer_id, MAX(last) AS last FROM sig GROUP BY employer_id),
units AS (
    SELECT s.employer_id, s.worksite_id, g.factor, SUM(g.units) AS units, MAX(g.last) AS last
    FROM subjects s JOIN sig g ON g.employer_id = s.employer_id
        AND (s.worksite_id IS NULL OR g.worksite_id IS NULL OR g.worksite_id = s.worksite_id)
    GROUP BY s.employer_id, s.worksite_id, g.factor),
pivot AS (
    SELECT u.employer_id, u.worksite_id, {unit_cols}, MAX(u.last) AS own_last
    FROM units u GROUP BY u.employer_id, u.worksite_id),
scored AS (
    SELECT s.employer_id, s.worksite_id, s.sector, s.workforce,
           {", ".join(f"COALESCE(p.u_{f}, 0) AS u_{f}" for f in SIGNAL_FACTORS)},
           {", ".join(point_cols)},
           CASE WHEN s.worksite_id IS NULL THEN el.last
                WHEN gn.employer_id IS NULL THEN p.own_last ELSE el.last END AS last_signal_at
    FROM subjects s
    LEFT JOIN pivot p
        ON p.employer_id = s.employer_id
        AND (p.worksite_id = s.worksite_id OR (p.worksite_id IS NULL AND s.worksite_id IS NULL))
    LEFT JOIN general gn ON gn.employer_id = s.employer_id
    LEFT JOIN emp_last el ON el.employer_id = s.employer_id)
INSERT INTO {RiskScore._meta.db_table} (employer_id, worksite_id, score, breakdown, last_signal_at, computed_at)
SELECT employer_id, worksite_id, {total}, {d["json"]}({", ".join(parts)}), last_signal_at, %s FROM scored
"""
    return sql, params


def risk_scores_compute(*, employer_ids=None, now: datetime | None = None) -> int:
    """Compute the scores of every employer with a signal or a worksite (or only those named). Returns the rows
    written. Set-based: the old scores are deleted and the new ones written by one INSERT ... SELECT that groups the
    signals, combines them per employer and per worksite, and builds each breakdown in the database. No permission:
    the system computes (the periodic task, a subscriber, the benchmark, a button that checked `inspection.plan`)."""
    now = now or timezone.now()
    weights = weights_in_force()
    named = None if employer_ids is None else sorted({int(e) for e in employer_ids})
    with transaction.atomic():
        (RiskScore.objects.all() if named is None else RiskScore.objects.filter(employer_id__in=named)).delete()
        if named == []:
            return 0
        sql, params = _score_sql(now, weights, named)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            written = cursor.rowcount
        if written < 0:  # SQLite does not count the rows of an INSERT that starts with WITH
            written = RiskScore.objects.filter(computed_at=now).count() if named is None else \
                RiskScore.objects.filter(computed_at=now, employer_id__in=named).count()
        return written
