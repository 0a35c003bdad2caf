"""Storing coded events and places: round trip, queries, links to actors, refusals, migration."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import StoreError
from storyline.records import Actor, Article, ArticleAnalysis, Event, PublishedDate
from storyline.store import (
    ActorNotFoundError,
    EventNotFoundError,
    SqliteStore,
    open_store,
)
from storyline.store import analysis_rows as arows
from storyline.store import rows as rows_module
from storyline.store.schema import MIGRATIONS, migrate, version_of

MakeArticle = Callable[..., Article]
MakeAnalysis = Callable[..., ArticleAnalysis]
MakeActor = Callable[..., Actor]
TABLES = ("analyses", "places", "events")


def _counts(store: SqliteStore) -> dict[str, int]:
    return {
        table: store._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in TABLES
    }


def _dump(store: SqliteStore) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [tuple(r) for r in store._conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        for table in (*TABLES, "actors")
    }


def _analysed(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis, n: int = 1
) -> list[ArticleAnalysis]:
    articles = [make_analysed_article(f"({i})", source=f"in/{i}.txt") for i in range(n)]
    store.upsert_articles(articles)
    analyses = [make_analysis(a) for a in articles]
    store.save_analyses(analyses)
    return analyses


def _with_events(analysis: ArticleAnalysis, *events: Event) -> ArticleAnalysis:
    return dataclasses.replace(analysis, events=events)


# --- round trip --------------------------------------------------------------------------------


def test_events_and_places_round_trip_exactly(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    [analysis] = _analysed(store, make_analysed_article, make_analysis)
    assert len(analysis.events) == 3 and len(analysis.places) == 2
    assert store.analysis(analysis.article_id) == analysis
    assert store.events() == sorted(analysis.events, key=lambda e: (e.date, e.start))
    assert store.places() == list(analysis.places)
    assert store.places(article_id=analysis.article_id) == list(analysis.places)
    assert store.places(article_id="unknown") == []
    assert _counts(store) == {"analyses": 1, "places": 2, "events": 3}
    for event in analysis.events:
        assert store.get_event(event.id) == event


def test_factory_event_and_place_offsets_slice_the_text(
    make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    article = make_analysed_article()
    analysis = make_analysis(article)
    for place in analysis.places:
        assert article.text[place.start : place.end] == place.text
    for event in analysis.events:
        assert article.text[event.trigger_start : event.trigger_end] == event.trigger
        assert event.source_start is not None and event.source_end is not None
        assert article.text[event.source_start : event.source_end] == event.source
        assert event.trigger in article.text[event.start : event.end]


def test_events_are_read_back_in_saved_order_and_columns_hold_the_cameo_root(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    article = make_analysed_article()
    store.upsert_articles([article])
    base = make_analysis(article)
    shuffled = dataclasses.replace(base, events=base.events[::-1], places=base.places[::-1])
    store.save_analyses([shuffled])
    assert store.analysis(article.id) == shuffled
    roots = store._conn.execute("SELECT cameo, cameo_root FROM events ORDER BY cameo").fetchall()
    assert [tuple(r) for r in roots] == [("010", "01"), ("036", "03"), ("044", "04")]


def test_replacing_an_analysis_replaces_its_events_and_places(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    first, other = _analysed(store, make_analysed_article, make_analysis, n=2)
    smaller = dataclasses.replace(first, events=first.events[2:], places=())
    store.save_analyses([smaller])
    assert store.analysis(first.article_id) == smaller
    assert store.analysis(other.article_id) == other
    assert _counts(store) == {"analyses": 2, "places": 2, "events": 4}
    # Saving the same analyses again writes the same rows, event ids included.
    before = _dump(store)
    store.save_analyses([smaller, other])
    assert _dump(store) == before


def test_deleting_an_article_cascades_to_its_events_and_places(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    first, _ = _analysed(store, make_analysed_article, make_analysis, n=2)
    store._conn.execute("DELETE FROM articles WHERE id = ?", (first.article_id,))
    assert _counts(store) == {"analyses": 1, "places": 2, "events": 3}
    assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_event_without_optional_values_round_trips(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    article = make_article()
    store.upsert_articles([article])
    bare = Event(id="bare", article_id=article.id, start=0, end=5, trigger="Talks",
                 trigger_start=0, trigger_end=5, source=None, target=None, cameo="04",
                 rule="r", producer="p")
    analysis = ArticleAnalysis(article_id=article.id, events=(bare,))
    store.save_analyses([analysis])
    assert store.analysis(article.id) == analysis
    assert store.get_event("bare") == bare


# --- queries -----------------------------------------------------------------------------------


def _coded(store: SqliteStore, make_analysed_article: MakeArticle,
           make_analysis: MakeAnalysis) -> tuple[ArticleAnalysis, ArticleAnalysis]:
    """Two analysed articles; the second one's events recoded as 0431, 0871 and 046."""
    a, b = _analysed(store, make_analysed_article, make_analysis, n=2)
    told, ready, resume = b.events
    recoded = _with_events(
        b,
        dataclasses.replace(told, cameo="0431", modality="threatened"),
        dataclasses.replace(ready, cameo="0871", source_code="SYRREB", date=None,
                            date_granularity=None, date_source=None),
        dataclasses.replace(resume, cameo="046"),
    )
    store.save_analyses([recoded])
    return a, recoded


def _codes(events: list[Event]) -> list[str]:
    return [e.cameo for e in events]


def test_events_are_ordered_by_date_undated_last_then_article_then_start(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    a, b = _coded(store, make_analysed_article, make_analysis)
    first, second = sorted([a, b], key=lambda x: x.article_id)  # same publication date: by id
    tuesday = {a.article_id: ["010", "036"], b.article_id: ["0431"]}
    next_week = {a.article_id: ["044"], b.article_id: ["046"]}
    assert _codes(store.events()) == [
        *tuesday[first.article_id], *tuesday[second.article_id],
        *next_week[first.article_id], *next_week[second.article_id],
        "0871",  # undated: last
    ]
    dates = [e.date for e in store.events()]
    assert dates == [dt.date(2016, 7, 26)] * 3 + [dt.date(2016, 8, 1)] * 2 + [None]


def test_events_article_order_follows_publication_dates(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    def dated(tag: str, day: dt.date | None) -> Article:
        return make_analysed_article(tag, published=PublishedDate(
            value=day, granularity=None if day is None else "day", method="metadata",
            confidence=1.0))

    late, undated, early = (dated("late", dt.date(2016, 8, 1)), dated("undated", None),
                            dated("early", dt.date(2016, 7, 1)))
    store.upsert_articles([late, undated, early])
    undated_events = [dataclasses.replace(e, date=None) for e in make_analysis(undated).events]
    store.save_analyses([make_analysis(late), make_analysis(early),
                         _with_events(make_analysis(undated), *undated_events)])
    got = [(e.date, e.article_id) for e in store.events()]
    tuesday, next_week = dt.date(2016, 7, 26), dt.date(2016, 8, 1)
    assert got == [
        (tuesday, early.id), (tuesday, early.id), (tuesday, late.id), (tuesday, late.id),
        (next_week, early.id), (next_week, late.id),
        (None, undated.id), (None, undated.id), (None, undated.id),
    ]
    assert [(p.article_id, p.text) for p in store.places()] == [
        (i, t) for i in (early.id, late.id, undated.id) for t in ("Russia", "Geneva")
    ]


def test_code_filter_is_a_cameo_prefix(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    _coded(store, make_analysed_article, make_analysis)
    assert sorted(_codes(store.events(code="04"))) == ["0431", "044", "046"]
    assert _codes(store.events(code="043")) == ["0431"]
    assert _codes(store.events(code="0431")) == ["0431"]
    assert _codes(store.events(code="0871")) == ["0871"]
    assert _codes(store.events(code="087")) == ["0871"]
    assert _codes(store.events(code="08711")) == []
    assert sorted(_codes(store.events(code="0"))) == sorted(_codes(store.events()))
    assert len(store.events(code="")) == 6
    assert store.events(code="4") == [] and store.events(code="99") == []


def test_modality_and_article_filters(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    a, b = _coded(store, make_analysed_article, make_analysis)
    assert _codes(store.events(modality="threatened")) == ["0431"]
    assert sorted(_codes(store.events(modality="intended"))) == ["036", "044", "046", "0871"]
    assert store.events(modality="denied") == []
    with pytest.raises(ValueError, match=r"Unknown event modality 'threat'.*threatened"):
        store.events(modality="threat")
    assert _codes(store.events(article_id=a.article_id)) == ["010", "036", "044"]
    assert _codes(store.events(article_id=b.article_id, code="04")) == ["0431", "046"]
    assert _codes(store.events(article_id=b.article_id, code="04", modality="asserted")) == []
    assert store.events(article_id="unknown") == []


def test_actor_filter_matches_text_codes_and_linked_actors(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    a, b = _coded(store, make_analysed_article, make_analysis)
    actor = make_actor("Сергей Рябков", aliases=("ΣΕΡΓΚΕΪ",))
    russia = make_actor("Russian Federation", kind="country", aliases=("RF",))
    told = a.events[0]
    store.replace_actors([actor, russia], mention_actor_ids={}, quote_speaker_ids={},
                         event_actor_ids={(a.article_id, told.id): (actor.id, russia.id)})
    # The linked actors' names and aliases, ignoring case beyond ASCII.
    assert _codes(store.events(actor="рябков")) == ["010"]
    assert _codes(store.events(actor="σεργκεϊ")) == ["010"]
    assert _codes(store.events(actor="federation")) == ["010"]
    # The source or target as written, linked or not.
    assert len(store.events(actor="ryabkov")) == 4
    assert sorted(_codes(store.events(actor="the DIPLOMAT"))) == ["044", "046"]
    assert sorted(_codes(store.events(actor="REPORTERS"))) == ["010", "0431"]
    # Codes.
    assert _codes(store.events(actor="syrreb")) == ["0871"]
    assert _codes(store.events(actor="med", article_id=b.article_id)) == ["0431"]
    assert len(store.events(actor="rusgov")) == 5
    assert store.events(actor="Lavrov") == []
    assert len(store.events(actor="")) == 6
    assert _codes(store.events(actor="diplomat", code="04", article_id=a.article_id)) == ["044"]
    assert store.events(actor="ryabkov", code="04", article_id=a.article_id) == []


def test_get_event_by_id_and_prefix(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    article = make_article()
    store.upsert_articles([article])

    def event(event_id: str) -> Event:
        return Event(id=event_id, article_id=article.id, start=0, end=5, trigger="Talks",
                     trigger_start=0, trigger_end=5, source=None, target=None, cameo="040",
                     rule="r", producer="p")

    one, two = event("abcd1111"), event("abcd2222")
    store.save_analyses([ArticleAnalysis(article_id=article.id, events=(one, two))])
    assert store.get_event("abcd1111") == one
    assert store.get_event("abcd2") == two
    with pytest.raises(EventNotFoundError, match="several events.*abcd1111, abcd2222"):
        store.get_event("abcd")
    with pytest.raises(EventNotFoundError, match="at least 4 characters"):
        store.get_event("abc")
    with pytest.raises(EventNotFoundError, match="No event with id 'ffff'"):
        store.get_event("ffff")
    with pytest.raises(LookupError):
        store.get_event("ffff")
    with pytest.raises(StoreError):
        store.get_event("ffff")


# --- links to actors ---------------------------------------------------------------------------


def test_replace_actors_links_events_and_unlinks_the_others(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    a, b = _analysed(store, make_analysed_article, make_analysis, n=2)
    ryabkov = make_actor("Sergey Ryabkov")
    russia = make_actor("Russia", kind="country")
    links = {
        (a.article_id, a.events[0].id): (ryabkov.id, russia.id),
        (a.article_id, a.events[2].id): (ryabkov.id, None),
        (b.article_id, b.events[1].id): (None, russia.id),
        (b.article_id, b.events[2].id): (None, None),
        ("gone", "no-such-event"): (ryabkov.id, None),
        (b.article_id, a.events[1].id): (ryabkov.id, None),  # another article's event
    }
    store.replace_actors([ryabkov, russia], mention_actor_ids={}, quote_speaker_ids={},
                         event_actor_ids=links)

    def linked() -> dict[tuple[str, str], tuple[str | None, str | None]]:
        return {(e.article_id, e.id): (e.source_actor, e.target_actor) for e in store.events()
                if e.source_actor is not None or e.target_actor is not None}

    assert linked() == {
        (a.article_id, a.events[0].id): (ryabkov.id, russia.id),
        (a.article_id, a.events[2].id): (ryabkov.id, None),
        (b.article_id, b.events[1].id): (None, russia.id),
    }
    got = store.analysis(a.article_id)
    assert got is not None and got.events[0].target_actor == russia.id
    assert store.get_event(a.events[0].id).source_actor == ryabkov.id
    # A new mapping replaces the links: events it does not name are unlinked.
    store.replace_actors([ryabkov, russia], mention_actor_ids={}, quote_speaker_ids={},
                         event_actor_ids={(b.article_id, b.events[0].id): (russia.id, None)})
    assert linked() == {(b.article_id, b.events[0].id): (russia.id, None)}
    store.replace_actors([ryabkov], mention_actor_ids={}, quote_speaker_ids={},
                         event_actor_ids={})
    assert linked() == {}


def test_replace_actors_without_event_ids_keeps_links_to_surviving_actors(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    [a] = _analysed(store, make_analysed_article, make_analysis)
    ryabkov = make_actor("Sergey Ryabkov")
    russia = make_actor("Russia", kind="country")
    store.replace_actors([ryabkov, russia], mention_actor_ids={}, quote_speaker_ids={},
                         event_actor_ids={(a.article_id, a.events[0].id): (ryabkov.id, russia.id),
                                          (a.article_id, a.events[1].id): (None, russia.id)})
    # Russia merged away: links to it go; those to Ryabkov (same id) stay.
    renamed = dataclasses.replace(ryabkov, aliases=("Ryabkov",))
    store.replace_actors([renamed], mention_actor_ids={}, quote_speaker_ids={})
    assert [(e.source_actor, e.target_actor) for e in store.events()] == [
        (ryabkov.id, None), (None, None), (None, None)
    ]
    assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_replace_actors_refuses_event_links_to_unknown_actors_and_writes_nothing(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    [a] = _analysed(store, make_analysed_article, make_analysis)
    actor = make_actor("Sergey Ryabkov")
    key = (a.article_id, a.events[0].id)
    store.replace_actors([actor], mention_actor_ids={}, quote_speaker_ids={},
                         event_actor_ids={key: (actor.id, None)})
    before = _dump(store)
    with pytest.raises(ValueError, match="'gone'.*not among the actors given"):
        store.replace_actors([actor], mention_actor_ids={}, quote_speaker_ids={},
                             event_actor_ids={key: (actor.id, "gone")})
    assert _dump(store) == before


def test_deleting_an_actor_unlinks_its_events(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    [a] = _analysed(store, make_analysed_article, make_analysis)
    actor = make_actor("Sergey Ryabkov")
    store.replace_actors([actor], mention_actor_ids={}, quote_speaker_ids={},
                         event_actor_ids={(a.article_id, a.events[0].id): (actor.id, actor.id)})
    store._conn.execute("DELETE FROM actors")
    assert all(e.source_actor is None and e.target_actor is None for e in store.events())


def test_saved_event_links_must_name_stored_actors(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    article = make_analysed_article()
    store.upsert_articles([article])
    analysis = make_analysis(article)
    linked = _with_events(analysis, dataclasses.replace(analysis.events[0], target_actor="nope"))
    with pytest.raises(ActorNotFoundError, match="nope.*replace_actors"):
        store.save_analyses([linked])
    assert store.analysis(article.id) is None
    actor = make_actor("Sergey Ryabkov")
    store.replace_actors([actor], mention_actor_ids={}, quote_speaker_ids={})
    ok = _with_events(analysis, dataclasses.replace(analysis.events[0], source_actor=actor.id))
    store.save_analyses([ok])
    assert store.analysis(article.id) == ok


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda a: _with_events(a, dataclasses.replace(a.events[0], article_id="f" * 16)),
         ValueError, "An Event of article 'ffffffffffffffff'"),
        (lambda a: dataclasses.replace(
            a, places=(dataclasses.replace(a.places[0], article_id="f" * 16),)),
         ValueError, "A Place of article 'ffffffffffffffff'"),
        (lambda a: _with_events(a, dataclasses.replace(
            a.events[2], place=dataclasses.replace(a.places[1], article_id="f" * 16))),
         ValueError, "A Place of article 'ffffffffffffffff'"),
        (lambda a: _with_events(a, a.events[0], a.events[0]),
         ValueError, "Two events of article .* have the id"),
        (lambda a: _with_events(a, dataclasses.replace(a.events[0], goldstein=float("nan"))),
         ValueError, "goldstein must be a finite number"),
        (lambda a: _with_events(a, dataclasses.replace(
            a.events[2], place=dataclasses.replace(a.places[1], lat=float("inf")))),
         ValueError, r"place\.lat must be a finite number"),
        (lambda a: _with_events(a, dataclasses.replace(
            a.events[2], place=dataclasses.replace(a.places[1], geonameid=2**63))),
         ValueError, r"place\.geonameid must fit a signed 64-bit integer"),
        (lambda a: dataclasses.replace(
            a, places=(dataclasses.replace(a.places[0], lon=float("-inf")),)),
         ValueError, r"place\.lon must be a finite number"),
        (lambda a: dataclasses.replace(
            a, places=(dataclasses.replace(a.places[0], geonameid=-(2**63) - 1),)),
         OverflowError, "too large"),
    ],
)
def test_values_the_store_cannot_keep_are_refused_and_the_batch_not_written(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    change: Callable[[ArticleAnalysis], ArticleAnalysis],
    error: type[Exception],
    message: str,
) -> None:
    [old] = _analysed(store, make_analysed_article, make_analysis)
    fresh = make_analysed_article("fresh")
    store.upsert_articles([fresh])
    before = _dump(store)
    replaced = dataclasses.replace(old, events=old.events[:1], places=())
    with pytest.raises(error, match=message):
        store.save_analyses([replaced, change(make_analysis(fresh))])
    assert _dump(store) == before
    assert store.analysis(old.article_id) == old
    assert not store._conn.in_transaction


def test_event_ids_are_unique_across_the_store(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    [a] = _analysed(store, make_analysed_article, make_analysis)
    other = make_analysed_article("other")
    store.upsert_articles([other])
    analysis = make_analysis(other)
    clash = _with_events(analysis, dataclasses.replace(analysis.events[0], id=a.events[1].id))
    with pytest.raises(ValueError, match=rf"{a.events[1].id}.*already the id of an event of "
                                         rf"article '{a.article_id}'"):
        store.save_analyses([clash])
    # Within one batch too; but re-saving an article with its own ids is a replacement.
    with pytest.raises(ValueError, match="already the id"):
        store.save_analyses([analysis, _with_events(
            a, dataclasses.replace(a.events[0], id=analysis.events[0].id))])
    assert store.analysis(other.id) is None
    store.save_analyses([a, analysis])
    assert len(store.events()) == 6


# --- schema ------------------------------------------------------------------------------------


def test_migrates_a_version_2_store_with_analyses_and_keeps_them(
    tmp_path: Path,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    path = tmp_path / "v2.db"
    article = make_analysed_article()
    full = make_analysis(article)
    actor = make_actor("Sergey Ryabkov")
    first = full.actor_mentions[0]
    v2 = dataclasses.replace(
        full, places=(), events=(),
        producers=tuple(p for p in full.producers if p[0] not in ("places", "events")),
        actor_mentions=(dataclasses.replace(
            first, mention=dataclasses.replace(first.mention, actor_id=actor.id)),
            *full.actor_mentions[1:]),
    )
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, path=path, migrations=MIGRATIONS[:2]) == 2

    # What a version-2 store holds, written as version-2 code wrote it.
    def insert(table: str, row: dict[str, Any]) -> None:
        conn.execute(f"INSERT INTO {table} ({', '.join(row)}) "
                     f"VALUES ({', '.join('?' * len(row))})", tuple(row.values()))

    insert("articles", rows_module.article_to_row(article))
    insert("analyses", {"article_id": article.id,
                        "producers_json": arows.producers_to_json(v2.producers)})
    insert("actors", arows.actor_to_row(actor))
    for i, m in enumerate(v2.actor_mentions):
        insert("actor_mentions", arows.actor_mention_to_row(m, seq=i))
    for i, q in enumerate(v2.quotes):
        insert("quotes", arows.quote_to_row(q, seq=i))
    for i, t in enumerate(v2.times):
        insert("times", arows.time_to_row(t, seq=i))
    conn.close()

    with open_store(path) as store:
        assert list(store.articles()) == [article]
        assert store.analysis(article.id) == v2
        assert store.actors()[0].mentions == (v2.actor_mentions[0].mention,)
        assert store.events() == [] and store.places() == []
        # Old analyses have no events; the new producers tell the pipeline to redo them.
        assert store.analysis_needed([article.id], dict(full.producers)) == [article.id]
        store.save_analyses([full])
        assert store.analysis(article.id) == full
        assert store.places() == list(full.places)
    with sqlite3.connect(path) as raw:
        assert version_of(raw) == len(MIGRATIONS)
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    assert {"places", "events", "places_by_offsets", "events_by_id", "events_by_offsets",
            "events_by_source_actor", "events_by_target_actor", "events_by_cameo",
            "events_by_cameo_root"} <= names


def test_code_filter_uses_the_cameo_indexes(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    _analysed(store, make_analysed_article, make_analysis)
    plan = store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM events WHERE cameo_root = ? AND substr(cameo, 1, 3) = ?",
        ("04", "043"),
    ).fetchall()
    assert any("events_by_cameo_root" in row[-1] for row in plan)
