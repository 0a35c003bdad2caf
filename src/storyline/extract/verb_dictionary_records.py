"""The records of a PETRARCH-2 verb dictionary (see :mod:`storyline.extract.verb_dictionary`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "DictionaryCode",
    "DictionaryProblem",
    "Element",
    "FamilyVerb",
    "NounPhrase",
    "Pattern",
    "PrepPhrase",
    "Slot",
    "SlotKind",
    "Synset",
    "SynsetMember",
    "SynsetRef",
    "VerbDictionary",
    "VerbFamily",
    "Word",
]

SlotKind = Literal["source", "target", "compound", "skip"]
"""What a slot marks: ``$`` source, ``+`` target, ``%`` compound, ``^`` one skipped word."""


@dataclass(frozen=True, slots=True)
class DictionaryCode:
    """A pattern's or verb's code.

    Attributes:
        code: The CAMEO code, or None for ``[---]`` (no event).
        pair: The code of the paired event from target to source (``[042:043]``), if any.
    """

    code: str | None
    pair: str | None = None


@dataclass(frozen=True, slots=True)
class Word:
    """A word or phrase of a pattern or synset (``_`` and spaces both join words).

    Attributes:
        words: The words, upper-cased as written, in order (the head last).
        exact: A trailing ``_``: this form only, no plural.
    """

    words: tuple[str, ...]
    exact: bool = False


@dataclass(frozen=True, slots=True)
class SynsetRef:
    """A synset named in a pattern or another synset (``&CURRENCY``)."""

    name: str


@dataclass(frozen=True, slots=True)
class Slot:
    """An actor or skip marker: ``$`` source, ``+`` target, ``%`` compound, ``^`` one word."""

    kind: SlotKind


@dataclass(frozen=True, slots=True)
class NounPhrase:
    """``{A B C}``: one noun phrase; the last element is its head, the others modify it."""

    elements: tuple[Word | SynsetRef | Slot, ...]


@dataclass(frozen=True, slots=True)
class PrepPhrase:
    """``(PREP ...)``: a preposition and what it governs (nothing, nouns, slots)."""

    prep: str
    elements: tuple[Element, ...]


Element = Word | SynsetRef | Slot | NounPhrase | PrepPhrase
"""One element of a pattern."""


@dataclass(frozen=True, slots=True)
class SynsetMember:
    """One ``+`` line of a synset: words, a prepositional phrase, or another synset."""

    element: Word | PrepPhrase | SynsetRef


@dataclass(frozen=True, slots=True)
class Synset:
    """An ``&NAME`` block.

    Attributes:
        name: The label, with its ``&`` (``&CURRENCY``).
        members: Its members, in file order.
        exact: The label ends with ``_``: no member takes a plural.
        line: Line of the label.
    """

    name: str
    members: tuple[SynsetMember, ...]
    exact: bool
    line: int


@dataclass(frozen=True, slots=True)
class FamilyVerb:
    """One verb line of a family.

    Attributes:
        words: The verb's words, upper-cased (``GO BY``; ``WIRE TAP``).
        head: Index in ``words`` of the inflected verb (``+`` in ``WIRE_+TAP``; 0 unmarked).
        forms: Irregular forms given in ``{...}``, as written.
        code: The verb's own code, or None for the family's.
        line: Line number in the file.
    """

    words: tuple[str, ...]
    head: int
    forms: tuple[str, ...]
    code: DictionaryCode | None
    line: int


@dataclass(frozen=True, slots=True)
class Pattern:
    """One ``-`` line of a family.

    Attributes:
        before: Elements before the ``*`` (the verb).
        after: Elements after it.
        code: Its code.
        text: The line as written, without comment, for reports and rules.
        line: Line number in the file.
    """

    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: DictionaryCode
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class VerbFamily:
    """A ``--- NAME [code] ---`` block: its verbs share its code and its patterns.

    Attributes:
        name: The family name (``ALLOW``, ``EXPLAIN_VERBAL``).
        code: The family's code, for every verb without its own.
        verbs: The verbs.
        patterns: The patterns, which hold for every verb of the family.
        line: Line of the header.
    """

    name: str
    code: DictionaryCode
    verbs: tuple[FamilyVerb, ...]
    patterns: tuple[Pattern, ...]
    line: int


@dataclass(frozen=True, slots=True)
class DictionaryProblem:
    """A line that could not be read, and why; it is left out."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    """A verb dictionary as read, immutable.

    Attributes:
        path: The file.
        version: ``verbdict-`` and a hash of the file's bytes.
        synsets: Synsets by label (``&CURRENCY``); a label defined twice keeps its later members.
        families: Verb families in file order.
        problems: Lines left out, with the reason.
    """

    path: Path
    version: str
    synsets: Mapping[str, Synset]
    families: tuple[VerbFamily, ...]
    problems: tuple[DictionaryProblem, ...]

    def members(self, name: str) -> tuple[SynsetMember, ...]:
        """A synset's members with the synsets it includes expanded (each once).

        Raises:
            KeyError: If the synset is not defined.
        """
        out: list[SynsetMember] = []
        seen: set[str] = set()

        def walk(label: str) -> None:
            if label in seen:
                return
            seen.add(label)
            for member in self.synset(label).members:
                if isinstance(member.element, SynsetRef):
                    walk(member.element.name)
                else:
                    out.append(member)

        walk(name)
        return tuple(out)

    def exact(self, name: str) -> bool:
        """True when the synset's label ends with ``_`` (no plurals for its members)."""
        return self.synset(name).exact

    def synset(self, name: str) -> Synset:
        """A synset by label, with or without the label's trailing ``_`` (``&NEGOTIATION``
        names ``&NEGOTIATION_``).

        Raises:
            KeyError: If the synset is not defined.
        """
        found = self.synsets.get(name) or self.synsets.get(name + "_")
        if found is None:
            raise KeyError(name)
        return found
