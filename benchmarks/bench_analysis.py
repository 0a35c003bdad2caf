"""Benchmark: the analysis stage against spaCy's own ``nlp.pipe`` on the same texts, same run.

Texts: the bundled sample corpus plus, when ``../shared/benchmarks`` is present, the 120 MEANTIME
Wikinews articles (real news prose), each cleaned by storyline's ingest first so both sides parse
exactly the same strings. One process, one core. Each side runs ``--repeat`` times, alternating,
and the best time of each is kept (the least disturbed by other work on the machine).

* ``spacy``: ``list(nlp.pipe(texts))`` — the parsing every analysis pays;
* ``storyline``: ``analyse(...)`` — parsing plus actors, quotes and time expressions;
* ``+link``: the same plus merging actors across the corpus and linking quote speakers.

The issue's target: everything storyline adds on top of parsing costs at most 25% more time.
Usage::

    python benchmarks/bench_analysis.py [--repeat 3] [--copies 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=1, help="Repeat the corpus N times.")
    args = parser.parse_args()

    from storyline.analyse import analyse, link_corpus, load_analysers
    from storyline.config import load_settings
    from storyline.evaluation.meantime_timex import read_meantime
    from storyline.evaluation.tempeval import find_benchmark
    from storyline.ingest.articles import build_article, load_lexicons
    from storyline.records import Article, InputFormat, SourceDocument

    settings = load_settings()
    lexicons = load_lexicons()
    docs: list[SourceDocument] = []
    for path in sorted((ROOT / "examples" / "aleppo-2016").glob("*.txt")):
        docs.append(
            SourceDocument(
                source=str(path),
                format=InputFormat.TXT,
                text=path.read_text(encoding="utf-8"),
                extractor="bench",
            )
        )
    if find_benchmark("timex/meantime-en") is not None:
        for gold in read_meantime():
            docs.append(
                SourceDocument(
                    source=gold.name, format=InputFormat.TXT, text=gold.text, extractor="bench"
                )
            )
    articles: list[Article] = []
    for _ in range(args.copies):
        for d in docs:
            a = build_article(d, settings=settings.ingest, lexicons=lexicons)
            if isinstance(a, Article):
                articles.append(a)
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)

    analysers = load_analysers(settings.nlp)
    nlp = analysers.nlp
    batch = settings.nlp.batch_size
    list(nlp.pipe(texts[:5], batch_size=batch))  # warm-up

    best = {"spacy": float("inf"), "storyline": float("inf"), "+link": float("inf")}
    for _ in range(args.repeat):
        t = time.perf_counter()
        list(nlp.pipe(texts, batch_size=batch))
        best["spacy"] = min(best["spacy"], time.perf_counter() - t)

        t = time.perf_counter()
        results = list(analyse(articles, analysers=analysers))
        best["storyline"] = min(best["storyline"], time.perf_counter() - t)

        t = time.perf_counter()
        analyses = [r for r in results if hasattr(r, "actor_mentions")]
        mentions = [m for r in analyses for m in r.actor_mentions]  # type: ignore[union-attr]
        quotes = [q for r in analyses for q in r.quotes]  # type: ignore[union-attr]
        link_corpus(mentions, quotes)
        best["+link"] = min(best["+link"], best["storyline"] + time.perf_counter() - t)

    # Each extractor alone, on the same parsed docs, as a share of spaCy's parsing time.
    from storyline.analyse import _dateline_countries
    from storyline.extract import actors as A
    from storyline.extract import events as EV
    from storyline.extract import places as P
    from storyline.extract import quotes as Q
    from storyline.extract import times as T
    from storyline.extract.event_actors import mention_actor_code
    from storyline.link.actor_codes import mention_code

    docs = list(nlp.pipe(texts, batch_size=batch))
    parts: dict[str, float] = {}
    pairs = list(zip(docs, articles, strict=True))

    def timed(name: str, fn: object) -> list[object]:
        t = time.perf_counter()
        out = [fn(d, a) for d, a in pairs]  # type: ignore[operator]
        parts[name] = time.perf_counter() - t
        return out

    ms = timed(
        "actors",
        lambda d, a: list(A.actor_mentions(d, article_id=a.id, gazetteer=analysers.gazetteer)),
    )
    qs = timed("quotes", lambda d, a: list(Q.quotes(d, article_id=a.id, cues=analysers.cues)))
    ts = timed(
        "times",
        lambda d, a: list(
            T.times(d, article_id=a.id, anchor=a.published.value, lexicon=analysers.timex)
        ),
    )
    mention_of = dict(zip((a.id for a in articles), ms, strict=True))
    ps = timed(
        "places",
        lambda d, a: list(
            P.places(
                d,
                article_id=a.id,
                gazetteer=analysers.places,
                context_countries=_dateline_countries(a, analysers.places),
                skip=P.actor_spans(mention_of[a.id], gazetteer=analysers.places),
            )
        ),
    )
    extra = {a.id: (q, t, p) for a, q, t, p in zip(articles, qs, ts, ps, strict=True)}

    def code_events(d: object, a: Article) -> list[object]:
        q, t, p = extra[a.id]
        coder = mention_actor_code(
            mention_of[a.id],
            text=a.text,
            gazetteer=analysers.gazetteer,
            code_of=lambda m: mention_code(m, dictionary=None),
        )
        return list(
            EV.events(
                d,
                article_id=a.id,
                lexicon=analysers.event_lexicon,  # type: ignore[arg-type]
                codebook=analysers.codebook,
                actor_code=coder,
                quotes=q,  # type: ignore[arg-type]
                times=t,
                places=p,
                outlet=a.outlet,  # type: ignore[arg-type]
                published=a.published.value,
            )
        )

    timed("events", code_events)

    n = len(texts)
    print(f"python {sys.version.split()[0]}, model {dict(analysers.producers)['nlp']}, one core")
    print(f"{n} articles, {chars:,} characters; best of {args.repeat} runs")
    print(f"{'pipeline':>10} {'seconds':>8} {'art/s/core':>10} {'vs spaCy':>9}")
    for name, seconds in best.items():
        overhead = (seconds / best["spacy"] - 1) * 100
        print(f"{name:>10} {seconds:>8.2f} {n / seconds:>10.1f} {overhead:>+8.1f}%")
    print("each extractor alone, on the parsed docs (share of spaCy's time):")
    for name, seconds in parts.items():
        print(f"{name:>10} {seconds:>8.2f} {'':>10} {seconds / best['spacy'] * 100:>+8.1f}%")


if __name__ == "__main__":
    main()
