"""Reading storyline's versioned reference data (``storyline/data/*.json``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import cast

__all__ = ["load_versioned_json", "record_list"]


def load_versioned_json(path: str) -> dict[str, object]:
    """Read ``storyline/data/<path>``: a JSON object that carries a ``version``.

    Raises:
        ValueError: If the file is not an object with a ``version``.
    """
    text = resources.files("storyline.data").joinpath(path).read_text(encoding="utf-8")
    raw = json.loads(text)
    if not isinstance(raw, dict) or "version" not in raw:
        raise ValueError(f"{path}: expected an object with a 'version'")
    return cast(dict[str, object], raw)


def record_list(raw: Mapping[str, object], key: str, *, what: str) -> list[dict[str, object]]:
    """The list of records under ``key`` of a data file (``what`` names the file in errors).

    Raises:
        ValueError: If ``key`` does not hold a list.
    """
    value = raw.get(key)
    if not isinstance(value, list):
        raise ValueError(f"{what}: {key!r} must be a list")
    return [cast(dict[str, object], v) for v in value]
