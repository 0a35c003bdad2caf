"""Property: any Article, with arbitrary Unicode anywhere, comes back from the store unchanged."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.records import (
    Article,
    DateEvidence,
    EvidenceKind,
    InputFormat,
    OffsetMap,
    PublishedDate,
    RemovedLine,
    Segment,
)
from storyline.store import UpsertResult, open_store

# Any code point but lone surrogates (which no UTF-8 store can hold; the store rejects those
# articles, see test_store_articles.py). NUL, controls, RTL marks, astral planes included.
chars = st.characters(codec="utf-8")
texts = st.text(chars, max_size=60)
opt_texts = st.none() | texts
offsets = st.integers(min_value=-1, max_value=2**40)
spans = st.none() | st.tuples(offsets, offsets)
granularities = st.sampled_from(["day", "month", "year"])
unit_floats = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)

evidence = st.builds(
    DateEvidence,
    kind=st.sampled_from(EvidenceKind),
    text=texts,
    start=offsets,
    end=offsets,
    value=st.none() | st.dates(),
    granularity=st.none() | granularities,
    weekday=st.none() | st.integers(0, 6),
    note=texts,
)

published = st.builds(
    PublishedDate,
    value=st.none() | st.dates(),
    granularity=st.none() | granularities,
    method=st.sampled_from([k.value for k in EvidenceKind] + ["inferred"]) | texts,
    confidence=unit_floats,
    evidence=st.lists(evidence, max_size=4).map(tuple),
    explanation=texts,
    contradicted=st.lists(evidence, max_size=2).map(tuple),
)

segments = st.lists(
    st.builds(Segment, clean_start=offsets, orig_start=offsets, length=offsets), max_size=4
).map(lambda s: OffsetMap(segments=tuple(s)))

removed = st.lists(
    st.builds(RemovedLine, start=offsets, end=offsets, text=texts, rule=texts), max_size=3
).map(tuple)

articles = st.builds(
    Article,
    id=st.text("0123456789abcdef", min_size=16, max_size=16),
    source=texts,
    format=st.sampled_from(InputFormat),
    url=opt_texts,
    original_text=st.text(chars, max_size=400),
    text=st.text(chars, max_size=200),
    offsets=segments,
    removed=removed,
    title=opt_texts,
    title_span=spans,
    subtitle=opt_texts,
    subtitle_span=spans,
    outlet=opt_texts,
    outlet_evidence=opt_texts,
    agency=opt_texts,
    dateline=opt_texts,
    dateline_span=spans,
    published=published,
    language=opt_texts,
    language_confidence=st.none() | unit_floats,
    encoding=opt_texts,
    extractor=texts,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(articles, min_size=1, max_size=4, unique_by=lambda a: a.id))
def test_articles_round_trip_exactly(batch: list[Article]) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        assert store.upsert_articles(batch) == UpsertResult(added=len(batch))
        for article in batch:
            assert store.get_article(article.id) == article
            assert store.sources(article.id) == (article.source,)
        stored = list(store.articles())
        assert sorted(stored, key=lambda a: a.id) == sorted(batch, key=lambda a: a.id)
        # Re-ingesting changes nothing.
        assert store.upsert_articles(batch) == UpsertResult(unchanged=len(batch))


@settings(max_examples=50, deadline=None)
@given(batch=st.lists(articles, min_size=1, max_size=5, unique_by=lambda a: a.id))
def test_article_order_is_date_then_id_whatever_the_insert_order(batch: list[Article]) -> None:
    def key(a: Article) -> tuple[bool, dt.date, str]:
        return (a.published.value is None, a.published.value or dt.date.min, a.id)

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        store.upsert_articles(list(reversed(batch)))
        assert [a.id for a in store.articles()] == [a.id for a in sorted(batch, key=key)]
