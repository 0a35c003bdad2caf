"""Text helpers shared by near-duplicate detection and story clustering.

Normalisation is deliberately crude and fast: Unicode NFKC, lower case, word characters only. Both
the shingler and the story representation see the same token stream, so a change here changes both
producers' versions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from storyline.link.timeline_text import sentence_spans

__all__ = ["STOPWORDS", "content_terms", "sentences", "words"]

_WORD = re.compile(r"\w+(?:[’'.-]\w+)*", re.UNICODE)

# A small English stop list (function words and reporting verbs that carry no story identity).
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself said says say told according
    mr mrs ms one two three new last year years week day monday tuesday wednesday thursday friday
    saturday sunday also would may might must per cent percent s t'
    """
STOPWORDS: frozenset[str] = frozenset(_STOP_TEXT.split())


def words(text: str) -> list[str]:
    """Return the normalised word tokens of ``text`` (NFKC, lower case, word characters)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


_POSSESSIVE = re.compile(r"[’']s$")


def content_terms(text: str) -> Iterator[str]:
    """Yield the tokens of ``text`` that may identify a story: no stop words, digits or 1-letter
    words; a possessive ``'s`` is dropped, so "Aleppo's" and "Aleppo" are one term."""
    for token in words(text):
        word = _POSSESSIVE.sub("", token)
        if len(word) > 1 and word not in STOPWORDS and not word.isdigit():
            yield word


def sentences(text: str, *, min_words: int = 6) -> Sequence[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text`` with at least ``min_words``.

    The timeline's sentence splitter, which knows abbreviations and initials ("U.S.", "Sept. 9"),
    so a summary sentence is never cut in the middle of a name.
    """
    return [(s, e) for s, e in sentence_spans(text) if len(text[s:e].split()) >= min_words]
