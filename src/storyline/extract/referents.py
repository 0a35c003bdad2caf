"""Who a speaker mention refers to, as records, and the noun-phrase helpers that cut mentions
out of a dependency parse.

:class:`Referent` and :class:`Resolution` are what :class:`storyline.extract.speakers.Discourse`
resolves a speaker to; the helpers are pure functions of the parse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

__all__ = [
    "MODIFIER_DEPS",
    "ORG_LABELS",
    "MentionForm",
    "Referent",
    "ReferentKind",
    "Resolution",
    "acronym_expansions",
    "appos_tokens",
    "contains_phrase",
    "np_bounds",
    "strip_det",
    "strip_trailing",
    "title_words",
]

ReferentKind = Literal["person", "organization"]
MentionForm = Literal["name", "pronoun", "nominal"]
ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct"})
_NP_CLIMB_DEPS = frozenset({"compound", "appos", "nmod", "amod", "npadvmod"})


@dataclass(frozen=True, slots=True)
class Referent:
    """A person or organisation the article talks about.

    Attributes:
        name: The name to report (a person's fullest form as first written; an organisation as
            written, without a leading "the"); for an unnamed source, its description
            ("senior official").
        kind: Person or organisation.
        title_words: Normalised words of every title the article gives the person.
        titles: The same titles as word sequences, for phrase matching ("foreign minister").
        plural: A group described by a plural noun ("experts", "officials"): "they", never "he".
    """

    name: str
    kind: ReferentKind
    title_words: frozenset[str] = frozenset()
    titles: tuple[tuple[str, ...], ...] = ()
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Resolution:
    """A speaker mention and what it was resolved to.

    ``start``/``end`` are offsets into the doc text of the mention as written (for a subjectless
    cue, of the antecedent mention it was resolved through).
    """

    text: str
    start: int
    end: int
    form: MentionForm
    referent: Referent | None


def acronym_expansions(doc: Doc, ents: Sequence[Span]) -> dict[str, str]:
    """Acronyms an article spells out -> the name: the initials of a multi-word organisation
    ("General Motors" -> ``GM``), and an acronym in brackets after a name ("General Motors
    Corporation (GM)").

    Args:
        doc: The parsed article.
        ents: Its entities (``doc.ents``, read once by the caller).
    """
    expansions: dict[str, str] = {}
    for ent in ents:
        if ent.label_ not in ORG_LABELS:
            continue
        words = [t for t in ent if t.text[:1].isupper() and t.lower_ not in ("the",)]
        if len(words) < 2:
            continue
        name = strip_det(ent.text)
        initials = "".join(t.text[0] for t in words)
        for acronym in {initials, initials.upper()}:
            expansions.setdefault(acronym, name)
    # "General Motors Corporation (GM)": the acronym in brackets after a name.
    for ent in ents:
        nxt = ent.end
        if (nxt + 2 < len(doc) and doc[nxt].text == "("
                and doc[nxt + 2].text == ")" and doc[nxt + 1].text.isupper()):
            expansions.setdefault(doc[nxt + 1].text, strip_det(ent.text))
    return expansions


def strip_trailing(ent: Span) -> tuple[int, int]:
    """An entity's bounds without a trailing possessive or bracket ("GM 's" -> "GM")."""
    toks = list(ent)
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].lower_ in ("'s", "’s")):
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def appos_tokens(tok: Token) -> list[Token]:
    return [t for child in tok.children if child.dep_ == "appos" for t in child.subtree]


def np_bounds(tok: Token, *, proper_only: bool = False) -> tuple[int, int]:
    """Character bounds of a speaker's noun phrase: determiner, modifiers, head, "of" phrase."""
    first, last = tok.i, tok.i
    for child in tok.children:
        if child.i < tok.i and child.dep_ in (MODIFIER_DEPS | {"det", "poss", "case"}):
            if proper_only and child.pos_ != "PROPN":
                continue
            first = min(first, child.left_edge.i)
        elif child.i > tok.i and child.dep_ == "prep" and child.lower_ == "of" and not proper_only:
            last = max(last, child.right_edge.i)
    doc = tok.doc
    while first < tok.i and doc[first].is_punct:
        first += 1
    while last > tok.i and doc[last].is_punct:
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if words and words[-1].lower() in ("'s", "’s"):
        words = words[:-1]
    return " ".join(words) if words else text


def contains_phrase(seq: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(seq[i: i + n] == phrase for i in range(len(seq) - n + 1))


def title_words(ent: Span, norm: Callable[[Token], str]) -> tuple[str, ...]:
    """The words of the noun phrase around a name, minus the name ("Russian Defence
    Minister"), each normalised by ``norm``."""
    top = ent.root
    for _ in range(6):
        head = top.head
        if head is top:
            break
        if top.dep_ in _NP_CLIMB_DEPS and head.pos_ in ("NOUN", "PROPN"):
            top = head
        elif (top.dep_ == "pobj" and head.lower_ == "of" and head.head is not head
              and head.head.pos_ in ("NOUN", "PROPN")):
            top = head.head
        else:
            break
    tokens = {t.i: t for t in top.subtree}
    tokens.update((t.i, t) for t in appos_tokens(ent.root))
    skip: set[int] = set(range(ent.start, ent.end))
    for tok in tokens.values():
        if tok.dep_ in _CLAUSE_DEPS and tok.i != top.i:
            skip.update(t.i for t in tok.subtree)
        elif tok.ent_type_ == "PERSON":
            skip.add(tok.i)
    words = [norm(tokens[i]) for i in sorted(tokens)
             if i not in skip and not tokens[i].is_punct
             and tokens[i].pos_ not in ("DET", "PART", "ADP")]
    return tuple(w for w in words if w and w not in ("'s", "’s"))
