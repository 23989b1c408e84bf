"""The shared data files (PROVENANCE.md) the standards tests read rows of (corridor.standards.data)."""

import pytest

from corridor.standards.data import shared_data_dir

SHARED = shared_data_dir()


@pytest.fixture
def shared_data():
    if SHARED is None:
        pytest.skip("the shared data files are not beside this checkout (set CORRIDOR_SHARED_DATA)")
    return SHARED
