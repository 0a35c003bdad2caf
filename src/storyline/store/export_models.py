"""The pydantic models of the export contract ``storyline.export/1``.

These models are the single source of the contract: :mod:`storyline.store.export` fills them in
and generates the JSON Schema from them, and a test keeps the committed
``schemas/export-1.schema.json`` equal to what they generate.

Compatibility policy. Within ``storyline.export/1`` changes are additive only: new optional
properties and new top-level sections, never a removed, renamed or retyped one (that would be
``storyline.export/2``). So every object in the schema is open (``additionalProperties: true``):
a consumer validating a newer /1 export with an older copy of the schema still passes, and must
ignore what it does not know. Our own output cannot grow stray keys for all that: the models
forbid unknown fields and mypy checks every constructor call. Sections added after the first
release (``actors``, ``quotes``, ``times`` in issue 3; ``events``, reserved since the start, and
``places`` in issue 4; ``stories`` and ``timeline``, reserved since the start, in issue 5) are
written in every export now, but stay optional in the schema, so that a /1 export written before
they existed still validates; likewise the article properties added later (``duplicate_of``,
``story_id``), which are always written (null when none) but not required.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from storyline.records import (
    ActorKind,
    DateBasis,
    DateGranularity,
    EventDateSource,
    EvidenceKind,
    InputFormat,
    Modality,
    RejectReason,
    Stage,
    TimexType,
)

__all__ = [
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
]

SCHEMA_NAME: Literal["storyline.export/1"] = "storyline.export/1"


def _drop_default(schema: dict[str, JsonValue]) -> None:
    # A property added within /1 is missing from older exports, where it means "not known":
    # keep `"default": null` out of the schema, which would say it means null.
    schema.pop("default", None)


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
    duplicate_of: str | None = Field(
        default=None,
        description="The `id` of the article this one republishes with light edits (a wire "
        "copy), or null. Always written now; missing only in exports made before it existed.",
        json_schema_extra=_drop_default,
    )
    story_id: str | None = Field(
        default=None,
        description="The `id` of the story (in `stories`) the article is in, or null. Always "
        "written now; see `duplicate_of`.",
        json_schema_extra=_drop_default,
    )


class ExportRejected(_Model):
    """An input, or a record inside one, that did not become an article."""

    source: str = Field(description="The path, URL or `path#locator` that was rejected.")
    stage: Stage = Field(description="The stage that rejected it.")
    reason: RejectReason = Field(description="Why, as a closed code.")
    detail: str = Field(description="What was wrong and how to fix it.")


class ExportDescriptor(_Model):
    """Something an article says an actor is, and where. Offsets are into the article's `text`."""

    article_id: str = Field(description="The article it was found in.")
    text: str = Field(description="The descriptor as written (`Russia's defence minister`).")
    start: int = Field(description="Start offset in the cleaned `text` of the article.")
    end: int = Field(description="End offset in the cleaned `text` of the article.")
    role: str | None = Field(description="The role it gives (`defence minister`), or null.")
    country: str | None = Field(
        description="The affiliation it gives: an ISO 3166 alpha-3 or CAMEO-style code (`RUS`, "
        "`UNO`), or null."
    )
    sector: str | None = Field(description="The sector it gives (`military`), or null.")
    producer: str = Field(description="Versioned name of the rules that found it.")


class ExportActor(_Model):
    """A person, body, country or group, merged across articles."""

    id: str = Field(description="Stable hash of the actor's kind and canonical name.")
    name: str = Field(description="Canonical name (the most complete name form seen).")
    aliases: list[str] = Field(description="Every other surface form merged into the actor.")
    kind: ActorKind = Field(description="What the actor is.")
    role: str | None = Field(description="The role the texts give it, or null.")
    country: str | None = Field(
        description="Its affiliation (ISO 3166 alpha-3 or CAMEO-style code), or null."
    )
    sector: str | None = Field(description="Its sector, or null.")
    code: str | None = Field(
        description="CAMEO-style actor code (`RUSGOV`, `UNO`), where derivable; or null."
    )
    mention_count: int = Field(description="How many mentions in the articles are of it.")
    descriptors: list[ExportDescriptor] = Field(
        description="What the articles say the actor is, and where: the evidence for `role`, "
        "`country` and `sector`."
    )


class ExportQuote(_Model):
    """A direct or indirect quotation. Offsets are into the cleaned `text` of its article."""

    article_id: str = Field(description="The article it was found in.")
    speaker: str | None = Field(
        description="The speaker as written where the quote is attributed (may be a pronoun or a "
        "nominal such as `the diplomat`), or null when no speaker was found."
    )
    speaker_id: str | None = Field(
        description="The id of the speaker's actor (in `actors`), or null when not linked."
    )
    speaker_name: str | None = Field(
        description="The speaker's name after resolving pronouns and nominals, or null."
    )
    speaker_start: int | None = Field(
        description="Start offset of `speaker` in the article's cleaned `text`, or null."
    )
    speaker_end: int | None = Field(
        description="End offset of `speaker` in the article's cleaned `text`, or null."
    )
    text: str = Field(description="The quoted words, or the reported speech.")
    start: int = Field(description="Start offset of `text` in the article's cleaned `text`.")
    end: int = Field(description="End offset of `text` in the article's cleaned `text`.")
    cue: str | None = Field(
        description="The cue verb or phrase (`said`, `told reporters`, `according to`), or null."
    )
    cue_start: int | None = Field(
        description="Start offset of `cue` in the article's cleaned `text`, or null."
    )
    cue_end: int | None = Field(
        description="End offset of `cue` in the article's cleaned `text`, or null."
    )
    direct: bool = Field(description="True for quoted words, false for indirect speech.")
    via: str | None = Field(
        description="An intermediary (`TASS` in \"quoted by TASS\"), or null."
    )
    producer: str = Field(description="Versioned name of the rules that found it.")


class ExportTime(_Model):
    """A time expression, TIMEX3-style. Offsets are into the cleaned `text` of its article."""

    article_id: str = Field(description="The article it was found in.")
    text: str = Field(description="The expression as written.")
    start: int = Field(description="Start offset in the article's cleaned `text`.")
    end: int = Field(description="End offset in the article's cleaned `text`.")
    # Not `type`: a JSON line's `type` says which record the line is (see iter_jsonl).
    timex_type: TimexType = Field(
        description="TIMEX3 type (the record's `type` attribute, renamed because `type` names "
        "the record kind in JSON lines)."
    )
    value: str = Field(
        description="TIMEX3 value (`2016-10-20`, `2016-W42`, `P3D`, `PAST_REF`; `XXXX-XX-XX` when "
        "it could not be anchored)."
    )
    date: dt.date | None = Field(
        description="The first calendar day the expression denotes (YYYY-MM-DD), or null where it "
        "denotes no day. For month or year granularity only that part is meaningful."
    )
    granularity: DateGranularity | None = Field(description="How precise `date` is.")
    anchored: bool = Field(
        description="True when `value` was worked out from the article's publication date."
    )
    mod: str | None = Field(description="TIMEX3 mod (`START`, `END`, `APPROX`...), or null.")
    producer: str = Field(description="Versioned name of the rules that found it.")


class ExportPlace(_Model):
    """A place mention, geocoded. Offsets are into the cleaned `text` of its article."""

    article_id: str = Field(description="The article it was found in.")
    text: str = Field(description="The mention as written (`Aleppo`).")
    start: int = Field(description="Start offset of `text` in the article's cleaned `text`.")
    end: int = Field(description="End offset of `text` in the article's cleaned `text`.")
    name: str = Field(description="The gazetteer's name of the place.")
    country: str | None = Field(
        description="ISO 3166 alpha-3 code of the country the place is in (`SYR`), or null."
    )
    country_fips: str | None = Field(
        description="FIPS 10-4 code of that country (`SY`; GDELT's geography uses it), or null."
    )
    admin1: str | None = Field(description="First-level division code, or null.")
    lat: float | None = Field(description="Latitude in degrees (WGS 84), or null.")
    lon: float | None = Field(description="Longitude in degrees (WGS 84), or null.")
    feature: str = Field(description="What the place is: `city`, `admin1`, `country`, `region`...")
    geonameid: int | None = Field(description="GeoNames id, where the gazetteer has one; or null.")
    producer: str = Field(description="Versioned name of the geocoder and gazetteer.")


class ExportEventPlace(_Model):
    """Where an event happened: the geocoded place its sentence names."""

    name: str = Field(description="The gazetteer's name of the place.")
    country: str | None = Field(description="ISO 3166 alpha-3 country code, or null.")
    country_fips: str | None = Field(description="FIPS 10-4 country code, or null.")
    lat: float | None = Field(description="Latitude in degrees (WGS 84), or null.")
    lon: float | None = Field(description="Longitude in degrees (WGS 84), or null.")
    feature: str = Field(description="What the place is: `city`, `admin1`, `country`...")
    geonameid: int | None = Field(description="GeoNames id, or null.")


class ExportEvent(_Model):
    """A coded dyadic event (CAMEO, with PLOVER): who did what to whom, when and where.

    Offsets are into the cleaned `text` of its article.
    """

    id: str = Field(
        description="Stable hash of the article, offsets, code and actors; unique in the export."
    )
    article_id: str = Field(description="The article it was found in.")
    start: int = Field(description="Start offset of the event's sentence in the article's `text`.")
    end: int = Field(description="End offset of the event's sentence in the article's `text`.")
    trigger: str = Field(description="The words that gave the event (`resumed talks`).")
    trigger_start: int = Field(description="Start offset of `trigger`.")
    trigger_end: int = Field(description="End offset of `trigger`.")
    source: str | None = Field(
        description="Who acted, as written; null where the text names no one."
    )
    source_actor: str | None = Field(
        description="The `id` of the source's actor in `actors`, or null when not linked."
    )
    source_code: str | None = Field(
        description="CAMEO-style actor code of the source (`RUSGOV`), or null."
    )
    target: str | None = Field(description="Who was acted on, as written; or null.")
    target_actor: str | None = Field(
        description="The `id` of the target's actor in `actors`, or null when not linked."
    )
    target_code: str | None = Field(description="CAMEO-style actor code of the target, or null.")
    cameo: str = Field(
        description="CAMEO event code, as a string with its leading zero (`036`, `0871`); as "
        "specific as the text supports."
    )
    plover: str | None = Field(description="PLOVER event category (`CONSULT`), or null.")
    plover_mode: str | None = Field(description="PLOVER mode (`visit`), or null.")
    goldstein: float | None = Field(
        description="Goldstein scale value of the CAMEO code, -10 to 10; or null."
    )
    quad_class: int | None = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material "
        "conflict (GDELT's QuadClass); or null."
    )
    modality: Modality = Field(
        description="The event's truth status as the text states it: `asserted` (it happened), "
        "`intended`, `offered`, `threatened`, `conditional`, `denied`, `alleged`, "
        "`hypothetical`, `negated` (it did not happen)."
    )
    asserted_by: str | None = Field(
        description="Who states the event: the outlet, or the quoted speaker; or null."
    )
    asserted_by_kind: Literal["outlet", "speaker"] | None = Field(
        description="Whether `asserted_by` is the outlet or a speaker, or null."
    )
    date: dt.date | None = Field(
        description="The event's date (YYYY-MM-DD), or null. For month or year granularity only "
        "that part is meaningful."
    )
    date_granularity: DateGranularity | None = Field(description="How precise `date` is.")
    date_source: EventDateSource | None = Field(
        description="Where `date` came from: the event's own time expression (`timex`), the "
        "date its undated narrative sentence inherits from the dated sentence it continues "
        "(`context`), or the article's publication date (`article`, a fallback); null with no "
        "date."
    )
    place: ExportEventPlace | None = Field(
        title="Place", description="Where it happened, where the sentence names a place; or null."
    )
    rule: str = Field(description="The rule or lexicon entry that coded it (`verbs.v1:meet`).")
    producer: str = Field(description="Versioned name of the event coder.")


class ExportStory(_Model):
    """A developing story: the articles about it, in publication order."""

    id: str = Field(
        description="Stable hash of its founding article: later articles never change it."
    )
    title: str = Field(description="A title taken from its articles.")
    summary: str = Field(description="A short extractive summary (sentences of its articles).")
    article_ids: list[str] = Field(
        description="The `id`s of its articles (in `articles`), in publication order."
    )
    producer: str = Field(description="Versioned name of the clustering and its parameters.")


class ExportTimelineSentence(_Model):
    """One sentence that reports a timeline entry. Offsets are into its article's cleaned `text`."""

    article_id: str = Field(description="The article the sentence is in.")
    start: int = Field(description="Start offset of the sentence in the article's `text`.")
    end: int = Field(description="End offset of the sentence in the article's `text`.")
    outlet: str | None = Field(description="The outlet that published it, or null.")
    event_ids: list[str] = Field(
        description="The `id`s of the events (in `events`) of the sentence merged into the entry."
    )


class ExportTimelineEntry(_Model):
    """One dated development of a story, with every sentence that reports it."""

    story_id: str = Field(description="The `id` of its story in `stories`.")
    date: dt.date = Field(
        description="The date (YYYY-MM-DD); for month or year granularity only that part counts."
    )
    granularity: DateGranularity = Field(description="How precise `date` is.")
    date_basis: DateBasis | None = Field(
        description="How `date` is known: `text` (a source's own time expression), `context` "
        "(only a reference time inherited from the dated sentence an undated narrative sentence "
        "continues) or `report` (no source dates it: it happened on or before the date of the "
        "reports); null for entries stored before the basis was recorded.",
    )
    summary: str = Field(description="One line, taken from the best sentence.")
    actors: list[str] = Field(description="The `id`s of the actors involved (in `actors`).")
    cameo: list[str] = Field(description="CAMEO codes of the events merged into the entry.")
    article_ids: list[str] = Field(
        description="The distinct `article_id`s of `sentences`, in the order of `sentences`."
    )
    sentences: list[ExportTimelineSentence] = Field(
        description="Every sentence, of every article, that reports it."
    )
    disputed: bool = Field(
        description="True when the sources disagree (a date, a number, a claim and its denial)."
    )
    disagreement: str | None = Field(
        description="How the sources disagree, when `disputed`; otherwise null."
    )
    producer: str = Field(description="Versioned name of the timeline builder.")


class ExportGenerator(_Model):
    """The program that wrote the export."""

    name: Literal["storyline"] = Field(description="Always `storyline`.")
    version: str = Field(description="Its version.")


class ExportDocument(_Model):
    """A storyline export: articles with their evidence, what was found in them, rejected inputs.

    Found in them: actors, quotes, time expressions, places and coded events; across them:
    stories and their timelines.
    """

    model_config = ConfigDict(title="storyline export, version 1")

    schema_: Literal["storyline.export/1"] = Field(
        alias="schema", description="The contract's name and major version."
    )
    generator: ExportGenerator = Field(description="The program that wrote the export.")
    articles: list[ExportArticle] = Field(
        description="Every article, by publication date (undated last), then id."
    )
    rejected: list[ExportRejected] = Field(description="Inputs that did not become articles.")
    # Written in every export, but not required by the schema: a /1 export made before these
    # sections existed has none of them and must still validate (additive changes only).
    actors: list[ExportActor] = Field(
        default_factory=list,
        description="People, bodies, countries and groups merged across articles, the most "
        "mentioned first (then by name). Always written now; missing only in exports made "
        "before the section existed, where it means unknown, not none.",
    )
    quotes: list[ExportQuote] = Field(
        default_factory=list,
        description="Direct and indirect quotations with their speakers, by article (in the "
        "order of `articles`), then start offset. Always written; see `actors`.",
    )
    times: list[ExportTime] = Field(
        default_factory=list,
        description="Time expressions normalised against the publication date, by article (in "
        "the order of `articles`), then start offset. Always written; see `actors`.",
    )
    events: list[ExportEvent] = Field(
        default_factory=list,
        description="Coded events (who did what to whom, when, where), by event date (undated "
        "last), then by article (in the order of `articles`), then start offset. Always "
        "written; see `actors`.",
    )
    places: list[ExportPlace] = Field(
        default_factory=list,
        description="Geocoded place mentions, by article (in the order of `articles`), then "
        "start offset. Always written; see `actors`.",
    )
    stories: list[ExportStory] = Field(
        default_factory=list,
        description="Articles grouped into developing stories, the one with the most recent "
        "article first (then by id). Always written; see `actors`.",
    )
    timeline: list[ExportTimelineEntry] = Field(
        default_factory=list,
        description="Every story's timeline: by story (in the order of `stories`), then by "
        "date. Always written; see `actors`.",
    )
