"""Storing analyses: round trip, replacement, crash safety, skipping unchanged work, migration."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.records import Actor, Article, ArticleAnalysis, Mention, PublishedDate
from storyline.store import (
    ActorNotFoundError,
    ArticleNotFoundError,
    SqliteStore,
    open_store,
)
from storyline.store import analysis_rows as arows
from storyline.store import rows as rows_module
from storyline.store.schema import MIGRATIONS, migrate, version_of

MakeArticle = Callable[..., Article]
MakeAnalysis = Callable[..., ArticleAnalysis]
MakeActor = Callable[..., Actor]
Producers = tuple[tuple[str, str], ...]
ANALYSIS_TABLES = ("analyses", "actor_mentions", "quotes", "times", "actors")


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the analysis tables (and articles), read over a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("articles", *ANALYSIS_TABLES)
        }
    finally:
        conn.close()


def _counts(store: SqliteStore) -> dict[str, int]:
    return {
        table: store._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ANALYSIS_TABLES
    }


def _analysed(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis, n: int = 1
) -> list[ArticleAnalysis]:
    """Store ``n`` articles with the analysed body and their analyses; return the analyses."""
    articles = [make_analysed_article(f"({i})", source=f"in/{i}.txt") for i in range(n)]
    store.upsert_articles(articles)
    analyses = [make_analysis(a) for a in articles]
    store.save_analyses(analyses)
    return analyses


# --- saving and reading back -----------------------------------------------------------------


def test_analysis_round_trips_exactly(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    [analysis] = _analysed(store, make_analysed_article, make_analysis)
    assert store.analysis(analysis.article_id) == analysis
    assert _counts(store) == {
        "analyses": 1, "actor_mentions": 4, "quotes": 2, "times": 2, "actors": 0
    }


def test_factory_offsets_slice_the_text(
    make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    article = make_analysed_article()
    analysis = make_analysis(article)
    for m in analysis.actor_mentions:
        assert article.text[m.mention.start : m.mention.end] == m.mention.text
    for q in analysis.quotes:
        assert article.text[q.start : q.end] == q.text
        assert q.speaker_start is not None and q.speaker_end is not None
        assert article.text[q.speaker_start : q.speaker_end] == q.speaker
    for t in analysis.times:
        assert article.text[t.start : t.end] == t.text


def test_empty_analysis_round_trips(store: SqliteStore, make_article: MakeArticle) -> None:
    article = make_article()
    store.upsert_articles([article])
    empty = ArticleAnalysis(article_id=article.id)
    store.save_analyses([empty])
    assert store.analysis(article.id) == empty


def test_analysis_of_unanalysed_or_unknown_article_is_none(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    article = make_article()
    store.upsert_articles([article])
    assert store.analysis(article.id) is None
    assert store.analysis("no-such-article") is None


def test_records_are_read_back_in_saved_order_whatever_their_offsets(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    producers: Producers,
) -> None:
    article = make_analysed_article()
    store.upsert_articles([article])
    base = make_analysis(article)
    shuffled = dataclasses.replace(
        base,
        actor_mentions=base.actor_mentions[::-1],
        quotes=base.quotes[::-1],
        times=base.times[::-1],
        producers=base.producers[::-1],
    )
    store.save_analyses([shuffled])
    assert store.analysis(article.id) == shuffled
    # ...while the corpus-wide listing is in offset order.
    assert [m.mention.start for m in store.all_actor_mentions()] == sorted(
        m.mention.start for m in base.actor_mentions
    )


def test_saving_the_same_analyses_twice_changes_nothing(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    analyses = _analysed(store, make_analysed_article, make_analysis, n=2)
    before = _dump(store.path)
    store.save_analyses(analyses)
    assert _dump(store.path) == before
    assert [store.analysis(a.article_id) for a in analyses] == analyses


def test_saving_replaces_an_articles_analysis_and_leaves_no_orphans(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    producers: Producers,
) -> None:
    first, other = _analysed(store, make_analysed_article, make_analysis, n=2)
    smaller = dataclasses.replace(
        first,
        actor_mentions=first.actor_mentions[:1],
        quotes=(),
        times=first.times[1:],
        producers=(("times", "times.rules.v2"),),
    )
    store.save_analyses([smaller])
    assert store.analysis(first.article_id) == smaller
    assert store.analysis(other.article_id) == other
    assert _counts(store) == {
        "analyses": 2, "actor_mentions": 5, "quotes": 2, "times": 3, "actors": 0
    }


def test_later_analysis_of_one_article_in_a_batch_wins(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    producers: Producers,
) -> None:
    article = make_analysed_article()
    store.upsert_articles([article])
    full = make_analysis(article)
    empty = ArticleAnalysis(article_id=article.id, producers=producers)
    store.save_analyses([full, empty])
    assert store.analysis(article.id) == empty
    assert _counts(store)["actor_mentions"] == 0


def test_deleting_an_article_or_its_analysis_cascades(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    first, second = _analysed(store, make_analysed_article, make_analysis, n=2)
    store._conn.execute("DELETE FROM analyses WHERE article_id = ?", (first.article_id,))
    assert _counts(store) == {
        "analyses": 1, "actor_mentions": 4, "quotes": 2, "times": 2, "actors": 0
    }
    store._conn.execute("DELETE FROM articles WHERE id = ?", (second.article_id,))
    assert set(_counts(store).values()) == {0}
    assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_crash_mid_batch_keeps_the_previous_analyses(
    store: SqliteStore,
    monkeypatch: pytest.MonkeyPatch,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    producers: Producers,
) -> None:
    old = _analysed(store, make_analysed_article, make_analysis, n=2)
    before = _dump(store.path)
    new = [dataclasses.replace(a, quotes=a.quotes[:1], producers=(("nlp", "v2"),)) for a in old]
    real = arows.quote_to_row
    calls = 0

    def crash_on_second_article(quote: Any, *, seq: int) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first article of the batch is already replaced by then
            raise MemoryError("simulated crash")
        return real(quote, seq=seq)

    monkeypatch.setattr(arows, "quote_to_row", crash_on_second_article)
    with pytest.raises(MemoryError):
        store.save_analyses(new)
    assert _dump(store.path) == before
    assert [store.analysis(a.article_id) for a in old] == old
    assert not store._conn.in_transaction


def test_analysis_of_an_unstored_article_is_refused_and_the_batch_not_written(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    stored = make_analysed_article()
    store.upsert_articles([stored])
    missing = make_analysed_article("Not stored.")
    with pytest.raises(ArticleNotFoundError, match=r"\[E012\].*Store an article before"):
        store.save_analyses([make_analysis(stored), make_analysis(missing)])
    assert store.analysis(stored.id) is None


def test_record_of_another_article_is_refused(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    article = make_analysed_article()
    store.upsert_articles([article])
    analysis = make_analysis(article)
    stray = dataclasses.replace(analysis.times[0], article_id="ffffffffffffffff")
    with pytest.raises(ValueError, match="TimeExpr of article 'ffffffffffffffff'"):
        store.save_analyses([dataclasses.replace(analysis, times=(stray,))])
    assert store.analysis(article.id) is None


def test_links_to_unstored_actors_are_refused(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    article = make_analysed_article()
    store.upsert_articles([article])
    analysis = make_analysis(article)
    linked = dataclasses.replace(
        analysis, quotes=(dataclasses.replace(analysis.quotes[0], speaker_id="nope0000"),)
    )
    with pytest.raises(ActorNotFoundError, match="nope0000.*replace_actors"):
        store.save_analyses([linked])
    assert store.analysis(article.id) is None


def test_links_to_stored_actors_are_kept(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    actor = make_actor("Sergey Ryabkov")
    store.replace_actors([actor], mention_actor_ids={}, quote_speaker_ids={})
    article = make_analysed_article()
    store.upsert_articles([article])
    analysis = make_analysis(article)
    first = analysis.actor_mentions[0]
    linked = dataclasses.replace(
        analysis,
        actor_mentions=(
            dataclasses.replace(
                first, mention=dataclasses.replace(first.mention, actor_id=actor.id)
            ),
            *analysis.actor_mentions[1:],
        ),
        quotes=(dataclasses.replace(analysis.quotes[0], speaker_id=actor.id),
                *analysis.quotes[1:]),
    )
    store.save_analyses([linked])
    assert store.analysis(article.id) == linked
    assert store.get_actor(actor.id).mentions == (
        dataclasses.replace(first.mention, actor_id=actor.id),
    )


# --- skipping unchanged work -----------------------------------------------------------------


def test_analysis_needed_follows_the_producers(
    store: SqliteStore,
    make_article: MakeArticle,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    producers: Producers,
) -> None:
    a, b = _analysed(store, make_analysed_article, make_analysis, n=2)
    unanalysed = make_article("Nothing analysed here yet.")
    store.upsert_articles([unanalysed])
    ids = [unanalysed.id, b.article_id, a.article_id, "not-even-stored"]
    current = dict(producers)
    assert store.analysis_needed(ids, current) == [unanalysed.id, "not-even-stored"]
    # The order of the components does not matter; their names and versions do.
    assert store.analysis_needed(ids, dict(reversed(producers))) == [
        unanalysed.id, "not-even-stored"
    ]
    new_version = {**current, "quotes": "quotes.rules.v2"}
    assert store.analysis_needed(ids, new_version) == ids
    assert store.analysis_needed(ids, {**current, "stories": "stories.rules.v1"}) == ids
    assert store.analysis_needed(ids, {k: v for k, v in current.items() if k != "nlp"}) == ids
    # Once re-analysed with the new version, that article is skipped under it.
    store.save_analyses([dataclasses.replace(a, producers=tuple(new_version.items()))])
    assert store.analysis_needed(ids, new_version) == [
        unanalysed.id, b.article_id, "not-even-stored"
    ]
    assert store.analysis_needed([], current) == []


# --- actors ----------------------------------------------------------------------------------


def _keys(analysis: ArticleAnalysis) -> dict[str, tuple[str, int, int]]:
    """``(article_id, start, end)`` of each mention and quote, by its text."""
    keys = {m.mention.text: (analysis.article_id, m.mention.start, m.mention.end)
            for m in analysis.actor_mentions}
    keys.update({q.text: (analysis.article_id, q.start, q.end) for q in analysis.quotes})
    return keys


def test_replace_actors_links_mentions_and_quotes(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    a, b = _analysed(store, make_analysed_article, make_analysis, n=2)
    ka, kb = _keys(a), _keys(b)
    ryabkov = make_actor("Sergey Ryabkov", aliases=("Ryabkov", "the diplomat"))
    russia = make_actor("Russia", kind="country", aliases=(), role=None, code="RUS",
                         descriptors=())
    mention_ids = {
        ka["Sergey Ryabkov"]: ryabkov.id, ka["The diplomat"]: ryabkov.id,
        kb["Sergey Ryabkov"]: ryabkov.id, ka["Russia"]: russia.id,
    }
    speaker_ids = {ka["We are ready to talk,"]: ryabkov.id, kb["We are ready to talk,"]: None}
    store.replace_actors([russia, ryabkov], mention_actor_ids=mention_ids,
                         quote_speaker_ids=speaker_ids)

    actors = store.actors()
    assert [x.name for x in actors] == ["Sergey Ryabkov", "Russia"]  # most mentioned first
    got = actors[0]
    assert dataclasses.replace(got, mentions=()) == ryabkov
    assert [(m.article_id, m.text, m.actor_id) for m in got.mentions] == sorted(
        [(a.article_id, "Sergey Ryabkov", ryabkov.id), (a.article_id, "The diplomat", ryabkov.id),
         (b.article_id, "Sergey Ryabkov", ryabkov.id)]
    )
    linked = {(m.mention.article_id, m.mention.start, m.mention.end): m.mention.actor_id
              for m in store.all_actor_mentions()}
    assert {k: v for k, v in linked.items() if v is not None} == mention_ids
    assert [q.speaker_id for q in store.quotes(article_id=a.article_id)] == [ryabkov.id, None]
    assert [q.speaker_id for q in store.quotes(article_id=b.article_id)] == [None, None]
    analysis = store.analysis(a.article_id)
    assert analysis is not None and analysis.quotes[0].speaker_id == ryabkov.id


def test_replace_actors_again_clears_stale_links_and_actors(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    [a] = _analysed(store, make_analysed_article, make_analysis)
    ka = _keys(a)
    old = make_actor("Sergey Ryabkov")
    store.replace_actors([old], mention_actor_ids={ka["Sergey Ryabkov"]: old.id,
                                                   ka["The diplomat"]: old.id},
                         quote_speaker_ids={ka["We are ready to talk,"]: old.id})
    new = make_actor("Sergei Ryabkov")
    store.replace_actors([new], mention_actor_ids={ka["The diplomat"]: new.id},
                         quote_speaker_ids={})
    assert [x.id for x in store.actors()] == [new.id]
    assert [(m.mention.text, m.mention.actor_id) for m in store.all_actor_mentions()
            if m.mention.actor_id] == [("The diplomat", new.id)]
    assert all(q.speaker_id is None for q in store.quotes())
    store.replace_actors([], mention_actor_ids={}, quote_speaker_ids={})
    assert store.actors() == []
    assert all(m.mention.actor_id is None for m in store.all_actor_mentions())


def test_replace_actors_refuses_inconsistent_input_and_writes_nothing(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    [a] = _analysed(store, make_analysed_article, make_analysis)
    ka = _keys(a)
    actor = make_actor("Sergey Ryabkov")
    store.replace_actors([actor], mention_actor_ids={ka["Russia"]: actor.id},
                         quote_speaker_ids={})
    before = _dump(store.path)
    with pytest.raises(ValueError, match="Several actors have the id"):
        store.replace_actors([actor, actor], mention_actor_ids={}, quote_speaker_ids={})
    with pytest.raises(ValueError, match="'gone'.*not among the actors given"):
        store.replace_actors([actor], mention_actor_ids={ka["Russia"]: "gone"},
                             quote_speaker_ids={})
    with pytest.raises(ValueError, match="'gone'"):
        store.replace_actors([], mention_actor_ids={},
                             quote_speaker_ids={ka["We are ready to talk,"]: "gone"})
    assert _dump(store.path) == before


def test_unknown_keys_link_nothing(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    _analysed(store, make_analysed_article, make_analysis)
    actor = make_actor("Sergey Ryabkov")
    store.replace_actors([actor], mention_actor_ids={("gone", 0, 3): actor.id},
                         quote_speaker_ids={("gone", 0, 3): actor.id})
    assert store.actors() == [actor]
    assert all(m.mention.actor_id is None for m in store.all_actor_mentions())


def test_reanalysing_an_article_drops_its_links_until_linked_again(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    [a] = _analysed(store, make_analysed_article, make_analysis)
    actor = make_actor("Sergey Ryabkov")
    store.replace_actors([actor], mention_actor_ids={_keys(a)["Sergey Ryabkov"]: actor.id},
                         quote_speaker_ids={})
    store.save_analyses([a])
    assert store.analysis(a.article_id) == a
    assert store.get_actor(actor.id).mentions == ()


def test_actors_tie_break_by_name_then_id(store: SqliteStore, make_actor: MakeActor) -> None:
    names = ["Zed", "Abe", "Mia"]
    store.replace_actors([make_actor(n) for n in names], mention_actor_ids={},
                         quote_speaker_ids={})
    assert [x.name for x in store.actors()] == sorted(names)


def test_get_actor_by_id_and_prefix(store: SqliteStore, make_actor: MakeActor) -> None:
    one = make_actor("One", id="abcd1111")
    two = make_actor("Two", id="abcd2222")
    store.replace_actors([one, two], mention_actor_ids={}, quote_speaker_ids={})
    assert store.get_actor("abcd1111") == one
    assert store.get_actor("abcd2") == two
    with pytest.raises(ActorNotFoundError, match="several actors.*abcd1111, abcd2222"):
        store.get_actor("abcd")
    with pytest.raises(ActorNotFoundError, match="at least 4 characters"):
        store.get_actor("abc")
    with pytest.raises(ActorNotFoundError, match="No actor with id 'ffff'"):
        store.get_actor("ffff")
    with pytest.raises(LookupError):
        store.get_actor("ffff")


# --- quotes and times ------------------------------------------------------------------------


def test_quotes_speaker_filter(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> None:
    a, b = _analysed(store, make_analysed_article, make_analysis, n=2)
    ka = _keys(a)
    actor = make_actor("Сергей Рябков", aliases=("Ryabkov's ministry", "ΣΕΡΓΚΕΪ"))
    store.replace_actors([actor], mention_actor_ids={},
                         quote_speaker_ids={ka["the talks would resume in Geneva next week"]:
                                            actor.id})

    def texts(**filters: Any) -> list[tuple[str, str]]:
        return [(q.article_id, q.text[:6]) for q in store.quotes(**filters)]

    everything = texts()
    assert len(everything) == 4
    # The linked actor's name and aliases, ignoring case (beyond ASCII too).
    assert texts(speaker="рябков") == [(a.article_id, "the ta")]
    assert texts(speaker="σεργκεϊ") == [(a.article_id, "the ta")]
    assert texts(speaker="MINISTRY") == [(a.article_id, "the ta")]
    # The speaker's resolved name or the speaker as written, linked or not.
    assert texts(speaker="ryabkov") == everything
    # Both articles have the same date, so they come by id.
    assert texts(speaker="the DIPLOMAT") == sorted(
        [(a.article_id, "the ta"), (b.article_id, "the ta")]
    )
    assert texts(speaker="Lavrov") == []
    assert texts(speaker="ryabkov", article_id=b.article_id) == [
        (b.article_id, "We are"), (b.article_id, "the ta")
    ]


def test_quotes_without_speaker_match_no_speaker_filter(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    article = make_analysed_article()
    store.upsert_articles([article])
    analysis = make_analysis(article)
    anonymous = dataclasses.replace(
        analysis.quotes[0], speaker=None, speaker_start=None, speaker_end=None,
        speaker_name=None,
    )
    store.save_analyses([dataclasses.replace(analysis, quotes=(anonymous,))])
    assert store.quotes(speaker="") == []
    assert store.quotes() == [anonymous]


def test_quotes_and_times_are_in_article_order_then_offsets(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    def dated(tag: str, day: dt.date | None) -> Article:
        article = make_analysed_article(tag)
        return dataclasses.replace(
            article,
            published=PublishedDate(value=day, granularity=None if day is None else "day",
                                    method="metadata", confidence=1.0),
        )

    late = dated("late", dt.date(2016, 8, 1))
    undated = dated("undated", None)
    early = dated("early", dt.date(2016, 7, 1))
    store.upsert_articles([late, undated, early])
    analyses = {x.id: make_analysis(x) for x in (late, undated, early)}
    # Saved in reverse offset order: listings still go by offset.
    store.save_analyses([
        dataclasses.replace(x, quotes=x.quotes[::-1], times=x.times[::-1])
        for x in analyses.values()
    ])
    order = [early.id, late.id, undated.id]
    assert [(q.article_id, q.start) for q in store.quotes()] == [
        (i, q.start) for i in order for q in analyses[i].quotes
    ]
    assert [(t.article_id, t.start) for t in store.times()] == [
        (i, t.start) for i in order for t in analyses[i].times
    ]
    assert store.times(article_id=late.id) == list(analyses[late.id].times)
    assert store.quotes(article_id=late.id) == list(analyses[late.id].quotes)
    assert store.times(article_id="unknown") == []


def test_all_actor_mentions_order_does_not_depend_on_save_order(
    store: SqliteStore, make_analysed_article: MakeArticle, make_analysis: MakeAnalysis
) -> None:
    articles = [make_analysed_article(str(i)) for i in range(3)]
    store.upsert_articles(articles)
    analyses = [make_analysis(x) for x in articles]
    store.save_analyses(analyses[::-1])
    got = [(m.mention.article_id, m.mention.start, m.mention.end)
           for m in store.all_actor_mentions()]
    assert got == sorted(got)
    assert sorted(got) == sorted(
        (m.mention.article_id, m.mention.start, m.mention.end)
        for x in analyses for m in x.actor_mentions
    )


# --- schema ----------------------------------------------------------------------------------


def test_migrates_a_version_1_store_with_articles_and_keeps_them(
    tmp_path: Path,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    producers: Producers,
) -> None:
    path = tmp_path / "v1.db"
    article = make_analysed_article()
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, path=path, migrations=MIGRATIONS[:1]) == 1
    # What a version-1 store holds, written as version-1 code wrote it.
    row = rows_module.article_to_row(article)
    conn.execute(
        f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )
    conn.execute("INSERT INTO article_sources (article_id, source) VALUES (?, ?)",
                 (article.id, article.source))
    conn.close()
    with open_store(path) as store:
        assert list(store.articles()) == [article]
        assert store.sources(article.id) == (article.source,)
        assert store.analysis_needed([article.id], dict(producers)) == [article.id]
        analysis = make_analysis(article)
        store.save_analyses([analysis])
        assert store.analysis(article.id) == analysis
        assert [hit[0] for hit in store._conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Ryabkov'")] == [1]
    with sqlite3.connect(path) as raw:
        assert version_of(raw) == len(MIGRATIONS)
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    assert set(ANALYSIS_TABLES) <= tables
    assert {"actor_mentions_by_actor", "quotes_by_speaker", "times_by_offsets"} <= tables


def test_mention_form_literal_matches_the_record() -> None:
    hints = typing.get_type_hints(Mention)
    assert typing.get_args(hints["form"]) == typing.get_args(arows.MentionForm)


def test_ids_with_a_nul_character_are_found(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
    producers: Producers,
) -> None:
    # Regression: SQLite's json_each cuts strings at NUL, so id lookups bind parameters instead.
    actor = make_actor("Odd", id="odd\x00id")
    store.replace_actors([actor], mention_actor_ids={}, quote_speaker_ids={})
    article = make_analysed_article(id="art\x00icle")
    store.upsert_articles([article])
    analysis = make_analysis(article)
    linked = dataclasses.replace(
        analysis, quotes=(dataclasses.replace(analysis.quotes[0], speaker_id=actor.id),)
    )
    store.save_analyses([linked])
    assert store.analysis(article.id) == linked
    assert store.analysis_needed([article.id], dict(producers)) == []
