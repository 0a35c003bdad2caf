"""Indirect speech: the clause a reporting verb reports (``X said that…``, ``…, X told the
media``), ``according to X, …``, and ``This was stated by X`` (the sentence before).
"""

from __future__ import annotations

from spacy.tokens import Token

from storyline.extract.attribution import QuoteContext, is_speech_like, make_quote
from storyline.records import Quote

__all__ = ["indirect_quotes"]

_SUBORDINATORS = frozenset({"if", "because", "unless", "while", "although", "though", "as",
                            "since", "until", "once"})
_FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})


def indirect_quotes(art: QuoteContext, article_id: str, direct: list[Quote]) -> list[Quote]:
    """The reported clauses of an article's reporting cues, with their speakers, leaving out
    clauses that the direct quotations already cover.

    Args:
        art: The article's quotation state.
        article_id: The id recorded on each quote.
        direct: The article's direct quotations.

    Returns:
        Indirect quotes in token order.
    """
    out: list[Quote] = []
    doc = art.doc
    for tok in doc:
        if art.quoted(tok):
            continue
        if art.is_according(tok):
            span = _according_clause(art, tok)
        elif art.is_cue(tok) and tok.lemma_.lower() not in art.cues.direct_only_verbs:
            if any(c.dep_ == "neg" for c in tok.children):
                continue
            speaker = art.speaker_token(tok) or art.name_before(tok)
            span = _reported_clause(art, tok, speaker)
        else:
            continue
        if span is None or _mostly_direct(art.text, span, direct):
            continue
        att = art.attribution(tok, subjectless_fallback=False)
        if att.speaker is None or att.speaker.text.lower() in _FIRST_PERSON:
            continue
        quote = make_quote(art, article_id, span[0], span[1], att, direct=False)
        if quote is not None and is_speech_like(art, quote.start, quote.end, minimum=2):
            out.append(quote)
    return out


def _trim(art: QuoteContext, first: int, last: int) -> tuple[int, int] | None:
    doc = art.doc
    while first <= last and (doc[first].is_punct or doc[first].is_space
                             or doc[first].lower_ == "that" and doc[first].dep_ == "mark"):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last < first:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _reported_clause(art: QuoteContext, cue: Token,
                     speaker: Token | None) -> tuple[int, int] | None:
    """The clause a reporting verb reports: its clausal complement(s) on one side of the verb,
    within its paragraph and without the speaker; a "that" clause the parser left unattached;
    for "This was stated by X", the sentence before."""
    doc = art.doc
    p_start, p_end = art.paragraphs[art.paragraph_of(cue.idx)]
    left: list[tuple[int, int]] = []
    right: list[tuple[int, int]] = []
    for clause in (c for c in cue.children if c.dep_ == "ccomp"):
        first, last = clause.left_edge.i, clause.right_edge.i
        while first <= last and doc[first].idx < p_start:
            first += 1
        while last >= first and doc[last].idx >= p_end:
            last -= 1
        if first > last or (speaker is not None and first <= speaker.i <= last):
            continue
        (left if last < cue.i else right).append((first, last))
    if right:
        first, last = min(a for a, _ in right), max(b for _, b in right)
        for child in cue.children:
            marker = next((m for m in child.children if m.dep_ == "mark"), None)
            if (child.dep_ == "advcl" and child.i > last and marker is not None
                    and marker.lower_ in _SUBORDINATORS and child.right_edge.idx < p_end):
                last = max(last, child.right_edge.i)
        return _trim(art, first, last)
    if left:
        return _trim(art, min(a for a, _ in left), max(b for _, b in left))
    # A parenthetical cue reports the clause around it ("His plan, he stated, was …").
    if cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
        head = cue.head
        first, last = art.clip_to_paragraph(cue, head.left_edge.i, head.right_edge.i)
        return _trim(art, first, last)
    # A "that" clause the parser did not attach to the verb ("said in response that …").
    sent = cue.sent
    for k in range(cue.i + 1, min(sent.end, cue.i + 9)):
        tok = doc[k]
        if tok.idx >= p_end or art.quoted(tok) or not cue.is_ancestor(tok):
            break
        if tok.lower_ == "that" and tok.pos_ == "SCONJ":
            end = k + 1
            while end < sent.end and doc[end].idx < p_end:
                end += 1
            return _trim(art, k + 1, end - 1)
    # "This was stated by X": the content is the sentence before.
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and subject.lower_ in ("this", "that") and any(
            c.dep_ == "agent" for c in cue.children) and sent.start > 0:
        previous = doc[sent.start - 1].sent
        return _trim(art, previous.start, previous.end - 1)
    return None


def _according_clause(art: QuoteContext, according: Token) -> tuple[int, int] | None:
    """The clause "according to X" modifies, without the "according to X" phrase."""
    head = according.head
    if head.i == according.i:
        return None
    sent = according.sent
    own = {t.i for t in according.subtree}
    rest = [t.i for t in head.subtree if t.i not in own and sent.start <= t.i < sent.end]
    if not rest:
        return None
    first, last = art.clip_to_paragraph(according, min(rest), max(rest))
    if according.left_edge.i > first and according.right_edge.i < last:
        # In the middle: keep the longer side.
        if according.left_edge.i - first >= last - according.right_edge.i:
            last = according.left_edge.i - 1
        else:
            first = according.right_edge.i + 1
    return _trim(art, first, last)


def _mostly_direct(text: str, span: tuple[int, int], direct: list[Quote]) -> bool:
    """Whether direct quotations already cover most of a reported clause (``He said "…"``)."""
    total = sum(1 for ch in text[span[0]: span[1]] if not ch.isspace())
    if total == 0:
        return True
    covered = 0
    for q in direct:
        lo, hi = max(span[0], q.start), min(span[1], q.end)
        if lo < hi:
            covered += sum(1 for ch in text[lo:hi] if not ch.isspace())
    return covered >= 0.8 * total
