"""The forced-labour triage on an evaluation set: precision, recall and false-urgent rate per indicator,
the urgency bar, and throughput on one core.

    python benchmarks/cases_triage.py                       # both parts
    python benchmarks/cases_triage.py --split test --repeat 20

The set (benchmarks/data/cases_triage_{dev,test}.jsonl; how it was built: benchmarks/README.md) holds one
narrative a line with what a careful reader finds in it: `indicators`, `urgent` (null: not judged),
`states_forced_labour` (the text says forced labour, servitude, slavery or trafficking in so many words),
`kind` (case, ilo_example, benign, dispute). Each narrative is screened alone, as `corridor cases triage`
does (language as given): the rules and the trained classifier beside them (cases/triage_model.py;
`--rules-alone` switches the classifier off). The development part holds every round but the newest (rounds 10 on,
each written by independent authors and measured on arrival, joined it as `dev-r10-*`, `dev-r11-*`, ...; round 56,
`dev-r56-*`, is harmless look-alikes written to find false alarms);
the classifier is trained on it, so its figures on it are fit, not a measure: the honest figures are those of
each round measured once as the test part, and leave-one-round-out (`scripts/triage_train.py --loro`). The test
part is the newest round, written by other independent authors and measured once on arrival
(benchmarks/README.md, "Now", tells which, and the rounds before it). Figures only; nothing is asserted. TRIAGE_SHOW_ERRORS=1 lists every
narrative the screen got wrong.
"""

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
DATA = ROOT / "benchmarks" / "data"


def load(split: str) -> list[dict]:
    with (DATA / f"cases_triage_{split}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(rows: list[dict]) -> dict:
    """Counts per indicator and the urgency figures for screened rows (each row has its `result`)."""
    from corridor.cases.choices import Indicator

    per = {i: {"tp": 0, "fp": 0, "fn": 0, "raised_not_urgent": 0, "false_urgent": 0} for i in Indicator.values}
    urgency = {"judged": 0, "gold_urgent": 0, "found_urgent": 0, "gold_not_urgent": 0, "false_urgent": 0,
               "stated": 0, "stated_urgent": 0, "harmless": 0, "harmless_raising": 0, "harmless_urgent": 0}
    for row in rows:
        result, gold = row["result"], set(row["indicators"])
        found = set(result["indicators"])
        for indicator in Indicator.values:
            if indicator in gold and indicator in found:
                per[indicator]["tp"] += 1
            elif indicator in gold:
                per[indicator]["fn"] += 1
            elif indicator in found and row["kind"] != "ilo_example":  # an example sentence is labelled for one only
                per[indicator]["fp"] += 1
            if indicator in found and row["urgent"] is False:
                per[indicator]["raised_not_urgent"] += 1
                per[indicator]["false_urgent"] += result["urgent"]
        if row["urgent"] is not None:
            urgency["judged"] += 1
            if row["urgent"]:
                urgency["gold_urgent"] += 1
                urgency["found_urgent"] += result["urgent"]
            else:
                urgency["gold_not_urgent"] += 1
                urgency["false_urgent"] += result["urgent"]
        if row["states_forced_labour"]:
            urgency["stated"] += 1
            urgency["stated_urgent"] += result["urgent"]
        if row["kind"] in ("benign", "dispute"):
            urgency["harmless"] += 1
            urgency["harmless_raising"] += bool(found)
            urgency["harmless_urgent"] += result["urgent"]
    return {"per": per, "urgency": urgency}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def report(name: str, rows: list[dict]) -> None:
    if not rows:
        print(f"\n== {name}: no narratives")
        return
    figures = evaluate(rows)
    per, u = figures["per"], figures["urgency"]
    languages = sorted({r["language"] for r in rows})
    counts = ", ".join(f"{lang} {sum(r['language'] == lang for r in rows)}" for lang in languages)
    print(f"\n== {name}: {len(rows)} narratives ({counts})")
    print(f"{'indicator':28} {'gold':>4} {'prec':>5} {'recall':>6} {'false-urgent':>12}")
    tp = fp = fn = 0
    for indicator, c in per.items():
        tp, fp, fn = tp + c["tp"], fp + c["fp"], fn + c["fn"]
        print(f"{indicator:28} {c['tp'] + c['fn']:>4} {_ratio(c['tp'], c['tp'] + c['fp']):>5} "
              f"{_ratio(c['tp'], c['tp'] + c['fn']):>6} {_ratio(c['false_urgent'], c['raised_not_urgent']):>12}")
    print(f"{'all (micro)':28} {tp + fn:>4} {_ratio(tp, tp + fp):>5} {_ratio(tp, tp + fn):>6}")
    print(f"urgent: recall {_ratio(u['found_urgent'], u['gold_urgent'])} ({u['found_urgent']}/{u['gold_urgent']}), "
          f"false-urgent rate {_ratio(u['false_urgent'], u['gold_not_urgent'])} ({u['false_urgent']}/{u['gold_not_urgent']})")
    print(f"stating forced labour/servitude/slavery/trafficking: {u['stated_urgent']}/{u['stated']} urgent")
    print(f"harmless messages and ordinary disputes: {u['harmless_raising']}/{u['harmless']} raise an indicator, "
          f"{u['harmless_urgent']} urgent")
    print(f"{'language':10} {'texts':>5} {'gold':>4} {'prec':>5} {'recall':>6} {'urgent':>7} {'harmless raising':>16}")
    for lang in languages:
        part = [r for r in rows if r["language"] == lang]
        f = evaluate(part)
        ltp = sum(c["tp"] for c in f["per"].values())
        lfp = sum(c["fp"] for c in f["per"].values())
        lfn = sum(c["fn"] for c in f["per"].values())
        lu = f["urgency"]
        print(f"{lang:10} {len(part):>5} {ltp + lfn:>4} {_ratio(ltp, ltp + lfp):>5} {_ratio(ltp, ltp + lfn):>6} "
              f"{lu['found_urgent']:>3}/{lu['gold_urgent']:<3} {lu['harmless_raising']:>8}/{lu['harmless']}")
    misses = [r for r in rows if set(r["indicators"]) - set(r["result"]["indicators"])
              or (r["kind"] != "ilo_example" and set(r["result"]["indicators"]) - set(r["indicators"]))
              or (r["urgent"] is not None and r["urgent"] != r["result"]["urgent"])]
    if misses and os.environ.get("TRIAGE_SHOW_ERRORS"):
        for r in misses:
            print(f"  {r['id']}: gold {sorted(r['indicators'])} {r['urgent']} found {r['result']['indicators']} "
                  f"{r['result']['urgent']} {[e['words'] for e in r['result']['evidence']]}")


def throughput(rows: list[dict], repeat: int) -> None:
    """Narratives a second on one core, by CPU time of this process (the machine may be shared: wall time
    would count other processes' turns), with the word caches empty and then warm."""
    from corridor.cases import triage, triage_model

    texts = [(r["text"], r["language"]) for r in rows]
    triage.preload()  # the lexicons and the model are start-up, not screening (as `corridor cases triage --batch`)
    triage._word_matches.cache_clear()
    triage.stem.cache_clear()
    triage_model.word_grams.cache_clear()
    if triage_model.model() is not None:
        triage_model.model().known.clear()
    triage._forms.cache_clear()
    gc.collect()  # the cleared caches' garbage is not the pass's
    start = time.process_time()
    for text, language in texts:
        triage.triage_text(text, language)
    cold = time.process_time() - start
    start = time.process_time()
    for _ in range(repeat):
        for text, language in texts:
            triage.triage_text(text, language)
    warm = time.process_time() - start
    words = sum(len(t.split()) for t, _ in texts) / len(texts)
    print(f"\nthroughput, one process (CPU time of one core), {len(texts)} narratives of {words:.0f} words on average:")
    print(f"  first pass, word caches empty: {len(texts) / cold:,.0f} narratives/s")
    print(f"  {repeat} more passes, caches warm: {len(texts) * repeat / warm:,.0f} narratives/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=10, help="passes over the set for the throughput figure")
    parser.add_argument("--rules-alone", action="store_true", help="screen without the trained classifier")
    args = parser.parse_args()
    import django

    django.setup()
    from corridor.cases import triage, triage_model

    if args.rules_alone:
        triage_model.use(None)

    splits = ["dev", "test"] if args.split == "both" else [args.split]
    every = []
    for split in splits:
        rows = load(split)
        if not rows:
            print(f"\n== {split}: empty (no round is held out now; benchmarks/README.md tells the rounds)")
            continue
        for row in rows:
            row["result"] = triage.triage_text(row["text"], row["language"])
        report(split, rows)
        every += rows
    if every:
        throughput(every, args.repeat)


if __name__ == "__main__":
    main()
