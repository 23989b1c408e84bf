"""What the demo's backfills share (core/backfill.py): only the system may call one, and `dated` lets bulk_create keep
the dates given, then gives the fields back their automatic dates, also after an error (no database needed)."""

from types import SimpleNamespace

import pytest

from corridor.cases.models import Case
from corridor.core.backfill import dated, require_system
from corridor.core.errors import PermissionDenied


def test_only_the_system_may_backfill():
    require_system(None)
    with pytest.raises(PermissionDenied):
        require_system(SimpleNamespace(pk=1, is_authenticated=True))


def test_dated_turns_the_automatic_dates_off_and_back_on():
    created, updated = Case._meta.get_field("created_at"), Case._meta.get_field("updated_at")
    with pytest.raises(RuntimeError), dated(Case):
        assert not created.auto_now_add and not updated.auto_now
        raise RuntimeError
    assert created.auto_now_add and updated.auto_now
