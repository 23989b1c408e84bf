"""Disclosure control: primary suppression under the threshold, complementary suppression so that no suppressed cell
can be recomputed from the published figures, within a table and across two tables that share their margins."""

from fractions import Fraction
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.indicators import suppression
from corridor.indicators.suppression import Grid, determined, protect, publish


def by_destination():
    return Grid("by_destination", {("SA", "2026-01"): 50, ("SA", "2026-02"): 41, ("SA", "2026-03"): 38,
                                   ("QA", "2026-01"): 3, ("QA", "2026-02"): 22, ("QA", "2026-03"): 19,
                                   ("AE", "2026-01"): 12, ("AE", "2026-02"): 15, ("AE", "2026-03"): 30})


def by_sex():  # the same 230 workers, by sex: the same monthly totals (65, 78, 87)
    return Grid("by_sex", {("F", "2026-01"): 40, ("F", "2026-02"): 50, ("F", "2026-03"): 47,
                           ("M", "2026-01"): 25, ("M", "2026-02"): 28, ("M", "2026-03"): 40})


def test_a_small_count_is_suppressed_and_a_zero_is_not():
    tables = publish([Grid("t", {("A", "2026-01"): 5, ("A", "2026-02"): 20, ("B", "2026-01"): 30,
                                 ("B", "2026-02"): 40, ("C", "2026-01"): 25, ("C", "2026-02"): 12})])
    rows = {r["key"]: r for r in tables["t"]["rows"]}
    assert rows["A"]["cells"]["2026-01"] is None
    _values, hidden = protect([Grid("z", {("A", "2026-01"): 0, ("A", "2026-02"): 20, ("B", "2026-01"): 30,
                                          ("B", "2026-02"): 40})])
    assert hidden == set()  # a zero singles no one out


def test_the_row_total_would_give_a_lone_suppressed_cell_away_so_a_second_cell_goes():
    tables = publish([by_destination()])["by_destination"]
    qa = next(r for r in tables["rows"] if r["key"] == "QA")
    hidden = [m for m, n in qa["cells"].items() if n is None]
    assert "2026-01" in hidden
    assert len(hidden) >= 2 or qa["total"] is None  # QA's total minus the other months would give it back
    jan = [r["cells"]["2026-01"] for r in tables["rows"]]
    assert jan.count(None) >= 2 or tables["totals"]["2026-01"] is None  # and so would January's total


def test_a_table_of_one_row_beside_another_keeps_its_months_when_the_first_and_last_are_small():
    """One agency (a table of one row: its cells are the monthly totals) beside two destinations, the year's first
    and last months partial and small: those months go, the ten between stay published (the choice of what to hide
    once stopped at the first hidden cell's own lines and hid every month in turn)."""
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    ae = dict(zip(months, [2, 19, 16, 15, 15, 24, 11, 16, 13, 13, 21, 3], strict=True))
    sa = dict(zip(months, [5, 36, 27, 41, 29, 35, 36, 37, 31, 32, 32, 7], strict=True))
    grids = [Grid("by_destination", {**{("AE", m): n for m, n in ae.items()}, **{("SA", m): n for m, n in sa.items()}}),
             Grid("by_agency", {("Bayanihan", m): ae[m] + sa[m] for m in months})]
    tables = publish(grids)
    shown = [m for m in months if tables["by_agency"]["totals"][m] is not None]
    assert shown == months[1:-1]
    assert recomputable(tables, grids) == set()


def recomputable(published_tables: dict, grids: list[Grid]) -> set:
    """The attacker: every published figure of both tables, every row, column and shared total as an equation; which
    unknown cells do they fix? (An independent solver from suppression.determined: dense elimination.)"""
    unknowns, equations = [], []
    names = {}
    for g in grids:
        t = published_tables[g.name]
        for r in t["rows"]:
            for m in t["months"]:
                names[(g.name, r["key"], m)] = r["cells"][m]
            names[(g.name, r["key"], "total")] = r["total"]
            equations.append([((g.name, r["key"], m), 1) for m in t["months"]] + [((g.name, r["key"], "total"), -1)])
        for m in t["months"]:
            names[("month", m)] = t["totals"][m]
            equations.append([((g.name, r["key"], m), 1) for r in t["rows"]] + [(("month", m), -1)])
        names[("grand",)] = t["grand"]
        equations.append([((g.name, r["key"], "total"), 1) for r in t["rows"]] + [(("grand",), -1)])
    equations.append([(("month", m), 1) for m in published_tables[grids[0].name]["months"]] + [(("grand",), -1)])
    unknowns = sorted((v for v, n in names.items() if n is None), key=repr)
    col = {v: i for i, v in enumerate(unknowns)}
    matrix = []
    for eq in equations:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for var, coef in eq:
            if var in col:
                row[col[var]] += coef
            else:
                row[-1] -= coef * names[var]
        matrix.append(row)
    pivots, r = [], 0
    for c in range(len(unknowns)):
        p = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if p is None:
            continue
        matrix[r], matrix[p] = matrix[p], matrix[r]
        matrix[r] = [x / matrix[r][c] for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                matrix[i] = [a - matrix[i][c] * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append((r, c))
        r += 1
    return {unknowns[c] for i, c in pivots if sum(1 for x in matrix[i][:-1] if x != 0) == 1}


def test_a_differencing_attack_across_two_tables_that_share_their_margins_recovers_nothing():
    grids = [by_destination(), by_sex()]
    published = publish(grids)
    assert published["by_destination"]["rows"][1]["cells"]["2026-01"] is None or any(
        r["cells"]["2026-01"] is None for r in published["by_destination"]["rows"])
    # The monthly totals of the sex table are the same figures: the attacker uses them against the other table.
    assert published["by_sex"]["totals"] == published["by_destination"]["totals"]
    assert recomputable(published, grids) == set()


def test_the_attack_works_on_a_table_protected_alone_when_its_totals_are_published_by_the_other():
    """The check is not vacuous: hide only the small cell (no complementary cell) and the attacker gets it back."""
    grids = [by_destination(), by_sex()]
    published = publish(grids, threshold=1)  # nothing suppressed
    published["by_destination"]["rows"][1]["cells"]["2026-01"] = None  # QA, January: 3, hidden alone
    assert ("by_destination", "QA", "2026-01") in recomputable(published, grids)


def test_determined_is_exact():
    assert determined([[("x", 1), ("y", 1), ("t", -1)]], {"x"}) == {"x"}
    assert determined([[("x", 1), ("y", 1), ("t", -1)]], {"x", "y"}) == set()
    # two equations in two unknowns fix both
    assert determined([[("x", 1), ("y", 1)], [("x", 1), ("y", -1)]], {"x", "y"}) == {"x", "y"}


counts = st.integers(min_value=0, max_value=40)


@settings(max_examples=40)
@given(st.lists(counts, min_size=6, max_size=6), st.lists(counts, min_size=2, max_size=2))
def test_no_published_combination_recomputes_a_suppressed_cell(a, b):
    keys = list(product(["A", "B", "C"], ["2026-01", "2026-02"]))
    first = Grid("first", dict(zip(keys, a, strict=True)))
    # a second table of the same population: its monthly totals equal the first's, split by another dimension
    jan = sum(n for (r, m), n in first.counts.items() if m == "2026-01")
    feb = sum(n for (r, m), n in first.counts.items() if m == "2026-02")
    x, y = min(b[0], jan), min(b[1], feb)
    second = Grid("second", {("F", "2026-01"): x, ("M", "2026-01"): jan - x, ("F", "2026-02"): y,
                             ("M", "2026-02"): feb - y})
    grids = [first, second]
    values, hidden = protect(grids)
    assert all(var in hidden for var, n in values.items() if 0 < n < suppression.THRESHOLD)
    published = publish(grids)
    assert recomputable(published, grids) == set()
