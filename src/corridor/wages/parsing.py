"""Salary files read and checked whole: the UAE WPS Salary Information File (EDR, EVP, SCR) and Corridor's CSV.

A file is either accepted as a whole (`SalaryFileData`) or refused with every problem found, each with its line and
field (`SalaryFileRefused`). Nothing here touches the database; `services.salary_file_import` stores what passes.
The checks of the SIF follow the record layout in docs/wages.md (compiled from the banks' published guides).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_BYTES = 50 * 1024 * 1024
MAX_AMOUNT = Decimal("1e12")

SIF = "sif"
CSV = "csv"
FORMATS = (SIF, CSV)

# The seven EVP amounts in the order of the record (docs/wages.md).
EVP_COMPONENTS = ("housing_allowance", "conveyance_allowance", "medical_allowance", "annual_passage_allowance",
                  "overtime_allowance", "other_allowances", "leave_encashment")

CSV_COLUMNS = ("employer_id", "worker_id", "period", "pay_start", "pay_end", "days_in_period", "unpaid_leave_days",
               "basic", "allowances", "variable", "deductions", "paid_amount", "paid_on", "currency", "own_account",
               "account")
CSV_REQUIRED = ("employer_id", "worker_id", "period", "pay_start", "pay_end", "days_in_period", "basic", "paid_amount",
                "currency")

WORKER_ID = re.compile(r"^[A-Za-z0-9]{1,35}$")
EMPLOYER_ID = re.compile(r"^[A-Za-z0-9]{1,13}$")
ROUTING = re.compile(r"^[0-9]{9}$")
ACCOUNT = re.compile(r"^[A-Za-z0-9]{1,34}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}


class SalaryFileRefused(ValueError):
    """The file is refused whole; `problems` lists every problem found, by line and field."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class SalaryLineData:
    line: int
    worker_id: str
    pay_start: dt.date
    pay_end: dt.date
    days_in_period: int
    unpaid_leave_days: int
    basic: Decimal                 # SIF: the fixed income (basic and fixed allowances together)
    allowances: Decimal            # CSV: fixed allowances; SIF: 0 (they are inside the fixed income)
    variable: Decimal
    components: dict[str, str] = field(default_factory=dict)
    deductions: list[dict] = field(default_factory=list)   # [{"purpose", "amount"}]
    paid_amount: Decimal = Decimal("0")
    paid_on: dt.date | None = None
    currency: str = "AED"
    own_account: bool | None = None
    account: str = ""
    routing_code: str = ""

    @property
    def deductions_total(self) -> Decimal:
        return sum((Decimal(d["amount"]) for d in self.deductions), Decimal("0"))


@dataclass
class SalaryFileData:
    format: str
    sha256: str
    employer_ref: str
    period: dt.date                 # the first day of the salary month
    currency: str
    lines: list[SalaryLineData]
    created_on: dt.date | None = None
    control_record: bool = True     # False: a SIF without its SCR, imported with the employer and month given
    bank_routing: str = ""
    reference: str = ""

    @property
    def total(self) -> Decimal:
        return sum((ln.paid_amount for ln in self.lines), Decimal("0"))


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(line, name, message))

    def amount(self, line: int, name: str, text: str) -> Decimal | None:
        try:
            value = Decimal(text)
        except (InvalidOperation, ValueError):
            self.add(line, name, _("Not an amount: %(value)r.") % {"value": text})
            return None
        if not value.is_finite() or value < 0 or value >= MAX_AMOUNT or value.as_tuple().exponent < -2:
            self.add(line, name, _("Not an amount with at most two decimals: %(value)r.") % {"value": text})
            return None
        return value

    def date(self, line: int, name: str, text: str) -> dt.date | None:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            self.add(line, name, _("Not a date YYYY-MM-DD: %(value)r.") % {"value": text})
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.add(line, name, _("Not a date YYYY-MM-DD: %(value)r.") % {"value": text})
            return None

    def integer(self, line: int, name: str, text: str, *, low: int, high: int) -> int | None:
        if not re.fullmatch(r"[0-9]{1,6}", text) or not low <= int(text) <= high:
            self.add(line, name, _("Not a whole number from %(low)d to %(high)d: %(value)r.")
                     % {"low": low, "high": high, "value": text})
            return None
        return int(text)

    def match(self, line: int, name: str, text: str, pattern: re.Pattern, message: str) -> str | None:
        if not pattern.fullmatch(text):
            self.add(line, name, message % {"value": text})
            return None
        return text


def month_of(text: str) -> dt.date | None:
    """'2026-11' as the first day of that month."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _decode(data: bytes, c: _Collector) -> str | None:
    if len(data) > MAX_BYTES:
        c.add(0, "file", _("The file is larger than %(n)d bytes.") % {"n": MAX_BYTES})
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("ascii") if data.isascii() else data.decode("utf-8")
    except UnicodeDecodeError:
        c.add(0, "file", _("The file is not text (ASCII or UTF-8)."))
        return None


def _dates_and_days(c: _Collector, n: int, start, end, days, leave, period: dt.date | None) -> None:
    if start and end:
        if end < start:
            c.add(n, "pay_end_date", _("The pay period ends before it starts."))
        elif days is not None and days != (end - start).days + 1:
            c.add(n, "days_in_period", _("%(days)d days, but the dates cover %(span)d.")
                  % {"days": days, "span": (end - start).days + 1})
        if period and end >= start and (end < period or start > month_end(period)):
            c.add(n, "pay_start_date", _("The pay period is outside the salary month %(month)s.")
                  % {"month": period.strftime("%Y-%m")})
    if days is not None and leave is not None and leave > days:
        c.add(n, "days_on_leave", _("More days of unpaid leave than days in the period."))


def parse_sif(data: bytes, *, employer_ref: str = "", period: dt.date | None = None,
              paid_on: dt.date | None = None) -> SalaryFileData:
    """A WPS Salary Information File. Without its SCR (EDR lines alone, as some banks' guides print them) the file is
    read only when the employer and the month are given, and then the control totals cannot be checked."""
    c = _Collector()
    text = _decode(data, c)
    if text is None:
        raise SalaryFileRefused(c.problems)
    rows = [(i, [f.strip() for f in raw.split(",")]) for i, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    if not rows:
        raise SalaryFileRefused([Problem(0, "file", _("The file has no records."))])
    scr_rows = [(i, f) for i, f in rows if f[0].upper() == "SCR"]
    scr = None
    control_period = None
    if len(scr_rows) > 1:
        for i, _f in scr_rows[1:]:
            c.add(i, "record_type", _("A second SCR record: a file has exactly one."))
    if scr_rows:
        n, f = scr_rows[0]
        if n != rows[-1][0]:
            c.add(n, "record_type", _("The SCR record must be the last line of the file."))
        if len(f) not in (9, 10):
            c.add(n, "record", _("An SCR record has 9 or 10 fields, this one %(n)d.") % {"n": len(f)})
        else:
            scr = f
            c.match(n, "employer_unique_id", f[1], EMPLOYER_ID, _("Not an employer ID (up to 13 letters or digits): %(value)r."))
            c.match(n, "employer_bank_routing_code", f[2], ROUTING, _("Not a 9-digit routing code: %(value)r."))
            created = c.date(n, "file_creation_date", f[3])
            if not re.fullmatch(r"([01][0-9]|2[0-3])[0-5][0-9]", f[4]):
                c.add(n, "file_creation_time", _("Not a time HHMM: %(value)r.") % {"value": f[4]})
            m = re.fullmatch(r"(0[1-9]|1[0-2])([0-9]{4})", f[5])
            if not m:
                c.add(n, "salary_month", _("Not a month MMYYYY: %(value)r.") % {"value": f[5]})
            else:
                control_period = dt.date(int(m.group(2)), int(m.group(1)), 1)
            c.integer(n, "edr_count", f[6], low=0, high=10**6)
            c.amount(n, "total_salary", f[7])
            if f[8] != "AED":
                c.add(n, "payment_currency", _("The currency of a WPS file is AED, not %(value)r.") % {"value": f[8]})
            if len(f) == 10 and len(f[9]) > 35:
                c.add(n, "employer_reference", _("The employer reference has more than 35 characters."))
            paid_on = created or paid_on
    else:
        if not (employer_ref and period):
            c.add(rows[-1][0] + 1, "record_type", _("The SCR control record is missing: a file ends with one "
                                                    "(give the employer and the month to read EDR lines alone)."))
    period = control_period or period
    lines: list[SalaryLineData] = []
    seen: dict[str, int] = {}
    last_edr: tuple[int, list[str], SalaryLineData | None] | None = None
    evp_for: set[int] = set()
    for n, f in rows:
        kind = f[0].upper()
        if kind == "SCR":
            continue
        if kind == "EDR":
            if len(f) != 10:
                c.add(n, "record", _("An EDR record has 10 fields, this one %(n)d.") % {"n": len(f)})
                last_edr = (n, f, None)
                continue
            wid = c.match(n, "employee_unique_id", f[1], WORKER_ID, _("Not an employee ID (1 to 35 letters or digits): %(value)r."))
            c.match(n, "agent_routing_code", f[2], ROUTING, _("Not a 9-digit routing code: %(value)r."))
            c.match(n, "employee_account", f[3], ACCOUNT, _("Not an account number or IBAN: %(value)r."))
            start = c.date(n, "pay_start_date", f[4])
            end = c.date(n, "pay_end_date", f[5])
            days = c.integer(n, "days_in_period", f[6], low=1, high=366)
            fixed = c.amount(n, "income_fixed", f[7])
            variable = c.amount(n, "income_variable", f[8])
            leave = c.integer(n, "days_on_leave", f[9], low=0, high=366)
            _dates_and_days(c, n, start, end, days, leave, period)
            if wid is not None:
                if wid.lstrip("0") in seen:
                    c.add(n, "employee_unique_id", _("This employee already has an EDR on line %(line)d.")
                          % {"line": seen[wid.lstrip("0")]})
                else:
                    seen[wid.lstrip("0")] = n
            item = None
            if None not in (wid, start, end, days, fixed, variable, leave):
                item = SalaryLineData(line=n, worker_id=wid, pay_start=start, pay_end=end, days_in_period=days,
                                      unpaid_leave_days=leave, basic=fixed, allowances=Decimal("0"), variable=variable,
                                      paid_amount=fixed + variable, paid_on=paid_on, currency="AED", account=f[3],
                                      routing_code=f[2])
                lines.append(item)
            if last_edr is not None and last_edr[2] is not None and last_edr[2].variable > 0 and last_edr[0] not in evp_for:
                c.add(last_edr[0], "income_variable", _("Variable pay without its EVP record."))
            last_edr = (n, f, item)
            continue
        if kind == "EVP":
            if last_edr is None or last_edr[0] in evp_for:
                c.add(n, "record_type", _("An EVP record must follow its EDR (one EVP per EDR)."))
                continue
            edr_line, edr_fields, item = last_edr
            evp_for.add(edr_line)
            if len(f) != 10:
                c.add(n, "record", _("An EVP record has 10 fields, this one %(n)d.") % {"n": len(f)})
                continue
            if len(edr_fields) == 10 and (f[1] != edr_fields[1] or f[2] != edr_fields[2]):
                c.add(n, "employee_unique_id", _("The EVP names another employee or routing code than its EDR on line %(line)d.")
                      % {"line": edr_line})
            amounts = [c.amount(n, name, value) for name, value in zip(EVP_COMPONENTS, f[3:10], strict=True)]
            if None not in amounts and item is not None:
                total = sum(amounts, Decimal("0"))
                if total != item.variable:
                    c.add(n, "income_variable", _("The EVP amounts add up to %(sum)s, the EDR's variable pay on line %(line)d is %(variable)s.")
                          % {"sum": total, "line": edr_line, "variable": item.variable})
                item.components = {name: str(a) for name, a in zip(EVP_COMPONENTS, amounts, strict=True)}
            continue
        c.add(n, "record_type", _("Unknown record type %(value)r (EDR, EVP or SCR).") % {"value": f[0][:10]})
    if last_edr is not None and last_edr[2] is not None and last_edr[2].variable > 0 and last_edr[0] not in evp_for:
        c.add(last_edr[0], "income_variable", _("Variable pay without its EVP record."))
    edr_count = sum(1 for _n, f in rows if f[0].upper() == "EDR")
    if scr is not None:
        n = scr_rows[0][0]
        if re.fullmatch(r"[0-9]{1,7}", scr[6]) and int(scr[6]) != edr_count:
            c.add(n, "edr_count", _("The control record counts %(said)s EDR records; the file has %(n)d.")
                  % {"said": int(scr[6]), "n": edr_count})
        try:
            said = Decimal(scr[7])
        except (InvalidOperation, ValueError):
            said = None
        if said is not None and said.is_finite() and len(lines) == edr_count:
            total = sum((ln.basic + ln.variable for ln in lines), Decimal("0"))
            if total != said:
                c.add(n, "total_salary", _("The control total is %(said)s; the EDR records add up to %(total)s.")
                      % {"said": said, "total": total})
    if edr_count == 0:
        c.add(rows[0][0], "record_type", _("The file has no EDR record."))
    if c.problems:
        raise SalaryFileRefused(c.problems)
    return SalaryFileData(format=SIF, sha256=hashlib.sha256(data).hexdigest(),
                          employer_ref=(scr[1] if scr else employer_ref).lstrip("0") or "0", period=period,
                          currency="AED", lines=lines, created_on=paid_on if scr else None, control_record=scr is not None,
                          bank_routing=scr[2] if scr else "", reference=(scr[9] if scr and len(scr) == 10 else ""))


def _deductions(c: _Collector, n: int, text: str) -> list[dict]:
    """'purpose=amount;purpose=amount' (a purpose is free text without '=' or ';')."""
    found = []
    for part in [p.strip() for p in (text or "").split(";") if p.strip()]:
        purpose, sep, amount = part.rpartition("=")
        if not sep or not purpose.strip():
            c.add(n, "deductions", _("A deduction is written purpose=amount: %(value)r.") % {"value": part})
            continue
        value = c.amount(n, "deductions", amount.strip())
        if value is not None:
            found.append({"purpose": purpose.strip()[:100], "amount": str(value)})
    return found


def parse_csv(data: bytes) -> SalaryFileData:
    """Corridor's salary CSV (docs/wages.md): a header row, one line per worker, one employer and month per file."""
    c = _Collector()
    text = _decode(data, c)
    if text is None:
        raise SalaryFileRefused(c.problems)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [name for name in CSV_REQUIRED if name not in header]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if missing or unknown:
        for name in missing:
            c.add(1, name, _("Missing column."))
        for name in unknown:
            c.add(1, name, _("Unknown column."))
        raise SalaryFileRefused(c.problems)
    reader.fieldnames = header
    lines: list[SalaryLineData] = []
    employers: set[str] = set()
    periods: set[dt.date] = set()
    currencies: set[str] = set()
    seen: dict[str, int] = {}
    for n, row in enumerate(reader, start=2):
        if None in row:
            c.add(n, "record", _("More fields than columns."))
            continue
        row = {k: (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        employer = c.match(n, "employer_id", row["employer_id"], re.compile(r"^[A-Za-z0-9-]{1,60}$"),
                           _("Not an employer ID: %(value)r."))
        if employer:
            employers.add(employer.lstrip("0") or "0")
        wid = c.match(n, "worker_id", row["worker_id"], WORKER_ID, _("Not a worker ID (1 to 35 letters or digits): %(value)r."))
        period = month_of(row["period"])
        if period is None:
            c.add(n, "period", _("Not a month YYYY-MM: %(value)r.") % {"value": row["period"]})
        else:
            periods.add(period)
        start = c.date(n, "pay_start", row["pay_start"])
        end = c.date(n, "pay_end", row["pay_end"])
        days = c.integer(n, "days_in_period", row["days_in_period"], low=1, high=366)
        leave = c.integer(n, "unpaid_leave_days", row.get("unpaid_leave_days") or "0", low=0, high=366)
        _dates_and_days(c, n, start, end, days, leave, period)
        basic = c.amount(n, "basic", row["basic"])
        allowances = c.amount(n, "allowances", row.get("allowances") or "0")
        variable = c.amount(n, "variable", row.get("variable") or "0")
        deductions = _deductions(c, n, row.get("deductions", ""))
        paid = c.amount(n, "paid_amount", row["paid_amount"])
        paid_on = c.date(n, "paid_on", row["paid_on"]) if row.get("paid_on") else None
        currency = c.match(n, "currency", row["currency"].upper(), CURRENCY, _("Not a currency code: %(value)r."))
        if currency:
            currencies.add(currency)
        own = row.get("own_account", "").lower()
        if own not in ("", "yes", "no"):
            c.add(n, "own_account", _("Write yes, no or leave it empty: %(value)r.") % {"value": row["own_account"]})
        if row.get("account") and not ACCOUNT.fullmatch(row["account"]):
            c.add(n, "account", _("Not an account number or IBAN: %(value)r.") % {"value": row["account"]})
        if wid is not None:
            if wid.lstrip("0") in seen:
                c.add(n, "worker_id", _("This worker already has a line: line %(line)d.") % {"line": seen[wid.lstrip("0")]})
            else:
                seen[wid.lstrip("0")] = n
        if None not in (basic, allowances, variable, paid) and not any(p.line == n and p.field == "deductions" for p in c.problems):
            gross = basic + allowances + variable
            net = gross - sum((Decimal(d["amount"]) for d in deductions), Decimal("0"))
            if net != paid:
                c.add(n, "paid_amount", _("Paid %(paid)s, but basic + allowances + variable - deductions is %(net)s.")
                      % {"paid": paid, "net": net})
        if None not in (wid, period, start, end, days, leave, basic, allowances, variable, paid, currency):
            lines.append(SalaryLineData(
                line=n, worker_id=wid, pay_start=start, pay_end=end, days_in_period=days, unpaid_leave_days=leave,
                basic=basic, allowances=allowances, variable=variable, deductions=deductions, paid_amount=paid,
                paid_on=paid_on, currency=currency, own_account={"yes": True, "no": False}.get(own),
                account=row.get("account", "")))
    if len(employers) > 1:
        c.add(0, "employer_id", _("A file holds one employer's salaries; this one names %(n)d.") % {"n": len(employers)})
    if len(periods) > 1:
        c.add(0, "period", _("A file holds one month; this one names %(n)d.") % {"n": len(periods)})
    if len(currencies) > 1:
        c.add(0, "currency", _("A file is in one currency; this one uses %(n)d.") % {"n": len(currencies)})
    if not lines and not c.problems:
        c.add(1, "file", _("The file has no salary line."))
    if c.problems:
        raise SalaryFileRefused(c.problems)
    return SalaryFileData(format=CSV, sha256=hashlib.sha256(data).hexdigest(), employer_ref=employers.pop(),
                          period=periods.pop(), currency=currencies.pop(), lines=lines)


def parse(data: bytes, *, format: str = "", employer_ref: str = "", period: dt.date | None = None,
          filename: str = "") -> SalaryFileData:
    """Read a salary file in the given format, or the one its name or first bytes say."""
    if not format:
        name = (filename or "").lower()
        head = data.lstrip()[:3].upper()
        format = SIF if name.endswith((".sif", ".txt")) or head in (b"EDR", b"SCR") else CSV
    if format == SIF:
        return parse_sif(data, employer_ref=employer_ref, period=period)
    if format == CSV:
        return parse_csv(data)
    raise SalaryFileRefused([Problem(0, "format", _("Unknown format %(value)r (sif or csv).") % {"value": format})])
