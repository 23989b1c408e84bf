"""Screening a complaint against the ILO's eleven indicators of forced labour.

Three kinds of evidence: the grievance types chosen, the answers to the questions, and phrases in the
narrative, matched against a lexicon kept as data per language (data/lexicon/<lang>.toml), one for each of
the twelve shipped languages (all but English machine-drafted, needing native review).

How a narrative is read (docs/cases.md, "Triage"):
- normalised (case, Latin accents, Arabic letter forms and clitics, Devanagari and Bengali vowel length,
  joiners, Ethiopic letters that sound alike, digits of every script);
- words of every shipped script; Burmese runs, written without spaces, split by longest match against the
  lexicon and into syllables (`myanmar_syllables`);
- words compared by stem: Snowball stemmers (snowballstemmer) for English, Spanish, Arabic, Nepali, Hindi,
  Indonesian and Tamil, a small rule set for Filipino affixes, infixes and reduplication (`fil_stem`), and an
  ending allowance for non-Latin scripts; a lexicon word may also be a prefix (`word*`) or exact (`word=`);
  a Latin word of 8+ letters also matches a misspelling one edit away;
- concept classes (`@take @document`) kept once per lexicon stand for every pairing of their words;
- the words of a phrase may stand a few words apart (proximity window);
- a negator just before a phrase in the same clause, with only fillers between, cancels it ("they did not
  take my passport", «لم يأخذوا جوازي», "hindi kinuha", "no me quitaron", Nepali and Bengali negative verb
  endings, Burmese မ); a phrase holding its own negator ("not paid", "walang sahod") needs that negator
  right before what it negates ("walang hininging bayad" is not "no pay"); a `not` phrase (the worker
  *keeps* their passport) silences its indicator in its sentence;
- a deduction from pay is withholding of wages, or debt bondage when its sentence names the debt it pays
  (`DEDUCTION`);
- a classifier trained on the labelled narratives (triage_model.py) adds indicators said without a lexicon
  phrase and gates ordinary messages (`classifier_reading`); it never overrules the rules' negation or mood;
- urgency comes from combinations (URGENT_RULES), and every indicator names the words that raised it.
"""

import gc
import json
import re
import tomllib
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import snowballstemmer
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import Levenshtein

from corridor.cases import triage_model
from corridor.cases.choices import Answer, EvidenceSource, GrievanceType, Indicator, PassportHolder

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "lexicon"
LANGUAGES = ("en", "ar", "fil", "ne", "es", "bn", "hi", "id", "si", "ta", "my", "am")
MAX_GAP = 3
FUZZY_LENGTH = 8  # plain words this long (or marked `word~`) also match a misspelling one edit away
COUNTER_GAP = 2  # a `not` phrase must be tighter than an indicator phrase
NEGATION_WINDOW = 3  # a negator this many words before a phrase, in the same clause, cancels it
SIMILE_BEFORE, SIMILE_AFTER = 3, 2  # a comparison word this near a phrase, in its clause, makes it a comparison
I = Indicator  # noqa: E741 - short names keep the tables below readable
_INDICATORS = frozenset(I.values)  # (the enum builds a new list on every `.values`)
G = GrievanceType
SIGNALS = ("trafficking", "child")  # phrase kinds that are not indicators but make a case urgent
# what a comparison may be said of without being the sign (`_compared`): a prison, a cage, a jail; never a blow,
# slavery or trafficking ("they treat us like slaves" states it)
COMPARED = frozenset({I.RESTRICTION_OF_MOVEMENT, I.INTIMIDATION_THREATS, I.ISOLATION})
OTHER_CHILD = "child_other"  # someone else's age under 18: the child sign only beside an indicator
# A deduction from pay ("they cut half my salary", "kinakaltas sa sahod") is withholding of wages, unless
# the same sentence names a debt it pays off ("every month they cut half my salary for the agency loan"):
# then it is how the debt binds the worker, debt bondage, and not a second indicator (docs/cases.md).
DEDUCTION = "deduction"

# A grievance type is evidence of these indicators.
GRIEVANCE_INDICATORS: dict[str, tuple[str, ...]] = {
    G.UNPAID_WAGES: (I.WITHHOLDING_OF_WAGES,),
    G.CONTRACT_SUBSTITUTION: (I.DECEPTION,),
    G.RECRUITMENT_FEES: (I.DEBT_BONDAGE,),
    G.DOCUMENTS_TAKEN: (I.RETENTION_OF_DOCUMENTS,),
    G.EXCESSIVE_HOURS: (I.EXCESSIVE_OVERTIME,),
    G.UNSAFE_WORK: (I.ABUSIVE_CONDITIONS,),
    G.VIOLENCE: (I.PHYSICAL_SEXUAL_VIOLENCE,),
    G.CONFINEMENT: (I.RESTRICTION_OF_MOVEMENT, I.ISOLATION),
    G.THREATS: (I.INTIMIDATION_THREATS,),
    G.DEBT: (I.DEBT_BONDAGE,),
    G.ABANDONMENT: (I.ABUSE_OF_VULNERABILITY,),
}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple
    flags: frozenset  # answers that are evidence
    indicator: str
    signal: str = ""  # an urgent signal the flagged answer also raises ("child")


YES_NO = tuple(Answer.choices)
# One question for every means of control in the ILO's indicators (ILO SAP-FL 2012; RaFoLa guidelines).
QUESTIONS: tuple[Question, ...] = (
    Question("can_leave", _("Can you leave your workplace or your housing when you are not working?"), YES_NO,
             frozenset({Answer.NO}), I.RESTRICTION_OF_MOVEMENT),
    Question("passport_holder", _("Who holds your passport?"), tuple(PassportHolder.choices),
             frozenset({PassportHolder.EMPLOYER, PassportHolder.AGENCY, PassportHolder.OTHER}), I.RETENTION_OF_DOCUMENTS),
    Question("owes_money", _("Do you owe money to the recruiter or the employer?"), YES_NO,
             frozenset({Answer.YES}), I.DEBT_BONDAGE),
    Question("paid_in_full", _("Are you paid in full and on time?"), YES_NO, frozenset({Answer.NO}), I.WITHHOLDING_OF_WAGES),
    Question("threatened", _("Has anyone threatened you or your family?"), YES_NO, frozenset({Answer.YES}),
             I.INTIMIDATION_THREATS),
    Question("hurt", _("Has anyone hit you, hurt you or touched you against your will?"), YES_NO,
             frozenset({Answer.YES}), I.PHYSICAL_SEXUAL_VIOLENCE),
    Question("drugs", _("Has anyone made you take drugs or alcohol, or given them to you to keep you working?"), YES_NO,
             frozenset({Answer.YES}), I.PHYSICAL_SEXUAL_VIOLENCE),
    Question("can_contact_family", _("Can you call or message your family when you want?"), YES_NO,
             frozenset({Answer.NO}), I.ISOLATION),
    Question("job_as_promised", _("Is your job and pay what you were promised?"), YES_NO, frozenset({Answer.NO}),
             I.DECEPTION),
    Question("rest_day", _("Do you get at least one full day of rest each week?"), YES_NO, frozenset({Answer.NO}),
             I.EXCESSIVE_OVERTIME),
    Question("safe_housing", _("Do you have safe housing, enough food and water?"), YES_NO, frozenset({Answer.NO}),
             I.ABUSIVE_CONDITIONS),
    Question("food_sleep", _("Do you get enough to eat and enough time to sleep?"), YES_NO, frozenset({Answer.NO}),
             I.ABUSIVE_CONDITIONS),
    Question("knows_help", _("Do you know where to get help in the country where you are?"), YES_NO,
             frozenset({Answer.NO}), I.ABUSE_OF_VULNERABILITY),
    Question("under_18", _("Are you under 18 years old, or were you when you started this work?"), YES_NO,
             frozenset({Answer.YES}), I.ABUSE_OF_VULNERABILITY, signal="child"),
)
QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}

# Urgency (docs/cases.md, "Urgency"): some signs alone, others only together.
URGENT_ALONE = {  # reason: indicator
    "confinement": I.RESTRICTION_OF_MOVEMENT,
    "violence": I.PHYSICAL_SEXUAL_VIOLENCE,
}
URGENT_GRIEVANCES = {"confinement": G.CONFINEMENT, "violence": G.VIOLENCE}
URGENT_TOGETHER = (  # reason, an indicator, and at least one of these others
    ("debt_with_threats", I.DEBT_BONDAGE, frozenset({I.INTIMIDATION_THREATS})),
    ("coercion", I.INTIMIDATION_THREATS, frozenset({I.RETENTION_OF_DOCUMENTS, I.WITHHOLDING_OF_WAGES, I.ISOLATION})),
    ("debt_with_deprivation", I.DEBT_BONDAGE, frozenset({I.RETENTION_OF_DOCUMENTS, I.ISOLATION})),
)
# So many indicators at once are themselves a sign of forced labour.
URGENT_INDICATOR_COUNT = 4
URGENT_INDICATORS = frozenset(URGENT_ALONE.values())
# Indicators whose `not` phrase ("I have my passport with me") speaks for the whole narrative, not its sentence.
TEXT_WIDE_COUNTERS = frozenset({I.RETENTION_OF_DOCUMENTS})
# Mood (docs/cases.md, "Questions, plans and one-off days"): what a sentence asks or wishes is not what happened.
# A question whether something is allowed ("Can the agency deduct the fee from my salary?") raises no indicator
# in the clause it asks about, except these: a worker who asks whether they may be hit, locked in or threatened
# is most likely living it, and the screen errs towards the worker there.
QUESTION_KEEPS = frozenset({I.PHYSICAL_SEXUAL_VIOLENCE, I.RESTRICTION_OF_MOVEMENT, I.INTIMIDATION_THREATS})
MOODS = ("permission", "single_day", "pattern", "wish", "retraction")
# A writer who says their own report was mistaken ("sorry, a false alarm", "galatfehmi ho gayi"; round 65,
# bystanders' tip-offs) takes back what they told up to that sentence: what they feared is not what happened. What
# follows it stands: a worker pressed to call the complaint a misunderstanding tells the truth after (round 67,
# follow-ups). Only mistakes, never a wish to withdraw or close a complaint, which is often that pressure. A
# child's age stays a fact; a retraction asked or negated ("it was not a false alarm") takes nothing back.
RETRACTED = frozenset({*(i.value for i in I), "trafficking"})
RETRACTION = "retraction"  # in `scan`'s `countered`, beside the sentence offsets: where the last retraction starts
_QUESTION_MARKS = frozenset("?\u061f\u1367")


# --- normalisation and tokens ---------------------------------------------------------------------

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_DEVANAGARI = str.maketrans({"ी": "ि", "ू": "ु", "ई": "इ", "ऊ": "उ", "ँ": None, "ं": None, "़": None, "ऽ": None,
                             # Bengali the same way: long vowels to short, nasal signs off; joiners (Sinhala, Bengali) off
                             "ী": "ি", "ূ": "ু", "ঈ": "ই", "ঊ": "উ", "ঁ": None, "ং": None, "়": None,
                             "\u200c": None, "\u200d": None})
# Ethiopic letters that sound alike and are spelt either way (ሠ/ሰ, ዐ/አ, ሐ/ኀ/ሀ, ፀ/ጸ, ኸ/ከ): one letter each.
_ETHIOPIC = str.maketrans({**{chr(0x1220 + i): chr(0x1230 + i) for i in range(8)},
                           **{chr(0x12D0 + i): chr(0x12A0 + i) for i in range(8)},
                           **{chr(0x1210 + i): chr(0x1200 + i) for i in range(8)},
                           **{chr(0x1280 + i): chr(0x1200 + i) for i in range(8)},
                           **{chr(0x1340 + i): chr(0x1338 + i) for i in range(8)},
                           **{chr(0x12B8 + i): chr(0x12A8 + i) for i in range(8)}})
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)},
                         **{chr(0x0966 + i): str(i) for i in range(10)}, **{chr(0x09E6 + i): str(i) for i in range(10)},
                         **{chr(0x0BE6 + i): str(i) for i in range(10)}, **{chr(0x0DE6 + i): str(i) for i in range(10)},
                         **{chr(0x1040 + i): str(i) for i in range(10)}})
# Letters, digits and combining marks of every shipped script; not punctuation (، ؛ ؟, the danda, Myanmar ၊ ။,
# Ethiopic ። ፣ ፤, Sinhala ෴). Burmese writes no spaces between words: `_myanmar_words` splits its runs.
_TOKEN = re.compile(r"[\w\u0900-\u0963\u0966-\u097f\u0610-\u061a\u064b-\u065f\u0670\u0980-\u09ff\u0b80-\u0bff"
                    r"\u0d80-\u0df3\u1000-\u1049\u104c-\u109f\u1200-\u135f'’-]+")
_ARABIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
# A sentence: up to its stop; a point between two digits ("1.100 euros", "3.5") is part of a number.
_SENTENCE = re.compile(r"(?:[^.!?;\n\u0964\u0965\u061f\u061b\u104b\u1362\u1367\u1368\u0df4]|(?<=\d)\.(?=\d))+")
# Laughter in a sentence ("haha", "jaja", "wkwk", «ههههه», "ဟဟ", a crying-laughing face): what it tells is most often a
# joke or an idiom ("nakakulong ako haha photo booth lang"), so its indicators are weak (`screen`); a sarcastic
# complaint that names two signs ("lol they took our passports and we cannot go out") still counts.
_LAUGHTER = re.compile(r"(?<!\w)(?:(?:ha){2,}h?|(?:he){2,}|(?:ja){2,}|(?:je){2,}|(?:hi){2,}|lol+|lmao|rofl|wk(?:wk)+|"
                       r"x(?:ix)+i|ه{3,}|ဟ(?:ဟ|ား)+|ሃሃ+|হা(?:হা)+|ஹா(?:ஹா)+|හා(?:හා)+|හහ+්?|हा(?:हा)+)(?!\w)"
                       r"|[\U0001F602\U0001F923\U0001F606\U0001F604\U0001F639]")
_CLAUSE_PUNCT = re.compile(r"[,:\u060c()\"“”\u104a\u1363\u1364\u1365\u1366]")


def normalise(text: str) -> str:
    return _normalise_chars(text)


class _CharTable(dict):
    """Each character's normalised form, as `str.translate` reads it, filled in as characters are met;
    `uneven` holds the characters whose form is not one character long (dropped marks, ligatures)."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        form = self[code] = _normalise_chars(chr(code))
        if len(form) != 1:
            self.uneven.add(chr(code))
        return form


_CHARS = _CharTable()


@lru_cache(maxsize=64)  # a narrative is read once per lexicon and once by the classifier
def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text, character by character, and for each of its characters the index of the
    original character (do not change the list: it is cached)."""
    normalised = text.translate(_CHARS)
    if _CHARS.uneven.isdisjoint(text):
        return normalised, list(range(len(text)))
    index = []
    for i, ch in enumerate(text):
        index.extend([i] * len(_CHARS[ord(ch)]))
    return normalised, index


@lru_cache(maxsize=4096)
def _normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not ("\u0300" <= ch <= "\u036f"))  # Latin accents only
    text = unicodedata.normalize("NFC", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FORMS).translate(_DEVANAGARI).translate(_DIGITS)
    if "\u1200" <= max(text, default=" "):
        text = text.translate(_ETHIOPIC)
    return text


_SCRIPTS = (("\u0600", "\u06ff", "arabic"), ("\u0900", "\u097f", "devanagari"), ("\u0980", "\u09ff", "bengali"),
            ("\u0b80", "\u0bff", "tamil"), ("\u0d80", "\u0dff", "sinhala"), ("\u1000", "\u109f", "myanmar"),
            ("\u1200", "\u137f", "ethiopic"))
# The language a script alone decides (Devanagari is Hindi or Nepali: `_devanagari_language`).
SCRIPT_LANGUAGE = {"arabic": "ar", "bengali": "bn", "tamil": "ta", "sinhala": "si", "myanmar": "my", "ethiopic": "am"}


def _script(word: str) -> str:
    ch = word[0]
    if ch < "\u0600":
        return "latin"
    for low, high, name in _SCRIPTS:
        if low <= ch <= high:
            return name
    return "latin"


class Token(NamedTuple):  # a tuple: made for every word of every sentence read
    text: str  # normalised
    forms: tuple  # the word and its clitic-stripped forms
    start: int
    end: int
    clause: int = 0  # clauses are split at commas and clause words: negation does not cross them


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple:
    if _script(word) != "arabic":
        return (word,)
    forms = [word]
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append(word[len(prefix):])
    return tuple(forms)


def tokens(text: str, clause_words: frozenset = frozenset(), words: frozenset | None = None) -> list[Token]:
    """Tokens of one sentence, normalised, with their place in the normalised text. `words`: the Burmese
    lexicon's words, to split Burmese runs (written without spaces) into words and syllables."""
    result, clause, last_end = [], 0, 0
    cuts, cut = [m.start() for m in _CLAUSE_PUNCT.finditer(text)], 0  # where a comma, colon ... stands
    for match in _TOKEN.finditer(text):
        word = match.group().strip("'-")
        if not word:
            continue
        punctuated = False  # a comma, colon ... between the last word and this one
        while cut < len(cuts) and cuts[cut] < match.start():
            punctuated = punctuated or cuts[cut] >= last_end
            cut += 1
        if punctuated or word in clause_words:
            clause += 1
        if words is not None and _script(word) == "myanmar":
            start = match.start() + match.group().index(word)
            for part_start, part in _myanmar_words(word, words):
                if part in clause_words:
                    clause += 1
                result.append(Token(part, (part,), start + part_start, start + part_start + len(part), clause))
        else:
            result.append(Token(word, _forms(word), match.start(), match.end(), clause))
        last_end = match.end()
    return result


_MY_CONSONANTS = frozenset(chr(c) for c in range(0x1000, 0x102b)) | frozenset("\u103f\u104c\u104d\u104e\u104f")
_MY_NO_BREAK = frozenset("\u103a\u1039")  # asat, virama: the consonant closes the syllable before


def myanmar_syllables(run: str) -> list[str]:
    """Burmese syllables: a new one starts at a consonant or independent vowel that is not stacked under the
    one before (virama) and not killed by an asat after it (the usual syllable-break rule)."""
    syllables, current = [], ""
    for i, ch in enumerate(run):
        nxt = run[i + 1] if i + 1 < len(run) else ""
        if current and ch in _MY_CONSONANTS and current[-1] != "\u1039" and nxt not in _MY_NO_BREAK:
            syllables.append(current)
            current = ""
        current += ch
    if current:
        syllables.append(current)
    return syllables


def _myanmar_words(run: str, words: frozenset) -> list[tuple[int, str]]:
    """A Burmese run split by longest match against the lexicon's words (a word is whole syllables), the rest
    into syllables (so the negative prefix မ stands alone): [(offset, word)]."""
    syllables = myanmar_syllables(run)
    longest = min(len(syllables), 8)
    result, i, offset = [], 0, 0
    while i < len(syllables):
        for n in range(min(longest, len(syllables) - i), 0, -1):
            candidate = "".join(syllables[i:i + n])
            if n == 1 or candidate in words:
                result.append((offset, candidate))
                offset += len(candidate)
                i += n
                break
    return result


# --- stems ----------------------------------------------------------------------------------------

_SNOWBALL = {"en": "english", "es": "spanish", "ar": "arabic", "ne": "nepali", "hi": "hindi", "id": "indonesian",
            "ta": "tamil"}
_LATIN_LANGUAGES = frozenset({"en", "es", "fil", "id"})
_FIL_PREFIXES = ("ipinag", "ipina", "pinag", "pina", "ipag", "ipa", "nakapag", "makapag", "nakaka", "makaka", "naka",
                 "maka", "nagpa", "magpa", "pag", "nag", "mag", "pang", "nang", "mang", "ma", "na", "pa", "i", "ka")
_FIL_SUFFIXES = ("han", "hin", "nan", "nin", "an", "in")
_VOWELS = frozenset("aeiou")


def fil_stem(word: str) -> str:
    """Filipino (Tagalog) affixes off a word: a small rule set, as no well-kept stemmer exists.

    Prefixes (mag-, nag-, pag-, ma-, na-, pa-, i-, ka-, ipinag-, naka-, ...; at most two), the infixes -um-
    and -in- after the first consonant (kinuha -> kuha, sumama -> sama) or at the start (inutang -> utang),
    reduplication of the first syllable (binubugbog -> bugbog, aabuso -> abuso), then the suffixes
    -an/-in/-han/-hin (saktan -> sakt, kuhanin -> kuha). Roots keep at least 3-4 letters.
    """
    w = word.replace("-", "")
    if len(w) >= 6 and w[:2] in ("in", "um") and w[2] in _VOWELS:
        w = w[2:]  # inutang -> utang, umalis -> alis
    for _round in range(2):
        for p in _FIL_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 4:
                w = w[len(p):]
                break
        else:
            break
    if len(w) >= 6 and w[0] not in _VOWELS and w[1:3] in ("in", "um") and w[3] in _VOWELS:
        w = w[0] + w[3:]
    elif len(w) >= 6 and w[:2] in ("in", "um") and w[2] in _VOWELS:
        w = w[2:]
    if len(w) >= 6 and w[0] not in _VOWELS and w[1] in _VOWELS and w[2] == w[0]:
        w = w[2:]  # bubugbog -> bugbog, tatrabaho -> trabaho
    elif len(w) >= 5 and w[0] in _VOWELS and w[0] == w[1]:
        w = w[1:]
    for s in _FIL_SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 4:
            w = w[: -len(s)]
            break
    return w


@cache
def _stemmer(language: str):
    """The Snowball stemmer: PyStemmer (the same algorithms compiled, about ten times faster) where it is
    installed, the pure-Python snowballstemmer otherwise."""
    if language not in _SNOWBALL:
        return None
    try:
        import Stemmer  # why: optional compiled stemmer; snowballstemmer is the pure-Python fallback
    except ImportError:
        return snowballstemmer.stemmer(_SNOWBALL[language])
    return Stemmer.Stemmer(_SNOWBALL[language])


@lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    if not word:
        return word
    if language == "fil":
        return fil_stem(word) or word
    s = _stemmer(language)
    if s is None or (_script(word) == "latin") != (language in _LATIN_LANGUAGES):
        return word
    return s.stemWord(word) or word


# --- the lexicon ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One word of a slot: exact (`word=`), a prefix (`word*`), or compared by stem (plain)."""

    text: str
    kind: str  # "exact", "prefix", "stem"
    stem: str
    fuzzy: bool = False  # a misspelling one edit away matches too


@dataclass(frozen=True)
class Slot:
    words: frozenset  # Word indices into the lexicon's vocabulary
    adjacent: bool = False  # `+word`: must follow the previous slot directly
    anywhere: bool = False  # `&word`: anywhere after the previous slot in the same sentence
    next_sentence: bool = False  # `&&word`: anywhere after the previous slot, in this sentence or the next


@cache
def _words_of(alternative: str) -> tuple:
    """The words of a lexicon entry (a Burmese run split as the narrative's would be): entries recur across phrases."""
    return tuple(t.text for t in tokens(alternative))


def _parse_phrase(text: str, vocabulary: dict, language: str) -> tuple:
    slots = []
    for raw_slot in normalise(text).split():
        words = []
        adjacent, anywhere, next_sentence = raw_slot.startswith("+"), raw_slot.startswith("&"), raw_slot.startswith("&&")
        for alternative in raw_slot.lstrip("+&").split("|"):
            kind = "exact" if alternative.endswith("=") else "prefix" if alternative.endswith("*") else "stem"
            fuzzy = kind == "stem" and (alternative.endswith("~") or len(alternative) >= FUZZY_LENGTH)
            alternative = alternative.rstrip("=*~")
            parts = _words_of(alternative)
            for n, part in enumerate(parts):
                word = Word(part, kind, stem(part, language), fuzzy and _script(part) == "latin" and len(part) >= 5)
                index = vocabulary.setdefault(word, len(vocabulary))
                if n < len(parts) - 1:
                    slots.append(Slot(frozenset((index,))))
                else:
                    words.append(index)
        if words:
            slots.append(Slot(frozenset(words), adjacent, anywhere and not next_sentence, next_sentence))
    return tuple(slots)


@dataclass(frozen=True)
class Phrase:
    source: str
    slots: tuple
    spans: bool = False  # reaches into the next sentence: "They said it was a hotel job. On arrival ..."
    # The words of each later slot, of which a sentence must hold one each before the phrase is looked for in it
    # (empty for a phrase that reaches into the next sentence)
    needs: tuple = ()

    def may_stand_in(self, present: frozenset) -> bool:
        """Whether a sentence whose words match the vocabulary `present` holds a word for each later slot."""
        return not any(map(present.isdisjoint, self.needs))


@dataclass
class Lexicon:
    language: str
    phrases: dict  # kind (indicator or signal) -> tuple of Phrase
    counters: dict  # vocabulary index -> [(indicator, Phrase)] of `not` phrases whose first slot holds it
    negators_before: frozenset
    negators_after: frozenset
    negative_endings: tuple  # verb endings that negate (Nepali -ena, -daina)
    negative_prefixes: tuple  # a negator written fused to its verb (Burmese မတက်ရ, "not allowed to go up")
    clause_words: frozenset
    hour_words: frozenset
    rate_words: frozenset  # "an", "per": "15 an hour" is a rate of pay, not a working day
    morning_words: frozenset  # "am", "morning": clock times of a working day ("from 5am until 1am")
    night_words: frozenset
    time_word_first: bool  # the morning or night word stands before the hour ("सुबह 5 बजे", "උදේ 5")
    ages: tuple  # regular expressions whose group 1 is the worker's age
    other_ages: tuple  # and someone else's ("my son is 15"): a sign only beside an indicator
    vocabulary: tuple  # Word by index
    by_first: dict  # vocabulary index -> [(kind, Phrase)] whose first slot holds it
    stopwords: frozenset
    numbers: dict  # number words ("twenty", "enam belas"): hours of a working day, clock times, ages
    number_heads: frozenset  # the first word of each ("enam"): a sentence without one has no number word
    fillers: frozenset = frozenset()  # words that may stand between a negator of a phrase and what it negates
    after_fillers: frozenset = frozenset()  # between a phrase and the negator after it: "धम्की दिएको छैन"
    segment_words: frozenset | None = None  # Burmese: the words to split runs written without spaces
    # Mood: `permission` (a question whether something is allowed), `single_day` ("yesterday", "once"),
    # `pattern` ("every", "since", "months"), `wish` ("I want to take a loan"): kind -> tuple of Phrase.
    moods: dict | None = None
    question_particles: frozenset = frozenset()  # words that make a sentence a question without "?" (هل, क्या)
    question_endings: tuple = ()  # verb endings that ask whether something is allowed (Tamil -லாமா)
    rhetorical: frozenset = frozenset()  # "how can they ...", "why may they ...": a complaint, not a question
    fact_after: frozenset = frozenset()  # "is it normal *that* they keep our passports?": the fact is stated
    stated_openers: frozenset = frozenset()  # permission words that state a rule when they open a sentence ("bawal")
    permission_after: bool = False  # the permission word follows what it asks about (verb-final languages)
    lawful: dict | None = None  # the same for phrases of lawful handling: silence it in their sentence only
    aside: dict | None = None  # indicator -> Phrases of a harmless complaint: silence it in their clause only
    weak: frozenset = frozenset()  # (indicator, phrase source) that raise it only beside another indicator
    simile_before: frozenset = frozenset()  # "like", "seperti", «زي»: what follows is a comparison ("like a prison")
    simile_after: frozenset = frozenset()  # "जैसा", "মতো", "மாதிரி": what precedes is one ("जेल जैसा")

    @property
    def trafficking(self) -> tuple:
        return self.phrases.get("trafficking", ())

    def matches(self, word: str) -> frozenset:
        return _word_matches(self.language, word)


_CONCEPT = re.compile(r"@(\w+)")


def expand_concepts(phrase: str, concepts: dict, language: str = "") -> str:
    """`@take @document` -> `take|took|... passport|papers|...`: a concept is a class of words kept once per
    language (every verb of taking and keeping, every word for an identity document), so one phrase covers
    every pairing of them."""
    def one(match: re.Match) -> str:
        if match.group(1) not in concepts:
            raise ValueError(f"{language}.toml: unknown concept @{match.group(1)} in {phrase!r}")
        words = concepts[match.group(1)]
        if any(len(w.split()) != 1 for w in words):  # a space would split the choice into two slots
            raise ValueError(f"{language}.toml: concept @{match.group(1)} holds a word with a space")
        return "|".join(words)
    return _CONCEPT.sub(one, phrase)


@cache
def lexicon(language: str) -> Lexicon:
    with (LEXICON_DIR / f"{language}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    vocabulary: dict = {}
    phrases, counters = {}, {}
    weak: set = set()
    concepts = data.get("concepts", {})

    def parse(entries) -> tuple:
        phrases = []
        for p in entries:
            slots = _parse_phrase(expand_concepts(p, concepts, language), vocabulary, language)
            spans = any(slot.next_sentence for slot in slots)
            phrases.append(Phrase(p, slots, spans, () if spans else tuple(slot.words for slot in slots[1:])))
        return tuple(phrases)

    for indicator, entry in data.get("indicators", {}).items():
        if indicator not in I.values:
            raise ValueError(f"{language}.toml: unknown indicator {indicator!r}")
        phrases[indicator] = parse([*entry.get("phrases", []), *entry.get("weak", [])])
        weak |= {(indicator, p) for p in entry.get("weak", [])}
        if entry.get(DEDUCTION):
            if indicator != I.WITHHOLDING_OF_WAGES:
                raise ValueError(f"{language}.toml: `{DEDUCTION}` belongs to withholding_of_wages only")
            phrases[DEDUCTION] = parse(entry[DEDUCTION])
        counters[indicator] = parse(entry.get("not", []))
    for signal in SIGNALS:
        phrases[signal] = parse(data.get(signal, {}).get("phrases", []))
        counters[signal] = parse(data.get(signal, {}).get("not", []))  # news of a raid, a film, a motorbike sold
    mood = data.get("mood", {})
    moods = {kind: _by_first({kind: parse(mood.get(kind, []))}) for kind in MOODS}
    lawful = {i: parse(e["lawful"]) for i, e in data.get("indicators", {}).items() if e.get("lawful")}
    aside = {i: parse(e["aside"]) for i, e in data.get("indicators", {}).items() if e.get("aside")}
    numbers = {normalise(k): v for k, v in data.get("numbers", {}).items()}
    return Lexicon(
        language=language, phrases=phrases, counters=_by_first(counters),
        negators_before=frozenset(normalise(w) for w in data.get("negators_before", [])),
        negators_after=frozenset(normalise(w) for w in data.get("negators_after", [])),
        negative_endings=tuple(normalise(w) for w in data.get("negative_endings", [])),
        negative_prefixes=tuple(normalise(w) for w in data.get("negative_prefixes", [])),
        clause_words=frozenset(normalise(w) for w in data.get("clause_words", [])),
        hour_words=frozenset(normalise(w) for w in data.get("hour_words", [])),
        rate_words=frozenset(normalise(w) for w in data.get("rate_words", [])),
        morning_words=frozenset(normalise(w) for w in data.get("morning_words", [])),
        night_words=frozenset(normalise(w) for w in data.get("night_words", [])),
        time_word_first=bool(data.get("time_word_first", False)),
        ages=tuple(re.compile(p) for p in data.get("child", {}).get("ages", [])),
        other_ages=tuple(re.compile(p) for p in data.get("child", {}).get("others", [])),
        vocabulary=tuple(sorted(vocabulary, key=vocabulary.get)),
        by_first=_by_first(phrases),
        stopwords=frozenset(normalise(w) for w in data.get("stopwords", [])),
        numbers=numbers, number_heads=frozenset(k.split(" ")[0] for k in numbers),
        fillers=frozenset(normalise(w) for w in [*data.get("negation_fillers", []), *data.get("stopwords", [])]),
        after_fillers=frozenset(normalise(w) for w in data.get("negation_fillers_after", [])),
        segment_words=_segment_words(vocabulary, data) if language == "my" else None,
        moods=moods,
        question_particles=frozenset(normalise(w) for w in mood.get("question_particles", [])),
        question_endings=tuple(normalise(w) for w in mood.get("question_endings", [])),
        rhetorical=frozenset(normalise(w) for w in mood.get("rhetorical", [])),
        fact_after=frozenset(normalise(w) for w in mood.get("fact_after", [])),
        stated_openers=frozenset(normalise(w) for w in mood.get("stated_openers", [])),
        permission_after=bool(mood.get("permission_after", False)),
        lawful=_by_first(lawful), aside=aside, weak=frozenset(weak),
        simile_before=frozenset(normalise(w) for w in mood.get("simile_before", [])),
        simile_after=frozenset(normalise(w) for w in mood.get("simile_after", [])),
    )


def _by_first(phrases: dict) -> dict:
    """kind -> phrases, indexed by the vocabulary words of each phrase's first slot: a sentence looks up only
    the phrases its own words can start."""
    index: dict = {}
    for kind, entries in phrases.items():
        for phrase in entries:
            if phrase.slots:
                for word in phrase.slots[0].words:
                    index.setdefault(word, []).append((kind, phrase))
    return index


def _segment_words(vocabulary: dict, data: dict) -> frozenset:
    words = {w.text for w in vocabulary}
    for key in ("negators_before", "negators_after", "clause_words", "stopwords", "hour_words", "negation_fillers",
                "negation_fillers_after", "known_words"):
        words.update(normalise(w) for w in data.get(key, []))
    words.update(normalise(w) for w in data.get("mood", {}).get("question_particles", []))
    words.update(normalise(w) for w in data.get("mood", {}).get("rhetorical", []))
    return frozenset(w for w in words if w and _script(w) == "myanmar")


def _slack(word: str) -> int:
    return _SLACK[_script(word)]


# How many letters may follow a lexicon word (a prefix or a light-stemmed word) in the text.
_SLACK = {"latin": 6, "arabic": 5, "devanagari": 8, "bengali": 6, "tamil": 16, "sinhala": 7, "myanmar": 0, "ethiopic": 4}


def _stem_keys(first: str, language: str) -> set:
    """A stem and the stem of the stem (Snowball Spanish: celular -> celul, celulares -> celular), the second
    only when it keeps 4 letters: manoseaba -> manos -> man would meet mañana -> manan -> man."""
    second = stem(first, language)
    return {first, second} if len(second) >= 4 else {first}


def _stem_key_ok(key: str, latin: bool) -> bool:
    """A stem of one letter (with its vowel signs) is no key: Snowball Hindi takes कोई ("any") to को and
    then to क, the stem of के and कि ("of", "that")."""
    return latin or sum(unicodedata.category(ch) == "Lo" for ch in key) >= 2


@dataclass(frozen=True)
class _Index:
    by_text: dict  # word -> vocabulary indices (every kind)
    by_stem: dict  # stem -> indices of plain words
    by_prefix: dict  # prefix -> indices of `word*` words
    by_light: dict  # Arabic and Nepali plain words of 3+ letters: matched with a suffix (`_suffix_ok`)
    fuzzy: dict  # (first letter, length) -> (word, index) of the words a misspelling may match


_LIGHT_MIN = {"myanmar": 99, "ethiopic": 2}  # Burmese words are matched whole; an Ethiopic letter is a syllable


@cache
def _index(language: str) -> _Index:
    by_text, by_stem, by_prefix, by_light, fuzzy = {}, {}, {}, {}, {}
    for index, w in enumerate(lexicon(language).vocabulary):
        by_text.setdefault(w.text, []).append(index)
        latin = _script(w.text) == "latin"
        if w.kind == "stem":
            # Stemming the stem again too: Snowball Spanish gives celular -> celul but celulares -> celular.
            for key in _stem_keys(w.stem, language):
                if _stem_key_ok(key, latin):
                    by_stem.setdefault(key, []).append(index)
        if w.kind == "prefix":
            by_prefix.setdefault(w.text, []).append(index)
        elif w.kind == "stem" and not latin and len(w.text) >= _LIGHT_MIN.get(_script(w.text), 3):
            by_light.setdefault(w.text, []).append(index)
        if w.fuzzy:
            fuzzy.setdefault((w.text[0], len(w.text)), []).append((w.text, index))
    return _Index(by_text, by_stem, by_prefix, by_light, fuzzy)


_ARABIC_SUFFIX_LETTERS = frozenset("هاموينكت")
_DEVANAGARI_SIGNS = ("\u093e", "\u093f", "\u0940", "\u0941", "\u0942", "\u0943", "\u0947", "\u0948", "\u094b", "\u094c", "\u094d")
_NEPALI_ENDINGS = ("ले", "लाई", "लाइ", "को", "का", "कि", "मा", "बाट", "सग", "हरु", "छ", "छु", "छन", "दै", "ने", "नु", "न", "थ",
                   "ए", "इ", "उ", "यो", "नुपर")


_HINDI_ENDINGS = ("ने", "को", "का", "की", "के", "में", "से", "ों", "ो", "ा", "ी", "े", "ते", "ता", "ती", "या", "ये", "ई")
_BENGALI_SIGNS = ("\u09be", "\u09bf", "\u09c1", "\u09c3", "\u09c7", "\u09c8", "\u09cb", "\u09cc", "\u09cd")
_BENGALI_ENDINGS = ("টা", "টি", "গুলো", "গুলি", "কে", "র", "ের", "য়", "ে", "তে", "দের", "রা", "ছে", "ল", "লো", "ত", "ন", "য")
_TAMIL_SIGNS = ("\u0bbe", "\u0bbf", "\u0bc0", "\u0bc1", "\u0bc2", "\u0bc6", "\u0bc7", "\u0bc8", "\u0bca", "\u0bcb",
                "\u0bcc", "\u0bcd")
_TAMIL_ENDINGS = ("க்", "ப்", "த்", "ச்", "கள", "த", "ப", "வ", "ய", "ம", "ன", "ர", "ல", "ட", "ற")
_SINHALA_SIGNS = tuple(chr(c) for c in range(0x0dca, 0x0de0))
_SINHALA_ENDINGS = ("ය", "යට", "ව", "වල", "ක", "ට", "ත", "න", "ද", "ම", "ල", "ගෙ", "ගේ")


def _suffix_ok(rest: str) -> bool:
    """Light stemming for Arabic and Nepali: what follows a lexicon word must look like an ending (pronoun
    suffixes; vowel signs, postpositions and verb endings), so a word does not match inside another."""
    script = _script(rest)
    if script == "arabic":
        return len(rest) <= 4 and set(rest) <= _ARABIC_SUFFIX_LETTERS
    if script == "devanagari":
        return rest.startswith(_DEVANAGARI_SIGNS) or rest.startswith(_NEPALI_ENDINGS) or rest.startswith(_HINDI_ENDINGS)
    if script == "bengali":
        return rest.startswith(_BENGALI_SIGNS) or rest.startswith(_BENGALI_ENDINGS)
    if script == "tamil":
        return rest.startswith(_TAMIL_SIGNS) or rest.startswith(_TAMIL_ENDINGS)
    if script == "sinhala":
        return rest.startswith(_SINHALA_SIGNS) or rest.startswith(_SINHALA_ENDINGS)
    return script == "ethiopic"  # Amharic suffixes fuse with the last letter: the lexicon writes `stem*` there


@lru_cache(maxsize=200_000)
def _word_matches(language: str, word: str) -> frozenset:
    """The lexicon's vocabulary indices that a word of the text matches (cached: texts repeat their words)."""
    ix = _index(language)
    found = set()
    for form in _forms(word):
        found.update(ix.by_text.get(form, ()))
        first = stem(form, language)
        for key in _stem_keys(first, language):
            if _stem_key_ok(key, True):
                found.update(ix.by_stem.get(key, ()))
        for k in range(2, len(form)):
            for index in ix.by_prefix.get(form[:k], ()):
                if len(form) - k <= _slack(form):
                    found.add(index)
            for index in ix.by_light.get(form[:k], ()):
                if len(form) - k <= _slack(form) and _suffix_ok(form[k:]):
                    found.add(index)
        if ix.fuzzy and len(form) >= 5 and _script(form) == "latin":
            for length in (len(form) - 1, len(form), len(form) + 1):  # one edit: same first letter, ±1 letter
                for text, index in ix.fuzzy.get((form[0], length), ()):
                    if Levenshtein.distance(form, text, score_cutoff=1) <= 1:
                        found.add(index)
    return frozenset(found)


def _find(slots: tuple, toks: list[Token], matched: list, gap: int = MAX_GAP, start: int | None = None) -> list:
    """Every match of a phrase: the token positions of its slots, in order, at most `gap` words apart."""
    found = []
    starts = range(len(toks)) if start is None else (start,)
    for i in starts:
        if not (slots[0].words & matched[i]):
            continue
        positions = [i]
        for slot in slots[1:]:
            want = slot.words
            reach = 0 if slot.adjacent else len(toks) if slot.anywhere or slot.next_sentence else gap
            nxt = next((j for j in range(positions[-1] + 1, min(len(toks), positions[-1] + 2 + reach))
                        if want & matched[j]), None)
            if nxt is None:
                break
            positions.append(nxt)
        else:
            found.append(tuple(positions))
    return found


def _negator(token: Token, lex: Lexicon) -> bool:
    return token.text in lex.negators_before or any(f in lex.negators_before for f in token.forms[1:])


def _out_of_scope(positions: tuple, toks: list[Token], lex: Lexicon) -> bool:
    """A phrase whose own negator negates another word: in "walang hininging bayad" (no fee was *asked*),
    "walang ... bayad" is not "no pay". Between a negator of the phrase and its next word only fillers
    (pronouns, auxiliaries, articles: the lexicon's `negation_fillers` and stopwords) may stand."""
    for a, b in zip(positions, positions[1:], strict=False):
        if b - a > 1 and _negator(toks[a], lex) and any(toks[j].text not in lex.fillers for j in range(a + 1, b)):
            return True
    return False


def _cancelled(positions: tuple, toks: list[Token], lex: Lexicon) -> bool:
    """A negator in the same clause shortly before the phrase, or just after it (behind at most two words of
    `after_fillers`: a light verb, "any"), that is not one of its words;
    or (Nepali) a negative verb ending on a phrase word whose lexicon form is not itself negative. A phrase
    that holds a negator of its own ("not paid", Burmese "မ ပေး ... ဘူး", or a lexicon word with the negator
    fused to it, "ကမ်းကို မတက်ရ ဘူး") is negative evidence: the negative particle after it belongs to it."""
    first, last = positions[0], positions[-1]
    if _out_of_scope(positions, toks, lex):
        return True
    if any(_negator(toks[p], lex) or _fused_negator(toks[p], lex) for p in positions):
        return False
    clause = toks[first].clause
    inside = set(range(first, last + 1)) - set(positions)
    for j in range(max(0, first - NEGATION_WINDOW), first):
        # Its scope: a negator negates the next word ("did not take my passport"), not a phrase after another
        # verb ("he will not return it until I pay", «لن يعيدها حتى أدفع»); only fillers may stand between.
        if toks[j].clause == clause and _negator(toks[j], lex) and all(
                toks[k].text in lex.fillers for k in range(j + 1, first)):
            return True
    if any(toks[j].clause == clause and _negator(toks[j], lex) for j in inside):
        return True
    after = last + 1
    while after < len(toks) and after - last <= 2 and toks[after].text in lex.after_fillers:
        after += 1  # "කිසිවෙකු මට තර්ජනය කළේ නැත": no one threatened me, a light verb between
    if after < len(toks) and toks[after].clause == clause and _negator_after(toks[after], lex):
        return True  # "... राहदानी खोसेन": the negative verb after the phrase
    return False


def _negator_after(token: Token, lex: Lexicon) -> bool:
    """A negator that follows what it negates, or a verb with a negative ending."""
    return token.text in lex.negators_after or bool(lex.negative_endings and token.text.endswith(lex.negative_endings))


def _fused_negator(token: Token, lex: Lexicon) -> bool:
    """A word that starts with a negator prefix followed by a consonant (Burmese မ + တက်ရ), not a word that merely
    begins with the same letter and a vowel sign (မိသားစု, family)."""
    return any(token.text.startswith(prefix) and len(token.text) > len(prefix)
               and unicodedata.category(token.text[len(prefix)]) == "Lo" for prefix in lex.negative_prefixes)


def _negative_form(token: Token, lex: Lexicon, slot: Slot) -> bool:
    if not lex.negative_endings or not token.text.endswith(lex.negative_endings):
        return False
    return not any(lex.vocabulary[i].text.endswith(lex.negative_endings) for i in slot.words)


def _counter_found(positions: tuple, toks: list[Token], lex: Lexicon, wished=frozenset()) -> bool:
    """A `not` phrase says the opposite with a negator just before it, or shortly before it in its clause with only
    fillers between ("di pa ako nakakalabas": I have not yet gone out), inside it or just after it; and it is no
    counter in a clause of `wished` ("gusto ko sana hawak ko yung passport": I wish I held my passport)."""
    first = positions[0]
    if toks[first].clause in wished:
        return False
    inside = set(range(first, positions[-1] + 1)) - set(positions)
    after = {positions[-1] + 1} if positions[-1] + 1 < len(toks) else set()
    if any(_negator(toks[j], lex) for j in inside) or (first > 0 and _negator(toks[first - 1], lex)):
        return False
    if any(toks[j].clause == toks[first].clause and _negator(toks[j], lex)
           and all(toks[k].text in lex.fillers for k in range(j + 1, first))
           for j in range(max(0, first - NEGATION_WINDOW), first - 1)):
        return False
    return not any(toks[j].text in lex.negators_after for j in after | inside)


def _silenced(index: dict, toks: list[Token], matched: list, present: frozenset, lex: Lexicon,
              wished=frozenset()) -> set:
    """The indicators whose `not` phrases (or `lawful` phrases; `index` as `_by_first` makes it) stand in
    this sentence. A counter that holds in the whole narrative (`TEXT_WIDE_COUNTERS`) does not hold in a clause
    that tells a wish (`wished`): "I wish I had my passport" is no proof that the worker has it."""
    found = set()
    for word in present:
        for indicator, phrase in index.get(word, ()):
            if indicator not in found and phrase.may_stand_in(present) and any(
                    _counter_found(pos, toks, lex, wished if indicator in TEXT_WIDE_COUNTERS else frozenset())
                    for pos in _find(phrase.slots, toks, matched, COUNTER_GAP)):
                found.add(indicator)
    return found


@dataclass(frozen=True)
class Mood:
    """What a sentence asks, wishes or tells of one day only (docs/cases.md, "Questions, plans and one-off days")."""

    silenced: frozenset = frozenset()  # indicators silenced in the whole sentence
    permission: tuple = ()  # token positions of the words asking whether something is allowed
    permission_after: bool = False
    wish_clauses: frozenset = frozenset()  # clauses that tell a wish or a plan
    aside_clauses: frozenset = frozenset()  # (indicator, clause) of a harmless complaint

    def drops(self, kind: str, first: int, toks: list[Token]) -> bool:
        """A hit of `kind` whose first word is at `first` is no evidence in this mood."""
        clause = toks[first].clause
        if kind in _INDICATORS and kind not in QUESTION_KEEPS and any(
                toks[p].clause == clause and (self.permission_after or p <= first) for p in self.permission):
            return True
        if kind == I.DEBT_BONDAGE and clause in self.wish_clauses:
            return True
        return (kind, clause) in self.aside_clauses


_NO_MOOD = Mood()


def _mood(toks: list[Token], matched: list, present: frozenset, lex: Lexicon, asked: bool) -> Mood:
    """The mood of one sentence. A permission question: a sentence asked ("?", a question particle, or opening
    with its permission words: "can the agency ...") holding words that ask whether something is allowed
    ("can the employer", "is it legal", «هل يحق», "पाउँछ?", Tamil -லாமா); it covers the words after them in its
    clause (all of its clause where the verb comes last). One day: "yesterday", "once", with no word of a
    pattern ("every", "since", "months"): no excessive overtime. A wish or a plan ("I want to take a loan"):
    no debt bondage in its clause. Lawful handling ("took it for renewal and gave it back"): silenced in the
    sentence; a harmless complaint ("the food is not tasty"): in its clause."""
    if not lex.moods:
        return _NO_MOOD

    def starts(kind: str) -> list[tuple]:
        return _mood_phrases(kind, toks, matched, present, lex)

    permission = [pos[0] for pos in starts("permission")]
    permission += [n for n, t in enumerate(toks) if lex.question_endings and t.text.endswith(lex.question_endings)]
    permission = [p for p in permission if not any(
        toks[j].clause == toks[p].clause and toks[j].text in lex.rhetorical for j in range(p)) and not any(
        toks[j].clause == toks[p].clause and toks[j].text in lex.fact_after for j in range(p + 1, len(toks)))]
    opens = 0 in permission and toks[0].text not in lex.stated_openers  # "Bawal tumawag": forbidden, not asked
    asked = asked or any(t.text in lex.question_particles for t in toks) or opens
    silenced = set()
    if lex.lawful:
        silenced |= _silenced(lex.lawful, toks, matched, present, lex)
    if _one_day(toks, matched, present, lex):
        silenced.add(I.EXCESSIVE_OVERTIME.value)
    aside = set()
    for indicator, phrases in (lex.aside or {}).items():
        for phrase in phrases:
            if phrase.slots and phrase.slots[0].words & present and phrase.may_stand_in(present):
                aside |= {(indicator, toks[pos[0]].clause) for pos in _find(phrase.slots, toks, matched, COUNTER_GAP)
                          if _counter_found(pos, toks, lex)}
    return Mood(frozenset(silenced), tuple(permission) if asked else (), lex.permission_after,
                frozenset(toks[pos[0]].clause for pos in starts("wish")), frozenset(aside))


def _mood_phrases(kind: str, toks: list[Token], matched: list, present: frozenset, lex: Lexicon) -> list[tuple]:
    """The positions of every `kind` mood phrase (permission, single_day, pattern, wish, retraction) in a sentence."""
    return [pos for word in present for _kind, phrase in lex.moods[kind].get(word, ()) if phrase.may_stand_in(present)
            for pos in _find(phrase.slots, toks, matched) if not _cancelled(pos, toks, lex)]


def _one_day(toks: list[Token], matched: list, present: frozenset, lex: Lexicon) -> bool:
    """The sentence tells of one day only ("yesterday", "once") with no word of a pattern ("every", "since")."""
    return bool(_mood_phrases("single_day", toks, matched, present, lex)) and not _mood_phrases(
        "pattern", toks, matched, present, lex)


@dataclass(frozen=True)
class PhraseHit:
    indicator: str  # an Indicator value, or a signal ("trafficking", "child")
    phrase: str  # the words of the narrative that matched
    language: str
    weak: bool = False  # a `weak` phrase: it counts only beside another indicator (`screen`)
    deduction: bool = False  # a deduction from pay, read as withholding: debt bondage if the narrative has a debt
    at: tuple = field(default=(), compare=False)  # where the words stand in the narrative (each time they do)


_NUMBER_PREFIX = re.compile(r"(\d{1,2})(?:[-–]\d{1,2})?(\D*)$")  # "16", "16hrs", a range "18-20": its first


def _number(token: Token, lex: Lexicon) -> tuple[int, str]:
    """A number and what is written on to it: "18", "18ක්" (Sinhala), "16hrs", "5am", "18-20" (the lower), a number word
    ("labing-apat", "twenty-one") or one joined to what follows ("twenty-hour", "fifteen-year-old"); (0, "") for
    no number."""
    match = _NUMBER_PREFIX.match(token.text) if token.text[0].isdigit() else None
    if match:
        return int(match.group(1)), match.group(2)
    if token.text in lex.numbers:
        return lex.numbers[token.text], ""
    head, _, rest = token.text.partition("-")
    return lex.numbers.get(head, 0), rest


def _hours(toks: list[Token], lex: Lexicon, sentence: str) -> str | None:
    """"18 hours", "١٨ ساعة", "16hrs", "twenty-hour shifts", "පැය 18ක්": a working day of 14 hours or more (12
    hours is a common lawful shift; "$15 an hour" is a rate of pay); or a working day from a morning hour to a
    night hour 14 hours later (`_day_span`)."""
    def hour_word(text: str) -> bool:
        return bool(text) and any(text.startswith(w) for w in lex.hour_words)

    if not any(t.text[0].isdigit() or t.text in lex.number_heads or "-" in t.text for t in toks):
        return None  # no word `_number` can read: no hours, no clock times
    for i, token in enumerate(toks):
        number, rest = _number(token, lex)
        if token.start > 1 and sentence[token.start - 1] in ":." and sentence[token.start - 2].isdigit():
            continue  # the minutes of a clock time: "a las 7:20 horas", "pukul 6.30"
        if 14 <= number <= 24:
            if hour_word(rest):
                return sentence[token.start:token.end]
            for nxt in toks[i + 1:i + 3]:
                if hour_word(nxt.text):
                    return sentence[token.start:nxt.end]
                if nxt.text in lex.rate_words:  # "$15 an hour", "15 per hour": a wage rate
                    break
            if i and hour_word(toks[i - 1].text) and not _NUMBER_PREFIX.match(toks[i - 1].text):
                return sentence[toks[i - 1].start:token.end]  # Sinhala writes the hour word first: පැය 18
    return _day_span(toks, lex, sentence)


def _clock(toks: list[Token], i: int, lex: Lexicon) -> tuple[int, str] | None:
    """A clock time at token i: its hour and "am"/"pm" from a word written on it or up to 3 words after it
    ("5am", "6 de la mañana", "jam 12 malam", "11 ng gabi"), or, in a language that says the time of day first,
    up to 2 words before it instead ("सुबह 5 बजे से रात 11 बजे", "උදේ 5 සිට රාත්‍රී 11 දක්වා")."""
    number, rest = _number(toks[i], lex)
    if not 1 <= number <= 12:
        return None
    around = [t.text for t in reversed(toks[max(i - 2, 0):i])] if lex.time_word_first else [
        t.text for t in toks[i + 1:i + 4]]
    for word in [rest, *around]:
        if word in lex.morning_words:
            return number, "am"
        if word in lex.night_words:
            return number, "pm" if word == "pm" else "night"  # 12 at night is midnight, 12 pm noon
    return None


def _numerals(sentence: str, toks: list[Token], lex: Lexicon) -> tuple[str, list[int] | None]:
    """The sentence with its number words written in digits, for the age patterns ("I am sixteen" reads as
    "I am 16", "a fifteen-year-old" as "a 15-year-old", "enam belas tahun" as "16 tahun"), and where each of
    its characters stands in the sentence (None: no number words, the sentence itself)."""
    if not any(t.text in lex.number_heads or "-" in t.text for t in toks):
        return sentence, None
    parts, where, at, i = [], [], 0, 0
    while i < len(toks):
        token = toks[i]
        pair = f"{token.text} {toks[i + 1].text}" if i + 1 < len(toks) else ""
        value, rest = (0, "") if token.text[0].isdigit() else _number(token, lex)
        if pair in lex.numbers:
            value, end, step = lex.numbers[pair], toks[i + 1].end, 2
        elif value:  # "sixteen"; "fifteen-year-old" reads "15-year-old"
            end, step = token.end - (len(rest) + 1 if rest else 0), 1
        else:
            i += 1
            continue
        digits = str(value)
        parts += [sentence[at:token.start], digits]
        where += [*range(at, token.start), *[token.start] * (len(digits) - 1), end - 1]
        at, i = end, i + step
    if not parts:
        return sentence, None
    parts.append(sentence[at:])
    where.extend(range(at, len(sentence)))
    return "".join(parts), where


def _day_span(toks: list[Token], lex: Lexicon, sentence: str) -> str | None:
    """A working day "from 5am until 1am", "de 6 de la mañana a 11 de la noche": 14 hours or more from the
    first clock time of a sentence (a morning one) to a later one."""
    if not lex.morning_words:
        return None
    times = [(i, t) for i in range(len(toks)) if (t := _clock(toks, i, lex))]
    for (i, (start, half)), (j, (end, end_half)) in zip(times, times[1:], strict=False):
        if half != "am" or j - i > 8:
            continue
        begin = start % 12
        finish = 24 if end == 12 and end_half == "night" else end % 12 + (0 if end_half == "am" else 12)
        if finish <= begin:
            finish += 24  # past midnight: "5am until 1am"
        if finish - begin >= 14:
            return sentence[toks[i].start:toks[j].end]
    return None


def scan(text: str, language: str, suppressed: set | None = None, countered: dict | None = None) -> list[PhraseHit]:
    """Indicator phrases (and the trafficking and child signals) in a narrative written in `language`; the
    indicators whose phrases were there but negated, silenced or asked about are added to `suppressed` (the
    classifier must not raise them on those words). `countered` (sentence start -> indicators), shared by the
    lexicons that read one narrative (`scan_all`), carries each sentence's `not` and lawful phrases from one
    lexicon to the next: "May guard sa gate pero nakakalabas siya" is silenced for the English lexicon too."""
    suppressed = set() if suppressed is None else suppressed
    countered = {} if countered is None else countered
    if language not in LANGUAGES or not text.strip():
        return []
    lex = lexicon(language)
    normalised, index = normalise_with_map(text)
    hits: list[PhraseHit] = []
    seen: dict = {}  # (kind, words) -> their place in `hits`

    def add(kind: str, first: int, last: int, weak: bool = False, deduction: bool = False) -> None:
        phrase = text[index[first]:index[last] + 1]
        place = seen.setdefault((kind, phrase), len(hits))
        if place == len(hits):
            hits.append(PhraseHit(str(kind), phrase, language, weak, deduction, (index[first],)))
        elif hits[place].weak and not weak:  # the same words through a phrase that is not weak
            hits[place] = PhraseHit(str(kind), phrase, language, at=(*hits[place].at, index[first]))
        else:
            hits[place] = replace(hits[place], at=(*hits[place].at, index[first]))

    sentences = []
    for segment in _SENTENCE.finditer(normalised):
        sentence, offset = segment.group(), segment.start()
        toks = tokens(sentence, lex.clause_words, lex.segment_words)
        if not toks:
            continue
        matched = [_word_matches(language, t.text) for t in toks]
        present = frozenset().union(*matched)
        asked = normalised[segment.end():segment.end() + 1] in _QUESTION_MARKS or "\u00bf" in sentence
        mood = _mood(toks, matched, present, lex, asked)
        silenced = countered.setdefault(offset, set())  # this sentence's counters, shared with the other lexicons
        silenced |= _silenced(lex.counters, toks, matched, present, lex, mood.wish_clauses)
        sentences.append((sentence, offset, toks, matched, present, silenced, mood, bool(_LAUGHTER.search(sentence))))
        if lex.moods and not asked and _mood_phrases("retraction", toks, matched, present, lex):
            countered[RETRACTION] = max(offset, countered.get(RETRACTION, -1))  # the narrative's other lexicons too
    # "Does my employer keep my passport? No, I have it with me": the worker who says they hold their
    # documents anywhere in the narrative silences retention in every sentence of it.
    text_wide = {i for *_words, silenced, _mood_, _laughing in sentences for i in silenced} & TEXT_WIDE_COUNTERS
    retracted_to = countered.get(RETRACTION, -1)
    for number, (sentence, offset, toks, matched, present, silenced, mood, laughing) in enumerate(sentences):
        silenced = silenced | text_wide | mood.silenced | (RETRACTED if offset <= retracted_to else frozenset())
        ahead = None  # this sentence and the next, made when a `&&` phrase needs it
        suppressed.update(silenced)
        done = set()
        deductions = []  # (first, last) of deduction phrases: withholding, or debt bondage beside a debt
        for i, m in enumerate(matched):
            for vocab_index in m:
                for kind, phrase in lex.by_first.get(vocab_index, ()):
                    if not phrase.may_stand_in(present):
                        continue
                    as_indicator = I.WITHHOLDING_OF_WAGES.value if kind == DEDUCTION else kind
                    if as_indicator in silenced or (kind, phrase.source) in done:
                        continue
                    words, words_matched = toks, matched
                    if phrase.spans:
                        ahead = ahead or _with_next(sentences, number)
                        words, words_matched = ahead
                    for positions in _find(phrase.slots, words, words_matched, start=i):
                        if _cancelled(positions, words, lex) or any(
                                _negative_form(words[p], lex, s) for p, s in zip(positions, phrase.slots, strict=True)):
                            suppressed.add(as_indicator)
                            continue
                        if mood.drops(as_indicator, positions[0], toks):
                            suppressed.add(as_indicator)
                            continue
                        done.add((kind, phrase.source))
                        span = (offset + words[positions[0]].start, offset + words[positions[-1]].end - 1)
                        if kind == DEDUCTION:
                            deductions.append(span)
                        else:
                            add(kind, *span, weak=laughing or (kind, phrase.source) in lex.weak
                                or (kind in COMPARED and _compared(positions, words, lex)))
                        break
        if deductions:
            debt = any(kind == I.DEBT_BONDAGE for kind, _source in done)
            for span in deductions:
                add(I.DEBT_BONDAGE.value if debt else I.WITHHOLDING_OF_WAGES.value, *span, weak=laughing,
                    deduction=not debt)
        hours = _hours(toks, lex, sentence)
        if hours and I.EXCESSIVE_OVERTIME not in silenced:
            start = sentence.index(hours)
            first = next((n for n, t in enumerate(toks) if t.end > start), 0)
            if not mood.drops(I.EXCESSIVE_OVERTIME.value, first, toks):
                add(I.EXCESSIVE_OVERTIME.value, offset + start, offset + start + len(hours) - 1, weak=laughing)
            else:
                suppressed.add(I.EXCESSIVE_OVERTIME.value)
        numeric, where = _numerals(sentence, toks, lex)
        for kind, patterns in (("child", lex.ages), (OTHER_CHILD, lex.other_ages)):
            for pattern in patterns:
                for match in pattern.finditer(numeric):
                    if 5 <= int(match.group(1)) < 18:
                        first, last = match.start(), match.end() - 1
                        if where:
                            first, last = where[first], where[last]
                        add(kind, offset + first, offset + last)
    return hits


def _compared(positions: list[int], words: list[Token], lex: Lexicon) -> bool:
    """The phrase is the second half of a comparison, in its clause: "it felt like a prison", "seperti penjara",
    "जेल जैसा", "እንደ እስር ቤት". Homesickness and a strict house are told so in long accounts; a comparison counts
    only beside another sign (a weak phrase), as "like a prison, they lock the gate" does."""
    first, last = positions[0], positions[-1]
    before = words[max(first - SIMILE_BEFORE, 0):last]  # the phrase's own words too: "like prison|jail"
    if any(w.text in lex.simile_before and w.clause == words[first].clause for w in before):
        return True
    # after a negation the word says "it seems": "அவரிடம் போன் இல்லை போல" (she has no phone, it seems)
    return any(words[n].text in lex.simile_after and words[n].clause == words[last].clause
               and not (_negator(words[n - 1], lex) or _negator_after(words[n - 1], lex))
               for n in range(first + 1, min(last + 1 + SIMILE_AFTER, len(words))))


def scan_all(text: str, languages: list[str], suppressed: set | None = None):
    """`scan` in each of the narrative's languages, in order, with their `not` and lawful phrases shared."""
    countered: dict = {}
    for language in languages:
        yield from scan(text, language, suppressed, countered)


def _with_next(sentences: list, number: int) -> tuple[list[Token], list]:
    """A sentence's words and their matches followed by the next sentence's, placed relative to this one
    and in clauses of their own (negation does not cross the full stop): what `&&` phrases are found in."""
    offset, toks, matched = sentences[number][1:4]
    if number + 1 == len(sentences):
        return toks, matched
    next_offset, next_toks, next_matched = sentences[number + 1][1:4]
    shift, clause = next_offset - offset, toks[-1].clause + 1
    moved = [Token(t.text, t.forms, t.start + shift, t.end + shift, t.clause + clause) for t in next_toks]
    return toks + moved, matched + next_matched


_LATIN_WORD = re.compile(r"[a-zñáéíóú']+")
_LATIN_DETECTED = ("en", "es", "fil", "id")


# Searched without the danda (।, ॥), which Bengali writes too.
_SCRIPT_SEARCH = tuple((re.compile("[\u0900-\u0963\u0966-\u097f]" if name == "devanagari" else f"[{low}-{high}]"), name)
                       for low, high, name in _SCRIPTS)


def _scripts_of(text: str) -> list[str]:
    """The languages the non-Latin scripts of a text decide (Devanagari: Hindi or Nepali)."""
    found = []
    for pattern, script in _SCRIPT_SEARCH:
        if pattern.search(text):
            found.append(SCRIPT_LANGUAGE.get(script) or _devanagari_language(text))
    return found


def _devanagari_language(text: str) -> str:
    """Hindi or Nepali, by their common words (है, नहीं, मैं against छ, छैन, म); Nepali when undecided."""
    words = [t.text for t in tokens(normalise(text))]
    hindi = sum(w in lexicon("hi").stopwords for w in words)
    nepali = sum(w in lexicon("ne").stopwords for w in words)
    return "hi" if hindi > nepali else "ne"


def detect_language(text: str) -> str:
    """The language a narrative is most likely written in: by script (Arabic, Bengali, Devanagari for Hindi or
    Nepali, Sinhala, Tamil, Myanmar, Ethiopic), then (Latin) by common words."""
    by_script = _scripts_of(text)
    if by_script:
        return by_script[0]
    words = _LATIN_WORD.findall(text.casefold())
    scores = {lang: sum(w in lexicon(lang).stopwords for w in words) for lang in _LATIN_DETECTED}
    best = max(scores, key=scores.get)
    return best if scores[best] else "en"


def detect_languages(text: str, declared: str = "") -> list[str]:
    """The lexicons to read a narrative with: the declared language first; the languages of its scripts;
    English whenever Latin letters appear (workers mix English words into every language); Filipino, Spanish
    and Indonesian when the text uses at least two of their common words (or they were declared)."""
    languages = [declared] if declared in LANGUAGES else []
    languages += _scripts_of(text)
    if re.search("[A-Za-z]", text):
        languages.append("en")
        words = _LATIN_WORD.findall(text.casefold())
        for lang in ("fil", "es", "id"):
            if sum(w in lexicon(lang).stopwords for w in words) >= 2:
                languages.append(lang)
    return list(dict.fromkeys(languages))


# --- the screen -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    indicator: str
    source: str  # EvidenceSource
    evidence: str  # grievance type value, "question=answer", or the phrase
    language: str = ""


@dataclass(frozen=True)
class Screen:
    findings: tuple
    trafficking_phrases: tuple
    urgent: bool
    urgent_reasons: tuple
    child_evidence: tuple = ()

    @property
    def indicators(self) -> list[str]:
        return sorted({f.indicator for f in self.findings})

    def as_dict(self) -> dict:
        """The answer of `corridor cases triage`: indicators, urgency and the words that raised each."""
        evidence = [{"indicator": str(f.indicator), "words": f.evidence, "source": str(f.source)} for f in self.findings]
        evidence += [{"indicator": "trafficking", "words": p, "source": str(EvidenceSource.NARRATIVE)}
                     for p in self.trafficking_phrases]
        evidence += [{"indicator": "child", "words": p, "source": "answer" if "=" in p else str(EvidenceSource.NARRATIVE)}
                     for p in self.child_evidence]
        return {"indicators": [str(i) for i in self.indicators], "urgent": self.urgent,
                "urgent_reasons": list(self.urgent_reasons), "evidence": evidence}


def urgency(indicators: set, *, grievances=(), trafficking=False, child=False) -> tuple:
    """The reasons a case is urgent, from the indicators found and the signals (docs/cases.md, "Urgency")."""
    reasons = []
    if trafficking:
        reasons.append("trafficking")
    if child:
        reasons.append("child")
    for reason, indicator in URGENT_ALONE.items():
        if indicator in indicators or URGENT_GRIEVANCES[reason] in grievances:
            reasons.append(reason)
    for reason, indicator, others in URGENT_TOGETHER:
        if indicator in indicators and indicators & others:
            reasons.append(reason)
    if len(indicators) >= URGENT_INDICATOR_COUNT and "trafficking" not in reasons:
        reasons.append("many_indicators")
    return tuple(reasons)


def screen(*, grievances, answers: dict, narrative: str, language: str = "") -> Screen:
    """Grievances, answers and narrative against the eleven indicators; the one function every path calls
    (complaint pages, API, referral, `corridor cases triage`)."""
    findings: list[Finding] = []
    child, other_child = [], []
    for kind in grievances:
        for indicator in GRIEVANCE_INDICATORS.get(kind, ()):
            findings.append(Finding(indicator, EvidenceSource.GRIEVANCE, str(kind)))
    for key, value in answers.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question and value in question.flags:
            findings.append(Finding(question.indicator, EvidenceSource.ANSWER, f"{key}={value}"))
            if question.signal == "child":
                child.append(f"{key}={value}")
    trafficking = []
    joked = []  # slavery or trafficking named in a laughing sentence ("the boss is a slave driver lol"): weak
    read = set()  # indicators the lexicons found in the narrative
    suppressed: set = set()  # and those they found negated, silenced or asked about
    languages = detect_languages(narrative or "", language)
    weak = []
    deducted = set()  # the phrases of deductions from pay read as withholding
    where: dict = {}  # indicator -> where its words stand in the narrative
    for hit in scan_all(narrative or "", languages, suppressed):
        if hit.deduction:
            deducted.add(hit.phrase)
        if hit.indicator == "trafficking":
            (joked if hit.weak else trafficking).append(hit.phrase)
        elif hit.indicator == "child":
            child.append(hit.phrase)
        elif hit.indicator == OTHER_CHILD:
            other_child.append(hit.phrase)
        elif hit.weak:
            weak.append(hit)
        else:
            read.add(hit.indicator)
            where.setdefault(hit.indicator, []).extend(hit.at)
            findings.append(Finding(hit.indicator, EvidenceSource.NARRATIVE, hit.phrase, hit.language))
    # a guard at the mall's gate is no confinement, a jail laughed at no threat, a boss called a slave driver with a
    # laugh no slavery: a weak phrase counts beside another indicator only, or beside weak words of another sign
    # ("lol they took our passports and we cannot go out", "lol we are slaves here, no pay 3 months")
    if findings or trafficking or child or _apart(weak) or (joked and weak):
        read |= {hit.indicator for hit in weak}
        for hit in weak:
            where.setdefault(hit.indicator, []).extend(hit.at)
        findings += [Finding(hit.indicator, EvidenceSource.NARRATIVE, hit.phrase, hit.language) for hit in weak]
        trafficking += joked
    else:
        suppressed |= {hit.indicator for hit in weak}
    added, dropped = classifier_reading(narrative or "", language or (languages[0] if languages else ""), read,
                                        suppressed, where)
    if dropped:
        findings = [f for f in findings if f.source != EvidenceSource.NARRATIVE or f.indicator not in dropped]
    findings += added
    if deducted and I.DEBT_BONDAGE in read - dropped:
        # "I owe the agency 4,000. The company deducts 400 from my salary": the deduction repays the debt the
        # lexicons read in another sentence, how the debt binds the worker, not unpaid wages
        findings = [Finding(I.DEBT_BONDAGE.value, f.source, f.evidence, f.language)
                    if f.indicator == I.WITHHOLDING_OF_WAGES and f.source == EvidenceSource.NARRATIVE
                    and f.evidence in deducted else f for f in findings]
    findings = list(dict.fromkeys(findings))
    indicators = {f.indicator for f in findings}
    if indicators:
        child += other_child
    reasons = urgency(indicators, grievances=set(grievances), trafficking=bool(trafficking), child=bool(child))
    return Screen(tuple(findings), tuple(dict.fromkeys(trafficking)), bool(reasons), reasons,
                  tuple(dict.fromkeys(child)))


def _apart(weak: list) -> bool:
    """Two weak phrases with words of their own: neither is the other or holds it ("nakakulong" read as two signs
    is one phrase)."""
    own = {hit.phrase for hit in weak if not any(other.phrase in hit.phrase for other in weak if other is not hit)}
    return len(own) > 1


@cache
def _slots_of(language: str) -> dict:
    """Vocabulary index -> [(kind, phrase number, slot number, slots in the phrase)] for every indicator phrase."""
    lex = lexicon(language)
    out: dict = {}
    number = 0
    for kind, entries in lex.phrases.items():
        for phrase in entries:
            number += 1
            for n, slot in enumerate(phrase.slots):
                for index in slot.words:
                    out.setdefault(index, []).append((kind, number, n, len(phrase.slots)))
    return out


def partial_phrases(narrative: str, language: str) -> dict:
    """For every kind (indicator or signal), the largest share of one of its phrases' words that stand in one
    sentence of the narrative, in any order and distance, negated or not: the lexicon's half-evidence, the
    same measure in every language (a classifier feature, triage_model.py)."""
    if language not in LANGUAGES or not narrative.strip():
        return {}
    lex, slots_of = lexicon(language), _slots_of(language)
    best: dict = {}
    for segment in _SENTENCE.finditer(normalise(narrative)):
        covered: dict = {}
        for token in tokens(segment.group(), lex.clause_words, lex.segment_words):
            for index in lex.matches(token.text):
                for kind, number, n, size in slots_of.get(index, ()):
                    covered.setdefault((kind, number, size), set()).add(n)
        for (kind, _number, size), got in covered.items():
            share = len(got) / size
            if size > 1 and share > best.get(kind, 0.0):
                best[kind] = share
    return best


def rule_indicators(narrative: str, language: str) -> set:
    """The indicators the lexicons alone find in a narrative (the classifier's lexicon features)."""
    return {hit.indicator for hit in scan_all(narrative, detect_languages(narrative, language))
            if hit.indicator not in SIGNALS}


def rule_reading(narrative: str, language: str) -> tuple[set, set]:
    """The indicators the lexicons find in a narrative, and those they find negated, silenced or asked about."""
    suppressed: set = set()
    found = {hit.indicator for hit in scan_all(narrative, detect_languages(narrative, language), suppressed)
             if hit.indicator not in SIGNALS}
    return found, suppressed - found


# The classifier does not know negation: its words are checked as the rules check theirs. Amharic negates
# inside the verb (አል-...-ም), as the negative endings of Nepali, Bengali and Tamil do.
_NEGATIVE_VERB = {"am": re.compile("^(አል|አይ|ያል).+ም$")}
GATE_KEEPS = 0.5  # the harmless gate keeps a lexicon finding the classifier gives at least this probability
GATE_MIN_WORDS = 8  # nor does it drop one in a narrative of this many words or fewer, which the lexicons read whole
LONG_WORDS = 80  # a narrative longer than this is read passage by passage as well (`classifier_reading`)
PASSAGE_WORDS = 40  # a passage: whole sentences, at least this many words (the last joins the one before if shorter)


def _negated_word(words: tuple, n: int, lex: Lexicon) -> bool:
    before = words[max(n - NEGATION_WINDOW, 0):n]
    after = words[n + 1:n + 1 + NEGATION_WINDOW]
    verb = _NEGATIVE_VERB.get(lex.language)
    return (any(w in lex.negators_before for w in before) or any(w in lex.negators_after for w in after)
            or any(w.endswith(lex.negative_endings) for w in (words[n], *after) if lex.negative_endings)
            or bool(verb and any(verb.match(w) for w in (words[n], *after))))


def passages(normalised: str) -> list[tuple[int, int]]:
    """A long narrative cut into passages of whole sentences of at least PASSAGE_WORDS words each (spans of
    `normalised`): what the classifier reads one at a time in a long account."""
    cuts: list[list[int]] = []
    words = 0
    for segment in _SENTENCE.finditer(normalised):
        count = len(triage_model.WORD.findall(segment.group()))
        if not count:
            continue
        if cuts and words < PASSAGE_WORDS:
            cuts[-1][1] = segment.end()
            words += count
        else:
            cuts.append([segment.start(), segment.end()])
            words = count
    if len(cuts) > 1 and words < PASSAGE_WORDS:
        last = cuts.pop()
        cuts[-1][1] = last[1]
    return [(a, b) for a, b in cuts]


class _Passage(NamedTuple):
    start: int  # where it begins in the narrative
    normalised: str
    reading: triage_model.Reading


def passage_texts(narrative: str, normalised: str, index: list[int]) -> list[tuple[int, str]]:
    """Each passage of a narrative (`passages` of its normalised text) as the worker wrote it, with where it
    begins: what the screen reads, and what scripts/triage_train.py trains the harmless reading on."""
    return [(index[a], narrative[index[a]:index[b - 1] + 1]) for a, b in passages(normalised)]


def _passage_readings(narrative: str, normalised: str, index: list[int], known) -> list[_Passage]:
    """What the classifier reads in each passage of a long narrative."""
    out = []
    for start, text in passage_texts(narrative, normalised, index):
        text_normalised, text_index = normalise_with_map(text)
        out.append(_Passage(start, text_normalised, triage_model.read(text, text_normalised, text_index, known=known)))
    return out


def _passage_gate(readings: list[_Passage], where: dict) -> set:
    """The lexicon findings of a long narrative whose every passage reads as an ordinary story: a long account
    holds the words of many signs said of the past, of someone else or of a hard moment that was no forced labour
    (a loan from a brother, a phone taken for repair), and the classifier, which reads the whole account as a
    case, reads such a passage as harmless. An indicator is dropped when every passage its words stand in reads
    harmless and gives it less than GATE_KEEPS (a sign urgent on its own only when the passage is clearly
    harmless)."""
    if len(readings) < 2:
        return set()
    starts = [p.start for p in readings]
    dropped = set()
    for indicator, offsets in where.items():
        if offsets and all((r := readings[max(bisect_right(starts, at) - 1, 0)].reading).harmless
                           and r.probability.get(indicator, 1.0) < GATE_KEEPS
                           and (indicator not in URGENT_INDICATORS or r.clearly_harmless) for at in offsets):
            dropped.add(indicator)
    return dropped


def classifier_reading(narrative: str, language: str, read: set, suppressed=frozenset(), where=None):
    """The indicators the trained classifier (triage_model.py) adds to what the lexicons read, each with the
    words of the narrative that weighed most for it, and the lexicon findings the harmless gate drops: when
    the classifier reads the narrative as an ordinary message or dispute, it adds nothing and the lexicons'
    indicators it gives less than GATE_KEEPS are dropped (stated trafficking and a child's age never are; a sign
    urgent on its own, confinement or violence, only when the classifier is clearly sure the message is harmless:
    a short "I was locked in the room" may sit just over the harmless threshold; and none in a narrative of
    GATE_MIN_WORDS words or fewer, "no day off at all", where the lexicons read every word and the classifier
    has too few to weigh).
    The classifier does not raise an indicator the lexicons read negated, silenced or asked about
    (`suppressed`), nor one whose words stand beside a negator or in a question. A narrative of more than
    LONG_WORDS words is read passage by passage as well: what a passage that does not read harmless raises is
    added (the whole dilutes a sign told in one passage of many), and the gate drops what stands only in passages
    that read harmless (`where`: indicator -> where its words stand; `_passage_gate`)."""
    if not narrative.strip():
        return [], set()
    normalised, index = normalise_with_map(narrative)
    reading = triage_model.read(narrative, normalised, index, lambda: triage_model.lexicon_features(
        language, read, partial_phrases(narrative, language)), known=read | set(suppressed))
    if reading.harmless:
        if len(reading.words) <= GATE_MIN_WORDS:
            return [], set()
        return [], {i for i in read if reading.probability.get(i, 1.0) < GATE_KEEPS
                    and (i not in URGENT_INDICATORS or reading.clearly_harmless)}
    lex = lexicon(language) if language in LANGUAGES else None
    added = _raised(reading, normalised, lex, language)
    if len(reading.words) <= LONG_WORDS:
        return added, set()
    # a long narrative: its passages are read too, for the gate and for what the whole dilutes
    known = read | set(suppressed) | {f.indicator for f in added}
    readings = _passage_readings(narrative, normalised, index, frozenset(known))
    for passage in readings:
        if not passage.reading.harmless:
            more = [f for f in _raised(passage.reading, passage.normalised, lex, language) if f.indicator not in known]
            known |= {f.indicator for f in more}
            added += more
    return added, _passage_gate(readings, where or {})


def _raised(reading, normalised: str, lex, language: str) -> list:
    """The classifier's indicators whose words stand neither beside a negator nor in a question."""
    if not reading.raised:
        return []
    asked = _asked_words(normalised, lex)
    return [Finding(indicator, EvidenceSource.NARRATIVE, words, language)
            for indicator, words, positions in reading.raised
            if not any(n in asked or (lex and _negated_word(reading.words, n, lex)) for n in positions)]


def _asked_words(normalised: str, lex: Lexicon | None) -> set:
    """The positions of the words that stand in a sentence ending in a question mark, in one that tells of one
    day only, or in one that tells a wish or a plan ("I would like a remote job"): what a worker asks about or
    hopes for is not what happened, and one late night is not a pattern (the rules read the mood of a sentence;
    the classifier does not)."""
    asked, n = set(), 0
    for segment in _SENTENCE.finditer(normalised):
        sentence = segment.group()
        count = len(triage_model.WORD.findall(sentence))
        question = normalised[segment.end():segment.end() + 1] in _QUESTION_MARKS or "\u00bf" in sentence
        if question or (lex and lex.moods and _one_day_or_wish(sentence, lex)):
            asked.update(range(n, n + count))
        n += count
    return asked


def _one_day_or_wish(sentence: str, lex: Lexicon) -> bool:
    toks = tokens(sentence, lex.clause_words, lex.segment_words)
    matched = [lex.matches(t.text) for t in toks]
    present = frozenset().union(*matched)
    wish = bool(_mood_phrases("wish", toks, matched, present, lex))
    return bool(toks) and (wish or _one_day(toks, matched, present, lex))


def preload() -> None:
    """Read every lexicon, its word index and the classifier now, and keep them out of the cyclic garbage
    collector's walks (`gc.freeze`): they live as long as the process, and a full collection that walks their
    hundred thousand objects cost a third of a pass over narratives with new words (benchmarks/README.md,
    "cases_triage"). For a process that screens many narratives: `corridor cases triage --batch`."""
    for language in LANGUAGES:
        _index(language)  # reads the lexicon too
    triage_model.model()
    gc.collect()
    gc.freeze()


def triage_text(text: str, language: str = "") -> dict:
    """One narrative alone (no grievances, no answers), as `corridor cases triage` answers it."""
    return screen(grievances=[], answers={}, narrative=text, language=language or detect_language(text)).as_dict()


def triage_jsonl(lines) -> list[dict]:
    """Every line of a JSON Lines batch, checked before any is screened: ValueError names the first bad line."""
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            raise ValueError(f"line {number}: empty line (one JSON object a line)")
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise ValueError(f"line {number}: a JSON object is needed, with \"text\"")
        text, language = item.get("text"), item.get("language") or ""
        if not isinstance(text, str):
            raise ValueError(f"line {number}: \"text\" is missing or not a string")
        if not isinstance(language, str) or (language and language not in LANGUAGES):
            raise ValueError(f"line {number}: \"language\" must be one of {', '.join(LANGUAGES)}")
        items.append((text, language))
    return [triage_text(text, language) for text, language in items]
