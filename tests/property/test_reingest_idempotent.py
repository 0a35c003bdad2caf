"""Property: re-ingesting the same input changes nothing in the store."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import load_settings
from storyline.ingest.articles import IngestLexicons, load_lexicons
from storyline.pipeline import run
from storyline.store.sqlite import open_store

line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=0,
    max_size=120,
)
document = st.lists(line, min_size=1, max_size=12).map("\n".join)
LEXICONS: list[IngestLexicons] = []


def _lexicons() -> IngestLexicons:
    # Loaded once for all examples (the language model takes ~0.6 s); a test-local memo, not a
    # library cache.
    if not LEXICONS:
        LEXICONS.append(load_lexicons())
    return LEXICONS[0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(document, min_size=1, max_size=3))
def test_second_run_adds_nothing_and_changes_nothing(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, text in enumerate(texts):
            (root / f"{i}.txt").write_text(text, encoding="utf-8")
        settings_ = load_settings(store={"path": root / "s.db"})
        with open_store(root / "s.db") as store:
            first = run([str(root)], settings=settings_, store=store, lexicons=_lexicons())
            before = list(store.articles())
            second = run([str(root)], settings=settings_, store=store, lexicons=_lexicons())
            after = list(store.articles())
        assert second.added == 0
        assert second.unchanged + second.differing == first.added + first.unchanged
        assert second.differing == 0
        assert before == after
        assert len(first.rejected) == len(second.rejected)
