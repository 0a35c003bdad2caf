"""Linking each event's source and target to merged actors.

The event coder names its source and target by the character span of the actor mention it used
(``source_start``/``source_end``). After the corpus-wide actor merge, each span is looked up among
the same article's actor mentions: the mention with exactly that span, else the person or longest
mention overlapping it. A span no mention covers (a nationality adjective coded by the gazetteer
alone, "Russian experts") stays unlinked: its CAMEO code still says who it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from storyline.records import ActorMention, Event

__all__ = ["EventKey", "link_event_actors"]

EventKey = tuple[str, str]
"""``(article_id, event id)``."""


def link_event_actors(
    events: Iterable[Event],
    *,
    mentions: Iterable[ActorMention],
    actor_ids: Mapping[tuple[str, int, int], str],
) -> dict[EventKey, tuple[str | None, str | None]]:
    """Return ``(source_actor, target_actor)`` ids for every event.

    Args:
        events: Events of any number of articles.
        mentions: The actor mentions of the same articles.
        actor_ids: ``(article_id, start, end)`` of a mention -> its actor id, from the merge.

    Returns:
        ``(article_id, event id)`` -> ``(source actor id, target actor id)``, None where unlinked.
    """
    by_article: dict[str, list[ActorMention]] = defaultdict(list)
    for m in mentions:
        by_article[m.mention.article_id].append(m)

    def find(article: str, start: int | None, end: int | None) -> str | None:
        if start is None or end is None:
            return None
        exact = actor_ids.get((article, start, end))
        if exact is not None:
            return exact
        overlapping = [
            m
            for m in by_article.get(article, ())
            if m.mention.start < end
            and start < m.mention.end
            and (article, m.mention.start, m.mention.end) in actor_ids
        ]
        if not overlapping:
            return None
        best = min(
            overlapping,
            key=lambda m: (
                m.mention.kind != "person",
                -(m.mention.end - m.mention.start),
                m.mention.start,
            ),
        )
        return actor_ids[(article, best.mention.start, best.mention.end)]

    return {
        (e.article_id, e.id): (
            find(e.article_id, e.source_start, e.source_end),
            find(e.article_id, e.target_start, e.target_end),
        )
        for e in events
    }
