"""The time-expression lexicon: calendar and number words, units, and the relative-expression table.

The words live in versioned package data (``storyline/data/timex.json``); this module loads them
into an immutable :class:`TimexLexicon`, with the tagger's regular expressions compiled once at
load time. Nothing happens at import time, and nothing here is a mutable global: the caller loads
the lexicon once and passes it to :func:`storyline.extract.times.times`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from storyline.extract.timex_grammar import Grammar

__all__ = ["ContextPatterns", "TimexLexicon", "compile_context", "load_timex_lexicon"]

_RESOURCE = "timex.json"

# What the extractor checks around a candidate (see storyline.extract.times), compiled with the
# lexicon. A month word is the month after one of these ("in May", "early May", "May 2016")...
_MONTH_CONTEXT = (
    r"(?i:\b(?:in|of|since|until|till|by|from|through|during|before|after|between|and|to|"
    r"early|late|mid|last|next|this|until|on|for|,))[^\S\n]*-?$")
_SEASON_CONTEXT = (
    r"(?i:\b(?:in|during|since|until|till|by|through|over|for|each|every|last|next|this|of|"
    r"before|after|late|early|mid))[^\S\n]+(?:the[^\S\n]+)?$")
_POD_OF = (r"(?i:(?:(?:the|that)[^\S\n]+)?(?P<pod>morning|afternoon|evening|night)"
           r"[^\S\n]+of)[^\S\n]+$")
_APPROX = (r"(?i:\b(?P<a>about|around|approximately|roughly|nearly|almost|less than"
           r"|more than|at least|at most))[^\S\n]+$")
# A bare plural unit is a duration after these words ("for years", "in just minutes") or
# before these ("days before the surgery").
_BARE_BEFORE = (r"(?i:\b(?:for|within|in|over|after|than|of|past|recent|coming|next|the last|"
                r"take|took|takes|taking|lasted|last|lasts))[^\S\n]+"
                r"(?:(?i:just|only|mere|a matter of)[^\S\n]+)?$")
_COUNT_AFTER = (r"[^\S\n]*(?i:per ?cent|percent|pounds|dollars|euros|people|troops|"
                r"soldiers|units|tons|tonnes|km|kilometres|kilometers|miles|meters|"
                r"metres|feet|votes|points)\b")


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextPatterns:
    """Patterns the extractor checks in the text around a candidate, compiled once.

    Each is searched in a short stretch just before a candidate (``*_before``, anchored at its
    end) or matched just after it (``*_after``), as :mod:`storyline.extract.times` uses them.
    """

    month_before: re.Pattern[str]
    season_before: re.Pattern[str]
    season_prep_before: re.Pattern[str]
    pod_of_before: re.Pattern[str]
    approx_before: re.Pattern[str]
    age_before: re.Pattern[str]
    age_after: re.Pattern[str]
    bare_before: re.Pattern[str]
    bare_after: re.Pattern[str]
    count_after: re.Pattern[str]
    of_after: re.Pattern[str]
    letter_before: re.Pattern[str]
    lower_word_after: re.Pattern[str]
    name_before: re.Pattern[str]
    rate_before: re.Pattern[str]
    blank: re.Pattern[str]
    whitespace: re.Pattern[str]


def compile_context() -> ContextPatterns:
    """Compile the context patterns (once, with the lexicon)."""
    return ContextPatterns(
        month_before=re.compile(_MONTH_CONTEXT),
        season_before=re.compile(_SEASON_CONTEXT),
        season_prep_before=re.compile(
            r"(?i:\b(?:in|during|by|until|till|since|over|through|for))[^\S\n]+$"),
        pod_of_before=re.compile(_POD_OF),
        approx_before=re.compile(_APPROX),
        age_before=re.compile(r"(?i:\bages?|\baged)[^\S\n]+$"),
        age_after=re.compile(r"^[- ](?i:old)\b"),
        bare_before=re.compile(_BARE_BEFORE),
        bare_after=re.compile(r"[^\S\n]+(?i:before|after|later|earlier)\b"),
        count_after=re.compile(_COUNT_AFTER),
        of_after=re.compile(r"[^\S\n]+of\b"),
        letter_before=re.compile(r"[A-Za-z][^\S\n]*$"),
        lower_word_after=re.compile(r"[^\S\n]+[a-z]"),
        name_before=re.compile(r"([A-Z][a-z]+)[^\S\n]+$"),
        rate_before=re.compile(r"(?:\d|%|\b(?i:times|twice|once|thrice))$"),
        blank=re.compile(r"[^\S\n]+"),
        whitespace=re.compile(r"\s+"),
    )


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
        context: The compiled patterns the extractor checks around a candidate.
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
    context: ContextPatterns


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
    return TimexLexicon(grammar=grammar, context=compile_context(),
                        **fields)  # type: ignore[arg-type]
