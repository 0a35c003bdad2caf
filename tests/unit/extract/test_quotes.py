"""Quotes and their speakers, on hand-built sentences.

Quotation-mark pairing is text only and tested without spaCy; the unparsed path runs on
``spacy.blank("en")``; everything that needs a parse runs on the configured model (the session
fixture ``nlp``), one sentence pattern per test.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import spacy

from storyline.errors import ConfigError
from storyline.extract.quote_marks import pair_quote_marks, paragraph_spans
from storyline.extract.quotes import PRODUCER, load_cue_lexicon, quotes
from storyline.records import Quote

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.extract.quotes import CueLexicon


def inner(text: str) -> list[tuple[int, str]]:
    """(depth, quoted text) of every quotation the marks give."""
    return [(q.depth, text[q.start:q.end]) for q in pair_quote_marks(text)]


def run(nlp: Language, cues: CueLexicon, text: str) -> list[Quote]:
    doc = nlp(text)
    found = list(quotes(doc, article_id="a1", cues=cues))
    for q in found:
        assert doc.text[q.start:q.end] == q.text
        if q.speaker is not None and q.speaker_start is not None:
            assert doc.text[q.speaker_start:q.speaker_end] == q.speaker
        if q.cue is not None and q.cue_start is not None:
            assert doc.text[q.cue_start:q.cue_end] == q.cue
    return found


def one(found: list[Quote], snippet: str, *, direct: bool | None = None) -> Quote:
    hits = [q for q in found if snippet in q.text and (direct is None or q.direct == direct)]
    assert hits, f"no quote containing {snippet!r} in {[q.text for q in found]}"
    return hits[0]


# --- quotation marks (text only) ------------------------------------------------------------------


def test_typographic_and_straight_marks_pair() -> None:
    assert inner("“A b,” he said. \"C d.\"") == [(0, "A b,"), (0, "C d.")]


def test_guillemets_and_german_marks_pair() -> None:
    assert inner("«Bonjour» dit-il. „Hallo“ sagte er.") == [(0, "Bonjour"), (0, "Hallo")]


def test_nested_quotes_get_depth() -> None:
    text = "“Stop attacks on “Nusra”, which is a ‘common threat’,” – stated in the message."
    assert inner(text) == [
        (0, "Stop attacks on “Nusra”, which is a ‘common threat’,"),
        (1, "Nusra"),
        (1, "common threat"),
    ]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Aleppo’s people don’t wait; the rebels’ offer and 'single quotes' stand."
    assert inner(text) == [(0, "single quotes")]


def test_quote_continued_in_next_paragraph_is_one_span() -> None:
    text = "He said: “First part.\n\n“Second part,” he added."
    spans = pair_quote_marks(text)
    assert len(spans) == 1
    assert spans[0].paragraphs == 2 and spans[0].closed
    assert text[spans[0].start:spans[0].end] == "First part.\n\n“Second part,"


def test_unclosed_quote_ends_at_its_paragraph() -> None:
    text = "He said: “No closing mark here.\n\nNext paragraph."
    (span,) = pair_quote_marks(text)
    assert not span.closed
    assert text[span.start:span.end] == "No closing mark here."


def test_closing_mark_never_opened_is_recovered() -> None:
    text = 'According to him, prolongation would be a retreat"'
    (span,) = pair_quote_marks(text)
    assert not span.opened and span.closed
    assert text[span.start:span.end] == "According to him, prolongation would be a retreat"


def test_inner_single_quote_left_open_does_not_swallow_outer() -> None:
    text = "“Outer ‘inner words” end. “Next one.”"
    assert [t for d, t in inner(text) if d == 0] == ["Outer ‘inner words", "Next one."]


@pytest.mark.parametrize("text", ["", '"', "“", "”", '""""', "‘’‘", "«»«", "\n\n“\n\n”",
                                  "'''", "a\"b\"c\"", "“" * 50 + "”" * 3])
def test_pairing_never_raises_and_spans_are_in_bounds(text: str) -> None:
    for span in pair_quote_marks(text):
        assert 0 <= span.start <= span.end <= len(text)


def test_paragraphs_split_on_blank_lines_or_lines() -> None:
    assert paragraph_spans("a\nb\n\nc") == [(0, 3), (5, 6)]
    assert paragraph_spans("a\nb") == [(0, 1), (2, 3)]
    assert paragraph_spans("  \n\n ") == []


# --- the lexicon ----------------------------------------------------------------------------


def test_lexicon_is_versioned_and_immutable(cue_lexicon: CueLexicon) -> None:
    assert cue_lexicon.version == "cues.v1"
    assert {"say", "tell", "add", "stress", "state"} <= cue_lexicon.speech_verbs
    assert "believe" not in cue_lexicon.speech_verbs  # verbs of thinking are not cues
    with pytest.raises(dataclasses.FrozenInstanceError):
        cue_lexicon.version = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        cue_lexicon.role_nouns["diplomat"] = ()  # type: ignore[index]


def test_lexicon_from_another_file(tmp_path: Path) -> None:
    packaged = load_cue_lexicon()
    copy = tmp_path / "copy.json"
    data = json.loads(Path(__file__).parents[3].joinpath(
        "src/storyline/data/cues.json").read_text(encoding="utf-8"))
    data["version"] = "cues.test"
    copy.write_text(json.dumps(data), encoding="utf-8")
    assert load_cue_lexicon(copy).version == "cues.test"
    bad = tmp_path / "cues.json"
    bad.write_text('{"version": "x"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="E003"):
        load_cue_lexicon(bad)
    with pytest.raises(ConfigError):
        load_cue_lexicon(tmp_path / "missing.json")
    assert packaged == load_cue_lexicon()


# --- without a parse ----------------------------------------------------------------------------


def test_blank_pipeline_gives_unattributed_direct_quotes(cue_lexicon: CueLexicon) -> None:
    doc = spacy.blank("en")("He said: “We will not agree to it,” and left. “Valdai” club.")
    found = list(quotes(doc, article_id="a1", cues=cue_lexicon))
    assert [q.text for q in found] == ["We will not agree to it"]
    assert found[0].speaker is None and found[0].direct and found[0].producer == PRODUCER


# --- direct quotations --------------------------------------------------------------------------


def test_quote_then_said_x(nlp: Language, cue_lexicon: CueLexicon) -> None:
    found = run(nlp, cue_lexicon, "“Consultations began at 16:00,” Alexei Borodavkin said.")
    q = one(found, "Consultations began")
    assert q.direct and q.speaker == "Alexei Borodavkin" and q.cue == "said"
    assert q.speaker_name == "Alexei Borodavkin" and q.article_id == "a1"
    assert q.text == "Consultations began at 16:00"  # trailing comma trimmed


def test_x_said_colon_quote(nlp: Language, cue_lexicon: CueLexicon) -> None:
    found = run(nlp, cue_lexicon, "US State Department spokeswoman Elizabeth Trudeau told "
                                  "reporters in Washington: \"We have seen the reports.\"")
    q = one(found, "We have seen the reports")
    assert q.speaker_name == "Elizabeth Trudeau" and q.cue == "told reporters" and q.via is None


def test_dash_said_x_quoted_by_agency(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("This was stated by the defence ministry spokesman Igor Konashenkov.\n\n"
            "“Aircraft have observed a moratorium on flights near the city”, – said "
            "Konashenkov, quoted by TASS.")
    q = one(run(nlp, cue_lexicon, text), "Aircraft have observed")
    assert q.speaker == "Konashenkov" and q.speaker_name == "Igor Konashenkov"
    assert q.via == "TASS" and q.direct


def test_pronoun_speaker_is_resolved(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Russian Defense Minister Sergei Shoigu said on Thursday that experts went to Geneva. "
            "He said it was done at a request from U.S. Secretary of State John Kerry.\n\n"
            "“We are ready for joint work,” he said.")
    q = one(run(nlp, cue_lexicon, text), "We are ready")
    assert q.speaker == "he" and q.speaker_name == "Sergei Shoigu"  # not Kerry, the last name


def test_nominal_speaker_is_resolved_by_title(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Russian Deputy Foreign Minister Sergei Ryabkov met reporters in Moscow. "
            "UN envoy Staffan de Mistura was in Geneva.\n\n"
            "“There is a possibility that the meeting will continue,” the deputy minister said.\n\n"
            "“Our delegation is ready to stay,” the diplomat stressed.")
    found = run(nlp, cue_lexicon, text)
    assert one(found, "There is a possibility").speaker_name == "Sergei Ryabkov"
    assert one(found, "Our delegation").speaker == "the diplomat"
    assert one(found, "Our delegation").speaker_name == "Sergei Ryabkov"


def test_quote_continued_after_he_added_and_in_next_paragraph(
        nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("“I rule out the possibility,” Sergey Ryabkov said. “A decision may follow only on "
            "the basis of agreements.”\n\n“We will not agree to it.”\n\nThe talks went on.")
    found = run(nlp, cue_lexicon, text)
    assert one(found, "A decision may follow").speaker_name == "Sergey Ryabkov"
    assert one(found, "We will not agree").speaker_name == "Sergey Ryabkov"


def test_quote_over_several_paragraphs(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Peter Maurer, president of the Red Cross, said: “No one is safe. People live in "
            "fear.\n\n“Children have been traumatised,” he added.")
    found = run(nlp, cue_lexicon, text)
    direct = [q for q in found if q.direct]
    assert len(direct) == 1
    assert direct[0].text.startswith("No one is safe") and direct[0].text.endswith("traumatised")
    assert direct[0].speaker_name == "Peter Maurer"


def test_partial_quote_inside_reported_clause(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("The senior diplomat reiterated that Sergei Lavrov said that experts “with maps in "
            "their hands should work” to resolve the crisis.")
    q = one(run(nlp, cue_lexicon, text), "with maps", direct=True)
    assert q.speaker_name == "Sergei Lavrov"  # the nearest cue that governs the quotation


def test_quoted_x_as_saying_gives_speaker_and_intermediary(
        nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Russia and the United States are close to joint action, Russia's TASS news agency "
            "quoted Defence Minister Sergei Shoigu as saying on Tuesday.")
    q = one(run(nlp, cue_lexicon, text), "close to joint action")
    assert q.speaker_name == "Sergei Shoigu" and not q.direct
    assert q.via is not None and "TASS" in q.via
    assert q.cue is not None and q.cue.startswith("quoted") and q.cue.endswith("saying")


def test_told_a_broadcaster_is_an_intermediary(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Russian Defence Minister Sergei Shoigu spoke on Tuesday.\n\n"
            "Russia is now “in a very active stage of negotiations with our colleagues,” the "
            "defence minister told Rossiya 24 television.")
    q = one(run(nlp, cue_lexicon, text), "very active stage")
    assert q.speaker_name == "Sergei Shoigu" and q.via == "Rossiya 24 television"


def test_said_in_a_statement_is_part_of_the_cue(nlp: Language, cue_lexicon: CueLexicon) -> None:
    q = one(run(nlp, cue_lexicon, "“No one is safe,” Peter Maurer said in a statement."),
            "No one is safe")
    assert q.cue == "said in a statement" and q.speaker_name == "Peter Maurer"


def test_subjectless_cue_takes_previous_speaker(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("The White House said the talks would help.\n\n"
            "“Ceasing these attacks would help create the conditions”, – stated in the message.")
    q = one(run(nlp, cue_lexicon, text), "Ceasing these attacks")
    assert q.speaker_name == "White House" and q.cue == "stated in the message"


def test_names_and_headings_in_quote_marks_are_not_quotes(
        nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("“Concrete and well-organised” cooperation\n\n"
            "At a meeting of the club “Valdai” political scientist Piotr Dutkiewicz said, "
            "“I got this information from a friend.”")
    found = run(nlp, cue_lexicon, text)
    assert all(q.text != "Valdai" and "Concrete" not in q.text for q in found)
    assert one(found, "I got this information").speaker_name == "Piotr Dutkiewicz"


# --- indirect speech ----------------------------------------------------------------------------


def test_x_said_that(nlp: Language, cue_lexicon: CueLexicon) -> None:
    q = one(run(nlp, cue_lexicon, "Sergei Ryabkov said that the ceasefire can be re-introduced."),
            "the ceasefire can be re-introduced")
    assert not q.direct and q.speaker_name == "Sergei Ryabkov" and q.cue == "said"
    assert q.text == "the ceasefire can be re-introduced"


def test_reported_clause_before_the_cue(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Prolongation of the pause will be impossible, Russian Deputy Foreign Minister "
            "Sergey Ryabkov told the media on Wednesday.")
    q = one(run(nlp, cue_lexicon, text), "Prolongation of the pause")
    assert not q.direct and q.speaker_name == "Sergey Ryabkov" and q.cue == "told the media"


def test_according_to_x(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Canadian political scientist Piotr Dutkiewicz spoke in Moscow.\n\n"
            "According to a Canadian politician, the American side suggested a seven-day truce.")
    q = one(run(nlp, cue_lexicon, text), "the American side suggested")
    assert not q.direct and q.cue == "According to"
    assert q.speaker_name == "Piotr Dutkiewicz"  # the nationality narrows "a politician"


def test_this_was_stated_by_x_reports_the_sentence_before(
        nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Russia is ready to resume the humanitarian pause in Aleppo. This was stated by the "
            "official representative of the Ministry of defense major-General Igor Konashenkov.")
    q = one(run(nlp, cue_lexicon, text), "Russia is ready to resume")
    assert not q.direct and q.speaker_name == "Igor Konashenkov"


def test_direct_quote_is_not_repeated_as_indirect(nlp: Language, cue_lexicon: CueLexicon) -> None:
    found = run(nlp, cue_lexicon, "Sergei Shoigu said: “We are approaching an alternative.”")
    assert [q.direct for q in found] == [True]


def test_negated_and_thinking_verbs_are_not_cues(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Sergei Lavrov did not say that the meeting was cancelled. "
            "Sergei Lavrov believes that the meeting will happen.")
    assert run(nlp, cue_lexicon, text) == []


def test_organisation_noun_resolves_to_the_company(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("China Eastern Airlines stated on Thursday that it had signed a contract. "
            "The company said that the planes would meet additional demand.")
    q = one(run(nlp, cue_lexicon, text), "the planes would meet")
    assert q.speaker == "The company" and q.speaker_name == "China Eastern Airlines"


def test_acronym_speaker_gets_the_full_name(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("General Motors Corporation (GM) announced on Wednesday that sales fell. "
            "GM said that the decline would continue.")
    q = one(run(nlp, cue_lexicon, text), "the decline would continue")
    assert q.speaker == "GM" and q.speaker_name == "General Motors Corporation"


def test_doc_is_not_modified_and_output_is_deterministic(
        nlp: Language, cue_lexicon: CueLexicon) -> None:
    doc = nlp("“We hope for their help,” the diplomat said. "
              "Alexei Borodavkin said that talks began.")
    before = doc.to_bytes()
    first = list(quotes(doc, article_id="a1", cues=cue_lexicon))
    assert first == list(quotes(doc, article_id="a1", cues=cue_lexicon))
    assert doc.to_bytes() == before
    assert [q.start for q in first] == sorted(q.start for q in first)


def test_parenthetical_cue_reports_the_clause_around_it(
        nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = "Barack Obama spoke on Monday. His plan, he stated, was for the government to help."
    q = one(run(nlp, cue_lexicon, text), "was for the government", direct=False)
    assert q.cue == "stated" and q.speaker_name == "Barack Obama"


def test_source_noun_and_quantifier_speakers(nlp: Language, cue_lexicon: CueLexicon) -> None:
    found = run(nlp, cue_lexicon, "The deal collapsed because of reports stating that the "
                                  "minister had favoured Boeing. Some say history repeats itself.")
    assert one(found, "the minister had favoured Boeing").speaker == "reports"
    assert one(found, "history repeats itself").speaker == "Some"


def test_indefinite_description_after_a_name_refers_to_it(
        nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = ("Aeroflot, a Russian airline based in Moscow, announced on Friday that it would buy "
            "new aircraft.")
    assert one(run(nlp, cue_lexicon, text), "it would buy").speaker_name == "Aeroflot"


def test_mistyped_opening_mark_after_that(nlp: Language, cue_lexicon: CueLexicon) -> None:
    text = "The bank's CEO, Ken Lewis, said in a statement that ” credit costs remain high.”"
    q = one(run(nlp, cue_lexicon, text), "credit costs remain high")
    assert q.direct and q.speaker_name == "Ken Lewis"


def test_closing_mark_after_that_opens_a_quotation() -> None:
    text = "He said that ” costs remain high."
    (span,) = pair_quote_marks(text)
    assert span.opened and not span.closed and text[span.start:span.end] == "costs remain high."
