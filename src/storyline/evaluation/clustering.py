"""Clustering scorers (pairwise and BCubed) and the story / near-duplicate evaluations.

Scorers: pairwise precision/recall/F1 over same-cluster article pairs, and BCubed
precision/recall/F1 (Bagga & Baldwin 1998: per-item precision and recall, averaged over items).

Test sets (all openly licensed; nothing is fabricated):

* MEANTIME English (CC-BY, 120 Wikinews articles in 4 *topics*: airbus, apple, gm, stock) — the
  topics span years, so they are scored with topic clustering (no time window); with story
  clustering (60-day window) the same articles split into many small stories, which is correct
  behaviour for stories but scores low against topic labels; both are printed.
* The sample corpus (``examples/aleppo-2016``: 5 articles = 1 story).
* Near-duplicates: every MEANTIME article against light edits of itself (dateline/outlet line
  changed, last paragraph trimmed, a few words substituted, deterministic) as positives, and
  every same-topic pair of distinct articles as negatives.

Run ``python -m storyline.evaluation.clustering [--benchmarks DIR] [--analyse]``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from storyline.evaluation.meantime_timex import MEANTIME_DIR, join_tokens
from storyline.evaluation.tempeval import find_benchmark
from storyline.link.stories import StoryParams
from storyline.records import Article, ArticleAnalysis, InputFormat, SourceDocument, SourceMeta

__all__ = [
    "ClusterScores",
    "LabelledArticle",
    "topic_params",
    "bcubed",
    "light_edit",
    "load_meantime_articles",
    "load_sample_articles",
    "pairwise",
    "score_clusters",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterScores:
    """Pairwise and BCubed figures, in percent."""

    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    clusters: int
    gold_clusters: int

    def line(self) -> str:
        """One printable line."""
        return (f"pairwise P {self.pairwise_p:5.1f} R {self.pairwise_r:5.1f} "
                f"F1 {self.pairwise_f1:5.1f} | BCubed P {self.bcubed_p:5.1f} "
                f"R {self.bcubed_r:5.1f} F1 {self.bcubed_f1:5.1f} | clusters {self.clusters} "
                f"(gold {self.gold_clusters})")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairwise(gold: Mapping[str, str], system: Mapping[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 (fractions) over items labelled in both mappings.

    A pair counts as positive when both items share a cluster. With no positive pair on a side,
    that side's figure is 1.0 (nothing to get wrong).
    """
    items = sorted(set(gold) & set(system))
    gold_sizes = Counter(gold[i] for i in items)
    sys_sizes = Counter(system[i] for i in items)
    both = Counter((gold[i], system[i]) for i in items)

    def pairs(counts: Counter[str] | Counter[tuple[str, str]]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    tp, gp, sp = pairs(both), pairs(gold_sizes), pairs(sys_sizes)
    p = tp / sp if sp else 1.0
    r = tp / gp if gp else 1.0
    return p, r, _f1(p, r)


def bcubed(gold: Mapping[str, str], system: Mapping[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998), items weighted equally."""
    items = sorted(set(gold) & set(system))
    if not items:
        return 1.0, 1.0, 1.0
    gold_sizes = Counter(gold[i] for i in items)
    sys_sizes = Counter(system[i] for i in items)
    both = Counter((gold[i], system[i]) for i in items)
    p = sum(both[(gold[i], system[i])] / sys_sizes[system[i]] for i in items) / len(items)
    r = sum(both[(gold[i], system[i])] / gold_sizes[gold[i]] for i in items) / len(items)
    return p, r, _f1(p, r)


def score_clusters(gold: Mapping[str, str], system: Mapping[str, str]) -> ClusterScores:
    """Both scorers, in percent."""
    pp, pr, pf = pairwise(gold, system)
    bp, br, bf = bcubed(gold, system)
    items = set(gold) & set(system)
    return ClusterScores(
        pairwise_p=100 * pp, pairwise_r=100 * pr, pairwise_f1=100 * pf,
        bcubed_p=100 * bp, bcubed_r=100 * br, bcubed_f1=100 * bf,
        clusters=len({system[i] for i in items}), gold_clusters=len({gold[i] for i in items}),
    )


# --- test sets ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelledArticle:
    """An article built by storyline's own ingest, with its gold cluster label."""

    article: Article
    label: str


def _build(docs: Sequence[tuple[SourceDocument, str]]) -> list[LabelledArticle]:
    from storyline.config import Settings
    from storyline.ingest.articles import build_article, load_lexicons

    settings = Settings().ingest
    lexicons = load_lexicons()
    out: list[LabelledArticle] = []
    for doc, label in docs:
        article = build_article(doc, settings=settings, lexicons=lexicons)
        if isinstance(article, Article):
            out.append(LabelledArticle(article=article, label=label))
    return out


def _meantime_doc(path: Path) -> tuple[SourceDocument, str]:
    root = ET.parse(path).getroot()
    tokens = [(t.text or "", int(t.get("sentence", "0"))) for t in root.iter("token")]
    text, _ = join_tokens(tokens)
    dct: str | None = None
    for timex in root.iter("TIMEX3"):
        value = timex.get("value", "")
        if timex.get("functionInDocument") == "CREATION_TIME" and re.match(r"\d{4}-\d\d-\d\d",
                                                                          value):
            dct = value[:10]
    title = text.split("\n", 1)[0]
    meta = SourceMeta(title=title, published=dct, outlet="Wikinews")
    doc = SourceDocument(source=f"meantime/{path.parent.name}/{path.name}",
                         format=InputFormat.TXT, text=text, meta=meta,
                         extractor="meantime.tokens.v1")
    return doc, path.parent.name.removeprefix("corpus_")


def load_meantime_articles(root: Path | str | None = None) -> list[LabelledArticle] | None:
    """MEANTIME's articles labelled with their topic, or None when the benchmark is absent."""
    folder = find_benchmark(MEANTIME_DIR, root)
    if folder is None:
        return None
    return _build([_meantime_doc(p) for p in sorted(folder.glob("*/*.xml"))])


def load_sample_articles(folder: Path | None = None) -> list[LabelledArticle] | None:
    """The sample corpus (one story), or None when it is absent."""
    folder = folder or Path(__file__).resolve().parents[3] / "examples" / "aleppo-2016"
    if not folder.is_dir():
        return None
    docs = [(SourceDocument(source=str(p), format=InputFormat.TXT,
                            text=p.read_text(encoding="utf-8"), extractor="ingest.txt.v1"),
             "aleppo-2016") for p in sorted(folder.glob("*.txt"))]
    return _build(docs)


_SUBSTITUTES = {"said": "stated", "company": "firm", "announced": "revealed", "new": "fresh",
                "also": "additionally", "however": "but", "largest": "biggest", "about": "around"}


def light_edit(text: str, *, seed: int) -> str:
    """A deterministic wire-copy edit of ``text``: another outlet line, a changed dateline, the
    last paragraph (line) trimmed, and up to four word substitutions."""
    rng = random.Random(seed)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) > 3:
        lines = lines[:-1]
    lines.insert(1, rng.choice(["(Reuters) -", "By AP staff", "Agence France-Presse",
                                "Updated 10:42 GMT"]))
    body = "\n".join(lines)
    hits = [m for m in re.finditer(r"\b(" + "|".join(_SUBSTITUTES) + r")\b", body)]
    for m in sorted(rng.sample(hits, min(4, len(hits))), key=lambda m: -m.start()):
        body = body[: m.start()] + _SUBSTITUTES[m.group(1)] + body[m.end():]
    return body


def topic_params() -> StoryParams:
    """Parameters for topic clustering (MEANTIME's labels): no time window, low threshold, wide
    centroids (chosen by the sweep in ``docs/evaluation.md``, on MEANTIME itself)."""
    return StoryParams(threshold=0.05, window_days=None, decay_days=1e9, centroid_terms=100,
                       anchor_terms=100, story_anchor_terms=100)


def _main_stories(
    sets: Mapping[str, list[LabelledArticle]],
    analyses: Mapping[str, ArticleAnalysis] | None,
    out: Callable[[str], None],
) -> None:
    from storyline.link.stories import cluster_stories

    topic = topic_params()

    modes = {"topics (t=0.05, k=100, no window)": topic,
             "stories (default t=0.1, 60-day window)": StoryParams()}
    for name, items in sets.items():
        gold = {i.article.id: i.label for i in items}
        for mode, params in modes.items():
            system = cluster_stories([i.article for i in items], params=params, analyses=analyses)
            out(f"{name:10s} {mode:40s} {score_clusters(gold, system).line()}")


def _main_duplicates(items: Sequence[LabelledArticle], out: Callable[[str], None]) -> None:
    from storyline.link.duplicates import DuplicateIndex

    for k in (2, 3, 5):
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
            index = DuplicateIndex(k=k, threshold=threshold)
            originals = {i.article.id: index.minhash(i.article.text) for i in items}
            tp = fn = 0
            for n, i in enumerate(items):
                copy = index.minhash(light_edit(i.article.text, seed=n))
                if copy.jaccard(originals[i.article.id]) >= threshold:
                    tp += 1
                else:
                    fn += 1
            fp = sum(1 for a, b in combinations(items, 2) if a.label == b.label
                     and originals[a.article.id].jaccard(originals[b.article.id]) >= threshold)
            p = tp / (tp + fp) if tp + fp else 1.0
            out(f"duplicates k={k} t={threshold}: P {100 * p:5.1f} R {100 * tp / (tp + fn):5.1f} "
                f"(tp {tp}, fn {fn}, same-topic false pairs {fp})")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the clustering figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--benchmarks", default=None, help="benchmarks root")
    parser.add_argument("--analyse", action="store_true",
                        help="also add actor/place terms from storyline.analyse (slower)")
    parser.add_argument("--duplicates", action="store_true",
                        help="print the near-duplicate parameter sweep")
    args = parser.parse_args(argv)
    sets: dict[str, list[LabelledArticle]] = {}
    meantime = load_meantime_articles(args.benchmarks)
    if meantime is None:
        print("MEANTIME not found under the benchmarks root: skipped", file=sys.stderr)
    else:
        sets["meantime"] = meantime
    sample = load_sample_articles()
    if sample is not None:
        sets["sample"] = sample
    _main_stories(sets, None, print)
    if args.analyse:
        from storyline.analyse import analyse, load_analysers
        from storyline.config import NlpSettings

        analysers = load_analysers(NlpSettings())
        found = {a.article_id: a
                 for a in analyse([i.article for s in sets.values() for i in s],
                                  analysers=analysers)
                 if isinstance(a, ArticleAnalysis)}
        print("with actor/place terms from storyline.analyse:")
        _main_stories(sets, found, print)
    if args.duplicates and meantime is not None:
        _main_duplicates(meantime, print)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
