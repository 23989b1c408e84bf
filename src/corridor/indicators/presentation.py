"""What the pages, API and downloads show of a published table: row labels, the long (tidy) form, the dictionary."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.accounts.choices import Sex
from corridor.cases.choices import GrievanceType, Indicator
from corridor.core.names import country_name
from corridor.indicators.suppression import THRESHOLD
from corridor.indicators.tables import TABLES
from corridor.reintegration.choices import FollowUpOutcome

COUNTRY_DIMENSIONS = {"destination", "where", "left"}


def labels(table_name: str, keys) -> dict[str, str]:
    dimension = TABLES[table_name].dimension
    sexes = dict(Sex.choices)
    grievances = dict(GrievanceType.choices)
    indicators = dict(Indicator.choices)
    outcomes = dict(FollowUpOutcome.choices)
    out = {}
    for key in keys:
        if key == "unknown":
            out[key] = _("not recorded")
        elif dimension in COUNTRY_DIMENSIONS:
            out[key] = country_name(key) or key
        elif dimension == "sex":
            out[key] = str(sexes.get(key, key))
        elif dimension == "grievance":
            out[key] = str(grievances.get(key, key))
        elif dimension == "indicator_code":
            out[key] = str(indicators.get(key, key))
        elif dimension == "outcome":
            out[key] = str(outcomes.get(key, key))
        elif dimension == "employer_size":
            out[key] = _("employer of %(band)s workers") % {"band": key}
        elif dimension == "days":
            out[key] = day_band(key)
        else:
            out[key] = key
    return out


def day_band(key: str | None) -> str:
    """The label of a band of days (cases.selectors.DAY_BANDS; the key is the band's upper bound, zero-padded)."""
    from corridor.cases.selectors import DAY_BANDS  # why: tables imports the other apps' selectors; read late

    if not key or not key.isdigit():
        return _("not recorded")
    upper = int(key)
    if upper not in DAY_BANDS:
        return _("%(n)s days or more") % {"n": DAY_BANDS[-1]}
    lower = ([0, *DAY_BANDS])[DAY_BANDS.index(upper)]
    return _("%(low)s to under %(high)s days") % {"low": lower, "high": upper}


def long_rows(tables: dict[str, dict], node: str) -> list[dict]:
    """Every published cell as one row (table, row, month or "total", count or empty when suppressed)."""
    out = []
    for name, t in tables.items():
        for r in t["rows"]:
            for m in t["months"]:
                out.append({"node": node, "table": name, "key": r["key"], "period": m, "count": r["cells"][m],
                            "amount": r["amounts"].get(m) if t["amount"] else None})
            out.append({"node": node, "table": name, "key": r["key"], "period": "total", "count": r["total"],
                        "amount": r["amount_total"] if t["amount"] else None})
        for m in t["months"]:
            out.append({"node": node, "table": name, "key": "total", "period": m, "count": t["totals"][m],
                        "amount": None})
        out.append({"node": node, "table": name, "key": "total", "period": "total", "count": t["grand"],
                    "amount": None})
    return out


def dictionary(tables: dict[str, dict]) -> dict:
    """The data dictionary of the downloads."""
    return {
        "columns": {
            "node": _("ISO 3166-1 alpha-2 code of the node that computed the figure."),
            "table": _("The table (see tables below)."),
            "key": _("The row: the value of the table's dimension, \"total\" for the table's total, \"unknown\" when "
                     "the record does not say."),
            "period": _("The month (YYYY-MM) the facts fall in, or \"total\" for the whole period."),
            "count": _("How many (see the table's unit). Empty (CSV) or null (JSON) when suppressed."),
            "amount": _("For money tables, the sum in the row's currency; empty when suppressed or not a money "
                        "table."),
        },
        "suppression": _("Counts from 1 to %(n)s are suppressed, and further cells are suppressed so that no "
                         "suppressed count can be recomputed from the published ones, totals and other tables of "
                         "the same population included (docs/indicators.md).") % {"n": THRESHOLD - 1},
        "threshold": THRESHOLD,
        "derived": {
            "substitution_rates": _("JSON only (computed from the contract_checks_by_* and substitutions_by_* tables of "
                                    "the CSV): per destination and per agency, contracts checked at destination, "
                                    "found substituted, and rate_pct = substituted / checked x 100 over the whole "
                                    "period; null when a count is suppressed.") + " "
            + _("Also per employer size band (dimension employer_size: 1-9, 10-49, 50-249, 250+ workers, or unknown)."),
            "durations": _("JSON only: for first_response_days and resolution_days, the number of complaints (null "
                           "when under the threshold) and median_band, the upper bound in days of the band holding "
                           "the median (bands: under 1, 2, 3, 7, 14, 30, 60, 90, 180, 365 days; 366: a year or "
                           "more)."),
            "amounts_owed": _("JSON only (from claims_by_currency and recoveries_by_currency): per currency, exact "
                              "decimal sums claimed for workers, recovered, and owed = claimed - recovered; null when "
                              "suppressed."),
        },
        "tables": {name: {"title": t["title"], "dimension": t["dimension"], "unit": t["unit"], "source": t["source"]}
                   for name, t in tables.items()},
    }
