"""Golden test: metadata and publication dates of the sample corpus (examples/aleppo-2016).

The expected values in ``sample_metadata.json`` were established by reading the articles. Text
fields are compared exactly; removed lines and body snippets are must-include / must-exclude.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from storyline.config import IngestSettings
from storyline.ingest.articles import build_article, load_lexicons, resolve_years
from storyline.records import Article, InputFormat, SourceDocument

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "aleppo-2016"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).with_name("sample_metadata.json")).read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[Article, Article]]:
    """Each sample as built alone and after resolve_years over the whole corpus."""
    lexicons = load_lexicons()
    alone: list[Article] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = SourceDocument(source=path.name, format=InputFormat.TXT,
                             text=path.read_text(encoding="utf-8"), extractor="test")
        article = build_article(doc, settings=IngestSettings(), lexicons=lexicons)
        assert isinstance(article, Article), article
        alone.append(article)
    resolved = resolve_years(alone)
    return {a.source: (a, r) for a, r in zip(alone, resolved, strict=True)}


def test_every_sample_has_expectations(built: dict[str, tuple[Article, Article]]) -> None:
    assert sorted(built) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_metadata(built: dict[str, tuple[Article, Article]], name: str) -> None:
    expected = EXPECTED[name]
    alone, article = built[name]
    got = {
        "title": article.title,
        "subtitle": article.subtitle,
        "outlet": article.outlet,
        "agency": article.agency,
        "dateline": article.dateline,
        "dateline_written": (article.original_text[slice(*article.dateline_span)]
                             if article.dateline_span else None),
        "published": article.published.value.isoformat() if article.published.value else None,
        "method": article.published.method,
        "published_alone": alone.published.value.isoformat() if alone.published.value else None,
        "contradicted": [str(ev.kind) for ev in article.published.contradicted],
    }
    assert got == {key: expected[key] for key in got}
    for span, text in ((article.title_span, article.title),
                       (article.subtitle_span, article.subtitle)):
        if text is not None:
            assert span is not None and article.original_text[span[0]:span[1]] == text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_cleaning(built: dict[str, tuple[Article, Article]], name: str) -> None:
    expected = EXPECTED[name]
    article = built[name][1]
    removed = {(r.rule, r.text) for r in article.removed}
    for rule, text in expected["removed"]:
        assert (rule, text) in removed
    assert article.text.startswith(expected["body_starts_with"])
    for snippet in expected.get("body_includes", []):
        assert snippet in article.text
    for snippet in expected["body_excludes"]:
        assert snippet not in article.text
    assert article.language == "en"


def test_sample_dates_carry_evidence(built: dict[str, tuple[Article, Article]]) -> None:
    alone, resolved = built["000_b47c48465938dede.txt"]
    dateline = [ev for ev in alone.published.evidence if str(ev.kind) == "dateline"]
    assert [(ev.text, ev.weekday, ev.granularity) for ev in dateline] == [("July 29", 4, None)]
    assert alone.published.confidence == 0.0
    assert resolved.published.value == dt.date(2016, 7, 29)
    assert 0 < resolved.published.confidence < 0.6
    news = built["004_b7419f9cbed84151.txt"][1].published
    assert news.contradicted[0].value == dt.date(2024, 11, 24)
    assert news.explanation
