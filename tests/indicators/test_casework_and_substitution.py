"""The indicators of issue 20's second round on small hand-computed data: complaints by forced-labour indicator, time
to first response and to resolution, money claimed/recovered/owed, contract substitution rates, SDG 10.7.1 from
registered contracts; the new tables' suppression, including a differencing attack across two tables."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from corridor.cases.models import CaseEvent, Claim, IndicatorFinding, Recovery
from corridor.clearance.models import DestinationReport
from corridor.core import events
from corridor.indicators import presentation, selectors, services
from corridor.indicators.models import CostSample, Tally
from corridor.indicators.suppression import Grid, publish
from tests.factories.cases import ComplaintFactory
from tests.factories.inspection import WorksiteFactory
from tests.factories.registry import EmployerFactory
from tests.indicators.test_suppression import recomputable

PARTY = [{"role": "employer", "name": "Al Noor Home Services Co."}]


def snapshot() -> dict:
    return {(t, p, k): (n, a) for t, p, k, n, a in Tally.objects.values_list("table", "period", "key", "count", "amount")}


def publish_event(name: str, **payload) -> None:
    with transaction.atomic():
        events.publish(name, **payload)


# --- pure figures (no database) -----------------------------------------------------------------------------------

def _table(rows: dict, amount: bool = False) -> dict:
    return {"rows": [{"key": k, "total": v if not amount else (None if v is None else 1),
                      "amount_total": v if amount else None} for k, v in rows.items()]}


def test_substitution_rate_is_substituted_over_checked_and_none_when_a_count_is_suppressed():
    tables = {"contract_checks_by_employer_size": _table({"50-249": 20}),
              "substitutions_by_employer_size": _table({"50-249": 10}),
              "contract_checks_by_destination": _table({"SA": 40, "QA": 25, "AE": None}),
              "substitutions_by_destination": _table({"SA": 12, "QA": None}),
              "contract_checks_by_agency": _table({"Bright Star": 30}), "substitutions_by_agency": _table({})}
    rates = {(r.dimension, r.key): r for r in selectors.substitution_rates(tables)}
    assert rates[("destination", "SA")].rate_pct == Decimal("30.0")  # 12 / 40
    assert rates[("destination", "QA")].rate_pct is None and rates[("destination", "AE")].rate_pct is None
    assert rates[("employer_size", "50-249")].rate_pct == Decimal("50.0")  # 10 / 20
    assert rates[("agency", "Bright Star")].substituted == 0 and rates[("agency", "Bright Star")].rate_pct == 0


def test_still_owed_is_claimed_minus_recovered_exactly_per_currency():
    tables = {"claims_by_currency": _table({"SAR": Decimal("4500.50"), "PHP": Decimal("20000.00"), "QAR": None}, True),
              "recoveries_by_currency": _table({"SAR": Decimal("1200.25"), "QAR": Decimal("10.00")}, True)}
    owed = {o.currency: o for o in selectors.amounts_owed(tables)}
    assert owed["SAR"].owed == Decimal("3300.25")
    assert owed["PHP"].recovered == 0 and owed["PHP"].owed == Decimal("20000.00")
    assert owed["QAR"].claimed is None and owed["QAR"].owed is None  # suppressed claim: no difference


def test_day_bands_read_as_ranges():
    assert presentation.day_band("001") == "0 to under 1 days"
    assert presentation.day_band("007") == "3 to under 7 days"
    assert presentation.day_band("366") == "365 days or more"


def test_the_two_contract_check_tables_resist_a_differencing_attack():
    """Checks by destination and by agency: the same contracts, the same monthly totals. Agency B's 4 checks in
    February are suppressed; February's total minus the other agencies would give them back unless more is hidden."""
    dest = Grid("contract_checks_by_destination", {("SA", "2026-01"): 30, ("SA", "2026-02"): 25,
                                                   ("QA", "2026-01"): 14, ("QA", "2026-02"): 19})
    agency = Grid("contract_checks_by_agency", {("A", "2026-01"): 44, ("A", "2026-02"): 40, ("B", "2026-02"): 4})
    grids = [dest, agency]
    tables = publish(grids)
    assert next(r for r in tables["contract_checks_by_agency"]["rows"] if r["key"] == "B")["cells"]["2026-02"] is None
    assert not recomputable(tables, grids)


# --- counted from the records, by events and by the rebuild ------------------------------------------------------

@pytest.fixture
def casework(db, make_clearance):
    """Two complaints (their triage indicators), one answered and resolved the day it was filed; a SAR claim of
    1000.00 with 250.50 recovered; three contract checks for SA (one substituted)."""
    filed = [ComplaintFactory(grievances=["unpaid_wages", "documents_taken"], respondents=PARTY,
                              narrative="They took my passport and have not paid me for two months."),
             ComplaintFactory(grievances=["unpaid_wages"], respondents=PARTY)]
    case = getattr(filed[0], "case", filed[0])
    for action, before, after in [("triage", "received", "triaged"), ("resolve", "in_progress", "resolved")]:
        CaseEvent.objects.create(case=case, action=action, from_status=before, to_status=after, actor_label="test",
                                 effective_date=timezone.localdate())
        publish_event("case.transitioned", pk=case.pk, action=action, from_status=before, to_status=after)
        if action == "resolve":
            publish_event("case.resolved", pk=case.pk)
    claim = Claim.objects.create(case=case, kind="unpaid_wages", amount=Decimal("1000.00"), currency_id="SAR")
    publish_event("case.claim_added", pk=claim.pk)
    recovery = Recovery.objects.create(claim=claim, amount=Decimal("250.50"), recovered_on=timezone.localdate())
    publish_event("case.recovery_recorded", pk=recovery.pk)
    clearance = make_clearance(name="Worker C", passport="P0000C01")
    other = make_clearance(name="Worker D", passport="P0000D01")
    employer = clearance.employer or EmployerFactory()
    clearance.__class__.objects.filter(pk=clearance.pk).update(employer=employer)
    clearance.__class__.objects.filter(pk=other.pk).update(employer=None)  # no registered employer: "unknown"
    WorksiteFactory(employer=employer, name="Camp", workforce=30)
    WorksiteFactory(employer=employer, name="Site", workforce=25)  # 30 + 25 = 55 workers: the 50-249 band
    report = DestinationReport.objects.create(clearance=other, kind="contract.checked", peer_country="SA",
                                              substituted=True, reported_at=timezone.now())
    publish_event("clearance.contract_check_reported", pk=report.pk)
    for substituted in (True, False, False):
        report = DestinationReport.objects.create(clearance=clearance, kind="contract.checked", peer_country="SA",
                                                  substituted=substituted, reported_at=timezone.now())
        publish_event("clearance.contract_check_reported", pk=report.pk)
    return case, f"{timezone.now():%Y-%m}", clearance


def test_each_new_table_counts_what_it_says_and_the_rebuild_agrees(casework):
    case, month, clearance = casework
    got = snapshot()
    pairs = set(IndicatorFinding.objects.values_list("case_id", "indicator"))
    for indicator in {i for _c, i in pairs}:
        assert got[("complaints_by_indicator", month, indicator)][0] == sum(1 for _c, i in pairs if i == indicator)
    assert got[("first_response_days", month, "001")][0] == 1  # answered within the day
    assert got[("resolution_days", month, "001")][0] == 1
    assert got[("resolutions_by_country", month, case.country_where_id)][0] == 1  # the one case resolved
    assert got[("claims_by_currency", month, "SAR")] == (1, Decimal("1000.00"))
    assert got[("recoveries_by_currency", month, "SAR")] == (1, Decimal("250.50"))
    assert got[("substitutions_by_destination", month, "SA")][0] == 2
    assert got[("contract_checks_by_agency", month, clearance.agency.name)][0] == 4
    assert got[("contract_checks_by_destination", month, "SA")][0] == 4
    assert got[("contract_checks_by_employer_size", month, "50-249")][0] == 3  # by hand: 3 checks, 55 workers
    assert got[("substitutions_by_employer_size", month, "50-249")][0] == 1
    assert got[("contract_checks_by_employer_size", month, "unknown")][0] == 1  # the clearance with no employer
    assert got[("substitutions_by_employer_size", month, "unknown")][0] == 1
    Tally.objects.all().delete()
    services.indicators_rebuild(acting_user=None)
    assert snapshot() == got

    # a re-screening that finds nothing takes the case's indicators out, as a rebuild would
    before = sorted({i for c, i in pairs if c == case.pk})
    IndicatorFinding.objects.filter(case=case).delete()
    publish_event("case.rescreened", pk=case.pk, indicators_before=before, filed_month=month)
    incremental = snapshot()
    services.indicators_rebuild(acting_user=None)
    assert snapshot() == incremental

    # under the threshold: the medians and the owed amount are suppressed, the rates too
    derived = selectors.derived()
    assert all(d.count is None and d.median_band is None for d in derived["durations"])
    assert all(o.owed is None for o in derived["amounts_owed"])
    assert all(r.rate_pct is None for r in derived["substitution_rates"])


def test_median_time_is_read_from_the_bands_and_shown_from_ten(db):
    Tally.objects.bulk_create([Tally(table="resolution_days", period="2026-01", key="003", count=4),
                               Tally(table="resolution_days", period="2026-02", key="014", count=3),
                               Tally(table="resolution_days", period="2026-02", key="366", count=5),
                               Tally(table="first_response_days", period="2026-01", key="001", count=9)])
    got = {d.table: d for d in selectors.durations()}
    assert got["resolution_days"].count == 12 and got["resolution_days"].median_band == "014"  # 4 + 3 >= 12 / 2
    assert got["first_response_days"].count is None and got["first_response_days"].median_band is None


def test_a_registered_contract_gives_an_sdg_10_7_1_sample_once(db, make_clearance):
    clearance = make_clearance(name="Worker F", passport="P0000F01")
    samples = CostSample.objects.filter(source=CostSample.Source.CONTRACT)
    assert samples.count() >= 1  # counted when the contract was registered (contract.transitioned)
    sample = samples.get(reference__startswith=f"{clearance.contract.reference}/")
    assert sample.cost == 0 and sample.earnings > 0 and sample.destination == clearance.destination_id
    version = clearance.contract.versions.get(status="registered")
    services.contract_cost_record(version_id=version.pk)
    assert samples.filter(reference=sample.reference).count() == 1


def test_the_rate_chart_is_drawn_with_a_label_and_leaves_a_suppressed_rate_out():
    from corridor.indicators import charts  # why: pure rendering, no database

    svg = charts.rates([{"label": "Saudi Arabia", "rate_pct": Decimal("30.0")}, {"label": "Qatar", "rate_pct": None}])
    assert svg.startswith("<svg") and 'role="img"' in svg and "Saudi Arabia" in svg and "Qatar" not in svg
