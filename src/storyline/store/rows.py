"""Turning an :class:`Article` into an ``articles`` row and back, losslessly.

Dates are ISO strings (``YYYY-MM-DD``), so that they sort as text and read back with
``date.fromisoformat``. Enums are stored by value. Spans are two integer columns (both NULL for no
span). Nested parts are compact JSON, written with ``ensure_ascii=False`` so the text is stored as
written; JSON keeps Python ints and floats exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sqlite3
from collections.abc import Mapping
from typing import Any, cast

from storyline.records import (
    Article,
    DateEvidence,
    DateGranularity,
    EvidenceKind,
    InputFormat,
    OffsetMap,
    PublishedDate,
    RemovedLine,
    Segment,
)

__all__ = ["ARTICLE_COLUMNS", "article_from_row", "article_to_row", "dumps"]

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "format",
    "url",
    "original_text",
    "text",
    "offsets_json",
    "removed_json",
    "title",
    "title_start",
    "title_end",
    "subtitle",
    "subtitle_start",
    "subtitle_end",
    "outlet",
    "outlet_evidence",
    "agency",
    "dateline",
    "dateline_start",
    "dateline_end",
    "published",
    "published_granularity",
    "published_method",
    "published_confidence",
    "published_explanation",
    "published_evidence_json",
    "published_contradicted_json",
    "language",
    "language_confidence",
    "encoding",
    "extractor",
    "fingerprint",
)
"""The ``articles`` columns this module reads and writes (all but the ``pk`` rowid)."""

# Row values are what sqlite3 binds: str, int, float or None.
Value = str | int | float | None


def dumps(value: object) -> str:
    """Return compact JSON for a stored value, keeping non-ASCII text as written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def article_to_row(article: Article) -> dict[str, Value]:
    """Return the ``articles`` row of an article, including its fingerprint.

    Args:
        article: The article to store.

    Returns:
        Column name to value, for every name in :data:`ARTICLE_COLUMNS`.

    Raises:
        ValueError: If a float is not finite (SQLite would store NaN as NULL).
    """
    pub = article.published
    row: dict[str, Value] = {
        "id": article.id,
        "source": article.source,
        "format": article.format.value,
        "url": article.url,
        "original_text": article.original_text,
        "text": article.text,
        "offsets_json": dumps(
            [[s.clean_start, s.orig_start, s.length] for s in article.offsets.segments]
        ),
        "removed_json": dumps(
            [{"start": r.start, "end": r.end, "text": r.text, "rule": r.rule}
             for r in article.removed]
        ),
        "title": article.title,
        "subtitle": article.subtitle,
        "outlet": article.outlet,
        "outlet_evidence": article.outlet_evidence,
        "agency": article.agency,
        "dateline": article.dateline,
        "published": _iso(pub.value),
        "published_granularity": pub.granularity,
        "published_method": pub.method,
        "published_confidence": _finite(pub.confidence, "published.confidence"),
        "published_explanation": pub.explanation,
        "published_evidence_json": dumps([_evidence_to_json(e) for e in pub.evidence]),
        "published_contradicted_json": dumps([_evidence_to_json(e) for e in pub.contradicted]),
        "language": article.language,
        "language_confidence": (
            None
            if article.language_confidence is None
            else _finite(article.language_confidence, "language_confidence")
        ),
        "encoding": article.encoding,
        "extractor": article.extractor,
    }
    for name, span in (
        ("title", article.title_span),
        ("subtitle", article.subtitle_span),
        ("dateline", article.dateline_span),
    ):
        row[f"{name}_start"], row[f"{name}_end"] = (None, None) if span is None else span
    row["fingerprint"] = _fingerprint(row)
    return row


def article_from_row(row: sqlite3.Row) -> Article:
    """Rebuild the article stored in an ``articles`` row.

    Args:
        row: A row with (at least) the columns of :data:`ARTICLE_COLUMNS`.

    Returns:
        An article equal to the one that was stored.
    """
    return Article(
        id=row["id"],
        source=row["source"],
        format=InputFormat(row["format"]),
        url=row["url"],
        original_text=row["original_text"],
        text=row["text"],
        offsets=OffsetMap(
            segments=tuple(
                Segment(clean_start=c, orig_start=o, length=n)
                for c, o, n in json.loads(row["offsets_json"])
            )
        ),
        removed=tuple(
            RemovedLine(start=r["start"], end=r["end"], text=r["text"], rule=r["rule"])
            for r in json.loads(row["removed_json"])
        ),
        title=row["title"],
        title_span=_span(row, "title"),
        subtitle=row["subtitle"],
        subtitle_span=_span(row, "subtitle"),
        outlet=row["outlet"],
        outlet_evidence=row["outlet_evidence"],
        agency=row["agency"],
        dateline=row["dateline"],
        dateline_span=_span(row, "dateline"),
        published=PublishedDate(
            value=_date(row["published"]),
            granularity=cast("DateGranularity | None", row["published_granularity"]),
            method=row["published_method"],
            confidence=row["published_confidence"],
            evidence=tuple(
                _evidence_from_json(e) for e in json.loads(row["published_evidence_json"])
            ),
            explanation=row["published_explanation"],
            contradicted=tuple(
                _evidence_from_json(e) for e in json.loads(row["published_contradicted_json"])
            ),
        ),
        language=row["language"],
        language_confidence=row["language_confidence"],
        encoding=row["encoding"],
        extractor=row["extractor"],
    )


def _evidence_to_json(evidence: DateEvidence) -> dict[str, Value]:
    return {
        "kind": evidence.kind.value,
        "text": evidence.text,
        "start": evidence.start,
        "end": evidence.end,
        "value": _iso(evidence.value),
        "granularity": evidence.granularity,
        "weekday": evidence.weekday,
        "note": evidence.note,
    }


def _evidence_from_json(item: Mapping[str, Any]) -> DateEvidence:
    return DateEvidence(
        kind=EvidenceKind(item["kind"]),
        text=item["text"],
        start=item["start"],
        end=item["end"],
        value=_date(item["value"]),
        granularity=item["granularity"],
        weekday=item["weekday"],
        note=item["note"],
    )


def _fingerprint(row: Mapping[str, Value]) -> str:
    """Hash every value but the source, which legitimately differs between re-ingests."""
    payload = {k: v for k, v in row.items() if k not in ("source", "fingerprint")}
    return hashlib.sha256(
        json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
    ).hexdigest()


def _span(row: sqlite3.Row, name: str) -> tuple[int, int] | None:
    start, end = row[f"{name}_start"], row[f"{name}_end"]
    if start is None or end is None:
        return None
    return (start, end)


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _finite(value: float, name: str) -> float:
    # SQLite stores NaN as NULL, so a NaN would not read back; refuse it here instead.
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value
