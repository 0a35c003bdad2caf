"""The export contract ``storyline.export/1``: document, JSON lines, schema.

:func:`build_export` fills in the pydantic models of :mod:`storyline.store.export_models` (the
single source of the contract, with its compatibility policy) from a :class:`Repository`;
:func:`export_json_schema` generates the JSON Schema from them, and a test keeps the committed
``schemas/export-1.schema.json`` equal to what they generate.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, JsonValue

from storyline import __version__
from storyline.records import (
    Actor,
    Article,
    DateEvidence,
    Descriptor,
    Event,
    Place,
    PublishedDate,
    Quote,
    Rejected,
    Story,
    TimeExpr,
    TimelineEntry,
)
from storyline.store.export_models import (
    SCHEMA_NAME,
    ExportActor,
    ExportArticle,
    ExportDescriptor,
    ExportDocument,
    ExportEvent,
    ExportEventPlace,
    ExportEvidence,
    ExportGenerator,
    ExportPlace,
    ExportQuote,
    ExportRejected,
    ExportRemovedLine,
    ExportStory,
    ExportTime,
    ExportTimelineEntry,
    ExportTimelineSentence,
)
from storyline.store.repository import Repository

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_NAME",
    "ExportActor",
    "ExportArticle",
    "ExportDescriptor",
    "ExportDocument",
    "ExportEvent",
    "ExportEventPlace",
    "ExportEvidence",
    "ExportGenerator",
    "ExportPlace",
    "ExportQuote",
    "ExportRejected",
    "ExportRemovedLine",
    "ExportStory",
    "ExportTime",
    "ExportTimelineEntry",
    "ExportTimelineSentence",
    "build_export",
    "export_document",
    "export_json_schema",
    "iter_jsonl",
    "schema_path",
    "write_json_schema",
]

SCHEMA_ID = "urn:storyline:schema:export-1"
"""The schema's ``$id``: a URN, as the project has no canonical web address yet."""
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


M = TypeVar("M", bound=BaseModel)


def _copy(model: type[M], record: object) -> M:
    """An export item from a record whose fields it shares by name (pydantic reads attributes),
    so a field added to both cannot be forgotten in a hand-written copy."""
    return model.model_validate(record, from_attributes=True)


def _ordered_evidence(published: PublishedDate) -> list[ExportEvidence]:
    """Return the evidence with the deciding clue first and marked ``decided``.

    The deciding clue is the first of the kind named by ``method`` that denotes the chosen date
    (else the first of that kind). With no date, or ``method == "inferred"``, none decided alone
    and the order is kept.
    """
    items = list(published.evidence)
    decider: int | None = None
    if published.value is not None:
        of_kind = [i for i, e in enumerate(items) if e.kind.value == published.method]
        same_date = [i for i in of_kind if items[i].value == published.value]
        candidates = same_date or of_kind
        decider = candidates[0] if candidates else None
    out = [_evidence(e, decided=False) for e in items]
    if decider is not None:
        first = _evidence(items[decider], decided=True)
        out = [first] + out[:decider] + out[decider + 1 :]
    return out


def _evidence(e: DateEvidence, *, decided: bool) -> ExportEvidence:
    return ExportEvidence(
        kind=e.kind,
        text=e.text,
        start=e.start,
        end=e.end,
        value=e.value,
        granularity=e.granularity,
        weekday=e.weekday,
        note=e.note,
        decided=decided,
    )


def _article(
    article: Article,
    sources: tuple[str, ...],
    *,
    include_original_text: bool,
    duplicate_of: str | None = None,
    story_id: str | None = None,
) -> ExportArticle:
    pub = article.published
    return ExportArticle(
        id=article.id,
        source=article.source,
        sources=list(sources) or [article.source],
        format=article.format,
        url=article.url,
        title=article.title,
        subtitle=article.subtitle,
        outlet=article.outlet,
        outlet_evidence=article.outlet_evidence,
        agency=article.agency,
        dateline=article.dateline,
        published=pub.value,
        published_granularity=pub.granularity,
        published_confidence=pub.confidence,
        published_method=pub.method,
        published_evidence=_ordered_evidence(pub),
        published_explanation=pub.explanation,
        published_contradicted=[_evidence(e, decided=False) for e in pub.contradicted],
        language=article.language,
        language_confidence=article.language_confidence,
        encoding=article.encoding,
        extractor=article.extractor,
        text=article.text,
        removed=[
            ExportRemovedLine(start=r.start, end=r.end, text=r.text, rule=r.rule)
            for r in article.removed
        ],
        original_text=article.original_text if include_original_text else None,
        duplicate_of=duplicate_of,
        story_id=story_id,
    )


def _rejected(rejected: Rejected) -> ExportRejected:
    return _copy(ExportRejected, rejected)


def _descriptor(d: Descriptor) -> ExportDescriptor:
    return _copy(ExportDescriptor, d)


def _actor(actor: Actor) -> ExportActor:
    return ExportActor(
        id=actor.id,
        name=actor.name,
        aliases=list(actor.aliases),
        kind=actor.kind,
        role=actor.role,
        country=actor.country,
        sector=actor.sector,
        code=actor.code,
        mention_count=len(actor.mentions),
        descriptors=[_descriptor(d) for d in actor.descriptors],
    )


def _quote(quote: Quote) -> ExportQuote:
    return _copy(ExportQuote, quote)


def _time(time: TimeExpr) -> ExportTime:
    return ExportTime(
        article_id=time.article_id,
        text=time.text,
        start=time.start,
        end=time.end,
        timex_type=time.type,
        value=time.value,
        date=time.date,
        granularity=time.granularity,
        anchored=time.anchored,
        mod=time.mod,
        producer=time.producer,
    )


def _place(place: Place) -> ExportPlace:
    return _copy(ExportPlace, place)


def _event_place(place: Place | None) -> ExportEventPlace | None:
    return None if place is None else _copy(ExportEventPlace, place)


def _event(event: Event) -> ExportEvent:
    # The nested place is copied the same way (only the fields ExportEventPlace declares).
    return _copy(ExportEvent, event)


def _story(story: Story) -> ExportStory:
    return _copy(ExportStory, story)


def _timeline_entry(entry: TimelineEntry) -> ExportTimelineEntry:
    return ExportTimelineEntry(
        story_id=entry.story_id,
        date=entry.date,
        granularity=entry.granularity,
        date_basis=entry.date_basis,
        summary=entry.summary,
        actors=list(entry.actors),
        cameo=list(entry.cameo),
        article_ids=list(dict.fromkeys(s.article_id for s in entry.sources)),
        sentences=[
            ExportTimelineSentence(
                article_id=s.article_id,
                start=s.start,
                end=s.end,
                outlet=s.outlet,
                event_ids=list(s.event_ids),
            )
            for s in entry.sources
        ],
        disputed=entry.disputed,
        disagreement=entry.disagreement,
        producer=entry.producer,
    )


def _export_articles(
    store: Repository, stories: list[Story], *, include_original_text: bool
) -> Iterator[ExportArticle]:
    # Ids only: small enough to hold, and one query each instead of two per article.
    originals = {d.article_id: d.duplicate_of for d in store.duplicates()}
    story_of = {a: s.id for s in stories for a in s.article_ids}
    for article in store.articles():
        yield _article(
            article,
            store.sources(article.id),
            include_original_text=include_original_text,
            duplicate_of=originals.get(article.id),
            story_id=story_of.get(article.id),
        )


def _export_timeline(store: Repository, stories: list[Story]) -> Iterator[ExportTimelineEntry]:
    for story in stories:
        for entry in store.timeline(story.id):
            yield _timeline_entry(entry)


def build_export(
    store: Repository, *, run_id: str | None = None, include_original_text: bool = False
) -> ExportDocument:
    """Build the export model of everything in a store.

    Args:
        store: The store to export.
        run_id: Export only this run's rejects; None for the distinct rejects of every run.
        include_original_text: Fill in each article's ``original_text`` (doubles the size).

    Returns:
        The export, as the pydantic model.
    """
    stories = store.stories()
    return ExportDocument(
        schema=SCHEMA_NAME,
        generator=ExportGenerator(name="storyline", version=__version__),
        articles=list(
            _export_articles(store, stories, include_original_text=include_original_text)
        ),
        rejected=[_rejected(r) for r in store.rejected(run_id)],
        actors=[_actor(a) for a in store.actors()],
        quotes=[_quote(q) for q in store.quotes()],
        times=[_time(t) for t in store.times()],
        events=[_event(e) for e in store.events()],
        places=[_place(p) for p in store.places()],
        stories=[_story(s) for s in stories],
        timeline=list(_export_timeline(store, stories)),
    )


def export_document(
    store: Repository, *, run_id: str | None = None, include_original_text: bool = False
) -> dict[str, JsonValue]:
    """Return the ``storyline.export/1`` document of a store, as plain JSON data.

    Args:
        store: The store to export.
        run_id: Export only this run's rejects; None for the distinct rejects of every run.
        include_original_text: Fill in each article's ``original_text``.

    Returns:
        A dict ready for ``json.dump``; it validates against :func:`export_json_schema`.
    """
    doc = build_export(store, run_id=run_id, include_original_text=include_original_text)
    data: dict[str, JsonValue] = doc.model_dump(mode="json", by_alias=True)
    return data


def iter_jsonl(
    store: Repository, *, run_id: str | None = None, include_original_text: bool = False
) -> Iterator[str]:
    """Yield the export as JSON lines: articles, actors, quotes, times, events, places, stories,
    timeline entries, rejects.

    Each line is an object with ``"type"`` (``article``, ``actor``, ``quote``, ``time``,
    ``event``, ``place``, ``story``, ``timeline``, ``rejected``) followed by the fields of
    ``ExportArticle``, ``ExportActor``, ``ExportQuote``, ``ExportTime``, ``ExportEvent``,
    ``ExportPlace``, ``ExportStory``, ``ExportTimelineEntry`` or ``ExportRejected``, in the order
    of the document's arrays. Lines carry no
    newline (write one after each); JSON escapes any newline inside a value, so a line never
    contains one. Articles are read one at a time, so the article texts are never all in memory.

    Args:
        store: The store to export.
        run_id: Export only this run's rejects; None for the distinct rejects of every run.
        include_original_text: Fill in each article's ``original_text``.

    Yields:
        One line of JSON per record, without its newline.
    """
    stories = store.stories()
    for article in _export_articles(store, stories, include_original_text=include_original_text):
        yield _line("article", article)
    for actor in store.actors():
        yield _line("actor", _actor(actor))
    for quote in store.quotes():
        yield _line("quote", _quote(quote))
    for time in store.times():
        yield _line("time", _time(time))
    for event in store.events():
        yield _line("event", _event(event))
    for place in store.places():
        yield _line("place", _place(place))
    for story in stories:
        yield _line("story", _story(story))
    for entry in _export_timeline(store, stories):
        yield _line("timeline", entry)
    for rejected in store.rejected(run_id):
        yield _line("rejected", _rejected(rejected))


# Characters str.splitlines() breaks on that json.dumps(ensure_ascii=False) leaves raw (it escapes
# only those below U+0020). They can occur only inside JSON strings, so escaping them is safe.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _line(kind: str, model: BaseModel) -> str:
    fields = model.model_dump(mode="json")
    if "type" in fields:
        # `type` says which record a line is: a field of that name would silently replace it
        # (or be replaced). Rename the field in the model, as ExportTime.timex_type does.
        raise ValueError(f"{type(model).__name__} has a field named 'type'; rename it")
    line = json.dumps({"type": kind, **fields}, ensure_ascii=False)
    return line.translate(_LINE_BREAKS)


def export_json_schema() -> dict[str, JsonValue]:
    """Return the JSON Schema (Draft 2020-12) of ``storyline.export/1``, generated from the models.

    Returns:
        The schema, with ``$schema`` and ``$id`` first.
    """
    generated = ExportDocument.model_json_schema(by_alias=True)
    return {"$schema": _DRAFT, "$id": SCHEMA_ID, **generated}


def schema_path() -> Path:
    """Return the path of the committed schema file, ``storyline/schemas/export-1.schema.json``."""
    return Path(str(resources.files("storyline") / "schemas" / "export-1.schema.json"))


def write_json_schema(path: Path | None = None) -> Path:
    """Write the generated schema (to the committed file by default) and return the path.

    Run this after changing a model; a test fails until the committed file matches again.
    """
    target = path or schema_path()
    text = json.dumps(export_json_schema(), indent=2, ensure_ascii=False) + "\n"
    target.write_text(text, encoding="utf-8")
    return target
