"""When and where an event happened: its time expression and its place, from the same clause.

An event takes the time expression nearest to its trigger inside its own clause (the subtree of its
head), else the nearest one in its sentence ("A ceasefire brokered ... *on February 22* came into
effect ... *on February 27*": the brokering is dated February 22). Only expressions that denote
days are used (a ``DATE`` or ``TIME`` with a calendar date); the caller falls back to the
publication date and says so.

Places work the same way, preferring a locative phrase (``in``, ``at``, ``near``...) of the clause.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from storyline.records import Place, TimeExpr

__all__ = ["event_date", "event_place"]

_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "into", "on",
                       "over", "to"})


def _clause(head: Token, noun: Token | None = None) -> tuple[int, int]:
    """Character range of the head's subtree (and the event noun's)."""
    toks = [head] if noun is None else [head, noun]
    start = min(t.left_edge.idx for t in toks)
    end = max(t.right_edge.idx + len(t.right_edge) for t in toks)
    return start, end


def event_date(head: Token, times: Sequence[TimeExpr], *, sent: Span) -> TimeExpr | None:
    """The time expression that dates an event, or None (the caller then uses the article date).

    Args:
        head: The event's head token.
        times: The article's time expressions.
        sent: The event's sentence.

    Returns:
        The nearest day-denoting expression of the event's clause, else of its sentence.
    """
    cands = [t for t in times if sent.start_char <= t.start < sent.end_char
             and t.date is not None and t.type in ("DATE", "TIME")]
    if not cands:
        return None
    lo, hi = _clause(head)
    inside = [t for t in cands if lo <= t.start and t.end <= hi]
    return min(inside or cands, key=lambda t: (abs(t.start - head.idx), t.start))


def event_place(head: Token, places: Sequence[Place], *, noun: Token | None = None,
                sent: Span | None = None, locative: bool = False) -> Place | None:
    """The place of an event: a locative of its clause, else any place of the clause or sentence.

    Args:
        head: The event's head token.
        places: The article's geocoded places.
        noun: The event noun, whose own modifiers also count ("*Aleppo* humanitarian pause").
        sent: The sentence, to fall back to; None keeps the search inside the clause.
        locative: Only a locative phrase or a modifier of the event noun ("*Aleppo*
            humanitarian pause") will do, as for a location that stands in for a target.

    Returns:
        The place, or None.
    """
    if not places:
        return None
    doc = head.doc
    lo, hi = _clause(head, noun)
    inside = [p for p in places if lo <= p.start and p.end <= hi]

    def is_locative(p: Place) -> bool:
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return False
        if noun is not None and span.root.head.i == noun.i and span.root.dep_ in (
                "compound", "amod", "nmod"):
            return True
        return span.start > 0 and doc[span.start - 1].lower_ in _LOCATIVE

    pools = [[p for p in inside if is_locative(p)]]
    if locative:
        pools[0] = [p for p in pools[0] if p.feature != "country"] or pools[0]
    else:
        pools.append(inside)
    for pool in pools:
        if pool:
            return min(pool, key=lambda p: (abs(p.start - head.idx), p.start))
    if sent is None:
        return None
    cands = [p for p in places if sent.start_char <= p.start and p.end <= sent.end_char]
    return min(cands, key=lambda p: (abs(p.start - head.idx), p.start)) if cands else None
