"""Quality gate for timelines: SemEval-2015 Task 4 entity-timeline figures stay at or above the
``timeline.*`` floors in ``baseline.json`` (floors may only be raised).

The scorer analyses the 90 Track A texts and takes about 25 s here; it runs when
``../shared/benchmarks`` (or ``$STORYLINE_BENCHMARKS``) is there and skips cleanly otherwise.
Its building blocks are tested first on hand-built inputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.tempeval import find_benchmark
from storyline.evaluation.timelines import (
    SEMEVAL_DIR,
    TimelineScores,
    alignment_rouge1,
    date_prf,
    entity_aliases,
    read_gold_timeline,
    score_timelines,
)

BASELINE = Path(__file__).with_name("baseline.json")
PREFIX = "timeline.semeval."
AVAILABLE = find_benchmark(SEMEVAL_DIR) is not None


def floors() -> dict[str, float]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    found = {k[len(PREFIX):]: float(v) for k, v in data.items() if k.startswith(PREFIX)}
    assert found, f"no {PREFIX}* floors in {BASELINE}"
    return found


def test_date_prf() -> None:
    assert date_prf(1, 2, 4) == pytest.approx((0.5, 0.25, 1 / 3))
    assert date_prf(0, 0, 3) == (0.0, 0.0, 0.0)


def test_alignment_rouge_weights_by_date_distance() -> None:
    ref = {"2008-03-01": ["Boeing lost the tanker contract"]}
    same = alignment_rouge1({"2008-03-01": ["Boeing lost the contract"]}, ref)
    assert same == (1.0, 0.8)
    later = alignment_rouge1({"2008-03-02": ["Boeing lost the contract"]}, ref)
    assert later == (0.5, 0.4)  # one day off: weight 1/2
    month = alignment_rouge1({"2008-03": ["Boeing lost the contract"]}, ref)
    assert month == same  # a month is aligned on its first day
    assert alignment_rouge1({}, ref) == (0.0, 0.0)


def test_gold_timeline_reader(tmp_path: Path) -> None:
    path = tmp_path / "airbus.txt"
    path.write_text("Airbus\n0\tXXXX-XX-XX\t1173-12-owned\n1\t2003-XX-XX\t4764-11-out-sold\n"
                    "2\t2008-03-01\t100911-2-defeated\t100911-0-defeat\n"
                    "2\t2008-03-01\t100911-2-supply\n", encoding="utf-8")
    gold = read_gold_timeline(path)
    assert gold.entity == "Airbus"
    assert dict(gold.dates) == {"2003": ("4764-11",), "2008-03-01": ("100911-2", "100911-0")}


def test_entity_aliases() -> None:
    assert entity_aliases("Louis Gallois") == ("louis gallois", "gallois")
    assert entity_aliases("Singapore Airlines") == ("singapore airlines",)
    assert entity_aliases("Ryanair") == ("ryanair",)


@pytest.fixture(scope="module")
def scores() -> TimelineScores:
    if not AVAILABLE:
        pytest.skip("SemEval-2015 Task 4 benchmark not found (../shared/benchmarks)")
    return score_timelines()


def test_figures_stay_above_floors(scores: TimelineScores) -> None:
    figures = scores.figures()
    for name, floor in floors().items():
        assert figures[name] >= floor, f"{name}: {figures[name]} < floor {floor}"
