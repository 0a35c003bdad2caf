"""Narrative reference time: which undated sentences inherit a date, and which keep the report's.

Sentences are written for these tests in the manner of the sample corpus; time expressions come
from storyline's own tagger, anchored on a publication date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from storyline.extract.event_lexicon import load_event_lexicon
from storyline.extract.narrative_time import WINDOW, narrative_dates
from storyline.extract.times import load_timex_lexicon, times

if TYPE_CHECKING:
    from spacy.language import Language

PUBLISHED = dt.date(2016, 7, 29)


def inherited(nlp: Language, text: str) -> dict[str, tuple[str, str]]:
    """First words of each inheriting sentence -> (ISO date, granularity)."""
    doc = nlp(text)
    lex = load_event_lexicon()
    found = list(times(doc, article_id="a", anchor=PUBLISHED, lexicon=load_timex_lexicon()))
    refs = narrative_dates(doc, found,
                           is_reporting=lambda t: lex.cue("speech", t.lemma_.lower()))
    out = {}
    for sent in doc.sents:
        if sent.start_char in refs:
            ref = refs[sent.start_char]
            out[" ".join(sent.text.split()[:3])] = (ref.date.isoformat(), ref.granularity)
    return out


def test_a_past_narrative_sentence_continues_the_dated_one(nlp: Language) -> None:
    got = inherited(nlp, "Moscow and Damascus launched a humanitarian operation in Aleppo on "
                         "July 28. Several corridors were opened to let people leave the city.")
    assert got == {"Several corridors were": ("2016-07-28", "day")}


def test_placed_before_another_development_only_the_month_is_inherited(nlp: Language) -> None:
    got = inherited(nlp, "A ceasefire officially came into effect in Syria on February 27. "
                         "An hour before the ceasefire came into force, the Security Council "
                         "adopted a resolution. The document won support from all 15 members.")
    assert got == {"An hour before": ("2016-02-01", "month"),
                   "The document won": ("2016-02-01", "month")}


def test_a_date_of_a_modifier_clause_sets_no_reference(nlp: Language) -> None:
    # "the deal brokered Sept. 9" names the deal; the blame is not on September 9.
    got = inherited(nlp, "The deal brokered Sept. 9 envisaged cooperation between the two "
                         "militaries. The U.S. blamed Russia for an attack on a convoy.")
    assert got == {}


def test_a_dated_statement_sets_no_narrative(nlp: Language) -> None:
    got = inherited(nlp, "Shoigu said on Thursday that experts were sent to Geneva. The "
                         "minister ordered food to be dropped to civilians in Aleppo.")
    assert got == {}


@pytest.mark.parametrize("second", [
    "Russia has backed the government in the conflict.",   # present perfect: background
    "Officials said the talks were useful.",                # a statement: the report's date
    "The talks will resume in Geneva.",                     # future
])
def test_only_simple_past_narrative_inherits(nlp: Language, second: str) -> None:
    got = inherited(nlp, "Moscow and Damascus launched a humanitarian operation in Aleppo on "
                         f"July 28. {second}")
    assert got == {}


def test_the_reference_time_fades_after_the_window(nlp: Language) -> None:
    fillers = " ".join(f"Aid convoy {i} reached the city." for i in range(WINDOW + 1))
    got = inherited(nlp, "Moscow and Damascus launched a humanitarian operation in Aleppo on "
                         f"July 28. {fillers}")
    assert len(got) == WINDOW
