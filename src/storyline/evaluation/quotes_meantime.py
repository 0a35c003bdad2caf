"""Speaker-attribution scorer on the MEANTIME speech-attribution rows (``quotes/`` benchmark).

Each gold row is a reporting cue (``said``, ``announced``...) with its speaker mention and the
entity that mention refers to. For every gold article the document is rebuilt from the MEANTIME XML
tokens (not from the row sentences: the extractor needs the sentences before a pronoun to resolve
it, and the rows hold only sentences that have a cue): tokens are detokenised the way the words are
printed (``US$40``, ``company's``), PTB quote tokens `````` and ``''`` become typographic marks so
the quotation-mark pairing sees real quotes, the title and dateline are paragraphs of their own and
the body one paragraph (MEANTIME keeps no paragraph breaks). A token -> character map lets gold
token ids be compared with the extractor's character offsets.

A gold row is matched to the system quote whose cue overlaps the gold cue tokens. Reported:

- **cue recall**: gold cues matched, over all rows and over the *speech* rows (cue is a verb or
  noun of saying from :data:`SPEECH_CUES`, a list fixed here independently of the extractor's
  lexicon; the other rows are cognitive or non-speech events, ``plans``, ``wants``, ``saw``, which
  the extractor does not claim to find);
- **speaker-mention accuracy**: of matched rows, the system speaker span overlaps the gold speaker
  tokens;
- **canonical-speaker accuracy**: of matched rows, the resolved ``speaker_name`` denotes the gold
  entity under :func:`same_speaker` (lenient) and under exact normalised equality (strict); pronoun
  speakers reported separately; and end to end (correct over all speech rows).

Precision cannot be measured: MEANTIME annotates speakers for only some cues. Rows all lie in
sentences 0-5, so nothing outside them is scored.

Run ``python -m storyline.evaluation.quotes_meantime [--benchmarks DIR] [--errors] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.evaluation.tempeval import BenchmarkNotFoundError, benchmarks_root, find_benchmark
from storyline.extract.quotes import CueLexicon, load_cue_lexicon, quotes
from storyline.records import Quote

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "MEANTIME_DIR",
    "QUOTES_FILE",
    "SPEECH_CUES",
    "GoldAttribution",
    "MeantimeText",
    "QuoteScores",
    "RowResult",
    "detokenize",
    "format_scores",
    "is_speech",
    "main",
    "read_gold",
    "read_meantime",
    "same_speaker",
    "score_quotes_meantime",
    "summarise",
]

QUOTES_FILE = Path("quotes") / "meantime-speech-attribution.jsonl"
MEANTIME_DIR = Path("timex") / "meantime-en" / "intra_cross-doc_annotation"

SPEECH_CUES = frozenset({
    # Verbs and nouns of saying, all inflections as they occur in text. Fixed for this scorer so the
    # subset does not move when the extractor's lexicon does.
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "announce",
    "announces", "announced", "announcing", "announcement", "state", "states", "stated",
    "stating", "statement", "report", "reports", "reported", "claim", "claims", "claimed",
    "claiming", "add", "adds", "added", "confirm", "confirms", "confirmed", "declare", "declares",
    "declared", "explain", "explains", "explained", "cite", "cites", "cited", "citing", "quote",
    "quoted", "argue", "argues", "argued", "reveal", "revealed", "revealing", "insist",
    "insisted", "predict", "predicted", "comment", "commented", "speech", "response", "stress",
    "stressed", "deny", "denied", "warn", "warned", "admit", "admitted", "describe", "described",
    "ask", "asked", "speak", "spoke", "conclude", "recommend", "recommended", "point",
    "pointing",
})

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "''", "...",
                              "n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "'", "’", "’s"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#", "``", "US$", "£", "€"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "his", "her", "its", "their",
                       "our", "him", "them", "us", "who", "which"})
_ORG_STOP = frozenset({"the", "of", "and", "inc", "corp", "corporation", "co", "company", "ltd",
                       "llc", "plc", "group", "ag", "sa", "nv", "a", "an"})


@dataclass(frozen=True, slots=True)
class MeantimeText:
    """A MEANTIME document as text, with each token's character span."""

    doc_id: str
    text: str
    spans: dict[int, tuple[int, int]]
    """``t_id`` -> ``(start, end)`` in ``text``."""


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold row, with its token ids."""

    doc_id: str
    corpus: str
    sentence: str
    cue: str
    cue_tokens: tuple[int, ...]
    speaker_mention: str
    speaker_tokens: tuple[int, ...]
    speaker_entity: str
    speaker_type: str
    pronoun: bool


@dataclass(frozen=True, slots=True)
class RowResult:
    """How the system did on one gold row."""

    gold: GoldAttribution
    found: bool
    mention_ok: bool
    canonical_ok: bool
    canonical_strict: bool
    system_speaker: str | None
    system_name: str | None


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """The figures, in percent (None where a denominator is zero)."""

    rows: int
    speech_rows: int
    cue_recall: float | None
    speech_cue_recall: float | None
    speaker_mention_acc: float | None
    canonical_speaker_acc: float | None
    canonical_speaker_acc_strict: float | None
    canonical_named_acc: float | None
    canonical_pronoun_acc: float | None
    pronoun_matched: int
    named_matched: int
    end_to_end_speech_acc: float | None
    results: tuple[RowResult, ...] = field(default=(), repr=False)

    def figures(self) -> dict[str, float | int | None]:
        """The figures without the per-row results."""
        data = asdict(self)
        data.pop("results")
        return data


def detokenize(tokens: Sequence[tuple[int, str, int]]) -> tuple[str, dict[int, tuple[int, int]]]:
    """Join MEANTIME tokens into printed text.

    Args:
        tokens: ``(t_id, text, sentence)`` in document order.

    Returns:
        The text and ``t_id -> (start, end)``. Sentence 0 (title) and 1 (dateline) are paragraphs
        of their own; the body is one paragraph.
    """
    parts: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    length = 0
    prev_sentence: int | None = None
    prev = ""
    straight_open = False
    for t_id, raw, sentence in tokens:
        word = {"``": "“", "''": "”"}.get(raw, raw)
        opening_straight = raw == '"' and not straight_open
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence and min(sentence, prev_sentence) < 2:
            sep = "\n\n"
        elif (raw in _NO_SPACE_BEFORE or raw.lower() in _NO_SPACE_BEFORE
              or prev in _NO_SPACE_AFTER
              or (raw == '"' and not opening_straight)  # a closing straight mark hugs its word
              or (prev == '"' and straight_open)):       # so does an opening one
            sep = ""
        else:
            sep = " "
        if raw == '"':
            straight_open = not straight_open
        parts.append(sep)
        length += len(sep)
        spans[t_id] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        prev_sentence, prev = sentence, raw
    return "".join(parts), spans


def read_meantime(path: Path) -> MeantimeText:
    """Read one MEANTIME CAT XML file into text and token spans."""
    root = ET.parse(path).getroot()
    tokens = [(int(t.get("t_id", "0")), t.text or "", int(t.get("sentence", "0")))
              for t in root.iter("token")]
    text, spans = detokenize(tokens)
    return MeantimeText(doc_id=root.get("doc_id", path.stem.split("_")[0]), text=text,
                        spans=spans)


def read_gold(path: Path) -> list[GoldAttribution]:
    """Read the gold rows of ``meantime-speech-attribution.jsonl``."""
    rows: list[GoldAttribution] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            rows.append(GoldAttribution(
                doc_id=str(row["doc_id"]), corpus=str(row["corpus"]),
                sentence=str(row["sentence"]), cue=str(row["cue"]),
                cue_tokens=tuple(int(t) for t in row["cue_token_ids"]),
                speaker_mention=str(row["speaker_mention"]),
                speaker_tokens=tuple(int(t) for t in row["speaker_token_ids"]),
                speaker_entity=str(row["speaker_entity"] or ""),
                speaker_type=str(row["speaker_entity_type"] or ""),
                pronoun=bool(row["speaker_is_pronoun"]),
            ))
    return rows


def _normalise(name: str) -> list[str]:
    name = unicodedata.normalize("NFKC", name).casefold()
    name = re.sub(r"\([^)]*\)", " ", name)      # "Thomas (Tom) Enders", "(CEO of Airbus)"
    name = re.sub(r"\s+-\s+\w+\s*$", " ", name)  # "Government Accountability Office - USA"
    name = re.sub(r"['’]s\b", " ", name)
    name = re.sub(r"['’.]", "", name)
    words = re.findall(r"\w+", name)
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return words


def same_speaker(system: str | None, gold: str, gold_type: str) -> bool:
    """Whether a resolved speaker name denotes the gold entity.

    Both names are normalised (case, parenthesised notes, a trailing ``- USA`` code, possessives,
    apostrophes and dots, a leading article). Then they match when equal (also ignoring spaces,
    ``O' Leary`` = ``O'Leary``); for a person (``PER``), when the surnames (last words) are equal
    and the given names, where both names have them, share a word; for anything else, when the
    words of one, less articles and company suffixes (``Inc``, ``Group``...), are all in the other.

    Args:
        system: The system's ``speaker_name`` (None never matches).
        gold: The gold ``speaker_entity``.
        gold_type: The gold entity type (``PER``, ``ORG``, ``LOC``...).

    Returns:
        True when they are taken to be the same speaker.
    """
    if not system or not gold.strip():
        return False
    sys_words, gold_words = _normalise(system), _normalise(gold)
    if not sys_words or not gold_words:
        return False
    if sys_words == gold_words or "".join(sys_words) == "".join(gold_words):
        return True
    if _is_acronym_of(sys_words, gold_words) or _is_acronym_of(gold_words, sys_words):
        return True
    personal_name = all(w[:1].isupper() for w in re.findall(r"[^\W\d_][\w'’.-]*", gold)
                        if w.lower() not in ("of", "de", "van", "von", "der", "la", "le", "da"))
    if gold_type == "PER" and personal_name:
        if sys_words[-1] != gold_words[-1]:
            return False
        given_sys, given_gold = set(sys_words[:-1]), set(gold_words[:-1])
        return not given_sys or not given_gold or bool(given_sys & given_gold)
    sys_set = {_singular(w) for w in sys_words if w not in _ORG_STOP}
    gold_set = {_singular(w) for w in gold_words if w not in _ORG_STOP}
    if not sys_set or not gold_set:
        return False
    if "".join(w for w in sys_words if w not in _ORG_STOP) == "".join(
            w for w in gold_words if w not in _ORG_STOP):
        return True  # "DaimlerChrysler Corporation" = "Daimler Chrysler"
    return sys_set <= gold_set or gold_set <= sys_set


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _is_acronym_of(short: list[str], long: list[str]) -> bool:
    """``gm`` for ``general motors`` (initials of the words that are not articles or suffixes)."""
    if len(short) != 1 or len(long) < 2:
        return False
    initials = "".join(w[0] for w in long if w not in _ORG_STOP)
    return len(initials) >= 2 and short[0] == initials


def _strict(system: str | None, gold: str) -> bool:
    return bool(system) and _normalise(system or "") == _normalise(gold)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _span_of(doc: MeantimeText, token_ids: Iterable[int]) -> tuple[int, int] | None:
    spans = [doc.spans[t] for t in token_ids if t in doc.spans]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _match(row: GoldAttribution, doc: MeantimeText, system: Sequence[Quote]) -> RowResult:
    cue = _span_of(doc, row.cue_tokens)
    candidates = [q for q in system if cue is not None and q.cue_start is not None
                  and q.cue_end is not None and _overlaps((q.cue_start, q.cue_end), cue)]
    # Prefer an attribution that found a speaker; then the first in text order.
    candidates.sort(key=lambda q: (q.speaker_name is None, q.start))
    best = candidates[0] if candidates else None
    if best is None:
        return RowResult(row, False, False, False, False, None, None)
    gold_speaker = [doc.spans[t] for t in row.speaker_tokens if t in doc.spans]
    mention_ok = (best.speaker_start is not None and best.speaker_end is not None and any(
        _overlaps((best.speaker_start, best.speaker_end), s) for s in gold_speaker))
    return RowResult(
        gold=row, found=True, mention_ok=mention_ok,
        canonical_ok=same_speaker(best.speaker_name, row.speaker_entity, row.speaker_type),
        canonical_strict=_strict(best.speaker_name, row.speaker_entity),
        system_speaker=best.speaker, system_name=best.speaker_name,
    )


def _pct(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 1) if den else None


def is_speech(row: GoldAttribution) -> bool:
    """Whether a gold row's cue is a verb or noun of saying (:data:`SPEECH_CUES`)."""
    return row.cue.lower() in SPEECH_CUES


def summarise(results: Sequence[RowResult]) -> QuoteScores:
    """Compute the figures from per-row results."""
    speech = [r for r in results if is_speech(r.gold)]
    matched = [r for r in results if r.found]
    pronoun = [r for r in matched if r.gold.pronoun]
    named = [r for r in matched if not r.gold.pronoun]
    return QuoteScores(
        rows=len(results),
        speech_rows=len(speech),
        cue_recall=_pct(len(matched), len(results)),
        speech_cue_recall=_pct(sum(r.found for r in speech), len(speech)),
        speaker_mention_acc=_pct(sum(r.mention_ok for r in matched), len(matched)),
        canonical_speaker_acc=_pct(sum(r.canonical_ok for r in matched), len(matched)),
        canonical_speaker_acc_strict=_pct(sum(r.canonical_strict for r in matched), len(matched)),
        canonical_named_acc=_pct(sum(r.canonical_ok for r in named), len(named)),
        canonical_pronoun_acc=_pct(sum(r.canonical_ok for r in pronoun), len(pronoun)),
        pronoun_matched=len(pronoun),
        named_matched=len(named),
        end_to_end_speech_acc=_pct(sum(r.canonical_ok for r in speech), len(speech)),
        results=tuple(results),
    )


def score_quotes_meantime(nlp: Language, *, root: Path | str | None = None,
                          cues: CueLexicon | None = None) -> QuoteScores:
    """Run the quote extractor on every gold article and score it against the gold rows.

    Args:
        nlp: A loaded spaCy pipeline (``build_nlp``).
        root: The benchmarks folder (default: ``$STORYLINE_BENCHMARKS`` or
            ``../shared/benchmarks``).
        cues: The cue lexicon (default: the packaged one).

    Returns:
        The figures, with per-row results.

    Raises:
        BenchmarkNotFoundError: If the quotes file or the MEANTIME folder is missing.
    """
    gold_path = _require_file(QUOTES_FILE, root)
    meantime = find_benchmark(MEANTIME_DIR, root)
    if meantime is None:
        raise BenchmarkNotFoundError(_missing(MEANTIME_DIR, root))
    lexicon = cues if cues is not None else load_cue_lexicon()
    rows = read_gold(gold_path)
    by_doc: dict[tuple[str, str], list[GoldAttribution]] = {}
    for row in rows:
        by_doc.setdefault((row.corpus, row.doc_id), []).append(row)
    results: list[RowResult] = []
    for (corpus, doc_id), doc_rows in sorted(by_doc.items()):
        files = sorted((meantime / corpus).glob(f"{doc_id}_*.xml"))
        if not files:
            raise BenchmarkNotFoundError(f"No MEANTIME file for {corpus}/{doc_id}_*.xml under "
                                         f"{meantime}; the benchmark copy is incomplete.")
        doc = read_meantime(files[0])
        system = list(quotes(nlp(doc.text), article_id=doc_id, cues=lexicon))
        results.extend(_match(row, doc, system) for row in doc_rows)
    return summarise(results)


def _missing(relative: Path, root: Path | str | None) -> str:
    return (f"Benchmark {benchmarks_root(root) / relative} not found. Put the shared benchmarks "
            "beside the repository (../shared/benchmarks) or point STORYLINE_BENCHMARKS "
            "(or --benchmarks) at them.")


def _require_file(relative: Path, root: Path | str | None) -> Path:
    path = benchmarks_root(root) / relative
    if not path.is_file():
        raise BenchmarkNotFoundError(_missing(relative, root))
    return path


def format_scores(scores: QuoteScores) -> str:
    """The figures as a small table for the terminal and docs."""
    def fmt(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f}"

    lines = [
        "MEANTIME speech attribution (quotes.rules.v1)",
        f"  gold rows                        {scores.rows} ({scores.speech_rows} speech cues)",
        f"  cue recall, all rows             {fmt(scores.cue_recall)}",
        f"  cue recall, speech cues          {fmt(scores.speech_cue_recall)}",
        f"  speaker-mention accuracy         {fmt(scores.speaker_mention_acc)}   (matched rows)",
        f"  canonical speaker accuracy       {fmt(scores.canonical_speaker_acc)}   "
        f"(matched rows; strict names {fmt(scores.canonical_speaker_acc_strict)})",
        f"    named speakers                 {fmt(scores.canonical_named_acc)}   "
        f"({scores.named_matched} rows)",
        f"    pronoun speakers               {fmt(scores.canonical_pronoun_acc)}   "
        f"({scores.pronoun_matched} rows)",
        f"  end to end, speech cues          {fmt(scores.end_to_end_speech_acc)}   "
        "(right speaker / all speech rows)",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the figures (``--errors``: every miss; ``--json``: machine-readable)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--benchmarks", type=Path, default=None,
                        help="benchmarks root (default: $STORYLINE_BENCHMARKS or "
                             "../shared/benchmarks)")
    parser.add_argument("--errors", action="store_true", help="print every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    from storyline.config import NlpSettings
    from storyline.nlp.model import build_nlp

    try:
        scores = score_quotes_meantime(build_nlp(NlpSettings()), root=args.benchmarks)
    except BenchmarkNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.errors:
        for r in scores.results:
            if r.found and r.canonical_ok and r.mention_ok:
                continue
            what = "MISS-CUE" if not r.found else ("WRONG" if not r.canonical_ok else "MENTION")
            print(f"{what:8} {r.gold.doc_id} {r.gold.cue!r}: gold {r.gold.speaker_mention!r} -> "
                  f"{r.gold.speaker_entity!r}; system {r.system_speaker!r} -> "
                  f"{r.system_name!r}\n         {r.gold.sentence[:160]}")
    print(json.dumps(scores.figures(), indent=2) if args.json else format_scores(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
