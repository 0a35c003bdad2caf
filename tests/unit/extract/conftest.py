"""Shared fixtures for the extractor unit tests: the spaCy model and lexicons, loaded once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from storyline.config import NlpSettings
from storyline.nlp.model import build_nlp

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.extract.actor_gazetteer import ActorGazetteer
    from storyline.extract.quotes import CueLexicon


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The configured spaCy pipeline, loaded once per test session."""
    return build_nlp(NlpSettings())


@pytest.fixture(scope="session")
def actor_gazetteer() -> ActorGazetteer:
    """The actor gazetteer (countries, bodies, groups, media, roles), loaded once."""
    from storyline.extract.actor_gazetteer import load_actor_gazetteer

    return load_actor_gazetteer()


@pytest.fixture(scope="session")
def cue_lexicon() -> CueLexicon:
    """The packaged reporting-cue lexicon (``data/cues.json``), loaded once."""
    from storyline.extract.quotes import load_cue_lexicon

    return load_cue_lexicon()
