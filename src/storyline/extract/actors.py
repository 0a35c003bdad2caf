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
4. People (:mod:`storyline.extract.people`): spaCy ``PERSON`` entities cleaned of titles, and
   capitalised names right after a title the model missed (``UN Special Envoy for Syria Staffan
   de Mistura``); a name in brackets joins the surname after it (``Mr (Vladimir) Putin``); a
   surname that spaCy labelled as something else is still a person when the article gave the
   full name (``Lavrov`` after ``Sergei Lavrov``); a one-word "person" that the article
   elsewhere uses as a place (``Aleppo``) is not.
5. Nominals (``the diplomat``, ``the defence minister``, ``the representative of the defense
   Ministry``), resolved to the one person named earlier in the article whose titles fit; an
   ambiguous nominal (two ministers fit ``the minister``) is dropped, never guessed.
6. Other spaCy ``ORG`` entities of two words or more (``the national security Council``), and
   acronyms an article defines in brackets (``(NSC)``).

The extractor is a generator with keyword-only options and does not change its input. Every rule
works from one :func:`~storyline.extract.actor_matches.analyse` pass over the document, which reads
spaCy's tokens once; see that module for how matching stays about linear in the tokens.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from storyline.extract.actor_gazetteer import ActorGazetteer
from storyline.extract.actor_matches import POSSESSIVE, PRODUCER, Analysis, analyse
from storyline.extract.people import person_mentions, persons
from storyline.records import ActorMention, Descriptor, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PRODUCER", "ActorMention", "actor_mentions", "descriptors", "mentions"]

_LOCATIVE = frozenset({"in", "at", "to", "from", "near", "into", "inside", "outside", "across",
                       "around", "via", "through", "throughout", "within", "toward", "towards",
                       "of", "over", "off"})
_MODIFIED_NOUNS = frozenset({"time", "office", "region", "province", "airport", "summit",
                             "meeting", "talks", "format", "process", "conference", "street"})
_ORG_HEADS = frozenset({"center", "centre", "committee", "council", "office", "institute",
                        "agency", "commission", "foundation", "fund", "organisation",
                        "organization", "union", "association", "party", "movement", "front",
                        "coalition", "bureau", "service", "department", "court", "forum"})
_FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to", "at"})


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
    people = persons(an)
    person_tokens = frozenset(i for p in people for i in range(p.start, p.end))
    found: list[ActorMention] = []
    found.extend(person_mentions(an, people, person_tokens, article_id))
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


def _token_span(doc: Doc, mention: Mention) -> tuple[int, int]:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


# --- known actors, capitals, institutions, other organisations ------------------------------------


def _name_mentions(an: Analysis, persons: frozenset[int],
                   article_id: str) -> Iterator[ActorMention]:
    person_ents = {i for s, e in an.ents_of("PERSON") for i in range(s, e)}
    for m in an.names:
        entry = m.entry
        if entry is None or any(i in persons for i in range(m.start, m.end)):
            continue
        if entry.kind == "country" and m.end - m.start == 1 and m.start in person_ents:
            continue  # "Chad", "Jordan" as a person's name
        text = an.span_text(m.start, m.end)
        form = "acronym" if text.replace(".", "").isupper() and len(text) <= 6 else "name"
        yield ActorMention(
            mention=an.mention(m.start, m.end, article_id=article_id, kind=entry.kind, form=form),
            name=entry.name, key=entry.key, code=entry.code, country=entry.country,
            sector=str(entry.sector) if entry.sector is not None else None)


def _first_conjunct(an: Analysis, i: int) -> int:
    """Walk back over ``X and``/``X ,`` to the first of a list of names (``Moscow and Damascus``).
    """
    while i >= 2 and an.lowers[i - 1] in ("and", ",") and an.texts[i - 2][:1].isupper():
        i -= 2
        while i > 0 and an.country_at(i - 1) is not None and an.country_at(i) is not None:
            i -= 1
    return i


def _metonym_mentions(an: Analysis, persons: frozenset[int],
                      article_id: str) -> Iterator[ActorMention]:
    gaz, n = an.gazetteer, len(an.texts)
    blocked = {i for label in ("PERSON", "ORG") for s, e in an.ents_of(label)
               for i in range(s, e)}
    capitals = [i for i, text in enumerate(an.texts) if text[:1].isupper()]
    for size in (3, 2, 1):
        for start in capitals:
            end = start + size
            if end > n:
                break
            code = gaz.metonyms.get(an.key(start, end))
            if code is None or any(
                    i in persons or i in blocked or an.covering(i) for i in range(start, end)):
                continue
            if not _is_metonym(an, start, end):
                continue
            entry = gaz.entries[f"country:{code}"]
            yield ActorMention(
                mention=an.mention(start, end, article_id=article_id, kind="country",
                                   form="name"),
                name=entry.name, key=entry.key, code=entry.code, country=code)


def _is_metonym(an: Analysis, start: int, end: int) -> bool:
    """A capital names its government unless it is a place, a dateline or a modifier."""
    texts, lowers, at = an.texts, an.lowers, an.starts[start]
    before = an.text[max(0, at - 2):at]
    line_start = start == 0 or "\n" in before or texts[start - 1].isspace()
    nxt = texts[end] if end < len(texts) else None
    if line_start and (an.span_text(start, end).isupper() or
                       (nxt is not None and nxt in (",", "–", "—", "-"))):
        return False
    if nxt is not None:
        if an.is_glue(end) or lowers[end] in _MODIFIED_NOUNS:
            return False
        if an.tagged and an.tags[end] in ("NN", "NNS") and nxt.islower():
            return False
    first = _first_conjunct(an, start)
    while first > 0 and lowers[first - 1] in ("both", "either", "neither", "the"):
        first -= 1
    return not (first > 0 and lowers[first - 1] in _LOCATIVE)


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
        mention = an.mention(start, end, article_id=article_id, kind=itype.kind, form=form)
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
    texts, n = an.texts, len(an.texts)
    acronyms: dict[str, tuple[str, tuple[int, int], str | None]] = {}
    found: list[ActorMention] = []
    for s, e in an.ents_of("ORG"):
        while s < e and an.words[s] in ("the", "a", "an"):
            s += 1
        while e > s and (texts[e - 1] in POSSESSIVE or not texts[e - 1][-1:].isalnum()):
            e -= 1
        if s >= e or any(i in taken or an.covered(i) for i in range(s, e)):
            continue
        text = an.span_text(s, e)
        single = e - s == 1
        if single and not (text.isupper() and 2 <= len(text) <= 6):
            continue
        if single and text in acronyms:
            name, first, country = acronyms[text]
            found.append(ActorMention(
                mention=an.mention(s, e, article_id=article_id, kind="organization",
                                   form="acronym"), name=name, antecedent=first))
            continue
        # "the Russian Center for reconciliation": spaCy stops the name before its "for" phrase.
        if an.words[e - 1] in _ORG_HEADS and e + 1 < n and an.words[e] in ("for", "of"):
            k = e + 1
            while k < n and k - e <= 4 and texts[k].isalpha() and k not in taken and (
                    not an.tagged or an.pos[k] in ("NOUN", "PROPN", "ADJ")):
                k += 1
            if k > e + 1:
                e = k
        toks = list(texts[s:e])
        country = next((an.country_at(i) for i in range(s, e) if an.country_at(i)), None)
        name = _org_name(toks)
        mention = an.mention(s, e, article_id=article_id, kind="organization",
                             form="acronym" if single else "name")
        descs: tuple[Descriptor, ...] = ()
        if country is not None:
            descs = (Descriptor(article_id=article_id, text=mention.text, start=mention.start,
                                end=mention.end, country=country, producer=PRODUCER),)
        found.append(ActorMention(mention=mention, name=name, descriptors=descs))
        if e + 2 < n and texts[e] == "(" and texts[e + 2] == ")":
            acronym = texts[e + 1]
            initials = "".join(w[0] for w in toks if w.lower() not in _FUNCTION_WORDS).upper()
            if acronym.isupper() and acronym == initials:
                acronyms[acronym] = (name, (mention.start, mention.end), country)
                found.append(ActorMention(
                    mention=an.mention(e + 1, e + 2, article_id=article_id,
                                       kind="organization", form="acronym"),
                    name=name, antecedent=(mention.start, mention.end)))
                taken.add(e + 1)
        taken.update(range(s, e))
    yield from found
