"""An ``actor_code`` for the event coder, built from an article's actor mentions.

The coder asks ``actor_code(start, end)`` for the actor a span denotes. This builds that function
from the :class:`~storyline.records.ActorMention` records the actor extractor found: the mention
the span holds (the last one, since an English noun phrase ends with its head: "Russia's defence
minister *Sergei Shoigu*"), or the mention that holds the span; and, where the gazetteer is given,
a nationality adjective (or its plural, "100 *Palestinians*") or a name the mentions do not
cover ("*Russian* experts" -> RUS,
"U.S.-*Russia* engagement" -> RUS). A person with no
code of their own is coded from what the text says they are ("*Russian President* Boris Yeltsin"
-> RUSGOV); the link stage's actor codes, where the pipeline has them, are better.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from storyline.extract.actor_gazetteer import lookup
from storyline.extract.event_arguments import ActorCoder, ActorRef
from storyline.records import ActorMention

if TYPE_CHECKING:
    from storyline.extract.actor_gazetteer import ActorGazetteer

__all__ = ["mention_actor_code"]

_SECTORS = {"government": "GOV", "diplomat": "GOV", "military": "MIL", "media": "MED",
            "rebels": "REB"}
"""Descriptor sector -> CAMEO role code (CAMEO 1.1b3 actor codebook: GOV, MIL, MED, REB)."""


def _descriptor_code(m: ActorMention) -> str | None:
    """``RUSGOV`` for "Russian President Boris Yeltsin": the country and sector the text gives."""
    for d in m.descriptors:
        if d.country:
            return d.country + _SECTORS.get(d.sector or "", "")
    return None


def mention_actor_code(mentions: Sequence[ActorMention], *, text: str,
                       gazetteer: ActorGazetteer | None = None,
                       code_of: Callable[[ActorMention], str | None] | None = None) -> ActorCoder:
    """Build ``actor_code(start, end)`` from an article's actor mentions.

    Args:
        mentions: The article's actor mentions (offsets into ``text``).
        text: The article text the offsets point into.
        gazetteer: Where given, nationality adjectives and country names that no mention covers
            are coded too (``Russian`` -> RUS).
        code_of: How to code one mention, where the caller has a better way than this module's
            (the pipeline passes the link stage's CAMEO actor codes and the user's dictionary);
            by default the mention's gazetteer code, else its country and descriptor sector.

    Returns:
        The function; it returns None for a span that names no known actor.
    """
    ordered = sorted(mentions, key=lambda m: (m.mention.start, -m.mention.end))
    starts = [m.mention.start for m in ordered]

    def ref(m: ActorMention) -> ActorRef:
        code = code_of(m) if code_of is not None else None
        code = code or m.code or m.country or _descriptor_code(m)
        return ActorRef(text=m.mention.text, start=m.mention.start, end=m.mention.end, code=code,
                        name=m.name)

    def actor_code(start: int, end: int) -> ActorRef | None:
        lo = bisect.bisect_left(starts, start)
        inside = [m for m in ordered[lo:bisect.bisect_left(starts, end)] if m.mention.end <= end]
        if inside:
            return ref(max(inside, key=lambda m: (m.mention.end, m.mention.end - m.mention.start)))
        hi = bisect.bisect_right(starts, start)
        around = [m for m in ordered[:hi] if m.mention.end >= end]
        if around:
            return ref(min(around, key=lambda m: m.mention.end - m.mention.start))
        if gazetteer is not None:
            word = text[start:end]
            code = gazetteer.adjective(word)
            if code is None and len(word) > 3 and word.endswith("s") and word[:1].isupper():
                # A people named by its plural demonym: "arrested 100 *Palestinians*".
                code = gazetteer.adjective(word[:-1])
            if code is not None:
                return ActorRef(text=word, start=start, end=end, code=code,
                                name=gazetteer.country_name(code))
            entries = [e for e in lookup(gazetteer, word) if e.code]
            if len(entries) == 1:
                return ActorRef(text=word, start=start, end=end, code=entries[0].code,
                                name=entries[0].name)
        return None

    return actor_code
