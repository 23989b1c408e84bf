"""The trained classifier beside the rules (cases/triage_model.py): shipped as plain arrays, read without
pickle, explaining every indicator it raises with words of the narrative, and held back where the rules know
better (negation, questions, the hours of a working day). Pure functions, no database."""

import numpy as np
import pytest

from corridor.cases import triage, triage_model
from corridor.cases.choices import Indicator as I


def test_the_model_is_plain_arrays_read_without_pickle():
    with np.load(triage_model.MODEL_PATH, allow_pickle=False) as data:
        assert {"features", "coef", "intercept", "thresholds", "indicators"} <= set(data.files)
        assert all(data[name].dtype != object for name in data.files)
    model = triage_model.model()
    assert model.indicators == (*I.values, triage_model.HARMLESS)
    assert model.coef.shape == (len(model.index), len(model.indicators))


@pytest.mark.parametrize("text", [
    "The agent the agent took my passport and my passport",  # words and pairs that repeat count once
    "Zzqx blorf",  # n-grams the model never saw
    "Majikan saya tidak bayar gaji tiga bulan",
])
def test_the_screen_scores_a_narrative_on_the_features_it_was_trained_on(text):
    model, normalised = triage_model.model(), triage.normalise(text)
    grams, spans = triage_model.ngram_features(normalised)  # what scripts/triage_train.py trains on
    rows = [model.index[g] for g in grams if g in model.index]
    expected = model.intercept + model.coef[rows].sum(axis=0) / np.sqrt(len(grams))
    total, weight = model.scores([normalised[a:b] for a, b in spans], [])
    assert weight == pytest.approx(1 / np.sqrt(len(grams)))
    np.testing.assert_allclose(total, expected, rtol=0, atol=1e-12)
    assert model.scores([normalised[a:b] for a, b in spans], [])[0].tolist() == total.tolist()  # the kept rows


def test_the_classifier_names_the_words_that_raised_an_indicator():
    # a job told without a lexicon phrase for deception (a development narrative of round 49)
    text = "The agency told me hotel kitchen, 1,800 a month. I am cleaning pig pens on a farm for 900."
    triage_model.use(None)
    try:
        alone = set(triage.triage_text(text, "en")["indicators"])
    finally:
        triage_model.use(triage_model.SHIPPED)
    result = triage.triage_text(text, "en")
    added = set(result["indicators"]) - alone
    assert I.DECEPTION in added
    for item in result["evidence"]:
        if item["indicator"] in added:
            assert item["words"] and all(word in text for word in item["words"].split(" … "))


@pytest.mark.parametrize(("text", "language"), [
    ("They did not take my passport.", "en"),
    ("Can the agency deduct the medical fee from my first salary?", "en"),
    ("We work 12 hours shifts in the warehouse.", "en"),
    ("አሰሪዬ ፓስፖርቴን አልወሰደችም።", "am"),
])
def test_negation_questions_and_hours_stay_with_the_rules(text, language):
    assert triage.triage_text(text, language)["indicators"] == []


def test_rules_alone_when_the_model_is_switched_off():
    text = "The sponsor's wife keeps the only key to the gate and I have not been outside since Eid."
    triage_model.use(None)
    try:
        alone = triage.triage_text(text, "en")
    finally:
        triage_model.use(triage_model.SHIPPED)
    combined = triage.triage_text(text, "en")
    assert set(alone["indicators"]) <= set(combined["indicators"])


def test_the_harmless_gate_drops_a_lexicon_finding_in_an_ordinary_message():
    # a question about how long a passport renewal takes (round 16): the lexicon reads retention, the
    # classifier an ordinary question
    text = ("Anyone know how long passport renewal takes at the embassy in Riyadh now? "
            "Mine expires in Feb and I need it for my leave in April")
    triage_model.use(None)
    try:
        assert I.RETENTION_OF_DOCUMENTS in triage.triage_text(text, "en")["indicators"]
    finally:
        triage_model.use(triage_model.SHIPPED)
    assert triage.triage_text(text, "en") == {"indicators": [], "urgent": False, "urgent_reasons": [], "evidence": []}


@pytest.mark.parametrize(("clearly", "kept"), [(False, True), (True, False)])
def test_the_gate_drops_a_sign_urgent_alone_only_when_clearly_harmless(monkeypatch, clearly, kept):
    # "I was locked in the room" (Sinhala) may read just over the harmless threshold: confinement stays unless the
    # classifier is clearly sure; a sign not urgent alone is dropped either way
    text = "මාව කාමරයේ වහලා තිබුණා. ඒජන්ට් මාව රැවැට්ටුවා."
    probability = {indicator: 0.1 for indicator in I.values}
    words = ("word",) * (triage.GATE_MIN_WORDS + 1)  # the classifier's words: a narrative longer than the short ones
    reading = triage_model.Reading((), True, probability, words, clearly)
    monkeypatch.setattr(triage_model, "read", lambda *args, **kwargs: reading)
    found = set(triage.triage_text(text, "si")["indicators"])
    assert (I.RESTRICTION_OF_MOVEMENT in found) is kept
    assert I.DECEPTION not in found


def test_the_gate_drops_nothing_in_a_short_narrative(monkeypatch):
    # "No day off at all" (Bengali): in a narrative this short the lexicons read every word; the classifier's
    # harmless reading, even clearly sure, drops nothing
    probability = {indicator: 0.1 for indicator in I.values}
    reading = triage_model.Reading((), True, probability, ("কোনো", "ছুটি", "নেই"), True)
    monkeypatch.setattr(triage_model, "read", lambda *args, **kwargs: reading)
    assert triage.triage_text("কোনো ছুটি নেই।", "bn")["indicators"] == [I.EXCESSIVE_OVERTIME]


@pytest.mark.parametrize(("text", "language"), [
    ("I am a victim of human trafficking.", "en"),
    ("ይህ የሰው ንግድ ነው።", "am"),  # "this is human trafficking" (round 11)
])
def test_stated_trafficking_is_urgent_whatever_the_classifier_reads(text, language):
    result = triage.triage_text(text, language)
    assert result["urgent"] and "trafficking" in result["urgent_reasons"]



# A long account (more than LONG_WORDS words) in three passages: the agency keeps the passport in the first, a debt
# to the agent that was paid off in the second, the new job in the third.
LONG = ("I came to Dubai in 2021 through an agency in Kathmandu for a job in a hotel laundry, a job my cousin had "
        "found for me. On the first day the agency kept my passport in their office and said it was for the visa, "
        "and I did not see it again for the whole of that first year in the city. "
        "I had a debt of 2,000 dollars to the agent for the ticket and I paid it back in six months from my salary. "
        "My mother was happy that the family had nothing more to pay after that time, and we made a small puja. "
        "Now I work in a bigger hotel in the marina and the manager is kind and polite with all of us. "
        "We have one day off every week and the salary comes into the bank on the first day of the month.")


def _reading(harmless: bool, clearly: bool = False, words: int = 20) -> triage_model.Reading:
    return triage_model.Reading((), harmless, {indicator: 0.1 for indicator in I.values}, ("word",) * words, clearly)


def _read_as(monkeypatch, text: str, passage_harmless) -> list[str]:
    """The classifier reads the whole of `text` as a case (as it reads every long account) and each passage as
    `passage_harmless(passage)` says, a bool or (harmless, clearly); the texts it was given, in order."""
    calls = []

    def read(given, *args, **kwargs):
        calls.append(given)
        if given == text:
            return _reading(False, words=triage.LONG_WORDS + 1)
        answer = passage_harmless(given)
        return _reading(*answer) if isinstance(answer, tuple) else _reading(answer)

    monkeypatch.setattr(triage_model, "read", read)
    return calls


def _rules_alone(text: str) -> set:
    triage_model.use(None)
    try:
        return set(triage.triage_text(text, "en")["indicators"])
    finally:
        triage_model.use(triage_model.SHIPPED)


def test_a_long_account_is_cut_into_passages_of_whole_sentences():
    normalised = triage.normalise(LONG)
    spans = triage.passages(normalised)
    texts = [normalised[a:b] for a, b in spans]
    assert len(spans) == 3
    assert "passport" in texts[0] and "debt" in texts[1] and "marina" in texts[2]
    assert all(len(triage_model.WORD.findall(t)) >= triage.PASSAGE_WORDS for t in texts)
    assert [t.split()[0] for t in texts] == ["i", "i", "now"]  # each begins a sentence
    assert all(not normalised[b:c].strip(". ") for (_a, b), (c, _d) in zip(spans, spans[1:], strict=False))


def test_a_short_last_sentence_joins_the_passage_before_it():
    normalised = triage.normalise(" ".join(["one two three four five six seven eight nine ten."] * 5) + " Bye now.")
    assert triage.passages(normalised) == [(0, len(normalised) - 1)]  # 52 words: one passage, the tail in it


def test_the_passage_gate_drops_a_sign_whose_passage_reads_as_an_ordinary_story(monkeypatch):
    assert {I.RETENTION_OF_DOCUMENTS, I.DEBT_BONDAGE} <= _rules_alone(LONG)
    _read_as(monkeypatch, LONG, lambda passage: "passport" not in passage)
    found = set(triage.triage_text(LONG, "en")["indicators"])
    assert I.DEBT_BONDAGE not in found  # the debt paid off: an ordinary passage
    assert I.RETENTION_OF_DOCUMENTS in found  # the passport: its passage reads as a case


def test_a_sign_stays_when_any_passage_it_stands_in_reads_as_a_case(monkeypatch):
    text = LONG.replace("kind and polite", "kind, but I still owe a debt to the agency, and he is polite")
    assert I.DEBT_BONDAGE in _rules_alone(text)
    _read_as(monkeypatch, text, lambda passage: "marina" not in passage)  # the last passage reads as a case
    assert I.DEBT_BONDAGE in triage.triage_text(text, "en")["indicators"]


@pytest.mark.parametrize(("clearly", "kept"), [(False, True), (True, False)])
def test_a_passage_drops_a_sign_urgent_alone_only_when_clearly_harmless(monkeypatch, clearly, kept):
    text = LONG.replace("I had a debt of 2,000 dollars to the agent for the ticket and I paid it back in six months",
                        "One night the supervisor locked us in the room after a fight between two men on our floor")
    assert I.RESTRICTION_OF_MOVEMENT in _rules_alone(text)
    _read_as(monkeypatch, text, lambda passage: (True, clearly))
    assert (I.RESTRICTION_OF_MOVEMENT in triage.triage_text(text, "en")["indicators"]) is kept


def test_a_narrative_of_long_words_or_fewer_is_not_read_by_passage(monkeypatch):
    calls = []

    def read(text, *args, **kwargs):
        calls.append(text)
        return _reading(False, words=triage.LONG_WORDS)  # just short enough to be read whole only

    monkeypatch.setattr(triage_model, "read", read)
    assert I.DEBT_BONDAGE in triage.triage_text(LONG, "en")["indicators"]
    assert calls == [LONG]


def test_each_passage_is_read_once(monkeypatch):
    calls = _read_as(monkeypatch, LONG, lambda passage: True)
    triage.triage_text(LONG, "en")
    assert calls[0] == LONG and len(calls[1:]) == len(set(calls[1:])) == 3


@pytest.mark.parametrize(("harmless", "added"), [(False, True), (True, False)])
def test_a_passage_adds_what_the_whole_account_dilutes(monkeypatch, harmless, added):
    # the whole account raises nothing; the last passage, read alone, raises deception on its first word
    def read(text, *args, **kwargs):
        if text == LONG:
            return _reading(False, words=triage.LONG_WORDS + 1)
        raised = (("deception", text.split()[0], (0,)),) if "marina" in text else ()
        return triage_model.Reading(raised, harmless and "marina" in text, {i: 0.1 for i in I.values},
                                    ("word",) * 20)

    monkeypatch.setattr(triage_model, "read", read)
    result = triage.triage_text(LONG, "en")
    assert (I.DECEPTION in result["indicators"]) is added
    if added:
        assert {"indicator": "deception", "words": "Now", "source": "narrative"} in result["evidence"]
