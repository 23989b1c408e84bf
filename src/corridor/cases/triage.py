"""Screening a complaint against the ILO's eleven indicators of forced labour.

Three kinds of evidence: the grievance types chosen, the answers to yes/no questions, and phrases in the
narrative, matched against a lexicon kept as data per language (data/lexicon/<lang>.toml). Matching is
"stemming-light": words are normalised (case, accents, Arabic letter forms and clitics, Devanagari vowel
length), a lexicon word of a few letters also matches longer words that start with it, and the words of a
phrase may stand a few words apart. A `not` phrase (the worker *keeps* their passport) silences the indicator
in its sentence. Every finding says which grievance, which answer or which phrase raised it.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from corridor.cases.choices import Answer, EvidenceSource, GrievanceType, Indicator, PassportHolder

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "lexicon"
LANGUAGES = ("en", "ar", "fil", "ne", "es")
MAX_GAP = 3
COUNTER_GAP = 2  # a `not` phrase must be tighter than an indicator phrase
I = Indicator  # noqa: E741 - short names keep the tables below readable
G = GrievanceType

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


YES_NO = tuple(Answer.choices)
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
    Question("can_contact_family", _("Can you call or message your family when you want?"), YES_NO,
             frozenset({Answer.NO}), I.ISOLATION),
    Question("job_as_promised", _("Is your job and pay what you were promised?"), YES_NO, frozenset({Answer.NO}),
             I.DECEPTION),
    Question("rest_day", _("Do you get at least one full day of rest each week?"), YES_NO, frozenset({Answer.NO}),
             I.EXCESSIVE_OVERTIME),
    Question("safe_housing", _("Do you have safe housing, enough food and water?"), YES_NO, frozenset({Answer.NO}),
             I.ABUSIVE_CONDITIONS),
    Question("knows_help", _("Do you know where to get help in the country where you are?"), YES_NO,
             frozenset({Answer.NO}), I.ABUSE_OF_VULNERABILITY),
)
QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}

# Signs that make a case urgent (trafficking, confinement, violence), whatever else it holds.
URGENT_INDICATORS = frozenset({I.RESTRICTION_OF_MOVEMENT, I.PHYSICAL_SEXUAL_VIOLENCE})
URGENT_GRIEVANCES = frozenset({G.CONFINEMENT, G.VIOLENCE})
# So many indicators at once are themselves a sign of trafficking for forced labour.
URGENT_INDICATOR_COUNT = 4


# --- normalisation and tokens ---------------------------------------------------------------------

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_DEVANAGARI = str.maketrans({"ी": "ि", "ू": "ु", "ई": "इ", "ऊ": "उ", "ँ": None, "ं": None, "़": None, "ऽ": None})
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)},
                         **{chr(0x0966 + i): str(i) for i in range(10)}})
_TOKEN = re.compile(r"[\w\u0900-\u097f\u0600-\u06ff'’-]+")
_ARABIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def normalise(text: str) -> str:
    return _normalise_chars(text)


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original character."""
    out, index = [], []
    for i, ch in enumerate(text):
        n = _normalise_chars(ch)
        out.append(n)
        index.extend([i] * len(n))
    return "".join(out), index


def _normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not ("\u0300" <= ch <= "\u036f"))  # Latin accents only
    text = unicodedata.normalize("NFC", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FORMS).translate(_DEVANAGARI).translate(_DIGITS)
    return text


def _script(word: str) -> str:
    ch = word[0]
    if "\u0600" <= ch <= "\u06ff":
        return "arabic"
    if "\u0900" <= ch <= "\u097f":
        return "devanagari"
    return "latin"


@dataclass(frozen=True)
class Token:
    text: str  # normalised
    forms: tuple  # the word and its clitic-stripped forms
    start: int
    end: int


def _forms(word: str) -> tuple:
    if _script(word) != "arabic":
        return (word,)
    forms = [word]
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append(word[len(prefix):])
    return tuple(forms)


def tokens(text: str) -> list[Token]:
    """Tokens of one sentence, normalised, with their place in the normalised text."""
    result = []
    for match in _TOKEN.finditer(text):
        word = match.group().strip("'-")
        if word:
            result.append(Token(word, _forms(word), match.start(), match.end()))
    return result


# --- the lexicon ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One position of a phrase: any of a few words, each exact or a stem."""

    words: tuple  # (word, exact)

    def matches(self, token: Token) -> bool:
        for word, exact in self.words:
            for form in token.forms:
                if form == word:
                    return True
                if not exact and _is_stem(word) and form.startswith(word) and len(form) - len(word) <= _slack(word):
                    return True
        return False


def _is_stem(word: str) -> bool:
    return len(word) >= (4 if _script(word) == "latin" else 3)


def _slack(word: str) -> int:
    return {"latin": 6, "arabic": 5, "devanagari": 8}[_script(word)]


def _parse_phrase(text: str) -> tuple:
    slots = []
    for raw_slot in normalise(text).split():
        words = []
        for alternative in raw_slot.split("|"):
            exact = alternative.endswith("=")
            alternative = alternative.rstrip("=")
            # A slot word can itself contain a hyphen: split it the way the text is split.
            parts = [t.text for t in tokens(alternative)]
            if len(parts) == 1:
                words.append((parts[0], exact))
            elif parts:
                slots.extend(Slot(((p, exact),)) for p in parts[:-1])
                words.append((parts[-1], exact))
        if words:
            slots.append(Slot(tuple(words)))
    return tuple(slots)


@dataclass(frozen=True)
class Lexicon:
    language: str
    phrases: dict  # indicator -> tuple of (source text, slots)
    counters: dict  # indicator -> tuple of (source text, slots)
    trafficking: tuple
    negators_before: frozenset
    negators_after: frozenset
    hour_words: frozenset


@cache
def lexicon(language: str) -> Lexicon:
    with (LEXICON_DIR / f"{language}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    phrases, counters = {}, {}
    for indicator, entry in data.get("indicators", {}).items():
        if indicator not in I.values:
            raise ValueError(f"{language}.toml: unknown indicator {indicator!r}")
        phrases[indicator] = tuple((p, _parse_phrase(p)) for p in entry.get("phrases", []))
        counters[indicator] = tuple((p, _parse_phrase(p)) for p in entry.get("not", []))
    return Lexicon(
        language=language, phrases=phrases, counters=counters,
        trafficking=tuple((p, _parse_phrase(p)) for p in data.get("trafficking", {}).get("phrases", [])),
        negators_before=frozenset(normalise(w) for w in data.get("negators_before", [])),
        negators_after=frozenset(normalise(w) for w in data.get("negators_after", [])),
        hour_words=frozenset(normalise(w) for w in data.get("hour_words", [])),
    )


def _find(slots: tuple, toks: list[Token], gap: int = MAX_GAP) -> list[tuple[int, ...]]:
    """Every match of a phrase: the token positions of its slots, in order, at most MAX_GAP words apart."""
    found = []
    for i, token in enumerate(toks):
        if not slots[0].matches(token):
            continue
        positions = [i]
        for slot in slots[1:]:
            nxt = next((j for j in range(positions[-1] + 1, min(len(toks), positions[-1] + 2 + gap))
                        if slot.matches(toks[j])), None)
            if nxt is None:
                break
            positions.append(nxt)
        else:
            found.append(tuple(positions))
    return found


def _negated(positions: tuple, toks: list[Token], lex: Lexicon) -> bool:
    """A `not` phrase with a negator just before it, inside it (not its own word) or just after it."""
    inside = set(range(positions[0], positions[-1] + 1)) - set(positions)
    before = {positions[0] - 1} if positions[0] > 0 else set()
    after = {positions[-1] + 1} if positions[-1] + 1 < len(toks) else set()
    for index in inside | before:
        if toks[index].text in lex.negators_before:
            return True
    return any(toks[index].text in lex.negators_after for index in after | inside)


@dataclass(frozen=True)
class PhraseHit:
    indicator: str  # an Indicator value, or "trafficking"
    phrase: str  # the words of the narrative that matched
    language: str


def _hours(toks: list[Token], lex: Lexicon, sentence: str) -> str | None:
    """"18 hours", "١٨ ساعة": a working day of 12 hours or more."""
    for i, token in enumerate(toks[:-1]):
        if token.text.isdigit() and 12 <= int(token.text) <= 24:
            for nxt in toks[i + 1:i + 3]:
                if any(nxt.text.startswith(w) for w in lex.hour_words):
                    return sentence[token.start:nxt.end]
    return None


def scan(text: str, language: str) -> list[PhraseHit]:
    """Indicator phrases found in a narrative written in `language` (one of LANGUAGES)."""
    if language not in LANGUAGES or not text.strip():
        return []
    lex = lexicon(language)
    normalised, index = normalise_with_map(text)
    hits: list[PhraseHit] = []
    seen = set()
    for segment in re.finditer(r"[^.!?;\n\u0964\u0965\u061f\u061b]+", normalised):
        sentence, offset = segment.group(), segment.start()
        toks = tokens(sentence)
        if not toks:
            continue
        silenced = {
            indicator for indicator, counters in lex.counters.items()
            if any(not _negated(pos, toks, lex) for _src, slots in counters for pos in _find(slots, toks, COUNTER_GAP))
        }
        candidates = [(ind, slots) for ind, entries in lex.phrases.items() for _src, slots in entries]
        candidates += [("trafficking", slots) for _src, slots in lex.trafficking]
        for indicator, slots in candidates:
            if indicator in silenced:
                continue
            for positions in _find(slots, toks):
                first, last = offset + toks[positions[0]].start, offset + toks[positions[-1]].end - 1
                phrase = text[index[first]:index[last] + 1]
                if (indicator, phrase) not in seen:
                    seen.add((indicator, phrase))
                    hits.append(PhraseHit(str(indicator), phrase, language))
                break
        hours = _hours(toks, lex, sentence)
        if hours and I.EXCESSIVE_OVERTIME not in silenced and (I.EXCESSIVE_OVERTIME, hours) not in seen:
            seen.add((I.EXCESSIVE_OVERTIME, hours))
            hits.append(PhraseHit(I.EXCESSIVE_OVERTIME.value, hours, language))
    return hits


def detect_languages(text: str, declared: str = "") -> list[str]:
    """The lexicons to read a narrative with, by script: a worker may write Filipino on an English page,
    or mix English words into Arabic, so every lexicon of each script present is used, the declared one first."""
    languages = [declared] if declared in LANGUAGES else []
    if re.search("[\u0600-\u06ff]", text):
        languages.append("ar")
    if re.search("[\u0900-\u097f]", text):
        languages.append("ne")
    if re.search("[A-Za-z]", text):
        languages += ["en", "fil", "es"]
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

    @property
    def indicators(self) -> list[str]:
        return sorted({f.indicator for f in self.findings})


def screen(*, grievances, answers: dict, narrative: str, language: str = "") -> Screen:
    findings: list[Finding] = []
    for kind in grievances:
        for indicator in GRIEVANCE_INDICATORS.get(kind, ()):
            findings.append(Finding(indicator, EvidenceSource.GRIEVANCE, str(kind)))
    for key, value in answers.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question and value in question.flags:
            findings.append(Finding(question.indicator, EvidenceSource.ANSWER, f"{key}={value}"))
    trafficking = []
    for lang in detect_languages(narrative, language):
        for hit in scan(narrative, lang):
            if hit.indicator == "trafficking":
                trafficking.append(hit.phrase)
            else:
                findings.append(Finding(hit.indicator, EvidenceSource.NARRATIVE, hit.phrase, lang))
    findings = list(dict.fromkeys(findings))
    indicators = {f.indicator for f in findings}
    reasons = []
    if trafficking:
        reasons.append("trafficking")
    if indicators & URGENT_INDICATORS or set(grievances) & URGENT_GRIEVANCES:
        if I.RESTRICTION_OF_MOVEMENT in indicators or G.CONFINEMENT in grievances:
            reasons.append("confinement")
        if I.PHYSICAL_SEXUAL_VIOLENCE in indicators or G.VIOLENCE in grievances:
            reasons.append("violence")
    if len(indicators) >= URGENT_INDICATOR_COUNT and "trafficking" not in reasons:
        reasons.append("many_indicators")
    return Screen(tuple(findings), tuple(dict.fromkeys(trafficking)), bool(reasons), tuple(reasons))
