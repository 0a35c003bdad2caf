"""Golden test: the quotes of the five sample articles and who said them, labelled by reading them.

Quote extraction depends on the spaCy model, so expectations are must-include / must-exclude
(``sample_quotes.json``): every quote listed must come out with the listed speaker, direction and
intermediary; listed non-quotes (names in quotation marks, headings) and wrong speakers must not.
True quotes the rules still get wrong are ``known_misses``, run as strict xfails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.config import NlpSettings
from storyline.extract.quotes import PRODUCER, load_cue_lexicon, quotes
from storyline.nlp.model import build_nlp
from storyline.records import Quote

ROOT = Path(__file__).resolve().parents[2]
EXPECTED: dict[str, Any] = json.loads(
    Path(__file__).with_name("sample_quotes.json").read_text(encoding="utf-8"))
SAMPLES = {p.name[:3]: p for p in sorted((ROOT / EXPECTED["corpus"]).glob("*.txt"))}

Extracted = dict[str, tuple[str, list[Quote]]]


@pytest.fixture(scope="module")
def extracted() -> Extracted:
    """Every sample's text and quotes (the model is loaded once here)."""
    nlp = build_nlp(NlpSettings())
    cues = load_cue_lexicon()
    out: Extracted = {}
    for article, path in SAMPLES.items():
        text = path.read_text(encoding="utf-8")
        out[article] = (text, list(quotes(nlp(text), article_id=article, cues=cues)))
    return out


def _cases(key: str) -> list[Any]:
    cases = []
    for article, spec in EXPECTED["articles"].items():
        for n, item in enumerate(spec.get(key, [])):
            marks = [pytest.mark.xfail(strict=True, reason=item["reason"])] if "reason" in item \
                else []
            cases.append(pytest.param(article, item, id=f"{article}-{n}", marks=marks))
    return cases


def _speakers(item: dict[str, Any]) -> list[str]:
    wanted = item["speaker"]
    return [wanted] if isinstance(wanted, str) else list(wanted)


def _check(found: list[Quote], item: dict[str, Any]) -> None:
    hits = [q for q in found if item["contains"] in q.text and q.direct == item["direct"]]
    assert hits, (f"no {'direct' if item['direct'] else 'indirect'} quote containing "
                  f"{item['contains']!r}; got {[(q.direct, q.text[:40]) for q in found]}")
    names = {n.casefold() for n in _speakers(item)}
    good = [q for q in hits if (q.speaker_name or "").casefold() in names]
    assert good, f"{item['contains']!r}: speakers {[q.speaker_name for q in hits]}"
    if "cue" in item:
        assert any(q.cue == item["cue"] for q in good), [q.cue for q in good]
    if "speaker_text" in item:
        assert any(q.speaker == item["speaker_text"] for q in good), [q.speaker for q in good]
    if "via" in item:
        assert any(q.via == item["via"] for q in good), [q.via for q in good]


def test_samples_are_there() -> None:
    assert sorted(SAMPLES) == sorted(EXPECTED["articles"])


def test_quotes_slice_back_and_carry_provenance(extracted: Extracted) -> None:
    for article, (text, found) in extracted.items():
        assert found, article
        for q in found:
            assert text[q.start:q.end] == q.text
            assert q.article_id == article and q.producer == PRODUCER and q.speaker_id is None
            if q.speaker_start is not None:
                assert text[q.speaker_start:q.speaker_end] == q.speaker
            if q.cue_start is not None:
                assert text[q.cue_start:q.cue_end] == q.cue


@pytest.mark.parametrize(("article", "item"), _cases("must_include"))
def test_must_include(extracted: Extracted, article: str, item: dict[str, Any]) -> None:
    _check(extracted[article][1], item)


@pytest.mark.parametrize(("article", "item"), _cases("known_misses"))
def test_known_misses(extracted: Extracted, article: str, item: dict[str, Any]) -> None:
    _check(extracted[article][1], item)


@pytest.mark.parametrize(("article", "item"), _cases("must_exclude"))
def test_must_exclude(extracted: Extracted, article: str, item: dict[str, Any]) -> None:
    found = extracted[article][1]
    if "text" in item:
        assert all(q.text != item["text"] for q in found)
    if "speaker" in item:
        assert all(q.speaker_name != item["speaker"] for q in found)


def test_every_quote_in_the_samples_has_a_speaker(extracted: Extracted) -> None:
    for article, (_, found) in extracted.items():
        assert [q.text for q in found if q.speaker_name is None] == [], article
