"""The learnt half of the triage: a linear classifier per indicator over the narrative's character and word
n-grams and the lexicon's hits, trained on the labelled narratives (benchmarks/data/cases_triage_dev.jsonl) by
scripts/triage_train.py and shipped as plain arrays (data/triage_model.npz, read with numpy, no pickle).

The features of a narrative (already normalised by `triage.normalise_with_map`):
- every word (`w:`), every pair of neighbouring words (`b:`), and the character 3- to 5-grams of every word with
  a space before and after it (`c:`, as scikit-learn's `char_wb`), counted once each, the vector scaled to length
  one (so a long narrative does not outweigh a short one);
- the lexicon's hits (`L:<indicator>`, and `L:<language>:<indicator>` so that a language whose lexicon reads
  better can be trusted more), weight one each.

A narrative raises an indicator the classifier's probability for it passes that indicator's threshold (chosen by
cross-validation across rounds of writing, to keep precision); `triage.screen` adds those to the rules' own.
Every indicator it raises names the words of the text whose n-grams weighed most for it.
"""

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "data" / "triage_model.npz"
WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u097f\u0610-\u061a\u064b-\u065f\u0670\u0980-\u09ff\u0b80-\u0bff"
                  r"\u0d80-\u0df3\u1000-\u1049\u104c-\u109f\u1200-\u135f'’]+")
CHAR_SIZES = (3, 4, 5)
EVIDENCE_WORDS = 3  # words named for an indicator the classifier raises
HARMLESS = "harmless"  # the model's last column: an ordinary message or dispute, no sign of forced labour
KNOWN_WORDS = 1 << 16  # words whose rows a model keeps (`Model.word_rows`) before it starts again


@lru_cache(maxsize=1 << 16)
def word_grams(word: str) -> tuple[str, ...]:
    """A word's own features: the word, and the character 3-5-grams of the word padded with a space on each
    side (kept per word: narratives share most of their words)."""
    padded = f" {word} "
    return ("w:" + word, *("c:" + padded[i:i + size] for size in CHAR_SIZES for i in range(len(padded) - size + 1)))


def word_spans(normalised: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(normalised)]


def bigrams(words: list[str]) -> set[str]:
    return {"b:" + a + " " + b for a, b in zip(words, words[1:], strict=False)}


def ngram_features(normalised: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The n-gram features of a normalised narrative (each once, in no order) and the spans of its words."""
    spans = word_spans(normalised)
    words = [normalised[a:b] for a, b in spans]
    seen = bigrams(words)
    for w in words:
        seen.update(word_grams(w))
    return list(seen), spans  # order does not matter: the weights are summed


def lexicon_features(language: str, rule_indicators, partial: dict | None = None) -> list[tuple[str, float]]:
    """The lexicon's evidence as (feature, value): each indicator the rules raise, and the share of the words
    of the best-covered phrase of each indicator that stand in one sentence (`triage.partial_phrases`)."""
    names = []
    for indicator in sorted(rule_indicators):
        names += [(f"L:{indicator}", 1.0), (f"L:{language}:{indicator}", 1.0)]
    for kind, share in sorted((partial or {}).items()):
        names += [(f"S:{kind}", share)]
    return names


@dataclass(frozen=True)
class Model:
    index: dict  # feature name -> row of coef
    coef: np.ndarray  # features x indicators
    intercept: np.ndarray
    thresholds: np.ndarray
    indicators: tuple  # the columns: the eleven indicators, then HARMLESS
    uses_lexicon: bool = False  # trained with the lexicon's evidence as features (`lexicon_features`)
    known: dict = field(default_factory=dict, compare=False, repr=False)  # word -> its n-grams and their rows

    def word_rows(self, word: str) -> tuple[tuple[str, ...], frozenset]:
        """A word's own n-grams (`word_grams`) and the rows of those the model knows, kept per word: narratives
        share most of their words."""
        found = self.known.get(word)
        if found is None:
            if len(self.known) >= KNOWN_WORDS:
                self.known.clear()
            grams = word_grams(word)
            found = self.known[word] = (grams, self.rows(grams))
        return found

    def rows(self, grams) -> frozenset:
        """The rows of the n-grams the model knows."""
        return frozenset(r for r in map(self.index.get, grams) if r is not None)

    def scores(self, words: list[str], lexical: list) -> tuple[np.ndarray, float]:
        """Decision values per indicator for a narrative's words (its features as `ngram_features` makes them),
        and the weight of each n-gram."""
        grams = bigrams(words)
        rows = set(self.rows(grams))
        for word in words:
            own_grams, own_rows = self.word_rows(word)
            grams.update(own_grams)
            rows |= own_rows
        weight = 1.0 / np.sqrt(len(grams)) if grams else 0.0
        total = self.intercept.copy()
        if rows:
            total += self.coef[sorted(rows)].sum(axis=0) * weight
        for name, value in lexical:
            row = self.index.get(name)
            if row is not None:
                total += self.coef[row] * value
        return total, weight


def from_arrays(data) -> Model:
    """A model from its arrays (as saved by scripts/triage_train.py): the feature names one a line in UTF-8."""
    names = bytes(data["features"]).decode("utf-8").split("\n")
    return Model({f: i for i, f in enumerate(names)}, np.asarray(data["coef"], dtype=np.float64),
                 np.asarray(data["intercept"], dtype=np.float64), np.asarray(data["thresholds"], dtype=np.float64),
                 tuple(bytes(data["indicators"]).decode("utf-8").split("\n")),
                 any(name.startswith(("L:", "S:")) for name in names))


@cache
def _shipped() -> Model | None:
    if not MODEL_PATH.exists():
        return None
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        return from_arrays(data)


_SHIPPED = object()
_active: list = [_SHIPPED]  # the training script's cross-validation swaps in its own model, or None (rules alone)


def use(m) -> None:
    """Screen with model `m` from now on (None: rules alone; `SHIPPED`: the shipped file)."""
    _active[0] = m


SHIPPED = _SHIPPED


def model() -> Model | None:
    """The model the screen uses: the shipped one, or None when the file is absent (the screen is then the rules
    alone)."""
    return _shipped() if _active[0] is _SHIPPED else _active[0]


@dataclass(frozen=True)
class Reading:
    raised: tuple  # (indicator, words, positions of those words in `words`) the classifier raises
    harmless: bool  # the narrative reads as an ordinary message or dispute
    probability: dict  # indicator -> the classifier's probability
    words: tuple = ()  # the normalised words of the narrative
    clearly_harmless: bool = False  # and not only just: SURE_MARGIN over the threshold


NOTHING = Reading((), False, {})
SURE_MARGIN = 0.05  # in probability: what the harmless reading must pass its threshold by to drop an urgent sign


def read(text: str, normalised: str, index: list[int], lexical=None, known=frozenset()) -> Reading:
    """What the classifier reads in a narrative; `index` maps each character of `normalised` to its place in
    `text`, so the words named are the worker's own; `lexical()` gives the lexicon's evidence
    (`lexicon_features`), asked for only when the model was trained with it; indicators in `known` (the rules
    found them, or found them negated) are not raised."""
    m = model()
    if m is None or not normalised.strip():
        return NOTHING
    spans = word_spans(normalised)
    words = tuple(normalised[a:b] for a, b in spans)
    total, weight = m.scores(words, lexical() if lexical and m.uses_lexicon else [])
    over = [k for k in range(len(m.indicators)) if total[k] > m.thresholds[k]]
    harmless = HARMLESS in (m.indicators[k] for k in over)
    raised = []
    for k in over:
        if m.indicators[k] != HARMLESS and m.indicators[k] not in known:
            best = _evidence(m, k, words, weight)
            if best:
                raised.append((m.indicators[k], " … ".join(text[index[spans[n][0]]:index[spans[n][1] - 1] + 1]
                                                          for n in best), best))
    probability = dict(zip(m.indicators, (1.0 / (1.0 + np.exp(-total))).tolist(), strict=True))
    h = m.indicators.index(HARMLESS)
    clearly = harmless and probability[HARMLESS] >= 1.0 / (1.0 + np.exp(-m.thresholds[h])) + SURE_MARGIN
    return Reading(tuple(raised), harmless, probability, words, clearly)


def _evidence(m: Model, k: int, words: tuple, weight: float) -> list[int]:
    """The positions of the words whose own n-grams (the word, its character n-grams, the pairs it stands in)
    add most to indicator k, in the order they appear."""
    gain = []
    for n, w in enumerate(words):
        grams = set(word_grams(w))
        if n:
            grams.add("b:" + words[n - 1] + " " + w)
        if n + 1 < len(words):
            grams.add("b:" + w + " " + words[n + 1])
        rows = sorted(m.rows(grams))
        gain.append(float(m.coef[rows, k].sum()) * weight if rows else 0.0)
    best = sorted((n for n in range(len(words)) if gain[n] > 0), key=lambda n: -gain[n])[:EVIDENCE_WORDS]
    return sorted(set(best))
