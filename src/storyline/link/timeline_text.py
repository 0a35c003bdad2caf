"""Sentence-level text helpers for the timeline: sentence spans, content words, similarity.

Kept apart from :mod:`storyline.link.timeline` so the merge rules read on their own. Everything
here is a pure function of its arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

__all__ = [
    "content_tokens",
    "join_names",
    "is_report",
    "number_claims",
    "one_line",
    "sentence_spans",
    "similarity",
    "words",
]

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace
# and an upper-case letter, a digit or an opening quote; or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]?\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Lt|Gen|Col|Maj|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|No|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|Inc|Corp|Co)\.|\b(?:[A-Z]\.)+)$"
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
# Past-tense or future-marked verbs: what separates "X happened / will happen on D" from a bare
# date mention ("Route 6", "Sunday 24 of November 2024").
_IRREGULAR_PAST = _word_set(
    "said told began begun came went held met gave took made got saw sent set put left led "
    "broke brought fought won lost struck shot hit rose fell spoke wrote ran found kept "
    "was were had did been became stood sought thought understood withdrew drove"
)
_FUTURE = frozenset(("will", "would", "shall", "'ll", "going"))
_NOT_VERBS_ED = frozenset(
    ("united", "red", "bed", "need", "seed", "speed", "hundred", "based")
)
_STOPWORDS = _word_set(
    "a an the and or but if of to in on at by for with from as that this these those it its is "
    "are was were be been being has have had do does did will would shall should may might can "
    "could not no nor so than then there their they them he she his her him we our us you your "
    "i me my who whom which what when where why how all any both each more most other some such "
    "only own same too very just also into over under about after before between during through "
    "up down out off again further once here said says say told according while since until "
    "whose being one two three new last next mr ms mrs"
)
_MONTHS = _word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday today yesterday tomorrow tonight week month year morning evening night "
    "midnight noon day days weeks months years"
)
_NUMBER_UNIT = re.compile(r"\b(\d[\d,]*(?:\.\d+)?)\s+(?:more\s+)?([a-z]+)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split a text into sentence spans (start, end), trimmed of surrounding whitespace.

    A rule splitter (no model): it breaks at line breaks and at sentence-final punctuation before
    a capital, except after a known abbreviation or initials (``Sept. 9``, ``U.S. officials``).

    Args:
        text: The article body.

    Returns:
        Non-empty spans in text order, covering every non-blank character.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()]
        if "\n" not in match.group(0) and _ABBREVIATION.search(head):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def words(text: str) -> list[str]:
    """Return the lower-cased word and number tokens of a text."""
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]


def is_report(sentence: str) -> bool:
    """Return True when a sentence reports something: a past-tense or future-marked verb.

    A heuristic without a tagger (the timeline works on stored records, not spaCy docs): a word
    ending in ``-ed`` (minus a few non-verbs), a common irregular past form, or a future marker,
    in a sentence of at least four words.
    """
    tokens = words(sentence)
    if len(tokens) < 4:
        return False
    for token in tokens:
        if token in _IRREGULAR_PAST or token in _FUTURE:
            return True
        if len(token) > 4 and token.endswith("ed") and token not in _NOT_VERBS_ED:
            return True
    return False


def content_tokens(text: str) -> frozenset[str]:
    """Return the content words of a text: no stopwords, dates, numbers or one-letter words."""
    return frozenset(
        t for t in words(text)
        if len(t) > 1 and t not in _STOPWORDS and t not in _MONTHS and not t[0].isdigit()
    )


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Token-set similarity (0..100) of two content-word sets.

    rapidfuzz's token-set ratio scores a short passing mention ("the ceasefire brokered on
    February 22") as highly as the full report that contains it, which is what merging needs; a
    TF-IDF cosine would penalise the length difference and depend on corpus statistics that change
    whenever an article joins the story.
    """
    return float(fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b))))


def number_claims(text: str) -> dict[str, str]:
    """Return ``unit -> number`` for each "<number> <word>" in a text (``250 people``)."""
    found: dict[str, str] = {}
    for number, unit in _NUMBER_UNIT.findall(text.lower()):
        if unit not in _MONTHS and unit not in _STOPWORDS:
            found.setdefault(unit, number.replace(",", ""))
    return found


def one_line(text: str, *, limit: int = 240) -> str:
    """Collapse whitespace and cut a sentence to ``limit`` characters at a word boundary."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def join_names(names: Sequence[str]) -> str:
    """Join names for a sentence: ``a``, ``a and b``, ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
