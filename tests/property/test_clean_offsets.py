"""Property tests: cleaning never breaks offsets, and build_article never raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import IngestSettings
from storyline.ingest.articles import build_article, load_lexicons
from storyline.ingest.clean import clean
from storyline.ingest.lexicons import IngestLexicons
from storyline.records import Article, InputFormat, Rejected, SourceDocument, SourceMeta

LEXICONS: list[IngestLexicons] = []

# Pieces that exercise the rules (chrome, datelines, dates, captions, credits) mixed with noise.
PIECES = st.sampled_from([
    "All news", "Share this news", "Reuters", "TRT World and Agencies", "Route 6",
    "GENEVA, July 29. /TASS/. ", "MOSCOW –\u00a0", "WASHINGTON (AP) — ", "said Wednesday",
    "On Monday, officials said", "26.10.2016", "Sunday 24 of November 2024", "Sept. 22, 2016",
    "In this Sept. 22, 2016 file photo, Kerry speaks,photo: AP/Jason DeCrow",
    "A man walks in Aleppo, Syria August 13, 2016.", "The talks resumed.", "\u00a0", " ",
    "\n", "\n\n", "\r\n", "\u2028", "\ufeff", "\u200b", "“", "”", "(", ")", "/", ".",
])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=40).map("".join),
)


def lexicons() -> IngestLexicons:
    """Load once per session (hypothesis cannot take function-scoped fixtures)."""
    if not LEXICONS:
        LEXICONS.append(load_lexicons())
    return LEXICONS[0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_every_body_character_maps_back(text: str) -> None:
    cleaned = clean(text, lexicons=lexicons())
    body, offsets = cleaned.text, cleaned.offsets
    covered: set[int] = set()
    for seg in offsets.segments:
        for k in range(seg.length):
            i = seg.clean_start + k
            covered.add(i)
            assert text[offsets.to_original(i)] == body[i]
    separators = [body[i] for i in range(len(body)) if i not in covered]
    assert set(separators) <= {"\n"}
    assert len(separators) == 2 * max(0, len(offsets.segments) - 1)
    for removed in cleaned.removed:
        assert text[removed.start:removed.end] == removed.text
    for start, end in cleaned.paragraphs:
        assert 0 <= start < end <= len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.one_of(st.none(), st.text(max_size=40)), st.one_of(st.none(), TEXTS))
def test_build_article_never_raises(text: str, published: str | None, title: str | None) -> None:
    doc = SourceDocument(source="p.txt", format=InputFormat.TXT, text=text, extractor="test",
                         meta=SourceMeta(published=published, title=title))
    result = build_article(doc, settings=IngestSettings(min_chars=0), lexicons=lexicons())
    assert isinstance(result, Article | Rejected)
    if isinstance(result, Article):
        for span, value in ((result.title_span, result.title),
                            (result.subtitle_span, result.subtitle)):
            if span is not None:
                assert text[span[0]:span[1]] == value
        assert 0.0 <= result.published.confidence <= 1.0
        assert (result.published.value is None) == (result.published.granularity is None)


@pytest.mark.parametrize("text", ["\ud800 lone surrogate in the body of an article here",
                                  "x" * 5000, "\n" * 2000, "MOSCOW – " * 300])
def test_odd_inputs(text: str) -> None:
    doc = SourceDocument(source="p.txt", format=InputFormat.TXT, text=text, extractor="test")
    result = build_article(doc, settings=IngestSettings(), lexicons=lexicons())
    assert isinstance(result, Article | Rejected)
