"""Time expressions: tagging, anchoring with tense, and normalisation to TIMEX3 values."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import string
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
import spacy

from storyline.extract.times import PRODUCER, load_timex_lexicon, tense_of, times
from storyline.extract.timex_grammar import Candidate, find_candidates, fold_case
from storyline.extract.timex_lexicon import TimexLexicon
from storyline.extract.timex_normalise import year_for_month
from storyline.records import TimeExpr

if TYPE_CHECKING:
    from spacy.language import Language

D = dt.date
Tag = Callable[..., list[TimeExpr]]


@pytest.fixture(scope="module")
def lexicon() -> TimexLexicon:
    return load_timex_lexicon()


@pytest.fixture(scope="module")
def tag(nlp: Language, lexicon: TimexLexicon) -> Tag:
    """Tag a sentence with an anchor; checks the offset contract on every record."""

    def _tag(text: str, anchor: dt.date | None = None) -> list[TimeExpr]:
        doc = nlp(text)
        found = list(times(doc, article_id="a1", anchor=anchor, lexicon=lexicon))
        for t in found:
            assert doc.text[t.start:t.end] == t.text
            assert t.producer == PRODUCER
            assert t.article_id == "a1"
        return found

    return _tag


def by_text(found: list[TimeExpr]) -> dict[str, TimeExpr]:
    return {t.text: t for t in found}


def values(found: list[TimeExpr]) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in found]


# --- The sample corpus (examples/aleppo-2016) -----------------------------------------------


def test_weekday_on_the_anchor_day_in_a_past_clause(tag: Tag) -> None:
    found = tag("Unilateral prolongation will be impossible, Ryabkov told the media on "
                "Wednesday.", D(2016, 10, 19))
    t = by_text(found)["Wednesday"]
    assert (t.type, t.value, t.date, t.granularity, t.anchored) == (
        "DATE", "2016-10-19", D(2016, 10, 19), "day", True)


def test_last_weekday_is_the_most_recent_one_before_the_anchor(tag: Tag) -> None:
    found = tag("Shoigu said last Thursday that Russia is sending experts.", D(2016, 8, 16))
    assert by_text(found)["last Thursday"].value == "2016-08-11"


def test_future_in_the_past_is_not_moved_to_next_year(tag: Tag) -> None:
    found = tag("The General Staff later said that starting from August 11 combat operations "
                "would be paused for three hours a day.", D(2016, 8, 16))
    assert by_text(found)["August 11"].value == "2016-08-11"


def test_plain_future_still_looks_ahead(tag: Tag) -> None:
    found = tag("The talks will resume on August 11.", D(2016, 8, 16))
    assert by_text(found)["August 11"].value == "2017-08-11"


def test_range_with_a_day_that_takes_the_month_before_it(tag: Tag) -> None:
    found = tag("The pause began on October 20 and then was extended until the evening of the "
                "22nd.", D(2016, 10, 26))
    t = by_text(found)
    assert t["October 20"].value == "2016-10-20"
    evening = t["the evening of the 22nd"]
    assert (evening.type, evening.value, evening.date) == ("TIME", "2016-10-22TEV",
                                                           D(2016, 10, 22))


def test_clock_times_with_zones(tag: Tag) -> None:
    found = tag('"Consultations began at 16:00 local time (17:00 Moscow time)," the diplomat '
                "said.", D(2016, 7, 29))
    t = by_text(found)
    assert t["16:00 local time"].type == "TIME"
    assert t["16:00 local time"].value == "2016-07-29T16:00"
    assert t["17:00 Moscow time"].value == "2016-07-29T17:00+03:00"
    assert t["17:00 Moscow time"].date == D(2016, 7, 29)


def test_adjectival_duration(tag: Tag) -> None:
    found = tag("The militants did not leave during the three-day humanitarian pause.",
                D(2016, 10, 26))
    assert values(found) == [("three-day", "DURATION", "P3D")]


def test_duration_with_a_rate_is_a_duration_and_a_set(tag: Tag) -> None:
    found = tag("Operations in Aleppo would be paused for three hours a day.", D(2016, 8, 11))
    assert values(found) == [("three hours", "DURATION", "PT3H"), ("a day", "SET", "P1D")]


def test_tomorrow(tag: Tag) -> None:
    found = tag('"There is a possibility that the meeting will continue tomorrow," he said.',
                D(2016, 10, 19))
    assert by_text(found)["tomorrow"].value == "2016-10-20"


def test_last_week(tag: Tag) -> None:
    found = tag("They should implement agreements reached in Moscow and Geneva last week.",
                D(2016, 7, 29))
    t = by_text(found)["last week"]
    assert (t.type, t.value, t.anchored) == ("DATE", "2016-W29", True)


def test_earlier_this_month(tag: Tag) -> None:
    t = by_text(tag("Earlier this month the truce collapsed.", D(2016, 10, 3)))
    assert (t["Earlier this month"].value, t["Earlier this month"].date) == (
        "2016-10", D(2016, 10, 1))
    assert t["Earlier this month"].granularity == "month"


def test_abbreviated_month_with_year(tag: Tag) -> None:
    found = tag("In this Sept. 22, 2016 file photo, Kerry speaks.", D(2016, 10, 5))
    t = by_text(found)["Sept. 22, 2016"]
    assert (t.value, t.anchored) == ("2016-09-22", False)


def test_abbreviated_month_without_year(tag: Tag) -> None:
    assert by_text(tag("The truce began on Sept. 9.", D(2016, 10, 5)))["Sept. 9"].value == \
        "2016-09-09"


def test_month_day_in_a_past_clause_is_before_the_anchor(tag: Tag) -> None:
    found = tag("The ceasefire was agreed on February 22.", D(2016, 2, 20))
    assert by_text(found)["February 22"].value == "2015-02-22"


def test_month_day_in_a_future_clause_is_after_the_anchor(tag: Tag) -> None:
    found = tag("The talks will resume on February 22.", D(2016, 10, 20))
    assert by_text(found)["February 22"].value == "2017-02-22"


def test_month_day_of_unknown_tense_is_the_nearest(tag: Tag) -> None:
    assert by_text(tag("Deadline: February 22", D(2016, 2, 10)))["February 22"].value == \
        "2016-02-22"


def test_the_eighth_day_is_an_unanchored_day(tag: Tag) -> None:
    found = tag("The aircraft have observed a moratorium on flights for the eighth day.",
                D(2016, 10, 26))
    t = by_text(found)["the eighth day"]
    assert (t.type, t.value, t.anchored, t.date) == ("DATE", "XXXX-XX-XX", False, None)


# --- Weekdays and tense ----------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The minister said on Friday that talks failed.", "2016-10-14"),   # past: on or before
    ("The minister will travel to Geneva on Friday.", "2016-10-21"),    # future: on or after
    ("The minister is going to travel to Geneva on Friday.", "2016-10-21"),
    ("The minister said Wednesday that talks failed.", "2016-10-19"),   # same day allowed
    ("The minister will speak on Wednesday.", "2016-10-19"),
    ("The minister spoke next Monday.", "2016-10-24"),                  # modifiers win
    ("They met this Tuesday.", "2016-10-18"),
])
def test_weekdays_resolve_with_the_tense(tag: Tag, sentence: str, expected: str) -> None:
    found = [t for t in tag(sentence, D(2016, 10, 19)) if t.type == "DATE"]
    assert [t.value for t in found] == [expected]


def test_weekday_with_a_part_of_day_is_a_time(tag: Tag) -> None:
    t = tag("Police said the attack happened Friday afternoon.", D(2013, 3, 22))[0]
    assert (t.text, t.type, t.value) == ("Friday afternoon", "TIME", "2013-03-22TAF")


def test_named_days_are_not_weekdays(tag: Tag) -> None:
    found = tag("Markets fell as on Black Monday in 1987.", D(2007, 10, 22))
    assert [t.text for t in found] == ["1987"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("He said it on Friday.", "past"),
    ("He will say it on Friday.", "future"),
    ("He is going to say it on Friday.", "future"),
    ("He says it on Friday.", "present"),
    ("The match has been postponed until Saturday.", "present"),
    ("The contract may be signed on Friday.", "future"),
])
def test_tense_of_the_governing_verb(nlp: Language, sentence: str, expected: str) -> None:
    doc = nlp(sentence)
    day = next(w for w in ("Friday", "Saturday") if w in sentence)
    start = sentence.index(day)
    assert tense_of(doc, start, start + len(day)) == expected


# --- Relative expressions --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("They met yesterday.", ("yesterday", "DATE", "2013-03-21")),
    ("They met last year.", ("last year", "DATE", "2012")),
    ("They will meet next month.", ("next month", "DATE", "2013-04")),
    ("They met this week.", ("this week", "DATE", "2013-W12")),
    ("They met four years ago.", ("four years ago", "DATE", "2009")),
    ("They met last summer.", ("last summer", "DATE", "2012-SU")),
    ("Profit rose in the first quarter of last year.",
     ("the first quarter of last year", "DATE", "2012-Q1")),
    ("Sales peaked in early December.", ("early December", "DATE", "2012-12")),
    ("It happened late last July.", ("late last July", "DATE", "2012-07")),
    ("The talks resume in October of next year.", ("October of next year", "DATE", "2014-10")),
    ("They met in the 1990s.", ("the 1990s", "DATE", "199")),
    ("It was built in the 20th century.", ("the 20th century", "DATE", "19")),
    ("It is cold now.", ("now", "DATE", "PRESENT_REF")),
    ("That was in the past.", ("the past", "DATE", "PAST_REF")),
])
def test_relative_expressions(tag: Tag, text: str, expected: tuple[str, str, str]) -> None:
    assert values(tag(text, D(2013, 3, 22))) == [expected]


def test_month_and_year_dates_get_a_first_day_and_granularity(tag: Tag) -> None:
    t = by_text(tag("The crisis began in May 2010 and eased in 2011.", D(2013, 3, 22)))
    assert (t["May 2010"].date, t["May 2010"].granularity) == (D(2010, 5, 1), "month")
    assert (t["2011"].date, t["2011"].granularity) == (D(2011, 1, 1), "year")


def test_year_ranges_give_two_years(tag: Tag) -> None:
    found = tag("The pandemic of 2009-2010 and the 1957-58 one.", D(2013, 3, 22))
    assert [t.value for t in found] == ["2009", "2010", "1957", "1958"]


# --- Durations and sets ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("The talks lasted 90 days.", ("90 days", "DURATION", "P90D")),
    ("It is the worst in a decade.", ("a decade", "DURATION", "P10Y")),
    ("Over the past two years, prices rose.", ("the past two years", "DURATION", "P2Y")),
    ("It took several days.", ("several days", "DURATION", "PXD")),
    ("Fighting intensified in recent weeks.", ("recent weeks", "DURATION", "PXW")),
    ("He waited half an hour.", ("half an hour", "DURATION", "PT30M")),
    ("It took two and a half years.", ("two and a half years", "DURATION", "P30M")),
    ("He ran it in 3:07:35.", ("3:07:35", "DURATION", "PT3H7M35S")),
    ("They vaccinate every Monday.", ("every Monday", "SET", "XXXX-WXX-1")),
    ("They meet twice a week.", ("twice a week", "SET", "P1W")),
    ("Prices are updated daily.", ("daily", "SET", "P1D")),
    ("He jogs every morning.", ("every morning", "SET", "XXXX-XX-XXTMO")),
])
def test_durations_and_sets(tag: Tag, text: str, expected: tuple[str, str, str]) -> None:
    assert values(tag(text, D(2013, 3, 22))) == [expected]


def test_approximators_set_a_mod_outside_the_extent(tag: Tag) -> None:
    t = tag("The strike lasted more than a week.", D(2013, 3, 22))[0]
    assert (t.text, t.value, t.mod) == ("a week", "P1W", "MORE_THAN")


# --- Times -----------------------------------------------------------------------------------


def test_clock_time_and_day_written_together(tag: Tag) -> None:
    t = tag("The match was postponed until 15:00 GMT Saturday.", D(2013, 3, 22))[0]
    assert (t.text, t.type, t.value) == ("15:00 GMT Saturday", "TIME", "2013-03-23T15:00Z")


def test_clock_time_takes_the_day_of_its_sentence(tag: Tag) -> None:
    found = tag("On March 3 the vote closed at 8 p.m. EST.", D(2013, 3, 22))
    assert by_text(found)["8 p.m. EST"].value == "2013-03-03T20:00-05:00"


# --- What is not a time expression -----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "He may go to Geneva.",
    "About 2000 soldiers were deployed.",
    "The fall of Aleppo changed the war.",
    "A five-year-old boy was injured.",
    "The daily newspaper reported it.",
    "The Russell 2000 Index fell.",
    "This is not a day anybody can be prepared for.",
])
def test_non_time_expressions(tag: Tag, text: str) -> None:
    assert tag(text, D(2016, 10, 19)) == []


# --- No anchor: underspecified, never guessed -------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("They met yesterday.", "XXXX-XX-XX"),
    ("He said on Friday.", "XXXX-WXX-5"),
    ("They met last week.", "XXXX-WXX"),
    ("They met last month.", "XXXX-XX"),
    ("It began on October 20.", "XXXX-10-20"),
])
def test_without_an_anchor_relative_values_are_underspecified(tag: Tag, text: str,
                                                              expected: str) -> None:
    (t,) = tag(text, None)
    assert (t.value, t.anchored, t.date) == (expected, False, None)


def test_without_an_anchor_explicit_dates_keep_their_value(tag: Tag) -> None:
    (t,) = tag("It began on October 20, 2016.", None)
    assert (t.value, t.date, t.anchored) == ("2016-10-20", D(2016, 10, 20), False)


# --- The extractor's contract ----------------------------------------------------------------


def test_blank_pipeline_without_parse_still_tags(lexicon: TimexLexicon) -> None:
    doc = spacy.blank("en")("Talks ended on Friday, October 21, after 3 days.")
    found = list(times(doc, article_id="b", anchor=D(2016, 10, 26), lexicon=lexicon))
    assert [(t.text, t.value) for t in found] == [("Friday, October 21", "2016-10-21"),
                                                  ("3 days", "P3D")]


def test_the_doc_is_not_modified(nlp: Language, lexicon: TimexLexicon) -> None:
    doc = nlp("The minister said on Friday that the talks of October 20 failed.")
    before = doc.to_bytes()
    list(times(doc, article_id="a", anchor=D(2016, 10, 26), lexicon=lexicon))
    assert doc.to_bytes() == before


def test_output_is_deterministic_and_a_generator(nlp: Language, lexicon: TimexLexicon) -> None:
    doc = nlp("Yesterday, three days after the summit of last week, talks began.")
    gen = times(doc, article_id="a", anchor=D(2016, 10, 26), lexicon=lexicon)
    assert iter(gen) is gen
    assert list(gen) == list(times(doc, article_id="a", anchor=D(2016, 10, 26),
                                   lexicon=lexicon))


def test_the_lexicon_is_immutable_and_versioned(lexicon: TimexLexicon) -> None:
    assert lexicon.version == "timex-1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        lexicon.version = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        lexicon.months["Foo"] = 1  # type: ignore[index]


def test_year_for_month_uses_tense_then_distance() -> None:
    anchor = D(2013, 3, 22)
    assert year_for_month(12, None, anchor, None) == 2012
    assert year_for_month(6, None, anchor, None) == 2013
    assert year_for_month(8, None, anchor, "past") == 2012
    assert year_for_month(2, 1, anchor, "future") == 2014


def _every_rule_everywhere(text: str, lexicon: TimexLexicon) -> list[Candidate]:
    """The tagger's result by definition: every rule run over the whole text, then the longest
    non-overlapping matches (what find_candidates must give, whatever it skips)."""
    found = [Candidate(m.start(), m.end(), rule.kind,
                       {k: v for k, v in m.groupdict().items() if v is not None}, rank)
             for rank, rule in enumerate(lexicon.grammar.rules)
             for m in rule.pattern.finditer(text)]
    found.sort(key=lambda c: (-(c.end - c.start), c.rank, c.start))
    taken: list[Candidate] = []
    for cand in found:
        if not any(cand.start < t.end and t.start < cand.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def test_skipping_rules_without_their_words_changes_no_candidate(lexicon: TimexLexicon) -> None:
    words = [*lexicon.months, *lexicon.weekdays, *lexicon.seasons, *lexicon.parts_of_day,
             *lexicon.numbers, *lexicon.ordinals, *lexicon.units, *lexicon.unit_plurals,
             *lexicon.relative, *lexicon.day_words, *lexicon.reference_words,
             *lexicon.approximators, *lexicon.set_adverbs, *lexicon.time_zones,
             *lexicon.day_times, *lexicon.vague_numbers, "ago", "the", "of", "early", "end",
             "half", "quarter", "century", "o'clock", "o’clock", "p.m.", "times", "twice",
             "every", "other", "and a half", "long", "FY", "fiscal", "year", "day", "Q3",
             "’90s", "1990s", "'82", "1957-58", "2016", "12:30", "1500", "20th", "the 22nd",
             "12/31/99", "31.12.2016", "2016-02-30", "Moscow time", "noon", "straight",
             # phrases that realise each rule
             "October 20", "Monday, Oct. 3, 2016", "the 5th of May", "May 2016", "Q4 2019",
             "the first quarter of last year", "the second half of the year", "the 20th century",
             "the 1990s", "the '90s", "last summer", "2016 spring", "next Monday afternoon",
             "Fridays", "early October of next year", "the day before yesterday", "this morning",
             "tonight", "the past fiscal year", "mid-year", "the weekend", "the following day",
             "the day after", "the same day", "three years ago", "half an hour",
             "two-month and a half", "five and a half days", "the past three trading days",
             "for years", "16:00 local time", "12 p.m. EST", "two o'clock", "1500 GMT",
             "midnight", "the 22nd, and", "the eighth straight day", "at the moment",
             "every other week", "twice a year", "three times per week", "daily",
             "fiscal year 2016", "1957-58", "the '82", "recently", "lately"]
    glue = [" ", " ", "  ", "\n", "\n\n", ", ", ". ", "-", "–", "/", ":", "\t", "\u00a0",
            "'", "’", "(", "$", "%", "3", "K", "\u017f", "\u0130", "\u0131", "market ", "war "]
    rng = random.Random(7)
    for _ in range(400):
        parts: list[str] = []
        for _ in range(rng.randint(1, 30)):
            word = rng.choice(words)
            roll = rng.random()
            parts.append(word.upper() if roll < 0.2 else word.title() if roll < 0.4 else word)
            parts.append(rng.choice(glue))
        text = "".join(parts)
        assert find_candidates(text, lexicon.grammar) == _every_rule_everywhere(text, lexicon)


def test_case_folding_keeps_positions_and_folds_what_case_insensitive_matching_accepts() -> None:
    everything = "".join(map(chr, range(0x110000)))
    folded = fold_case(everything)
    assert len(folded) == len(everything)
    for letter in string.ascii_lowercase:
        for m in re.finditer(f"(?i:{letter})", everything):
            assert folded[m.start()] == letter, hex(ord(m.group()))
