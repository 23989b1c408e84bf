"""Statistical disclosure control for the published tables: primary and complementary (secondary) suppression.

The rule (docs/indicators.md says it for readers):

1. Primary: a count from 1 to THRESHOLD - 1 is suppressed (zeros are published: they single no one out).
2. Complementary: every published table has its row totals, its monthly totals and its grand total, and the tables
   of one population (a "family", e.g. deployments by destination, by sex, by age band...) share the same monthly
   totals and grand total. All of them together form one system of linear equations. A suppressed cell must not be
   determined by that system: we put every equation of the family (every row, every month, in every table of the
   family, with the shared totals) over the suppressed cells only and reduce it exactly (fractions, no rounding); a
   suppressed cell is determined exactly when a reduced row has it as its only unknown. While one is, we also
   suppress the smallest published figure (a zero first: it loses least) of an equation where a determined cell is
   the only unknown, and check again (when there is none, of an equation of the first determined cell; when every
   figure there is already hidden, of any equation with a hidden one). The loop ends because every pass suppresses
   one more cell.

So no sum or difference of published figures, within a table or across the tables of its family (a differencing
attack across two tables that share their margins), recomputes a suppressed cell. What it does not promise: a
suppressed cell's range may be narrowed by non-negativity (interval disclosure); docs/indicators.md says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

THRESHOLD = 10
TOTAL = "total"


@dataclass
class Grid:
    """One table before publication: counts by (row, month)."""

    name: str
    counts: dict[tuple[str, str], int]
    amounts: dict[tuple[str, str], object] = field(default_factory=dict)

    @property
    def rows(self) -> list[str]:
        return sorted({r for r, _m in self.counts})

    @property
    def months(self) -> list[str]:
        return sorted({m for _r, m in self.counts})


def _variables(grids: list[Grid]) -> tuple[dict, list[list[tuple[object, int]]]]:
    """Every published figure of the family (its value) and every equation between them (variable, coefficient)."""
    months = sorted({m for g in grids for m in g.months})
    values: dict = {}
    equations: list[list[tuple[object, int]]] = []
    for m in months:
        values[("month", m)] = None
    for g in grids:
        for r in g.rows:
            row = [((g.name, r, m), 1) for m in months]
            for m in months:
                values[(g.name, r, m)] = g.counts.get((r, m), 0)
            values[(g.name, r, TOTAL)] = sum(g.counts.get((r, m), 0) for m in months)
            equations.append(row + [((g.name, r, TOTAL), -1)])
        for m in months:
            equations.append([((g.name, r, m), 1) for r in g.rows] + [(("month", m), -1)])
        equations.append([((g.name, r, TOTAL), 1) for r in g.rows] + [(("grand",), -1)])
    for m in months:  # the monthly totals: the same population in every table of the family
        values[("month", m)] = sum(grids[0].counts.get((r, m), 0) for r in grids[0].rows) if grids else 0
    values[("grand",)] = sum(values[("month", m)] for m in months)
    equations.append([(("month", m), 1) for m in months] + [(("grand",), -1)])
    return values, equations


def determined(equations: Iterable[list[tuple[object, int]]], unknown: set) -> set:
    """The unknowns that the equations fix to one value, whatever the values of the others (exact reduction)."""
    order = sorted(unknown, key=repr)
    index = {v: i for i, v in enumerate(order)}
    rows = []
    for eq in equations:
        row = {}
        for var, coef in eq:
            if var in index:
                row[index[var]] = row.get(index[var], 0) + Fraction(coef)
        row = {k: c for k, c in row.items() if c}
        if row:
            rows.append(row)
    pivots: list[tuple[int, dict]] = []
    for row in rows:  # Gaussian elimination on sparse rows
        for col, prow in pivots:
            if col in row:
                factor = row[col]
                for k, c in prow.items():
                    row[k] = row.get(k, 0) - factor * c
                row = {k: c for k, c in row.items() if c}
        if not row:
            continue
        col = min(row)
        lead = row[col]
        row = {k: c / lead for k, c in row.items()}
        reduced = []
        for pcol, prow in pivots:  # keep the earlier rows reduced (RREF)
            if col in prow:
                factor = prow[col]
                for k, c in row.items():
                    prow[k] = prow.get(k, 0) - factor * c
                prow = {k: c for k, c in prow.items() if c}
            reduced.append((pcol, prow))
        pivots = reduced + [(col, row)]
    return {order[col] for col, prow in pivots if len(prow) == 1}


def protect(grids: list[Grid], *, threshold: int = THRESHOLD) -> tuple[dict, set]:
    """Every figure of the family and the set of those suppressed (primary and complementary)."""
    values, equations = _variables(grids)
    suppressed = {v for v, n in values.items() if 0 < n < threshold}
    while True:
        fixed = determined(equations, suppressed)
        if not fixed:
            return values, suppressed
        # a line where a determined cell is the only unknown gives it away: hide a figure of such a line
        alone = [eq for eq in equations
                 if sum(1 for v, _c in eq if v in suppressed) == 1 and any(v in fixed for v, _c in eq)]
        if not alone:  # each is determined through other hidden cells: the lines of one of them
            target = sorted(fixed, key=repr)[0]
            alone = [eq for eq in equations if any(v == target for v, _c in eq)]
        neighbours = {var for eq in alone for var, _c in eq}
        candidates = [v for v in neighbours if v not in suppressed]
        if not candidates:  # fixed through other hidden cells, whose lines are all hidden: widen to their lines
            candidates = [v for eq in equations if any(u in suppressed for u, _c in eq)
                          for v, _c in eq if v not in suppressed]
        if not candidates:  # everything is hidden: nothing left to publish, so nothing can be worked out
            return values, set(values)
        suppressed.add(min(candidates, key=lambda v: (values[v], _is_total(v), repr(v))))


def _is_total(var) -> bool:
    return var[0] in ("month", "grand") or var[-1] == TOTAL


def publish(grids: list[Grid], *, threshold: int = THRESHOLD) -> dict[str, dict]:
    """The family's tables as published: each cell an int, or None when suppressed."""
    values, suppressed = protect(grids, threshold=threshold)
    months = sorted({m for g in grids for m in g.months})

    def shown(var):
        return None if var in suppressed else values[var]

    out = {}
    for g in grids:
        rows = []
        for r in g.rows:
            cells = {m: shown((g.name, r, m)) for m in months}
            amounts = {m: (None if cells[m] is None else g.amounts.get((r, m))) for m in months} if g.amounts else {}
            amount_total = None
            if g.amounts and shown((g.name, r, TOTAL)) is not None:
                amount_total = sum((g.amounts.get((r, m)) or 0 for m in months), 0)
            rows.append({"key": r, "cells": cells, "total": shown((g.name, r, TOTAL)), "amounts": amounts,
                         "amount_total": amount_total})
        out[g.name] = {"months": months, "rows": rows, "totals": {m: shown(("month", m)) for m in months},
                       "grand": shown(("grand",)), "suppressed": sum(1 for v in suppressed if v[0] == g.name)}
    return out
