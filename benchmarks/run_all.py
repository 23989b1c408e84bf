"""Run every benchmark in this folder, one process each: `python benchmarks/run_all.py [NAME ...]`.

A benchmark is any benchmarks/<name>.py (not starting with "_", not this file) runnable as a script.
Adding a benchmark is adding a file; nothing here lists them.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(names: list[str]) -> list[Path]:
    found = sorted(p for p in HERE.glob("*.py") if not p.name.startswith("_") and p.name != Path(__file__).name)
    if names:
        found = [p for p in found if p.stem in names]
    return found


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    failed = []
    for path in discover(names):
        print(f"== {path.stem}", flush=True)
        start = time.monotonic()
        result = subprocess.run([sys.executable, str(path)], cwd=HERE.parent)
        print(f"-- {path.stem}: {'ok' if result.returncode == 0 else f'exit {result.returncode}'} "
              f"in {time.monotonic() - start:.1f} s\n", flush=True)
        if result.returncode:
            failed.append(path.stem)
    if failed:
        print(f"Failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
