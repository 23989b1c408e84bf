"""The return debrief: voluntary answers, published as anonymous facts only, in figures that reveal no worker."""

import pytest
from django.utils import timezone

from corridor.cases.models import Case
from corridor.core import events
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.registry.models import AgencyDebriefRecord
from corridor.reintegration import errors, selectors, services
from corridor.reintegration.models import Debrief

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ANSWERS = {"paid_to": "agency", "recruitment_cost": "45000.00", "cost_currency": "php", "wages": "less",
           "documents": "employer", "would_use_again": "no"}


@pytest.fixture
def returned(granted_for_worker):
    clearance, user = granted_for_worker
    record = services.return_record(acting_user=user, returned_on=TODAY, cause="end_of_contract", source="worker",
                                    clearance_reference=clearance.reference)
    return record, user


@pytest.fixture
def published():
    seen = []

    def catch(**payload):
        seen.append(payload)

    events.subscriber("reintegration.debrief_recorded")(catch)
    yield seen
    events._subscribers["reintegration.debrief_recorded"].remove(catch)


def test_the_debrief_is_published_without_the_person(returned, published, agency):
    record, user = returned
    services.debrief_give(acting_user=user, record=record, language="tl", **ANSWERS)
    (payload,) = published
    assert set(payload) == {"reference", "origin", "destination", "agency_licence", "recruitment_cost", "cost_currency",
                            "monthly_earnings", "earnings_currency", "returned_on", "sex", "occupation"}
    assert payload["recruitment_cost"] == "45000.00" and payload["cost_currency"] == "PHP"
    assert payload["origin"] == "PH" and payload["destination"] == "SA" and payload["sex"] == "F"
    assert payload["agency_licence"] == agency.current_licence.number
    assert payload["monthly_earnings"] and payload["earnings_currency"]  # from the registered contract's job order
    assert record.worker_name not in str(payload) and "P7777777A" not in str(payload)
    # The registry counts it on the agency's record; no case is opened without consent.
    row = AgencyDebriefRecord.objects.get(agency=agency)
    assert (row.debriefs, row.fees_reported, str(row.fees_total), row.currency) == (1, 1, "45000.00", "PHP")
    assert not Case.objects.exists()


def test_consent_opens_a_case_in_the_workers_name(returned, agency):
    record, user = returned
    services.debrief_give(acting_user=user, record=record, case_consent=True, **ANSWERS)
    case = Case.objects.get()
    assert case.complainant.user == user and case.nationality_id == "PH" and case.country_where_id == "SA"
    assert set(case.grievances.values_list("kind", flat=True)) == {"recruitment_fees", "unpaid_wages", "documents_taken"}
    assert case.respondents.filter(role="agency").exists()


def test_the_debrief_is_given_once_by_the_worker_only(returned, origin_officer):
    record, user = returned
    with pytest.raises(PermissionDenied):
        services.debrief_give(acting_user=origin_officer, record=record, **ANSWERS)
    services.debrief_give(acting_user=user, record=record, **ANSWERS)
    with pytest.raises(errors.DebriefExists):
        services.debrief_give(acting_user=user, record=record, **ANSWERS)


def test_another_worker_cannot_answer_for_the_return(returned):
    from tests.factories.accounts import WorkerUserFactory, verified

    record, _user = returned
    with pytest.raises(NotFound):
        services.debrief_give(acting_user=verified(WorkerUserFactory()), record=record, **ANSWERS)


def test_a_bad_amount_or_answer_is_refused_and_nothing_is_stored(returned):
    record, user = returned
    for field, value in (("recruitment_cost", "-5"), ("recruitment_cost", "12.345"), ("recruitment_cost", "abc"),
                         ("cost_currency", "")):
        with pytest.raises(errors.AmountInvalid):
            services.debrief_give(acting_user=user, record=record, **{**ANSWERS, field: value})
    with pytest.raises(InvalidInput) as refused:
        services.debrief_give(acting_user=user, record=record, **{**ANSWERS, "documents": "burnt"})
    assert "documents" in refused.value.fields
    assert not Debrief.objects.exists()


def _debriefs(n: int, destination: str):
    """n debriefs from returns to `destination` (test-only rows: the figures read the table, not the people)."""
    from corridor.reintegration.models import Return

    for i in range(n):
        record = Return.objects.create(reference=f"RET-T-{destination}-{i}", worker_name=f"W{i}", destination=destination,
                                       returned_on=TODAY, cause="end_of_contract", source="officer")
        Debrief.objects.create(return_record=record, paid_to="agency", recruitment_cost=1000 + i, cost_currency="PHP",
                               wages="as_contract", documents="kept", would_use_again="yes" if i % 2 else "no")


def test_published_figures_suppress_a_group_of_fewer_than_ten_answers():
    _debriefs(selectors.MIN_GROUP, "SA")
    _debriefs(selectors.MIN_GROUP - 1, "KW")
    rows = {row["group"]: row for row in selectors.debrief_figures()}
    assert rows["SA"]["answers"] == 10 and not rows["SA"]["suppressed"]
    assert rows["SA"]["median_cost"] == 1005 and rows["SA"]["paid_fee_share"] == 100
    assert rows["SA"]["would_use_again_share"] == 50
    assert rows["KW"]["suppressed"] and rows["KW"]["answers"] is None and rows["KW"]["median_cost"] is None
    assert rows["KW"]["would_use_again_share"] is None and rows["KW"]["paid_fee_share"] is None
