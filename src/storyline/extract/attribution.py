"""Who said a quotation: one article's quotations, paragraphs and discourse, and the attribution
of a reporting cue (speaker, cue phrase, intermediary) from the dependency parse.

:class:`QuoteContext` holds the state of one call of :func:`storyline.extract.quotes.quotes` (it
never outlives it); the direct-quotation rules are in :mod:`storyline.extract.quotes`, the
indirect-speech ones in :mod:`storyline.extract.reported_speech`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from storyline.extract.cues import CueLexicon, is_according, is_cue
from storyline.extract.quote_marks import QuoteSpan, pair_quote_marks, paragraph_spans
from storyline.extract.speakers import Discourse, Resolution
from storyline.records import Quote

__all__ = [
    "DASHES",
    "PRODUCER",
    "SENTENCE_END",
    "Attribution",
    "QuoteContext",
    "cue_ending_at",
    "is_speech_like",
    "make_quote",
    "np_span",
    "tokens_in",
]

PRODUCER = "quotes.rules.v1"

SENTENCE_END = frozenset({".", "!", "?"})
DASHES = frozenset({"-", "–", "—", "--"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a cue attributes a quotation to: the cue phrase's offsets, the resolved speaker (None
    when not found) and an intermediary's offsets ("quoted by TASS")."""

    cue_start: int
    cue_end: int
    speaker: Resolution | None
    via: tuple[int, int] | None


class QuoteContext:
    """Per-call state: the doc, its quotations, paragraphs and discourse (never outlives a call)."""

    def __init__(self, doc: Doc, cues: CueLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.cues = cues
        # Offsets of the tokens, read from the doc's array rather than token by token.
        self.starts: list[int] = doc.to_array("IDX").tolist()
        self.paragraphs = paragraph_spans(self.text)
        self.para_starts = [p for p, _ in self.paragraphs]
        marks = [m for m in pair_quote_marks(self.text) if m.depth == 0 and m.end > m.start]
        self._set_quoted([m for m in marks if m.opened])
        # A closing mark never opened: find where the quotation starts before anything else, since
        # every later step needs to know what is inside quotation marks.
        self.recovered_cues: dict[int, Token] = {}
        refined: list[QuoteSpan] = []
        for mark in marks:
            if not mark.opened:
                start, cue = _recover_opening(self, mark)
                mark = replace(mark, start=start, open_start=start, open_end=start)
                if cue is not None:
                    self.recovered_cues[mark.start] = cue
            if mark.end > mark.start:
                refined.append(mark)
        self.marks = refined
        self._set_quoted(refined)
        self.discourse = Discourse(doc, cues, [(m.start, m.end) for m in refined], text=self.text)

    def _set_quoted(self, marks: list[QuoteSpan]) -> None:
        self._quoted = sorted((m.start, m.end) for m in marks)
        self._quoted_starts = [a for a, _ in self._quoted]

    # --- positions ------------------------------------------------------------------------------

    def token_at(self, char: int) -> int:
        """Index of the token covering or starting after ``char`` (``len(doc)`` past the end)."""
        k = bisect.bisect_right(self.starts, char) - 1
        if k >= 0 and char < self.starts[k] + len(self.doc[k].text):
            return k
        return k + 1

    def paragraph_of(self, char: int) -> int:
        return max(bisect.bisect_right(self.para_starts, char) - 1, 0)

    def clip_to_paragraph(self, anchor: Token, first: int, last: int) -> tuple[int, int]:
        """Token bounds ``first..last`` cut to the paragraph of ``anchor`` (parses of headings
        and datelines often run sentences over a paragraph break)."""
        p_start, p_end = self.paragraphs[self.paragraph_of(anchor.idx)]
        while first < last and self.doc[first].idx < p_start:
            first += 1
        while last > first and self.doc[last].idx >= p_end:
            last -= 1
        return first, last

    def quoted(self, tok: Token) -> bool:
        k = bisect.bisect_right(self._quoted_starts, tok.idx) - 1
        return k >= 0 and self._quoted[k][0] <= tok.idx < self._quoted[k][1]

    def same_paragraph(self, a: int, b: int) -> bool:
        return self.paragraph_of(a) == self.paragraph_of(b)

    # --- cues -----------------------------------------------------------------------------------

    def is_cue(self, tok: Token) -> bool:
        return is_cue(tok, self.cues)

    def is_according(self, tok: Token) -> bool:
        return is_according(tok, self.doc, self.cues)

    def speaker_token(self, cue: Token) -> Token | None:
        """The head of the speaker's phrase: subject, passive agent, "according to" object, the
        object of "quoted X as saying"; the subject of the governing verb for participles."""
        if self.is_according(cue):
            return next((c for c in self.doc[cue.i + 1].children if c.dep_ == "pobj"), None)
        if cue.lemma_ == "quote":
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        tok = cue
        for _ in range(4):
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            if agent is not None:
                by_obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if by_obj is not None:
                    return by_obj
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                        and self.same_paragraph(c.idx, cue.idx)]
            subject = min(subjects, key=lambda c: abs(c.i - cue.i)) if subjects else None
            if subject is not None:
                if subject.dep_ == "nsubjpass" or subject.lower_ in ("it", "there"):
                    return None
                return subject
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
                # "reports stating that …": the noun is the source, unless it is a document held
                # by someone ("Jobs resigned in a letter … stating …").
                noun = tok.head
                held = noun.dep_ == "pobj" and noun.head.lower_ in ("in", "through", "via", "with")
                if noun.lemma_.lower() not in self.cues.source_nouns or not held:
                    return noun
                tok = noun
                continue
            if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "prep", "pobj"):
                tok = tok.head
                continue
            break
        return None

    def cue_span(self, cue: Token) -> tuple[int, int]:
        """Bounds of the cue phrase: the verb with its particle and, when adjacent, "in a
        statement" or a generic audience ("told reporters"); "according to"; "quoted X as
        saying"."""
        doc = self.doc
        if self.is_according(cue):
            to = doc[cue.i + 1]
            return cue.idx, to.idx + len(to.text)
        end_tok = cue
        if cue.lemma_ == "quote":
            saying = next((t for t in cue.subtree if t.lemma_ == "say" and t.i > cue.i), None)
            if saying is not None and saying.i - cue.i <= 8:
                return cue.idx, saying.idx + len(saying.text)
        for child in sorted(cue.children, key=lambda c: c.i):
            if child.i <= end_tok.i or child.left_edge.i != end_tok.i + 1:
                continue
            if child.dep_ == "prt" or child.dep_ in ("dobj", "dative") and (
                    child.lower_ in self.cues.audience_nouns
                    or child.lemma_.lower() in self.cues.audience_nouns):
                end_tok = child
            elif child.dep_ == "prep" and child.lower_ in ("in", "at", "during"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.lemma_.lower() in self.cues.source_nouns:
                    end_tok = obj
        return cue.idx, end_tok.idx + len(end_tok.text)

    def via(self, cue: Token, speaker: Token | None) -> tuple[int, int] | None:
        """An intermediary: "quoted by TASS", "TASS quoted X as saying", "told Rossiya 24
        television", "in an interview with Reuters"."""
        if cue.lemma_ == "quote" and speaker is not None and speaker.dep_ == "dobj":
            subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return np_span(subject)
        scope = list(cue.children) + (list(speaker.children) if speaker is not None else [])
        for child in scope:
            if child.lemma_ in ("quote", "cite") and child.dep_ in ("acl", "advcl", "relcl"):
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                obj = next((c for c in agent.children if c.dep_ == "pobj"),
                           None) if agent is not None else None
                if obj is not None:
                    return np_span(obj)
            if (cue.lemma_ == "tell" and child.dep_ in ("dobj", "dative", "npadvmod")
                    and self._is_outlet(child)):
                return np_span(child)
            if child.dep_ == "prep" and child.lower_ in ("in", "to"):
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    if obj.lemma_ == "interview":
                        for prep in (c for c in obj.children if c.dep_ == "prep"):
                            for inner in (c for c in prep.children if c.dep_ == "pobj"):
                                if self._is_outlet(inner):
                                    return np_span(inner)
        return None

    def _is_outlet(self, tok: Token) -> bool:
        if (tok.lower_ in self.cues.audience_nouns or tok.lemma_.lower() in self.cues.audience_nouns
                or tok.ent_type_ == "PERSON"):
            return False
        words = {t.lower_ for t in tok.subtree}
        return tok.pos_ == "PROPN" or tok.ent_type_ == "ORG" or bool(words & self.cues.media_words)

    def attribution(self, cue: Token, *, subjectless_fallback: bool) -> Attribution:
        """Speaker, cue phrase and intermediary of a cue.

        With no subject in the parse, the speaker is the nearest name before the cue in its
        sentence that no other verb claims (parses of long subjects often drop the subject link);
        failing that, for direct quotations only, the previous speaker ("– stated in the
        message")."""
        speaker_tok = self.speaker_token(cue)
        if speaker_tok is None:
            speaker_tok = self.name_before(cue) or self.name_after(cue)
        speaker = self.discourse.resolve(speaker_tok) if speaker_tok is not None else None
        if speaker is None and speaker_tok is None and subjectless_fallback:
            speaker = self.discourse.last_speaker(cue.idx)
        start, end = self.cue_span(cue)
        return Attribution(start, end, speaker, self.via(cue, speaker_tok))

    def name_after(self, cue: Token) -> Token | None:
        """The name right after a cue ("…,” said Uralsib analyst Chris Weafer commenting…"),
        up to the next verb or punctuation; a person before an organisation."""
        names: list[Token] = []
        for tok in self.doc[cue.i + 1: min(len(self.doc), cue.i + 12)]:
            if tok.pos_ in ("VERB", "AUX") or tok.is_punct or not self.same_paragraph(
                    tok.idx, cue.idx):
                break
            if tok.ent_type_ in ("PERSON", "ORG"):
                names.append(tok)
        people = [t for t in names if t.ent_type_ == "PERSON"]
        best = people or names
        return best[-1] if best else None

    def name_before(self, cue: Token) -> Token | None:
        """The nearest name before a cue in its sentence and paragraph, skipping the cue's own
        clauses ("X, addressing Y, said"); None when another verb comes first."""
        owned = {t.i for c in cue.children
                 if c.dep_ in ("advcl", "ccomp", "parataxis", "conj")
                 and self.same_paragraph(c.idx, cue.idx)
                 for t in c.subtree}
        sent = cue.sent
        for k in range(cue.i - 1, sent.start - 1, -1):
            tok = self.doc[k]
            if not self.same_paragraph(tok.idx, cue.idx) or self.quoted(tok):
                return None
            if k in owned or tok.is_punct:
                continue
            if tok.ent_type_ in ("PERSON", "ORG"):
                return tok
            if tok.pos_ in ("VERB", "AUX"):
                return None
        return None


def np_span(tok: Token) -> tuple[int, int]:
    """Character bounds of a noun phrase without what follows its head (a prepositional phrase,
    a clause, a conjunct) and without leading determiners and punctuation."""
    first, last = tok.left_edge, tok.right_edge
    for child in sorted(tok.children, key=lambda c: c.i):
        if child.i > tok.i and child.dep_ in ("prep", "relcl", "acl", "punct", "cc", "conj"):
            last = tok.doc[max(tok.i, child.i - 1)]
            break
    doc = tok.doc
    i, j = first.i, last.i
    while i < tok.i and (doc[i].is_punct or doc[i].pos_ == "DET"):
        i += 1
    while j > tok.i and doc[j].is_punct:
        j -= 1
    return doc[i].idx, doc[j].idx + len(doc[j].text)


def tokens_in(art: QuoteContext, start: int, end: int) -> list[Token]:
    """The tokens that cover the characters ``start..end``."""
    first, last = art.token_at(start), art.token_at(max(end - 1, start))
    return [art.doc[i] for i in range(first, min(last + 1, len(art.doc)))]


def is_speech_like(art: QuoteContext, start: int, end: int, *, minimum: int) -> bool:
    """Enough words, and not just a name in quotation marks ("Valdai", "al-Nusra Dzhebhat")."""
    words = [t for t in tokens_in(art, start, end) if t.is_alpha]
    if len(words) < minimum:
        return False
    return not all(t.pos_ == "PROPN" or t.ent_type_ for t in words)


def _recover_opening(art: QuoteContext, mark: QuoteSpan) -> tuple[int, Token | None]:
    """For a closing mark never opened: start after an attribution clause ending in ',' or ':' in
    the same stretch ("According to X, Unilateral prolongation…\""), else at its sentence."""
    doc = art.doc
    first, last = art.token_at(mark.start), art.token_at(mark.close_start) - 1
    for p in range(last, first - 1, -1):
        if doc[p].text not in (",", ":"):
            continue
        cue = cue_ending_at(art, p, floor=first)
        if cue is not None and p + 1 <= last:
            return doc[p + 1].idx, cue
    if 0 <= last < len(doc):
        return max(mark.start, doc[last].sent.start_char), None
    return mark.start, None


def cue_ending_at(art: QuoteContext, p: int, *, floor: int) -> Token | None:
    """A cue whose phrase runs up to the token before ``p`` ("he stressed", "X told reporters in
    Washington", "according to X")."""
    doc = art.doc
    for k in range(p - 1, max(floor, p - 30) - 1, -1):
        tok = doc[k]
        if tok.text in SENTENCE_END or "\n\n" in tok.text or art.quoted(tok):
            return None
        if art.is_cue(tok) or art.is_according(tok):
            between = [doc[m] for m in range(k + 1, p) if not doc[m].is_punct]
            if len(between) <= 12 and all(
                    tok.is_ancestor(t) and t.pos_ not in ("VERB", "AUX") for t in between):
                return tok
            return None
    return None


def make_quote(art: QuoteContext, article_id: str, start: int, end: int,
               att: Attribution | None, *, direct: bool) -> Quote | None:
    """The :class:`~storyline.records.Quote` for ``text[start:end]`` without the blanks and
    punctuation at its edges, with what the attribution says (None: nothing left)."""
    text = art.text
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
        end -= 1
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    if end <= start:
        return None
    speaker = att.speaker if att is not None else None
    referent = speaker.referent if speaker is not None else None
    via = att.via if att is not None else None
    return Quote(
        article_id=article_id,
        text=text[start:end],
        start=start,
        end=end,
        speaker=speaker.text if speaker is not None else None,
        speaker_start=speaker.start if speaker is not None else None,
        speaker_end=speaker.end if speaker is not None else None,
        speaker_name=referent.name if referent is not None else None,
        cue=text[att.cue_start: att.cue_end] if att is not None else None,
        cue_start=att.cue_start if att is not None else None,
        cue_end=att.cue_end if att is not None else None,
        direct=direct,
        via=text[via[0]: via[1]] if via is not None else None,
        producer=PRODUCER,
    )
