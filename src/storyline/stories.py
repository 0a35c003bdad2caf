"""The story stage of a run: near-duplicates, story clusters and one timeline per story.

It runs after the corpus is linked (actors merged, events linked) and updates the store
incrementally: the duplicate and story indexes are kept in the store as serialised state, each
run adds only its new articles to them, and only the stories those articles touched get a new
description and timeline. Adding articles never renumbers existing stories.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storyline.link.duplicates import DuplicateIndex
from storyline.link.stories import StoryIndex, describe_story
from storyline.link.timeline import build_timeline
from storyline.records import Article, ArticleAnalysis, Story
from storyline.store.sqlite import SqliteStore

__all__ = ["DUPLICATES_STATE", "STORIES_STATE", "update_stories"]

DUPLICATES_STATE = "duplicates"
STORIES_STATE = "stories"


def update_stories(
    store: SqliteStore,
    article_ids: Sequence[str],
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Story]:
    """Add articles to the duplicate and story indexes; redescribe and retimeline their stories.

    Args:
        store: The store (its saved index state is loaded and saved back).
        article_ids: Articles of this run (already stored and analysed).
        progress: Optional status callback.

    Returns:
        The stories the articles touched, as saved.
    """
    state = store.load_story_state(DUPLICATES_STATE)
    duplicates = DuplicateIndex.from_state(state) if state else DuplicateIndex()
    state = store.load_story_state(STORIES_STATE)
    stories = StoryIndex.from_state(state) if state else StoryIndex()

    new = [store.get_article(i) for i in dict.fromkeys(article_ids)]
    if progress is not None:
        progress(f"finding duplicates and stories among {len(new):,} articles…")
    for article in sorted(new, key=lambda a: (a.published.value is None, a.published.value, a.id)):
        duplicates.add(article)
    store.replace_duplicates(list(duplicates.duplicates()))
    analyses: dict[str, ArticleAnalysis] = {}
    for article in new:
        found = store.analysis(article.id)
        if found is not None:
            analyses[article.id] = found
    assigned = stories.add(new, analyses=analyses, duplicates=duplicates.mapping())
    touched = sorted(set(assigned.values()))
    partition = stories.partition()
    saved: list[Story] = []
    for sid in touched:
        members: list[Article] = [store.get_article(i) for i in partition[sid]]
        saved.append(describe_story(sid, members, index=stories))
    store.save_stories(saved)
    store.save_story_state(DUPLICATES_STATE, duplicates.to_state())
    store.save_story_state(STORIES_STATE, stories.to_state())

    mapping = duplicates.mapping()
    for story in saved:
        if progress is not None:
            progress(f"building the timeline of story {story.id[:8]}…")
        members = [store.get_article(i) for i in story.article_ids]
        events = [e for a in members for e in store.events(article_id=a.id)]
        times = [t for a in members for t in store.times(article_id=a.id)]
        quotes = [q for a in members for q in store.quotes(article_id=a.id)]
        entries = build_timeline(
            story.id,
            articles=members,
            events=events,
            times=times,
            quotes=quotes,
            duplicates={k: v for k, v in mapping.items() if k in story.article_ids},
        )
        store.replace_timeline(story.id, entries)
    return saved
