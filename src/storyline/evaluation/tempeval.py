"""TempEval-3 Task A scorer for the time-expression extractor, on the TE3 "platinum" test set.

The recipe is the one in ``benchmarks/timex/README.md`` (UzZaman et al. 2013, section 4.1):
gold and system expressions are character spans over the ``<TEXT>`` content; the document
creation time (DCT) is excluded; strict match = identical span; relaxed match = any overlap,
paired one-to-one greedily in document order; ``type`` and ``value`` are scored over relaxed
pairs (string-exact value); everything is micro-averaged over the corpus.

Run ``python -m storyline.evaluation.tempeval [--benchmarks DIR] [--errors]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.errors import StorylineError

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.extract.timex_lexicon import TimexLexicon

__all__ = [
    "BenchmarkNotFoundError",
    "GoldDoc",
    "TimexCounts",
    "TimexSpan",
    "benchmarks_root",
    "find_benchmark",
    "match_timexes",
    "parse_inline_timeml",
    "read_te3",
    "require_benchmark",
    "run_storyline",
    "score_tempeval",
]

TE3_DIR = Path("timex") / "te3-platinum"


class BenchmarkNotFoundError(StorylineError, FileNotFoundError):
    """A benchmark folder is not where the scorer looks for it."""


def benchmarks_root(root: Path | str | None = None) -> Path:
    """Return the benchmarks folder: ``root``, else ``$STORYLINE_BENCHMARKS``, else
    ``../shared/benchmarks`` beside the repository (or beside the working directory)."""
    if root is not None:
        return Path(root)
    env = os.environ.get("STORYLINE_BENCHMARKS")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for base in (repo, Path.cwd()):
        candidate = base.parent / "shared" / "benchmarks"
        if candidate.is_dir():
            return candidate
    return repo.parent / "shared" / "benchmarks"


def find_benchmark(relative: Path | str, root: Path | str | None = None) -> Path | None:
    """Return ``<root>/<relative>`` if that folder exists, else None (so callers can skip)."""
    path = benchmarks_root(root) / relative
    return path if path.is_dir() else None


def require_benchmark(relative: Path | str, root: Path | str | None = None) -> Path:
    """Return ``<root>/<relative>``, raising :class:`BenchmarkNotFoundError` if it is absent."""
    path = find_benchmark(relative, root)
    if path is None:
        raise BenchmarkNotFoundError(
            f"Benchmark folder {benchmarks_root(root) / relative} not found. Put the shared "
            "benchmarks beside the repository (../shared/benchmarks) or point "
            "STORYLINE_BENCHMARKS (or --benchmarks) at them.")
    return path


@dataclass(frozen=True, slots=True)
class TimexSpan:
    """A gold or system expression: character span, TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass(slots=True)
class TimexCounts:
    """Match counts, summed over documents, and the figures derived from them."""

    docs: int = 0
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: TimexCounts) -> None:
        """Add another document's counts to these."""
        self.docs += other.docs
        self.gold += other.gold
        self.system += other.system
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.type_correct += other.type_correct
        self.value_correct += other.value_correct
        self.errors.extend(other.errors)

    def prf(self, correct: int) -> tuple[float, float, float]:
        """Precision, recall and F1 (in percent) for a number of correct items."""
        p = 100.0 * correct / self.system if self.system else 0.0
        r = 100.0 * correct / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def figures(self) -> dict[str, float]:
        """The reported figures: relaxed P/R/F1, strict F1, type F1, value F1, accuracies."""
        rp, rr, rf = self.prf(self.relaxed)
        return {
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "strict_f1": self.prf(self.strict)[2],
            "type_f1": self.prf(self.type_correct)[2],
            "value_f1": self.prf(self.value_correct)[2],
            "value_accuracy": 100.0 * self.value_correct / self.relaxed if self.relaxed else 0.0,
        }


def match_timexes(gold: Sequence[TimexSpan], system: Sequence[TimexSpan], *,
                  doc: str = "") -> TimexCounts:
    """Score one document's system expressions against its gold ones.

    Relaxed pairs are made one-to-one, greedily in document order: each gold expression takes
    the first unpaired system expression that overlaps it.

    Args:
        gold: Gold expressions (DCT already excluded).
        system: System expressions.
        doc: A name used in the error lines.

    Returns:
        The counts, with one line per error for inspection.
    """
    counts = TimexCounts(docs=1, gold=len(gold), system=len(system))
    gold_sorted = sorted(gold, key=lambda s: (s.start, s.end))
    sys_sorted = sorted(system, key=lambda s: (s.start, s.end))
    sys_spans = {(s.start, s.end) for s in sys_sorted}
    counts.strict = sum(1 for g in gold_sorted if (g.start, g.end) in sys_spans)
    used: set[int] = set()
    for g in gold_sorted:
        for j, s in enumerate(sys_sorted):
            if j in used or not (s.start < g.end and g.start < s.end):
                continue
            used.add(j)
            counts.relaxed += 1
            counts.type_correct += s.type == g.type
            counts.value_correct += s.value == g.value
            if s.value != g.value or s.type != g.type:
                counts.errors.append(f"{doc}\tVALUE\t{g.text!r} {g.type} {g.value}\t"
                                     f"sys {s.text!r} {s.type} {s.value}")
            break
        else:
            counts.errors.append(f"{doc}\tMISS\t{g.text!r} {g.type} {g.value}")
    for j, s in enumerate(sys_sorted):
        if j not in used:
            counts.errors.append(f"{doc}\tFALSE\t{s.text!r} {s.type} {s.value}")
    return counts


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One benchmark document: its text, its DCT, and its gold expressions.

    Attributes:
        window: Where scoring stops (system spans starting there or later are not scored).
        dct_span: Where the DCT is written in the text, when it is (system spans overlapping it
            are not scored, as the DCT itself is excluded).
    """

    name: str
    text: str
    dct: dt.date | None
    gold: tuple[TimexSpan, ...]
    window: int | None = None
    dct_span: tuple[int, int] | None = None


_TAG = r"<(/?)([A-Za-z0-9]+)([^>]*?)(/?)>"
_ATTR = r'([A-Za-z_:]+)="([^"]*)"'


def parse_inline_timeml(body: str) -> tuple[str, list[TimexSpan]]:
    """Strip the tags of inline TimeML, returning the text and the TIMEX3 spans in it.

    Args:
        body: The content of a ``<TEXT>`` element, tags and entities included.

    Returns:
        The plain text (entities decoded) and its TIMEX3 spans, the DCT left out.
    """
    out: list[str] = []
    length = 0
    spans: list[TimexSpan] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    pos = 0
    for m in re.finditer(_TAG, body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs, selfclosing = m.groups()
        if selfclosing:
            continue
        if not closing:
            stack.append((name, length, dict(re.findall(_ATTR, attrs))))
            continue
        while stack:
            open_name, start, attributes = stack.pop()
            if open_name == name:
                break
        else:
            continue
        if name == "TIMEX3" and attributes.get("functionInDocument") != "CREATION_TIME":
            spans.append(TimexSpan(start, length, attributes.get("type", ""),
                                   attributes.get("value", "")))
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    return text, [TimexSpan(s.start, s.end, s.type, s.value, text[s.start:s.end]) for s in spans]


def _section(doc: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", doc, re.S)
    return m.group(1) if m else None


def _dct(doc: str) -> dt.date | None:
    block = _section(doc, "DCT") or ""
    m = re.search(r'value="(\d{4}-\d{2}-\d{2})', block)
    return dt.date.fromisoformat(m.group(1)) if m else None


def read_te3(root: Path | str | None = None) -> list[GoldDoc]:
    """Read the TE3 platinum gold files, with the plain system input text of each.

    Args:
        root: The benchmarks root (see :func:`benchmarks_root`).

    Returns:
        The documents, sorted by name.

    Raises:
        BenchmarkNotFoundError: If ``timex/te3-platinum`` is not under the root.
    """
    folder = require_benchmark(TE3_DIR, root)
    inputs: dict[str, str] = {}
    for path in sorted((folder / "input").glob("*.TE3input")):
        raw = path.read_text(encoding="utf-8")
        docid = _section(raw, "DOCID") or path.name
        inputs[docid.strip()] = raw
    docs: list[GoldDoc] = []
    for path in sorted((folder / "gold").glob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        body = _section(raw, "TEXT") or ""
        text, gold = parse_inline_timeml(body)
        docid = (_section(raw, "DOCID") or path.stem).strip()
        source = inputs.get(docid)
        if source is not None:
            # The system reads the input file (DCT + raw text); it is the same text as the gold
            # file's stripped <TEXT>, which keeps the gold offsets valid.
            input_text = html.unescape(_section(source, "TEXT") or "")
            if input_text == text:
                text = input_text
        docs.append(GoldDoc(name=path.stem, text=text, dct=_dct(source or raw),
                            gold=tuple(gold)))
    return docs


def run_storyline(nlp: Language, texts: Iterable[tuple[str, dt.date | None]], *,
                  lexicon: TimexLexicon) -> Iterator[list[TimexSpan]]:
    """Run the time extractor over texts with their anchors, yielding each text's spans."""
    from storyline.extract.times import times

    pairs = list(texts)
    for (_text, anchor), doc in zip(pairs, nlp.pipe([t for t, _ in pairs]), strict=True):
        yield [TimexSpan(t.start, t.end, t.type, t.value, t.text)
               for t in times(doc, article_id="bench", anchor=anchor, lexicon=lexicon)]


def score_tempeval(nlp: Language, *, root: Path | str | None = None,
                   lexicon: TimexLexicon | None = None) -> TimexCounts:
    """Score the time extractor on TE3 platinum (Task A), with each document's DCT as anchor.

    Args:
        nlp: The loaded spaCy pipeline.
        root: The benchmarks root (see :func:`benchmarks_root`).
        lexicon: The time lexicon (loaded when not given).

    Returns:
        Micro-averaged counts; ``.figures()`` gives the percentages.

    Raises:
        BenchmarkNotFoundError: If the benchmark is not there.
    """
    from storyline.extract.timex_lexicon import load_timex_lexicon

    lex = lexicon if lexicon is not None else load_timex_lexicon()
    docs = read_te3(root)
    total = TimexCounts()
    for gdoc, spans in zip(docs, run_storyline(nlp, ((d.text, d.dct) for d in docs),
                                               lexicon=lex), strict=True):
        total.add(match_timexes(gdoc.gold, spans, doc=gdoc.name))
    return total


def format_figures(name: str, counts: TimexCounts) -> str:
    """One table row: relaxed P/R/F1, strict F1, type F1, value F1 and counts."""
    f = counts.figures()
    return (f"{name:<22} {f['relaxed_p']:6.2f} {f['relaxed_r']:6.2f} {f['relaxed_f1']:6.2f} "
            f"{f['strict_f1']:6.2f} {f['type_f1']:6.2f} {f['value_f1']:6.2f} "
            f"{f['value_accuracy']:6.2f}   gold={counts.gold} sys={counts.system} "
            f"docs={counts.docs}")


HEADER = (f"{'corpus':<22} {'rel P':>6} {'rel R':>6} {'rel F1':>6} {'strF1':>6} {'typeF1':>6} "
          f"{'valF1':>6} {'valAcc':>6}")


def scorer_main(
    argv: Sequence[str] | None,
    *,
    prog: str,
    description: str | None,
    label: str,
    score: Callable[..., TimexCounts],
) -> int:
    """Command-line entry shared by the timex scorers: print the figures (``--errors``: every
    error); exit 1 with the reason when the benchmark folder is missing."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--benchmarks", type=Path, default=None,
                        help="benchmarks root (default: $STORYLINE_BENCHMARKS or "
                             "../shared/benchmarks)")
    parser.add_argument("--errors", action="store_true", help="print every error")
    args = parser.parse_args(argv)
    from storyline.config import NlpSettings
    from storyline.nlp.model import build_nlp

    try:
        counts = score(build_nlp(NlpSettings()), root=args.benchmarks)
    except BenchmarkNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.errors:
        print("\n".join(counts.errors))
    print(HEADER)
    print(format_figures(label, counts))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: print the TE3 platinum figures (and, with --errors, every error)."""
    return scorer_main(argv, prog="python -m storyline.evaluation.tempeval",
                       description=__doc__.splitlines()[0] if __doc__ else None,
                       label="TE3-platinum", score=score_tempeval)


if __name__ == "__main__":
    raise SystemExit(main())
