"""Golden test: the actors of the five sample articles, as established by reading them.

Extraction depends on the spaCy model, so expectations are must-include / must-exclude
(``sample_actors.json``), not an exact comparison.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.config import NlpSettings
from storyline.extract.actor_gazetteer import load_actor_gazetteer
from storyline.extract.actors import ActorMention, actor_mentions
from storyline.link.actors import MergedActors, merge_actors, name_key
from storyline.nlp.model import build_nlp
from storyline.records import Actor

ROOT = Path(__file__).resolve().parents[2]
EXPECTED: dict[str, Any] = json.loads(
    (Path(__file__).with_name("sample_actors.json")).read_text(encoding="utf-8"))
SAMPLES = sorted((ROOT / EXPECTED["corpus"]).glob("*.txt"))


@pytest.fixture(scope="module")
def extracted() -> tuple[dict[str, str], list[ActorMention], MergedActors]:
    """Every sample's actor mentions, and their merge (the model is loaded once here)."""
    nlp = build_nlp(NlpSettings())
    gazetteer = load_actor_gazetteer()
    texts: dict[str, str] = {}
    items: list[ActorMention] = []
    for path in SAMPLES:
        article = path.name[:3]
        texts[article] = path.read_text(encoding="utf-8")
        doc = nlp(texts[article])
        items.extend(actor_mentions(doc, article_id=article, gazetteer=gazetteer))
    return texts, items, merge_actors(items)


def _find(actors: tuple[Actor, ...], kind: str, names: list[str]) -> Actor | None:
    for actor in actors:
        if actor.kind != kind:
            continue
        if actor.name in names:
            return actor
        if kind == "person" and any(name_key(actor.name) == name_key(n) for n in names):
            return actor
    return None


def test_samples_are_there() -> None:
    assert len(SAMPLES) == 5


def test_offsets_slice_back(extracted: tuple[dict[str, str], list[ActorMention],
                                             MergedActors]) -> None:
    texts, items, _ = extracted
    for item in items:
        text = texts[item.mention.article_id]
        assert text[item.mention.start:item.mention.end] == item.mention.text
        for d in item.descriptors:
            assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("want", EXPECTED["must_include"],
                         ids=lambda w: f"{w['kind']}:{w['names'][0]}")
def test_must_include(want: dict[str, Any],
                      extracted: tuple[dict[str, str], list[ActorMention], MergedActors]) -> None:
    actors = extracted[2].actors
    actor = _find(actors, want["kind"], want["names"])
    assert actor is not None, f"no {want['kind']} actor named {want['names']}"
    known = {actor.name, *actor.aliases}
    missing = [a for a in want["aliases"] if a not in known]
    assert not missing, f"{actor.name}: aliases {missing} not in {sorted(known)}"
    if "role" in want:
        assert actor.role is not None and any(r in actor.role for r in want["role"]), \
            f"{actor.name}: role {actor.role!r}, want one of {want['role']}"
    if "country" in want:
        assert actor.country == want["country"], f"{actor.name}: country {actor.country}"
    if "sector" in want:
        assert actor.sector in want["sector"], f"{actor.name}: sector {actor.sector}"
    articles = {m.article_id for m in actor.mentions}
    assert set(want["articles"]) <= articles, f"{actor.name}: in {sorted(articles)}"
    assert actor.descriptors or want["kind"] != "person" or "role" not in want


@pytest.mark.parametrize("unwanted", EXPECTED["must_exclude"],
                         ids=lambda w: f"{w['kind']}:{w['name']}")
def test_must_exclude(unwanted: dict[str, str],
                      extracted: tuple[dict[str, str], list[ActorMention], MergedActors]) -> None:
    actors = extracted[2].actors
    assert not [a for a in actors if a.kind == unwanted["kind"] and a.name == unwanted["name"]]


def test_one_person_per_surname(extracted: tuple[dict[str, str], list[ActorMention],
                                                 MergedActors]) -> None:
    people = [a for a in extracted[2].actors if a.kind == "person"]
    for surname in EXPECTED["one_person_per_surname"]:
        holders = [a.name for a in people
                   if a.name.split()[-1] == surname or surname in a.aliases]
        assert len(holders) == 1, f"{surname}: {holders}"


@pytest.mark.parametrize("want", EXPECTED["nominals"], ids=lambda w: f"{w['article']}:{w['text']}")
def test_nominals_resolve(want: dict[str, str],
                          extracted: tuple[dict[str, str], list[ActorMention],
                                           MergedActors]) -> None:
    _, items, merged = extracted
    hits = [i for i in items if i.mention.article_id == want["article"]
            and i.mention.form == "nominal" and i.mention.text == want["text"]]
    assert hits, f"nominal {want['text']!r} not found in {want['article']}"
    by_id = {a.id: a for a in merged.actors}
    for hit in hits:
        m = hit.mention
        actor = by_id[merged.actor_ids[(m.article_id, m.start, m.end)]]
        assert name_key(actor.name)[-1] == name_key(want["name"])[-1], actor.name


def test_no_ambiguous_nominal_guessed(extracted: tuple[dict[str, str], list[ActorMention],
                                                       MergedActors]) -> None:
    # "The senior diplomat" in 002 comes after Ryabkov, Lavrov and Kerry: three diplomats fit.
    _, items, _ = extracted
    assert not [i for i in items if i.mention.article_id == "002"
                and i.mention.text == "The senior diplomat"]
