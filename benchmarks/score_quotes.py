"""Score quote extraction and speaker attribution on the MEANTIME speech-attribution rows.

Usage: ``.venv/bin/python benchmarks/score_quotes.py [--benchmarks DIR] [--errors] [--json]``
(default: ``$STORYLINE_BENCHMARKS`` or ``../shared/benchmarks``). Prints cue recall,
speaker-mention accuracy and canonical-speaker accuracy (named and pronoun speakers apart), with the
model and lexicon versions and the wall time; the recipe is in
``storyline.evaluation.quotes_meantime``.
"""

from __future__ import annotations

import sys
import time

from storyline.config import NlpSettings
from storyline.evaluation.quotes_meantime import main as score_main
from storyline.extract.quotes import load_cue_lexicon
from storyline.nlp.model import build_nlp, model_version


def main() -> int:
    """Print the versions in force, then the scorer's figures and how long they took."""
    started = time.perf_counter()
    print(f"model {model_version(build_nlp(NlpSettings()))}, lexicon {load_cue_lexicon().version}")
    code = score_main(sys.argv[1:])
    print(f"({time.perf_counter() - started:.1f} s)")
    return code


if __name__ == "__main__":
    sys.exit(main())
