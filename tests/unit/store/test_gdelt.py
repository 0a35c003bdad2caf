"""GDELT 2.0 event-table export: 61 columns in the official order, values from the records,
blanks where storyline has nothing, no clock."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.extract.codebook import load_codebook
from storyline.records import Actor, Article, ArticleAnalysis, Event, Place
from storyline.store import SqliteStore
from storyline.store.gdelt import (
    GDELT_COLUMNS,
    export_gdelt,
    gdelt_event_id,
    gdelt_row,
    write_gdelt,
)

MakeArticle = Callable[..., Article]
HAS_PANDAS = importlib.util.find_spec("pandas") is not None

BODY = ("Russia and the United States resumed talks in Geneva on Tuesday.\n\n"
        "Later, UN officials met Syrian rebels in Aleppo.")


def make_event(article: Article, **overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "id": "event-1", "article_id": article.id, "start": 0, "end": 64,
        "trigger": "resumed talks", "trigger_start": 29, "trigger_end": 42,
        "source": "Russia", "source_code": "RUSGOV", "target": "the United States",
        "target_code": "USA", "cameo": "0431", "plover": "CONSULT", "plover_mode": "visit",
        "goldstein": 2.8, "quad_class": 1, "date": dt.date(2016, 7, 26),
        "date_granularity": "day", "date_source": "timex",
        "place": Place(article_id=article.id, start=52, end=58, text="Geneva", name="Geneva",
                       country="CHE", country_fips="SZ", admin1="GE", lat=46.20222,
                       lon=6.14569, feature="city", geonameid=2660646, producer="places.test"),
        "rule": "verbs.v1:resume talks", "producer": "events.rules.v1",
    }
    fields.update(overrides)
    return Event(**fields)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def as_dict(row: list[str]) -> dict[str, str]:
    assert len(row) == 61
    return dict(zip(GDELT_COLUMNS, row, strict=True))


def test_columns_are_gdelt_2_0_in_order() -> None:
    assert len(GDELT_COLUMNS) == 61 and len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:6] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                                 "Actor1Code")
    assert GDELT_COLUMNS[15] == "Actor2Code" and GDELT_COLUMNS[25] == "IsRootEvent"
    assert GDELT_COLUMNS[26:35] == ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources",
                                    "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[35] == "Actor1Geo_Type" and GDELT_COLUMNS[43] == "Actor2Geo_Type"
    assert GDELT_COLUMNS[51:59] == ("ActionGeo_Type", "ActionGeo_FullName",
                                    "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
                                    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long",
                                    "ActionGeo_FeatureID")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_write_and_read_back_with_csv(make_article: MakeArticle) -> None:
    article = make_article(BODY)
    first = make_event(article)
    second = make_event(
        article, id="event-2", start=66, end=len(BODY), source="UN officials",
        source_code="IGOUNO", target="Syrian\trebels", target_code="SYRREB", cameo="040",
        goldstein=None, quad_class=None, date=None, date_source="article",
        place=Place(article_id=article.id, start=106, end=112, text="Aleppo", name="Aleppo",
                    country="SYR", country_fips="SY", lat=36.20124, lon=37.16117,
                    producer="places.test"))
    out = io.StringIO()
    assert write_gdelt([first, second], {article.id: article}, out,
                       codebook=load_codebook()) == 2
    text = out.getvalue()
    assert text.endswith("\n") and text.count("\n") == 2
    one, two = (as_dict(r) for r in rows(text))
    assert one["GLOBALEVENTID"] == str(gdelt_event_id("event-1"))
    assert (one["SQLDATE"], one["MonthYear"], one["Year"], one["FractionDate"]) == \
        ("20160726", "201607", "2016", "2016.5644")          # 2016 + (6 * 30 + 26) / 365
    assert (one["Actor1Code"], one["Actor1Name"], one["Actor1CountryCode"],
            one["Actor1Type1Code"]) == ("RUSGOV", "Russia", "RUS", "GOV")
    assert (one["Actor2Code"], one["Actor2CountryCode"], one["Actor2Type1Code"]) == \
        ("USA", "USA", "")
    assert (one["EventCode"], one["EventBaseCode"], one["EventRootCode"]) == \
        ("0431", "043", "04")
    assert (one["QuadClass"], one["GoldsteinScale"]) == ("1", "2.8")
    assert (one["NumMentions"], one["NumSources"], one["NumArticles"], one["AvgTone"]) == \
        ("1", "1", "1", "")
    assert one["IsRootEvent"] == "1" and two["IsRootEvent"] == "0"
    assert [one[f"ActionGeo_{f}"] for f in ("Type", "FullName", "CountryCode", "ADM1Code",
                                             "ADM2Code", "Lat", "Long", "FeatureID")] == \
        ["4", "Geneva", "SZ", "SZGE", "", "46.2022", "6.1457", ""]
    assert all(one[c] == "" for c in GDELT_COLUMNS if c.startswith(("Actor1Geo", "Actor2Geo")))
    assert one["DATEADDED"] == "20160729000000"              # the article's publication date
    assert one["SOURCEURL"] == "https://example.org/a"
    # second: UN as a known group, a tab cleaned out of a name, codebook fills 040's values,
    # no event date -> the article's date
    assert (two["Actor1CountryCode"], two["Actor1KnownGroupCode"], two["Actor1Type1Code"]) == \
        ("", "UNO", "IGO")
    assert two["Actor2Name"] == "Syrian rebels"
    assert (two["QuadClass"], two["GoldsteinScale"]) == ("1", "1")
    assert two["SQLDATE"] == "20160729"
    assert (two["ActionGeo_Type"], two["ActionGeo_ADM1Code"], two["ActionGeo_FeatureID"]) == \
        ("4", "", "")


def test_header_option_and_determinism(make_article: MakeArticle) -> None:
    article = make_article(BODY)
    event = make_event(article)
    plain, with_header = io.StringIO(), io.StringIO()
    write_gdelt([event], {article.id: article}, plain)
    assert write_gdelt([event], {article.id: article}, with_header, header=True) == 1
    lines = with_header.getvalue().splitlines()
    assert lines[0].split("\t") == list(GDELT_COLUMNS)
    assert lines[1] == plain.getvalue().rstrip("\n")
    again = io.StringIO()
    write_gdelt([event], {article.id: article}, again)
    assert again.getvalue() == plain.getvalue()
    assert not plain.getvalue().startswith("GLOBALEVENTID")


def test_missing_article_and_values_leave_blanks(make_article: MakeArticle) -> None:
    article = make_article(BODY)
    event = make_event(article, date=None, place=None, goldstein=None, quad_class=None,
                       source=None, source_code=None, target="crowds", target_code=None)
    row = as_dict(gdelt_row(event, None))
    blank = [c for c, v in row.items() if v == ""]
    assert set(blank) >= {"SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code",
                          "Actor1Name", "Actor2Code", "IsRootEvent", "QuadClass",
                          "GoldsteinScale", "ActionGeo_Type", "DATEADDED", "SOURCEURL"}
    assert row["Actor2Name"] == "crowds" and row["EventCode"] == "0431"


@pytest.mark.parametrize(("feature", "fips", "admin1", "expected"), [
    ("country", "SY", None, ["1", "SY", "", "SY"]),
    ("admin1", "SY", "09", ["5", "SY", "SY09", "SY09"]),
    ("admin1", "US", "TX", ["2", "US", "USTX", "USTX"]),
    ("city", "US", "TX", ["3", "US", "USTX", ""]),
    ("city", None, None, ["4", "", "", ""]),
])
def test_geography_types(make_article: MakeArticle, feature: str, fips: str | None,
                         admin1: str | None, expected: list[str]) -> None:
    article = make_article(BODY)
    place = Place(article_id=article.id, start=0, end=1, text="x", name="X", country=None,
                  country_fips=fips, admin1=admin1, feature=feature, producer="places.test")
    row = as_dict(gdelt_row(make_event(article, place=place), article))
    assert [row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_ADM1Code"],
            row["ActionGeo_FeatureID"]] == expected


def test_event_ids_are_stable_64_bit_integers() -> None:
    assert gdelt_event_id("abc") == gdelt_event_id("abc") != gdelt_event_id("abd")
    assert 0 <= gdelt_event_id("abc") < 2**63


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed")
def test_read_back_with_pandas(make_article: MakeArticle) -> None:  # pragma: no cover - optional
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

    article = make_article(BODY)
    out = io.StringIO()
    write_gdelt([make_event(article), make_event(article, id="event-2")], {article.id: article},
                out)
    frame = pd.read_csv(io.StringIO(out.getvalue()), sep="\t", header=None,
                        names=list(GDELT_COLUMNS), dtype=str, keep_default_na=False)
    assert frame.shape == (2, 61)
    assert list(frame["EventCode"]) == ["0431", "0431"]
    assert list(frame["Actor1CountryCode"]) == ["RUS", "RUS"]


def test_country_code_only_for_a_country_block(make_article: MakeArticle) -> None:
    article = make_article(BODY)
    row = as_dict(gdelt_row(make_event(article, source_code="x1ygov", target_code="AFRIGO"),
                            article))
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == \
        ("X1YGOV", "", "GOV")
    # A CAMEO region is written like a country, as GDELT does.
    assert (row["Actor2CountryCode"], row["Actor2Type1Code"]) == ("AFR", "IGO")


def test_linked_actor_names_replace_the_text(make_article: MakeArticle) -> None:
    article = make_article(BODY)
    event = make_event(article, source_actor="a1", target_actor="a-unknown")
    row = as_dict(gdelt_row(event, article, actor_names={"a1": "Russian Federation"}))
    assert (row["Actor1Name"], row["Actor2Name"]) == ("Russian Federation", "the United States")
    assert as_dict(gdelt_row(event, article))["Actor1Name"] == "Russia"


# --- from the store ------------------------------------------------------------------------------


def _gdelt_store(store: SqliteStore, make_analysed_article: MakeArticle,
                 make_analysis: Callable[..., ArticleAnalysis],
                 make_actor: Callable[..., Actor]) -> list[ArticleAnalysis]:
    """Two analysed articles; the first article's first two events linked to a canonical name."""
    articles = [make_analysed_article("one"), make_analysed_article("two", url=None)]
    store.upsert_articles(articles)
    analyses = [make_analysis(a) for a in articles]
    store.save_analyses(analyses)
    ryabkov = make_actor("Sergey Viktorovich Ryabkov")
    first = analyses[0]
    store.replace_actors(
        [ryabkov], mention_actor_ids={}, quote_speaker_ids={},
        event_actor_ids={(first.article_id, first.events[0].id): (ryabkov.id, None),
                         (first.article_id, first.events[2].id): (ryabkov.id, None)},
    )
    return analyses


def test_export_gdelt_from_the_store_reads_back_with_pandas(
    store: SqliteStore,
    tmp_path: Path,
    make_analysed_article: MakeArticle,
    make_analysis: Callable[..., ArticleAnalysis],
    make_actor: Callable[..., Actor],
) -> None:
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

    analyses = _gdelt_store(store, make_analysed_article, make_analysis, make_actor)
    path = tmp_path / "events.export.tsv"
    with path.open("w", encoding="utf-8", newline="") as out:
        assert export_gdelt(store, out) == 6
    frame = pd.read_csv(path, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str,
                        keep_default_na=False)
    assert frame.shape == (6, 61)
    assert list(frame.columns) == list(GDELT_COLUMNS)
    rows = frame.to_dict("records")
    events = store.events()
    # One row per stored event, in the store's order (event date, then article, then start).
    assert [r["GLOBALEVENTID"] for r in rows] == [str(gdelt_event_id(e.id)) for e in events]
    assert [r["EventCode"] for r in rows] == [e.cameo for e in events]
    assert [r["SQLDATE"] for r in rows] == ["20160726"] * 4 + ["20160801"] * 2
    by_event = {e.id: r for e, r in zip(events, rows, strict=True)}
    told, ready, resume = (by_event[e.id] for e in analyses[0].events)
    # Linked: the actor's canonical name; unlinked: the text. Country from the code.
    assert (told["Actor1Code"], told["Actor1Name"], told["Actor1CountryCode"],
            told["Actor1Type1Code"]) == ("RUSGOV", "Sergey Viktorovich Ryabkov", "RUS", "GOV")
    assert (ready["Actor1Name"], ready["Actor1CountryCode"]) == ("Sergey Ryabkov", "RUS")
    assert resume["Actor1Name"] == "Sergey Viktorovich Ryabkov"  # written "The diplomat"
    # The target "reporters" is coded MED, a role, not a country.
    assert (told["Actor2Code"], told["Actor2Name"], told["Actor2CountryCode"],
            told["Actor2Type1Code"]) == ("MED", "reporters", "", "MED")
    assert all(ready[f"Actor2{f}"] == "" for f in ("Code", "Name", "CountryCode"))
    assert (told["EventBaseCode"], told["EventRootCode"], told["QuadClass"],
            told["GoldsteinScale"]) == ("010", "01", "1", "0")
    assert (resume["EventCode"], resume["EventRootCode"], resume["QuadClass"],
            resume["GoldsteinScale"]) == ("044", "04", "2", "2.5")
    # The article has no blank line: all of it is the lead paragraph.
    assert (told["IsRootEvent"], resume["IsRootEvent"]) == ("1", "1")
    assert all((r["NumMentions"], r["NumSources"], r["NumArticles"]) == ("1", "1", "1")
               for r in rows)
    assert [resume[f"ActionGeo_{f}"] for f in ("Type", "FullName", "CountryCode", "ADM1Code",
                                                "Lat", "Long", "FeatureID")] == \
        ["4", "Geneva", "SZ", "SZGE", "46.2022", "6.1457", ""]
    assert told["ActionGeo_Type"] == ""
    assert told["DATEADDED"] == "20160729000000"
    urls = {r["SOURCEURL"] for r in rows if r["GLOBALEVENTID"] in
            {str(gdelt_event_id(e.id)) for e in analyses[1].events}}
    assert urls == {"corpus/a.txt"}  # no URL: the source path
    assert {r["SOURCEURL"] for r in rows} == {"https://example.org/a", "corpus/a.txt"}


def test_export_gdelt_header_and_empty_store(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: Callable[..., ArticleAnalysis],
    make_actor: Callable[..., Actor],
) -> None:
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

    empty = io.StringIO()
    assert export_gdelt(store, empty) == 0 and empty.getvalue() == ""
    _gdelt_store(store, make_analysed_article, make_analysis, make_actor)
    plain, with_header = io.StringIO(), io.StringIO()
    assert export_gdelt(store, plain) == export_gdelt(store, with_header, header=True) == 6
    frame = pd.read_csv(io.StringIO(with_header.getvalue()), sep="\t", dtype=str,
                        keep_default_na=False)
    assert list(frame.columns) == list(GDELT_COLUMNS) and len(frame) == 6
    assert with_header.getvalue().split("\n", 1)[1] == plain.getvalue()
    again = io.StringIO()
    export_gdelt(store, again)
    assert again.getvalue() == plain.getvalue()


def test_export_gdelt_leaves_out_acts_the_text_says_did_not_happen(
    store: SqliteStore,
    make_analysed_article: MakeArticle,
    make_analysis: Callable[..., ArticleAnalysis],
) -> None:
    import dataclasses

    article = make_analysed_article("one")
    store.upsert_articles([article])
    analysis = make_analysis(article)
    base = analysis.events[0]
    variants = [("asserted", "190"), ("negated", "110"), ("negated", "120"),
                ("hypothetical", "190"), ("conditional", "057"), ("conditional", "036"),
                ("denied", "190"),
                ("alleged", "190"), ("threatened", "131")]
    events = tuple(dataclasses.replace(base, id=f"ev{i:014d}", cameo=code, modality=modality)
                   for i, (modality, code) in enumerate(variants))
    store.save_analyses([dataclasses.replace(analysis, events=events)])
    out = io.StringIO()
    written = export_gdelt(store, out)
    codes = sorted(line.split("\t")[26] for line in out.getvalue().splitlines())
    # asserted 190, refusal 120, conditional offer 036, alleged 190, threat 131 are event data.
    assert written == 5 and codes == ["036", "120", "131", "190", "190"]
    everything = io.StringIO()
    assert export_gdelt(store, everything, all_modalities=True) == len(variants)
