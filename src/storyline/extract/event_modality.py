"""Truth status: what governs an event, and what that does to its code and modality.

:func:`govern` walks from the event's head up the dependency tree, level by level, and reads the
cues at each level (``data/events/frames.json``): auxiliaries (``will``, ``would``, ``may``,
``must``), negation, adverbs (``allegedly``), conditional clauses (``if``, ``unless``), and the
governing word itself (``ready``, ``threaten``, ``refuse``, ``urge``, ``demand``, ``deny``,
``accuse``, ``possibility``). The walk stops at a reporting verb, which names who asserts the event
("X said Y did Z": Y's act, asserted by X), at a relative clause, and at a participle of a noun that
is no cue; an adjunct clause (``after``, ``while``) passes reporting verbs but not frames.

The decision, documented here because it is a choice (CAMEO 1.1b3 definitions, PETRARCH practice):

- The innermost **frame** decides the code family (verbal and adjectival frames before nominal
  ones, so "rejected a *proposal* for a ceasefire" is a refusal): ``threaten``/``warn`` -> 13x,
  ``threatened``; ``refuse``/``reject``/``rule out``/``fail`` -> 12x, ``asserted`` (a refusal is
  an act); ``urge``/``call on`` -> 02x and ``demand``/``order`` -> 10x, ``asserted``;
  ``ready``/``willing``/``offer`` -> 03x, ``offered``; ``agree``/``promise``/``plan``/``will`` ->
  03x, ``intended`` (CAMEO 030: "cooperative actions reported in future tense" are intents);
  ``about to``/``preparing to`` -> the act's own code, ``intended``. A negated commitment ("won't
  extend", "will not agree", "not ready to") is a refusal: 12x, ``negated``. An act with no
  counterpart in the family keeps its code and gets the modality only.
- ``unless`` on a conflictual act is a threat (13x, ``threatened``: "preparing to suspend
  engagement unless attacks end"); an ``if`` clause makes the event ``conditional``; an event
  *inside* an ``if``/``unless`` clause, or under ``may``/``could``/``possibility``, is
  ``hypothetical``; a bare negation ("has not taken place") is ``negated`` with the act's code.
- ``deny`` above the event makes it ``denied``; ``accuse``/``allege``/``allegedly`` makes it
  ``alleged`` — asserted by the denier or accuser, whose own act (016, 112) is a separate event.
- Two of these are conventions (:mod:`storyline.extract.coding_conventions`): with the lexicon's
  ``future="act"`` a bare ``will`` keeps the act's code (PETRARCH, GDELT), modality ``intended``,
  and ``will not`` is a plain negation.
- ``must``/``should`` under a reporting verb is a demand by the speaker (CAMEO 10x examples:
  "said China must drop barriers").
- Bare statements (``said``) are not coded as 010: CAMEO 010 is a residual code "not coded except
  when distinctions among 011 to 017 cannot be made", and PETRARCH does not code them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from storyline.extract.event_lexicon import CueKind, EventLexicon, FrameKind, TransformKind
from storyline.records import Modality

__all__ = ["Governance", "frame_kind", "govern", "is_speech"]

FrameWord = FrameKind | str
_LEXICAL: tuple[str, ...] = ("threat", "refuse", "demand", "appeal", "willing", "commit",
                             "imminent")
_ORDER: tuple[str, ...] = (*_LEXICAL, "deny", "allege", "hypothetical")
_AUX_KINDS: tuple[CueKind, ...] = ("future", "would", "hypothetical", "obligation")
_STOP = frozenset({"relcl", "appos", "parataxis", "meta", "dep"})
_MAX_LEVELS = 12


@dataclass(frozen=True, slots=True)
class Governance:
    """What governs one event, as :func:`govern` read it.

    Attributes:
        modality: The event's truth status.
        transform: The code family its frame turns the act into, if any.
        frame: The frame word that transformed the act (``ready``, ``threatened``, ``urged``).
        frame_kind: That frame's kind (``willing``, ``threat``...; ``future`` for ``will``).
        speech: The reporting verb whose content holds the event, if any.
        denier: A ``deny`` word above the event; ``alleger``: an ``accuse``/``allege`` word.
        cues: The cue words that decided, for the event's ``rule``.
    """

    modality: Modality
    transform: TransformKind | None = None
    frame: Token | None = None
    frame_kind: str | None = None
    speech: Token | None = None
    denier: Token | None = None
    alleger: Token | None = None
    cues: tuple[str, ...] = field(default=())


@dataclass(slots=True)
class _Level:
    token: Token
    cues: dict[str, Token]
    kind: str | None = None
    via_if: bool = False


def is_speech(tok: Token, lex: EventLexicon) -> bool:
    """True for a reporting verb (``said``, ``told``, ``point out``)."""
    lemma = tok.lemma_.lower()
    return tok.pos_ in ("VERB", "AUX") and lex.cue("speech", lemma) and _required(tok, lemma, lex)


def frame_kind(tok: Token, lex: EventLexicon) -> str | None:
    """The frame a governing word sets up (``ready`` -> willing), or None.

    A verb's lexicon entry decides first (``call on`` is an appeal, ``call`` alone is not); then
    the cue lists, for verbs and adjectives (``ready``); nouns only from the frame nouns
    (``readiness``, ``possibility``: the noun "forces" is no frame, the verb "force" is).
    """
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN"):
        return lex.frame_nouns.get(lemma) or lex.frame_nouns.get(tok.lower_)
    if tok.pos_ in ("VERB", "AUX"):
        for entry in lex.verbs.get(lemma, ()):
            if entry.frame is not None and entry.objects is None and _entry_fits(
                    tok, entry.particle, entry.prep):
                return entry.frame
    for kind in _ORDER:
        if (lex.cue(kind, lemma) or lex.cue(kind, tok.lower_)) and _required(tok, lemma, lex):  # type: ignore[arg-type]
            return kind
    return None


def _entry_fits(tok: Token, particle: str | None, prep: str | None) -> bool:
    words = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "dative", "agent")}
    return (particle is None or particle in words) and (prep is None or prep in words)


def _required(tok: Token, lemma: str, lex: EventLexicon) -> bool:
    need = lex.cue_requires.get(lemma)
    if need is None:
        return True
    return any(c.lower_ in need for c in tok.children if c.dep_ in ("prt", "prep", "dative"))


def _aux_cues(tok: Token, lex: EventLexicon) -> dict[str, Token]:
    """Cues a level carries on its own children: auxiliaries, negation, adverbs, conditions."""
    found: dict[str, Token] = {}
    for child in tok.children:
        dep = child.dep_
        word = child.lower_
        if dep in ("aux", "auxpass"):
            for kind in _AUX_KINDS:
                if lex.cue(kind, word) or lex.cue(kind, child.lemma_.lower()):
                    found.setdefault(kind, child)
        elif dep == "neg" or (dep in ("advmod", "det", "preconj") and lex.cue("negation", word)):
            found["negation"] = child
        elif dep == "advmod" and (neg := next((g for g in child.children if g.dep_ == "neg"),
                                              None)) is not None:
            found["negation"] = neg  # "did not even clash": the parser hangs "not" on "even"
        elif dep in ("advmod", "amod") and lex.cue("allege", word):
            found.setdefault("allege", child)
        elif dep == "advmod" and lex.cue("hypothetical", word):
            found.setdefault("hypothetical", child)
        elif dep == "acomp" and tok.lemma_ == "be" and lex.cue("negation", word):
            found["negation"] = child
        elif dep == "acomp" and tok.lemma_ == "be" and lex.cue("hypothetical", word):
            found.setdefault("hypothetical", child)
        elif dep == "advcl":
            mark = next((m for m in child.children if m.dep_ == "mark"), None)
            if mark is not None and lex.cue("unless_marks", mark.lower_):
                found.setdefault("cond_unless", mark)
            elif mark is not None and lex.cue("if_marks", mark.lower_):
                found.setdefault("cond_if", mark)
        elif dep == "prep" and lex.cue("unless_marks", word):
            found.setdefault("cond_unless", child)
    if tok.lower_ in ("going",) and any(c.dep_ == "xcomp" for c in tok.children):
        found.setdefault("future", tok)
    return found


def _walk(head: Token, lex: EventLexicon) -> tuple[list[_Level], Token | None, list[Token]]:
    """Levels from the event's head up to its reporting verb; overlay words met above frames."""
    levels = [_Level(head, _aux_cues(head, lex))]
    overlays: list[Token] = []
    node = head
    frames_ok = True
    via_if = False
    for _ in range(_MAX_LEVELS):
        dep = node.dep_
        parent = node.head
        if parent.i == node.i or dep in _STOP:
            return levels, _parataxis_speech(node, lex), overlays
        if dep == "advcl":
            mark = next((m for m in node.children if m.dep_ == "mark"), None)
            if mark is not None and (lex.cue("if_marks", mark.lower_)
                                     or lex.cue("unless_marks", mark.lower_)):
                via_if = True
            elif mark is not None or not any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in node.children):
                frames_ok = False
        if dep == "acl" and frame_kind(parent, lex) is None and parent.pos_ in ("NOUN", "PROPN"):
            return levels, None, overlays
        if dep in ("ccomp", "parataxis", "xcomp", "advcl", "pcomp", "conj") and is_speech(parent,
                                                                                            lex):
            return levels, parent, overlays
        kind = frame_kind(parent, lex) if dep != "conj" else None
        if kind in ("deny", "allege") and (parent.pos_ not in ("NOUN", "PROPN") or dep == "acl"
                                           or any(m.dep_ == "mark" for m in node.children)):
            # A noun overlays only its own clause ("accusations *that* Russia attacked").
            overlays.append(parent)
        if frames_ok:
            cues = _aux_cues(parent, lex) if dep != "conj" else {
                k: v for k, v in _aux_cues(parent, lex).items() if k in ("future", "would",
                                                                          "negation")}
            levels.append(_Level(parent, cues, kind, via_if))
        node = parent
    return levels, None, overlays


def _parataxis_speech(top: Token, lex: EventLexicon) -> Token | None:
    """A reporting verb hanging off the top of the clause ("X will go, officials said")."""
    for child in top.children:
        if child.dep_ in ("parataxis", "ccomp", "advcl") and is_speech(child, lex) and not any(
                c.dep_ in ("ccomp", "xcomp") for c in child.children):
            return child
    return None


def govern(head: Token, *, code: str, lex: EventLexicon) -> Governance:
    """Read what governs an event and decide its code family and modality.

    Args:
        head: The event's head: its verb, or the light/phase verb of an event noun.
        code: The CAMEO code of the act itself (conflictual acts under ``unless`` are threats).
        lex: The event lexicon.

    Returns:
        The governance; see the module docstring for the rules.
    """
    levels, speech, overlays = _walk(head, lex)
    frame_i = _frame_level(levels)
    transform: TransformKind | None = None
    modality: Modality = "asserted"
    frame_tok: Token | None = None
    kind: str | None = None
    decided: list[str] = []
    if frame_i is not None:
        lv = levels[frame_i]
        frame_tok, kind = lv.token, lv.kind
        neg = "negation" in lv.cues
        transform, modality = _frame_effect(kind or "", neg)
        if not neg and "negation" in levels[0].cues and levels[0].token.pos_ == "NOUN":
            modality = "negated"  # "*No* Lavrov-Kerry meeting planned"
            decided.append(levels[0].cues["negation"].lower_)
        decided.append(lv.token.lower_)
        if neg:
            decided.append(lv.cues["negation"].lower_)
        below = levels[: frame_i + 1]
    else:
        cues0 = levels[0].cues
        past_speech = speech is not None and speech.tag_ in ("VBD", "VBN")
        fut = "future" in cues0 or ("would" in cues0 and past_speech)
        neg = "negation" in cues0
        as_intent = lex.conventions.future == "intent"
        if neg and ((fut and as_intent) or "would" in cues0 or "hypothetical" in cues0):
            transform, modality, kind = "reject", "negated", "negation"
        elif neg and fut:
            modality, kind = "negated", "negation"  # "will not clash", coded as the act
        elif fut:
            transform, modality, kind = ("intent" if as_intent else None), "intended", "future"
        elif neg:
            modality, kind = "negated", "negation"
        elif "hypothetical" in cues0 or "would" in cues0:
            modality, kind = "hypothetical", "hypothetical"
        elif "obligation" in cues0 and speech is not None:
            transform, modality, kind = "demand", "asserted", "obligation"
        decided.extend(cues0[k].lower_ for k in ("future", "would", "negation", "hypothetical",
                                                  "obligation") if k in cues0)
        below = levels
        if modality == "asserted" and any(lv.kind == "hypothetical" for lv in levels[1:]):
            modality = "hypothetical"
            decided.append(next(lv.token.lower_ for lv in levels[1:]
                                if lv.kind == "hypothetical"))
    unless = next((lv.cues["cond_unless"] for lv in below if "cond_unless" in lv.cues), None)
    cond = next((lv.cues["cond_if"] for lv in below if "cond_if" in lv.cues), None)
    if unless is not None and _conflictual(code) and transform in (None, "intent"):
        transform, modality = "threat", "threatened"
        decided.append(unless.lower_)
    elif (unless is not None or cond is not None) and modality in (
            "asserted", "intended", "offered", "hypothetical"):
        modality = "conditional"
        decided.append((unless if unless is not None else cond).lower_)  # type: ignore[union-attr]
    if modality in ("asserted", "intended") and any(lv.via_if for lv in below):
        modality = "hypothetical"
        decided.append("if-clause")
    denier = next((t for t in overlays if frame_kind(t, lex) == "deny"), None)
    alleger = next((t for t in overlays if frame_kind(t, lex) == "allege"), None)
    alleged_adv = next((lv.cues["allege"] for lv in levels if "allege" in lv.cues), None)
    if denier is not None:
        modality = "denied"
        decided.append(denier.lower_)
    elif alleger is not None or alleged_adv is not None:
        modality = "alleged"
        decided.append((alleger if alleger is not None else alleged_adv).lower_)  # type: ignore[union-attr]
    return Governance(modality=modality, transform=transform, frame=frame_tok, frame_kind=kind,
                      speech=speech, denier=denier, alleger=alleger, cues=tuple(decided))


def _frame_level(levels: list[_Level]) -> int | None:
    """The innermost verbal or adjectival frame above the head; else the innermost nominal one."""
    nominal: int | None = None
    for i, lv in enumerate(levels[1:], start=1):
        if lv.kind in _LEXICAL:
            if lv.token.pos_ not in ("NOUN", "PROPN"):
                return i
            if nominal is None:
                nominal = i
    return nominal


def _frame_effect(kind: str, neg: bool) -> tuple[TransformKind | None, Modality]:
    if kind == "threat":
        return "threat", "negated" if neg else "threatened"
    if kind == "refuse":
        return ("reject", "asserted") if not neg else (None, "asserted")
    if kind in ("demand", "appeal"):
        return ("demand" if kind == "demand" else "appeal"), "negated" if neg else "asserted"
    if kind in ("willing", "commit"):
        if neg:
            return "reject", "negated"
        return "intent", "offered" if kind == "willing" else "intended"
    return None, "negated" if neg else "intended"


def _conflictual(code: str) -> bool:
    """CAMEO roots 10-20: demands, disapproval, rejection, threats, protest, force, coercion."""
    return code[:2] >= "10"
