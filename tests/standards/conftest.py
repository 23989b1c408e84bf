"""The shared data files (PROVENANCE.md) the standards tests read rows of: CORRIDOR_SHARED_DATA, else ../shared/data
beside the checkout (or beside the worktrees' folder)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [os.environ.get("CORRIDOR_SHARED_DATA", ""), ROOT.parent / "shared" / "data",
              ROOT.parent.parent / "shared" / "data"]
SHARED = next((Path(c) for c in CANDIDATES if c and (Path(c) / "PROVENANCE.md").is_file()), None)


@pytest.fixture
def shared_data() -> Path:
    if SHARED is None:
        pytest.skip("the shared data files are not beside this checkout (set CORRIDOR_SHARED_DATA)")
    return SHARED
