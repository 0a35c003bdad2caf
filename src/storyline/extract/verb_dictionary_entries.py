"""A PETRARCH-2 verb dictionary as event-lexicon entries: what maps, what does not, and why.

:func:`dictionary_entries` turns a
:class:`~storyline.extract.verb_dictionary_records.VerbDictionary` into
:class:`~storyline.extract.event_lexicon.TriggerEntry` objects; :func:`lexicon_with_dictionaries`
reads files and returns the built-in lexicon extended with them
(:func:`~storyline.extract.event_lexicon.extend_lexicon`: a dictionary entry takes precedence over
a built-in entry with the same constraints; later files over earlier ones).

The mapping:

- Each family verb -> an entry with the verb's own code or the family's (``+GO_BY``: lemma
  ``go``, particle ``by``; a second word that is no particle, ``+TAKE_NOTE``, is an object).
- Each pattern -> a more specific entry for every verb of its family: one noun (a word, a synset,
  a ``{...}`` phrase) after ``*`` -> ``objects`` (a phrase's head is its last word; its first
  plain modifier word, else its first synset, gives the ``modifiers``, any one of which storyline
  requires); ``(PREP X)`` -> ``prep`` and objects ``X`` (several nouns in it are one phrase);
  ``(PREP)`` or ``(PREP +)`` -> ``prep``, and the target is in that phrase (``targets``);
  ``(PREP $)`` -> the same, with the source in that phrase and the subject the target
  (``inverse``); after an object, a phrase is the object's: ``* PURCHASE (OF FIGHTERS)`` ->
  ``object_prep`` ``of`` with ``object_prep_objects`` (the phrase's object, or one of its
  modifiers, is one of them: ``(ON &TIETYPES)`` meets "on *economic* issues"; a multi-word noun
  there is reduced to its head), ``* ATTACK (BY)`` -> ``object_prep`` ``by`` and the target in
  it, and a second, empty phrase after the object's (``* MEMOS (ON &TIETYPES) (FROM)``) ->
  ``prep`` and the target in that phrase, which may hang from the verb, the object or the
  object's phrase; a bare ``$`` after the object with ``+`` on the subject (``+ * MONEY $``) ->
  ``inverse`` with a ``from`` phrase; ``%`` before ``*`` -> ``joint``; ``[a:b]`` -> code ``a``,
  ``pair`` ``b``. An entry with no slot of its own looks for its target as PETRARCH does, in the
  first actor after the verb (:func:`lexicon_with_dictionaries`). Each entry is also listed under
  the verb's inflected forms (given in ``{...}`` or regular), for verbs spaCy lemmatises wrongly.
- ``[---]`` -> an entry with no code and no frame: the coder matches it and codes nothing, so a
  built-in entry with the same constraints no longer codes that pattern, and the matched object
  is no event noun either.
- Dictionary words become lower-case lemmas: the form as written and its singular by a simple
  rule (``TALKS`` -> ``talks``, ``talk``); a trailing ``_`` keeps the written form only. Pass
  ``lemma`` (e.g. spaCy's lemmatizer from a loaded pipeline) to use another rule.

What does not map is returned as :class:`Skipped` with the reason, never dropped silently: words
before the verb (``- HEAVILY *``), ``^`` skips, a second noun after the verb, two
prepositional phrases but an object's and an empty one, misplaced slots, a word before the verb in a
compound verb (``WIRE_+TAP``), and a pattern with the same constraints as an earlier one (the
earlier wins; storyline cannot tell a ``%`` compound subject from an ordinary one in advance).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from storyline.extract.event_lexicon import EventLexicon, TriggerEntry, extend_lexicon
from storyline.extract.verb_dictionary import read_verb_dictionary, singular, verb_forms
from storyline.extract.verb_dictionary_records import (
    DictionaryProblem,
    Element,
    FamilyVerb,
    NounPhrase,
    Pattern,
    PrepPhrase,
    Slot,
    SynsetRef,
    VerbDictionary,
    VerbFamily,
    Word,
)

__all__ = ["Conversion", "Skipped", "dictionary_entries", "lexicon_with_dictionaries"]

_LOG = logging.getLogger(__name__)
StrPath = str | os.PathLike[str]
Lemmatizer = Callable[[str], str]

_PARTICLES = frozenset({
    "about", "across", "after", "against", "along", "apart", "around", "aside", "away", "back",
    "by", "down", "for", "forth", "forward", "in", "into", "off", "on", "onto", "out", "over",
    "through", "to", "together", "under", "up", "upon", "with", "without"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their",
                          "his", "her", "our", "my", "your"})
_ANY_TARGETS = ("dobj", "dative", "with", "to", "against", "at", "on", "from", "for", "into",
                "over", "about", "toward", "towards", "upon", "of", "in")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A dictionary line that makes no entry, and why.

    Attributes:
        family: The verb family.
        line: Line number in the file.
        text: The pattern or verb as written.
        reason: Why it cannot be expressed as a storyline entry.
    """

    family: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Conversion:
    """The entries of one or more dictionaries, and what could not be converted.

    Attributes:
        entries: The entries, in file order (most specific first within a family).
        version: The dictionaries' versions joined with ``+``, for the lexicon version.
        verbs: Family verbs converted.
        patterns: Patterns converted (each makes one entry per family verb, or more for a
            synset with phrases of several shapes).
        skipped: Verbs and patterns not converted, with the reason.
        problems: Lines the reader could not read (see
            :attr:`~storyline.extract.verb_dictionary_records.VerbDictionary.problems`).
    """

    entries: tuple[TriggerEntry, ...]
    version: str
    verbs: int
    patterns: int
    skipped: tuple[Skipped, ...]
    problems: tuple[DictionaryProblem, ...]

    def summary(self) -> str:
        """One line: converted and skipped counts, and the most frequent reasons."""
        reasons: dict[str, int] = {}
        for s in self.skipped:
            reasons[s.reason] = reasons.get(s.reason, 0) + 1
        top = "; ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1])[:4])
        return (f"verb dictionary {self.version}: {self.verbs} verbs and {self.patterns} patterns "
                f"converted, {len(self.skipped)} skipped ({top or 'none'}), "
                f"{len(self.problems)} lines unreadable")


@dataclass(frozen=True, slots=True)
class _Obj:
    """One way a noun element can be met: its heads, the modifiers it needs, its preposition."""

    heads: frozenset[str]
    modifiers: frozenset[str] | None = None
    prep: str | None = None
    adjacent: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class _Spec:
    """The constraints of a pattern, before they are attached to each verb of its family."""

    objects: tuple[_Obj, ...] | None = None
    prep: str | None = None
    targets: tuple[str, ...] = ()
    inverse: bool = False
    joint: bool = False
    object_prep: str | None = None
    object_prep_objects: frozenset[str] | None = None


class _Skip(Exception):
    """A pattern that cannot be expressed (the message is the reason)."""


def dictionary_entries(dictionary: VerbDictionary, *,
                       lemma: Lemmatizer | None = None) -> Conversion:
    """Convert a verb dictionary into trigger entries (see the module docstring).

    Args:
        dictionary: From :func:`~storyline.extract.verb_dictionary.read_verb_dictionary`.
        lemma: Maps a lower-cased dictionary noun to its lemma; default :func:`singular`.

    Returns:
        The entries, counts, and every verb or pattern that was not converted.
    """
    return _Converter(dictionary, lemma or singular).run()


def lexicon_with_dictionaries(lexicon: EventLexicon, paths: Sequence[StrPath], *,
                              lemma: Lemmatizer | None = None, replace_lemmas: bool = False,
                              ) -> tuple[EventLexicon, Conversion]:
    """Read verb dictionaries and extend a lexicon with them, later files winning.

    Args:
        lexicon: The lexicon to extend (usually the built-in one).
        paths: PETRARCH-2 verb dictionaries, in order of increasing precedence.
        lemma: Maps a lower-cased dictionary noun to its lemma; default :func:`singular`.
        replace_lemmas: A dictionary verb's entries replace all built-in entries of its lemma
            (see :func:`~storyline.extract.event_lexicon.extend_lexicon`).

    Returns:
        The extended lexicon (its version names the dictionaries') and the conversion report;
        the report's summary is also logged.

    Raises:
        ConfigError: If a file cannot be read or is not a verb dictionary.
    """
    conversions = [dictionary_entries(read_verb_dictionary(p), lemma=lemma) for p in paths]
    for c in conversions:
        entries = [_with_targets(e, lexicon) for e in c.entries]
        lexicon = extend_lexicon(lexicon, entries, version=c.version,
                                 replace_lemmas=replace_lemmas)
        _LOG.info(c.summary())
        for s in c.skipped:
            _LOG.debug("skipped %s line %d %r: %s", s.family, s.line, s.text, s.reason)
    report = Conversion(
        entries=tuple(e for c in conversions for e in c.entries),
        version="+".join(c.version for c in conversions),
        verbs=sum(c.verbs for c in conversions),
        patterns=sum(c.patterns for c in conversions),
        skipped=tuple(s for c in conversions for s in c.skipped),
        problems=tuple(p for c in conversions for p in c.problems),
    )
    return lexicon, report


def _with_targets(entry: TriggerEntry, lexicon: EventLexicon) -> TriggerEntry:
    """PETRARCH's target is the first actor after the verb: an entry with no slot of its own
    looks in the slots of the built-in entry of the same constraints, else in its code root's
    slots, then in any object or common prepositional phrase, then (but for reporting verbs) in
    its clause's subject."""
    if entry.targets or entry.code is None:
        return entry
    own = next((b.targets for b in lexicon.verbs.get(entry.base or entry.lemma, ())
                if b.constraints == entry.constraints and b.targets), None)
    slots = dict.fromkeys((*(own or lexicon.default_targets(entry.code)), *_ANY_TARGETS))
    if not lexicon.cue("speech", entry.lemma):
        slots["clause"] = None  # "allowed that Mordor is...": not for "said", whose clause has
        # an event of its own
    return replace(entry, targets=tuple(slots))


def _modifier_forms(word: str, lemma: Lemmatizer) -> set[str]:
    """A modifier as written and as spaCy may lemmatise it (``improved`` -> ``improve``)."""
    out = {word, lemma(word)}
    if len(word) > 4 and word.endswith("ed"):
        out |= {word[:-1], word[:-2]}
    if len(word) > 5 and word.endswith("ing"):
        out |= {word[:-3], word[:-3] + "e"}
    return out


class _Converter:
    def __init__(self, dictionary: VerbDictionary, lemma: Lemmatizer) -> None:
        self.d = dictionary
        self.lemma = lemma
        self.entries: list[TriggerEntry] = []
        self.skipped: list[Skipped] = []
        self.seen: dict[tuple[object, ...], tuple[int, int, bool]] = {}  # line, index, compound
        self.shadowed: list[tuple[str, int]] = []
        self.verbs = 0
        self.patterns = 0

    def run(self) -> Conversion:
        for family in self.d.families:
            self._family(family)
        for lemma, line in dict.fromkeys(self.shadowed):
            self.patterns -= 1  # counted when it made its entry
            self.skipped.append(Skipped("", line, lemma, "a % pattern shadowed by an ordinary "
                                        "pattern of the same constraints"))
        return Conversion(entries=tuple(self.entries), version=self.d.version, verbs=self.verbs,
                          patterns=self.patterns, skipped=tuple(self.skipped),
                          problems=self.d.problems)

    def skip(self, family: VerbFamily, line: int, text: str, reason: str) -> None:
        self.skipped.append(Skipped(family.name, line, text, reason))

    def _family(self, family: VerbFamily) -> None:
        verbs: list[tuple[FamilyVerb, TriggerEntry]] = []
        for verb in family.verbs:
            text = "_".join(verb.words)
            if verb.head != 0:
                self.skip(family, verb.line, text, "a word before the verb")
                continue
            base = self._verb_entry(family, verb)
            if base is None:
                self.skip(family, verb.line, text, "a multi-word verb of more than one particle")
                continue
            if self._add(base, verb.line):
                self.verbs += 1
                self._add_forms(base, verb, verb.line)
            else:
                self.skip(family, verb.line, text, "defined before")
            verbs.append((verb, base))
        for pattern in family.patterns:
            try:
                spec = self._spec(pattern)
            except _Skip as why:
                self.skip(family, pattern.line, f"- {pattern.text}", str(why))
                continue
            made = 0
            for verb, base in verbs:
                if base.objects is not None and spec.objects is not None:
                    continue  # a verb with an object of its own (TAKE_NOTE) and a noun pattern
                for entry in self._pattern_entries(family, pattern, spec, verb, base):
                    made += self._add(entry, pattern.line, compound=spec.joint)
                    self._add_forms(entry, verb, pattern.line, compound=spec.joint)
            if made:
                self.patterns += 1
            else:
                self.skip(family, pattern.line, f"- {pattern.text}",
                          "same constraints as an earlier line" if verbs else "no verb in family")

    def _verb_entry(self, family: VerbFamily, verb: FamilyVerb) -> TriggerEntry | None:
        code = verb.code or family.code
        words = [w.lower() for w in verb.words]
        particle: str | None = None
        objects: frozenset[str] | None = None
        if len(words) == 2:
            if words[1] in _PARTICLES:
                particle = words[1]
            else:
                objects = self._forms(words[1], exact=False)
        elif len(words) > 2:
            return None
        return TriggerEntry(key=f"{'_'.join(words)}:{family.name}@{verb.line}", lemma=words[0],
                            particle=particle, objects=objects, code=code.code, pair=code.pair,
                            exact_form=True)

    def _pattern_entries(self, family: VerbFamily, pattern: Pattern, spec: _Spec,
                         verb: FamilyVerb, base: TriggerEntry) -> Iterable[TriggerEntry]:
        code = pattern.code
        objs: Sequence[_Obj | None] = spec.objects if spec.objects is not None else (None,)
        for obj in objs:
            prep = (obj.prep if obj is not None else None) or spec.prep
            if prep is not None and base.particle is not None and prep != base.particle:
                continue
            yield TriggerEntry(
                key=f"{base.lemma}:{family.name}@{pattern.line}", lemma=base.lemma,
                particle=base.particle, prep=None if prep == base.particle else prep,
                objects=obj.heads if obj is not None else base.objects,
                modifiers=obj.modifiers if obj is not None else None,
                adjacent=obj.adjacent if obj is not None else None,
                code=code.code, pair=code.pair, targets=spec.targets, inverse=spec.inverse,
                joint=spec.joint, exact_form=True, object_prep=spec.object_prep,
                object_prep_objects=spec.object_prep_objects)

    def _add_forms(self, entry: TriggerEntry, verb: FamilyVerb, line: int, *,
                   compound: bool = False) -> None:
        for form in verb_forms(verb):
            if form != entry.lemma:
                self._add(replace(entry, lemma=form, base=entry.lemma), line, compound=compound)

    def _add(self, entry: TriggerEntry, line: int, *, compound: bool = False) -> int:
        """Add an entry unless one with the same constraints is there; 1 when added or merged.

        Storyline cannot tell a compound subject in advance: a ``%`` pattern merges into an
        entry of the same code (``joint``), and gives way to an ordinary pattern of the same
        constraints (``* TALKS [032]`` over ``% * TALKS [031]``).
        """
        sig = (entry.lemma, *entry.constraints)
        if sig not in self.seen:
            self.seen[sig] = (line, len(self.entries), compound)
            self.entries.append(entry)
            return 1
        old_line, index, old_compound = self.seen[sig]
        old = self.entries[index]
        if compound and (old.code, old.pair) == (entry.code, entry.pair):
            self.entries[index] = replace(old, joint=True)  # "- % * [050]" on a verb of 050
            return 1
        if old_compound and not compound and (old.code, old.pair) != (entry.code, entry.pair):
            self.entries[index] = entry
            self.seen[sig] = (line, index, False)
            self.shadowed.append((old.key.partition(":")[0], old_line))
            return 1
        return 0

    # -- patterns -----------------------------------------------------------------------------

    def _spec(self, pattern: Pattern) -> _Spec:
        joint = subject_target = False
        for e in pattern.before:
            if isinstance(e, Slot) and e.kind == "compound":
                joint = True
            elif isinstance(e, Slot) and e.kind == "target":
                subject_target = True
            elif isinstance(e, Slot) and e.kind == "source":
                pass  # the subject is the source anyway
            else:
                raise _Skip("words before the verb")
        obj: Element | None = None
        phrases: list[PrepPhrase] = []
        bare_source = False
        after = list(pattern.after)
        for i, e in enumerate(after[:-1]):
            # "(IN) $": a slot right after an empty phrase is that phrase's object.
            if isinstance(e, PrepPhrase) and not e.elements and isinstance(after[i + 1], Slot):
                after[i:i + 2] = [PrepPhrase(e.prep, (after[i + 1],))]
                break
        later_target = False
        for e in after:
            if bare_source or later_target:
                raise _Skip("words after a bare $" if bare_source else "words after a bare +")
            if isinstance(e, Slot):
                if e.kind == "source" and obj is not None and not phrases:
                    bare_source = True
                    continue
                if e.kind == "target" and obj is not None and phrases:
                    # "* IFTAR (IN ^) +": the target is an actor after the object's phrase.
                    later_target = True
                    continue
                raise _Skip("a ^ skip" if e.kind == "skip" else f"a bare {e.kind} slot after "
                            "the verb")
            if isinstance(e, PrepPhrase):
                if len(phrases) == 2:
                    raise _Skip("three prepositional phrases")
                phrases.append(e)
                continue
            if phrases:
                raise _Skip("a noun after a prepositional phrase")
            if obj is not None:
                raise _Skip("two nouns after the verb")
            obj = e
        objects = self._alternatives(obj) if obj is not None else None
        if bare_source:
            if not subject_target:
                raise _Skip("a bare $ after the object with no + on the subject")
            return _Spec(objects=objects, targets=("from",), inverse=True, joint=joint)
        if not phrases:
            if subject_target:
                raise _Skip("+ on the subject with no $ slot")
            return _Spec(objects=objects, joint=joint)
        parsed = [self._phrase(p) for p in phrases]
        if len(parsed) == 2:
            # "* MEMOS (ON &TIETYPES) (FROM)": the object's phrase, then the target's.
            (own_prep, own_noun, own_slot), (prep, noun, slot) = parsed
            if objects is None or (own_noun is None and own_slot != "skip") or \
                    noun is not None or later_target:
                raise _Skip("two prepositional phrases")
            if subject_target and slot != "source":
                raise _Skip("+ on the subject with no $ slot")
            return _Spec(objects=objects, prep=prep, targets=(prep,), inverse=slot == "source",
                         joint=joint, object_prep=own_prep,
                         object_prep_objects=None if own_noun is None
                         else self._phrase_words(own_noun))
        ((prep, noun, slot),) = parsed
        if subject_target and slot != "source":
            raise _Skip("+ on the subject with no $ slot")
        if slot == "skip":
            # "* IFTAR (IN ^) +": the object's phrase, any noun; the target after it.
            if objects is None:
                raise _Skip("a ^ skip")
            return _Spec(objects=objects, joint=joint, object_prep=prep,
                         targets=tuple(t for t in _ANY_TARGETS if t != prep)
                         if later_target else ())
        if later_target:
            raise _Skip("a bare target slot after the verb")
        if noun is not None:
            if objects is not None:
                # "* PURCHASE (OF FIGHTERS)": a phrase of the object's own.
                return _Spec(objects=objects, joint=joint, object_prep=prep,
                             object_prep_objects=self._phrase_words(noun))
            return _Spec(objects=tuple(replace(o, prep=o.prep or prep)
                                       for o in self._alternatives(noun)), prep=prep,
                         joint=joint)
        inverse = slot == "source"
        if objects is not None:
            # "* ATTACK (BY)": the target's phrase, which the object or the verb governs.
            return _Spec(objects=objects, targets=(prep,), inverse=inverse, joint=joint,
                         object_prep=prep)
        return _Spec(prep=prep, targets=(prep,), inverse=inverse, joint=joint)

    def _phrase(self, phrase: PrepPhrase) -> tuple[str, Element | None, str | None]:
        """A prepositional phrase's preposition, its noun (one element) and its slot kind."""
        inner = phrase.elements
        if inner and all(isinstance(e, Slot) and e.kind == "skip" for e in inner):
            return phrase.prep.lower(), None, "skip"  # "(IN ^)": a phrase of any noun
        if any(isinstance(e, Slot) and e.kind in ("skip", "compound") for e in inner):
            raise _Skip("a ^ skip" if any(isinstance(e, Slot) and e.kind == "skip"
                                          for e in inner) else "% in a prepositional phrase")
        slots = [e for e in inner if isinstance(e, Slot)]
        nouns = [e for e in inner if not isinstance(e, Slot)]
        if slots and nouns or len(slots) > 1:
            raise _Skip("a noun and a slot in one prepositional phrase")
        if len(nouns) > 1:
            # "(TO PEACE &TREATY)": a preposition governs one noun phrase, head last.
            if any(isinstance(n, NounPhrase | PrepPhrase) for n in nouns):
                raise _Skip("a phrase inside a prepositional phrase")
            nouns = [NounPhrase(tuple(n for n in nouns if isinstance(n, Word | SynsetRef)))]
        return phrase.prep.lower(), nouns[0] if nouns else None, slots[0].kind if slots else None

    def _phrase_words(self, noun: Element) -> frozenset[str]:
        """The lemmas of a noun in the object's phrase: the heads of its alternatives (a
        multi-word noun is reduced to its head: the matcher takes the phrase's object or any of
        its modifiers)."""
        alts = self._alternatives(noun)
        if any(a.prep is not None for a in alts):
            raise _Skip("a phrase inside a prepositional phrase")
        return frozenset(w for a in alts for w in a.heads)

    def _forms(self, word: str, *, exact: bool) -> frozenset[str]:
        return frozenset({word} if exact else {word, self.lemma(word)})

    def _alternatives(self, e: Element) -> tuple[_Obj, ...]:
        """The ways a noun element can be met, grouped by preposition and modifiers."""
        if isinstance(e, Word):
            return self._word(e, exact=e.exact)
        if isinstance(e, SynsetRef):
            return self._synset(e.name)
        if isinstance(e, NounPhrase):
            *mods, head = e.elements
            if isinstance(head, Slot) or any(isinstance(m, Slot) for m in mods):
                raise _Skip("a slot inside a {...} phrase")
            # storyline requires any one modifier: the first plain word is the most telling
            # ({NEW &TIETYPES RELATIONS} and {IMPROVED &TIETYPES RELATIONS} differ by it).
            plain = [m for m in mods if isinstance(m, Word)
                     and {w.lower() for w in m.words} - _DETERMINERS]
            words: set[str] = set()
            if plain:
                words = {w.lower() for w in plain[0].words} - _DETERMINERS
            else:
                for m in mods[:1]:
                    if isinstance(m, SynsetRef):
                        words = {w.lower() for member in self.d.members(m.name)
                                 if isinstance(member.element, Word)
                                 for w in member.element.words}
            words = {f for w in words for f in _modifier_forms(w, self.lemma)} - _DETERMINERS
            # PETRARCH matches a {...} phrase's words in order: other words may come between
            # the first ones ({NEW &TIETYPES RELATIONS}: "new global economic relations") but
            # not between the last modifier and the head ("economic trade relations").
            last = mods[-1] if mods else None
            near: set[str] = set()
            if isinstance(last, Word):
                near = {last.words[-1].lower()}
            elif isinstance(last, SynsetRef):
                near = {member.element.words[-1].lower() for member in self.d.members(last.name)
                        if isinstance(member.element, Word)}
            near = {f for w in near for f in _modifier_forms(w, self.lemma)} - _DETERMINERS
            alts = self._alternatives(head)
            if not words:
                return alts
            return tuple(replace(a, modifiers=(a.modifiers or frozenset()) | frozenset(words),
                                 adjacent=frozenset(near) or None)
                         for a in alts)
        raise _Skip("a prepositional phrase where a noun belongs")

    def _word(self, w: Word, *, exact: bool) -> tuple[_Obj, ...]:
        words = [x.lower() for x in w.words if x.lower() not in _DETERMINERS] or \
            [w.words[-1].lower()]
        head = self._forms(words[-1], exact=exact)
        if len(words) == 1:
            return (_Obj(head),)
        # "ARMED_FORCES": the head with a modifier, or one word ("cease-fire", "ceasefire").
        joined = frozenset({"".join(words), "-".join(words)})
        return (_Obj(head, frozenset(words[:-1])), _Obj(joined))

    def _synset(self, name: str) -> tuple[_Obj, ...]:
        try:
            members = self.d.members(name)
            exact = self.d.exact(name)
        except KeyError as exc:
            raise _Skip(f"undefined synset {exc}") from exc
        groups: dict[tuple[str | None, frozenset[str] | None], set[str]] = {}
        for member in members:
            el = member.element
            if isinstance(el, PrepPhrase):
                if not el.elements or not all(isinstance(x, Word) for x in el.elements):
                    raise _Skip(f"a synset phrase that is not words: {name}")
                nouns = tuple(w for x in el.elements if isinstance(x, Word) for w in x.words)
                alts = [replace(a, prep=el.prep.lower())
                        for a in self._word(Word(nouns), exact=exact)]
            elif isinstance(el, Word):
                alts = list(self._word(el, exact=exact or el.exact))
            else:
                continue
            for a in alts:
                groups.setdefault((a.prep, a.modifiers), set()).update(a.heads)
        return tuple(_Obj(frozenset(heads), mods, prep) for (prep, mods), heads in groups.items())
