"""Descriptors: what the text says an actor is, read from the words around its name.

Three places say who someone is, and each gives a :class:`~storyline.records.Descriptor` with its
offsets in the text:

* a title before the name: ``Russian Deputy Foreign Minister Sergei Ryabkov``, ``Russia's
  Permanent Representative to the United Nations ... Alexei Borodavkin``, ``(US President) Mr.
  (Barack) Obama``, ``Lt. Gen. Viktor Poznikhir``;
* an apposition after it: ``Peter Maurer, president of the International Committee of the Red
  Cross (ICRC), said``;
* an ``of`` phrase after it: ``Viktor Poznikhir of the military's General Staff``.

A descriptor's *role* is its role phrase in lower case (``deputy foreign minister``), its *country*
the first country, body or national institution written before the role word (``Russian``,
``US State Department``, ``United Nations``), else the one in an ``of`` phrase after it (``of the
Russian Federation``); never the one in a ``for``/``to`` phrase (``Envoy for Syria`` is not Syrian).
Its *sector* is the role word's (``general`` -> military), unless the role word is a weak one
(``president``, ``spokesman``) followed by an organisation, whose sector it takes then
(``president of the ICRC`` -> ngo).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.extract.actor_gazetteer import RoleTerm, Sector
from storyline.extract.actor_matches import (
    DETERMINERS,
    POSSESSIVE,
    Analysis,
    Match,
    previous_word,
)
from storyline.records import Descriptor

__all__ = ["PRODUCER", "Title", "describe", "titles_of"]

PRODUCER = "actors.descriptors.v1"

_MAX_WINDOW = 24
_HYPHENS = frozenset({"-", "‐", "‑"})
_CONNECTORS = frozenset({"of", "to", "for", "the", "a", "an", "and", "at", "in"})
_PP_HEADS = frozenset({"of", "to", "for", "at", "in"})
_OPEN = frozenset({"(", "["})
_CLOSE = frozenset({")", "]"})
_BRACKETS = _OPEN | _CLOSE
_LEADING = DETERMINERS | _CONNECTORS


# --- reading a descriptor from a run of tokens ----------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Title:
    """A descriptor with what the rules read from it, kept for nominal resolution.

    Attributes:
        descriptor: The record.
        term: The head role term, if the descriptor has one.
        orgs: Keys of the bodies and institutions it names (``body:icrc``,
            ``type:defence_ministry``).
        start, end: Its token run.
    """

    descriptor: Descriptor
    term: RoleTerm | None
    orgs: tuple[str, ...]
    start: int
    end: int


def _org_key(m: Match) -> str | None:
    if m.entry is not None and m.entry.kind != "country":
        return m.entry.key
    if m.itype is not None:
        return f"type:{m.itype.id}"
    return None


def _org_sector(m: Match) -> Sector | None:
    if m.entry is not None and m.entry.kind != "country":
        return m.entry.sector
    return m.itype.sector if m.itype is not None else None


def _head(an: Analysis, start: int, end: int) -> Match | None:
    """The head role term: the last of the first run of adjacent role terms in the span."""
    terms = sorted({m for i in range(start, end) for m in an.covering(i)
                    if m.term is not None and m.start >= start and m.end <= end},
                   key=lambda m: m.start)
    if not terms:
        return None
    head = terms[0]
    for nxt in terms[1:]:
        gap = [i for i in range(head.end, nxt.start) if an.words[i]]
        if gap and not all(an.words[i] in an.gazetteer.modifiers for i in gap):
            break
        head = nxt
    return head


def _role_text(an: Analysis, head: Match, start: int, end: int) -> str:
    """Render the role phrase: the head with its modifiers and trailing ``of``/``to`` phrase."""
    texts, words, gaz = an.texts, an.words, an.gazetteer
    left = head.start
    while left - 1 >= start:
        j = left - 1
        ms = an.covering(j)
        if not words[j] or words[j] in gaz.modifiers or any(
                m.term is not None or m.itype is not None or m.entry is not None for m in ms):
            left = j
            continue
        if an.country_at(j) is not None:
            left = j
            continue
        break
    right = head.end
    if right < end and words[right] in _PP_HEADS:
        tail = [i for i in range(right + 1, end) if words[i] and words[i] not in _CONNECTORS]
        only_country = all(
            any(m.entry is not None and m.entry.kind == "country" for m in an.covering(i))
            or texts[i] in POSSESSIVE or texts[i] in _BRACKETS for i in tail)
        if tail and not only_country:
            right = end
            while right > head.end and (texts[right - 1] in _BRACKETS
                                        or words[right - 1] in _CONNECTORS):
                right -= 1
    # Drop country words, possessives and determiners from the left edge: they are the
    # descriptor's country, not its role.
    while left < head.start:
        ms = an.covering(left)
        is_country = any(m.country is not None and (m.entry is None or m.entry.kind == "country")
                         and m.itype is None for m in ms)
        if is_country or words[left] in DETERMINERS or texts[left] in POSSESSIVE or \
                texts[left] in _BRACKETS or words[left] in gaz.honorifics or \
                not words[left]:
            left += 1
        else:
            break
    # Drop a trailing "of [the] <country>": the country is the descriptor's, not the role's.
    k = right
    while k > head.end and (texts[k - 1] in _BRACKETS or words[k - 1] in _CONNECTORS
                            or any(m.entry is not None and m.entry.kind == "country"
                                   for m in an.covering(k - 1))):
        k -= 1
    if k < right and k >= head.end and words[k] == "of":
        right = k
    parts: list[str] = []
    done: set[str] = set()
    i = left
    while i < right:
        tok = texts[i]
        entry = next((m for m in an.covering(i) if m.entry is not None), None)
        if tok in _BRACKETS:
            piece = ""
        elif entry is not None and entry.entry is not None:
            piece = "" if entry.entry.key in done or i != entry.start else entry.entry.name
            done.add(entry.entry.key)
        elif not words[i]:
            piece = "-" if tok in _HYPHENS else ""
        elif an.covering(i) or words[i] in gaz.modifiers or not tok[:1].isupper():
            piece = words[i]
        else:
            piece = tok
        if piece:
            joined = bool(parts) and (parts[-1].endswith("-") or piece == "-")
            parts.append(piece if joined or not parts else " " + piece)
        i += 1
    return "".join(parts).strip()


def describe(an: Analysis, start: int, end: int, *, article_id: str) -> Title | None:
    """Read a descriptor from the tokens ``[start, end)``.

    Args:
        an: The document's analysis.
        start, end: Token run of the descriptor (title, apposition or ``of`` phrase).
        article_id: The article the document is.

    Returns:
        The descriptor with its head term and organisations, or None when the run says nothing
        about role, country or sector.
    """
    texts = an.texts
    while start < end and (an.words[start] in _LEADING
                           or texts[start] in POSSESSIVE or texts[start] in _CLOSE
                           or an.words[start] == ""):
        start += 1
    while end > start and (an.words[end - 1] in _CONNECTORS or texts[end - 1] in _OPEN
                           or texts[end - 1] in POSSESSIVE or an.words[end - 1] == ""):
        end -= 1
    if start >= end:
        return None
    matches = sorted({m for i in range(start, end) for m in an.covering(i)},
                     key=lambda m: (m.start, m.end))
    head = _head(an, start, end)
    orgs = [m for m in matches if _org_key(m) is not None]
    # A media outlet's base says nothing about its reporter's nationality ("Reuters reporter").
    placed = [m for m in matches
              if m.country and not (m.entry and m.entry.key.startswith("media:"))]
    limit = head.start if head is not None else end
    country = next((m.country for m in placed if m.start < limit), None)
    if country is None and head is not None and head.end < end and an.words[head.end] == "of":
        country = next((m.country for m in placed if m.start >= head.end), None)
    sector: Sector | None = None
    if head is not None and head.term is not None:
        sector = head.term.sector
        if not head.term.strong:
            after = [m for m in orgs if m.start >= head.end and _org_sector(m)]
            before = [m for m in orgs if m.end <= head.start and _org_sector(m)]
            chosen = after or before
            if chosen:
                sector = _org_sector(chosen[0])
    elif orgs:
        sector = next((s for s in map(_org_sector, orgs) if s is not None), None)
    role = _role_text(an, head, start, end) if head is not None else None
    if role is None and country is None and sector is None:
        return None
    start_char, end_char = an.starts[start], an.end_char(end)
    descriptor = Descriptor(article_id=article_id, text=an.text[start_char:end_char],
                            start=start_char, end=end_char, role=role or None, country=country,
                            sector=str(sector) if sector is not None else None,
                            producer=PRODUCER)
    keys = tuple(dict.fromkeys(k for k in map(_org_key, orgs) if k is not None))
    return Title(descriptor=descriptor, term=head.term if head is not None else None, orgs=keys,
                 start=start, end=end)


# --- where descriptors are: titles, appositions, of-phrases ---------------------------------------


def _window_ok(an: Analysis, i: int) -> bool:
    """May token ``i`` be part of a title or apposition?"""
    word = an.words[i]
    if not word:
        return True
    if an.covering(i) or word in an.gazetteer.modifiers or word in an.gazetteer.honorifics:
        return True
    text = an.texts[i]
    if text in _BRACKETS or text in POSSESSIVE:
        return True
    if word in ("of", "to", "for", "the", "a", "an", "and"):
        return True
    if not text[:1].isalnum():
        return False
    if an.tagged:
        if an.pos[i] in ("PROPN", "NOUN", "ADJ", "NUM"):
            return True
        # "Geneva-based": a participle glued into a compound adjective.
        return an.pos[i] == "VERB" and i > 0 and an.is_glue(i - 1)
    return text[:1].isupper() or (i > 0 and an.is_glue(i - 1))


def _anchor(an: Analysis, i: int) -> bool:
    """Can a title start at token ``i`` (a capitalised word, role word, country or modifier)?"""
    word = an.words[i]
    if an.tagged and an.pos[i] in ("VERB", "AUX", "ADP", "PRON", "ADV", "SCONJ", "PART"):
        return bool(an.covering(i))
    return bool(word) and (bool(an.covering(i)) or word in an.gazetteer.modifiers
                           or word in an.gazetteer.honorifics or an.texts[i][:1].isupper()
                           or an.texts[i] in _OPEN)


def _split(an: Analysis, start: int, end: int) -> list[tuple[int, int]]:
    """Split a title that strings two together (``representative of the Ministry of defense of
    Russia major-General``): a new role right after the object of an ``of``/``to`` phrase."""
    terms = [m for m in an.roles if m.start >= start and m.end <= end]
    cuts = [start]
    for prev, cur in zip(terms, terms[1:], strict=False):
        between = [i for i in range(prev.end, cur.start) if an.words[i]]
        if not between or not any(an.words[i] in _PP_HEADS for i in between):
            continue
        j = previous_word(an.words, cur.start)
        if j >= 0 and any(m.entry is not None or m.itype is not None for m in an.covering(j)):
            cuts.append(cur.start)
    bounds = [*cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _left_window(an: Analysis, start: int, stops: frozenset[int]) -> tuple[int, int] | None:
    texts = an.texts
    i = start - 1
    # Sentence ends and line breaks stop the window through _window_ok; the parser's own
    # sentence boundaries are not used, since it splits at brackets ("(Russian President) Mr").
    while i >= max(0, start - _MAX_WINDOW) and i not in stops and _window_ok(an, i):
        i -= 1
    first = i + 1
    while first < start and not _anchor(an, first):
        first += 1
    if first < start and texts[first] in _OPEN and not _anchor(an, first + 1):
        first += 1
    return (first, start) if first < start else None


def _right_window(an: Analysis, end: int, stops: frozenset[int]) -> tuple[int, int] | None:
    texts = an.texts
    i = end
    depth = 0
    limit = min(len(texts), end + _MAX_WINDOW)
    while i < limit and i not in stops and _window_ok(an, i):
        if texts[i] in _OPEN:
            depth += 1
        elif texts[i] in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        i += 1
    return (end, i) if i > end else None


def titles_of(an: Analysis, start: int, end: int, *, article_id: str,
              stops: frozenset[int]) -> list[Title]:
    """Find the descriptors around a name at tokens ``[start, end)``.

    Args:
        an: The document's analysis.
        start, end: The name's token run.
        article_id: The article the document is.
        stops: Tokens a descriptor may not cross (other names).

    Returns:
        The descriptors, left to right: title segments before the name, then an apposition or
        an ``of`` phrase after it.
    """
    found: list[Title] = []
    texts, words = an.texts, an.words
    window = _left_window(an, start, stops)
    if window is not None:
        segments = _split(an, *window)
        for a, b in segments:
            title = describe(an, a, b, article_id=article_id)
            if title is None:
                continue
            # A title must name a role, or be a nationality right before the name.
            if title.term is None and b != start:
                continue
            if title.term is None and not all(an.country_at(i) or not words[i]
                                              or texts[i] in POSSESSIVE
                                              for i in range(title.start, title.end)):
                continue
            found.append(title)
    after = end
    if after < len(texts) and texts[after] in POSSESSIVE:
        return found
    if after + 1 < len(texts) and texts[after] == ",":
        window = _right_window(an, after + 1, stops)
        if window is not None:
            a, b = window
            lead = [i for i in range(a, min(b, a + 5))
                    if words[i] and words[i] not in DETERMINERS]
            role = next((i for i in lead if an.role_at(i) is not None), None)
            plain = [i for i in lead if role is None or i < role]
            if role is not None and all(
                    an.country_at(i) or words[i] in an.gazetteer.modifiers
                    or texts[i] in POSSESSIVE for i in plain):
                title = describe(an, a, b, article_id=article_id)
                if title is not None and title.term is not None:
                    found.append(title)
    elif after < len(texts) and words[after] == "of":
        window = _right_window(an, after, stops)
        if window is not None:
            a, b = window
            if any(_org_key(m) or m.country for i in range(a, b) for m in an.covering(i)):
                title = describe(an, a, b, article_id=article_id)
                if title is not None:
                    found.append(title)
    return found
