"""Issue 13, fault 7: no CSV the project writes can carry a formula (OWASP CSV injection)."""

import csv
import io

import pytest

from corridor.core import csvsafe

DANGEROUS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_formula_start_is_neutralised_and_comes_back_on_import(value):
    out = io.StringIO()
    csvsafe.writer(out).writerow(["safe", value])
    csvsafe.dict_writer(out, fieldnames=["a"]).writerow({"a": value})
    for row in csv.reader(io.StringIO(out.getvalue())):
        assert row[-1] == "'" + value
        assert csvsafe.unneutralise(row[-1]) == value
    assert csvsafe.neutralise("Kalayaan Manpower") == "Kalayaan Manpower" and csvsafe.neutralise(12) == 12
