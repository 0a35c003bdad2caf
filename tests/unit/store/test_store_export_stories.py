"""The stories and timeline of storyline.export/1, and the articles' duplicate_of and story_id."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from storyline.records import (
    Article,
    Duplicate,
    Rejected,
    RejectReason,
    Stage,
    Story,
    TimelineEntry,
    TimelineSource,
)
from storyline.store import SqliteStore
from storyline.store.export import (
    ExportStory,
    ExportTimelineEntry,
    ExportTimelineSentence,
    export_document,
    iter_jsonl,
    schema_path,
)

MakeArticle = Callable[..., Article]
DOCS = Path(__file__).resolve().parents[3] / "docs" / "export-schema.md"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


def _validator(schema: dict[str, Any], ref: str | None = None) -> Draft202012Validator:
    target = schema if ref is None else {"$defs": schema["$defs"], "$ref": f"#/$defs/{ref}"}
    return Draft202012Validator(target, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def storied(store: SqliteStore, make_article: MakeArticle) -> SqliteStore:
    """Three articles: b copies a; a and b form one story with a two-entry timeline; c none."""
    a, b, c = (make_article(f"Article {tag} about the talks.") for tag in "abc")
    store.upsert_articles([a, b, c])
    store.replace_duplicates(
        [Duplicate(article_id=b.id, duplicate_of=a.id, similarity=0.93, producer="dup.v1")]
    )
    story = Story(id="5709aaaa00000000", title="Talks resume", summary="Talks resumed.",
                  article_ids=(a.id, b.id), producer="stories.minhash.v1")
    store.save_stories([story])
    store.replace_timeline(story.id, [
        TimelineEntry(
            story_id=story.id, date=dt.date(2016, 7, 29), granularity="day", date_basis="text",
            summary="Talks resumed in Geneva.", actors=("act1",), cameo=("036", "0431"),
            sources=(
                TimelineSource(article_id=a.id, start=0, end=20, outlet="TASS",
                               event_ids=("ev1",)),
                TimelineSource(article_id=b.id, start=0, end=20, outlet=None),
                TimelineSource(article_id=a.id, start=21, end=30, outlet="TASS"),
            ),
            disputed=True, disagreement="The dates differ by a day.", producer="timeline.v1",
        ),
        TimelineEntry(story_id=story.id, date=dt.date(2016, 8, 1), granularity="month",
                      summary="More talks.", producer="timeline.v1"),
    ])
    return store


def test_export_with_stories_and_timeline_validates(
    storied: SqliteStore, schema: dict[str, Any]
) -> None:
    doc: dict[str, Any] = export_document(storied)
    _validator(schema).validate(doc)
    a, b = storied.get_story("5709").article_ids
    assert doc["stories"] == [{
        "id": "5709aaaa00000000", "title": "Talks resume", "summary": "Talks resumed.",
        "article_ids": [a, b], "producer": "stories.minhash.v1",
    }]
    first, second = doc["timeline"]
    assert first == {
        "story_id": "5709aaaa00000000", "date": "2016-07-29", "granularity": "day",
        "date_basis": "text", "summary": "Talks resumed in Geneva.", "actors": ["act1"],
        "cameo": ["036", "0431"],
        "article_ids": [a, b],
        "sentences": [
            {"article_id": a, "start": 0, "end": 20, "outlet": "TASS", "event_ids": ["ev1"]},
            {"article_id": b, "start": 0, "end": 20, "outlet": None, "event_ids": []},
            {"article_id": a, "start": 21, "end": 30, "outlet": "TASS", "event_ids": []},
        ],
        "disputed": True, "disagreement": "The dates differ by a day.", "producer": "timeline.v1",
    }
    assert (second["date"], second["granularity"], second["sentences"]) == ("2016-08-01", "month",
                                                                           [])
    assert second["date_basis"] is None  # not recorded: stays unknown, never guessed
    by_id = {x["id"]: x for x in doc["articles"]}
    assert (by_id[a]["duplicate_of"], by_id[a]["story_id"]) == (None, "5709aaaa00000000")
    assert (by_id[b]["duplicate_of"], by_id[b]["story_id"]) == (a, "5709aaaa00000000")
    [c] = set(by_id) - {a, b}
    assert (by_id[c]["duplicate_of"], by_id[c]["story_id"]) == (None, None)


def test_jsonl_has_story_and_timeline_lines_before_rejects(
    storied: SqliteStore, schema: dict[str, Any]
) -> None:
    run = storied.start_run(settings_json="{}", models={})
    storied.add_rejects([Rejected(source="x", stage=Stage.INGEST, reason=RejectReason.EMPTY,
                                  detail="empty")], run)
    records = [json.loads(line) for line in iter_jsonl(storied)]
    assert [r["type"] for r in records] == [
        "article", "article", "article", "story", "timeline", "timeline", "rejected"
    ]
    refs = {"article": "ExportArticle", "story": "ExportStory", "timeline": "ExportTimelineEntry",
            "rejected": "ExportRejected"}
    for record in records:
        _validator(schema, refs[record["type"]]).validate(record)
    doc: dict[str, Any] = export_document(storied)
    strip = [{k: v for k, v in r.items() if k != "type"} for r in records]
    assert strip[3:6] == [*doc["stories"], *doc["timeline"]]


@pytest.mark.parametrize("model", [ExportStory, ExportTimelineEntry, ExportTimelineSentence])
def test_docs_mention_every_story_field(model: type[Any]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    for field_name in model.model_fields:
        assert f"`{field_name}`" in text, f"{model.__name__}.{field_name}"


@pytest.mark.parametrize("model", [ExportStory, ExportTimelineEntry])
def test_story_records_have_no_type_field(model: type[Any]) -> None:
    assert "type" not in model.model_fields


def test_a_story_line_missing_a_field_is_invalid(
    storied: SqliteStore, schema: dict[str, Any]
) -> None:
    doc: dict[str, Any] = export_document(storied)
    validator = _validator(schema)
    del doc["timeline"][0]["sentences"][0]["start"]
    assert not validator.is_valid(doc)
