"""The UD-PETRARCH validation scorer: counting rules on hand-made records and fake coders, the
line-based reader on a tiny file, and the real suite when ../shared/benchmarks is there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from storyline.evaluation.coded_events import CodedEvent, DictionaryBaseline, no_events
from storyline.evaluation.petrarch_suite import (
    CategoryCounts,
    SuiteRecord,
    Triple,
    baseline_coders,
    format_table,
    main,
    read_actor_names,
    read_suite,
    score_record,
    score_suite,
)
from storyline.evaluation.tempeval import find_benchmark

SUITE = find_benchmark("petrarch/UniversalPetrarch")
DAY = dt.date(1995, 1, 1)


def record(rid: str, category: str, *expected: Triple, noevents: bool = False,
           evaluate: bool = True, error: str | None = None, text: str = "") -> SuiteRecord:
    return SuiteRecord(id=rid, category=category, date=DAY, text=text or rid, evaluate=evaluate,
                       expected=tuple(expected), noevents=noevents, error=error)


def ev(code: str, source: str | None, target: str | None) -> CodedEvent:
    return CodedEvent(source_code=source, target_code=target, cameo=code)


def counts(rec: SuiteRecord, *events: CodedEvent) -> tuple[int, int, int, int, int]:
    c = score_record(rec, events)
    return c.records, c.correct, c.uncoded, c.extra, c.null


def test_exact_triples_are_correct_and_the_rest_uncoded_or_extra() -> None:
    rec = record("R", "DEMO", ("050", "ARN", "GON"), ("050", "ARN", "OSG"))
    assert counts(rec, ev("050", "ARN", "GON"), ev("050", "ARN", "OSG")) == (1, 2, 0, 0, 0)
    # wrong code, swapped actors, a 3-digit code for a 3-digit gold: only exact triples count
    assert counts(rec, ev("051", "ARN", "GON"), ev("050", "OSG", "ARN")) == (1, 0, 2, 2, 0)
    assert counts(rec, ev("050", "ARN", "GON")) == (1, 1, 1, 0, 0)
    assert counts(rec) == (1, 0, 2, 0, 0)


def test_matching_is_one_to_one() -> None:
    rec = record("R", "DEMO", ("050", "ARN", "GON"))
    # the second copy of a correct triple is extra (validation.py would credit it twice)
    assert counts(rec, ev("050", "ARN", "GON"), ev("050", "ARN", "GON")) == (1, 1, 0, 1, 0)
    twice = record("R", "DEMO", ("050", "ARN", "GON"), ("050", "ARN", "GON"))
    assert counts(twice, ev("050", "ARN", "GON")) == (1, 1, 1, 0, 0)


def test_null_events_are_set_aside_and_null_actors_compare_as_dashes() -> None:
    rec = record("R", "MODIFY", ("222", "GON", "---"))
    assert counts(rec, ev("222", "GON", None)) == (1, 1, 0, 0, 0)
    assert counts(rec, ev("---", "GON", "CAL"), ev("", "GON", None)) == (1, 0, 1, 0, 2)


def test_noevents_records() -> None:
    rec = record("R", "VERB", noevents=True)
    assert counts(rec) == (1, 1, 0, 0, 0)
    assert counts(rec, ev("---", "ARN", None)) == (1, 1, 0, 0, 1)
    assert counts(rec, ev("050", "ARN", "GON"), ev("010", "ARN", "GON")) == (1, 0, 1, 2, 0)


def test_rates_follow_validation_py() -> None:
    c = CategoryCounts(records=244, correct=213, uncoded=99, extra=56, null=390)
    assert round(c.tp, 2) == 68.27 and round(c.fn, 2) == 31.73 and round(c.fp, 2) == 22.95
    assert CategoryCounts().tp == 0.0 and CategoryCounts().fp == 0.0


def oracle(records: Sequence[SuiteRecord]) -> Callable[[str, dt.date], list[CodedEvent]]:
    """A coder that returns each record's expected triples (texts repeat: served in order)."""
    queue: dict[tuple[str, dt.date], list[SuiteRecord]] = {}
    for rec in records:
        queue.setdefault((rec.text, rec.date), []).append(rec)

    def coder(text: str, date: dt.date) -> list[CodedEvent]:
        return [ev(*t) for t in queue[text, date].pop(0).expected]
    return coder


def test_score_suite_selects_and_groups_records() -> None:
    records = [
        record("D1", "DEMO", ("050", "ARN", "GON")),
        record("D2", "DEMO", noevents=True),
        record("V1", "VERB", ("041", "GON", "MOR"), ("041", "MOR", "GON")),
        record("V2", "VERB", ("041", "GON", "MOR"), evaluate=False),
        record("E1", "ERROR", error="dateline"),
        record("P1", "PARSING", ("010", "ARN", "GON")),
    ]
    result = score_suite(oracle(records), records=records, include=["DEMO", "VERB", "ERROR"])
    assert list(result.categories) == ["DEMO", "VERB"]
    total = result.total
    assert (total.records, total.correct, total.uncoded, total.extra) == (3, 4, 0, 0)
    assert total.tp == 100.0 and total.fp == 0.0 and not list(result.errors())
    empty = score_suite(no_events, records=records, include=["DEMO", "VERB"])
    assert (empty.total.correct, empty.total.uncoded) == (1, 3)
    assert [line.split("\t")[0] for line in empty.errors()] == ["D1", "V1"]
    table = format_table(empty)
    assert table.splitlines()[0].split()[:3] == ["Category", "Records", "Correct"]
    assert "Total" in table and "25.00%" in table


def test_a_failing_coder_is_recorded_not_fatal() -> None:
    records = [record("D1", "DEMO", ("050", "ARN", "GON")), record("D2", "DEMO", noevents=True)]

    def flaky(text: str, date: dt.date) -> list[CodedEvent]:
        if text == "D1":
            raise RuntimeError("boom")
        return []

    result = score_suite(flaky, records=records)
    assert [f.record.id for f in result.failures] == ["D1"]
    assert result.failures[0].failure == "RuntimeError: boom"
    assert (result.total.correct, result.total.uncoded) == (1, 1)


TINY = """\
<Validation>
<!-- comment with -- dashes and <EventCoding in prose -->
<Environment>
    <Verbfile>verbs.txt</Verbfile>
    <Actorfile>actors.txt</Actorfile>
    <Agentfile>agents.txt</Agentfile>
    <Discardfile>discards.txt</Discardfile>
    <Include>DEMO VERB </Include>
</Environment>
<Sentences>
<Sentence category="DEMO" date="19950101" id="DEMO-01" evaluate="true">
<!-- a comment -->
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<PLEvent {"event": "050", "source": [{"code": "ARN"}]}>
<Text>
Arnor is about to restore ties
with Gondor. </Text>
<Parse>
1\tArnor\tArnor\tPROPN\tNNP\t_\t0\troot\t_\t_
</Parse></Sentence>
<Sentence category="VERB" date="19950102" id="VERB-01" evaluate="false">
<EventCoding noevents="True"> </EventCoding>
<Text>
Mordor &amp; Gondor.
</Text>
<Parse>
</Parse></Sentence>
<Sentence category="ACTOR" date="19950103" id="ACTOR-01" evaluate="true">
<EventCoding eventcode="040" sourcecode="&quot;THE MINISTRY&quot;" targetcode="GON" />
<EventCoding error="dateline" />
<Text>
Text.
</Text>
<Parse>
</Parse></Sentence>
</Sentences>
</Validation>
"""


def test_read_suite_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(TINY, encoding="utf-8")
    dictionaries, records = read_suite(path=path)
    assert dictionaries.include == ("DEMO", "VERB")
    assert dictionaries.actors == tmp_path / "actors.txt" and dictionaries.ontology is None
    assert [r.id for r in records] == ["DEMO-01", "VERB-01", "ACTOR-01"]
    demo, verb, actor = records
    # </Text> at the end of a text line must not swallow the next record
    assert demo.text == "Arnor is about to restore ties with Gondor."
    assert demo.expected == (("050", "ARN", "GON"),) and demo.date == DAY
    assert verb.noevents and not verb.evaluate and verb.expected == ()
    assert actor.expected == (("040", '"THE MINISTRY"', "GON"),) and actor.error == "dateline"


def test_read_actor_names_for_the_baseline(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(
        "<!-- HEADER\n# ARNOR [XXX]\n-->\n"
        "ARNOR_  [ARN]\n"
        "ARGENTIN  [ARG] # comment\n"
        "DENMARK  [DNK]\n+DANISH\n\n"
        "GOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n"
        "BOROMIR  [---]\n"
        "MINAS_TIRITH [GON]\n"
        "PALESTINIAN [pse]\n", encoding="utf-8")
    entries = {(e.words, e.code, e.stem) for e in read_actor_names(path)}
    assert entries == {
        (("arnor",), "ARN", False), (("argentin",), "ARG", True), (("denmark",), "DNK", True),
        (("danish",), "DNK", True), (("gollum",), "HOB", True), (("smeagol",), "HOB", True),
        (("minas", "tirith"), "GON", True), (("palestinian",), "PSE", True),
    }
    baseline = DictionaryBaseline(read_actor_names(path), cameo="050")
    assert baseline.actors("Arnor's envoy met Argentina and Danish officials") == \
        ["ARN", "ARG", "DNK"]
    assert baseline.actors("Arnorian troops") == []      # ARNOR_ is not a stem
    assert baseline("Smeagol and Gollum met Minas Tirith", DAY) == (
        CodedEvent(source_code="HOB", target_code="GON", cameo="050"),)
    assert baseline("Only Denmark here", DAY) == ()


def test_command_line_reports_a_missing_coder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--coder", "storyline.no_such_module:coder"]) == 1
    assert "not found" in capsys.readouterr().err


@pytest.mark.benchmark_data
@pytest.mark.skipif(SUITE is None, reason="../shared/benchmarks is not there")
def test_real_suite_counts() -> None:
    dictionaries, records = read_suite()
    assert len(records) == 274
    assert dictionaries.actors.name == "PETR_Validate_actors_2_02.txt"
    assert dictionaries.include == ("DEMO", "ACTOR", "VERB", "AGENT", "COMPOUND", "PATTERN",
                                    "DATE", "MODIFY", "SYNSET")
    ids = {r.id for r in records}
    assert {"PATTERN-20", "PATTERN-21"} <= ids
    result = score_suite(no_events)
    total = result.total
    # the published run's 244 records / 312 expected, plus PATTERN-21 (see the module docstring)
    assert (total.records, total.correct + total.uncoded) == (245, 313)
    published = {"DEMO": (35, 49), "COMPOUND": (35, 87), "DATE": (21, 22), "ACTOR": (11, 11),
                 "VERB": (22, 22), "PATTERN": (26, 26), "MODIFY": (20, 20), "SYNSET": (52, 52),
                 "AGENT": (23, 24)}
    assert {k: (c.records, c.correct + c.uncoded) for k, c in result.categories.items()} == \
        published
    evaluated = [r for r in records if r.evaluate and r.error is None
                 and r.category in dictionaries.include]
    perfect = score_suite(oracle(evaluated))
    assert perfect.total.tp == 100.0 and perfect.total.extra == 0


@pytest.mark.benchmark_data
@pytest.mark.skipif(SUITE is None, reason="../shared/benchmarks is not there")
def test_real_suite_baselines() -> None:
    coders = baseline_coders()
    assert list(coders) == ["no events", "first two actors, code 050"]
    dictionary = score_suite(coders["first two actors, code 050"]).total
    assert dictionary.correct > score_suite(coders["no events"]).total.correct
