"""The reference data the ingest stage reads: page-chrome words, news agencies, a language model.

The words live in versioned package data (``storyline/data/chrome.json``,
``storyline/data/agencies.json``); :func:`load_lexicons` reads them into immutable objects that the
caller loads once and passes down. Nothing happens at import time and nothing here is a mutable
global.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Literal, Protocol, cast

__all__ = [
    "Agency",
    "AgencyKind",
    "AgencyLexicon",
    "ChromeLexicon",
    "IngestLexicons",
    "LanguageClassifier",
    "load_lexicons",
    "normalize_line",
]

AgencyKind = Literal["wire", "broadcaster", "photo"]

_TRAILING_CHROME = ":|>»›·•-–— \t"


def normalize_line(text: str) -> str:
    """Return a line as lexicons compare it: lower-cased, whitespace collapsed, trailing ``:|>»``.

    Args:
        text: One line of text.

    Returns:
        The comparison key.
    """
    return " ".join(text.split()).lower().rstrip(_TRAILING_CHROME)


class LanguageClassifier(Protocol):
    """Anything that names the language of a text (py3langid's identifier is one)."""

    def classify(self, text: str) -> tuple[str, float]:
        """Return ``(ISO 639-1 code, confidence 0..1)`` for ``text``."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ChromeLexicon:
    """Share-button and menu vocabulary, as normalised whole lines (see :func:`normalize_line`).

    Attributes:
        version: ``chrome-<n>`` from the data file.
        share_lines: Whole lines that are share widgets (``share this news``).
        share_prefixes: Line starts that make a short line a share widget (``share to ``).
        networks: Social-network names; a line made only of them is a share widget.
        menu_lines: Whole lines that are site navigation (``all news``).
        menu_prefixes: Line starts of navigation teasers (``read more:``).
    """

    version: str
    share_lines: frozenset[str]
    share_prefixes: tuple[str, ...]
    networks: frozenset[str]
    menu_lines: frozenset[str]
    menu_prefixes: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Agency:
    """A news agency, broadcaster or photo agency that texts credit.

    Attributes:
        name: Canonical name stored on articles (``AP``).
        kind: ``wire`` (news agency), ``broadcaster``, or ``photo`` (picture agency).
        aliases: Every written form, including ``name``.
    """

    name: str
    kind: AgencyKind
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AgencyLexicon:
    """Agencies by alias.

    Attributes:
        version: ``agencies-<n>`` from the data file.
        agencies: Every agency, in file order.
        by_alias: Lower-cased alias -> agency, for aliases matched case-insensitively.
        by_exact: Alias -> agency, for short all-capital aliases matched exactly (``AP``).
    """

    version: str
    agencies: tuple[Agency, ...]
    by_alias: Mapping[str, Agency]
    by_exact: Mapping[str, Agency]

    def lookup(self, name: str) -> Agency | None:
        """Return the agency a credit piece names, or None.

        Args:
            name: A credit piece such as ``Associated Press`` or ``AP``; surrounding whitespace and
                brackets are ignored.

        Returns:
            The agency, or None when the piece is not a known agency name.
        """
        key = " ".join(name.strip(" \t()[]").split())
        if key in self.by_exact:
            return self.by_exact[key]
        return self.by_alias.get(key.lower())


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestLexicons:
    """Everything the ingest stage reads besides the document itself.

    Attributes:
        chrome: Share and menu vocabulary.
        agencies: News agencies and their aliases.
        language: The language identifier.
        version: Versions of the data, recorded with each run (``chrome-1+agencies-1+py3langid``).
    """

    chrome: ChromeLexicon
    agencies: AgencyLexicon
    language: LanguageClassifier
    version: str


@dataclass(frozen=True, slots=True)
class _LangId:
    """Adapter giving py3langid's normalised identifier the :class:`LanguageClassifier` shape."""

    identifier: object

    def classify(self, text: str) -> tuple[str, float]:
        code, confidence = self.identifier.classify(text)  # type: ignore[attr-defined]
        return str(code), float(confidence)


def _read_json(name: str) -> dict[str, object]:
    text = resources.files("storyline.data").joinpath(name).read_text(encoding="utf-8")
    return cast(dict[str, object], json.loads(text))


def _strings(raw: dict[str, object], key: str) -> tuple[str, ...]:
    values = raw.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{key!r} must be a list of strings")
    return tuple(cast(list[str], values))


def _chrome(raw: dict[str, object]) -> ChromeLexicon:
    return ChromeLexicon(
        version=f"chrome-{raw.get('version', '0')}",
        share_lines=frozenset(normalize_line(v) for v in _strings(raw, "share_lines")),
        share_prefixes=tuple(v.lower() for v in _strings(raw, "share_prefixes")),
        networks=frozenset(normalize_line(v) for v in _strings(raw, "networks")),
        menu_lines=frozenset(normalize_line(v) for v in _strings(raw, "menu_lines")),
        menu_prefixes=tuple(v.lower() for v in _strings(raw, "menu_prefixes")),
    )


def _is_exact_alias(alias: str) -> bool:
    return len(alias) <= 4 and alias.isupper()


def _agencies(raw: dict[str, object]) -> AgencyLexicon:
    entries = raw.get("agencies", [])
    if not isinstance(entries, list):
        raise ValueError("'agencies' must be a list")
    agencies: list[Agency] = []
    by_alias: dict[str, Agency] = {}
    by_exact: dict[str, Agency] = {}
    for entry in cast(list[dict[str, object]], entries):
        kind = str(entry.get("kind", "wire"))
        if kind not in ("wire", "broadcaster", "photo"):
            raise ValueError(f"unknown agency kind {kind!r}")
        name = str(entry["name"])
        aliases = tuple(dict.fromkeys([name, *cast(list[str], entry.get("aliases", []))]))
        agency = Agency(name=name, kind=cast(AgencyKind, kind), aliases=aliases)
        agencies.append(agency)
        for alias in aliases:
            if _is_exact_alias(alias):
                by_exact.setdefault(alias, agency)
            else:
                by_alias.setdefault(alias.lower(), agency)
    return AgencyLexicon(
        version=f"agencies-{raw.get('version', '0')}",
        agencies=tuple(agencies),
        by_alias=MappingProxyType(by_alias),
        by_exact=MappingProxyType(by_exact),
    )


def load_lexicons() -> IngestLexicons:
    """Load the ingest lexicons from the package data, and the py3langid model.

    Loading takes about half a second (mostly the language model); call it once per run and pass
    the result down.

    Returns:
        The immutable lexicons.

    Raises:
        ValueError: If a data file is malformed (a packaging bug).
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    chrome = _chrome(_read_json("chrome.json"))
    agencies = _agencies(_read_json("agencies.json"))
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return IngestLexicons(
        chrome=chrome,
        agencies=agencies,
        language=_LangId(identifier),
        version=f"{chrome.version}+{agencies.version}+py3langid",
    )
