"""Recording a worker and making an API token through the pages: field-by-field errors, nothing half-saved, one audit entry."""

import pytest

from corridor.accounts.choices import Role
from corridor.accounts.models import ApiToken, Worker
from corridor.core.models import AuditEntry
from tests.world import world  # noqa: F401


def test_recording_a_worker_through_the_page_leaves_exactly_one_entry(world):  # noqa: F811
    before = AuditEntry.objects.count()
    response = world.client(Role.AGENCY_STAFF).post("/workers/new/", {
        "full_name": "Rosa Page", "nationality": "PH", "passport_number": "p 777", "languages": ["en", "ar"],
    })
    assert response.status_code == 302
    worker = Worker.objects.get(full_name="Rosa Page")
    assert response["Location"] == f"/workers/{worker.pk}/"
    assert worker.recorded_by == world.orgs["agency_a"]
    assert worker.passport_number == "P777"
    entries = list(AuditEntry.objects.filter(seq__gt=before))
    assert [(e.action, e.object_id, e.to_state) for e in entries] == [("worker.create", str(worker.pk), "recorded")]


@pytest.mark.parametrize(("data", "fields"), [
    ({}, {"full_name", "nationality"}),
    ({"full_name": "A", "nationality": "ZZ"}, {"nationality"}),
    ({"full_name": "A", "nationality": "PH", "date_of_birth": "2999-01-01"}, {"date_of_birth"}),
    ({"full_name": "A", "nationality": "PH", "date_of_birth": "31/02/1990"}, {"date_of_birth"}),
    ({"full_name": "A", "nationality": "PH", "email": "not-an-email", "sex": "Q"}, {"email", "sex"}),
    ({"full_name": "A", "nationality": "PH", "languages": ["xx"]}, {"languages"}),
    ({"full_name": "A" * 201, "nationality": "PH"}, {"full_name"}),
    ({"full_name": "Twin", "nationality": "PH", "passport_number": "pabroad1"}, {"passport_number"}),
])
def test_bad_worker_input_is_answered_field_by_field_and_nothing_is_saved(world, data, fields):  # noqa: F811
    workers, entries = Worker.objects.count(), AuditEntry.objects.count()
    response = world.client(Role.AGENCY_STAFF).post("/workers/new/", data)
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == fields
    html = response.content.decode()
    for field in fields:
        assert f'href="#id_{field}"' in html  # each error links to its field
    assert 'role="alert"' in html
    assert (Worker.objects.count(), AuditEntry.objects.count()) == (workers, entries)


def test_a_bad_token_form_is_answered_field_by_field(world):  # noqa: F811
    client = world.client(Role.ORIGIN_OFFICER)
    response = client.post("/accounts/api-tokens/", {"name": "", "days": "400"})
    assert set(response.context["form"].errors) == {"name", "days"}
    assert not ApiToken.objects.exists()
    response = client.post("/accounts/api-tokens/", {"name": "reporting", "days": "30"})
    assert response.context["created"].startswith("crd_")
    assert ApiToken.objects.get().name == "reporting"
