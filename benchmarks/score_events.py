"""Score an event coder on the PLOVER GSR and on UD-PETRARCH's validation suite; print one table.

Usage: ``.venv/bin/python benchmarks/score_events.py [--baseline] [--coder module:function]
[--suite-coder-factory module:function] [--suite-verbs-factory module:function]
[--benchmarks DIR]`` (default coder
``storyline.evaluation.event_coders:storyline_coder``; benchmarks default
``$STORYLINE_BENCHMARKS`` or ``../shared/benchmarks``).

Columns, in percent. PLOVER GSR (322 CAMEO-manual sentences, recipe in
``storyline.evaluation.plover_gsr``): ``type`` / ``src`` / ``tgt`` accuracy of the best-matching
event, ``P`` / ``R`` / ``F1`` of full records (type + source + target). UD-PETRARCH suite
(recipe in ``storyline.evaluation.petrarch_suite``): ``TP`` = correct / expected, ``FP`` = extra
events per evaluated record. The suite's actors are fictional and need the suite's own actor
dictionary: ``--suite-coder-factory`` builds the suite's coder from its dictionaries (else the
``--coder`` is used on both, and will find no Lord-of-the-Rings actors). A second row scores the
suite with its own verb dictionary too (``--suite-verbs-factory``, default
``suite_coder_with_verbs``; its GSR columns repeat the first row's, the GSR having no
dictionary; pass ``--suite-verbs-factory ''`` to leave the row out).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import cast

from storyline.evaluation.coded_events import DEFAULT_CODER, Coder, CoderNotFoundError, load_coder
from storyline.evaluation.petrarch_suite import baseline_coders as suite_baselines
from storyline.evaluation.petrarch_suite import read_suite, score_suite
from storyline.evaluation.plover_gsr import baseline_coders as gsr_baselines
from storyline.evaluation.plover_gsr import score_gsr
from storyline.evaluation.tempeval import BenchmarkNotFoundError
from storyline.extract.codebook import load_codebook

HEADER = (f"{'coder':<30} | {'type':>6} {'src':>6} {'tgt':>6} {'P':>6} {'R':>6} {'F1':>6} | "
          f"{'recs':>5} {'TP':>6} {'FN':>6} {'FP':>6} |  time")


def main() -> int:
    """Run both scorers and print the table; exit 1 when data or the coder are missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--benchmarks", type=Path, default=None)
    parser.add_argument("--baseline", action="store_true", help="score the trivial baselines")
    parser.add_argument("--coder", default=DEFAULT_CODER)
    parser.add_argument("--suite-coder-factory",
                        default="storyline.evaluation.event_coders:suite_coder",
                        help="module:function(SuiteDictionaries) -> coder, for the suite")
    parser.add_argument("--suite-verbs-factory",
                        default="storyline.evaluation.event_coders:suite_coder_with_verbs",
                        help="module:function(SuiteDictionaries) -> coder with the suite's verb "
                             "dictionary, for a second row ('' for none)")
    args = parser.parse_args()
    codebook = load_codebook()
    try:
        pairs: list[tuple[str, Coder, Coder]]
        if args.baseline:
            # Each scorer builds its baselines on its own gold (its most frequent code, its
            # actor dictionary): the two returned in the same order are paired on one row.
            gsr = list(gsr_baselines(args.benchmarks, codebook=codebook).values())
            suite = list(suite_baselines(args.benchmarks).values())
            names = ["no events", "first two actors, top code"]
            pairs = list(zip(names, gsr, suite, strict=True))
        else:
            coder = cast(Coder, load_coder(args.coder))
            suite_coder = coder
            if args.suite_coder_factory:
                dictionaries, _ = read_suite(args.benchmarks)
                factory = load_coder(args.suite_coder_factory)
                suite_coder = cast(Coder, factory(dictionaries))
            pairs = [(args.coder.rpartition(":")[2], coder, suite_coder)]
            if args.suite_verbs_factory:
                dictionaries, _ = read_suite(args.benchmarks)
                factory = load_coder(args.suite_verbs_factory)
                pairs.append((f"{pairs[0][0]} + suite verbs", coder,
                              cast(Coder, factory(dictionaries))))
        print(f"codebook {codebook.version}")
        print(HEADER)
        gsr_figures: dict[int, dict[str, float]] = {}
        for name, gsr_coder, suite_coder in pairs:
            started = time.perf_counter()
            if id(gsr_coder) not in gsr_figures:
                gsr_figures[id(gsr_coder)] = score_gsr(gsr_coder, root=args.benchmarks,
                                                       codebook=codebook).figures()
            g = gsr_figures[id(gsr_coder)]
            s = score_suite(suite_coder, root=args.benchmarks).total
            print(f"{name[:30]:<30} | {g['type_accuracy']:6.2f} {g['source_accuracy']:6.2f} "
                  f"{g['target_accuracy']:6.2f} {g['precision']:6.2f} {g['recall']:6.2f} "
                  f"{g['f1']:6.2f} | {s.records:>5} {s.tp:6.2f} {s.fn:6.2f} {s.fp:6.2f} | "
                  f"{time.perf_counter() - started:5.1f}s")
    except (BenchmarkNotFoundError, CoderNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
