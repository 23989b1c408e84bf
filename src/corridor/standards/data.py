"""Where the reference data (ratifications, bilateral agreements) is read from: CORRIDOR_SHARED_DATA when it names a
folder with the files (a newer copy), else the copies shipped in `standards/reference/` (provenance beside them)."""

import os
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "reference"


def shared_data_dir() -> Path:
    override = os.environ.get("CORRIDOR_SHARED_DATA", "")
    return Path(override) if override and (Path(override) / "PROVENANCE.md").is_file() else SHIPPED
