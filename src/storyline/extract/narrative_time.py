"""Narrative reference time: the date an undated sentence inherits from the story it continues.

News writes background as narrative: a sentence dates a past development ("A ceasefire ... came
into effect ... *on February 27*") and the next ones carry on without a date of their own ("An
hour before the ceasefire came into force, the Security Council adopted a resolution"). Dating
those with the publication date puts a February act in July. Following the reference-time rule of
temporal anchoring in news (Reichenbach's reference time; Mani & Wilson 2000, "Robust temporal
processing of news"), an undated sentence inherits the last reference time, under these limits:

* The reference time is set only by a day- or month-level time expression of a sentence's *main
  predicate* (reached from the expression through heads without crossing into a relative,
  adverbial or complement clause): "the deal *brokered Sept. 9* envisaged ..." names which deal,
  it does not move the narrative to September 9. A time expression that dates a reporting verb
  ("Shoigu *said on Thursday*") dates the statement, not a narrative, and sets nothing.
* It passes only to a sentence whose main predicate is a simple past, non-reporting verb ("the
  Council *adopted*", "the American side *suggested*"). Present and present-perfect sentences
  ("Russia *has backed* Assad") and statements ("X said ...") keep the publication date — in news
  a statement without a date is the news of the day.
* It lasts for :data:`WINDOW` sentences after the sentence that set it.
* A sentence placed relative to another development ("An hour *before* the ceasefire came into
  force") inherits only the month: the order is known, the day is not.

The caller marks the inherited dates (``date_source="context"``) so that a reader can tell them
from dates the sentence states.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.extract.times import verb_tense
from storyline.records import DateGranularity, TimeExpr

__all__ = ["WINDOW", "ReferenceTime", "narrative_dates"]

WINDOW = 3
"""How many sentences after the one that set it a reference time lasts."""

_CLAUSE_DEPS = frozenset({"acl", "relcl", "advcl", "ccomp", "csubj", "csubjpass", "parataxis",
                          "pcomp"})
"""Dependencies that enter a subordinate clause: a time expression below one does not date the
sentence's main predicate."""
_RELATIVE_MARKS = frozenset({"before", "after", "since", "until", "till", "prior"})


@dataclass(frozen=True, slots=True)
class ReferenceTime:
    """The date a sentence inherits.

    Attributes:
        date: The inherited date.
        granularity: ``day`` or ``month``.
        sentence: Start offset of the sentence whose time expression set it.
    """

    date: dt.date
    granularity: DateGranularity
    sentence: int


def narrative_dates(doc: Doc, times: Sequence[TimeExpr], *,
                    is_reporting: Callable[[Token], bool]) -> Mapping[int, ReferenceTime]:
    """The inherited reference time of each undated narrative sentence of a document.

    Args:
        doc: The parsed article.
        times: Its time expressions.
        is_reporting: Whether a verb reports speech ("say", "tell", "stress").

    Returns:
        Sentence start offset -> the reference time it inherits; sentences that state their own
        date, that are not simple-past narrative, or that no recent reference time precedes are
        absent.
    """
    usable = [t for t in times if t.date is not None and t.type in ("DATE", "TIME")
              and t.granularity in ("day", "month")]
    out: dict[int, ReferenceTime] = {}
    current: ReferenceTime | None = None
    since = 0
    for sent in doc.sents:
        since += 1
        own = [t for t in usable if sent.start_char <= t.start < sent.end_char]
        if own:
            ref = _main_reference(sent, own, is_reporting)
            if ref is not None:
                current, since = ref, 0
            continue
        if current is None or since > WINDOW or not _narrative_past(sent.root, is_reporting):
            continue
        inherited = current
        if _relative(sent.root) and current.granularity == "day":
            inherited = ReferenceTime(current.date.replace(day=1), "month", current.sentence)
            current = inherited
        out[sent.start_char] = inherited
    return out


def _main_reference(sent: Span, own: Sequence[TimeExpr],
                    is_reporting: Callable[[Token], bool]) -> ReferenceTime | None:
    """The reference time a sentence sets: a time expression of its main, non-reporting
    predicate (the latest such, as "came into effect ... on February 27" after "brokered on
    February 22")."""
    found: list[TimeExpr] = []
    doc = sent.doc
    for tx in own:
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None:
            continue
        predicate = _governing_predicate(span.root, sent.root)
        if predicate is None or is_reporting(predicate):
            continue
        found.append(tx)
    if not found:
        return None
    tx = max(found, key=lambda t: t.start)
    assert tx.date is not None
    gran: DateGranularity = "day" if tx.granularity == "day" else "month"
    return ReferenceTime(tx.date, gran, sent.start_char)


def _governing_predicate(tok: Token, root: Token) -> Token | None:
    """The main predicate a time expression attaches to, or None when the path to the root
    enters a subordinate clause."""
    cur = tok
    predicate: Token | None = None
    while True:
        if cur.pos_ in ("VERB", "AUX") and predicate is None:
            predicate = cur
        if cur.i == root.i:
            return predicate or root
        if cur.dep_ in _CLAUSE_DEPS or cur.head.i == cur.i:
            return None  # a subordinate clause, or another sentence's root
        cur = cur.head


def _narrative_past(root: Token, is_reporting: Callable[[Token], bool]) -> bool:
    """A simple-past, non-reporting main predicate ("adopted", "was extended", "suggested"); not
    a perfect ("has backed", "had been discussed"), which does not move along the narrative."""
    if root.pos_ not in ("VERB", "AUX") or is_reporting(root):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() == "have" for c in root.children):
        return False
    return verb_tense(root) == "past"


def _relative(root: Token) -> bool:
    """The predicate is placed relative to another development ("an hour before X")."""
    for child in root.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _RELATIVE_MARKS
                                         for m in child.children):
            return True
        if child.dep_ == "prep" and child.lower_ in _RELATIVE_MARKS:
            return True
        if child.dep_ == "npadvmod" and any(g.lower_ in _RELATIVE_MARKS for g in child.children):
            return True
    return False
