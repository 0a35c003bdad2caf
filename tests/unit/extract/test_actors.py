"""Actor mentions and descriptors: one hand-built text per rule.

Rules that need no model run on ``spacy.blank("en")`` documents; the ones that start from spaCy's
PERSON/ORG entities use the session's model (``nlp`` fixture).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
import spacy

from storyline.extract.actor_gazetteer import fold, fold_pieces, join_folded, lookup, skeleton
from storyline.extract.actors import ActorMention, actor_mentions, descriptors, mentions

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.extract.actor_gazetteer import ActorGazetteer

ARTICLE = "a1"


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def _run(nlp: Language, gazetteer: ActorGazetteer, text: str) -> list[ActorMention]:
    doc = nlp(text)
    found = list(actor_mentions(doc, article_id=ARTICLE, gazetteer=gazetteer))
    for item in found:
        m = item.mention
        assert text[m.start:m.end] == m.text
        assert m.article_id == ARTICLE and m.producer == "actors.rules.v1"
        for d in item.descriptors:
            assert text[d.start:d.end] == d.text
    return found


def _named(found: list[ActorMention], name: str) -> list[ActorMention]:
    return [i for i in found if i.name == name]


# --- the gazetteer ----------------------------------------------------------------------------


def test_gazetteer_is_immutable(actor_gazetteer: ActorGazetteer) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor_gazetteer.version = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        actor_gazetteer.entries["x"] = actor_gazetteer.entries["country:RUS"]  # type: ignore[index]
    assert actor_gazetteer.version.startswith("actors-")


def test_acronyms_only_match_in_capitals(actor_gazetteer: ActorGazetteer) -> None:
    assert [e.key for e in lookup(actor_gazetteer, "U.S.")] == ["country:USA"]
    assert [e.key for e in lookup(actor_gazetteer, "US")] == ["country:USA"]
    assert lookup(actor_gazetteer, "us") == ()
    assert lookup(actor_gazetteer, "is") == ()
    assert [e.key for e in lookup(actor_gazetteer, "the White house")] == ["inst:usa_white_house"]


def test_fold_and_skeleton() -> None:
    assert fold("the U.S. State Department") == "us state department"
    assert fold("Médecins  Sans-Frontières") == "medecins sans frontieres"
    assert skeleton("Dzhebhat EN-Nusra") == skeleton("Jabhat al-Nusra") == {"jbht", "nsr"}
    assert skeleton("al-Nusra Dzhebhat") == skeleton("Jabhat al-Nusra")
    assert skeleton("Nusra") == frozenset()


def test_fold_pieces_glue_into_the_fold_of_the_whole() -> None:
    for text in ("the U.S.-backed rebels", "Médecins  Sans-Frontières", "Russia’s", " - the -",
                 "THE White house", "Lt. Gen. Viktor Poznikhir", "the"):
        assert join_folded(fold_pieces(text)) == fold(text)
        for cut in range(len(text) + 1):
            head, tail = fold_pieces(text[:cut]), fold_pieces(text[cut:])
            assert join_folded([*head[:-1], head[-1] + tail[0], *tail[1:]]) == fold(text)
    assert fold_pieces("U.S.-backed") == ["us", "backed"]
    assert fold("the") == "the" and fold("the the") == "the"


def test_gazetteer_prefix_indexes(actor_gazetteer: ActorGazetteer) -> None:
    assert {"w", "white h", "white house"} <= actor_gazetteer.name_prefixes
    assert all(key[:n] in actor_gazetteer.name_prefixes
               for key in actor_gazetteer.names for n in range(1, len(key) + 1))
    assert all(key[:n] in actor_gazetteer.phrase_prefixes
               for key in actor_gazetteer.phrases for n in range(1, len(key) + 1))
    # Roles and institution types share one table; a role wins a tie.
    assert all(actor_gazetteer.phrases[k] is v for k, v in actor_gazetteer.roles.items())
    assert set(actor_gazetteer.phrases) == set(actor_gazetteer.roles) | set(
        actor_gazetteer.institution_types)


# --- known actors -----------------------------------------------------------------------------


def test_group_transliterations_and_aliases(blank: Language,
                                            actor_gazetteer: ActorGazetteer) -> None:
    text = ("The opposition must distance itself from “Dzhebhat EN-Nusra”. Jabhat al-Nusra, "
            "also called Nusra Front or al-Nusra, and DAESH are banned; so is Islamic State.")
    found = _run(blank, actor_gazetteer, text)
    keys = [(i.mention.text, i.key) for i in found if i.mention.kind == "group"]
    assert keys == [("Dzhebhat EN-Nusra", "group:nusra_front"),
                    ("Jabhat al-Nusra", "group:nusra_front"),
                    ("Nusra Front", "group:nusra_front"), ("al-Nusra", "group:nusra_front"),
                    ("DAESH", "group:islamic_state"), ("Islamic State", "group:islamic_state")]
    assert all(i.sector == "terrorist_group" for i in found if i.mention.kind == "group")


def test_countries_media_and_bodies(blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = ("Russia and the United States told us, TASS and Reuters reported. The Russian "
            "Federation asked the UN Security Council and the ICRC.")
    found = _run(blank, actor_gazetteer, text)
    got = {(i.mention.text, i.key, i.country) for i in found}
    assert ("Russia", "country:RUS", "RUS") in got
    assert ("United States", "country:USA", "USA") in got
    assert ("Russian Federation", "country:RUS", "RUS") in got
    assert ("TASS", "media:tass", "RUS") in got
    assert ("Reuters", "media:reuters", "GBR") in got
    assert ("UN Security Council", "body:unsc", "UNO") in got
    assert ("ICRC", "body:icrc", "NGO") in got
    assert not [i for i in found if i.mention.text == "us"]


def test_capital_as_government_only_outside_places_and_datelines(
        blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = ("MOSCOW, October 19. Moscow and Damascus launched an operation at 17:00 Moscow time. "
            "Talks in Moscow and Washington went on, and experts met in both Geneva and Amman. "
            "Kerry threatened to cut contacts with Moscow, accusations Washington denied.")
    found = [i for i in _run(blank, actor_gazetteer, text) if i.mention.kind == "country"]
    starts = [(i.mention.start, i.name) for i in found]
    expected = [(text.index("Moscow and Damascus"), "Russia"),
                (text.index("Damascus"), "Syria"),
                (text.index("with Moscow") + 5, "Russia"),
                (text.index("Washington denied"), "United States")]
    assert starts == expected


def test_institution_with_country_and_bare_reference(blank: Language,
                                                     actor_gazetteer: ActorGazetteer) -> None:
    text = ("The Russian defense ministry said so. The army of Syria held. Later the defense "
            "Ministry added more. The interior ministry was silent.")
    found = [i for i in _run(blank, actor_gazetteer, text) if i.mention.kind != "country"]
    got = [(i.mention.text, i.key, i.mention.form, i.name) for i in found]
    assert got == [
        ("Russian defense ministry", "inst:RUS:defence_ministry", "name",
         "Russian Ministry of Defence"),
        ("army of Syria", "inst:SYR:military", "name", "Syrian military"),
        ("the defense Ministry", "inst:RUS:defence_ministry", "nominal",
         "Russian Ministry of Defence"),
    ]
    assert found[0].descriptors[0].country == "RUS"
    assert found[0].descriptors[0].sector == "military"


# --- people and their descriptors -------------------------------------------------------------


def test_title_plus_name(blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = "Russian Deputy Foreign Minister Sergey Ryabkov told reporters on Wednesday."
    found = _run(blank, actor_gazetteer, text)
    person = _named(found, "Sergey Ryabkov")
    assert len(person) == 1 and person[0].mention.text == "Sergey Ryabkov"
    (d,) = person[0].descriptors
    assert d.text == "Russian Deputy Foreign Minister"
    assert (d.role, d.country, d.sector) == ("deputy foreign minister", "RUS", "government")
    assert d.producer == "actors.descriptors.v1"


def test_title_with_org_and_abbreviated_rank(blank: Language,
                                             actor_gazetteer: ActorGazetteer) -> None:
    text = ("US State Department spokeswoman Elizabeth Trudeau said this. "
            "Lt. Gen. Viktor Poznikhir of the Russian General Staff said that.")
    found = _run(blank, actor_gazetteer, text)
    (trudeau,) = _named(found, "Elizabeth Trudeau")
    (d,) = trudeau.descriptors
    assert (d.role, d.country, d.sector) == ("State Department spokeswoman", "USA", "government")
    (poz,) = _named(found, "Viktor Poznikhir")
    rank, staff = poz.descriptors
    assert (rank.text, rank.role, rank.sector) == ("Lt. Gen.", "lieutenant general", "military")
    assert (staff.country, staff.sector) == ("RUS", "military")


def test_possessive_title_and_for_phrase(blank: Language,
                                         actor_gazetteer: ActorGazetteer) -> None:
    text = ("Russia's Permanent Representative to the United Nations Alexei Borodavkin spoke. "
            "UN Special Envoy for Syria Staffan de Mistura spoke too.")
    found = _run(blank, actor_gazetteer, text)
    (boro,) = _named(found, "Alexei Borodavkin")
    (d,) = boro.descriptors
    assert d.role is not None and d.role.startswith("permanent representative")
    assert (d.country, d.sector) == ("RUS", "diplomat")
    # The model-free title rule finds a name spaCy often mislabels; "for Syria" is not his country.
    (envoy,) = _named(found, "Staffan de Mistura")
    (d,) = envoy.descriptors
    assert (d.country, d.sector) == ("UNO", "diplomat")
    assert d.role is not None and "envoy" in d.role


def test_of_phrase_country_after_role(blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = ("He met the Deputy Minister of foreign Affairs of the Russian Federation "
            "Mikhail Bogdanov yesterday.")
    (bogdanov,) = _named(_run(blank, actor_gazetteer, text), "Mikhail Bogdanov")
    (d,) = bogdanov.descriptors
    assert (d.role, d.country, d.sector) == ("deputy minister of foreign affairs", "RUS",
                                             "government")


def test_two_titles_strung_together_are_split(blank: Language,
                                              actor_gazetteer: ActorGazetteer) -> None:
    text = ("This was stated by the official representative of the Ministry of defense of "
            "Russia major-General Igor Konashenkov.")
    (person,) = _named(_run(blank, actor_gazetteer, text), "Igor Konashenkov")
    first, second = person.descriptors
    assert first.role == "official representative of the ministry of defence"
    assert (first.country, first.sector) == ("RUS", "military")
    assert (second.role, second.sector) == ("major-general", "military")


def test_apposition(nlp: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = ("The battle is devastating, Peter Maurer, president of the International Committee "
            "of the Red Cross (ICRC), said on Monday.")
    found = _run(nlp, actor_gazetteer, text)
    (maurer,) = _named(found, "Peter Maurer")
    (d,) = maurer.descriptors
    assert d.role == "president of the International Committee of the Red Cross"
    assert (d.country, d.sector) == ("NGO", "ngo")


def test_bracketed_given_name_and_title(nlp: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = "Information on the meeting (Russian President) Mr (Vladimir) Putin in Hangzhou."
    (putin,) = _named(_run(nlp, actor_gazetteer, text), "Vladimir Putin")
    assert putin.mention.text == "(Vladimir) Putin"
    (d,) = putin.descriptors
    assert (d.role, d.country, d.sector) == ("president", "RUS", "government")


def test_nationality_only_descriptor(blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = "Earlier, canadian political scientist Piotr Dutkiewicz asked a question."
    (person,) = _named(_run(blank, actor_gazetteer, text), "Piotr Dutkiewicz")
    (d,) = person.descriptors
    assert (d.role, d.country, d.sector) == ("political scientist", "CAN", "expert")


def test_surname_spacy_missed_is_recovered(nlp: Language,
                                           actor_gazetteer: ActorGazetteer) -> None:
    text = ("Russian Foreign Minister Sergei Lavrov met US Secretary of State John Kerry. "
            "Lavrov said experts should work. Kerry agreed with Lavrov.")
    found = _run(nlp, actor_gazetteer, text)
    lavrov = [i for i in found if i.mention.text == "Lavrov"]
    assert len(lavrov) == 2
    assert all(i.mention.kind == "person" and i.mention.form == "surname" for i in lavrov)


# --- nominals -----------------------------------------------------------------------------------


def test_nominal_resolves_to_the_one_fitting_person(blank: Language,
                                                    actor_gazetteer: ActorGazetteer) -> None:
    text = ("Russian Defence Minister Sergei Shoigu said talks began. US State Department "
            "spokeswoman Elizabeth Trudeau said nothing. The defence minister also ordered "
            "airdrops. The minister said cooperation was concrete.")
    found = _run(blank, actor_gazetteer, text)
    nominals = [(i.mention.text, i.name) for i in found if i.mention.form == "nominal"]
    assert nominals == [("The defence minister", "Sergei Shoigu"),
                        ("The minister", "Sergei Shoigu")]
    first = next(i for i in found if i.mention.form == "nominal")
    assert first.antecedent == (text.index("Sergei Shoigu"),
                                text.index("Sergei Shoigu") + len("Sergei Shoigu"))
    assert first.descriptors[0].role == "defence minister"


def test_nominal_class_and_org(blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = ("Russia's Permanent Representative Alexei Borodavkin spoke. \"It began,\" the "
            "diplomat said. Official representative of the Ministry of defense of Russia "
            "Igor Konashenkov spoke. The representative of the defense Ministry reported.")
    found = _run(blank, actor_gazetteer, text)
    nominals = [(i.mention.text, i.name) for i in found if i.mention.form == "nominal"
                and i.mention.kind == "person"]
    assert nominals == [("the diplomat", "Alexei Borodavkin"),
                        ("The representative of the defense Ministry", "Igor Konashenkov")]


def test_ambiguous_or_unanchored_nominal_is_dropped(blank: Language,
                                                    actor_gazetteer: ActorGazetteer) -> None:
    text = ("The diplomat arrived first. Russian Foreign Minister Sergei Lavrov and Defence "
            "Minister Sergei Shoigu spoke. The minister said no.")
    found = _run(blank, actor_gazetteer, text)
    assert [i for i in found if i.mention.form == "nominal"] == []


def test_nominal_country_must_fit(blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = "Russian Defence Minister Sergei Shoigu spoke. The British defence minister did not."
    found = _run(blank, actor_gazetteer, text)
    assert [i for i in found if i.mention.form == "nominal"] == []


# --- the API ------------------------------------------------------------------------------------


def test_generator_views_and_no_mutation(nlp: Language, actor_gazetteer: ActorGazetteer) -> None:
    text = "Russian Defence Minister Sergei Shoigu told TASS that Moscow and Damascus agreed."
    doc = nlp(text)
    before = (doc.text, [(e.start, e.end, e.label_) for e in doc.ents], doc.to_bytes())
    result = actor_mentions(doc, article_id=ARTICLE, gazetteer=actor_gazetteer)
    assert iter(result) is result
    items = list(result)
    assert [m for m in mentions(doc, article_id=ARTICLE, gazetteer=actor_gazetteer)] == \
        [i.mention for i in items]
    pairs = list(descriptors(doc, article_id=ARTICLE, gazetteer=actor_gazetteer))
    assert pairs and all(d in next(i.descriptors for i in items if i.mention == m)
                         for m, d in pairs)
    assert before == (doc.text, [(e.start, e.end, e.label_) for e in doc.ents], doc.to_bytes())


def test_empty_and_punctuation_only(blank: Language, actor_gazetteer: ActorGazetteer) -> None:
    assert _run(blank, actor_gazetteer, "") == []
    assert _run(blank, actor_gazetteer, " ,.;( )“”- \n\n") == []


def test_outlet_gives_sector_not_nationality(blank: Language,
                                             actor_gazetteer: ActorGazetteer) -> None:
    text = "Reuters correspondent Maria Tsvetkova reported from the city."
    (person,) = _named(_run(blank, actor_gazetteer, text), "Maria Tsvetkova")
    (d,) = person.descriptors
    assert (d.role, d.country, d.sector) == ("Reuters correspondent", None, "media")
