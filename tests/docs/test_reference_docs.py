"""Docs tests: every CLI command and setting is documented, and the README commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from storyline.serve.cli import cli
from storyline.serve.cli.reference import cli_reference, config_reference

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == cli_reference(cli) + "\n", (
        "docs/cli.md is stale: run `python -m storyline.serve.cli.reference`"
    )


def test_config_reference_is_current() -> None:
    committed = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    assert committed == config_reference(), (
        "docs/config.md is stale: run `python -m storyline.serve.cli.reference`"
    )


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 20, f"{name} lacks a helpful --help"


def test_readme_commands_exist_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for script in re.findall(r"^\./(scripts/\w+)", readme, flags=re.M):
        assert (ROOT / script).is_file(), script
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./scripts/test" in ci
    assert "./scripts/test" in readme and "./scripts/demo" in readme
