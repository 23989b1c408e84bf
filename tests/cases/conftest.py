"""Fixtures for cases: a Philippine (origin) node with a consulate in Saudi Arabia, and helpers to file."""

import pytest

from corridor.accounts.choices import OrganisationKind as K
from corridor.accounts.choices import Role
from tests.conftest import verified


@pytest.fixture(autouse=True)
def fast_receipts(settings, tmp_path):
    settings.CORRIDOR_RECEIPT_SCRYPT_N = 2**10
    settings.CORRIDOR_COUNTRY = "PH"


@pytest.fixture(autouse=True)
def reference_data_back(request):
    """A transactional test run earlier (a browser scenario) empties the tables the migrations filled: refill them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from importlib import import_module

    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead, Country

    if not Country.objects.exists():
        import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


@pytest.fixture
def orgs(make_org):
    return {
        "consulate": make_org(kind=K.CONSULATE, name="Migrant Workers Office Riyadh", country="PH", post_country="SA"),
        "licensing": make_org(kind=K.LICENSING_AUTHORITY, name="Licensing Bureau", country="PH"),
        "ministry": make_org(kind=K.MINISTRY, name="Ministry", country="PH"),
        "employer": make_org(kind=K.EMPLOYER, name="Desert Build Co.", country="SA"),
        "contractor": make_org(kind=K.EMPLOYER, name="Main Contractor Ltd", country="SA"),
        "agency": make_org(kind=K.RECRUITMENT_AGENCY, name="Manila Manpower Inc.", country="PH"),
        "ngo": make_org(kind=K.NGO, name="Migrant Care", country="PH"),
    }


@pytest.fixture
def people(make_user, orgs):
    def v(role, org, name):
        return verified(make_user(role, organisation=org, username=name))

    return {
        "attache": v(Role.CONSULAR_ATTACHE, orgs["consulate"], "attache"),
        "attache2": v(Role.CONSULAR_ATTACHE, orgs["consulate"], "attache2"),
        "licensing": v(Role.ORIGIN_OFFICER, orgs["licensing"], "licensing-officer"),
        "other_officer": v(Role.ORIGIN_OFFICER, orgs["ministry"], "other-officer"),
        "employer": v(Role.EMPLOYER_STAFF, orgs["employer"], "employer-staff"),
        "agency": v(Role.AGENCY_STAFF, orgs["agency"], "agency-staff"),
        "caseworker": v(Role.CASEWORKER, orgs["ngo"], "caseworker"),
        "auditor": v(Role.AUDITOR, orgs["ministry"], "auditor"),
    }


@pytest.fixture
def file_case(orgs):
    """File a complaint with sensible defaults; keyword arguments override them."""
    from tests.factories.cases import ComplaintFactory

    def file(acting_user=None, **overrides):
        data = {
            "grievances": ["unpaid_wages"],
            "respondents": [{"role": "employer", "name": "", "organisation": orgs["employer"]},
                            {"role": "agency", "name": "", "organisation": orgs["agency"]}],
            "nationality": "PH", "country_where": "SA", "place": "Riyadh",
            "narrative": "My salary has been delayed for two months.", "language": "en",
            "answers": {"paid_in_full": "no"},
        }
        data.update(overrides)
        return ComplaintFactory(acting_user=acting_user, **data)

    return file


@pytest.fixture
def rules_alone():
    """Screen with the lexicons only (no trained classifier), then put the shipped classifier back: for tests of
    what the rules read (`pytestmark = pytest.mark.usefixtures("rules_alone")`)."""
    from corridor.cases import triage_model

    triage_model.use(None)
    yield
    triage_model.use(triage_model.SHIPPED)
