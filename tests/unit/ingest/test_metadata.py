"""Datelines, credits, titles, outlet precedence, language, and build_article's contract."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from storyline.ingest.articles import article_id
from storyline.ingest.lexicons import IngestLexicons
from storyline.ingest.metadata import (
    Dateline,
    choose_outlet,
    choose_titles,
    detect_language,
    parse_credit,
    parse_dateline,
    photo_credits,
)
from storyline.records import Article, Rejected, RejectReason, RemovedLine, Stage

LEAD = "The minister said on Tuesday that talks would resume in Geneva next week."
SECOND = "Officials from both sides confirmed the plan in separate statements to reporters."


@pytest.mark.parametrize(("line", "place", "written", "date", "tag"), [
    ("GENEVA, July 29. /TASS/. Russian-U.S. talks began", "Geneva", "GENEVA", "July 29", "TASS"),
    ("MOSCOW, October 19. /TASS/. Unilateral", "Moscow", "MOSCOW", "October 19", "TASS"),
    ("MOSCOW –\u00a0The Russian military said", "Moscow", "MOSCOW", None, None),
    ("WASHINGTON (AP) — The Pentagon said", "Washington", "WASHINGTON", None, "AP"),
    ("BEIRUT, Lebanon (Reuters) - Syrian forces", "Beirut", "BEIRUT", None, "Reuters"),
    ("BEIJING, Oct. 19 (Xinhua) -- China said", "Beijing", "BEIJING", "Oct. 19", "Xinhua"),
    ("MOSCOW, Oct 19 (Reuters) - Russia said", "Moscow", "MOSCOW", "Oct 19", "Reuters"),
    ("RIO DE JANEIRO (AP) — Brazil's", "Rio de Janeiro", "RIO DE JANEIRO", None, "AP"),
    ("ST. PETERSBURG, June 3 (Reuters) - Putin", "St. Petersburg", "ST. PETERSBURG", "June 3",
     "Reuters"),
    ("NEW YORK — The U.N. chief said", "New York", "NEW YORK", None, None),
    ("AL-BAB, Syria (Reuters) - Turkish troops", "Al-Bab", "AL-BAB", None, "Reuters"),
    ("WASHINGTON, July 29, 2016 (AP) — Officials", "Washington", "WASHINGTON", "July 29, 2016",
     "AP"),
])
def test_dateline_styles(lexicons: IngestLexicons, line: str, place: str, written: str,
                         date: str | None, tag: str | None) -> None:
    found = parse_dateline(line, 0, len(line), agencies=lexicons.agencies)
    assert found is not None
    assert found.place == place
    assert line[found.span[0]:found.span[1]] == written
    assert (line[found.date_span[0]:found.date_span[1]] if found.date_span else None) == date
    assert found.tag == tag


@pytest.mark.parametrize("line", [
    "Moscow – The Russian military said",          # a place in normal case is no dateline
    "The Russian military said (AP) — nothing",
    "US – Russia talks resume",
    "WASHINGTON (some words in brackets) — x",
    "Russia and the United States are close to a deal.",
])
def test_not_datelines(lexicons: IngestLexicons, line: str) -> None:
    assert parse_dateline(line, 0, len(line), agencies=lexicons.agencies) is None


def test_dateline_at_an_offset(lexicons: IngestLexicons) -> None:
    text = "Title\n\nMOSCOW – The army said"
    found = parse_dateline(text, 7, len(text), agencies=lexicons.agencies)
    assert found is not None and found.span == (7, 13)


@pytest.mark.parametrize(("line", "outlet", "agencies", "photo"), [
    ("Reuters", None, ("Reuters",), False),
    ("TRT World and Agencies", "TRT World", (), False),
    ("Daily Sabah with agencies", "Daily Sabah", (), False),
    ("Photo: AP/Jason DeCrow", None, ("AP",), True),
    ("AP Photo/Hassan Ammar", None, ("AP",), True),
    ("AFP, Reuters", None, ("AFP", "Reuters"), False),
    ("Associated Press", None, ("AP",), False),
])
def test_credit_lines(lexicons: IngestLexicons, line: str, outlet: str | None,
                      agencies: tuple[str, ...], photo: bool) -> None:
    credit = parse_credit(line, agencies=lexicons.agencies)
    assert credit is not None
    assert (credit.outlet, credit.agencies, credit.photo) == (outlet, agencies, photo)


@pytest.mark.parametrize("line", ["Reuters reported the talks", "Route 6", "The meeting and "
                                  "agencies went on", "TASS news agency quoted the minister"])
def test_not_credit_lines(lexicons: IngestLexicons, line: str) -> None:
    assert parse_credit(line, agencies=lexicons.agencies) is None


def test_photo_credit_in_a_caption(lexicons: IngestLexicons) -> None:
    caption = "In this Sept. 22, 2016 file photo, Kerry speaks,photo: AP/Jason DeCrow"
    assert photo_credits(caption, agencies=lexicons.agencies) == ("AP",)
    assert photo_credits("Kerry speaks. (AP Photo/Jason DeCrow)",
                         agencies=lexicons.agencies) == ("AP",)


def _removed(rule: str, text: str, start: int = 0) -> RemovedLine:
    return RemovedLine(start=start, end=start + len(text), text=text, rule=rule)


def _dateline(tag: str | None, agency: str | None) -> Dateline:
    return Dateline(place="Moscow", span=(0, 6), date_span=None, tag=tag, agency=agency, end=8)


def test_outlet_precedence(lexicons: IngestLexicons) -> None:
    agencies = lexicons.agencies
    credit = _removed("credit", "TRT World and Agencies")
    masthead = _removed("masthead", "The News")
    tass = _dateline("TASS", "TASS")
    both = [credit, masthead]
    meta = choose_outlet(meta_outlet="Daily Star", dateline=tass, removed=both, agencies=agencies)
    assert (meta.outlet, meta.evidence, meta.agency) == ("Daily Star", "metadata", "TASS")
    tag = choose_outlet(meta_outlet=None, dateline=tass, removed=both, agencies=agencies)
    assert (tag.outlet, tag.agency) == ("TASS", None)
    assert tag.evidence is not None and "dateline" in tag.evidence
    combined = choose_outlet(meta_outlet=None, dateline=None, removed=both, agencies=agencies)
    assert combined.outlet == "TRT World"
    head = choose_outlet(meta_outlet=None, dateline=_dateline(None, None), removed=[masthead],
                         agencies=agencies)
    assert (head.outlet, head.evidence) == ("The News", "masthead 'The News'")
    nothing = choose_outlet(meta_outlet=None, dateline=None, removed=[], agencies=agencies)
    assert (nothing.outlet, nothing.evidence, nothing.agency) == (None, None, None)


def test_photo_credit_sets_agency_only_when_it_is_the_only_wire(lexicons: IngestLexicons) -> None:
    agencies = lexicons.agencies
    caption = _removed("caption", "Kerry speaks in New York,photo: AP/Jason DeCrow")
    masthead = _removed("masthead", "The News")
    one = choose_outlet(meta_outlet=None, dateline=None, removed=[masthead, caption],
                        agencies=agencies)
    assert (one.outlet, one.agency) == ("The News", "AP")
    two = choose_outlet(meta_outlet=None, dateline=None,
                        removed=[masthead, caption, _removed("credit", "Reuters")],
                        agencies=agencies)
    assert (two.outlet, two.agency) == ("The News", None)
    bare = choose_outlet(meta_outlet=None, dateline=None, removed=[_removed("credit", "Reuters")],
                         agencies=agencies)
    assert (bare.outlet, bare.agency) == (None, "Reuters")


def test_attribution_in_sentences_is_not_the_outlet(build: Callable[..., Article]) -> None:
    article = build(f"Talks resume in Geneva\n\n{LEAD} TASS reported.\n\n"
                    "The envoy, quoted by TASS, said the talks went well.")
    assert (article.outlet, article.agency) == (None, None)


def test_titles_precedence() -> None:
    text = "Top headline here\n\nStandfirst line\n\nBody."
    top = _removed("title", "Top headline here")
    sub = _removed("subtitle", "Standfirst line", 19)
    end = _removed("title.end", "The ministry set terms for a pause 26.10.2016", 40)
    got = choose_titles(text, [top, sub, end], meta_title="Meta title")
    assert (got.title, got.title_span, got.subtitle, got.subtitle_span, got.source) == (
        "Top headline here", (0, 17), "Standfirst line", (19, 34), "top")
    meta = choose_titles(text, [end], meta_title="Standfirst  line")
    assert (meta.title, meta.title_span, meta.source) == ("Standfirst line", (19, 34), "metadata")
    tail = choose_titles(text, [end], meta_title=None)
    assert (tail.title, tail.title_span, tail.source) == (
        "The ministry set terms for a pause", (40, 74), "end")


class _Stub:
    def __init__(self, code: str, confidence: float) -> None:
        self.result = (code, confidence)

    def classify(self, text: str) -> tuple[str, float]:
        return self.result


def test_detect_language(lexicons: IngestLexicons) -> None:
    code, confidence = detect_language(f"{LEAD} {SECOND}", classifier=lexicons.language)
    assert code == "en" and confidence is not None and confidence > 0.9
    assert detect_language("1234 ...", classifier=lexicons.language) == (None, None)
    assert detect_language("text", classifier=_Stub("und", 0.2)) == (None, 0.2)


def test_article_id_is_an_nfc_content_hash(build: Callable[..., Article]) -> None:
    composed = f"Café talks resume\n\n{LEAD}"
    decomposed = unicodedata.normalize("NFD", composed)
    a = build(composed, source="a.txt")
    b = build(decomposed, source="elsewhere/b.txt")
    assert a.id == b.id == article_id(composed)
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    assert a.extractor == "test+ingest.clean.v1"


def test_short_body_is_rejected(build_or_reject: Callable[[str], Article | Rejected]) -> None:
    result = build_or_reject("Share this news\n\nAll news\n\nRoute 6")
    assert isinstance(result, Rejected)
    assert (result.stage, result.reason) == (Stage.CLEAN, RejectReason.NO_TEXT)
    assert "min_chars" in result.detail


def test_article_fields_have_consistent_spans(build: Callable[..., Article]) -> None:
    text = (f"All news\n\nTalks resume in Geneva\n\nRussia open to cooperation on the city\n\n"
            f"GENEVA, July 29. /TASS/. {LEAD}\n\n{SECOND}")
    article = build(text)
    assert article.title_span is not None and article.subtitle_span is not None
    assert text[slice(*article.title_span)] == article.title == "Talks resume in Geneva"
    assert text[slice(*article.subtitle_span)] == article.subtitle
    assert article.dateline == "Geneva" and article.dateline_span is not None
    assert text[slice(*article.dateline_span)] == "GENEVA"
    assert (article.outlet, article.agency) == ("TASS", None)
    assert article.language == "en"
