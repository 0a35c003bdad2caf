"""The time-expression lexicon: calendar and number words, units, and the relative-expression table.

The words live in versioned package data (``storyline/data/timex.json``); this module loads them
into an immutable :class:`TimexLexicon`, with the tagger's regular expressions compiled once at
load time. Nothing happens at import time, and nothing here is a mutable global: the caller loads
the lexicon once and passes it to :func:`storyline.extract.times.times`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from storyline.extract.timex_grammar import Grammar

__all__ = ["TimexLexicon", "load_timex_lexicon"]

_RESOURCE = "timex.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimexLexicon:
    """Immutable word lists and tables the time-expression tagger reads.

    Keys of the word tables are lower-case, except month and weekday names, which keep their
    capitalisation (capitalisation is what tells the month ``May`` from the verb ``may``).

    Attributes:
        version: ``timex-<n>`` from the data file, recorded with each run.
        months: Month name or abbreviation -> 1..12.
        full_months: The full month names (``May``, not ``Sept``).
        weekdays: Weekday name or abbreviation -> ISO weekday 1..7.
        seasons: Season word -> TIMEX3 season code (``SU``).
        parts_of_day: Part-of-day word -> TIMEX3 code (``MO``, ``AF``, ``EV``, ``NI``).
        numbers: Cardinal number words -> value.
        vague_numbers: Words that quantify without a number (``several``) -> ``X`` values.
        ordinals: Ordinal words -> value.
        units: Unit (singular) -> ISO-8601 designator (``D``, ``W``, ``10Y``, ``WE``).
        unit_plurals: Plural -> singular.
        time_units: Units below a day (written after ``T`` in ISO durations).
        relative: Relative modifier -> offset (``last`` -> -1).
        day_words: ``today``/``yesterday``/``tomorrow`` -> day offset.
        reference_words: Phrase -> ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.
        position_mods: Word -> TIMEX3 ``mod`` (``early`` -> ``START``).
        approximators: Phrase -> TIMEX3 ``mod`` (``about`` -> ``APPROX``).
        set_adverbs: ``daily`` and friends -> SET value.
        time_zones: Zone name -> UTC offset (empty when not fixed).
        day_times: ``noon``/``midnight`` -> ``HH:MM``.
        named_day_words: Words that make a weekday part of a name (``Black`` Monday).
        deferral_verbs: Lemmas of verbs that move an event to a new date (``postpone``).
        grammar: The compiled tagging patterns built from the words above.
    """

    version: str
    months: Mapping[str, int]
    full_months: frozenset[str]
    weekdays: Mapping[str, int]
    seasons: Mapping[str, str]
    parts_of_day: Mapping[str, str]
    numbers: Mapping[str, int]
    vague_numbers: frozenset[str]
    ordinals: Mapping[str, int]
    units: Mapping[str, str]
    unit_plurals: Mapping[str, str]
    time_units: frozenset[str]
    relative: Mapping[str, int]
    day_words: Mapping[str, int]
    reference_words: Mapping[str, str]
    position_mods: Mapping[str, str]
    approximators: Mapping[str, str]
    set_adverbs: Mapping[str, str]
    time_zones: Mapping[str, str]
    day_times: Mapping[str, str]
    named_day_words: frozenset[str]
    deferral_verbs: frozenset[str]
    grammar: Grammar


def _table(raw: Mapping[str, object], key: str) -> dict[str, object]:
    value = raw[key]
    if not isinstance(value, dict):
        raise ValueError(f"{_RESOURCE}: {key!r} must be an object")
    return cast(dict[str, object], value)


def _ints(raw: Mapping[str, object], key: str, *, lower: bool = True) -> Mapping[str, int]:
    table = _table(raw, key)
    return MappingProxyType({(k.lower() if lower else k): int(cast(int, v))
                             for k, v in table.items()})


def _strs(raw: Mapping[str, object], key: str, *, lower: bool = True) -> Mapping[str, str]:
    table = _table(raw, key)
    return MappingProxyType({(k.lower() if lower else k): str(v) for k, v in table.items()})


def _words(raw: Mapping[str, object], key: str) -> frozenset[str]:
    value = raw[key]
    if not isinstance(value, list):
        raise ValueError(f"{_RESOURCE}: {key!r} must be a list")
    return frozenset(str(v).lower() for v in value)


def load_timex_lexicon() -> TimexLexicon:
    """Load the time-expression lexicon from the package data and compile its grammar.

    Returns:
        The immutable lexicon, to be passed to :func:`storyline.extract.times.times`.

    Raises:
        ValueError: If the packaged data file is malformed (a packaging bug).
    """
    from storyline.extract.timex_grammar import compile_grammar

    text = resources.files("storyline.data").joinpath(_RESOURCE).read_text(encoding="utf-8")
    raw = cast(dict[str, object], json.loads(text))
    full_months = _ints(raw, "months", lower=False)
    months = dict(full_months)
    months.update(_ints(raw, "month_abbreviations", lower=False))
    weekdays = dict(_ints(raw, "weekdays", lower=False))
    weekdays.update(_ints(raw, "weekday_abbreviations", lower=False))
    fields: dict[str, object] = {
        "version": f"timex-{raw['version']}",
        "months": MappingProxyType(months),
        "full_months": frozenset(full_months),
        "weekdays": MappingProxyType(weekdays),
        "seasons": _strs(raw, "seasons"),
        "parts_of_day": _strs(raw, "parts_of_day"),
        "numbers": _ints(raw, "numbers"),
        "vague_numbers": _words(raw, "vague_numbers"),
        "ordinals": _ints(raw, "ordinals"),
        "units": _strs(raw, "units"),
        "unit_plurals": _strs(raw, "unit_plurals"),
        "time_units": _words(raw, "time_units"),
        "relative": _ints(raw, "relative"),
        "day_words": _ints(raw, "day_words"),
        "reference_words": _strs(raw, "reference_words"),
        "position_mods": _strs(raw, "position_mods"),
        "approximators": _strs(raw, "approximators"),
        "set_adverbs": _strs(raw, "set_adverbs"),
        "time_zones": _strs(raw, "time_zones", lower=False),
        "day_times": _strs(raw, "day_times"),
        "named_day_words": _words(raw, "named_day_words"),
        "deferral_verbs": _words(raw, "deferral_verbs"),
    }
    grammar = compile_grammar(
        months=months,
        full_months=frozenset(full_months),
        weekdays=weekdays,
        words=fields,
    )
    return TimexLexicon(grammar=grammar, **fields)  # type: ignore[arg-type]
