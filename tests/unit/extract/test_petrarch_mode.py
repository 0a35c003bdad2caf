"""storyline coding with a user's verb dictionary that replaces its own verbs, as PETRARCH codes.

Each dictionary is a small hand-written excerpt in the PETRARCH-2 format; actors come from the
name table of ``test_events``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from event_builders import name_coder
from spacy.tokens import Doc

from storyline.extract.codebook import Codebook, load_codebook
from storyline.extract.event_lexicon import EventLexicon, load_event_lexicon
from storyline.extract.event_triggers import verb_entries
from storyline.extract.events import events
from storyline.extract.verb_dictionary_entries import lexicon_with_dictionaries

if TYPE_CHECKING:
    from spacy.language import Language

VERBS = """\
--- LEAVE  [012] ---
LEAVE

--- LEFT  [042:043] ---
LEFT [042:043]

--- DEPART  [040] ---
DEPART

--- AGREE  [050] ---
AGREE
- % *  [050]

--- SIGN  [057] ---
SIGN
- * ACCORD  [056]

--- SAY  [010] ---
SAY  {SAYS SAID SAYING}

--- MEET  [040:040] ---
MEET {MEETS MET MEETING}
"""


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory: pytest.TempPathFactory) -> EventLexicon:
    path = tmp_path_factory.mktemp("verbs") / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return lexicon_with_dictionaries(load_event_lexicon(), [path], replace_lemmas=True)[0]


def _code(nlp: Language, lexicon: EventLexicon, codebook: Codebook,
          text: str) -> set[tuple[str | None, str, str | None]]:
    found = events(nlp(text), article_id="a", lexicon=lexicon, codebook=codebook,
                   actor_code=name_coder(text), published=dt.date(2016, 9, 1))
    return {(e.source_code, e.cameo, e.target_code) for e in found if e.in_event_data}


def _token(nlp: Language, word: str, lemma: str) -> Doc:
    doc = Doc(nlp.vocab, words=["Russia", word, "Turkey"])
    doc[1].lemma_ = lemma
    return doc


def test_a_dictionary_verb_matches_the_forms_it_lists(nlp: Language,
                                                      lexicon: EventLexicon) -> None:
    # "left" is listed in LEFT: that entry, not LEAVE's, though spaCy lemmatises it "leave".
    left = verb_entries(_token(nlp, "left", "leave")[1], lexicon)
    assert left and {e.code for e in left} == {"042"}
    # A form the dictionary does not list (a misspelling spaCy still lemmatises) matches nothing.
    assert verb_entries(_token(nlp, "departes", "depart")[1], lexicon) == ()
    assert {e.code for e in verb_entries(_token(nlp, "departs", "depart")[1], lexicon)} == {"040"}
    # Built-in verbs the dictionary does not list still match by lemma.
    assert verb_entries(_token(nlp, "accused", "accuse")[1], lexicon)


def test_an_inflected_form_keeps_the_builtin_grammar(nlp: Language, lexicon: EventLexicon,
                                                     codebook: Codebook) -> None:
    # MEET's forms take the built-in "meet"'s reciprocity and target slots.
    coded = _code(nlp, lexicon, codebook, "Russia met Turkey in Geneva.")
    assert {("RUS", "040", "TUR"), ("TUR", "040", "RUS")} <= coded


def test_a_frame_whose_act_has_no_target_is_coded_itself(nlp: Language, lexicon: EventLexicon,
                                                         codebook: Codebook) -> None:
    coded = _code(nlp, lexicon, codebook,
                  "Russia and Turkey agree that the disputes should be resolved by arbitration.")
    assert {("RUS", "050", "TUR"), ("TUR", "050", "RUS")} <= coded


def test_a_purpose_clause_object_is_the_target(nlp: Language, lexicon: EventLexicon,
                                               codebook: Codebook) -> None:
    coded = _code(nlp, lexicon, codebook,
                  "Russia signed an accord on Thursday to supply Turkey with some wheat.")
    assert ("RUS", "056", "TUR") in coded


def test_a_bare_statement_is_not_coded(nlp: Language, lexicon: EventLexicon,
                                       codebook: Codebook) -> None:
    coded = _code(nlp, lexicon, codebook, "Russia will meet Turkey, Lavrov said on Friday.")
    assert not any(c == "010" for _, c, _ in coded), coded


def test_negation_hung_on_an_adverb_still_negates(nlp: Language, codebook: Codebook) -> None:
    builtin = load_event_lexicon()
    text = "Russia did not even criticize Turkey."
    found = events(nlp(text), article_id="a", lexicon=builtin, codebook=codebook,
                   actor_code=name_coder(text))
    assert found and {e.modality for e in found} == {"negated"}


def test_the_verb_dictionary_settings_reach_the_pipeline(tmp_path: Path) -> None:
    from storyline.analyse import load_analysers
    from storyline.config import EventsSettings, NlpSettings

    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    settings = EventsSettings(verb_dictionaries=(path,), verb_dictionaries_replace=True,
                              future_tense="act")
    analysers = load_analysers(NlpSettings(), events=settings)
    producer = dict(analysers.producers)["events"]
    assert "verbdict-" in producer and "future-act" in producer
