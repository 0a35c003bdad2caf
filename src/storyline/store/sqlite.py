"""The SQLite store: :func:`open_store` and :class:`SqliteStore`, the :class:`Repository` in use.

One file, WAL mode (readers such as the web server never block the writer), foreign keys on. The
connection runs in autocommit mode and every write opens its own explicit transaction, so what is
committed is exactly what the code says: a batch of articles, a batch of rejects, a run record, a
batch of analyses (with their places and events), a new set of actors and their links, the
duplicates, a batch of stories, a clustering state, one story's timeline.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from storyline import __version__
from storyline.errors import E, StoreError
from storyline.records import Article, Rejected, RejectReason, Stage
from storyline.store import rows
from storyline.store.lookup import row_by_id_or_prefix
from storyline.store.repository import (
    MIN_PREFIX,
    AmbiguousIdError,
    ArticleNotFoundError,
    RunInfo,
    RunNotFoundError,
    UpsertResult,
)
from storyline.store.schema import migrate
from storyline.store.sqlite_analyses import AnalysisTables
from storyline.store.sqlite_events import EventTables
from storyline.store.sqlite_stories import StoryTables

__all__ = ["MIN_PREFIX", "SqliteStore", "open_store"]

Clock = Callable[[], dt.datetime]

# Errors that concern one article's values, not the store: they make that article a reject and the
# rest of the batch goes on. Anything else (disk full, database locked, a bug) aborts the batch.
_ARTICLE_ERRORS = (ValueError, TypeError, OverflowError, sqlite3.IntegrityError,
                   sqlite3.InterfaceError, sqlite3.DataError)

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(rows.ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in rows.ARTICLE_COLUMNS)})"
)
_SELECT_ARTICLE = f"SELECT {', '.join(rows.ARTICLE_COLUMNS)} FROM articles"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def open_store(path: Path, *, clock: Clock | None = None) -> SqliteStore:
    """Open (creating or migrating as needed) the store at ``path``.

    Args:
        path: The SQLite file; missing parent folders are created.
        clock: Returns the current time for run bookkeeping (tests pass a fixed one); never used
            for article dates.

    Returns:
        The open store; use it as a context manager, or call :meth:`SqliteStore.close`.

    Raises:
        StoreError: E010 if the file cannot be created or opened, is not a storyline store, or
            cannot be migrated; E011 if it was written by a newer storyline.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(E.E010.format(path=path, problem=exc)) from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn, path=path)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(E.E010.format(path=path, problem=exc)) from exc
    except BaseException:
        conn.close()
        raise
    return SqliteStore(conn, path=path, clock=clock or _utc_now)


class SqliteStore(AnalysisTables, EventTables, StoryTables):
    """Articles, rejects and runs in one SQLite file. Create it with :func:`open_store`.

    The analyses, actor mentions, quotes, times and actors are read and written by the methods
    it inherits from :class:`~storyline.store.sqlite_analyses.AnalysisTables`; the places and
    events they save are listed by those of :class:`~storyline.store.sqlite_events.EventTables`;
    duplicates, stories, their clustering state and timelines are read and written by those of
    :class:`~storyline.store.sqlite_stories.StoryTables`.
    """

    def __init__(self, conn: sqlite3.Connection, *, path: Path, clock: Clock) -> None:
        """Wrap an open, migrated connection (use :func:`open_store` instead)."""
        self._conn = conn
        self._clock = clock
        self.path = path

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection. Closing twice is harmless."""
        self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so a concurrent writer waits at BEGIN instead of
        # failing halfway through the batch.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    # --- writes ------------------------------------------------------------------------------

    def upsert_articles(
        self, articles: Sequence[Article], *, run_id: str | None = None
    ) -> UpsertResult:
        """Store a batch of articles in one transaction.

        An article whose id is already stored is left as it is (the first source wins); the
        source path it came from this time is added to its sources. Re-ingesting the same batch
        therefore changes nothing. An exception that is not about one article's values (a crash,
        a full disk) rolls the whole batch back, and every earlier batch stays stored.

        Args:
            articles: The batch; the caller chooses its size (``StoreSettings.batch_size``).
            run_id: The run storing them, recorded with each new source path.

        Returns:
            The counts, and the articles that could not be stored as ``store`` rejects.

        Raises:
            RunNotFoundError: If ``run_id`` was not started in this store.
        """
        added = unchanged = differing = 0
        rejected: list[Rejected] = []
        with self._transaction():
            if run_id is not None:
                self._require_run(run_id)
            for article in articles:
                self._conn.execute("SAVEPOINT article")
                try:
                    outcome = self._upsert_one(article, run_id)
                except _ARTICLE_ERRORS as exc:
                    self._conn.execute("ROLLBACK TO article")
                    self._conn.execute("RELEASE article")
                    rejected.append(
                        Rejected(
                            source=article.source,
                            stage=Stage.STORE,
                            reason=RejectReason.INTERNAL_ERROR,
                            detail=f"The article {article.id} could not be stored: "
                            f"{type(exc).__name__}: {exc}. Please report this with the input.",
                        )
                    )
                    continue
                self._conn.execute("RELEASE article")
                if outcome == "added":
                    added += 1
                elif outcome == "unchanged":
                    unchanged += 1
                else:
                    differing += 1
        return UpsertResult(
            added=added, unchanged=unchanged, differing=differing, rejected=tuple(rejected)
        )

    def _upsert_one(self, article: Article, run_id: str | None) -> str:
        row = rows.article_to_row(article)
        stored = self._conn.execute(
            "SELECT fingerprint FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if stored is None:
            self._conn.execute(_INSERT_ARTICLE, row)
            outcome = "added"
        elif stored["fingerprint"] == row["fingerprint"]:
            outcome = "unchanged"
        else:
            outcome = "differing"
        self._conn.execute(
            "INSERT OR IGNORE INTO article_sources (article_id, source, run_id) VALUES (?, ?, ?)",
            (article.id, article.source, run_id),
        )
        return outcome

    def add_rejects(self, rejects: Sequence[Rejected], run_id: str) -> None:
        """Record a run's rejects, in the order given, in one transaction.

        Args:
            rejects: The rejects.
            run_id: The run that produced them.

        Raises:
            RunNotFoundError: If ``run_id`` was not started in this store.
        """
        with self._transaction():
            self._require_run(run_id)
            self._conn.executemany(
                "INSERT INTO rejects (run_id, source, stage, reason, detail) "
                "VALUES (?, ?, ?, ?, ?)",
                [(run_id, r.source, r.stage.value, r.reason.value, r.detail) for r in rejects],
            )

    def start_run(
        self,
        *,
        settings_json: str,
        models: Mapping[str, str],
        inputs: Sequence[str] = (),
        version: str = __version__,
    ) -> str:
        """Record the start of a run.

        Args:
            settings_json: The settings in force (``settings.model_dump_json()``).
            models: Versioned names of the models and lexicons used, by component
                (``{"nlp": "en_core_web_sm-3.8.0"}``).
            inputs: The paths the run was given, as given.
            version: The storyline version running.

        Returns:
            The new run's id: its UTC start time and a random suffix, so ids sort by time.

        Raises:
            ValueError: If ``settings_json`` is not a JSON object.
        """
        if not isinstance(json.loads(settings_json), dict):
            raise ValueError("settings_json must be a JSON object")
        started = self._clock().astimezone(dt.UTC)
        run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        with self._transaction():
            self._conn.execute(
                "INSERT INTO runs (id, started_at, storyline_version, settings_json, models_json, "
                "inputs_json) VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, started.isoformat(), version, settings_json,
                 rows.dumps(dict(sorted(models.items()))), rows.dumps(list(inputs))),
            )
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None:
        """Record the end of a run and the counts it reports.

        Args:
            run_id: The run.
            counts: Named counts (``{"read": 120, "articles": 117, "rejected": 3}``).

        Raises:
            RunNotFoundError: If ``run_id`` was not started in this store.
        """
        finished = self._clock().astimezone(dt.UTC)
        with self._transaction():
            self._require_run(run_id)
            self._conn.execute(
                "UPDATE runs SET finished_at = ?, counts_json = ? WHERE id = ?",
                (finished.isoformat(), rows.dumps(dict(sorted(counts.items()))), run_id),
            )

    def _require_run(self, run_id: str) -> None:
        if self._conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            raise RunNotFoundError(
                f"No run with id {run_id!r} in the store {self.path}. "
                "Start one with start_run() before recording into it."
            )

    # --- reads -------------------------------------------------------------------------------

    def get_run(self, run_id: str) -> RunInfo:
        """Return one run's bookkeeping.

        Raises:
            RunNotFoundError: If there is no such run.
        """
        row = self._conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise RunNotFoundError(f"No run with id {run_id!r} in the store {self.path}.")
        return _run_from_row(row)

    def runs(self) -> list[RunInfo]:
        """Return every run, oldest first."""
        cur = self._conn.execute("SELECT * FROM runs ORDER BY started_at, id")
        return [_run_from_row(row) for row in cur]

    def articles(self) -> Iterator[Article]:
        """Yield every stored article, by publication date (undated ones last), then by id."""
        cur = self._conn.execute(
            f"{_SELECT_ARTICLE} ORDER BY published IS NULL, published, id"
        )
        for row in cur:
            yield rows.article_from_row(row)

    def dated_articles_sample(self, *, limit: int) -> Iterator[Article]:
        """Yield up to ``limit`` dated articles, the latest first (then by id).

        The context the date finder uses to give year-less datelines a year: recent dated
        articles of the store. The order makes the choice deterministic for a given store.

        Args:
            limit: The most articles to yield.
        """
        cur = self._conn.execute(
            f"{_SELECT_ARTICLE} WHERE published IS NOT NULL ORDER BY published DESC, id LIMIT ?",
            (limit,),
        )
        for row in cur:
            yield rows.article_from_row(row)

    def get_article(self, id_or_prefix: str) -> Article:
        """Return the article with this id, or the only one whose id starts with it.

        Args:
            id_or_prefix: A full id, or a prefix of at least :data:`MIN_PREFIX` characters.

        Returns:
            The article.

        Raises:
            ArticleNotFoundError: E012 if no article matches (or the prefix is too short).
            AmbiguousIdError: If the prefix matches several articles (a subclass of the above).
        """
        row = row_by_id_or_prefix(
            self._conn,
            _SELECT_ARTICLE,
            id_or_prefix,
            kind="articles",
            message=E.E012.format(id=id_or_prefix, path=self.path),
            not_found=ArticleNotFoundError,
            ambiguous=AmbiguousIdError,
        )
        return rows.article_from_row(row)

    def sources(self, article_id: str) -> tuple[str, ...]:
        """Return every source path an article was seen at, in the order first seen.

        Returns:
            The paths; empty for an unknown id.
        """
        cur = self._conn.execute(
            "SELECT source FROM article_sources WHERE article_id = ? ORDER BY seq", (article_id,)
        )
        return tuple(row["source"] for row in cur)

    def rejected(self, run_id: str | None = None) -> list[Rejected]:
        """Return rejects.

        Args:
            run_id: One run's rejects, in the order recorded; None for the distinct rejects of
                every run (an input rejected the same way by several runs counts once), in the
                order first recorded.

        Raises:
            RunNotFoundError: If ``run_id`` is given and there is no such run.
        """
        if run_id is not None:
            self._require_run(run_id)
            cur = self._conn.execute(
                "SELECT source, stage, reason, detail FROM rejects WHERE run_id = ? ORDER BY seq",
                (run_id,),
            )
        else:
            cur = self._conn.execute(
                "SELECT source, stage, reason, detail FROM rejects "
                "GROUP BY source, stage, reason, detail ORDER BY min(seq)"
            )
        return [
            Rejected(
                source=row["source"],
                stage=Stage(row["stage"]),
                reason=RejectReason(row["reason"]),
                detail=row["detail"],
            )
            for row in cur
        ]

    def count_articles(self) -> int:
        """Return how many articles are stored."""
        return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def _run_from_row(row: sqlite3.Row) -> RunInfo:
    finished = row["finished_at"]
    counts = row["counts_json"]
    return RunInfo(
        id=row["id"],
        started_at=dt.datetime.fromisoformat(row["started_at"]),
        finished_at=None if finished is None else dt.datetime.fromisoformat(finished),
        storyline_version=row["storyline_version"],
        settings_json=row["settings_json"],
        models=json.loads(row["models_json"]),
        inputs=tuple(json.loads(row["inputs_json"])),
        counts=None if counts is None else json.loads(counts),
    )
