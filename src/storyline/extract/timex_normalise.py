"""The normalising half of the time-expression extractor: TIMEX3 values anchored on a given date.

Values follow TimeML 1.2.1 / ISO 8601 with TIMEX3 underspecification (``XXXX-WXX-5``,
``PRESENT_REF``, ``2016-SU``, ``PXD``). The anchor is the article's publication date, passed in
by the caller: nothing here reads the clock. With no anchor, expressions whose value depends on
one get an underspecified value and ``anchored=False``.

Decisions, with their reasons:

* A weekday is resolved with the tense of its clause: past -> the most recent such day on or
  before the anchor (``said Wednesday`` on a Wednesday is that day); future -> the next one on or
  after it; present or unknown -> the nearest one. ``last``/``next`` move strictly before/after.
* A month (and day) without a year takes the anchor's year, moved back a year when a past clause
  would otherwise put it after the anchor, forward when a future clause would put it before, and
  to the nearest occurrence when the tense is unknown (``early December`` in March is last year's).
* ``the 22nd`` takes the month of the last date mentioned before it, else the anchor's month.
* ``the eighth day`` (an ordinal count of days, usually of an ongoing event) is a DATE with the
  unknown value ``XXXX-XX-XX``: the TIMEX3 value of a day in a count depends on when the count
  began, which the text rarely says; this follows the TempEval-3 platinum annotation of
  ``the 99th day``.
* ``the past week``/``the next decade`` are DURATIONs (``P1W``); ``last week``/``the last week``
  are DATEs (``2016-W41``).
* A clock time takes the date of a day-precise expression in its sentence, else the anchor (done
  by :mod:`storyline.extract.times`, which sees the sentences). A zone the lexicon knows goes into
  the value as an ISO 8601 offset (``T15:00Z``, ``T17:00+03:00``); ``local time`` adds none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from storyline.extract.timex_grammar import Candidate, Kind
from storyline.extract.timex_lexicon import TimexLexicon
from storyline.extract.timex_values import (
    Resolved,
    Tense,
    add_months,
    day_count,
    duration_value,
    make_date,
    month_result,
    number,
    relative_unit,
    season_year,
    shift_days,
    unanchored,
    unit_name,
    weekday_date,
    year_for_month,
    year_result,
    zone_offset,
)

__all__ = ["Context", "Resolved", "Tense", "normalise", "year_for_month"]

_QUARTERS: Mapping[str, int] = MappingProxyType({
    "first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3,
    "fourth": 4, "4th": 4, "q4": 4, "final": 4})


@dataclass(slots=True)
class Context:
    """What the normaliser remembers while it walks one document, in text order.

    Attributes:
        anchor: The publication date, or None.
        last_day: The last day-precise date mentioned.
        last_month: The last (year, month) mentioned.
    """

    anchor: dt.date | None
    last_day: dt.date | None = None
    last_month: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Job:
    """One candidate with everything its handler reads."""

    cand: Candidate
    p: Mapping[str, str]
    text: str
    lex: TimexLexicon
    tense: Tense | None
    ctx: Context
    mod: str | None

    @property
    def anchor(self) -> dt.date | None:
        return self.ctx.anchor

    def written(self) -> str:
        return self.text[self.cand.start:self.cand.end]

    def day(self, d: dt.date | None, anchored: bool) -> Resolved | None:
        """A day-precise result; remembered as the context for later days and months."""
        if d is None:
            return None
        self.ctx.last_day = d
        self.ctx.last_month = (d.year, d.month)
        pod = self.p.get("pod")
        return day_count(d, anchored, self.mod,
                         self.lex.parts_of_day[pod.lower()] if pod else None)

    def pod_suffix(self) -> str:
        pod = self.p.get("pod")
        return f"T{self.lex.parts_of_day[pod.lower()]}" if pod else ""


def _position_mod(pos: str | None, lex: TimexLexicon) -> str | None:
    for word in re.findall(r"[a-z]+", (pos or "").lower()):
        if word in lex.position_mods:
            return lex.position_mods[word]
    return None


def _calendar_date(j: _Job) -> Resolved | None:
    p, a, kind = j.p, j.anchor, j.cand.kind
    year: int | None
    if kind.startswith("numeric"):
        month, day = int(p["m"]), int(p["d"])
        if len(p["y"]) == 2:
            pivot = (a.year % 100 + 10) if a else 50
            year = (2000 if int(p["y"]) <= pivot else 1900) + int(p["y"])
        else:
            year = int(p["y"])
        if kind == "numeric_mdy" and month > 12 >= day:
            month, day = day, month
    else:
        month = j.lex.months[p["month"].rstrip(".").title()]
        day = int(p["day"])
        year = int(p["year"]) if "year" in p else None
    if make_date(2000 if year is None else year, month, day) is None:
        return None
    if year is not None:
        return j.day(make_date(year, month, day), False)
    if a is None:
        j.ctx.last_month = None
        return Resolved(type="DATE", value=f"XXXX-{month:02d}-{day:02d}", mod=j.mod)
    return j.day(make_date(year_for_month(month, day, a, j.tense), month, day), True)


def _month_year(j: _Job) -> Resolved | None:
    month = j.lex.months[j.p["month"].rstrip(".").title()]
    year = int(j.p["year"])
    j.ctx.last_month = (year, month)
    return month_result(year, month, False, j.mod)


def _month(j: _Job) -> Resolved | None:
    month = j.lex.months[j.p["month"].title()]
    rel = j.p.get("rel", "").lower()
    a = j.anchor
    if a is None:
        return Resolved(type="DATE", value=f"XXXX-{month:02d}", mod=j.mod)
    if "yrel" in j.p:
        year = a.year + j.lex.relative.get(j.p["yrel"].lower(), 0)
    elif rel in ("last", "past"):
        year = a.year if month < a.month else a.year - 1
    elif rel in ("next", "coming"):
        year = a.year if month > a.month else a.year + 1
    elif rel == "this":
        year = a.year
    else:
        year = year_for_month(month, None, a, j.tense)
    j.ctx.last_month = (year, month)
    return month_result(year, month, True, j.mod)


def _year(j: _Job) -> Resolved | None:
    kind, a = j.cand.kind, j.anchor
    if kind == "year":
        return year_result(int(j.p["year"]), False, j.mod)
    if kind == "year_cont":  # the "58" of "1957-58"
        prev = j.text[max(0, j.cand.start - 5):j.cand.start - 1]
        if not prev.isdigit():
            return None
        year = int(prev[:2] + j.p["yy"])
        return year_result(year + 100 if year <= int(prev) else year, False, None)
    yy = int(j.p["yy"])  # "'82": the latest such year not more than ten years ahead
    limit = (a.year + 10) if a is not None else 2030
    return year_result(2000 + yy if 2000 + yy <= limit else 1900 + yy, False, j.mod)


def _decade(j: _Job) -> Resolved | None:
    if "dec" in j.p:
        return Resolved(type="DATE", value=j.p["dec"], mod=j.mod)
    d = int(j.p["dec2"])  # "the '90s"
    a = j.anchor
    century = (20 if 2000 + d * 10 <= a.year else 19) if a is not None else (20 if d < 3 else 19)
    return Resolved(type="DATE", value=f"{century}{d}", mod=j.mod)


def _century(j: _Job) -> Resolved | None:
    word = j.p["cord"].lower()
    n = j.lex.ordinals.get(word) or int(re.sub(r"\D", "", word) or 0)
    return Resolved(type="DATE", value=f"{n - 1:02d}", mod=j.mod) if 1 <= n <= 30 else None


def _part_of_year(j: _Job) -> Resolved | None:
    p, a = j.p, j.anchor
    if j.cand.kind == "quarter":
        q_word = p.get("qord", p.get("qn", "")).lower()
        q = _QUARTERS.get(q_word)
        if q is None:
            # "the last quarter": the one before the anchor's.
            return relative_unit("quarter", -1, a, j.mod) if q_word == "last" else None
        label, month = f"Q{q}", 3 * q - 2
    else:
        h = 1 if p["hord"].lower() == "first" else 2
        label, month = f"H{h}", 6 * h - 5
    if "year" in p:
        return Resolved(type="DATE", value=f"{p['year']}-{label}", mod=j.mod)
    if a is None:
        return Resolved(type="DATE", value=f"XXXX-{label}", mod=j.mod)
    rel = p.get("rel", p.get("qrel", "")).lower()
    if rel:
        year = a.year + j.lex.relative.get(rel, 0)
    elif re.search(r"(?i)\bof\s+the\s+year$", j.written()):
        year = a.year
    else:
        year = year_for_month(month, None, a, j.tense)
    return Resolved(type="DATE", value=f"{year}-{label}", anchored=True, mod=j.mod)


def _season(j: _Job) -> Resolved | None:
    code = j.lex.seasons[j.p["season"].lower()]
    if "year" in j.p:
        return Resolved(type="DATE", value=f"{j.p['year']}-{code}", mod=j.mod)
    if j.anchor is None:
        return Resolved(type="DATE", value=f"XXXX-{code}", mod=j.mod)
    year = season_year(code, j.anchor, j.p.get("rel", "").lower() or None, j.tense)
    return Resolved(type="DATE", value=f"{year}-{code}", anchored=True, mod=j.mod)


def _weekday(j: _Job) -> Resolved | None:
    wd = j.lex.weekdays[j.p["weekday"].rstrip(".").title()]
    if j.anchor is None:
        return Resolved(type="TIME" if "pod" in j.p else "DATE",
                        value=f"XXXX-WXX-{wd}{j.pod_suffix()}", mod=j.mod)
    rel = j.p.get("rel", "").lower() or None
    return j.day(weekday_date(j.anchor, wd, rel, j.tense), True)


def _day_word(j: _Job) -> Resolved | None:
    word = (j.p.get("dw") or j.p.get("tp") or "").lower()
    if word == "tonight":
        j = _Job(j.cand, {**j.p, "pod": "night"}, j.text, j.lex, j.tense, j.ctx, j.mod)
        offset = 0
    elif word in ("this", "last"):  # "this morning", "last night"
        offset = -1 if word == "last" else 0
    else:
        ba = j.p.get("ba", "").lower()
        offset = j.lex.day_words[word] + (-1 if ba.endswith("before") else
                                          1 if ba.endswith("after") else 0)
    if j.anchor is None:
        return Resolved(type="TIME" if "pod" in j.p else "DATE",
                        value=f"XXXX-XX-XX{j.pod_suffix()}")
    return j.day(shift_days(j.anchor, offset), True)


def _relative_unit(j: _Job) -> Resolved | None:
    unit = j.p["unit"].lower()
    rel = j.p.get("rel", "").lower()
    if rel in ("past", "next", "following") and re.match(r"(?:\w+\s+)*the\s", j.written(),
                                                          re.I) and not j.p.get("pos"):
        return Resolved(type="DURATION", value=duration_value(1, unit, j.lex))
    k = j.lex.relative.get(rel, 0)
    a = j.anchor
    if not rel and j.mod == "END" and j.tense == "past" and a is not None and (
            unit == "year" and a.month < 12 or unit == "month" and a.day < 21):
        k = -1  # "peaked by the end of the year", said before this year's end: last year's
    return relative_unit(unit, k, a, j.mod)


def _weekend(j: _Job) -> Resolved | None:
    a = j.anchor
    k = -1 if a is not None and j.tense == "past" and a.isoweekday() < 6 else 0
    return relative_unit("weekend", k, a, j.mod)


def _relative_day(j: _Job) -> Resolved | None:
    word = (j.p.get("rd") or j.p.get("rd2") or j.p.get("rd3") or "").lower()
    k = 0 if word == "same" else -1 if re.search("previous|preceding|before", word) else 1
    if j.ctx.last_day is None:
        return Resolved(type="DATE", value="XXXX-XX-XX")
    d = shift_days(j.ctx.last_day, k)
    if d is None:
        return None
    return day_count(d, j.anchor is not None, None, None)


def _ago(j: _Job) -> Resolved | None:
    unit = unit_name(j.p["unit"], j.lex)
    amount = number(j.p["num"], j.lex) if "num" in j.p else None
    if amount is None:
        return Resolved(type="DATE", value="PAST_REF", mod=j.mod)
    if amount != int(amount) or j.anchor is None:
        return Resolved(type="DATE", value=unanchored(unit), mod=j.mod)
    return relative_unit(unit, -int(amount), j.anchor, j.mod, exact_day=True)


def _duration(j: _Job) -> Resolved | None:
    p = j.p
    unit = unit_name(p["bare"] if "bare" in p else p["unit"], j.lex)
    amount: float | None
    if "bare" in p:
        amount = None
    elif "half" in p:
        amount = 0.5
    else:
        amount = number(p["num"], j.lex)
        if "andhalf" in p and amount is not None:
            amount += 0.5
    if unit == "quarter" or (amount is not None and amount > 10000):
        return None
    return Resolved(type="DURATION", value=duration_value(amount, unit, j.lex))


def _ordinal_day(j: _Job) -> Resolved | None:
    day, a = int(j.p["oday"]), j.anchor
    if j.ctx.last_month is not None:
        y, m = j.ctx.last_month
    elif a is not None:
        y, m = a.year, a.month
        if j.tense == "past" and day > a.day:
            y, m = add_months(y, m, -1)
        elif j.tense == "future" and day < a.day:
            y, m = add_months(y, m, 1)
    else:
        return Resolved(type="DATE", value=f"XXXX-XX-{day:02d}")
    return j.day(make_date(y, m, day), a is not None)


def _reference(j: _Job) -> Resolved | None:
    if j.cand.kind == "day_count":
        return Resolved(type="DATE", value="XXXX-XX-XX")
    return Resolved(type="DATE",
                    value=j.lex.reference_words[re.sub(r"\s+", " ", j.p["ref"].lower())])


def _set(j: _Job) -> Resolved | None:
    p, lex, kind = j.p, j.lex, j.cand.kind
    if kind == "set_adverb":
        return Resolved(type="SET", value=lex.set_adverbs[p["sadv"].lower()])
    if kind == "weekday_set":
        return Resolved(type="SET", value=f"XXXX-WXX-{lex.weekdays[p['wdp'].title()]}")
    if kind == "freq_set":
        return Resolved(type="SET", value=duration_value(1, unit_name(p["unit"], lex), lex))
    if "weekday" in p:
        return Resolved(type="SET",
                        value=f"XXXX-WXX-{lex.weekdays[p['weekday'].rstrip('.').title()]}")
    if "pod" in p:
        return Resolved(type="SET", value=f"XXXX-XX-XXT{lex.parts_of_day[p['pod'].lower()]}")
    amount = number(p["num"], lex) if "num" in p else 1.0
    if amount is None:
        return None
    every_other = 2 if re.search(r"(?i)\bother\b", j.written()) else 1
    return Resolved(type="SET", value=duration_value(amount * every_other,
                                                     unit_name(p["unit"], lex), lex))


def _clock(j: _Job) -> Resolved | None:
    p, lex = j.p, j.lex
    if "dt" in p:
        return Resolved(type="TIME", value=f"XXXX-XX-XXT{lex.day_times[p['dt'].lower()]}")
    h_word = p["h"].lower()
    hour = int(h_word) if h_word.isdigit() else lex.numbers.get(h_word, -1)
    minute = int(p.get("mi", "0"))
    ampm = p.get("ampm", "").lower().replace(".", "")
    if "s" in p and not ampm and "zone" not in p:
        # A clock reading with seconds and no zone is a measured duration (a race time).
        return Resolved(type="DURATION", value=f"PT{hour}H{minute}M{int(p['s'])}S")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not 0 <= hour <= 24 or (hour == 24 and minute):
        return None
    return Resolved(type="TIME", value=f"XXXX-XX-XXT{hour:02d}:{minute:02d}"
                                      f"{zone_offset(p.get('zone'), lex)}")


_HANDLERS: Mapping[Kind, Callable[[_Job], Resolved | None]] = {
    "date_mdy": _calendar_date, "date_dmy": _calendar_date, "numeric_iso": _calendar_date,
    "numeric_dmy": _calendar_date, "numeric_mdy": _calendar_date, "month_year": _month_year,
    "month": _month, "year": _year, "year_cont": _year, "year_short": _year,
    "decade": _decade, "century": _century, "quarter": _part_of_year, "half": _part_of_year,
    "season": _season, "weekday": _weekday, "weekday_set": _set, "day_word": _day_word,
    "this_pod": _day_word, "relative_unit": _relative_unit, "weekend": _weekend,
    "relative_day": _relative_day, "ago": _ago, "duration": _duration,
    "half_duration": _duration, "bare_units": _duration, "time": _clock, "day_time": _clock,
    "ordinal_day": _ordinal_day, "day_count": _reference, "reference": _reference,
    "set": _set, "freq_set": _set, "set_adverb": _set,
}


def normalise(
    cand: Candidate, *, text: str, lex: TimexLexicon, tense: Tense | None, ctx: Context,
) -> Resolved | None:
    """Return the TIMEX3 reading of a candidate, or None when it has none.

    Args:
        cand: The tagged span.
        text: The whole text (for the span and what is around it).
        lex: The lexicon.
        tense: The tense of the clause the span is in, when known.
        ctx: The document state; updated with the dates this expression mentions.

    Returns:
        The normalised expression, or None to drop the candidate (an impossible date, a date
        off the calendar).
    """
    job = _Job(cand, cand.parts, text, lex, tense, ctx, _position_mod(cand.parts.get("pos"), lex))
    return _HANDLERS[cand.kind](job)
