"""The timeline merge rules, on hand-built records (no model, no store)."""

from __future__ import annotations

import datetime as dt

from storyline.link.timeline import PRODUCER, build_timeline, outlet_of
from storyline.link.timeline_text import is_report, sentence_spans
from storyline.records import (
    Article,
    DateGranularity,
    Event,
    InputFormat,
    Modality,
    OffsetMap,
    PublishedDate,
    TimeExpr,
)


def article(aid: str, text: str, published: dt.date, outlet: str | None) -> Article:
    return Article(
        id=aid, source=f"{aid}.txt", format=InputFormat.TXT, url=None, original_text=text,
        text=text, offsets=OffsetMap(segments=()), removed=(), title=None, title_span=None,
        subtitle=None, subtitle_span=None, outlet=outlet, outlet_evidence=None, agency=None,
        dateline=None, dateline_span=None,
        published=PublishedDate(value=published, granularity="day", method="metadata",
                                confidence=1.0),
        language="en", language_confidence=1.0, encoding=None, extractor="test",
    )


def timex(art: Article, words: str, date: dt.date, gran: DateGranularity = "day") -> TimeExpr:
    start = art.text.index(words)
    value = date.isoformat() if gran == "day" else date.isoformat()[:7]
    return TimeExpr(article_id=art.id, text=words, start=start, end=start + len(words),
                    type="DATE", value=value, date=date, granularity=gran, anchored=True,
                    producer="test")


def event(art: Article, trigger: str, cameo: str, date: dt.date, *, source: str | None = None,
          source_actor: str | None = None, modality: Modality = "asserted",
          date_source: str = "timex") -> Event:
    t = art.text.index(trigger)
    s = art.text.rfind(". ", 0, t)
    s = 0 if s < 0 else s + 2
    e = art.text.find(".", t)
    return Event(
        id=f"{art.id}-{t}-{cameo}", article_id=art.id, start=s, end=e + 1, trigger=trigger,
        trigger_start=t, trigger_end=t + len(trigger), source=source, source_actor=source_actor,
        target=None, cameo=cameo, modality=modality, date=date,
        date_granularity="month" if date_source == "context-month" else "day",
        date_source=("timex" if date_source == "timex" else "context"
                     if date_source.startswith("context") else "article"), rule="test",
        producer="test",
    )


D = dt.date


def test_same_development_from_two_outlets_is_one_entry_with_both_sources() -> None:
    a = article("a1", "A ceasefire brokered by Russia and the United States came into effect "
                "in Syria on February 27.", D(2016, 2, 28), "TASS")
    b = article("b1", "Officials said the Syrian ceasefire brokered by Russia and the United "
                "States took effect on February 27 at midnight.", D(2016, 2, 28), "Reuters")
    entries = build_timeline("s", articles=[a, b], events=[],
                             times=[timex(a, "February 27", D(2016, 2, 27)),
                                    timex(b, "February 27", D(2016, 2, 27))], quotes=[])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.date == D(2016, 2, 27) and entry.granularity == "day"
    assert {s.outlet for s in entry.sources} == {"TASS", "Reuters"}
    assert entry.producer == PRODUCER and not entry.disputed


def test_different_developments_on_one_day_stay_apart() -> None:
    a = article("a1", "Shoigu said on Thursday that experts were sent to Geneva for talks. "
                "Moscow and Damascus launched a humanitarian operation in Aleppo on Thursday.",
                D(2016, 7, 29), "TASS")
    t1, t2 = (a.text.index("Thursday"), a.text.rindex("Thursday"))
    times = [TimeExpr(article_id="a1", text="Thursday", start=t, end=t + 8, type="DATE",
                      value="2016-07-28", date=D(2016, 7, 28), granularity="day",
                      producer="test") for t in (t1, t2)]
    entries = build_timeline("s", articles=[a], events=[], times=times, quotes=[])
    assert len(entries) == 2


def test_a_passing_mention_months_later_joins_the_entry() -> None:
    a = article("a1", "Russia and the United States brokered a ceasefire for Syria on "
                "February 22.", D(2016, 2, 22), "TASS")
    b = article("b1", "The fighting resumed months after the Syria ceasefire Russia and the "
                "United States brokered on February 22.", D(2016, 7, 29), "AP")
    entries = build_timeline("s", articles=[a, b], events=[],
                             times=[timex(a, "February 22", D(2016, 2, 22)),
                                    timex(b, "February 22", D(2016, 2, 22))], quotes=[])
    assert len(entries) == 1 and len(entries[0].sources) == 2


def test_month_mention_joins_a_day_entry_only_with_strong_overlap() -> None:
    a = article("a1", "Putin and Obama met in Hangzhou on September 4 to discuss a truce in "
                "Aleppo.", D(2016, 9, 5), "TASS")
    b = article("b1", "Putin and Obama met in Hangzhou in September to discuss a truce in "
                "Aleppo.", D(2016, 10, 26), "AP")
    c = article("c1", "Aid convoys were stopped in September by heavy shelling.",
                D(2016, 10, 1), "AFP")
    times = [timex(a, "September 4", D(2016, 9, 4)),
             timex(b, "September", D(2016, 9, 1), "month"),
             timex(c, "September", D(2016, 9, 1), "month")]
    entries = build_timeline("s", articles=[a, b, c], events=[], times=times, quotes=[])
    day = [e for e in entries if e.granularity == "day"]
    month = [e for e in entries if e.granularity == "month"]
    assert len(day) == 1 and {s.article_id for s in day[0].sources} == {"a1", "b1"}
    assert len(month) == 1 and month[0].sources[0].article_id == "c1"


def test_duplicates_add_sources_never_entries() -> None:
    text = "Russian experts arrived in Geneva on Friday for consultations on Aleppo."
    a = article("a1", text, D(2016, 7, 29), "TASS")
    copy = article("a2", text + " They will stay. Officials said aid convoys crossed on "
                   "Friday.", D(2016, 7, 29), "Sputnik")
    times = [timex(a, "Friday", D(2016, 7, 29)), timex(copy, "Friday", D(2016, 7, 29)),
             TimeExpr(article_id="a2", text="Friday", start=copy.text.rindex("Friday"),
                      end=copy.text.rindex("Friday") + 6, type="DATE", value="2016-07-29",
                      date=D(2016, 7, 29), granularity="day", producer="test")]
    entries = build_timeline("s", articles=[a, copy], events=[], times=times, quotes=[],
                             duplicates={"a2": "a1"})
    assert len(entries) == 1
    assert {s.article_id for s in entries[0].sources} == {"a1", "a2"}


def test_claim_and_denial_is_disputed_and_attributed() -> None:
    a = article("a1", "The U.S. blamed Russia for an attack on a convoy, accusations Moscow "
                "has denied.", D(2016, 9, 28), "AP")
    events = [
        event(a, "blamed", "1123", D(2016, 9, 28), source="The U.S.", date_source="article"),
        event(a, "denied", "016", D(2016, 9, 28), source="Moscow", date_source="article"),
    ]
    entries = build_timeline("s", articles=[a], events=events, times=[], quotes=[])
    assert len(entries) == 1 and entries[0].disputed
    assert entries[0].disagreement is not None
    assert "The U.S." in entries[0].disagreement and "Moscow denies" in entries[0].disagreement
    assert entries[0].cameo == ("016", "1123")


def test_different_dates_for_one_development_are_kept_both() -> None:
    a = article("a1", "The humanitarian convoy attack outside Aleppo killed twenty aid workers "
                "on September 19.", D(2016, 9, 20), "AP")
    b = article("b1", "The humanitarian convoy attack outside Aleppo killed twenty aid workers "
                "on September 20.", D(2016, 9, 21), "TASS")
    entries = build_timeline("s", articles=[a, b], events=[],
                             times=[timex(a, "September 19", D(2016, 9, 19)),
                                    timex(b, "September 20", D(2016, 9, 20))], quotes=[])
    assert len(entries) == 1 and entries[0].disputed
    assert entries[0].disagreement == ("dates differ: AP date it 2016-09-19; "
                                       "TASS date it 2016-09-20")


def test_different_numbers_are_disputed() -> None:
    a = article("a1", "Shelling of eastern Aleppo killed 250 people on Tuesday, officials said.",
                D(2016, 9, 28), "AP")
    b = article("b1", "Shelling of eastern Aleppo killed 96 people on Tuesday, officials said.",
                D(2016, 9, 28), "TASS")
    entries = build_timeline("s", articles=[a, b], events=[],
                             times=[timex(a, "Tuesday", D(2016, 9, 27)),
                                    timex(b, "Tuesday", D(2016, 9, 27))], quotes=[])
    assert len(entries) == 1 and entries[0].disputed
    assert "AP says 250 people" in (entries[0].disagreement or "")


def test_weak_article_dated_event_without_overlap_is_its_own_entry() -> None:
    a = article("a1", "Russian warplanes bombed rebel-held districts of Aleppo.",
                D(2016, 9, 28), "AP")
    entries = build_timeline(
        "s", articles=[a], times=[], quotes=[],
        events=[event(a, "bombed", "195", D(2016, 9, 28), date_source="article")])
    assert [(e.date, e.cameo) for e in entries] == [(D(2016, 9, 28), ("195",))]


def test_entry_keeps_the_date_the_time_tagger_gave() -> None:
    # Dates are fixed at their source (extract/times): the timeline does not re-anchor them.
    a = article("a1", "The General Staff said that from August 11 combat would be paused.",
                D(2016, 8, 16), "TRT World")
    entries = build_timeline("s", articles=[a], events=[],
                             times=[timex(a, "August 11", D(2016, 8, 11))], quotes=[])
    assert entries[0].date == D(2016, 8, 11)


def test_output_does_not_depend_on_input_order() -> None:
    a = article("a1", "Russia and the United States brokered a ceasefire for Syria on "
                "February 22.", D(2016, 2, 22), "TASS")
    b = article("b1", "Talks between Lavrov and Kerry were held in Lausanne on October 15.",
                D(2016, 10, 16), "AP")
    times = [timex(a, "February 22", D(2016, 2, 22)), timex(b, "October 15", D(2016, 10, 15))]
    one = build_timeline("s", articles=[a, b], events=[], times=times, quotes=[])
    two = build_timeline("s", articles=[b, a], events=[], times=times[::-1], quotes=[])
    assert one == two and [e.date for e in one] == [D(2016, 2, 22), D(2016, 10, 15)]


def test_bare_date_mentions_are_not_developments() -> None:
    assert not is_report("Sunday 24 of November 2024")
    assert is_report("The pause began on October 20.")
    assert is_report("Experts will travel to Geneva on Friday.")


def test_sentences_do_not_break_after_abbreviations() -> None:
    text = "The deal brokered Sept. 9 collapsed. Lt. Gen. Poznikhir spoke.\nU.S. officials left."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The deal brokered Sept. 9 collapsed.", "Lt. Gen. Poznikhir spoke.",
        "U.S. officials left."]


def test_outlet_falls_back_to_agency_then_source() -> None:
    a = article("a1", "x", D(2016, 1, 1), None)
    assert outlet_of(a) == "unknown (a1.txt)"


def test_each_entry_says_how_its_date_is_known() -> None:
    a = article("a1", "Talks began in Geneva on Friday. Russia has backed Assad in the war.",
                D(2016, 7, 29), "TASS")
    entries = build_timeline(
        "s", articles=[a],
        events=[event(a, "backed", "051", D(2016, 7, 29), date_source="article")],
        times=[timex(a, "Friday", D(2016, 7, 29))], quotes=[])
    basis = {e.summary: e.date_basis for e in entries}
    assert basis == {"Talks began in Geneva on Friday.": "text",
                     "Russia has backed Assad in the war.": "report"}


def test_context_dated_event_keeps_its_inherited_date_and_basis() -> None:
    a = article("a1", "A truce came into effect on February 27. An hour before the truce came "
                "into force, the Council adopted a resolution.", D(2016, 7, 29), "TASS")
    entries = build_timeline(
        "s", articles=[a],
        events=[event(a, "adopted", "057", D(2016, 2, 1), date_source="context-month")],
        times=[timex(a, "February 27", D(2016, 2, 27))], quotes=[])
    adopted = [e for e in entries if "adopted" in e.summary]
    assert [(e.date, e.granularity, e.date_basis) for e in adopted] == [
        (D(2016, 2, 1), "month", "context")]
    assert not [e for e in entries if e.date == D(2016, 7, 29)]


def test_an_undated_restatement_is_one_more_source_of_another_outlets_entry() -> None:
    a = article("a1", "Moscow and Damascus launched a joint humanitarian operation in Aleppo on "
                "July 28.", D(2016, 8, 16), "TRT World")
    b = article("b1", "Shoigu said earlier that Moscow and Damascus begin a large-scale "
                "humanitarian operation in Aleppo. Four corridors will be opened.",
                D(2016, 7, 29), "TASS")
    entries = build_timeline("s", articles=[a, b], events=[],
                             times=[timex(a, "July 28", D(2016, 7, 28))], quotes=[])
    assert len(entries) == 1  # an undated sentence never makes an entry of its own
    assert [s.outlet for s in entries[0].sources] == ["TASS", "TRT World"]
    assert entries[0].date_basis == "text"


def test_an_undated_restatement_outside_the_week_before_its_report_stays_out() -> None:
    a = article("a1", "Moscow and Damascus launched a joint humanitarian operation in Aleppo on "
                "July 28.", D(2016, 8, 16), "TRT World")
    b = article("b1", "Shoigu said that Moscow and Damascus begin a large-scale humanitarian "
                "operation in Aleppo.", D(2016, 9, 29), "TASS")
    entries = build_timeline("s", articles=[a, b], events=[],
                             times=[timex(a, "July 28", D(2016, 7, 28))], quotes=[])
    assert [s.outlet for s in entries[0].sources] == ["TRT World"]
