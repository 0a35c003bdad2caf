"""Written dates found in text: full dates, month-days, date-only lines and trailing stamps.

English month names and numeric forms (``Sept. 22, 2016``, ``24 of November 2024``,
``26.10.2016``, ``2016-10-26``); a date is only ever what the text writes, never completed from
the clock. Shared by the cleaner (date-only lines, stamps), the dateline parser and the
publication-date rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TypeVar

__all__ = [
    "MONTH_PATTERN",
    "WEEKDAYS",
    "calendar_date",
    "find_full_dates",
    "find_month_days",
    "find_trailing_stamp",
    "parse_date_only",
    "parse_month_day",
]

Span = tuple[int, int]
_T = TypeVar("_T")

MONTH_PATTERN = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
                 r"|Aug(?:ust)?|Sep(?:tember|t)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
"""An English month name or abbreviation, capitalised (so the verb "may" is not May)."""
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English weekday names, Monday first (``date.weekday()`` order; never the locale's)."""
_WD_ANY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_ORD = r"(?:st|nd|rd|th)?"

# One pattern per written form; group names say which part is which.
_FULL_DATES = (
    re.compile(rf"\b(?P<mon>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+{_YEAR}\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{MONTH_PATTERN})\.?,?\s+{_YEAR}\b"),
    re.compile(rf"\b{_YEAR}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
    re.compile(rf"\b(?P<d>[0-3]?\d)[.-](?P<m>[01]?\d)[.-]{_YEAR}\b"),
    # Slashed dates are month-first unless the first number cannot be a month (DATE_ORDER MDY).
    re.compile(rf"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"),
)
_MONTH_DAYS = (
    re.compile(rf"\b(?P<mon>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}}){_ORD}\b(?![:.,]?\d)"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{MONTH_PATTERN})\b"),
)
_DATE_PREFIX = re.compile(rf"^(?:{_WD_ANY}\.?,?\s+)?(?:the\s+)?$")
_DATE_SUFFIX = re.compile(
    r"^(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,5})?)?"
    r"\s*[.,]?$")


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date, or None when the parts name no calendar day (30 February)."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 30 February and the like: not a date, so no clue
        return None


def _date_of(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        return calendar_date(year, _month(groups["mon"]), int(groups["d"]))
    if groups.get("m"):
        return calendar_date(year, int(groups["m"]), int(groups["d"]))
    first, second = int(groups["a"]), int(groups["b"])
    return calendar_date(year, second, first) if first > 12 else calendar_date(year, first, second)


def _non_overlapping(found: list[tuple[int, int, _T]]) -> Iterator[tuple[Span, _T]]:
    """Matches in text order; of overlapping ones, the earliest and longest."""
    last_end = -1
    for s, e, value in sorted(found, key=lambda f: (f[0], -f[1])):
        if s >= last_end:
            last_end = e
            yield (s, e), value


def find_full_dates(text: str, start: int = 0, end: int | None = None
                    ) -> Iterator[tuple[Span, dt.date]]:
    """Yield the explicit calendar dates (with a year) written in ``text[start:end]``.

    Overlapping matches keep the earliest, longest one.

    Args:
        text: The text to search.
        start, end: The part of ``text`` to search.

    Yields:
        ``((start, end), date)`` with offsets into ``text``, in text order.
    """
    stop = len(text) if end is None else end
    found: list[tuple[int, int, dt.date]] = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text, start, stop):
            value = _date_of(match)
            if value is not None:
                found.append((match.start(), match.end(), value))
    yield from _non_overlapping(found)


def find_month_days(text: str, start: int = 0, end: int | None = None
                    ) -> Iterator[tuple[Span, tuple[int, int]]]:
    """Yield the month-days (``July 29``, ``29 July``) in ``text[start:end]``, with or without year.

    Args:
        text: The text to search.
        start, end: The part of ``text`` to search.

    Yields:
        ``((start, end), (month, day))`` in text order; impossible days (30 February) are left out.
    """
    stop = len(text) if end is None else end
    found: list[tuple[int, int, tuple[int, int]]] = []
    for pattern in _MONTH_DAYS:
        for match in pattern.finditer(text, start, stop):
            month, day = _month(match["mon"]), int(match["d"])
            if calendar_date(2000, month, day) is not None:  # 2000 is a leap year: 29 Feb is valid
                found.append((match.start(), match.end(), (month, day)))
    yield from _non_overlapping(found)


def parse_month_day(text: str) -> tuple[int, int] | None:
    """Return ``(month, day)`` for a month-day such as ``July 29`` or ``29 July``, or None.

    Args:
        text: The text of a dateline date or another month-day mention.

    Returns:
        The month and day of the first month-day in ``text``.
    """
    for _, md in find_month_days(text, 0, len(text)):
        return md
    return None


def parse_date_only(line: str) -> tuple[Span, dt.date] | None:
    """Return the date of a line that is only a date (``Sunday 24 of November 2024``), or None.

    A weekday before the date and a time after it are allowed.

    Args:
        line: One stripped line.

    Returns:
        The span of the date within ``line`` and its value.
    """
    dates = list(find_full_dates(line))
    if len(dates) != 1:
        return None
    (s, e), value = dates[0]
    if _DATE_PREFIX.match(line[:s]) and _DATE_SUFFIX.match(line[e:]):
        return (s, e), value
    return None


def find_trailing_stamp(line: str) -> Span | None:
    """Return the span of a date stamp ending a headline-like line (``... in Aleppo 26.10.2016``).

    Args:
        line: One stripped line.

    Returns:
        The span of the stamp within ``line``, when the line ends with a full date preceded by at
        least three words that do not end a sentence; None otherwise.
    """
    dates = list(find_full_dates(line))
    if not dates:
        return None
    (s, e), _ = dates[-1]
    head = line[:s].rstrip(" \t,-–—|")
    if line[e:].strip() or len(head.split()) < 3 or head[-1:] in ".!?:;\"”'’":
        return None
    return s, e
