"""Cleaning: take page chrome, captions, credits and the header out of an article's text.

Rules are general, never matched against sample strings: share and menu vocabulary lines (from
``storyline/data/chrome.json``), a masthead (a short line followed by a date-only line at the very
top), photo captions (a line repeated verbatim elsewhere, or shaped like a caption), credit lines
(only agency names, ``X and Agencies``, ``Photo: ...``), bylines, end-of-page headlines with a date
stamp, and very short non-sentence lines at the edges of the document. The title and standfirst at
the top are taken out of the body as header lines. Every removed line is kept with its rule.

The body is the kept paragraphs joined by a blank line. Every body character outside those
separators is copied from the original text, so offsets always map back (:class:`OffsetMap`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storyline.ingest.datetext import MONTH_PATTERN, find_trailing_stamp, parse_date_only
from storyline.ingest.lexicons import ChromeLexicon, IngestLexicons, normalize_line
from storyline.ingest.metadata import Dateline, parse_credit, parse_dateline
from storyline.records import OffsetMap, RemovedLine, Segment

__all__ = ["CLEANER", "Cleaned", "Line", "clean", "split_lines"]

CLEANER = "ingest.clean.v1"
"""Versioned name of this cleaner, recorded on every article it produces."""

Span = tuple[int, int]

_LINEBREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_CLOSERS = "\"'”’»)]*"
_CAPTIONS = (
    # "In this Sept. 22, 2016 file photo, ...", "This photo taken on ..."
    re.compile(r"^\(?In\s+this\s+(?:\S+\s+){0,8}?(?:file\s+)?(?:photo(?:graph)?|picture|"
               r"image|handout|video\s+grab|frame\s+grab|still)\b", re.IGNORECASE),
    re.compile(r"^\(?This\s+(?:\S+\s+){0,6}?(?:file\s+)?(?:photo(?:graph)?|picture|image|"
               r"handout)\s+(?:taken|released|provided|made\s+available|distributed|obtained|"
               r"shot|dated|shows|showing)\b", re.IGNORECASE),
    # "... in this picture released on July 28, 2016."
    re.compile(r"\bin\s+this\s+(?:\w+\s+){0,3}?(?:photo(?:graph)?|picture|image|handout)\s+"
               r"(?:released|taken|provided|made\s+available|distributed|obtained|shot|dated)\b",
               re.IGNORECASE),
    # Reuters style: "... in Aleppo, Syria August 13, 2016."
    re.compile(rf"\b[A-Z][\w'’.-]*,\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}}\s+{MONTH_PATTERN}\.?"
               r"\s+\d{1,2},\s+(?:19|20)\d\d\.?\s*$"),
    # "..., photo: AP/Jason DeCrow", "(AP Photo/Hassan Ammar)"
    re.compile(r"\b(?:photo(?:graph)?s?|image|picture)\s*(?:credits?)?\s*:", re.IGNORECASE),
    re.compile(r"\([^()]{0,40}\bPhoto\s*/\s*[^()]{2,40}\)\s*\.?$"),
)
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|al|el)){0,5}$")
_STAFF_CREDIT = re.compile(r"^(?:Additional\s+)?(?:Reporting|Writing|Editing)\s+by\b",
                           re.IGNORECASE)
_MAX_CAPTION_WORDS = 80
_MAX_TITLE_WORDS = 30
_MAX_STANDFIRST_WORDS = 60
_SHORT_WORDS = 4
_TOP_LINES = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One non-blank line of the original text, stripped of surrounding whitespace.

    Attributes:
        start, end: Offsets into the original text; ``text == original[start:end]``.
        text: The stripped line.
        para: Index of the blank-line-separated paragraph the line belongs to.
    """

    start: int
    end: int
    text: str
    para: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Cleaned:
    """The result of cleaning one text.

    Attributes:
        text: The body: kept paragraphs joined by ``"\\n\\n"``.
        offsets: Maps body offsets back to the original text.
        paragraphs: Spans of the body paragraphs in the original text, in order.
        removed: Every line not in the body (chrome, captions, credits, header...), with its
            rule, in text order.
        captions: One copy of each photo caption (rule ``caption``).
        header: The title and standfirst lines above the body (rules ``title``, ``subtitle``).
        dateline: The dateline opening the body, where there is one.
    """

    text: str
    offsets: OffsetMap
    paragraphs: tuple[Span, ...]
    removed: tuple[RemovedLine, ...]
    captions: tuple[RemovedLine, ...]
    header: tuple[RemovedLine, ...]
    dateline: Dateline | None


def _is_blank(ch: str) -> bool:
    return ch.isspace() or ch in _INVISIBLE


def split_lines(text: str) -> list[Line]:
    """Split a text into stripped non-blank lines with their offsets and paragraph numbers.

    Any Unicode line break counts (``\\r\\n``, ``\\u2028``...); blank lines (whitespace only)
    separate paragraphs.

    Args:
        text: The original text.

    Returns:
        The non-blank lines, in order.
    """
    lines: list[Line] = []
    para = 0
    pos = 0
    breaks = [(m.start(), m.end()) for m in _LINEBREAK.finditer(text)] + [(len(text), len(text))]
    for brk_start, brk_end in breaks:
        s, e = pos, brk_start
        while s < e and _is_blank(text[s]):
            s += 1
        while e > s and _is_blank(text[e - 1]):
            e -= 1
        if s < e:
            lines.append(Line(start=s, end=e, text=text[s:e], para=para))
        elif lines and lines[-1].para == para:
            para += 1
        pos = brk_end
    return lines


def _words(text: str) -> int:
    return len(text.split())


def _ends_sentence(text: str) -> bool:
    tail = text.rstrip(_CLOSERS + " \t")
    return tail[-1:] in (".", "!", "?", "…", ":", ";")


def _title_like(text: str) -> bool:
    """No sentence-final punctuation (a short question or exclamation may be a headline)."""
    words = _words(text)
    if not 1 <= words <= _MAX_TITLE_WORDS or not any(c.isalpha() for c in text):
        return False
    tail = text.rstrip(_CLOSERS + " \t")[-1:]
    return tail not in (".", "…", ":", ";") and (tail not in ("!", "?") or words <= 15)


def _short(text: str) -> bool:
    return _words(text) <= _SHORT_WORDS and not _ends_sentence(text)


def _chrome_rule(text: str, chrome: ChromeLexicon) -> str | None:
    key = normalize_line(text)
    if not key:
        return None
    if key in chrome.share_lines:
        return "chrome.share"
    if any(key.startswith(p) for p in chrome.share_prefixes) and _words(key) <= 6:
        return "chrome.share"
    tokens = [t for t in re.split(r"[\s,|/•·]+", key) if t]
    if tokens and (all(t in chrome.networks for t in tokens)
                   or " ".join(tokens) in chrome.networks):
        return "chrome.share"
    if key in chrome.menu_lines:
        return "chrome.menu"
    if any(key.startswith(p) for p in chrome.menu_prefixes) and _words(key) <= 25:
        return "chrome.menu"
    return None


def _caption_shaped(text: str) -> bool:
    return _words(text) <= _MAX_CAPTION_WORDS and any(p.search(text) for p in _CAPTIONS)


def _line_rules(lines: Sequence[Line], lexicons: IngestLexicons) -> dict[int, str]:
    """Rules that look at one line at a time, plus verbatim repeats."""
    rules: dict[int, str] = {}
    for i, line in enumerate(lines):
        rule = _chrome_rule(line.text, lexicons.chrome)
        if rule is None and (parse_credit(line.text, agencies=lexicons.agencies) is not None
                             or _STAFF_CREDIT.match(line.text)):
            rule = "credit"
        elif rule is None and _caption_shaped(line.text):
            rule = "caption"
        elif rule is None and _BYLINE.match(line.text) and _words(line.text) <= 8:
            rule = "byline"
        if rule is not None:
            rules[i] = rule
    repeats: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if i not in rules or rules[i] == "caption":
            key = " ".join(line.text.split())
            if _words(key) >= 4:
                repeats[key].append(i)
    for key, where in repeats.items():
        if len(where) < 2:
            continue
        # A repeated sentence is a caption printed twice (keep one copy as the caption); a
        # repeated headline-like line keeps its first copy in place (it may be the title).
        first_is_caption = rules.get(where[0]) == "caption" or not _title_like(key)
        if first_is_caption:
            rules[where[0]] = "caption"
        for i in where[1:]:
            rules[i] = "duplicate"
    return rules


def _kept(lines: Sequence[Line], rules: dict[int, str]) -> list[int]:
    return [i for i in range(len(lines)) if i not in rules]


def _top_and_tail(lines: Sequence[Line], rules: dict[int, str], text: str,
                  lexicons: IngestLexicons, title_hint: str | None) -> Dateline | None:
    """Masthead, header (title, standfirst), edge lines and stamps; return the body's dateline."""
    kept = _kept(lines, rules)
    # Masthead: a date-only first line, or a short line followed by a date-only line. A date
    # under a real headline is the article's own stamp (handled below), not the page's.
    if kept and parse_date_only(lines[kept[0]].text) is not None:
        rules[kept[0]] = "masthead.date"
    elif (len(kept) > 1 and parse_date_only(lines[kept[1]].text) is not None
          and _short(lines[kept[0]].text)):
        rules[kept[0]], rules[kept[1]] = "masthead", "masthead.date"
    # Tail: end-of-page headlines with a stamp, date-only lines, short non-sentence lines.
    kept = _kept(lines, rules)
    end_headline = False
    for i in reversed(kept[1:]):
        line = lines[i].text
        if find_trailing_stamp(line) is not None and _title_like(line):
            rules[i], end_headline = "title.end", True
        elif parse_date_only(line) is not None:
            rules[i] = "stamp"
        elif _short(line):
            rules[i] = "edge.short"
        else:
            break
    for i in _kept(lines, rules):
        if parse_date_only(lines[i].text) is not None:
            rules[i] = "stamp"
    kept = _kept(lines, rules)

    def dateline_at(i: int) -> Dateline | None:
        return parse_dateline(text, lines[i].start, lines[i].end, agencies=lexicons.agencies)

    top: list[int] = []
    for pos, i in enumerate(kept[:_TOP_LINES]):
        # A lead ends with a full stop, so it is never title-like; no dateline test is needed
        # here (and a headline such as "NATO - Russia talks" must not read as one).
        if pos == len(kept) - 1 or not _title_like(lines[i].text):
            break
        top.append(pos)
    hint = " ".join((title_hint or "").split())
    title_pos = next((pos for pos, i in enumerate(kept[:_TOP_LINES])
                      if hint and " ".join(lines[i].text.split()) == hint), None)
    if title_pos is None and top:
        title_pos = _title_position([lines[kept[pos]].text for pos in top])
        if all(_short(lines[kept[pos]].text) for pos in top) and end_headline:
            title_pos = None  # only short lines at the top, and the headline is at the end
            for pos in top:
                rules[kept[pos]] = "edge.short"
    if title_pos is not None:
        for pos in range(title_pos):
            rules[kept[pos]] = "edge.short" if _short(lines[kept[pos]].text) else "header"
        rules[kept[title_pos]] = "title"
        nxt = title_pos + 1
        if nxt + 1 < len(kept) and _standfirst(lines, rules, kept, nxt, top, dateline_at):
            rules[kept[nxt]] = "subtitle"
    kept = _kept(lines, rules)
    for i in kept[:2]:
        found = dateline_at(i)
        if found is not None:
            return found
    return None


def _title_position(top: Sequence[str]) -> int:
    """Which of the title-like lines at the top is the title.

    The first one, unless it is a short label (a section name, a kicker) with the headline after
    it: a line of at most two words before a longer line, or a short line followed by two more
    title-like lines (headline and standfirst).
    """
    pos = 0
    while pos < len(top) - 1 and _short(top[pos]):
        longer_next = _words(top[pos + 1]) > _words(top[pos])
        if (_words(top[pos]) <= 2 and longer_next) or len(top) - pos - 1 >= 2:
            pos += 1
        else:
            break
    return pos


def _standfirst(lines: Sequence[Line], rules: dict[int, str], kept: Sequence[int], pos: int,
                top: Sequence[int], dateline_at: Callable[[int], Dateline | None]) -> bool:
    """Whether the kept line at ``pos`` (right after the title) is a standfirst."""
    i, following = kept[pos], kept[pos + 1]
    line = lines[i].text
    if dateline_at(i) is not None:
        return False
    if pos in top:
        return True
    if not _ends_sentence(line) or _words(line) > _MAX_STANDFIRST_WORDS:
        return False
    captions = {lines[j].text for j, rule in rules.items() if rule == "caption"}
    set_apart = any(rules.get(j) in ("caption", "credit")
                    or (rules.get(j) == "duplicate" and lines[j].text in captions)
                    for j in range(i + 1, following))
    return set_apart or dateline_at(following) is not None


def _runs(lines: Sequence[Line], kept: Sequence[int]) -> list[Span]:
    """Group kept lines into runs: consecutive lines of one paragraph, nothing removed between."""
    runs: list[Span] = []
    prev: int | None = None
    for i in kept:
        if prev is not None and i == prev + 1 and lines[i].para == lines[prev].para:
            runs[-1] = (runs[-1][0], lines[i].end)
        else:
            runs.append((lines[i].start, lines[i].end))
        prev = i
    return runs


def _assemble(text: str, runs: Sequence[Span]) -> tuple[str, OffsetMap]:
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for n, (s, e) in enumerate(runs):
        if n:
            parts.append("\n\n")
            pos += 2
        segments.append(Segment(clean_start=pos, orig_start=s, length=e - s))
        parts.append(text[s:e])
        pos += e - s
    return "".join(parts), OffsetMap(segments=tuple(segments))


def clean(text: str, *, lexicons: IngestLexicons, title_hint: str | None = None) -> Cleaned:
    """Clean one article text.

    Args:
        text: The document's original text.
        lexicons: Chrome vocabulary and agency names.
        title_hint: The title that came with the input, if any: a top line equal to it is the
            title even when it does not look like one.

    Returns:
        The body with its offset map, and every removed line with its rule.
    """
    lines = split_lines(text)
    rules = _line_rules(lines, lexicons)
    dateline = _top_and_tail(lines, rules, text, lexicons, title_hint)
    kept = _kept(lines, rules)
    runs = _runs(lines, kept)
    body, offsets = _assemble(text, runs)
    removed = tuple(RemovedLine(start=lines[i].start, end=lines[i].end, text=lines[i].text,
                                rule=rule) for i, rule in sorted(rules.items()))
    return Cleaned(
        text=body,
        offsets=offsets,
        paragraphs=tuple(runs),
        removed=removed,
        captions=tuple(r for r in removed if r.rule == "caption"),
        header=tuple(r for r in removed if r.rule in ("title", "subtitle")),
        dateline=dateline,
    )
