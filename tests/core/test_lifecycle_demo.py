"""The lifecycle kit on the demo's records (loaded once for the module): event tables are append-only in the database,
and stored statuses agree with the event logs."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from corridor.core import lifecycle
from corridor.registry import services as registry
from corridor.registry.choices import LicenceStatus
from corridor.registry.lifecycles import LICENCE
from corridor.registry.models import Licence
from tests.core.test_lifecycle import EXPECTED

pytestmark = pytest.mark.django_db


def test_every_event_table_refuses_updates_and_deletes_once_protected(demo_context):
    # the demo of an origin node: every lifecycle has rows but substitution matters (a destination's)
    tried = 0
    for spec in lifecycle.registered():
        table = spec.Event._meta.db_table
        lifecycle.protect_table(table, connection)
        if not spec.Event.objects.exists():
            continue
        tried += 1
        for sql in (f"UPDATE {table} SET reason = 'x'", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert tried >= len(EXPECTED) - 1
    # Appending still works, through the kit.
    licence = Licence.objects.filter(status=LicenceStatus.APPLIED).first()
    registry.licence_refuse(acting_user=None, licence=licence, reason="Incomplete file")
    assert licence.events.filter(action="refuse").exists()



def test_the_demo_data_agrees_with_its_event_logs_and_a_disagreement_is_reported(demo_context, capsys):
    assert lifecycle.verify() == []
    call_command("lifecycle", "verify")
    assert "every status agrees" in capsys.readouterr().out
    licence = Licence.objects.filter(status=LicenceStatus.APPLIED).first()
    Licence.objects.filter(pk=licence.pk).update(status=LicenceStatus.REFUSED)  # behind the kit's back
    found = lifecycle.verify(LICENCE)
    assert [(d.pk, d.status, d.derived) for d in found] == [(licence.pk, "refused", "applied")]
    assert lifecycle.last_status(LICENCE, licence) == "applied"
    with pytest.raises(CommandError, match="1 record"):
        call_command("lifecycle", "verify", "--lifecycle", "licence")
    assert f"licence {licence.pk}: stored 'refused', events say 'applied'" in capsys.readouterr().out
