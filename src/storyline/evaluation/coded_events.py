"""What the event scorers score: a coder's output, how a coder is named, and trivial baselines.

A *coder* is any callable ``coder(text, date) -> Sequence[CodedEvent]``: given one sentence and
its reference date, it returns the dyadic events it codes there. The scorers
(:mod:`storyline.evaluation.plover_gsr`, :mod:`storyline.evaluation.petrarch_suite`) only call
coders and score what they return; the event coder itself lives in ``storyline.extract``.

The baselines here are deliberately trivial (no events; the most frequent gold code between the
first two dictionary actors of the sentence), so that a scorer's figures can be sanity-checked
before the real coder exists: any coder worth shipping must beat them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from storyline.errors import StorylineError
from storyline.records import Event

__all__ = [
    "DEFAULT_CODER",
    "Coder",
    "CodedEvent",
    "CoderNotFoundError",
    "DictionaryBaseline",
    "DictionaryEntry",
    "fold_words",
    "load_coder",
    "no_events",
]

DEFAULT_CODER = "storyline.evaluation.event_coders:storyline_coder"
"""The coder the scorers' command lines run unless told otherwise (written by the integrator)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodedEvent:
    """One event as a coder returns it to a scorer.

    Attributes:
        source_code, target_code: CAMEO-style actor codes (``RUSGOV``, ``GON``), None where the
            coder found no actor.
        cameo: CAMEO event code (``036``).
        plover: PLOVER category, where the coder gives one; scorers that need it and find None
            look it up in the CAMEO codebook from ``cameo``.
    """

    source_code: str | None
    target_code: str | None
    cameo: str
    plover: str | None = None

    @classmethod
    def from_event(cls, event: Event) -> CodedEvent:
        """Return the scorer's view of a pipeline :class:`~storyline.records.Event`."""
        return cls(source_code=event.source_code, target_code=event.target_code,
                   cameo=event.cameo, plover=event.plover)


Coder = Callable[[str, dt.date], Sequence[CodedEvent]]
"""``coder(sentence, reference_date) -> events``."""


class CoderNotFoundError(StorylineError, ImportError):
    """A ``module:function`` coder name does not resolve to a callable."""


def load_coder(spec: str) -> Callable[..., object]:
    """Import a coder (or coder factory) named ``package.module:function``.

    Args:
        spec: ``module:attribute``; the attribute may be dotted (``module:Class.method``).

    Returns:
        The callable the name denotes.

    Raises:
        CoderNotFoundError: If the name is malformed, the module does not exist, or the attribute
            is missing or not callable; the message says which and how to proceed.
    """
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise CoderNotFoundError(f"Coder {spec!r} is not of the form 'package.module:function'.")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = exc.name or module_name
        if module_name == missing or module_name.startswith(missing + "."):
            raise CoderNotFoundError(
                f"Coder module {module_name!r} not found. Pass --coder module:function, or run "
                "with --baseline to check the scorer alone."
            ) from exc
        raise
    target: object = module
    for part in attr.split("."):
        if not hasattr(target, part):
            raise CoderNotFoundError(f"Module {module_name!r} has no attribute {attr!r}.")
        target = getattr(target, part)
    if not callable(target):
        raise CoderNotFoundError(f"{spec!r} is not callable.")
    return target


def no_events(text: str, date: dt.date) -> Sequence[CodedEvent]:
    """The empty baseline: code nothing, ever."""
    return ()


def fold_words(text: str) -> list[str]:
    """Split a text into case-folded, accent-stripped word tokens (``\\w+`` runs).

    Args:
        text: Any text.

    Returns:
        The folded words, in order (``"Arnor's envoy"`` -> ``["arnor", "s", "envoy"]``).
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.findall(r"\w+", text.casefold())


@dataclass(frozen=True, slots=True)
class DictionaryEntry:
    """One name a dictionary baseline looks for.

    Attributes:
        words: The name's folded words (``("minas", "tirith")``).
        code: The actor code it gives.
        stem: True when the last word also matches words it begins (PETRARCH's convention for
            names not ending in ``_``: ``ARGENTIN`` matches "Argentina" and "Argentine").
    """

    words: tuple[str, ...]
    code: str
    stem: bool = False


class DictionaryBaseline:
    """Code one event, with a fixed code, from the first to the second actor a dictionary finds.

    The sentence is scanned left to right; at each word the longest dictionary name starting
    there is taken. The first two *different* actor codes found become source and target; with
    fewer than two, nothing is coded.

    Args:
        entries: The names to look for.
        cameo: The event code to give every event (a scorer passes its gold's most frequent).
        plover: The PLOVER category to give every event, where known.
    """

    def __init__(self, entries: Iterable[DictionaryEntry], *, cameo: str,
                 plover: str | None = None) -> None:
        by_first: dict[str, list[DictionaryEntry]] = {}
        stems: list[DictionaryEntry] = []
        for entry in entries:
            if not entry.words:
                continue
            if entry.stem and len(entry.words) == 1:
                stems.append(entry)
            else:
                by_first.setdefault(entry.words[0], []).append(entry)
        for bucket in by_first.values():
            bucket.sort(key=lambda e: -len(e.words))
        self._by_first: Mapping[str, tuple[DictionaryEntry, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in by_first.items()})
        self._stems = tuple(sorted(stems, key=lambda e: -len(e.words[0])))
        self.cameo = cameo
        self.plover = plover

    def actors(self, text: str) -> list[str]:
        """Return the actor codes found in a text, in order (repeats included)."""
        words = fold_words(text)
        found: list[str] = []
        i = 0
        while i < len(words):
            match = self._match(words, i)
            if match is None:
                i += 1
                continue
            found.append(match.code)
            i += len(match.words)
        return found

    def _match(self, words: Sequence[str], i: int) -> DictionaryEntry | None:
        for entry in self._by_first.get(words[i], ()):
            n = len(entry.words)
            window = words[i:i + n]
            if len(window) < n or list(entry.words[:-1]) != list(window[:-1]):
                continue
            last = window[-1]
            if last == entry.words[-1] or (entry.stem and last.startswith(entry.words[-1])):
                return entry
        for entry in self._stems:
            if words[i].startswith(entry.words[0]):
                return entry
        return None

    def __call__(self, text: str, date: dt.date) -> Sequence[CodedEvent]:
        """Code the text (the date is not used)."""
        codes = list(dict.fromkeys(self.actors(text)))
        if len(codes) < 2:
            return ()
        return (CodedEvent(source_code=codes[0], target_code=codes[1], cameo=self.cameo,
                           plover=self.plover),)
