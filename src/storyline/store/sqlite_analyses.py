"""The extraction tables of the SQLite store: analyses, actor mentions, quotes, times, actors.

:class:`AnalysisTables` holds the methods of :class:`~storyline.store.sqlite.SqliteStore` that
read and write what the extract and link stages found; it is kept apart from the article tables
only to keep each module a readable size. The two write paths have different owners:

- the extract stage saves one :class:`ArticleAnalysis` per article (:meth:`save_analyses`),
  replacing that article's mentions, quotes, times, places and events whole, and asks which
  articles need analysing with the producers it would use now (:meth:`analysis_needed`);
- the link stage reads every mention (:meth:`all_actor_mentions`) and replaces the whole actor
  table with the links from mentions, quotes and events to it (:meth:`replace_actors`).

Replacing an analysis drops the links of that article's old mentions, quotes and events: the new
ones carry whatever links the analysis gives (normally none) until the link stage runs again.
The event and place tables are read by :class:`~storyline.store.sqlite_events.EventTables`.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from storyline.errors import E
from storyline.records import Actor, ActorMention, ArticleAnalysis, Mention, Quote, TimeExpr
from storyline.store import analysis_rows as arows
from storyline.store import event_rows as erows
from storyline.store import sqlite_events as events_sql
from storyline.store.lookup import row_by_id_or_prefix
from storyline.store.repository import ActorNotFoundError, ArticleNotFoundError
from storyline.store.sqlite_events import EventActorIds

__all__ = ["AnalysisTables", "MentionKey"]

MentionKey = tuple[str, int, int]
"""``(article_id, start, end)`` of a mention or a quote."""


def _insert(table: str, columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})"
    )


_INSERT_MENTION = _insert("actor_mentions", arows.MENTION_COLUMNS)
_INSERT_QUOTE = _insert("quotes", arows.QUOTE_COLUMNS)
_INSERT_TIME = _insert("times", arows.TIME_COLUMNS)
_INSERT_ACTOR = _insert("actors", arows.ACTOR_COLUMNS)
# Ids bound per query; well under SQLite's smallest default limit of bound parameters (999).
_CHUNK = 500
# The order every listing of quotes and times uses: the articles' order (publication date, undated
# last, then id; as SqliteStore.articles), then position in the article. `seq` breaks ties
# between records with the same offsets, so the order never depends on the query plan.
_ARTICLE_ORDER = "art.published IS NULL, art.published, r.article_id, r.start, r.end, r.seq"


class AnalysisTables:
    """The analysis and actor methods of :class:`~storyline.store.sqlite.SqliteStore`.

    A mixin: it relies on the connection, path and transaction helper that ``SqliteStore``
    provides.
    """

    _conn: sqlite3.Connection
    path: Path

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # provided by SqliteStore

    # --- analyses ----------------------------------------------------------------------------

    def save_analyses(self, analyses: Sequence[ArticleAnalysis]) -> None:
        """Store a batch of analyses in one transaction, replacing each article's previous one.

        For each analysis, the article's stored actor mentions, quotes, times, places, events
        and producers are deleted and the new ones written, in the order of the analysis's
        tuples. Saving the same
        analyses again therefore writes the same rows; only links to actors that
        :meth:`replace_actors` set since are lost, until the link stage runs again. An exception
        anywhere in the batch rolls the whole batch back: every article keeps the analysis it had
        before. Within one batch, a later analysis of the same article replaces an earlier one.

        Args:
            analyses: The analyses. Every record in one must carry its ``article_id``; the
                links it carries (``Mention.actor_id``, ``Quote.speaker_id``,
                ``Event.source_actor`` and ``target_actor``) are stored as they are and must
                name stored actors (normally they are None until the link stage calls
                :meth:`replace_actors`).

        Raises:
            ArticleNotFoundError: E012 if an analysis is of an article that is not stored.
            ActorNotFoundError: If a link names an actor that is not stored.
            ValueError: If a record's ``article_id`` is not its analysis's; if an event id is
                used twice in an analysis, or by another article's event (event ids are unique
                across the store); if a float is not finite.
        """
        with self._transaction():
            for analysis in analyses:
                self._save_analysis(analysis)

    def _save_analysis(self, analysis: ArticleAnalysis) -> None:
        article_id = analysis.article_id
        _check_article_ids(analysis)
        events_sql.check_event_records(analysis)
        found = self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        if found.fetchone() is None:
            raise ArticleNotFoundError(
                E.E012.format(id=article_id, path=self.path)
                + " Store an article before saving its analysis."
            )
        linked = {m.mention.actor_id for m in analysis.actor_mentions}
        linked |= {q.speaker_id for q in analysis.quotes}
        linked |= events_sql.event_actor_ids_of(analysis)
        self._require_actors(linked, what=f"The analysis of article {article_id!r}")
        # ON DELETE CASCADE removes the article's mentions, quotes, times, places and events.
        self._conn.execute("DELETE FROM analyses WHERE article_id = ?", (article_id,))
        self._conn.execute(
            "INSERT INTO analyses (article_id, producers_json) VALUES (?, ?)",
            (article_id, arows.producers_to_json(analysis.producers)),
        )
        self._conn.executemany(
            _INSERT_MENTION,
            [arows.actor_mention_to_row(m, seq=i) for i, m in enumerate(analysis.actor_mentions)],
        )
        self._conn.executemany(
            _INSERT_QUOTE, [arows.quote_to_row(q, seq=i) for i, q in enumerate(analysis.quotes)]
        )
        self._conn.executemany(
            _INSERT_TIME, [arows.time_to_row(t, seq=i) for i, t in enumerate(analysis.times)]
        )
        events_sql.write_places_and_events(self._conn, analysis)

    def _require_actors(self, ids: set[str | None], *, what: str) -> None:
        wanted = sorted(i for i in ids if i is not None)
        found = {row["id"] for row in self._rows_with_ids("SELECT id FROM actors", "id", wanted)}
        missing = [i for i in wanted if i not in found]
        if missing:
            raise ActorNotFoundError(
                f"{what} links to actors that are not in the store {self.path}: "
                f"{', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}. Save analyses "
                "without links (actor_id and speaker_id None) and link them with replace_actors()."
            )

    def analysis_needed(
        self, article_ids: Sequence[str], producers: Mapping[str, str]
    ) -> list[str]:
        """Return the articles whose analysis is missing or was made by other producers.

        A re-run thus skips the articles it would analyse exactly as before, and a new model or
        rule version (another name for a component, or a component added or dropped)
        re-analyses every article.

        Args:
            article_ids: The articles to check.
            producers: Versioned names of the producers the caller would use now, by component;
                compared with the stored analysis's ``producers`` as a set of pairs.

        Returns:
            The ids of ``article_ids`` that need analysing, in input order.
        """
        wanted = sorted(producers.items())
        unique = sorted(set(article_ids))
        stored = self._rows_with_ids(
            "SELECT article_id, producers_json FROM analyses", "article_id", unique
        )
        current = {
            row["article_id"]
            for row in stored
            if sorted(arows.producers_from_json(row["producers_json"])) == wanted
        }
        return [i for i in article_ids if i not in current]

    def _rows_with_ids(self, select: str, column: str, ids: Sequence[str]) -> list[sqlite3.Row]:
        """Return the rows of ``select`` whose ``column`` is one of ``ids``, in chunks.

        Bound parameters rather than one JSON array unpacked with ``json_each``, which cuts a
        string at a NUL character (SQLite 3.40), so such an id would never match.
        """
        found: list[sqlite3.Row] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            found += self._conn.execute(f"{select} WHERE {column} IN ({marks})", chunk)
        return found

    def analysis(self, article_id: str) -> ArticleAnalysis | None:
        """Return an article's stored analysis.

        Args:
            article_id: The article's full id.

        Returns:
            The analysis as saved, its tuples in the order saved, with the current links to
            actors (set by :meth:`replace_actors`); None if the article has no stored analysis.
        """
        row = self._conn.execute(
            "SELECT producers_json FROM analyses WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None

        def rows_of(table: str) -> sqlite3.Cursor:
            # `table` is one of the literals below, never user input.
            return self._conn.execute(
                f"SELECT * FROM {table} WHERE article_id = ? ORDER BY seq", (article_id,)
            )

        return ArticleAnalysis(
            article_id=article_id,
            actor_mentions=tuple(
                arows.actor_mention_from_row(r) for r in rows_of("actor_mentions")
            ),
            quotes=tuple(arows.quote_from_row(r) for r in rows_of("quotes")),
            times=tuple(arows.time_from_row(r) for r in rows_of("times")),
            places=tuple(erows.place_from_row(r) for r in rows_of("places")),
            events=tuple(erows.event_from_row(r) for r in rows_of("events")),
            producers=arows.producers_from_json(row["producers_json"]),
        )

    def all_actor_mentions(self) -> Iterator[ActorMention]:
        """Yield every stored actor mention, by article id, start and end (then stored order).

        What the link stage merges into actors. Each mention's ``actor_id`` is its current
        link (None before the first :meth:`replace_actors`).
        """
        cur = self._conn.execute(
            "SELECT * FROM actor_mentions ORDER BY article_id, start, end, seq"
        )
        for row in cur:
            yield arows.actor_mention_from_row(row)

    # --- actors ------------------------------------------------------------------------------

    def replace_actors(
        self,
        actors: Sequence[Actor],
        *,
        mention_actor_ids: Mapping[MentionKey, str],
        quote_speaker_ids: Mapping[MentionKey, str | None],
        event_actor_ids: EventActorIds | None = None,
    ) -> None:
        """Replace every stored actor, and link mentions, quotes and events to them.

        All in one transaction. Every mention and quote is unlinked first, so one the mappings
        do not name ends up with no actor. A key is ``(article_id, start, end)`` of a mention or
        a quote; it links every stored record with those offsets, and a key that matches none
        (its article was re-analysed since the mentions were read) links nothing. Events are
        keyed by ``(article_id, event_id)`` in the same way.

        Args:
            actors: The actors. Their ``mentions`` are not stored: they are read back from the
                mentions linked to each actor.
            mention_actor_ids: The actor id of each mention.
            quote_speaker_ids: The speaker's actor id of each quote (None: no speaker actor).
            event_actor_ids: The ``(source_actor, target_actor)`` ids of each event (None for a
                side with no actor). When given, every event it does not name is unlinked. When
                None (the default), each event keeps its links to actors whose id is still among
                ``actors``, and loses those to actors that are gone.

        Raises:
            ValueError: If two actors share an id, or a mapping names an actor that is not in
                ``actors``. Nothing is written then.
        """
        counts = Counter(a.id for a in actors)
        shared = sorted(i for i, n in counts.items() if n > 1)
        if shared:
            raise ValueError(f"Several actors have the id {shared[0]!r}; actor ids must be unique.")
        named = set(mention_actor_ids.values()) | set(quote_speaker_ids.values())
        named |= set(events_sql.named_actor_ids(event_actor_ids))
        unknown = sorted(i for i in named if i is not None and i not in counts)
        if unknown:
            raise ValueError(
                f"Mentions, quotes or events are linked to actor {unknown[0]!r}, which is not "
                f"among the actors given ({len(unknown)} such ids); pass every linked actor."
            )
        with self._transaction():
            self._conn.execute("UPDATE actor_mentions SET actor_id = NULL WHERE actor_id NOTNULL")
            self._conn.execute("UPDATE quotes SET speaker_id = NULL WHERE speaker_id NOTNULL")
            kept = events_sql.clear_event_links(self._conn, keep=event_actor_ids is None)
            self._conn.execute("DELETE FROM actors")
            self._conn.executemany(_INSERT_ACTOR, [arows.actor_to_row(a) for a in actors])
            self._conn.executemany(
                "UPDATE actor_mentions SET actor_id = ? "
                "WHERE article_id = ? AND start = ? AND end = ?",
                [(actor_id, *key) for key, actor_id in mention_actor_ids.items()],
            )
            self._conn.executemany(
                "UPDATE quotes SET speaker_id = ? WHERE article_id = ? AND start = ? AND end = ?",
                [(sid, *key) for key, sid in quote_speaker_ids.items() if sid is not None],
            )
            if event_actor_ids is None:
                events_sql.restore_event_links(self._conn, kept, counts)
            else:
                events_sql.link_events(self._conn, event_actor_ids)

    def actors(self) -> list[Actor]:
        """Return every stored actor, the most mentioned first (then by name, then id).

        Returns:
            The actors, each with ``mentions`` filled in: the mentions linked to it, in
            (article_id, start) order, with ``actor_id`` set.
        """
        mentions = self._linked_mentions()
        cur = self._conn.execute(
            "SELECT a.*, (SELECT count(*) FROM actor_mentions m WHERE m.actor_id = a.id) AS n "
            "FROM actors a ORDER BY n DESC, a.name, a.id"
        )
        return [arows.actor_from_row(row, mentions.get(row["id"], ())) for row in cur]

    def get_actor(self, id_or_prefix: str) -> Actor:
        """Return the actor with this id, or the only one whose id starts with it.

        Args:
            id_or_prefix: A full id, or a prefix of at least :data:`MIN_PREFIX` characters.

        Returns:
            The actor, with its mentions (as in :meth:`actors`).

        Raises:
            ActorNotFoundError: If no actor matches, the prefix is too short, or the prefix
                matches several actors (the message lists some).
        """
        row = row_by_id_or_prefix(
            self._conn,
            "SELECT * FROM actors",
            id_or_prefix,
            kind="actors",
            message=(
                f"No actor with id {id_or_prefix!r} in the store {self.path}. "
                "Actor ids are listed in the `actors` section of `storyline export`."
            ),
            not_found=ActorNotFoundError,
        )
        return arows.actor_from_row(row, self._linked_mentions(row["id"]).get(row["id"], ()))

    def _linked_mentions(self, actor_id: str | None = None) -> dict[str, list[Mention]]:
        """Return the mentions linked to each actor (or to one), in (article_id, start) order."""
        params: tuple[str, ...] = ()
        if actor_id is None:
            where = "actor_id NOTNULL"
        else:
            where, params = "actor_id = ?", (actor_id,)
        cur = self._conn.execute(
            f"SELECT * FROM actor_mentions WHERE {where} "
            "ORDER BY actor_id, article_id, start, end, seq",
            params,
        )
        linked: defaultdict[str, list[Mention]] = defaultdict(list)
        for row in cur:
            linked[row["actor_id"]].append(arows.mention_from_row(row))
        return linked

    # --- quotes and times --------------------------------------------------------------------

    def quotes(self, *, article_id: str | None = None, speaker: str | None = None) -> list[Quote]:
        """Return stored quotes, by article (publication date, undated last, then id), then start.

        Args:
            article_id: Only this article's quotes (a full id).
            speaker: Only the quotes whose speaker contains this text, ignoring case: in the
                linked actor's name or one of its aliases, or in the quote's ``speaker_name``
                or ``speaker`` as written. An empty string matches every quote with a speaker.

        Returns:
            The quotes, with their current ``speaker_id``.
        """
        where, params = _article_filter(article_id)
        cur = self._conn.execute(
            "SELECT r.*, a.name AS actor_name, a.aliases_json AS actor_aliases_json "
            "FROM quotes r JOIN articles art ON art.id = r.article_id "
            f"LEFT JOIN actors a ON a.id = r.speaker_id {where} ORDER BY {_ARTICLE_ORDER}",
            params,
        )
        needle = None if speaker is None else speaker.casefold()
        return [
            arows.quote_from_row(row)
            for row in cur
            if needle is None or any(needle in name.casefold() for name in _speaker_names(row))
        ]

    def times(self, *, article_id: str | None = None) -> list[TimeExpr]:
        """Return stored time expressions, by article (as :meth:`quotes`), then start.

        Args:
            article_id: Only this article's time expressions (a full id).
        """
        where, params = _article_filter(article_id)
        cur = self._conn.execute(
            f"SELECT r.* FROM times r JOIN articles art ON art.id = r.article_id {where} "
            f"ORDER BY {_ARTICLE_ORDER}",
            params,
        )
        return [arows.time_from_row(row) for row in cur]


def _article_filter(article_id: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (on the record table ``r``) and parameters for an optional article id."""
    if article_id is None:
        return "", ()
    return "WHERE r.article_id = ?", (article_id,)


def _speaker_names(row: sqlite3.Row) -> Iterator[str]:
    """Every name a quote's speaker goes by: linked actor's name and aliases, then as written."""
    if row["actor_name"] is not None:
        yield row["actor_name"]
        yield from json.loads(row["actor_aliases_json"])
    for column in ("speaker_name", "speaker"):
        if row[column] is not None:
            yield row[column]


def _check_article_ids(analysis: ArticleAnalysis) -> None:
    """Refuse records filed under another article's analysis: they would be stored under it."""
    records: tuple[Mention | Quote | TimeExpr, ...] = (
        *(m.mention for m in analysis.actor_mentions),
        *analysis.quotes,
        *analysis.times,
    )
    for record in records:
        if record.article_id != analysis.article_id:
            raise ValueError(
                f"A {type(record).__name__} of article {record.article_id!r} is in the analysis "
                f"of article {analysis.article_id!r}; an analysis holds one article's records."
            )
