"""Exceptions for bugs and the environment, with coded messages that say how to fix the problem.

Expected outcomes (an unreadable file, a page with no text) are not exceptions: they become
:class:`storyline.records.Rejected` values. Exceptions are for what the user or the machine must
fix: a bad setting, a missing model, a store that cannot be opened. Each subclass also inherits the
matching built-in, so ``except ValueError`` still works for callers that do not know storyline.

Modelled on spaCy's ``spacy/errors.py``: one catalogue of numbered messages.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ConfigError",
    "E",
    "InputError",
    "ModelNotFoundError",
    "StoreError",
    "StorylineError",
]


class E(StrEnum):
    """The catalogue of error messages. Format with ``E.E001.format(...)``."""

    E001 = "Unknown setting {name!r} in {where}. Run `storyline config show` to see valid names."
    E002 = "Invalid value for setting {name!r}: {problem}."
    E003 = "Config file {path} could not be read: {problem}."
    E004 = (
        "Verb dictionary {path}, line {line}: {problem}. Fix the file (PETRARCH-2 verb dictionary "
        "format) or remove it from events.verb_dictionaries."
    )
    E005 = (
        "Coding ontology {path}, line {line}: {problem}. Fix the file (PETRARCH-2 PICO format: "
        "CODE:0xVALUE lines) or remove it from events.coding_ontology."
    )
    E010 = (
        "The store at {path} could not be opened: {problem}. Check the path is writable, or pass "
        "another one with --db."
    )
    E011 = (
        "The store at {path} has schema version {found}, newer than this storyline knows "
        "({known}). Upgrade storyline, or use another --db."
    )
    E012 = "No article with id {id!r} in the store {path}. List ids with `storyline articles`."
    E020 = "Nothing to read: give one or more files or folders, or '-' for standard input."
    E021 = "Unknown export format {fmt!r}; choose one of: {choices}."
    E030 = (
        "The spaCy model {name!r} is not installed. Install it with `pip install {package}`, "
        "or choose another model with STORYLINE_NLP__MODEL."
    )

    def format(self, *args: object, **kwargs: object) -> str:
        """Return the message with its code, filled in."""
        return f"[{self.name}] " + str(self.value).format(*args, **kwargs)


class StorylineError(Exception):
    """Base class of every exception storyline raises on purpose."""


class ConfigError(StorylineError, ValueError):
    """A setting is unknown or invalid."""


class InputError(StorylineError, ValueError):
    """The command was given nothing it can read (not: one bad file, which is a reject)."""


class StoreError(StorylineError, RuntimeError):
    """The store cannot be opened, migrated or written."""


class ModelNotFoundError(StorylineError, OSError):
    """A required model package is not installed."""
