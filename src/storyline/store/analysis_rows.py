"""Turning extraction records (actor mentions, quotes, times, actors) into rows and back.

The conventions of :mod:`storyline.store.rows` hold here too: dates are ISO strings, a span or an
antecedent is two integer columns (both NULL for none), booleans are 0/1, and the nested parts
(descriptors, aliases, producers) are compact JSON read whole with their row. Each record row
carries ``seq``, its position in the :class:`~storyline.records.ArticleAnalysis` tuple it came
from, so an analysis reads back in the order it was saved.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

from storyline.records import (
    Actor,
    ActorKind,
    ActorMention,
    DateGranularity,
    Descriptor,
    Mention,
    Quote,
    TimeExpr,
    TimexType,
)
from storyline.store.rows import Value, dumps

__all__ = [
    "ACTOR_COLUMNS",
    "MENTION_COLUMNS",
    "QUOTE_COLUMNS",
    "TIME_COLUMNS",
    "actor_from_row",
    "actor_mention_from_row",
    "actor_mention_to_row",
    "actor_to_row",
    "descriptors_from_json",
    "descriptors_to_json",
    "mention_from_row",
    "producers_from_json",
    "producers_to_json",
    "quote_from_row",
    "quote_to_row",
    "time_from_row",
    "time_to_row",
]

MENTION_COLUMNS: tuple[str, ...] = (
    "article_id",
    "seq",
    "start",
    "end",
    "text",
    "kind",
    "form",
    "name",
    "key",
    "code",
    "country",
    "sector",
    "descriptors_json",
    "antecedent_start",
    "antecedent_end",
    "producer",
    "actor_id",
)
"""The ``actor_mentions`` columns."""

QUOTE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "seq",
    "start",
    "end",
    "text",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_name",
    "speaker_id",
    "cue",
    "cue_start",
    "cue_end",
    "direct",
    "via",
    "producer",
)
"""The ``quotes`` columns."""

TIME_COLUMNS: tuple[str, ...] = (
    "article_id",
    "seq",
    "start",
    "end",
    "text",
    "type",
    "value",
    "date",
    "granularity",
    "anchored",
    "mod",
    "producer",
)
"""The ``times`` columns."""

ACTOR_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "aliases_json",
    "kind",
    "role",
    "country",
    "sector",
    "code",
    "descriptors_json",
)
"""The ``actors`` columns."""

# Mention.form's Literal, which records.py does not name; keep the two in step (a test does).
MentionForm = Literal["name", "title_name", "surname", "nominal", "pronoun", "acronym"]


def producers_to_json(producers: Sequence[tuple[str, str]]) -> str:
    """Return the ``analyses.producers_json`` of an analysis: its pairs, in record order."""
    return dumps([[component, name] for component, name in producers])


def producers_from_json(text: str) -> tuple[tuple[str, str], ...]:
    """Rebuild an analysis's ``producers`` from ``analyses.producers_json``."""
    return tuple((component, name) for component, name in json.loads(text))


def actor_mention_to_row(item: ActorMention, *, seq: int) -> dict[str, Value]:
    """Return the ``actor_mentions`` row of an actor mention.

    Args:
        item: The actor mention.
        seq: Its position in the analysis's ``actor_mentions``.

    Returns:
        Column name to value, for every name in :data:`MENTION_COLUMNS`.
    """
    mention = item.mention
    start, end = (None, None) if item.antecedent is None else item.antecedent
    return {
        "article_id": mention.article_id,
        "seq": seq,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "kind": mention.kind,
        "form": mention.form,
        "name": item.name,
        "key": item.key,
        "code": item.code,
        "country": item.country,
        "sector": item.sector,
        "descriptors_json": descriptors_to_json(item.descriptors),
        "antecedent_start": start,
        "antecedent_end": end,
        "producer": mention.producer,
        "actor_id": mention.actor_id,
    }


def mention_from_row(row: sqlite3.Row) -> Mention:
    """Rebuild the :class:`Mention` of an ``actor_mentions`` row, with its current ``actor_id``."""
    return Mention(
        article_id=row["article_id"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        kind=cast("ActorKind", row["kind"]),
        form=cast("MentionForm", row["form"]),
        actor_id=row["actor_id"],
        producer=row["producer"],
    )


def actor_mention_from_row(row: sqlite3.Row) -> ActorMention:
    """Rebuild the actor mention stored in an ``actor_mentions`` row."""
    start, end = row["antecedent_start"], row["antecedent_end"]
    return ActorMention(
        mention=mention_from_row(row),
        name=row["name"],
        key=row["key"],
        code=row["code"],
        country=row["country"],
        sector=row["sector"],
        descriptors=descriptors_from_json(row["descriptors_json"]),
        antecedent=None if start is None or end is None else (start, end),
    )


def quote_to_row(quote: Quote, *, seq: int) -> dict[str, Value]:
    """Return the ``quotes`` row of a quote.

    Args:
        quote: The quote.
        seq: Its position in the analysis's ``quotes``.

    Returns:
        Column name to value, for every name in :data:`QUOTE_COLUMNS`.
    """
    return {
        "article_id": quote.article_id,
        "seq": seq,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "speaker": quote.speaker,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "speaker_name": quote.speaker_name,
        "speaker_id": quote.speaker_id,
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "direct": int(quote.direct),
        "via": quote.via,
        "producer": quote.producer,
    }


def quote_from_row(row: sqlite3.Row) -> Quote:
    """Rebuild the quote stored in a ``quotes`` row, with its current ``speaker_id``."""
    return Quote(
        article_id=row["article_id"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        speaker=row["speaker"],
        speaker_start=row["speaker_start"],
        speaker_end=row["speaker_end"],
        speaker_name=row["speaker_name"],
        speaker_id=row["speaker_id"],
        cue=row["cue"],
        cue_start=row["cue_start"],
        cue_end=row["cue_end"],
        direct=bool(row["direct"]),
        via=row["via"],
        producer=row["producer"],
    )


def time_to_row(time: TimeExpr, *, seq: int) -> dict[str, Value]:
    """Return the ``times`` row of a time expression.

    Args:
        time: The time expression.
        seq: Its position in the analysis's ``times``.

    Returns:
        Column name to value, for every name in :data:`TIME_COLUMNS`.
    """
    return {
        "article_id": time.article_id,
        "seq": seq,
        "start": time.start,
        "end": time.end,
        "text": time.text,
        "type": time.type,
        "value": time.value,
        "date": None if time.date is None else time.date.isoformat(),
        "granularity": time.granularity,
        "anchored": int(time.anchored),
        "mod": time.mod,
        "producer": time.producer,
    }


def time_from_row(row: sqlite3.Row) -> TimeExpr:
    """Rebuild the time expression stored in a ``times`` row."""
    date = row["date"]
    return TimeExpr(
        article_id=row["article_id"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        type=cast("TimexType", row["type"]),
        value=row["value"],
        date=None if date is None else dt.date.fromisoformat(date),
        granularity=cast("DateGranularity | None", row["granularity"]),
        anchored=bool(row["anchored"]),
        mod=row["mod"],
        producer=row["producer"],
    )


def actor_to_row(actor: Actor) -> dict[str, Value]:
    """Return the ``actors`` row of an actor; its ``mentions`` are not part of it.

    Args:
        actor: The actor.

    Returns:
        Column name to value, for every name in :data:`ACTOR_COLUMNS`.
    """
    return {
        "id": actor.id,
        "name": actor.name,
        "aliases_json": dumps(list(actor.aliases)),
        "kind": actor.kind,
        "role": actor.role,
        "country": actor.country,
        "sector": actor.sector,
        "code": actor.code,
        "descriptors_json": descriptors_to_json(actor.descriptors),
    }


def actor_from_row(row: sqlite3.Row, mentions: Sequence[Mention] = ()) -> Actor:
    """Rebuild the actor stored in an ``actors`` row.

    Args:
        row: The row.
        mentions: The mentions linked to the actor, in the order to give them.
    """
    return Actor(
        id=row["id"],
        name=row["name"],
        aliases=tuple(json.loads(row["aliases_json"])),
        kind=cast("ActorKind", row["kind"]),
        role=row["role"],
        country=row["country"],
        sector=row["sector"],
        code=row["code"],
        descriptors=descriptors_from_json(row["descriptors_json"]),
        mentions=tuple(mentions),
    )


def descriptors_to_json(descriptors: Sequence[Descriptor]) -> str:
    """Return descriptors as the compact JSON of a ``descriptors_json`` column."""
    return dumps([_descriptor_to_json(d) for d in descriptors])


def descriptors_from_json(text: str) -> tuple[Descriptor, ...]:
    """Rebuild the descriptors stored in a ``descriptors_json`` column."""
    return tuple(_descriptor_from_json(item) for item in json.loads(text))


def _descriptor_to_json(d: Descriptor) -> dict[str, Value]:
    return {
        "article_id": d.article_id,
        "text": d.text,
        "start": d.start,
        "end": d.end,
        "role": d.role,
        "country": d.country,
        "sector": d.sector,
        "producer": d.producer,
    }


def _descriptor_from_json(item: Mapping[str, Any]) -> Descriptor:
    return Descriptor(
        article_id=item["article_id"],
        text=item["text"],
        start=item["start"],
        end=item["end"],
        role=item["role"],
        country=item["country"],
        sector=item["sector"],
        producer=item["producer"],
    )
