"""Benchmark: ingest + clean throughput and peak memory on a generated corpus.

Generates N synthetic news articles (wire-style datelines, page chrome, duplicated captions,
quotes, weekday and explicit dates) as plain-text files in folders of 1,000, then measures, each in
a fresh subprocess so peak memory is the process's own:

* ``read``: the readers alone (walk + decode), the baseline every ingest pays;
* ``ingest``: read + clean + metadata + publication date (``build_article``);
* ``store``: the whole ``storyline run`` path into a fresh SQLite store.

Memory must stay flat as the corpus grows (streaming): the script runs several corpus sizes and
prints peak RSS for each. Usage::

    python benchmarks/bench_ingest.py                  # 10k, 50k, 100k articles
    python benchmarks/bench_ingest.py --sizes 2000     # a quick look
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["MOSCOW", "GENEVA", "WASHINGTON", "BEIRUT", "ANKARA", "DAMASCUS", "PARIS", "BERLIN"]
AGENCIES = ["/TASS/", "(AP)", "(Reuters)", "(AFP)"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FIRST = ["Sergei", "John", "Maria", "Ahmed", "Elena", "Peter", "Li", "Anna", "Omar", "Viktor"]
LAST = ["Ivanov", "Smith", "Haddad", "Petrova", "Miller", "Chen", "Kowalski", "Novak", "Aziz"]
ROLES = [
    "foreign minister",
    "defence ministry spokesman",
    "UN envoy",
    "State Department spokeswoman",
    "deputy foreign minister",
    "military commander",
    "aid agency director",
]
TOPICS = [
    "the ceasefire",
    "the humanitarian pause",
    "the aid convoy",
    "the peace talks",
    "the evacuation of civilians",
    "the border crossing",
    "the prisoner exchange",
]
VERBS = ["said", "told reporters", "stressed", "added", "noted"]


def make_article(rng: random.Random, i: int) -> str:
    """One synthetic article with the chrome and date clues real pages carry."""
    year = rng.choice([2015, 2016, 2017])
    month = rng.randrange(12)
    day = rng.randrange(1, 28)
    place = rng.choice(PLACES)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    role = rng.choice(ROLES)
    topic = rng.choice(TOPICS)
    lines = ["All news", ""]
    lines.append(f"Officials discuss {topic} as talks enter day {rng.randrange(2, 9)} (#{i})")
    lines.append("")
    caption = (
        f"{name} speaks to reporters in {place.title()}, in this picture released on "
        f"{MONTHS[month]} {day}, {year}."
    )
    lines += [caption, "Reuters", caption, ""]
    agency = rng.choice(AGENCIES)
    if agency == "/TASS/":
        lead = f"{place}, {MONTHS[month]} {day}. /TASS/. "
    else:
        lead = f"{place} {agency} — "
    lines.append(
        lead + f"The {role} {name} {rng.choice(VERBS)} on {rng.choice(WEEKDAYS)} that {topic} "
        f"would continue for another {rng.randrange(2, 10)} days."
    )
    for _ in range(rng.randrange(4, 9)):
        other = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        lines += [
            "",
            f'"We are ready to discuss {rng.choice(TOPICS)} with all parties," '
            f"{other} {rng.choice(VERBS)}. The talks on {rng.choice(TOPICS)} began on "
            f"{MONTHS[rng.randrange(12)]} {rng.randrange(1, 28)} and about "
            f"{rng.randrange(100, 9000)} people were affected.",
        ]
    lines += ["", "Share this news", "", "Share to Google Plus"]
    return "\n".join(lines)


def generate(root: Path, n: int, *, seed: int = 7) -> None:
    """Write n articles as .txt files, 1,000 per folder."""
    rng = random.Random(seed)
    for i in range(n):
        folder = root / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}.txt").write_text(make_article(rng, i), encoding="utf-8")


def measure(mode: str, corpus: str, db: str) -> None:
    """Child process: run one mode over the corpus and print a JSON line of figures."""
    from storyline.config import load_settings
    from storyline.ingest.readers import read_sources
    from storyline.pipeline import ingest_documents

    settings = load_settings(store={"path": db})
    start = time.perf_counter()
    n = rejected = 0
    if mode == "read":
        for item in read_sources([corpus], settings=settings.ingest):
            n += 1
            rejected += type(item).__name__ == "Rejected"
    elif mode == "ingest":
        from storyline.ingest.articles import load_lexicons

        items = read_sources([corpus], settings=settings.ingest)
        for item in ingest_documents(items, settings=settings, lexicons=load_lexicons()):
            n += 1
            rejected += type(item).__name__ == "Rejected"
    else:
        from storyline.pipeline import run
        from storyline.store.sqlite import open_store

        with open_store(Path(db)) as store:
            report = run([corpus], settings=settings, store=store, include_analysis=False)
        n, rejected = report.read, len(report.rejected)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "mode": mode,
                "articles": n,
                "rejected": rejected,
                "seconds": seconds,
                "per_second": n / seconds,
                "peak_rss_mb": peak_mb,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--modes", nargs="+", default=["read", "ingest", "store"])
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "CORPUS", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        measure(*args.child)
        return
    print(f"python {sys.version.split()[0]}, one process (one core) per measurement")
    print(
        f"{'articles':>9} {'mode':>7} {'seconds':>8} {'art/s/core':>10} "
        f"{'peak MB':>8} {'rejected':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus-{size}"
            generate(corpus, size)
            for mode in args.modes:
                db = str(Path(tmp) / f"{mode}-{size}.db")
                out = (
                    subprocess.run(
                        [sys.executable, __file__, "--child", mode, str(corpus), db],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    .stdout.strip()
                    .splitlines()[-1]
                )
                r = json.loads(out)
                print(
                    f"{r['articles']:>9,} {mode:>7} {r['seconds']:>8.1f} {r['per_second']:>10.0f} "
                    f"{r['peak_rss_mb']:>8.0f} {r['rejected']:>8}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
