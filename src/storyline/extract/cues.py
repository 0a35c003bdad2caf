"""The reporting-cue lexicon and what makes a token a cue.

The vocabulary (reporting verbs, "according to", audience and source nouns, titles, role nouns) is
versioned package data in ``data/cues.json``: :func:`load_cue_lexicon` loads it into an immutable
:class:`CueLexicon`, which the caller passes to :func:`storyline.extract.quotes.quotes`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from storyline.errors import ConfigError, E

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["CueLexicon", "is_according", "is_cue", "load_cue_lexicon"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CueLexicon:
    """The reporting-cue vocabulary, immutable; load it with :func:`load_cue_lexicon`.

    Attributes:
        version: Version of the lexicon file (``cues.v1``), recorded for provenance.
        speech_verbs: Lemmas of reporting verbs.
        direct_only_verbs: Reporting verbs that only attribute quotations, never indirect speech
            (``continue``, ``agree``, ``describe``).
        phrasal_verbs: Verb lemma -> particles that make it a reporting verb (``point out``).
        according_to: First words of "according to".
        source_nouns: Nouns of "said in a statement / in an interview".
        audience_nouns: Generic addressees that are part of the cue (``told reporters``).
        media_words: Words that mark an addressee as an intermediary (``Rossiya 24 television``).
        person_titles: Titles stripped from names (``Lt.``, ``Mr``).
        personal_titles: Titles that only ever precede a person's name, so that an entity the
            recogniser tagged as an organisation ("Spokeswoman Sandy Angers") is a person; unlike
            ``general`` or ``president``, which also start organisation names.
        role_nouns: Role noun -> title phrases it can refer back to (``diplomat`` -> ``foreign
            minister``...); ``*`` means any person.
        org_nouns: Organisation noun -> word its antecedent's name must contain (``*``: any).
        ignored_modifiers: Modifiers ignored when matching a role noun (``senior``, ``top``).
        spelling: Spelling variants normalised before matching (``defence`` -> ``defense``).
    """

    version: str
    speech_verbs: frozenset[str]
    direct_only_verbs: frozenset[str]
    phrasal_verbs: Mapping[str, frozenset[str]]
    according_to: frozenset[str]
    source_nouns: frozenset[str]
    audience_nouns: frozenset[str]
    media_words: frozenset[str]
    person_titles: frozenset[str]
    personal_titles: frozenset[str]
    role_nouns: Mapping[str, tuple[str, ...]]
    org_nouns: Mapping[str, str]
    ignored_modifiers: frozenset[str]
    spelling: Mapping[str, str]


def load_cue_lexicon(path: Path | None = None) -> CueLexicon:
    """Load the cue lexicon: the packaged ``data/cues.json``, or another file of the same shape.

    Args:
        path: A lexicon file to use instead of the packaged one.

    Returns:
        The immutable lexicon.

    Raises:
        ConfigError: If the file cannot be read or lacks a field.
    """
    where = str(path) if path is not None else "storyline/data/cues.json"
    try:
        if path is None:
            raw = resources.files("storyline").joinpath("data/cues.json").read_text("utf-8")
        else:
            raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
        return CueLexicon(
            version=str(data["version"]),
            speech_verbs=frozenset(data["speech_verbs"]),
            direct_only_verbs=frozenset(data["direct_only_verbs"]),
            phrasal_verbs=MappingProxyType(
                {k: frozenset(v) for k, v in data["phrasal_verbs"].items()}),
            according_to=frozenset(data["according_to"]),
            source_nouns=frozenset(data["source_nouns"]),
            audience_nouns=frozenset(data["audience_nouns"]),
            media_words=frozenset(data["media_words"]),
            person_titles=frozenset(data["person_titles"]),
            personal_titles=frozenset(data["personal_titles"]),
            role_nouns=MappingProxyType({k: tuple(v) for k, v in data["role_nouns"].items()}),
            org_nouns=MappingProxyType(dict(data["org_nouns"])),
            ignored_modifiers=frozenset(data["ignored_modifiers"]),
            spelling=MappingProxyType(dict(data["spelling"])),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(E.E003.format(path=where, problem=repr(exc))) from exc


def is_cue(tok: Token, cues: CueLexicon) -> bool:
    """Whether a token is a reporting verb: a verb whose lemma is a speech verb, or a phrasal
    verb with its particle (``point out``).

    Args:
        tok: A token of a parsed document.
        cues: The cue lexicon.
    """
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    if lemma in cues.speech_verbs:
        return True
    particles = cues.phrasal_verbs.get(lemma)
    return particles is not None and any(
        c.dep_ == "prt" and c.lower_ in particles for c in tok.children)


def is_according(tok: Token, doc: Doc, cues: CueLexicon) -> bool:
    """Whether a token starts "according to".

    Args:
        tok: A token of ``doc``.
        doc: The parsed document.
        cues: The cue lexicon.
    """
    return (tok.lower_ in cues.according_to and tok.i + 1 < len(doc)
            and doc[tok.i + 1].lower_ == "to")
