"""Finding event triggers in a parsed sentence with the event lexicon.

Four kinds of trigger, tried per token in this order:

- ``verb``: a verb entry whose particle, preposition and object constraints hold (the object's
  own phrase too: "condemned an attack *by* X"); the most specific entry wins ("hold" +TALKS ->
  046 before a bare "hold").
- ``light``: a light verb whose object is an event noun ("*restart* consultations", "*launched* an
  offensive"): the noun's entry, with the verb as head.
- ``phase``: an event noun that is the subject of a phase verb ("consultations *began*", "the
  ceasefire *came into effect*") or of a modal predicate ("prolongation of the pause *will be
  impossible*").
- ``noun``: any other event noun; the coder keeps it only where a frame, a denial or an accusation
  governs it ("called for *sanctions*", "blamed Russia for an *attack*").

Objects already used by a verb or light trigger are not triggers again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span, Token

from storyline.extract.event_lexicon import EventLexicon, TriggerEntry

__all__ = ["Trigger", "find_triggers", "noun_lemmas"]

TriggerKind = Literal["verb", "light", "phase", "noun"]
_OBJECT_DEPS = frozenset({"dobj", "attr", "nsubjpass", "oprd"})
_LIGHT_PREPS = frozenset({"in", "on", "into", "to"})
_QUANTITY_NOUNS = frozenset({"set", "series", "number", "package", "list", "couple", "pair",
                             "ton", "tonne", "kilogram", "kg", "batch", "round", "wave", "lot",
                             "range", "host", "string", "total", "amount", "shipment"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """A matched lexicon entry in a sentence.

    Attributes:
        kind: How it was found (see the module docstring).
        head: The token whose clause the event is: the verb, or the light/phase verb of a noun.
        entry: The lexicon entry.
        words: The trigger words (head, particle, object noun), in text order.
        obj: The object noun the entry matched ("talks" in "held talks"), if any.
        noun: The event noun for ``light``/``phase``/``noun`` triggers.
        phrase: The objects of the matched object's own phrase, for an entry with an
            ``object_prep`` ("issues" in "welcomed memos on economic issues"): a later phrase of
            the pattern, such as the target's, may hang from them ("... issues *from* X").
    """

    kind: TriggerKind
    head: Token
    entry: TriggerEntry
    words: tuple[Token, ...]
    obj: Token | None = None
    noun: Token | None = None
    phrase: tuple[Token, ...] = ()


def noun_lemmas(tok: Token) -> tuple[str, ...]:
    """Lemmas a noun may be listed under: itself, and joined with a hyphen or compound before it.

    "cease-fire" (three tokens) -> ``fire``, ``ceasefire``, ``cease-fire``; "air strike" ->
    ``strike``, ``airstrike``.
    """
    lemma = tok.lemma_.lower()
    out = [lemma, tok.lower_]
    doc = tok.doc
    i = tok.i
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
            and not doc[i - 2].whitespace_:
        out[:0] = [doc[i - 2].lower_ + lemma, doc[i - 2].lower_ + "-" + lemma]
    elif i >= 1 and doc[i - 1].dep_ == "compound" and doc[i - 1].head.i == i:
        out[:0] = [doc[i - 1].lower_ + lemma]
    # "ceasefire regime", "aid convoy": a noun compound names its kind first.
    out.extend(c.lemma_.lower() for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "NOUN")
    return tuple(out)


def _children(tok: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [c for c in tok.children if c.dep_ in wanted]


def _prep_children(tok: Token, word: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("prep", "prt", "agent", "dative")
            and c.lower_ == word]


def object_candidates(verb: Token, prep: str | None) -> list[Token]:
    """Nouns that may be a verb's object: direct object, passive subject, the noun a participle
    modifies, the object of its preposition, and of ``in``/``on``/``to``/``into`` phrases."""
    out = _children(verb, _OBJECT_DEPS)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        out.append(verb.head)
    for child in verb.children:
        if child.dep_ in ("prep", "prt", "dative") and (
                child.lower_ == prep or child.lower_ in _LIGHT_PREPS):
            out.extend(g for g in child.children if g.dep_ == "pobj")
    # "a set of resolutions", "10 tons of humanitarian cargo": the of-noun is the object.
    for obj in list(out):
        if obj.lemma_.lower() in _QUANTITY_NOUNS:
            out.extend(g for p in _prep_children(obj, "of") for g in p.children
                       if g.dep_ == "pobj")
    return out


def _modifier_words(tok: Token) -> frozenset[str]:
    return frozenset(c.lemma_.lower() for c in tok.children
                     if c.dep_ in ("amod", "compound", "nmod", "npadvmod"))


def verb_entries(tok: Token, lex: EventLexicon) -> tuple[TriggerEntry, ...]:
    """The verb entries a token may match, most specific first: those listed under its lemma
    (but entries for an exact form, from a verb dictionary, only when so written) and those listed
    under its form ("left": LEFT [042] as well as LEAVE)."""
    form = tok.lower_
    lemma = tok.lemma_.lower()
    by_form = lex.verbs.get(form, ())
    if lemma == form:
        return by_form
    by_lemma = tuple(e for e in lex.verbs.get(lemma, ()) if not e.exact_form)
    if not by_form:
        return by_lemma
    return tuple(sorted((*by_form, *by_lemma), key=lambda e: -e.specificity))


def _object_phrase(verb: Token, obj: Token, entry: TriggerEntry) -> list[Token] | None:
    """The objects of the phrase ``entry.object_prep`` on a verb's object, or None when there is
    no such phrase (with an object of ``object_prep_objects`` as its head or a modifier).

    The phrase may hang from the object ("an attack *by* X") or, as the parser often attaches it,
    from the verb after the object. An empty phrase (a target slot) is a phrase all the same.
    """
    word = entry.object_prep
    if word is None:
        return []
    preps = [*_prep_children(obj, word),
             *(p for p in _prep_children(verb, word) if p.i > obj.i)]
    found: list[Token] = []
    for p in preps:
        pobjs = [g for g in p.children if g.dep_ in ("pobj", "pcomp")]
        if entry.object_prep_objects is None:
            found.extend(pobjs or [p])
            continue
        found.extend(g for g in pobjs if entry.object_prep_objects & {
            *noun_lemmas(g), *_modifier_words(g), *(c.lower_ for c in g.children
                                                    if c.dep_ in ("amod", "compound"))})
    return found or None


def _match_verb(tok: Token, lex: EventLexicon,
                ) -> tuple[TriggerEntry, Token | None, tuple[Token, ...]] | None:
    entries = verb_entries(tok, lex)
    if not entries:
        return None
    for entry in entries:
        if entry.particle is not None and not _prep_children(tok, entry.particle):
            continue
        # A phrase after the object's own phrase ("memos on economic issues *from* X") may hang
        # from the verb, the object or the phrase's object: checked with the object below.
        after_phrase = entry.object_prep is not None and entry.prep is not None
        if entry.prep is not None and not after_phrase and not _prep_children(tok, entry.prep):
            continue
        if entry.objects is None:
            return entry, None, ()
        for obj in object_candidates(tok, entry.prep or entry.particle):
            if not any(w in entry.objects for w in noun_lemmas(obj)):
                continue
            if entry.modifiers is not None and not entry.modifiers & _modifier_words(obj):
                continue
            if entry.adjacent is not None and not (
                    obj.i > 0 and {obj.nbor(-1).lower_, obj.nbor(-1).lemma_.lower()}
                    & entry.adjacent):
                continue
            phrase = _object_phrase(tok, obj, entry)
            if phrase is None:
                continue
            if after_phrase and entry.prep is not None and not any(
                    _prep_children(t, entry.prep) for t in (tok, obj, *phrase)):
                continue
            return entry, obj, tuple(t for t in phrase if t.dep_ != "prep")
    return None


def _noun_entry(tok: Token, lex: EventLexicon) -> TriggerEntry | None:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for lemma in noun_lemmas(tok):
        entry = lex.nouns.get(lemma)
        if entry is None:
            continue
        if entry.of_objects is not None and not any(
                any(w in entry.of_objects for w in noun_lemmas(g))
                for p in _prep_children(tok, "of") for g in p.children if g.dep_ == "pobj"):
            return None
        return entry
    return None


def _participant(verb: Token, lex: EventLexicon) -> tuple[TriggerEntry, Token] | None:
    """An event noun with a ``with`` counterpart and no agent of its own, as a verb's object."""
    for obj in _children(verb, ("dobj",)):
        entry = _noun_entry(obj, lex)
        if entry is None:
            continue
        inner = [obj, *(g for p in _prep_children(obj, "of") for g in p.children
                        if g.dep_ == "pobj")]
        if not any(_prep_children(t, "with") for t in inner):
            continue
        if any(_prep_children(t, "between") for t in inner) or _prep_children(obj, "by") or any(
                c.dep_ == "poss" and c.tag_ != "PRP$" for c in obj.children):
            continue
        return entry, obj
    return None


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _phase(verb: Token, lex: EventLexicon) -> Token | None:
    """The event-noun subject of a phase verb ("talks began", "the truce took effect")."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    if verb.lemma_.lower() == "be" and any(
            c.dep_ == "acomp" and (lex.cue("negation", c.lower_) or lex.cue("hypothetical",
                                                                           c.lower_))
            for c in verb.children):
        return subj  # "prolongation of the pause will be impossible"
    if verb.lemma_.lower() not in lex.phase_verbs:
        return None
    idiom = any(w in lex.phase_objects for c in verb.children
                for w in [c.lower_, *(g.lemma_.lower() for g in c.subtree)]
                if c.dep_ in ("prep", "dobj", "prt", "advmod", "attr"))
    needs_idiom = verb.lemma_.lower() in ("come", "take", "go", "enter", "get", "kick")
    if needs_idiom and not idiom:
        return None
    if not needs_idiom and any(c.dep_ == "dobj" for c in verb.children):
        return None
    return subj


def find_triggers(sent: Span, lex: EventLexicon) -> list[Trigger]:
    """Every trigger in a sentence, in text order of their heads (see the module docstring)."""
    found: list[Trigger] = []
    used: set[int] = set()
    for tok in sent:
        if not _is_verb(tok):
            continue
        party = _participant(tok, lex) if tok.lemma_.lower() in lex.participant_verbs else None
        if party is not None:
            entry_p, noun_p = party
            used.add(noun_p.i)
            found.append(Trigger("light", tok, entry_p,
                                 tuple(sorted((tok, noun_p), key=lambda t: t.i)), noun_p, noun_p))
            continue
        match = _match_verb(tok, lex)
        if match is not None:
            entry, obj, phrase = match
            words = [tok, *(c for c in tok.children if c.dep_ == "prt")]
            if obj is not None:
                words.append(obj)
                used.add(obj.i)
            found.append(Trigger("verb", tok, entry, tuple(sorted(words, key=lambda t: t.i)), obj,
                                 phrase=phrase))
            if obj is not None or entry.code is not None:
                continue
        if tok.lemma_.lower() in lex.light_verbs:
            for obj in object_candidates(tok, None):
                entry_n = _noun_entry(obj, lex)
                if entry_n is not None and obj.i not in used:
                    used.add(obj.i)
                    found.append(Trigger("light", tok, entry_n, tuple(sorted((tok, obj),
                                                                            key=lambda t: t.i)),
                                         obj, obj))
                    break
    for tok in sent:
        if not _is_verb(tok):
            continue
        subj = _phase(tok, lex)
        if subj is None or subj.i in used:
            continue
        for noun in (subj, *(c for c in subj.children if c.dep_ == "conj")):
            entry_n = _noun_entry(noun, lex)
            if entry_n is not None:
                used.add(noun.i)
                found.append(Trigger("phase", tok, entry_n,
                                     tuple(sorted((noun, tok), key=lambda t: t.i)), None, noun))
                break
    for tok in sent:
        if tok.i in used:
            continue
        entry_n = _noun_entry(tok, lex)
        if entry_n is not None:
            found.append(Trigger("noun", tok, entry_n, (tok,), None, tok))
    found.sort(key=lambda t: (t.head.i, t.words[0].i))
    return found
