"""Name keys and name similarity, shared by verify-a-recruiter and watchlist screening.

A name is reduced to Latin tokens (NFKC, case-folded, transliterated with unidecode, punctuation and
legal-form suffixes removed, the Arabic article joined to its word) and to consonant skeletons of
those tokens, so that "Mohammed"/"Muhammad"/"محمد" and "Al Noor"/"Alnoor"/"النور" meet.
Searches narrow candidates by block keys stored in the database and rank them with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from unidecode import unidecode

# Legal-form words only: business words (manpower, trading, services) stay, they tell agencies apart.
LEGAL_FORMS = frozenset(
    """
    inc incorporated corp corporation co company cos ltd limited llc llp lp plc pvt pte private pty
    wll w l l est establishment ent enterprise enterprises sa sarl gmbh ag bv nv srl spa jsc pjsc psc
    opc sdn bhd tbk pt cv kk
    """.split()
)
# Arabic legal-form words, removed before transliteration (company, establishment, LLC and its forms).
ARABIC_LEGAL_FORMS = ("ذات مسؤولية محدودة", "ذ.م.م", "ذ م م", "ش.م.م", "ش.م.ع", "ش.م.ب", "شركة", "مؤسسة", "المحدودة", "محدودة")
# Devanagari forms of "private limited" and "company".
DEVANAGARI_LEGAL_FORMS = ("प्राइभेट लिमिटेड", "प्रा.लि.", "प्रा. लि.", "प्रा लि", "लिमिटेड", "कम्पनी", "कंपनी")
ARTICLES = frozenset({"al", "el"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_IDENTIFIER = re.compile(r"[^A-Z0-9]")
_VOWELS_SEMIVOWELS = re.compile(r"[aeiouwyv]")
_DOUBLE = re.compile(r"(.)\1+")
_SUBSTITUTIONS = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "s"), ("j", "g"), ("p", "b"))


@dataclass(frozen=True)
class NameKey:
    tokens: tuple[str, ...]  # Latin tokens in the name's order, legal forms removed
    skeletons: tuple[str, ...]  # consonant skeleton of each token
    latin_script: bool = True  # written in Latin letters (else transliterated: vowels are guesses)

    @property
    def key(self) -> str:
        """Sorted Latin tokens: word order and spacing do not matter."""
        return " ".join(sorted(self.tokens))

    @property
    def skeleton(self) -> str:
        return " ".join(sorted(s for s in self.skeletons if s))

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    def __bool__(self) -> bool:
        return bool(self.tokens)


def _first_letter(match: re.Match) -> str:
    return match.group(1)  # a function, not the template r"\1", which Python 3.11 parses again at every call


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """Consonants of a Latin token, with letters that transliterations disagree on merged."""
    token = token.lower()
    for old, new in _SUBSTITUTIONS:
        token = token.replace(old, new)
    if token and token.isdigit():
        return token
    return _DOUBLE.sub(_first_letter, _VOWELS_SEMIVOWELS.sub("", token))


def joined_skeleton(tokens) -> str:
    """`skeleton` of the tokens written together, from each token's (cached) skeleton.

    A token's letters change only within the token, except where "p" ends a token and "h" starts the next ("ph" is
    "f") or where a token is all digits (kept as it is): those are done on the joined text. Runs of a consonant are
    merged across the join, as `skeleton` merges them.
    """
    if any(t.isdigit() for t in tokens) or any(a[-1] == "p" and b[0] == "h" for a, b in zip(tokens, tokens[1:], strict=False)):
        return skeleton("".join(tokens))
    joined = ""
    for token in tokens:
        part = skeleton(token)
        if part and joined and joined[-1] == part[0]:
            part = part[1:]
        joined += part
    return joined


def _strip_script_legal_forms(text: str) -> str:
    for form in ARABIC_LEGAL_FORMS + DEVANAGARI_LEGAL_FORMS:
        text = text.replace(form, " ")
    return text


@lru_cache(maxsize=65536)
def name_key(name: str) -> NameKey:
    text = unicodedata.normalize("NFKC", name or "").casefold()
    ascii_text = text.isascii()  # most names: no script's legal forms to strip, nothing to transliterate
    if not ascii_text:
        text = _strip_script_legal_forms(text)
    # The Arabic article written as "ال" at the start of a word transliterates to "l"; so do Latin "al-".
    latin = (text if ascii_text else unidecode(text).lower()).replace("&", " and ")
    raw = [t for t in _NOT_ALNUM.split(latin) if t]
    tokens: list[str] = []
    skip_next = False
    for i, token in enumerate(raw):
        if skip_next:
            skip_next = False
            continue
        if token in ARTICLES and i + 1 < len(raw):
            tokens.append(token + raw[i + 1])
            skip_next = True
            continue
        tokens.append(token)
    # Drop legal forms, and the demo marker, but never every token (a company called "Est" is still a name).
    kept = [t for t in tokens if t not in LEGAL_FORMS and t not in {"and", "the", "of", "demo"}]
    tokens = kept or tokens
    latin_script = ascii_text or all(ord(ch) < 0x250 for ch in text if ch.isalpha())
    return NameKey(tuple(tokens), tuple(skeleton(t) for t in tokens), latin_script)


LEAVE_ONE_OUT_TOKENS = 8  # names of more tokens than this are not filed without each (a long name has other keys)


def block_keys(key: NameKey) -> set[str]:
    """Keys under which a name is filed for candidate search: skeletons, Latin prefixes, joined neighbours."""
    keys: set[str] = set()
    for token, skel in zip(key.tokens, key.skeletons, strict=True):
        if len(skel) >= 2:
            keys.add("s" + skel[:12])
        if len(token) >= 3:
            keys.add("p" + token[:4])
    # Spacing: "Bayani Han" files under "bayanihan" too, and "Al Noor" under "alnoor".
    for a, b in zip(key.skeletons, key.skeletons[1:], strict=False):
        joined = skeleton(a + b) if a and b else ""
        if len(joined) >= 2:
            keys.add("s" + joined[:12])
    if len(key.tokens) > 1:
        joined = skeleton(key.joined)
        if len(joined) >= 2:
            keys.add("s" + joined[:12])
    # A misspelt token changes every key it is part of, and the keys left are those of the name's common words,
    # too common to be read ("Everest ... Bright Recruitment"): the name without each of its tokens in turn is a
    # key as well, so that a name of three tokens or more still meets its misspellings through the others.
    if 3 <= len(key.tokens) <= LEAVE_ONE_OUT_TOKENS:
        for i in range(len(key.tokens)):
            rest = joined_skeleton(key.tokens[:i] + key.tokens[i + 1:])
            if len(rest) >= 2:
                keys.add("s" + rest[:12])
    return keys


def filed_keys(name: str) -> list[str]:
    """The block keys a name is filed under, in order (the rows of RecruiterBlock and WatchlistBlock for it)."""
    return sorted(block_keys(name_key(name)))


@lru_cache(maxsize=65536)
def forms(key: NameKey) -> tuple[str, str, str, str]:
    """The four strings `similarity` compares, in its order: sorted tokens, sorted tokens joined, skeleton, joined skeleton.

    Bulk screening compares them for whole candidate blocks at once (rapidfuzz `process.cdist`).
    """
    return key.key, "".join(sorted(key.tokens)), key.skeleton, joined_skeleton(key.tokens)


def screening_keys(key: NameKey) -> set[str]:
    """Blocks for bulk screening, small enough that every name in a block can be compared with every entry in it.

    The head of a token is the first two letters of its consonant skeleton (of the token itself when it has no
    consonants), so vowel spellings and transliterations ("Mohammed"/"Muhammad", "Usman"/"Osman") share it. A name
    of several tokens is filed under every pair of its heads: a misspelling, a dropped or an added token leaves
    another pair intact. A name of one token is filed under its head. Every name is also filed under each of its
    tokens and their skeletons (a shared long token with a misspelt short one, "Gita Tamang"/"Sita Tamang"), and
    under the start of the skeleton of its sorted, joined tokens, which meets spacing and token-split variants
    ("Bayani Han"). Blocks of common tokens are large, but one cdist call scores all of a chunk's names against them.
    A token is filed under itself only when its skeleton is too short for a block of its own.
    """
    heads = sorted({(skel or token)[:2] for token, skel in zip(key.tokens, key.skeletons, strict=True)})[:8]
    keys = {f"p{a}|{b}" for i, a in enumerate(heads) for b in heads[i + 1:]} if len(heads) > 1 else {"h" + heads[0]}
    keys.update("t" + skel for skel in key.skeletons if len(skel) >= 3)
    # A shared token whose skeleton has three letters or more already shares the "t" block of that skeleton, where
    # every pair of its "w" block is compared anyway: filing it under the token too would compare those pairs twice
    # (issue 12: that was four pairs in ten of the work of bulk screening), for the same candidates.
    keys.update("w" + token for token, skel in zip(key.tokens, key.skeletons, strict=True)
                if len(token) >= 3 and len(skel) < 3)
    joined = joined_skeleton(sorted(key.tokens))
    if joined:
        keys.add("j" + joined[:4])
    return keys


def similarity(a: NameKey, b: NameKey, *, partial: bool = False) -> float:
    """0 to 100: how alike two names are, across spelling, spacing, word order and script.

    `partial` (for a search box) also credits a query that names only part of the name.
    """
    if not a or not b:
        return 0.0
    fa, fb = forms(a), forms(b)
    latin = fuzz.token_sort_ratio(fa[0], fb[0])
    joined = fuzz.ratio(fa[1], fb[1])
    skel = fuzz.token_sort_ratio(fa[2], fb[2]) if fa[2] and fb[2] else 0.0
    skel_joined = fuzz.ratio(fa[3], fb[3])
    # A skeleton match is weaker evidence than a spelled match: vowels carry information too, unless
    # one side came from a script whose transliteration has no reliable vowels; short skeletons collide.
    weight = 0.92 if not (a.latin_script and b.latin_script) else 0.85
    if min(len(fa[3]), len(fb[3])) < 4:
        weight -= 0.1
    score = max(latin, joined, weight * skel, weight * skel_joined)
    if partial:
        # A name typed into a search box splits or joins its words in other places ("everests ala" for "Everest
        # Sala"): compared written together in the order typed, it is the same name; sorting the words first
        # (the forms above, which meet reordered names) would part them.
        score = max(score, fuzz.ratio(a.joined, b.joined), 0.9 * fuzz.token_set_ratio(a.key, b.key),
                    0.95 * weight * fuzz.token_set_ratio(a.skeleton, b.skeleton))
    return round(score, 1)


def similarities(a: NameKey, others: list[NameKey], *, partial: bool = False) -> list[float]:
    """`similarity(a, b, partial=partial)` for every b of `others`, the same numbers, computed at once (rapidfuzz
    `cdist`: verify-a-recruiter ranks up to CANDIDATES names a query, issue 12)."""
    if not a or not others:
        return [0.0] * len(others)
    fa = forms(a)
    fb = [forms(b) if b else ("", "", "", "") for b in others]

    def ratios(scorer, query: str, choices: list[str]):
        return process.cdist([query], choices, scorer=scorer, dtype=np.float64, workers=1)[0]

    latin = ratios(fuzz.token_sort_ratio, fa[0], [f[0] for f in fb])
    joined = ratios(fuzz.ratio, fa[1], [f[1] for f in fb])
    skel = ratios(fuzz.token_sort_ratio, fa[2], [f[2] for f in fb])
    if not fa[2]:
        skel[:] = 0.0
    skel[np.array([not f[2] for f in fb], dtype=bool)] = 0.0
    skel_joined = ratios(fuzz.ratio, fa[3], [f[3] for f in fb])
    weight = np.array([0.92 if not (a.latin_script and b.latin_script) else 0.85 for b in others])
    weight -= np.array([0.1 if min(len(fa[3]), len(f[3])) < 4 else 0.0 for f in fb])
    score = np.maximum(np.maximum(latin, joined), np.maximum(weight * skel, weight * skel_joined))
    if partial:
        score = np.maximum(score, ratios(fuzz.ratio, a.joined, [b.joined for b in others]))
        score = np.maximum(score, 0.9 * ratios(fuzz.token_set_ratio, a.key, [b.key for b in others]))
        score = np.maximum(score, 0.95 * weight * ratios(fuzz.token_set_ratio, a.skeleton, [b.skeleton for b in others]))
    return [round(float(value), 1) if b else 0.0 for value, b in zip(score, others, strict=True)]


def normalise_identifier(value: str) -> str:
    """Licence and registration numbers: upper case, letters and digits only."""
    return _NOT_IDENTIFIER.sub("", unidecode(unicodedata.normalize("NFKC", value or "")).upper())


def looks_like_identifier(query: str) -> bool:
    """Worth an exact lookup of licence and registration numbers first (a cheap indexed query); a name that
    contains a digit and matches no number falls through to the name search."""
    return any(ch.isdigit() for ch in query)
