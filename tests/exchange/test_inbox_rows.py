"""`rows.insert` writes the row `save()` writes (issue 12: the inbox and the audit trail insert this way)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from corridor.core import rows
from corridor.exchange.choices import InboundStatus
from corridor.exchange.models import InboundMessage

pytestmark = pytest.mark.django_db


NOW = timezone.now()


def _message(peer, **kwargs):
    now = NOW
    fields = {"peer": peer, "message_id": uuid.uuid4(), "kind": "test.count", "ordering_key": "k", "sequence": 3,
              "created_at": now - timedelta(seconds=2), "received_at": now, "status": InboundStatus.APPLIED,
              "code": "applied", "reason": "déjà vu\u0001", "token": "a.b.c"}
    return InboundMessage(**{**fields, **kwargs})


def _row(message_id):
    row = InboundMessage.objects.filter(message_id=message_id).values().get()
    row.pop("id")
    return row


@pytest.mark.parametrize("changes", [{}, {"sequence": None, "ordering_key": ""}, {"status": "rejected", "sequence": 7}])
def test_a_row_inserted_is_the_row_save_writes(peer, changes):
    saved, inserted = _message(peer, **changes), _message(peer, **changes)
    saved.save()
    rows.insert(inserted)
    got, expected = _row(inserted.message_id), _row(saved.message_id)
    assert got.pop("message_id") == inserted.message_id and expected.pop("message_id") == saved.message_id
    assert got == expected


def test_a_value_not_of_its_fields_plain_kind_is_prepared_by_the_field(peer):
    message = _message(peer, sequence="12", message_id=str(uuid.uuid4()))  # as a form would hand them
    rows.insert(message)
    row = InboundMessage.objects.get(message_id=message.message_id)
    assert row.sequence == 12 and isinstance(row.message_id, uuid.UUID)
