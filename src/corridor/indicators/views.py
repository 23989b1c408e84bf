"""Pages: the public statistics page (charts with their tables), downloads with a data dictionary, and the corridor
page that shows this node's and its peers' tables side by side."""

import csv
import dataclasses
import io

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.permissions import has_perm
from corridor.core.errors import CorridorError
from corridor.core.views import require_perm
from corridor.indicators import charts, presentation, selectors, services
from corridor.indicators.suppression import THRESHOLD
from corridor.indicators.tables import TABLES

FIGURES_SINCE_MONTHS = 0  # 0: every month held


def _decorated(tables: dict) -> list[dict]:
    out = []
    here = settings.CORRIDOR_COUNTRY
    for name, t in tables.items():
        labels = presentation.labels(name, [r["key"] for r in t["rows"]])
        item = {**t, "labels": labels, "rows": [{**r, "label": labels[r["key"]]} for r in t["rows"]],
                "line": charts.time_series(t), "bars": charts.breakdown(t, labels)}
        if name == "deployments_by_destination":
            item["flows"] = charts.flows(here, t, {**labels, here: presentation.labels(name, [here])[here]})
        out.append(item)
    return out


def _figures() -> list[dict]:
    """The published tables with their charts, computed once per state of the figures and language (the suppression
    and the SVG are the costly part; the summary tables change only when an event is counted)."""
    key = f"indicators:page:{get_language()}:{selectors.fingerprint()}"
    figures = cache.get(key)
    if figures is None:
        figures = _decorated(selectors.published())
        cache.set(key, figures, timeout=3600)
    return figures


def _derived() -> dict:
    derived = selectors.derived()
    return {name: [dataclasses.asdict(item) for item in items] for name, items in derived.items()}


def public(request):
    derived = selectors.derived()
    labels = {}
    for rate in derived["substitution_rates"]:
        table = f"contract_checks_by_{rate.dimension}"
        labels.setdefault(table, presentation.labels(table, [r.key for r in derived["substitution_rates"]
                                                             if r.dimension == rate.dimension]))
    rates = [{**dataclasses.asdict(r), "label": labels[f"contract_checks_by_{r.dimension}"][r.key]}
             for r in derived["substitution_rates"]]
    durations = [{**dataclasses.asdict(d), "title": TABLES[d.table].title, "band": presentation.day_band(d.median_band)
                  if d.median_band else None} for d in derived["durations"]]
    return render(request, "indicators/public.html", {
        "tables": _figures(), "threshold": THRESHOLD, "costs": selectors.recruitment_costs(),
        "remittances": selectors.remittance_costs(), "node": settings.CORRIDOR_COUNTRY, "rates": rates,
        "rates_chart": charts.rates(rates) if rates else "", "durations": durations, "owed": derived["amounts_owed"]})


def download_csv(request):
    rows = presentation.long_rows(selectors.published(), settings.CORRIDOR_COUNTRY)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["node", "table", "key", "period", "count", "amount"])
    writer.writeheader()
    writer.writerows(rows)  # keys are codes and months, never free text: no spreadsheet formula can get in
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicators.csv"'
    return response


def download_json(request):
    tables = selectors.published()
    body = {"node": settings.CORRIDOR_COUNTRY, "threshold": THRESHOLD,
            "rows": presentation.long_rows(tables, settings.CORRIDOR_COUNTRY), "derived": _derived()}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "default": str})


def dictionary(request):
    return JsonResponse(presentation.dictionary(selectors.published()), json_dumps_params={"ensure_ascii": False})


@require_perm("indicators.corridor")
def corridor(request):
    here = settings.CORRIDOR_COUNTRY
    ours = selectors.published()
    peers = selectors.peer_tables()
    sides = []
    names = list(ours) + sorted({n for tables in peers.values() for n in tables if n not in ours})
    for name in names:
        t = ours.get(name)
        keys = [r["key"] for r in t["rows"]] if t else []
        their_rows = []
        for country, tables in sorted(peers.items()):
            for key, cells in (tables.get(name) or {}).get("rows", {}).items():
                if key != "total":
                    their_rows.append({"node": country, "key": key, "total": cells.get("total")})
        labels = presentation.labels(name, keys + [r["key"] for r in their_rows]) if name in TABLES else {}
        sides.append({"name": name, "title": t["title"] if t else name, "unit": t["unit"] if t else "",
                      "ours_rows": [{"label": labels.get(r["key"], r["key"]), "total": r["total"]}
                                    for r in (t["rows"] if t else [])],
                      "their_rows": [{**r, "label": labels.get(r["key"], r["key"])} for r in their_rows]})
    return render(request, "indicators/corridor.html", {"sides": sides, "here": here, "peers": sorted(peers),
                                                        "can_share": has_perm(request.user, "indicators.share")})


@require_perm("indicators.share")
@require_POST
def share(request):
    try:
        sent = services.aggregates_share(acting_user=request.user)
    except CorridorError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tables queued for %(count)s peer(s).") % {"count": sent})
    return redirect("indicators:corridor")
