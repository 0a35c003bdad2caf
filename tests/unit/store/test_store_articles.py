"""Storing and reading articles: round trip, idempotence, crash safety, lookups."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.records import Article, PublishedDate, RejectReason, Stage
from storyline.store import (
    AmbiguousIdError,
    ArticleNotFoundError,
    SqliteStore,
    UpsertResult,
    open_store,
)
from storyline.store import rows as rows_module

MakeArticle = Callable[..., Article]


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an upsert writes, read over a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("articles", "article_sources", "rejects", "runs")
        }
    finally:
        conn.close()


def _batch(make_article: MakeArticle, n: int, tag: str = "") -> list[Article]:
    return [
        make_article(f"Article {tag}{i}: officials met on Monday.", source=f"in/{tag}{i}.txt")
        for i in range(n)
    ]


def test_article_round_trips_exactly(store: SqliteStore, make_article: MakeArticle) -> None:
    article = make_article()
    assert store.upsert_articles([article]) == UpsertResult(added=1)
    assert store.get_article(article.id) == article
    assert list(store.articles()) == [article]


def test_article_with_every_optional_field_empty_round_trips(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    article = make_article(
        url=None, removed=(), title=None, title_span=None, subtitle=None, subtitle_span=None,
        outlet=None, outlet_evidence=None, agency=None, dateline=None, dateline_span=None,
        published=PublishedDate(value=None, granularity=None, method="none", confidence=0.0),
        language=None, language_confidence=None, encoding=None,
    )
    store.upsert_articles([article])
    assert store.get_article(article.id) == article


def test_same_batch_twice_changes_nothing(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    batch = _batch(make_article, 3)
    run = store.start_run(settings_json="{}", models={})
    assert store.upsert_articles(batch, run_id=run) == UpsertResult(added=3)
    before = _dump(store.path)
    again = store.start_run(settings_json="{}", models={})
    assert store.upsert_articles(batch, run_id=again) == UpsertResult(unchanged=3)
    after = _dump(store.path)
    assert after["articles"] == before["articles"]
    assert after["article_sources"] == before["article_sources"]
    assert [store.get_article(a.id) for a in batch] == batch


def test_same_text_from_another_path_keeps_first_source_and_records_both(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    first = make_article(source="a/story.txt")
    copy = dataclasses.replace(first, source="b/copy-of-story.txt")
    store.upsert_articles([first])
    assert store.upsert_articles([copy]) == UpsertResult(unchanged=1)
    assert store.get_article(first.id).source == "a/story.txt"
    assert store.sources(first.id) == ("a/story.txt", "b/copy-of-story.txt")
    store.upsert_articles([copy, first])
    assert store.sources(first.id) == ("a/story.txt", "b/copy-of-story.txt")
    assert store.count_articles() == 1


def test_same_id_derived_differently_is_counted_and_first_is_kept(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    first = make_article(source="feed.jsonl#3")
    other = dataclasses.replace(first, source="page.txt", url=None, outlet=None)
    store.upsert_articles([first])
    assert store.upsert_articles([other]) == UpsertResult(differing=1)
    assert store.get_article(first.id) == first
    assert store.sources(first.id) == ("feed.jsonl#3", "page.txt")


def test_duplicate_inside_one_batch(store: SqliteStore, make_article: MakeArticle) -> None:
    article = make_article()
    result = store.upsert_articles([article, dataclasses.replace(article, source="dup.txt")])
    assert result == UpsertResult(added=1, unchanged=1)
    assert store.sources(article.id) == (article.source, "dup.txt")


def test_crash_mid_batch_keeps_earlier_batches_and_writes_nothing_of_its_own(
    store: SqliteStore, make_article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = _batch(make_article, 2, "early")
    store.upsert_articles(earlier)
    before = _dump(store.path)

    calls = 0
    real = rows_module.article_to_row

    def crash_after_two(article: Article) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("simulated crash")
        return real(article)

    monkeypatch.setattr(rows_module, "article_to_row", crash_after_two)
    doomed = _batch(make_article, 4, "doomed")
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.upsert_articles(doomed)
    assert calls == 3
    monkeypatch.undo()

    assert _dump(store.path) == before
    assert store.count_articles() == 2
    for article in doomed[:2]:
        with pytest.raises(ArticleNotFoundError):
            store.get_article(article.id)
        assert store.sources(article.id) == ()
    # The store is usable after the crash, and the batch can be retried.
    assert store.upsert_articles(doomed) == UpsertResult(added=4)


class _CrashOnSecondSource:
    """A connection stand-in that dies between an article's row and its source row."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.source_inserts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith("INSERT OR IGNORE INTO article_sources"):
            self.source_inserts += 1
            if self.source_inserts == 2:
                raise KeyboardInterrupt("killed between the article row and its source")
        return self._conn.execute(sql, *args)


def test_crash_between_article_row_and_source_row_leaves_no_half_article(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    earlier = _batch(make_article, 1, "early")
    store.upsert_articles(earlier)
    before = _dump(store.path)
    real = store._conn
    crashing = _CrashOnSecondSource(real)
    store._conn = crashing  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            store.upsert_articles(_batch(make_article, 3, "doomed"))
    finally:
        store._conn = real
    assert crashing.source_inserts == 2
    assert _dump(store.path) == before
    assert store.count_articles() == 1


def test_an_article_sqlite_cannot_hold_is_rejected_and_the_rest_stored(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    good = _batch(make_article, 2)
    bad = make_article("A lone surrogate \ud800 cannot be UTF-8.", source="bad.txt")
    result = store.upsert_articles([good[0], bad, good[1]])
    assert (result.added, result.unchanged, result.differing) == (2, 0, 0)
    [reject] = result.rejected
    assert reject.source == "bad.txt"
    assert reject.stage is Stage.STORE
    assert reject.reason is RejectReason.INTERNAL_ERROR
    assert bad.id in reject.detail
    assert store.count_articles() == 2
    assert store.sources(bad.id) == ()


def test_non_finite_confidence_is_rejected_not_stored_as_null(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    article = make_article()
    nan = dataclasses.replace(
        article,
        published=dataclasses.replace(article.published, confidence=float("nan")),
    )
    result = store.upsert_articles([nan])
    assert result.added == 0
    assert "finite" in result.rejected[0].detail


def test_articles_are_ordered_by_date_then_id_undated_last(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    def dated(body: str, day: dt.date | None) -> Article:
        base = make_article(body)
        return dataclasses.replace(
            base, published=dataclasses.replace(base.published, value=day)
        )

    items = [
        dated("undated one", None),
        dated("late", dt.date(2016, 12, 1)),
        dated("early a", dt.date(2016, 1, 5)),
        dated("early b", dt.date(2016, 1, 5)),
        dated("ancient", dt.date(999, 1, 1)),
    ]
    store.upsert_articles(items)
    got = [a.id for a in store.articles()]
    dated_items = sorted(
        (a for a in items if a.published.value), key=lambda a: (a.published.value, a.id)
    )
    assert got == [a.id for a in dated_items] + [items[0].id]
    assert store.count_articles() == 5


def test_get_article_by_unique_prefix(store: SqliteStore, make_article: MakeArticle) -> None:
    article = make_article()
    store.upsert_articles([article])
    assert store.get_article(article.id[:4]) == article
    assert store.get_article(article.id[:10]) == article


def test_prefix_shorter_than_four_is_not_accepted(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    article = make_article()
    store.upsert_articles([article])
    with pytest.raises(ArticleNotFoundError, match="at least 4 characters"):
        store.get_article(article.id[:3])


def test_ambiguous_prefix_lists_candidates(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    a = make_article(id="abcd000000000001")
    b = make_article("another text", id="abcd000000000002")
    store.upsert_articles([a, b])
    with pytest.raises(AmbiguousIdError) as info:
        store.get_article("abcd")
    assert a.id in str(info.value) and b.id in str(info.value)
    assert isinstance(info.value, ArticleNotFoundError)
    assert store.get_article("abcd000000000002") == b


def test_unknown_id_raises_e012_lookup_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store, pytest.raises(LookupError) as info:
        store.get_article("deadbeef")
    assert isinstance(info.value, ArticleNotFoundError)
    message = str(info.value)
    assert message.startswith("[E012]")
    assert "'deadbeef'" in message and "s.db" in message


def test_full_text_index_follows_the_articles(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    article = make_article("Borodavkin spoke to reporters in Geneva.", title="Envoy speaks")
    store.upsert_articles([article, make_article("Nothing relevant here.")])
    hits = store._conn.execute(
        "SELECT a.id FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
        "WHERE articles_fts MATCH ?",
        ("borodavkin",),
    ).fetchall()
    assert [h[0] for h in hits] == [article.id]
    titled = store._conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'title:envoy'"
    ).fetchone()[0]
    assert titled == 1
    store._conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_dated_articles_sample_is_latest_first_and_limited(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    def dated(body: str, day: dt.date | None) -> Article:
        base = make_article(body)
        return dataclasses.replace(
            base, published=dataclasses.replace(base.published, value=day)
        )

    items = [dated(f"a{i}", dt.date(2016, 1, 1 + i)) for i in range(5)] + [dated("none", None)]
    store.upsert_articles(items)
    sample = list(store.dated_articles_sample(limit=3))
    assert [a.published.value for a in sample] == [
        dt.date(2016, 1, 5), dt.date(2016, 1, 4), dt.date(2016, 1, 3)
    ]
    assert len(list(store.dated_articles_sample(limit=100))) == 5
