"""The packaged CAMEO codebook: contents, parent fallback, immutability, and the generated doc."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from storyline.extract.codebook import (
    CameoCode,
    Codebook,
    codebook_markdown,
    load_codebook,
    parse_codebook,
)

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "src" / "storyline" / "data" / "cameo"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


def test_codebook_has_every_cameo_code_once(codebook: Codebook) -> None:
    assert codebook.version == "cameo-1"
    assert len(codebook) == 312
    levels = [c.level for c in codebook.codes.values()]
    assert (levels.count(1), levels.count(2), levels.count(3)) == (20, 147, 145)
    assert list(codebook.codes) == sorted(codebook.codes)
    for key, entry in codebook.codes.items():
        assert key == entry.code and entry.root == key[:2] and entry.level == len(key) - 1
        assert -10.0 <= entry.goldstein <= 10.0


def test_known_entries(codebook: Codebook) -> None:
    truce = codebook.codes["0871"]
    assert truce.name == "Declare truce, ceasefire"
    assert (truce.goldstein, truce.quad_class) == (9.0, 2)
    assert (truce.plover, truce.plover_mode) == ("RETREAT", "ceasefire")
    assert codebook.codes["036"].plover == "AGREE"
    assert codebook.codes["042"].plover_mode == "visit"
    assert codebook.codes["163"].plover == "COERCE"   # the 2021 map moves sanctions to COERCE
    assert codebook.codes["1712"].plover == "ASSAULT"
    assert codebook.codes["08"].plover == "CONCEDE"   # root 08: two headers, 080's category wins
    assert codebook.codes["19"].name == "FIGHT"
    # PLOVER dropped CAMEO 01 (statements) and 02 (appeals).
    assert all(c.plover is None for c in codebook.codes.values() if c.root in ("01", "02"))
    assert all(c.plover is not None for c in codebook.codes.values()
               if c.root not in ("01", "02"))


@pytest.mark.parametrize(("root", "quad"), [("01", 1), ("05", 1), ("06", 2), ("08", 2),
                                            ("09", 3), ("13", 3), ("14", 4), ("20", 4)])
def test_quad_class_follows_gdelt(codebook: Codebook, root: str, quad: int) -> None:
    assert {c.quad_class for c in codebook.codes.values() if c.root == root} == {quad}


def test_descriptions_are_repaired(codebook: Codebook) -> None:
    assert codebook.codes["1711"].description.startswith(
        "Use force to take control of somebody else’s property")
    for entry in codebook.codes.values():
        assert "‚Ä" not in entry.description and "√" not in entry.description
        assert entry.description or entry.level == 1


def test_get_falls_back_to_parents(codebook: Codebook) -> None:
    exact = codebook.get("0871")
    assert exact is not None and exact.code == "0871"
    base = codebook.get("0879")          # unknown 4-digit code -> its base code
    assert base is not None and base.code == "087" and base.plover == "RETREAT"
    root = codebook.get("099")           # unknown 3-digit code -> its root
    assert root is not None and root.code == "09"
    padded = codebook.get(" 036 ")
    assert padded is not None and padded.code == "036"
    for bad in ("", "x", "99", "0", "12345", "---", "04a"):
        assert codebook.get(bad) is None


def test_codebook_is_immutable(codebook: Codebook) -> None:
    with pytest.raises(TypeError):
        codebook.codes["999"] = codebook.codes["01"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        codebook.codes["01"].goldstein = 1.0  # type: ignore[misc]


def test_parse_rejects_malformed_data() -> None:
    with pytest.raises(ValueError, match="malformed"):
        parse_codebook({"version": "1"})
    record = {"code": "01", "name": "X", "root": "01", "level": 1, "goldstein": 0,
              "quad_class": 1, "plover": None, "plover_mode": None, "description": ""}
    with pytest.raises(ValueError, match="twice"):
        parse_codebook({"version": "1", "codes": [record, record]})


def test_markdown_renders_each_code() -> None:
    book = parse_codebook({"version": "9", "codes": [
        {"code": "04", "name": "CONSULT", "root": "04", "level": 1, "goldstein": 1.0,
         "quad_class": 1, "plover": "CONSULT", "plover_mode": None, "description": ""},
        {"code": "042", "name": "Make a visit", "root": "04", "level": 2, "goldstein": 1.9,
         "quad_class": 1, "plover": "CONSULT", "plover_mode": "visit", "description": "d"},
        {"code": "010", "name": "A | B", "root": "01", "level": 2, "goldstein": -0.0,
         "quad_class": 1, "plover": None, "plover_mode": None, "description": ""},
    ]})
    text = codebook_markdown(book)
    assert "`cameo-9`: 3 CAMEO event codes" in text
    assert "| **04** | **CONSULT** | 1 | 1 | CONSULT |" in text
    assert "| 042 | Make a visit | 1.9 | 1 | CONSULT / visit |" in text
    assert "| 010 | A \\| B | -0 | 1 | — |" in text
    assert "CC BY-SA 4.0" in text and text.endswith("\n")


def test_committed_doc_is_current(codebook: Codebook) -> None:
    committed = (ROOT / "docs" / "cameo.md").read_text(encoding="utf-8")
    assert committed == codebook_markdown(codebook), (
        "docs/cameo.md is stale: run `.venv/bin/python scripts/build_codebook.py`")


def test_package_data_is_small_and_licensed() -> None:
    assert (DATA / "codebook.json").stat().st_size < 200_000
    licenses = (DATA / "LICENSES.md").read_text(encoding="utf-8")
    assert "MIT License" in licenses and "Andreas Beger" in licenses
    assert "Open Event Data Alliance" in licenses and "CC BY-SA 4.0" in licenses
    assert "shared under the same licence, CC BY-SA 4.0" in licenses


def test_cameo_code_is_a_frozen_record() -> None:
    code = CameoCode(code="01", name="n", root="01", level=1, goldstein=0.0, quad_class=1,
                     plover=None, plover_mode=None, description="")
    assert dataclasses.asdict(code)["code"] == "01"
