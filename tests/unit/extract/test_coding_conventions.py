"""Coding conventions: the future tense as intent or act, and negation through a PICO ontology.

A tiny inline ontology always runs; UD-PETRARCH's own ontology in ``../shared/benchmarks`` is read
when that folder exists, and skipped cleanly otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from event_builders import name_coder

from storyline.errors import ConfigError
from storyline.extract.codebook import Codebook, load_codebook
from storyline.extract.coding_conventions import negate, read_coding_ontology, with_conventions
from storyline.extract.event_lexicon import EventLexicon, load_event_lexicon
from storyline.extract.events import events

if TYPE_CHECKING:
    from spacy.language import Language

PICO = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "petrarch" / \
    "UniversalPetrarch" / "PETR_Validate_Internal_Coding_Ontology_1_01.txt"

TINY = """\
# A tiny ontology -->
# 0 Say  1 Reduce
050:0x0080#DiplomaticCoop
060:0x0070
111:0xFFFF+0x0080#0x7001#Criticize
121:-0xFFFF+0x0070
  # a continuation comment
190:0x00A0#Fight
"""


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.pico.txt"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


@pytest.fixture(scope="module")
def lexicon() -> EventLexicon:
    return load_event_lexicon()


def test_values_and_negations(tiny: Path) -> None:
    onto = read_coding_ontology(tiny)
    assert onto.values["111"] == 0xFFFF + 0x80 and onto.values["121"] == 0x70 - 0xFFFF
    # Negation takes "not" away (111 -> 050) or gives it back to a rejection (121 -> 060).
    assert dict(onto.negations) == {"111": "050", "060": "121", "121": "060"}
    assert "190" not in onto.negations  # no code is "not fight"
    assert negate(negate(0x70)) == 0x70
    assert onto.version.startswith("pico-")


def test_bad_ontologies_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="E003"):
        read_coding_ontology(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing here\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="E005"):
        read_coding_ontology(empty)
    bad = tmp_path / "bad.txt"
    bad.write_text("050:not a value\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="E005.*line 1"):
        read_coding_ontology(bad)


@pytest.mark.skipif(not PICO.exists(), reason="benchmarks folder absent")
def test_the_suite_ontology_negates_as_petrarch() -> None:
    neg = read_coding_ontology(PICO).negations
    assert neg["110"] == "050"  # "did not clash over": cooperation
    assert neg["170"] == "057"  # "will not wire-tap"
    assert neg["121"] == "060" and neg["080"] == "124"
    assert "190" not in neg and "040" not in neg


def test_defaults_leave_the_lexicon_alone(lexicon: EventLexicon, tiny: Path) -> None:
    assert with_conventions(lexicon) is lexicon
    act = with_conventions(lexicon, future="act", ontology=tiny)
    assert act.version.startswith(lexicon.version + "+future-act+pico-")
    assert act.conventions.future == "act" and act.conventions.negations["111"] == "050"


def _code(nlp: Language, lexicon: EventLexicon, codebook: Codebook,
          text: str) -> set[tuple[str | None, str, str | None, str]]:
    found = events(nlp(text), article_id="a", lexicon=lexicon, codebook=codebook,
                   actor_code=name_coder(text))
    return {(e.source_code, e.cameo, e.target_code, e.modality) for e in found}


def test_future_as_intent_or_as_act(nlp: Language, lexicon: EventLexicon,
                                    codebook: Codebook) -> None:
    text = "Russia will meet Turkey next week."
    assert ("RUS", "036", "TUR", "intended") in _code(nlp, lexicon, codebook, text)
    act = with_conventions(lexicon, future="act")
    coded = _code(nlp, act, codebook, text)
    assert ("RUS", "036", "TUR", "intended") not in coded
    assert any(s == "RUS" and c.startswith("04") and t == "TUR" and m == "intended"
               for s, c, t, m in coded), coded
    # "will not" is a refusal under CAMEO's reading, a plain negation under PETRARCH's.
    neg = "Russia will not meet Turkey."
    assert any(c.startswith("12") for _, c, _, _ in _code(nlp, lexicon, codebook, neg))
    assert {(c[:2], m) for _, c, _, m in _code(nlp, act, codebook, neg)} == {("04", "negated")}


def test_negation_through_the_ontology(nlp: Language, lexicon: EventLexicon, codebook: Codebook,
                                       tiny: Path) -> None:
    text = "Russia did not criticize Turkey."
    assert {(c, m) for _, c, _, m in _code(nlp, lexicon, codebook, text)} == {("111", "negated")}
    onto = with_conventions(lexicon, ontology=tiny)
    assert ("RUS", "050", "TUR", "asserted") in _code(nlp, onto, codebook, text)
    found = events(nlp(text), article_id="a", lexicon=onto, codebook=codebook,
                   actor_code=name_coder(text))
    assert all("pico-" in e.rule for e in found)
    # A negation the ontology has no code for stays negated.
    fight = "Russia did not attack Turkey."
    assert all(m == "negated" for *_, m in _code(nlp, onto, codebook, fight))
