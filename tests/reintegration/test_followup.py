"""Services that follow up: the catalogue, a plan, referrals with follow-ups at three, six and twelve months (due
dates computed, overdue ones listed and notified once), outcomes per service, and the signed skills certificate."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from corridor.core import signing
from corridor.core.crypto import node_public_keys
from corridor.core.models import Notification
from corridor.reintegration import errors, selectors, services
from corridor.reintegration.models import FollowUp

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def catalogue(origin_officer):
    centre = services.provider_register(acting_user=origin_officer, name="Reintegration Centre, Manila", region="NCR")
    return {kind: services.service_add(acting_user=origin_officer, provider=centre, kind=kind, name=f"{kind} service")
            for kind in ("jobs", "skills", "training", "business")}


@pytest.fixture
def record(origin_officer):
    return services.return_record(acting_user=origin_officer, returned_on=TODAY - dt.timedelta(days=400),
                                  cause="end_of_contract", source="officer", worker_name="Ana Cruz", destination="SA")


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert services.add_months(dt.date(2026, 1, 31), 3) == dt.date(2026, 4, 30)
    assert services.add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
    assert services.add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert services.add_months(dt.date(2026, 5, 10), 12) == dt.date(2027, 5, 10)


def test_a_plan_and_a_referral_make_three_follow_ups_with_their_due_dates(record, catalogue, caseworker):
    plan = services.plan_create(acting_user=caseworker, record=record, goals="A job as an electrician at home.")
    record.refresh_from_db()
    assert record.status == "supported" and plan.organisation == caseworker.organisation
    referral = services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["jobs"],
                                      referred_on=dt.date(2026, 1, 31))
    assert [(f.months, f.due_on) for f in referral.follow_ups.order_by("months")] == [
        (3, dt.date(2026, 4, 30)), (6, dt.date(2026, 7, 31)), (12, dt.date(2027, 1, 31))]
    with pytest.raises(errors.AlreadyReferred):
        services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["jobs"])
    with pytest.raises(errors.PlanExists):
        services.plan_create(acting_user=caseworker, record=record, goals="Again.")


def test_overdue_follow_ups_are_listed_notified_once_and_outcomes_counted(record, catalogue, caseworker, origin_officer):
    plan = services.plan_create(acting_user=caseworker, record=record, goals="Start a bakery.")
    referred_on = TODAY - dt.timedelta(days=200)  # the 3- and 6-month follow-ups are past due, the 12-month one not
    referral = services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["business"],
                                      referred_on=referred_on)
    overdue = selectors.follow_ups_due(user=caseworker, overdue_only=True)
    assert sorted(f.months for f in overdue) == [3, 6]
    assert services.follow_ups_notify_overdue() == 2
    assert services.follow_ups_notify_overdue() == 0  # once each
    assert Notification.objects.filter(recipient=caseworker, kind="reintegration.follow_up_overdue").count() == 2
    three = referral.follow_ups.get(months=3)
    services.follow_up_record(acting_user=caseworker, follow_up=three, outcome="self_employed", note="Bakery open.")
    with pytest.raises(errors.FollowUpDone):
        services.follow_up_record(acting_user=caseworker, follow_up=three, outcome="no_change")
    six = referral.follow_ups.get(months=6)
    services.follow_up_record(acting_user=caseworker, follow_up=six, outcome="no_change")
    rows = {row["service"].kind: row for row in selectors.outcomes_by_service(user=origin_officer)}
    assert rows["business"]["referred"] == 1 and rows["business"]["follow_ups_done"] == 2
    assert rows["business"]["outcomes"] == {"self_employed": 1, "no_change": 1} and rows["business"]["worked_share"] == 50
    assert rows["jobs"]["worked_share"] is None
    assert not services.return_close_if_done(acting_user=caseworker, record=record)  # the 12-month one is pending


def test_the_due_list_command_prints_the_follow_ups_due(record, catalogue, caseworker, capsys):
    plan = services.plan_create(acting_user=caseworker, record=record, goals="Training.")
    services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["training"],
                           referred_on=TODAY - dt.timedelta(days=100))
    call_command("reintegration_due", "--days", "0")
    out = capsys.readouterr().out
    assert record.reference in out and "3" in out and "training service" in out
    assert FollowUp.objects.filter(overdue_notified_at__isnull=False).count() == 1


def test_a_caseworker_of_another_organisation_cannot_follow_up(record, catalogue, caseworker):
    from corridor.accounts.choices import Role
    from corridor.core.errors import NotFound
    from tests.factories.accounts import UserFactory, verified

    plan = services.plan_create(acting_user=caseworker, record=record, goals="A job.")
    other = verified(UserFactory(role=Role.CASEWORKER))
    with pytest.raises(NotFound):
        services.referral_make(acting_user=other, plan=plan, service=catalogue["jobs"])


def test_skills_recognition_issues_a_certificate_signed_by_the_node(record, catalogue, caseworker, origin_officer):
    plan = services.plan_create(acting_user=caseworker, record=record, goals="Recognition as a welder.")
    skills = services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["skills"])
    jobs = services.referral_make(acting_user=caseworker, plan=plan, service=catalogue["jobs"])
    with pytest.raises(errors.NotSkillsService):
        services.certificate_issue(acting_user=origin_officer, referral=jobs, isco_code="7212")
    with pytest.raises(errors.UnknownOccupation):
        services.certificate_issue(acting_user=origin_officer, referral=skills, isco_code="9999")
    certificate = services.certificate_issue(acting_user=origin_officer, referral=skills, isco_code="7212",
                                             level="Skilled")
    _header, claims = signing.jws_verify(certificate.token, node_public_keys(), typ="corridor-skills+jws")
    assert claims["isco"] == "7212" and claims["sub"] == "Ana Cruz" and claims["jti"] == certificate.reference
    assert selectors.certificate_verify(certificate.token)["isco"] == "7212"
    assert selectors.certificate_verify(certificate.token[:-4] + "AAAA") is None
