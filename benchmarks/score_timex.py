"""Score the time-expression extractor on TE3 platinum and MEANTIME and print one table.

Usage: ``.venv/bin/python benchmarks/score_timex.py [--benchmarks DIR]`` (default:
``$STORYLINE_BENCHMARKS`` or ``../shared/benchmarks``). Figures are percentages: relaxed
P/R/F1, strict F1, type F1, value F1, and value accuracy over relaxed matches; TE3 Task A
recipe (see ``storyline.evaluation.tempeval``), MEANTIME scored on sentences 0-5.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from storyline.config import NlpSettings
from storyline.evaluation.meantime_timex import score_meantime
from storyline.evaluation.tempeval import (
    HEADER,
    BenchmarkNotFoundError,
    format_figures,
    score_tempeval,
)
from storyline.extract.timex_lexicon import load_timex_lexicon
from storyline.nlp.model import build_nlp, model_version


def main() -> int:
    """Run both scorers and print the table; exit 1 when the benchmarks are missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--benchmarks", type=Path, default=None)
    args = parser.parse_args()
    nlp = build_nlp(NlpSettings())
    lexicon = load_timex_lexicon()
    print(f"model {model_version(nlp)}, lexicon {lexicon.version}, producer times.rules.v1")
    print(HEADER)
    try:
        for name, scorer in (("TE3-platinum", score_tempeval),
                             ("MEANTIME sent. 0-5", score_meantime)):
            started = time.perf_counter()
            counts = scorer(nlp, root=args.benchmarks, lexicon=lexicon)
            print(f"{format_figures(name, counts)}  {time.perf_counter() - started:.1f}s")
    except BenchmarkNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
