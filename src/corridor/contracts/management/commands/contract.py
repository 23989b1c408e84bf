"""`corridor contract check|compare`: CONTRACTS.md's command line (exit 0 fine, 1 violation/substitution, 2 invalid)."""

from __future__ import annotations

import json
import sys
from typing import Any

import orjson
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from corridor.contracts import compare as comparing
from corridor.contracts import interchange
from corridor.contracts.services import problems_as_fields
from corridor.rules import engine
from corridor.rules.rates import default_rates

OK, FOUND, INVALID = 0, 1, 2


class InputRefused(Exception):
    def __init__(self, code: str, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code, self.message, self.fields = code, message, fields or {}

    def as_dict(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


def _read(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read(interchange.MAX_BYTES + 1)
        with open(path, "rb") as handle:
            return handle.read(interchange.MAX_BYTES + 1)
    except OSError as exc:
        raise InputRefused("contract.unreadable_file", f"{path}: {exc.strerror}") from exc


def load_document(raw: bytes | str, *, prefix: str = "") -> dict[str, Any]:
    """Parse and validate; InputRefused names every problem by its JSON path (under `prefix`, e.g. $.registered)."""
    try:
        return interchange.load(raw)
    except interchange.InterchangeError as exc:
        fields = problems_as_fields(exc.problems)
        if prefix:
            fields = {prefix + path[1:]: messages for path, messages in fields.items()}
        raise InputRefused(exc.code, exc.message, fields) from exc


def check_line(line: str, lang: str) -> tuple[int, dict[str, Any]]:
    """One line of a batch: (exit status it stands for, the result or the error)."""
    try:
        doc = load_document(line)
    except InputRefused as exc:
        return INVALID, exc.as_dict()
    result = engine.check(doc, lang=lang)
    return (OK if result["compliant"] else FOUND), result


def batch_line(out: dict[str, Any]) -> str:
    """One result as one line: compact JSON, non-ASCII as is. orjson writes exactly what json.dumps writes for the
    results (text, integers, booleans, lists and objects; issue 12); anything it refuses (a lone surrogate, an integer
    beyond 64 bits) is written by json.dumps as before."""
    try:
        return orjson.dumps(out, option=orjson.OPT_APPEND_NEWLINE).decode("utf-8")
    except TypeError:
        return json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"


class Command(BaseCommand):
    help = "Check a contract against the rulesets, or compare a registered contract with the one presented."
    # No database, no URLs: the system checks (which import every app's API and URLs) would double the start-up of a
    # one-contract check (issue 12). `corridor check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Check FILE.json (exit 0 compliant, 1 a violation, 2 invalid input).")
        check.add_argument("file", nargs="?", help="the contract, corridor.contract/1 JSON ('-' reads standard input)")
        check.add_argument("--format", choices=("json", "text"), default="text")
        check.add_argument("--lang", default="en", help="language of the messages: en, ar, fil, ne, es")
        check.add_argument("--batch", metavar="FILE.jsonl",
                           help="one contract per line; one JSON result per line (no database needed)")
        compare = sub.add_parser("compare", help="Compare REGISTERED.json with PRESENTED.json (exit 1: substituted).")
        compare.add_argument("registered")
        compare.add_argument("presented")
        compare.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args, **options):
        lang = engine.normalise_language(options.get("lang"))
        with translation.override(lang):
            if options["action"] == "compare":
                status = self._compare(options)
            elif options.get("batch"):
                status = self._batch(options["batch"], lang)
            elif options.get("file"):
                status = self._check(options["file"], options["format"], lang)
            else:
                self.stderr.write(_("Name a contract file, or --batch FILE.jsonl."))
                status = INVALID
        sys.stdout.flush()
        raise SystemExit(status)

    # -- check ------------------------------------------------------------------------------------------

    def _refused(self, exc: InputRefused, fmt: str) -> int:
        if fmt == "json":
            self.stdout.write(json.dumps(exc.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stderr.write(f"{exc.code}: {exc.message}")
        # Every problem with its path, in either format, on standard error.
        for path, messages in exc.fields.items():
            for message in messages:
                self.stderr.write(f"  {path}: {message}")
        return INVALID

    def _check(self, path: str, fmt: str, lang: str) -> int:
        try:
            doc = load_document(_read(path))
        except InputRefused as exc:
            return self._refused(exc, fmt)
        result = engine.check(doc, lang=lang)
        if fmt == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_check_text(result))
        return OK if result["compliant"] else FOUND

    def _batch(self, path: str, lang: str) -> int:
        worst = OK
        write = self.stdout._out.write  # the plain stream: a batch writes 100,000 lines
        try:
            handle = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as exc:
            return self._refused(InputRefused("contract.unreadable_file", f"{path}: {exc.strerror}"), "text")
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                status, out = check_line(line, lang)
                if status == INVALID:
                    out = {"line": number, **out}
                worst = max(worst, status)
                write(batch_line(out))
        return worst

    # -- compare ----------------------------------------------------------------------------------------

    def _compare(self, options) -> int:
        fmt = options["format"]
        try:
            registered = load_document(_read(options["registered"]), prefix="$.registered")
            presented = load_document(_read(options["presented"]), prefix="$.presented")
        except InputRefused as exc:
            return self._refused(exc, fmt)
        result = comparing.compare(registered, presented, rates=default_rates())
        if fmt == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_compare_text(result))
        return FOUND if result["substituted"] else OK


def render_check_text(result: dict[str, Any]) -> str:
    """The result for a person at a terminal, labels in the active language."""
    findings = result["findings"]
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("violation", "warning", "info")}
    if result["compliant"]:
        verdict = _("Compliant: no violation.")
    elif counts["violation"]:
        verdict = _("Not compliant: the contract has violations.")
    else:
        verdict = _("Not compliant: the contract could not be fully checked (see Not checked).")
    lines = [
        verdict,
        _("Violations: %(v)d, warnings: %(w)d, notes: %(i)d") % {"v": counts["violation"], "w": counts["warning"],
                                                                  "i": counts["info"]},
        _("Rulesets applied: %(list)s") % {"list": ", ".join(f"{r['id']} {r['version']}" for r in result["rulesets"])},
        _("Checked at: %(at)s") % {"at": result["checked_at"]},
    ]
    labels = {"violation": _("violation"), "warning": _("warning"), "info": _("note")}
    for finding in findings:
        citation = finding["citation"]
        lines += [
            "",
            f"[{labels.get(finding['severity'], finding['severity'])}] {finding['category']}  ({finding['rule']})",
            f"  {finding['message']}",
            "  " + _("Term: %(term)s") % {"term": finding["term"]},
            "  " + _("Expected: %(expected)s") % {"expected": finding["expected"]},
            "  " + _("In the contract: %(actual)s") % {"actual": finding["actual"]},
            "  " + _("Source: %(instrument)s, %(article)s <%(url)s>") % citation,
        ]
    not_checked = result.get("not_checked", [])
    if not_checked:
        lines += ["", _("Not checked:")]
        for item in not_checked:
            mark = "[" + _("blocking") + "] " if item["blocking"] else ""
            lines.append(f"  {mark}{item['message']}")
    return "\n".join(lines)


def render_compare_text(result: dict[str, Any]) -> str:
    lines = [_("Substituted: a term changed to the worker's detriment.") if result["substituted"]
             else _("Not substituted: no term changed to the worker's detriment.")]
    marks = {True: _("worse for the worker"), False: _("better for the worker"), None: _("changed")}
    for change in result["changes"]:
        lines.append(f"  {change['term']}: {change['registered'] or '-'} -> {change['presented'] or '-'}"
                     f"  [{marks[change['less_favourable']]}]")
    if not result["changes"]:
        lines.append("  " + _("No term changed."))
    return "\n".join(lines)
