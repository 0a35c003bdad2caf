"""Golden test: the sample corpus's timeline, built from the real pipeline's stored records.

Model-dependent, so compared as must-include / must-exclude (see ``sample_timeline.json``): each
expected development on its date, with its sources; no entry on a mis-anchored date.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from storyline.link.timeline import PRODUCER, build_timeline
from storyline.link.timeline_text import one_line
from storyline.records import TimelineEntry
from storyline.store.sqlite import SqliteStore

EXPECTED = json.loads(Path(__file__).with_name("sample_timeline.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def timeline(sample_store: SqliteStore) -> list[TimelineEntry]:
    articles = list(sample_store.articles())
    events = [e for a in articles for e in (sample_store.analysis(a.id) or _none()).events]
    return build_timeline("sample", articles=articles, events=events,
                          times=sample_store.times(), quotes=sample_store.quotes())


def _none() -> Any:
    raise AssertionError("an article of the sample corpus has no analysis")


@pytest.mark.parametrize("want", EXPECTED["must_include"], ids=lambda w: f"{w['date']}")
def test_expected_entry_is_there(timeline: list[TimelineEntry], want: dict[str, Any]) -> None:
    date = dt.date.fromisoformat(want["date"])
    found = [e for e in timeline if e.date == date and e.granularity == want["granularity"]
             and want["keyword"].lower() in e.summary.lower()]
    assert found, f"no entry on {date} with {want['keyword']!r}: " + repr(
        [e.summary for e in timeline if e.date == date])
    entry = found[0]
    assert len(entry.sources) >= want["min_sources"]
    if "disputed" in want:
        assert entry.disputed == want["disputed"]
    if "date_basis" in want:
        assert entry.date_basis == want["date_basis"]


@pytest.mark.parametrize("unwanted", EXPECTED["must_exclude_entries"],
                         ids=lambda w: f"{w['date']}-{w['keyword']}")
def test_misanchored_entry_is_absent(timeline: list[TimelineEntry],
                                     unwanted: dict[str, Any]) -> None:
    date = dt.date.fromisoformat(unwanted["date"])
    assert not [e.summary for e in timeline if e.date == date
                and unwanted["keyword"].lower() in e.summary.lower()]


def test_span_and_exclusions(timeline: list[TimelineEntry]) -> None:
    dates = [e.date.isoformat() for e in timeline]
    assert dates == sorted(dates)
    assert dates[0] == EXPECTED["first_date"] and dates[-1] == EXPECTED["last_date"]
    assert not set(dates) & set(EXPECTED["must_exclude_dates"])


def test_sources_point_at_their_sentences(
    timeline: list[TimelineEntry], sample_store: SqliteStore
) -> None:
    texts = {a.id: a.text for a in sample_store.articles()}
    for entry in timeline:
        assert entry.producer == PRODUCER and entry.story_id == "sample"
        for source in entry.sources:
            sentence = texts[source.article_id][source.start:source.end]
            assert sentence.strip() == sentence and sentence
        lines = [one_line(texts[s.article_id][s.start:s.end]) for s in entry.sources]
        assert entry.summary in lines  # the summary is one of its sources' sentences
