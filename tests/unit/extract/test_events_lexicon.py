"""The event lexicon: it loads, its codes exist, its transforms mirror CAMEO, bad files fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import ConfigError
from storyline.extract.codebook import load_codebook
from storyline.extract.event_lexicon import EventLexicon, load_event_lexicon


@pytest.fixture(scope="module")
def lexicon() -> EventLexicon:
    """The packaged lexicon."""
    return load_event_lexicon()


def test_versions(lexicon: EventLexicon) -> None:
    assert lexicon.version == "verbs.v1+frames.v2"
    assert lexicon.verbs_version == "verbs.v1"


def test_every_code_is_in_the_codebook(lexicon: EventLexicon) -> None:
    codebook = load_codebook()
    entries = [e for es in lexicon.verbs.values() for e in es] + list(lexicon.nouns.values())
    codes = {c for e in entries for c in (e.code, e.pair, e.clause_code) if c}
    for table in lexicon.transforms.values():
        codes |= {c for c in table.values() if c}
    for table in lexicon.refine.values():
        codes |= set(table.values())
    codes |= set(lexicon.allege_refine.values())
    missing = sorted(c for c in codes if getattr(codebook.get(c), "code", None) != c)
    assert missing == []


def test_most_specific_entry_first(lexicon: EventLexicon) -> None:
    holds = lexicon.verbs["hold"]
    assert [e.specificity for e in holds] == sorted((e.specificity for e in holds), reverse=True)
    first = lexicon.verbs["call"][0]
    assert first.prep in ("on", "upon", "for") or first.particle


@pytest.mark.parametrize(("kind", "code", "expected"), [
    ("intent", "040", "036"), ("intent", "046", "036"), ("intent", "0871", "0356"),
    ("intent", "073", "0333"), ("intent", "190", None), ("appeal", "0841", "0253"),
    ("appeal", "163", "113"), ("demand", "0874", "1056"), ("reject", "0871", "1246"),
    ("reject", "040", "125"), ("threat", "161", "1313"), ("threat", "160", "131"),
    ("threat", "190", "1384"), ("threat", "195", "1384"), ("threat", "130", None),
])
def test_transforms_follow_cameo(lexicon: EventLexicon, kind: str, code: str,
                                 expected: str | None) -> None:
    assert lexicon.transform(kind, code) == expected  # type: ignore[arg-type]


def test_refinement(lexicon: EventLexicon) -> None:
    assert lexicon.refined("070", frozenset({"humanitarian"})) == "073"
    assert lexicon.refined("070", frozenset({"convoy"})) == "070"
    assert lexicon.refined("999", frozenset({"military"})) == "999"


def test_is_immutable(lexicon: EventLexicon) -> None:
    with pytest.raises(TypeError):
        lexicon.verbs["x"] = ()  # type: ignore[index]
    with pytest.raises(AttributeError):
        lexicon.version = "x"  # type: ignore[misc]


def test_bad_files_fail_with_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "verbs.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="E003"):
        load_event_lexicon(verbs=bad)
    packaged = load_event_lexicon()
    assert packaged.verbs
    raw = {"version": "x", "classes": {}, "verbs": [{"lemma": "go", "code": "040",
                                                      "frame": "nonsense"}],
           "nouns": [], "light_verbs": [], "participant_verbs": [], "phase_verbs": [],
           "phase_objects": []}
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ConfigError, match="nonsense"):
        load_event_lexicon(verbs=bad)
    with pytest.raises(ConfigError):
        load_event_lexicon(frames=tmp_path / "missing.json")
