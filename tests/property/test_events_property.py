"""Property: the event coder never raises on arbitrary Unicode, and its offsets slice back.

Two strategies on the real, parsed pipeline: any text at all, and text assembled from event-like
fragments (actors, triggers, frames, negation, quotation marks, paragraph breaks), which reaches
the coder's rules far more often than random characters do. Actors come from a name table that
also codes arbitrary spans, so the actor rules run on every noun.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import NlpSettings
from storyline.extract.codebook import load_codebook
from storyline.extract.event_arguments import ActorRef
from storyline.extract.event_lexicon import load_event_lexicon
from storyline.extract.events import events
from storyline.nlp.model import build_nlp
from storyline.records import Event, Place, TimeExpr

if TYPE_CHECKING:
    from spacy.language import Language

LEXICON = load_event_lexicon()
CODEBOOK = load_codebook()

FRAGMENTS = [
    "Russia", "and", "the United States", "Syria's", "Russian-U.S.", "U.S.-Russia", "held talks",
    "consultations began", "is ready to", "resume contacts with", "threatened to", "cut ties",
    "unless", "if", "won't", "will not", "did not", "may", "denied", "accused", "of attacking",
    "blamed", "for an attack", "accusations", "a ceasefire brokered by", "came into effect",
    "urged", "to release", "demanded that", "withdraw", "refused to meet", "rule out",
    "the possibility", "said", "told TASS", "“", "”", "\"", ",", ".", "\n\n", "-", "’s", "no",
    "impossible", "prolongation of the pause", "in Aleppo", "on Monday", "é", "\u200f", "🙂",
]
fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=18).map(" ".join)


@pytest.fixture(scope="module")
def parsed() -> Language:
    """The real pipeline (loaded once for this module)."""
    return build_nlp(NlpSettings())


def run(nlp: Language, text: str) -> list[Event]:
    doc = nlp(text)

    def actor_code(start: int, end: int) -> ActorRef | None:
        span = text[start:end]
        if not span.strip() or len(span) % 3 == 0:
            return None
        return ActorRef(text=span, start=start, end=end, code=span[:3].upper())

    times = [TimeExpr(article_id="a", text=text[:1], start=0, end=1, type="DATE", value="x",
                      date=dt.date(2016, 1, 1), producer="t")] if text else []
    places = [Place(article_id="a", start=0, end=1, text=text[:1], name="x", country="SYR",
                    producer="t")] if text else []
    found = list(events(doc, article_id="a", lexicon=LEXICON, codebook=CODEBOOK,
                        actor_code=actor_code, times=times, places=places, outlet="TASS",
                        published=dt.date(2016, 10, 20)))
    for e in found:
        assert 0 <= e.start <= e.trigger_start < e.trigger_end <= e.end <= len(text)
        assert text[e.trigger_start:e.trigger_end] == e.trigger
        if e.source is not None:
            assert text[e.source_start:e.source_end] == e.source
        if e.target is not None:
            assert text[e.target_start:e.target_end] == e.target
        assert e.cameo.isdigit() and e.rule and e.modality
    return found


@given(st.text(max_size=200))
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text(parsed: Language, text: str) -> None:
    run(parsed, text)


@given(fragment_texts)
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_event_like_text(parsed: Language, text: str) -> None:
    run(parsed, text)
