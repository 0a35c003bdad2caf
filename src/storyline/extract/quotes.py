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

import bisect
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Doc, Token

from storyline.errors import ConfigError, E
from storyline.extract.quote_marks import QuoteSpan, pair_quote_marks, paragraph_spans
from storyline.extract.speakers import Discourse, Resolution
from storyline.records import Quote

__all__ = ["PRODUCER", "CueLexicon", "load_cue_lexicon", "quotes"]

PRODUCER = "quotes.rules.v1"

_SENTENCE_END = frozenset({".", "!", "?"})
_DASHES = frozenset({"-", "–", "—", "--"})
_SUBORDINATORS = frozenset({"if", "because", "unless", "while", "although", "though", "as",
                            "since", "until", "once"})
_FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})
_MAX_WINDOW = 40


@dataclass(frozen=True, slots=True, kw_only=True)
class CueLexicon:
    """The reporting-cue vocabulary, immutable; load it with :func:`load_cue_lexicon`.

    Attributes:
        version: Version of the lexicon file (``cues.v1``), recorded for provenance.
        speech_verbs: Lemmas of reporting verbs.
        direct_only_verbs: Reporting verbs that only attribute quotations, never indirect speech
            (``continue``, ``agree``, ``describe``).
        phrasal_verbs: Verb lemma -> particles that make it a reporting verb (``point out``).
        according_to: First words of "according to".
        source_nouns: Nouns of "said in a statement / in an interview".
        audience_nouns: Generic addressees that are part of the cue (``told reporters``).
        media_words: Words that mark an addressee as an intermediary (``Rossiya 24 television``).
        person_titles: Titles stripped from names (``Lt.``, ``Mr``).
        personal_titles: Titles that only ever precede a person's name, so that an entity the
            recogniser tagged as an organisation ("Spokeswoman Sandy Angers") is a person; unlike
            ``general`` or ``president``, which also start organisation names.
        role_nouns: Role noun -> title phrases it can refer back to (``diplomat`` -> ``foreign
            minister``...); ``*`` means any person.
        org_nouns: Organisation noun -> word its antecedent's name must contain (``*``: any).
        ignored_modifiers: Modifiers ignored when matching a role noun (``senior``, ``top``).
        spelling: Spelling variants normalised before matching (``defence`` -> ``defense``).
    """

    version: str
    speech_verbs: frozenset[str]
    direct_only_verbs: frozenset[str]
    phrasal_verbs: Mapping[str, frozenset[str]]
    according_to: frozenset[str]
    source_nouns: frozenset[str]
    audience_nouns: frozenset[str]
    media_words: frozenset[str]
    person_titles: frozenset[str]
    personal_titles: frozenset[str]
    role_nouns: Mapping[str, tuple[str, ...]]
    org_nouns: Mapping[str, str]
    ignored_modifiers: frozenset[str]
    spelling: Mapping[str, str]


def load_cue_lexicon(path: Path | None = None) -> CueLexicon:
    """Load the cue lexicon: the packaged ``data/cues.json``, or another file of the same shape.

    Args:
        path: A lexicon file to use instead of the packaged one.

    Returns:
        The immutable lexicon.

    Raises:
        ConfigError: If the file cannot be read or lacks a field.
    """
    where = str(path) if path is not None else "storyline/data/cues.json"
    try:
        if path is None:
            raw = resources.files("storyline").joinpath("data/cues.json").read_text("utf-8")
        else:
            raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
        return CueLexicon(
            version=str(data["version"]),
            speech_verbs=frozenset(data["speech_verbs"]),
            direct_only_verbs=frozenset(data["direct_only_verbs"]),
            phrasal_verbs=MappingProxyType(
                {k: frozenset(v) for k, v in data["phrasal_verbs"].items()}),
            according_to=frozenset(data["according_to"]),
            source_nouns=frozenset(data["source_nouns"]),
            audience_nouns=frozenset(data["audience_nouns"]),
            media_words=frozenset(data["media_words"]),
            person_titles=frozenset(data["person_titles"]),
            personal_titles=frozenset(data["personal_titles"]),
            role_nouns=MappingProxyType({k: tuple(v) for k, v in data["role_nouns"].items()}),
            org_nouns=MappingProxyType(dict(data["org_nouns"])),
            ignored_modifiers=frozenset(data["ignored_modifiers"]),
            spelling=MappingProxyType(dict(data["spelling"])),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(E.E003.format(path=where, problem=repr(exc))) from exc


@dataclass(frozen=True, slots=True)
class _Attribution:
    cue_start: int
    cue_end: int
    speaker: Resolution | None
    via: tuple[int, int] | None


class _Article:
    """Per-call state: the doc, its quotations, paragraphs and discourse (never outlives a call)."""

    def __init__(self, doc: Doc, cues: CueLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.cues = cues
        self.starts = [t.idx for t in doc]
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
        self.discourse = Discourse(doc, cues, [(m.start, m.end) for m in refined])

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
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            return False
        if lemma in self.cues.speech_verbs:
            return True
        particles = self.cues.phrasal_verbs.get(lemma)
        return particles is not None and any(
            c.dep_ == "prt" and c.lower_ in particles for c in tok.children)

    def is_according(self, tok: Token) -> bool:
        return (tok.lower_ in self.cues.according_to and tok.i + 1 < len(self.doc)
                and self.doc[tok.i + 1].lower_ == "to")

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
                return _np_span(subject)
        scope = list(cue.children) + (list(speaker.children) if speaker is not None else [])
        for child in scope:
            if child.lemma_ in ("quote", "cite") and child.dep_ in ("acl", "advcl", "relcl"):
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                obj = next((c for c in agent.children if c.dep_ == "pobj"),
                           None) if agent is not None else None
                if obj is not None:
                    return _np_span(obj)
            if (cue.lemma_ == "tell" and child.dep_ in ("dobj", "dative", "npadvmod")
                    and self._is_outlet(child)):
                return _np_span(child)
            if child.dep_ == "prep" and child.lower_ in ("in", "to"):
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    if obj.lemma_ == "interview":
                        for prep in (c for c in obj.children if c.dep_ == "prep"):
                            for inner in (c for c in prep.children if c.dep_ == "pobj"):
                                if self._is_outlet(inner):
                                    return _np_span(inner)
        return None

    def _is_outlet(self, tok: Token) -> bool:
        if (tok.lower_ in self.cues.audience_nouns or tok.lemma_.lower() in self.cues.audience_nouns
                or tok.ent_type_ == "PERSON"):
            return False
        words = {t.lower_ for t in tok.subtree}
        return tok.pos_ == "PROPN" or tok.ent_type_ == "ORG" or bool(words & self.cues.media_words)

    def attribution(self, cue: Token, *, subjectless_fallback: bool) -> _Attribution:
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
        return _Attribution(start, end, speaker, self.via(cue, speaker_tok))

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


def _np_span(tok: Token) -> tuple[int, int]:
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
    art = _Article(doc, cues)
    found: list[Quote] = []
    direct = _direct_quotes(art, article_id)
    found.extend(direct)
    found.extend(_indirect_quotes(art, article_id, direct))
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


def _direct_quotes(art: _Article, article_id: str) -> list[Quote]:
    out: list[Quote] = []
    attributed: list[tuple[QuoteSpan, _Attribution | None]] = []
    for mark in art.marks:
        if not _is_speech_like(art, mark.start, mark.end, minimum=1):
            continue  # a name in quotation marks ("Valdai"), not a quotation
        att: _Attribution | None = None
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
        if partial and not _is_speech_like(art, mark.start, mark.end, minimum=2):
            continue
        if att is None:
            att = _continuation(art, mark, attributed)
        attributed.append((mark, att))
        if att is None and not _is_clause(art, mark.start, mark.end):
            continue
        quote = _make_quote(art, article_id, mark.start, mark.end, att, direct=True)
        if quote is not None:
            out.append(quote)
    return out


def _starts_mid_sentence(art: _Article, mark: QuoteSpan) -> bool:
    """Whether a quotation opens inside a sentence (after a word, not after , : . or a break)."""
    before = art.text[: mark.open_start].rstrip()
    return bool(before) and before[-1].isalnum()


def _tokens(art: _Article, start: int, end: int) -> list[Token]:
    first, last = art.token_at(start), art.token_at(max(end - 1, start))
    return [art.doc[i] for i in range(first, min(last + 1, len(art.doc)))]


def _is_clause(art: _Article, start: int, end: int) -> bool:
    """An unattributed quotation is kept only when it reads as a statement: four words or more
    with a finite verb (headings such as '"Concrete and well-organised" cooperation' are not)."""
    toks = _tokens(art, start, end)
    return (sum(1 for t in toks if t.is_alpha) >= 4
            and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks))


def _is_speech_like(art: _Article, start: int, end: int, *, minimum: int) -> bool:
    """Enough words, and not just a name in quotation marks ("Valdai", "al-Nusra Dzhebhat")."""
    words = [t for t in _tokens(art, start, end) if t.is_alpha]
    if len(words) < minimum:
        return False
    return not all(t.pos_ == "PROPN" or t.ent_type_ for t in words)


def _recover_opening(art: _Article, mark: QuoteSpan) -> tuple[int, Token | None]:
    """For a closing mark never opened: start after an attribution clause ending in ',' or ':' in
    the same stretch ("According to X, Unilateral prolongation…\""), else at its sentence."""
    doc = art.doc
    first, last = art.token_at(mark.start), art.token_at(mark.close_start) - 1
    for p in range(last, first - 1, -1):
        if doc[p].text not in (",", ":"):
            continue
        cue = _cue_ending_at(art, p, floor=first)
        if cue is not None and p + 1 <= last:
            return doc[p + 1].idx, cue
    if 0 <= last < len(doc):
        return max(mark.start, doc[last].sent.start_char), None
    return mark.start, None


def _cue_ending_at(art: _Article, p: int, *, floor: int) -> Token | None:
    """A cue whose phrase runs up to the token before ``p`` ("he stressed", "X told reporters in
    Washington", "according to X")."""
    doc = art.doc
    for k in range(p - 1, max(floor, p - 30) - 1, -1):
        tok = doc[k]
        if tok.text in _SENTENCE_END or "\n\n" in tok.text or art.quoted(tok):
            return None
        if art.is_cue(tok) or art.is_according(tok):
            between = [doc[m] for m in range(k + 1, p) if not doc[m].is_punct]
            if len(between) <= 12 and all(
                    tok.is_ancestor(t) and t.pos_ not in ("VERB", "AUX") for t in between):
                return tok
            return None
    return None


def _cue_after(art: _Article, mark: QuoteSpan) -> _Attribution | None:
    """``"…," X said`` / ``"…" – said X, quoted by TASS`` / ``"…," the minister told TV``."""
    doc = art.doc
    i = art.token_at(mark.close_end)
    inside = art.text[mark.start: mark.close_start].rstrip()
    separated = bool(inside) and inside[-1] in ",.!?…:;–—-"
    while i < len(doc) and (doc[i].is_space or doc[i].text in (",", *_DASHES)):
        separated = separated or doc[i].text in (",", *_DASHES)
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
        if tok.text in _SENTENCE_END or "\n" in tok.text or _is_mark(tok.text):
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


def _cue_before(art: _Article, mark: QuoteSpan) -> _Attribution | None:
    """``X said: "…"`` / ``Today, he stressed, "…"`` / ``X noted:`` ending the paragraph before."""
    doc = art.doc
    j = art.token_at(mark.open_start) - 1
    crossed = False
    while j >= 0 and (doc[j].is_space or doc[j].text in _DASHES):
        crossed = crossed or "\n" in doc[j].text
        j -= 1
    if j < 0 or doc[j].text not in (",", ":"):
        return None
    if crossed and doc[j].text != ":":
        return None
    cue = _cue_ending_at(art, j, floor=0)
    return art.attribution(cue, subjectless_fallback=False) if cue is not None else None


def _cue_governing(art: _Article, mark: QuoteSpan) -> _Attribution | None:
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


def _continuation(art: _Article, mark: QuoteSpan,
                  earlier: list[tuple[QuoteSpan, _Attribution | None]]) -> _Attribution | None:
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


def _make_quote(art: _Article, article_id: str, start: int, end: int,
                att: _Attribution | None, *, direct: bool) -> Quote | None:
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


def _finite(clause: Token) -> bool:
    """A clause with a "that" or a finite verb (not a participle the parser made a clause)."""
    return clause.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("mark", "aux", "auxpass") and c.tag_ in ("IN", "VBD", "VBZ", "VBP", "MD")
        for c in clause.children)


def _is_mark(text: str) -> bool:
    return bool(text) and all(ch in "\"'“”„«»‘’‹›`" for ch in text)


# --- indirect speech ----------------------------------------------------------------------------


def _indirect_quotes(art: _Article, article_id: str, direct: list[Quote]) -> list[Quote]:
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
        quote = _make_quote(art, article_id, span[0], span[1], att, direct=False)
        if quote is not None and _is_speech_like(art, quote.start, quote.end, minimum=2):
            out.append(quote)
    return out


def _trim(art: _Article, first: int, last: int) -> tuple[int, int] | None:
    doc = art.doc
    while first <= last and (doc[first].is_punct or doc[first].is_space
                             or doc[first].lower_ == "that" and doc[first].dep_ == "mark"):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last < first:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _reported_clause(art: _Article, cue: Token, speaker: Token | None) -> tuple[int, int] | None:
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


def _according_clause(art: _Article, according: Token) -> tuple[int, int] | None:
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
