"""The store's SQL schema, as an ordered tuple of migration steps.

``PRAGMA user_version`` holds the number of steps applied, so step *n* (1-based) takes a store
from version *n - 1* to *n*. Opening an older store applies the missing steps in one transaction;
a store newer than this code is refused rather than guessed at. Adding tables later is one new
:class:`Migration` at the end of :data:`MIGRATIONS` (as step 2 added the extraction results of
issue 3: analyses, actor mentions, quotes, times, actors; step 3 the places and coded events
of issue 4; step 4 the duplicates, stories, story state and timelines of issue 5; step 5 how
each timeline entry is dated); released steps are never edited, because stores in the wild have
already run them.

``PRAGMA application_id`` marks the file as a storyline store, so that ``--db`` pointed by mistake
at another program's SQLite file is refused instead of having tables added to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import E, StoreError

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "Migration", "migrate", "version_of"]

APPLICATION_ID = 0x53544C4E
"""``STLN`` in ASCII: written to the SQLite header of every storyline store."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One schema step.

    Attributes:
        name: What the step adds, for error messages and ``storyline store info``.
        statements: SQL statements run in order, inside the migration's transaction. Kept as
            separate statements (not one script) because ``sqlite3.executescript`` commits any
            open transaction first, which would break the all-or-nothing migration.
    """

    name: str
    statements: tuple[str, ...]


_V1_CORE = Migration(
    name="runs, articles, article sources, rejects, full-text index",
    statements=(
        """
        CREATE TABLE runs (
            id                TEXT PRIMARY KEY,
            started_at        TEXT NOT NULL,  -- ISO 8601, timezone-aware (UTC)
            finished_at       TEXT,
            storyline_version TEXT NOT NULL,
            settings_json     TEXT NOT NULL,
            models_json       TEXT NOT NULL,  -- {"component": "name-version"}
            inputs_json       TEXT NOT NULL,  -- the paths the run was given
            counts_json       TEXT            -- set by finish_run
        )
        """,
        # Scalar fields a query may filter or sort on are columns; the nested parts of an article
        # (offset segments, removed lines, date evidence) are always read whole with the article,
        # so they are JSON columns rather than child tables: one row per article, no joins on
        # read, and SQLite's JSON functions can still reach inside them.
        """
        CREATE TABLE articles (
            -- An explicit INTEGER PRIMARY KEY keeps rowids stable across VACUUM, which the
            -- external-content FTS index below relies on.
            pk                          INTEGER PRIMARY KEY,
            id                          TEXT NOT NULL UNIQUE,
            source                      TEXT NOT NULL,  -- the first path it was seen at
            format                      TEXT NOT NULL,
            url                         TEXT,
            original_text               TEXT NOT NULL,
            text                        TEXT NOT NULL,
            offsets_json                TEXT NOT NULL,  -- [[clean_start, orig_start, length]...]
            removed_json                TEXT NOT NULL,  -- [{start, end, text, rule}...]
            title                       TEXT,
            title_start                 INTEGER,
            title_end                   INTEGER,
            subtitle                    TEXT,
            subtitle_start              INTEGER,
            subtitle_end                INTEGER,
            outlet                      TEXT,
            outlet_evidence             TEXT,
            agency                      TEXT,
            dateline                    TEXT,
            dateline_start              INTEGER,
            dateline_end                INTEGER,
            published                   TEXT,           -- ISO date (YYYY-MM-DD) or NULL
            published_granularity       TEXT,
            published_method            TEXT NOT NULL,
            published_confidence        REAL NOT NULL,
            published_explanation       TEXT NOT NULL,
            published_evidence_json     TEXT NOT NULL,  -- [{kind, text, start, end, value...}]
            published_contradicted_json TEXT NOT NULL,
            language                    TEXT,
            language_confidence         REAL,
            encoding                    TEXT,
            extractor                   TEXT NOT NULL,
            -- sha256 of every stored value but source: tells a re-ingest of the same article
            -- from one derived differently (other metadata, other cleaner version).
            fingerprint                 TEXT NOT NULL
        )
        """,
        "CREATE INDEX articles_by_published ON articles (published, id)",
        """
        CREATE TABLE article_sources (
            seq        INTEGER PRIMARY KEY,  -- insertion order: the first source comes first
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            source     TEXT NOT NULL,
            run_id     TEXT REFERENCES runs (id) ON DELETE SET NULL,  -- the run that first saw it
            UNIQUE (article_id, source)
        )
        """,
        """
        CREATE TABLE rejects (
            seq    INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            stage  TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL
        )
        """,
        "CREATE INDEX rejects_by_run ON rejects (run_id, seq)",
        # External content: the index holds tokens only; the text stays in `articles`. Articles
        # are never updated in place, but the update trigger keeps the index right if a later
        # migration or repair does (https://www.sqlite.org/fts5.html#external_content_tables).
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, text, content = 'articles', content_rowid = 'pk'
        )
        """,
        """
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
        END
        """,
        """
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
                VALUES ('delete', old.pk, old.title, old.text);
        END
        """,
        """
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
                VALUES ('delete', old.pk, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
        END
        """,
    ),
)

_V2_ANALYSES = Migration(
    name="analyses: actor mentions, quotes, time expressions, actors",
    statements=(
        # One row per analysed article: which versioned producers made its analysis, so a re-run
        # can skip unchanged work and a new model or rule version re-analyses. The extraction
        # rows below hang off this row, not off `articles`, so deleting (or replacing) an
        # analysis cascades to all of them and none is ever left without its analysis.
        """
        CREATE TABLE analyses (
            article_id     TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            producers_json TEXT NOT NULL  -- [["component", "name-version"]...], in record order
        )
        """,
        # Replaced whole by the link stage. The mentions are not stored here but found through
        # actor_mentions.actor_id, so an actor's mention list can never disagree with the
        # mentions' own links.
        """
        CREATE TABLE actors (
            id               TEXT PRIMARY KEY,
            name             TEXT NOT NULL,
            aliases_json     TEXT NOT NULL,  -- ["alias"...]
            kind             TEXT NOT NULL,
            role             TEXT,
            country          TEXT,
            sector           TEXT,
            code             TEXT,
            descriptors_json TEXT NOT NULL   -- [{article_id, text, start, end, role...}...]
        )
        """,
        # `seq` is the record's position in its ArticleAnalysis tuple (offset order, as the
        # extractors yield them), so an analysis reads back exactly as it was saved. Offsets are
        # into the article's cleaned `text`. A link column that names no actor is NULL, and
        # replacing the actors clears it (ON DELETE SET NULL): no dangling actor ids.
        """
        CREATE TABLE actor_mentions (
            article_id       TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
            seq              INTEGER NOT NULL,
            start            INTEGER NOT NULL,
            end              INTEGER NOT NULL,
            text             TEXT NOT NULL,
            kind             TEXT NOT NULL,
            form             TEXT NOT NULL,
            name             TEXT NOT NULL,
            key              TEXT,
            code             TEXT,
            country          TEXT,
            sector           TEXT,
            descriptors_json TEXT NOT NULL,  -- [{article_id, text, start, end, role...}...]
            antecedent_start INTEGER,
            antecedent_end   INTEGER,
            producer         TEXT NOT NULL,
            actor_id         TEXT REFERENCES actors (id) ON DELETE SET NULL,
            PRIMARY KEY (article_id, seq)
        )
        """,
        "CREATE INDEX actor_mentions_by_offsets ON actor_mentions (article_id, start, end, seq)",
        # Ends in the listing order, so an actor's mentions are read in order without a sort.
        "CREATE INDEX actor_mentions_by_actor "
        "ON actor_mentions (actor_id, article_id, start, end, seq)",
        """
        CREATE TABLE quotes (
            article_id    TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
            seq           INTEGER NOT NULL,
            start         INTEGER NOT NULL,
            end           INTEGER NOT NULL,
            text          TEXT NOT NULL,
            speaker       TEXT,
            speaker_start INTEGER,
            speaker_end   INTEGER,
            speaker_name  TEXT,
            speaker_id    TEXT REFERENCES actors (id) ON DELETE SET NULL,
            cue           TEXT,
            cue_start     INTEGER,
            cue_end       INTEGER,
            direct        INTEGER NOT NULL CHECK (direct IN (0, 1)),
            via           TEXT,
            producer      TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        )
        """,
        "CREATE INDEX quotes_by_offsets ON quotes (article_id, start, end, seq)",
        "CREATE INDEX quotes_by_speaker ON quotes (speaker_id)",
        """
        CREATE TABLE times (
            article_id  TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
            seq         INTEGER NOT NULL,
            start       INTEGER NOT NULL,
            end         INTEGER NOT NULL,
            text        TEXT NOT NULL,
            type        TEXT NOT NULL,
            value       TEXT NOT NULL,
            date        TEXT,  -- ISO date (YYYY-MM-DD) or NULL
            granularity TEXT,
            anchored    INTEGER NOT NULL CHECK (anchored IN (0, 1)),
            mod         TEXT,
            producer    TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        )
        """,
        "CREATE INDEX times_by_offsets ON times (article_id, start, end, seq)",
    ),
)

_V3_EVENTS = Migration(
    name="places and coded events",
    statements=(
        # Like the records of step 2: they hang off their analysis (replaced with it), `seq` is
        # the position in the ArticleAnalysis tuple, offsets are into the article's cleaned text.
        """
        CREATE TABLE places (
            article_id   TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
            seq          INTEGER NOT NULL,
            start        INTEGER NOT NULL,
            end          INTEGER NOT NULL,
            text         TEXT NOT NULL,
            name         TEXT NOT NULL,
            country      TEXT,  -- ISO 3166 alpha-3
            country_fips TEXT,  -- FIPS 10-4
            admin1       TEXT,
            lat          REAL,
            lon          REAL,
            feature      TEXT NOT NULL,
            geonameid    INTEGER,
            producer     TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        )
        """,
        "CREATE INDEX places_by_offsets ON places (article_id, start, end, seq)",
        # Filterable fields are columns: the actor links (set by the link stage; replacing the
        # actors clears a link that names none of them), the CAMEO code and its root (the first
        # two digits, stored so that "every 04 event" is an index lookup). The event's place is
        # read whole with it, so it is JSON like the other nested parts; an event's place need
        # not be one of its analysis's `places`.
        """
        CREATE TABLE events (
            article_id       TEXT NOT NULL REFERENCES analyses (article_id) ON DELETE CASCADE,
            seq              INTEGER NOT NULL,
            id               TEXT NOT NULL,
            start            INTEGER NOT NULL,
            end              INTEGER NOT NULL,
            trigger          TEXT NOT NULL,
            trigger_start    INTEGER NOT NULL,
            trigger_end      INTEGER NOT NULL,
            source           TEXT,
            source_start     INTEGER,
            source_end       INTEGER,
            source_actor     TEXT REFERENCES actors (id) ON DELETE SET NULL,
            source_code      TEXT,
            target           TEXT,
            target_start     INTEGER,
            target_end       INTEGER,
            target_actor     TEXT REFERENCES actors (id) ON DELETE SET NULL,
            target_code      TEXT,
            cameo            TEXT NOT NULL,  -- as a string: leading zeros matter (043)
            cameo_root       TEXT NOT NULL,  -- substr(cameo, 1, 2)
            plover           TEXT,
            plover_mode      TEXT,
            goldstein        REAL,
            quad_class       INTEGER,
            modality         TEXT NOT NULL,
            asserted_by      TEXT,
            asserted_by_kind TEXT,
            date             TEXT,  -- ISO date (YYYY-MM-DD) or NULL
            date_granularity TEXT,
            date_source      TEXT,
            place_json       TEXT,  -- {article_id, start, end, text, name, country...} or NULL
            rule             TEXT NOT NULL,
            producer         TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        )
        """,
        "CREATE UNIQUE INDEX events_by_id ON events (id)",
        "CREATE INDEX events_by_offsets ON events (article_id, start, end, seq)",
        "CREATE INDEX events_by_source_actor ON events (source_actor)",
        "CREATE INDEX events_by_target_actor ON events (target_actor)",
        "CREATE INDEX events_by_cameo ON events (cameo)",
        "CREATE INDEX events_by_cameo_root ON events (cameo_root, cameo)",
    ),
)

_V4_STORIES = Migration(
    name="duplicates, stories, story state, timelines",
    statements=(
        # Replaced whole by the link stage. An article has at most one original (the PK); both
        # ends are stored articles.
        """
        CREATE TABLE duplicates (
            article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            duplicate_of TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            similarity   REAL NOT NULL,
            producer     TEXT NOT NULL,
            CHECK (article_id != duplicate_of)
        )
        """,
        "CREATE INDEX duplicates_by_original ON duplicates (duplicate_of, article_id)",
        # Upserted by id: a story id is a hash of its founding article, so it never changes as
        # articles join. Its articles are a child table, not JSON, so that "which story is this
        # article in" is an index lookup and an article is in one story at most (UNIQUE).
        """
        CREATE TABLE stories (
            id       TEXT PRIMARY KEY,
            title    TEXT NOT NULL,
            summary  TEXT NOT NULL,
            producer TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE story_articles (
            story_id   TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            seq        INTEGER NOT NULL,  -- position in Story.article_ids (publication order)
            article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
            PRIMARY KEY (story_id, seq)
        )
        """,
        # The link stage's clustering index, saved between runs so that new articles join the
        # stories already found without re-clustering the store. Opaque to the store: compact
        # JSON, read and written whole.
        """
        CREATE TABLE story_state (
            name       TEXT PRIMARY KEY,
            state_json TEXT NOT NULL
        )
        """,
        # Replaced whole per story. `seq` is the entry's position as given, which breaks ties
        # between entries of the same date. Actor ids and CAMEO codes are read whole with their
        # entry (JSON); the sources are rows, each hanging off its entry.
        """
        CREATE TABLE timeline_entries (
            story_id      TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            seq           INTEGER NOT NULL,
            date          TEXT NOT NULL,  -- ISO date (YYYY-MM-DD)
            granularity   TEXT NOT NULL,
            summary       TEXT NOT NULL,
            actors_json   TEXT NOT NULL,  -- ["actor id"...]
            cameo_json    TEXT NOT NULL,  -- ["043"...]
            disputed      INTEGER NOT NULL CHECK (disputed IN (0, 1)),
            disagreement  TEXT,
            producer      TEXT NOT NULL,
            PRIMARY KEY (story_id, seq)
        )
        """,
        "CREATE INDEX timeline_entries_by_date ON timeline_entries (story_id, date, seq)",
        """
        CREATE TABLE timeline_sources (
            story_id       TEXT NOT NULL,
            entry_seq      INTEGER NOT NULL,
            seq            INTEGER NOT NULL,  -- position in TimelineEntry.sources
            article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            start          INTEGER NOT NULL,
            end            INTEGER NOT NULL,
            outlet         TEXT,
            event_ids_json TEXT NOT NULL,  -- ["event id"...]
            PRIMARY KEY (story_id, entry_seq, seq),
            FOREIGN KEY (story_id, entry_seq)
                REFERENCES timeline_entries (story_id, seq) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX timeline_sources_by_article ON timeline_sources (article_id)",
    ),
)

_V5_DATE_BASIS = Migration(
    name="how each timeline entry is dated",
    statements=(
        # NULL for entries saved before step 5: their basis was not recorded.
        "ALTER TABLE timeline_entries ADD COLUMN date_basis TEXT "
        "CHECK (date_basis IN ('text', 'context', 'report'))",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (
    _V1_CORE, _V2_ANALYSES, _V3_EVENTS, _V4_STORIES, _V5_DATE_BASIS,
)
"""Every schema step, oldest first. Append only."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The version a store has once this code has opened it."""


def version_of(conn: sqlite3.Connection) -> int:
    """Return the schema version recorded in a store (0 for a new, empty file)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(
    conn: sqlite3.Connection,
    *,
    path: Path,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring a store up to the latest schema version, all steps in one transaction.

    The connection must be in autocommit mode (``isolation_level=None``) with no transaction
    open. The version is read again after the write lock is taken, so two processes opening the
    same old store do not both migrate it.

    Args:
        conn: An open connection to the store.
        path: The store's path, for error messages.
        migrations: The steps to apply; tests pass a longer or shorter tuple.

    Returns:
        The schema version after migrating.

    Raises:
        StoreError: E011 if the store is newer than ``migrations``; E010 if the file is not a
            storyline store or a step fails (the store is then left as it was).
    """
    target = len(migrations)
    found = version_of(conn)
    if found > target:
        raise StoreError(E.E011.format(path=path, found=found, known=target))
    if found == target:
        _check_application_id(conn, path=path, version=found)
        return found
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = version_of(conn)
        if found > target:
            raise StoreError(E.E011.format(path=path, found=found, known=target))
        _check_application_id(conn, path=path, version=found)
        if found == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        for number, step in enumerate(migrations[found:], start=found + 1):
            for statement in step.statements:
                try:
                    conn.execute(statement)
                except sqlite3.Error as exc:
                    problem = f"schema step {number} ({step.name}) failed: {exc}"
                    raise StoreError(E.E010.format(path=path, problem=problem)) from exc
        # PRAGMA takes no parameters; `target` is an int we computed, not user input.
        conn.execute(f"PRAGMA user_version = {target:d}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return target


def _check_application_id(conn: sqlite3.Connection, *, path: Path, version: int) -> None:
    """Refuse a file that is some other program's database."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or tables:
            problem = "it is an SQLite database of another program, not a storyline store"
            raise StoreError(E.E010.format(path=path, problem=problem))
    elif app_id != APPLICATION_ID:
        problem = "it is an SQLite database of another program, not a storyline store"
        raise StoreError(E.E010.format(path=path, problem=problem))
