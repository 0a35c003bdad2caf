"""The event coder, on hand-built sentences: one rule per test.

Codes, compound actors, passives, reported speech and every modality run on the configured model
(the session fixture ``nlp``); actors come from a fixed name table (:func:`name_coder`), so these
tests exercise the coder's rules, not the actor extractor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
import spacy
from event_builders import NAMES, name_coder

from storyline.extract.codebook import Codebook, load_codebook
from storyline.extract.event_lexicon import EventLexicon, load_event_lexicon
from storyline.extract.events import PRODUCER, events
from storyline.records import Event, Place, Quote, TimeExpr

if TYPE_CHECKING:
    from spacy.language import Language

@pytest.fixture(scope="module")
def codebook() -> Codebook:
    """The CAMEO codebook, loaded once."""
    return load_codebook()


@pytest.fixture(scope="module")
def event_lexicon() -> EventLexicon:
    """The packaged event lexicon, loaded once."""
    return load_event_lexicon()


Code = Callable[..., list[Event]]


@pytest.fixture()
def code(nlp: Language, event_lexicon: EventLexicon, codebook: Codebook) -> Code:
    """Code a text (actors from a name table) and check every event's offsets slice back."""

    def run(text: str, names: dict[str, str] = NAMES, **kwargs: Any) -> list[Event]:
        doc = nlp(text)
        found = list(events(doc, article_id="a1", lexicon=event_lexicon, codebook=codebook,
                            actor_code=name_coder(text, names), **kwargs))
        for e in found:
            assert text[e.start:e.end] and text[e.trigger_start:e.trigger_end] == e.trigger
            if e.source_start is not None:
                assert text[e.source_start:e.source_end] == e.source
            if e.target_start is not None:
                assert text[e.target_start:e.target_end] == e.target
            assert e.producer == PRODUCER and e.article_id == "a1" and e.rule
        return found

    return run


def pick(found: list[Event], source: str | None, code: str, target: str | None = None) -> Event:
    """The event with this source code, CAMEO code (prefix) and target code."""
    hits = [e for e in found if e.source_code == source and e.cameo.startswith(code)
            and (target is None or e.target_code == target)]
    assert hits, [(e.source_code, e.cameo, e.target_code, e.modality, e.rule) for e in found]
    return hits[0]


def triples(found: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source_code, e.cameo, e.target_code) for e in found}


# --- codes ---------------------------------------------------------------------------------------

def test_held_talks_is_a_reciprocal_negotiation(code: Code) -> None:
    found = code("Russia and the United States held talks in Geneva on Friday.")
    assert {("RUS", "046", "USA"), ("USA", "046", "RUS")} <= triples(found)
    assert pick(found, "RUS", "046").plover == "CONSULT"


def test_visit_gives_the_host_event_too(code: Code) -> None:
    found = code("Putin visited Turkey on Monday.")
    assert {("RUSGOV", "042", "TUR"), ("TUR", "043", "RUSGOV")} <= triples(found)


def test_accuse_and_criticise(code: Code) -> None:
    assert pick(code("France criticized Iran."), "FRA", "111", "IRN")
    assert pick(code("France accused Iran."), "FRA", "112", "IRN")


def test_impose_sanctions_on_a_compound_source(code: Code) -> None:
    found = code("France and Britain imposed sanctions on Iran.")
    assert {("FRA", "163", "IRN"), ("GBR", "163", "IRN")} <= triples(found)


def test_codebook_values_are_filled_in(code: Code, codebook: Codebook) -> None:
    e = pick(code("Russia attacked Georgia."), "RUS", "190", "GEO")
    entry = codebook.get("190")
    assert entry is not None
    assert (e.goldstein, e.quad_class, e.plover) == (entry.goldstein, 4, entry.plover)


def test_refinement_by_modifier(code: Code) -> None:
    e = pick(code("France delivered humanitarian aid to Syria."), "FRA", "07", "SYR")
    assert e.cameo == "073"


# --- actors --------------------------------------------------------------------------------------

def test_passive_agent_is_the_source(code: Code) -> None:
    assert pick(code("Iran was condemned by France on Tuesday."), "FRA", "111", "IRN")


def test_participle_with_agent(code: Code) -> None:
    found = code("A ceasefire brokered by Russia and the United States came into effect.")
    assert {("RUS", "0871", "USA"), ("USA", "0871", "RUS")} <= triples(found)


def test_event_noun_with_national_modifiers(code: Code) -> None:
    found = code("Russian-U.S. consultations have started in Geneva.",
                 names={**NAMES, "Russian": "RUS"})
    assert {("RUS", "046", "USA"), ("USA", "046", "RUS")} <= triples(found)


def test_control_gives_the_infinitive_its_subject(code: Code) -> None:
    found = code("Russia is ready to resume contacts with the United States.")
    e = pick(found, "RUS", "036", "USA")
    assert e.modality == "offered" and "ready" in e.rule


def test_object_control_urge(code: Code) -> None:
    e = pick(code("France urged Iran to release the prisoners."), "FRA", "02", "IRN")
    assert e.cameo == "0253" and e.modality == "asserted"


def test_demand_targets_the_clause_subject(code: Code) -> None:
    e = pick(code("Russia demanded that Georgia withdraw its troops."), "RUS", "10", "GEO")
    assert e.cameo == "1056"


def test_no_event_with_itself(code: Code) -> None:
    assert not [e for e in code("Russia criticized Moscow.") if e.cameo == "111"]


# --- reported speech and quotations --------------------------------------------------------------

def test_reported_speech_is_asserted_by_the_reporter(code: Code) -> None:
    found = code("Lavrov said that Syria attacked Turkey.", outlet="TASS")
    e = pick(found, "SYR", "190", "TUR")
    assert (e.asserted_by, e.asserted_by_kind, e.modality) == ("Lavrov", "speaker", "asserted")
    assert not [x for x in found if x.cameo.startswith("01")]  # "said" is no 010 statement


def test_outlet_asserts_the_rest(code: Code) -> None:
    e = pick(code("Syria attacked Turkey.", outlet="TASS"), "SYR", "190", "TUR")
    assert (e.asserted_by, e.asserted_by_kind) == ("TASS", "outlet")


def test_quotation_speaker_and_first_person(code: Code) -> None:
    text = '"We will not agree to talks with Turkey," Lavrov said.'
    quote = Quote(article_id="a1", text=text[1:text.index(',"')], start=1,
                  end=text.index(',"'), speaker="Lavrov", speaker_start=text.index("Lavrov"),
                  speaker_end=text.index("Lavrov") + 6, speaker_name="Sergei Lavrov", direct=True,
                  producer="test")
    found = code(text, quotes=[quote], outlet="TASS")
    e = pick(found, "RUSGOV", "12", "TUR")
    assert e.source == "We" and e.asserted_by == "Sergei Lavrov" and e.modality == "negated"


# --- modality ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "source", "cameo", "target", "modality"), [
    ("Russia attacked Georgia.", "RUS", "190", "GEO", "asserted"),
    ("Russia will meet Turkey next week.", "RUS", "036", "TUR", "intended"),
    ("Russia is about to restore ties with Georgia.", "RUS", "050", "GEO", "intended"),
    ("Russia is ready to resume talks with Turkey.", "RUS", "036", "TUR", "offered"),
    ("Kerry threatened to cut ties with Russia.", "USAGOV", "1313", "RUS", "threatened"),
    ("The U.S. is preparing to suspend cooperation with Russia unless the attacks end.",
     "USA", "131", "RUS", "threatened"),
    ("Russia will resume talks with Turkey if the attacks stop.", "RUS", "036", "TUR",
     "conditional"),
    ("Russia may attack Georgia.", "RUS", "190", "GEO", "hypothetical"),
    ("Russia did not attack Georgia.", "RUS", "190", "GEO", "negated"),
    ("Russia won't extend the truce with Georgia.", "RUS", "1246", "GEO", "negated"),
    ("Israel refused to meet Jordan.", "ISR", "125", "JOR", "asserted"),
])
def test_modality(code: Code, text: str, source: str, cameo: str, target: str,
                  modality: str) -> None:
    e = pick(code(text), source, cameo, target)
    assert (e.cameo, e.modality) == (cameo, modality), e.rule


def test_denial(code: Code) -> None:
    found = code("Russia denied that Syria attacked Turkey.")
    assert pick(found, "SYR", "190", "TUR").modality == "denied"
    assert pick(found, "SYR", "190", "TUR").asserted_by == "Russia"
    assert pick(found, "RUS", "016").modality == "asserted"


def test_accusation_makes_the_act_alleged(code: Code) -> None:
    found = code("Turkey accused Syria of attacking Iraq.")
    act = pick(found, "SYR", "190", "IRQ")
    assert act.modality == "alleged" and act.asserted_by == "Turkey"
    assert pick(found, "TUR", "112", "SYR").cameo == "1123"


def test_denied_accusation_targets_the_accuser(code: Code) -> None:
    found = code("The U.S. blamed Russia for an attack, accusations Moscow has denied.")
    assert pick(found, "USA", "112", "RUS")
    assert pick(found, "RUS", "016", "USA")
    assert pick(found, "RUS", "190").modality == "alleged"


# --- when, where, why ----------------------------------------------------------------------------

def test_date_from_the_clause_else_the_article(code: Code) -> None:
    text = "Russia attacked Georgia on Monday."
    start = text.index("Monday")
    timex = TimeExpr(article_id="a1", text="Monday", start=start, end=start + 6, type="DATE",
                     value="2016-10-17", date=dt.date(2016, 10, 17), granularity="day",
                     producer="test")
    e = pick(code(text, times=[timex], published=dt.date(2016, 10, 20)), "RUS", "190")
    assert (e.date, e.date_source, e.date_granularity) == (dt.date(2016, 10, 17), "timex", "day")
    e = pick(code(text, published=dt.date(2016, 10, 20)), "RUS", "190")
    assert (e.date, e.date_source) == (dt.date(2016, 10, 20), "article")
    e = pick(code(text), "RUS", "190")
    assert (e.date, e.date_source) == (None, None)


def test_place_from_the_sentence(code: Code) -> None:
    text = "Russia and Turkey held talks in Geneva."
    start = text.index("Geneva")
    place = Place(article_id="a1", start=start, end=start + 6, text="Geneva", name="Geneva",
                  country="CHE", producer="test")
    e = pick(code(text, places=[place]), "RUS", "046", "TUR")
    assert e.place == place


def test_rule_names_the_entry_and_the_frame(code: Code) -> None:
    e = pick(code("Russia is ready to resume contacts with Turkey."), "RUS", "036")
    assert e.rule.startswith("verbs.v1:resume+CONTACT→040|willing:ready→036")
    assert e.trigger == "resume contacts"


def test_ids_are_stable_and_distinct(code: Code) -> None:
    a = code("Russia and the United States held talks.")
    b = code("Russia and the United States held talks.")
    assert [e.id for e in a] == [e.id for e in b]
    assert len({e.id for e in a}) == len(a)


def test_doc_is_not_modified(nlp: Language, event_lexicon: EventLexicon,
                             codebook: Codebook) -> None:
    doc = nlp("Russia attacked Georgia.")
    before = [(t.dep_, t.head.i, t.ent_type_) for t in doc]
    list(events(doc, article_id="a", lexicon=event_lexicon, codebook=codebook,
                actor_code=name_coder(doc.text)))
    assert [(t.dep_, t.head.i, t.ent_type_) for t in doc] == before


def test_unparsed_doc_gives_nothing(event_lexicon: EventLexicon, codebook: Codebook) -> None:
    doc = spacy.blank("en")("Russia attacked Georgia.")
    assert list(events(doc, article_id="a", lexicon=event_lexicon, codebook=codebook,
                       actor_code=name_coder(doc.text))) == []


# --- actor composition and target slots ----------------------------------------------------------

def test_coordinated_agents_share_a_group_phrase(code: Code) -> None:
    names = {"Lawmakers": "LEG", "officials": "GOV", "France": "FRA", "Britain": "GBR",
             "Iran": "IRN"}
    found = code("Lawmakers and officials in France and Britain criticized Iran.", names)
    assert {("FRALEG", "111", "IRN"), ("GBRLEG", "111", "IRN"), ("FRAGOV", "111", "IRN"),
            ("GBRGOV", "111", "IRN")} <= triples(found)


def test_a_name_hung_as_apposition_in_a_list_is_a_conjunct(code: Code) -> None:
    found = code("France and the awful Britain criticized Iran.")
    assert {("FRA", "111", "IRN"), ("GBR", "111", "IRN")} <= triples(found)


def test_a_list_hanging_from_an_apposition_gives_every_member(code: Code,
                                                              nlp: Language) -> None:
    # The small model hangs "the Shire" as an apposition of France, and the rest of the list
    # from it (the parse is asserted so that the test keeps testing that case).
    text = "France, the Shire, Arnor and Bree criticized Iran."
    assert [(t.dep_, t.head.text) for t in nlp(text)][3] == ("appos", "France")
    names = {"France": "FRA", "Shire": "SHR", "Arnor": "ARN", "Bree": "BRE", "Iran": "IRN"}
    found = code(text, names)
    assert {("FRA", "111", "IRN"), ("SHR", "111", "IRN"), ("ARN", "111", "IRN"),
            ("BRE", "111", "IRN")} <= triples(found)


def test_a_role_of_several_countries_is_one_actor_per_country(code: Code) -> None:
    names = {"ambassadors": "GOV", "France": "FRA", "Britain": "GBR", "Spain": "ESP",
             "Iran": "IRN"}
    found = code("The ambassadors of France, Britain and Spain criticized Iran.", names)
    assert {("FRAGOV", "111", "IRN"), ("GBRGOV", "111", "IRN"),
            ("ESPGOV", "111", "IRN")} <= triples(found)


def test_a_compound_name_is_not_a_shared_modifier(code: Code) -> None:
    names = {"Minas Tirith": "GON", "Osgiliath": "OSG", "France": "FRA"}
    found = code("France criticized Minas Tirith and Osgiliath.", names)
    assert {("FRA", "111", "GON"), ("FRA", "111", "OSG")} <= triples(found)
    assert all(e.target != "Minas Tirith and Osgiliath" for e in found)


def test_root_prepositions_after_the_entry_slots(code: Code) -> None:
    found = code("France imposed import restrictions against Iran.")
    assert pick(found, "FRA", "172", "IRN")


def test_a_frame_alone_takes_its_target_from_the_embedded_act(code: Code) -> None:
    found = code("Iran threatened to cut off electricity to Turkey.")
    assert pick(found, "IRN", "13", "TUR")


def test_plural_demonym_is_coded_by_the_gazetteer() -> None:
    from storyline.extract.actor_gazetteer import load_actor_gazetteer
    from storyline.extract.event_actors import mention_actor_code

    text = "Israeli soldiers arrested 100 Palestinians."
    actor_code = mention_actor_code([], text=text, gazetteer=load_actor_gazetteer())
    start = text.index("Palestinians")
    ref = actor_code(start, start + len("Palestinians"))
    assert ref is not None and ref.code == "PSE"
    assert actor_code(0, len("Israeli")) is not None


def _verb_codes(nlp: Language, lexicon: EventLexicon, text: str) -> list[str | None]:
    from storyline.extract.event_triggers import find_triggers

    doc = nlp(text)
    return [t.entry.code for t in find_triggers(next(iter(doc.sents)), lexicon)
            if t.kind == "verb"]


@pytest.fixture(scope="module")
def object_phrase_lexicon(event_lexicon: EventLexicon) -> EventLexicon:
    """The packaged lexicon with entries that need a phrase on their object."""
    from storyline.extract.event_lexicon import TriggerEntry, extend_lexicon

    memos = frozenset({"memo", "memos"})
    return extend_lexicon(event_lexicon, [
        TriggerEntry(key="condemn+attack(by)", lemma="condemn", objects=frozenset({"attack"}),
                     object_prep="by", code="112", targets=("by",)),
        TriggerEntry(key="condemn+attack", lemma="condemn", objects=frozenset({"attack"}),
                     code="113"),
        TriggerEntry(key="welcome+memos(on)", lemma="welcome", objects=memos, object_prep="on",
                     object_prep_objects=frozenset({"economic"}), code="092"),
        TriggerEntry(key="welcome+memos(on)(from)", lemma="welcome", objects=memos,
                     object_prep="on", object_prep_objects=frozenset({"economic"}), prep="from",
                     code="091", targets=("from",)),
    ], version="test")


def test_an_object_phrase_makes_the_entry_more_specific(
        nlp: Language, object_phrase_lexicon: EventLexicon) -> None:
    assert _verb_codes(nlp, object_phrase_lexicon, "Russia condemned an attack by Turkey.") == \
        ["112"]
    assert _verb_codes(nlp, object_phrase_lexicon, "Russia condemned an attack.") == ["113"]
    assert _verb_codes(nlp, object_phrase_lexicon,
                       "Russia condemned the attack in Aleppo.") == ["113"]


def test_an_object_phrase_hung_on_the_verb_counts(nlp: Language,
                                                  object_phrase_lexicon: EventLexicon) -> None:
    text = "Calenardhon welcomed memos on economic issue from Bree on its role in the talks."
    doc = nlp(text)
    on = next(t for t in doc if t.lower_ == "on")
    assert on.head.lower_ == "welcomed"  # the parse this test is about
    assert _verb_codes(nlp, object_phrase_lexicon, text) == ["091"]


def test_an_object_phrase_noun_is_its_head_or_a_modifier(
        nlp: Language, object_phrase_lexicon: EventLexicon) -> None:
    assert _verb_codes(nlp, object_phrase_lexicon,
                       "Russia welcomed memos on economic issues.") == ["092"]
    assert "092" not in _verb_codes(nlp, object_phrase_lexicon,
                                    "Russia welcomed memos on the weather.")


def test_an_object_phrase_target(nlp: Language, object_phrase_lexicon: EventLexicon,
                                 codebook: Codebook) -> None:
    text = "Russia condemned an attack by Turkey."
    found = list(events(nlp(text), article_id="a1", lexicon=object_phrase_lexicon,
                        codebook=codebook, actor_code=name_coder(text)))
    assert triples(found) == {("RUS", "112", "TUR")}
