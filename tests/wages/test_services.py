"""Salary files in (stored whole, or refused whole), matched to arrivals, reconciled against the registered contract."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from corridor.core.errors import PermissionDenied
from corridor.core.models import DomainEvent
from corridor.wages import services
from corridor.wages.errors import FileRefused
from corridor.wages.models import ArrearsAlert, MonthReconciliation, SalaryFile, SalaryLine
from tests.wages.conftest import EMPLOYER_REF, WORK_PERMIT, csv_file

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def events(name):
    return [e.payload for e in DomainEvent.objects.filter(name=name).order_by("id")]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_sample_imports_and_reconciles(name, dest_officer):
    extra = {"employer_ref": "77", "period": dt.date(2015, 4, 1)} if name.endswith(".txt") else {}
    result = services.salary_file_import(acting_user=dest_officer, data=(SAMPLES / name).read_bytes(), filename=name,
                                         **extra)
    assert result.created and result.file.lines.count() == result.file.line_count
    recs = MonthReconciliation.objects.filter(line__file=result.file)
    assert recs.count() == result.file.line_count
    # unmatched lines are kept and listed, and the minimum wage was looked for (the UAE has none in the rulesets)
    assert all(r.arrival_id is None and r.owed is None for r in recs)
    assert all(any(n["subject"] == "wage.below_minimum" for n in r.not_checked) for r in recs)


def test_refused_file_stores_nothing(dest_officer):
    data = (SAMPLES / "sample_sif_dib_2016.sif").read_bytes().replace(b",01,6500.00", b",02,6400.00")
    with pytest.raises(FileRefused) as exc:
        services.salary_file_import(acting_user=dest_officer, data=data, format="sif")
    assert exc.value.code == "wages.file_refused"
    assert set(exc.value.fields) == {"line 3: edr_count", "line 3: total_salary"}
    assert not SalaryFile.objects.exists() and not SalaryLine.objects.exists()


def test_same_file_twice_changes_nothing(dest_officer):
    data = (SAMPLES / "sample_sif_dib_2016.sif").read_bytes()
    first = services.salary_file_import(acting_user=dest_officer, data=data)
    count = DomainEvent.objects.count()
    again = services.salary_file_import(acting_user=dest_officer, data=data)
    assert not again.created and again.file.pk == first.file.pk
    assert SalaryFile.objects.count() == 1 and DomainEvent.objects.count() == count


def test_only_the_destination_officer_imports(make_user):
    from corridor.accounts.choices import Role
    from tests.conftest import verified

    with pytest.raises(PermissionDenied):
        services.salary_file_import(acting_user=verified(make_user(role=Role.ORIGIN_OFFICER)),
                                    data=(SAMPLES / "sample_sif_dib_2016.sif").read_bytes())


def test_paid_in_full_on_time_has_no_finding(arrival, dest_officer, employer):
    result = services.salary_file_import(acting_user=dest_officer, data=csv_file([{}]), format="csv")
    line = result.file.lines.get()
    assert line.arrival == arrival and line.worker_ref == WORK_PERMIT
    rec = MonthReconciliation.objects.get(line=line)
    assert (rec.owed, rec.paid, rec.shortfall, rec.days_late, rec.codes) == (Decimal("1500.00"), Decimal("1500.00"),
                                                                            Decimal("0.00"), 0, [])
    (payload,) = events("wages.months_reconciled")
    assert payload == {"file_id": result.file.pk, "month_ids": None, "employer_id": employer.pk, "period": "2026-12",
                       "currency": "SAR", "workers": 1, "with_findings": 0, "late": 0, "not_paid": 0,
                       "late_or_short": 0, "shortfall": "0.00"}
    assert not ArrearsAlert.objects.exists()


def test_underpaid_late_and_unlawful_deduction(arrival, dest_officer, employer):
    row = {"basic": "1500.00", "deductions": "recruitment fee=200.00;uniform=50.00", "paid_amount": "1250.00",
           "paid_on": "2027-01-12", "own_account": "no"}
    services.salary_file_import(acting_user=dest_officer, data=csv_file([row]), format="csv")
    rec = MonthReconciliation.objects.get()
    assert rec.owed == Decimal("1500.00") and rec.paid == Decimal("1250.00") and rec.shortfall == Decimal("250.00")
    assert rec.days_late == 12
    assert rec.codes == ["wage.deduction_unlawful", "wage.late", "wage.not_own_account", "wage.shortfall"]
    by_code = {f["code"]: f for f in rec.findings}
    assert by_code["wage.deduction_unlawful"]["rule"] in {"ilo.c181-no-fees", "ilo.c095-art8"}
    assert by_code["wage.not_own_account"]["rule"] == "ilo.c095-paid-directly"
    assert all(f["citation"].get("instrument") for f in rec.findings)
    # the arrears alert: one month short, the default threshold
    alert = ArrearsAlert.objects.get()
    assert alert.total_arrears == Decimal("250.00") and alert.months_unpaid == 1
    from corridor.core.models import AuditEntry, Notification

    assert Notification.objects.filter(kind="wages.arrears_alert", organisation=dest_officer.organisation).count() == 1
    entry = AuditEntry.objects.get(action="wages.arrears_alert")  # one entry names a file's alerts
    assert (entry.object_id, entry.detail["alerts"], entry.detail["totals"]) == (str(alert.pk), [alert.pk], ["250.00"])
    (payload,) = events("wages.arrears_alert")
    assert payload == {"pk": alert.pk, "employer_id": employer.pk, "arrival_id": arrival.pk, "worker_id": None,
                       "total_arrears": "250.00", "currency": "SAR", "months_unpaid": 1}


def test_unpaid_leave_is_pro_rata(arrival, dest_officer):
    services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file([{
        "unpaid_leave_days": "3", "basic": "1354.84", "paid_amount": "1354.84"}]))
    rec = MonthReconciliation.objects.get()
    assert rec.owed == Decimal("1354.84") and rec.shortfall == Decimal("0.00")  # 1500 x 28/31 = 1354.838...


def test_corrected_file_supersedes_and_keeps_history(arrival, dest_officer):
    first = services.salary_file_import(acting_user=dest_officer, format="csv",
                                        data=csv_file([{"paid_amount": "1000.00", "basic": "1000.00"}]))
    fixed = services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file([{}]))
    first.file.refresh_from_db()
    assert fixed.superseded.pk == first.file.pk and first.file.status == "superseded"
    assert fixed.file.supersedes_id == first.file.pk
    assert [e.action for e in first.file.events.all()] == ["import", "supersede"]
    current = MonthReconciliation.objects.get(current=True)
    assert current.line.file == fixed.file and current.shortfall == 0
    assert MonthReconciliation.objects.filter(current=False, shortfall=Decimal("500.00")).exists()
    assert not MonthReconciliation.objects.filter(worker_index=current.worker_index, employer_ref=EMPLOYER_REF,
                                                 current=True, shortfall__gt=0).exists()  # no arrears left


def test_the_contracts_pay_terms_are_read_from_the_document_once(arrival, dest_officer, monkeypatch):
    """The first file against a contract takes its pay terms from the encrypted document; later months read them
    from `ContractPayTerms` (the same result), and nothing that names the worker is kept there."""
    from corridor.clearance import selectors as clearance_selectors
    from corridor.wages.models import ContractPayTerms

    services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file([{"basic": "1400.00", "paid_amount": "1400.00"}]))
    (stored,) = ContractPayTerms.objects.all()
    assert stored.terms["wage"]["amount"] in ("1500", "1500.00") and stored.terms["wage"]["currency"] == "SAR"
    contract = clearance_selectors.arrival_contract(arrival)
    document = contract.as_document()
    kept = str(stored.terms)
    assert document["worker"]["passport_number"] not in kept and contract.worker_name not in kept

    def no_document(ids):
        raise AssertionError("the document was read again")

    monkeypatch.setattr(clearance_selectors, "peer_contract_documents", no_document)
    services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file([{
        "period": "2026-11", "pay_start": "2026-11-01", "pay_end": "2026-11-30", "paid_on": "2026-11-30", "days_in_period": "30",
        "basic": "1400.00", "paid_amount": "1400.00"}]))
    months = MonthReconciliation.objects.order_by("period")
    assert [(m.owed, m.shortfall) for m in months] == [(Decimal("1500.00"), Decimal("100.00"))] * 2
    assert ContractPayTerms.objects.count() == 1


def test_month_with_no_payment(arrival, dest_officer):
    made = services.wages_month_close(acting_user=dest_officer, period=dt.date(2026, 12, 1))
    assert len(made) == 1
    rec = made[0]
    assert rec.codes == ["wage.not_paid"] and rec.owed == rec.shortfall == Decimal("1500.00") and rec.paid == 0
    assert rec.employer_ref == EMPLOYER_REF
    # a second close changes nothing; months before the contract started are not owed
    assert services.wages_month_close(acting_user=dest_officer, period=dt.date(2026, 12, 1)) == []
    assert services.wages_month_close(acting_user=dest_officer, period=dt.date(2026, 11, 1)) == []


def test_arrears_message_to_the_origin(arrival, dest_officer, as_destination, make_user):
    from corridor.exchange.models import OutboundMessage

    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1000.00", "paid_amount": "1000.00"}]))
    message = OutboundMessage.objects.get(kind="wages.arrears")
    assert message.peer == as_destination
    import json

    from corridor.core import crypto
    from corridor.exchange.models import Peer
    from corridor.wages.models import PeerArrears

    payload = json.loads(crypto.b64url_decode(message.token.split(".")[1]))
    body = payload.get("body", payload)
    # below the SAR 1,500 of the Philippines-Saudi agreement (ph-sa ruleset) as well as short of the contract
    assert body["total_arrears"] == "500.00" and body["months"][0]["codes"] == ["wage.below_minimum", "wage.shortfall"]
    from jsonschema import Draft202012Validator

    schema = json.loads((Path(__file__).resolve().parents[2] / "spec/exchange/kinds/wages.arrears.schema.json").read_text())
    Draft202012Validator(schema).validate(body)
    # the origin stores it for the attaché
    from corridor.accounts.choices import Role
    from corridor.core import notifications

    attache, stranger = make_user(Role.CONSULAR_ATTACHE), make_user(Role.AGENCY_STAFF)
    sa = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    services.peer_arrears_receive(peer=sa, body=body)
    stored = PeerArrears.objects.get()
    assert stored.total_arrears == Decimal("500.00") and stored.clearance_reference == arrival.clearance.reference
    # the attaché who acts on it gets a notice and a dashboard count; staff of another office do not
    (notice,) = notifications.notification_list(user=attache).filter(kind="wages.peer_arrears")
    assert "500.00" in notice.text and notifications.notification_unread_count(user=attache) == 1
    assert not notifications.notification_list(user=stranger).filter(kind="wages.peer_arrears").exists()


def test_below_the_statutory_minimum_cites_the_rule(dest_officer, monkeypatch):
    """A Qatar node: a line below QAR 1,000 basic, matched to no arrival, still meets the floor."""
    from corridor.core import node

    real = node.identity()
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("QA", "Qatar", "QA node", real.url))
    services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file([{
        "worker_id": "Q1", "basic": "900.00", "paid_amount": "900.00", "currency": "QAR"}]))
    rec = MonthReconciliation.objects.get()
    assert rec.arrival_id is None and rec.codes == ["wage.below_minimum"]
    (finding,) = rec.findings
    assert finding["rule"] == "qa.minimum-wage" and "Law No. 17 of 2020" in finding["citation"]["instrument"]


def test_arrears_open_a_case_with_a_wages_claim_on_the_liability_chain(arrival, dest_officer, employer):
    from corridor.cases.models import Claim, WageArrearsCase
    from corridor.registry.models import EmployerWageRecord

    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1200.00", "paid_amount": "1200.00"}]))
    link = WageArrearsCase.objects.get(arrival_id=arrival.pk)
    case = link.case
    assert case.grievances.filter(kind="unpaid_wages").exists() and not case.consent_referral_identity
    claim = Claim.objects.get(case=case)
    assert (claim.kind, claim.amount, claim.currency_id) == ("wages", Decimal("300.00"), "SAR")
    chain = list(claim.liabilities.order_by("rank").values_list("respondent__role", "status"))
    assert chain[0] == ("employer", "current")
    # the next month unpaid: the same case, a claim for the increase only
    services.wages_month_close(acting_user=dest_officer, period=dt.date(2027, 1, 1))
    assert WageArrearsCase.objects.get().case == case
    assert list(Claim.objects.filter(case=case).values_list("amount", flat=True).order_by("id")) == [Decimal("300.00"),
                                                                                                     Decimal("1500.00")]
    # the employer's wage compliance record in the registry
    record = EmployerWageRecord.objects.get(employer=employer, period=dt.date(2026, 12, 1))
    assert (record.workers, record.with_findings, record.shortfall) == (1, 1, Decimal("300.00"))
    from corridor.registry.selectors import employer_wage_records

    assert [r.pk for r in employer_wage_records(employer)][-1] == record.pk
