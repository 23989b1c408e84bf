"""The one-page certificate PDF: English next to the worker's language, with the QR code."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from corridor.clearance import certificate

# Person-record language codes that have a catalogue under another code.
LANGUAGE_ALIASES = {"tl": "fil"}


def worker_language(worker) -> str:
    """The first of the worker's languages that the node has a catalogue for, other than English; else English."""
    available = {code for code, _name in settings.LANGUAGES}
    for language in worker.languages.all():
        code = LANGUAGE_ALIASES.get(language.code, language.code)
        if code in available and code != "en":
            return code
    return "en"


def render(clearance, *, lang: str | None = None) -> bytes:
    from weasyprint import HTML

    lang = lang or worker_language(clearance.worker)
    context = {"c": clearance, "qr": certificate.qr_data_uri(clearance.token, scale=3), "lang": lang,
               "rtl": translation.get_language_info(lang)["bidi"] if lang != "fil" else False}
    with translation.override("en"):
        english = render_to_string("clearance/certificate_labels.html", context)
    with translation.override(lang):
        local = render_to_string("clearance/certificate_labels.html", context) if lang != "en" else ""
    html = render_to_string("clearance/certificate_pdf.html", {**context, "english": english, "local": local})
    return HTML(string=html).write_pdf()
