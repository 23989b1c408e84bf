"""Agreements from Chilton & Woda's files: the node's, with their coding and the ruleset that encodes them."""

import pytest
from django.core.management import CommandError, call_command

from corridor.accounts.choices import Role
from corridor.standards import selectors, services
from corridor.standards.errors import AgreementFileInvalid
from corridor.standards.models import Agreement
from tests.factories.accounts import UserFactory, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return verified(UserFactory(role=Role.ORIGIN_OFFICER))


def test_every_agreement_of_the_node_with_its_coding(shared_data, officer):
    assert services.agreements_load(acting_user=None, directory=shared_data) == 79  # PH in countryA or countryB
    rows = {r["agreement"].treaty_id: r for r in selectors.agreement_list(user=officer)}
    # formation "751,Saudi Arabia,Philippines,670,840,19765.0,2013,5/19/2013,,1,..."; coding: fees 1, passport 0, wage_prot 1
    a751 = rows[751]["agreement"]
    assert (a751.country_a, a751.country_b, str(a751.signed_on)) == ("SA", "PH", "2013-05-19")
    assert (a751.fees, a751.passports, a751.wages, a751.disputes, a751.social_security) == (True, False, True, True, False)
    assert rows[751]["ruleset"] == "ph-sa" and rows[751]["peer"] == "SA"
    # "772,Qatar,Philippines,...,1981,,,0,0,1.0,Peters (2019)": not coded, so no provision is claimed either way
    assert rows[772]["agreement"].coded is False and rows[772]["agreement"].fees is None
    assert rows[773]["ruleset"] is None  # the 1997 agreement with Qatar: no ruleset encodes it (work to do)
    assert rows[752]["ruleset"] is None  # 2017 general workers agreement: ph-sa encodes the 2013 one only


def test_nepal_uae_mou_is_encoded_by_np_ae(shared_data):
    services.agreements_load(acting_user=None, directory=shared_data, country="NP")
    mou = Agreement.objects.get(treaty_id=977)  # "977,United Arab Emirates,Nepal,...,2019,6/14/2019"
    assert selectors.encoding_ruleset(mou) == "np-ae"
    assert (mou.fees, mou.passports) == (True, True)
    assert selectors.encoding_ruleset(Agreement.objects.get(treaty_id=781)) is None  # the 2007 MoU


def test_a_bad_agreement_file_changes_nothing(shared_data, tmp_path):
    for name in ("bla_formation_chilton_woda_1945_2020.csv", "bla_content_coding_chilton_woda.csv"):
        (tmp_path / name).write_bytes((shared_data / name).read_bytes())
    coding = tmp_path / "bla_content_coding_chilton_woda.csv"
    coding.write_text(coding.read_text(encoding="utf-8").replace("\n751,", "\n99751,", 1), encoding="utf-8")
    with pytest.raises(AgreementFileInvalid):
        services.agreements_load(acting_user=None, directory=tmp_path)
    with pytest.raises(CommandError) as caught:
        call_command("standards", "load-agreements", str(tmp_path))
    assert caught.value.returncode == 2
    assert not Agreement.objects.exists()


def test_pages(shared_data, officer):
    from tests.factories.accounts import signed_in_client

    services.agreements_load(acting_user=None, directory=shared_data)
    client = signed_in_client(officer)
    listing = client.get("/standards/agreements/").content.decode()
    assert "Work to do" in listing and "ph-sa" in listing
    assert client.get("/standards/agreements/751/").status_code == 200
    assert client.get("/standards/agreements/1/").status_code == 404  # USA-Canada: not this node's
