"""CSV that a spreadsheet cannot turn into a formula (OWASP, "CSV Injection").

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (`=cmd|' /C calc'!A0`, `=HYPERLINK(...)`). OWASP's advice: prefix such a cell
with a single quote, so it shows as the text it is. Every CSV the project writes goes through `writer` or
`dict_writer`; `unneutralise` undoes it on import, so an export imported elsewhere keeps its values.
"""

from __future__ import annotations

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The value as it was before `neutralise` (for importing a file this project exported)."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_STARTS and value[1:2]:
        return value[1:]
    return value


class _Writer:
    def __init__(self, inner):
        self._inner = inner

    def writerow(self, row):
        return self._inner.writerow([neutralise(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _DictWriter:
    def __init__(self, inner):
        self._inner = inner

    def writeheader(self):
        return self._inner.writeheader()

    def writerow(self, row):
        return self._inner.writerow({k: neutralise(v) for k, v in row.items()})

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(handle, *args, **kwargs):
    return _Writer(csv.writer(handle, *args, **kwargs))


def dict_writer(handle, fieldnames, *args, **kwargs):
    return _DictWriter(csv.DictWriter(handle, fieldnames, *args, **kwargs))
