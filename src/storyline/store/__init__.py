"""The embedded store: the only place with SQL.

Open one with :func:`open_store`; the rest of storyline should depend on the :class:`Repository`
protocol it satisfies. The export contract (``storyline.export/1``) is in
:mod:`storyline.store.export`.
"""

from storyline.store.repository import (
    MIN_PREFIX,
    ActorNotFoundError,
    AmbiguousIdError,
    ArticleNotFoundError,
    EventNotFoundError,
    Repository,
    RunInfo,
    RunNotFoundError,
    StoryNotFoundError,
    UpsertResult,
)
from storyline.store.schema import SCHEMA_VERSION
from storyline.store.sqlite import SqliteStore, open_store

__all__ = [
    "MIN_PREFIX",
    "SCHEMA_VERSION",
    "ActorNotFoundError",
    "AmbiguousIdError",
    "ArticleNotFoundError",
    "EventNotFoundError",
    "Repository",
    "RunInfo",
    "RunNotFoundError",
    "SqliteStore",
    "StoryNotFoundError",
    "UpsertResult",
    "open_store",
]
