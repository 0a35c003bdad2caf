"""People: the persons an article names, and the nominals that refer back to them.

Part of the actor rules (:mod:`storyline.extract.actors` yields what this module finds):

* spaCy ``PERSON`` entities cleaned of titles, and capitalised names right after a title the
  model missed (``UN Special Envoy for Syria Staffan de Mistura``); a name in brackets joins the
  surname after it (``Mr (Vladimir) Putin``); a surname that spaCy labelled as something else is
  still a person when the article gave the full name (``Lavrov`` after ``Sergei Lavrov``); a
  one-word "person" that the article elsewhere uses as a place (``Aleppo``) is not.
* Nominals (``the diplomat``, ``the defence minister``, ``the representative of the defense
  Ministry``), resolved to the one person named earlier in the article whose titles fit; an
  ambiguous nominal (two ministers fit ``the minister``) is dropped, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from storyline.extract.actor_gazetteer import fold
from storyline.extract.actor_matches import POSSESSIVE, Analysis, Match
from storyline.extract.descriptors import Title, describe, titles_of
from storyline.records import ActorMention

__all__ = ["Person", "person_mentions", "persons"]

_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "al", "el",
                        "bin", "ibn", "abu", "le", "la", "du", "dos", "das", "ter", "ben"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
_BRACKETS = frozenset({"(", ")", "[", "]"})


@dataclass(frozen=True, slots=True)
class Person:
    """A person's name in the text: its token run, the name as rendered, and whether it is only
    a surname."""

    start: int
    end: int
    name: str
    surname_only: bool


def _name_tokens(an: Analysis, start: int, end: int) -> list[int]:
    """The tokens of a candidate name, or [] when it is not a name."""
    words, texts = an.words, an.texts
    toks = [i for i in range(start, end) if words[i] and texts[i] not in _BRACKETS]
    if not toks:
        return []
    for k, i in enumerate(toks):
        particle = words[i] in _PARTICLES and texts[i].islower() and k > 0
        if not (an.name_like(i) or particle) or an.covered(i):
            return []
    if words[toks[-1]] in _PARTICLES:
        return []
    return toks


def _render(an: Analysis, toks: list[int]) -> str:
    texts = an.texts
    out = ""
    for k, i in enumerate(toks):
        glued = k > 0 and toks[k - 1] + 2 == i and an.is_glue(i - 1)
        out += ("-" if glued else (" " if out else "")) + texts[i]
    return out


def _strip(an: Analysis, start: int, end: int) -> tuple[int, int]:
    """Strip titles, honorifics, countries and punctuation from the edges of a PERSON entity."""
    texts, words, gaz = an.texts, an.words, an.gazetteer
    while start < end and (not words[start] or an.covered(start) or an.covering(start)
                           or words[start] in gaz.honorifics or words[start] in gaz.modifiers
                           or not texts[start][:1].isalnum()):
        start += 1
    while end > start and (not words[end - 1] or texts[end - 1] in POSSESSIVE
                           or not texts[end - 1][-1:].isalnum()):
        end -= 1
    return start, end


def persons(an: Analysis) -> list[Person]:
    """Return the people the document names, in text order.

    Args:
        an: The document's analysis.

    Returns:
        Each name's token run, rendered name and whether it is a surname alone.
    """
    texts = an.texts
    spans: list[tuple[int, int, list[int]]] = []
    for s, e in an.ents_of("PERSON"):
        start, end = _strip(an, s, e)
        toks = _name_tokens(an, start, end) if start < end else []
        if toks:
            spans.append((start, end, toks))
    # "(Vladimir) Putin": a bracketed given name joins the name after it.
    joined: list[tuple[int, int, list[int]]] = []
    for start, end, toks in spans:
        if start >= 3 and texts[start - 1] == ")" and texts[start - 3] == "(" and \
                an.name_like(start - 2) and not an.covered(start - 2):
            start, toks = start - 3, [start - 2, *toks]
        joined.append((start, end, toks))
    joined.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    taken: set[int] = set()
    kept: list[tuple[int, int, list[int]]] = []
    for start, end, toks in joined:
        if not any(i in taken for i in range(start, end)):
            kept.append((start, end, toks))
            taken.update(range(start, end))
    kept.extend(_titled_names(an, taken))
    # A one-word "person" the article elsewhere uses as a place is a place (spaCy's "Aleppo").
    full = [toks for _, _, toks in kept if len(toks) >= 2]
    surnames = {texts[toks[-1]] for toks in full}
    places = {an.span_text(s, e) for s, e, label in an.ents if label in _PLACE_LABELS}
    result = []
    for start, end, toks in kept:
        text = texts[toks[0]]
        if len(toks) == 1 and text not in surnames and (
                text in places or an.gazetteer.adjective(text)
                or fold(text) in an.gazetteer.metonyms):
            continue
        result.append(Person(start, end, _render(an, toks), surname_only=len(toks) == 1))
    result.extend(_recovered_surnames(an, result))
    result.sort(key=lambda p: p.start)
    return result


def _titled_names(an: Analysis, taken: set[int]) -> list[tuple[int, int, list[int]]]:
    """Capitalised names right after a title that the model did not label as a person."""
    texts, words = an.texts, an.words
    n = len(texts)
    found = []
    i = 0
    while i < n:
        if i in taken or not an.name_like(i) or an.covered(i) or an.covering(i):
            i += 1
            continue
        j = i
        while j < n and j not in taken and not an.covering(j) and (
                an.name_like(j) or (words[j] in _PARTICLES and texts[j].islower())
                or an.is_glue(j)):
            j += 1
        while j > i and (words[j - 1] in _PARTICLES or an.is_glue(j - 1)):
            j -= 1
        toks = _name_tokens(an, i, j)
        capitals = [t for t in toks if words[t] not in _PARTICLES]
        if len(capitals) >= 2:
            titles = titles_of(an, i, j, article_id="", stops=frozenset(taken))
            if any(t.term is not None and t.end == i for t in titles):
                found.append((i, j, toks))
                taken.update(range(i, j))
        i = max(j, i + 1)
    return found


def _recovered_surnames(an: Analysis, people: list[Person]) -> list[Person]:
    """Surnames of the article's full names wherever spaCy missed or mislabelled them."""
    taken = {i for p in people for i in range(p.start, p.end)}
    surnames = {p.name.split()[-1].split("-")[-1] for p in people if not p.surname_only}
    found = []
    for i, text in enumerate(an.texts):
        if text in surnames and i not in taken and not an.covered(i) and an.name_like(i):
            found.append(Person(i, i + 1, text, surname_only=True))
    return found


# --- people and nominals -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Local:
    """One person of the article: their fullest name and every title seen so far."""

    name: str
    first: tuple[int, int]
    titles: tuple[Title, ...]


def _surname(name: str) -> str:
    return fold(name.split()[-1]) if name else ""


def person_mentions(an: Analysis, people: list[Person], stops: frozenset[int],
                    article_id: str) -> Iterator[ActorMention]:
    """Yield the mentions of the people found by :func:`persons`, then the nominals.

    Args:
        an: The document's analysis.
        people: The document's people.
        stops: Tokens a descriptor may not cross (the people's own tokens).
        article_id: The article's id.

    Yields:
        One :class:`~storyline.records.ActorMention` per name, with its titles as descriptors,
        then one per nominal that resolves to exactly one of them.
    """
    full_by_surname: dict[str, set[str]] = {}
    for p in people:
        if not p.surname_only:
            full_by_surname.setdefault(_surname(p.name), set()).add(p.name)
    locals_: dict[str, _Local] = {}
    timeline: list[tuple[int, str]] = []
    for p in people:
        titles = titles_of(an, p.start, p.end, article_id=article_id, stops=stops)
        form = "surname" if p.surname_only else "name"
        mention = an.mention(p.start, p.end, article_id=article_id, kind="person", form=form)
        yield ActorMention(mention=mention, name=p.name,
                           descriptors=tuple(t.descriptor for t in titles))
        owner = p.name
        if p.surname_only and len(full_by_surname.get(_surname(p.name), ())) == 1:
            owner = next(iter(full_by_surname[_surname(p.name)]))
        local = locals_.get(fold(owner))
        if local is None:
            local = _Local(name=owner, first=(mention.start, mention.end), titles=())
        locals_[fold(owner)] = _Local(name=local.name, first=local.first,
                                      titles=local.titles + tuple(titles))
        timeline.append((p.start, fold(owner)))
    yield from _nominals(an, locals_, timeline, stops, article_id)


def _nominal_spans(an: Analysis, stops: frozenset[int]) -> Iterator[tuple[int, int, Match]]:
    """``the [senior] [Russian] <role> [of the <organisation>]`` not followed by a name."""
    texts, words, gaz = an.texts, an.words, an.gazetteer
    n = len(texts)
    for role in an.roles:
        i = role.start - 1
        while i >= 0 and (words[i] in gaz.modifiers or an.country_at(i) is not None
                          or not words[i]):
            i -= 1
        if i < 0 or words[i] != "the" or any(k in stops for k in range(i, role.end)):
            continue
        end = role.end
        if end + 1 < n and words[end] == "of":
            k = end + 1 + (words[end + 1] == "the")
            org = [m for m in an.covering(k) if m.entry is not None or m.itype is not None]
            if org:
                end = max(m.end for m in org)
        if end < n and (end in stops or an.name_like(end) or texts[end] in _BRACKETS):
            continue
        yield i, end, role


def _nominals(an: Analysis, locals_: dict[str, _Local], timeline: list[tuple[int, str]],
              stops: frozenset[int], article_id: str) -> Iterator[ActorMention]:
    for start, end, role in _nominal_spans(an, stops):
        nominal = describe(an, start, end, article_id=article_id)
        if nominal is None or nominal.term is None or role.term is None:
            continue
        wanted = nominal.term.classes[0]
        seen = dict.fromkeys(key for pos, key in timeline if pos < start)
        fits = []
        for key in seen:
            local = locals_[key]
            classes = {c for t in local.titles if t.term is not None for c in t.term.classes}
            classes |= {t.descriptor.sector for t in local.titles if t.descriptor.sector}
            countries = {t.descriptor.country for t in local.titles if t.descriptor.country}
            orgs = {o for t in local.titles for o in t.orgs}
            if wanted not in classes:
                continue
            if nominal.descriptor.country and countries and \
                    nominal.descriptor.country not in countries:
                continue
            if nominal.orgs and not set(nominal.orgs) & orgs:
                continue
            fits.append(local)
        if len(fits) != 1:
            continue
        mention = an.mention(start, end, article_id=article_id, kind="person", form="nominal")
        yield ActorMention(mention=mention, name=fits[0].name,
                           descriptors=(nominal.descriptor,), antecedent=fits[0].first)
