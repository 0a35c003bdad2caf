"""What the rest of storyline may ask of a store: the :class:`Repository` protocol and its values.

Later stages (compare, serve, export) depend on this protocol, not on SQLite, so that a test can
hand them a fake and another backend can be added without touching them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from storyline.errors import StoreError
from storyline.records import (
    Actor,
    ActorMention,
    Article,
    ArticleAnalysis,
    Duplicate,
    Event,
    Place,
    Quote,
    Rejected,
    Story,
    TimeExpr,
    TimelineEntry,
)

__all__ = [
    "MIN_PREFIX",
    "ActorNotFoundError",
    "AmbiguousIdError",
    "ArticleNotFoundError",
    "EventNotFoundError",
    "Repository",
    "RunInfo",
    "RunNotFoundError",
    "StoryNotFoundError",
    "UpsertResult",
]

MIN_PREFIX = 4
"""The shortest id prefix ``get_article``, ``get_actor``, ``get_event`` and ``get_story`` accept."""


class ArticleNotFoundError(StoreError, LookupError):
    """No stored article has the id (or unique id prefix) asked for. Message: E012."""


class AmbiguousIdError(ArticleNotFoundError):
    """An id prefix matches more than one article; the message lists some of them."""


class ActorNotFoundError(StoreError, LookupError):
    """No stored actor has the id (or unique id prefix) asked for, or several match the prefix."""


class EventNotFoundError(StoreError, LookupError):
    """No stored event has the id (or unique id prefix) asked for, or several match the prefix."""


class StoryNotFoundError(StoreError, LookupError):
    """No stored story has the id (or unique id prefix) asked for, or several match the prefix."""


class RunNotFoundError(StoreError, LookupError):
    """No run with the id asked for was started in this store."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UpsertResult:
    """What one :meth:`Repository.upsert_articles` batch did.

    ``added + unchanged + differing + len(rejected)`` is the batch size.

    Attributes:
        added: Articles stored for the first time.
        unchanged: Articles already stored with exactly the same values (a re-ingest); only the
            source path was recorded, if new.
        differing: Articles whose id (a hash of the original text) was already stored but whose
            derived values differ: the same text reached from another source with other metadata,
            or cleaned by another extractor version. The stored article is kept as it was (the
            first source wins) and the new source path is recorded.
        rejected: Articles the store could not write (a value SQLite cannot hold, such as a lone
            surrogate in the text), as rejects of the ``store`` stage. The rest of the batch is
            stored.
    """

    added: int = 0
    unchanged: int = 0
    differing: int = 0
    rejected: tuple[Rejected, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RunInfo:
    """A run's bookkeeping, as recorded by :meth:`Repository.start_run` and ``finish_run``.

    Attributes:
        id: The run id.
        started_at, finished_at: Timezone-aware UTC times; ``finished_at`` is None for a run that
            did not finish (it crashed, or is still going).
        storyline_version: The version of storyline that ran.
        settings_json: The settings in force, as JSON.
        models: Versioned names of the models and lexicons used, by component.
        inputs: The paths the run was given.
        counts: The counts the run reported when it finished.
    """

    id: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    storyline_version: str
    settings_json: str
    models: Mapping[str, str] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()
    counts: Mapping[str, int] | None = None


@runtime_checkable
class Repository(Protocol):
    """Stored articles, rejects and runs, and what the extract and link stages found in them.

    Actors, quotes, times, places, events, duplicates, stories and timelines are listed through
    this protocol; the GDELT table and the ``storyline.export/1`` document are built from it
    alone.
    """

    def upsert_articles(
        self, articles: Sequence[Article], *, run_id: str | None = None
    ) -> UpsertResult:
        """Store a batch of articles in one transaction; see :class:`UpsertResult`."""
        ...

    def add_rejects(self, rejects: Sequence[Rejected], run_id: str) -> None:
        """Record a run's rejects."""
        ...

    def start_run(
        self,
        *,
        settings_json: str,
        models: Mapping[str, str],
        inputs: Sequence[str] = ...,
        version: str = ...,
    ) -> str:
        """Record the start of a run and return its id."""
        ...

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None:
        """Record the end of a run with its counts."""
        ...

    def get_run(self, run_id: str) -> RunInfo:
        """Return one run's bookkeeping."""
        ...

    def runs(self) -> list[RunInfo]:
        """Return every run, oldest first."""
        ...

    def articles(self) -> Iterator[Article]:
        """Yield every article, by publication date (undated last), then id."""
        ...

    def dated_articles_sample(self, *, limit: int) -> Iterator[Article]:
        """Yield up to ``limit`` dated articles, the latest first."""
        ...

    def get_article(self, id_or_prefix: str) -> Article:
        """Return the article with this id, or the only one whose id starts with it."""
        ...

    def sources(self, article_id: str) -> tuple[str, ...]:
        """Return every source path an article was seen at, the first one first."""
        ...

    def rejected(self, run_id: str | None = None) -> list[Rejected]:
        """Return one run's rejects, or the distinct rejects of every run."""
        ...

    def count_articles(self) -> int:
        """Return how many articles are stored."""
        ...

    def save_analyses(self, analyses: Sequence[ArticleAnalysis]) -> None:
        """Store analyses in one transaction, each replacing its article's previous one."""
        ...

    def analysis_needed(
        self, article_ids: Sequence[str], producers: Mapping[str, str]
    ) -> list[str]:
        """Return the ids whose stored analysis is missing or was made by other producers."""
        ...

    def analysis(self, article_id: str) -> ArticleAnalysis | None:
        """Return an article's stored analysis, or None if it has none."""
        ...

    def all_actor_mentions(self) -> Iterator[ActorMention]:
        """Yield every stored actor mention, by article id, start, end."""
        ...

    def replace_actors(
        self,
        actors: Sequence[Actor],
        *,
        mention_actor_ids: Mapping[tuple[str, int, int], str],
        quote_speaker_ids: Mapping[tuple[str, int, int], str | None],
        event_actor_ids: Mapping[tuple[str, str], tuple[str | None, str | None]] | None = ...,
    ) -> None:
        """Replace every actor, and link mentions, quotes and events to them, in one transaction.

        ``event_actor_ids`` maps ``(article_id, event_id)`` to the event's ``(source_actor,
        target_actor)``; when given, events it does not name are unlinked; when None, events
        keep their links to actors that are still among ``actors``.
        """
        ...

    def actors(self) -> list[Actor]:
        """Return every actor with its mentions, the most mentioned first."""
        ...

    def get_actor(self, id_or_prefix: str) -> Actor:
        """Return the actor with this id, or the only one whose id starts with it."""
        ...

    def quotes(self, *, article_id: str | None = None, speaker: str | None = None) -> list[Quote]:
        """Return quotes, optionally of one article or one speaker, in article order."""
        ...

    def times(self, *, article_id: str | None = None) -> list[TimeExpr]:
        """Return time expressions, optionally of one article, in article order."""
        ...

    def events(
        self,
        *,
        article_id: str | None = None,
        actor: str | None = None,
        code: str | None = None,
        modality: str | None = None,
    ) -> list[Event]:
        """Return coded events, filtered, by event date (undated last), article, start."""
        ...

    def get_event(self, id_or_prefix: str) -> Event:
        """Return the event with this id, or the only one whose id starts with it."""
        ...

    def places(self, *, article_id: str | None = None) -> list[Place]:
        """Return geocoded places, optionally of one article, in article order."""
        ...

    def replace_duplicates(self, duplicates: Sequence[Duplicate]) -> None:
        """Replace every stored duplicate in one transaction."""
        ...

    def duplicates(self) -> list[Duplicate]:
        """Return every duplicate, by the article it copies, then by its own id."""
        ...

    def duplicate_of(self, article_id: str) -> str | None:
        """Return the id of the article this one copies, or None if it is no duplicate."""
        ...

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Insert or update stories by id in one transaction, replacing their article lists."""
        ...

    def stories(self) -> list[Story]:
        """Return every story, the one with the latest article first (then by id)."""
        ...

    def get_story(self, id_or_prefix: str) -> Story:
        """Return the story with this id, or the only one whose id starts with it."""
        ...

    def story_of(self, article_id: str) -> str | None:
        """Return the id of the story an article is in, or None."""
        ...

    def save_story_state(self, name: str, state: Mapping[str, object]) -> None:
        """Store (replacing) the link stage's named clustering state, as JSON."""
        ...

    def load_story_state(self, name: str) -> dict[str, object] | None:
        """Return the named clustering state as saved (parsed JSON), or None if never saved."""
        ...

    def replace_timeline(self, story_id: str, entries: Sequence[TimelineEntry]) -> None:
        """Replace one story's timeline in one transaction."""
        ...

    def timeline(self, story_id: str) -> list[TimelineEntry]:
        """Return one story's timeline entries by date (ties in the order saved)."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...
