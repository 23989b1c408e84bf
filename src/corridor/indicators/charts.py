"""Server-rendered SVG charts of the published tables (pygal), never of raw tallies: a suppressed cell is a gap.

pygal writes SVG itself (no browser, no JavaScript needed to see it); its optional tooltips script is stripped, so
the page stays light and works under the node's content security policy. Each chart is shown with its data table.
"""

from __future__ import annotations

import re

import pygal
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

STYLE = Style(background="transparent", plot_background="transparent", font_family="system-ui, sans-serif",
              colors=("#1f5f8b", "#c0392b", "#27773a", "#8e44ad", "#b9770e", "#555555"), title_font_size=14,
              label_font_size=11, major_label_font_size=11, legend_font_size=11)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _config(**extra) -> dict:
    return {"js": [], "disable_xml_declaration": True, "style": STYLE, "width": 640, "height": 300,
            "explicit_size": False, "print_values": False, "show_legend": True, "legend_at_bottom": True,
            "no_data_text": _("No data"), **extra}


def _svg(chart, label: str) -> str:
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 - pygal escapes every text it draws; the label is escaped above


def _escape(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))


def time_series(table: dict) -> str:
    """The table's monthly totals (a gap where a total is suppressed)."""
    chart = pygal.Line(**_config(show_legend=False, x_label_rotation=30))
    chart.title = str(table["title"])
    chart.x_labels = table["months"]
    chart.add(str(table["unit"]), [table["totals"][m] for m in table["months"]])
    return _svg(chart, _("%(title)s by month") % {"title": table["title"]})


def breakdown(table: dict, labels: dict) -> str:
    """The table's rows over the whole period (suppressed row totals left out, and said so in the table)."""
    chart = pygal.HorizontalBar(**_config(show_legend=False))
    chart.title = f"{table['title']}: {table['dimension']}"
    rows = [r for r in table["rows"] if r["total"] is not None]
    chart.x_labels = [labels.get(r["key"], r["key"]) for r in rows]
    chart.add(str(table["unit"]), [r["total"] for r in rows])
    return _svg(chart, chart.title)


def flows(origin: str, table: dict, labels: dict) -> str:
    """The corridor flows: workers deployed from this node to each destination (a flow diagram, not a map: no map
    data is shipped). Bar width is the flow."""
    chart = pygal.HorizontalBar(**_config(show_legend=False))
    chart.title = _("Flows of workers from %(origin)s") % {"origin": labels.get(origin, origin)}
    rows = [r for r in table["rows"] if r["total"] is not None]
    chart.x_labels = [f"{labels.get(origin, origin)} → {labels.get(r['key'], r['key'])}" for r in rows]
    chart.add(str(table["unit"]), [r["total"] for r in rows])
    return _svg(chart, chart.title)


def rates(rows: list[dict]) -> str:
    """Contract substitution rate (percent) per destination and agency; a suppressed rate is left out (and said so
    in the table beside the chart)."""
    chart = pygal.HorizontalBar(**_config(show_legend=False))
    chart.title = _("Contract substitution rate")
    shown = [r for r in rows if r["rate_pct"] is not None]
    chart.x_labels = [r["label"] for r in shown]
    chart.add("%", [float(r["rate_pct"]) for r in shown])
    return _svg(chart, chart.title)
