"""Story clustering ignores input order; its state round-trips through JSON."""

from __future__ import annotations

import json
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from story_builders import ALEPPO, MOSUL, articles

from storyline.link.stories import StoryIndex, cluster_stories
from storyline.records import Article


@cache
def corpus() -> tuple[Article, ...]:
    return tuple(articles(ALEPPO + MOSUL))


def partition(assignment: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in assignment.items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(ALEPPO) + len(MOSUL))))
def test_any_input_order_gives_the_same_stories_and_ids(order: list[int]) -> None:
    docs = corpus()
    expected = cluster_stories(docs)
    assert cluster_stories([docs[i] for i in order]) == expected


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=len(ALEPPO) + len(MOSUL)))
def test_state_round_trip_then_add_equals_adding_at_once(split: int) -> None:
    docs = sorted(corpus(), key=lambda a: (a.published.value, a.id))
    index = StoryIndex()
    index.add(docs[:split])
    restored = StoryIndex.from_state(json.loads(json.dumps(index.to_state())))
    assert restored.to_state() == index.to_state()
    restored.add(docs[split:])
    assert partition(restored.assignment) == partition(cluster_stories(docs))
    assert restored.assignment == cluster_stories(docs)
