"""Quality gate for quotes and speakers: MEANTIME speech-attribution figures stay at or above the
``quotes.*`` floors in ``baseline.json`` (floors may only be raised).

The scorer runs when ``../shared/benchmarks`` (or ``$STORYLINE_BENCHMARKS``) is there and skips
cleanly otherwise; it takes about 15 s here. Its building blocks (detokenising, name matching) are
tested on hand-built inputs first, without the benchmark data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline.evaluation.quotes_meantime import (
    MEANTIME_DIR,
    QUOTES_FILE,
    GoldAttribution,
    QuoteScores,
    RowResult,
    detokenize,
    same_speaker,
    score_quotes_meantime,
    summarise,
)
from storyline.evaluation.tempeval import benchmarks_root, find_benchmark

if TYPE_CHECKING:
    from spacy.language import Language

BASELINE = Path(__file__).with_name("baseline.json")
PREFIX = "quotes.meantime."
AVAILABLE = (benchmarks_root() / QUOTES_FILE).is_file() and find_benchmark(MEANTIME_DIR) is not None


def floors() -> dict[str, float]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    found = {k[len(PREFIX):]: float(v) for k, v in data.items() if k.startswith(PREFIX)}
    assert found, f"no {PREFIX}* floors in {BASELINE}"
    return found


# --- The scorer's building blocks -------------------------------------------------------------


def test_detokenize_prints_words_and_maps_tokens() -> None:
    tokens = [(1, "Title", 0), (2, "March", 1), (3, "``", 2), (4, "We", 2), (5, "'ve", 2),
              (6, "won", 2), (7, ",", 2), (8, "''", 2), (9, "said", 2), (10, "Angers", 2),
              (11, ".", 2), (12, "It", 3), (13, "cost", 3), (14, "$", 3), (15, "40", 3)]
    text, spans = detokenize(tokens)
    assert text == "Title\n\nMarch\n\n“We've won,” said Angers. It cost $40"
    assert all(text[s:e] == {"``": "“", "''": "”"}.get(t, t)
               for t_id, t, _ in tokens for s, e in [spans[t_id]])


def test_detokenize_straight_quotes_hug_their_words() -> None:
    text, _ = detokenize([(1, "x", 2), (2, "stating", 2), (3, ",", 2), (4, '"', 2), (5, "I", 2),
                          (6, "quit", 2), (7, ".", 2), (8, '"', 2)])
    assert text == 'x stating, "I quit."'


@pytest.mark.parametrize(("system", "gold", "kind"), [
    ("Sandy Angers", "Sandy Angers", "PER"),
    ("Angers", "Sandy Angers", "PER"),
    ("Thomas Enders", "Thomas (Tom) Enders (CEO of Airbus)", "PER"),
    ("Michael O' Leary", "Michael O'Leary (CEO of Ryanair)", "PER"),
    ("Apple Inc.", "APPLE", "ORG"),
    ("General Motors Corporation", "General Motors", "ORG"),
    ("GM", "General Motors", "ORG"),
    ("DaimlerChrysler Corporation", "Daimler Chrysler", "ORG"),
    ("the Government Accountability Office", "Government Accountability Office (GAO) - USA",
     "ORG"),
    ("Executives", "Executives from several auto firms", "PER"),
])
def test_same_speaker_accepts_name_variants(system: str, gold: str, kind: str) -> None:
    assert same_speaker(system, gold, kind)


@pytest.mark.parametrize(("system", "gold", "kind"), [
    (None, "Sandy Angers", "PER"),
    ("", "Sandy Angers", "PER"),
    ("Steve Jobs", "Steve Ballmer", "PER"),        # surname must match
    ("Mark Jobs", "Steve Jobs", "PER"),            # and the given names, where both have them
    ("Apple Computer", "BEATLES APPLE CORPS", "ORG"),
    ("White House", "United States of America", "LOC"),
    ("Ford", "Chrysler", "ORG"),
    ("the company", "Chrysler", "ORG"),
])
def test_same_speaker_rejects_other_speakers(system: str | None, gold: str, kind: str) -> None:
    assert not same_speaker(system, gold, kind)


def test_summary_counts_pronouns_separately() -> None:
    def row(cue: str, pronoun: bool) -> GoldAttribution:
        return GoldAttribution(doc_id="d", corpus="c", sentence="", cue=cue, cue_tokens=(1,),
                               speaker_mention="he" if pronoun else "X", speaker_tokens=(2,),
                               speaker_entity="X", speaker_type="PER", pronoun=pronoun)

    results = [RowResult(row("said", False), True, True, True, True, "X", "X"),
               RowResult(row("said", True), True, True, False, False, "he", "Y"),
               RowResult(row("plans", False), False, False, False, False, None, None)]
    scores = summarise(results)
    assert (scores.rows, scores.speech_rows) == (3, 2)
    assert scores.cue_recall == pytest.approx(66.7) and scores.speech_cue_recall == 100.0
    assert scores.canonical_speaker_acc == 50.0
    assert (scores.canonical_named_acc, scores.canonical_pronoun_acc) == (100.0, 0.0)
    assert scores.end_to_end_speech_acc == 50.0


# --- The gate ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scores() -> QuoteScores:
    if not AVAILABLE:
        pytest.skip("benchmarks not found: ../shared/benchmarks or $STORYLINE_BENCHMARKS")
    from storyline.config import NlpSettings
    from storyline.nlp.model import build_nlp

    nlp: Language = build_nlp(NlpSettings())
    return score_quotes_meantime(nlp)


@pytest.mark.benchmark_data
def test_meantime_quote_figures_meet_floors(scores: QuoteScores) -> None:
    figures = scores.figures()
    for name, floor in floors().items():
        value = figures[name]
        assert isinstance(value, (int, float)), name
        assert value >= floor, f"quotes.meantime.{name} = {value} fell below its floor {floor}"


@pytest.mark.benchmark_data
def test_meantime_every_gold_row_is_scored(scores: QuoteScores) -> None:
    assert scores.rows == 224 and len(scores.results) == 224
