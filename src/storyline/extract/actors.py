"""Actors: mentions of people, organisations, countries and groups, and what the text says of them.

:func:`actor_mentions` reads one spaCy document and yields :class:`ActorMention` records: a
:class:`~storyline.records.Mention` (offsets into ``doc.text``), the name the link stage merges on,
the gazetteer key where the reference data knows the actor, and the
:class:`~storyline.records.Descriptor` records the text gives for it. Sources, in order:

1. Gazetteer names (countries, international bodies, named institutions such as the White House,
   armed groups with their transliterations, media), matched case-insensitively except acronyms.
2. Capitals read as their government (``Moscow and Damascus launched``), never after a locative
   preposition (``talks in Moscow``), in a dateline (``MOSCOW, Oct. 19``) or as a modifier
   (``Moscow time``).
3. Generic institutions attached to a country by an adjective, a possessive or an ``of`` phrase
   (``the Russian defence ministry``, ``the army of Syria``); a bare ``the defense Ministry``
   takes the country of the last such mention of the same institution in the article.
4. People: spaCy ``PERSON`` entities cleaned of titles, and capitalised names right after a title
   the model missed (``UN Special Envoy for Syria Staffan de Mistura``); a name in brackets joins
   the surname after it (``Mr (Vladimir) Putin``); a surname that spaCy labelled as something else
   is still a person when the article gave the full name (``Lavrov`` after ``Sergei Lavrov``); a
   one-word "person" that the article elsewhere uses as a place (``Aleppo``) is not.
5. Nominals (``the diplomat``, ``the defence minister``, ``the representative of the defense
   Ministry``), resolved to the one person named earlier in the article whose titles fit; an
   ambiguous nominal (two ministers fit ``the minister``) is dropped, never guessed.
6. Other spaCy ``ORG`` entities of two words or more (``the national security Council``), and
   acronyms an article defines in brackets (``(NSC)``).

The extractor is a generator with keyword-only options and does not change its input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.extract.actor_gazetteer import ActorGazetteer, fold
from storyline.extract.actor_matches import POSSESSIVE, Analysis, Match, analyse
from storyline.extract.descriptors import Title, describe, titles_of
from storyline.records import ActorKind, ActorMention, Descriptor, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PRODUCER", "ActorMention", "actor_mentions", "descriptors", "mentions"]

PRODUCER = "actors.rules.v1"

_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "al", "el",
                        "bin", "ibn", "abu", "le", "la", "du", "dos", "das", "ter", "ben"})
_LOCATIVE = frozenset({"in", "at", "to", "from", "near", "into", "inside", "outside", "across",
                       "around", "via", "through", "throughout", "within", "toward", "towards",
                       "of", "over", "off"})
_MODIFIED_NOUNS = frozenset({"time", "office", "region", "province", "airport", "summit",
                             "meeting", "talks", "format", "process", "conference", "street"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
_ORG_HEADS = frozenset({"center", "centre", "committee", "council", "office", "institute",
                        "agency", "commission", "foundation", "fund", "organisation",
                        "organization", "union", "association", "party", "movement", "front",
                        "coalition", "bureau", "service", "department", "court", "forum"})
_BRACKETS = frozenset({"(", ")", "[", "]"})
_FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to", "at"})


@dataclass(frozen=True, slots=True)
class _Person:
    start: int
    end: int
    name: str
    surname_only: bool


def actor_mentions(doc: Doc, *, article_id: str,
                   gazetteer: ActorGazetteer) -> Iterator[ActorMention]:
    """Yield the actor mentions of one document, in text order.

    Args:
        doc: The article's spaCy document (a tagged, parsed, NER'd pipeline gives the most; a
            ``spacy.blank("en")`` document still gets gazetteer, institution and title rules).
        article_id: The article's id, copied into every record.
        gazetteer: The loaded actor gazetteer (:func:`load_actor_gazetteer`).

    Yields:
        :class:`ActorMention` records with offsets into ``doc.text``.
    """
    if len(doc) == 0:
        return
    an = analyse(doc, gazetteer)
    persons = _persons(an)
    person_tokens = frozenset(i for p in persons for i in range(p.start, p.end))
    found: list[ActorMention] = []
    found.extend(_person_mentions(an, persons, person_tokens, article_id))
    found.extend(_name_mentions(an, person_tokens, article_id))
    found.extend(_metonym_mentions(an, person_tokens, article_id))
    found.extend(_institution_mentions(an, person_tokens, article_id))
    taken = {i for m in found for i in range(*_token_span(doc, m.mention))}
    found.extend(_org_mentions(an, taken, article_id))
    found.sort(key=lambda m: (m.mention.start, m.mention.end, m.name))
    yield from found


def mentions(doc: Doc, *, article_id: str, gazetteer: ActorGazetteer) -> Iterator[Mention]:
    """Yield the actor mentions of one document as plain records (see :func:`actor_mentions`).

    Args:
        doc: The article's spaCy document.
        article_id: The article's id.
        gazetteer: The loaded actor gazetteer.

    Yields:
        :class:`~storyline.records.Mention` records, in text order.
    """
    for item in actor_mentions(doc, article_id=article_id, gazetteer=gazetteer):
        yield item.mention


def descriptors(doc: Doc, *, article_id: str,
                gazetteer: ActorGazetteer) -> Iterator[tuple[Mention, Descriptor]]:
    """Yield each descriptor with the mention it describes (see :func:`actor_mentions`).

    Args:
        doc: The article's spaCy document.
        article_id: The article's id.
        gazetteer: The loaded actor gazetteer.

    Yields:
        ``(mention, descriptor)`` pairs, in text order of the mentions.
    """
    for item in actor_mentions(doc, article_id=article_id, gazetteer=gazetteer):
        for descriptor in item.descriptors:
            yield item.mention, descriptor


# --- helpers -------------------------------------------------------------------------------------


def _token_span(doc: Doc, mention: Mention) -> tuple[int, int]:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


def _mention(an: Analysis, start: int, end: int, *, article_id: str, kind: ActorKind,
             form: str) -> Mention:
    doc = an.doc
    start_char = doc[start].idx
    end_char = doc[end - 1].idx + len(doc[end - 1].text)
    return Mention(article_id=article_id, text=an.text[start_char:end_char], start=start_char,
                   end=end_char, kind=kind, form=form,  # type: ignore[arg-type]
                   producer=PRODUCER)


def _ents(doc: Doc, label: str) -> list[tuple[int, int]]:
    if not doc.has_annotation("ENT_IOB"):
        return []
    return [(e.start, e.end) for e in doc.ents if e.label_ == label]


def _covered(an: Analysis, i: int) -> bool:
    return any(m.entry is not None or m.term is not None or m.itype is not None
               for m in an.covering(i))


def _name_tokens(an: Analysis, start: int, end: int) -> list[int]:
    """The tokens of a candidate name, or [] when it is not a name."""
    words = an.words
    toks = [i for i in range(start, end) if words[i] and an.doc[i].text not in _BRACKETS]
    if not toks:
        return []
    for k, i in enumerate(toks):
        particle = words[i] in _PARTICLES and an.doc[i].text.islower() and k > 0
        if not (an.name_like(i) or particle) or _covered(an, i):
            return []
    if words[toks[-1]] in _PARTICLES:
        return []
    return toks


def _render(an: Analysis, toks: list[int]) -> str:
    doc = an.doc
    out = ""
    for k, i in enumerate(toks):
        glued = k > 0 and toks[k - 1] + 2 == i and an.is_glue(i - 1)
        out += ("-" if glued else (" " if out else "")) + doc[i].text
    return out


def _strip(an: Analysis, start: int, end: int) -> tuple[int, int]:
    """Strip titles, honorifics, countries and punctuation from the edges of a PERSON entity."""
    doc, words, gaz = an.doc, an.words, an.gazetteer
    while start < end and (not words[start] or _covered(an, start) or an.covering(start)
                           or words[start] in gaz.honorifics or words[start] in gaz.modifiers
                           or not doc[start].text[:1].isalnum()):
        start += 1
    while end > start and (not words[end - 1] or doc[end - 1].text in POSSESSIVE
                           or not doc[end - 1].text[-1:].isalnum()):
        end -= 1
    return start, end


def _persons(an: Analysis) -> list[_Person]:
    doc = an.doc
    spans: list[tuple[int, int, list[int]]] = []
    for s, e in _ents(doc, "PERSON"):
        start, end = _strip(an, s, e)
        toks = _name_tokens(an, start, end) if start < end else []
        if toks:
            spans.append((start, end, toks))
    # "(Vladimir) Putin": a bracketed given name joins the name after it.
    joined: list[tuple[int, int, list[int]]] = []
    for start, end, toks in spans:
        if start >= 3 and doc[start - 1].text == ")" and doc[start - 3].text == "(" and \
                an.name_like(start - 2) and not _covered(an, start - 2):
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
    surnames = {doc[toks[-1]].text for toks in full}
    places = {e.text for e in doc.ents if e.label_ in _PLACE_LABELS} if doc.ents else set()
    result = []
    for start, end, toks in kept:
        text = doc[toks[0]].text
        if len(toks) == 1 and text not in surnames and (
                text in places or an.gazetteer.adjective(text)
                or fold(text) in an.gazetteer.metonyms):
            continue
        result.append(_Person(start, end, _render(an, toks), surname_only=len(toks) == 1))
    result.extend(_recovered_surnames(an, result))
    result.sort(key=lambda p: p.start)
    return result


def _titled_names(an: Analysis, taken: set[int]) -> list[tuple[int, int, list[int]]]:
    """Capitalised names right after a title that the model did not label as a person."""
    doc = an.doc
    found = []
    i = 0
    while i < len(doc):
        if i in taken or not an.name_like(i) or _covered(an, i) or an.covering(i):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and not an.covering(j) and (
                an.name_like(j) or (an.words[j] in _PARTICLES and doc[j].text.islower())
                or an.is_glue(j)):
            j += 1
        while j > i and (an.words[j - 1] in _PARTICLES or an.is_glue(j - 1)):
            j -= 1
        toks = _name_tokens(an, i, j)
        capitals = [t for t in toks if an.words[t] not in _PARTICLES]
        if len(capitals) >= 2:
            titles = titles_of(an, i, j, article_id="", stops=frozenset(taken))
            if any(t.term is not None and t.end == i for t in titles):
                found.append((i, j, toks))
                taken.update(range(i, j))
        i = max(j, i + 1)
    return found


def _recovered_surnames(an: Analysis, persons: list[_Person]) -> list[_Person]:
    """Surnames of the article's full names wherever spaCy missed or mislabelled them."""
    doc = an.doc
    taken = {i for p in persons for i in range(p.start, p.end)}
    surnames = {p.name.split()[-1].split("-")[-1] for p in persons if not p.surname_only}
    found = []
    for tok in doc:
        if tok.text in surnames and tok.i not in taken and not _covered(an, tok.i) and \
                an.name_like(tok.i):
            found.append(_Person(tok.i, tok.i + 1, tok.text, surname_only=True))
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


def _person_mentions(an: Analysis, persons: list[_Person], stops: frozenset[int],
                     article_id: str) -> Iterator[ActorMention]:
    full_by_surname: dict[str, set[str]] = {}
    for p in persons:
        if not p.surname_only:
            full_by_surname.setdefault(_surname(p.name), set()).add(p.name)
    locals_: dict[str, _Local] = {}
    timeline: list[tuple[int, str]] = []
    for p in persons:
        titles = titles_of(an, p.start, p.end, article_id=article_id, stops=stops)
        form = "surname" if p.surname_only else "name"
        mention = _mention(an, p.start, p.end, article_id=article_id, kind="person", form=form)
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
    doc, words, gaz = an.doc, an.words, an.gazetteer
    for role in an.roles:
        i = role.start - 1
        while i >= 0 and (words[i] in gaz.modifiers or an.country_at(i) is not None
                          or not words[i]):
            i -= 1
        if i < 0 or words[i] != "the" or any(k in stops for k in range(i, role.end)):
            continue
        end = role.end
        if end + 1 < len(doc) and words[end] == "of":
            k = end + 1 + (words[end + 1] == "the")
            org = [m for m in an.covering(k) if m.entry is not None or m.itype is not None]
            if org:
                end = max(m.end for m in org)
        if end < len(doc) and (end in stops or an.name_like(end) or doc[end].text in _BRACKETS):
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
        mention = _mention(an, start, end, article_id=article_id, kind="person", form="nominal")
        yield ActorMention(mention=mention, name=fits[0].name,
                           descriptors=(nominal.descriptor,), antecedent=fits[0].first)


# --- known actors, capitals, institutions, other organisations ------------------------------------


def _name_mentions(an: Analysis, persons: frozenset[int],
                   article_id: str) -> Iterator[ActorMention]:
    doc = an.doc
    person_ents = {i for s, e in _ents(doc, "PERSON") for i in range(s, e)}
    for m in an.names:
        entry = m.entry
        if entry is None or any(i in persons for i in range(m.start, m.end)):
            continue
        if entry.kind == "country" and m.end - m.start == 1 and m.start in person_ents:
            continue  # "Chad", "Jordan" as a person's name
        text = doc[m.start:m.end].text
        form = "acronym" if text.replace(".", "").isupper() and len(text) <= 6 else "name"
        yield ActorMention(
            mention=_mention(an, m.start, m.end, article_id=article_id, kind=entry.kind,
                             form=form),
            name=entry.name, key=entry.key, code=entry.code, country=entry.country,
            sector=str(entry.sector) if entry.sector is not None else None)


def _first_conjunct(an: Analysis, i: int) -> int:
    """Walk back over ``X and``/``X ,`` to the first of a list of names (``Moscow and Damascus``).
    """
    doc = an.doc
    while i >= 2 and doc[i - 1].lower_ in ("and", ",") and doc[i - 2].text[:1].isupper():
        i -= 2
        while i > 0 and an.country_at(i - 1) is not None and an.country_at(i) is not None:
            i -= 1
    return i


def _metonym_mentions(an: Analysis, persons: frozenset[int],
                      article_id: str) -> Iterator[ActorMention]:
    doc, gaz = an.doc, an.gazetteer
    blocked = {i for label in ("PERSON", "ORG") for s, e in _ents(doc, label)
               for i in range(s, e)}
    for size in (3, 2, 1):
        for start in range(0, len(doc) - size + 1):
            end = start + size
            if not doc[start].text[:1].isupper():
                continue
            span = doc[start:end]
            code = gaz.metonyms.get(fold(span.text))
            if code is None or any(
                    i in persons or i in blocked or an.covering(i) for i in range(start, end)):
                continue
            if not _is_metonym(an, start, end):
                continue
            entry = gaz.entries[f"country:{code}"]
            yield ActorMention(
                mention=_mention(an, start, end, article_id=article_id, kind="country",
                                 form="name"),
                name=entry.name, key=entry.key, code=entry.code, country=code)


def _is_metonym(an: Analysis, start: int, end: int) -> bool:
    """A capital names its government unless it is a place, a dateline or a modifier."""
    doc = an.doc
    before = an.text[max(0, doc[start].idx - 2):doc[start].idx]
    line_start = start == 0 or "\n" in before or doc[start - 1].is_space
    nxt = doc[end] if end < len(doc) else None
    if line_start and (doc[start:end].text.isupper() or
                       (nxt is not None and nxt.text in (",", "–", "—", "-"))):
        return False
    if nxt is not None:
        if an.is_glue(end) or nxt.lower_ in _MODIFIED_NOUNS:
            return False
        if an.tagged and nxt.tag_ in ("NN", "NNS") and nxt.text.islower():
            return False
    first = _first_conjunct(an, start)
    while first > 0 and doc[first - 1].lower_ in ("both", "either", "neither", "the"):
        first -= 1
    return not (first > 0 and doc[first - 1].lower_ in _LOCATIVE)


def _institution_mentions(an: Analysis, persons: frozenset[int],
                          article_id: str) -> Iterator[ActorMention]:
    gaz = an.gazetteer
    for m in an.institutions:
        itype, code = m.itype, m.country
        if itype is None or code is None or any(i in persons for i in range(m.start, m.end)):
            continue
        start, end = m.start, m.end
        if m.qualifier is not None:
            start, end = min(start, m.qualifier[0]), max(end, m.qualifier[1])
        form = "name"
        if m.resolved and m.qualifier is None:
            start, form = start - 1 if start > 0 and an.words[start - 1] == "the" else start, \
                "nominal"
        country_name = gaz.country_name(code) or code
        demonym = gaz.demonyms.get(code)
        name = f"{demonym} {itype.label}" if demonym else f"{itype.label} of {country_name}"
        mention = _mention(an, start, end, article_id=article_id, kind=itype.kind, form=form)
        descriptor = Descriptor(article_id=article_id, text=mention.text, start=mention.start,
                                end=mention.end, role=None, country=code,
                                sector=str(itype.sector) if itype.sector else None,
                                producer=PRODUCER)
        yield ActorMention(mention=mention, name=name, key=f"inst:{code}:{itype.id}",
                           code=f"{code}{itype.role_code}", country=code,
                           sector=str(itype.sector) if itype.sector else None,
                           descriptors=(descriptor,))


def _org_name(words: list[str]) -> str:
    """Capitalise a machine-translated organisation name (``national security Council``)."""
    if not any(w[:1].isupper() for w in words):
        return " ".join(words)
    return " ".join(w if w[:1].isupper() or w in _FUNCTION_WORDS or not w.isalpha()
                    else w.capitalize() for w in words)


def _org_mentions(an: Analysis, taken: set[int], article_id: str) -> Iterator[ActorMention]:
    doc = an.doc
    acronyms: dict[str, tuple[str, tuple[int, int], str | None]] = {}
    found: list[ActorMention] = []
    for s, e in _ents(doc, "ORG"):
        while s < e and an.words[s] in ("the", "a", "an"):
            s += 1
        while e > s and (doc[e - 1].text in POSSESSIVE or not doc[e - 1].text[-1:].isalnum()):
            e -= 1
        if s >= e or any(i in taken or _covered(an, i) for i in range(s, e)):
            continue
        text = doc[s:e].text
        single = e - s == 1
        if single and not (text.isupper() and 2 <= len(text) <= 6):
            continue
        if single and text in acronyms:
            name, first, country = acronyms[text]
            found.append(ActorMention(
                mention=_mention(an, s, e, article_id=article_id, kind="organization",
                                 form="acronym"), name=name, antecedent=first))
            continue
        # "the Russian Center for reconciliation": spaCy stops the name before its "for" phrase.
        if an.words[e - 1] in _ORG_HEADS and e + 1 < len(doc) and an.words[e] in ("for", "of"):
            k = e + 1
            while k < len(doc) and k - e <= 4 and doc[k].is_alpha and k not in taken and (
                    not an.tagged or doc[k].pos_ in ("NOUN", "PROPN", "ADJ")):
                k += 1
            if k > e + 1:
                e = k
        toks = [doc[i].text for i in range(s, e)]
        country = next((an.country_at(i) for i in range(s, e) if an.country_at(i)), None)
        name = _org_name(toks)
        mention = _mention(an, s, e, article_id=article_id, kind="organization",
                           form="acronym" if single else "name")
        descs: tuple[Descriptor, ...] = ()
        if country is not None:
            descs = (Descriptor(article_id=article_id, text=mention.text, start=mention.start,
                                end=mention.end, country=country, producer=PRODUCER),)
        found.append(ActorMention(mention=mention, name=name, descriptors=descs))
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            acronym = doc[e + 1].text
            initials = "".join(w[0] for w in toks if w.lower() not in _FUNCTION_WORDS).upper()
            if acronym.isupper() and acronym == initials:
                acronyms[acronym] = (name, (mention.start, mention.end), country)
                found.append(ActorMention(
                    mention=_mention(an, e + 1, e + 2, article_id=article_id,
                                     kind="organization", form="acronym"),
                    name=name, antecedent=(mention.start, mention.end)))
                taken.add(e + 1)
        taken.update(range(s, e))
    yield from found
