"""Quotes with their speakers: direct quotations and indirect speech, from a parsed article.

:func:`quotes` finds

- direct quotations by their marks (:mod:`storyline.extract.quote_marks`), attributed by the cue
  after them (``"…," X said``, ``"…" – said X, quoted by TASS``), before them (``X said: "…"``,
  ``Today, he stressed, "…"``) or governing them inside a sentence (``told partners "to focus
  on…"``); a quotation with no cue of its own continues the speaker of the quotation before it in
  the paragraph, or of the previous paragraph when it opens its own (news convention);
- indirect speech: the reported clause of a reporting verb (``X said that…``, ``…, X told the
  media``), ``according to X, …``, and ``This was stated by X`` (the sentence before).

Speakers are taken from the dependency parse and resolved by
:class:`storyline.extract.speakers.Discourse`. The vocabulary is the versioned cue lexicon in
``data/cues.json``, loaded with :func:`load_cue_lexicon` and passed in.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from storyline.extract.attribution import (
    DASHES,
    PRODUCER,
    SENTENCE_END,
    Attribution,
    QuoteContext,
    cue_ending_at,
    is_speech_like,
    make_quote,
    tokens_in,
)
from storyline.extract.cues import CueLexicon, load_cue_lexicon
from storyline.extract.quote_marks import QuoteSpan, pair_quote_marks
from storyline.extract.reported_speech import indirect_quotes
from storyline.records import Quote

__all__ = ["PRODUCER", "CueLexicon", "load_cue_lexicon", "quotes"]

_MAX_WINDOW = 40


def quotes(doc: Doc, *, article_id: str, cues: CueLexicon) -> Iterator[Quote]:
    """Yield the quotes of a parsed article, direct and indirect, in text order.

    Args:
        doc: The article parsed by the pipeline's model (tagger, parser, NER); not modified.
        article_id: The id recorded on each quote.
        cues: The cue lexicon, from :func:`load_cue_lexicon`.

    Yields:
        Quotes with offsets into ``doc.text``; ``speaker_id`` is left for the link stage.
    """
    if not doc.has_annotation("DEP"):
        # No parse (a blank pipeline): quotation marks still give the quotations, not speakers.
        for mark in pair_quote_marks(doc.text):
            quote = _unattributed(doc.text, mark, article_id)
            if quote is not None:
                yield quote
        return
    art = QuoteContext(doc, cues)
    found: list[Quote] = []
    direct = _direct_quotes(art, article_id)
    found.extend(direct)
    found.extend(indirect_quotes(art, article_id, direct))
    found.sort(key=lambda q: (q.start, q.end, q.direct))
    yield from found


def _unattributed(text: str, mark: QuoteSpan, article_id: str) -> Quote | None:
    start, end = mark.start, mark.end
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
        end -= 1
    if mark.depth > 0 or len(text[start:end].split()) < 2:
        return None
    return Quote(article_id=article_id, text=text[start:end], start=start, end=end, speaker=None,
                 direct=True, producer=PRODUCER)

# --- direct quotations --------------------------------------------------------------------------


def _direct_quotes(art: QuoteContext, article_id: str) -> list[Quote]:
    out: list[Quote] = []
    attributed: list[tuple[QuoteSpan, Attribution | None]] = []
    for mark in art.marks:
        if not is_speech_like(art, mark.start, mark.end, minimum=1):
            continue  # a name in quotation marks ("Valdai"), not a quotation
        att: Attribution | None = None
        partial = False
        recovered = art.recovered_cues.get(mark.start)
        if recovered is not None:
            att = art.attribution(recovered, subjectless_fallback=False)
        if att is None and _starts_mid_sentence(art, mark):
            att = _cue_governing(art, mark)  # 'he said that “…,” and described …'
            partial = att is not None
        if att is None:
            att = _cue_after(art, mark)
        if att is None and mark.opened:
            att = _cue_before(art, mark)
        if att is None:
            att = _cue_governing(art, mark)
            partial = att is not None
        if partial and not is_speech_like(art, mark.start, mark.end, minimum=2):
            continue
        if att is None:
            att = _continuation(art, mark, attributed)
        attributed.append((mark, att))
        if att is None and not _is_clause(art, mark.start, mark.end):
            continue
        quote = make_quote(art, article_id, mark.start, mark.end, att, direct=True)
        if quote is not None:
            out.append(quote)
    return out


def _starts_mid_sentence(art: QuoteContext, mark: QuoteSpan) -> bool:
    """Whether a quotation opens inside a sentence (after a word, not after , : . or a break)."""
    before = art.text[: mark.open_start].rstrip()
    return bool(before) and before[-1].isalnum()


def _is_clause(art: QuoteContext, start: int, end: int) -> bool:
    """An unattributed quotation is kept only when it reads as a statement: four words or more
    with a finite verb (headings such as '"Concrete and well-organised" cooperation' are not)."""
    toks = tokens_in(art, start, end)
    return (sum(1 for t in toks if t.is_alpha) >= 4
            and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks))


def _cue_after(art: QuoteContext, mark: QuoteSpan) -> Attribution | None:
    """``"…," X said`` / ``"…" – said X, quoted by TASS`` / ``"…," the minister told TV``."""
    doc = art.doc
    i = art.token_at(mark.close_end)
    inside = art.text[mark.start: mark.close_start].rstrip()
    separated = bool(inside) and inside[-1] in ",.!?…:;–—-"
    while i < len(doc) and (doc[i].is_space or doc[i].text in (",", *DASHES)):
        separated = separated or doc[i].text in (",", *DASHES)
        if "\n" in doc[i].text and art.paragraph_of(doc[i].idx) != art.paragraph_of(mark.end):
            return None
        i += 1
    if i >= len(doc) or art.paragraph_of(doc[i].idx) != art.paragraph_of(mark.end):
        return None
    if doc[i].pos_ == "CCONJ":
        return None  # '“…,” and described a “New GM”' continues the sentence
    if inside.endswith(".") and doc[i].text[:1].isupper() and not art.is_cue(doc[i]):
        return None  # '…good.” He added, however, that “…”' starts a new sentence
    window: list[Token] = []
    for k in range(i, min(len(doc), i + _MAX_WINDOW)):
        tok = doc[k]
        if tok.text in SENTENCE_END or "\n" in tok.text or _is_mark(tok.text):
            break
        window.append(tok)
    for n, tok in enumerate(window):
        if not art.is_cue(tok) or art.quoted(tok):
            continue
        before = [t for t in window[:n] if not t.is_punct]
        if not separated and len(before) > 1:
            return None  # '"Valdai" canadian political scientist … said' is not an attribution
        if any(c.dep_ == "ccomp" and c.i > tok.i and _finite(c) for c in tok.children):
            return None  # the cue reports a clause of its own ("…,” he added that …)
        if all(tok.is_ancestor(t) for t in before) or (
                len(before) <= 8 and not any(t.pos_ == "VERB" for t in before)):
            return art.attribution(tok, subjectless_fallback=True)
        return None
    return None


def _cue_before(art: QuoteContext, mark: QuoteSpan) -> Attribution | None:
    """``X said: "…"`` / ``Today, he stressed, "…"`` / ``X noted:`` ending the paragraph before."""
    doc = art.doc
    j = art.token_at(mark.open_start) - 1
    crossed = False
    while j >= 0 and (doc[j].is_space or doc[j].text in DASHES):
        crossed = crossed or "\n" in doc[j].text
        j -= 1
    if j < 0 or doc[j].text not in (",", ":"):
        return None
    if crossed and doc[j].text != ":":
        return None
    cue = cue_ending_at(art, j, floor=0)
    return art.attribution(cue, subjectless_fallback=False) if cue is not None else None


def _cue_governing(art: QuoteContext, mark: QuoteSpan) -> Attribution | None:
    """A partial quotation inside a reported clause: ``told partners "to focus…"``, ``Lavrov said
    that experts "with maps…"`` (the nearest cue whose complement contains the quotation)."""
    doc = art.doc
    q = art.token_at(mark.start)
    if q >= len(doc):
        return None
    first = doc[q]
    for k in range(q - 1, first.sent.start - 1, -1):
        tok = doc[k]
        if art.quoted(tok) or not (art.is_cue(tok) and tok.is_ancestor(first)):
            continue
        child = first
        while child.head.i != tok.i and child.head.i != child.i:
            child = child.head
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            continue
        return art.attribution(tok, subjectless_fallback=False)
    return None


def _continuation(art: QuoteContext, mark: QuoteSpan,
                  earlier: list[tuple[QuoteSpan, Attribution | None]]) -> Attribution | None:
    """A quotation with no cue continues the previous quotation's speaker: in the same paragraph,
    or in the paragraph before when it opens its own paragraph."""
    para = art.paragraph_of(mark.open_start)
    opens_paragraph = art.paragraphs[para][0] == mark.open_start
    for prev, att in reversed(earlier):
        prev_para = art.paragraph_of(prev.close_end)
        if prev_para == para or (opens_paragraph and prev_para == para - 1):
            if att is not None:
                return att
            continue
        break
    return None


def _finite(clause: Token) -> bool:
    """A clause with a "that" or a finite verb (not a participle the parser made a clause)."""
    return clause.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("mark", "aux", "auxpass") and c.tag_ in ("IN", "VBD", "VBZ", "VBP", "MD")
        for c in clause.children)


def _is_mark(text: str) -> bool:
    return bool(text) and all(ch in "\"'“”„«»‘’‹›`" for ch in text)
