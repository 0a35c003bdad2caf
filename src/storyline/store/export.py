"""The export contract ``storyline.export/1``: pydantic models, document, JSON lines, schema.

The models below are the single source of the contract: :func:`export_document` fills them in,
:func:`export_json_schema` generates the JSON Schema from them, and a test keeps the committed
``schemas/export-1.schema.json`` equal to what they generate.

Compatibility policy. Within ``storyline.export/1`` changes are additive only: new optional
properties and new top-level sections, never a removed, renamed or retyped one (that would be
``storyline.export/2``). So every object in the schema is open (``additionalProperties: true``):
a consumer validating a newer /1 export with an older copy of the schema still passes, and must
ignore what it does not know. Our own output cannot grow stray keys for all that: the models
forbid unknown fields and mypy checks every constructor call. The sections later issues will fill
in (``actors``, ``quotes``, ``times``, ``events``, ``stories``, ``timeline``) are declared now as
optional arrays of objects, which reserves their names and types; each issue pins its item shape.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_serializer
from pydantic.json_schema import SkipJsonSchema
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from storyline import __version__
from storyline.records import (
    Article,
    DateEvidence,
    DateGranularity,
    EvidenceKind,
    InputFormat,
    PublishedDate,
    Rejected,
    RejectReason,
    Stage,
)
from storyline.store.repository import Repository

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_NAME",
    "ExportArticle",
    "ExportDocument",
    "ExportEvidence",
    "ExportGenerator",
    "ExportRejected",
    "ExportRemovedLine",
    "build_export",
    "export_document",
    "export_json_schema",
    "iter_jsonl",
    "schema_path",
    "write_json_schema",
]

SCHEMA_NAME: Literal["storyline.export/1"] = "storyline.export/1"
SCHEMA_ID = "urn:storyline:schema:export-1"
"""The schema's ``$id``: a URN, as the project has no canonical web address yet."""
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_FUTURE_SECTIONS = ("actors", "quotes", "times", "events", "stories", "timeline")


class _Model(BaseModel):
    # forbid: our own code cannot emit a key the contract does not declare. The schema still says
    # additionalProperties: true for consumers (see the module docstring).
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra={"additionalProperties": True}
    )


class ExportEvidence(_Model):
    """One clue about an article's publication date. Offsets are into the original text."""

    kind: EvidenceKind = Field(description="Where the clue was found.")
    text: str = Field(description="The clue as written.")
    start: int = Field(description="Start offset in the original text; -1 for metadata.")
    end: int = Field(description="End offset in the original text; -1 for metadata.")
    value: dt.date | None = Field(
        description="The date the clue denotes by itself (YYYY-MM-DD), or null."
    )
    granularity: DateGranularity | None = Field(description="How precise `value` is.")
    weekday: int | None = Field(
        description="For weekday clues: Monday=0 ... Sunday=6; otherwise null."
    )
    note: str = Field(description="What the date finder made of the clue.")
    decided: bool = Field(
        description="True for the clue that decided the date (always listed first); false for "
        "the others and when the date was inferred from several clues."
    )


class ExportRemovedLine(_Model):
    """A line the cleaner took out of the article body. Offsets are into the original text."""

    start: int = Field(description="Start offset in the original text.")
    end: int = Field(description="End offset in the original text.")
    text: str = Field(description="The line as it was.")
    rule: str = Field(description="The cleaning rule that removed it (`chrome.menu`, ...).")


class ExportArticle(_Model):
    """One cleaned article with its metadata and the evidence for its date."""

    id: str = Field(description="Stable content hash of the original text (16 hex characters).")
    source: str = Field(description="The path or URL the article was first read from.")
    sources: list[str] = Field(
        description="Every path or URL the same text was read from, the first one first."
    )
    format: InputFormat = Field(description="The reader that read it.")
    url: str | None = Field(description="The article's URL, where known.")
    title: str | None = Field(description="The headline, where found.")
    subtitle: str | None = Field(description="The standfirst or subheading, where found.")
    outlet: str | None = Field(description="The publisher, where known.")
    outlet_evidence: str | None = Field(description="How the outlet was found.")
    agency: str | None = Field(
        description="A wire agency the text credits (AP, Reuters), where not the outlet."
    )
    dateline: str | None = Field(description="The dateline place (`GENEVA`), where present.")
    published: dt.date | None = Field(
        description="Publication date (YYYY-MM-DD), or null where the evidence gives none. For "
        "month or year granularity only the month or year part is meaningful."
    )
    published_granularity: DateGranularity | None = Field(
        description="How precise `published` is."
    )
    published_confidence: float = Field(description="Confidence in `published`, 0 to 1.")
    published_method: str = Field(
        description="Which kind of evidence decided (an evidence kind), or `inferred` when "
        "several clues were combined."
    )
    published_evidence: list[ExportEvidence] = Field(
        description="Every clue considered, the deciding one first."
    )
    published_explanation: str = Field(description="Why this date was chosen, in one sentence.")
    published_contradicted: list[ExportEvidence] = Field(
        description="Clues overruled because the text contradicts them."
    )
    language: str | None = Field(description="ISO 639-1 language code, where detected.")
    language_confidence: float | None = Field(description="The language detector's confidence.")
    encoding: str | None = Field(description="The encoding the input bytes were decoded with.")
    extractor: str = Field(description="Versioned name of the reader and cleaner.")
    text: str = Field(
        description="The cleaned article body; offsets of later sections point into it."
    )
    removed: list[ExportRemovedLine] = Field(description="Lines cleaned out of the body.")
    original_text: str | None = Field(
        description="The text as read, into which evidence and removed-line offsets point; null "
        "unless the export was asked to include it."
    )


class ExportRejected(_Model):
    """An input, or a record inside one, that did not become an article."""

    source: str = Field(description="The path, URL or `path#locator` that was rejected.")
    stage: Stage = Field(description="The stage that rejected it.")
    reason: RejectReason = Field(description="Why, as a closed code.")
    detail: str = Field(description="What was wrong and how to fix it.")


class ExportGenerator(_Model):
    """The program that wrote the export."""

    name: Literal["storyline"] = Field(description="Always `storyline`.")
    version: str = Field(description="Its version.")


def _drop_default(schema: dict[str, JsonValue]) -> None:
    # An absent section is absent, not null: keep `"default": null` out of the schema.
    schema.pop("default", None)


def _section(what: str, issue: str) -> Any:  # Any: what pydantic's Field() returns
    description = f"{what} Absent until {issue} fills it in; the item shape is not fixed yet."
    return Field(default=None, description=description, json_schema_extra=_drop_default)


class ExportDocument(_Model):
    """A storyline export: articles with their metadata and evidence, and the rejected inputs."""

    model_config = ConfigDict(title="storyline export, version 1")

    schema_: Literal["storyline.export/1"] = Field(
        alias="schema", description="The contract's name and major version."
    )
    generator: ExportGenerator = Field(description="The program that wrote the export.")
    articles: list[ExportArticle] = Field(
        description="Every article, by publication date (undated last), then id."
    )
    rejected: list[ExportRejected] = Field(description="Inputs that did not become articles.")
    actors: list[dict[str, JsonValue]] | SkipJsonSchema[None] = _section(
        "People, bodies, countries and groups merged across articles.", "the actors issue"
    )
    quotes: list[dict[str, JsonValue]] | SkipJsonSchema[None] = _section(
        "Direct and indirect quotations with their speakers.", "the quotes issue"
    )
    times: list[dict[str, JsonValue]] | SkipJsonSchema[None] = _section(
        "Time expressions normalised against the publication date.", "the times issue"
    )
    events: list[dict[str, JsonValue]] | SkipJsonSchema[None] = _section(
        "Coded events (who did what to whom, when, where).", "the events issue"
    )
    stories: list[dict[str, JsonValue]] | SkipJsonSchema[None] = _section(
        "Articles grouped into developing stories.", "the stories issue"
    )
    timeline: list[dict[str, JsonValue]] | SkipJsonSchema[None] = _section(
        "Dated entries of each story's timeline, with their sources.", "the timeline issue"
    )

    @model_serializer(mode="wrap")
    def _omit_absent_sections(
        self, handler: SerializerFunctionWrapHandler
    ) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = handler(self)
        for name in _FUTURE_SECTIONS:
            if data.get(name) is None:
                data.pop(name, None)
        return data


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
    article: Article, sources: tuple[str, ...], *, include_original_text: bool
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
    )


def _rejected(rejected: Rejected) -> ExportRejected:
    return ExportRejected(
        source=rejected.source,
        stage=rejected.stage,
        reason=rejected.reason,
        detail=rejected.detail,
    )


def _export_articles(
    store: Repository, *, include_original_text: bool
) -> Iterator[ExportArticle]:
    for article in store.articles():
        yield _article(
            article, store.sources(article.id), include_original_text=include_original_text
        )


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
    return ExportDocument(
        schema=SCHEMA_NAME,
        generator=ExportGenerator(name="storyline", version=__version__),
        articles=list(_export_articles(store, include_original_text=include_original_text)),
        rejected=[_rejected(r) for r in store.rejected(run_id)],
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
    """Yield the export as JSON lines: one per article, then one per reject.

    Each line is an object with ``"type": "article"`` or ``"type": "rejected"`` followed by the
    fields of ``ExportArticle`` or ``ExportRejected``. Lines carry no newline (write one after
    each); JSON escapes any newline inside a value, so a line never contains one. Articles are read
    one at a time, so memory does not grow with the store.

    Args:
        store: The store to export.
        run_id: Export only this run's rejects; None for the distinct rejects of every run.
        include_original_text: Fill in each article's ``original_text``.

    Yields:
        One line of JSON per record, without its newline.
    """
    for article in _export_articles(store, include_original_text=include_original_text):
        yield _line("article", article)
    for rejected in store.rejected(run_id):
        yield _line("rejected", _rejected(rejected))


# Characters str.splitlines() breaks on that json.dumps(ensure_ascii=False) leaves raw (it escapes
# only those below U+0020). They can occur only inside JSON strings, so escaping them is safe.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _line(kind: str, model: BaseModel) -> str:
    line = json.dumps({"type": kind, **model.model_dump(mode="json")}, ensure_ascii=False)
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
