"""Turning places and coded events into rows and back.

The conventions of :mod:`storyline.store.rows` and :mod:`storyline.store.analysis_rows` hold
here too: dates are ISO strings, spans are two integer columns, each row carries ``seq`` (its
position in the :class:`~storyline.records.ArticleAnalysis` tuple) so an analysis reads back in
the order it was saved. An event's place is a nested part read whole with its event, so it is a
compact JSON object in ``place_json`` (NULL for none) rather than a link into ``places``: an
event's place need not be one of its analysis's places, and it reads back exactly either way.

Values a row cannot hold exactly are refused with a ``ValueError`` before anything is written:
a float that is not finite (SQLite stores NaN as NULL, and JSON has no NaN) and, inside the JSON
of an event's place, an integer outside SQLite's signed 64-bit range (the same integer in a
column is refused by ``sqlite3`` with an ``OverflowError``; in JSON it would pass unnoticed, and
SQLite's own JSON functions could not read it).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Mapping
from typing import Any, Literal, cast

from storyline.records import DateGranularity, Event, EventDateSource, Modality, Place
from storyline.store.rows import Value, dumps

__all__ = [
    "EVENT_COLUMNS",
    "PLACE_COLUMNS",
    "cameo_root",
    "event_from_row",
    "event_to_row",
    "place_from_json",
    "place_from_row",
    "place_to_json",
    "place_to_row",
]

PLACE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "seq",
    "start",
    "end",
    "text",
    "name",
    "country",
    "country_fips",
    "admin1",
    "lat",
    "lon",
    "feature",
    "geonameid",
    "producer",
)
"""The ``places`` columns."""

EVENT_COLUMNS: tuple[str, ...] = (
    "article_id",
    "seq",
    "id",
    "start",
    "end",
    "trigger",
    "trigger_start",
    "trigger_end",
    "source",
    "source_start",
    "source_end",
    "source_actor",
    "source_code",
    "target",
    "target_start",
    "target_end",
    "target_actor",
    "target_code",
    "cameo",
    "cameo_root",
    "plover",
    "plover_mode",
    "goldstein",
    "quad_class",
    "modality",
    "asserted_by",
    "asserted_by_kind",
    "date",
    "date_granularity",
    "date_source",
    "place_json",
    "rule",
    "producer",
)
"""The ``events`` columns."""

_INT64 = (-(2**63), 2**63 - 1)


def cameo_root(code: str) -> str:
    """Return the root of a CAMEO event code: its first two characters (``0431`` -> ``04``)."""
    return code[:2]


def place_to_row(place: Place, *, seq: int) -> dict[str, Value]:
    """Return the ``places`` row of a place.

    Args:
        place: The place.
        seq: Its position in the analysis's ``places``.

    Returns:
        Column name to value, for every name in :data:`PLACE_COLUMNS`.

    Raises:
        ValueError: If ``lat`` or ``lon`` is not a finite number.
    """
    return {
        "article_id": place.article_id,
        "seq": seq,
        **_place_fields(place),
    }


def place_from_row(row: sqlite3.Row) -> Place:
    """Rebuild the place stored in a ``places`` row."""
    return Place(
        article_id=row["article_id"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        name=row["name"],
        country=row["country"],
        country_fips=row["country_fips"],
        admin1=row["admin1"],
        lat=row["lat"],
        lon=row["lon"],
        feature=row["feature"],
        geonameid=row["geonameid"],
        producer=row["producer"],
    )


def place_to_json(place: Place | None) -> str | None:
    """Return an event's place as the compact JSON of ``events.place_json`` (None for none).

    Raises:
        ValueError: If a coordinate is not finite, or an integer does not fit 64 bits.
    """
    if place is None:
        return None
    fields = {"article_id": place.article_id, **_place_fields(place)}
    for name in ("start", "end", "geonameid"):
        _check_int64(fields[name], f"place.{name}")
    return dumps(fields)


def place_from_json(text: str | None) -> Place | None:
    """Rebuild an event's place from ``events.place_json``."""
    if text is None:
        return None
    item: Mapping[str, Any] = json.loads(text)
    return Place(
        article_id=item["article_id"],
        start=item["start"],
        end=item["end"],
        text=item["text"],
        name=item["name"],
        country=item["country"],
        country_fips=item["country_fips"],
        admin1=item["admin1"],
        lat=item["lat"],
        lon=item["lon"],
        feature=item["feature"],
        geonameid=item["geonameid"],
        producer=item["producer"],
    )


def event_to_row(event: Event, *, seq: int) -> dict[str, Value]:
    """Return the ``events`` row of an event.

    Args:
        event: The event.
        seq: Its position in the analysis's ``events``.

    Returns:
        Column name to value, for every name in :data:`EVENT_COLUMNS`.

    Raises:
        ValueError: If ``goldstein`` or a coordinate of the place is not a finite number, or an
            integer of the place does not fit 64 bits.
    """
    return {
        "article_id": event.article_id,
        "seq": seq,
        "id": event.id,
        "start": event.start,
        "end": event.end,
        "trigger": event.trigger,
        "trigger_start": event.trigger_start,
        "trigger_end": event.trigger_end,
        "source": event.source,
        "source_start": event.source_start,
        "source_end": event.source_end,
        "source_actor": event.source_actor,
        "source_code": event.source_code,
        "target": event.target,
        "target_start": event.target_start,
        "target_end": event.target_end,
        "target_actor": event.target_actor,
        "target_code": event.target_code,
        "cameo": event.cameo,
        "cameo_root": cameo_root(event.cameo),
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "goldstein": _finite(event.goldstein, "goldstein"),
        "quad_class": event.quad_class,
        "modality": event.modality,
        "asserted_by": event.asserted_by,
        "asserted_by_kind": event.asserted_by_kind,
        "date": None if event.date is None else event.date.isoformat(),
        "date_granularity": event.date_granularity,
        "date_source": event.date_source,
        "place_json": place_to_json(event.place),
        "rule": event.rule,
        "producer": event.producer,
    }


def event_from_row(row: sqlite3.Row) -> Event:
    """Rebuild the event stored in an ``events`` row, with its current actor links."""
    date = row["date"]
    return Event(
        id=row["id"],
        article_id=row["article_id"],
        start=row["start"],
        end=row["end"],
        trigger=row["trigger"],
        trigger_start=row["trigger_start"],
        trigger_end=row["trigger_end"],
        source=row["source"],
        source_start=row["source_start"],
        source_end=row["source_end"],
        source_actor=row["source_actor"],
        source_code=row["source_code"],
        target=row["target"],
        target_start=row["target_start"],
        target_end=row["target_end"],
        target_actor=row["target_actor"],
        target_code=row["target_code"],
        cameo=row["cameo"],
        plover=row["plover"],
        plover_mode=row["plover_mode"],
        goldstein=row["goldstein"],
        quad_class=row["quad_class"],
        modality=cast("Modality", row["modality"]),
        asserted_by=row["asserted_by"],
        asserted_by_kind=cast("Literal['outlet', 'speaker'] | None", row["asserted_by_kind"]),
        date=None if date is None else dt.date.fromisoformat(date),
        date_granularity=cast("DateGranularity | None", row["date_granularity"]),
        date_source=cast("EventDateSource | None", row["date_source"]),
        place=place_from_json(row["place_json"]),
        rule=row["rule"],
        producer=row["producer"],
    )


def _place_fields(place: Place) -> dict[str, Value]:
    """A place's own fields (all but ``article_id``), as stored in a row or in JSON."""
    return {
        "start": place.start,
        "end": place.end,
        "text": place.text,
        "name": place.name,
        "country": place.country,
        "country_fips": place.country_fips,
        "admin1": place.admin1,
        "lat": _finite(place.lat, "place.lat"),
        "lon": _finite(place.lon, "place.lon"),
        "feature": place.feature,
        "geonameid": place.geonameid,
        "producer": place.producer,
    }


def _finite(value: float | None, name: str) -> float | None:
    # SQLite stores NaN as NULL and JSON has no NaN or infinity: refuse them rather than store a
    # value that reads back as something else.
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number or None, got {value!r}")
    return value


def _check_int64(value: Value, name: str) -> None:
    if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
        raise ValueError(f"{name} must fit a signed 64-bit integer, got {value!r}")
