"""Shared golden fixtures: the sample corpus run once through the whole pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.config import load_settings
from storyline.pipeline import run
from storyline.store.sqlite import SqliteStore, open_store

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "aleppo-2016"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    """A store holding the five sample articles, ingested and analysed."""
    db = tmp_path_factory.mktemp("golden") / "sample.db"
    settings = load_settings(store={"path": db})
    with open_store(db) as store:
        report = run([str(SAMPLES)], settings=settings, store=store)
        assert report.added == 5 and not report.rejected
        yield store
