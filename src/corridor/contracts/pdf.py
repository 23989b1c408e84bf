"""The registered contract as a PDF: the worker's language beside the destination's, with a QR code to the register."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from corridor.contracts.models import ContractVersion
from corridor.core import node
from corridor.core.languages import direction, shipped
from corridor.core.signing import SignatureError, jws_header

# The official language of common destinations, used when the contract is written in it.
OFFICIAL = {"SA": "ar", "QA": "ar", "AE": "ar", "KW": "ar", "BH": "ar", "OM": "ar", "JO": "ar", "LB": "ar",
            "ES": "es", "MX": "es", "PH": "fil", "NP": "ne"}


def languages_for(doc: dict[str, Any]) -> tuple[str, str]:
    """(the worker's language, the destination's official language of the contract), never the same twice."""
    worker = next((lang for lang in map(shipped, doc["worker"].get("languages", [])) if lang), "en")
    written = [code for code in (doc.get("languages") or {}).get("contract", [])]
    official = OFFICIAL.get(doc["corridor"]["destination"])
    if official in written and official != worker:
        other = official
    else:
        other = next((lang for lang in map(shipped, written) if lang and lang != worker), None)
        other = other or ("en" if worker != "en" else (official or "ar"))
    return worker, other


def verify_url(reference: str, content_hash: str) -> str:
    """What the QR code carries: the register's public check, with the reference and the content hash."""
    return f"{node.identity().url.rstrip('/')}/contracts/verify/?" + urlencode({"ref": reference, "sha256": content_hash})


def _yes_no(value: Any) -> str:
    if value is None:
        return _("not stated")
    return _("yes") if value else _("no")


def _period(period: str) -> str:
    return {"hour": _("per hour"), "day": _("per day"), "week": _("per week"), "month": _("per month")}.get(period, period)


def _payer(who: str | None) -> str:
    return {"employer": _("the employer"), "worker": _("the worker"), "shared": _("shared")}.get(who or "", _("not stated"))


@dataclass
class Row:
    label: str
    value: str
    ltr: bool = False  # numbers, codes and amounts keep left-to-right order inside a right-to-left column

    @property
    def dir(self) -> str:
        """WeasyPrint has no dir="auto": the direction of the first strong character, as the browser would take."""
        if not self.ltr:
            for char in self.value:
                kind = unicodedata.bidirectional(char)
                if kind in ("R", "AL"):
                    return "rtl"
                if kind == "L":
                    break
        return "ltr"


def _rows(doc: dict[str, Any], reference: str, number: int) -> list[tuple[str, list[Row]]]:
    """The sections of the document, labels and worded values in the active language."""
    g = lambda path, default=None: _get(doc, path, default)  # noqa: E731
    wage = doc["wage"]
    allowances = "; ".join(f"{a['kind']} {a['amount']} {wage['currency']}" for a in wage.get("allowances", [])) or "-"
    fees = "; ".join(f"{f['item']} {f['amount']} {f['currency']}" for f in g("fees.paid_by_worker", [])) or _("none")
    deductions = "; ".join(f"{d['purpose']} {d['amount']} {wage['currency']}" for d in doc.get("deductions", [])) or _("none")
    recruiters = "; ".join(f"{r['name']} ({r['country']})" for r in doc.get("recruiters", [])) or "-"
    keeps = g("documents.worker_keeps_identity_documents")
    return [
        (_("The contract"), [
            Row(_("Reference"), reference, True), Row(_("Version"), str(number), True),
            Row(_("Corridor"), f"{doc['corridor']['origin']} → {doc['corridor']['destination']}", True),
        ]),
        (_("The worker"), [
            Row(_("Name"), doc["worker"]["full_name"]),
            Row(_("Nationality"), doc["worker"]["nationality"], True),
            Row(_("Date of birth"), g("worker.date_of_birth", "-"), True),
            Row(_("Passport number"), g("worker.passport_number", "-"), True),
        ]),
        (_("The employer"), [
            Row(_("Name"), doc["employer"]["name"]), Row(_("Country"), doc["employer"]["country"], True),
            Row(_("Address"), g("employer.address", "-")), Row(_("Recruitment agencies"), recruiters),
        ]),
        (_("The job"), [
            Row(_("Job title"), doc["job"]["title"]), Row(_("Sector"), doc["job"]["sector"], True),
            Row(_("Place of work"), g("job.worksite", "-")),
            Row(_("Start date"), doc["term"]["start_date"], True),
            Row(_("Duration in months"), str(doc["term"]["duration_months"]), True),
            Row(_("Probation in days"), str(g("term.probation_days", "-")), True),
        ]),
        (_("Pay"), [
            Row(_("Basic wage"), f"{wage['amount']} {wage['currency']}", True),
            Row(_("Wage period"), _period(wage["period"])),
            Row(_("Allowances"), allowances),
            Row(_("Paid directly to the worker"), _yes_no(wage.get("paid_directly_to_worker"))),
            Row(_("Deductions"), deductions),
        ]),
        (_("Hours and rest"), [
            Row(_("Normal hours a day"), str(doc["hours"]["normal_daily"]), True),
            Row(_("Normal hours a week"), str(doc["hours"]["normal_weekly"]), True),
            Row(_("Overtime premium (%)"), str(g("hours.overtime_premium_pct", "-")), True),
            Row(_("Daily rest (hours)"), str(g("rest.daily_rest_hours", "-")), True),
            Row(_("Weekly rest (hours)"), str(g("rest.weekly_rest_hours", "-")), True),
            Row(_("Paid annual leave (days)"), str(g("rest.annual_leave_days", "-")), True),
        ]),
        (_("Living and protection"), [
            Row(_("Accommodation provided"), _yes_no(g("accommodation.provided"))),
            Row(_("Food provided"), _yes_no(g("food.provided"))),
            Row(_("Medical care paid by the employer"), _yes_no(g("medical.care_paid_by_employer"))),
            Row(_("Health insurance"), _yes_no(g("medical.health_insurance"))),
            Row(_("Work injury insurance"), _yes_no(g("social_security.work_injury_insurance"))),
            Row(_("The worker keeps their passport and documents"), _yes_no(keeps)),
            Row(_("Fees paid by the worker"), fees),
            Row(_("Return journey paid by"), _payer(g("transport.return_paid_by"))),
            Row(_("The worker may change employer"), _yes_no(g("termination.worker_may_change_employer"))),
            Row(_("Notice in days"), str(g("termination.notice_days", "-")), True),
            Row(_("Disputes"), g("dispute_resolution", "-")),
        ]),
    ]


def _get(doc: dict[str, Any], path: str, default=None):
    node_: Any = doc
    for part in path.split("."):
        if not isinstance(node_, dict) or node_.get(part) is None:
            return default
        node_ = node_[part]
    return node_


def _column(lang: str, doc: dict[str, Any], reference: str, number: int) -> dict[str, Any]:
    with translation.override(lang):
        return {
            "lang": lang, "dir": direction(lang),
            "title": _("Employment contract"),
            "sections": _rows(doc, reference, number),
            "registered": _("Registered by %(node)s") % {"node": node.identity().name},
            "check_text": _("Scan the code to check this document against the register."),
        }


def render_pdf(version: ContractVersion) -> bytes:
    """The PDF of a registered version (WeasyPrint; fonts-noto-core for Arabic and Devanagari)."""
    from weasyprint import HTML  # why: loads Pango; only PDFs need it

    doc = version.as_document()
    reference = version.contract.reference or ""
    first, second = languages_for(doc)
    left, right = _column(first, doc, reference, version.number), _column(second, doc, reference, version.number)
    rows = []
    for (title_a, rows_a), (title_b, rows_b) in zip(left["sections"], right["sections"], strict=True):
        rows.append({"heading": (title_a, title_b), "pairs": list(zip(rows_a, rows_b, strict=True))})
    qr = segno.make(verify_url(reference, version.content_hash), error="m")
    html = render_to_string("contracts/contract_pdf.html", {
        "left": left, "right": right, "sections": rows, "version": version, "reference": reference,
        "qr": qr.png_data_uri(scale=5, border=4), "registered_at": version.registered_at,
        "kid": _signature_kid(version.signature),
    })
    return HTML(string=html).write_pdf()


def _signature_kid(token: str) -> str:
    try:
        return str(jws_header(token).get("kid", ""))
    except SignatureError:
        return ""
