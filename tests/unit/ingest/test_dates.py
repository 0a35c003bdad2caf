"""Publication-date rules: evidence, contradiction, inference, and the corpus year pass."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest

from storyline.ingest.articles import resolve_years
from storyline.ingest.dates import DateSources, infer_published, parse_metadata_date
from storyline.ingest.datetext import find_full_dates, parse_date_only, parse_month_day
from storyline.records import Article, EvidenceKind

Build = Callable[..., Article]
PLAIN = "Officials from both sides confirmed the plan in separate statements to reporters."
MORE = "Observers said the talks would be long and difficult for everyone involved."


def kinds(article: Article) -> list[str]:
    return [str(ev.kind) for ev in article.published.evidence]


@pytest.mark.parametrize(("text", "value"), [
    ("Sept. 22, 2016", dt.date(2016, 9, 22)),
    ("August 13, 2016", dt.date(2016, 8, 13)),
    ("24 of November 2024", dt.date(2024, 11, 24)),
    ("26.10.2016", dt.date(2016, 10, 26)),
    ("2016-10-26", dt.date(2016, 10, 26)),
    ("10/26/2016", dt.date(2016, 10, 26)),
    ("26/10/2016", dt.date(2016, 10, 26)),
])
def test_full_dates(text: str, value: dt.date) -> None:
    assert [v for _, v in find_full_dates(f"on {text}.")] == [value]


def test_impossible_dates_are_no_clue() -> None:
    assert list(find_full_dates("February 30, 2016 and 31.04.2016")) == []
    assert parse_month_day("February 30") is None
    assert parse_month_day("Feb. 29") == (2, 29)
    assert parse_month_day("29 July") == (7, 29)


def test_date_only_lines() -> None:
    assert parse_date_only("Sunday 24 of November 2024") is not None
    assert parse_date_only("Wed, Sep 28, 2016, 10:15 AM GMT") is not None
    assert parse_date_only("Talks resume on Sep 28, 2016") is None


@pytest.mark.parametrize(("raw", "value"), [
    ("2016-09-28T10:00:00Z", dt.date(2016, 9, 28)),
    ("Wed, 28 Sep 2016 10:00:00 +0000", dt.date(2016, 9, 28)),
    ("26.10.2016", dt.date(2016, 10, 26)),
    ("September 28, 2016", dt.date(2016, 9, 28)),
])
def test_metadata_dates_parse(raw: str, value: dt.date) -> None:
    assert parse_metadata_date(raw) == value


@pytest.mark.parametrize("raw", ["yesterday", "July 29", "2 hours ago", "", "n/a", "x" * 500])
def test_metadata_dates_never_filled_from_the_clock(raw: str) -> None:
    assert parse_metadata_date(raw) is None


def test_stamp(build: Build) -> None:
    article = build(f"{PLAIN}\n\n{MORE}\n\nThe ministry set terms for a new pause 26.10.2016")
    published = article.published
    assert (published.value, published.method, published.granularity) == (
        dt.date(2016, 10, 26), "stamp", "day")
    assert published.confidence == 0.85
    assert article.title == "The ministry set terms for a new pause"


def test_dateline_with_a_year(build: Build) -> None:
    article = build("WASHINGTON, July 29, 2016 (AP) — The envoy said Friday talks began."
                    f"\n\n{PLAIN}")
    assert (article.published.value, article.published.method) == (dt.date(2016, 7, 29),
                                                                    "dateline")
    assert article.published.confidence >= 0.9


def test_dateline_year_from_an_explicit_date_in_the_text(build: Build) -> None:
    caption = "In this Oct. 15, 2016 file photo, the minister speaks in Moscow."
    article = build(f"Talks on hold\n\n{caption}\n\nMOSCOW, October 19. /TASS/. The minister "
                    f"told the media on Wednesday that talks were on hold.\n\n{PLAIN}")
    published = article.published
    assert (published.value, published.method, published.confidence) == (
        dt.date(2016, 10, 19), "dateline", 0.8)


def test_dateline_year_rolls_over_after_a_december_date(build: Build) -> None:
    article = build("Talks on hold\n\nMOSCOW, January 3. /TASS/. The minister said on Tuesday "
                    "that the Dec. 28, 2016 meeting had failed.\n\n" + PLAIN)
    assert article.published.value == dt.date(2017, 1, 3)


def test_dateline_without_any_year_waits_for_the_corpus(build: Build) -> None:
    article = build("Talks begin\n\nGENEVA, July 29. /TASS/. Consultations have started, the "
                    f"envoy told TASS on Friday.\n\n{PLAIN}")
    published = article.published
    assert (published.value, published.granularity, published.confidence) == (None, None, 0.0)
    dateline = [ev for ev in published.evidence if ev.kind == EvidenceKind.DATELINE]
    assert len(dateline) == 1
    assert (dateline[0].text, dateline[0].value, dateline[0].granularity,
            dateline[0].weekday) == ("July 29", None, None, 4)
    assert "--07-29" in dateline[0].note


def test_page_date_contradicted_by_the_text_is_overruled(build: Build) -> None:
    text = ("The Courier\nSunday 24 of November 2024\n\nArmy ready to talk\n\n"
            "In this Sept. 22, 2016 file photo, the secretary of state speaks in New York.\n\n"
            f"MOSCOW – The military said Wednesday it is ready to talk.\n\n{PLAIN}")
    published = build(text).published
    assert (published.value, published.method) == (dt.date(2016, 9, 28), "inferred")
    assert [str(ev.kind) for ev in published.contradicted] == ["page_header"]
    assert published.contradicted[0].value == dt.date(2024, 11, 24)
    assert "Wednesday" in published.explanation


def test_metadata_date_contradicted_the_same_way(build: Build) -> None:
    text = ("Army ready to talk\n\nIn this Sept. 22, 2016 file photo, the secretary speaks.\n\n"
            f"MOSCOW – The military said Wednesday it is ready to talk.\n\n{PLAIN}")
    published = build(text, published="2024-11-24T08:00:00Z").published
    assert published.value == dt.date(2016, 9, 28)
    assert [str(ev.kind) for ev in published.contradicted] == ["metadata"]


def test_page_date_on_the_lead_weekday_is_kept(build: Build) -> None:
    text = ("The Courier\nWednesday 28 of September 2016\n\nArmy ready to talk\n\n"
            "In this Sept. 22, 2016 file photo, the secretary speaks.\n\n"
            f"MOSCOW – The military said Wednesday it is ready to talk.\n\n{PLAIN}")
    published = build(text).published
    assert (published.value, published.method, published.contradicted) == (
        dt.date(2016, 9, 28), "page_header", ())
    assert published.confidence == 0.75


def test_far_page_date_without_weekday_words_is_kept_with_low_confidence(build: Build) -> None:
    text = ("The Courier\nSunday 24 of November 2024\n\nArmy ready to talk\n\n"
            "In this Sept. 22, 2016 file photo, the secretary speaks.\n\n"
            f"MOSCOW – The military is ready to talk.\n\n{PLAIN}")
    published = build(text).published
    assert (published.value, published.method) == (dt.date(2024, 11, 24), "page_header")
    assert published.confidence == 0.5 and published.contradicted == ()


def test_consistent_metadata_wins(build: Build) -> None:
    published = build(f"Talks\n\nThe envoy said Friday talks began.\n\n{PLAIN}",
                      published="2016-07-29").published
    assert (published.value, published.method, published.confidence) == (
        dt.date(2016, 7, 29), "metadata", 0.95)


def test_weekday_inference_after_the_latest_caption_date(build: Build) -> None:
    text = ("Russia hints at joint action\n\n"
            "A man rebuilds a wall of a damaged building in Aleppo, Syria August 13, 2016.\n\n"
            "Russia and the US are close to joint action, TASS quoted the minister as saying "
            f"on Tuesday.\n\nThe envoy said last Thursday that talks went on.\n\n{PLAIN}")
    published = build(text).published
    assert (published.value, published.method, published.confidence) == (
        dt.date(2016, 8, 16), "inferred", 0.6)


def test_future_month_day_does_not_move_the_bound(build: Build) -> None:
    text = ("Russia hints at joint action\n\n"
            "A man rebuilds a wall of a damaged building in Aleppo, Syria August 13, 2016.\n\n"
            "The minister said on Tuesday the talks will resume on August 20 in Geneva.\n\n"
            f"{PLAIN}")
    assert build(text).published.value == dt.date(2016, 8, 16)


def test_past_month_day_after_the_latest_full_date_moves_the_bound(build: Build) -> None:
    text = ("Truce collapses\n\nIn this Aug. 1, 2016 file photo, the envoy speaks.\n\n"
            "The ministry said Wednesday the truce brokered Aug. 9 had collapsed.\n\n"
            f"{PLAIN}")
    assert build(text).published.value == dt.date(2016, 8, 10)


def test_no_evidence_gives_no_date(build: Build) -> None:
    published = build(f"Talks\n\n{PLAIN}\n\n{MORE}").published
    assert (published.value, published.granularity, published.method, published.confidence) == (
        None, None, "none", 0.0)
    assert published.evidence == () and published.explanation


def test_weekday_words_only_in_reporting_clauses() -> None:
    text = ("The leaders will meet on Friday, the ministry said Wednesday. "
            "Talks resume next Monday. On Monday, the foreign ministry said it was ready. "
            "The market is closed on Sunday.")
    published = infer_published(DateSources(text=text, body=((0, len(text)),),
                                            lead=(0, len(text))))
    weekdays = [(ev.text, ev.weekday) for ev in published.evidence
                if ev.kind == EvidenceKind.WEEKDAY]
    assert weekdays == [("said Wednesday", 2), ("On Monday", 0)]


def _dated(build: Build) -> list[Article]:
    return [
        build("Talks begin\n\nGENEVA, July 29. /TASS/. Consultations have started, the envoy "
              f"told TASS on Friday.\n\n{PLAIN}"),
        build(f"Ceasefire holds\n\n{PLAIN}\n\nThe ministry set terms for a pause 26.10.2016"),
        build(f"Talks resume\n\n{MORE}\n\n{PLAIN}", published="2016-08-16"),
        build("Pause ends\n\nMOSCOW, October 19. /TASS/. The pause will not be extended, the "
              f"minister told the media on Wednesday.\n\n{PLAIN}"),
    ]


def test_resolve_years_fills_the_weekday_year_nearest_the_corpus(build: Build) -> None:
    resolved = resolve_years(_dated(build))
    assert [a.published.value for a in resolved] == [
        dt.date(2016, 7, 29), dt.date(2016, 10, 26), dt.date(2016, 8, 16), dt.date(2016, 10, 19)]
    first = resolved[0].published
    assert (first.method, first.confidence, first.granularity) == ("corpus", 0.5, "day")
    assert kinds(resolved[0])[-1] == "corpus"
    assert "Friday" in first.explanation


def test_resolve_years_ignores_input_order_and_is_idempotent(build: Build) -> None:
    articles = _dated(build)
    expected = {a.id: a.published for a in resolve_years(articles)}
    for order in itertools.permutations(articles):
        assert {a.id: a.published for a in resolve_years(order)} == expected
    once = resolve_years(articles)
    assert resolve_years(once) == once


def test_resolve_years_without_anchors_changes_nothing(build: Build) -> None:
    articles = [_dated(build)[0], _dated(build)[3]]
    assert resolve_years(articles) == articles
    resolved = resolve_years(_dated(build))
    corpus_only = [resolved[0], resolved[3]]  # corpus-dated articles are not anchors
    assert resolve_years(corpus_only) == corpus_only


def test_resolve_years_without_a_weekday_takes_the_nearest_year(build: Build) -> None:
    pending = build("Talks begin\n\nGENEVA, July 29. /TASS/. Consultations have started.\n\n"
                    + PLAIN)
    anchor = build(f"Talks resume\n\n{MORE}\n\n{PLAIN}", published="2019-01-10")
    resolved = resolve_years([pending, anchor])[0].published
    assert (resolved.value, resolved.confidence) == (dt.date(2018, 7, 29), 0.3)
