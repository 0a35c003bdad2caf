"""Sparse term vectors for story clustering: weighted terms, incremental document frequencies.

An article becomes ``{term: weight}``: content words of the title (counted ``title_weight`` times),
the lead (first ``lead_chars`` characters, counted once more) and the body; capitalised words (a
cheap stand-in for names) count ``name_weight`` times; actor keys and place names from the analysis
stage, when given, are added as ``actor:...`` / ``place:...`` terms. Weights are ``(1 + log tf) *
idf`` with the corpus statistics kept incrementally, and a vector keeps only its top terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storyline.link.story_text import content_terms
from storyline.records import ArticleAnalysis

__all__ = ["DocFrequencies", "VectorParams", "cosine", "raw_terms", "top_terms", "weigh"]

Vector = dict[str, float]

_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][\w’'-]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorParams:
    """How an article is turned into terms."""

    title_weight: int = 2
    lead_chars: int = 400
    name_weight: int = 2
    actor_weight: int = 2
    place_weight: int = 3
    use_analysis: bool = True
    article_terms: int = 60


def raw_terms(
    title: str | None, text: str, analysis: ArticleAnalysis | None, params: VectorParams
) -> Counter[str]:
    """Count an article's terms (before idf weighting)."""
    counts: Counter[str] = Counter(content_terms(text))
    counts.update(content_terms(text[: params.lead_chars]))
    if title:
        for _ in range(params.title_weight):
            counts.update(content_terms(title))
    if params.name_weight > 1:
        for name in _NAME.findall(text):
            for word in content_terms(name):
                if word in counts:
                    counts[word] += params.name_weight - 1
    if analysis is not None and params.use_analysis:
        for mention in analysis.actor_mentions:
            if mention.mention.form in ("pronoun", "nominal"):
                continue
            key = mention.key or mention.name.lower()
            counts["actor:" + key] += params.actor_weight
        for place in analysis.places:
            counts["place:" + place.name.lower()] += params.place_weight
    return counts


class DocFrequencies:
    """Document frequencies kept incrementally (one update per article)."""

    def __init__(self, docs: int = 0, df: Mapping[str, int] | None = None) -> None:
        self.docs = docs
        self.df: dict[str, int] = dict(df or {})

    def add(self, terms: Iterable[str]) -> None:
        """Count one more document containing ``terms``."""
        self.docs += 1
        for term in terms:
            self.df[term] = self.df.get(term, 0) + 1

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency."""
        return math.log((self.docs + 1) / (self.df.get(term, 0) + 1)) + 1.0


def weigh(counts: Mapping[str, int], freqs: DocFrequencies, *, keep: int) -> Vector:
    """Return the L2-normalised ``(1 + log tf) * idf`` vector of the top ``keep`` terms."""
    vec = {t: (1.0 + math.log(c)) * freqs.idf(t) for t, c in counts.items() if c > 0}
    return normalise(top_terms(vec, keep))


def top_terms(vec: Mapping[str, float], keep: int) -> Vector:
    """The ``keep`` heaviest terms (ties broken by term, for determinism)."""
    if len(vec) <= keep:
        return dict(vec)
    return dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:keep])


def normalise(vec: Mapping[str, float]) -> Vector:
    """Scale to unit length (an empty vector stays empty)."""
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm > 0 else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
