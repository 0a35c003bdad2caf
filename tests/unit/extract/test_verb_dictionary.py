"""User verb dictionaries (PETRARCH-2 format): reading, conversion, precedence and coding.

Every dictionary here is a small hand-written excerpt in the format's syntax; the optional last
test reads the UD-PETRARCH validation suite's own dictionary when ``../shared/benchmarks`` holds
it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline.errors import ConfigError
from storyline.extract.codebook import load_codebook
from storyline.extract.event_arguments import ActorCoder, ActorRef
from storyline.extract.event_lexicon import TriggerEntry, extend_lexicon, load_event_lexicon
from storyline.extract.events import events
from storyline.extract.verb_dictionary import read_verb_dictionary, singular
from storyline.extract.verb_dictionary_entries import (
    dictionary_entries,
    lexicon_with_dictionaries,
)
from storyline.extract.verb_dictionary_records import (
    DictionaryCode,
    NounPhrase,
    PrepPhrase,
    Slot,
    SynsetRef,
    Word,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.extract.event_lexicon import EventLexicon

SAMPLE = """\
# A test dictionary -->
<!-- a comment
   over two lines -->
&TIETYPES
+MILITARY
+ECONOMIC

&ACCORDSYN  # a synset that includes another
+&TIETYPES
+CLOSER
+CASH_
+(TO THE END)
+ARMED_FORCES

&NEGOTIATION_
+TALKS

--- SCOLD [111] ---
SCOLD
REPROVE [112]   # an own code
- * (OVER TARIFFS)  [1121]
- * {STERN &TIETYPES WARNING} [130]
- HEAVILY *  [122]
- * TABASKI ^ $ [017]

--- TOUR [042:043] ---
TOUR {TOURS TOURED TOURING}
+GO_BY {+WENT_BY +GOES_BY +GONE_BY}
WIRE_+TAP
- % * [042:043]
- + * (FROM $) [080]
- * (WITH) [040]
- * AID [---]

--- HOLD [---] ---
HOLD {HOLDS HOLDING HELD}
- * &NEGOTIATION [032]
- * (IN) [075A]
"""


NAMES = {"Russia": "RUS", "Turkey": "TUR", "Putin": "RUSGOV"}


def name_coder(text: str) -> ActorCoder:
    """``actor_code`` from :data:`NAMES`: the name a span holds."""

    def actor_code(start: int, end: int) -> ActorRef | None:
        span = text[start:end]
        for name, code in NAMES.items():
            at = span.find(name)
            if at >= 0:
                return ActorRef(text=name, start=start + at, end=start + at + len(name),
                                code=code, name=name)
        return None

    return actor_code


def write(tmp_path: Path, text: str, name: str = "verbs.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- reading ---------------------------------------------------------------------------------


def test_reads_synsets_with_includes_exact_forms_and_phrases(tmp_path: Path) -> None:
    d = read_verb_dictionary(write(tmp_path, SAMPLE))
    assert set(d.synsets) == {"&TIETYPES", "&ACCORDSYN", "&NEGOTIATION_"}
    members = [m.element for m in d.members("&ACCORDSYN")]
    assert Word(("MILITARY",)) in members  # included from &TIETYPES
    assert Word(("CASH",), exact=True) in members
    assert Word(("ARMED", "FORCES")) in members
    assert PrepPhrase("TO", (Word(("THE",)), Word(("END",)))) in members
    assert d.exact("&NEGOTIATION_") and not d.exact("&TIETYPES")


def test_reads_families_verbs_and_codes(tmp_path: Path) -> None:
    d = read_verb_dictionary(write(tmp_path, SAMPLE))
    scold, tour, hold = d.families
    assert (scold.name, scold.code) == ("SCOLD", DictionaryCode("111"))
    assert scold.verbs[1].words == ("REPROVE",) and scold.verbs[1].code == DictionaryCode("112")
    assert tour.code == DictionaryCode("042", "043")
    assert tour.verbs[0].forms == ("TOURS", "TOURED", "TOURING")
    assert tour.verbs[1].words == ("GO", "BY") and tour.verbs[1].head == 0
    assert tour.verbs[2].words == ("WIRE", "TAP") and tour.verbs[2].head == 1
    assert hold.code == DictionaryCode(None)


def test_reads_pattern_elements(tmp_path: Path) -> None:
    d = read_verb_dictionary(write(tmp_path, SAMPLE))
    scold, tour, hold = d.families
    over, warning, heavily, tabaski = scold.patterns
    assert over.before == () and over.after == (PrepPhrase("OVER", (Word(("TARIFFS",)),)),)
    assert over.code == DictionaryCode("1121")
    assert warning.after == (NounPhrase((Word(("STERN",)), SynsetRef("&TIETYPES"),
                                         Word(("WARNING",)))),)
    assert heavily.before == (Word(("HEAVILY",)),)
    assert tabaski.after == (Word(("TABASKI",)), Slot("skip"), Slot("source"))
    compound, inverse, _, aid = tour.patterns
    assert compound.before == (Slot("compound"),)
    assert inverse.before == (Slot("target"),)
    assert inverse.after == (PrepPhrase("FROM", (Slot("source"),)),)
    assert aid.code == DictionaryCode(None)


def test_unreadable_lines_are_reported_not_dropped(tmp_path: Path) -> None:
    d = read_verb_dictionary(write(tmp_path, SAMPLE))
    assert [(p.line, "075A" in p.reason) for p in d.problems] == [(38, True)]
    assert len(d.families[2].patterns) == 1


def test_comments_are_ignored(tmp_path: Path) -> None:
    d = read_verb_dictionary(write(tmp_path, "--- GO [010] --- # family\nGO  # verb\n"
                                              "<!-- - * NOTHING [020] -->\n"))
    assert d.families[0].verbs[0].words == ("GO",) and d.families[0].patterns == ()


@pytest.mark.parametrize("text", [
    "",
    "# only comments\n",
    "SCOLD\n--- SCOLD [111] ---\n",
    "- * TALKS [040]\n",
    "--- SCOLD [111] ---\nSCOLD\n- * {STERN WARNING [130]\n",
    "--- SCOLD [111]\nSCOLD\n",
    "--- SCOLD [111] ---\nSCOLD\n<!-- never closed\n",
])
def test_malformed_files_raise_config_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match=r"\[E004\]"):
        read_verb_dictionary(write(tmp_path, text))


def test_missing_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[E003\]"):
        read_verb_dictionary(tmp_path / "nope.txt")


def test_version_is_a_content_hash(tmp_path: Path) -> None:
    a = read_verb_dictionary(write(tmp_path, SAMPLE, "a.txt")).version
    b = read_verb_dictionary(write(tmp_path, SAMPLE + "TAP\n", "b.txt")).version
    assert a.startswith("verbdict-") and a != b


# -- conversion ------------------------------------------------------------------------------


def by_key(entries: tuple[TriggerEntry, ...], lemma: str) -> list[TriggerEntry]:
    return [e for e in entries if e.lemma == lemma]


def test_singular() -> None:
    assert [singular(w) for w in ("talks", "parties", "crises", "boxes", "news", "press")] == \
        ["talk", "party", "crise", "box", "news", "press"]


def test_family_verbs_become_entries(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, SAMPLE)))
    scold = by_key(c.entries, "scold")
    assert scold[0].code == "111" and scold[0].objects is None
    assert by_key(c.entries, "reprove")[0].code == "112"
    tour = by_key(c.entries, "tour")[0]
    assert (tour.code, tour.pair, tour.joint) == ("042", "043", True)  # merged "- % *"
    go = by_key(c.entries, "go")[0]
    assert go.particle == "by" and go.code == "042"
    assert by_key(c.entries, "toured")  # the given forms find it when the lemma is wrong


def test_patterns_become_specific_entries(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, SAMPLE)))
    scold = {e.code: e for e in by_key(c.entries, "scold")}
    assert scold["1121"].prep == "over" and scold["1121"].objects == {"tariffs", "tariff"}
    assert scold["130"].objects == {"warning"} and scold["130"].modifiers == {"stern"}
    tour = by_key(c.entries, "tour")
    inverse = next(e for e in tour if e.code == "080")
    assert (inverse.prep, inverse.targets, inverse.inverse) == ("from", ("from",), True)
    with_ = next(e for e in tour if e.code == "040")
    assert (with_.prep, with_.targets) == ("with", ("with",))
    blocked = next(e for e in tour if e.objects == {"aid"})
    assert blocked.code is None and blocked.frame is None
    talks = next(e for e in by_key(c.entries, "hold") if e.objects is not None)
    assert talks.objects == {"talks"} and talks.code == "032"  # exact synset: no singular


def test_unconvertible_patterns_are_counted_with_reasons(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, SAMPLE)))
    reasons = {(s.family, s.reason) for s in c.skipped}
    assert ("SCOLD", "words before the verb") in reasons
    assert ("SCOLD", "a ^ skip") in reasons
    assert ("TOUR", "a word before the verb") in reasons
    assert c.patterns == 7 and len(c.problems) == 1
    assert "7 patterns converted, 3 skipped" in c.summary()


OBJECT_PHRASES = """\
&TIETYPES
+MILITARY
+ECONOMIC

&TOWN
+TOWN
+CITY

--- CONDEMN [111] ---
CONDEMN
- * ATTACK (BY) [112]
- * ATTACK [113]

--- ALLOW [030] ---
ALLOW
- * PURCHASE (OF FIGHTERS) [0312]

--- OBSERVE [010] ---
OBSERVE
- * DAY (OF MOURNING) [017]

--- WELCOME [050] ---
WELCOME
- * MEMOS (ON &TIETYPES) (FROM) [091]
- * ASSURANCES (ON &TIETYPES) (FROM) [030]
- * MEMOS (ON &TIETYPES) [092]
- * FALL (OF &TOWN) [---]
- * MEMOS (ON) (FROM) [094]
- * EID (AT ^) (WITH +) [017]
"""


def test_a_phrase_after_the_object_is_the_objects(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, OBJECT_PHRASES)))
    condemn = {e.code: e for e in by_key(c.entries, "condemn")}
    by = condemn["112"]
    assert (by.objects, by.prep, by.object_prep, by.object_prep_objects, by.targets) == (
        {"attack"}, None, "by", None, ("by",))
    assert condemn["113"].object_prep is None
    assert by.specificity > condemn["113"].specificity
    purchase = next(e for e in by_key(c.entries, "allow") if e.code == "0312")
    assert (purchase.objects, purchase.object_prep, purchase.object_prep_objects) == (
        {"purchase"}, "of", {"fighters", "fighter"})
    assert purchase.prep is None and purchase.targets == ()
    day = next(e for e in by_key(c.entries, "observe") if e.code == "017")
    assert (day.object_prep, day.object_prep_objects) == ("of", {"mourning"})
    welcome = by_key(c.entries, "welcome")
    fall = next(e for e in welcome if e.objects == {"fall"})
    assert fall.code is None and fall.object_prep_objects == {"town", "city"}


def test_a_target_phrase_after_the_objects_phrase(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, OBJECT_PHRASES)))
    welcome = {e.code: e for e in by_key(c.entries, "welcome")}
    memos = welcome["091"]
    assert (memos.objects, memos.object_prep, memos.object_prep_objects) == (
        {"memos", "memo"}, "on", {"military", "economic"})
    assert (memos.prep, memos.targets, memos.inverse) == ("from", ("from",), False)
    assert welcome["030"].objects == {"assurances", "assurance"} and welcome["030"].prep == "from"
    plain = welcome["092"]  # the same object phrase without (FROM): no longer the same constraints
    assert (plain.object_prep, plain.prep, plain.targets) == ("on", None, ())
    assert memos.specificity > plain.specificity


def test_object_phrases_are_no_longer_skipped(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, OBJECT_PHRASES)))
    assert {(s.text, s.reason) for s in c.skipped} == {
        ("- * MEMOS (ON) (FROM)", "two prepositional phrases"),  # the first one is no object's
    }
    # "(AT ^)": the object's phrase of any noun; "(WITH +)" the target's.
    eid = next(e for e in c.entries if e.objects == frozenset({"eid"}) and e.lemma == "welcome")
    assert (eid.object_prep, eid.object_prep_objects, eid.prep, eid.targets) == \
        ("at", None, "with", ("with",))


SKIPS_AND_PHRASES = """&TIETYPES
+MILITARY
+ECONOMIC

--- CELEBRATE [051] ---
CELEBRATE
- * IFTAR (IN ^) + [017]
- * IFTAR (IN ^) + $ [018]

--- ABANDON [1121] ---
ABANDON
- * {NEW &TIETYPES RELATIONS} [1951]
"""


def test_a_skipped_phrase_then_a_target(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, SKIPS_AND_PHRASES)))
    iftar = next(e for e in c.entries if e.code == "017" and e.lemma == "celebrate")
    assert iftar.object_prep == "in" and iftar.object_prep_objects is None
    assert "in" not in iftar.targets and iftar.targets[:2] == ("dobj", "dative")
    assert [(s.text, s.reason) for s in c.skipped] == [
        ("- * IFTAR (IN ^) + $", "words after a bare +")]


def test_a_phrase_needs_its_last_modifier_next_to_its_head(nlp: Language,
                                                          tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, SKIPS_AND_PHRASES)))
    new = next(e for e in c.entries if e.code == "1951" and e.lemma == "abandon")
    assert new.modifiers is not None and "new" in new.modifiers
    assert new.adjacent == frozenset({"military", "economic"})
    lex = extend_lexicon(load_event_lexicon(), c.entries, version="t")
    assert code(nlp, lex, "Russia will abandon new global economic relations with Turkey.") \
        == [("1951", "RUS", "TUR")]
    # "trade" comes between: the pattern does not hold (the built-in "abandon relations" does).
    assert [c for c, _, _ in code(nlp, lex, "Russia will abandon new economic trade relations "
                                             "with Turkey.")] == ["161"]


def test_custom_lemmatizer(tmp_path: Path) -> None:
    c = dictionary_entries(read_verb_dictionary(write(tmp_path, SAMPLE)), lemma=str.upper)
    assert next(e for e in by_key(c.entries, "scold") if e.code == "1121").objects == \
        {"tariffs", "TARIFFS"}


# -- precedence ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builtin() -> EventLexicon:
    """The packaged lexicon, loaded once."""
    return load_event_lexicon()


def test_dictionary_entries_take_precedence(builtin: EventLexicon) -> None:
    own = TriggerEntry(key="hold+talks", lemma="hold", objects=builtin.verbs["hold"][1].objects,
                       code="032")
    lex = extend_lexicon(builtin, [own], version="verbdict-x")
    hold = lex.verbs["hold"]
    assert [e.code for e in hold if e.objects == own.objects] == ["032"]
    assert any(e.code == "040" for e in hold)  # other built-in entries stay
    assert lex.version == f"{builtin.version}+verbdict-x" and lex.verbs_version.endswith("-x")
    assert builtin.verbs["hold"][1].code == "046"  # the original is untouched


def test_a_frame_survives_a_new_code(builtin: EventLexicon) -> None:
    lex = extend_lexicon(builtin, [TriggerEntry(key="urge", lemma="urge", code="023")],
                         version="v")
    urge = lex.verbs["urge"][0]
    assert (urge.code, urge.frame) == ("023", "appeal")


def test_replace_lemmas_drops_builtin_entries(builtin: EventLexicon) -> None:
    lex = extend_lexicon(builtin, [TriggerEntry(key="hold", lemma="hold", code="010")],
                         version="v", replace_lemmas=True)
    assert [e.code for e in lex.verbs["hold"]] == ["010"]


def test_lexicon_with_dictionaries_later_files_win(tmp_path: Path, builtin: EventLexicon) -> None:
    a = write(tmp_path, "--- SCOLD [111] ---\nSCOLD\n", "a.txt")
    b = write(tmp_path, "--- SCOLD [112] ---\nSCOLD\n", "b.txt")
    lex, report = lexicon_with_dictionaries(builtin, [a, b])
    assert lex.verbs["scold"][0].code == "112"
    assert report.verbs == 2 and report.version.count("verbdict-") == 2
    assert lex.verbs["scold"][0].targets[:1] == ("dobj",)  # PETRARCH: any actor after the verb


def test_a_bad_dictionary_is_a_config_error(tmp_path: Path, builtin: EventLexicon) -> None:
    with pytest.raises(ConfigError):
        lexicon_with_dictionaries(builtin, [write(tmp_path, "- * TALKS [040]\n")])


# -- coding ----------------------------------------------------------------------------------


def code(nlp: Language, lexicon: EventLexicon, text: str) -> list[tuple[str, str | None,
                                                                          str | None]]:
    doc = nlp(text)
    found = events(doc, article_id="a", lexicon=lexicon, codebook=load_codebook(),
                   actor_code=name_coder(text), published=dt.date(2024, 1, 1))
    return [(e.cameo, e.source_code, e.target_code) for e in found]


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory, builtin: EventLexicon) -> EventLexicon:
    """The built-in lexicon with SAMPLE."""
    path = write(tmp_path_factory.mktemp("verbs"), SAMPLE)
    return lexicon_with_dictionaries(builtin, [path])[0]


def test_sentence_coded_with_a_dictionary_pattern(nlp: Language, builtin: EventLexicon,
                                                  extended: EventLexicon) -> None:
    text = "Russia scolded Turkey over tariffs."
    assert code(nlp, builtin, text) == []
    assert code(nlp, extended, text) == [("1121", "RUS", "TUR")]
    assert code(nlp, extended, "Russia scolded Turkey.") == [("111", "RUS", "TUR")]


def test_dictionary_pattern_overrides_builtin_code(nlp: Language, builtin: EventLexicon,
                                                   extended: EventLexicon) -> None:
    text = "Russia held talks with Turkey."
    assert ("046", "RUS", "TUR") in code(nlp, builtin, text)
    assert code(nlp, extended, text) == [("032", "RUS", "TUR")]


def test_paired_code(nlp: Language, extended: EventLexicon) -> None:
    assert sorted(code(nlp, extended, "Putin toured Turkey.")) == [
        ("042", "RUSGOV", "TUR"), ("043", "TUR", "RUSGOV")]


def test_no_event_code_blocks_the_pattern(nlp: Language, tmp_path: Path,
                                          builtin: EventLexicon) -> None:
    lex, _ = lexicon_with_dictionaries(builtin, [write(
        tmp_path, "--- HOLD [---] ---\nHOLD {HOLDS HOLDING HELD}\n- * TALKS [---]\n")])
    assert code(nlp, lex, "Russia held talks with Turkey.") == []


@pytest.fixture(scope="module")
def with_phrases(tmp_path_factory: pytest.TempPathFactory, builtin: EventLexicon) -> EventLexicon:
    """The built-in lexicon with OBJECT_PHRASES."""
    path = write(tmp_path_factory.mktemp("verbs"), OBJECT_PHRASES)
    return lexicon_with_dictionaries(builtin, [path])[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia condemned an attack by Turkey.", [("112", "RUS", "TUR")]),
    ("Russia condemned an attack on Turkey.", [("113", "RUS", "TUR")]),
    ("Russia welcomed memos on economic issues from Turkey.", [("091", "RUS", "TUR")]),
])
def test_sentence_coded_with_an_object_phrase(nlp: Language, with_phrases: EventLexicon,
                                              text: str, expected: list[tuple[str, str, str]],
                                              ) -> None:
    assert code(nlp, with_phrases, text) == expected


SUITE_OBJECT_PHRASES = [
    ("The Calenardhon government condemned an attack by Osgiliath soldiers in south Ithilen.",
     "112"),
    ("The Calenardhon government condemned an attack.", "113"),
    ("Calenardhon welcomed memos on economic issue from Bree on its role for in forthcoming "
     "peace talks.", "091"),
    ("Calenardhon welcomed memos on economic issues.", "092"),
    ("Calenardhon welcomed memos on the weather from Bree.", "050"),
    ("Calenardhon welcomed assurances on cultural issues from Bree.", "050"),  # not &TIETYPES
    ("Arnor allowed the purchase of fighters.", "0312"),
    ("Arnor allowed the purchase of bread.", "030"),
    ("Arnor observed a day of mourning.", "017"),
    ("Arnor welcomed the fall of the city.", None),
]


@pytest.mark.parametrize(("text", "expected"), SUITE_OBJECT_PHRASES)
def test_verb_trigger_with_an_object_phrase(nlp: Language, with_phrases: EventLexicon,
                                            text: str, expected: str | None) -> None:
    from storyline.extract.event_triggers import find_triggers

    doc = nlp(text)
    verbs = [t for t in find_triggers(next(iter(doc.sents)), with_phrases) if t.kind == "verb"]
    assert [t.entry.code for t in verbs] == [expected]


def test_a_trigger_names_its_objects_phrase(nlp: Language, with_phrases: EventLexicon) -> None:
    from storyline.extract.event_triggers import find_triggers

    doc = nlp("Russia welcomed memos on economic issues.")
    (trig,) = [t for t in find_triggers(next(iter(doc.sents)), with_phrases) if t.kind == "verb"]
    assert trig.obj is not None and trig.obj.lower_ == "memos"
    assert [t.lower_ for t in trig.phrase] == ["issues"]


BENCHMARKS = Path(os.environ.get("STORYLINE_BENCHMARKS",
                                Path(__file__).parents[4] / "shared" / "benchmarks"))
SUITE = BENCHMARKS / "petrarch/UniversalPetrarch/PETR_Validate_verbs_2_02.txt"


@pytest.mark.skipif(not SUITE.exists(), reason="UD-PETRARCH validation suite not installed")
def test_the_suite_dictionary_parses_with_a_skip_count() -> None:
    c = dictionary_entries(read_verb_dictionary(SUITE))
    assert c.verbs > 100 and c.patterns > 200
    assert 0 < len(c.skipped) < 150
    assert all(s.reason for s in c.skipped)


# -- settings and pipeline -------------------------------------------------------------------


def test_pipeline_producer_names_the_dictionary(tmp_path: Path) -> None:
    from storyline.analyse import load_analysers
    from storyline.config import EventsSettings, NlpSettings

    path = write(tmp_path, SAMPLE)
    analysers = load_analysers(NlpSettings(), EventsSettings(verb_dictionaries=(path,)))
    version = read_verb_dictionary(path).version
    assert version in dict(analysers.producers)["events"]
    assert analysers.event_lexicon.verbs["scold"][-1].code == "111"
    with pytest.raises(ConfigError, match=r"\[E003\]"):
        load_analysers(NlpSettings(), EventsSettings(verb_dictionaries=(tmp_path / "no.txt",)))
