"""Where the shared reference data (PROVENANCE.md: ratifications, bilateral agreements) is found on this machine:
CORRIDOR_SHARED_DATA, else a `shared/data` folder beside the checkout (or beside the folder of checkouts)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def shared_data_dir() -> Path | None:
    candidates = [os.environ.get("CORRIDOR_SHARED_DATA", ""), ROOT.parent / "shared" / "data",
                  ROOT.parent.parent / "shared" / "data"]
    return next((Path(c) for c in candidates if c and (Path(c) / "PROVENANCE.md").is_file()), None)
