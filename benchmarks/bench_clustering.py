"""Scale benchmark for story clustering (and near-duplicate indexing).

Generates a chronological stream of synthetic articles — many small stories (3-12 articles over a
few days) drawn from a few dozen topics whose vocabulary and actors are shared across stories, so
that centroid chaining would be rewarded if the clustering allowed it — at a constant rate per day.
Reports the time and peak RSS of clustering ``--n`` articles, and the cost of adding 1,000 more
articles to an index holding 10,000 vs one holding ``--n`` (the cost should depend on the stories
active in the time window, not on the store). Also reports pairwise/BCubed scores against the
generated story labels (easy by construction: a sanity check, not an accuracy figure).

Run ``python benchmarks/bench_clustering.py [--n 100000] [--duplicates 20000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
from collections.abc import Iterator

from storyline.evaluation.clustering import score_clusters
from storyline.link.duplicates import DuplicateIndex
from storyline.link.stories import StoryIndex
from storyline.records import Article, InputFormat, OffsetMap, PublishedDate

START = dt.date(2016, 1, 1)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def generate(n: int, *, per_day: int = 100, seed: int = 7) -> Iterator[tuple[Article, str]]:
    """Yield ``n`` (article, story label) pairs in publication order."""
    rng = random.Random(seed)
    general = [_word(rng) for _ in range(3000)]
    topics = [([_word(rng) for _ in range(40)], [_word(rng).title() for _ in range(8)])
              for _ in range(40)]
    active: list[tuple[str, list[str], list[str], int]] = []
    made = story_no = 0
    while made < n:
        day = START + dt.timedelta(days=made // per_day)
        while len(active) < 60:
            topic_words, actors = topics[rng.randrange(len(topics))]
            own = [_word(rng) for _ in range(6)]
            story_no += 1
            active.append((f"story{story_no}", own, topic_words + actors, rng.randint(3, 12)))
        i = rng.randrange(len(active))
        label, own, shared, left = active[i]
        words = (rng.choices(own, k=12) + rng.choices(shared, k=25) + rng.choices(general, k=60))
        rng.shuffle(words)
        text = " ".join(words) + "."
        title = " ".join(rng.sample(own, 2) + rng.sample(shared, 3))
        aid = f"{made:016x}"
        yield _article(aid, title, text, day), label
        made += 1
        if left <= 1:
            active.pop(i)
        else:
            active[i] = (label, own, shared, left - 1)


def _article(aid: str, title: str, text: str, day: dt.date) -> Article:
    return Article(
        id=aid, source=f"gen/{aid}", format=InputFormat.TXT, url=None, original_text=text,
        text=text, offsets=OffsetMap(segments=()), removed=(), title=title, title_span=None,
        subtitle=None, subtitle_span=None, outlet=None, outlet_evidence=None, agency=None,
        dateline=None, dateline_span=None,
        published=PublishedDate(value=day, granularity="day", method="metadata", confidence=1.0),
        language="en", language_confidence=None, encoding=None, extractor="bench",
    )


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description="story clustering scale benchmark")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--duplicates", type=int, default=20_000,
                        help="articles for the near-duplicate index timing (0 to skip)")
    args = parser.parse_args()
    stream = list(generate(args.n + 1000))
    labels = {a.id: label for a, label in stream}
    docs = [a for a, _ in stream]
    print(f"generated {len(docs):,} articles, {len(set(labels.values())):,} stories, "
          f"peak RSS {peak_rss_mb():.0f} MB")

    small = StoryIndex()
    small.add(docs[:10_000])
    t0 = time.perf_counter()
    small.add(docs[10_000:11_000])
    add_small = time.perf_counter() - t0

    index = StoryIndex()
    t0 = time.perf_counter()
    for start in range(0, args.n, 10_000):
        index.add(docs[start:min(start + 10_000, args.n)])
    total = time.perf_counter() - t0
    rss = peak_rss_mb()
    t0 = time.perf_counter()
    index.add(docs[args.n:args.n + 1000])
    add_big = time.perf_counter() - t0
    active = sum(1 for s in index.stories.values() if s.sum is not None)
    print(f"clustered {args.n:,} articles in {total:.1f} s "
          f"({1e6 * total / args.n:.0f} µs/article), peak RSS {rss:.0f} MB, "
          f"{len(index.stories):,} stories ({active:,} active)")
    print(f"add 1,000 to 10,000: {add_small:.2f} s; add 1,000 to {args.n:,}: {add_big:.2f} s "
          f"(ratio {add_big / add_small:.2f})")
    print("synthetic labels:", score_clusters(labels, index.assignment).line())

    if args.duplicates:
        dup = DuplicateIndex()
        t0 = time.perf_counter()
        for a in docs[:args.duplicates]:
            dup.add(a)
        took = time.perf_counter() - t0
        t0 = time.perf_counter()
        for a in docs[args.duplicates:args.duplicates + 1000]:
            dup.add(a)
        print(f"duplicate index: {args.duplicates:,} articles in {took:.1f} s; "
              f"add 1,000 more: {time.perf_counter() - t0:.2f} s; "
              f"{sum(1 for _ in dup.duplicates())} duplicates found; "
              f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
