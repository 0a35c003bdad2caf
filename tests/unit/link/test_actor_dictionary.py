"""PETRARCH / Phoenix actor and agent dictionaries: reading, date restrictions, matching, coding.

Tiny inline dictionaries always run; the real PETRARCH validation dictionaries and records in
``../shared/benchmarks/petrarch`` are read when that folder exists, and skipped cleanly otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from storyline.errors import ConfigError
from storyline.link.actor_dictionary import (
    ActorDictionary,
    AgentEntry,
    code_with_dictionary,
    dictionary_words,
    load_actor_dictionary,
)

BENCH = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "petrarch"
UD = BENCH / "UniversalPetrarch"
P2 = BENCH / "petrarch2"

ACTORS = """\
<!-- A TEST ACTOR DICTIONARY -->
<!--
  a comment over
  several lines [XXX]
-->
# a comment line [YYY]
RUSSIA  [RUS]
+RUSSIAN
+RUSSIAN_FEDERATION  # the long name
UNITED_STATES [USA]
+U.S.
SERGEI_SHOIGU
\t[RUSGOVMIL >20120506]
\t[RUSGOV 20070101-20120505]
\t[RUS]
ZIMBABWE
\t[RHO <790606]
\t[ZBW]#jw 9/30/91
GOLLUM
+SMEAGOL
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
CIRITH UNGOL [MORMIL]
BAD_DATE [XXX 2012]
[ORPHAN]
NO_CODE_HERE
LOWER [pse]
LAST_ONE [LST]"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
POLICE {} [~COP]
REBEL [~REB]
HUMAN_RIGHTS_BODY  [NGO~]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
CONGRESS!PERSON! [~LEG]
GOVERNMENT [ ~GOV]
DEFENSE_MINISTER [~GOVMIL]
BROKEN_AGENT
ODD [~ENV}
!NOPE!_THING [~GOV]"""


@pytest.fixture()
def tiny(tmp_path: Path) -> ActorDictionary:
    actors = tmp_path / "tiny.actors.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents = tmp_path / "tiny.agents.txt"
    agents.write_text(AGENTS, encoding="utf-8")
    return load_actor_dictionary(actors, agents=agents)


def _code(d: ActorDictionary, text: str, day: dt.date | None = None) -> str | None:
    match = d.match(dictionary_words(text), 0, date=day)
    return match.code if match is not None else None


# --- reading ----------------------------------------------------------------------------------


def test_actors_synonyms_and_comments(tiny: ActorDictionary) -> None:
    assert _code(tiny, "Russia") == "RUS"
    assert _code(tiny, "Russian Federation") == "RUS"
    assert _code(tiny, "U.S.") == "USA"
    entry = tiny.actors[("russian",)]
    assert entry.root == "RUSSIA" and entry.source == "tiny.actors.txt" and entry.line == 8
    assert ("several",) not in tiny.actors and ("a",) not in tiny.actors  # comments skipped
    assert _code(tiny, "Cirith Ungol") == "MORMIL"  # space-joined phrase
    assert _code(tiny, "last one") == "LST"  # the last entry of a file is kept
    assert _code(tiny, "lower") == "PSE"  # codes are upper-cased


def test_problems_are_reported_not_dropped(tiny: ActorDictionary) -> None:
    problems = "\n".join(tiny.problems)
    assert "tiny.actors.txt:24:" in problems and "2012" in problems  # a date alone
    assert "tiny.actors.txt:25: code '[ORPHAN]'" not in problems  # attached to BAD_DATE block
    assert "NO_CODE_HERE has no code" in problems
    assert "tiny.agents.txt:9: agent without a [code]" in problems
    assert "tiny.agents.txt:10:" in problems  # "[~ENV}"
    assert "unknown marker" in problems


def test_date_restrictions(tiny: ActorDictionary) -> None:
    assert _code(tiny, "Sergei Shoigu", dt.date(2016, 7, 29)) == "RUSGOVMIL"
    assert _code(tiny, "Sergei Shoigu", dt.date(2012, 5, 5)) == "RUSGOV"  # last day included
    assert _code(tiny, "Sergei Shoigu", dt.date(2012, 5, 6)) == "RUSGOVMIL"  # > is from the day
    assert _code(tiny, "Sergei Shoigu", dt.date(2001, 1, 1)) == "RUS"  # the default
    assert _code(tiny, "Sergei Shoigu") == "RUS"  # no date: the default
    assert _code(tiny, "Zimbabwe", dt.date(1979, 6, 5)) == "RHO"  # < is before the day
    assert _code(tiny, "Zimbabwe", dt.date(1979, 6, 6)) == "ZBW"
    # YYMMDD dates and spaces around the range dash, as in the PETRARCH suite.
    assert _code(tiny, "Smeagol", dt.date(1995, 11, 1)) == "HOBGOV"
    assert _code(tiny, "Smeagol", dt.date(2001, 1, 1)) == "HOBREB"
    assert _code(tiny, "Smeagol", dt.date(1990, 1, 1)) is None  # no code for that day
    assert _code(tiny, "Smeagol") == "HOBREB"  # no date, no default: the latest


def test_agents_plurals_and_markers(tiny: ActorDictionary) -> None:
    agents = tiny.agents
    assert ("police",) in agents and ("polices",) not in agents  # {} means no plural
    assert ("rebels",) in agents  # regular plural
    assert ("human", "rights", "bodies") in agents  # Y -> IES
    assert ("attorneys", "general") in agents  # explicit plural
    assert {("congressman",), ("congresswomen",)} <= set(agents)
    assert ("congressmans",) not in agents  # no plurals of substituted forms
    assert agents[("government",)].code == "~GOV"  # spaces inside the brackets


def test_agent_codes_combine_as_petrarch_does() -> None:
    def agent(code: str) -> AgentEntry:
        return AgentEntry(phrase="X", words=("x",), code=code, source="t", line=1)

    assert agent("~COP").apply("SYR") == "SYRCOP"
    assert agent("~GOV").apply("RUSGOV") == "RUSGOV"  # not twice
    assert agent("NGO~").apply("SYR") == "NGOSYR"
    assert agent("~COP").apply(None) == "COP"
    # Roles are three-letter runs: WGO is not already in GMW+GOV, GOVMIL is in RUS+GOV+MIL.
    assert agent("~WGO").apply("GMWGOV") == "GMWGOVWGO"
    assert agent("~GOVMIL").apply("RUSGOVMIL") == "RUSGOVMIL"


# --- matching and coding ----------------------------------------------------------------------


def test_match_is_longest_and_case_insensitive(tiny: ActorDictionary) -> None:
    words = dictionary_words("The RUSSIAN federation's defense minister")
    assert words == ["The", "RUSSIAN", "federation", "defense", "minister"]
    match = tiny.match(words, 1)
    assert match is not None and (match.code, match.start, match.length) == ("RUS", 1, 2)
    assert tiny.match(words, 0) is None
    assert tiny.match(words, 99) is None
    agent = tiny.match_agent(words, 3)
    assert agent is not None and agent.code == "~GOVMIL" and agent.length == 2
    assert match.provenance == "tiny.actors.txt:9 RUSSIAN_FEDERATION [RUS]"


def test_code_with_dictionary(tiny: ActorDictionary) -> None:
    def code(text: str, **kw: object) -> str | None:
        found = code_with_dictionary(dictionary_words(text), dictionary=tiny, **kw)  # type: ignore[arg-type]
        return found.code if found is not None else None

    assert code("Russian defense minister Sergei Shoigu", date=dt.date(2016, 7, 29)) == \
        "RUSGOVMIL"
    assert code("Russian police") == "RUSCOP"
    assert code("the police", country="SYR") == "SYRCOP"  # extends storyline's country
    assert code("the police") == "COP"
    assert code("human rights bodies", country="SYR") == "NGOSYR"
    assert code("Syrian rebels") == "REB"
    assert code("nothing known here") is None
    assert tiny.code(dictionary_words("Russian police")) == "RUSCOP"
    assert tiny.code(["nothing"]) is None
    found = code_with_dictionary(dictionary_words("Russian police"), dictionary=tiny)
    assert found is not None and "tiny.actors.txt:8 RUSSIAN [RUS]" in found.provenance
    assert "tiny.agents.txt:2 POLICE [~COP]" in found.provenance


def test_agents_stack_in_text_order_but_not_across_conjuncts(tiny: ActorDictionary) -> None:
    def code(text: str) -> str | None:
        found = code_with_dictionary(dictionary_words(text), dictionary=tiny)
        return found.code if found is not None else None

    # PETRARCH stacks every agent outside the actor phrase: a prefix agent and a suffix agent.
    assert code("human rights body Russian police") == "NGORUSCOP"
    assert code("Russian rebel police") == "RUSREBCOP"
    # An agent heading an earlier conjunct belongs to that conjunct's actor, not this one.
    assert code("Russian police and government") == "RUSGOV"
    assert code("Russian rebel police and government") == "RUSREBGOV"
    found = code_with_dictionary(dictionary_words("human rights body Russian police"),
                                 dictionary=tiny)
    assert found is not None and "HUMAN_RIGHTS_BODY [NGO~]" in found.provenance
    assert "POLICE [~COP]" in found.provenance


def test_dictionary_is_immutable_and_versioned(tiny: ActorDictionary, tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        tiny.actors[("x",)] = tiny.actors[("russia",)]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tiny.version = "x"  # type: ignore[misc]
    assert tiny.version.startswith("dict-")
    other = tmp_path / "other.txt"
    other.write_text("RUSSIA [RUSX]\n", encoding="utf-8")
    both = load_actor_dictionary([tmp_path / "tiny.actors.txt", other])
    assert _code(both, "Russia") == "RUSX"  # a later file overrides
    assert both.version != tiny.version


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="E003"):
        load_actor_dictionary(tmp_path / "nope.txt")


# --- the real PETRARCH validation dictionaries ------------------------------------------------


@pytest.mark.benchmark_data
@pytest.mark.skipif(not BENCH.exists(), reason="../shared/benchmarks/petrarch is not here")
@pytest.mark.parametrize(("actors", "agents"), [
    (UD / "PETR_Validate_actors_2_02.txt", UD / "PETR_Validate_agents_2_02.txt"),
    (P2 / "PETR.Validate.actors.txt", P2 / "PETR.Validate.agents.txt"),
])
def test_real_validation_dictionaries_parse(actors: Path, agents: Path) -> None:
    d = load_actor_dictionary(actors, agents=agents)
    # The only problem: PALESTINIAN is an actor of its own ([pse]) and a synonym of PALESTINE.
    assert [p.split(": ", 1)[1] for p in d.problems] == [
        "PALESTINIAN redefines the entry of line 32 (PALESTINIAN)"]
    assert _code(d, "Palestinian") == "PAL"  # the later one, as in PETRARCH
    assert len(d.actors) >= 150 and len(d.agents) >= 150
    assert _code(d, "Danish") == "DNK"
    assert _code(d, "Interpol") == "IGOCOPITP"  # synonym before a code on its own line
    assert _code(d, "Lorien") == "ELR/GAL"  # TABARI's several codes stay as written
    assert ("congresswomen",) in d.agents and ("minister", "of", "silly", "walks") in d.agents
    found = code_with_dictionary(dictionary_words("Danish police"), dictionary=d)
    assert found is not None and found.code == "DNKCOP"
    found = code_with_dictionary(dictionary_words("The Australian government"), dictionary=d)
    assert found is not None and found.code == "AUSGOV"


@pytest.mark.benchmark_data
@pytest.mark.skipif(not (P2 / "PETR.UnitTest.records.xml").exists(),
                    reason="../shared/benchmarks/petrarch is not here")
def test_petrarch_date_records_get_their_codes() -> None:
    """Every actor code of the suite's DATE records (DATE-01 to DATE-21) is the code the
    dictionary gives one of the sentence's actor phrases on the record's date."""
    d = load_actor_dictionary(P2 / "PETR.Validate.actors.txt",
                              agents=P2 / "PETR.Validate.agents.txt")
    checked = 0
    for sentence in ET.parse(P2 / "PETR.UnitTest.records.xml").getroot().iter("Sentence"):
        if sentence.get("category") != "DATE":
            continue
        raw = str(sentence.get("date"))
        day = dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        words = dictionary_words(sentence.findtext("Text") or "")
        codes = set()
        i = 0
        while i < len(words):
            match = d.match(words, i, date=day)
            if match is not None and match.code:
                codes.add(match.code)
            i += match.length if match is not None else 1
        for coding in sentence.iter("EventCoding"):
            want = {coding.get("sourcecode"), coding.get("targetcode")} - {None}
            if not want or any(str(c).startswith("---") for c in want):
                continue  # agent-only actors ("---GOV") are not about dates
            assert want <= codes, f"{sentence.get('id')} on {day}: want {want}, got {codes}"
            checked += 1
    assert checked >= 20
