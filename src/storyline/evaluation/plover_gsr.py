"""Event-coder scorer on the PLOVER gold-standard records (CAMEO-manual examples coded in PLOVER).

Gold: ``plover-gsr/PLOVER_GSR_CAMEO.txt`` (openeventdata/PLOVER, CC BY-SA 4.0): one JSON array
whose first object is a ``DOCUMENT`` header (skipped) followed by 322 sentences, each with one
PLOVER event: a category of PLOVER v0.5b1, a source and a target, each a list of actors
``{"actorText", "code", "sector"}``.

Recipe (the GSR has no official scorer; these choices are ours and are stated here):

* **Categories.** Old v0.5b1 labels are mapped to the 16 current PLOVER categories as
  ``plover-gsr/README.md`` says: DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE,
  FIGHT -> ASSAULT; the other labels are already current. A system event's category is its
  ``plover`` field, or else the CAMEO codebook's category of its ``cameo`` code (with the
  codebook's parent fallback).
* **Actors.** A system actor code is CAMEO-style: 3-character blocks, the first being the
  country or organisation (``RUS``, ``IGO``), the next the sector/role (``RUSGOV`` -> ``RUS`` +
  ``GOV``). The *country part* must equal the gold ``code``; the sector is compared separately
  and reported on its own, never required. Before comparing, the gold's two non-ISO country codes
  are repaired (``JAP`` -> JPN, ``ITL`` -> ITA) and a system ``UNO`` (CAMEO's United Nations)
  counts as ``IGO`` (the GSR codes every intergovernmental body, the UN included, as IGO). The
  gold sector compared is the first three letters of its ``sector`` field, upper-cased
  (``CVLalb`` -> CVL: the rest is an ISO-639 ethnic or a religion code); ``***`` or no sector
  means the sector is not evaluated.
* **Compound actors.** A gold source or target that lists several actors is matched by any one
  of them (a CAMEO coder emits one dyad per member). A *reciprocal* record (markup ``SRC/TAR``
  and no target of its own, e.g. "Hungarian and Romanian officials agreed") has its actor list
  as both source and target: the system source and target must each be in the list, and must be
  different members when the list has more than one.
* **Absent actors.** Where the gold has no source (or no target), the system event must have
  none either.
* **Best match.** Each gold record is compared with the system event (for its sentence) that gets
  most of type, source and target right; ties go to the one with the right type, then to the
  first. A sentence with no system event gets everything wrong.
* **Figures.** Event-type, source and target accuracy are over all gold records; sector accuracy
  is over best-matched actors whose country was right and whose gold sector is known. Full-record
  precision/recall/F1: the coder runs once per distinct sentence (six sentences carry two gold
  records); a gold record is found when an event of its sentence, not already used by another
  record of that sentence, has type, source and target all right; recall = found / records,
  precision = found / system events (all of them: the GSR codes one or two events per sentence,
  so other events a sentence may really contain count as false positives, and precision is a
  lower bound).

Run ``python -m storyline.evaluation.plover_gsr [--baseline | --coder module:function]
[--benchmarks DIR] [--errors]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
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
from storyline.extract.codebook import Codebook, load_codebook

__all__ = [
    "CodedEvent",
    "GSR_DIR",
    "GoldActor",
    "GsrRecord",
    "GsrScore",
    "OLD_TO_CURRENT",
    "PLOVER_CATEGORIES",
    "RecordMatch",
    "baseline_coders",
    "best_match",
    "format_table",
    "match_record",
    "read_gsr",
    "score_gsr",
]

GSR_DIR = Path("plover-gsr")
GSR_FILE = "PLOVER_GSR_CAMEO.txt"

PLOVER_CATEGORIES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})
"""The 16 event categories of the current PLOVER manual."""

OLD_TO_CURRENT: Mapping[str, str] = MappingProxyType({
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
})
"""PLOVER v0.5b1 labels renamed or merged since (``plover-gsr/README.md``)."""

_GOLD_CODE_FIXES: Mapping[str, str] = MappingProxyType({"JAP": "JPN", "ITL": "ITA"})
_SYSTEM_CODE_ALIASES: Mapping[str, str] = MappingProxyType({"UNO": "IGO"})


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldActor:
    """One gold actor: its country/organisation code and primary sector (None when unknown)."""

    text: str
    code: str
    sector: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GsrRecord:
    """One gold sentence with its single PLOVER event.

    Attributes:
        id: ``PLOVER-GSR01-AGREE-0001``.
        text: The sentence.
        date: Its date (always 2000-01-01 in this file).
        event: The current PLOVER category (old labels mapped).
        event_v05: The label as the file gives it.
        sources, targets: Gold actors (several for compound actors; empty when absent).
        reciprocal: True when the sources are also the targets (``SRC/TAR`` markup).
    """

    id: str
    text: str
    date: dt.date
    event: str
    event_v05: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    reciprocal: bool


def _gold_actors(value: object) -> tuple[GoldActor, ...]:
    # ``target`` is sometimes "" (and once a stray string): anything but a list means "none".
    if not isinstance(value, list):
        return ()
    actors: list[GoldActor] = []
    for item in value:
        if not isinstance(item, dict) or not item.get("code"):
            continue
        code = str(item["code"]).strip().upper()
        sector_raw = str(item.get("sector") or "")[:3].upper()
        actors.append(GoldActor(text=str(item.get("actorText", "")),
                                code=_GOLD_CODE_FIXES.get(code, code),
                                sector=sector_raw if sector_raw.isalpha() and
                                len(sector_raw) == 3 else None))
    return tuple(actors)


def _markup(record: Mapping[str, object]) -> str:
    info = record.get("textInfo")
    if isinstance(info, dict):
        return str(info.get("markup", ""))
    return str(info or "")


def read_gsr(root: Path | str | None = None, *, path: Path | None = None) -> list[GsrRecord]:
    """Read the gold records, mapping old category labels to current ones.

    Args:
        root: The benchmarks root (see :func:`storyline.evaluation.tempeval.benchmarks_root`).
        path: A GSR-format JSON file to read instead.

    Returns:
        The records in file order, the DOCUMENT header left out.

    Raises:
        BenchmarkNotFoundError: If the file is not under the root.
        ValueError: If a record's category is neither current nor a known old label.
    """
    if path is None:
        path = require_benchmark(GSR_DIR, root) / GSR_FILE
        if not path.is_file():
            raise BenchmarkNotFoundError(f"{path} not found.")
    raw = cast(list[dict[str, object]], json.loads(path.read_text(encoding="utf-8")))
    records: list[GsrRecord] = []
    for item in raw:
        label = str(item.get("event", "")).upper()
        if label == "DOCUMENT":
            continue
        current = OLD_TO_CURRENT.get(label, label)
        if current not in PLOVER_CATEGORIES:
            raise ValueError(f"{path}: record {item.get('id')!r} has unknown category {label!r}")
        sources = _gold_actors(item.get("source"))
        targets = _gold_actors(item.get("target"))
        reciprocal = "SRC/TAR" in _markup(item) and not targets
        records.append(GsrRecord(
            id=str(item.get("id", "")),
            text=str(item.get("text", "")),
            date=dt.date.fromisoformat(str(item.get("date", "2000-01-01"))),
            event=current,
            event_v05=label,
            sources=sources,
            targets=sources if reciprocal else targets,
            reciprocal=reciprocal,
        ))
    return records


def _split(code: str | None) -> tuple[str | None, str | None]:
    """Country part and first sector block of a CAMEO-style actor code."""
    if not code or code.startswith("---"):
        return None, None
    code = code.strip().upper()
    country = _SYSTEM_CODE_ALIASES.get(code[:3], code[:3])
    sector = code[3:6] if len(code) >= 6 else None
    return country, sector


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordMatch:
    """How one system event compares with a gold record.

    ``source_sector``/``target_sector`` are None when the sector is not evaluated (the country
    was wrong, or the gold has no sector), else whether it was right.
    """

    event: CodedEvent | None
    plover: str | None
    type_ok: bool
    source_ok: bool
    target_ok: bool
    source_sector: bool | None = None
    target_sector: bool | None = None

    @property
    def full(self) -> bool:
        """Type, source and target all right."""
        return self.type_ok and self.source_ok and self.target_ok

    @property
    def points(self) -> int:
        """How many of type, source and target are right."""
        return int(self.type_ok) + int(self.source_ok) + int(self.target_ok)


def _actor_match(code: str | None, gold: Sequence[GoldActor], *,
                 not_this: GoldActor | None = None) -> tuple[GoldActor | None, bool | None]:
    """The gold actor a system code matches (country part), and whether its sector matches."""
    country, sector = _split(code)
    if country is None:
        return None, None
    candidates = [a for a in gold if a.code == country]
    if not_this is not None and len({a.code for a in gold}) > 1:
        candidates = [a for a in candidates if a.code != not_this.code]
    if not candidates:
        return None, None
    for actor in candidates:
        if actor.sector is not None and actor.sector == sector:
            return actor, True
    first = candidates[0]
    return first, (None if first.sector is None else False)


def match_record(record: GsrRecord, event: CodedEvent, *, codebook: Codebook) -> RecordMatch:
    """Compare one system event with a gold record (see the module docstring for the rules).

    Args:
        record: The gold record.
        event: One system event for its sentence.
        codebook: The CAMEO codebook, for events that carry no PLOVER category.

    Returns:
        The comparison.
    """
    plover = event.plover
    if plover is None:
        entry = codebook.get(event.cameo)
        plover = entry.plover if entry is not None else None
    plover = plover.upper() if plover else None
    if record.sources:
        source, source_sector = _actor_match(event.source_code, record.sources)
        source_ok = source is not None
    else:
        source, source_sector, source_ok = None, None, _split(event.source_code)[0] is None
    if record.targets:
        target, target_sector = _actor_match(
            event.target_code, record.targets,
            not_this=source if record.reciprocal else None)
        target_ok = target is not None
    else:
        target_sector, target_ok = None, _split(event.target_code)[0] is None
    return RecordMatch(event=event, plover=plover, type_ok=plover == record.event,
                       source_ok=source_ok, target_ok=target_ok,
                       source_sector=source_sector, target_sector=target_sector)


def best_match(record: GsrRecord, events: Sequence[CodedEvent], *,
               codebook: Codebook) -> RecordMatch:
    """The system event that gets most of type, source and target right (ties: right type,
    then the first); an all-wrong match when there are no events."""
    best: RecordMatch | None = None
    for event in events:
        m = match_record(record, event, codebook=codebook)
        if best is None or (m.points, m.type_ok) > (best.points, best.type_ok):
            best = m
    if best is None:
        return RecordMatch(event=None, plover=None, type_ok=False, source_ok=False,
                           target_ok=False)
    return best


@dataclass(slots=True)
class GsrScore:
    """Counts over the gold records, and the figures derived from them."""

    records: int = 0
    system_events: int = 0
    type_correct: int = 0
    source_correct: int = 0
    target_correct: int = 0
    full_correct: int = 0
    sector_evaluated: int = 0
    sector_correct: int = 0
    failures: list[str] = field(default_factory=list)
    matches: list[tuple[GsrRecord, RecordMatch, int]] = field(default_factory=list)
    """Each record, its best match and how many events the coder returned for it."""

    def figures(self) -> dict[str, float]:
        """Accuracies and full-record P/R/F1, in percent."""
        n = self.records

        def pct(a: int, b: int) -> float:
            return 100.0 * a / b if b else 0.0

        p = pct(self.full_correct, self.system_events)
        r = pct(self.full_correct, n)
        return {
            "type_accuracy": pct(self.type_correct, n),
            "source_accuracy": pct(self.source_correct, n),
            "target_accuracy": pct(self.target_correct, n),
            "sector_accuracy": pct(self.sector_correct, self.sector_evaluated),
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
        }

    def errors(self) -> Iterator[str]:
        """One line per record whose best match is not fully right."""
        for record, m, _n in self.matches:
            if m.full:
                continue
            gold_src = "/".join(a.code for a in record.sources) or "-"
            gold_tgt = "/".join(a.code for a in record.targets) or "-"
            if m.event is None:
                got = "no event"
            else:
                got = (f"{m.plover or '?'} ({m.event.cameo}) {m.event.source_code or '-'} -> "
                       f"{m.event.target_code or '-'}")
            yield f"{record.id}\tgold {record.event} {gold_src} -> {gold_tgt}\tsystem {got}"


def score_gsr(coder: Coder, *, root: Path | str | None = None,
              records: Iterable[GsrRecord] | None = None,
              codebook: Codebook | None = None) -> GsrScore:
    """Run a coder over every gold sentence and score its events.

    The coder is called once per distinct sentence (six sentences of the GSR carry two gold
    records each, for two events): its events are counted once, and each fully-right event
    finds at most one gold record of that sentence.

    Args:
        coder: ``coder(text, date) -> events``.
        root: The benchmarks root, when ``records`` is not given.
        records: Gold records to use instead of the file's (for tests).
        codebook: The CAMEO codebook (loaded when not given).

    Returns:
        The counts; a coder exception on one sentence is listed in ``failures`` and the sentence
        scores as coded with nothing.

    Raises:
        BenchmarkNotFoundError: If ``records`` is not given and the gold file is absent.
    """
    book = codebook if codebook is not None else load_codebook()
    gold = list(records) if records is not None else read_gsr(root)
    sentences: dict[tuple[str, dt.date], list[GsrRecord]] = {}
    for record in gold:
        sentences.setdefault((record.text, record.date), []).append(record)
    score = GsrScore()
    for (text, date), group in sentences.items():
        try:
            events = list(coder(text, date))
        except Exception as exc:  # noqa: BLE001 -- one sentence's failure is reported, not fatal
            score.failures.append(f"{group[0].id}: {type(exc).__name__}: {exc}")
            events = []
        score.system_events += len(events)
        used: set[int] = set()
        for record in group:
            m = best_match(record, events, codebook=book)
            found = next((i for i, e in enumerate(events) if i not in used
                          and match_record(record, e, codebook=book).full), None)
            if found is not None:
                used.add(found)
                score.full_correct += 1
            score.records += 1
            score.type_correct += m.type_ok
            score.source_correct += m.source_ok
            score.target_correct += m.target_ok
            for sector in (m.source_sector, m.target_sector):
                if sector is not None:
                    score.sector_evaluated += 1
                    score.sector_correct += sector
            score.matches.append((record, m, len(events)))
    return score


HEADER = (f"{'coder':<34} {'type':>6} {'source':>6} {'target':>6} {'sector':>6} "
          f"{'P':>6} {'R':>6} {'F1':>6}")


def format_table(name: str, score: GsrScore) -> str:
    """One table row: type/source/target/sector accuracy and full-record P/R/F1, with counts."""
    f = score.figures()
    return (f"{name[:34]:<34} {f['type_accuracy']:6.2f} {f['source_accuracy']:6.2f} "
            f"{f['target_accuracy']:6.2f} {f['sector_accuracy']:6.2f} {f['precision']:6.2f} "
            f"{f['recall']:6.2f} {f['f1']:6.2f}   gold={score.records} "
            f"sys={score.system_events} sector n={score.sector_evaluated}")


def _baseline_entries() -> list[DictionaryEntry]:
    """Country names, aliases, adjectives and capitals, and UN/IGO bodies, from the packaged
    actor gazetteer."""
    from storyline.extract.actor_gazetteer import load_actor_gazetteer

    gazetteer = load_actor_gazetteer()
    entries: list[DictionaryEntry] = []
    for entry in gazetteer.entries.values():
        if entry.code is None:
            continue
        if entry.kind == "country" or entry.country in ("UNO", "IGO"):
            for name in (entry.name, *entry.aliases):
                entries.append(DictionaryEntry(words=tuple(fold_words(name)), code=entry.code))
    for table in (gazetteer.adjectives, gazetteer.metonyms):
        for name, code in table.items():
            entries.append(DictionaryEntry(words=tuple(fold_words(name)), code=code))
    return entries


def baseline_coders(root: Path | str | None = None, *,
                    codebook: Codebook | None = None) -> dict[str, Coder]:
    """The trivial baselines: no events, and the gold's most frequent PLOVER category between
    the first two actors the packaged actor gazetteer finds (countries, capitals, UN bodies).

    Raises:
        BenchmarkNotFoundError: If the gold file is absent.
    """
    book = codebook if codebook is not None else load_codebook()
    top = Counter(r.event for r in read_gsr(root)).most_common(1)[0][0]
    cameo = next(e.code for e in book.codes.values() if e.plover == top)
    dictionary = DictionaryBaseline(_baseline_entries(), cameo=cameo, plover=top)
    return {"no events": no_events, f"first two actors, {top}": dictionary}


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: print the GSR figures for a coder (or the baselines)."""
    parser = argparse.ArgumentParser(prog="python -m storyline.evaluation.plover_gsr",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--benchmarks", type=Path, default=None,
                        help="benchmarks root (default: $STORYLINE_BENCHMARKS or "
                             "../shared/benchmarks)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--coder", default=DEFAULT_CODER,
                       help=f"coder to score, module:function (default {DEFAULT_CODER})")
    which.add_argument("--baseline", action="store_true", help="score the built-in baselines")
    parser.add_argument("--errors", action="store_true",
                        help="list every record whose best match is not fully right")
    args = parser.parse_args(argv)
    try:
        codebook = load_codebook()
        if args.baseline:
            coders = baseline_coders(args.benchmarks, codebook=codebook)
        else:
            coders = {args.coder.rpartition(":")[2]: cast(Coder, load_coder(args.coder))}
        print(HEADER)
        for name, coder in coders.items():
            score = score_gsr(coder, root=args.benchmarks, codebook=codebook)
            if args.errors:
                print("\n".join(score.errors()))
            print(format_table(name, score))
            for failure in score.failures[:3]:
                print(f"  coder failed on {failure}")
            if len(score.failures) > 3:
                print(f"  ... and {len(score.failures) - 3} more failures")
    except (BenchmarkNotFoundError, CoderNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
