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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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


def signals_record_many(*, signals: list[dict]) -> int:
    """Record many signals at once (a batch subscriber's write): each dict holds `signal_record`'s keyword arguments
    but `replace`. The same rows as `signal_record` called for each in turn: a fact already recorded (or twice in the
    batch) adds nothing, the first of the batch wins. One INSERT per `BATCH` rows; returns how many were given."""
    rows, seen = [], set()
    now = timezone.now()
    for s in signals:
        if s["factor"] not in SIGNAL_FACTORS:
            raise UnknownFactor()
        key = (s["source_ref"][:100], s["factor"])
        if key in seen:
            continue
        seen.add(key)
        rows.append(RiskSignal(employer_id=s["employer_id"], worksite_id=s.get("worksite_id"), factor=s["factor"],
                               magnitude=max(to_decimal(s.get("magnitude", 1)), Decimal(0)), source=s["source"][:60],
                               source_ref=key[0], occurred_at=s.get("occurred_at") or now))
    with transaction.atomic():
        RiskSignal.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _dialect() -> dict[str, str]:
    """The few spellings that differ between PostgreSQL and SQLite."""
    if connection.vendor == "postgresql":
        return {"least": "LEAST", "greatest": "GREATEST", "json": "jsonb_build_object",
                "text": "varchar(40)", "ts": "CAST({} AS timestamp with time zone)", "fence": "OFFSET 0",
                "cents": "CAST({} * 100 AS bigint)", "score": "* 0.01", "sum": "CAST(SUM({}) AS bigint)",
                "fmt": "CAST(({0}) / 100 AS text) || '.' || LPAD(CAST(({0}) %% 100 AS text), 2, '0')"}
    return {"least": "MIN", "greatest": "MAX", "json": "json_object", "text": "text", "ts": "{}", "fence": "",
            "cents": "CAST(ROUND({} * 100) AS INTEGER)", "score": "/ 100.0", "sum": "SUM({})", "fmt": "printf('%%d.%%02d', ({0}) / 100, ({0}) %% 100)"}


def _cents(value: Decimal) -> int:
    """A weight or cap in integer cents (the model keeps two decimals; a third would be rounded half up)."""
    return int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _score_sql(now: datetime, weights: dict[str, Weight], employer_ids: list[int] | None) -> tuple[str, list]:
    """One INSERT ... SELECT that scores every subject (an employer, and each of its worksites) from the signals and
    writes the score with its breakdown. The weights are parameters; nothing is read into Python.

    Shaped for a million employers: the signals are read once, kept inside their factor's window by a hash join
    with a small table of (factor, since), and pivoted in the same pass into one row per (employer, worksite) with a
    column per factor; every later step (the employer's sum, a worksite's general plus own signals, the points, the
    breakdown) joins those pivoted rows by hash, never a signal row again and never one subquery per subject."""
    d, ops = _dialect(), connection.ops
    signal_table, site_table = RiskSignal._meta.db_table, Worksite._meta.db_table
    params: list = []
    factors = list(SIGNAL_FACTORS)

    for f in factors:  # each factor's window: (factor, since), a table of ten rows
        params.extend([str(f), ops.adapt_datetimefield_value(now - timedelta(days=weights[f].window_days))])
    window_sql = " UNION ALL ".join([f"SELECT CAST(%s AS {d['text']}) AS factor, {d['ts'].format('%s')} AS since"]
                                    + [f"SELECT %s, {d['ts'].format('%s')}"] * (len(factors) - 1))
    named = ""
    if employer_ids is not None:
        named = f"IN ({', '.join(['%s'] * len(employer_ids))})"
        params.extend(employer_ids)
    cents = d["cents"].format("g.magnitude")
    total_of = d["sum"].format  # integer cents stay integers (PostgreSQL's SUM of bigint would answer numeric)
    unit_sums = ", ".join(f"{total_of(f'CASE WHEN g.factor = {chr(39)}{f}{chr(39)} THEN {cents} END')} AS u_{f}"
                          for f in factors)
    pivot = (f"SELECT g.employer_id, g.worksite_id, {unit_sums}, MAX(g.occurred_at) AS last "
             f"FROM {signal_table} g JOIN win ON win.factor = g.factor AND g.occurred_at >= win.since"
             f"{' WHERE g.employer_id ' + named if named else ''} GROUP BY g.employer_id, g.worksite_id")
    if employer_ids is not None:
        params.extend(employer_ids)
    sites = f"SELECT id, employer_id, sector, workforce FROM {site_table}{' WHERE employer_id ' + named if named else ''}"
    if employer_ids is not None:
        employers = " UNION ".join(["SELECT CAST(%s AS integer) AS employer_id"] * len(employer_ids))
        params.extend(employer_ids)
    else:
        employers = "SELECT employer_id FROM emp UNION SELECT employer_id FROM site"

    def point(weight: Weight, units: str) -> str:
        """min(cap, weight x units) rounded half up to the cent, in integer cents: (w x u + 50) / 100 is exact."""
        params.extend([_cents(weight.cap), _cents(weight.weight)])
        return f"{d['least']}(%s, (%s * {units} + 50) / 100)"

    emp_sums = ", ".join(f"{total_of(f'u_{f}')} AS u_{f}" for f in factors)
    emp_units = ", ".join(f"COALESCE(p.u_{f}, 0) AS u_{f}" for f in factors)
    site_units = ", ".join(f"COALESCE(gn.u_{f}, 0) + COALESCE(own.u_{f}, 0) AS u_{f}" for f in factors)
    point_cols = [f"{point(weights[f], f'u_{f}')} AS p_{f}" for f in factors]
    point_cols.append(f"{point(weights[RiskFactor.WORKFORCE], 'workforce * 2')} AS p_workforce")  # 1 per 50 = 2 cents
    sector_cases = []
    for sector in Sector.values:
        key = f"sector.{sector}"
        if key in weights:
            params.extend([sector, min(_cents(weights[key].cap), _cents(weights[key].weight))])
            sector_cases.append("WHEN %s THEN %s")
    point_cols.append(f"COALESCE(CASE sector {' '.join(sector_cases)} ELSE 0 END, 0) AS p_sector")
    fmt = d["fmt"].format
    parts = [f"'{f}', {d['json']}('units', {fmt(f'u_{f}')}, 'points', {fmt(f'p_{f}')})" for f in factors]
    parts.append(f"'workforce', {d['json']}('units', {fmt('workforce * 2')}, 'points', {fmt('p_workforce')})")
    parts.append(f"'sector', {d['json']}('units', COALESCE(sector, ''), 'points', {fmt('p_sector')}, 'weight_key', "
                 f"CASE WHEN sector IS NULL THEN '' ELSE 'sector.' || sector END)")
    total = " + ".join([f"p_{f}" for f in factors] + ["p_workforce", "p_sector"])
    unit_names = ", ".join(f"u_{f}" for f in factors)
    params.append(ops.adapt_datetimefield_value(now))
    sql = f"""
WITH win AS ({window_sql}),
piv AS ({pivot}),
site AS ({sites}),
emp AS (SELECT employer_id, {emp_sums}, MAX(last) AS last FROM piv GROUP BY employer_id),
employers AS ({employers}),
largest AS (
    SELECT employer_id, sector FROM (
        SELECT employer_id, sector, ROW_NUMBER() OVER (PARTITION BY employer_id ORDER BY workforce DESC, id) AS n
        FROM site) ranked WHERE n = 1),
staff AS (SELECT employer_id, SUM(workforce) AS workforce FROM site GROUP BY employer_id),
subjects AS (
    SELECT e.employer_id, NULL AS worksite_id, l.sector, COALESCE(w.workforce, 0) AS workforce, {emp_units},
           p.last AS last_signal_at
    FROM employers e LEFT JOIN emp p ON p.employer_id = e.employer_id
    LEFT JOIN largest l ON l.employer_id = e.employer_id LEFT JOIN staff w ON w.employer_id = e.employer_id
    UNION ALL
    SELECT s.employer_id, s.id, s.sector, s.workforce, {site_units},
           CASE WHEN gn.employer_id IS NULL THEN own.last ELSE ep.last END
    FROM site s
    LEFT JOIN piv gn ON gn.employer_id = s.employer_id AND gn.worksite_id IS NULL
    LEFT JOIN piv own ON own.employer_id = s.employer_id AND own.worksite_id = s.id
    LEFT JOIN emp ep ON ep.employer_id = s.employer_id),
scored AS (SELECT employer_id, worksite_id, sector, workforce, last_signal_at, {unit_names}, {", ".join(point_cols)}
           FROM subjects {d["fence"]})
INSERT INTO {RiskScore._meta.db_table} (employer_id, worksite_id, score, breakdown, last_signal_at, computed_at)
SELECT employer_id, worksite_id, ({total}) {d["score"]}, {d["json"]}({", ".join(parts)}), last_signal_at, %s FROM scored
"""
    return sql, params


def _tune(cursor, *, whole: bool) -> None:
    """For this transaction only: no JIT (compiling the wide query costs seconds and saves nothing), and, for the
    whole recompute, memory enough that the grouping of millions of signals is hashed in memory, not on disk."""
    cursor.execute("SET LOCAL jit = off")
    if whole:
        cursor.execute("SET LOCAL work_mem = '256MB'")


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
            if connection.vendor == "postgresql":
                _tune(cursor, whole=named is None)
            cursor.execute(sql, params)
            written = cursor.rowcount
        if written < 0:  # SQLite does not count the rows of an INSERT that starts with WITH
            written = RiskScore.objects.filter(computed_at=now).count() if named is None else \
                RiskScore.objects.filter(computed_at=now, employer_id__in=named).count()
        return written
