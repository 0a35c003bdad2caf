"""Near-duplicate detection: republished wire copies with light edits.

Each article body is normalised (:func:`storyline.link.story_text.words`), cut into word
``k``-shingles and summarised by a MinHash (datasketch, fixed seed); a MinHash LSH index finds
candidate pairs, and a pair is a duplicate edge when the estimated Jaccard similarity of the
shingle sets is at least ``threshold``. Duplicate groups are the connected components of those edges
(union-find), and every group is represented by its earliest article by ``(published date, id)``
(undated articles sort last). Edges and their similarities do not depend on insertion order, so the
final ``article -> representative`` mapping does not either.

Default parameters (k=3 word shingles, 128 permutations, threshold 0.5) come from the measurement in
``python -m storyline.evaluation.clustering --duplicates`` (see ``docs/evaluation.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.link.story_text import words
from storyline.records import Article, Duplicate

__all__ = ["PRODUCER", "DuplicateIndex", "article_order", "find_duplicates", "shingles"]

PRODUCER = "duplicates.minhash.v1"
_SEED = 20161020
_UNDATED = dt.date.max


def article_order(article: Article) -> tuple[dt.date, str]:
    """The order that picks a duplicate group's representative: publication date, then id."""
    return (article.published.value or _UNDATED, article.id)


def shingles(text: str, *, k: int) -> set[str]:
    """Return the word ``k``-shingles of the normalised ``text`` (the whole text if shorter)."""
    tokens = words(text)
    if len(tokens) <= k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


class DuplicateIndex:
    """An incremental MinHash-LSH index of article bodies and their duplicate groups.

    Args:
        k: Words per shingle.
        num_perm: MinHash permutations.
        threshold: Minimum estimated Jaccard similarity for a duplicate edge (also the LSH's
            design threshold).
    """

    def __init__(self, *, k: int = 3, num_perm: int = 128, threshold: float = 0.5) -> None:
        self.k = k
        self.num_perm = num_perm
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[str, np.ndarray[Any, Any]] = {}
        self._order: dict[str, tuple[dt.date, str]] = {}
        self._root: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}

    @property
    def producer(self) -> str:
        """Versioned name of the detector and its parameters."""
        return f"{PRODUCER}:k={self.k},perm={self.num_perm},t={self.threshold}"

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._hashes

    def minhash(self, text: str) -> MinHash:
        """Return the MinHash of ``text``'s shingles (same seed and permutations as the index)."""
        mh = MinHash(num_perm=self.num_perm, seed=_SEED)
        mh.update_batch([s.encode("utf-8") for s in shingles(text, k=self.k)])
        return mh

    def similarity(self, a: str, b: str) -> float:
        """Estimated Jaccard similarity of two indexed articles."""
        return float(np.count_nonzero(self._hashes[a] == self._hashes[b])) / self.num_perm

    def add(self, article: Article) -> list[Duplicate]:
        """Index one article and return the duplicate records it creates or changes.

        An article already indexed (same id) changes nothing. Returned records supersede earlier
        ones for the same ``article_id``: when an earlier copy arrives after a later one, the later
        one (and its group) now points at the earlier copy.
        """
        if article.id in self._hashes or not article.text.strip():
            return []
        mh = self.minhash(article.text)
        candidates = sorted(self._lsh.query(mh))
        self._lsh.insert(article.id, mh)
        self._hashes[article.id] = mh.hashvalues.copy()
        self._order[article.id] = article_order(article)
        self._root[article.id] = article.id
        self._members[article.id] = [article.id]
        changed: set[str] = set()
        for other in candidates:
            if self.similarity(article.id, other) >= self.threshold:
                changed.update(self._union(article.id, other))
        return [self._record(key) for key in sorted(changed) if self._root[key] != key]

    def representative(self, article_id: str) -> str:
        """The earliest article of ``article_id``'s duplicate group (itself if it has none)."""
        return self._root[article_id]

    def duplicates(self) -> Iterator[Duplicate]:
        """Every indexed article that is a copy of an earlier one, by article id."""
        for key in sorted(self._hashes):
            if self.representative(key) != key:
                yield self._record(key)

    def mapping(self) -> Mapping[str, str]:
        """``copy id -> representative id`` for every copy."""
        return {d.article_id: d.duplicate_of for d in self.duplicates()}

    def to_state(self) -> dict[str, object]:
        """A JSON-serialisable state (parameters, MinHash values, dates, groups)."""
        return {
            "producer": self.producer,
            "k": self.k,
            "num_perm": self.num_perm,
            "threshold": self.threshold,
            "articles": [
                [key, self._order[key][0].isoformat(), self.representative(key),
                 [int(v) for v in self._hashes[key]]]
                for key in sorted(self._hashes)
            ],
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> DuplicateIndex:
        """Rebuild an index from :meth:`to_state` output."""
        index = cls(k=int(state["k"]), num_perm=int(state["num_perm"]),
                    threshold=float(state["threshold"]))
        for key, date, root, values in state["articles"]:
            mh = MinHash(num_perm=index.num_perm, seed=_SEED)
            hashvalues = np.array(values, dtype=mh.hashvalues.dtype)
            mh.hashvalues = hashvalues
            index._lsh.insert(key, mh)
            index._hashes[key] = hashvalues
            index._order[key] = (dt.date.fromisoformat(date), key)
            index._root[key] = root
            index._members.setdefault(root, []).append(key)
        return index

    def _union(self, a: str, b: str) -> list[str]:
        """Merge two groups under the earlier representative; return the ids that moved."""
        ra, rb = self._root[a], self._root[b]
        if ra == rb:
            return []
        first, second = sorted((ra, rb), key=self._order.__getitem__)
        moved = self._members.pop(second)
        for key in moved:
            self._root[key] = first
        self._members[first].extend(moved)
        return moved

    def _record(self, key: str) -> Duplicate:
        rep = self.representative(key)
        return Duplicate(article_id=key, duplicate_of=rep,
                         similarity=round(self.similarity(key, rep), 4), producer=self.producer)


def find_duplicates(articles: Iterable[Article], *, index: DuplicateIndex) -> Iterator[Duplicate]:
    """Add articles to ``index`` and yield the duplicate records each one creates or changes.

    A later record for the same ``article_id`` supersedes an earlier one (an earlier copy can
    arrive later); :meth:`DuplicateIndex.duplicates` gives the settled mapping, which does not
    depend on the order of the input.

    Args:
        articles: Articles to add.
        index: The index to add them to (mutated).

    Yields:
        Duplicate records.
    """
    for article in articles:
        yield from index.add(article)
