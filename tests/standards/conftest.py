"""The reference data files (standards/reference/, copies of the shared set) the standards tests read rows of."""

import pytest

from corridor.standards.data import shared_data_dir


@pytest.fixture
def shared_data():
    return shared_data_dir()
