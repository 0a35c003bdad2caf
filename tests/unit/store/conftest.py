"""Hand-built articles and analyses, and an open store, for the store tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.records import (
    Actor,
    ActorMention,
    Article,
    ArticleAnalysis,
    DateEvidence,
    Descriptor,
    Event,
    EvidenceKind,
    InputFormat,
    Mention,
    OffsetMap,
    Place,
    PublishedDate,
    Quote,
    RemovedLine,
    Segment,
    TimeExpr,
)
from storyline.store import SqliteStore, open_store

FIXED_NOW = dt.datetime(2024, 11, 24, 12, 0, tzinfo=dt.UTC)

MakeArticle = Callable[..., Article]
MakeAnalysis = Callable[..., ArticleAnalysis]
MakeActor = Callable[..., Actor]

ANALYSED_BODY = (
    '"We are ready to talk," Sergey Ryabkov, Russia\'s deputy foreign minister, told reporters '
    "on Tuesday. The diplomat said the talks would resume in Geneva next week."
)
"""An article body with actors, a direct and an indirect quote, two time expressions, two places
and three events."""

PRODUCERS = (
    ("nlp", "en_core_web_sm-3.8.0"),
    ("actors", "actors.rules.v1"),
    ("quotes", "quotes.rules.v1"),
    ("times", "times.rules.v1"),
    ("places", "places.test-1"),
    ("events", "events.rules.v1"),
)


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


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """Return the offsets of the first ``needle`` in ``text`` at or after ``after``."""
    start = text.index(needle, after)
    return start, start + len(needle)


def build_analysis(
    article: Article, *, producers: tuple[tuple[str, str], ...] = PRODUCERS
) -> ArticleAnalysis:
    """Return the analysis of an article whose body contains :data:`ANALYSED_BODY`.

    Every optional field of every record is filled in somewhere, offsets slice ``article.text``
    back to each record's text, and records are in offset order, as the extractors yield them.
    """
    text, aid = article.text, article.id

    def mention(needle: str, kind: Any, form: Any, producer: str = "actors.rules.v1") -> Mention:
        start, end = span(text, needle)
        return Mention(article_id=aid, text=needle, start=start, end=end, kind=kind, form=form,
                       producer=producer)

    role_start, role_end = span(text, "Russia's deputy foreign minister")
    descriptor = Descriptor(
        article_id=aid, text="Russia's deputy foreign minister", start=role_start, end=role_end,
        role="deputy foreign minister", country="RUS", sector="government",
        producer="actors.descriptors.v1",
    )
    ryabkov = span(text, "Sergey Ryabkov")
    mentions = (
        ActorMention(mention=mention("Sergey Ryabkov", "person", "name"), name="Sergey Ryabkov",
                     descriptors=(descriptor,)),
        ActorMention(mention=mention("Russia", "country", "name"), name="Russia",
                     key="country:RUS", code="RUS", country="RUS", sector="government"),
        ActorMention(mention=mention("The diplomat", "person", "nominal"), name="Sergey Ryabkov",
                     antecedent=ryabkov),
        ActorMention(mention=mention("Geneva", "location", "name"), name="Geneva"),
    )
    cue = span(text, "told reporters")
    said = span(text, "said")
    diplomat = span(text, "The diplomat")
    quotes = (
        Quote(article_id=aid, text="We are ready to talk,", start=span(text, "We are")[0],
              end=span(text, "We are ready to talk,")[1], speaker="Sergey Ryabkov",
              speaker_start=ryabkov[0], speaker_end=ryabkov[1], speaker_name="Sergey Ryabkov",
              cue="told reporters", cue_start=cue[0], cue_end=cue[1], direct=True,
              via="TASS", producer="quotes.rules.v1"),
        Quote(article_id=aid, text="the talks would resume in Geneva next week",
              start=span(text, "the talks")[0], end=span(text, "next week")[1],
              speaker="The diplomat", speaker_start=diplomat[0], speaker_end=diplomat[1],
              speaker_name="Sergey Ryabkov", cue="said", cue_start=said[0], cue_end=said[1],
              direct=False, producer="quotes.rules.v1"),
    )
    tuesday = span(text, "Tuesday")
    next_week = span(text, "next week")
    times = (
        TimeExpr(article_id=aid, text="Tuesday", start=tuesday[0], end=tuesday[1], type="DATE",
                 value="2016-07-26", date=dt.date(2016, 7, 26), granularity="day",
                 anchored=True, producer="times.rules.v1"),
        TimeExpr(article_id=aid, text="next week", start=next_week[0], end=next_week[1],
                 type="DATE", value="2016-W31", date=dt.date(2016, 8, 1), anchored=True,
                 mod="START", producer="times.rules.v1"),
    )
    places = build_places(article)
    return ArticleAnalysis(article_id=aid, actor_mentions=mentions, quotes=quotes, times=times,
                           places=places, events=build_events(article, places[1]),
                           producers=producers)


def build_places(article: Article) -> tuple[Place, ...]:
    """The places of :data:`ANALYSED_BODY`: Russia (a country) and Geneva (a city)."""
    russia, geneva = span(article.text, "Russia"), span(article.text, "Geneva")
    return (
        Place(article_id=article.id, start=russia[0], end=russia[1], text="Russia",
              name="Russia", country="RUS", country_fips="RS", lat=60.0, lon=100.0,
              feature="country", geonameid=2017370, producer="places.test-1"),
        Place(article_id=article.id, start=geneva[0], end=geneva[1], text="Geneva",
              name="Geneva", country="CHE", country_fips="SZ", admin1="GE", lat=46.20222,
              lon=6.14569, feature="city", geonameid=2660646, producer="places.test-1"),
    )


def build_events(article: Article, geneva: Place | None = None) -> tuple[Event, ...]:
    """The events of :data:`ANALYSED_BODY`, in text order, every optional field filled somewhere.

    Ryabkov tells reporters (010, asserted by the outlet), is ready to talk (036, intended,
    asserted by himself), and says the talks will resume in Geneva (044, with a place).
    """
    text, aid = article.text, article.id
    first_end = text.index(".") + 1
    second = (first_end + 1, text.index(".", first_end) + 1)
    ryabkov, diplomat = span(text, "Sergey Ryabkov"), span(text, "The diplomat")
    reporters = span(text, "reporters")

    def event(trigger: str, *, after: int = 0, **fields: Any) -> Event:
        t_start, t_end = span(text, trigger, after)
        return Event(
            id=hashlib.sha1(f"{aid}|{t_start}|{fields['cameo']}".encode()).hexdigest()[:16],
            article_id=aid, trigger=trigger, trigger_start=t_start, trigger_end=t_end,
            producer="events.rules.v1", **fields,
        )

    return (
        event("told", start=0, end=first_end, source="Sergey Ryabkov", source_start=ryabkov[0],
              source_end=ryabkov[1], source_code="RUSGOV", target="reporters",
              target_start=reporters[0], target_end=reporters[1], target_code="MED",
              cameo="010", plover="STATEMENT", goldstein=0.0, quad_class=1,
              asserted_by="TASS", asserted_by_kind="outlet", date=dt.date(2016, 7, 26),
              date_granularity="day", date_source="timex", rule="verbs.v1:tell"),
        event("ready to talk", start=0, end=first_end, source="Sergey Ryabkov",
              source_start=ryabkov[0], source_end=ryabkov[1], source_code="RUSGOV",
              target=None, cameo="036", plover="CONSULT", plover_mode="meet", goldstein=4.0,
              quad_class=1, modality="intended", asserted_by="Sergey Ryabkov",
              asserted_by_kind="speaker", date=dt.date(2016, 7, 26), date_granularity="day",
              date_source="timex", rule="verbs.v1:ready to talk"),
        event("resume", start=second[0], end=second[1], source="The diplomat",
              source_start=diplomat[0], source_end=diplomat[1], source_code="RUSGOV",
              target=None, cameo="044", plover="CONSULT", plover_mode="third-party",
              goldstein=2.5, quad_class=2, modality="intended", asserted_by="Sergey Ryabkov",
              asserted_by_kind="speaker", date=dt.date(2016, 8, 1), date_granularity="day",
              date_source="timex", place=geneva, rule="verbs.v1:resume"),
    )


def build_actor(name: str, **overrides: Any) -> Actor:
    """Return an actor with every field filled in; its id is a hash of its name."""
    fields: dict[str, Any] = {
        "id": hashlib.sha256(name.encode("utf-8")).hexdigest()[:16],
        "name": name,
        "aliases": (name.split()[-1], name.upper()),
        "kind": "person",
        "role": "deputy foreign minister",
        "country": "RUS",
        "sector": "government",
        "code": "RUSGOV",
        "descriptors": (
            Descriptor(article_id="0" * 16, text="a diplomat", start=1, end=11, role="diplomat",
                       producer="actors.descriptors.v1"),
        ),
    }
    fields.update(overrides)
    return Actor(**fields)


@pytest.fixture
def make_analysis() -> MakeAnalysis:
    """The analysis factory: ``make_analysis(article, producers=...)``."""
    return build_analysis


@pytest.fixture
def make_analysed_article() -> MakeArticle:
    """``make_analysed_article(tag="", **field_overrides)``: an article of :data:`ANALYSED_BODY`.

    A non-empty ``tag`` is appended to the body, so that each tag gives another article id.
    """

    def make(tag: str = "", **overrides: Any) -> Article:
        return build_article(f"{ANALYSED_BODY} {tag}".rstrip(), **overrides)

    return make


@pytest.fixture
def make_actor() -> MakeActor:
    """The actor factory: ``make_actor(name, **field_overrides)``."""
    return build_actor


@pytest.fixture
def producers() -> tuple[tuple[str, str], ...]:
    """The producers :func:`build_analysis` records by default."""
    return PRODUCERS
