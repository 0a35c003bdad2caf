"""Incremental story clustering: articles -> stories, with stable ids.

Articles are processed in ``(published date, id)`` order (undated last). Each one becomes a sparse
weighted-term vector (:mod:`storyline.link.story_vectors`) and joins the most similar *active*
story when ``cosine(article, story centroid) * exp(-gap / decay_days) >= threshold``, where ``gap``
is the number of days between the article and the story's date range; otherwise it founds a new
story whose id is a hash of its founding article. Centroids keep only their top terms, and an
article is compared with centroids, never with single members, so one bridging article cannot chain
two stories together (single-link chaining). Stories idle for more than ``window_days`` behind the
newest date seen are retired: their centroid is dropped, which keeps memory and the cost of an
addition bounded by the stories active in the window, not by the store.

Order independence: a batch is sorted before it is processed, so the same set of articles in any
order gives the same partition and ids. Splitting the same articles into several batches can differ
only where a later batch holds an article dated before an earlier batch's articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from storyline.link.story_text import content_terms, sentences
from storyline.link.story_vectors import (
    DocFrequencies,
    Vector,
    VectorParams,
    cosine,
    normalise,
    raw_terms,
    top_terms,
    weigh,
)
from storyline.records import Article, ArticleAnalysis, Story

__all__ = ["PRODUCER", "StoryIndex", "StoryParams", "cluster_stories", "describe_story"]

PRODUCER = "stories.centroid.v2"
_UNDATED = dt.date.max


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryParams:
    """Clustering parameters (see ``docs/evaluation.md`` for the measurements behind them).

    Attributes:
        threshold: Minimum time-decayed cosine to join a story.
        window_days: Hard limit on the gap between an article and a story; None for no limit
            (topic clustering).
        decay_days: Similarity is multiplied by ``exp(-gap / decay_days)``.
        centroid_terms: Terms kept in a story centroid.
        query_terms: An article's heaviest terms used to find candidate stories.
        anchor_terms: An article joins a story only if what it is *about* matches what the story
            is about (Aleppo vs Mosul), not only the vocabulary and actors around it: one of the
            article's ``anchor_terms`` heaviest terms is among the story's ``story_anchor_terms``
            heaviest, or one of the story's ``core_terms`` core terms is among the article's
            ``query_terms`` most frequent terms (raw counts, no idf). A story's core is its
            heaviest terms among those that at least ``core_share`` of its (two or more)
            articles had among their own most frequent terms: the subject its articles keep
            repeating. A core term counts only while the story *owns* it: at least
            ``core_ownership`` of the articles seen so far that use the term are the story's.
            Topic vocabulary and actors shared by many stories (Russia, Lavrov; a benchmark
            topic's words) are never owned, so the second test cannot chain stories of one
            topic; in a large store, where idf already ranks a story's subject high, it rarely
            fires at all. The second test matters while a corpus is
            young: idf then ranks each article's one-off names first, and the story's own
            subject (which every article repeats, hence low idf) never reaches the article's
            heaviest terms although the article keeps naming it.
        story_anchor_terms: See ``anchor_terms``.
        core_terms: See ``anchor_terms``; 0 turns the second test off.
        core_share: See ``anchor_terms``.
        core_ownership: See ``anchor_terms``.
        vectors: How articles become terms.
    """

    threshold: float = 0.1
    window_days: int | None = 60
    decay_days: float = 60.0
    centroid_terms: int = 50
    query_terms: int = 15
    anchor_terms: int = 3
    story_anchor_terms: int = 15
    core_terms: int = 3
    core_share: float = 0.6
    core_ownership: float = 0.75
    vectors: VectorParams = field(default_factory=VectorParams)


@dataclass(slots=True, kw_only=True)
class _Story:
    founder: str
    article_ids: list[str]
    first: dt.date | None
    last: dt.date | None
    sum: Vector | None  # None once retired
    unit: Vector = field(default_factory=dict)  # normalised ``sum``, cached
    anchors: frozenset[str] = frozenset()  # heaviest terms of ``sum``, cached
    voters: int = 0  # articles that moved the centroid
    salient: dict[str, int] = field(default_factory=dict)  # term -> voters naming it often
    core: tuple[str, ...] = ()  # cached, see ``StoryParams.anchor_terms``

    def refresh(self, params: StoryParams) -> None:
        self.unit = normalise(self.sum) if self.sum else {}
        ranked = sorted(self.unit, key=lambda t: (-self.unit[t], t))
        self.anchors = frozenset(ranked[: params.story_anchor_terms])
        self.core = ()
        if self.voters >= 2 and self.sum is not None:
            need = max(2, math.ceil(params.core_share * self.voters))
            self.core = tuple(t for t in ranked[: params.core_terms]
                              if self.salient.get(t, 0) >= need)

    def gap(self, date: dt.date | None) -> int:
        if date is None or self.first is None or self.last is None:
            return 0
        if date < self.first:
            return (self.first - date).days
        return max(0, (date - self.last).days)


def _order(article: Article) -> tuple[dt.date, str]:
    return (article.published.value or _UNDATED, article.id)


def story_id(founder: str) -> str:
    """A story's id: a hash of its founding article's id."""
    return "s" + hashlib.sha1(founder.encode("utf-8")).hexdigest()[:16]


class StoryIndex:
    """Incremental story clusters with their corpus statistics (serialisable state).

    Args:
        params: Clustering parameters.
    """

    def __init__(self, params: StoryParams | None = None) -> None:
        self.params = params if params is not None else StoryParams()
        self.freqs = DocFrequencies()
        self.stories: dict[str, _Story] = {}
        self.assignment: dict[str, str] = {}
        self.horizon: dt.date | None = None
        self._postings: dict[str, set[str]] = {}
        self._idle: list[tuple[dt.date, str]] = []

    @property
    def producer(self) -> str:
        """Versioned name of the clustering and its parameters."""
        p = self.params
        return (f"{PRODUCER}:t={p.threshold},w={p.window_days},d={p.decay_days},"
                f"k={p.centroid_terms},n={p.anchor_terms},"
                f"c={p.core_terms}/{p.core_share}/{p.core_ownership},"
                f"a={int(p.vectors.use_analysis)}")

    def vector(self, article: Article, analysis: ArticleAnalysis | None = None) -> Vector:
        """The article's weighted-term vector under the current corpus statistics."""
        counts = raw_terms(article.title, article.text, analysis, self.params.vectors)
        return weigh(counts, self.freqs, keep=self.params.vectors.article_terms)

    def add(
        self,
        articles: Iterable[Article],
        *,
        analyses: Mapping[str, ArticleAnalysis] | None = None,
        duplicates: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """Assign a batch of articles to stories, in ``(published, id)`` order.

        Args:
            articles: New articles (ones already assigned are skipped).
            analyses: Analyses by article id, for actor and place terms (optional).
            duplicates: ``copy id -> representative id``: a copy joins its representative's story
                without moving its centroid (a wire copy is another source, not more evidence).

        Returns:
            ``article id -> story id`` for the batch's new articles.
        """
        analyses = analyses or {}
        duplicates = duplicates or {}
        batch = {a.id: a for a in articles if a.id not in self.assignment}
        out: dict[str, str] = {}
        for article in sorted(batch.values(), key=_order):
            date = article.published.value
            if date is not None and (self.horizon is None or date > self.horizon):
                self.horizon = date
                self._retire()
            rep = duplicates.get(article.id)
            if rep is not None and rep in self.assignment:
                sid = self.assignment[rep]
                self._attach(sid, article.id, date, None, ())
            else:
                counts = raw_terms(article.title, article.text, analyses.get(article.id),
                                   self.params.vectors)
                self.freqs.add(counts)
                vec = weigh(counts, self.freqs, keep=self.params.vectors.article_terms)
                salient = heapq.nsmallest(self.params.query_terms, counts,
                                          key=lambda t: (-counts[t], t))
                sid = self._best(vec, salient, date) or self._found(article.id, date)
                self._attach(sid, article.id, date, vec, salient)
            self.assignment[article.id] = sid
            out[article.id] = sid
        return out

    def partition(self) -> dict[str, tuple[str, ...]]:
        """``story id -> article ids`` (in the order they joined)."""
        return {sid: tuple(s.article_ids) for sid, s in sorted(self.stories.items())}

    def centroid(self, sid: str) -> Vector:
        """The story's unit centroid (empty once retired)."""
        return dict(self.stories[sid].unit)

    # --- internals ---------------------------------------------------------------------------

    def _best(self, vec: Vector, salient: Sequence[str], date: dt.date | None) -> str | None:
        p = self.params
        query = sorted(vec, key=lambda t: (-vec[t], t))[: p.query_terms]
        anchors = set(query[: p.anchor_terms])
        about = set(salient)
        candidates: set[str] = set()
        for term in query:
            candidates |= self._postings.get(term, set())
        best: tuple[float, str] | None = None
        for sid in sorted(candidates):
            story = self.stories[sid]
            gap = story.gap(date)
            if p.window_days is not None and gap > p.window_days:
                continue
            if anchors.isdisjoint(story.anchors) and not self._owned(story, about):
                continue
            score = cosine(vec, story.unit) * math.exp(-gap / p.decay_days)
            if score >= p.threshold and (best is None or score > best[0]):
                best = (score, sid)
        return best[1] if best else None

    def _owned(self, story: _Story, about: set[str]) -> bool:
        """Whether one of the story's core terms is among ``about`` (the new article's most
        frequent terms) and owned by the story: at least ``core_ownership`` of the other articles
        seen so far that use it are the story's (the new article is already counted in ``df``)."""
        return any(term in about
                   and story.salient[term]
                   >= self.params.core_ownership * (self.freqs.df[term] - 1)
                   for term in story.core)

    def _found(self, founder: str, date: dt.date | None) -> str:
        sid = story_id(founder)
        self.stories[sid] = _Story(founder=founder, article_ids=[], first=date, last=date, sum={})
        return sid

    def _attach(self, sid: str, article_id: str, date: dt.date | None, vec: Vector | None,
                salient: Sequence[str]) -> None:
        story = self.stories[sid]
        story.article_ids.append(article_id)
        if date is not None:
            story.first = date if story.first is None else min(story.first, date)
            story.last = date if story.last is None else max(story.last, date)
            if self.params.window_days is not None and story.sum is not None:
                heapq.heappush(self._idle, (story.last, sid))
        if vec is None or story.sum is None:
            return
        old = set(story.sum)
        merged = dict(story.sum)
        for term, weight in vec.items():
            merged[term] = merged.get(term, 0.0) + weight
        story.sum = top_terms(merged, self.params.centroid_terms)
        story.voters += 1
        for term in salient:
            story.salient[term] = story.salient.get(term, 0) + 1
        story.refresh(self.params)
        self._repost(sid, old, set(story.sum))

    def _repost(self, sid: str, old: set[str], new: set[str]) -> None:
        for term in old - new:
            posting = self._postings[term]
            posting.discard(sid)
            if not posting:
                del self._postings[term]
        for term in new - old:
            self._postings.setdefault(term, set()).add(sid)

    def _retire(self) -> None:
        window = self.params.window_days
        if window is None or self.horizon is None:
            return
        cutoff = self.horizon - dt.timedelta(days=window)
        while self._idle and self._idle[0][0] < cutoff:
            last, sid = heapq.heappop(self._idle)
            story = self.stories[sid]
            if story.sum is not None and story.last == last:
                self._repost(sid, set(story.sum), set())
                story.sum = None
                story.salient = {}
                story.refresh(self.params)

    # --- state -------------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """A JSON-serialisable state: parameters, statistics, stories and assignments."""
        return {
            "producer": self.producer,
            "params": asdict(self.params),
            "docs": self.freqs.docs,
            "df": dict(sorted(self.freqs.df.items())),
            "horizon": self.horizon.isoformat() if self.horizon else None,
            "stories": {
                sid: {
                    "founder": s.founder,
                    "articles": list(s.article_ids),
                    "first": s.first.isoformat() if s.first else None,
                    "last": s.last.isoformat() if s.last else None,
                    "sum": None if s.sum is None else sorted(s.sum.items()),
                    "voters": s.voters,
                    "salient": sorted(s.salient.items()),
                }
                for sid, s in sorted(self.stories.items())
            },
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> StoryIndex:
        """Rebuild an index from :meth:`to_state` output."""
        raw = dict(state["params"])
        vectors = VectorParams(**raw.pop("vectors"))
        index = cls(StoryParams(vectors=vectors, **raw))
        index.freqs = DocFrequencies(int(state["docs"]), state["df"])
        index.horizon = _date(state["horizon"])
        for sid, s in state["stories"].items():
            story = _Story(founder=s["founder"], article_ids=list(s["articles"]),
                           first=_date(s["first"]), last=_date(s["last"]),
                           sum=None if s["sum"] is None else {t: float(w) for t, w in s["sum"]},
                           voters=int(s.get("voters", 0)),
                           salient={t: int(n) for t, n in s.get("salient", [])})
            story.refresh(index.params)
            index.stories[sid] = story
            for aid in story.article_ids:
                index.assignment[aid] = sid
            if story.sum is not None:
                index._repost(sid, set(), set(story.sum))
                if story.last is not None and index.params.window_days is not None:
                    heapq.heappush(index._idle, (story.last, sid))
        return index


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def cluster_stories(
    articles: Iterable[Article],
    *,
    params: StoryParams | None = None,
    analyses: Mapping[str, ArticleAnalysis] | None = None,
    duplicates: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Cluster a set of articles from scratch; returns ``article id -> story id``."""
    index = StoryIndex(params)
    return index.add(articles, analyses=analyses, duplicates=duplicates)


def describe_story(
    sid: str,
    articles: Sequence[Article],
    *,
    index: StoryIndex,
    summary_sentences: int = 3,
    mmr_lambda: float = 0.7,
) -> Story:
    """Build a :class:`Story` record: title of the most central article, MMR extractive summary.

    Args:
        sid: The story's id in ``index``.
        articles: The story's articles (from the store); others are ignored.
        index: The index that clustered them (its statistics weigh the terms).
        summary_sentences: How many sentences to pick.
        mmr_lambda: Relevance/novelty trade-off of Maximal Marginal Relevance
            (Carbonell & Goldstein 1998).
    """
    members = set(index.stories[sid].article_ids)
    ordered = sorted((a for a in articles if a.id in members), key=_order)
    vectors = {a.id: index.vector(a) for a in ordered}
    centre = index.centroid(sid)
    if not centre:
        total: dict[str, float] = {}
        for vec in vectors.values():
            for t, w in vec.items():
                total[t] = total.get(t, 0.0) + w
        centre = normalise(top_terms(total, index.params.centroid_terms))
    titled = [a for a in ordered if a.title] or ordered
    central = max(titled, key=lambda a: (cosine(vectors[a.id], centre), _neg(a)), default=None)
    title = (central.title or "") if central else ""
    pool: list[tuple[Vector, str, int, int]] = []
    seen: set[str] = set()
    for rank, article in enumerate(ordered):
        for start, end in sentences(article.text)[:8]:
            text = article.text[start:end]
            key = " ".join(content_terms(text))
            if key in seen or (article.title and text.strip() == article.title.strip()):
                continue
            seen.add(key)
            counts: dict[str, int] = {}
            for term in content_terms(text):
                counts[term] = counts.get(term, 0) + 1
            pool.append((weigh(counts, index.freqs, keep=40), text, rank, start))
    chosen: list[tuple[Vector, str, int, int]] = []
    while pool and len(chosen) < summary_sentences:
        def mmr(item: tuple[Vector, str, int, int]) -> tuple[float, int, int]:
            redundancy = max((cosine(item[0], c[0]) for c in chosen), default=0.0)
            score = mmr_lambda * cosine(item[0], centre) - (1 - mmr_lambda) * redundancy
            return (score, -item[2], -item[3])

        best = max(pool, key=mmr)
        pool.remove(best)
        chosen.append(best)
    chosen.sort(key=lambda c: (c[2], c[3]))
    return Story(id=sid, title=title, summary=" ".join(c[1] for c in chosen),
                 article_ids=tuple(a.id for a in ordered), producer=index.producer)


def _neg(article: Article) -> tuple[int, str]:
    """Tie-break towards the earliest article (max() picks the largest key)."""
    date = article.published.value or _UNDATED
    return (-date.toordinal(), "".join(chr(0x10FFFF - ord(c)) for c in article.id))
