"""Golden test: the coded events of the five sample articles' key sentences, coded by hand.

The coder runs as the pipeline runs it: on each article's cleaned body, with the article's actor
mentions (:func:`storyline.extract.event_actors.mention_actor_code`), quotations, time
expressions, geocoded places, outlet and publication date. Coding depends on the spaCy model, so
expectations are must-include / must-exclude (``sample_events.json``): each listed event must
come out with an acceptable source, target, code family and modality (and asserter and place,
where listed); listed codes must not come out of the listed sentences.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.config import NlpSettings, Settings
from storyline.extract.actor_gazetteer import load_actor_gazetteer
from storyline.extract.actors import actor_mentions
from storyline.extract.codebook import load_codebook
from storyline.extract.event_actors import mention_actor_code
from storyline.extract.event_lexicon import load_event_lexicon
from storyline.extract.events import PRODUCER, events
from storyline.extract.place_gazetteer import load_place_gazetteer
from storyline.extract.places import actor_spans, places
from storyline.extract.quotes import load_cue_lexicon, quotes
from storyline.extract.times import times
from storyline.extract.timex_lexicon import load_timex_lexicon
from storyline.ingest.lexicons import load_lexicons
from storyline.ingest.readers import read_sources
from storyline.nlp.model import build_nlp
from storyline.pipeline import ingest_documents
from storyline.records import Article, Event

ROOT = Path(__file__).resolve().parents[2]
EXPECTED: dict[str, Any] = json.loads(
    Path(__file__).with_name("sample_events.json").read_text(encoding="utf-8"))

Coded = dict[str, tuple[Article, list[Event]]]


@pytest.fixture(scope="module")
def coded() -> Coded:
    """Every sample article, cleaned as the pipeline cleans it, and its events."""
    settings = Settings()
    read = read_sources([str(ROOT / EXPECTED["corpus"])], settings=settings.ingest)
    articles = [a for a in ingest_documents(read, settings=settings, lexicons=load_lexicons())
                if isinstance(a, Article)]
    nlp = build_nlp(NlpSettings())
    gazetteer, place_gazetteer = load_actor_gazetteer(), load_place_gazetteer()
    cues, timex = load_cue_lexicon(), load_timex_lexicon()
    lexicon, codebook = load_event_lexicon(), load_codebook()
    out: Coded = {}
    for article in articles:
        doc = nlp(article.text)
        anchor = article.published.value if article.published.granularity == "day" else None
        mentions = list(actor_mentions(doc, article_id=article.id, gazetteer=gazetteer))
        found = events(
            doc, article_id=article.id, lexicon=lexicon, codebook=codebook,
            actor_code=mention_actor_code(mentions, text=doc.text, gazetteer=gazetteer),
            quotes=list(quotes(doc, article_id=article.id, cues=cues)),
            times=list(times(doc, article_id=article.id, anchor=anchor, lexicon=timex)),
            places=list(places(doc, article_id=article.id, gazetteer=place_gazetteer,
                               skip=actor_spans(mentions, gazetteer=place_gazetteer))),
            outlet=article.outlet, published=anchor)
        out[Path(article.source).name[:3]] = (article, list(found))
    return out


def _cases(key: str) -> list[Any]:
    cases = []
    for article, spec in EXPECTED["articles"].items():
        for n, item in enumerate(spec.get(key, [])):
            marks = [pytest.mark.xfail(strict=True, reason=item["reason"])] if "reason" in item \
                else []
            cases.append(pytest.param(article, item, id=f"{article}-{n}", marks=marks))
    return cases


def _in_sentence(article: Article, events_: list[Event], snippet: str) -> list[Event]:
    return [e for e in events_ if snippet in article.text[e.start:e.end]]


def _actor_ok(wanted: list[str] | None, text: str | None, code: str | None) -> bool:
    if wanted is None:
        return text is None
    return text in wanted or code in wanted


def _matches(e: Event, item: dict[str, Any]) -> bool:
    if not any(e.cameo.startswith(c) for c in item["code"]):
        return False
    if "source" in item and not _actor_ok(item["source"], e.source, e.source_code):
        return False
    if "target" in item and not _actor_ok(item["target"], e.target, e.target_code):
        return False
    if "modality" in item and e.modality != item["modality"]:
        return False
    if "place" in item and (e.place is None or e.place.name != item["place"]):
        return False
    wanted = item.get("asserted_by")
    return wanted is None or e.asserted_by in ([wanted] if isinstance(wanted, str) else wanted)


def test_samples_are_there(coded: Coded) -> None:
    assert sorted(coded) == sorted(EXPECTED["articles"])


def test_events_slice_back_and_carry_provenance(coded: Coded) -> None:
    for article, found in coded.values():
        assert found, article.source
        text = article.text
        for e in found:
            assert e.article_id == article.id and e.producer == PRODUCER and e.rule
            assert text[e.trigger_start:e.trigger_end] == e.trigger
            assert e.start <= e.trigger_start < e.trigger_end <= e.end
            if e.source_start is not None:
                assert text[e.source_start:e.source_end] == e.source
            if e.target_start is not None:
                assert text[e.target_start:e.target_end] == e.target
            assert e.asserted_by_kind in ("outlet", "speaker", None)


@pytest.mark.parametrize(("article", "item"), _cases("must_include"))
def test_must_include(coded: Coded, article: str, item: dict[str, Any]) -> None:
    art, found = coded[article]
    here = _in_sentence(art, found, item["sentence"])
    assert here, f"no event in the sentence with {item['sentence']!r}"
    assert any(_matches(e, item) for e in here), [
        (e.source, e.source_code, e.cameo, e.target, e.target_code, e.modality, e.asserted_by)
        for e in here]


@pytest.mark.parametrize(("article", "item"), _cases("must_exclude"))
def test_must_exclude(coded: Coded, article: str, item: dict[str, Any]) -> None:
    art, found = coded[article]
    wrong = [e for e in _in_sentence(art, found, item["sentence"])
             if any(e.cameo.startswith(c) for c in item["code"])]
    assert wrong == []
