"""Pairing quotation marks over a whole text, with recovery for the marks real news text gets wrong.

Text only, no parse: :func:`pair_quote_marks` finds where quotations open and close and returns
plain spans. Deciding who said them is :mod:`storyline.extract.quotes`' job.

What it understands:

- typographic double marks ``“…”``, German ``„…“``, guillemets ``«…»``, straight ``"…"``, and the
  single forms ``‘…’``, ``'…'``, ``‹…›`` (single marks only where they pair up within a paragraph,
  since the same characters are apostrophes);
- nesting (``“…‘…’…”``, ``“…“…”…”``): inner spans get ``depth`` 1, 2...;
- the news convention for a quotation running over several paragraphs: a paragraph that opens a
  quotation without closing it, followed by a paragraph that starts with an opening mark, continues
  the same quotation (Chicago Manual of Style 13.30);
- unbalanced marks, recovered rather than dropped: an opening mark never closed ends at the end of
  its paragraph (``closed=False``); a closing mark never opened starts at the start of its paragraph
  or after the previous quotation in it (``opened=False``). Nothing here raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteSpan", "pair_quote_marks", "paragraph_spans"]

# Marks, by family. A family's quotations can only be closed by a mark of the same family, except
# that a straight double mark may close a typographic one (``“…"`` is common in hand-edited copy).
_DOUBLE_OPEN = frozenset("“„«")
_DOUBLE_CLOSE = frozenset("”»")
_SINGLE_OPEN = frozenset("‘‹")
_SINGLE_CLOSE = frozenset("’›")
_STRAIGHT = frozenset("\"'")
_ALL_MARKS = _DOUBLE_OPEN | _DOUBLE_CLOSE | _SINGLE_OPEN | _SINGLE_CLOSE | _STRAIGHT | {"“"}
# What may stand right before an opening mark, or right after a closing one.
_BEFORE_OPEN = frozenset(" \t\n\u00a0([{—–-/:;,") | _DOUBLE_OPEN | _SINGLE_OPEN
_AFTER_CLOSE = frozenset(" \t\n\u00a0)]}—–-/:;,.!?…") | _DOUBLE_CLOSE | _SINGLE_CLOSE

_BLANK_LINE = re.compile(r"\n[ \t\u00a0\r]*\n")


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteSpan:
    """One quotation found by its marks.

    Attributes:
        start, end: The quoted words, without the marks and surrounding blanks
            (``text[start:end]``). For a quotation over several paragraphs this runs from the first
            word to the last and includes the paragraph breaks and the re-opening marks between.
        open_start, open_end: The opening mark; both equal ``start`` when it was missing.
        close_start, close_end: The closing mark; both equal ``end`` when it was missing.
        depth: 0 for a quotation, 1 for a quotation inside it, and so on.
        opened: False when the opening mark was missing and the start was recovered.
        closed: False when the closing mark was missing and the end was recovered.
        paragraphs: How many paragraphs the quotation runs over.
        double: True for double marks and guillemets, False for single ones.
    """

    start: int
    end: int
    open_start: int
    open_end: int
    close_start: int
    close_end: int
    depth: int
    opened: bool = True
    closed: bool = True
    paragraphs: int = 1
    double: bool = True


@dataclass(slots=True)
class _Open:
    """A quotation opened and not yet closed (mutable scan state, never returned)."""

    mark: str
    pos: int
    double: bool
    paragraphs: int = 1


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Split a text into paragraphs, as ``(start, end)`` offsets without surrounding blanks.

    Paragraphs are separated by blank lines. A text with no blank line at all is taken to have one
    paragraph per line; in a text that has blank lines, a single line break inside a paragraph is a
    soft wrap, so a quotation can run over it.

    Args:
        text: Any text.

    Returns:
        The non-empty paragraphs in order.
    """
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in separator.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _prev_char(text: str, i: int, floor: int) -> str:
    return text[i - 1] if i > floor else " "


def _next_char(text: str, i: int, ceiling: int) -> str:
    return text[i + 1] if i + 1 < ceiling else " "


def _is_apostrophe(text: str, i: int, start: int, end: int) -> bool:
    """A single mark between two letters or digits (``don’t``, ``Nusra’s``, ``rock'n'roll``)."""
    return _prev_char(text, i, start).isalnum() and _next_char(text, i, end).isalnum()


def _looks_opening(text: str, i: int, start: int, end: int) -> bool:
    nxt = _next_char(text, i, end)
    return _prev_char(text, i, start) in _BEFORE_OPEN and not nxt.isspace()


def _looks_closing(text: str, i: int, start: int, end: int) -> bool:
    prev = _prev_char(text, i, start)
    return not prev.isspace() and _next_char(text, i, end) in _AFTER_CLOSE


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _introduced(text: str, i: int, floor: int) -> bool:
    """A mark right after "that", "said" or a colon opens a quotation whatever its shape
    (``said in a statement that ” … ”`` has the wrong mark first)."""
    before = text[floor:i].rstrip()
    if before.endswith(":"):
        return True
    words = before.split()
    return bool(words) and words[-1].lower() in ("that", "said", "says", "saying")


def _closes(top: _Open, ch: str) -> bool:
    """Whether ``ch`` can close the quotation ``top`` (same family)."""
    if top.double:
        return ch in _DOUBLE_CLOSE or ch == '"' or (ch == "“" and top.mark == "„")
    return ch in _SINGLE_CLOSE or ch == "'"


def pair_quote_marks(text: str) -> tuple[QuoteSpan, ...]:
    """Find the quotations of a text by pairing their marks.

    Args:
        text: Any text; never raises, whatever the marks.

    Returns:
        Every quotation found, outer and nested, sorted by start (outer before inner at the same
        start). Offsets are into ``text``.
    """
    paragraphs = paragraph_spans(text)
    found: list[QuoteSpan] = []
    carried: _Open | None = None  # an outer quotation continued from the previous paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        stack: list[_Open] = []
        last_top_end = p_start
        i = p_start
        if carried is not None:
            # The paragraph starts with the re-opening mark (checked before carrying it over).
            carried.paragraphs += 1
            stack.append(carried)
            carried = None
            i = p_start + 1
        while i < p_end:
            ch = text[i]
            if ch in _ALL_MARKS:
                last_top_end = _step(text, i, p_start, p_end, stack, found, last_top_end)
            i += 1
        # Paragraph end: decide what happens to quotations still open.
        if stack:
            outer = stack[0]
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if outer.double and nxt is not None and text[nxt[0]] in (_DOUBLE_OPEN | {'"'}):
                carried = outer
            else:
                if outer.double:
                    found.append(_span(text, outer, p_end, p_end, depth=0, closed=False))
            # Nested quotations left open are dropped: their end cannot be told from the text.
    found.sort(key=lambda s: (s.start, s.depth))
    return tuple(found)


def _step(text: str, i: int, p_start: int, p_end: int, stack: list[_Open],
          found: list[QuoteSpan], last_top_end: int) -> int:
    """Handle the mark at ``i``; return where the paragraph's last top-level quotation ends."""
    ch = text[i]
    double = ch in _DOUBLE_OPEN or ch in _DOUBLE_CLOSE or ch == '"'
    if not double and _is_apostrophe(text, i, p_start, p_end):
        return last_top_end
    opening = _looks_opening(text, i, p_start, p_end)
    closing = _looks_closing(text, i, p_start, p_end)
    # Closing: a double mark closes the nearest open double quotation, dropping single ones left
    # open inside it; a single mark only closes the innermost quotation.
    target: int | None = None
    if double:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].double:
                if _closes(stack[k], ch):
                    target = k
                break
    elif stack and not stack[-1].double and _closes(stack[-1], ch):
        target = len(stack) - 1
    if target is not None:
        entry = stack[target]
        straight_toggle = ch in _STRAIGHT and entry.mark == ch
        if ch not in _STRAIGHT or straight_toggle or closing or not opening:
            del stack[target:]
            found.append(_span(text, entry, i, i + 1, depth=len(stack), closed=True))
            return i + 1 if not stack else last_top_end
    if ch in _DOUBLE_OPEN or ch in _SINGLE_OPEN or (ch in _STRAIGHT and opening) or (
            double and not stack and _introduced(text, i, p_start)):
        stack.append(_Open(mark=ch, pos=i, double=double))
    elif double and not stack and closing and ch in (_DOUBLE_CLOSE | {'"'}):
        # A closing mark that closes nothing: recover its start, but only at the top level
        # (inside an open single quotation it is more likely a misplaced mark).
        found.append(_orphan(text, last_top_end, i))
        return i + 1
    return last_top_end


def _span(text: str, opened: _Open, close_start: int, close_end: int, *, depth: int,
          closed: bool) -> QuoteSpan:
    start, end = _trimmed(text, opened.pos + 1, close_start)
    if end < start:
        end = start
    return QuoteSpan(
        start=start,
        end=end,
        open_start=opened.pos,
        open_end=opened.pos + 1,
        close_start=close_start if closed else end,
        close_end=close_end if closed else end,
        depth=depth,
        opened=True,
        closed=closed,
        paragraphs=opened.paragraphs,
        double=opened.double,
    )


def _orphan(text: str, floor: int, close: int) -> QuoteSpan:
    start, end = _trimmed(text, floor, close)
    # Skip punctuation left over from the previous quotation's attribution (``…" he said. B"``).
    while start < end and text[start] in ",.;:—–-":
        start += 1
    start, end = _trimmed(text, start, end)
    return QuoteSpan(
        start=start,
        end=end,
        open_start=start,
        open_end=start,
        close_start=close,
        close_end=close + 1,
        depth=0,
        opened=False,
        closed=True,
    )
