"""Linking each quote's speaker to a merged actor.

The quote extractor gives the speaker as written (``Ryabkov``, ``the diplomat``, ``he``) with its
offsets, and the name it resolved that mention to inside the article (``Sergey Ryabkov``). The
actor merge gives every actor mention its actor id. A quote's speaker is linked, in order:

1. to the actor of an actor mention of the same article that overlaps the speaker's span (the
   person-kind mention first, then the longest);
2. else to the actor of a same-article mention whose name matches the resolved speaker name
   (pronouns and nominals, which have no actor mention of their own);
3. else to the one corpus actor whose name or alias matches the resolved name;
4. else to nothing: an unresolved speaker stays unlinked rather than guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from storyline.link.actors import name_key, names_match
from storyline.records import Actor, ActorMention, Quote

__all__ = ["QuoteKey", "link_speakers"]

QuoteKey = tuple[str, int, int]
"""``(article_id, start, end)`` of a quote."""


NameKeys = list[tuple[tuple[str, ...], str]]
"""``(name_key(name), actor id)`` pairs, computed once per call of :func:`link_speakers`."""


def _match_name(name: str, candidates: NameKeys) -> str | None:
    """The single actor id whose name matches, or None when none or several do."""
    key = name_key(name)
    if not key:
        return None
    found = {aid for cand, aid in candidates if names_match(key, cand)}
    return found.pop() if len(found) == 1 else None


def link_speakers(
    quotes: Iterable[Quote],
    *,
    mentions: Iterable[ActorMention],
    actor_ids: Mapping[tuple[str, int, int], str],
    actors: Iterable[Actor],
) -> dict[QuoteKey, str | None]:
    """Return the speaker's actor id for every quote (None where it cannot be linked).

    Args:
        quotes: Quotes of any number of articles.
        mentions: The actor mentions of the same articles.
        actor_ids: ``(article_id, start, end)`` of a mention -> its actor id, from the merge.
        actors: The merged actors (for rule 3).

    Returns:
        ``(article_id, start, end)`` of each quote -> actor id or None.
    """
    by_article: dict[str, list[tuple[ActorMention, str]]] = defaultdict(list)
    for m in mentions:
        aid = actor_ids.get((m.mention.article_id, m.mention.start, m.mention.end))
        if aid is not None:
            by_article[m.mention.article_id].append((m, aid))
    corpus: NameKeys = [(name_key(name), a.id) for a in actors for name in (a.name, *a.aliases)]
    local_keys: dict[str, NameKeys] = {
        article: [(name_key(m.name), aid) for m, aid in pairs]
        for article, pairs in by_article.items()
    }
    out: dict[QuoteKey, str | None] = {}
    for q in quotes:
        local = by_article.get(q.article_id, [])
        keys = local_keys.get(q.article_id, [])
        out[(q.article_id, q.start, q.end)] = _link_one(q, local, keys, corpus)
    return out


def _link_one(
    q: Quote, local: list[tuple[ActorMention, str]], local_keys: NameKeys, corpus: NameKeys
) -> str | None:
    overlapping: list[tuple[ActorMention, str]] = []
    if q.speaker_start is not None and q.speaker_end is not None:
        s, e = q.speaker_start, q.speaker_end
        overlapping = [(m, aid) for m, aid in local if m.mention.start < e and s < m.mention.end]
        overlapping.sort(
            key=lambda p: (
                p[0].mention.kind != "person",
                -(p[0].mention.end - p[0].mention.start),
                p[0].mention.start,
            )
        )
        if overlapping and overlapping[0][0].mention.kind == "person":
            return overlapping[0][1]
    name = q.speaker_name or q.speaker
    if name:
        # A resolved person's name beats an organisation or country named inside the speaker's
        # title ("Deputy Foreign Minister of the Russian Federation" is Bogdanov, not Russia).
        in_article = _match_name(name, local_keys)
        if in_article is not None:
            return in_article
    if overlapping:
        return overlapping[0][1]
    if not name:
        return None
    # Institutions quoted by name ("the White House said") match a same-article mention's text.
    for m, aid in local:
        if m.mention.text.lower() == name.lower() or m.name.lower() == name.lower():
            return aid
    return _match_name(name, corpus)
