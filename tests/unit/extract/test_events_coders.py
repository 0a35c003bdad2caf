"""The event coder as the scorers call it (``storyline.evaluation.event_coders``).

Both coders are built once per module; the suite coder needs UD-PETRARCH's toy dictionaries from
``../shared/benchmarks`` and is skipped cleanly where they are absent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.evaluation.coded_events import CodedEvent
from storyline.evaluation.event_coders import StorylineCoder, suite_coder

SUITE = Path(__file__).resolve().parents[4] / "shared/benchmarks/petrarch/UniversalPetrarch"


@pytest.fixture(scope="module")
def coder() -> StorylineCoder:
    """The default coder (storyline's own actors), loaded on first call."""
    return StorylineCoder()


def test_default_coder_codes_a_sentence(coder: StorylineCoder) -> None:
    found = coder("Russia and the United States held talks in Geneva.", dt.date(2016, 10, 20))
    assert CodedEvent(source_code="RUS", target_code="USA", cameo="046", plover="CONSULT") \
        in found


def test_default_coder_returns_every_modality(coder: StorylineCoder) -> None:
    found = coder("Russia is ready to resume talks with the United States.",
                  dt.date(2016, 10, 20))
    assert [(e.source_code, e.cameo, e.target_code) for e in found][:1] == [("RUS", "036", "USA")]


def test_nothing_to_code(coder: StorylineCoder) -> None:
    assert coder("", dt.date(2016, 10, 20)) == []
    assert coder("The weather was fine.", dt.date(2016, 10, 20)) == []


@pytest.mark.benchmark_data
def test_suite_coder_uses_the_toy_dictionary() -> None:
    if not SUITE.is_dir():
        pytest.skip("UD-PETRARCH validation files not available")
    from storyline.evaluation.petrarch_suite import read_suite

    dictionaries, _ = read_suite(SUITE.parents[1])
    coder = suite_coder(dictionaries)
    found = coder("Arnor is about to restore full diplomatic ties with Gondor.",
                  dt.date(1995, 1, 1))
    assert [(e.source_code, e.cameo, e.target_code) for e in found] == [("ARN", "050", "GON")]
    assert all(e.source_code and e.target_code for e in coder(
        "Gollum abandoned efforts to stop an anti- Gondor parade on Saturday.",
        dt.date(1995, 1, 1)))
