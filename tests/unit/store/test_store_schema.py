"""Opening stores: creation, migrations, refusal of newer or foreign files, E010/E011."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.records import Article
from storyline.store import SCHEMA_VERSION, open_store
from storyline.store.schema import APPLICATION_ID, MIGRATIONS, Migration, migrate, version_of

MakeArticle = Callable[..., Article]


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(path: Path) -> set[str]:
    with _raw(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_new_store_is_created_with_parents_at_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.db"
    with open_store(path) as store:
        assert store.count_articles() == 0
    conn = _raw(path)
    assert version_of(conn) == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert {"runs", "articles", "article_sources", "rejects", "articles_fts", "analyses",
            "actor_mentions", "quotes", "times", "actors"} <= _tables(path)


def test_store_connection_has_foreign_keys_on(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_a_current_store_changes_nothing(
    tmp_path: Path, make_article: MakeArticle
) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.upsert_articles([make_article()])
    with open_store(path) as store:
        assert store.count_articles() == 1
    with _raw(path) as conn:
        assert version_of(conn) == SCHEMA_VERSION


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_migrates_from_every_older_version(
    tmp_path: Path, start: int, make_article: MakeArticle
) -> None:
    path = tmp_path / "s.db"
    conn = _raw(path)
    assert migrate(conn, path=path, migrations=MIGRATIONS[:start]) == start
    conn.close()
    with open_store(path) as store:
        store.upsert_articles([make_article()])
        assert store.count_articles() == 1
    with _raw(path) as conn:
        assert version_of(conn) == SCHEMA_VERSION


def test_migrating_from_previous_version_keeps_the_data(
    tmp_path: Path, make_article: MakeArticle
) -> None:
    # A later migration is one tuple entry like this one (as step 2, the analyses, was).
    path = tmp_path / "s.db"
    article = make_article()
    with open_store(path) as store:
        store.upsert_articles([article])
    extra = Migration(
        name="test: mentions",
        statements=(
            "CREATE TABLE mentions (article_id TEXT NOT NULL REFERENCES articles (id), "
            "start INTEGER NOT NULL)",
            "CREATE INDEX mentions_by_article ON mentions (article_id)",
        ),
    )
    conn = _raw(path)
    assert migrate(conn, path=path, migrations=(*MIGRATIONS, extra)) == SCHEMA_VERSION + 1
    conn.execute("INSERT INTO mentions VALUES (?, 3)", (article.id,))
    conn.close()
    assert "mentions" in _tables(path)
    # The current code now sees a store one version newer than it knows: refused, not guessed.
    with pytest.raises(StoreError, match=rf"\[E011\].*schema version {SCHEMA_VERSION + 1}"):
        open_store(path)


def test_failed_migration_step_leaves_the_store_as_it_was(
    tmp_path: Path, make_article: MakeArticle
) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.upsert_articles([make_article()])
    broken = Migration(
        name="test: broken",
        statements=("CREATE TABLE half_done (x INTEGER)", "CREATE TABLE oops (x NO_SUCH SYNTAX (("),
    )
    conn = _raw(path)
    step = SCHEMA_VERSION + 1
    with pytest.raises(StoreError, match=rf"\[E010\].*schema step {step} \(test: broken\) failed"):
        migrate(conn, path=path, migrations=(*MIGRATIONS, broken))
    assert version_of(conn) == SCHEMA_VERSION
    conn.close()
    assert "half_done" not in _tables(path)
    with open_store(path) as store:
        assert store.count_articles() == 1


def test_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    with _raw(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError) as info:
        open_store(path)
    message = str(info.value)
    assert message.startswith("[E011]")
    assert str(path) in message
    assert f"schema version {SCHEMA_VERSION + 5}" in message
    assert "Upgrade storyline" in message


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with _raw(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(StoreError, match=r"\[E010\].*not a storyline store"):
        open_store(path)
    assert _tables(path) == {"contacts"}


def test_file_that_is_not_sqlite_is_refused_with_e010(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=r"\[E010\].*notes\.db.*--db"):
        open_store(path)


def test_directory_path_is_refused_with_e010(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"\[E010\]"):
        open_store(tmp_path)


def test_parent_that_is_a_file_is_refused_with_e010(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match=r"\[E010\].*could not be opened"):
        open_store(tmp_path / "file" / "store.db")


def test_store_error_is_a_runtime_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        open_store(tmp_path)


def test_context_manager_closes(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        pass
    with pytest.raises(sqlite3.ProgrammingError):
        store.count_articles()
    store.close()  # closing twice is harmless
