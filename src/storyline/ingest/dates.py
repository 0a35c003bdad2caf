"""An article's publication date, decided from every date clue its text and metadata give.

Clues (:class:`~storyline.records.DateEvidence`) come from the input's metadata, a date printed in
the page header, the dateline (``GENEVA, July 29. /TASS/.``), bare date stamps (``26.10.2016``),
explicit dates in photo captions and in the body, month-day mentions, and weekday words in
reporting clauses (``said Wednesday``). :func:`infer_published` weighs them, overruling a page or
metadata date that the text contradicts, and :func:`resolve_years` gives year-less datelines the
year that fits both their weekday and the other articles of the run.

Nothing here reads the clock: a date is either in the input or inferred from other dates in it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storyline.ingest.datetext import (
    WEEKDAYS,
    calendar_date,
    find_full_dates,
    find_month_days,
    parse_date_only,
    parse_month_day,
)
from storyline.records import DateEvidence, EvidenceKind, PublishedDate

__all__ = ["DateSources", "infer_published", "parse_metadata_date"]

Span = tuple[int, int]

_WEEKDAY = re.compile(
    r"\b(?:(?P<q>[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|announced|reported|stated|added|noted|stressed|declared|warned|"
    r"confirmed|denied|claimed|insisted|urged|explained|emphasi[sz]ed|reiterated|saying|quoted|"
    r"quoting|wrote|tweeted|commented|remarked|revealed|acknowledged|admitted|alleged|accused|"
    r"argued|indicated|hinted|briefed)\b")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|going to|is to|are to|scheduled|due|planned|plans?|expected|set to|"
    r"next|upcoming|until|till|from|starting|begin(?:s|ning)?)\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"^[\s\"“'‘(]*(?:(?:late|early|earlier|later)\s+)?(?:on\s+)?$",
                           re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREV = frozenset({"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "sgt", "capt", "adm",
                     "gov", "sen", "rep", "st", "jr", "sr", "no", "inc", "corp", "co", "ltd",
                     "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                     "nov", "dec", "prof", "rev", "gens", "reps"})
_FUTURE_NOTE = "; future context"
_LAST_NOTE = "; 'last' names the week before"
_FAR_DAYS = 60
"""A page date this many days after every explicit date in the text is suspect (a crawl date)."""
_WINDOW = 600


@dataclass(frozen=True, slots=True, kw_only=True)
class DateSources:
    """Where in a document to look for date clues. Spans are into ``text``.

    Attributes:
        text: The document's original text.
        metadata: The publication date as the input's metadata gave it.
        page_header: The date-only line in the page header (masthead).
        stamps: Bare date stamps (``26.10.2016`` after an end-of-page headline).
        dateline: The date part of the dateline (``July 29``), where it has one.
        captions: Photo caption lines (one copy of each).
        body: The body paragraphs.
        lead: The first body paragraph, whose weekday names the publication day.
    """

    text: str
    metadata: str | None = None
    page_header: Span | None = None
    stamps: tuple[Span, ...] = ()
    dateline: Span | None = None
    captions: tuple[Span, ...] = ()
    body: tuple[Span, ...] = ()
    lead: Span | None = None


def parse_metadata_date(value: str) -> dt.date | None:
    """Parse a date that came with the input (``2016-09-28T10:00:00Z``, ``Wed, 28 Sep 2016``).

    Uses dateparser with settings that never fill a missing part from the clock: all of day, month
    and year are required, and the relative base is a fixed date.

    Args:
        value: The date string exactly as the input gave it.

    Returns:
        The calendar date in the offset the string states, or None when it is not a full date.
    """
    text = value.strip()
    if not text or len(text) > 64 or not any(c.isdigit() for c in text):
        return None
    direct = parse_date_only(text)
    if direct is not None:
        return direct[1]
    import dateparser  # imported here: loading its language data takes a noticeable moment

    parsed = dateparser.parse(text, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RELATIVE_BASE": dt.datetime(2000, 1, 1),
        "PARSERS": ["custom-formats", "absolute-time"],
        "PREFER_DAY_OF_MONTH": "first",
        "STRICT_PARSING": True,
        "TIMEZONE": "UTC",
    })
    return parsed.date() if isinstance(parsed, dt.datetime) else None


def _sentence(text: str, pos: int, lo: int, hi: int) -> Span:
    lo, hi = max(lo, pos - _WINDOW), min(hi, pos + _WINDOW)  # bounded work on huge paragraphs
    start, end = lo, hi
    for match in _SENTENCE_END.finditer(text, lo, hi):
        word = re.search(r"([\w.]+)$", text[max(lo, match.start() - 12):match.start()])
        token = word.group(1) if word else ""
        if token.lower() in _ABBREV or len(token) == 1 or "." in token:
            continue  # "Lt. Gen.", "U.S." and initials do not end a sentence
        if match.end() <= pos:
            start = match.end()
        elif match.start() >= pos:
            end = match.start() + 1
            break
    return start, end


def _reporting_clause(text: str, wd: re.Match[str], lo: int, hi: int) -> Span | None:
    """The span of the reporting clause a weekday belongs to, or None if it is not in one."""
    s_start, s_end = _sentence(text, wd.start(), lo, hi)
    before = text[s_start:wd.start()]
    verbs = list(_REPORTING.finditer(before))
    if verbs:
        gap = before[verbs[-1].end():]
        if len(gap.split()) <= 6 and not re.search(r"[.;!?]", gap) and not _FUTURE.search(gap):
            return s_start + verbs[-1].start(), wd.end()
    if _CLAUSE_START.match(before):
        after = text[wd.end():s_end]
        verb = _REPORTING.search(after)
        if verb and not _FUTURE.search(after[:verb.start()]):
            return wd.start(), wd.end()
    return None


def _weekdays(text: str, spans: Sequence[Span], lead: Span | None) -> list[DateEvidence]:
    out: list[DateEvidence] = []
    for lo, hi in spans:
        for match in _WEEKDAY.finditer(text, lo, hi):
            clause = _reporting_clause(text, match, lo, hi)
            qualifier = (match["q"] or "").lower()
            if clause is None or qualifier in ("next", "until", "till", "by", "since"):
                continue
            in_lead = lead is not None and lead[0] <= match.start() < lead[1]
            note = ("lead" if in_lead else "body") + "; reporting clause"
            if qualifier == "last":
                note += _LAST_NOTE
            out.append(DateEvidence(kind=EvidenceKind.WEEKDAY, text=text[clause[0]:clause[1]],
                                    start=clause[0], end=clause[1], value=None,
                                    weekday=WEEKDAYS.index(match["wd"]), note=note))
    return out


def _is_future(text: str, start: int, lo: int, hi: int) -> bool:
    s_start, _ = _sentence(text, start, lo, hi)
    return bool(_FUTURE.search(text[max(s_start, start - 60):start]))


def _clue(kind: EvidenceKind, text: str, span: Span, value: dt.date | None,
          note: str) -> DateEvidence:
    return DateEvidence(kind=kind, text=text[span[0]:span[1]] if span[0] >= 0 else text,
                        start=span[0], end=span[1], value=value,
                        granularity="day" if value else None, note=note)


def _collect(src: DateSources) -> list[DateEvidence]:
    text, kinds = src.text, EvidenceKind
    evidence: list[DateEvidence] = []
    if src.metadata is not None and src.metadata.strip():
        value = parse_metadata_date(src.metadata)
        evidence.append(_clue(kinds.METADATA, src.metadata, (-1, -1), value, "date given with "
                              "the input" + ("" if value else "; not a full date")))
    page = parse_date_only(text[slice(*src.page_header)]) if src.page_header else None
    if src.page_header and page:
        evidence.append(_clue(kinds.PAGE_HEADER, text, src.page_header, page[1],
                              "date printed in the page header"))
    for kind, spans, note in ((kinds.STAMP, src.stamps, "date stamp"),
                              (kinds.CAPTION, src.captions, "explicit date in a photo caption")):
        for lo, hi in spans:
            evidence.extend(_clue(kind, text, span, value, note)
                            for span, value in find_full_dates(text, lo, hi))
    if src.dateline is not None:
        full = next(find_full_dates(text, *src.dateline), None)
        md = parse_month_day(text[slice(*src.dateline)])
        if full is not None or md is not None:
            evidence.append(_clue(kinds.DATELINE, text, src.dateline, full[1] if full else None,
                                  "dateline with year" if full else
                                  f"month-day --{md[0]:02d}-{md[1]:02d} without year"
                                  if md else ""))
    skip = src.dateline or (-1, -1)
    for lo, hi in src.body:
        fulls = list(find_full_dates(text, lo, hi))
        for span, value in fulls:
            future = _FUTURE_NOTE if _is_future(text, span[0], lo, hi) else ""
            evidence.append(_clue(kinds.BODY_DATE, text, span, value,
                                  "explicit date in the body" + future))
        for span, (month, day) in find_month_days(text, lo, hi):
            if any(fs <= span[0] < fe for (fs, fe), _ in fulls) or skip[0] <= span[0] < skip[1]:
                continue
            future = _FUTURE_NOTE if _is_future(text, span[0], lo, hi) else ""
            evidence.append(_clue(kinds.BODY_DATE, text, span, None,
                                  f"month-day --{month:02d}-{day:02d} without year{future}"))
    evidence.extend(_weekdays(text, src.body, src.lead))
    return evidence


@dataclass(frozen=True, slots=True)
class _Clues:
    """What the text itself says, against which page and metadata dates are checked.

    ``bound`` is the latest date the text reports as past, and ``bound_by`` the clue giving it.
    """

    bound: dt.date | None
    bound_by: DateEvidence | None
    weekday: int | None
    weekday_by: DateEvidence | None
    dateline_md: tuple[int, int] | None


def _clues(evidence: Sequence[DateEvidence]) -> _Clues:
    past = [ev for ev in evidence if ev.value is not None and _FUTURE_NOTE not in ev.note
            and ev.kind in (EvidenceKind.CAPTION, EvidenceKind.BODY_DATE)]
    bound_by = max(past, key=lambda ev: (ev.value, ev.start), default=None)
    bound = bound_by.value if bound_by is not None else None
    for ev in evidence:  # a past month-day soon after it ("brokered Sept. 9") moves the bound
        md = parse_month_day(ev.text) if ev.kind == EvidenceKind.BODY_DATE else None
        if bound is None or bound_by is None or bound_by.value is None or md is None \
                or ev.value is not None or _FUTURE_NOTE in ev.note:
            continue
        candidate = calendar_date(bound_by.value.year, *md)
        if candidate and bound < candidate <= bound_by.value + dt.timedelta(days=_FAR_DAYS):
            bound, bound_by = candidate, ev
    lead = next((ev for ev in evidence if ev.kind == EvidenceKind.WEEKDAY
                 and ev.note.startswith("lead") and _LAST_NOTE not in ev.note), None)
    dateline_md = next((parse_month_day(ev.text) for ev in evidence
                        if ev.kind == EvidenceKind.DATELINE), None)
    return _Clues(bound, bound_by, lead.weekday if lead else None, lead, dateline_md)


def _contradictions(ev: DateEvidence, clues: _Clues) -> str:
    """Why the text contradicts a page or metadata date ('' when it does not)."""
    assert ev.value is not None
    if clues.weekday is None or clues.weekday == ev.value.weekday():
        return ""
    reasons = []
    if clues.bound is not None and (ev.value - clues.bound).days > _FAR_DAYS:
        reasons.append(f"{(ev.value - clues.bound).days} days after the latest date the text "
                       f"reports ({clues.bound.isoformat()})")
    if clues.dateline_md is not None and (ev.value.month, ev.value.day) != clues.dateline_md:
        reasons.append("not the dateline's day")
    if not reasons:
        return ""
    return (" and ".join(reasons) + f", and a {WEEKDAYS[ev.value.weekday()]} while the lead "
            f"says {WEEKDAYS[clues.weekday]}")


def _accept(ev: DateEvidence, clues: _Clues, evidence: tuple[DateEvidence, ...],
            contradicted: tuple[DateEvidence, ...]) -> PublishedDate:
    assert ev.value is not None
    base = {EvidenceKind.METADATA: 0.9, EvidenceKind.DATELINE: 0.9, EvidenceKind.STAMP: 0.85,
            EvidenceKind.PAGE_HEADER: 0.7}[ev.kind]
    notes = []
    if clues.weekday is not None:
        if clues.weekday == ev.value.weekday():
            base += 0.05
            notes.append(f"the lead's weekday ({WEEKDAYS[ev.value.weekday()]}) agrees")
        else:
            base -= 0.25
            notes.append("the lead names another weekday")
    if clues.dateline_md is not None:
        agree = clues.dateline_md == (ev.value.month, ev.value.day)
        base += 0.05 if agree else -0.2
        notes.append("the dateline's day " + ("agrees" if agree else "differs"))
    if clues.bound is not None and (ev.value - clues.bound).days > _FAR_DAYS:
        base -= 0.2
        notes.append("it is long after every date the text reports")
    elif clues.bound is not None and ev.value < clues.bound:
        base -= 0.3
        notes.append("it is before a date the text reports as past")
    detail = f" ({'; '.join(notes)})" if notes else ""
    return PublishedDate(
        value=ev.value, granularity="day", method=str(ev.kind),
        confidence=round(min(0.95, max(0.05, base)), 2), evidence=evidence,
        contradicted=contradicted,
        explanation=f"Taken from the {ev.kind.replace('_', ' ')} '{ev.text}'{detail}.")


def _overruled(overruled: Sequence[DateEvidence]) -> str:
    return "".join(f"; the {ev.kind.replace('_', ' ')} date {ev.value} is overruled as the text "
                   "contradicts it" for ev in overruled)


def infer_published(sources: DateSources) -> PublishedDate:
    """Decide an article's publication date from every date clue, with evidence and confidence.

    Order of trust: metadata, a dateline with a year, a date stamp, the page-header date. Each is
    used unless the text contradicts it: the lead's reporting weekday (``said Wednesday``) is not
    its weekday AND it is more than 60 days after the latest date the text reports as past
    (caption dates, past explicit dates; a past month-day shortly after those raises the bound)
    or it is not the dateline's day. Overruled dates go to ``contradicted``.

    Otherwise: a year-less dateline (``July 29``) takes the year that puts it on or after the
    latest reported date; without such a date it stays ``None`` (granularity ``None``) with the
    lead weekday kept on the dateline evidence, for :func:`resolve_years`. Failing that, the
    date is inferred as the first day, on or after the latest reported date, that falls on the
    lead's weekday (news is reported within days).

    Confidence: metadata 0.9, dateline with year 0.9, stamp 0.85, page header 0.7; +0.05 when
    the lead's weekday or the dateline's day agrees, -0.25 when the weekday disagrees, -0.2 when
    the dateline's day disagrees or the date is over 60 days after every reported date, -0.3
    when it is before a reported past date. Dateline plus year from the text: 0.8 with weekday
    agreement, 0.65 with no weekday, 0.45 against it. Inferred from weekday and latest date:
    0.6 when that date is a caption's, 0.45 when it is the body's. No decision: 0.0.

    Args:
        sources: Where the clues are.

    Returns:
        The publication date; ``value`` is None when the evidence does not support one.
    """
    evidence = tuple(sorted(_collect(sources), key=lambda ev: (ev.start, str(ev.kind))))
    clues = _clues(evidence)
    contradicted: list[DateEvidence] = []
    order = (EvidenceKind.METADATA, EvidenceKind.DATELINE, EvidenceKind.STAMP,
             EvidenceKind.PAGE_HEADER)
    for kind in order:
        for ev in evidence:
            if ev.kind != kind or ev.value is None:
                continue
            why = _contradictions(ev, clues)
            if why:
                contradicted.append(replace(ev, note=f"{ev.note}; contradicted: {why}"))
                continue
            return _accept(ev, clues, evidence, tuple(contradicted))
    overruled = tuple(contradicted)
    if clues.dateline_md is not None:
        return _from_dateline(evidence, clues, overruled)
    if clues.weekday is not None and clues.bound is not None and clues.bound_by is not None:
        value = clues.bound + dt.timedelta(days=(clues.weekday - clues.bound.weekday()) % 7)
        said = clues.weekday_by.text if clues.weekday_by else ""
        return PublishedDate(
            value=value, granularity="day", method="inferred",
            confidence=0.6 if clues.bound_by.kind == EvidenceKind.CAPTION else 0.45,
            evidence=evidence, contradicted=overruled,
            explanation=f"Inferred as the first {WEEKDAYS[clues.weekday]} on or after "
            f"{clues.bound.isoformat()}, the latest date the text reports "
            f"('{clues.bound_by.text}'), as the lead says '{said}'{_overruled(overruled)}.")
    why = "no date clue was found" if not evidence else "the clues do not fix a day"
    return PublishedDate(value=None, granularity=None, method="none", confidence=0.0,
                         evidence=evidence, contradicted=overruled,
                         explanation=f"No publication date: {why}.")


def _from_dateline(evidence: tuple[DateEvidence, ...], clues: _Clues,
                   overruled: tuple[DateEvidence, ...]) -> PublishedDate:
    assert clues.dateline_md is not None
    month, day = clues.dateline_md
    weekday = clues.weekday
    if clues.bound is not None:
        value = calendar_date(clues.bound.year, month, day)
        if value is None or value < clues.bound:
            value = calendar_date(clues.bound.year + 1, month, day)
        if value is not None:
            conf = 0.65 if weekday is None else 0.8 if weekday == value.weekday() else 0.45
            return PublishedDate(
                value=value, granularity="day", method=str(EvidenceKind.DATELINE),
                confidence=conf, evidence=evidence, contradicted=overruled,
                explanation=f"The dateline gives {month:02d}-{day:02d}; the year is the one "
                f"that puts it on or after {clues.bound.isoformat()}, the latest date the text "
                f"reports{_overruled(overruled)}.")
    hint = ""
    if weekday is not None:
        evidence = tuple(replace(ev, weekday=weekday,
                                 note=f"{ev.note}; lead names {WEEKDAYS[weekday]}")
                         if ev.kind == EvidenceKind.DATELINE else ev for ev in evidence)
        hint = f"; the lead's {WEEKDAYS[weekday]} narrows the candidate years"
    return PublishedDate(
        value=None, granularity=None, method="none", confidence=0.0, evidence=evidence,
        contradicted=overruled,
        explanation=f"The dateline gives {month:02d}-{day:02d} but the text gives no year{hint};"
        " the year is left to the corpus (resolve_years).")
