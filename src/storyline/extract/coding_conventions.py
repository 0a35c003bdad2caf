"""Coding conventions: where event coders disagree, and which way storyline codes.

Two questions divide the CAMEO codebook from the coders that produce most event data:

- **The future tense.** CAMEO 1.1b3 codes cooperative acts "reported in future tense" as intents
  (030: "Arnor will meet Gondor" is 036, and "will not agree" a refusal, 12x). PETRARCH and TABARI
  -- hence GDELT -- ignore the tense and code the act itself (040). storyline follows the codebook
  by default (``future="intent"``); ``future="act"`` codes the act, its modality still
  ``intended``, so nothing is lost and the two readings stay distinguishable.
- **Negation.** storyline records a negated act ("did not clash") as ``negated`` and leaves it out
  of event data. PETRARCH-2 instead negates the act's code in its internal coding ontology (PICO):
  every CAMEO code is a sum of hexadecimal features, and negation subtracts (or, for the
  rejections, adds back) the "not" feature ``0xFFFF``. Where the result is the value of another
  code, that code is the event: 110 "disapprove" is ``0xFFFF+0x0080``, so "did not clash over"
  (110) is 050 "diplomatic cooperation"; 170 "coerce" is ``0x0087+0xFFFF``, so "will not wire-tap"
  is 057; 121 "reject material cooperation" is ``-0xFFFF+0x0070``, so its negation is 060. Where
  no code has that value ("did not attack"), the event stays ``negated``. storyline applies this
  only when given an ontology file (``events.coding_ontology``), and the event's ``rule`` names
  it.

Use :func:`with_conventions` to set them on an
:class:`~storyline.extract.event_lexicon.EventLexicon`; the lexicon's version then names them, so
stored analyses are re-run when they change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from os import PathLike
from pathlib import Path
from types import MappingProxyType

from storyline.errors import ConfigError, E
from storyline.extract.event_lexicon import CodingConventions, EventLexicon, FutureRule

__all__ = ["CodingOntology", "negate", "read_coding_ontology", "with_conventions"]

NOT = 0xFFFF
"""PICO's "not" feature."""

_LINE = re.compile(r"^(\d{2,4}[A-Za-z]?)\s*:\s*(.*)$")
_TERM = re.compile(r"\s*([+-]?)\s*0x([0-9A-Fa-f]+)\s*")


@dataclass(frozen=True, slots=True, kw_only=True)
class CodingOntology:
    """A PICO file read: each CAMEO code's feature value, and what negation makes of it.

    Attributes:
        values: CAMEO code -> its (first-listed) feature value.
        negations: CAMEO code -> the code whose value is its negation, where one exists.
        version: ``pico-`` and a hash of the file's content.
    """

    values: MappingProxyType[str, int]
    negations: MappingProxyType[str, str]
    version: str


def _value(expr: str) -> int | None:
    """``-0xFFFF+0x2040+0x300`` -> its value; None when ``expr`` is not such a sum (a comment)."""
    expr = expr.strip()
    if not expr:
        return None
    total = 0
    pos = 0
    while pos < len(expr):
        m = _TERM.match(expr, pos)
        if m is None or m.end() == pos:
            return None
        total += -int(m.group(2), 16) if m.group(1) == "-" else int(m.group(2), 16)
        pos = m.end()
    return total


def negate(value: int) -> int:
    """PICO negation: take the "not" feature away, or add it back to a rejection."""
    return value + NOT if value < 0 else value - NOT


def read_coding_ontology(path: str | PathLike[str]) -> CodingOntology:
    """Read a PETRARCH-2 internal coding ontology (``PETR_Internal_Coding_Ontology*.txt``).

    Each line is ``CODE:VALUE[#VALUE...][#comment]``; a value is a sum of signed hexadecimal
    features. The first value of a code is the one negation works from; the reverse lookup (value
    -> code) takes the first code listed with that value.

    Args:
        path: The file.

    Returns:
        The values and the negation table.

    Raises:
        ConfigError: If the file cannot be read or lists no code.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(E.E003.format(path=p, problem=exc)) from exc
    values: dict[str, int] = {}
    reverse: dict[int, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = _LINE.match(line.strip())
        if m is None:
            continue
        code, rest = m.group(1), m.group(2)
        found = [v for v in (_value(part) for part in rest.split("#")) if v is not None]
        if not found:
            raise ConfigError(E.E005.format(path=p, line=lineno,
                                            problem=f"no feature value for code {code}"))
        values.setdefault(code, found[0])
        for v in found:
            reverse.setdefault(v, code)
    if not values:
        raise ConfigError(E.E005.format(path=p, line=1, problem="no CODE:VALUE line"))
    negations = {code: reverse[n] for code, v in values.items()
                 if (n := negate(v)) != 0 and n in reverse}
    return CodingOntology(values=MappingProxyType(values), negations=MappingProxyType(negations),
                          version=f"pico-{hashlib.sha256(raw).hexdigest()[:12]}")


def with_conventions(lexicon: EventLexicon, *, future: FutureRule = "intent",
                     ontology: str | PathLike[str] | None = None) -> EventLexicon:
    """Return the lexicon with these coding conventions (see the module docstring).

    Args:
        lexicon: The lexicon (not modified).
        future: ``intent`` (CAMEO, the default) or ``act`` (PETRARCH/GDELT).
        ontology: A PICO file whose negations negated acts take; None: negated acts stay
            ``negated``.

    Returns:
        The lexicon; its version gains ``+future-act`` and the ontology's version where they
        differ from the defaults.

    Raises:
        ConfigError: If the ontology cannot be read.
    """
    parts = []
    negations: MappingProxyType[str, str] = MappingProxyType({})
    if future != "intent":
        parts.append(f"future-{future}")
    if ontology is not None:
        onto = read_coding_ontology(ontology)
        negations = onto.negations
        parts.append(onto.version)
    if not parts:
        return lexicon
    tag = "+".join(parts)
    return replace(lexicon, version=f"{lexicon.version}+{tag}",
                   conventions=CodingConventions(future=future, negations=negations, version=tag))
