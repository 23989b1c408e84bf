"""`corridor wages import`: exit 0 imported (or already imported), exit 2 refused with every problem, nothing stored."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from corridor.wages.models import SalaryFile

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def test_import_command(tmp_path):
    out = StringIO()
    call_command("wages", "import", str(SAMPLES / "sample_sif_wps_reference_guide_2009.sif"), stdout=out)
    assert "Imported file" in out.getvalue() and "2 line(s)" in out.getvalue()
    out = StringIO()
    call_command("wages", "import", str(SAMPLES / "sample_sif_wps_reference_guide_2009.sif"), stdout=out)
    assert "Already imported" in out.getvalue() and SalaryFile.objects.count() == 1


def test_import_command_refuses_with_exit_2(tmp_path):
    bad = tmp_path / "bad.sif"
    bad.write_bytes((SAMPLES / "sample_sif_wps_reference_guide_2009.sif").read_bytes().replace(b",2,2221.92", b",3,2221.93"))
    err = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("wages", "import", str(bad), "--format", "sif", stderr=err)
    assert exc.value.code == 2
    assert "line 3: edr_count" in err.getvalue() and "line 3: total_salary" in err.getvalue()
    assert not SalaryFile.objects.exists()


def test_edr_lines_alone_need_employer_and_month():
    path = str(SAMPLES / "sample_edr_lines_mashreq_2015.txt")
    with pytest.raises(SystemExit):
        call_command("wages", "import", path, "--format", "sif", stderr=StringIO())
    out = StringIO()
    call_command("wages", "import", path, "--format", "sif", "--employer", "77", "--period", "2015-04", stdout=out)
    assert "no control record" in out.getvalue()
