"""Shared fixtures for the ingest unit tests: the lexicons (loaded once) and document builders."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.config import IngestSettings
from storyline.ingest.articles import build_article
from storyline.ingest.lexicons import IngestLexicons, load_lexicons
from storyline.records import Article, InputFormat, Rejected, SourceDocument, SourceMeta


@pytest.fixture(scope="session")
def lexicons() -> IngestLexicons:
    return load_lexicons()


@pytest.fixture(scope="session")
def build(lexicons: IngestLexicons) -> Callable[..., Article]:
    """Build an Article from a hand-written text (fails the test on a Rejected)."""

    def _build(text: str, *, source: str = "test.txt", **meta: str) -> Article:
        doc = SourceDocument(source=source, format=InputFormat.TXT, text=text,
                             meta=SourceMeta(**meta), extractor="test")
        result = build_article(doc, settings=IngestSettings(min_chars=1), lexicons=lexicons)
        assert not isinstance(result, Rejected), result
        return result

    return _build


@pytest.fixture(scope="session")
def build_or_reject(lexicons: IngestLexicons) -> Callable[[str], Article | Rejected]:
    """Build with the default settings, without asserting (for reject tests)."""

    def _build(text: str) -> Article | Rejected:
        doc = SourceDocument(source="t.txt", format=InputFormat.TXT, text=text, extractor="test")
        return build_article(doc, settings=IngestSettings(), lexicons=lexicons)

    return _build
