"""Merging actor mentions across articles into one :class:`~storyline.records.Actor` per entity.

Rules, in order (see :func:`merge_actors`):

1. Mentions the gazetteer knows carry a key (``country:RUS``, ``group:nusra_front``,
   ``inst:RUS:defence_ministry``): one key, one actor. So ``Moscow`` (as a government),
   ``Russia`` and ``the Russian Federation`` are one actor, and so are ``Jabhat al-Nusra``,
   ``Nusra Front`` and ``Dzhebhat EN-Nusra``.
2. People are first grouped inside each article: full names by their folded form (accents, case,
   transliteration: ``Sergei``/``Sergey``, ``Alexei``/``Aleksey`` fold alike; particles such as
   ``al``/``de`` are ignored), nominals by the name the extractor resolved them to, and a lone
   surname joins the article's only full name with that surname.
3. Across articles, a full name joins an earlier group whose surname and first given name match
   (folded, or one edit apart for names of five letters or more: ``Piotr``/``Pyotr``) and whose
   countries do not conflict; two people who share a surname but not a given name, or whose
   descriptors name different countries, stay apart.
4. A lone surname with no full name in its article joins the one corpus group with that exact
   surname and no conflicting country; where two groups share it, the surname goes to the one whose
   country or role class it shares, and otherwise stays on its own: without evidence, two "Smith"s
   are not merged.
5. Other organisations merge on their folded name; an acronym an article defines (``NSC``) takes
   its long name.

Each actor's name is its most complete name (most words, then most frequent, then alphabetical);
its country and sector come from the reference data where the gazetteer knows it, else from its
descriptors (most frequent, then from the most specific descriptor, then alphabetical); its role is
the most specific one its descriptors give (most words, then most frequent, then alphabetical).
Every descriptor is kept on the actor as provenance. Actor ids are content hashes of kind and name,
so the same mentions in any order give the same actors and ids.

Cost: about linear in the mentions. One sort, O(M log M) for M mentions; everything else is a
dictionary look-up per mention or group. Groups are indexed by article and surname, and across
articles by the surname's *deletion variants* (the surname with up to two letters dropped,
O(L^2) strings for L letters: two words one or two edits apart always share one), so a name is
compared only with the groups whose surname may match it, never with every group of the corpus;
only people whose surnames match, or nearly, are compared pair by pair.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from rapidfuzz.distance import Levenshtein

from storyline.extract.actor_gazetteer import fold
from storyline.records import Actor, ActorKind, ActorMention, Descriptor, Mention

__all__ = ["MergedActors", "actor_id", "mention_key", "merge_actors", "name_key", "names_match"]

MentionKey = tuple[str, int, int]
"""``(article_id, start, end)`` of a mention."""

_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "al", "el",
                        "bin", "ibn", "abu", "le", "la", "du", "dos", "das", "ter", "ben", "an",
                        "ad", "as", "ash", "ar"})
_SPLIT = re.compile(r"[\s\-‐‑]+")
_ROLE_CODES = {"government": "GOV", "military": "MIL", "diplomat": "GOV", "media": "MED",
               "rebels": "REB", "ngo": "NGO", "expert": "EDU"}
_TRANSLIT = (("dzh", "j"), ("ks", "x"), ("kh", "h"), ("ph", "f"), ("w", "v"), ("y", "i"))
_DOUBLE = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True, kw_only=True)
class MergedActors:
    """The actors of a corpus, and which actor each mention belongs to.

    Attributes:
        actors: The actors, sorted by kind and name.
        actor_ids: ``(article_id, start, end)`` of each mention -> its actor's id.
    """

    actors: tuple[Actor, ...]
    actor_ids: Mapping[MentionKey, str] = field(default_factory=dict)


def _single(match: re.Match[str]) -> str:
    return match.group(1)


def _token(word: str) -> str:
    if word.isascii():
        plain = word.lower()  # NFKD changes no ASCII text, and casefold is lower for it
    else:
        decomposed = unicodedata.normalize("NFKD", word)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = plain.replace("'", "").replace("’", "").replace(".", "")
    for latin, sound in _TRANSLIT:
        plain = plain.replace(latin, sound)
    return _DOUBLE.sub(_single, plain)


def name_key(name: str) -> tuple[str, ...]:
    """Return the folded words of a person's name, particles dropped.

    Args:
        name: A name as written (``Bashar al-Assad``, ``Sergey Ryabkov``).

    Returns:
        The folded words (``("bashar", "assad")``, ``("sergei", "riabkov")``).
    """
    words = [w for w in _SPLIT.split(name.strip()) if w]
    kept = [w for w in words if not (w.casefold() in _PARTICLES and len(words) > 1)]
    return tuple(t for t in (_token(w) for w in kept) if t)


def _words_match(a: str, b: str) -> bool:
    """Folded words that are equal, or one edit apart (two for words of nine letters or more)
    when both have five letters or more (``Piotr``/``Pyotr``); rapidfuzz computes the distance."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    limit = 2 if min(len(a), len(b)) >= 9 else 1
    if abs(len(a) - len(b)) > limit:
        return False
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


_MAX_EDITS = 2
"""The most edits :func:`_words_match` allows between two words (of nine letters or more)."""


def _variants(word: str) -> set[str]:
    """The word with up to ``_MAX_EDITS`` letters deleted (itself included).

    Two words within that many edits of each other share at least one variant, so the variants
    index every word that may match a given one.
    """
    found = {word}
    frontier = {word}
    for _ in range(_MAX_EDITS):
        frontier = {w[:k] + w[k + 1:] for w in frontier for k in range(len(w))}
        found |= frontier
    return found


class _SurnameIndex:
    """Groups by surname, to find those whose surname may match a given one (while merging)."""

    def __init__(self) -> None:
        self._exact: dict[str, list[int]] = {}
        self._near: dict[str, list[int]] = {}

    def add(self, surname: str, position: int) -> None:
        self._exact.setdefault(surname, []).append(position)
        if len(surname) >= 5:  # shorter words only ever match exactly
            for variant in _variants(surname):
                self._near.setdefault(variant, []).append(position)

    def candidates(self, surname: str) -> list[int]:
        """Positions of the groups whose surname may match, in the order they were added."""
        found = set(self._exact.get(surname, ()))
        if len(surname) >= 5:
            for variant in _variants(surname):
                found.update(self._near.get(variant, ()))
        return sorted(found)


def names_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Return True when two folded full names may name one person.

    The surnames must match and so must the first given names (or one be the other's initial);
    middle names are ignored.

    Args:
        a, b: Keys from :func:`name_key`, each of two words or more.

    Returns:
        Whether the names are compatible.
    """
    if len(a) < 2 or len(b) < 2 or not _words_match(a[-1], b[-1]):
        return False
    ga, gb = a[0], b[0]
    if len(ga) == 1 or len(gb) == 1:
        return ga[0] == gb[0]
    return _words_match(ga, gb)


def actor_id(kind: str, name: str, salt: str = "") -> str:
    """Return the stable id of an actor: a hash of its kind and canonical name.

    Args:
        kind: The actor kind.
        name: The canonical name.
        salt: Extra content to tell apart two actors of the same kind and name (the first
            mention's position), empty otherwise.

    Returns:
        16 hex characters.
    """
    text = f"{kind}\x1f{name}" + (f"\x1f{salt}" if salt else "")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Group:
    """Mentions believed to be one actor, while merging."""

    items: list[ActorMention]
    key: tuple[str, ...] = ()
    countries: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)

    def add(self, items: Iterable[ActorMention]) -> None:
        for item in items:
            self.items.append(item)
            for d in item.descriptors:
                if d.country:
                    self.countries.add(d.country)
                if d.role:
                    self.classes.add(d.role.split()[-1])


def _sort_key(item: ActorMention) -> tuple[str, int, int, str, str]:
    m = item.mention
    return (m.article_id, m.start, m.end, item.name, m.kind)


def _person_groups(people: list[ActorMention]) -> list[_Group]:
    # 1. Inside each article.
    local: dict[tuple[str, tuple[str, ...]], _Group] = {}
    lone: dict[tuple[str, str], list[ActorMention]] = {}
    for item in people:
        key = name_key(item.name)
        if len(key) >= 2:
            group = local.setdefault((item.mention.article_id, key), _Group(items=[], key=key))
            group.add([item])
        elif key:
            lone.setdefault((item.mention.article_id, key[0]), []).append(item)
    fulls = sorted(local.items(), key=lambda kv: (-len(kv[0][1]), kv[0][1], kv[0][0]))
    owners_of: dict[tuple[str, str], list[_Group]] = {}
    for (article, key), group in fulls:
        owners_of.setdefault((article, key[-1]), []).append(group)
    loose: list[_Group] = []
    for (article, surname), items in sorted(lone.items()):
        owners = owners_of.get((article, surname), [])
        if len(owners) == 1:
            owners[0].add(items)
        else:
            group = _Group(items=[], key=(surname,))
            group.add(items)
            loose.append(group)
    # 2. Full names across articles.
    merged: list[_Group] = []
    index = _SurnameIndex()
    for _, group in fulls:
        candidates = (merged[k] for k in index.candidates(group.key[-1]))
        fits = [g for g in candidates if names_match(g.key, group.key)
                and not (g.countries and group.countries and not g.countries & group.countries)]
        if fits:
            best = max(fits, key=lambda g: (g.key == group.key, len(g.items)))
            best.add(group.items)
        else:
            index.add(group.key[-1], len(merged))
            merged.append(_Group(items=list(group.items), key=group.key,
                                 countries=set(group.countries), classes=set(group.classes)))
    # 3. Lone surnames across articles.
    by_surname: dict[str, list[_Group]] = {}
    for g in merged:
        by_surname.setdefault(g.key[-1], []).append(g)
    alone: list[_Group] = []
    alone_by_key: dict[tuple[str, ...], list[_Group]] = {}
    for group in loose:
        fits = [g for g in by_surname.get(group.key[0], ())
                if not (g.countries and group.countries and not g.countries & group.countries)]
        if len(fits) > 1:
            fits = [g for g in fits if g.countries & group.countries or g.classes & group.classes]
        if len(fits) == 1:
            fits[0].add(group.items)
            continue
        same = [g for g in alone_by_key.get(group.key, ())
                if g.countries & group.countries or g.classes & group.classes]
        if not fits and len(same) == 1:
            same[0].add(group.items)
        else:
            alone.append(group)
            alone_by_key.setdefault(group.key, []).append(group)
    return merged + alone


def _other_groups(items: list[ActorMention]) -> list[_Group]:
    by_key: dict[str, _Group] = {}
    defined: dict[str, set[str]] = {}
    for item in items:
        if item.mention.form == "acronym" and item.antecedent is not None:
            defined.setdefault(item.mention.text, set()).add(item.name)
    for item in items:
        if item.key is not None:
            key = item.key
        else:
            name = item.name
            if name in defined and len(defined[name]) == 1:
                name = next(iter(defined[name]))
            key = f"org:{item.mention.kind}:{fold(name)}"
        by_key.setdefault(key, _Group(items=[], key=(key,))).add([item])
    return [by_key[k] for k in sorted(by_key)]


def _pick(values: Iterable[tuple[str, int]]) -> str | None:
    """The most frequent value, ties to the most specific (longest) then alphabetical."""
    counts: Counter[str] = Counter()
    best_spec: dict[str, int] = {}
    for value, spec in values:
        counts[value] += 1
        best_spec[value] = max(best_spec.get(value, 0), spec)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], -best_spec[v], v))


def _specificity(d: Descriptor) -> int:
    return len(d.role.split()) if d.role else 0


def _canonical_name(group: _Group, kind: ActorKind) -> str:
    named = [i for i in group.items if i.mention.form != "nominal"] or group.items
    counts = Counter(i.name for i in named)
    if kind == "person":
        return min(counts, key=lambda n: (-len(name_key(n)), -counts[n], n))
    keyed = [i.name for i in named if i.key is not None]
    if keyed:
        return min(keyed)
    return min(counts, key=lambda n: (-len(n.split()), -counts[n], n))


def _build(group: _Group) -> tuple[Actor, str]:
    items = sorted(group.items, key=_sort_key)
    kinds = Counter(i.mention.kind for i in items)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    name = _canonical_name(group, kind)
    aliases: set[str] = set()
    for item in items:
        if item.mention.form == "nominal":
            continue
        aliases.add(item.name)
        if kind != "person":
            text = item.mention.text
            aliases.add(text[4:] if text.lower().startswith("the ") else text)
    aliases.discard(name)
    descriptors = sorted({d for i in items for d in i.descriptors},
                         key=lambda d: (d.article_id, d.start, d.end, d.role or "", d.producer))
    known = [i for i in items if i.key is not None]
    role = None
    roles = [(d.role, _specificity(d)) for d in descriptors if d.role]
    if roles:
        counts = Counter(r for r, _ in roles)
        role = min(counts, key=lambda r: (-len(r.split()), -counts[r], r))
    country = _pick((i.country, 0) for i in known if i.country) or \
        _pick((d.country, _specificity(d)) for d in descriptors if d.country)
    sector = _pick((i.sector, 0) for i in known if i.sector) or \
        _pick((d.sector, _specificity(d)) for d in descriptors if d.sector)
    code = next((i.code for i in known if i.code), None)
    if code is None and country is not None:
        suffix = _ROLE_CODES.get(sector or "", "") if len(country) == 3 and \
            country not in ("UNO", "IGO", "NGO") else ""
        code = country + suffix
    first = items[0].mention
    actor = Actor(id="", name=name, aliases=tuple(sorted(aliases)), kind=kind, role=role,
                  country=country, sector=sector, code=code, descriptors=tuple(descriptors),
                  mentions=tuple(i.mention for i in items))
    return actor, f"{first.article_id}:{first.start}"


def merge_actors(mentions_and_descriptors: Iterable[ActorMention]) -> MergedActors:
    """Merge actor mentions from any number of articles into one actor per entity.

    Args:
        mentions_and_descriptors: What :func:`storyline.extract.actors.actor_mentions` yielded
            for each article, in any order.

    Returns:
        The actors (sorted by kind, name and id) with every mention's actor id filled in, and the
        mention -> actor id mapping.
    """
    unique = {(_sort_key(i), i.key or "", i.descriptors): i for i in mentions_and_descriptors}
    items = sorted(unique.values(), key=_sort_key)
    people = [i for i in items if i.mention.kind == "person" and i.key is None]
    others = [i for i in items if not (i.mention.kind == "person" and i.key is None)]
    built = [_build(g) for g in (*_person_groups(people), *_other_groups(others))]
    names = Counter((a.kind, a.name) for a, _ in built)
    actors: list[Actor] = []
    ids: dict[MentionKey, str] = {}
    for actor, salt in built:
        aid = actor_id(actor.kind, actor.name, salt if names[(actor.kind, actor.name)] > 1 else "")
        linked = tuple(dataclasses.replace(m, actor_id=aid) for m in actor.mentions)
        actors.append(dataclasses.replace(actor, id=aid, mentions=linked))
        for m in linked:
            ids[(m.article_id, m.start, m.end)] = aid
    actors.sort(key=lambda a: (a.kind, a.name, a.id))
    return MergedActors(actors=tuple(actors), actor_ids=MappingProxyType(ids))


def mention_key(mention: Mention) -> MentionKey:
    """Return the ``(article_id, start, end)`` key of a mention in ``MergedActors.actor_ids``."""
    return (mention.article_id, mention.start, mention.end)
