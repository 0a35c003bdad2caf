"""The export contract storyline.export/1: document, JSON lines, committed JSON Schema, docs."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from storyline import __version__
from storyline.records import Actor, Article, ArticleAnalysis, Rejected, RejectReason, Stage
from storyline.store import SqliteStore
from storyline.store.export import (
    ExportActor,
    ExportArticle,
    ExportDescriptor,
    ExportDocument,
    ExportEvent,
    ExportEventPlace,
    ExportEvidence,
    ExportPlace,
    ExportQuote,
    ExportRejected,
    ExportRemovedLine,
    ExportTime,
    export_document,
    export_json_schema,
    iter_jsonl,
    schema_path,
)

MakeArticle = Callable[..., Article]
MakeAnalysis = Callable[..., ArticleAnalysis]
MakeActor = Callable[..., Actor]
DOCS = Path(__file__).resolve().parents[3] / "docs" / "export-schema.md"
REGENERATE = (
    '.venv/bin/python -c "from storyline.store.export import write_json_schema; '
    'write_json_schema()"'
)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


def _export(store: SqliteStore, **options: Any) -> dict[str, Any]:
    """The exported document, typed loosely for reading in tests."""
    doc: dict[str, Any] = export_document(store, **options)
    return doc


def _validator(schema: dict[str, Any], ref: str | None = None) -> Draft202012Validator:
    target = schema if ref is None else {"$defs": schema["$defs"], "$ref": f"#/$defs/{ref}"}
    return Draft202012Validator(target, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def filled(store: SqliteStore, make_article: MakeArticle) -> Iterator[SqliteStore]:
    first = make_article()
    store.upsert_articles([first, make_article("Second article about the talks in Geneva.")])
    store.upsert_articles([dataclasses.replace(first, source="mirror/a.txt")])
    run = store.start_run(settings_json="{}", models={})
    store.add_rejects(
        [Rejected(source="in/x.bin", stage=Stage.INGEST, reason=RejectReason.BINARY,
                  detail="Looks like binary data; give a text, HTML, JSON, CSV or WARC file.")],
        run,
    )
    yield store


@pytest.fixture
def analysed(
    filled: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: MakeAnalysis,
    make_actor: MakeActor,
) -> Iterator[SqliteStore]:
    """The filled store, plus two analysed articles and two actors linked to their mentions.

    Each article has three events (Ryabkov their source) and two places.
    """
    articles = [make_analysed_article("one"), make_analysed_article("two")]
    filled.upsert_articles(articles)
    analyses = [make_analysis(a) for a in articles]
    filled.save_analyses(analyses)
    ryabkov = make_actor("Sergey Ryabkov", aliases=("Ryabkov", "the diplomat"))
    russia = make_actor("Russia", kind="country", aliases=(), role=None, descriptors=())
    mention_ids: dict[tuple[str, int, int], str] = {}
    speaker_ids: dict[tuple[str, int, int], str | None] = {}
    for analysis in analyses:
        for m in analysis.actor_mentions:
            key = (m.mention.article_id, m.mention.start, m.mention.end)
            if m.name == "Sergey Ryabkov":
                mention_ids[key] = ryabkov.id
            elif m.name == "Russia":
                mention_ids[key] = russia.id
        for q in analysis.quotes:
            speaker_ids[(q.article_id, q.start, q.end)] = ryabkov.id
    event_ids = {(e.article_id, e.id): (ryabkov.id, None) for a in analyses for e in a.events}
    filled.replace_actors([russia, ryabkov], mention_actor_ids=mention_ids,
                          quote_speaker_ids=speaker_ids, event_actor_ids=event_ids)
    yield filled


def test_committed_schema_matches_the_models(schema: dict[str, Any]) -> None:
    assert schema == export_json_schema(), f"schema file is stale; regenerate with {REGENERATE}"


def test_committed_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["properties"]["schema"]["const"] == "storyline.export/1"


def test_every_field_has_a_title_and_a_description(schema: dict[str, Any]) -> None:
    objects = [schema] + [d for d in schema["$defs"].values() if d.get("type") == "object"]
    for obj in objects:
        assert obj.get("description"), obj["title"]
        for name, prop in obj["properties"].items():
            if "$ref" in prop and "description" not in prop:
                continue  # a nested model: described in $defs
            assert prop.get("description"), f"{obj['title']}.{name}"
            assert prop.get("title") or "$ref" in prop, f"{obj['title']}.{name}"


def test_document_validates_and_carries_the_article(
    filled: SqliteStore, schema: dict[str, Any]
) -> None:
    doc = _export(filled)
    _validator(schema).validate(doc)
    assert doc["schema"] == "storyline.export/1"
    assert doc["generator"] == {"name": "storyline", "version": __version__}
    assert set(doc) == {
        "schema", "generator", "articles", "rejected", "actors", "quotes", "times", "events",
        "places", "stories", "timeline",
    }
    # Always written, maybe empty.
    assert doc["actors"] == doc["quotes"] == doc["times"] == doc["events"] == doc["places"] == []
    assert doc["stories"] == doc["timeline"] == []
    articles: list[dict[str, Any]] = doc["articles"]
    first = next(a for a in articles if a["source"] == "corpus/a.txt")
    assert first["sources"] == ["corpus/a.txt", "mirror/a.txt"]
    assert first["published"] == "2016-07-29"
    assert first["published_granularity"] == "day"
    assert first["published_method"] == "dateline"
    assert first["published_confidence"] == 0.8
    # The dateline decided: it comes first and is marked, although it was second in the record.
    evidence = first["published_evidence"]
    assert [(e["kind"], e["decided"]) for e in evidence] == [
        ("dateline", True), ("weekday", False)
    ]
    assert evidence[0] == {
        "kind": "dateline", "text": "July 29", "start": 8, "end": 15, "value": "2016-07-29",
        "granularity": "day", "weekday": None, "note": "year from corpus", "decided": True,
    }
    assert [e["value"] for e in first["published_contradicted"]] == ["2020-01-01"]
    assert first["removed"] == [
        {"start": 25, "end": 37, "text": "Menu | Share", "rule": "chrome.menu"}
    ]
    assert first["original_text"] is None
    assert first["duplicate_of"] is None and first["story_id"] is None
    assert doc["rejected"] == [{
        "source": "in/x.bin", "stage": "ingest", "reason": "binary",
        "detail": "Looks like binary data; give a text, HTML, JSON, CSV or WARC file.",
    }]


def test_fields_named_in_the_contract_are_present(filled: SqliteStore) -> None:
    doc = _export(filled)
    article = doc["articles"][0]
    required = {
        "id", "source", "sources", "url", "title", "subtitle", "outlet", "outlet_evidence",
        "agency", "dateline", "published", "published_granularity", "published_confidence",
        "published_method", "published_evidence", "published_explanation",
        "published_contradicted", "language", "text", "removed",
    }
    assert required <= set(article)
    assert {"kind", "text", "start", "end", "value", "note"} <= set(
        article["published_evidence"][0]
    )


def test_empty_store_exports_a_valid_document(
    store: SqliteStore, schema: dict[str, Any]
) -> None:
    doc = _export(store)
    _validator(schema).validate(doc)
    assert doc["articles"] == [] and doc["rejected"] == []


def test_original_text_on_request(filled: SqliteStore, schema: dict[str, Any]) -> None:
    doc = _export(filled, include_original_text=True)
    _validator(schema).validate(doc)
    first = doc["articles"][0]
    assert first["original_text"].endswith(first["text"])


def test_inferred_date_marks_no_single_clue(
    store: SqliteStore, make_article: MakeArticle
) -> None:
    base = make_article()
    inferred = dataclasses.replace(
        base, published=dataclasses.replace(base.published, method="inferred")
    )
    store.upsert_articles([inferred])
    evidence = _export(store)["articles"][0]["published_evidence"]
    assert [e["kind"] for e in evidence] == ["weekday", "dateline"]
    assert not any(e["decided"] for e in evidence)


def test_run_filter_on_rejects(store: SqliteStore) -> None:
    one = store.start_run(settings_json="{}", models={})
    two = store.start_run(settings_json="{}", models={})
    store.add_rejects([Rejected(source="a", stage=Stage.INGEST, reason=RejectReason.EMPTY,
                                detail="empty")], one)
    assert _export(store, run_id=two)["rejected"] == []
    assert len(_export(store, run_id=one)["rejected"]) == 1


def test_later_sections_are_optional_arrays_and_unknown_keys_are_tolerated(
    filled: SqliteStore, schema: dict[str, Any]
) -> None:
    validator = _validator(schema)
    doc = _export(filled)
    # Additive changes within /1 must not break older validators (see the export docstring).
    doc["articles"][0]["actor_ids"] = ["a1"]
    validator.validate({**doc, "future_section": [1]})
    # An export written before actors, quotes, times, events, places, stories and timeline were
    # defined still validates, and so does an article written before duplicate_of and story_id.
    sections = ("actors", "quotes", "times", "events", "places", "stories", "timeline")
    old = {k: v for k, v in doc.items() if k not in sections}
    old["articles"] = [
        {k: v for k, v in a.items() if k not in ("duplicate_of", "story_id")}
        for a in doc["articles"]
    ]
    validator.validate(old)
    # But a reserved section has a fixed type, and required fields stay required.
    assert not validator.is_valid({**doc, "events": {"e1": "x"}})
    assert not validator.is_valid({**doc, "actors": {"a1": "x"}})
    assert not validator.is_valid({**doc, "stories": {"s1": "x"}})
    assert not validator.is_valid({**doc, "places": {"p1": "x"}})
    # Now that its shape is pinned, an actor must have every field.
    assert not validator.is_valid({**doc, "actors": [{"id": "a1", "name": "Alexei Borodavkin"}]})
    # ...and so must an event, since issue 4 pinned the shape of the reserved `events`, and a
    # story or a timeline entry, since issue 5 pinned theirs.
    assert not validator.is_valid({**doc, "events": [{"id": "e1", "code": "042"}]})
    assert not validator.is_valid({**doc, "stories": [{"id": "s1", "articles": ["a"]}]})
    assert not validator.is_valid({**doc, "timeline": [{"story_id": "s1"}]})
    broken = json.loads(json.dumps(doc))
    del broken["articles"][0]["published"]
    assert not validator.is_valid(broken)
    assert not validator.is_valid({**doc, "schema": "storyline.export/2"})


def test_jsonl_lines_each_parse_and_validate(
    filled: SqliteStore, schema: dict[str, Any]
) -> None:
    lines = list(iter_jsonl(filled))
    assert all("\n" not in line and "\r" not in line for line in lines)
    records = [json.loads(line) for line in lines]
    assert [r["type"] for r in records] == ["article", "article", "rejected"]
    article_v = _validator(schema, "ExportArticle")
    rejected_v = _validator(schema, "ExportRejected")
    for record in records:
        (article_v if record["type"] == "article" else rejected_v).validate(record)
    doc = _export(filled)
    assert [{k: v for k, v in r.items() if k != "type"} for r in records] == [
        *doc["articles"], *doc["rejected"]
    ]


def test_jsonl_keeps_unicode_as_written(store: SqliteStore, make_article: MakeArticle) -> None:
    store.upsert_articles([make_article("Лавров said «yes» — 他说。")])
    [line] = list(iter_jsonl(store))
    assert "Лавров said «yes» — 他说。" in line


def test_jsonl_line_never_splits(store: SqliteStore, make_article: MakeArticle) -> None:
    body = "one\ntwo\rthree\x85four\u2028five\u2029six\x0bseven\x1cend"
    store.upsert_articles([make_article(body)])
    [line] = list(iter_jsonl(store))
    assert line.splitlines() == [line]
    assert json.loads(line)["text"] == body


@pytest.mark.parametrize(
    "model",
    [ExportArticle, ExportEvidence, ExportRemovedLine, ExportRejected, ExportDocument,
     ExportActor, ExportDescriptor, ExportQuote, ExportTime, ExportEvent, ExportEventPlace,
     ExportPlace],
)
def test_docs_mention_every_field(model: type[Any]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    for field_name, info in model.model_fields.items():
        assert f"`{info.alias or field_name}`" in text, f"{model.__name__}.{field_name}"


def test_export_with_actors_quotes_and_times_validates(
    analysed: SqliteStore, schema: dict[str, Any]
) -> None:
    doc = _export(analysed)
    _validator(schema).validate(doc)
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    # Actors: most mentioned first, with their descriptors.
    assert [(a["name"], a["mention_count"]) for a in doc["actors"]] == [
        ("Sergey Ryabkov", 4), ("Russia", 2)
    ]
    ryabkov = doc["actors"][0]
    assert set(ryabkov) == {
        "id", "name", "aliases", "kind", "role", "country", "sector", "code", "mention_count",
        "descriptors",
    }
    assert ryabkov["aliases"] == ["Ryabkov", "the diplomat"]
    assert ryabkov["descriptors"] == [{
        "article_id": "0" * 16, "text": "a diplomat", "start": 1, "end": 11,
        "role": "diplomat", "country": None, "sector": None,
        "producer": "actors.descriptors.v1",
    }]
    # Quotes and times: offsets slice the article's cleaned text; ids point at actors.
    assert len(doc["quotes"]) == 4 and len(doc["times"]) == 4
    for quote in doc["quotes"]:
        text = texts[quote["article_id"]]
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert text[quote["speaker_start"] : quote["speaker_end"]] == quote["speaker"]
        assert text[quote["cue_start"] : quote["cue_end"]] == quote["cue"]
        assert quote["speaker_id"] == ryabkov["id"]
    first_quote = doc["quotes"][0]
    assert first_quote["direct"] is True and first_quote["via"] == "TASS"
    for time in doc["times"]:
        assert texts[time["article_id"]][time["start"] : time["end"]] == time["text"]
    assert [(t["text"], t["date"], t["granularity"], t["mod"]) for t in doc["times"][:2]] == [
        ("Tuesday", "2016-07-26", "day", None), ("next week", "2016-08-01", None, "START")
    ]
    # Both sections follow the articles' order.
    order = [a["id"] for a in doc["articles"]]
    assert [q["article_id"] for q in doc["quotes"]] == sorted(
        (q["article_id"] for q in doc["quotes"]), key=order.index
    )


def test_jsonl_with_actors_quotes_and_times(
    analysed: SqliteStore, schema: dict[str, Any]
) -> None:
    records = [json.loads(line) for line in iter_jsonl(analysed)]
    types = [r["type"] for r in records]
    assert types == (["article"] * 4 + ["actor"] * 2 + ["quote"] * 4 + ["time"] * 4
                     + ["event"] * 6 + ["place"] * 4 + ["rejected"])
    defs = {"article": "ExportArticle", "actor": "ExportActor", "quote": "ExportQuote",
            "time": "ExportTime", "event": "ExportEvent", "place": "ExportPlace",
            "rejected": "ExportRejected"}
    validators = {kind: _validator(schema, ref) for kind, ref in defs.items()}
    for record in records:
        validators[record["type"]].validate(record)
    doc = _export(analysed)
    assert [{k: v for k, v in r.items() if k != "type"} for r in records] == [
        *doc["articles"], *doc["actors"], *doc["quotes"], *doc["times"], *doc["events"],
        *doc["places"], *doc["rejected"],
    ]


@pytest.mark.parametrize(
    "model",
    [ExportArticle, ExportActor, ExportQuote, ExportTime, ExportEvent, ExportPlace,
     ExportRejected],
)
def test_no_json_line_record_has_a_type_field(model: type[Any]) -> None:
    # A JSON line is {"type": <record kind>, **fields}: a field named `type` would overwrite it.
    assert "type" not in model.model_fields


def test_export_with_events_and_places_validates(
    analysed: SqliteStore, schema: dict[str, Any]
) -> None:
    doc = _export(analysed)
    _validator(schema).validate(doc)
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    ryabkov = next(a["id"] for a in doc["actors"] if a["name"] == "Sergey Ryabkov")
    assert len(doc["events"]) == 6 and len(doc["places"]) == 4
    issue_fields = {
        "article_id", "start", "end", "source", "source_actor", "target", "target_actor",
        "cameo", "plover", "goldstein", "quad_class", "modality", "asserted_by", "date",
        "date_source", "place",
    }
    extra_fields = {
        "id", "trigger", "trigger_start", "trigger_end", "source_code", "target_code",
        "plover_mode", "asserted_by_kind", "date_granularity", "rule", "producer",
    }
    for event in doc["events"]:
        assert set(event) == issue_fields | extra_fields
        text = texts[event["article_id"]]
        assert text[event["trigger_start"] : event["trigger_end"]] == event["trigger"]
        assert event["source"] in text[event["start"] : event["end"]]
        assert (event["source_actor"], event["target_actor"]) == (ryabkov, None)
    # By event date: the two Tuesday events of each article (by article, then start), then the
    # two of the next week.
    assert [(e["date"], e["cameo"]) for e in doc["events"]] == [
        ("2016-07-26", "010"), ("2016-07-26", "036"), ("2016-07-26", "010"),
        ("2016-07-26", "036"), ("2016-08-01", "044"), ("2016-08-01", "044"),
    ]
    told = doc["events"][0]
    assert {k: told[k] for k in ("source", "source_code", "target", "target_code", "plover",
                                 "goldstein", "quad_class", "modality", "asserted_by",
                                 "asserted_by_kind", "date_granularity", "date_source",
                                 "place", "rule", "producer")} == {
        "source": "Sergey Ryabkov", "source_code": "RUSGOV", "target": "reporters",
        "target_code": "MED", "plover": "STATEMENT", "goldstein": 0.0, "quad_class": 1,
        "modality": "asserted", "asserted_by": "TASS", "asserted_by_kind": "outlet",
        "date_granularity": "day", "date_source": "timex", "place": None,
        "rule": "verbs.v1:tell", "producer": "events.rules.v1",
    }
    assert doc["events"][-1]["place"] == {
        "name": "Geneva", "country": "CHE", "country_fips": "SZ", "lat": 46.20222,
        "lon": 6.14569, "feature": "city", "geonameid": 2660646,
    }
    for place in doc["places"]:
        assert texts[place["article_id"]][place["start"] : place["end"]] == place["text"]
    assert doc["places"][0] == {
        "article_id": doc["places"][0]["article_id"], "text": "Russia", "start": 40, "end": 46,
        "name": "Russia", "country": "RUS", "country_fips": "RS", "admin1": None, "lat": 60.0,
        "lon": 100.0, "feature": "country", "geonameid": 2017370, "producer": "places.test-1",
    }
    order = [a["id"] for a in doc["articles"]]
    assert [p["article_id"] for p in doc["places"]] == sorted(
        (p["article_id"] for p in doc["places"]), key=order.index
    )


def test_json_line_refuses_a_field_named_type() -> None:
    from pydantic import BaseModel

    from storyline.store.export import _line

    class Clashing(BaseModel):
        type: str = "DATE"

    with pytest.raises(ValueError, match="field named 'type'"):
        _line("time", Clashing())
