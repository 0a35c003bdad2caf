"""Property: the quote extractor never raises on arbitrary Unicode, and its offsets slice back.

Three strategies: the mark pairing on any text at all (text only, cheap); the extractor on any text
on a blank pipeline (the unparsed path); and text assembled from quote-like fragments (marks of
every kind, cues, names, pronouns, paragraph breaks) on the real, parsed pipeline, which reaches the
attribution rules' corners far more often than random characters do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import NlpSettings
from storyline.extract.quote_marks import pair_quote_marks
from storyline.extract.quotes import load_cue_lexicon, quotes
from storyline.nlp.model import build_nlp
from storyline.records import Quote

if TYPE_CHECKING:
    from spacy.language import Language

CUES = load_cue_lexicon()
BLANK = spacy.blank("en")

FRAGMENTS = [
    "“", "”", "\"", "'", "‘", "’", "«", "»", "„", "‹", "›", "`", "''", "``",
    "he said", "she said.", "said Konashenkov, quoted by TASS.", "– said", "—", "-",
    "Sergei Shoigu", "Alexei Borodavkin told TASS", "the diplomat said", "the deputy minister",
    "the Deputy foreign Minister of the Russian Federation", "According to", "according to him,",
    "told reporters:", "told Rossiya 24 television", "said in a statement", "stated in the message",
    "quoted Shoigu as saying", "This was stated by", "he added", "he stressed,", "that",
    "We hope", "It is ready", "they", "it", "The company said", "GM", "General Motors (GM)",
    "Valdai", "Today,", "\n\n", "\n", " ", ",", ".", ":", "?", "!", "é", "\u200f", "\x00", "🙂",
]
fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=16).map(" ".join)


@pytest.fixture(scope="module")
def parsed() -> Language:
    """The real pipeline, for the parsed-path property (loaded once for this module)."""
    return build_nlp(NlpSettings())


def check(text: str, found: list[Quote]) -> None:
    for q in found:
        assert text[q.start:q.end] == q.text and q.text
        assert 0 <= q.start < q.end <= len(text)
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker
        if q.cue_start is not None:
            assert text[q.cue_start:q.cue_end] == q.cue


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_pairing_spans_are_in_bounds(text: str) -> None:
    for span in pair_quote_marks(text):
        assert 0 <= span.open_start <= span.start <= span.end <= span.close_end <= len(text)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_blank_pipeline_never_raises(text: str) -> None:
    doc = BLANK(text)
    check(doc.text, list(quotes(doc, article_id="p", cues=CUES)))


@given(st.text() | fragment_texts)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parsed_pipeline_never_raises(parsed: Language, text: str) -> None:
    doc = parsed(text)
    check(doc.text, list(quotes(doc, article_id="p", cues=CUES)))
