"""End-to-end tests of the CLI on the bundled sample corpus and on bad input."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from storyline.serve.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "aleppo-2016"
SCHEMA = ROOT / "src" / "storyline" / "schemas" / "export-1.schema.json"


def invoke(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


def test_run_on_samples_prints_the_five_articles(db: str) -> None:
    code, out, _ = invoke("run", str(SAMPLES), "--db", db, "--no-progress")
    assert code == 0, out
    for expected in [
        "Russian, US experts begin talks",
        "Russia and Syria won",
        "Russia hints at joint military action",
        "Russian Military Says It",
        "2016-07-29",
        "2016-10-26",
        "2016-10-19",
        "2016-08-16",
        "2016-09-28",
        "TASS",
        "TRT World",
        "Geneva",
        "Moscow",
    ]:
        assert expected in out, f"{expected!r} missing from run output:\n{out}"
    assert "2024-11-24" not in out.split("Read ")[0]
    assert "5 new articles" in out


def test_rerun_changes_nothing(db: str) -> None:
    invoke("run", str(SAMPLES), "--db", db, "--no-progress")
    code, out, _ = invoke("run", str(SAMPLES), "--db", db, "--no-progress")
    assert code == 0
    assert "0 new articles, 5 already in the store" in out


def test_articles_show_and_export_validate(db: str, tmp_path: Path) -> None:
    invoke("run", str(SAMPLES), "--db", db, "--no-progress")
    code, out, _ = invoke("articles", "--db", db)
    assert code == 0 and "Russia hints at joint military action" in out
    doc_path = tmp_path / "export.json"
    code, _, _ = invoke("export", "--format", "json", "-o", str(doc_path), "--db", db)
    assert code == 0
    document = json.loads(doc_path.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["schema"] == "storyline.export/1"
    assert len(document["articles"]) == 5
    article_id = document["articles"][0]["id"]
    code, out, _ = invoke("show", article_id[:6], "--db", db)
    assert code == 0
    assert document["articles"][0]["title"][:20] in out
    code, out, _ = invoke("export", "--format", "jsonl", "--db", db)
    lines = [json.loads(line) for line in out.splitlines()]
    kinds = [line["type"] for line in lines]
    assert kinds.count("article") == 5
    assert {"actor", "quote", "time"} <= set(kinds)


def test_bad_inputs_are_listed_and_the_run_goes_on(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    good = (SAMPLES / "002_989c47c9fa395303.txt").read_bytes()
    (bad / "truncated.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n" * 50)[:40])
    (bad / "zz_good.txt").write_bytes(good)
    code, out, _ = invoke("run", str(bad), str(tmp_path / "missing.txt"), "--db", db,
                          "--no-progress")
    assert code == 0, out
    assert "Russia and Syria won" in out
    for reason in ["empty", "binary", "corrupt_archive", "not_found"]:
        assert reason in out, f"{reason} not reported:\n{out}"
    code, out, _ = invoke("rejected", "--db", db)
    assert "not_found" in out


def test_stdin(db: str) -> None:
    text = (SAMPLES / "000_b47c48465938dede.txt").read_bytes()
    code, out, _ = invoke("run", "-", "--db", db, "--no-progress", input=text)
    assert code == 0
    assert "Russian, US experts begin talks" in out


def test_exit_codes(db: str, tmp_path: Path) -> None:
    code, _, err = invoke("run", "--db", db)
    assert code == 2
    code, _, err = invoke("show", "ffffffff", "--db", db)
    assert code == 1 and "E012" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = invoke("articles", "--db", str(blocker / "store.db"))
    assert code == 1 and "E010" in err
    os.environ["STORYLINE_INGEST__BOGUS"] = "1"
    try:
        code, _, err = invoke("articles", "--db", db)
    finally:
        del os.environ["STORYLINE_INGEST__BOGUS"]
    assert code == 2 and "E001" in err


def test_stories_timeline_and_compare(db: str) -> None:
    code, out, _ = invoke("run", str(SAMPLES), "--db", db, "--no-progress")
    assert code == 0 and "Stories of this run" in out and "Timeline:" in out
    code, out, _ = invoke("stories", "--db", db)
    assert code == 0 and "Stories (1)" in out  # the five sample articles are one story
    story_id = out.split("│ s", 1)[1].split()[0]
    code, out, _ = invoke("timeline", "s" + story_id, "--db", db)
    assert code == 0 and "Timeline:" in out
    code, out, _ = invoke("compare", "s" + story_id, "--db", db)
    assert code == 0 and "Coverage" in out and "Whom each outlet quotes" in out


def test_adding_articles_never_renumbers_stories(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    files = sorted(SAMPLES.glob("*.txt"))
    for f in files[:3]:
        (first / f.name).write_bytes(f.read_bytes())
    for f in files[3:]:
        (second / f.name).write_bytes(f.read_bytes())
    db = str(tmp_path / "s.db")
    invoke("run", str(first), "--db", db, "--no-progress")
    doc_path = tmp_path / "one.json"
    invoke("export", "-o", str(doc_path), "--db", db)
    before = {s["id"]: set(s["article_ids"]) for s in json.loads(doc_path.read_text())["stories"]}
    invoke("run", str(second), "--db", db, "--no-progress")
    invoke("export", "-o", str(doc_path), "--db", db)
    after = {s["id"]: set(s["article_ids"]) for s in json.loads(doc_path.read_text())["stories"]}
    assert before and all(sid in after and arts <= after[sid] for sid, arts in before.items())
