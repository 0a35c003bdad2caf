"""The PLOVER GSR scorer: reading, label mapping, actor comparison, compound and reciprocal
actors, P/R/F1 on hand-made gold with fake coders, and the real file when it is there."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from storyline.evaluation.coded_events import CodedEvent, no_events
from storyline.evaluation.plover_gsr import (
    PLOVER_CATEGORIES,
    GoldActor,
    GsrRecord,
    baseline_coders,
    best_match,
    format_table,
    main,
    match_record,
    read_gsr,
    score_gsr,
)
from storyline.evaluation.tempeval import find_benchmark
from storyline.extract.codebook import Codebook, load_codebook

GSR = find_benchmark("plover-gsr")
DAY = dt.date(2000, 1, 1)


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


def actor(code: str, sector: str | None = None) -> GoldActor:
    return GoldActor(text=code, code=code, sector=sector)


def gold(rid: str, event: str, sources: Sequence[GoldActor], targets: Sequence[GoldActor] = (),
         *, reciprocal: bool = False) -> GsrRecord:
    return GsrRecord(id=rid, text=rid, date=DAY, event=event, event_v05=event,
                     sources=tuple(sources),
                     targets=tuple(sources) if reciprocal else tuple(targets),
                     reciprocal=reciprocal)


def ev(source: str | None, target: str | None, cameo: str = "036",
       plover: str | None = None) -> CodedEvent:
    return CodedEvent(source_code=source, target_code=target, cameo=cameo, plover=plover)


def oks(record: GsrRecord, event: CodedEvent, codebook: Codebook) -> tuple[bool, bool, bool]:
    m = match_record(record, event, codebook=codebook)
    return m.type_ok, m.source_ok, m.target_ok


def test_country_part_must_equal_gold_code_and_sector_is_reported_apart(
        codebook: Codebook) -> None:
    rec = gold("R", "AGREE", [actor("RUS", "GOV")], [actor("USA")])
    assert oks(rec, ev("RUSGOV", "USA"), codebook) == (True, True, True)   # 036 -> AGREE
    m = match_record(rec, ev("RUSMIL", "USAGOV"), codebook=codebook)
    assert (m.source_ok, m.target_ok, m.full) == (True, True, True)
    assert m.source_sector is False       # gold GOV, system MIL: reported, not required
    assert m.target_sector is None        # gold has no sector: not evaluated
    assert match_record(rec, ev("RUSGOV", "USA"), codebook=codebook).source_sector is True
    assert oks(rec, ev("RUGOV", "USA"), codebook)[1] is False
    assert oks(rec, ev("GOVRUS", "USA"), codebook)[1] is False
    assert oks(rec, ev(None, "USA"), codebook)[1] is False
    assert oks(rec, ev("---", "USA"), codebook)[1] is False


def test_plover_comes_from_the_event_or_the_codebook(codebook: Codebook) -> None:
    rec = gold("R", "RETREAT", [actor("ISR")], [actor("PSE")])
    assert oks(rec, ev("ISR", "PSE", cameo="0871"), codebook)[0] is True
    assert oks(rec, ev("ISR", "PSE", cameo="0879"), codebook)[0] is True   # parent fallback
    assert oks(rec, ev("ISR", "PSE", cameo="036", plover="retreat"), codebook)[0] is True
    assert oks(rec, ev("ISR", "PSE", cameo="010"), codebook)[0] is False   # no PLOVER for 01
    assert oks(rec, ev("ISR", "PSE", cameo="xyz"), codebook)[0] is False


def test_compound_actors_match_any_member(codebook: Codebook) -> None:
    rec = gold("R", "AGREE", [actor("USA"), actor("JOR")], [actor("ISR")])
    assert oks(rec, ev("JOR", "ISR"), codebook) == (True, True, True)
    assert oks(rec, ev("USAGOV", "ISR"), codebook) == (True, True, True)
    assert oks(rec, ev("ISR", "USA"), codebook) == (True, False, False)


def test_reciprocal_records_need_two_different_members(codebook: Codebook) -> None:
    rec = gold("R", "AGREE", [actor("HUN", "GOV"), actor("ROU", "GOV")], reciprocal=True)
    assert oks(rec, ev("HUNGOV", "ROUGOV"), codebook) == (True, True, True)
    assert oks(rec, ev("ROU", "HUN"), codebook) == (True, True, True)
    assert oks(rec, ev("HUN", "HUN"), codebook) == (True, True, False)
    assert oks(rec, ev("HUN", None), codebook) == (True, True, False)


def test_absent_gold_actors_require_absent_system_actors(codebook: Codebook) -> None:
    rec = gold("R", "PROTEST", [actor("SRB", "CVL")], [])
    assert oks(rec, ev("SRBCVL", None, cameo="141"), codebook) == (True, True, True)
    assert oks(rec, ev("SRBCVL", "---", cameo="141"), codebook) == (True, True, True)
    assert oks(rec, ev("SRBCVL", "USA", cameo="141"), codebook) == (True, True, False)


def test_aliases_for_the_un_and_non_iso_gold_codes(codebook: Codebook, tmp_path: Path) -> None:
    rec = gold("R", "AGREE", [actor("IGO")], [actor("JPN")])
    assert oks(rec, ev("UNO", "JPN"), codebook) == (True, True, True)
    assert oks(rec, ev("IGOUNO", "JPN"), codebook) == (True, True, True)
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([
        {"id": "X-DOCUMENT-0001", "event": "DOCUMENT"},
        {"id": "X-1", "date": "2000-01-01", "text": "t", "event": "AGREE",
         "source": [{"actorText": "APEC", "code": "IGO"}],
         "target": [{"actorText": "Tokyo", "code": "JAP"}]},
    ]), encoding="utf-8")
    (read,) = read_gsr(path=path)
    assert read.targets == (GoldActor(text="Tokyo", code="JPN", sector=None),)


def test_read_gsr_maps_old_labels_and_odd_fields(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([
        {"id": "D", "event": "DOCUMENT"},
        {"id": "A", "date": "2000-01-01", "text": "a", "event": "DEMAND",
         "source": [{"actorText": "x", "code": "usa", "sector": "CVLalb"}], "target": ""},
        {"id": "B", "date": "2000-01-01", "text": "b", "event": "DISAPPROVE",
         "source": [{"actorText": "x", "code": "HUN", "sector": "***"},
                    {"actorText": "y", "code": "ROU"}],
         "target": "diplomatic", "textInfo": {"markup": "(SRC/TAR: x) and (SRC/TAR: y)"}},
        {"id": "C", "date": "2000-01-01", "text": "c", "event": "FIGHT",
         "target": [{"actorText": "z", "code": "SDN"}], "textInfo": "(TAR: z) was hit"},
        {"id": "E", "date": "2000-01-01", "text": "e", "event": "INVESTIGATE",
         "source": [{"actorText": "x", "code": "USA"}]},
    ]), encoding="utf-8")
    a, b, c, e = read_gsr(path=path)
    assert [r.event for r in (a, b, c, e)] == ["REQUEST", "ACCUSE", "ASSAULT", "ACCUSE"]
    assert a.event_v05 == "DEMAND"
    assert a.sources == (GoldActor(text="x", code="USA", sector="CVL"),) and a.targets == ()
    assert b.reciprocal and b.targets == b.sources and b.sources[0].sector is None
    assert c.sources == () and c.targets[0].code == "SDN" and not c.reciprocal
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "Z", "event": "NONSENSE"}]), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown category"):
        read_gsr(path=bad)


RECORDS = [
    gold("r1", "AGREE", [actor("RUS", "GOV")], [actor("USA")]),
    gold("r2", "ASSAULT", [actor("ISR", "MIL")], [actor("PSE", "REB")]),
    gold("r3", "CONSULT", [actor("FRA")], [actor("DEU")]),
    gold("r4", "PROTEST", [actor("SRB", "CVL")]),
]


def fake(answers: dict[str, list[CodedEvent]]) -> Callable[[str, dt.date], list[CodedEvent]]:
    return lambda text, date: answers.get(text, [])


def test_score_known_answers(codebook: Codebook) -> None:
    coder = fake({
        "r1": [ev("RUSGOV", "USA", "036")],                          # fully right
        "r2": [ev("PSE", "ISR", "190"), ev("ISRMIL", "PSEREB", "190"),  # 2nd is right
               ev("ISR", "PSE", "010")],
        "r3": [ev("FRA", "DEU", "111")],                             # wrong type (ACCUSE)
        # r4: nothing coded
    })
    score = score_gsr(coder, records=RECORDS, codebook=codebook)
    assert (score.records, score.system_events, score.full_correct) == (4, 5, 2)
    assert (score.type_correct, score.source_correct, score.target_correct) == (2, 3, 3)
    f = score.figures()
    assert f["type_accuracy"] == 50.0 and f["source_accuracy"] == 75.0
    assert f["precision"] == pytest.approx(40.0) and f["recall"] == pytest.approx(50.0)
    assert f["f1"] == pytest.approx(2 * 40 * 50 / 90)
    # sectors: r1 source GOV right, r2 MIL and REB right, r3 no gold sectors: 3/3
    assert (score.sector_evaluated, score.sector_correct) == (3, 3)
    errors = list(score.errors())
    assert [e.split("\t")[0] for e in errors] == ["r3", "r4"]
    assert "no event" in errors[1]
    assert "gold=4 sys=5" in format_table("fake", score)


def test_best_match_prefers_more_right_then_right_type(codebook: Codebook) -> None:
    rec = RECORDS[1]
    m = best_match(rec, [ev("ISR", "USA", "190"), ev("ISR", "PSE", "010")], codebook=codebook)
    assert m.event is not None and m.event.cameo == "190"   # 2 right each: type breaks the tie
    none = best_match(rec, [], codebook=codebook)
    assert none.event is None and none.points == 0


def test_two_gold_events_in_one_sentence(codebook: Codebook) -> None:
    pair = [gold("s", "COERCE", [actor("EGY")], [actor("EGY")]),
            gold("s", "ASSAULT", [actor("EGY")], [actor("EGY")])]
    calls: list[str] = []

    def coder(text: str, date: dt.date) -> list[CodedEvent]:
        calls.append(text)
        return [ev("EGYCOP", "EGY", "173"), ev("EGYCOP", "EGY", "190")]

    score = score_gsr(coder, records=pair, codebook=codebook)
    assert calls == ["s"]                       # one call per sentence
    assert (score.system_events, score.full_correct) == (2, 2)
    assert score.figures()["precision"] == 100.0
    one = score_gsr(lambda t, d: [ev("EGY", "EGY", "173")], records=pair, codebook=codebook)
    assert (one.system_events, one.full_correct, one.type_correct) == (1, 1, 1)


def test_perfect_and_empty_coders(codebook: Codebook) -> None:
    answers = {r.id: [ev(r.sources[0].code + (r.sources[0].sector or ""),
                         r.targets[0].code if r.targets else None,
                         cameo="010", plover=r.event)] for r in RECORDS}
    perfect = score_gsr(fake(answers), records=RECORDS, codebook=codebook).figures()
    assert perfect["f1"] == 100.0 and perfect["type_accuracy"] == 100.0
    empty = score_gsr(no_events, records=RECORDS, codebook=codebook).figures()
    assert set(empty.values()) == {0.0}


def test_a_failing_coder_is_recorded_not_fatal(codebook: Codebook) -> None:
    def broken(text: str, date: dt.date) -> list[CodedEvent]:
        raise KeyError(text)

    score = score_gsr(broken, records=RECORDS[:2], codebook=codebook)
    assert score.records == 2 and len(score.failures) == 2
    assert score.failures[0].startswith("r1: KeyError")


def test_command_line_reports_a_missing_coder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--coder", "storyline.evaluation.no_such_module:coder"]) == 1
    assert "not found" in capsys.readouterr().err


@pytest.mark.benchmark_data
@pytest.mark.skipif(GSR is None, reason="../shared/benchmarks is not there")
def test_real_gsr_file(codebook: Codebook) -> None:
    records = read_gsr()
    assert len(records) == 322
    assert {r.event for r in records} <= PLOVER_CATEGORIES
    assert sum(r.event == "REQUEST" for r in records) == 34        # DEMAND
    assert sum(r.event == "ACCUSE" for r in records) == 16 + 9     # DISAPPROVE + INVESTIGATE
    assert sum(r.event == "ASSAULT" for r in records) == 15 + 17   # ASSAULT + FIGHT
    first = records[0]
    assert first.id == "PLOVER-GSR01-AGREE-0001" and first.reciprocal
    assert {a.code for a in first.sources} == {"HUN", "ROU"}
    assert sum(r.reciprocal for r in records) == 18
    assert not any(a.code in ("JAP", "ITL") for r in records for a in (*r.sources, *r.targets))
    answers: dict[str, list[CodedEvent]] = {}
    for r in records:
        answers.setdefault(r.text, []).append(
            ev(r.sources[0].code if r.sources else None,
               r.targets[-1].code if r.targets else None, plover=r.event))
    assert len(answers) == 316        # six sentences carry two gold events each
    perfect = score_gsr(fake(answers), records=records, codebook=codebook)
    assert perfect.system_events == 322 and perfect.figures()["f1"] == 100.0


@pytest.mark.benchmark_data
@pytest.mark.skipif(GSR is None, reason="../shared/benchmarks is not there")
def test_real_gsr_baselines(codebook: Codebook) -> None:
    coders = baseline_coders(codebook=codebook)
    assert list(coders) == ["no events", "first two actors, AGREE"]
    score = score_gsr(coders["first two actors, AGREE"], codebook=codebook)
    assert 0 < score.full_correct < score.records
