"""UD-PETRARCH's functional validation suite, scored the way UD-PETRARCH's ``validation.py`` does.

The suite is ``petrarch/UniversalPetrarch/PETR_Validate_records_2_02.xml`` (openeventdata/
UniversalPetrarch, branch ``dev-validate``, MIT): stylised sentences about fictional "Lord of the
Rings" actors, each with the expected ``(eventcode, sourcecode, targetcode)`` triples, coded
against the suite's own toy dictionaries (``PETR_Validate_actors_2_02.txt`` ...). A coder scored
here must therefore be built with those dictionaries (see ``--coder-factory``).

What the figures mean was read from UD-PETRARCH's own scorer, ``UniversalPetrarch/validation.py``
(the 24-May-2018 / 01-Jun-2018 revision that produced the README's published table, and its
later revisions), found through the code corpus:

* A record is evaluated when ``evaluate="true"`` and its category is in the file's
  ``<Include>`` list (DEMO ACTOR VERB AGENT COMPOUND PATTERN DATE MODIFY SYNSET).
* Per record: a coded event is **correct** when its code, source and target are all string-equal
  to an expected triple; **uncoded** = expected triples - correct; **extra** = coded events -
  correct; **null** = events without an event code, set aside (neither correct nor extra).
  A ``noevents`` record counts as one expected item: coding nothing makes it 1 correct; coding
  anything makes it 1 uncoded plus every coded event extra.
* Per category and in total: **TP = correct / (correct + uncoded)**, **FN = uncoded / (correct +
  uncoded) = 100 - TP**, **FP = extra / records** (extra events per evaluated record, in
  percent -- not a rate over coded events).

Where this scorer differs from that script, on purpose:

* Matching is one-to-one: an expected triple is used up by the first coded event that matches
  it. The script did not use triples up, so a coder repeating a correct triple was credited
  twice (and "uncoded" could go negative).
* A null event is one without an event code, as in the script's revisions from December 2018.
  The May-2018 revision also set aside events with a null (``---``) actor, which made the three
  expected triples with a ``---`` target (``222 GON ---``...) impossible to match.
* A ``noevents`` record whose coder returns only null events counts as correct (the script
  printed CORRECT but counted it uncoded).
* Records expecting an ``error`` (dateline, bad parse, discards) are never scored; they are all in
  the ERROR category, which ``<Include>`` leaves out anyway.
* Records are read correctly where the script's reader is not: in PATTERN-20 ``</Text>`` ends a
  line of text instead of starting one, and the script, looking for a line *starting* with
  ``</Text``, reads on into PATTERN-21, so PATTERN-21 is never evaluated (and PATTERN-20 is coded
  from PATTERN-21's parse).

The published UD-PETRARCH result (2018-05-25) is 244 records, 213 correct, 99 uncoded, 56 extra:
TP 68.27 %, FN 31.73 %, FP 22.95 %. This scorer evaluates 245 records with 313 expected items on
the same file: the published per-category record and expected counts are reproduced exactly
except PATTERN, which has PATTERN-21 (one expected triple) back.

Run ``python -m storyline.evaluation.petrarch_suite [--baseline | --coder module:function |
--coder-factory module:function] [--benchmarks DIR] [--errors]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from storyline.evaluation.coded_events import (
    DEFAULT_CODER,
    CodedEvent,
    Coder,
    CoderNotFoundError,
    DictionaryBaseline,
    DictionaryEntry,
    fold_words,
    load_coder,
    no_events,
)
from storyline.evaluation.tempeval import BenchmarkNotFoundError, require_benchmark

__all__ = [
    "CategoryCounts",
    "NULL_CODE",
    "RecordScore",
    "SUITE_DIR",
    "SuiteDictionaries",
    "SuiteRecord",
    "SuiteResult",
    "Triple",
    "baseline_coders",
    "format_table",
    "read_actor_names",
    "read_suite",
    "score_record",
    "score_suite",
]

SUITE_DIR = Path("petrarch") / "UniversalPetrarch"
RECORDS_FILE = "PETR_Validate_records_2_02.xml"
NULL_CODE = "---"
"""PETRARCH's code for an actor (or event) it could not identify."""

Triple = tuple[str, str, str]
"""``(eventcode, sourcecode, targetcode)``, PETRARCH's order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SuiteDictionaries:
    """The dictionaries the suite is coded against (from its ``<Environment>`` block).

    Attributes:
        folder: Where the files are.
        verbs, actors, agents, discards: PETRARCH-format dictionaries.
        ontology: The internal coding ontology (PICO) file, where named.
        include: The categories the suite says to evaluate.
    """

    folder: Path
    verbs: Path
    actors: Path
    agents: Path
    discards: Path
    ontology: Path | None
    include: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SuiteRecord:
    """One ``<Sentence>`` of the suite.

    Attributes:
        id: The record id (not unique in the file: two ids repeat).
        category: DEMO, ACTOR, VERB, COMPOUND...
        date: The reference date.
        text: The sentence, whitespace normalised.
        evaluate: The ``evaluate`` attribute.
        expected: The expected triples, actor codes as written (``FRO/BIL/SAM``, ``---``).
        noevents: True when the record expects no event.
        error: The trapped error it expects (``dateline``...), if any.
    """

    id: str
    category: str
    date: dt.date
    text: str
    evaluate: bool
    expected: tuple[Triple, ...]
    noevents: bool
    error: str | None


_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


def _attrs(line: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(line)}


def _tag_text(block: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    return match.group(1).strip() if match else None


def read_suite(root: Path | str | None = None, *,
               path: Path | None = None) -> tuple[SuiteDictionaries, list[SuiteRecord]]:
    """Read the validation records and their environment.

    The file is not well-formed XML (comments contain ``--``; ``<PLEvent {json}>`` lines), so it
    is read line by line, as UD-PETRARCH's own script reads it: a record starts at a line
    beginning ``<Sentence``, its ``<EventCoding`` lines give the expectations, and it ends at
    ``</Parse>``. The CoNLL-U parse and the ``<PLEvent>`` lines are not kept.

    Args:
        root: The benchmarks root (see :func:`storyline.evaluation.tempeval.benchmarks_root`).
        path: A records file to read instead (its dictionaries are looked up beside it).

    Returns:
        The dictionaries and the records, in file order.

    Raises:
        BenchmarkNotFoundError: If the suite is not under the root.
        ValueError: If a record is malformed.
    """
    if path is None:
        path = require_benchmark(SUITE_DIR, root) / RECORDS_FILE
        if not path.is_file():
            raise BenchmarkNotFoundError(f"{path} not found.")
    text = path.read_text(encoding="utf-8")
    env = _tag_text(text, "Environment") or ""
    folder = path.parent

    def env_file(tag: str) -> Path | None:
        name = _tag_text(env, tag)
        return folder / name.split(",")[0].strip() if name else None

    include = tuple((_tag_text(env, "Include") or "").split())
    dictionaries = SuiteDictionaries(
        folder=folder,
        verbs=env_file("Verbfile") or folder / "PETR_Validate_verbs_2_02.txt",
        actors=env_file("Actorfile") or folder / "PETR_Validate_actors_2_02.txt",
        agents=env_file("Agentfile") or folder / "PETR_Validate_agents_2_02.txt",
        discards=env_file("Discardfile") or folder / "PETR_Validate_discards_2_02.txt",
        ontology=env_file("PICOfile"),
        include=include,
    )
    return dictionaries, list(_records(text.splitlines(), path))


def _records(lines: Sequence[str], path: Path) -> Iterator[SuiteRecord]:
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("<Stop"):
            return
        if not line.startswith("<Sentence "):
            continue
        head = _attrs(line)
        expected: list[Triple] = []
        noevents = False
        error: str | None = None
        sentence: list[str] = []
        while i < len(lines) and not lines[i].startswith("</Parse"):
            current = lines[i]
            i += 1
            if current.startswith("<EventCoding"):
                coding = _attrs(current)
                if coding.get("noevents", "").lower() == "true":
                    noevents = True
                elif "error" in coding:
                    error = coding["error"]
                else:
                    expected.append((coding.get("eventcode", ""),
                                     coding.get("sourcecode", NULL_CODE),
                                     coding.get("targetcode", NULL_CODE)))
            elif current.startswith("<Text"):
                # ``</Text>`` may end a line of text (PATTERN-20): look for it anywhere, or the
                # next record is swallowed, as UD-PETRARCH's own reader swallows PATTERN-21.
                chunk = current.split(">", 1)[1] if ">" in current else ""
                while "</Text" not in chunk and i < len(lines):
                    sentence.append(chunk)
                    chunk = lines[i]
                    i += 1
                sentence.append(chunk.split("</Text", 1)[0])
        record_id = head.get("id", "")
        try:
            date = dt.datetime.strptime(head.get("date", ""), "%Y%m%d").date()
        except ValueError as exc:
            raise ValueError(f"{path}: record {record_id!r} has no valid date") from exc
        yield SuiteRecord(
            id=record_id,
            category=head.get("category", ""),
            date=date,
            text=" ".join(" ".join(sentence).split()),
            evaluate=head.get("evaluate", "").lower() == "true",
            expected=tuple(expected),
            noevents=noevents,
            error=error,
        )


@dataclass(slots=True)
class CategoryCounts:
    """validation.py's five counts for a category (or the total), and the three rates."""

    records: int = 0
    correct: int = 0
    uncoded: int = 0
    extra: int = 0
    null: int = 0

    def add(self, other: CategoryCounts) -> None:
        """Add another set of counts to these."""
        self.records += other.records
        self.correct += other.correct
        self.uncoded += other.uncoded
        self.extra += other.extra
        self.null += other.null

    @property
    def tp(self) -> float:
        """correct / (correct + uncoded), in percent."""
        expected = self.correct + self.uncoded
        return 100.0 * self.correct / expected if expected else 0.0

    @property
    def fn(self) -> float:
        """uncoded / (correct + uncoded), in percent (100 - TP)."""
        expected = self.correct + self.uncoded
        return 100.0 * self.uncoded / expected if expected else 0.0

    @property
    def fp(self) -> float:
        """extra / records, in percent (extra events per evaluated record)."""
        return 100.0 * self.extra / self.records if self.records else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordScore:
    """One evaluated record's counts and what was coded, for error listings."""

    record: SuiteRecord
    counts: CategoryCounts
    coded: tuple[Triple, ...]
    failure: str | None = None
    """The coder's exception, when it raised on this record (the record then codes nothing)."""


@dataclass(slots=True)
class SuiteResult:
    """Counts per category (in the order categories first appear) and in total."""

    categories: dict[str, CategoryCounts] = field(default_factory=dict)
    records: list[RecordScore] = field(default_factory=list)

    @property
    def total(self) -> CategoryCounts:
        """The counts summed over categories."""
        total = CategoryCounts()
        for counts in self.categories.values():
            total.add(counts)
        return total

    @property
    def failures(self) -> list[RecordScore]:
        """Records on which the coder raised."""
        return [r for r in self.records if r.failure is not None]

    def errors(self) -> Iterator[str]:
        """One line per record that is not entirely correct."""
        for score in self.records:
            c = score.counts
            if c.uncoded == 0 and c.extra == 0 and score.failure is None:
                continue
            rec = score.record
            want = "noevents" if rec.noevents else " ".join("/".join(t) for t in rec.expected)
            got = " ".join("/".join(t) for t in score.coded) or "-"
            note = f"\tFAILED {score.failure}" if score.failure else ""
            yield f"{rec.id}\t{rec.category}\texpected {want}\tcoded {got}{note}"


def _triple(event: CodedEvent) -> Triple:
    return (event.cameo.strip(), event.source_code or NULL_CODE, event.target_code or NULL_CODE)


def score_record(record: SuiteRecord, events: Sequence[CodedEvent]) -> CategoryCounts:
    """Score one record's coded events (see the module docstring for the rules).

    Args:
        record: The record, with its expectations.
        events: What the coder returned for its text.

    Returns:
        Its counts (``records`` = 1).
    """
    coded = [_triple(e) for e in events if e.cameo.strip() and
             not e.cameo.strip().startswith(NULL_CODE)]
    null = len(events) - len(coded)
    if record.noevents:
        if not coded:
            return CategoryCounts(records=1, correct=1, null=null)
        return CategoryCounts(records=1, uncoded=1, extra=len(coded), null=null)
    remaining = Counter(record.expected)
    correct = 0
    for triple in coded:
        if remaining[triple] > 0:
            remaining[triple] -= 1
            correct += 1
    return CategoryCounts(records=1, correct=correct, uncoded=len(record.expected) - correct,
                          extra=len(coded) - correct, null=null)


def score_suite(coder: Coder, *, root: Path | str | None = None,
                records: Iterable[SuiteRecord] | None = None,
                include: Sequence[str] | None = None) -> SuiteResult:
    """Run a coder over the evaluated records and count as UD-PETRARCH's validation does.

    Args:
        coder: ``coder(text, date) -> events``; built with the suite's dictionaries to be
            meaningful.
        root: The benchmarks root, when ``records`` is not given.
        records: Records to score instead of the suite's (for tests).
        include: Categories to evaluate; default the suite's ``<Include>`` list (every category
            when ``records`` is given without ``include``).

    Returns:
        The counts; a coder exception on one record is recorded as that record's ``failure``
        (it then counts as coding nothing), so that one bad sentence does not stop the run.

    Raises:
        BenchmarkNotFoundError: If ``records`` is not given and the suite is absent.
    """
    if records is None:
        dictionaries, suite = read_suite(root)
        wanted: set[str] | None = set(include if include is not None else dictionaries.include)
    else:
        suite = list(records)
        wanted = set(include) if include is not None else None
    result = SuiteResult()
    for record in suite:
        if not record.evaluate or record.error is not None:
            continue
        if wanted is not None and record.category not in wanted:
            continue
        failure: str | None = None
        try:
            events = list(coder(record.text, record.date))
        except Exception as exc:  # noqa: BLE001 -- one record's failure is reported, not fatal
            events, failure = [], f"{type(exc).__name__}: {exc}"
        counts = score_record(record, events)
        result.categories.setdefault(record.category, CategoryCounts()).add(counts)
        result.records.append(RecordScore(record=record, counts=counts,
                                          coded=tuple(_triple(e) for e in events),
                                          failure=failure))
    return result


HEADER = (f"{'Category':<10}{'Records':>8}{'Correct':>8}{'Uncoded':>8}{'Extra':>8}{'Null':>8}"
          f"{'TP':>9}{'FN':>9}{'FP':>9}")


def format_table(result: SuiteResult) -> str:
    """validation.py's summary table: one row per category, then the total."""
    rows = [HEADER]
    for name, c in [*result.categories.items(), ("Total", result.total)]:
        rows.append(f"{name:<10}{c.records:>8}{c.correct:>8}{c.uncoded:>8}{c.extra:>8}"
                    f"{c.null:>8}{c.tp:>8.2f}%{c.fn:>8.2f}%{c.fp:>8.2f}%")
    rows.append("TP = correct/(correct + uncoded); FN = uncoded/(correct + uncoded) = 100 - TP; "
                "FP = extra/records")
    return "\n".join(rows)


# --- Baselines ---------------------------------------------------------------------------------

_DICT_CODE = re.compile(r"\[([^\]]*)\]")


def read_actor_names(path: Path) -> list[DictionaryEntry]:
    """Read the names and first codes of a PETRARCH actor dictionary, crudely, for the baseline.

    This is *not* the project's actor-dictionary reader (``storyline.link.actor_dictionary``):
    it keeps only what the dictionary baseline needs. Comments (``#...``, ``<!-- -->``) are
    dropped; ``NAME [CODE]`` lines, ``+SYNONYM`` lines and indented ``[CODE ...]`` blocks give
    names and codes; of a dated code block the first code is kept; null (``---``) codes are
    skipped; underscores join words, and a name not ending in ``_`` matches as a stem.

    Args:
        path: A PETRARCH-format actor dictionary.

    Returns:
        Its entries, in file order.
    """
    text = re.sub(r"<!--.*?-->", " ", path.read_text(encoding="utf-8", errors="replace"),
                  flags=re.S)
    entries: list[DictionaryEntry] = []
    pending: list[str] = []
    pending_code: str | None = None

    def flush() -> None:
        if pending_code and pending_code != NULL_CODE and not pending_code.startswith(NULL_CODE):
            for name in pending:
                stem = not name.endswith("_")
                words = tuple(fold_words(name.replace("_", " ")))
                if words:
                    entries.append(DictionaryEntry(words=words, code=pending_code, stem=stem))

    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = _DICT_CODE.findall(line)
        name = _DICT_CODE.sub("", line).strip()
        first_code = codes[0].split()[0].upper() if codes and codes[0].split() else None
        if name.startswith("+"):
            pending.append(name[1:].strip())
        elif name and not raw[:1].isspace():
            flush()
            pending, pending_code = [name], None
        if first_code and pending_code is None:
            pending_code = first_code
    flush()
    return entries


def baseline_coders(root: Path | str | None = None) -> dict[str, Coder]:
    """The trivial baselines, built on the suite: no events, and the suite's most frequent
    expected code between the first two actors of its own actor dictionary.

    Raises:
        BenchmarkNotFoundError: If the suite is absent.
    """
    dictionaries, suite = read_suite(root)
    wanted = set(dictionaries.include)
    codes = Counter(t[0] for r in suite if r.evaluate and r.category in wanted
                    for t in r.expected)
    top = codes.most_common(1)[0][0] if codes else "010"
    dictionary = DictionaryBaseline(read_actor_names(dictionaries.actors), cameo=top)
    return {"no events": no_events, f"first two actors, code {top}": dictionary}


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: print the validation table for a coder (or the baselines)."""
    parser = argparse.ArgumentParser(prog="python -m storyline.evaluation.petrarch_suite",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--benchmarks", type=Path, default=None,
                        help="benchmarks root (default: $STORYLINE_BENCHMARKS or "
                             "../shared/benchmarks)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--coder", default=None,
                       help=f"coder to score, module:function (default {DEFAULT_CODER})")
    which.add_argument("--coder-factory", default=None,
                       help="module:function called with the suite's SuiteDictionaries, "
                            "returning the coder (for coders that need the toy dictionaries)")
    which.add_argument("--baseline", action="store_true", help="score the built-in baselines")
    parser.add_argument("--errors", action="store_true", help="list every record not all right")
    args = parser.parse_args(argv)
    try:
        coders: dict[str, Coder]
        if args.baseline:
            coders = baseline_coders(args.benchmarks)
        elif args.coder_factory:
            dictionaries, _ = read_suite(args.benchmarks)
            factory = load_coder(args.coder_factory)
            coders = {args.coder_factory: _as_coder(factory(dictionaries))}
        else:
            spec = args.coder or DEFAULT_CODER
            coders = {spec: _as_coder(load_coder(spec))}
        for name, coder in coders.items():
            result = score_suite(coder, root=args.benchmarks)
            print(f"== {name}")
            if args.errors:
                print("\n".join(result.errors()))
            print(format_table(result))
            if result.failures:
                print(f"the coder raised on {len(result.failures)} records, e.g. "
                      f"{result.failures[0].record.id}: {result.failures[0].failure}")
    except (BenchmarkNotFoundError, CoderNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _as_coder(obj: object) -> Coder:
    if not callable(obj):
        raise CoderNotFoundError(f"the coder factory returned {type(obj).__name__}, not a coder")
    return cast(Coder, obj)


if __name__ == "__main__":
    raise SystemExit(main())
