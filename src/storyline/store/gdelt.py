"""Export coded events as a GDELT 2.0 event table (tab-separated, 61 columns).

The columns, their order and their meaning are those of the GDELT Event Codebook V2.0
(2015-02-19) and GDELT's 2.0 BigQuery schema; ``docs/gdelt-export.md`` says, column by column,
where each value comes from in storyline's records and which columns stay blank. Files have no
header row by default (GDELT's own files have none). :func:`write_gdelt` writes given events;
:func:`export_gdelt` writes every event of a store, naming linked actors by their canonical name.

Nothing here reads the clock: every date comes from the event or its article, so the same events
always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from storyline.extract.codebook import Codebook
from storyline.records import Article, Event, Place
from storyline.store.repository import Repository

__all__ = [
    "GDELT_COLUMNS",
    "GDELT_ROLE_CODES",
    "export_gdelt",
    "gdelt_event_id",
    "gdelt_row",
    "write_gdelt",
]

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
"""The 61 columns of a GDELT 2.0 event record, in the official order."""

GDELT_ROLE_CODES = frozenset({
    # Domestic roles and role classes of the CAMEO actor codebook (GDELT's Type1-3 columns).
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "PTY", "REB", "SEP", "SPY", "UAF",
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED",
    "REF", "MOD", "RAD",
    # Organisation classes (intergovernmental, militarised, NGO, movement, multinational...).
    "IGO", "IMG", "INT", "NGM", "NGO", "MNC", "UIS",
})
"""CAMEO role and organisation-class codes, written to the ActorNType1-3Code columns."""

_ORGANISATION_PREFIXES = frozenset({"IGO", "IMG", "INT", "NGM", "NGO", "MNC", "UIS"})
_KNOWN_GROUPS_AS_ROOT = frozenset({"UNO"})
_FEATURE_TYPES = {"country": 1, "admin1": 5}
_COUNTRY_BLOCK = re.compile(r"[A-Z]{3}")


def gdelt_event_id(event_id: str) -> int:
    """Return a stable positive integer for an event id (GDELT's GLOBALEVENTID is an integer).

    The first 60 bits of the id's SHA-256: the same event id always gives the same number, and
    the number fits a signed 64-bit integer column (BigQuery INTEGER).
    """
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:15], 16)


def _clean(text: str | None) -> str:
    # GDELT files are tab-separated without quoting: no tab or line break may reach a field.
    return "" if text is None else re.sub(r"[\t\r\n]+", " ", text).strip()


def _number(value: float | None, decimals: int = 4) -> str:
    if value is None:
        return ""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _actor_columns(code: str | None, name: str | None) -> list[str]:
    """The ten actor columns of one CAMEO-style actor code, split into 3-character blocks."""
    if not code or code.startswith("---"):
        return [""] + [_clean(name)] + [""] * 8 if name else [""] * 10
    code = code.strip().upper()
    blocks = [code[i:i + 3] for i in range(0, len(code), 3)]
    country = known_group = ""
    if blocks[0] in _KNOWN_GROUPS_AS_ROOT:
        known_group = blocks[0]
    elif blocks[0] not in GDELT_ROLE_CODES and _COUNTRY_BLOCK.fullmatch(blocks[0]):
        # CAMEO actor codes start with the country (ISO 3166 alpha-3, or a CAMEO region such as
        # AFR) unless they start with a role or an organisation class.
        country = blocks[0]
    elif blocks[0] in _ORGANISATION_PREFIXES:
        # IGOUNO -> UNO, NGOIRC -> IRC, IGOWSTNAT -> NAT: the named body is the last block that
        # is not a role. After a country (PSEREBHMS) such a block may as well be an ethnic or
        # religion code, which cannot be told apart without CAMEO's tables: left blank.
        named = [b for b in blocks[1:] if b not in GDELT_ROLE_CODES and len(b) == 3]
        known_group = named[-1] if named else ""
    start = 0 if blocks[0] in GDELT_ROLE_CODES else 1
    types = [b for b in blocks[start:] if b in GDELT_ROLE_CODES]
    types = (types + ["", "", ""])[:3]
    return [code, _clean(name), country, known_group, "", "", "", *types]


def _actor_name(actor_id: str | None, written: str | None, names: Mapping[str, str]) -> str | None:
    """The linked actor's canonical name where there is one, else the actor as written."""
    if actor_id is not None and actor_id in names:
        return names[actor_id]
    return written


def _date_columns(day: dt.date | None) -> list[str]:
    if day is None:
        return ["", "", "", ""]
    # GDELT's codebook gives FFFF as (MONTH * 30 + DAY) / 365, but its own rows count months from
    # zero (20190125 -> 2019.0685 = 2019 + 25/365): that is what is written here.
    fraction = ((day.month - 1) * 30 + day.day) / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
            f"{day.year + fraction:.4f}"]


def _geo_columns(place: Place | None) -> list[str]:
    if place is None:
        return [""] * 8
    fips = place.country_fips or ""
    is_us = fips == "US"
    geo_type = _FEATURE_TYPES.get(place.feature, 4)
    if geo_type == 5 and is_us:
        geo_type = 2
    elif geo_type == 4 and is_us:
        geo_type = 3
    adm1 = f"{fips}{place.admin1}" if fips and place.admin1 else ""
    if geo_type == 1:
        feature_id = fips
    elif geo_type in (2, 5):
        feature_id = adm1
    else:
        # GDELT's city FeatureIDs are GNS/GNIS ids; ours are GeoNames ids, another numbering,
        # so the column stays blank rather than look joinable with GDELT's.
        feature_id = ""
    return [str(geo_type), _clean(place.name), fips, adm1 if geo_type != 1 else "", "",
            _number(place.lat), _number(place.lon), feature_id]


def _is_root_event(event: Event, article: Article | None) -> str:
    if article is None:
        return ""
    lead_end = article.text.find("\n\n")
    return "1" if lead_end < 0 or event.start < lead_end else "0"


def gdelt_row(event: Event, article: Article | None, *,
              codebook: Codebook | None = None,
              actor_names: Mapping[str, str] | None = None) -> list[str]:
    """Return the 61 GDELT column values of one event (blank where storyline has no value).

    Args:
        event: The coded event.
        article: Its article, where known (dates, URL, lead paragraph).
        codebook: The CAMEO codebook, to fill a missing Goldstein value or quad class.
        actor_names: Canonical actor names by actor id: the Actor1/2Name of an event linked to
            one of them (``event.source_actor``, ``target_actor``); otherwise the actor as
            written in the text.

    Returns:
        The values, in :data:`GDELT_COLUMNS` order.
    """
    published = article.published.value if article is not None else None
    event_day = event.date or published
    added_day = published or event.date
    cameo = event.cameo.strip()
    goldstein, quad = event.goldstein, event.quad_class
    if codebook is not None and (goldstein is None or quad is None):
        entry = codebook.get(cameo)
        if entry is not None:
            goldstein = entry.goldstein if goldstein is None else goldstein
            quad = entry.quad_class if quad is None else quad
    source_url = (article.url or article.source) if article is not None else ""
    names = actor_names or {}
    source_name = _actor_name(event.source_actor, event.source, names)
    target_name = _actor_name(event.target_actor, event.target, names)
    return [
        str(gdelt_event_id(event.id)),
        *_date_columns(event_day),
        *_actor_columns(event.source_code, source_name),
        *_actor_columns(event.target_code, target_name),
        _is_root_event(event, article),
        cameo, cameo[:3], cameo[:2],
        "" if quad is None else str(quad),
        _number(goldstein, 1),
        # NumMentions, NumSources, NumArticles: one event found in one article. Counting the
        # mentions of one event across a story's articles needs duplicate detection (later).
        "1", "1", "1",
        "",
        *([""] * 8),
        *([""] * 8),
        *_geo_columns(event.place),
        added_day.strftime("%Y%m%d000000") if added_day is not None else "",
        _clean(source_url),
    ]


def write_gdelt(events: Iterable[Event], articles: Mapping[str, Article], out: TextIO, *,
                header: bool = False, codebook: Codebook | None = None,
                actor_names: Mapping[str, str] | None = None) -> int:
    """Write events as GDELT 2.0 event records, one tab-separated line each.

    Args:
        events: The events, written in the order given.
        articles: Articles by id; an event whose article is missing gets blank date, URL and
            root-event columns (unless the event has its own date).
        out: A text stream opened with ``newline=""`` or in text mode; lines end with ``\\n``.
        header: Write the column names as a first line (GDELT's files have none).
        codebook: The CAMEO codebook, to fill Goldstein values and quad classes the events lack.
        actor_names: Canonical actor names by actor id, for the Actor1/2Name of linked events
            (see :func:`gdelt_row`).

    Returns:
        The number of event records written (the header not counted).
    """
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    count = 0
    for event in events:
        row: Sequence[str] = gdelt_row(event, articles.get(event.article_id),
                                       codebook=codebook, actor_names=actor_names)
        out.write("\t".join(row) + "\n")
        count += 1
    return count


def export_gdelt(store: Repository, out: TextIO, *, header: bool = False,
                 codebook: Codebook | None = None, all_modalities: bool = False) -> int:
    """Write the events of a store as GDELT 2.0 event records (see :func:`write_gdelt`).

    Only events that belong in event data are written (:attr:`Event.in_event_data`): an act the
    text says did not happen ("did not clash", "may attack", "denied attacking") stays in the
    JSON export with its modality but is no GDELT row, unless ``all_modalities``.

    Events come in the store's order (:meth:`Repository.events`: event date, undated last, then
    article, then start). An event linked to an actor by the link stage gets the actor's
    canonical name in Actor1Name / Actor2Name (``Sergey Ryabkov`` for a source written ``the
    diplomat``); an unlinked one keeps the text's words. The articles of the events are read
    once each, for dates, URLs and the lead paragraph.

    Args:
        store: The store.
        out: A text stream opened with ``newline=""`` or in text mode; lines end with ``\\n``.
        header: Write the column names as a first line (GDELT's files have none).
        codebook: The CAMEO codebook, to fill Goldstein values and quad classes the events lack
            (the event coder fills them already, so normally none are missing).
        all_modalities: Write every event, whatever its modality.

    Returns:
        The number of event records written (the header not counted).
    """
    events = [e for e in store.events() if all_modalities or e.in_event_data]
    articles = {aid: store.get_article(aid) for aid in dict.fromkeys(e.article_id for e in events)}
    actor_names = {actor.id: actor.name for actor in store.actors()}
    return write_gdelt(events, articles, out, header=header, codebook=codebook,
                       actor_names=actor_names)
