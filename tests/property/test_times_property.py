"""Property: the time extractor never raises on arbitrary Unicode, and its offsets slice back.

Two strategies: any text at all (on a blank pipeline, cheap enough for many examples), and text
assembled from time-like fragments with random glue (on the real, parsed pipeline), which reaches
the grammar's and the normaliser's corners far more often than random characters do.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import NlpSettings
from storyline.extract.times import load_timex_lexicon, times
from storyline.extract.timex_lexicon import TimexLexicon
from storyline.nlp.model import build_nlp

if TYPE_CHECKING:
    from spacy.language import Language

LEXICON = load_timex_lexicon()
BLANK = spacy.blank("en")

anchors = st.none() | st.dates()
FRAGMENTS = [
    "on Friday", "said Wednesday", "last Thursday", "next Monday", "October 20", "the 22nd",
    "the evening of the 31st", "Sept. 9", "February 29", "31 February", "2016", "1957-58",
    "'82", "the 1990s", "the 20th century", "16:00 local time", "(17:00 Moscow time)",
    "25:99", "12 p.m.", "0 a.m.", "three-day", "for three hours a day", "a day", "tomorrow",
    "the day after tomorrow", "last week", "earlier this month", "the end of the year",
    "the eighth day", "the first quarter of last year", "Q4 2019", "last summer",
    "the fall of", "every other week", "twice a year", "daily", "now", "the past",
    "two and a half years", "half an hour", "99999 years ago", "several days", "May",
    "may", "12/31/99", "31.12.2016", "2016-02-30", "0000-00-00", "the same day",
    "the following day", "Black Monday", "October of next year", "15:00 GMT Saturday",
    "\n", " ", ",", ".", "-", "—", "é", "\u200f", "\x00", "🙂",
]
fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map(" ".join)


@pytest.fixture(scope="module")
def parsed() -> Language:
    """The real pipeline, for the parsed-path property (loaded once for this module)."""
    return build_nlp(NlpSettings())


def check(doc: spacy.tokens.Doc, anchor: dt.date | None, lexicon: TimexLexicon) -> None:
    previous_end = -1
    for t in times(doc, article_id="p", anchor=anchor, lexicon=lexicon):
        assert 0 <= t.start < t.end <= len(doc.text)
        assert doc.text[t.start:t.end] == t.text
        assert t.start >= previous_end, "expressions do not overlap and come in text order"
        previous_end = t.end
        assert t.value
        if anchor is None:
            assert not t.anchored


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200), anchor=anchors)
def test_arbitrary_unicode_never_raises_and_offsets_slice(text: str,
                                                          anchor: dt.date | None) -> None:
    check(BLANK(text), anchor, LEXICON)


@settings(max_examples=300, deadline=None)
@given(text=fragment_texts, anchor=anchors)
def test_time_like_text_on_a_blank_pipeline(text: str, anchor: dt.date | None) -> None:
    check(BLANK(text), anchor, LEXICON)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=fragment_texts, anchor=anchors)
def test_time_like_text_on_the_parsed_pipeline(parsed: Language, text: str,
                                               anchor: dt.date | None) -> None:
    check(parsed(text), anchor, LEXICON)
