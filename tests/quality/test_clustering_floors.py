"""Quality gate for story clustering and near-duplicates on MEANTIME (floors in baseline.json).

Skips cleanly when ``../shared/benchmarks`` (or ``$STORYLINE_BENCHMARKS``) is absent. The scorers
themselves are tested first on hand-built partitions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.clustering import (
    LabelledArticle,
    bcubed,
    light_edit,
    load_meantime_articles,
    pairwise,
    score_clusters,
    topic_params,
)
from storyline.link.duplicates import DuplicateIndex, find_duplicates
from storyline.link.stories import cluster_stories

BASELINE = Path(__file__).with_name("baseline.json")


def floors(prefix: str) -> dict[str, float]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    found = {k[len(prefix):]: float(v) for k, v in data.items() if k.startswith(prefix)}
    assert found, f"no {prefix}* floors in {BASELINE}"
    return found


def test_pairwise_and_bcubed_on_a_hand_built_partition() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    system = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    p, r, f = pairwise(gold, system)
    # system pairs: ab, cd, ce, de (4); gold pairs: ab, ac, bc, de (4); shared: ab, de.
    assert (p, r) == (0.5, 0.5) and f == 0.5
    bp, br, _ = bcubed(gold, system)
    assert bp == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert br == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert pairwise(gold, gold) == (1.0, 1.0, 1.0) and bcubed(gold, gold) == (1.0, 1.0, 1.0)


@pytest.fixture(scope="module")
def meantime() -> list[LabelledArticle]:
    items = load_meantime_articles()
    if items is None:
        pytest.skip("MEANTIME not found under the benchmarks root")
    return items


def test_meantime_topic_clustering_floors(meantime: list[LabelledArticle]) -> None:
    gold = {i.article.id: i.label for i in meantime}
    scores = score_clusters(gold, cluster_stories([i.article for i in meantime],
                                                  params=topic_params()))
    figures = {"pairwise_f1": scores.pairwise_f1, "pairwise_p": scores.pairwise_p,
               "bcubed_f1": scores.bcubed_f1}
    for key, floor in floors("clustering.meantime.topics.").items():
        assert figures[key] >= floor, f"{key}: {figures[key]:.1f} < floor {floor}"


def test_meantime_story_clustering_never_mixes_topics(meantime: list[LabelledArticle]) -> None:
    gold = {i.article.id: i.label for i in meantime}
    scores = score_clusters(gold, cluster_stories([i.article for i in meantime]))
    for key, floor in floors("clustering.meantime.stories.").items():
        assert getattr(scores, key) >= floor, f"{key}: {getattr(scores, key):.1f} < {floor}"


def test_meantime_light_edits_are_duplicates_and_distinct_articles_are_not(
    meantime: list[LabelledArticle],
) -> None:
    from dataclasses import replace

    index = DuplicateIndex()
    originals = [i.article for i in meantime]
    copies = [replace(a, id=a.id + "-copy", text=light_edit(a.text, seed=n))
              for n, a in enumerate(originals)]
    found = {d.article_id: d.duplicate_of for d in find_duplicates(originals + copies,
                                                                   index=index)}
    mapping = index.mapping()
    tp = sum(1 for a in originals if mapping.get(a.id + "-copy") == a.id)
    wrong = sum(1 for k in found if not k.endswith("-copy"))
    figures = {"recall": 100 * tp / len(originals),
               "precision": 100 * tp / max(1, len(mapping))}
    assert wrong == 0
    for key, floor in floors("clustering.duplicates.").items():
        assert figures[key] >= floor, f"{key}: {figures[key]:.1f} < floor {floor}"
