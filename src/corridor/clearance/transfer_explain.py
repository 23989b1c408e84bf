"""The law's answer to a transfer request, rendered in the reader's language from its msgids (stored untranslated)."""

from django.utils.translation import gettext


def _render(msgid: str, params: dict) -> str:
    try:
        return gettext(msgid) % params
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder: the English text
        return msgid % params


def explain(decision: dict) -> dict:
    """{"reasons": [{"text", "rule", "citation"}], "not_checked": [{"text", "subject"}]} from TransferDecision.as_dict."""
    reasons = [{"text": _render(r["explanation_msgid"], r.get("params") or {}), "rule": r.get("rule", ""),
                "citation": r.get("citation") or {}} for r in (decision or {}).get("reasons", [])]
    gaps = [{"text": _render(g["explanation_msgid"], g.get("params") or {}), "subject": g.get("subject", "")}
            for g in (decision or {}).get("not_checked", [])]
    return {"reasons": reasons, "not_checked": gaps}
