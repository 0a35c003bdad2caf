"""Time-expression scorer on NewsReader MEANTIME (English, CAT XML, token standoff).

Each document's tokens are joined into text (with a token -> character offset map), the extractor
runs over it with the document creation time (DCT) as anchor, and token-anchored gold TIMEX3 are
compared with the system's expressions. As ``benchmarks/timex/README.md`` says, MEANTIME annotates
time only in sentences 0-5 (title and first five sentences), so both sides are scored only there;
the DCT (a token-anchored TIMEX3 in the dateline) is excluded from the gold and system expressions
overlapping it are dropped, as the DCT sits outside the text in TempEval-3. Documents without an
ISO DCT are skipped (117 of 120 remain). Reported: relaxed P/R/F1, strict, type and value F1, and
value accuracy over relaxed matches.

Run ``python -m storyline.evaluation.meantime_timex [--benchmarks DIR] [--errors]``.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.evaluation.tempeval import (
    GoldDoc,
    TimexCounts,
    TimexSpan,
    match_timexes,
    require_benchmark,
    run_storyline,
    scorer_main,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.extract.timex_lexicon import TimexLexicon

__all__ = ["MEANTIME_DIR", "join_tokens", "read_meantime", "score_meantime"]

MEANTIME_DIR = Path("timex") / "meantime-en" / "intra_cross-doc_annotation"
SCORED_SENTENCES = 6  # sentences 0..5

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "''", "”",
                              "’", "...", "n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#", "``", "“", "`", "£", "€", "¥"})


def join_tokens(tokens: Sequence[tuple[str, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens into readable text, keeping each token's character span.

    Punctuation is attached the way it is printed; a new sentence starts on a new line.

    Args:
        tokens: ``(token text, sentence number)`` in document order.

    Returns:
        The text, and ``(start, end)`` of every token in it.
    """
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    prev_sentence: int | None = None
    prev_token = ""
    for token, sentence in tokens:
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence:
            sep = "\n"
        elif token in _NO_SPACE_BEFORE or token.lower() in _NO_SPACE_BEFORE or \
                prev_token in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        length += len(sep)
        spans.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
        prev_sentence, prev_token = sentence, token
    return "".join(parts), spans


def _read_doc(path: Path) -> GoldDoc | None:
    root = ET.parse(path).getroot()
    tokens = [(t.text or "", int(t.get("sentence", "0")), t.get("t_id", ""))
              for t in root.iter("token")]
    text, spans = join_tokens([(tok, sent) for tok, sent, _ in tokens])
    by_id = {tid: i for i, (_, _, tid) in enumerate(tokens)}
    window = next((spans[i][0] for i, (_, sent, _) in enumerate(tokens)
                   if sent >= SCORED_SENTENCES), len(text))
    gold: list[TimexSpan] = []
    dct: dt.date | None = None
    dct_span: tuple[int, int] | None = None
    for timex in root.iter("TIMEX3"):
        anchors = sorted(by_id[a.get("t_id", "")] for a in timex.iter("token_anchor")
                         if a.get("t_id", "") in by_id)
        value = timex.get("value", "")
        if timex.get("functionInDocument") == "CREATION_TIME":
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
                dct = dt.date.fromisoformat(value[:10])
            if anchors:
                dct_span = (spans[anchors[0]][0], spans[anchors[-1]][1])
            continue
        if not anchors or tokens[anchors[0]][1] >= SCORED_SENTENCES:
            continue
        start, end = spans[anchors[0]][0], spans[anchors[-1]][1]
        gold.append(TimexSpan(start, end, timex.get("type", ""), value, text[start:end]))
    if dct is None:
        return None
    return GoldDoc(name=path.stem, text=text, dct=dct, gold=tuple(gold), window=window,
                       dct_span=dct_span)


def read_meantime(root: Path | str | None = None) -> list[GoldDoc]:
    """Read the MEANTIME English documents that have an ISO DCT.

    Args:
        root: The benchmarks root (see :func:`storyline.evaluation.tempeval.benchmarks_root`).

    Returns:
        The documents, sorted by path.

    Raises:
        BenchmarkNotFoundError: If the MEANTIME folder is not under the root.
    """
    folder = require_benchmark(MEANTIME_DIR, root)
    docs = [_read_doc(p) for p in sorted(folder.glob("*/*.xml"))]
    return [d for d in docs if d is not None]


def score_meantime(nlp: Language, *, root: Path | str | None = None,
                   lexicon: TimexLexicon | None = None) -> TimexCounts:
    """Score the time extractor on MEANTIME sentences 0-5, with each document's DCT as anchor.

    Args:
        nlp: The loaded spaCy pipeline.
        root: The benchmarks root.
        lexicon: The time lexicon (loaded when not given).

    Returns:
        Micro-averaged counts; ``.figures()["value_accuracy"]`` is the value accuracy over
        relaxed matches.

    Raises:
        BenchmarkNotFoundError: If the benchmark is not there.
    """
    from storyline.extract.timex_lexicon import load_timex_lexicon

    lex = lexicon if lexicon is not None else load_timex_lexicon()
    docs = read_meantime(root)
    total = TimexCounts()
    for mdoc, spans in zip(docs, run_storyline(nlp, ((d.text, d.dct) for d in docs),
                                               lexicon=lex), strict=True):
        dct_span = mdoc.dct_span
        window = len(mdoc.text) if mdoc.window is None else mdoc.window
        kept = [s for s in spans if s.start < window and not (
            dct_span is not None and s.start < dct_span[1] and dct_span[0] < s.end)]
        total.add(match_timexes(mdoc.gold, kept, doc=mdoc.name))
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: print the MEANTIME figures (and, with --errors, every error)."""
    return scorer_main(argv, prog="python -m storyline.evaluation.meantime_timex",
                       description=__doc__.splitlines()[0] if __doc__ else None,
                       label="MEANTIME sent. 0-5", score=score_meantime)


if __name__ == "__main__":
    raise SystemExit(main())
