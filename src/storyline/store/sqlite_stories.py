"""The duplicate, story and timeline tables of the SQLite store.

:class:`StoryTables` holds the methods of :class:`~storyline.store.sqlite.SqliteStore` that read
and write what the link stage builds across articles:

- near-duplicates, replaced whole each time the detector runs
  (:meth:`~StoryTables.replace_duplicates`);
- stories, upserted by their stable id with their article lists
  (:meth:`~StoryTables.save_stories`), and the clustering state the link stage saves between
  runs (:meth:`~StoryTables.save_story_state`);
- each story's timeline, replaced whole (:meth:`~StoryTables.replace_timeline`).

Every write is one transaction and checks its input before writing anything, so a refused call
leaves the store as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from storyline.errors import E
from storyline.records import Duplicate, Story, TimelineEntry
from storyline.store import story_rows as srows
from storyline.store.lookup import row_by_id_or_prefix
from storyline.store.repository import ArticleNotFoundError, StoryNotFoundError
from storyline.store.rows import dumps

__all__ = ["StoryTables"]


def _insert(table: str, columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})"
    )


_INSERT_DUPLICATE = _insert("duplicates", srows.DUPLICATE_COLUMNS)
_INSERT_ENTRY = _insert("timeline_entries", srows.ENTRY_COLUMNS)
_INSERT_SOURCE = _insert("timeline_sources", srows.SOURCE_COLUMNS)
# Ids bound per query; well under SQLite's smallest default limit of bound parameters (999).
_CHUNK = 500
# A story's date is that of its latest dated article; stories with none come last.
_SELECT_STORY = (
    "SELECT s.*, (SELECT max(a.published) FROM story_articles sa JOIN articles a "
    "ON a.id = sa.article_id WHERE sa.story_id = s.id) AS latest FROM stories s"
)
_STORY_ORDER = "latest IS NULL, latest DESC, s.id"


class StoryTables:
    """The duplicate, story and timeline methods of :class:`~storyline.store.sqlite.SqliteStore`.

    A mixin: it relies on the connection, path and transaction helper that ``SqliteStore``
    provides.
    """

    _conn: sqlite3.Connection
    path: Path

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # provided by SqliteStore

    # --- duplicates --------------------------------------------------------------------------

    def replace_duplicates(self, duplicates: Sequence[Duplicate]) -> None:
        """Replace every stored duplicate with these, in one transaction.

        Args:
            duplicates: Every near-duplicate the detector found; an article is the copy in one
                of them at most.

        Raises:
            ValueError: If an article is listed as a copy twice, or as a copy of itself, or a
                similarity is not a finite number.
            ArticleNotFoundError: E012 if either end of a duplicate is not a stored article.
        """
        rows = [srows.duplicate_to_row(d) for d in duplicates]
        seen: set[str] = set()
        for d in duplicates:
            if d.article_id == d.duplicate_of:
                raise ValueError(f"The article {d.article_id!r} is listed as a copy of itself.")
            if d.article_id in seen:
                raise ValueError(
                    f"The article {d.article_id!r} is listed as a duplicate twice; an article "
                    "copies one original at most."
                )
            seen.add(d.article_id)
        with self._transaction():
            self._require_articles([i for d in duplicates for i in (d.article_id, d.duplicate_of)])
            self._conn.execute("DELETE FROM duplicates")
            self._conn.executemany(_INSERT_DUPLICATE, rows)

    def duplicates(self) -> list[Duplicate]:
        """Return every stored duplicate, by the article it copies, then by its own id."""
        cur = self._conn.execute(
            "SELECT * FROM duplicates ORDER BY duplicate_of, article_id"
        )
        return [srows.duplicate_from_row(row) for row in cur]

    def duplicate_of(self, article_id: str) -> str | None:
        """Return the id of the article this one copies, or None if it is not a duplicate."""
        row = self._conn.execute(
            "SELECT duplicate_of FROM duplicates WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row["duplicate_of"])

    # --- stories -----------------------------------------------------------------------------

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Insert or update stories by id, in one transaction, replacing their article lists.

        A story already stored keeps its id and gets the title, summary, producer and article
        list given now. An article is in one story at most: an article given here that a stored
        story not in this batch holds moves to the story given now (as when two stories merge),
        and a stored story left with no article is deleted, with its timeline.

        Args:
            stories: The new or changed stories.

        Raises:
            ValueError: If two stories of the batch share an id or an article, or a story lists
                an article twice or none.
            ArticleNotFoundError: E012 if a story lists an article that is not stored.
        """
        ids: set[str] = set()
        owner: dict[str, str] = {}
        for story in stories:
            if story.id in ids:
                raise ValueError(f"The story id {story.id!r} is given twice in one batch.")
            ids.add(story.id)
            if not story.article_ids:
                raise ValueError(
                    f"The story {story.id!r} has no articles; a story has one at least."
                )
            for article_id in story.article_ids:
                if article_id in owner:
                    raise ValueError(
                        f"The article {article_id!r} is listed by the stories {owner[article_id]!r}"
                        f" and {story.id!r}; an article is in one story at most."
                    )
                owner[article_id] = story.id
        with self._transaction():
            self._require_articles(list(owner))
            self._conn.executemany(
                "INSERT INTO stories (id, title, summary, producer) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                "summary = excluded.summary, producer = excluded.producer",
                [(s.id, s.title, s.summary, s.producer) for s in stories],
            )
            self._delete_in("story_articles", "story_id", list(ids))
            self._delete_in("story_articles", "article_id", list(owner))
            self._conn.executemany(
                "INSERT INTO story_articles (story_id, seq, article_id) VALUES (?, ?, ?)",
                [(s.id, seq, a) for s in stories for seq, a in enumerate(s.article_ids)],
            )
            self._conn.execute(
                "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)"
            )

    def stories(self) -> list[Story]:
        """Return every story: the one whose latest article is the most recent first.

        Stories whose articles are all undated come last; ties go by id.
        """
        rows = self._conn.execute(f"{_SELECT_STORY} ORDER BY {_STORY_ORDER}").fetchall()
        articles: dict[str, list[str]] = defaultdict(list)
        for row in self._conn.execute(
            "SELECT story_id, article_id FROM story_articles ORDER BY story_id, seq"
        ):
            articles[row["story_id"]].append(row["article_id"])
        return [srows.story_from_rows(row, articles[row["id"]]) for row in rows]

    def get_story(self, id_or_prefix: str) -> Story:
        """Return the story with this id, or the only one whose id starts with it.

        Args:
            id_or_prefix: A full id, or a prefix of at least :data:`MIN_PREFIX` characters.

        Returns:
            The story, with its articles.

        Raises:
            StoryNotFoundError: If no story matches, the prefix is too short, or the prefix
                matches several stories (the message lists some).
        """
        row = row_by_id_or_prefix(
            self._conn,
            "SELECT * FROM stories",
            id_or_prefix,
            kind="stories",
            message=(
                f"No story with id {id_or_prefix!r} in the store {self.path}. "
                "Story ids are listed in the `stories` section of `storyline export`."
            ),
            not_found=StoryNotFoundError,
        )
        return self._story(row)

    def story_of(self, article_id: str) -> str | None:
        """Return the id of the story an article is in, or None if it is in none."""
        row = self._conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row["story_id"])

    def _story(self, row: sqlite3.Row) -> Story:
        cur = self._conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY seq", (row["id"],)
        )
        return srows.story_from_rows(row, [r["article_id"] for r in cur])

    # --- clustering state --------------------------------------------------------------------

    def save_story_state(self, name: str, state: Mapping[str, object]) -> None:
        """Store the link stage's clustering state under a name, replacing any saved before.

        The state is opaque to the store: it is written as compact JSON (no spaces, text as
        written) in one transaction, and read back whole by :meth:`load_story_state`.

        Args:
            name: Which state (``"stories"``); one row per name.
            state: JSON-serialisable data. Tuples read back as lists and non-string keys as
                strings, as with any JSON.

        Raises:
            TypeError: If ``state`` holds a value JSON cannot represent.
            ValueError: If it holds a float that is not finite (JSON has no NaN or infinity).
        """
        text = dumps(dict(state))
        with self._transaction():
            self._conn.execute(
                "INSERT INTO story_state (name, state_json) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET state_json = excluded.state_json",
                (name, text),
            )

    def load_story_state(self, name: str) -> dict[str, object] | None:
        """Return the clustering state saved under ``name`` (parsed JSON), or None if none was."""
        row = self._conn.execute(
            "SELECT state_json FROM story_state WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            return None
        state: dict[str, object] = json.loads(row["state_json"])
        return state

    # --- timelines ---------------------------------------------------------------------------

    def replace_timeline(self, story_id: str, entries: Sequence[TimelineEntry]) -> None:
        """Replace one story's timeline, in one transaction.

        Args:
            story_id: The story (a full id).
            entries: Its entries. They read back by date; entries of the same date in the order
                given here, so a timeline given in date order reads back exactly.

        Raises:
            StoryNotFoundError: If no story has the id ``story_id``.
            ValueError: If an entry is of another story.
            ArticleNotFoundError: E012 if a source names an article that is not stored.
        """
        for entry in entries:
            if entry.story_id != story_id:
                raise ValueError(
                    f"A timeline entry of story {entry.story_id!r} is in the timeline of story "
                    f"{story_id!r}; a timeline holds one story's entries."
                )
        entry_rows = [srows.entry_to_row(e, seq=i) for i, e in enumerate(entries)]
        source_rows = [
            srows.source_to_row(s, story_id=story_id, entry_seq=i, seq=j)
            for i, e in enumerate(entries)
            for j, s in enumerate(e.sources)
        ]
        with self._transaction():
            if self._conn.execute(
                "SELECT 1 FROM stories WHERE id = ?", (story_id,)
            ).fetchone() is None:
                raise StoryNotFoundError(
                    f"No story with id {story_id!r} in the store {self.path}. Save the story "
                    "with save_stories() before its timeline."
                )
            self._require_articles([s.article_id for e in entries for s in e.sources])
            # The sources go with their entries (ON DELETE CASCADE).
            self._conn.execute("DELETE FROM timeline_entries WHERE story_id = ?", (story_id,))
            self._conn.executemany(_INSERT_ENTRY, entry_rows)
            self._conn.executemany(_INSERT_SOURCE, source_rows)

    def timeline(self, story_id: str) -> list[TimelineEntry]:
        """Return one story's timeline: by date, entries of the same date in the order saved.

        Args:
            story_id: The story (a full id).

        Returns:
            The entries with their sources; empty for a story with no timeline or no such story.
        """
        sources: dict[int, list[sqlite3.Row]] = defaultdict(list)
        for row in self._conn.execute(
            "SELECT * FROM timeline_sources WHERE story_id = ? ORDER BY entry_seq, seq",
            (story_id,),
        ):
            sources[row["entry_seq"]].append(row)
        cur = self._conn.execute(
            "SELECT * FROM timeline_entries WHERE story_id = ? ORDER BY date, seq", (story_id,)
        )
        return [srows.entry_from_rows(row, sources[row["seq"]]) for row in cur]

    # --- helpers -----------------------------------------------------------------------------

    def _require_articles(self, article_ids: Iterable[str]) -> None:
        """Raise E012 for the first of ``article_ids`` that is not a stored article."""
        wanted = list(dict.fromkeys(article_ids))
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            found = {
                row["id"]
                for row in self._conn.execute(
                    f"SELECT id FROM articles WHERE id IN ({marks})", chunk
                )
            }
            missing = [a for a in chunk if a not in found]
            if missing:
                raise ArticleNotFoundError(E.E012.format(id=missing[0], path=self.path))

    def _delete_in(self, table: str, column: str, values: Sequence[str]) -> None:
        # `table` and `column` are names from this module, never user input.
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            self._conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
