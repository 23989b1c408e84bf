"""The lifecycle kit's creation path: an action declared with no source creates a record in the initial status;
`lifecycle.create()` checks its permission, writes the event row from no status and the audit entry once, and
publishes `<name>.<action>` and `<name>.transitioned`; a table never offers it as a transition."""

import pytest
from django.db import transaction
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.core import lifecycle
from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditEntry, DomainEvent
from corridor.registry import errors as registry_errors
from corridor.registry.choices import LicenceStatus
from corridor.registry.models import Licence, LicenceEvent
from tests.conftest import verified
from tests.factories.registry import AgencyFactory

pytestmark = pytest.mark.django_db

L = LicenceStatus


def toy(**actions):
    return lifecycle.Lifecycle(
        name="toy", model="registry.Licence", event_model="registry.LicenceEvent", statuses=LicenceStatus,
        initial=L.APPLIED, not_allowed=registry_errors.LicenceTransitionNotAllowed, autoregister=False,
        terminal={L.ACTIVE, L.SUSPENDED, L.CANCELLED, L.BANNED, L.REFUSED},
        actions={"grant": lifecycle.Action(source={L.APPLIED}, target=L.ACTIVE, permission="licence.decide"),
                 **actions},
    )


@pytest.fixture
def licence():
    return Licence.objects.get(agency=AgencyFactory(licensed=False))


def test_a_creating_action_must_lead_to_the_initial_status():
    assert toy(open=lifecycle.Action(source=(), target=L.APPLIED, permission="licence.decide")).problems() == []
    bad = toy(open=lifecycle.Action(source=(), target=L.ACTIVE, permission="licence.decide"))
    assert any("open: creates a record in 'active', not the initial status" in p for p in bad.problems())
    spec = toy(open=lifecycle.Action(source=(), target=L.APPLIED, permission="licence.decide"))
    assert all("open" not in actions for actions in spec.table().values())  # never a transition


def test_create_writes_the_event_and_audit_and_publishes(licence, make_user):
    officer = verified(make_user(Role.ORIGIN_OFFICER))
    spec = toy(open=lifecycle.Action(source=(), target=L.APPLIED, permission="licence.decide"))
    lifecycle.create(spec, licence, "open", acting_user=officer, reason="new",
                     event_fields={"effective_date": timezone.localdate()})
    row = LicenceEvent.objects.get(licence=licence, action="open")
    assert (row.action, row.from_status, row.to_status, row.actor, row.reason) == ("open", "", "applied", officer, "new")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.from_state, entry.to_state, entry.detail) == ("toy.open", "", "applied", {"reason": "new"})
    expected = {"pk": licence.pk, "action": "open", "from_status": "", "to_status": "applied", "actor_id": officer.pk}
    stored = {e.name: e.payload for e in DomainEvent.objects.filter(name__startswith="toy.")}
    assert stored == {"toy.open": expected, "toy.transitioned": expected}
    assert lifecycle.verify(spec, queryset=Licence.objects.filter(pk=licence.pk)) == []  # "open" led to applied


def test_create_refuses_a_wrong_role_a_transition_and_a_record_in_another_status(licence, make_user):
    spec = toy(open=lifecycle.Action(source=(), target=L.APPLIED, permission="licence.decide"))
    clerk = verified(make_user(Role.AGENCY_STAFF))
    with pytest.raises(PermissionDenied), transaction.atomic():
        lifecycle.create(spec, licence, "open", acting_user=clerk)
    with pytest.raises(ValueError):
        lifecycle.create(spec, licence, "grant", acting_user=None)
    licence.status = L.ACTIVE
    with pytest.raises(ValueError):
        lifecycle.create(spec, licence, "open", acting_user=None)
    licence.status = L.APPLIED
    with pytest.raises(registry_errors.LicenceTransitionNotAllowed):
        lifecycle.transition(spec, licence, "open", acting_user=None)
    assert not LicenceEvent.objects.filter(licence=licence, action="open").exists()
    assert not DomainEvent.objects.filter(name__startswith="toy.").exists()
