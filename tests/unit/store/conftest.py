"""Hand-built articles and an open store for the store tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.records import (
    Article,
    DateEvidence,
    EvidenceKind,
    InputFormat,
    OffsetMap,
    PublishedDate,
    RemovedLine,
    Segment,
)
from storyline.store import SqliteStore, open_store

FIXED_NOW = dt.datetime(2024, 11, 24, 12, 0, tzinfo=dt.UTC)

MakeArticle = Callable[..., Article]


def build_article(body: str = "Talks resumed in Geneva on Tuesday.", **overrides: Any) -> Article:
    """Return a fully populated article whose id is a hash of its original text.

    Every field has a non-default value, so a round trip that drops one is noticed.
    """
    header = "GENEVA, July 29. /TASS/.\nMenu | Share\n"
    original = header + body
    start = len(header)
    fields: dict[str, Any] = {
        "id": hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:16],
        "source": "corpus/a.txt",
        "format": InputFormat.TXT,
        "url": "https://example.org/a",
        "original_text": original,
        "text": body,
        "offsets": OffsetMap(
            segments=(Segment(clean_start=0, orig_start=start, length=len(body)),)
        ),
        "removed": (RemovedLine(start=25, end=37, text="Menu | Share", rule="chrome.menu"),),
        "title": "Talks resume",
        "title_span": (0, 6),
        "subtitle": "A subtitle — with ünïcödé",
        "subtitle_span": (7, 9),
        "outlet": "TASS",
        "outlet_evidence": "dateline credit /TASS/",
        "agency": "TASS",
        "dateline": "GENEVA",
        "dateline_span": (0, 6),
        "published": PublishedDate(
            value=dt.date(2016, 7, 29),
            granularity="day",
            method="dateline",
            confidence=0.8,
            evidence=(
                DateEvidence(
                    kind=EvidenceKind.WEEKDAY, text="Tuesday", start=start + 28, end=start + 35,
                    value=None, weekday=1, note="reporting clause",
                ),
                DateEvidence(
                    kind=EvidenceKind.DATELINE, text="July 29", start=8, end=15,
                    value=dt.date(2016, 7, 29), granularity="day", note="year from corpus",
                ),
            ),
            explanation="The dateline gives July 29; the year comes from the other articles.",
            contradicted=(
                DateEvidence(
                    kind=EvidenceKind.METADATA, text="2020-01-01", start=-1, end=-1,
                    value=dt.date(2020, 1, 1), granularity="day",
                ),
            ),
        ),
        "language": "en",
        "language_confidence": 0.99,
        "encoding": "utf-8",
        "extractor": "ingest.txt.v1+clean.v1",
    }
    fields.update(overrides)
    return Article(**fields)


@pytest.fixture
def make_article() -> MakeArticle:
    """The article factory: ``make_article(body, **field_overrides)``."""
    return build_article


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    """An empty store in a temporary folder, with a fixed clock."""
    with open_store(tmp_path / "store.db", clock=lambda: FIXED_NOW) as opened:
        yield opened
