"""Runs and rejects."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline import __version__
from storyline.config import Settings
from storyline.records import Article, Rejected, RejectReason, Stage
from storyline.store import Repository, RunNotFoundError, SqliteStore, open_store

MakeArticle = Callable[..., Article]

REJECTS = [
    Rejected(source="in/empty.txt", stage=Stage.INGEST, reason=RejectReason.EMPTY,
             detail="The file is empty."),
    Rejected(source="in/feed.jsonl#7", stage=Stage.INGEST, reason=RejectReason.MALFORMED_RECORD,
             detail="Line 7 is not JSON: Expecting value — fix or remove it."),
    Rejected(source="in/menu.html", stage=Stage.CLEAN, reason=RejectReason.NO_TEXT,
             detail="Only 12 characters of text after cleaning (need 40)."),
]


def test_sqlite_store_satisfies_the_repository_protocol(store: SqliteStore) -> None:
    assert isinstance(store, Repository)


def test_run_bookkeeping(tmp_path: Path) -> None:
    times = iter([
        dt.datetime(2024, 11, 24, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        dt.datetime(2024, 11, 24, 12, 5, 30, tzinfo=dt.UTC),
    ])
    settings_json = Settings().model_dump_json()
    with open_store(tmp_path / "s.db", clock=lambda: next(times)) as store:
        run_id = store.start_run(
            settings_json=settings_json,
            models={"nlp": "en_core_web_sm-3.8.0", "a": "x.v1"},
            inputs=["corpus/", "-"],
        )
        assert run_id.startswith("20241124T120000Z-")
        running = store.get_run(run_id)
        assert running.finished_at is None and running.counts is None
        store.finish_run(run_id, {"read": 5, "articles": 4, "rejected": 1})
        run = store.get_run(run_id)
    assert run.started_at == dt.datetime(2024, 11, 24, 12, 0, tzinfo=dt.UTC)
    assert run.started_at.tzinfo is not None
    assert run.finished_at == dt.datetime(2024, 11, 24, 12, 5, 30, tzinfo=dt.UTC)
    assert run.storyline_version == __version__
    assert json.loads(run.settings_json) == json.loads(settings_json)
    assert dict(run.models) == {"a": "x.v1", "nlp": "en_core_web_sm-3.8.0"}
    assert dict(run.counts or {}) == {"read": 5, "articles": 4, "rejected": 1}
    assert run.inputs == ("corpus/", "-")


def test_run_ids_are_distinct_and_listed_in_order(store: SqliteStore) -> None:
    ids = [store.start_run(settings_json="{}", models={}, version="9.9") for _ in "abc"]
    assert len(set(ids)) == 3
    assert sorted(r.id for r in store.runs()) == sorted(ids)
    assert {r.storyline_version for r in store.runs()} == {"9.9"}


def test_settings_json_must_be_an_object(store: SqliteStore) -> None:
    with pytest.raises(ValueError):
        store.start_run(settings_json="[1, 2]", models={})
    with pytest.raises(ValueError):
        store.start_run(settings_json="not json", models={})


def test_unknown_run_is_refused(store: SqliteStore, make_article: MakeArticle) -> None:
    with pytest.raises(RunNotFoundError):
        store.finish_run("nope", {})
    with pytest.raises(RunNotFoundError):
        store.get_run("nope")
    with pytest.raises(LookupError):
        store.add_rejects(REJECTS, "nope")
    with pytest.raises(RunNotFoundError):
        store.upsert_articles([make_article()], run_id="nope")
    with pytest.raises(RunNotFoundError):
        store.rejected("nope")
    assert store.count_articles() == 0
    assert store.rejected() == []


def test_rejects_round_trip_per_run(store: SqliteStore) -> None:
    run = store.start_run(settings_json="{}", models={})
    store.add_rejects(REJECTS, run)
    assert store.rejected(run) == REJECTS
    assert store.rejected() == REJECTS


def test_rejects_of_all_runs_are_distinct_in_first_seen_order(store: SqliteStore) -> None:
    first = store.start_run(settings_json="{}", models={})
    second = store.start_run(settings_json="{}", models={})
    store.add_rejects(REJECTS[:2], first)
    store.add_rejects([REJECTS[2], REJECTS[0]], second)
    assert store.rejected(first) == REJECTS[:2]
    assert store.rejected(second) == [REJECTS[2], REJECTS[0]]
    assert store.rejected() == REJECTS


def test_rejects_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        run = store.start_run(settings_json="{}", models={})
        store.add_rejects(REJECTS, run)
    with open_store(path) as store:
        assert store.rejected(run) == REJECTS
