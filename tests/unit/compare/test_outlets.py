"""Outlet comparison on hand-built records: coverage, voices, terms, labels, disputes."""

from __future__ import annotations

import datetime as dt

from storyline.compare.outlets import OutletComparison, compare_outlets
from storyline.records import (
    Actor,
    ActorMention,
    Article,
    InputFormat,
    Mention,
    OffsetMap,
    PublishedDate,
    Quote,
    Story,
    TimelineEntry,
    TimelineSource,
)


def article(aid: str, text: str, outlet: str | None, agency: str | None = None) -> Article:
    return Article(
        id=aid, source=f"{aid}.txt", format=InputFormat.TXT, url=None, original_text=text,
        text=text, offsets=OffsetMap(segments=()), removed=(), title=None, title_span=None,
        subtitle=None, subtitle_span=None, outlet=outlet, outlet_evidence=None, agency=agency,
        dateline=None, dateline_span=None,
        published=PublishedDate(value=dt.date(2016, 9, 28), granularity="day",
                                method="metadata", confidence=1.0),
        language="en", language_confidence=1.0, encoding=None, extractor="test",
    )


def mention(art: Article, text: str, actor_id: str) -> ActorMention:
    start = art.text.index(text)
    return ActorMention(
        mention=Mention(article_id=art.id, text=text, start=start, end=start + len(text),
                        kind="organization", form="name", actor_id=actor_id, producer="test"),
        name=text,
    )


def quote(art: Article, speaker_id: str | None, speaker: str | None) -> Quote:
    return Quote(article_id=art.id, text="x", start=0, end=1, speaker=speaker,
                 speaker_id=speaker_id, direct=True, producer="test")


AP = article("ap", "Syrian government forces attacked rebels in Aleppo. The rebels retreated.",
             "The News", "AP")
TRT = article("trt", "Syrian regime forces pushed militants back, terrorists said.", "TRT World")
ANON = article("anon", "The opposition was hit.", None)
OTHER = article("other", "Not in the story: Syrian regime.", "Elsewhere")
STORY = Story(id="s", title="t", summary="", article_ids=("ap", "trt", "anon"), producer="t")
ACTORS = [
    Actor(id="mil", name="Syrian military", aliases=(), kind="organization"),
    Actor(id="kerry", name="John Kerry", aliases=(), kind="person"),
]
ENTRY = TimelineEntry(
    story_id="s", date=dt.date(2016, 9, 28), granularity="day", summary="Convoy attack.",
    sources=(TimelineSource(article_id="ap", start=0, end=5, outlet="The News"),
             TimelineSource(article_id="trt", start=0, end=5, outlet="TRT World")),
    disputed=True, disagreement="claim and denial: US claims it; Moscow denies it",
    producer="timeline.rules.v1",
)


def compare() -> OutletComparison:
    return compare_outlets(
        STORY, articles=[AP, TRT, ANON, OTHER], timeline=[ENTRY],
        quotes=[quote(AP, "kerry", "Kerry"), quote(AP, "kerry", "he"), quote(TRT, None, "he"),
                quote(OTHER, "kerry", "Kerry")],
        actors=ACTORS,
        mentions=[mention(AP, "Syrian government forces", "mil"),
                  mention(TRT, "Syrian regime forces", "mil"),
                  mention(AP, "rebels", "reb")],
    )


def test_outlets_fall_back_to_agency_and_source() -> None:
    result = compare_outlets(STORY, articles=[AP, TRT, ANON], timeline=[], quotes=[],
                             actors=[], mentions=[])
    assert result.outlets == ("TRT World", "The News", "unknown (anon.txt)")


def test_coverage_matrix_and_disputes() -> None:
    result = compare()
    assert [(r.date, r.outlets) for r in result.coverage] == [
        (dt.date(2016, 9, 28), ("TRT World", "The News"))]
    assert len(result.disputes) == 1 and "Moscow denies" in result.disputes[0].disagreement


def test_voices_per_outlet_only_of_the_story() -> None:
    result = compare()
    assert {v.outlet: v.voices for v in result.voices} == {
        "The News": (("John Kerry", 2),), "TRT World": (("he", 1),)}


def test_terms_for_the_same_actor_differ_by_outlet() -> None:
    result = compare()
    assert [t.name for t in result.terms] == ["Syrian military"]  # "reb": one outlet only
    forms = {o.outlet: o.forms for o in result.terms[0].by_outlet}
    assert forms == {"The News": (("Syrian government forces", 1),),
                     "TRT World": (("Syrian regime forces", 1),)}


def test_group_labels_per_outlet() -> None:
    result = compare()
    used = {(u.outlet, u.label): u.count for u in result.labels}
    assert used[("The News", "rebels")] == 2 and used[("The News", "government")] == 1
    assert used[("TRT World", "militants")] == 1 and used[("TRT World", "regime")] == 1
    assert used[("TRT World", "terrorists")] == 1
    assert used[("unknown (anon.txt)", "opposition")] == 1
    assert not any(u.outlet == "Elsewhere" for u in result.labels)
    regime = next(u for u in result.labels if u.label == "regime")
    assert regime.phrases == (("Syrian regime forces", 1),)


def test_deterministic() -> None:
    assert compare() == compare()
