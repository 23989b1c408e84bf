"""The registered contract's PDF, read back: text in both languages, and a QR code that decodes to the register."""

import shutil
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest

from corridor.contracts import pdf, services

from .django_helpers import registration_parties, sample

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not all(shutil.which(t) for t in ("pdftotext", "pdftoppm", "zbarimg")),
                       reason="needs poppler-utils and zbar-tools"),
]


def registered(make_org, make_user, doc):
    parties = registration_parties(make_org, make_user, employer_country=doc["employer"]["country"])
    contract = services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=doc,
                                        job_order=parties["job_order"])
    return services.contract_approve(acting_user=parties["officer"], version=contract.versions.get())


def read_back(tmp_path, data):
    path = tmp_path / "contract.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    png = sorted(tmp_path.glob("page*.png"))[0]
    qr = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout.strip()
    return text, qr


def test_languages_for_the_two_columns():
    assert pdf.languages_for(sample("np-qa-domestic.json")) == ("ne", "ar")
    assert pdf.languages_for(sample("ph-sa-domestic.json", worker__languages=["tl", "en"])) == ("fil", "ar")
    assert pdf.languages_for(sample("ph-sa-domestic.json", worker__languages=["ceb"],
                                    languages__contract=["en"])) == ("en", "ar")
    assert pdf.languages_for(sample("np-qa-domestic.json", worker__languages=["ar"])) == ("ar", "en")


@pytest.mark.once("sqlite")  # the rendering of a PDF does not depend on the database
def test_the_pdf_carries_name_wage_both_columns_and_a_qr_to_the_register(make_org, make_user, tmp_path):
    version = registered(make_org, make_user, sample("np-qa-domestic.json"))
    data = pdf.render_pdf(version)
    assert data.startswith(b"%PDF")
    text, qr = read_back(tmp_path, data)
    assert text.count("Sita Kumari Tamang") >= 2  # the worker's name in each language's column
    assert text.count("1456.00 QAR") >= 2  # the wage in each column
    assert version.contract.reference in text and version.content_hash in text.replace("\n", "").replace(" ", "")
    query = parse_qs(urlparse(qr).query)
    assert query == {"ref": [version.contract.reference], "sha256": [version.content_hash]}


@pytest.mark.once("sqlite")  # the rendering of a PDF does not depend on the database
def test_devanagari_and_arabic_are_real_text_not_boxes(make_org, make_user, tmp_path):
    doc = sample("np-qa-domestic.json", worker__full_name="सीता कुमारी तामाङ", employer__name="شركة النور")
    version = registered(make_org, make_user, doc)
    text, _ = read_back(tmp_path, pdf.render_pdf(version))
    assert "सीता" in text
    assert "النور" in text or "ﺍﻟﻨﻮﺭ" in text or "رونلا" in text  # pdftotext may give Arabic in visual order
