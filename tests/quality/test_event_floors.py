"""Quality gate for the event coder: PLOVER GSR and UD-PETRARCH suite figures stay at or above
the ``events.*`` floors in ``baseline.json`` (floors may only be raised; the one ``*_ceiling``,
extra events per record, may only be lowered).

Runs when ``../shared/benchmarks`` (or ``$STORYLINE_BENCHMARKS``) is there and skips cleanly
otherwise; about 10 s here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.event_coders import StorylineCoder, suite_coder, suite_coder_with_verbs
from storyline.evaluation.petrarch_suite import SUITE_DIR, read_suite, score_suite
from storyline.evaluation.plover_gsr import score_gsr
from storyline.evaluation.tempeval import find_benchmark

BASELINE = Path(__file__).with_name("baseline.json")
AVAILABLE = find_benchmark(SUITE_DIR) is not None and find_benchmark("plover-gsr") is not None

pytestmark = [
    pytest.mark.benchmark_data,
    pytest.mark.skipif(
        not AVAILABLE, reason="../shared/benchmarks (PLOVER GSR, UD-PETRARCH) absent"
    ),
]


def _baseline() -> dict[str, float]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data.items() if k.startswith("events.")}


def test_plover_gsr_floors() -> None:
    figures = score_gsr(StorylineCoder()).figures()
    floors = {
        k.removeprefix("events.gsr."): v
        for k, v in _baseline().items()
        if k.startswith("events.gsr.")
    }
    assert floors, "no events.gsr.* floors"
    for name, floor in floors.items():
        assert figures[name] >= floor, f"PLOVER GSR {name} {figures[name]:.2f} < floor {floor}"


def test_petrarch_suite_floors() -> None:
    dictionaries, _ = read_suite()
    total = score_suite(suite_coder(dictionaries)).total
    baseline = _baseline()
    assert total.tp >= baseline["events.suite.tp"], f"suite TP {total.tp:.2f}"
    assert total.fp <= baseline["events.suite.fp_ceiling"], f"suite FP {total.fp:.2f}"


def test_petrarch_suite_with_its_verb_dictionary_floors() -> None:
    dictionaries, _ = read_suite()
    total = score_suite(suite_coder_with_verbs(dictionaries)).total
    baseline = _baseline()
    assert total.tp >= baseline["events.suite_verbs.tp"], f"suite TP {total.tp:.2f}"
    assert total.fp <= baseline["events.suite_verbs.fp_ceiling"], f"suite FP {total.fp:.2f}"
