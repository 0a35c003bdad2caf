"""Duplicates, stories, the clustering state and timelines: storage, queries, migration 4."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import StoreError
from storyline.records import (
    Actor,
    Article,
    ArticleAnalysis,
    Duplicate,
    PublishedDate,
    Story,
    TimelineEntry,
    TimelineSource,
)
from storyline.store import (
    ArticleNotFoundError,
    Repository,
    SqliteStore,
    StoryNotFoundError,
    open_store,
)
from storyline.store.schema import MIGRATIONS, migrate, version_of

MakeArticle = Callable[..., Article]
MakeAnalysis = Callable[..., ArticleAnalysis]
MakeActor = Callable[..., Actor]

FIXED_NOW = dt.datetime(2024, 11, 24, 12, 0, tzinfo=dt.UTC)
STORY_TABLES = ("duplicates", "stories", "story_articles", "story_state", "timeline_entries",
                "timeline_sources")


def _dated(make_article: MakeArticle, tag: str, day: dt.date | None) -> Article:
    published = PublishedDate(
        value=day, granularity=None if day is None else "day",
        method="none" if day is None else "metadata", confidence=0.0 if day is None else 0.9,
    )
    return make_article(f"Article {tag} about the talks.", published=published)


@pytest.fixture
def articles(store: SqliteStore, make_article: MakeArticle) -> list[Article]:
    """Five stored articles: a..d dated in July 2016 (a earliest), e undated."""
    made = [
        _dated(make_article, "a", dt.date(2016, 7, 1)),
        _dated(make_article, "b", dt.date(2016, 7, 2)),
        _dated(make_article, "c", dt.date(2016, 7, 3)),
        _dated(make_article, "d", dt.date(2016, 7, 4)),
        _dated(make_article, "e", None),
    ]
    store.upsert_articles(made)
    return made


def _story(story_id: str, *article_ids: str, title: str = "Talks") -> Story:
    return Story(id=story_id, title=title, summary=f"{title} resumed.", article_ids=article_ids,
                 producer="stories.minhash.v1")


def _entry(
    story_id: str, day: dt.date, *sources: TimelineSource, **fields: Any
) -> TimelineEntry:
    return dataclasses.replace(
        TimelineEntry(story_id=story_id, date=day, granularity="day", summary=f"On {day}.",
                      actors=("act1", "act2"), cameo=("036",), sources=sources,
                      producer="timeline.v1"),
        **fields,
    )


def _source(article_id: str, start: int = 0, *event_ids: str) -> TimelineSource:
    return TimelineSource(article_id=article_id, start=start, end=start + 10, outlet="TASS",
                          event_ids=event_ids)


# --- migration 4 -----------------------------------------------------------------------------


def test_migrates_a_version_3_store_with_data_and_keeps_it(
    tmp_path: Path,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    path = tmp_path / "v3.db"
    article = make_analysed_article()
    analysis = make_analysis(article)
    actor = make_actor("Sergey Ryabkov")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    assert migrate(conn, path=path, migrations=MIGRATIONS[:3]) == 3
    # What a version-3 store holds, written by the methods that only touch version-3 tables.
    old = SqliteStore(conn, path=path, clock=lambda: FIXED_NOW)
    run = old.start_run(settings_json="{}", models={})
    old.upsert_articles([article], run_id=run)
    old.save_analyses([analysis])
    old.replace_actors([actor], mention_actor_ids={}, quote_speaker_ids={})
    old.finish_run(run, {"articles": 1})
    conn.close()

    with open_store(path) as store:
        assert list(store.articles()) == [article]
        assert store.analysis(article.id) == analysis
        assert [a.id for a in store.actors()] == [actor.id]
        assert store.events() == list(analysis.events)
        assert store.get_run(run).counts == {"articles": 1}
        assert store.duplicates() == [] and store.stories() == []
        store.save_stories([_story("s" * 16, article.id)])
        assert store.story_of(article.id) == "s" * 16
    with sqlite3.connect(path) as raw:
        assert version_of(raw) == len(MIGRATIONS) == 5
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    assert set(STORY_TABLES) <= names


def test_store_satisfies_the_repository_protocol(store: SqliteStore) -> None:
    assert isinstance(store, Repository)


# --- duplicates ------------------------------------------------------------------------------


def test_duplicates_are_replaced_whole(store: SqliteStore, articles: list[Article]) -> None:
    a, b, c, d, e = (x.id for x in articles)
    first = [Duplicate(article_id=c, duplicate_of=a, similarity=0.91, producer="dup.v1"),
             Duplicate(article_id=b, duplicate_of=a, similarity=0.875, producer="dup.v1")]
    store.replace_duplicates(first)
    # By the original, then by the copy's id: the two copies of `a` are together.
    assert store.duplicates() == sorted(first, key=lambda x: (x.duplicate_of, x.article_id))
    assert store.duplicate_of(c) == a and store.duplicate_of(a) is None
    second = [Duplicate(article_id=e, duplicate_of=d, similarity=1.0, producer="dup.v2")]
    store.replace_duplicates(second)
    assert store.duplicates() == second
    assert store.duplicate_of(c) is None and store.duplicate_of(e) == d
    store.replace_duplicates([])
    assert store.duplicates() == []


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda a, b: [Duplicate(article_id=a, duplicate_of=a, similarity=1.0, producer="p")],
         ValueError, "copy of itself"),
        (lambda a, b: [Duplicate(article_id=a, duplicate_of=b, similarity=1.0, producer="p"),
                       Duplicate(article_id=a, duplicate_of=b, similarity=0.9, producer="p")],
         ValueError, "twice"),
        (lambda a, b: [Duplicate(article_id=a, duplicate_of=b, similarity=float("nan"),
                                 producer="p")],
         ValueError, "finite"),
        (lambda a, b: [Duplicate(article_id=a, duplicate_of="ffffffffffffffff", similarity=1.0,
                                 producer="p")],
         ArticleNotFoundError, r"\[E012\].*ffffffffffffffff"),
    ],
)
def test_refused_duplicates_leave_the_stored_ones(
    store: SqliteStore,
    articles: list[Article],
    make: Callable[[str, str], list[Duplicate]],
    error: type[Exception],
    match: str,
) -> None:
    kept = [Duplicate(article_id=articles[1].id, duplicate_of=articles[0].id, similarity=0.9,
                      producer="dup.v1")]
    store.replace_duplicates(kept)
    with pytest.raises(error, match=match):
        store.replace_duplicates(make(articles[2].id, articles[3].id))
    assert store.duplicates() == kept


# --- stories ---------------------------------------------------------------------------------


def test_stories_round_trip_and_are_ordered_by_latest_article(
    store: SqliteStore, articles: list[Article]
) -> None:
    a, b, c, d, e = (x.id for x in articles)
    early = _story("1111aaaa00000000", b, a, title="Early")  # latest article: b (July 2)
    late = _story("2222bbbb00000000", c, d, title="Late")  # latest: d (July 4)
    undated = _story("0000cccc00000000", e, title="Undated")
    store.save_stories([undated, early, late])
    assert store.stories() == [late, early, undated]
    assert store.get_story(early.id) == early
    assert store.story_of(a) == early.id and store.story_of(e) == undated.id
    assert store.story_of("ffffffffffffffff") is None


def test_story_upsert_keeps_the_id_and_replaces_the_article_list(
    store: SqliteStore, articles: list[Article]
) -> None:
    a, b, c, d, _ = (x.id for x in articles)
    story = _story("1111aaaa00000000", a, b)
    other = _story("2222bbbb00000000", d)
    store.save_stories([story, other])
    grown = dataclasses.replace(story, title="Talks, day two", summary="New.",
                                article_ids=(a, c), producer="stories.minhash.v2")
    store.save_stories([grown])
    assert store.get_story(story.id) == grown
    assert store.get_story(other.id) == other  # not in the batch: untouched
    assert store.story_of(b) is None and store.story_of(c) == story.id
    assert [s.id for s in store.stories()] == [other.id, story.id]


def test_an_article_claimed_by_another_story_moves_and_an_emptied_story_goes(
    store: SqliteStore, articles: list[Article]
) -> None:
    a, b = articles[0].id, articles[1].id
    keep = _story("1111aaaa00000000", a)
    absorbed = _story("2222bbbb00000000", b)
    store.save_stories([keep, absorbed])
    store.replace_timeline(absorbed.id, [_entry(absorbed.id, dt.date(2016, 7, 2), _source(b))])
    merged = dataclasses.replace(keep, article_ids=(a, b))
    store.save_stories([merged])
    assert store.stories() == [merged]
    assert store.story_of(b) == keep.id
    assert store.timeline(absorbed.id) == []
    with pytest.raises(StoryNotFoundError):
        store.get_story(absorbed.id)


@pytest.mark.parametrize(
    ("stories", "match"),
    [
        (lambda a, b: [_story("s1s1s1s1", a), _story("s1s1s1s1", b)], "given twice"),
        (lambda a, b: [_story("s1s1s1s1")], "no articles"),
        (lambda a, b: [_story("s1s1s1s1", a, b), _story("s2s2s2s2", b)], "one story at most"),
        (lambda a, b: [_story("s1s1s1s1", a, a)], "one story at most"),
    ],
)
def test_invalid_story_batches_are_refused(
    store: SqliteStore,
    articles: list[Article],
    stories: Callable[[str, str], list[Story]],
    match: str,
) -> None:
    with pytest.raises(ValueError, match=match):
        store.save_stories(stories(articles[0].id, articles[1].id))
    assert store.stories() == []


def test_a_story_of_an_unknown_article_is_refused_and_nothing_is_written(
    store: SqliteStore, articles: list[Article]
) -> None:
    kept = _story("1111aaaa00000000", articles[0].id)
    store.save_stories([kept])
    batch = [dataclasses.replace(kept, title="Changed"),
             _story("2222bbbb00000000", "ffffffffffffffff")]
    with pytest.raises(ArticleNotFoundError, match=r"\[E012\]"):
        store.save_stories(batch)
    assert store.stories() == [kept]


def test_get_story_by_unique_prefix(store: SqliteStore, articles: list[Article]) -> None:
    one = _story("abcd1111ffff0000", articles[0].id)
    two = _story("abcd2222ffff0000", articles[1].id)
    store.save_stories([one, two])
    assert store.get_story("abcd1") == one
    assert store.get_story("abcd2222") == two
    with pytest.raises(StoryNotFoundError, match=r"several stories \(abcd1111ffff0000, abcd2222"):
        store.get_story("abcd")
    with pytest.raises(StoryNotFoundError, match="at least 4 characters"):
        store.get_story("abc")
    with pytest.raises(StoryNotFoundError, match="No story with id 'ffff'"):
        store.get_story("ffff")


def test_story_not_found_is_a_store_error_and_a_lookup_error() -> None:
    assert issubclass(StoryNotFoundError, StoreError)
    assert issubclass(StoryNotFoundError, LookupError)


# --- clustering state ------------------------------------------------------------------------


def test_story_state_round_trips_and_is_replaced(store: SqliteStore) -> None:
    assert store.load_story_state("stories") is None
    state: dict[str, object] = {"version": 1, "bands": {"0": ["a", "b"]}, "note": "ünï",
                                "weights": [0.5, 1e-300], "big": 2**80}
    store.save_story_state("stories", state)
    assert store.load_story_state("stories") == state
    store.save_story_state("stories", {"version": 2})
    assert store.load_story_state("stories") == {"version": 2}
    assert store.load_story_state("other") is None


def test_large_story_state_is_stored_as_compact_json(store: SqliteStore) -> None:
    state: dict[str, object] = {
        "signatures": {f"{i:016x}": list(range(i % 97, i % 97 + 64)) for i in range(20_000)}
    }
    store.save_story_state("stories", state)
    assert store.load_story_state("stories") == state
    [stored] = store._conn.execute("SELECT state_json FROM story_state").fetchone()
    assert stored == json.dumps(state, separators=(",", ":"), ensure_ascii=False)
    assert len(stored) > 2_000_000


def test_story_state_that_is_not_json_is_refused(store: SqliteStore) -> None:
    store.save_story_state("stories", {"ok": True})
    with pytest.raises(ValueError):
        store.save_story_state("stories", {"x": float("inf")})
    with pytest.raises(TypeError):
        store.save_story_state("stories", {"x": {1, 2}})
    assert store.load_story_state("stories") == {"ok": True}


# --- timelines -------------------------------------------------------------------------------


def test_timeline_round_trips_exactly(store: SqliteStore, articles: list[Article]) -> None:
    a, b, c, _, _ = (x.id for x in articles)
    story = _story("1111aaaa00000000", a, b, c)
    store.save_stories([story])
    entries = [
        _entry(story.id, dt.date(2016, 7, 1), _source(a, 0, "ev1", "ev2"), _source(b, 5)),
        _entry(story.id, dt.date(2016, 7, 1), _source(c, 3), summary="Same day, second.",
               disputed=True, disagreement="TASS says 3 dead, Reuters 5."),
        _entry(story.id, dt.date(2016, 7, 1), granularity="month", actors=(), cameo=()),
        _entry(story.id, dt.date(2016, 8, 1), TimelineSource(article_id=a, start=1, end=2),
               granularity="year"),
    ]
    store.replace_timeline(story.id, entries)
    assert store.timeline(story.id) == entries
    assert store.timeline("ffffffffffffffff") == []


def test_timeline_reads_back_by_date_ties_in_the_order_given(
    store: SqliteStore, articles: list[Article]
) -> None:
    story = _story("1111aaaa00000000", articles[0].id)
    store.save_stories([story])
    late = _entry(story.id, dt.date(2016, 7, 9), summary="late")
    first = _entry(story.id, dt.date(2016, 7, 1), summary="first")
    second = _entry(story.id, dt.date(2016, 7, 1), summary="second")
    store.replace_timeline(story.id, [late, first, second])
    assert store.timeline(story.id) == [first, second, late]


def test_replacing_a_timeline_drops_the_old_entries_and_sources(
    store: SqliteStore, articles: list[Article]
) -> None:
    a, b = articles[0].id, articles[1].id
    one, two = _story("1111aaaa00000000", a), _story("2222bbbb00000000", b)
    store.save_stories([one, two])
    store.replace_timeline(
        one.id, [_entry(one.id, dt.date(2016, 7, 1), _source(a), _source(a, 20))]
    )
    other = [_entry(two.id, dt.date(2016, 7, 2), _source(b))]
    store.replace_timeline(two.id, other)
    new = [_entry(one.id, dt.date(2016, 7, 3), _source(a, 40))]
    store.replace_timeline(one.id, new)
    assert store.timeline(one.id) == new
    assert store.timeline(two.id) == other  # another story's timeline is untouched
    count = store._conn.execute("SELECT count(*) FROM timeline_sources").fetchone()[0]
    assert count == 2
    store.replace_timeline(one.id, [])
    assert store.timeline(one.id) == []


def test_refused_timelines_leave_the_stored_one(
    store: SqliteStore, articles: list[Article]
) -> None:
    a = articles[0].id
    story = _story("1111aaaa00000000", a)
    store.save_stories([story])
    kept = [_entry(story.id, dt.date(2016, 7, 1), _source(a))]
    store.replace_timeline(story.id, kept)
    with pytest.raises(StoryNotFoundError, match="save_stories"):
        store.replace_timeline("ffffffffffffffff", [_entry("ffffffffffffffff", dt.date.today())])
    with pytest.raises(ValueError, match="one story's entries"):
        store.replace_timeline(story.id, [_entry("2222bbbb00000000", dt.date(2016, 7, 1))])
    with pytest.raises(ArticleNotFoundError, match=r"\[E012\]"):
        store.replace_timeline(
            story.id, [_entry(story.id, dt.date(2016, 7, 1), _source("ffffffffffffffff"))]
        )
    assert store.timeline(story.id) == kept


def test_timeline_reads_use_the_date_index(store: SqliteStore) -> None:
    plan = store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM timeline_entries WHERE story_id = ? ORDER BY date, seq",
        ("s",),
    ).fetchall()
    assert any("timeline_entries_by_date" in row[-1] for row in plan)
    assert not any("TEMP B-TREE" in row[-1] for row in plan)
