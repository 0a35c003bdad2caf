"""Outlets compared, per story: coverage, voices, terms for the same actors, claims and denials.

A pure function over stored records (:func:`compare_outlets`); the records it returns are frozen
and ordered deterministically (by outlet name, then by count, then by text), so the same story
always gives the same comparison.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.link.timeline import outlet_of
from storyline.records import (
    Actor,
    ActorMention,
    Article,
    DateGranularity,
    Quote,
    Story,
    TimelineEntry,
)

__all__ = [
    "DEFAULT_LABELS",
    "outlet_of",
    "ActorTerms",
    "ClaimDenial",
    "CoverageRow",
    "LabelUse",
    "OutletComparison",
    "OutletTerms",
    "OutletVoices",
    "compare_outlets",
]

DEFAULT_LABELS: Mapping[str, tuple[str, ...]] = {
    "militants": ("militant", "militants"),
    "rebels": ("rebel", "rebels", "rebel-held"),
    "opposition": ("opposition",),
    "terrorists": ("terrorist", "terrorists"),
    "insurgents": ("insurgent", "insurgents"),
    "jihadists": ("jihadist", "jihadists"),
    "extremists": ("extremist", "extremists"),
    "regime": ("regime",),
    "government": ("government",),
}
"""Group and state labels whose choice frames a conflict; keys are the label reported."""

_HEAD_NOUNS = ("forces", "troops", "groups", "group", "units", "leader", "army", "fighters")
_NOT_MODIFIERS = frozenset(("the", "a", "an", "this", "that", "these", "those", "and", "of"))
Counts = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRow:
    """One timeline entry and the outlets that report it (a row of the coverage matrix)."""

    date: dt.date
    granularity: DateGranularity
    summary: str
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletVoices:
    """Whom one outlet quotes and how often (``voices``: name -> number of quotes)."""

    outlet: str
    voices: Counts


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletTerms:
    """How one outlet names one actor: surface forms and descriptors, with counts."""

    outlet: str
    forms: Counts
    descriptors: Counts


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorTerms:
    """The terms each outlet uses for one actor (only actors named by two outlets or more)."""

    actor_id: str
    name: str
    by_outlet: tuple[OutletTerms, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelUse:
    """How often one outlet uses one label, with the phrases it uses it in."""

    outlet: str
    label: str
    count: int
    phrases: Counts


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimDenial:
    """A disputed timeline entry: who says what."""

    date: dt.date
    summary: str
    disagreement: str
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletComparison:
    """The per-story comparison of outlets.

    Attributes:
        story_id: The story.
        outlets: Every outlet of the story, sorted.
        coverage: One row per timeline entry, in timeline order (the coverage matrix).
        voices: Quoted voices per outlet.
        terms: Terms per actor per outlet.
        labels: Label use per outlet (``militants``/``rebels``/``regime``/``government``...).
        disputes: Claims and denials, from the disputed timeline entries.
    """

    story_id: str
    outlets: tuple[str, ...]
    coverage: tuple[CoverageRow, ...]
    voices: tuple[OutletVoices, ...]
    terms: tuple[ActorTerms, ...]
    labels: tuple[LabelUse, ...]
    disputes: tuple[ClaimDenial, ...]


def compare_outlets(
    story: Story,
    *,
    articles: Sequence[Article],
    timeline: Sequence[TimelineEntry],
    quotes: Sequence[Quote],
    actors: Sequence[Actor],
    mentions: Sequence[ActorMention],
    labels: Mapping[str, tuple[str, ...]] = DEFAULT_LABELS,
) -> OutletComparison:
    """Compare how the outlets of one story cover it.

    Args:
        story: The story; only its articles' records are used.
        articles: Articles (at least the story's).
        timeline: The story's timeline (:func:`storyline.link.timeline.build_timeline`).
        quotes: Quotes, speakers linked to actors where possible.
        actors: Merged actors, to name quoted speakers and mentioned actors.
        mentions: Actor mentions with their merged actor ids.
        labels: Label -> words counted as that label (:data:`DEFAULT_LABELS`).

    Returns:
        The comparison; an outlet is the article's outlet, else its agency, else
        ``unknown (<source path>)``.
    """
    in_story = set(story.article_ids)
    outlet = {a.id: outlet_of(a) for a in articles if a.id in in_story}
    names = {a.id: a.name for a in actors}
    coverage = tuple(
        CoverageRow(
            date=e.date, granularity=e.granularity, summary=e.summary,
            outlets=tuple(sorted({s.outlet or outlet.get(s.article_id, "unknown")
                                  for s in e.sources})),
        )
        for e in timeline
    )
    disputes = tuple(
        ClaimDenial(date=e.date, summary=e.summary, disagreement=e.disagreement or "",
                    outlets=row.outlets)
        for e, row in zip(timeline, coverage, strict=True) if e.disputed
    )
    return OutletComparison(
        story_id=story.id,
        outlets=tuple(sorted(set(outlet.values()))),
        coverage=coverage,
        voices=_voices(quotes, outlet, names),
        terms=_terms(mentions, outlet, names),
        labels=_labels([a for a in articles if a.id in in_story], outlet, labels),
        disputes=disputes,
    )


def _ranked(counter: Counter[str]) -> Counts:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _voices(quotes: Sequence[Quote], outlet: Mapping[str, str],
            names: Mapping[str, str]) -> tuple[OutletVoices, ...]:
    per: dict[str, Counter[str]] = {}
    for q in quotes:
        if q.article_id not in outlet:
            continue
        who = (names.get(q.speaker_id) if q.speaker_id else None) or q.speaker_name or (
            q.speaker or "unattributed")
        per.setdefault(outlet[q.article_id], Counter())[who] += 1
    return tuple(OutletVoices(outlet=o, voices=_ranked(c)) for o, c in sorted(per.items()))


def _form(text: str) -> str:
    text = " ".join(text.split())
    return "the " + text[4:] if text.startswith("The ") else text


def _terms(mentions: Sequence[ActorMention], outlet: Mapping[str, str],
           names: Mapping[str, str]) -> tuple[ActorTerms, ...]:
    forms: dict[str, dict[str, Counter[str]]] = {}
    descs: dict[str, dict[str, Counter[str]]] = {}
    display: dict[str, str] = {}
    for m in mentions:
        aid = m.mention.actor_id or m.key
        if m.mention.article_id not in outlet or aid is None or m.mention.form == "pronoun":
            continue
        o = outlet[m.mention.article_id]
        display.setdefault(aid, names.get(aid, m.name))
        forms.setdefault(aid, {}).setdefault(o, Counter())[_form(m.mention.text)] += 1
        bucket = descs.setdefault(aid, {}).setdefault(o, Counter())
        for d in m.descriptors:
            if _form(d.text) != _form(m.mention.text):
                bucket[_form(d.text)] += 1
    out = []
    for aid, by_outlet in forms.items():
        if len(by_outlet) < 2:
            continue
        out.append(ActorTerms(
            actor_id=aid, name=display[aid],
            by_outlet=tuple(
                OutletTerms(outlet=o, forms=_ranked(c),
                            descriptors=_ranked(descs.get(aid, {}).get(o, Counter())))
                for o, c in sorted(by_outlet.items())
            ),
        ))
    return tuple(sorted(out, key=lambda t: (t.name, t.actor_id)))


def _labels(articles: Sequence[Article], outlet: Mapping[str, str],
            labels: Mapping[str, tuple[str, ...]]) -> tuple[LabelUse, ...]:
    word_to_label = {w.lower(): label for label, ws in labels.items() for w in ws}
    if not word_to_label:
        return ()
    alternatives = "|".join(sorted((re.escape(w) for w in word_to_label), key=len, reverse=True))
    pattern = re.compile(
        rf"(?:\b([A-Z][\w’'-]*)\s+)?\b((?i:{alternatives}))\b"
        rf"(?:\s+((?i:{'|'.join(_HEAD_NOUNS)})))?\b"
    )
    counts: dict[tuple[str, str], Counter[str]] = {}
    for article in sorted(articles, key=lambda a: a.id):
        for match in pattern.finditer(article.text):
            label = word_to_label[match.group(2).lower()]
            modifier = match.group(1)
            if modifier is not None and modifier.lower() in _NOT_MODIFIERS:
                modifier = None
            phrase = " ".join(p for p in (modifier, match.group(2).lower(), match.group(3)) if p)
            counts.setdefault((outlet[article.id], label), Counter())[phrase] += 1
    return tuple(
        LabelUse(outlet=o, label=label, count=sum(c.values()), phrases=_ranked(c))
        for (o, label), c in sorted(counts.items())
    )
