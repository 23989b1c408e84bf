"""Orientation: a licensed provider's course, session, attendance, the assessment in the worker's language, and
completion becoming the clearance's orientation fact, carried in the credential the destination verifies."""

import datetime as dt

import pytest
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.clearance import certificate
from corridor.clearance import services as clearance_services
from corridor.clearance.choices import FactKind
from corridor.core import node
from corridor.orientation import assessments, services
from corridor.orientation.errors import (
    AssessmentLanguage,
    AssessmentNotPassed,
    CourseInvalid,
    EnrolmentTransitionNotAllowed,
    LicenceTransitionNotAllowed,
    ProviderNotLicensed,
    SessionFull,
)
from tests.conftest import verified

RIGHT = {"passport": 0, "contract": 1, "unpaid": 1}


@pytest.fixture
def provider_user(make_user, make_org):
    return verified(make_user(Role.ORIENTATION_PROVIDER, organisation=make_org("orientation_provider")))


@pytest.fixture
def licence(officer, provider_user):
    today = timezone.localdate()
    return services.licence_grant(acting_user=officer, provider=provider_user.organisation, number="PDOS-ACC-001",
                                  valid_from=today - dt.timedelta(days=30), valid_until=today + dt.timedelta(days=365))


@pytest.fixture
def course(licence, provider_user):
    return services.course_create(acting_user=provider_user, code="PDOS-HSW-SA", title="PDOS for household workers",
                                  modules=[("Rights and contract", "3"), ("Culture and language", "3"),
                                           ("Money and remittances", "2")],
                                  languages=["tl", "en", "ar"], destination="SA", assessment="pdos-rights")


@pytest.fixture
def session(course, provider_user):
    today = timezone.localdate()
    return services.session_schedule(acting_user=provider_user, course=course, starts_on=today, ends_on=today,
                                      place="Manila", language="tl", capacity=2)


def test_the_assessment_data_is_complete():
    test = assessments.get("pdos-rights")
    assert {"en", "fil", "ne", "ar", "es"} <= test.languages
    assert test.score(RIGHT) == (3, 3, True)
    assert test.score({"passport": 1, "contract": 1, "unpaid": 1})[2] is True  # 2 of 3 is 67%
    assert test.score({"passport": 1})[2] is False
    with pytest.raises(assessments.AssessmentFileError):
        assessments.parse('[assessment]\nid="x"\nversion="1"\npass_mark=50\ntitle={en="x"}\n'
                          '[[questions]]\nid="q"\nanswer=3\nsource="s"\ntext={en="?"}\noptions={en=["a"]}\n')


def test_completion_becomes_the_clearance_fact_and_travels_in_the_credential(
        officer, fund_officer, provider_user, session, make_clearance, make_worker):
    worker = make_worker(name="Ana Reyes", passport="P7777777A")
    clearance = make_clearance(facts=False, worker=worker)
    enrolment = services.enrolment_create(acting_user=provider_user, session=session, worker=worker)
    with pytest.raises(EnrolmentTransitionNotAllowed):
        services.enrolment_complete(acting_user=provider_user, enrolment=enrolment)
    enrolment = services.attendance_record(acting_user=provider_user, enrolment=enrolment, attended=True)
    with pytest.raises(AssessmentNotPassed):
        services.enrolment_complete(acting_user=provider_user, enrolment=enrolment)
    with pytest.raises(AssessmentLanguage):
        services.assessment_take(acting_user=provider_user, enrolment=enrolment, language="xx", answers=RIGHT)
    failed = services.assessment_take(acting_user=provider_user, enrolment=enrolment, language="fil", answers={})
    assert (failed.correct, failed.passed) == (0, False)
    services.assessment_take(acting_user=provider_user, enrolment=enrolment, language="fil", answers=RIGHT)
    enrolment = services.enrolment_complete(acting_user=provider_user, enrolment=enrolment)
    assert enrolment.status == "completed"

    fact = clearance.facts.get(kind=FactKind.ORIENTATION)
    assert fact.document_reference == enrolment.reference and "PDOS-HSW-SA" in fact.note and "8.0 h" in fact.note
    assert fact.recorded_by == provider_user

    # the other facts, then the grant: the orientation check passes on the provider's record
    agency_staff = clearance.applied_by
    clearance_services.clearance_fact_record(acting_user=agency_staff, clearance=clearance, kind=FactKind.INSURANCE,
                                             document_reference="POL-1", valid_until=timezone.localdate() + dt.timedelta(days=900))
    clearance_services.clearance_fact_record(acting_user=fund_officer, clearance=clearance, kind=FactKind.WELFARE_FUND,
                                             document_reference="OWWA-1", valid_until=timezone.localdate() + dt.timedelta(days=900))
    granted = clearance_services.clearance_grant(acting_user=officer, clearance=clearance)
    orientation_check = next(c for c in granted.checks if c["code"] == "orientation")
    assert orientation_check["passed"]

    # the destination verifies the credential with the origin's published keys and reads the orientation from it
    result = certificate.verify(granted.token, certificate.keys_from_jwks(node.public_document()), issuer="PH")
    assert result.signature_valid
    assert result.claims["ori"] == {"reference": enrolment.reference, "recordedBy": provider_user.organisation.name,
                                    "recordedOn": timezone.localdate().isoformat()}


def test_a_completion_before_the_application_is_recorded_when_it_comes(provider_user, session, make_clearance, make_worker):
    worker = make_worker(name="Rosa Lim", passport="P8888888A")
    enrolment = services.enrolment_create(acting_user=provider_user, session=session, worker=worker)
    enrolment = services.attendance_record(acting_user=provider_user, enrolment=enrolment, attended=True)
    services.assessment_take(acting_user=provider_user, enrolment=enrolment, language="en", answers=RIGHT)
    services.enrolment_complete(acting_user=provider_user, enrolment=enrolment)
    clearance = make_clearance(facts=False, worker=worker)
    assert clearance.facts.get(kind=FactKind.ORIENTATION).document_reference == enrolment.reference


def test_an_orientation_provider_records_no_other_fact(provider_user, make_clearance):
    from corridor.core.errors import NotFound

    clearance = make_clearance(facts=False)
    with pytest.raises(NotFound):
        clearance_services.clearance_fact_record(acting_user=provider_user, clearance=clearance,
                                                 kind=FactKind.WELFARE_FUND, document_reference="X")


def test_licence_and_capacity_rules(officer, provider_user, licence, session, make_worker, make_user, make_org):
    services.enrolment_create(acting_user=provider_user, session=session, worker=make_worker(passport="P1000001A"))
    services.enrolment_create(acting_user=provider_user, session=session, worker=make_worker(passport="P1000002A"))
    with pytest.raises(SessionFull):
        services.enrolment_create(acting_user=provider_user, session=session, worker=make_worker(passport="P1000003A"))
    with pytest.raises(CourseInvalid):
        services.course_create(acting_user=provider_user, code="X", title="X", modules=[("A", "0")], languages=["tl"])
    services.licence_revoke(acting_user=officer, licence=licence, reason="Inspection found no classes held")
    with pytest.raises(LicenceTransitionNotAllowed):
        services.licence_revoke(acting_user=officer, licence=licence, reason="again")
    with pytest.raises(ProviderNotLicensed):
        services.course_create(acting_user=provider_user, code="Y", title="Y", modules=[("A", "1")], languages=["tl"])
    unlicensed = verified(make_user(Role.ORIENTATION_PROVIDER, organisation=make_org("ngo")))
    with pytest.raises(ProviderNotLicensed):
        services.course_create(acting_user=unlicensed, code="Z", title="Z", modules=[("A", "1")], languages=["tl"])


def test_pages(client, provider_user, session, make_worker, officer):
    from tests.factories.accounts import signed_in_client

    assert session.course.title in client.get("/orientation/").content.decode()  # public
    provider = signed_in_client(provider_user)
    worker = make_worker(name="Lea Cruz", passport="P5555555A", username="lea")
    page = provider.post(f"/orientation/sessions/{session.reference}/", {"passport": "P5555555A", "nationality": "PH"})
    assert page.status_code == 302
    enrolment = session.enrolments.get(worker=worker)
    assert provider.post(f"/orientation/enrolments/{enrolment.reference}/attend/").status_code == 302
    me = signed_in_client(worker.user)
    form = me.get(f"/orientation/enrolments/{enrolment.reference}/assessment/?language=ne").content.decode()
    assert "जानुअघि" in form
    done = me.post(f"/orientation/enrolments/{enrolment.reference}/assessment/", {"language": "ne", **RIGHT})
    assert "3" in done.content.decode() and enrolment.attempts.get().passed
    assert provider.post(f"/orientation/enrolments/{enrolment.reference}/complete/").status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert signed_in_client(officer).get("/orientation/licences/").status_code == 200


def test_api_courses_public_sessions_only_the_providers_own(client, session, provider_user, make_user, make_org):
    from tests.factories.accounts import signed_in_client

    courses = client.get("/api/v1/orientation/courses").json()
    (course,) = [c for c in courses if c["code"] == "PDOS-HSW-SA"]
    assert course["hours"] == "8.0" and course["destination"] == "SA" and set(course["languages"]) == {"tl", "en", "ar"}
    assert [m["position"] for m in course["modules"]] == [1, 2, 3]
    assert [s["reference"] for s in course["sessions"]] == [session.reference]
    assert client.get("/api/v1/orientation/sessions").status_code == 401
    own = signed_in_client(provider_user).get("/api/v1/orientation/sessions").json()
    assert [s["reference"] for s in own] == [session.reference]
    other = verified(make_user(Role.ORIENTATION_PROVIDER, organisation=make_org("orientation_provider")))
    assert signed_in_client(other).get("/api/v1/orientation/sessions").json() == []
    assert signed_in_client(verified(make_user(Role.ORIGIN_OFFICER))).get("/api/v1/orientation/sessions").status_code == 403
