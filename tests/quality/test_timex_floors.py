"""Quality gate for the time-expression extractor: TE3 platinum and MEANTIME figures stay at or
above the floors in ``baseline.json`` (floors may only be raised).

The scorers run when ``../shared/benchmarks`` (or ``$STORYLINE_BENCHMARKS``) is there and skip
cleanly otherwise. Both together take about 15 s here, so they run in the default suite. The
scorers' own building blocks (span matching, TimeML and token joining) are tested on hand-built
inputs first, without the benchmark data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline.evaluation.meantime_timex import join_tokens, score_meantime
from storyline.evaluation.tempeval import (
    TimexSpan,
    find_benchmark,
    match_timexes,
    parse_inline_timeml,
    score_tempeval,
)

if TYPE_CHECKING:
    from spacy.language import Language

BASELINE = Path(__file__).with_name("baseline.json")
TE3 = find_benchmark("timex/te3-platinum")
MEANTIME = find_benchmark("timex/meantime-en")


def floors(prefix: str) -> dict[str, float]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    found = {k[len(prefix):]: float(v) for k, v in data.items() if k.startswith(prefix)}
    assert found, f"no {prefix}* floors in {BASELINE}"
    return found


@pytest.fixture(scope="module")
def nlp() -> Language:
    from storyline.config import NlpSettings
    from storyline.nlp.model import build_nlp

    return build_nlp(NlpSettings())


# --- The scorers' building blocks -------------------------------------------------------------


def test_relaxed_matching_is_one_to_one_in_document_order() -> None:
    gold = [TimexSpan(0, 10, "DATE", "2013"), TimexSpan(20, 25, "DATE", "2014")]
    system = [TimexSpan(0, 4, "DATE", "2013"), TimexSpan(5, 12, "DURATION", "P1Y"),
              TimexSpan(20, 25, "DATE", "2015")]
    counts = match_timexes(gold, system)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed) == (2, 3, 1, 2)
    assert (counts.type_correct, counts.value_correct) == (2, 1)
    f = counts.figures()
    assert f["relaxed_p"] == pytest.approx(200 / 3)
    assert f["relaxed_r"] == pytest.approx(100.0)
    assert f["value_accuracy"] == pytest.approx(50.0)


def testparse_inline_timeml_gives_plain_text_offsets_and_skips_the_dct() -> None:
    body = ('\nIt <EVENT eid="e1">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="2013-03-22">'
            'Friday</TIMEX3> &amp; <TIMEX3 tid="t0" functionInDocument="CREATION_TIME" '
            'type="DATE" value="2013-03-22">today</TIMEX3>.\n')
    text, spans = parse_inline_timeml(body)
    assert text == "\nIt ended Friday & today.\n"
    assert [(text[s.start:s.end], s.type, s.value) for s in spans] == [
        ("Friday", "DATE", "2013-03-22")]


def test_tokens_are_joined_as_printed_with_a_line_per_sentence() -> None:
    tokens = [("Markets", 0), ("fall", 0), ("May", 1), ("14", 1), (",", 1), ("2009", 1),
              ("``", 2), ("It", 2), ("'s", 2), ("bad", 2), ("''", 2), ("(", 2), ("AP", 2),
              (")", 2), (".", 2)]
    text, spans = join_tokens(tokens)
    assert text == "Markets fall\nMay 14, 2009\n``It's bad'' (AP)."
    assert [text[s:e] for s, e in spans] == [t for t, _ in tokens]


# --- The floors --------------------------------------------------------------------------------


@pytest.mark.benchmark_data
@pytest.mark.skipif(TE3 is None, reason="TE3 platinum not found under ../shared/benchmarks "
                    "(set STORYLINE_BENCHMARKS)")
def test_tempeval3_platinum_figures_stay_above_the_floors(nlp: Language) -> None:
    figures = score_tempeval(nlp).figures()
    for name, floor in floors("timex.te3.").items():
        assert figures[name] >= floor, f"TE3 {name} {figures[name]:.2f} fell below {floor}"


@pytest.mark.benchmark_data
@pytest.mark.skipif(MEANTIME is None, reason="MEANTIME not found under ../shared/benchmarks "
                    "(set STORYLINE_BENCHMARKS)")
def test_meantime_figures_stay_above_the_floors(nlp: Language) -> None:
    figures = score_meantime(nlp).figures()
    for name, floor in floors("timex.meantime.").items():
        assert figures[name] >= floor, f"MEANTIME {name} {figures[name]:.2f} fell below {floor}"
