"""Timeline quality on SemEval-2015 Task 4 gold entity timelines: date F1 and alignment ROUGE-1.

Data: ``timex/semeval2015-task4-timeline/corpus_{1,2,3}`` under the shared benchmarks (three sets
of 30 Wikinews articles, the same documents as MEANTIME). For each corpus the Track A raw texts
(one ``<s id>`` per sentence, DCT as publication date) are analysed by storyline (times, events,
quotes) and merged into one timeline (:func:`storyline.link.timeline.build_timeline`), the corpus
being one story. For each target entity, storyline's entity timeline is the entries with a source
sentence naming the entity (:func:`entity_aliases`); gold is the entity's gold file.

Figures:

* **Date P/R/F1** — the entity timeline's distinct dates against the gold's distinct anchored
  dates (``XXXX-XX-XX`` rows are left out), each written at its own precision (``2008-03-01``,
  ``2008-03``, ``2004``) and matched exactly; micro-averaged over all entities.
* **Alignment ROUGE-1 F1** — Martschat & Markert (2017, CoNLL), the *align, many-to-one* variant
  with date-distance weights only (not the content-cost "align+"): every system date is aligned
  to its nearest reference date (ties to the earlier one), weight ``1 / (1 + |days|)``; the
  clipped unigram overlap of the system summary of the date with the aligned reference summary,
  times the weight, summed over system dates, is divided by all system unigrams (P) and all
  reference unigrams (R). A system summary of a date is the summary lines of its entries; a
  reference summary is the gold event sentences of that date. Unigrams: lower-cased
  alphanumeric tokens, no stemming, no stopword removal. Macro-averaged over entities that
  have gold dates.

``python -m storyline.evaluation.timelines`` prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.evaluation.tempeval import BenchmarkNotFoundError, require_benchmark
from storyline.link.timeline import build_timeline
from storyline.records import (
    Article,
    ArticleAnalysis,
    InputFormat,
    OffsetMap,
    PublishedDate,
    TimelineEntry,
)

__all__ = [
    "SEMEVAL_DIR",
    "EntityScore",
    "GoldTimeline",
    "TimelineScores",
    "alignment_rouge1",
    "date_prf",
    "entity_aliases",
    "main",
    "read_gold_timeline",
    "read_track_a",
    "score_timelines",
]

SEMEVAL_DIR = Path("timex") / "semeval2015-task4-timeline"
_SENTENCE = re.compile(r'<s id="(\d+)">(.*?)</s>', re.S)
_TAG = re.compile(r"<[^>]+>")
_TOKEN = re.compile(r"[a-z0-9]+")
_GENERIC_LAST = frozenset({"airlines", "force", "group", "company", "inc", "corporation"})


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldTimeline:
    """One target entity's gold timeline: anchored dates with their event sentences."""

    entity: str
    dates: Mapping[str, tuple[str, ...]]
    """Date (``2008-03-01``, ``2008-03``, ``2004``) -> ``docid-sentence`` refs of its events."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityScore:
    """Counts and ROUGE for one entity."""

    corpus: str
    entity: str
    system: int
    gold: int
    matched: int
    rouge_p: float
    rouge_r: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineScores:
    """All entities' scores and the summary figures."""

    entities: tuple[EntityScore, ...]

    def figures(self) -> dict[str, float]:
        """Date P/R/F1 (micro) and alignment ROUGE-1 P/R/F1 (macro), in percent."""
        sys_n = sum(e.system for e in self.entities)
        gold_n = sum(e.gold for e in self.entities)
        hit = sum(e.matched for e in self.entities)
        p, r, f = date_prf(hit, sys_n, gold_n)
        scored = [e for e in self.entities if e.gold]
        rp = sum(e.rouge_p for e in scored) / len(scored) if scored else 0.0
        rr = sum(e.rouge_r for e in scored) / len(scored) if scored else 0.0
        rf = sum(_f1(e.rouge_p, e.rouge_r) for e in scored) / len(scored) if scored else 0.0
        return {"date_precision": round(100 * p, 1), "date_recall": round(100 * r, 1),
                "date_f1": round(100 * f, 1), "rouge1_precision": round(100 * rp, 1),
                "rouge1_recall": round(100 * rr, 1), "rouge1_f1": round(100 * rf, 1),
                "entities": float(len(self.entities))}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def date_prf(matched: int, system: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0..1) from counts; 0 where a denominator is 0."""
    p = matched / system if system else 0.0
    r = matched / gold if gold else 0.0
    return p, r, _f1(p, r)


def _gold_date(value: str) -> str | None:
    """``2008-03-01`` / ``2008-03-XX`` -> ``2008-03`` / ``2004-XX-XX`` -> ``2004``; None if
    the year is unknown."""
    parts = value.split("-")
    if not parts or not parts[0].isdigit():
        return None
    kept = [parts[0]]
    for part in parts[1:3]:
        if not part.isdigit():
            break
        kept.append(part)
    return "-".join(kept)


def _entry_date(entry: TimelineEntry) -> str:
    iso = entry.date.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}[entry.granularity]


def _day_of(date: str) -> dt.date:
    parts = [int(p) for p in date.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def read_gold_timeline(path: Path) -> GoldTimeline:
    """Read one gold timeline file (line 1 the entity; then order, date, event refs)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    dates: dict[str, list[str]] = {}
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) < 3:
            continue
        date = _gold_date(cells[1])
        if date is None:
            continue
        refs = dates.setdefault(date, [])
        for ref in cells[2:]:
            doc, sent = ref.split("-")[:2]
            if f"{doc}-{sent}" not in refs:
                refs.append(f"{doc}-{sent}")
    return GoldTimeline(entity=lines[0].strip(), dates={k: tuple(v) for k, v in dates.items()})


def _parse_dct(value: str) -> dt.date | None:
    """A DCT as ``YYYY-MM-DD`` or, in a few files, ``DD-MM-YYYY``."""
    parts = value.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (parts if len(parts[0]) == 4 else parts[::-1])
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def read_track_a(path: Path) -> tuple[Article, dict[str, str]]:
    """Read a Track A TimeML document as an article (sentences one per line, DCT as the date).

    Returns:
        The article and ``docid-sentence -> sentence text`` for the reference summaries.
    """
    raw = path.read_text(encoding="utf-8")
    docid = re.search(r"<DOCID>(.*?)</DOCID>", raw, re.S)
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([0-9-]+)"', raw)
    doc = docid.group(1).strip() if docid else path.stem
    published = _parse_dct(dct.group(1)) if dct else None
    sentences = {
        f"{doc}-{n}": " ".join(html.unescape(_TAG.sub("", body)).split())
        for n, body in _SENTENCE.findall(raw)
    }
    text = "\n".join(sentences.values())
    article = Article(
        id=f"semeval-{doc}", source=str(path), format=InputFormat.TXT, url=None,
        original_text=text, text=text, offsets=OffsetMap(segments=()), removed=(), title=None,
        title_span=None, subtitle=None, subtitle_span=None, outlet=f"wikinews:{doc}",
        outlet_evidence=None, agency=None, dateline=None, dateline_span=None,
        published=PublishedDate(value=published, granularity="day" if published else None,
                                method="metadata", confidence=1.0),
        language="en", language_confidence=1.0, encoding=None, extractor="semeval.track_a",
    )
    return article, sentences


def entity_aliases(entity: str) -> tuple[str, ...]:
    """Names that count as mentioning a target entity: the full name, and its last word where
    that word is distinctive (``Gallois``, ``A380``, ``Dreamliner``; not ``Airlines``)."""
    names = [entity.lower()]
    tokens = entity.split()
    if len(tokens) >= 2 and tokens[-1].lower() not in _GENERIC_LAST:
        names.append(tokens[-1].lower())
    return tuple(names)


def _mentions(text: str, aliases: Sequence[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", low) for a in aliases)


def _unigrams(texts: Iterable[str]) -> Counter[str]:
    return Counter(t for text in texts for t in _TOKEN.findall(text.lower()))


def alignment_rouge1(
    system: Mapping[str, Sequence[str]], reference: Mapping[str, Sequence[str]]
) -> tuple[float, float]:
    """Alignment-based ROUGE-1 (align, many-to-one, date-distance weights): precision, recall.

    Args:
        system: Date -> summary sentences of the system timeline.
        reference: Date -> summary sentences of the reference timeline.
    """
    if not system or not reference:
        return 0.0, 0.0
    ref_days = sorted((_day_of(d), d) for d in reference)
    overlap = 0.0
    for date, sentences in sorted(system.items()):
        day = _day_of(date)
        near_day, near = min(ref_days, key=lambda rd: (abs((rd[0] - day).days), rd[0]))
        weight = 1.0 / (1.0 + abs((near_day - day).days))
        sys_counts = _unigrams(sentences)
        ref_counts = _unigrams(reference[near])
        overlap += weight * sum(min(n, ref_counts[t]) for t, n in sys_counts.items())
    sys_total = sum(sum(_unigrams(s).values()) for s in system.values())
    ref_total = sum(sum(_unigrams(s).values()) for s in reference.values())
    return (overlap / sys_total if sys_total else 0.0,
            overlap / ref_total if ref_total else 0.0)


def _analyse(articles: Sequence[Article]) -> list[ArticleAnalysis]:
    from storyline.analyse import analyse, load_analysers
    from storyline.config import NlpSettings

    analysers = load_analysers(NlpSettings())
    return [a for a in analyse(articles, analysers=analysers) if isinstance(a, ArticleAnalysis)]


def score_corpus(folder: Path) -> list[EntityScore]:
    """Score one ``corpus_N`` folder: analyse its Track A texts, build one timeline, score each
    target entity."""
    articles: list[Article] = []
    sentences: dict[str, str] = {}
    track_a = next(p for p in sorted(folder.iterdir()) if p.name.lower().startswith(
        "corpus_tracka"))
    for path in sorted(track_a.glob("*.tml")):
        article, found = read_track_a(path)
        articles.append(article)
        sentences.update(found)
    analyses = _analyse(articles)
    timeline = build_timeline(
        folder.name, articles=articles,
        events=[e for a in analyses for e in a.events],
        times=[t for a in analyses for t in a.times],
        quotes=[q for a in analyses for q in a.quotes],
    )
    texts = {a.id: a.text for a in articles}
    scores: list[EntityScore] = []
    for gold_path in sorted((folder / "TimeLines_Gold_Standard").glob("*.txt")):
        gold = read_gold_timeline(gold_path)
        aliases = entity_aliases(gold.entity)
        system: dict[str, list[str]] = {}
        for entry in timeline:
            if any(_mentions(texts[s.article_id][s.start:s.end], aliases)
                   for s in entry.sources):
                system.setdefault(_entry_date(entry), []).append(entry.summary)
        reference = {d: [sentences.get(ref, "") for ref in refs]
                     for d, refs in gold.dates.items()}
        p, r = alignment_rouge1(system, reference)
        scores.append(EntityScore(
            corpus=folder.name, entity=gold.entity, system=len(system), gold=len(gold.dates),
            matched=len(set(system) & set(gold.dates)), rouge_p=p, rouge_r=r,
        ))
    return scores


def score_timelines(root: Path | str | None = None) -> TimelineScores:
    """Score every SemEval-2015 Task 4 corpus.

    Raises:
        BenchmarkNotFoundError: If the benchmark folder is absent.
    """
    base = require_benchmark(SEMEVAL_DIR, root)
    entities: list[EntityScore] = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and p.name.startswith("corpus")):
        entities.extend(score_corpus(folder))
    return TimelineScores(entities=tuple(entities))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the figures (``--json`` for machine-readable output)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--benchmarks", type=Path, default=None,
                        help="benchmarks root (default: $STORYLINE_BENCHMARKS or "
                             "../shared/benchmarks)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--entities", action="store_true", help="print each entity's counts")
    args = parser.parse_args(argv)
    try:
        scores = score_timelines(args.benchmarks)
    except BenchmarkNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.entities:
        for e in scores.entities:
            print(f"{e.corpus:9} {e.entity:32} sys {e.system:3} gold {e.gold:3} "
                  f"hit {e.matched:3} R1-P {100 * e.rouge_p:5.1f} R1-R {100 * e.rouge_r:5.1f}")
    figures = scores.figures()
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print("SemEval-2015 Task 4 entity timelines (Track A texts, storyline's own analysis)")
        print(f"  entities {int(figures['entities'])}")
        print(f"  date     P {figures['date_precision']:5.1f}  R {figures['date_recall']:5.1f}"
              f"  F1 {figures['date_f1']:5.1f}   (micro; exact date at its precision)")
        print(f"  ROUGE-1  P {figures['rouge1_precision']:5.1f}  R {figures['rouge1_recall']:5.1f}"
              f"  F1 {figures['rouge1_f1']:5.1f}   (align m:1, date weights; macro)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
