"""Turning duplicates, stories and timeline entries into rows and back.

The conventions of :mod:`storyline.store.rows` hold here too: dates are ISO strings, booleans are
0 or 1, nested parts read whole with their record (an entry's actor ids and CAMEO codes, a
source's event ids) are compact JSON, and ``seq`` keeps each record's position so that it reads
back exactly as it was saved. A story's articles and an entry's sources are rows of their own
(``story_articles``, ``timeline_sources``); their ``seq`` is their position in the record's tuple.

Values a row cannot hold exactly are refused with a ``ValueError`` before anything is written: a
similarity that is not finite (SQLite stores NaN as NULL).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Sequence
from typing import cast

from storyline.records import (
    DateBasis,
    DateGranularity,
    Duplicate,
    Story,
    TimelineEntry,
    TimelineSource,
)
from storyline.store.rows import Value, dumps

__all__ = [
    "DUPLICATE_COLUMNS",
    "ENTRY_COLUMNS",
    "SOURCE_COLUMNS",
    "duplicate_from_row",
    "duplicate_to_row",
    "entry_from_rows",
    "entry_to_row",
    "source_to_row",
    "story_from_rows",
]

DUPLICATE_COLUMNS: tuple[str, ...] = ("article_id", "duplicate_of", "similarity", "producer")
"""The ``duplicates`` columns."""

ENTRY_COLUMNS: tuple[str, ...] = (
    "story_id",
    "seq",
    "date",
    "granularity",
    "date_basis",
    "summary",
    "actors_json",
    "cameo_json",
    "disputed",
    "disagreement",
    "producer",
)
"""The ``timeline_entries`` columns."""

SOURCE_COLUMNS: tuple[str, ...] = (
    "story_id",
    "entry_seq",
    "seq",
    "article_id",
    "start",
    "end",
    "outlet",
    "event_ids_json",
)
"""The ``timeline_sources`` columns."""


def duplicate_to_row(duplicate: Duplicate) -> dict[str, Value]:
    """Return the ``duplicates`` row of a duplicate.

    Raises:
        ValueError: If ``similarity`` is not a finite number.
    """
    if not math.isfinite(duplicate.similarity):
        raise ValueError(f"similarity must be a finite number, got {duplicate.similarity!r}")
    return {
        "article_id": duplicate.article_id,
        "duplicate_of": duplicate.duplicate_of,
        "similarity": duplicate.similarity,
        "producer": duplicate.producer,
    }


def duplicate_from_row(row: sqlite3.Row) -> Duplicate:
    """Rebuild the duplicate stored in a ``duplicates`` row."""
    return Duplicate(
        article_id=row["article_id"],
        duplicate_of=row["duplicate_of"],
        similarity=row["similarity"],
        producer=row["producer"],
    )


def story_from_rows(row: sqlite3.Row, article_ids: Sequence[str]) -> Story:
    """Rebuild a story from its ``stories`` row and its article ids in ``seq`` order."""
    return Story(
        id=row["id"],
        title=row["title"],
        summary=row["summary"],
        article_ids=tuple(article_ids),
        producer=row["producer"],
    )


def entry_to_row(entry: TimelineEntry, *, seq: int) -> dict[str, Value]:
    """Return the ``timeline_entries`` row of an entry (its sources go by :func:`source_to_row`).

    Args:
        entry: The entry.
        seq: Its position in the story's timeline as given.
    """
    return {
        "story_id": entry.story_id,
        "seq": seq,
        "date": entry.date.isoformat(),
        "granularity": entry.granularity,
        "date_basis": entry.date_basis,
        "summary": entry.summary,
        "actors_json": dumps(list(entry.actors)),
        "cameo_json": dumps(list(entry.cameo)),
        "disputed": int(entry.disputed),
        "disagreement": entry.disagreement,
        "producer": entry.producer,
    }


def source_to_row(
    source: TimelineSource, *, story_id: str, entry_seq: int, seq: int
) -> dict[str, Value]:
    """Return the ``timeline_sources`` row of one source of an entry.

    Args:
        source: The source.
        story_id: The entry's story.
        entry_seq: The entry's ``seq``.
        seq: The source's position in ``TimelineEntry.sources``.
    """
    return {
        "story_id": story_id,
        "entry_seq": entry_seq,
        "seq": seq,
        "article_id": source.article_id,
        "start": source.start,
        "end": source.end,
        "outlet": source.outlet,
        "event_ids_json": dumps(list(source.event_ids)),
    }


def entry_from_rows(row: sqlite3.Row, sources: Sequence[sqlite3.Row]) -> TimelineEntry:
    """Rebuild an entry from its ``timeline_entries`` row and its source rows in ``seq`` order."""
    return TimelineEntry(
        story_id=row["story_id"],
        date=dt.date.fromisoformat(row["date"]),
        granularity=cast("DateGranularity", row["granularity"]),
        date_basis=cast("DateBasis | None", row["date_basis"]),
        summary=row["summary"],
        actors=tuple(json.loads(row["actors_json"])),
        cameo=tuple(json.loads(row["cameo_json"])),
        sources=tuple(
            TimelineSource(
                article_id=s["article_id"],
                start=s["start"],
                end=s["end"],
                outlet=s["outlet"],
                event_ids=tuple(json.loads(s["event_ids_json"])),
            )
            for s in sources
        ),
        disputed=bool(row["disputed"]),
        disagreement=row["disagreement"],
        producer=row["producer"],
    )
