"""Risk: signals from other apps' events, weights as audited data, scores with every factor shown, and plans."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from corridor.core import events
from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditEntry
from corridor.inspection import services
from corridor.inspection.choices import RiskFactor, VisitKind, VisitStatus
from corridor.inspection.errors import NotAnInspector, UnknownFactor, WeightInvalid
from corridor.inspection.models import RiskScore, RiskSignal, Visit
from tests.factories.accounts import OrganisationFactory, UserFactory, verified
from tests.factories.inspection import VisitFactory, WorksiteFactory, answer_all, inspector
from tests.factories.registry import EmployerFactory

pytestmark = pytest.mark.django_db


def score_of(employer, worksite=None):
    return RiskScore.objects.get(employer=employer, worksite=worksite)


@pytest.mark.django_db(transaction=True)
def test_wages_signals_counted_by_weight():
    site = WorksiteFactory(workforce=100)
    employer = site.employer
    events.publish("wages.arrears_alert", pk=7, employer_id=employer.pk, arrival_id=1, worker_id=None,
                   total_arrears="3000.00", currency="SAR", months_unpaid=3)
    events.publish("wages.arrears_alert", pk=7, employer_id=employer.pk, arrival_id=1, worker_id=None,
                   total_arrears="4000.00", currency="SAR", months_unpaid=4)
    month = {"file_id": None, "employer_id": employer.pk, "currency": "SAR", "workers": 1, "not_paid": 0}
    events.publish("wages.months_reconciled", **month, month_ids=[8], period="2026-10", with_findings=1, late=1,
                   late_or_short=1, shortfall="500.00")
    events.publish("wages.months_reconciled", **month, month_ids=[9], period="2026-09", with_findings=0, late=0,
                   late_or_short=0, shortfall="0.00")
    signals = RiskSignal.objects.filter(employer=employer)
    assert signals.get(factor=RiskFactor.WAGE_ARREARS).magnitude == 4  # the later alert replaced the earlier
    assert signals.filter(factor=RiskFactor.WAGE_LATE).count() == 1  # the month paid in full adds nothing
    score = score_of(employer, site)
    parts = score.breakdown
    assert parts["wage_arrears"]["points"] == "40.00"  # 4 months x 10, at the cap of 40
    assert parts["wage_late"]["points"] == "3.00"
    assert parts["workforce"]["points"] == "2.00"  # 100 workers / 50
    assert parts["sector"]["points"] == "8.00"  # construction
    assert score.score == Decimal("53.00")
    assert score_of(employer).score == Decimal("53.00")


def test_every_factor_is_in_the_breakdown_and_sums_to_the_score():
    site = WorksiteFactory(workforce=10)
    services.signal_record(employer_id=site.employer_id, factor=RiskFactor.WATCHLIST, source="t", source_ref="w:1")
    services.signal_record(employer_id=site.employer_id, factor=RiskFactor.WATCHLIST, source="t", source_ref="w:1")
    services.risk_scores_compute()
    score = score_of(site.employer, site)
    assert set(score.breakdown) == {f.value for f in RiskFactor}
    assert sum(Decimal(p["points"]) for p in score.breakdown.values()) == score.score
    assert score.breakdown["watchlist"] == {"units": "1.00", "points": "25.00"}


def test_old_signals_fall_out_of_the_window():
    site = WorksiteFactory()
    services.signal_record(employer_id=site.employer_id, factor=RiskFactor.CASE_URGENT, source="t", source_ref="u:1",
                           occurred_at=timezone.now() - timedelta(days=400))
    services.risk_scores_compute()
    assert score_of(site.employer, site).breakdown["case_urgent"]["points"] == "0.00"


def test_an_officer_changes_a_weight_with_an_audit_entry():
    officer = inspector()
    site = WorksiteFactory()
    services.signal_record(employer_id=site.employer_id, factor=RiskFactor.SUBSTITUTION, source="t", source_ref="m:1")
    services.risk_weight_set(acting_user=officer, factor="substitution", weight="20", cap="50", window_days=365,
                             reasoning="Substitution is rife this year")
    services.risk_scores_compute()
    assert score_of(site.employer, site).breakdown["substitution"]["points"] == "20.00"
    entry = AuditEntry.objects.filter(action="risk_weight.change").get()
    assert entry.detail["from"]["weight"] == "8" and entry.detail["to"]["weight"] == "20"


def test_weight_changes_are_refused_when_wrong():
    officer = inspector()
    with pytest.raises(UnknownFactor):
        services.risk_weight_set(acting_user=officer, factor="astrology", weight=1, cap=1, window_days=1, reasoning="x")
    with pytest.raises(WeightInvalid):
        services.risk_weight_set(acting_user=officer, factor="watchlist", weight=-1, cap=1, window_days=1, reasoning="x")
    with pytest.raises(WeightInvalid):
        services.risk_weight_set(acting_user=officer, factor="watchlist", weight=1, cap=1, window_days=1, reasoning=" ")
    with pytest.raises(PermissionDenied):
        services.risk_weight_set(acting_user=verified(UserFactory(role="auditor")), factor="watchlist", weight=1, cap=1,
                                 window_days=1, reasoning="x")
    ministry_officer = verified(UserFactory(role="destination_officer",
                                            organisation=OrganisationFactory(kind="ministry", country="SA")))
    with pytest.raises(NotAnInspector):
        services.risk_weight_set(acting_user=ministry_officer, factor="watchlist", weight=1, cap=1, window_days=1,
                                 reasoning="x")
    assert not AuditEntry.objects.filter(action="risk_weight.change").exists()


def _site_with_score(points_signals: int, **kw):
    site = WorksiteFactory(employer=EmployerFactory(name=f"Employer {kw.get('name', points_signals)}"), **{
        k: v for k, v in kw.items() if k != "name"})
    for i in range(points_signals):
        services.signal_record(employer_id=site.employer_id, factor=RiskFactor.CASE_GRIEVANCE, source="t",
                               source_ref=f"g:{site.pk}:{i}")
    return site


def test_plan_takes_the_riskiest_sites_first_and_deals_them_by_quota():
    a, b = inspector(), None
    b = inspector(a.organisation)
    low, mid, high = _site_with_score(1, name="low"), _site_with_score(3, name="mid"), _site_with_score(6, name="high")
    other_sector = _site_with_score(9, name="farm", sector="agriculture")
    services.risk_scores_compute()
    plan = services.plan_create(acting_user=a, name="Construction Q1", starts_on=timezone.localdate(),
                                ends_on=timezone.localdate() + timedelta(days=90), sector="construction",
                                quotas=[(a, 1), (b, 1)])
    visits = list(plan.visits.order_by("-priority"))
    assert [v.worksite_id for v in visits] == [high.pk, mid.pk]
    assert {v.inspector_id for v in visits} == {a.pk, b.pk}
    assert low.pk not in {v.worksite_id for v in visits} and other_sector.pk not in {v.worksite_id for v in visits}
    assert all(v.kind == VisitKind.PLANNED and v.status == VisitStatus.SCHEDULED for v in visits)


def test_a_site_inspected_recently_drops_down_unless_new_signals_came():
    officer = inspector()
    high, mid = _site_with_score(6, name="high"), _site_with_score(3, name="mid")
    visit = VisitFactory(worksite=high, acting_user=officer, start=True)
    answer_all(visit, officer)
    services.visit_complete(acting_user=officer, visit=visit)
    services.risk_scores_compute()
    ranking = services.plan_candidates(sector="construction")
    assert [c.worksite_id for c in ranking] == [mid.pk, high.pk]
    assert ranking[1].recent
    services.signal_record(employer_id=high.employer_id, factor=RiskFactor.CASE_URGENT, source="t", source_ref="new")
    services.risk_scores_compute()
    assert [c.worksite_id for c in services.plan_candidates(sector="construction")] == [high.pk, mid.pk]


def test_a_site_with_an_open_visit_is_not_planned_twice():
    officer = inspector()
    site = _site_with_score(2)
    VisitFactory(worksite=site, acting_user=officer)
    services.risk_scores_compute()
    assert site.pk not in [c.worksite_id for c in services.plan_candidates()]
    assert Visit.objects.count() == 1


def test_scores_combine_general_and_site_signals_set_based():
    """The one INSERT ... SELECT, checked by hand: an employer with two sites, a signal naming no site (it counts at
    every site), signals naming one site, an employer without a site, one without signals, one named with nothing."""
    now = timezone.now()
    two = EmployerFactory(name="Two Sites Co")
    a = WorksiteFactory(employer=two, workforce=100, sector="construction")
    b = WorksiteFactory(employer=two, workforce=300, sector="domestic_work")
    record = services.signal_record
    record(employer_id=two.pk, factor=RiskFactor.WATCHLIST, source="t", source_ref="w:1", occurred_at=now - timedelta(days=5))
    record(employer_id=two.pk, worksite_id=a.pk, factor=RiskFactor.WAGE_LATE, source="t", source_ref="l:1", magnitude=2,
           occurred_at=now - timedelta(days=1))
    record(employer_id=two.pk, worksite_id=b.pk, factor=RiskFactor.CASE_URGENT, source="t", source_ref="u:1",
           occurred_at=now - timedelta(days=9))
    siteless = EmployerFactory(name="No Site Co")
    record(employer_id=siteless.pk, factor=RiskFactor.SUBSTITUTION, source="t", source_ref="m:1")
    quiet = WorksiteFactory(employer=EmployerFactory(name="Quiet Co"), workforce=50, sector="hospitality")
    farm = WorksiteFactory(employer=EmployerFactory(name="Farm Co"), workforce=25, sector="agriculture")
    record(employer_id=farm.employer_id, worksite_id=farm.pk, factor=RiskFactor.FINDING, source="t", source_ref="f:1",
           magnitude=2, occurred_at=now - timedelta(days=3))
    assert services.risk_scores_compute(now=now) == 8  # 4 employers, 4 sites

    employer = score_of(two)
    assert employer.score == Decimal("59.00")  # watchlist 25 + late 6 + urgent 10 + 400 workers 8 + domestic work 10
    assert employer.breakdown["sector"] == {"units": "domestic_work", "points": "10.00", "weight_key": "sector.domestic_work"}
    assert employer.breakdown["workforce"] == {"units": "8.00", "points": "8.00"}
    assert employer.breakdown["wage_late"] == {"units": "2.00", "points": "6.00"}
    assert score_of(two, a).score == Decimal("41.00") and score_of(two, a).breakdown["case_urgent"]["points"] == "0.00"
    assert score_of(two, b).score == Decimal("51.00") and score_of(two, b).breakdown["wage_late"]["points"] == "0.00"
    latest = RiskSignal.objects.get(source_ref="l:1").occurred_at
    # a signal naming no site is news at every site: the employer's latest signal bounds the site's
    assert employer.last_signal_at == latest and score_of(two, b).last_signal_at == latest
    alone = score_of(siteless)
    assert alone.score == Decimal("8.00") and alone.breakdown["sector"] == {"units": "", "points": "0.00", "weight_key": ""}
    assert score_of(quiet.employer).score == Decimal("5.00") and score_of(quiet.employer).last_signal_at is None
    assert score_of(quiet.employer, quiet).score == Decimal("5.00")
    assert score_of(farm.employer, farm).score == Decimal("14.50")  # finding 3 x 2 + 0.5 + agriculture 8
    assert score_of(farm.employer, farm).last_signal_at == RiskSignal.objects.get(source_ref="f:1").occurred_at
    assert sum(Decimal(p["points"]) for p in employer.breakdown.values()) == employer.score

    nobody = EmployerFactory(name="Nobody Co")
    assert services.risk_scores_compute(employer_ids=[nobody.pk], now=now) == 1
    assert score_of(nobody).score == Decimal("0.00") and RiskScore.objects.count() == 9
    assert services.risk_scores_compute(employer_ids=[], now=now) == 0 and RiskScore.objects.count() == 9


def test_points_are_exact_cents_rounded_half_up():
    """The database computes in integer cents: (weight x units + 50) / 100, i.e. half a cent rounds up, as shown."""
    site = WorksiteFactory(workforce=0)
    services.risk_weight_set(acting_user=inspector(), factor="case_grievance", weight="0.50", cap="30",
                             window_days=730, reasoning="Rounding check")
    services.signal_record(employer_id=site.employer_id, factor=RiskFactor.CASE_GRIEVANCE, source="t",
                           source_ref="g:1", magnitude=Decimal("0.01"))
    services.signal_record(employer_id=site.employer_id, factor=RiskFactor.CASE_GRIEVANCE, source="t",
                           source_ref="g:2", magnitude=Decimal("2.02"))
    services.risk_scores_compute()
    part = score_of(site.employer, site).breakdown["case_grievance"]
    assert part == {"units": "2.03", "points": "1.02"}  # 0.50 x 2.03 = 1.015 -> 1.02


def test_months_reconciled_in_a_batch_give_the_signals_of_one_by_one():
    from corridor.inspection.subscribers import on_months_reconciled

    first, second = WorksiteFactory(), WorksiteFactory()
    payloads = []
    for i in range(12):
        employer_id = (first.employer_id, second.employer_id, 999_999)[i % 3]  # the last is no registered employer
        payloads.append({"file_id": None, "month_ids": [100 + i], "employer_id": employer_id, "period": "2026-11",
                         "currency": "SAR", "late_or_short": 1 if i % 2 or i % 4 == 0 else 0})
    payloads.append(dict(payloads[1]))  # the same month delivered twice
    payloads.append({"file_id": None, "month_ids": [200], "employer_id": None, "period": "2026-11", "late_or_short": 1})
    payloads.append({"file_id": 7, "month_ids": None, "employer_id": first.employer_id, "period": "2026-11",
                     "currency": "SAR", "late_or_short": 40})  # a salary file's months: one signal of 40 units

    def signals():
        return (sorted(RiskSignal.objects.values_list("employer_id", "factor", "magnitude", "source", "source_ref")),
                sorted((e, w or 0, score) for e, w, score in RiskScore.objects.values_list("employer_id", "worksite_id",
                                                                                         "score")))

    for payload in payloads:
        on_months_reconciled([payload])
    one_by_one = signals()
    # employers 1 and 2, months short or late (100, 101, 103, 104, 105, 107), and the file
    assert len(one_by_one[0]) == 7 and max(row[2] for row in one_by_one[0]) == 40
    RiskSignal.objects.all().delete()
    RiskScore.objects.all().delete()
    on_months_reconciled(payloads)
    assert signals() == one_by_one
    on_months_reconciled(payloads)  # delivered again: nothing added
    assert signals() == one_by_one
