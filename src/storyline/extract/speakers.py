"""Who is speaking: finding a reporting verb's speaker in the parse and resolving it to a name.

A news article names a person once in full ("Russian Deputy Foreign Minister Sergei Ryabkov") and
then refers back to them by surname, pronoun or role ("Ryabkov", "he", "the deputy minister", "the
diplomat"). :class:`Discourse` reads an article once, in order, and keeps the chain of grammatical
subjects it has resolved so far; a pronoun or role noun is resolved to the most recent compatible
subject before it, the usual salience heuristic for news (subjects are what the next sentence is
about; Lappin & Leass 1994 rank subjects highest). Role nouns are compatible with a person when the
person's title, as the article gives it, contains the role ("the diplomat" fits "Permanent
Representative" and "Deputy Foreign Minister"; "the defence minister" fits "Defence Minister").
The vocabulary comes from the cue lexicon (``data/cues.json``), never from module globals.

Subjects inside quotation marks are not part of the chain: the "we" and "our president" of a quote
belong to the quote.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from storyline.extract.referents import (
    MODIFIER_DEPS,
    ORG_LABELS,
    Referent,
    ReferentKind,
    Resolution,
    acronym_expansions,
    contains_phrase,
    np_bounds,
    strip_det,
    strip_trailing,
    title_words,
)

if TYPE_CHECKING:
    from storyline.extract.cues import CueLexicon

__all__ = ["Discourse", "Referent", "Resolution"]

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_GROUP_PRONOUNS = frozenset({"it", "they", "them", "we", "us"})
_RELATIVE = frozenset({"who", "which", "that"})
_QUANTIFIERS = frozenset({"some", "many", "others", "several", "most", "few", "both", "all"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True, slots=True)
class _Event:
    """A resolved subject in document order."""

    char: int
    referent: Referent
    resolution: Resolution
    speaker: bool
    salient: bool
    """False for subjects of relative and reported clauses ("… that the US government owns",
    "X said experts went"), which the next sentence rarely continues."""


@dataclass(slots=True)
class _PersonInfo:
    """Accumulates what the article says about one person (build-time scratch only)."""

    name: str
    tokens: int
    words: set[str]
    titles: list[tuple[str, ...]]
    count: int = 0


class Discourse:
    """One article's people, organisations and chain of subjects, read once.

    Args:
        doc: The parsed article.
        cues: The cue lexicon (reporting verbs, role nouns, titles).
        quoted: ``(start, end)`` character spans of the direct quotations; subjects inside them
            are left out of the chain.
        text: ``doc.text``, when the caller has it already.
    """

    def __init__(self, doc: Doc, cues: CueLexicon, quoted: Sequence[tuple[int, int]], *,
                 text: str | None = None) -> None:
        self._doc = doc
        # Doc.text and Doc.ents are rebuilt from the tokens on every access: read them once.
        self._text = doc.text if text is None else text
        self._ents: tuple[Span, ...] = tuple(doc.ents)
        # Token index -> its entity; reversed, so that the first of overlapping ones wins.
        self._ent_at = {i: ent for ent in reversed(self._ents) for i in range(ent.start, ent.end)}
        self._cues = cues
        self._quoted = sorted(quoted)
        self._quoted_starts = [s for s, _ in self._quoted]
        self._persons = self._person_registry()
        self._acronyms = acronym_expansions(doc, self._ents)
        self._org_counts: dict[str, int] = {}
        for ent in self._ents:
            if ent.label_ in ORG_LABELS:
                key = ent.text.lower()
                self._org_counts[key] = self._org_counts.get(key, 0) + 1
        self._person_mentions = [
            (ent.start_char, ent) for ent in self._ents
            if self._is_person_span(ent) and not self.in_quote(ent.start_char)
        ]
        self._org_mentions = [
            (ent.start_char, ent) for ent in self._ents
            if ent.label_ in ORG_LABELS and not self.in_quote(ent.start_char)
        ]
        self._events: list[_Event] = []
        self._resolved: dict[int, Resolution | None] = {}
        for tok in doc:
            if self._is_subject_slot(tok) and not self.in_quote(tok.idx):
                res = self._resolve_fresh(tok)
                self._resolved[tok.i] = res
                if res is not None and res.referent is not None:
                    salient = tok.lower_ not in _RELATIVE and not (
                        tok.head.dep_ in ("relcl", "acl", "ccomp", "xcomp")
                        and not self._crosses_break(tok.head, tok.head.head))
                    self._events.append(_Event(tok.idx, res.referent, res, self._is_speaker(tok),
                                               salient))

    # --- public ---------------------------------------------------------------------------------

    def in_quote(self, char: int) -> bool:
        """Whether a character offset falls inside a direct quotation."""
        k = bisect.bisect_right(self._quoted_starts, char) - 1
        return k >= 0 and self._quoted[k][0] <= char < self._quoted[k][1]

    def resolve(self, tok: Token) -> Resolution | None:
        """Resolve a speaker token (the head of the speaker's noun phrase).

        Args:
            tok: A subject, agent, "according to" object or "quoted X" object.

        Returns:
            The mention as written and the referent it denotes, or None for a token that cannot
            be a speaker (first-person pronouns outside quotes, expletives).
        """
        res = self._resolved[tok.i] if tok.i in self._resolved else self._resolve_fresh(tok)
        if res is None and (tok.pos_ in ("NOUN", "PROPN") or tok.lower_ in _QUANTIFIERS):
            # Any noun phrase can be a source ("reports stating that …", "Some say …").
            start, end = np_bounds(tok)
            text = self._text[start:end]
            res = Resolution(text, start, end, "nominal",
                             Referent(strip_det(text), "organization",
                                      plural=tok.tag_ in ("NNS", "NNPS")
                                      or tok.lower_ in _QUANTIFIERS))
        return res

    def last_speaker(self, char: int) -> Resolution | None:
        """The most recent speaker resolved before a character offset (for cues with no subject).

        Args:
            char: Offset in the doc text.

        Returns:
            The resolution of that speaker's mention, or None when no speaker came before.
        """
        for event in reversed(self._events):
            if event.char < char and event.speaker:
                return event.resolution
        return None

    # --- building -------------------------------------------------------------------------------

    def _crosses_break(self, a: Token, b: Token) -> bool:
        """Whether a line break lies between two tokens (a dependency across it is a misparse)."""
        lo, hi = sorted((a.idx, b.idx))
        return "\n" in self._text[lo:hi]

    def _norm(self, tok: Token) -> str:
        word = (tok.lemma_ if tok.pos_ == "NOUN" else tok.text).lower().strip(".")
        return self._cues.spelling.get(word, word)

    def _is_person_span(self, span: Span) -> bool:
        """A person entity, or an organisation entity that is a title plus a name (the
        recogniser tags "Spokeswoman Sandy Angers" ORG)."""
        if span.label_ == "PERSON":
            return True
        if span.label_ not in ORG_LABELS or len(span) < 2:
            return False
        first = span[0].lower_.strip(".")
        return first in self._cues.personal_titles and all(t.pos_ == "PROPN" for t in span[1:])

    def _name_tokens(self, span: Span) -> list[Token]:
        """A person entity's tokens without titles, possessive and punctuation."""
        toks = [t for t in span if not t.is_punct and t.lower_ not in ("'s", "’s")]
        while toks and toks[0].lower_.strip(".") in self._cues.person_titles:
            toks = toks[1:]
        return toks

    def _person_key(self, toks: Sequence[Token]) -> str | None:
        words = [t.lower_.strip(".") for t in toks]
        while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
            words.pop()
        return words[-1] if words and words[-1] else None

    def _person_registry(self) -> dict[str, _PersonInfo]:
        registry: dict[str, _PersonInfo] = {}
        for ent in self._ents:
            if not self._is_person_span(ent):
                continue
            toks = self._name_tokens(ent)
            key = self._person_key(toks)
            if key is None or not toks[-1].text[:1].isupper():
                continue
            name = self._text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
            info = registry.get(key)
            if info is None:
                info = registry[key] = _PersonInfo(name=name, tokens=len(toks), words=set(),
                                                   titles=[])
            elif info.tokens < 2 <= len(toks):
                info.name, info.tokens = name, len(toks)
            info.count += 1
            title = title_words(ent, self._norm)
            if title:
                info.titles.append(title)
                info.words.update(title)
        return registry

    def _is_subject_slot(self, tok: Token) -> bool:
        if tok.dep_ in _SUBJECT_DEPS and tok.head.pos_ in ("VERB", "AUX"):
            return True
        if tok.dep_ == "pobj":
            head = tok.head
            if head.dep_ == "agent":
                return True
            if head.lower_ == "to" and head.head.lower_ in self._cues.according_to:
                return True
        return tok.dep_ == "dobj" and tok.head.lemma_ == "quote"

    def _is_speaker(self, tok: Token) -> bool:
        head = tok.head
        if tok.dep_ == "pobj":
            if head.dep_ == "agent":
                return head.head.lemma_.lower() in self._cues.speech_verbs
            return True
        return head.lemma_.lower() in self._cues.speech_verbs

    # --- resolution -----------------------------------------------------------------------------

    def _recent(self, char: int) -> list[_Event]:
        """Events before ``char``, most recent first: main-clause subjects, then the others."""
        before = [e for e in reversed(self._events) if e.char < char]
        return [e for e in before if e.salient] + [e for e in before if not e.salient]

    def _resolve_fresh(self, tok: Token) -> Resolution | None:
        if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
            tok = tok.head.head
        person = self._person_in_np(tok)
        if person is not None:
            ent, key = person
            return Resolution(ent.text, ent.start_char, ent.end_char, "name",
                              self._person(key, ent.text))
        for child in tok.children:
            # "Another automaker, General Motors (GM), announced": the name in apposition.
            appos = self._entity_of(child) if child.dep_ == "appos" and tok.pos_ == "NOUN" else None
            if appos is not None and appos.label_ == "ORG":
                return Resolution(appos.text, appos.start_char, appos.end_char, "name",
                                  Referent(self._org_name(appos.text), "organization"))
        named = self._apposed_to_name(tok)
        if named is not None:
            return named
        lower = tok.lower_
        if tok.pos_ == "PRON" or lower in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
            return self._resolve_pronoun(tok)
        lemma = self._norm(tok)
        if lemma in self._cues.role_nouns:
            return self._resolve_role(tok, lemma)
        org = self._entity_of(tok) if tok.ent_type_ in ORG_LABELS else None
        if org is not None:
            start, end = strip_trailing(org)
            # The recogniser sometimes splits a name ("Chrysler" + "LLC"): take in the
            # proper-noun compounds in front of it, within the line.
            np_start, _ = np_bounds(tok, proper_only=True)
            if np_start < start and "\n" not in self._text[np_start:start]:
                start = np_start
            return self._named_org(start, end)
        if lemma in self._cues.org_nouns:
            return self._resolve_org_noun(tok, lemma)
        if tok.pos_ == "PROPN":
            start, end = np_bounds(tok, proper_only=True)
            return self._named_org(start, end)
        if tok.pos_ == "NOUN" and tok.head.lemma_.lower() in self._cues.speech_verbs:
            start, end = np_bounds(tok)
            text = self._text[start:end]
            return Resolution(text, start, end, "nominal",
                              Referent(strip_det(text), "organization",
                                       plural=tok.tag_ in ("NNS", "NNPS")))
        return None

    def _apposed_to_name(self, tok: Token) -> Resolution | None:
        """An indefinite description set off after a name refers to it: "General Motors
        Corporation (GM), an American automaker …, announced" (when the parse lost the link)."""
        if tok.pos_ != "NOUN" or not any(
                c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
            return None
        k = tok.left_edge.i - 1
        if k < 1 or self._doc[k].text != ",":
            return None
        # Set off on both sides: "X, an American automaker …, announced", not "…, a Romanian
        # official said".
        end = max([tok.i] + [c.right_edge.i for c in tok.children if c.dep_ != "acl"])
        if self._doc[end].text != "," and (
                end + 1 >= len(self._doc) or self._doc[end + 1].text != ","):
            return None
        k -= 1
        if self._doc[k].text == ")":
            while k > 0 and self._doc[k].text != "(":
                k -= 1
            k -= 1
        ent = self._entity_of(self._doc[k]) if k >= 0 else None
        if ent is None or (ent.label_ not in ORG_LABELS and not self._is_person_span(ent)):
            return None
        if self._is_person_span(ent):
            return Resolution(ent.text, ent.start_char, ent.end_char, "name",
                              self._person_of_ent(ent))
        start, end = strip_trailing(ent)
        return self._named_org(start, end)

    def _entity_of(self, tok: Token) -> Span | None:
        """The entity a token is part of (the first one, as ``doc.ents`` lists them)."""
        if not tok.ent_type_:
            return None
        return self._ent_at.get(tok.i)

    def _person(self, key: str | None, written: str) -> Referent:
        info = self._persons.get(key) if key is not None else None
        if info is None:
            return Referent(written, "person")
        return Referent(info.name, "person", frozenset(info.words), tuple(info.titles))

    def _person_of_ent(self, ent: Span) -> Referent:
        return self._person(self._person_key(self._name_tokens(ent)), ent.text)

    def _person_in_np(self, tok: Token) -> tuple[Span, str] | None:
        """The person a noun phrase names: its head's entity, a known surname, or a name compounded
        onto a mis-parsed head ("Lt. Gen. Viktor Poznikhir of the General Staff")."""
        appositions = [c for c in tok.children if c.dep_ == "appos"]
        if self._norm(tok) in self._cues.role_nouns:
            # "Ryanair CEO, Michael O' Leary, …": a proper name in apposition to a role is the
            # person, even where the entity recogniser missed or split the name.
            for app in appositions:
                if app.pos_ == "PROPN" and app.ent_type_ not in ("ORG", "NORP", "FAC"):
                    first = app.left_edge
                    while first.i < app.i and (first.is_punct or first.pos_ == "DET"):
                        first = self._doc[first.i + 1]
                    span = self._doc[first.i: app.i + 1]
                    key = self._person_key(self._name_tokens(span))
                    if key is not None and all(t.pos_ == "PROPN" or t.is_punct for t in span):
                        return span, key
        candidates = [tok, *appositions] + [c for c in tok.children if c.dep_ == "compound"]
        for cand in candidates:
            ent = self._entity_of(cand)
            if ent is not None and self._is_person_span(ent):
                key = self._person_key(self._name_tokens(ent))
                if key is not None:
                    return ent, key
        for cand in candidates:
            key = cand.lower_.strip(".")
            info = self._persons.get(key)
            if cand.pos_ != "PROPN" or info is None:
                continue
            ent = self._entity_of(cand)
            # A surname also tagged as an organisation ("Ford") is the person only if the article
            # names the person at least as often as the organisation.
            if ent is not None and ent.label_ in ORG_LABELS and (
                    len(ent) > 1 or self._org_counts.get(key, 0) > info.count):
                continue
            return self._doc[cand.i: cand.i + 1], key
        return self._closing_name(tok)

    def _closing_name(self, tok: Token) -> tuple[Span, str] | None:
        """A name that closes a long role phrase: "the official representative of the Ministry of
        defense of Russia major-General Igor Konashenkov". Not when the name is the object of a
        preposition ("a representative of Vladimir Putin", "spokesman for President Putin")."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        last = tok.right_edge
        while last.i > tok.i and last.is_punct:
            last = self._doc[last.i - 1]
        ent = self._entity_of(last)
        if ent is None or ent.label_ != "PERSON" or ent.end - 1 != last.i or ent.start <= tok.i:
            return None
        k = ent.start - 1
        while k > tok.i and (self._doc[k].lower_.strip(".") in self._cues.person_titles
                             or self._doc[k].text in ("-", "‐")):
            k -= 1
        if k <= tok.i or self._doc[k].pos_ == "ADP":
            return None
        key = self._person_key(self._name_tokens(ent))
        return (ent, key) if key is not None else None

    def _resolve_pronoun(self, tok: Token) -> Resolution | None:
        lower = tok.lower_
        kind: ReferentKind
        if lower in _PERSON_PRONOUNS:
            kind = "person"
        elif lower in _GROUP_PRONOUNS:
            kind = "organization"
        else:
            return None
        plural = lower in ("they", "them", "we", "us")
        referent = None
        for event in self._recent(tok.idx):
            ref = event.referent
            if plural and (ref.kind == "organization" or ref.plural):
                referent = ref
                break
            if not plural and ref.kind == kind and not ref.plural:
                referent = ref
                break
        if referent is None and kind == "person":
            for char, ent in reversed(self._person_mentions):
                if char < tok.idx:
                    referent = self._person_of_ent(ent)
                    break
        return Resolution(tok.text, tok.idx, tok.idx + len(tok.text), "pronoun", referent)

    def _modifiers(self, tok: Token) -> set[str]:
        words: set[str] = set()
        for child in tok.children:
            if child.dep_ in MODIFIER_DEPS and child.i < tok.i:
                words.update(self._norm(t) for t in child.subtree if not t.is_punct)
            elif child.dep_ == "prep" and child.lower_ == "of":
                words.update(self._norm(t) for t in child.subtree
                             if t.pos_ in ("NOUN", "PROPN", "ADJ"))
        return {w for w in words if w and w not in self._cues.ignored_modifiers}

    def _fits(self, referent: Referent, roles: tuple[str, ...], modifiers: set[str]) -> bool:
        if "*" not in roles:
            phrases = [tuple(r.split()) for r in roles]
            if not any(contains_phrase(title, phrase)
                       for title in referent.titles for phrase in phrases):
                return False
        return modifiers <= referent.title_words

    def _resolve_role(self, tok: Token, lemma: str) -> Resolution:
        start, end = np_bounds(tok)
        text = self._text[start:end]
        roles = self._cues.role_nouns[lemma]
        modifiers = self._modifiers(tok)
        referent: Referent | None = None
        for event in self._recent(tok.idx):
            if event.referent.kind == "person" and self._fits(event.referent, roles, modifiers):
                referent = event.referent
                break
        if referent is None:
            for char, ent in reversed(self._person_mentions):
                candidate = self._person_of_ent(ent)
                if char < tok.idx and self._fits(candidate, roles, modifiers):
                    referent = candidate
                    break
        definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an")
                       for c in tok.children)
        if referent is None and definite and not modifiers:
            for event in self._recent(tok.idx):
                if event.referent.kind == "person":
                    referent = event.referent
                    break
        if referent is None:
            words = tuple(self._norm(t) for t in self._doc[tok.left_edge.i: tok.i + 1]
                          if not t.is_punct)
            referent = Referent(strip_det(text), "person", frozenset(words), (words,),
                                plural=tok.tag_ in ("NNS", "NNPS"))
        return Resolution(text, start, end, "nominal", referent)

    def _resolve_org_noun(self, tok: Token, lemma: str) -> Resolution:
        start, end = np_bounds(tok)
        text = self._text[start:end]
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one")
                         for c in tok.children)
        if tok.pos_ == "PROPN" or self._modifiers(tok) or indefinite:
            return self._named_org(start, end)
        wanted = self._cues.org_nouns[lemma]
        for event in self._recent(tok.idx):
            ref = event.referent
            if ref.kind == "organization" and (wanted == "*" or wanted in ref.name.lower()):
                return Resolution(text, start, end, "nominal", ref)
        for char, ent in reversed(self._org_mentions):
            if char < tok.idx and ent.label_ == "ORG" and (
                    wanted == "*" or wanted in ent.text.lower()):
                return Resolution(text, start, end, "nominal",
                                  Referent(self._org_name(ent.text), "organization"))
        return Resolution(text, start, end, "nominal", Referent(strip_det(text), "organization"))

    def _named_org(self, start: int, end: int) -> Resolution:
        text = self._text[start:end]
        return Resolution(text, start, end, "name",
                          Referent(self._org_name(text), "organization"))

    def _org_name(self, text: str) -> str:
        """An organisation's name without "the"; an acronym spelled out where the article spells
        it out ("GM" -> "General Motors")."""
        name = strip_det(text)
        return self._acronyms.get(name, name) if name.isupper() and " " not in name else name
