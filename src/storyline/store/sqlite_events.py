"""The event and place tables of the SQLite store.

:class:`EventTables` holds the read methods of :class:`~storyline.store.sqlite.SqliteStore` for
coded events and places (:meth:`~EventTables.events`, :meth:`~EventTables.get_event`,
:meth:`~EventTables.places`). Events and places are written with their analysis, by
:meth:`~storyline.store.sqlite_analyses.AnalysisTables.save_analyses`, and their actor links are
set by ``replace_actors``; the helpers those two methods call on their open transaction are the
module-level functions here.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from storyline.records import ArticleAnalysis, Event, Modality, Place
from storyline.store import event_rows as erows
from storyline.store.lookup import row_by_id_or_prefix
from storyline.store.repository import EventNotFoundError

__all__ = [
    "EventActorIds",
    "EventKey",
    "EventLinks",
    "EventTables",
    "MODALITIES",
    "check_event_records",
    "clear_event_links",
    "event_actor_ids_of",
    "link_events",
    "named_actor_ids",
    "restore_event_links",
    "write_places_and_events",
]

EventKey = tuple[str, str]
"""``(article_id, event_id)`` of an event."""

EventActorIds = Mapping[EventKey, tuple[str | None, str | None]]
"""The ``(source_actor, target_actor)`` ids of each event, as the link stage gives them."""

EventLinks = list[tuple[str, int, str | None, str | None]]
"""``(article_id, seq, source_actor, target_actor)`` of the linked events, as stored."""

MODALITIES: tuple[str, ...] = typing.get_args(Modality)

# Ids bound per query; well under SQLite's smallest default limit of bound parameters (999).
_CHUNK = 500
_INSERT_PLACE = (
    f"INSERT INTO places ({', '.join(erows.PLACE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in erows.PLACE_COLUMNS)})"
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(erows.EVENT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in erows.EVENT_COLUMNS)})"
)
# Events go by their own date (undated last), then in the order every other listing uses: the
# articles' order (publication date, undated last, then id), then position in the article.
_EVENT_ORDER = (
    "r.date IS NULL, r.date, art.published IS NULL, art.published, r.article_id, "
    "r.start, r.end, r.seq"
)
_PLACE_ORDER = "art.published IS NULL, art.published, r.article_id, r.start, r.end, r.seq"


class EventTables:
    """The event and place methods of :class:`~storyline.store.sqlite.SqliteStore`.

    A mixin: it relies on the connection and path that ``SqliteStore`` provides.
    """

    _conn: sqlite3.Connection
    path: Path

    def events(
        self,
        *,
        article_id: str | None = None,
        actor: str | None = None,
        code: str | None = None,
        modality: str | None = None,
    ) -> list[Event]:
        """Return stored events, by event date (undated last), then article, then start.

        Filters combine (all must hold); None leaves a filter out.

        Args:
            article_id: Only this article's events (a full id).
            actor: Only events whose source or target contains this text, ignoring case: in the
                linked actor's name or one of its aliases, or in the actor as written
                (``source``, ``target``) or its code (``source_code``, ``target_code``). An empty
                string matches every event with a source or target.
            code: Only events whose CAMEO code starts with this: ``"04"`` matches the whole root
                (``040`` ... ``046``, ``0431``...), ``"043"`` that code and its children,
                ``"0871"`` that exact family. An empty string matches every event.
            modality: Only events of this modality (``asserted``, ``threatened``...).

        Returns:
            The events, with their current actor links.

        Raises:
            ValueError: If ``modality`` is not one of :data:`~storyline.records.Modality`.
        """
        clauses: list[str] = []
        params: list[str | int] = []
        if article_id is not None:
            clauses.append("r.article_id = ?")
            params.append(article_id)
        if code:
            if len(code) >= 2:
                # The root narrows to an index range; substr keeps the prefix exact.
                clauses.append("r.cameo_root = ?")
                params.append(erows.cameo_root(code))
            clauses.append("substr(r.cameo, 1, ?) = ?")
            params += [len(code), code]
        if modality is not None:
            if modality not in MODALITIES:
                raise ValueError(
                    f"Unknown event modality {modality!r}; use one of: {', '.join(MODALITIES)}."
                )
            clauses.append("r.modality = ?")
            params.append(modality)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        cur = self._conn.execute(
            "SELECT r.*, sa.name AS source_actor_name, sa.aliases_json AS source_actor_aliases, "
            "ta.name AS target_actor_name, ta.aliases_json AS target_actor_aliases "
            "FROM events r JOIN articles art ON art.id = r.article_id "
            "LEFT JOIN actors sa ON sa.id = r.source_actor "
            f"LEFT JOIN actors ta ON ta.id = r.target_actor {where} ORDER BY {_EVENT_ORDER}",
            params,
        )
        needle = None if actor is None else actor.casefold()
        return [
            erows.event_from_row(row)
            for row in cur
            if needle is None or any(needle in name.casefold() for name in _actor_names(row))
        ]

    def get_event(self, id_or_prefix: str) -> Event:
        """Return the event with this id, or the only one whose id starts with it.

        Args:
            id_or_prefix: A full id, or a prefix of at least :data:`MIN_PREFIX` characters.

        Returns:
            The event, with its current actor links.

        Raises:
            EventNotFoundError: If no event matches, the prefix is too short, or the prefix
                matches several events (the message lists some).
        """
        row = row_by_id_or_prefix(
            self._conn,
            "SELECT * FROM events",
            id_or_prefix,
            kind="events",
            message=(
                f"No event with id {id_or_prefix!r} in the store {self.path}. "
                "Event ids are listed in the `events` section of `storyline export`."
            ),
            not_found=EventNotFoundError,
        )
        return erows.event_from_row(row)

    def places(self, *, article_id: str | None = None) -> list[Place]:
        """Return stored places, by article (publication date, undated last, then id), then start.

        Args:
            article_id: Only this article's places (a full id).
        """
        where, params = ("", ()) if article_id is None else ("WHERE r.article_id = ?",
                                                              (article_id,))
        cur = self._conn.execute(
            f"SELECT r.* FROM places r JOIN articles art ON art.id = r.article_id {where} "
            f"ORDER BY {_PLACE_ORDER}",
            params,
        )
        return [erows.place_from_row(row) for row in cur]


def _actor_names(row: sqlite3.Row) -> Iterator[str]:
    """Every name an event's source and target go by: linked actors, as written, their codes."""
    for side in ("source", "target"):
        if row[f"{side}_actor_name"] is not None:
            yield row[f"{side}_actor_name"]
            yield from json.loads(row[f"{side}_actor_aliases"])
        for column in (side, f"{side}_code"):
            if row[column] is not None:
                yield row[column]


# --- helpers for save_analyses and replace_actors (called inside their transaction) ----------


def check_event_records(analysis: ArticleAnalysis) -> None:
    """Refuse events that would break the store's contract, before anything is written.

    Raises:
        ValueError: If a place, an event or an event's place is of another article, or two
            events of the analysis share an id.
    """
    records: tuple[Place | Event, ...] = (
        *analysis.places,
        *analysis.events,
        *(e.place for e in analysis.events if e.place is not None),
    )
    for record in records:
        if record.article_id != analysis.article_id:
            kind = type(record).__name__
            raise ValueError(
                f"{'An' if kind[0] in 'AEIOU' else 'A'} {kind} of article {record.article_id!r} "
                f"is in the analysis of article {analysis.article_id!r}; an analysis holds one "
                "article's records."
            )
    seen: set[str] = set()
    for event in analysis.events:
        if event.id in seen:
            raise ValueError(
                f"Two events of article {analysis.article_id!r} have the id {event.id!r}; event "
                "ids must be unique (they are hashes of the article, offsets, code and actors)."
            )
        seen.add(event.id)


def event_actor_ids_of(analysis: ArticleAnalysis) -> set[str | None]:
    """Return the actor ids the events of an analysis link to (None among them, if any)."""
    return {e.source_actor for e in analysis.events} | {e.target_actor for e in analysis.events}


def write_places_and_events(conn: sqlite3.Connection, analysis: ArticleAnalysis) -> None:
    """Insert an analysis's places and events; its previous ones must be deleted already.

    Raises:
        ValueError: If an event's id is already the id of another article's event (ids are
            unique across the store), or a value cannot be stored exactly (see
            :mod:`storyline.store.event_rows`).
    """
    ids = [e.id for e in analysis.events]
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        taken = conn.execute(
            f"SELECT id, article_id FROM events WHERE id IN ({marks}) AND article_id != ? "
            "LIMIT 1",
            (*chunk, analysis.article_id),
        ).fetchone()
        if taken is not None:
            raise ValueError(
                f"The event id {taken['id']!r} of article {analysis.article_id!r} is already the "
                f"id of an event of article {taken['article_id']!r}; event ids must be unique "
                "across the store."
            )
    conn.executemany(
        _INSERT_PLACE, [erows.place_to_row(p, seq=i) for i, p in enumerate(analysis.places)]
    )
    conn.executemany(
        _INSERT_EVENT, [erows.event_to_row(e, seq=i) for i, e in enumerate(analysis.events)]
    )


def clear_event_links(conn: sqlite3.Connection, *, keep: bool) -> EventLinks:
    """Unlink every event from its actors, and return the links it had if ``keep`` is true."""
    kept: EventLinks = []
    if keep:
        kept = [
            (row["article_id"], row["seq"], row["source_actor"], row["target_actor"])
            for row in conn.execute(
                "SELECT article_id, seq, source_actor, target_actor FROM events "
                "WHERE source_actor NOTNULL OR target_actor NOTNULL"
            )
        ]
    conn.execute(
        "UPDATE events SET source_actor = NULL, target_actor = NULL "
        "WHERE source_actor NOTNULL OR target_actor NOTNULL"
    )
    return kept


def restore_event_links(
    conn: sqlite3.Connection, links: EventLinks, actor_ids: Iterable[str]
) -> None:
    """Set again the links of :func:`clear_event_links` that name one of ``actor_ids``."""
    known = set(actor_ids)
    conn.executemany(
        "UPDATE events SET source_actor = ?, target_actor = ? WHERE article_id = ? AND seq = ?",
        [
            (source if source in known else None, target if target in known else None, aid, seq)
            for aid, seq, source, target in links
            if source in known or target in known
        ],
    )


def link_events(conn: sqlite3.Connection, event_actor_ids: EventActorIds) -> None:
    """Link events to actors; a key that names no stored event links nothing."""
    conn.executemany(
        "UPDATE events SET source_actor = ?, target_actor = ? WHERE article_id = ? AND id = ?",
        [
            (source, target, article_id, event_id)
            for (article_id, event_id), (source, target) in event_actor_ids.items()
            if source is not None or target is not None
        ],
    )


def named_actor_ids(event_actor_ids: EventActorIds | None) -> Sequence[str | None]:
    """Return every actor id a mapping of event links names."""
    if event_actor_ids is None:
        return ()
    return [i for pair in event_actor_ids.values() for i in pair]
