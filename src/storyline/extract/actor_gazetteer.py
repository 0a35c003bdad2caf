"""The actor gazetteer: countries, international bodies, institutions, armed groups, media, roles.

The reference data lives in versioned package data (``storyline/data/actors/*.json``); this module
loads it into an immutable :class:`ActorGazetteer` and knows how to look names up in it. Nothing
happens at import time and nothing here is a mutable global: the caller loads the gazetteer once
and passes it to :func:`storyline.extract.actors.actor_mentions`.

Name keys are *folded*: NFKD without accents, case-folded, apostrophes unified, dots dropped
(``U.S.`` -> ``us``), hyphens read as spaces and a leading ``the`` dropped. Acronyms (``US``,
``IS``, ``AP``) only match when written in capitals, so that the pronoun ``us`` is never the United
States. Transliterated Arabic names of armed groups also match through their consonant skeleton
(``Dzhebhat EN-Nusra`` and ``Jabhat al-Nusra`` both give ``{jbht, nsr}``), see :func:`skeleton`.

Folding is split in two so that a matcher can fold each token once and build the key of any run
of tokens from the pieces (:func:`fold_pieces`, :func:`join_folded`): every step before the
split is character by character, so the pieces of a text are the pieces of its parts, glued. The
gazetteer also holds, built at load time, the string prefixes of its name keys and the word
prefixes of its role and institution terms, so that matching stops as soon as no name can follow.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import cast

from storyline.extract.package_data import load_versioned_json, record_list
from storyline.records import ActorKind

__all__ = [
    "ActorGazetteer",
    "Entry",
    "InstitutionType",
    "RoleTerm",
    "Sector",
    "fold",
    "fold_pieces",
    "is_acronym",
    "join_folded",
    "load_actor_gazetteer",
    "lookup",
    "lookup_transliterated",
    "skeleton",
]

_FILES = ("countries", "bodies", "institutions", "groups", "media", "roles")


class Sector(StrEnum):
    """What kind of actor a descriptor says someone or something is (a closed set)."""

    GOVERNMENT = "government"
    MILITARY = "military"
    DIPLOMAT = "diplomat"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    NGO = "ngo"
    MEDIA = "media"
    REBELS = "rebels"
    TERRORIST_GROUP = "terrorist_group"
    EXPERT = "expert"


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One actor the gazetteer knows by name: a country, body, named institution, group or outlet.

    Attributes:
        key: Stable key (``country:RUS``, ``body:icrc``, ``group:nusra_front``, ``media:tass``,
            ``inst:usa_white_house``); mentions with the same key are the same actor.
        name: Canonical name.
        kind: The actor kind.
        code: CAMEO-style actor code (``RUS``, ``UNO``, ``NGOIRC``, ``USAGOV``).
        country: Affiliation code: ISO alpha-3 for national actors, ``UNO``/``IGO``/``NGO`` for
            international ones, None for transnational groups.
        sector: The sector the reference data gives.
        aliases: Other names it is known by.
    """

    key: str
    name: str
    kind: ActorKind
    code: str | None
    country: str | None
    sector: Sector | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class InstitutionType:
    """A generic state institution that attaches to a country (``the Russian defence ministry``).

    Attributes:
        id: ``defence_ministry``, ``military``...
        label: Label used in canonical names (``Ministry of Defence``).
        kind: The actor kind of a matched institution.
        role_code: CAMEO role code appended to the country code (``MIL`` -> ``RUSMIL``).
        sector: Sector of the institution, when it has one.
    """

    id: str
    label: str
    kind: ActorKind
    role_code: str
    sector: Sector | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleTerm:
    """A role word or phrase (``deputy foreign minister``) and what it says about its holder.

    Attributes:
        words: The folded words of the term.
        sector: The sector the term implies.
        strong: True when the term keeps its sector whatever organisation follows it (a general
            of any body is military; a president of the ICRC is not government).
        classes: Nouns a later nominal may use for the holder; the first is the term's own class.
    """

    words: tuple[str, ...]
    sector: Sector
    strong: bool
    classes: tuple[str, ...]

    @property
    def text(self) -> str:
        """The term as a space-joined string."""
        return " ".join(self.words)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorGazetteer:
    """Immutable reference data the actor extractor reads.

    Attributes:
        version: ``actors-<n>`` (the sum of the data files' versions), recorded with each run.
        entries: Every named entry by key.
        names: Folded name -> keys of the entries it may denote, with the exact spelling required
            (for acronyms) or ``""``.
        skeletons: Consonant skeleton of multi-word group names -> key.
        adjectives: Nationality adjective -> country code; folded, except acronyms (``US``),
            which keep their capitals.
        demonyms: Country code -> the adjective used in canonical names (``Russian``).
        metonyms: Folded capital read as its government (``moscow``) -> country code.
        institution_types: Folded alias words -> institution type.
        roles: Folded role-term words -> role term.
        honorifics: Folded honorifics (``mr``, ``dr``).
        abbreviations: Folded abbreviation or spelling variant -> the word it stands for
            (``lt`` -> ``lieutenant``, ``defense`` -> ``defence``).
        modifiers: Words that may stand before a role in a title or nominal (``deputy``,
            ``senior``).
        max_name_words: The most words any name or term has (bounds the matcher's windows).
        name_prefixes: Every string prefix of every key of ``names`` (``w``, ``wh``... ``white
            house``): a run of tokens whose key is not one of them starts no name.
        phrases: Role terms and institution types in one table (a role wins a tie), matched in
            one longest-first pass.
        phrase_prefixes: Every word prefix of every key of ``phrases``.
    """

    version: str
    entries: Mapping[str, Entry]
    names: Mapping[str, tuple[tuple[str, str], ...]]
    skeletons: Mapping[frozenset[str], str]
    adjectives: Mapping[str, str]
    demonyms: Mapping[str, str]
    metonyms: Mapping[str, str]
    institution_types: Mapping[tuple[str, ...], InstitutionType]
    roles: Mapping[tuple[str, ...], RoleTerm]
    honorifics: frozenset[str]
    abbreviations: Mapping[str, str]
    modifiers: frozenset[str]
    max_name_words: int
    name_prefixes: frozenset[str]
    phrases: Mapping[tuple[str, ...], InstitutionType | RoleTerm]
    phrase_prefixes: frozenset[tuple[str, ...]]

    def country_name(self, code: str) -> str | None:
        """Return the canonical name of a country code, or None when it is not a country."""
        entry = self.entries.get(f"country:{code}")
        return entry.name if entry is not None else None

    def adjective(self, text: str, *, key: str | None = None) -> str | None:
        """Return the country code of a nationality adjective as written, or None.

        Args:
            text: The adjective as written.
            key: ``fold(text)``, when the caller has it already.
        """
        exact = text.replace(".", "")
        if exact in self.adjectives and is_acronym(text):
            return self.adjectives[exact]
        return self.adjectives.get(fold(text) if key is None else key)

    def word(self, text: str, *, key: str | None = None) -> str:
        """Fold a word, expanding abbreviations and spelling variants (``Gen.`` -> ``general``).

        Args:
            text: The word as written.
            key: ``fold(text)``, when the caller has it already.
        """
        folded = fold(text) if key is None else key
        return self.abbreviations.get(folded, self.abbreviations.get(text.lower(), folded))


# Spaces and hyphens separate the words of a key; runs of them count as one.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})


def fold_pieces(text: str) -> list[str]:
    """Return the folded pieces of a text, split at every run of spaces and hyphens.

    Accents are stripped (NFKD), case folded, apostrophes unified and dots dropped, one character
    at a time, so the pieces of ``a + b`` are those of ``a`` and ``b`` with the last of ``a``
    glued to the first of ``b`` (or not, when a space stands between them). The first and last
    pieces are empty when the text starts or ends with a separator.

    Args:
        text: Any text (``U.S.-backed``).

    Returns:
        The pieces (``["us", "backed"]``); :func:`join_folded` makes them a key.
    """
    if text.isascii():
        if text.isalnum():
            return [text.lower()]  # the common case: one plain word, nothing to split or drop
        plain = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.translate(_APOSTROPHES).casefold().replace(".", "")
    return _SEPARATORS.split(plain)


def join_folded(pieces: Iterable[str]) -> str:
    """Return the key that folded pieces make: the non-empty ones, without a leading ``the``.

    Args:
        pieces: Pieces from :func:`fold_pieces`, of one text or of consecutive parts of one.

    Returns:
        The folded key.
    """
    words = [p for p in pieces if p]
    if len(words) >= 2 and words[0] == "the":
        del words[0]
    return " ".join(words)


def fold(text: str) -> str:
    """Return the lookup key of a name: accents, case, dots, hyphens and a leading ``the`` folded.

    Args:
        text: A name as written (``the U.S. State Department``).

    Returns:
        The folded key (``us state department``).
    """
    return join_folded(fold_pieces(text))


# Arabic article forms, and the small words of Arabic names, that transliterations keep or drop
# at will (al-Nusra, an-Nusra, EN-Nusra; li-Ahl).
_ARABIC_ARTICLES = frozenset({"al", "el", "an", "en", "ad", "as", "ash", "ar", "az", "at", "ul",
                              "li", "wal", "wa", "of", "the", "and"})
# Latin renderings of the same consonant, longest first (Russian-style Dzh- for Arabic J-).
_TRANSLIT = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("sh", "s"), ("th", "t"),
             ("dh", "d"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("c", "k"))
_VOWELS = re.compile(r"[aeiouy']")
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(text: str) -> frozenset[str]:
    """Return the consonant skeleton of a transliterated multi-word name, as a word set.

    Arabic articles are dropped, Latin digraphs for one consonant unified, vowels and doubled
    letters removed; word order is ignored, since translations swap it (``al-Nusra Dzhebhat``).

    Args:
        text: A name (``Dzhebhat EN-Nusra``).

    Returns:
        The skeleton words (``{"jbht", "nsr"}``); empty when fewer than two words remain.
    """
    return _skeleton_of(fold(text))


def _skeleton_of(key: str) -> frozenset[str]:
    words = []
    for word in key.split():
        if word in _ARABIC_ARTICLES:
            continue
        for latin, sound in _TRANSLIT:
            word = word.replace(latin, sound)
        word = _DOUBLE.sub(r"\1", _VOWELS.sub("", word))
        if len(word) >= 2:
            words.append(word)
    return frozenset(words) if len(words) >= 2 else frozenset()


def is_acronym(name: str) -> bool:
    """Return True for names that only count when written in capitals (``US``, ``IS``, ``AP``)."""
    letters = name.replace(".", "").replace("-", "").replace("/", "")
    return 0 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


def _load(name: str) -> dict[str, object]:
    return load_versioned_json(f"actors/{name}.json")


def _records(raw: Mapping[str, object], key: str) -> list[dict[str, object]]:
    return record_list(raw, key, what="actor data")


def _strs(record: Mapping[str, object], key: str) -> tuple[str, ...]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"actor data: {key!r} must be a list in {record!r}")
    return tuple(str(v) for v in value)


def _opt(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def _sector(record: Mapping[str, object]) -> Sector | None:
    value = record.get("sector")
    return None if value is None else Sector(str(value))


class _Builder:
    """Collects entries and name keys while the data files are read (load time only)."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.names: dict[str, list[tuple[str, str]]] = {}
        self.skeletons: dict[frozenset[str], str] = {}
        self.max_words = 1

    def add(self, entry: Entry, *, transliterated: bool = False) -> None:
        self.entries[entry.key] = entry
        for name in (entry.name, *entry.aliases):
            key = fold(name)
            if not key:
                continue
            exact = name.replace(".", "") if is_acronym(name) else ""
            hits = self.names.setdefault(key, [])
            if (entry.key, exact) not in hits:
                hits.append((entry.key, exact))
            # Hyphens and abbreviation dots are tokens of their own: bound the token window.
            self.max_words = max(self.max_words, min(2 * len(key.split()) + 1, 12))
            if transliterated:
                shape = skeleton(name)
                if shape:
                    self.skeletons.setdefault(shape, entry.key)


def _add_countries(builder: _Builder, raw: Mapping[str, object], adjectives: dict[str, str],
                   demonyms: dict[str, str], metonyms: dict[str, str]) -> None:
    for rec in _records(raw, "countries"):
        code = str(rec["code"])
        builder.add(Entry(key=f"country:{code}", name=str(rec["name"]), kind="country", code=code,
                          country=code, sector=None, aliases=_strs(rec, "aliases")))
        for adjective in _strs(rec, "adjectives"):
            key = adjective.replace(".", "") if is_acronym(adjective) else fold(adjective)
            adjectives.setdefault(key, code)
            demonyms.setdefault(code, adjective)
        for city in _strs(rec, "metonyms"):
            metonyms.setdefault(fold(city), code)


def _add_named(builder: _Builder, raw: Mapping[str, object], list_key: str, prefix: str,
               kind: ActorKind) -> None:
    for rec in _records(raw, list_key):
        sector = Sector.MEDIA if prefix == "media" else _sector(rec)
        country = _opt(rec, "affiliation") or _opt(rec, "country")
        code = _opt(rec, "code")
        if code is None and country is not None and prefix == "media":
            code = f"{country}MED"
        builder.add(Entry(key=f"{prefix}:{rec['id']}", name=str(rec["name"]), kind=kind,
                          code=code, country=country, sector=sector,
                          aliases=_strs(rec, "aliases")),
                    transliterated=prefix == "group")


def load_actor_gazetteer() -> ActorGazetteer:
    """Load the actor reference data from the package data.

    Returns:
        The immutable gazetteer, to be passed to :func:`storyline.extract.actors.actor_mentions`.

    Raises:
        ValueError: If a packaged data file is malformed (a packaging bug).
    """
    raw = {name: _load(name) for name in _FILES}
    builder = _Builder()
    adjectives: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    metonyms: dict[str, str] = {}
    _add_countries(builder, raw["countries"], adjectives, demonyms, metonyms)
    _add_named(builder, raw["bodies"], "bodies", "body", "organization")
    _add_named(builder, raw["institutions"], "named", "inst", "organization")
    _add_named(builder, raw["groups"], "groups", "group", "group")
    _add_named(builder, raw["media"], "media", "media", "organization")

    institution_types: dict[tuple[str, ...], InstitutionType] = {}
    abbreviations = {fold(k): str(v) for k, v in
                     cast(dict[str, object], raw["roles"]["abbreviations"]).items()}

    def words(text: str) -> tuple[str, ...]:
        return tuple(abbreviations.get(w, w) for w in fold(text).split())

    for rec in _records(raw["institutions"], "types"):
        kind = cast(ActorKind, str(rec["kind"]))
        itype = InstitutionType(id=str(rec["id"]), label=str(rec["label"]), kind=kind,
                                role_code=str(rec["role_code"]), sector=_sector(rec))
        for alias in _strs(rec, "aliases"):
            institution_types[words(alias)] = itype
    roles: dict[tuple[str, ...], RoleTerm] = {}
    for rec in _records(raw["roles"], "terms"):
        term_words = words(str(rec["term"]))
        roles[term_words] = RoleTerm(words=term_words, sector=Sector(str(rec["sector"])),
                                     strong=bool(rec.get("strong", False)),
                                     classes=_strs(rec, "classes") or (" ".join(term_words),))
    max_words = max([builder.max_words, *(len(k) for k in institution_types),
                     *(len(k) for k in roles)])
    phrases: dict[tuple[str, ...], InstitutionType | RoleTerm] = dict(institution_types)
    phrases.update(roles)
    version = sum(int(str(r["version"])) for r in raw.values())
    return ActorGazetteer(
        version=f"actors-{version}",
        entries=MappingProxyType(dict(builder.entries)),
        names=MappingProxyType({k: tuple(v) for k, v in builder.names.items()}),
        skeletons=MappingProxyType(dict(builder.skeletons)),
        adjectives=MappingProxyType(adjectives),
        demonyms=MappingProxyType(demonyms),
        metonyms=MappingProxyType(metonyms),
        institution_types=MappingProxyType(institution_types),
        roles=MappingProxyType(roles),
        honorifics=frozenset(fold(h) for h in _strs(raw["roles"], "honorifics")),
        abbreviations=MappingProxyType(abbreviations),
        modifiers=frozenset(fold(m) for m in _strs(raw["roles"], "modifiers")),
        max_name_words=max_words,
        name_prefixes=frozenset(k[:n] for k in builder.names for n in range(1, len(k) + 1)),
        phrases=MappingProxyType(phrases),
        phrase_prefixes=frozenset(k[:n] for k in phrases for n in range(1, len(k) + 1)),
    )


def lookup(gazetteer: ActorGazetteer, text: str, *, key: str | None = None) -> tuple[Entry, ...]:
    """Return the entries a written name denotes, honouring the capitals rule for acronyms.

    Args:
        gazetteer: The loaded gazetteer.
        text: A name as written (``the White house``, ``U.S.``).
        key: ``fold(text)``, when the caller has it already.

    Returns:
        The matching entries (usually one; empty when the name is unknown).
    """
    hits = gazetteer.names.get(fold(text) if key is None else key, ())
    if not hits:
        return ()
    written = text.replace(".", "")
    keys = dict.fromkeys(k for k, exact in hits if not exact or exact == written)
    return tuple(gazetteer.entries[k] for k in keys)


def lookup_transliterated(gazetteer: ActorGazetteer, text: str, *,
                          key: str | None = None) -> Entry | None:
    """Return the armed group whose multi-word name has the same consonant skeleton, or None.

    Args:
        gazetteer: The loaded gazetteer.
        text: A name as written (``Dzhebhat EN-Nusra``).
        key: ``fold(text)``, when the caller has it already.

    Returns:
        The entry, or None when no group name has that skeleton.
    """
    shape = _skeleton_of(fold(text) if key is None else key)
    found = gazetteer.skeletons.get(shape) if shape else None
    return gazetteer.entries[found] if found is not None else None
