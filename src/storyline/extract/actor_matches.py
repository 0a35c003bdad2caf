"""Token-level matching of one document against the actor gazetteer.

:func:`analyse` runs once per document and records, for every token, the gazetteer names
(countries, bodies, named institutions, armed groups, media), nationality adjectives, role terms
and generic institutions it belongs to. Hyphens inside compounds (``major-General``) and the dots of
abbreviations (``Lt.``) are *glue*: matching skips them, so ``major-General`` is the role ``major
general`` and ``Lt. Gen.`` is ``lieutenant general``. Institutions get the country their own words
give (``the Russian defence ministry``, ``the army of Syria``, ``Russia's military``); a bare
``the defense Ministry`` gets the country of the last such mention of the same institution, and is
marked ``resolved``.

Speed: the document's tokens are read from spaCy once, into plain tuples (text, offset, trailing
space, tags, folded pieces) that every rule then indexes; each distinct token text is folded once.
A name's key is built token by token from those pieces, and a window stops growing as soon as its
key is no prefix of any gazetteer name (``ActorGazetteer.name_prefixes``); roles and institutions
are matched the same way against ``ActorGazetteer.phrase_prefixes``. So matching costs about one
dictionary look-up per token and candidate word, not one fold per window.
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
    fold_pieces,
    is_acronym,
    join_folded,
    lookup,
    lookup_transliterated,
)
from storyline.records import ActorKind, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["DETERMINERS", "POSSESSIVE", "PRODUCER", "Analysis", "Match", "analyse",
           "previous_word"]

PRODUCER = "actors.rules.v1"
"""The versioned name of the actor rules, on every mention they make."""

HYPHENS = frozenset({"-", "‐", "‑"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their"})
_ARTICLE_WORDS = frozenset({"al", "el", "an", "en", "ad", "as", "ash", "ar", "-"})
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’]*$")
_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X", ""})


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

    The token attributes are copied out of spaCy once, so that rules index tuples instead of
    building a ``Token`` object per access.

    Attributes:
        doc: The document.
        text: ``doc.text``, read once (spaCy rebuilds it on every access).
        gazetteer: The gazetteer it was matched against.
        tagged: Whether the document has part-of-speech tags.
        texts: Each token's text.
        starts: Each token's character offset in ``text``.
        spaces: Whether each token is followed by a space.
        lowers: Each token's lower-case form.
        pos: Each token's coarse part of speech (``""`` untagged).
        tags: Each token's fine-grained tag (``""`` untagged).
        pieces: Each token's folded pieces (:func:`~storyline.extract.actor_gazetteer.fold_pieces`).
        words: Each token's folded word (abbreviations expanded), ``""`` for glue tokens (the
            hyphen in ``major-General``, the dot in ``Lt.``).
        name_likes: Whether each token can be part of a person's name (see :meth:`name_like`).
        ents: spaCy's entities as ``(start, end, label)`` token runs.
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
    texts: tuple[str, ...]
    starts: tuple[int, ...]
    spaces: tuple[bool, ...]
    lowers: tuple[str, ...]
    pos: tuple[str, ...]
    tags: tuple[str, ...]
    pieces: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]
    name_likes: tuple[bool, ...]
    ents: tuple[tuple[int, int, str], ...]
    names: tuple[Match, ...]
    adjectives: tuple[Match, ...]
    roles: tuple[Match, ...]
    institutions: tuple[Match, ...]
    at: Mapping[int, tuple[Match, ...]] = field(default_factory=dict)

    def covering(self, i: int) -> tuple[Match, ...]:
        """Return the matches covering token ``i``."""
        return self.at.get(i, ())

    def covered(self, i: int) -> bool:
        """Return True when token ``i`` is part of a name, role or institution (not an adjective).
        """
        return any(m.entry is not None or m.term is not None or m.itype is not None
                   for m in self.at.get(i, ()))

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
        return self.name_likes[i]

    def end_char(self, end: int) -> int:
        """Return the character offset where the token run ending before token ``end`` ends."""
        return self.starts[end - 1] + len(self.texts[end - 1])

    def span_text(self, start: int, end: int) -> str:
        """Return the text of the tokens ``[start, end)`` (``doc[start:end].text``)."""
        return self.text[self.starts[start]:self.end_char(end)]

    def key(self, start: int, end: int) -> str:
        """Return ``fold`` of the text of the tokens ``[start, end)``, from their pieces."""
        run = list(self.pieces[start])
        for k in range(start + 1, end):
            _extend(run, self.pieces[k], spaced=self.spaces[k - 1])
        return join_folded(run)

    def ents_of(self, label: str) -> list[tuple[int, int]]:
        """Return the token runs of spaCy's entities with this label."""
        return [(s, e) for s, e, lab in self.ents if lab == label]

    def mention(self, start: int, end: int, *, article_id: str, kind: ActorKind,
                form: str) -> Mention:
        """Return the :class:`~storyline.records.Mention` of the tokens ``[start, end)``."""
        start_char, end_char = self.starts[start], self.end_char(end)
        return Mention(article_id=article_id, text=self.text[start_char:end_char],
                       start=start_char, end=end_char, kind=kind,
                       form=form,  # type: ignore[arg-type]
                       producer=PRODUCER)


def _extend(run: list[str], pieces: Sequence[str], *, spaced: bool) -> None:
    """Append a token's folded pieces to a run's: glued to its last piece unless spaced."""
    if spaced:
        run.extend(pieces)
    else:
        run[-1] += pieces[0]
        run.extend(pieces[1:])


def _glue(texts: Sequence[str], spaces: Sequence[bool], gazetteer: ActorGazetteer) -> list[bool]:
    """Mark the tokens that only join their neighbours: ``major-General``, ``Lt.``."""
    glue = [False] * len(texts)
    for i in range(1, len(texts) - 1):
        tok = texts[i]
        if tok in HYPHENS:
            glue[i] = (not spaces[i - 1] and not spaces[i] and texts[i - 1][-1:].isalnum()
                       and texts[i + 1][:1].isalnum())
        elif tok == ".":
            prev = texts[i - 1]
            glue[i] = (not spaces[i - 1] and prev.isalpha() and len(prev) <= 4
                       and prev.lower() in gazetteer.abbreviations)
    return glue


def _phrases(words: Sequence[str],
             gazetteer: ActorGazetteer) -> list[tuple[int, int, InstitutionType | RoleTerm]]:
    """Longest-first, left-to-right matches of role and institution terms, skipping glue tokens.
    """
    table, prefixes = gazetteer.phrases, gazetteer.phrase_prefixes
    max_len = gazetteer.max_name_words
    stream = [i for i, w in enumerate(words) if w]
    found: list[tuple[int, int, InstitutionType | RoleTerm]] = []
    p = 0
    while p < len(stream):
        key: tuple[str, ...] = ()
        best = 0
        for n in range(1, min(max_len, len(stream) - p) + 1):
            key = (*key, words[stream[p + n - 1]])
            if key not in prefixes:
                break  # no term starts with these words, nor with any longer run
            if key in table:
                best = n
        if best:
            found.append((stream[p], stream[p + best - 1] + 1, table[key[:best]]))
            p += best
        else:
            p += 1
    return found


_INNER = frozenset({"-", "‐", "‑", "'", "’", "/", "&", "."})


def _names(toks: _Tokens, gazetteer: ActorGazetteer) -> list[Match]:
    """Longest-first gazetteer names; acronyms only in capitals, other names need a capital.

    A window's key only grows as the window does: a longer window's key starts with a shorter
    one's (except that a leading ``the`` drops once a second word follows). So once the key is
    no prefix of any name, no longer window is a name either, unless it may still be an armed
    group's transliterated name, which needs every word capitalised.
    """
    found: list[Match] = []
    texts, starts, spaces, pieces, keys = (toks.texts, toks.starts, toks.spaces, toks.pieces,
                                           toks.keys)
    names, prefixes = gazetteer.names, gazetteer.name_prefixes
    n = len(texts)
    i = 0
    while i < n:
        first = texts[i]
        capitalised = first[:1].isupper()
        if not first[:1].isalnum() or first.lower() in DETERMINERS or (
                not capitalised and keys[i] not in prefixes and not "the".startswith(keys[i])):
            i += 1
            continue
        # Names run over words and a few joining marks; never over other punctuation or spaces.
        limit = i
        while limit < min(n, i + gazetteer.max_name_words) and (
                texts[limit][:1].isalnum() or texts[limit] in _INNER):
            limit += 1
        titled = capitalised  # every word so far capitalised or an Arabic article
        best: tuple[int, Entry] | None = None
        run = list(pieces[i])
        for j in range(i + 1, limit + 1):
            last = texts[j - 1]
            if j > i + 1:
                _extend(run, pieces[j - 1], spaced=spaces[j - 2])
                titled = titled and (last[:1].isupper() or last.lower() in _ARTICLE_WORDS)
                key = join_folded(run)
            else:
                key = keys[i]
            if key not in prefixes and not "the".startswith(key) and not titled:
                break
            if not last[-1:].isalnum() or last in POSSESSIVE:
                continue
            entries: tuple[Entry, ...] = ()
            span = toks.text[starts[i]:starts[j - 1] + len(last)]
            if key in names:
                entries = lookup(gazetteer, span, key=key)
                if entries and not is_acronym(span.replace(" ", "")) and \
                        not any(w[:1].isupper() for w in texts[i:j]):
                    entries = ()
            if not entries and j - i >= 2 and titled:
                group = lookup_transliterated(gazetteer, span, key=key)
                entries = (group,) if group is not None else ()
            if entries:
                best = (j, entries[0])
        if best is not None:
            end, entry = best
            found.append(Match(i, end, entry=entry, country=entry.country))
            i = end
        else:
            i += 1
    return found


def _adjectives(toks: _Tokens, gazetteer: ActorGazetteer, taken: set[int]) -> list[Match]:
    found: list[Match] = []
    texts, pieces = toks.texts, toks.pieces
    n = len(texts)
    for i in range(n):
        text = texts[i]
        if i in taken or not text[:1].isalpha() or toks.lowers[i] in DETERMINERS:
            continue
        code = gazetteer.adjective(text, key=toks.keys[i])
        if code is None and i + 1 < n and text[:1].isupper():
            pair = f"{text} {texts[i + 1]}"
            code = gazetteer.adjective(pair, key=join_folded((*pieces[i], *pieces[i + 1])))
            if code is not None:
                found.append(Match(i, i + 2, country=code))
                continue
        if code is not None:
            found.append(Match(i, i + 1, country=code))
    return found


def previous_word(words: Sequence[str], i: int) -> int:
    """Return the index of the nearest non-glue token before ``i`` (-1 if none)."""
    j = i - 1
    while j >= 0 and not words[j]:
        j -= 1
    return j


def _qualify(texts: Sequence[str], words: Sequence[str],
             raw: list[tuple[int, int, InstitutionType]],
             at: dict[int, list[Match]]) -> list[Match]:
    """Attach each institution to the country its own words name, or to an earlier mention."""
    found: list[Match] = []
    n = len(texts)
    for start, end, obj in raw:
        country: str | None = None
        qualifier: tuple[int, int] | None = None
        resolved = False
        j = previous_word(words, start)
        before = at.get(j, []) if j >= 0 else []
        code = next((m.country for m in before if m.country and m.itype is None), None)
        if code is not None:
            first = min(m.start for m in before if m.country)
            country, qualifier = code, (first, start)
        elif j >= 1 and texts[j] in POSSESSIVE:
            owner = at.get(previous_word(words, j), [])
            code = next((m.country for m in owner if m.country), None)
            if code is not None and any(m.itype is not None for m in owner):
                # "the military's General Staff": the owner's country, by way of the owner.
                country, resolved = code, True
            elif code is not None:
                country, qualifier = code, (min(m.start for m in owner if m.country), start)
        if country is None and end + 1 < n and words[end] == "of":
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


@dataclass(frozen=True, slots=True)
class _Tokens:
    """The token attributes read from spaCy once per document (see :class:`Analysis`)."""

    text: str
    texts: tuple[str, ...]
    starts: tuple[int, ...]
    spaces: tuple[bool, ...]
    lowers: tuple[str, ...]
    pos: tuple[str, ...]
    tags: tuple[str, ...]
    pieces: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]
    words: tuple[str, ...]
    """Each token's folded word, abbreviations expanded (glue not yet blanked)."""


def _tokens(doc: Doc, gazetteer: ActorGazetteer) -> _Tokens:
    texts: list[str] = []
    starts: list[int] = []
    spaces: list[bool] = []
    lowers: list[str] = []
    pos: list[str] = []
    tags: list[str] = []
    for tok in doc:
        texts.append(tok.text)
        starts.append(tok.idx)
        spaces.append(bool(tok.whitespace_))
        lowers.append(tok.lower_)
        pos.append(tok.pos_)
        tags.append(tok.tag_)
    # Each distinct text is folded once per document.
    folded: dict[str, tuple[tuple[str, ...], str, str]] = {}
    for text in texts:
        if text not in folded:
            parts = tuple(fold_pieces(text))
            key = join_folded(parts)
            # Punctuation and whitespace fold to nothing; keep them visible.
            folded[text] = (parts, key, gazetteer.word(text, key=key) or text)
    rows = [folded[t] for t in texts]
    return _Tokens(text=doc.text, texts=tuple(texts), starts=tuple(starts),
                   spaces=tuple(spaces), lowers=tuple(lowers), pos=tuple(pos), tags=tuple(tags),
                   pieces=tuple(r[0] for r in rows), keys=tuple(r[1] for r in rows),
                   words=tuple(r[2] for r in rows))


def _name_like(text: str, pos: str, tagged: bool) -> bool:
    if not text[:1].isupper() or not _NAME_TOKEN.match(text):
        return False
    if len(text) > 1 and text.isupper():
        return False
    return not tagged or pos in _NAME_POS


def analyse(doc: Doc, gazetteer: ActorGazetteer) -> Analysis:
    """Match one document's tokens against the gazetteer.

    Args:
        doc: A spaCy document (tagged or not; ``spacy.blank("en")`` works).
        gazetteer: The loaded gazetteer.

    Returns:
        The read-only analysis the actor and descriptor rules work from.
    """
    toks = _tokens(doc, gazetteer)
    texts = toks.texts
    glue = _glue(texts, toks.spaces, gazetteer)
    words = tuple("" if g else w for g, w in zip(glue, toks.words, strict=True))
    names = _names(toks, gazetteer)
    taken = {i for m in names for i in range(m.start, m.end)}
    adjectives = _adjectives(toks, gazetteer, taken)
    # Roles and institutions are matched in one longest-first pass, so that "General Staff" is
    # an institution and not the rank "general", and "regime leader" a role, not the "regime".
    roles: list[Match] = []
    raw: list[tuple[int, int, InstitutionType]] = []
    for start, end, obj in _phrases(words, gazetteer):
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
    institutions = _qualify(texts, words, raw, at)
    tagged = doc.has_annotation("TAG")
    return Analysis(doc=doc, text=toks.text, gazetteer=gazetteer, tagged=tagged, texts=texts,
                    starts=toks.starts, spaces=toks.spaces, lowers=toks.lowers, pos=toks.pos,
                    tags=toks.tags, pieces=toks.pieces, words=words,
                    name_likes=tuple(_name_like(t, p, tagged) for t, p in zip(texts, toks.pos,
                                                                                 strict=True)),
                    ents=tuple((e.start, e.end, e.label_) for e in doc.ents),
                    names=tuple(names), adjectives=tuple(adjectives), roles=tuple(roles),
                    institutions=tuple(institutions), at={i: tuple(ms) for i, ms in at.items()})
