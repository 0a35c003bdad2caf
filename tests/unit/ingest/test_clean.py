"""Cleaning rules, one hand-built text per rule."""

from __future__ import annotations

import pytest

from storyline.ingest.clean import Cleaned, clean, split_lines
from storyline.ingest.lexicons import IngestLexicons

LEAD = "The minister said on Tuesday that talks would resume in Geneva next week."
SECOND = "Officials from both sides confirmed the plan in separate statements to reporters."


def rules(cleaned: Cleaned) -> dict[str, str]:
    return {r.text: r.rule for r in cleaned.removed}


def assert_offsets(original: str, cleaned: Cleaned) -> None:
    covered = set()
    for seg in cleaned.offsets.segments:
        for k in range(seg.length):
            i = seg.clean_start + k
            covered.add(i)
            assert cleaned.text[i] == original[cleaned.offsets.to_original(i)]
    assert all(cleaned.text[i] == "\n" for i in range(len(cleaned.text)) if i not in covered)


def test_split_lines_offsets_paragraphs_and_unicode_breaks() -> None:
    text = "  One\u00a0\r\nTwo\n\n\u2028Three \u200b"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["One", "Two", "Three"]
    assert all(text[ln.start:ln.end] == ln.text for ln in lines)
    assert [ln.para for ln in lines] == [0, 0, 1]


def test_share_and_menu_vocabulary_lines_are_chrome(lexicons: IngestLexicons) -> None:
    text = (f"All news\n\nTalks resume in Geneva\n\n{LEAD}\n\nShare this story\n\n{SECOND}\n\n"
            "Share on Facebook\nFacebook | Twitter | WhatsApp\nRead more: Other story here")
    cleaned = clean(text, lexicons=lexicons)
    got = rules(cleaned)
    assert got["All news"] == "chrome.menu"
    assert got["Share this story"] == "chrome.share"
    assert got["Share on Facebook"] == "chrome.share"
    assert got["Facebook | Twitter | WhatsApp"] == "chrome.share"
    assert got["Read more: Other story here"] == "chrome.menu"
    assert cleaned.text == f"{LEAD}\n\n{SECOND}"


def test_masthead_is_short_line_then_date_only_line(lexicons: IngestLexicons) -> None:
    text = f"The Daily Courier\nMonday 3 of October 2016\n\nTalks resume in Geneva\n\n{LEAD}"
    got = rules(clean(text, lexicons=lexicons))
    assert got["The Daily Courier"] == "masthead"
    assert got["Monday 3 of October 2016"] == "masthead.date"
    assert got["Talks resume in Geneva"] == "title"


def test_date_under_a_headline_is_a_stamp_not_a_masthead(lexicons: IngestLexicons) -> None:
    text = f"Talks resume in Geneva after a long pause\n\nOctober 3, 2016\n\n{LEAD}"
    got = rules(clean(text, lexicons=lexicons))
    assert got["Talks resume in Geneva after a long pause"] == "title"
    assert got["October 3, 2016"] == "stamp"


def test_caption_printed_twice_keeps_one_caption_and_leaves_the_body(
        lexicons: IngestLexicons) -> None:
    caption = "A man walks past a destroyed building in the old city during a lull in fighting."
    text = f"Talks resume in Geneva\n\n{caption}\n\n{LEAD}\n\n{caption}\n\n{SECOND}"
    cleaned = clean(text, lexicons=lexicons)
    assert [r.rule for r in cleaned.removed if r.text == caption] == ["caption", "duplicate"]
    assert [c.text for c in cleaned.captions] == [caption]
    assert caption not in cleaned.text


def test_repeated_headline_like_line_keeps_first_copy(lexicons: IngestLexicons) -> None:
    text = f"Talks resume in Geneva today\n\n{LEAD}\n\nTalks resume in Geneva today\n\n{SECOND}"
    cleaned = clean(text, lexicons=lexicons)
    assert [r.rule for r in cleaned.removed] == ["title", "duplicate"]


@pytest.mark.parametrize("caption", [
    "In this Sept. 22, 2016 file photo, the secretary of state speaks in New York.",
    "This photo taken on Aug. 3 shows smoke rising over the city",
    "The minister chairs a meeting in Moscow, Russia, in this picture released on July 28, 2016.",
    "A man rebuilds a wall of a damaged building in Aleppo, Syria August 13, 2016.",
    "Residents gather near the ruins of a market, photo: Reuters/Omar Sanadiki",
    "Residents gather near the ruins of a market. (AP Photo/Hassan Ammar)",
])
def test_caption_shaped_lines(lexicons: IngestLexicons, caption: str) -> None:
    text = f"Talks resume in Geneva\n\n{LEAD}\n\n{caption}\n\n{SECOND}"
    cleaned = clean(text, lexicons=lexicons)
    assert rules(cleaned)[caption] == "caption"
    assert caption not in cleaned.text


@pytest.mark.parametrize("credit", [
    "Reuters", "AFP, Reuters", "TRT World and Agencies", "Photo: AP/Jason DeCrow",
    "Reporting by Jane Doe; Editing by John Roe", "Agencies",
])
def test_credit_lines(lexicons: IngestLexicons, credit: str) -> None:
    text = f"Talks resume in Geneva\n\n{LEAD}\n\n{credit}\n\n{SECOND}"
    assert rules(clean(text, lexicons=lexicons))[credit] == "credit"


def test_attribution_inside_a_sentence_is_not_a_credit(lexicons: IngestLexicons) -> None:
    line = "Reuters reported the talks had stalled, citing two officials."
    text = f"Talks resume in Geneva\n\n{LEAD}\n\n{line}\n\n{SECOND}"
    assert line in clean(text, lexicons=lexicons).text


def test_byline_is_removed(lexicons: IngestLexicons) -> None:
    text = f"Talks resume in Geneva\n\nBy Jane Doe\n\n{LEAD}\n\n{SECOND}"
    assert rules(clean(text, lexicons=lexicons))["By Jane Doe"] == "byline"


def test_short_edge_lines_go_but_never_the_title(lexicons: IngestLexicons) -> None:
    text = f"Syria crisis\n\nTalks resume in Geneva after pause\n\n{LEAD}\n\n{SECOND}\n\nRoute 6"
    got = rules(clean(text, lexicons=lexicons))
    assert got == {"Syria crisis": "edge.short",
                   "Talks resume in Geneva after pause": "title", "Route 6": "edge.short"}
    short_title = f"Aleppo talks\n\n{LEAD}\n\n{SECOND}"
    assert rules(clean(short_title, lexicons=lexicons)) == {"Aleppo talks": "title"}


def test_short_line_inside_the_body_stays(lexicons: IngestLexicons) -> None:
    text = f"Talks resume in Geneva\n\n{LEAD}\n\nRoute 6\n\n{SECOND}"
    assert "\n\nRoute 6\n\n" in clean(text, lexicons=lexicons).text


def test_end_of_page_headline_with_stamp(lexicons: IngestLexicons) -> None:
    text = f"{LEAD}\n\n{SECOND}\n\nThe ministry has set conditions for a new pause 26.10.2016\n\n" \
           "Share this news"
    cleaned = clean(text, lexicons=lexicons)
    got = rules(cleaned)
    assert got["The ministry has set conditions for a new pause 26.10.2016"] == "title.end"
    assert cleaned.text == f"{LEAD}\n\n{SECOND}"
    assert cleaned.header == ()


def test_title_hint_names_the_title_even_when_it_is_a_sentence(
        lexicons: IngestLexicons) -> None:
    title = "Talks resume in Geneva."
    text = f"World\n\n{title}\n\n{LEAD}\n\n{SECOND}"
    cleaned = clean(text, lexicons=lexicons, title_hint="Talks  resume in Geneva.")
    assert rules(cleaned) == {"World": "chrome.menu", title: "title"}


@pytest.mark.parametrize("line", [
    "This image of Russia as a peacemaker is not shared in Washington, officials said.",
    "In this war, nobody is safe, the envoy said in Geneva on Monday.",
])
def test_sentences_like_captions_stay(lexicons: IngestLexicons, line: str) -> None:
    text = f"Talks resume in Geneva\n\n{LEAD}\n\n{line}\n\n{SECOND}"
    assert line in clean(text, lexicons=lexicons).text


def test_section_subheading_stays_in_the_body(lexicons: IngestLexicons) -> None:
    text = f"Talks resume in Geneva\n\n{LEAD}\n\nNo meeting planned any time soon\n\n{SECOND}"
    assert "No meeting planned any time soon" in clean(text, lexicons=lexicons).text


def test_standfirst_before_a_dateline(lexicons: IngestLexicons) -> None:
    text = ("Talks resume in Geneva\n\nRussia is open to cooperation on the city\n\n"
            f"GENEVA, July 29. /TASS/. {LEAD}\n\n{SECOND}")
    cleaned = clean(text, lexicons=lexicons)
    assert [(r.rule, r.text) for r in cleaned.header] == [
        ("title", "Talks resume in Geneva"),
        ("subtitle", "Russia is open to cooperation on the city")]
    assert cleaned.dateline is not None and cleaned.dateline.place == "Geneva"
    assert cleaned.text.startswith("GENEVA, July 29.")


def test_sentence_standfirst_set_apart_by_a_caption(lexicons: IngestLexicons) -> None:
    standfirst = "The minister says both sides are close to a deal on the city."
    caption = "The minister chairs a meeting in Moscow, Russia, in this picture released on " \
              "July 28, 2016."
    text = f"Talks resume in Geneva\n\n{standfirst}\n\n{caption}\nReuters\n\n{LEAD}\n\n{SECOND}"
    cleaned = clean(text, lexicons=lexicons)
    assert rules(cleaned)[standfirst] == "subtitle"
    assert cleaned.text == f"{LEAD}\n\n{SECOND}"


def test_sentence_after_title_without_separation_is_the_lead(lexicons: IngestLexicons) -> None:
    text = f"Talks resume in Geneva\n\n{LEAD}\n\n{SECOND}"
    cleaned = clean(text, lexicons=lexicons)
    assert cleaned.text == f"{LEAD}\n\n{SECOND}"
    assert [r.rule for r in cleaned.header] == ["title"]


def test_trailing_nbsp_stripped_only_at_run_edges(lexicons: IngestLexicons) -> None:
    third = "A third paragraph closes the story with a quote from an observer."
    text = f"Talks resume in Geneva\n\n{LEAD}\u00a0\n{SECOND}\u00a0 \n\n  {third}\u00a0"
    cleaned = clean(text, lexicons=lexicons)
    assert cleaned.text == f"{LEAD}\u00a0\n{SECOND}\n\n{third}"
    assert_offsets(text, cleaned)


def test_offsets_map_back_on_a_messy_page(lexicons: IngestLexicons) -> None:
    text = ("All news\r\n\r\nThe Courier\r\nSunday 24 of November 2024\r\n\r\n"
            f"Talks resume\r\n\r\n{LEAD}\r\nShare this\r\n{SECOND}\r\n\r\nRoute 6")
    cleaned = clean(text, lexicons=lexicons)
    assert cleaned.text == f"{LEAD}\n\n{SECOND}"
    assert_offsets(text, cleaned)
    for r in cleaned.removed:
        assert text[r.start:r.end] == r.text


@pytest.mark.parametrize("text", ["", "   \n\n\t", "Route 6", "\u2028\u2029\x85"])
def test_degenerate_texts_give_an_empty_or_tiny_body(lexicons: IngestLexicons, text: str) -> None:
    cleaned = clean(text, lexicons=lexicons)
    assert_offsets(text, cleaned)
    assert len(cleaned.text) <= len(text)
