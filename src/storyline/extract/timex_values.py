"""Calendar arithmetic and TIMEX3 value formats for the time-expression normaliser.

Every function here is pure: dates in, dates or value strings out, and None where a result would
fall off the calendar ``datetime`` can hold (``99999 years ago``), so that a strange text gives
fewer records rather than an exception.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from storyline.extract.timex_lexicon import TimexLexicon
from storyline.records import DateGranularity, TimexType

__all__ = [
    "Resolved",
    "Tense",
    "add_months",
    "day_count",
    "duration_value",
    "make_date",
    "month_result",
    "number",
    "relative_unit",
    "season_year",
    "shift_days",
    "unanchored",
    "unit_name",
    "weekday_date",
    "year_for_month",
    "year_result",
    "zone_offset",
]

Tense = Literal["past", "present", "future"]

# A fractional amount moves to the next smaller unit, as TIMEX3 writes 1.5 years as P18M.
_SMALLER: Mapping[str, tuple[int, str]] = MappingProxyType({
    "Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "M"),
    "MIN": (60, "S")})
_UNANCHORED: Mapping[str, str] = MappingProxyType({
    "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "decade": "XXX", "century": "XX",
    "weekend": "XXXX-WXX-WE", "quarter": "XXXX-QX"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolved:
    """A normalised expression, before it becomes a :class:`~storyline.records.TimeExpr`."""

    type: TimexType
    value: str
    date: dt.date | None = None
    granularity: DateGranularity | None = None
    anchored: bool = False
    mod: str | None = None


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date, or None when it is not a day of the calendar ``datetime`` holds."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR or not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def shift_days(d: dt.date, days: int) -> dt.date | None:
    """Return ``d`` moved by a number of days, or None past the ends of the calendar."""
    n = d.toordinal() + days
    return dt.date.fromordinal(n) if 1 <= n <= dt.date.max.toordinal() else None


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    """Return (year, month) ``k`` months after the given one."""
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def iso_week(d: dt.date) -> str:
    """Return the ISO week of a date as a TIMEX3 value (``2016-W42``)."""
    iso = d.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def year_for_month(month: int, day: int | None, anchor: dt.date, tense: Tense | None) -> int:
    """Choose the year of a month (or month and day) written without one.

    Args:
        month: 1..12.
        day: The day of month, when given.
        anchor: The publication date.
        tense: The tense of the clause the expression is in.

    Returns:
        The anchor's year, moved back one when a past clause would otherwise put the date after
        the anchor, forward one when a future clause would put it before, and otherwise the year
        that puts it nearest to the anchor.
    """
    def position(year: int) -> int:
        # Months of 31 days: exact enough to order dates and to compare distances.
        return (year * 12 + month) * 31 + (15 if day is None else day)

    now = (anchor.year * 12 + anchor.month) * 31 + (15 if day is None else anchor.day)
    y = anchor.year
    if tense == "past":
        return y if position(y) <= now else y - 1
    if tense == "future":
        return y if position(y) >= now else y + 1
    return min((y, y - 1, y + 1), key=lambda year: abs(position(year) - now))


def weekday_date(anchor: dt.date, iso_day: int, rel: str | None,
                 tense: Tense | None) -> dt.date | None:
    """Resolve a weekday (1 = Monday) against the anchor, by its modifier and then its tense.

    ``last``/``past``/``previous``: the most recent one strictly before the anchor;
    ``next``/``coming``: the first one strictly after; ``this``: the one in the anchor's ISO
    week. Otherwise past: on or before the anchor; future: on or after; else the nearest.
    """
    diff = iso_day - anchor.isoweekday()  # -6..6
    if rel in ("this", "current"):
        return shift_days(anchor, diff)
    if rel in ("last", "past", "previous"):
        offsets = range(-7, 0)
    elif rel in ("next", "coming", "following", "upcoming"):
        offsets = range(1, 8)
    elif tense == "past":
        offsets = range(-6, 1)
    elif tense == "future":
        offsets = range(0, 7)
    else:
        offsets = range(-3, 4)
    off = next(o for o in offsets if (o - diff) % 7 == 0)  # every window spans a week
    return shift_days(anchor, off)


def season_year(code: str, anchor: dt.date, rel: str | None, tense: Tense | None) -> int:
    """Return the year of a season (``SU``) written without one; winter is the year it starts."""
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code] - 1
    now = anchor.year * 12 + anchor.month - 1

    def start(y: int) -> int:
        return y * 12 + first

    years = range(anchor.year - 2, anchor.year + 2)
    if rel in ("last", "past", "previous"):
        return max(y for y in years if start(y) + 3 <= now)
    if rel in ("next", "coming", "following", "upcoming"):
        return min(y for y in years if start(y) > now)
    containing = [y for y in years if start(y) <= now < start(y) + 3]
    if containing:
        return containing[0]
    if tense == "past":
        return max(y for y in years if start(y) + 3 <= now)
    if tense == "future" or rel in ("this", "current"):
        return min(y for y in years if start(y) > now)
    return min(years, key=lambda y: abs(start(y) - now))


def number(text: str, lex: TimexLexicon) -> float | None:
    """Return the number a numeral or number word denotes, or None for a vague quantity."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    if t in lex.numbers:
        return float(lex.numbers[t])
    m = re.fullmatch(r"([a-z]+)[- ]([a-z]+)", t)
    if m and m.group(1) in lex.numbers and m.group(2) in lex.numbers:
        return float(lex.numbers[m.group(1)] + lex.numbers[m.group(2)])
    return None


def unit_name(word: str, lex: TimexLexicon) -> str:
    """Return the singular unit a written unit word names (``hours`` -> ``hour``)."""
    w = word.lower()
    return lex.unit_plurals.get(w, w)


def duration_value(amount: float | None, unit: str, lex: TimexLexicon) -> str:
    """Return the ISO 8601 duration for an amount of a unit (``PT3H``, ``P10Y``, ``PXD``).

    Args:
        amount: How many units; None for a vague amount (``several days`` -> ``PXD``).
        unit: A singular unit from the lexicon.
        lex: The lexicon (unit designators).
    """
    m = re.fullmatch(r"(\d*)([A-Z]+)", lex.units[unit])
    factor = int(m.group(1)) if m and m.group(1) else 1
    letter = m.group(2) if m else lex.units[unit]
    time_part = "T" if unit in lex.time_units else ""
    if amount is None:
        return f"P{time_part}X{letter}"
    total = amount * factor
    if total != int(total):
        key = "MIN" if unit == "minute" else letter
        if key in _SMALLER:
            mult, letter = _SMALLER[key]
            total *= mult
            if key in ("D", "H", "MIN"):
                time_part = "T"
    if total == int(total):
        return f"P{time_part}{int(total)}{letter}"
    return f"P{time_part}{total:g}{letter}"


def zone_offset(zone: str | None, lex: TimexLexicon) -> str:
    """Return the ISO 8601 offset of a written time zone (``Z``, ``+03:00``), or ``""`` when
    the zone is local or not in the lexicon."""
    if not zone:
        return ""
    written = re.sub(r"\s+", " ", zone).lower()
    return next((off for name, off in lex.time_zones.items() if name.lower() == written), "")


def unanchored(unit: str) -> str:
    """The underspecified value of a relative expression in a unit, when there is no anchor."""
    return _UNANCHORED.get(unit, "XXXX-XX-XX")


def day_count(d: dt.date, anchored: bool, mod: str | None, pod_code: str | None) -> Resolved:
    """A day-precise DATE, or a TIME when a part of the day is given (``2016-10-22TEV``)."""
    if pod_code:
        return Resolved(type="TIME", value=f"{d.isoformat()}T{pod_code}", date=d,
                        granularity="day", anchored=anchored, mod=mod)
    return Resolved(type="DATE", value=d.isoformat(), date=d, granularity="day",
                    anchored=anchored, mod=mod)


def month_result(year: int, month: int, anchored: bool, mod: str | None) -> Resolved | None:
    """A month DATE (``2016-10``) with its first day, or None off the calendar."""
    d = make_date(year, month, 1)
    if d is None:
        return None
    return Resolved(type="DATE", value=f"{year:04d}-{month:02d}", date=d, granularity="month",
                    anchored=anchored, mod=mod)


def year_result(year: int, anchored: bool, mod: str | None) -> Resolved | None:
    """A year DATE (``2016``) with its first day, or None off the calendar."""
    d = make_date(year, 1, 1)
    if d is None:
        return None
    return Resolved(type="DATE", value=f"{year:04d}", date=d, granularity="year",
                    anchored=anchored, mod=mod)


def relative_unit(unit: str, k: int, anchor: dt.date | None, mod: str | None, *,
                  exact_day: bool = False) -> Resolved | None:
    """Resolve ``k`` units from the anchor at the unit's granularity (``last week``: -1 week).

    Args:
        unit: A singular unit.
        k: How many units from the anchor (negative: before it).
        anchor: The publication date; None gives an underspecified value.
        mod: The TIMEX3 mod to carry.
        exact_day: Resolve days (and smaller units) to a date, as ``three days ago`` does.

    Returns:
        The value, or None when the unit cannot be resolved or falls off the calendar.
    """
    if anchor is None:
        return Resolved(type="DATE", value=unanchored(unit), mod=mod)
    a = anchor
    if unit in ("week", "weekend"):
        d = shift_days(a, 7 * k)
        if d is None:
            return None
        value = iso_week(d) + ("-WE" if unit == "weekend" else "")
        return Resolved(type="DATE", value=value, anchored=True, mod=mod)
    if unit == "month":
        return month_result(*add_months(a.year, a.month, k), True, mod)
    if unit == "year":
        return year_result(a.year + k, True, mod)
    if not dt.MINYEAR <= a.year + k * {"decade": 10, "century": 100}.get(unit, 1) <= dt.MAXYEAR:
        return None
    if unit == "decade":
        return Resolved(type="DATE", value=str(a.year // 10 + k), anchored=True, mod=mod)
    if unit == "century":
        return Resolved(type="DATE", value=f"{a.year // 100 + k:02d}", anchored=True, mod=mod)
    if unit == "quarter":
        y, m = add_months(a.year, a.month, 3 * k)
        return Resolved(type="DATE", value=f"{y}-Q{(m - 1) // 3 + 1}", anchored=True, mod=mod)
    if exact_day and unit == "day":
        d = shift_days(a, k)
        return None if d is None else day_count(d, True, mod, None)
    if exact_day and unit in ("hour", "minute", "second"):
        return day_count(a, True, mod, None)
    return None
