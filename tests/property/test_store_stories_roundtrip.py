"""Property: any stories and timelines, with arbitrary Unicode, survive the store.

Stories and timeline sources name articles the store holds (it refuses others), drawn from a
fixed pool of stored articles; each article is in one story at most (the store's contract).
Timelines are drawn in date order, ties in any order, since that is the order they read back in;
offsets are arbitrary (the store does not check that they slice the article text).
"""

from __future__ import annotations

import tempfile
import typing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.records import (
    Article,
    DateGranularity,
    InputFormat,
    OffsetMap,
    PublishedDate,
    Story,
    TimelineEntry,
    TimelineSource,
)
from storyline.store import open_store

# Any code point but lone surrogates, which no UTF-8 store can hold.
chars = st.characters(codec="utf-8")
texts = st.text(chars, max_size=30)
opt_texts = st.none() | texts
offsets = st.integers(min_value=-1, max_value=2**40)
ARTICLE_IDS = tuple(f"{i:016x}" for i in range(6))


def _article(article_id: str) -> Article:
    return Article(
        id=article_id, source=f"in/{article_id}.txt", format=InputFormat.TXT, url=None,
        original_text="", text="", offsets=OffsetMap(segments=()), removed=(), title=None,
        title_span=None, subtitle=None, subtitle_span=None, outlet=None, outlet_evidence=None,
        agency=None, dateline=None, dateline_span=None,
        published=PublishedDate(value=None, granularity=None, method="none", confidence=0.0),
        language=None, language_confidence=None, encoding=None, extractor="test",
    )


@st.composite
def story_sets(draw: st.DrawFn) -> list[Story]:
    """Stories with unique ids whose article lists share no article."""
    pool = draw(st.permutations(ARTICLE_IDS))
    sizes = draw(st.lists(st.integers(1, 3), max_size=3))
    ids = draw(st.lists(texts, min_size=len(sizes), max_size=len(sizes), unique=True))
    stories: list[Story] = []
    at = 0
    for story_id, size in zip(ids, sizes, strict=True):
        if at + size > len(pool):
            break
        stories.append(Story(id=story_id, title=draw(texts), summary=draw(texts),
                             article_ids=tuple(pool[at : at + size]), producer=draw(texts)))
        at += size
    return stories


sources = st.builds(
    TimelineSource, article_id=st.sampled_from(ARTICLE_IDS), start=offsets, end=offsets,
    outlet=opt_texts, event_ids=st.lists(texts, max_size=3).map(tuple),
)


def entries(story_id: str) -> st.SearchStrategy[TimelineEntry]:
    """Any timeline entry of ``story_id``."""
    return st.builds(
        TimelineEntry, story_id=st.just(story_id), date=st.dates(),
        granularity=st.sampled_from(typing.get_args(DateGranularity)), summary=texts,
        actors=st.lists(texts, max_size=3).map(tuple),
        cameo=st.lists(texts, max_size=3).map(tuple),
        sources=st.lists(sources, max_size=3).map(tuple), disputed=st.booleans(),
        disagreement=opt_texts, producer=texts,
    )


def _settings() -> settings:
    return settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@_settings()
@given(first=story_sets(), second=story_sets())
def test_stories_round_trip_exactly(first: list[Story], second: list[Story]) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        store.upsert_articles([_article(i) for i in ARTICLE_IDS])
        store.save_stories(first)
        # Undated articles: every story ties on date, so they go by id.
        assert store.stories() == sorted(first, key=lambda s: s.id)
        for story in first:
            assert store.get_story(story.id) == story
            assert all(store.story_of(a) == story.id for a in story.article_ids)
        # A second batch wins for its stories and articles; untouched stories that lost every
        # article are gone.
        store.save_stories(second)
        claimed = {a for s in second for a in s.article_ids}
        new_ids = {s.id for s in second}
        expected = {s.id: s for s in second}
        for story in first:
            if story.id in new_ids:
                continue
            left = tuple(a for a in story.article_ids if a not in claimed)
            if left:
                expected[story.id] = Story(id=story.id, title=story.title, summary=story.summary,
                                           article_ids=left, producer=story.producer)
        assert store.stories() == sorted(expected.values(), key=lambda s: s.id)


@_settings()
@given(story_id=texts, data=st.data())
def test_timeline_round_trips_exactly(story_id: str, data: st.DataObject) -> None:
    timeline = data.draw(st.lists(entries(story_id), max_size=5))
    timeline.sort(key=lambda e: e.date)  # stable: ties keep the drawn order
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        store.upsert_articles([_article(i) for i in ARTICLE_IDS])
        store.save_stories([Story(id=story_id, title="t", summary="s",
                                  article_ids=ARTICLE_IDS[:1], producer="p")])
        store.replace_timeline(story_id, timeline)
        assert store.timeline(story_id) == timeline
