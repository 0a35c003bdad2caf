"""The event coder's vocabulary: trigger entries and frame cues, loaded into an immutable object.

Two versioned package files, both written from the CAMEO 1.1b3 codebook's definitions and examples:

- ``data/events/verbs.json`` — triggers. A verb entry is a lemma with an optional particle
  (``cut off``), preposition (``call on``) and object (a noun or a noun CLASS: ``hold`` +TALKS ->
  046); a noun entry makes an event noun (``talks``, ``ceasefire``, ``attack``) codable when a
  light verb (``held talks``), a phase verb (``the ceasefire came into effect``) or a frame
  (``called for sanctions``) makes it one.
- ``data/events/frames.json`` — what governs an event: reporting verbs, readiness (``ready to``),
  commitment and plans (``agree to``, ``will``), threats, refusals, appeals, demands, denials,
  allegations, hypotheticals, conditions, negation; and the code *transforms* that turn the code of
  an act into the code of its frame by longest prefix (``resume contacts`` 040 under ``ready to``
  -> 036; ``suspend engagement`` 161 under ``threaten``/``unless`` -> 1313).

Load with :func:`load_event_lexicon` and pass the result to :func:`storyline.extract.events.events`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast

from storyline.errors import ConfigError, E

__all__ = [
    "CodingConventions",
    "CueKind",
    "EventLexicon",
    "FrameKind",
    "TransformKind",
    "TriggerEntry",
    "FutureRule",
    "extend_lexicon",
    "load_event_lexicon",
]

FrameKind = Literal["willing", "commit", "threat", "refuse", "appeal", "demand", "deny", "allege"]
"""What a frame verb does to the act it governs (``frame`` of a verb entry)."""

TransformKind = Literal["intent", "appeal", "demand", "reject", "threat"]
"""A CAMEO code family that mirrors the acts: 03x, 02x, 10x, 12x, 13x."""

CueKind = Literal[
    "speech", "willing", "commit", "imminent", "threat", "refuse", "appeal", "object_control",
    "demand", "deny", "allege", "future", "would", "hypothetical", "obligation", "negation",
    "if_marks", "unless_marks", "adjunct_marks", "first_person", "accusation_nouns",
]
_CUE_KEYS: dict[CueKind, str] = {
    "speech": "speech_verbs", "willing": "willing", "commit": "commit", "imminent": "imminent",
    "threat": "threat", "refuse": "refuse", "appeal": "appeal", "object_control": "object_control",
    "demand": "demand", "deny": "deny", "allege": "allege", "future": "future", "would": "would",
    "hypothetical": "hypothetical", "obligation": "obligation", "negation": "negation",
    "if_marks": "if_marks", "unless_marks": "unless_marks", "adjunct_marks": "adjunct_marks",
    "first_person": "first_person", "accusation_nouns": "accusation_nouns",
}
_FRAMES = frozenset({"willing", "commit", "threat", "refuse", "appeal", "demand", "deny", "allege"})
_TRANSFORMS = ("intent", "appeal", "demand", "reject", "threat")


FutureRule = Literal["intent", "act"]
"""How an act announced in the future tense ("Arnor will meet Gondor") is coded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodingConventions:
    """Where event coders disagree, the way this lexicon codes (see
    :mod:`storyline.extract.coding_conventions`).

    Attributes:
        future: ``intent`` (the default, CAMEO 1.1b3: cooperative acts "reported in future tense"
            are intents, 03x; "will not X" is a refusal, 12x) or ``act`` (PETRARCH, TABARI and
            hence GDELT: the act's own code, with modality ``intended``).
        negations: Code -> the code of its negation, from a coding ontology (PETRARCH-2's PICO:
            "did not clash over" 110 -> 050, "will not wire-tap" 170 -> 057). Empty (the default):
            a negated act is ``negated`` and stays out of event data.
        version: Added to the lexicon's version ("" for the defaults).
    """

    future: FutureRule = "intent"
    negations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    version: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerEntry:
    """One lexicon entry: a verb or noun pattern and the CAMEO code of the act it names.

    Attributes:
        key: Readable pattern, used in each event's ``rule`` (``hold+TALKS``, ``call on``).
        lemma: Verb or noun lemma (a noun entry made from a class has one entry per member).
        particle: A particle the verb must have (``off`` in "cut off").
        prep: A preposition the verb must govern (``on`` in "call on").
        objects: Object lemmas the entry needs (a class expanded), or None for any.
        code: CAMEO code of the accomplished act; None for a frame that codes nothing alone.
        frame: For a verb that governs an embedded act (``threaten to``, ``urge ... to``).
        targets: Where the target is: ``dobj``, ``dative`` or a preposition, in order.
        reciprocal: Both directions of each pair are events (meetings, negotiations).
        pair: Code of the reversed event that goes with this one (visit 042 / host 043).
        place: A location may stand in for a missing target.
        modifiers: Modifier lemmas the object must have (``chemical`` weapons).
        of_objects: Lemmas an event noun's ``of`` object must have (resumption *of ties*).
        clause_code: The code when the verb takes a that-clause with no act of its own ("agree
            that ..." 019, express accord).
        inverse: The target slot names the source and the subject the target ("received aid
            *from X*": X provides aid).
        joint: Coordinated subjects with no target act with each other ("X and Y agreed that
            ...": both directions), as every cooperative act of roots 03-06 does.
        exact_form: The entry matches only a token written as its ``lemma`` key, not every
            token spaCy lemmatises to it: a verb dictionary lists each form it codes ("left" in
            LEFT [042], not LEAVE [012]; no "departes" for DEPART).
        base: For an entry listed under an inflected form (``arrived``), the lemma it inflects,
            whose built-in entries it takes its grammar from.
        object_prep: A preposition whose phrase the matched object must have ("condemned an
            attack *by* X"): governed by the object, or by the verb after the object (the
            parser's attachment of such a phrase is often the verb). None for no such phrase.
        object_prep_objects: Lemmas of which the ``object_prep`` phrase's object must have one, as
            its head or one of its modifiers ("purchase of *fighters*", "memos on *economic*
            issues"); None for any object.
        adjacent: Words of which the object noun must directly follow one, with ``modifiers``: the
            last modifier of a verb dictionary's ``{...}`` phrase ("economic *relations*", not
            "economic trade relations").
    """

    key: str
    lemma: str
    particle: str | None = None
    prep: str | None = None
    objects: frozenset[str] | None = None
    code: str | None
    frame: FrameKind | None = None
    targets: tuple[str, ...] = ()
    reciprocal: bool = False
    pair: str | None = None
    place: bool = False
    modifiers: frozenset[str] | None = None
    of_objects: frozenset[str] | None = None
    clause_code: str | None = None
    inverse: bool = False
    joint: bool = False
    exact_form: bool = False
    base: str | None = None
    object_prep: str | None = None
    object_prep_objects: frozenset[str] | None = None
    adjacent: frozenset[str] | None = None

    @property
    def constraints(self) -> tuple[object, ...]:
        """What the entry asks of the context; two entries with the same are one pattern."""
        return (self.particle, self.prep, self.objects, self.modifiers, self.object_prep,
                self.object_prep_objects, self.adjacent)

    @property
    def specificity(self) -> int:
        """How much of the context the entry constrains; the most specific match wins."""
        return (4 * (self.objects is not None) + 2 * (self.particle is not None)
                + 2 * (self.prep is not None) + (self.modifiers is not None)
                + 2 * (self.object_prep is not None) + (self.object_prep_objects is not None))


@dataclass(frozen=True, slots=True, kw_only=True)
class EventLexicon:
    """The event coder's vocabulary, immutable; load it with :func:`load_event_lexicon`.

    Attributes:
        version: ``verbs.v1+frames.v2``, recorded with every event's producer.
        verbs_version: Version of the trigger file, the prefix of every ``rule``.
        verbs: Verb entries by lemma, most specific first.
        nouns: Event-noun entries by lemma.
        light_verbs: Verbs whose event is their object's (``hold`` talks, ``launch`` an attack).
        participant_verbs: Verbs of their own that make their subject a party to an event noun
            with a ``with`` counterpart ("Arnor *welcomed* a resumption of ties with Gondor":
            Arnor resumes ties with Gondor); with ``between`` they keep their own code.
        phase_verbs: Verbs whose event is their subject's (talks ``began``, a truce ``came`` into
            effect), with ``phase_objects`` for the idioms (``effect``, ``force``, ``place``).
        cues: Frame and modality cue words by kind.
        cue_requires: Cue lemmas that count only with one of these particle or preposition
            children (``rule out``, ``point out``, ``call on``/``for``).
        frame_nouns: Nouns that set up a frame, by lemma (``readiness`` -> willing, ``threat``,
            ``possibility`` -> hypothetical); the cue lists above are for verbs and adjectives.
        transforms: For each transform kind, code prefix -> code ("" where none exists).
        refine: Code -> modifier lemma -> more specific code (humanitarian aid 070 -> 073).
        allege_refine: Code prefix of an alleged act -> accusation code (an attack -> 1123).
        target_preps: Default target slots by code root.
        conventions: Where coders disagree, the way this lexicon codes (future tense, negation).
    """

    version: str
    verbs_version: str
    verbs: Mapping[str, tuple[TriggerEntry, ...]]
    nouns: Mapping[str, TriggerEntry]
    light_verbs: frozenset[str]
    participant_verbs: frozenset[str]
    phase_verbs: frozenset[str]
    phase_objects: frozenset[str]
    cues: Mapping[CueKind, frozenset[str]]
    cue_requires: Mapping[str, frozenset[str]]
    frame_nouns: Mapping[str, str]
    transforms: Mapping[TransformKind, Mapping[str, str]]
    refine: Mapping[str, Mapping[str, str]]
    allege_refine: Mapping[str, str]
    target_preps: Mapping[str, tuple[str, ...]]
    conventions: CodingConventions = field(default_factory=CodingConventions)

    def cue(self, kind: CueKind, word: str) -> bool:
        """Return True when ``word`` (a lower-cased lemma or form) is a cue of that kind."""
        return word in self.cues[kind]

    def transform(self, kind: TransformKind, code: str) -> str | None:
        """Return the code of ``kind`` that mirrors ``code``, or None where CAMEO has none."""
        table = self.transforms[kind]
        for n in range(len(code), 1, -1):
            found = table.get(code[:n])
            if found is not None:
                return found or None
        return None

    def refined(self, code: str, words: frozenset[str]) -> str:
        """Return a more specific code where a modifier says so (``military`` aid -> 072)."""
        table = self.refine.get(code)
        if not table:
            return code
        hits = sorted(table[w] for w in words if w in table)
        return hits[-1] if hits else code

    def default_targets(self, code: str) -> tuple[str, ...]:
        """Target slots for an entry that lists none: the code root's defaults."""
        return self.target_preps.get(code[:2], ("dobj",))


def load_event_lexicon(verbs: Path | None = None, frames: Path | None = None) -> EventLexicon:
    """Load the packaged event lexicon (``data/events/*.json``), or files of the same shape.

    Args:
        verbs: A trigger file to use instead of ``data/events/verbs.json``.
        frames: A frame file to use instead of ``data/events/frames.json``.

    Returns:
        The immutable lexicon.

    Raises:
        ConfigError: If a file cannot be read, lacks a field or names an unknown frame.
    """
    v = _read(verbs, "verbs.json")
    f = _read(frames, "frames.json")
    where = f"{verbs or 'storyline/data/events/verbs.json'} / {frames or 'frames.json'}"
    try:
        classes = {k: frozenset(vs) for k, vs in cast(dict[str, list[str]], v["classes"]).items()}
        by_lemma: dict[str, list[TriggerEntry]] = {}
        for raw in cast(list[dict[str, object]], v["verbs"]):
            entry = _entry(raw, classes)
            by_lemma.setdefault(entry.lemma, []).append(entry)
        nouns: dict[str, TriggerEntry] = {}
        for raw in cast(list[dict[str, object]], v["nouns"]):
            for lemma in _noun_lemmas(raw, classes):
                nouns.setdefault(lemma, _entry({**raw, "lemma": lemma}, classes))
        cues = {kind: frozenset(cast(list[str], f[key])) for kind, key in _CUE_KEYS.items()}
        requires: dict[str, frozenset[str]] = {}
        for kind, key in (("speech", "speech_particles"), ("refuse", "refuse_particles")):
            table = cast(dict[str, str], f[key])
            requires.update({lemma: frozenset({word}) for lemma, word in table.items()})
            cues[cast(CueKind, kind)] = cues[cast(CueKind, kind)] | frozenset(table)
        requires.update({lemma: frozenset(words) for lemma, words in
                         cast(dict[str, list[str]], f["appeal_preps"]).items()})
        raw_tf = cast(dict[str, dict[str, str]], f["transforms"])
        transforms = {cast(TransformKind, k): MappingProxyType(dict(raw_tf[k]))
                      for k in _TRANSFORMS}
        return EventLexicon(
            version=f"{v['version']}+{f['version']}",
            verbs_version=str(v["version"]),
            verbs=MappingProxyType({
                k: tuple(sorted(es, key=lambda e: -e.specificity)) for k, es in by_lemma.items()}),
            nouns=MappingProxyType(nouns),
            light_verbs=frozenset(cast(list[str], v["light_verbs"])),
            participant_verbs=frozenset(cast(list[str], v["participant_verbs"])),
            phase_verbs=frozenset(cast(list[str], v["phase_verbs"])),
            phase_objects=frozenset(cast(list[str], v["phase_objects"])),
            cues=MappingProxyType(cues),
            cue_requires=MappingProxyType(requires),
            frame_nouns=MappingProxyType(dict(cast(dict[str, str], f["frame_nouns"]))),
            transforms=MappingProxyType(transforms),
            refine=MappingProxyType({k: MappingProxyType(dict(t)) for k, t in
                                     cast(dict[str, dict[str, str]], f["refine"]).items()}),
            allege_refine=MappingProxyType(dict(cast(dict[str, str], f["allege_refine"]))),
            target_preps=MappingProxyType({k: tuple(t) for k, t in
                                           cast(dict[str, list[str]], f["target_preps"]).items()}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(E.E003.format(path=where, problem=repr(exc))) from exc


def extend_lexicon(lexicon: EventLexicon, verbs: Iterable[TriggerEntry], *,
                   nouns: Iterable[TriggerEntry] = (), version: str,
                   replace_lemmas: bool = False) -> EventLexicon:
    """Return a lexicon whose extra entries take precedence over ``lexicon``'s own.

    A verb entry replaces the built-in entry of its lemma with the same constraints (particle,
    preposition, objects, modifiers, the object's phrase), keeping what the built-in entry knows
    of the grammar and the extra entry leaves unsaid: its frame (``urge`` stays an appeal frame
    whatever its code), clause code, target slots, reciprocity and place. Built-in entries with
    other constraints stay, and the most specific entry that matches still wins; among equally
    specific ones the extra entries come first, in the order given. A noun entry replaces the
    built-in noun of its lemma. With ``replace_lemmas`` the extra entries of a lemma replace all
    its built-in entries (what the built-in ones know of frames is kept all the same).

    Args:
        lexicon: The lexicon to extend (it is not modified).
        verbs: Extra verb entries (e.g. from a user's verb dictionary).
        nouns: Extra event-noun entries.
        version: The extra entries' version (a content hash of their file): added to the
            lexicon's ``version`` and ``verbs_version``, so stored analyses are re-run when it
            changes.
        replace_lemmas: Drop every built-in entry of a lemma the extra entries define, as
            PETRARCH does with its own dictionary: the built-in frame and grammar of the lemma
            are kept, its codes (including a that-clause's ``clause_code``) are not.

    Returns:
        The extended lexicon.
    """
    extra: dict[str, list[TriggerEntry]] = {}
    for entry in verbs:
        extra.setdefault(entry.lemma, []).append(entry)
    merged = dict(lexicon.verbs)
    for lemma, own in extra.items():
        base = own[0].base or lemma
        builtin = {e.constraints: e for e in reversed(lexicon.verbs.get(base, ()))}
        first: dict[tuple[object, ...], TriggerEntry] = {}
        for entry in own:
            old = builtin.get(entry.constraints)
            if old is not None:
                entry = replace(entry, frame=entry.frame or old.frame,
                                clause_code=entry.clause_code or (
                                    None if replace_lemmas else old.clause_code),
                                targets=entry.targets or old.targets,
                                reciprocal=entry.reciprocal or old.reciprocal,
                                place=entry.place or old.place,
                                of_objects=entry.of_objects or old.of_objects)
            first.setdefault(entry.constraints, entry)
        rest = [e for e in lexicon.verbs.get(lemma, ()) if e.constraints not in first
                and (not replace_lemmas or e.frame is not None and e.objects is None)]
        merged[lemma] = tuple(sorted([*first.values(), *rest], key=lambda e: -e.specificity))
    noun_map = dict(lexicon.nouns)
    noun_map.update({entry.lemma: entry for entry in nouns})
    return replace(lexicon, version=f"{lexicon.version}+{version}",
                   verbs_version=f"{lexicon.verbs_version}+{version}",
                   verbs=MappingProxyType(merged), nouns=MappingProxyType(noun_map))


def _read(path: Path | None, name: str) -> dict[str, object]:
    where = str(path) if path is not None else f"storyline/data/events/{name}"
    try:
        if path is None:
            raw = resources.files("storyline").joinpath(f"data/events/{name}").read_text("utf-8")
        else:
            raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ConfigError(E.E003.format(path=where, problem=repr(exc))) from exc
    if not isinstance(data, dict):
        raise ConfigError(E.E003.format(path=where, problem="not a JSON object"))
    return cast(dict[str, object], data)


def _words(value: object, classes: Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    """An object spec: a CLASS name, a lemma, or a list of either."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else cast(list[str], value)
    out: set[str] = set()
    for item in items:
        out |= classes[item] if item.isupper() else {item}
    return frozenset(out)


def _label(value: object) -> str:
    if isinstance(value, str):
        return value
    return "|".join(cast(list[str], value))


def _noun_lemmas(raw: Mapping[str, object], classes: Mapping[str, frozenset[str]]) -> list[str]:
    if "class" in raw:
        return sorted(classes[str(raw["class"])])
    return [str(raw["lemma"])]


def _entry(raw: Mapping[str, object], classes: Mapping[str, frozenset[str]]) -> TriggerEntry:
    lemma = str(raw["lemma"])
    frame = raw.get("frame")
    if frame is not None and frame not in _FRAMES:
        raise ValueError(f"unknown frame {frame!r} for {lemma!r}")
    particle = cast(str | None, raw.get("particle"))
    prep = cast(str | None, raw.get("prep"))
    obj = raw.get("object")
    head = str(raw.get("class", lemma))
    key = " ".join(p for p in (head, particle, prep) if p)
    if obj is not None:
        key += "+" + _label(obj)
    code = raw.get("code")
    return TriggerEntry(
        key=key,
        lemma=lemma,
        particle=particle,
        prep=prep,
        objects=_words(obj, classes),
        code=None if code is None else str(code),
        frame=cast(FrameKind | None, frame),
        targets=tuple(cast(list[str], raw.get("target", []))),
        reciprocal=bool(raw.get("reciprocal", False)),
        pair=cast(str | None, raw.get("pair")),
        place=bool(raw.get("place", False)),
        modifiers=_words(raw.get("requires_modifier"), classes),
        of_objects=_words(raw.get("requires_of"), classes),
        clause_code=cast(str | None, raw.get("clause_code")),
        inverse=bool(raw.get("inverse", False)),
        joint=bool(raw.get("joint", False)),
    )
