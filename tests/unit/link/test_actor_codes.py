"""CAMEO-style actor codes from roles and countries, with provenance; user dictionaries on top.

Most tests build :class:`Actor` and :class:`ActorMention` records by hand, so that the rules are
tested apart from the actor extractor; one test runs the whole chain on the sample corpus.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from storyline.extract.actor_gazetteer import ActorGazetteer, load_actor_gazetteer
from storyline.link.actor_codes import ActorCode, actor_code, mention_actor_code, mention_code
from storyline.link.actor_dictionary import ActorDictionary, load_actor_dictionary
from storyline.records import Actor, ActorKind, ActorMention, Descriptor, Mention

ROOT = Path(__file__).resolve().parents[3]


@cache
def _gazetteer() -> ActorGazetteer:
    return load_actor_gazetteer()


def _descriptor(text: str, *, role: str | None = None, country: str | None = None,
                sector: str | None = None, start: int = 0) -> Descriptor:
    return Descriptor(article_id="a", text=text, start=start, end=start + len(text), role=role,
                      country=country, sector=sector, producer="test")


def _person(name: str, *descriptors: Descriptor, kind: ActorKind = "person",
            code: str | None = None) -> Actor:
    """An actor as the link stage merges it: role, country and sector from its descriptors."""
    role = max((d.role for d in descriptors if d.role), key=len, default=None)
    country = next((d.country for d in descriptors if d.country), None)
    sector = next((d.sector for d in descriptors if d.sector), None)
    return Actor(id="x", name=name, aliases=(), kind=kind, role=role, country=country,
                 sector=sector, code=code, descriptors=descriptors)


# --- roles -> codes ---------------------------------------------------------------------------


def test_defence_minister_is_government_with_a_military_role() -> None:
    # Phoenix.agents.txt codes DEFENSE_MINIST [~GOVMIL]: GOV first, MIL second.
    shoigu = _person("Sergei Shoigu", _descriptor("Russian Defence Minister",
                                                  role="defence minister", country="RUS",
                                                  sector="government"))
    code = actor_code(shoigu)
    assert (code.code, code.country, code.sector_code, code.secondary) == (
        "RUSGOV", "RUS", "GOV", ("MIL",))
    assert code.full_code == "RUSGOVMIL"
    assert "'Russian Defence Minister'" in code.provenance
    assert "defence minister" in code.provenance


def test_spokeswoman_takes_the_role_of_the_body_she_speaks_for() -> None:
    trudeau = _person("Elizabeth Trudeau", _descriptor(
        "US State Department spokeswoman", role="State Department spokeswoman",
        country="USA", sector="government"))
    assert actor_code(trudeau).code == "USAGOV"
    # A spokesman of the defence ministry (a major-general) speaks for a military body.
    konashenkov = _person("Igor Konashenkov", _descriptor(
        "official representative of the Ministry of defense of Russia",
        role="official representative of the ministry of defence", country="RUS",
        sector="military"))
    assert actor_code(konashenkov).code == "RUSMIL"


@pytest.mark.parametrize(("text", "role", "country", "sector", "want"), [
    ("Syrian rebels", None, "SYR", "rebels", "SYRREB"),
    ("Russian Deputy Foreign Minister", "deputy foreign minister", "RUS", "government", "RUSGOV"),
    ("U.S. Secretary of State", "secretary of state", "USA", "government", "USAGOV"),
    ("Lt. Gen.", "lieutenant general", "RUS", "military", "RUSMIL"),
    ("Russian ambassador", "ambassador", "RUS", "diplomat", "RUSGOV"),
    ("Syrian police officer", "police officer", "SYR", None, "SYRCOP"),
    ("Turkish judge", "judge", "TUR", None, "TURJUD"),
    ("US senator", "senator", "USA", "government", "USALEG"),
    ("Syrian insurgents", "insurgents", "SYR", None, "SYRINS"),
    ("Syrian militants", "militants", "SYR", "rebels", "SYRUAF"),
    ("opposition activist", "activist", "SYR", "ngo", "SYROPP"),
    ("Russian journalist", "journalist", "RUS", "media", "RUSMED"),
    ("canadian political scientist", "political scientist", "CAN", "expert", "CANEDU"),
    ("former US president", "former president", "USA", "government", "USAELI"),
    ("Syrian civilians", "civilians", "SYR", None, "SYRCVL"),
    ("Secretary-General of the Arab League", "secretary-general", "EGY", None, "EGYGOV"),
])
def test_roles_and_countries(text: str, role: str | None, country: str, sector: str | None,
                             want: str) -> None:
    actor = _person(text, _descriptor(text, role=role, country=country, sector=sector),
                    kind="person" if role else "group")
    assert actor_code(actor).code == want


def test_a_role_without_a_country_is_coded_alone() -> None:
    assert actor_code(_person("someone", _descriptor("the police chief",
                                                     role="police chief"))).code == "COP"
    nobody = actor_code(_person("Jason DeCrow"))
    assert nobody.code is None and nobody.provenance == "no country, role or reference code"


def test_former_officials_are_elites_with_their_old_role_second() -> None:
    code = actor_code(_person("x", _descriptor("former Russian defence minister",
                                               role="former defence minister", country="RUS")))
    assert (code.code, code.secondary) == ("RUSELI", ("GOV",))


# --- international actors and the reference data ----------------------------------------------


def test_un_envoy_is_uno() -> None:
    mistura = _person("Staffan de Mistura", _descriptor(
        "UN Special Envoy for Syria", role="United Nations special envoy", country="UNO",
        sector="diplomat"))
    code = actor_code(mistura)
    assert (code.code, code.country, code.sector_code) == ("UNO", "UNO", None)
    assert actor_code(mistura, gazetteer=_gazetteer()).code == "UNO"


def test_icrc_and_its_president() -> None:
    icrc = Actor(id="x", name="International Committee of the Red Cross", aliases=("ICRC",),
                 kind="organization", country="NGO", sector="ngo", code="NGOIRC")
    assert actor_code(icrc).code == "NGOIRC"
    code = actor_code(icrc, gazetteer=_gazetteer())
    assert code.code == "NGOIRC" and "body:icrc" in code.provenance
    maurer = _person("Peter Maurer", _descriptor(
        "president of the International Committee of the Red Cross (ICRC)",
        role="president of the International Committee of the Red Cross", country="NGO",
        sector="ngo"))
    assert actor_code(maurer).code == "NGO"  # without the gazetteer: the type only
    code = actor_code(maurer, gazetteer=_gazetteer())
    assert code.code == "NGOIRC" and "names body:icrc" in code.provenance


def test_countries_groups_and_institutions_keep_their_reference_codes() -> None:
    russia = Actor(id="x", name="Russia", aliases=("Moscow",), kind="country", country="RUS",
                   code="RUS")
    assert actor_code(russia).code == "RUS"
    nusra = Actor(id="x", name="Jabhat al-Nusra", aliases=(), kind="group",
                  sector="terrorist_group", code="IMGMOSNUS")
    code = actor_code(nusra, gazetteer=_gazetteer())
    assert code.code == "IMGMOSNUS" and "group:nusra_front" in code.provenance
    white_house = Actor(id="x", name="White House", aliases=(), kind="organization",
                        country="USA", sector="government", code="USAGOV")
    code = actor_code(white_house)
    assert (code.code, code.country, code.sector_code) == ("USAGOV", "USA", "GOV")
    # An institution the reference data does not know is coded from its name.
    nsc = Actor(id="x", name="National Security Council", aliases=("NSC",),
                kind="organization", country="USA")
    assert actor_code(nsc).full_code == "USAGOVMIL"


# --- user dictionaries ------------------------------------------------------------------------


@pytest.fixture()
def user_dictionary(tmp_path: Path) -> ActorDictionary:
    actors = tmp_path / "mine.actors.txt"
    actors.write_text("SERGEI_SHOIGU\n\t[RUSMIL]\nSYRIA [SYR]\n+SYRIAN\nRUSSIA [RUS]\n+RUSSIAN\n"
                      "SAM_GAMGEE [HOB]\n\t[HOBGOV 20121109-20130119]\n", encoding="utf-8")
    agents = tmp_path / "mine.agents.txt"
    agents.write_text("POLICE {} [~COP]\nFIGHTER [~UAF]\n", encoding="utf-8")
    return load_actor_dictionary(actors, agents=agents)


def test_a_user_dictionary_overrides_the_rules(user_dictionary: ActorDictionary) -> None:
    shoigu = _person("Sergei Shoigu", _descriptor("Russian Defence Minister",
                                                  role="defence minister", country="RUS",
                                                  sector="government"))
    code = actor_code(shoigu, dictionary=user_dictionary)
    assert code.code == "RUSMIL"
    assert code.provenance == "dictionary mine.actors.txt:1 SERGEI_SHOIGU [RUSMIL]"


def test_a_user_dictionary_extends_the_rules(user_dictionary: ActorDictionary) -> None:
    police = _person("Syrian police", _descriptor("Syrian police", country="SYR"),
                     kind="organization")
    code = actor_code(police, dictionary=user_dictionary)
    assert code.code == "SYRCOP" and "POLICE [~COP]" in code.provenance
    # Words the dictionary does not know fall through to the rules.
    trudeau = _person("Elizabeth Trudeau", _descriptor(
        "US State Department spokeswoman", role="State Department spokeswoman",
        country="USA", sector="government"))
    assert actor_code(trudeau, dictionary=user_dictionary).code == "USAGOV"


def test_dictionary_date_restrictions(user_dictionary: ActorDictionary) -> None:
    sam = _person("Sam Gamgee")
    assert actor_code(sam, dictionary=user_dictionary, date=dt.date(2012, 12, 25)).code == \
        "HOBGOV"
    assert actor_code(sam, dictionary=user_dictionary, date=dt.date(2014, 1, 4)).code == "HOB"


# --- mentions ---------------------------------------------------------------------------------


def _mention(text: str, *, kind: ActorKind = "person", code: str | None = None,
             country: str | None = None, descriptors: tuple[Descriptor, ...] = ()) -> ActorMention:
    return ActorMention(mention=Mention(article_id="a", text=text, start=0, end=len(text),
                                        kind=kind, form="name", producer="test"),
                        name=text, code=code, country=country, descriptors=descriptors)


def test_mention_code_order(user_dictionary: ActorDictionary) -> None:
    moscow = _mention("Moscow", kind="country", code="RUS", country="RUS")
    assert mention_code(moscow, dictionary=None) == "RUS"  # the gazetteer's code
    shoigu = _mention("Sergei Shoigu", descriptors=(_descriptor(
        "Russian Defence Minister", role="defence minister", country="RUS",
        sector="government"),))
    assert mention_code(shoigu, dictionary=None) == "RUSGOV"  # from descriptors
    assert mention_code(shoigu, dictionary=user_dictionary) == "RUSMIL"  # dictionary first
    rebels = _mention("Syrian rebels", kind="group", code="SYRREB", country="SYR")
    # SYRIAN [SYR] names the country, and the dictionary has no agent for "rebels": the role
    # found by the rules is added, as PETRARCH would add an agent.
    code = mention_actor_code(rebels, dictionary=user_dictionary)
    assert code.code == "SYRREB"
    assert code.provenance == ("dictionary mine.actors.txt:4 SYRIAN [SYR]; role from gazetteer "
                               "Syrian rebels -> SYRREB")
    assert mention_code(_mention("he", kind="person"), dictionary=None) is None
    code = mention_actor_code(rebels)
    assert isinstance(code, ActorCode) and code.provenance == "gazetteer Syrian rebels -> SYRREB"
    # A dictionary agent on storyline's country: police in a Syrian title.
    police = _mention("the police", kind="organization", descriptors=(
        _descriptor("Syrian police", country="SYR"),))
    assert mention_code(police, dictionary=user_dictionary) == "SYRCOP"


# --- the sample corpus, through the extractor and the merge -----------------------------------


@pytest.mark.parametrize(("name", "want"), [
    ("Sergei Shoigu", "RUSGOV"), ("Elizabeth Trudeau", "USAGOV"),
    ("Staffan de Mistura", "UNO"), ("International Committee of the Red Cross", "NGOIRC"),
    ("Peter Maurer", "NGOIRC"), ("Syrian rebels", "SYRREB"), ("Viktor Poznikhir", "RUSMIL"),
    ("Piotr Dutkiewicz", "CANEDU"), ("Russia", "RUS"), ("Jabhat al-Nusra", "IMGMOSNUS"),
])
def test_sample_corpus_codes(sample_actors: dict[str, Actor], name: str, want: str) -> None:
    assert name in sample_actors, f"the extractor no longer finds {name}"
    assert actor_code(sample_actors[name], gazetteer=_gazetteer()).code == want


@pytest.fixture(scope="module")
def sample_actors() -> dict[str, Actor]:
    from storyline.config import NlpSettings
    from storyline.extract.actors import actor_mentions
    from storyline.link.actors import merge_actors
    from storyline.nlp.model import build_nlp

    nlp = build_nlp(NlpSettings())
    items: list[ActorMention] = []
    for path in sorted((ROOT / "examples" / "aleppo-2016").glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        items.extend(actor_mentions(doc, article_id=path.name[:3], gazetteer=_gazetteer()))
    return {a.name: a for a in merge_actors(items).actors}
