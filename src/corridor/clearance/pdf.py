"""The one-page certificate PDF: English next to the worker's language, with the QR code."""

from django.template.loader import render_to_string
from django.utils import translation

from corridor.clearance import certificate
from corridor.core.languages import first_shipped, is_rtl


def worker_language(worker) -> str:
    """The first of the worker's languages that the node has a catalogue for, other than English; else English."""
    return first_shipped((language.code for language in worker.languages.all()), besides_english=True) or "en"


def render(clearance, *, lang: str | None = None) -> bytes:
    from weasyprint import (
        HTML,  # why: heavy optional library (native deps), loaded only when a PDF is rendered
    )

    lang = lang or worker_language(clearance.worker)
    context = {"c": clearance, "qr": certificate.qr_data_uri(clearance.token, scale=3), "lang": lang,
               "rtl": is_rtl(lang)}
    with translation.override("en"):
        english = render_to_string("clearance/certificate_labels.html", context)
    with translation.override(lang):
        local = render_to_string("clearance/certificate_labels.html", context) if lang != "en" else ""
    html = render_to_string("clearance/certificate_pdf.html", {**context, "english": english, "local": local})
    return HTML(string=html).write_pdf()
