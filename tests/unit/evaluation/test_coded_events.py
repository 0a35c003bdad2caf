"""Coder naming (``module:function``), the scorer's event record, and the dictionary baseline."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.evaluation.coded_events import (
    DEFAULT_CODER,
    CodedEvent,
    CoderNotFoundError,
    DictionaryBaseline,
    DictionaryEntry,
    fold_words,
    load_coder,
    no_events,
)
from storyline.records import Event

DAY = dt.date(2016, 7, 29)


def test_load_coder_resolves_module_and_attribute() -> None:
    assert load_coder("storyline.evaluation.coded_events:no_events") is no_events
    assert load_coder("storyline.evaluation.coded_events:CodedEvent.from_event") == \
        CodedEvent.from_event


@pytest.mark.parametrize(("spec", "message"), [
    ("no_colon", "not of the form"),
    ("storyline.evaluation.coded_events:", "not of the form"),
    ("storyline.no_such_module:coder", "not found"),
    ("storyline.evaluation.coded_events:missing", "no attribute"),
    ("storyline.evaluation.coded_events:DEFAULT_CODER", "not callable"),
])
def test_load_coder_errors_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(CoderNotFoundError, match=message):
        load_coder(spec)


def test_missing_coder_module_points_to_the_baseline() -> None:
    with pytest.raises(CoderNotFoundError, match="--baseline") as info:
        load_coder("storyline.evaluation.no_such_module:coder")
    assert isinstance(info.value, ImportError)


def test_default_coder_loads() -> None:
    assert callable(load_coder(DEFAULT_CODER))


def test_coded_event_from_pipeline_event() -> None:
    event = Event(id="e1", article_id="a1", start=0, end=10, trigger="met", trigger_start=3,
                  trigger_end=6, source="Russia", source_code="RUS", target=None, cameo="040",
                  plover="CONSULT", rule="r", producer="p")
    assert CodedEvent.from_event(event) == CodedEvent(source_code="RUS", target_code=None,
                                                      cameo="040", plover="CONSULT")


def test_fold_words() -> None:
    assert fold_words("Arnor's Ünïted-Nations, U.N.") == ["arnor", "s", "united", "nations",
                                                           "u", "n"]


def test_dictionary_baseline_codes_first_two_distinct_actors() -> None:
    baseline = DictionaryBaseline([
        DictionaryEntry(words=("united", "states"), code="USA"),
        DictionaryEntry(words=("united", "states", "senate"), code="USALEG"),
        DictionaryEntry(words=("jordan",), code="JOR"),
        DictionaryEntry(words=("russia",), code="RUS", stem=True),
        DictionaryEntry(words=(), code="XXX"),
    ], cameo="036", plover="AGREE")
    assert baseline.actors("The United States Senate and the United States") == \
        ["USALEG", "USA"]
    assert baseline.actors("Russian and Jordanian envoys") == ["RUS"]
    assert baseline("Jordan met Jordan and the United States", DAY) == (
        CodedEvent(source_code="JOR", target_code="USA", cameo="036", plover="AGREE"),)
    assert baseline("Only Jordan", DAY) == ()
    assert no_events("anything", DAY) == ()
