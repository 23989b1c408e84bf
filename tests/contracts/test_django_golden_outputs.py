"""`corridor contract check` (one file, --batch, every language) and `compare` give byte for byte the outputs that
main gave before the contract check was made fast (issue 12): the golden file tests/contracts/golden/."""

from __future__ import annotations

import json
import os

from .golden_outputs import GOLDEN, outputs


def test_every_case_gives_the_golden_output(tmp_path):
    found = list(outputs(tmp_path))
    if os.environ.get("CORRIDOR_WRITE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in found), "utf-8",
                          errors="surrogatepass")
    expected = [json.loads(line) for line in GOLDEN.read_text("utf-8", errors="surrogatepass").splitlines()]
    assert len(found) == len(expected), (len(found), len(expected))
    differing = [(e, f) for e, f in zip(expected, found, strict=True) if e != f]
    assert not differing, f"{len(differing)} outputs differ; the first: {differing[0]}"
