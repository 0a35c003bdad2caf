"""The ``storyline`` command line: a thin shell over library functions.

Each command calls one library function and formats what it returns. Exit codes: 0 success,
1 runtime error (a store that cannot be opened, a missing model), 2 usage error (bad option, unknown
setting). ``--debug`` shows the traceback instead of one line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from storyline.errors import ConfigError, InputError, StorylineError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _fail(exc: BaseException, *, usage: bool) -> None:
    ctx = click.get_current_context(silent=True)
    debug = bool(ctx and ctx.find_root().params.get("debug"))
    if debug:
        raise exc
    click.echo(f"storyline: error: {exc}", err=True)
    sys.exit(2 if usage else 1)


def handle_errors(func: F) -> F:
    """Turn storyline's exceptions into one clear line and the documented exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ConfigError, InputError) as exc:
            _fail(exc, usage=True)
        except StorylineError as exc:
            _fail(exc, usage=False)
        return None

    return wrapper  # type: ignore[return-value]


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    envvar="STORYLINE_STORE__PATH",
    show_envvar=True,
    help="SQLite file of the store (created if missing). Default: ./storyline.db.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="storyline")
def cli(debug: bool) -> None:
    """storyline: turn news articles from many outlets into a sourced account of a story.

    \b
    Start with the bundled sample corpus:
      storyline run examples/aleppo-2016
      storyline articles
      storyline show <ID>
      storyline export --format json -o story.json
    """


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="storyline")


# Importing the command modules registers them on the group: the only import-time work here is
# defining click commands, no I/O.
from storyline.serve.cli import commands as _commands  # noqa: E402,F401
