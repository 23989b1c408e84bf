"""Train the triage classifier (src/corridor/cases/triage_model.py) on the labelled narratives, and measure it
honestly by leaving out one independently written round at a time.

    .venv/bin/python scripts/triage_train.py            # rebuild src/corridor/cases/data/triage_model.npz
    .venv/bin/python scripts/triage_train.py --loro     # leave-one-round-out figures, rules alone vs combined

Needs scikit-learn (training only; the screen reads the saved arrays with numpy). Deterministic: the same
development file gives the same model (liblinear, fixed folds, no randomness).

Training: the features of triage_model.py for every narrative of benchmarks/data/cases_triage_dev.jsonl (the
lexicon features from the rules as they are); the n-grams seen in at least MIN_DF narratives; one logistic
regression per indicator (L2, class weights balanced). Each indicator's threshold is chosen on out-of-fold
probabilities where each fold is a whole round of writing (an author's round is never both trained on and scored),
as the lowest that keeps the combined screen's precision (rules OR classifier) at PRECISION on that indicator (or
at the rules' own precision, where that is lower), keeps the precision of what the classifier adds at
ADDED_PRECISION, and lets at most HARMLESS_RATE of the harmless narratives be raised by the classifier. The
features that weigh least are then dropped (KEEP) to keep the shipped file small; the kept weights are what the
screen reads.
"""

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
DEV = ROOT / "benchmarks" / "data" / "cases_triage_dev.jsonl"
OUT = ROOT / "src" / "corridor" / "cases" / "data" / "triage_model.npz"
FIRST_INDEPENDENT = 10  # rounds from r10 on were written by authors who had not read the rules
MIN_DF = int(os.environ.get("TRIAGE_MIN_DF", 2))
C = float(os.environ.get("TRIAGE_C", 2.0))
PRECISION = float(os.environ.get("TRIAGE_PRECISION", 0.9))
ADDED_PRECISION = float(os.environ.get("TRIAGE_ADDED_PRECISION", 0.75))  # of what the classifier adds, alone
HARMLESS_RATE = float(os.environ.get("TRIAGE_HARMLESS_RATE", 0.01))
KEEP = 40000
LEXICON_FEATURES = bool(int(os.environ.get("TRIAGE_LEX", "0")))
PARTIAL_FEATURES = bool(int(os.environ.get("TRIAGE_PARTIAL", "0")))
# Left to the rules: the hours of a working day are counted by the rules ("12 hours shifts" is not 14);
# n-grams see a number of hours, not whether it is too many.
RULES_ONLY = tuple(os.environ.get("TRIAGE_RULES_ONLY", "excessive_overtime").split(","))
GATE = bool(int(os.environ.get("TRIAGE_GATE", "1")))
GATE_CASE_RATE = float(os.environ.get("TRIAGE_GATE_CASE_RATE", 0.005))
GRID = np.round(np.arange(0.30, 0.991, 0.01), 2)


def round_of(row: dict) -> str:
    part = row["id"].split("-")[1]
    return part if part.startswith("r") and part[1:].isdigit() else ("ilo" if part == "ilo" else "r0")


def load() -> list[dict]:
    with DEV.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def with_passages(rows: list[dict]) -> list[dict]:
    """The rows, and each passage of a long harmless narrative as a harmless row of its own (same round, so never
    both trained on and scored): the screen's harmless gate reads a long account passage by passage
    (`triage.passages`), and the passages of an ordinary story are ordinary. The passages of a case are not
    added: which of them tells the sign is not labelled."""
    from corridor.cases import triage, triage_model

    out = list(rows)
    for row in rows:
        if row["kind"] not in ("benign", "dispute"):
            continue
        normalised, index = triage.normalise_with_map(row["text"])
        if len(triage_model.WORD.findall(normalised)) <= triage.LONG_WORDS:
            continue
        for n, (_start, text) in enumerate(triage.passage_texts(row["text"], normalised, index)):
            out.append({**row, "id": f"{row['id']}-p{n}", "text": text, "passage": True})
    return out


def prepare(rows: list[dict]) -> None:
    """The rules' hits and the n-gram features of every row (rules as they are: they are not retrained)."""
    from corridor.cases import triage, triage_model

    for row in rows:
        read, row["_suppressed"] = triage.rule_reading(row["text"], row["language"])
        grams, _spans = triage_model.ngram_features(triage.normalise(row["text"]))
        row["_grams"] = sorted(grams)  # a fixed order: the same file from the same set
        row["_lex"] = triage_model.lexicon_features(row["language"], read if LEXICON_FEATURES else (),
                                                    triage.partial_phrases(row["text"], row["language"])
                                                    if PARTIAL_FEATURES else {})
        row["_rules"] = read


def matrix(rows: list[dict], index: dict):
    data, cols, ptr = [], [], [0]
    for row in rows:
        weight = 1.0 / np.sqrt(len(row["_grams"])) if row["_grams"] else 0.0
        for f in row["_grams"]:
            if f in index:
                cols.append(index[f])
                data.append(weight)
        for f, value in row["_lex"]:
            if f in index:
                cols.append(index[f])
                data.append(value)
        ptr.append(len(cols))
    return sparse.csr_matrix((data, cols, ptr), shape=(len(rows), len(index)))


def vocabulary(rows: list[dict]) -> dict:
    from corridor.cases import triage, triage_model

    df: dict = {}
    for row in rows:
        if row.get("passage"):  # its words are its narrative's, counted there
            continue
        for f in row["_grams"]:
            df[f] = df.get(f, 0) + 1
    names = sorted(f for f, n in df.items() if n >= MIN_DF)
    kinds = (*INDICATORS, *triage.SIGNALS)
    names += sorted({f for lang in triage.LANGUAGES for ind in INDICATORS
                     for f, _v in triage_model.lexicon_features(lang, [ind] if LEXICON_FEATURES else [],
                                                               dict.fromkeys(kinds, 1.0) if PARTIAL_FEATURES else {})})
    return {f: i for i, f in enumerate(names)}


def _indicators() -> tuple:
    from corridor.cases.choices import Indicator

    return tuple(Indicator.values)


def _gold(row: dict, column: str) -> bool:
    return row["kind"] in ("benign", "dispute") if column == HARMLESS else column in row["indicators"]


INDICATORS: tuple = ()
HARMLESS = "harmless"  # triage_model.HARMLESS


def fit_weights(rows: list[dict], index: dict) -> tuple[np.ndarray, np.ndarray]:
    X = matrix(rows, index)
    columns = (*INDICATORS, HARMLESS)
    coef = np.zeros((len(index), len(columns)))
    intercept = np.zeros(len(columns))
    whole = np.array([not r.get("passage") for r in rows])
    for k, column in enumerate(columns):
        # a passage is evidence of what an ordinary passage reads like, not that its words are never a sign
        # (a loan repaid to a brother is harmless; a loan to the agent in a short case may be debt bondage)
        X_k, rows_k = (X, rows) if column == HARMLESS else (X[whole], [r for r in rows if not r.get("passage")])
        y = np.array([_gold(r, column) for r in rows_k])
        if y.all() or not y.any():
            intercept[k] = 10.0 if y.all() else -10.0
            continue
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000)
        clf.fit(X_k, y)
        coef[:, k], intercept[k] = clf.coef_[0], clf.intercept_[0]
    return coef, intercept


def probabilities(rows: list[dict], index: dict, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(matrix(rows, index) @ coef + intercept)))


def choose_thresholds(rows: list[dict], oof: np.ndarray) -> np.ndarray:
    """Per indicator, the lowest probability threshold keeping the combined precision and the harmless rate."""
    harmless = np.array([r["kind"] in ("benign", "dispute") for r in rows])
    scored = np.array([r["kind"] != "ilo_example" for r in rows])  # an ILO example is labelled for one only
    thresholds = np.full(len(INDICATORS) + 1, 0.99)
    for k, indicator in enumerate(INDICATORS):
        if indicator in RULES_ONLY:
            thresholds[k] = 0.999999
            continue
        gold = np.array([indicator in r["indicators"] for r in rows])
        rule = np.array([indicator in r["_rules"] for r in rows])
        blocked = np.array([indicator in r["_suppressed"] for r in rows])  # negated or asked: not the classifier's
        rule_tp, rule_fp = (rule & gold).sum(), (rule & ~gold & scored).sum()
        # the rules' own precision may already be under PRECISION: the classifier then must not lower it
        floor = min(PRECISION, rule_tp / max(rule_tp + rule_fp, 1))
        for t in GRID:
            clf = (oof[:, k] > t) & ~blocked
            raised, added = rule | clf, clf & ~rule
            tp = (raised & gold).sum()
            fp = (raised & ~gold & scored).sum()
            added_tp, added_fp = (added & gold).sum(), (added & ~gold & scored).sum()
            added_harmless = (added & harmless).sum()
            if (tp and tp / (tp + fp) >= floor and added_tp >= ADDED_PRECISION * (added_tp + added_fp)
                    and added_harmless <= HARMLESS_RATE * harmless.sum()):
                thresholds[k] = t
                break
    # The harmless gate: the lowest threshold at which at most GATE_CASE_RATE of the cases in which the screen
    # finds an indicator would lose them.
    raised_any = np.array([bool(r["_rules"]) for r in rows]) | (oof[:, :-1] > thresholds[:-1]).any(axis=1)
    cases = np.array([r["kind"] == "case" for r in rows])
    for t in GRID[GRID >= 0.5]:
        if not GATE:
            thresholds[-1] = 0.999999
            break
        if ((oof[:, -1] > t) & cases & raised_any).sum() <= GATE_CASE_RATE * cases.sum():
            thresholds[-1] = t
            break
    return thresholds


def train(rows: list[dict]) -> dict:
    """The model's arrays from training rows (each prepared)."""
    index = vocabulary(rows)
    groups = sorted({round_of(r) for r in rows})
    oof = np.zeros((len(rows), len(INDICATORS) + 1))
    for group in groups:
        inside = [r for r in rows if round_of(r) != group]
        outside = [n for n, r in enumerate(rows) if round_of(r) == group]
        fold_index = vocabulary(inside)
        coef, intercept = fit_weights(inside, fold_index)
        oof[outside] = probabilities([rows[n] for n in outside], fold_index, coef, intercept)
    whole = np.array([not r.get("passage") for r in rows])  # thresholds are chosen on whole narratives
    thresholds = choose_thresholds([r for r in rows if not r.get("passage")], oof[whole])
    if os.environ.get("TRIAGE_VERBOSE"):
        print("thresholds", dict(zip((*INDICATORS, HARMLESS), thresholds.tolist(), strict=True)))
    coef, intercept = fit_weights(rows, index)
    names = list(index)
    lexical = np.array([n.startswith("L:") for n in names])
    weight = np.abs(coef).max(axis=1)
    keep = np.sort(np.argsort(-(weight + lexical * 1e9), kind="stable")[:KEEP])
    kept = [names[i] for i in keep]
    return {"features": np.frombuffer("\n".join(kept).encode("utf-8"), dtype=np.uint8),
            "coef": coef[keep].astype(np.float32), "intercept": intercept.astype(np.float32),
            "thresholds": np.log(thresholds / (1 - thresholds)).astype(np.float32),  # as decision values
            "indicators": np.frombuffer("\n".join((*INDICATORS, HARMLESS)).encode("utf-8"), dtype=np.uint8)}


def screen_all(rows: list[dict]) -> None:
    from corridor.cases import triage

    for row in rows:
        row["result"] = triage.triage_text(row["text"], row["language"])


def summary(rows: list[dict]) -> str:
    from benchmarks.cases_triage import evaluate

    f = evaluate(rows)
    tp = sum(c["tp"] for c in f["per"].values())
    fp = sum(c["fp"] for c in f["per"].values())
    fn = sum(c["fn"] for c in f["per"].values())
    u = f["urgency"]
    return (f"P {tp / max(tp + fp, 1):.2f} R {tp / max(tp + fn, 1):.2f} | urgent recall "
            f"{u['found_urgent']}/{u['gold_urgent']} = {u['found_urgent'] / max(u['gold_urgent'], 1):.2f}, "
            f"false-urgent {u['false_urgent']}/{u['gold_not_urgent']} | stated urgent {u['stated_urgent']}/{u['stated']} "
            f"| harmless raising {u['harmless_raising']}/{u['harmless']}, urgent {u['harmless_urgent']}")


def loro(rows: list[dict]) -> None:
    from benchmarks.cases_triage import report

    from corridor.cases import triage_model

    independent = sorted({r for r in map(round_of, rows) if r[1:].isdigit() and int(r[1:]) >= FIRST_INDEPENDENT},
                         key=lambda r: int(r[1:]))
    for held in os.environ.get("TRIAGE_LORO_ROUNDS", ",".join(independent)).split(","):
        train_rows = [r for r in rows if round_of(r) != held]
        test_rows = [dict(r) for r in rows if round_of(r) == held and not r.get("passage")]
        start = time.process_time()
        arrays = train(train_rows)
        seconds = time.process_time() - start
        triage_model.use(None)
        screen_all(test_rows)
        rules = summary(test_rows)
        if os.environ.get("TRIAGE_LORO_DETAIL"):
            report(f"{held} rules alone", test_rows)
        triage_model.use(triage_model.from_arrays(arrays))
        screen_all(test_rows)
        print(f"\n##### held out {held} ({len(test_rows)} narratives), trained on {len(train_rows)} in {seconds:.0f} s")
        print(f"rules alone: {rules}")
        print(f"combined:    {summary(test_rows)}")
        if os.environ.get("TRIAGE_LORO_DETAIL"):
            report(f"{held} combined", test_rows)
    triage_model.use(triage_model.SHIPPED)


def main() -> None:
    global INDICATORS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loro", action="store_true", help="leave-one-round-out figures instead of training")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    import django

    django.setup()
    INDICATORS = _indicators()
    rows = with_passages(load())
    prepare(rows)
    if args.loro:
        loro(rows)
        return
    arrays = train(rows)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    Path(args.out).write_bytes(buffer.getvalue())
    thresholds = 1 / (1 + np.exp(-arrays["thresholds"].astype(np.float64)))
    print(f"{args.out}: {len(arrays['coef'])} features, {len(buffer.getvalue()):,} bytes; thresholds "
          + ", ".join(f"{i} {t:.2f}" for i, t in zip((*INDICATORS, HARMLESS), thresholds, strict=True)))


if __name__ == "__main__":
    main()
