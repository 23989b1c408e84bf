"""`corridor rules settlement|transfer FILE.json`: the law's answer as JSON (exit 0 answered, 2 invalid input)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from corridor.rules import engine, errors
from corridor.rules.settlement import SettlementInputError, SettlementInputs, compute_settlement
from corridor.rules.transfer import TransferInputError, TransferRequest, evaluate_transfer

OK, INVALID = 0, 2
MAX_BYTES = 64 * 1024

_DATES = {"start_date", "end_date", "contract_start", "request_date", "contract_end"}
_AMOUNTS = {"basic_wage_monthly", "total_wage_monthly", "unpaid_wages", "return_ticket_cost"}


class Refused(Exception):
    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.code, self.message, self.fields = code, message, fields or {}


def _read(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Refused("rules.unreadable_file", f"{path}: {exc.strerror}") from exc


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice")
    return dict(pairs)


def _document(raw: bytes, code: str) -> dict[str, Any]:
    if len(raw) > MAX_BYTES:
        raise Refused(code, f"the file is larger than {MAX_BYTES} bytes")
    try:
        doc = json.loads(raw.decode("utf-8"), parse_float=Decimal, object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Refused(code, f"not a JSON document: {exc}") from exc
    if not isinstance(doc, dict):
        raise Refused(code, "the document must be a JSON object")
    return doc


def _build(cls: type, doc: dict[str, Any], code: str, error: type[ValueError]) -> Any:
    """The dataclass from the JSON object: dates from ISO strings, amounts from strings or numbers, exactly."""
    names = {f.name for f in dataclasses.fields(cls)}
    required = {f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    fields = {name: "unknown field" for name in doc if name not in names}
    fields.update({name: "required" for name in required if name not in doc})
    values = {}
    for name, value in doc.items():
        if name not in names:
            continue
        if name in _DATES and value is not None:
            try:
                value = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
            except ValueError:
                value = None
            if value is None:
                fields[name] = "must be a date written YYYY-MM-DD"
                continue
        elif name in _AMOUNTS and value is not None:
            if isinstance(value, str | int) and not isinstance(value, bool):
                try:
                    value = Decimal(value)
                except ArithmeticError:
                    fields[name] = "must be an amount such as \"1500.00\""
                    continue
        values[name] = value
    if fields:
        raise Refused(code, "the input is not valid", fields)
    try:
        return cls(**values)
    except error as exc:
        raise Refused(exc.code, "the input is not valid", exc.problems) from exc


class Command(BaseCommand):
    help = "Final settlement and change of employer under the destination's law, as JSON."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for action, what in (("settlement", "final settlement at the end of employment"),
                             ("transfer", "change of employer")):
            command = sub.add_parser(action, help=f"The {what} for FILE.json (exit 0 answered, 2 invalid input).")
            command.add_argument("file", help="the inputs as a JSON object ('-' reads standard input)")
            command.add_argument("--lang", default="en", help="language of the explanations: en, ar, fil, ne, es")

    def handle(self, *args, **options):
        lang = engine.normalise_language(options.get("lang"))
        with translation.override(lang):
            status = self._answer(options["action"], options["file"])
        sys.stdout.flush()
        raise SystemExit(status)

    def _answer(self, action: str, path: str) -> int:
        code = errors.SETTLEMENT_INVALID if action == "settlement" else errors.TRANSFER_INVALID
        try:
            doc = _document(_read(path), code)
            if action == "settlement":
                result = compute_settlement(_build(SettlementInputs, doc, code, SettlementInputError)).as_dict()
            else:
                result = evaluate_transfer(_build(TransferRequest, doc, code, TransferInputError)).as_dict()
        except Refused as exc:
            error: dict[str, Any] = {"code": exc.code, "message": exc.message}
            if exc.fields:
                error["fields"] = exc.fields
            self.stdout.write(json.dumps({"error": error}, ensure_ascii=False, indent=2))
            self.stderr.write(f"{exc.code}: {exc.message}")
            for name, why in exc.fields.items():
                self.stderr.write(f"  {name}: {why}")
            return INVALID
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        return OK
