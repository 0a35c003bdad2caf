"""Token-level matching of one document against the actor gazetteer.

:func:`analyse` runs once per document and records, for every token, the gazetteer names
(countries, bodies, named institutions, armed groups, media), nationality adjectives, role terms
and generic institutions it belongs to. Hyphens inside compounds (``major-General``) and the dots of
abbreviations (``Lt.``) are *glue*: matching skips them, so ``major-General`` is the role ``major
general`` and ``Lt. Gen.`` is ``lieutenant general``. Institutions get the country their own words
give (``the Russian defence ministry``, ``the army of Syria``, ``Russia's military``); a bare
``the defense Ministry`` gets the country of the last such mention of the same institution, and is
marked ``resolved``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.extract.actor_gazetteer import (
    ActorGazetteer,
    Entry,
    InstitutionType,
    RoleTerm,
    is_acronym,
    lookup,
    lookup_transliterated,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["DETERMINERS", "POSSESSIVE", "Analysis", "Match", "analyse", "previous_word"]

HYPHENS = frozenset({"-", "‐", "‑"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their"})
_ARTICLE_WORDS = frozenset({"al", "el", "an", "en", "ad", "as", "ash", "ar", "-"})
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’]*$")


@dataclass(frozen=True, slots=True)
class Match:
    """A run of tokens ``[start, end)`` that the gazetteer recognises.

    Exactly one of ``entry``, ``term``, ``itype`` is set, or none for a nationality adjective.
    ``country`` is the code the run stands for or belongs to (``RUS`` for ``Russian``, ``UNO`` for
    the United Nations, ``RUS`` for ``the Russian defence ministry``); ``resolved`` is True for an
    institution whose country came from an earlier mention rather than its own words.
    """

    start: int
    end: int
    entry: Entry | None = None
    term: RoleTerm | None = None
    itype: InstitutionType | None = None
    country: str | None = None
    resolved: bool = False
    qualifier: tuple[int, int] | None = None
    """For an institution: the token run that gave its country (``Russian``, ``of Russia``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """Token-level matches of one document against the gazetteer; read-only once built.

    Attributes:
        doc: The document.
        text: ``doc.text``, read once (spaCy rebuilds it on every access).
        gazetteer: The gazetteer it was matched against.
        words: Each token's folded word (abbreviations expanded), ``""`` for glue tokens (the
            hyphen in ``major-General``, the dot in ``Lt.``).
        names: Gazetteer names (countries, bodies, named institutions, groups, media).
        adjectives: Nationality adjectives.
        roles: Role terms.
        institutions: Generic institutions, with their country where the text gives one.
        at: Token index -> every match covering it.
    """

    doc: Doc
    text: str
    gazetteer: ActorGazetteer
    tagged: bool
    words: tuple[str, ...]
    names: tuple[Match, ...]
    adjectives: tuple[Match, ...]
    roles: tuple[Match, ...]
    institutions: tuple[Match, ...]
    at: Mapping[int, tuple[Match, ...]] = field(default_factory=dict)

    def covering(self, i: int) -> tuple[Match, ...]:
        """Return the matches covering token ``i``."""
        return self.at.get(i, ())

    def role_at(self, i: int) -> Match | None:
        """Return the role term covering token ``i``, if any."""
        return next((m for m in self.covering(i) if m.term is not None), None)

    def country_at(self, i: int) -> str | None:
        """Return the country or body code token ``i`` stands for or belongs to, if any."""
        return next((m.country for m in self.covering(i) if m.country is not None), None)

    def is_glue(self, i: int) -> bool:
        """Return True for a token that only joins its neighbours (``-``, the dot of ``Lt.``)."""
        return self.words[i] == ""

    def name_like(self, i: int) -> bool:
        """Return True for a token that can be part of a person's name (capitalised word)."""
        tok = self.doc[i]
        text: str = tok.text
        if not _NAME_TOKEN.match(text) or not text[0].isupper():
            return False
        if len(text) > 1 and text.isupper():
            return False
        return not self.tagged or tok.pos_ in ("PROPN", "NOUN", "ADJ", "X", "")


def _glue(doc: Doc, gazetteer: ActorGazetteer) -> list[bool]:
    """Mark the tokens that only join their neighbours: ``major-General``, ``Lt.``."""
    glue = [False] * len(doc)
    for i in range(1, len(doc) - 1):
        tok, prev, nxt = doc[i], doc[i - 1], doc[i + 1]
        hyphen = (tok.text in HYPHENS and not prev.whitespace_ and not tok.whitespace_
                  and prev.text[-1:].isalnum() and nxt.text[:1].isalnum())
        dot = (tok.text == "." and not prev.whitespace_ and prev.text.isalpha()
               and len(prev.text) <= 4 and prev.text.lower() in gazetteer.abbreviations)
        glue[i] = hyphen or dot
    return glue


def _phrases(words: Sequence[str], table: Mapping[tuple[str, ...], object],
             max_len: int) -> list[tuple[int, int, object]]:
    """Longest-first, left-to-right matches of word tuples, skipping glue tokens."""
    stream = [i for i, w in enumerate(words) if w]
    found: list[tuple[int, int, object]] = []
    p = 0
    while p < len(stream):
        for n in range(min(max_len, len(stream) - p), 0, -1):
            key = tuple(words[stream[q]] for q in range(p, p + n))
            if key in table:
                found.append((stream[p], stream[p + n - 1] + 1, table[key]))
                p += n
                break
        else:
            p += 1
    return found


_INNER = frozenset({"-", "‐", "‑", "'", "’", "/", "&", "."})


def _names(doc: Doc, text: str, gazetteer: ActorGazetteer) -> list[Match]:
    """Longest-first gazetteer names; acronyms only in capitals, other names need a capital."""
    found: list[Match] = []
    texts = [t.text for t in doc]
    starts = [t.idx for t in doc]
    n = len(texts)
    i = 0
    while i < n:
        first = texts[i]
        if not first[:1].isalnum() or first.lower() in DETERMINERS:
            i += 1
            continue
        # Names run over words and a few joining marks; never over other punctuation or spaces.
        limit = i
        while limit < min(n, i + gazetteer.max_name_words) and (
                texts[limit][:1].isalnum() or texts[limit] in _INNER):
            limit += 1
        capitalised = first[:1].isupper()
        for j in range(limit, i, -1):
            last = texts[j - 1]
            if not last[-1:].isalnum() or last in POSSESSIVE:
                continue
            span = text[starts[i]:starts[j - 1] + len(last)]
            words = texts[i:j]
            entries = lookup(gazetteer, span)
            if entries and not is_acronym(span.replace(" ", "")) and \
                    not any(w[:1].isupper() for w in words):
                entries = ()
            if not entries and j - i >= 2 and capitalised and all(
                    w[:1].isupper() or w.lower() in _ARTICLE_WORDS for w in words):
                group = lookup_transliterated(gazetteer, span)
                entries = (group,) if group is not None else ()
            if entries:
                entry = entries[0]
                found.append(Match(i, j, entry=entry, country=entry.country))
                i = j - 1
                break
        i += 1
    return found


def _adjectives(doc: Doc, gazetteer: ActorGazetteer, taken: set[int]) -> list[Match]:
    found: list[Match] = []
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isalpha() or tok.lower_ in DETERMINERS:
            continue
        code = gazetteer.adjective(tok.text)
        if code is None and tok.i + 1 < len(doc) and tok.text[:1].isupper():
            code = gazetteer.adjective(f"{tok.text} {doc[tok.i + 1].text}")
            if code is not None:
                found.append(Match(tok.i, tok.i + 2, country=code))
                continue
        if code is not None:
            found.append(Match(tok.i, tok.i + 1, country=code))
    return found


def previous_word(words: Sequence[str], i: int) -> int:
    """Return the index of the nearest non-glue token before ``i`` (-1 if none)."""
    j = i - 1
    while j >= 0 and not words[j]:
        j -= 1
    return j


def _qualify(doc: Doc, words: Sequence[str], raw: list[tuple[int, int, object]],
             at: dict[int, list[Match]]) -> list[Match]:
    """Attach each institution to the country its own words name, or to an earlier mention."""
    found: list[Match] = []
    for start, end, obj in raw:
        assert isinstance(obj, InstitutionType)
        country: str | None = None
        qualifier: tuple[int, int] | None = None
        resolved = False
        j = previous_word(words, start)
        before = at.get(j, []) if j >= 0 else []
        code = next((m.country for m in before if m.country and m.itype is None), None)
        if code is not None:
            first = min(m.start for m in before if m.country)
            country, qualifier = code, (first, start)
        elif j >= 1 and doc[j].text in POSSESSIVE:
            owner = at.get(previous_word(words, j), [])
            code = next((m.country for m in owner if m.country), None)
            if code is not None and any(m.itype is not None for m in owner):
                # "the military's General Staff": the owner's country, by way of the owner.
                country, resolved = code, True
            elif code is not None:
                country, qualifier = code, (min(m.start for m in owner if m.country), start)
        if country is None and end + 1 < len(doc) and words[end] == "of":
            k = end + 1 + (words[end + 1] == "the")
            after = [m for m in at.get(k, []) if m.entry is not None and m.entry.kind == "country"]
            if after:
                country, qualifier = after[0].country, (end, after[0].end)
        if country is None and j >= 0 and words[j] in DETERMINERS:
            earlier = [m for m in found if m.itype is obj and m.country and not m.resolved]
            if earlier:
                country, resolved = earlier[-1].country, True
        match = Match(start, end, itype=obj, country=country, resolved=resolved,
                      qualifier=qualifier)
        found.append(match)
        for i in range(start, end):
            at.setdefault(i, []).append(match)
    return found


def analyse(doc: Doc, gazetteer: ActorGazetteer) -> Analysis:
    """Match one document's tokens against the gazetteer.

    Args:
        doc: A spaCy document (tagged or not; ``spacy.blank("en")`` works).
        gazetteer: The loaded gazetteer.

    Returns:
        The read-only analysis the actor and descriptor rules work from.
    """
    glue = _glue(doc, gazetteer)
    # Punctuation and whitespace fold to nothing; keep them visible (only glue is "").
    words = tuple("" if glue[t.i] else (gazetteer.word(t.text) or t.text) for t in doc)
    text: str = doc.text
    names = _names(doc, text, gazetteer)
    taken = {i for m in names for i in range(m.start, m.end)}
    adjectives = _adjectives(doc, gazetteer, taken)
    max_len = gazetteer.max_name_words
    # Roles and institutions are matched in one longest-first pass, so that "General Staff" is
    # an institution and not the rank "general", and "regime leader" a role, not the "regime".
    table: dict[tuple[str, ...], object] = dict(gazetteer.institution_types)
    table.update(gazetteer.roles)
    roles: list[Match] = []
    raw: list[tuple[int, int, object]] = []
    for start, end, obj in _phrases(words, table, max_len):
        if any(i in taken for i in range(start, end)):
            continue
        if isinstance(obj, RoleTerm):
            roles.append(Match(start, end, term=obj))
        else:
            raw.append((start, end, obj))
    at: dict[int, list[Match]] = {}
    for m in (*names, *adjectives, *roles):
        for i in range(m.start, m.end):
            at.setdefault(i, []).append(m)
    raw = [(s, e, t) for s, e, t in raw if not any(at.get(i) for i in range(s, e))]
    institutions = _qualify(doc, words, raw, at)
    return Analysis(doc=doc, text=text, gazetteer=gazetteer, tagged=doc.has_annotation("TAG"),
                    words=words, names=tuple(names), adjectives=tuple(adjectives),
                    roles=tuple(roles), institutions=tuple(institutions),
                    at={i: tuple(ms) for i, ms in at.items()})
