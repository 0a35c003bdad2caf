"""Who did it and to whom: an event's source and target actors, read from the dependency parse.

The labels are spaCy's English (ClearNLP) scheme: ``nsubj``/``nsubjpass``, ``agent`` ("by X"),
``dobj``, ``dative``, ``prep``/``pobj``, ``xcomp``/``ccomp``/``acomp``, ``acl``/``relcl``, ``conj``.

- The **agent** of a verb is its subject; of a passive verb the pobj of its ``agent`` ("brokered
  *by Russia and the United States*"). A verb with no subject inherits one: an infinitive from the
  verb or adjective that controls it ("Russia is ready *to resume*" -> Russia; "urged Bree *to*
  help" -> Bree, the object, for object-control verbs), a conjoined verb from its first conjunct,
  a relative clause from the noun it modifies, a participle from its noun ("a ceasefire *brokered*
  by X": the ceasefire is its patient).
- The **target** is found in the slots the lexicon entry lists, in order: the direct object, the
  dative, or the object of a preposition governed by the verb or by its object noun ("restore ties
  *with Gondor*").
- An **event noun** takes its participants from ``by``/possessive (agent), ``between X and Y``
  (both), adjectives and compounds naming actors ("*Russian-U.S.* consultations"), and its
  entry's prepositions.
- **Coordination** gives one actor per conjunct ("Russia *and* the United States"; "Russia
  *jointly with* the government of Syria"; a name the parser hung as an apposition inside a list,
  "Arnor and *the awful Gondor*"); common nouns that share a ``from``/``in`` phrase are composed
  with each of its countries ("lawmakers and officials *in Arnor and Gondor*": ARNLEG, GONLEG,
  ARNGOV, GONGOV).

Spans are turned into actors by the caller's ``actor_code(start, end)``; a span it does not know is
retried through its parts (the ``of`` object, the possessor, a name-like modifier).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

__all__ = [
    "ActorRef",
    "ActorCoder",
    "agent_of",
    "actors_at",
    "conjuncts",
    "core_span",
    "noun_participants",
    "prep_objects",
]

_SUBJECT = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECT = frozenset({"nsubjpass", "csubjpass"})
_LEFT_KEEP = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case",
                        "predet", "advmod", "punct"})
_RIGHT_KEEP_PREPS = frozenset({"of"})
_GROUP_PREPS = frozenset({"from", "in", "of"})
"""Kept after a common noun: "soldiers *from Gondor*", "lawmakers *in Arnor*", "the ambassadors
*of Arnor, Osgiliath and Gondor*"."""
_CO_ACTOR_PREPS = frozenset({"with"})
_CO_ACTOR_ADVERBS = frozenset({"jointly", "together", "along"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "them", "him", "her", "us",
                       "me", "its", "their", "his", "our", "my", "who", "which", "that"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRef:
    """An actor the caller recognised in a span of the text.

    Attributes:
        text: The span as written (``text == doc.text[start:end]``).
        start, end: Character offsets into the document text.
        code: CAMEO-style actor code (``RUS``, ``USAGOV``), where known.
        name: The actor's name, where known (``Sergei Shoigu``, ``Russia``).
    """

    text: str
    start: int
    end: int
    code: str | None
    name: str | None = None


ActorCoder = Callable[[int, int], ActorRef | None]
"""``actor_code(start, end)``: the actor a character span denotes, or None."""


def char_span(tokens: Span | Sequence[Token]) -> tuple[int, int]:
    """Character offsets of a run of tokens."""
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def char_text(tokens: Span | Sequence[Token]) -> str:
    """The document text a run of tokens covers."""
    start, end = char_span(tokens)
    return tokens[0].doc.text[start:end]


def core_span(tok: Token) -> tuple[int, int]:
    """Token offsets ``[start, end)`` of a noun phrase without clauses, appositions and conjuncts.

    Left modifiers (determiners, adjectives, compounds, possessors) and ``of`` phrases stay
    ("the government *of Syria*"), and after a common noun ``from``/``in`` phrases ("soldiers *from
    Gondor*"); relative clauses, participles, appositions, other prepositional phrases and
    coordinated conjuncts go.
    """
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in _LEFT_KEEP:
            start = min(start, child.left_edge.i)
    end = tok.i + 1
    keep = _RIGHT_KEEP_PREPS if tok.pos_ != "NOUN" else _RIGHT_KEEP_PREPS | _GROUP_PREPS
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in keep and child.i == end:
            end = child.right_edge.i + 1
            for grand in child.subtree:
                if grand.dep_ in ("conj", "cc", "relcl", "acl", "appos") and grand.head.i > child.i:
                    end = min(end, grand.left_edge.i)
                    break
        elif child.dep_ in ("compound", "nummod") and child.i == end:
            end = child.right_edge.i + 1
        else:
            break
    while end - 1 > start and tok.doc[end - 1].is_punct:
        end -= 1
    while start < tok.i and tok.doc[start].is_punct:
        start += 1
    return start, end


def conjuncts(tok: Token) -> list[Token]:
    """The token and every actor coordinated with it ("X and Y", "X jointly with Y")."""
    out = [tok]
    seen = {tok.i}
    stack = [tok]
    while stack:
        cur = stack.pop()
        for child in cur.children:
            extra: Token | None = None
            if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON", "ADJ", "X"):
                extra = child
            elif child.dep_ == "appos" and child.pos_ == "PROPN" and any(
                    c.dep_ in ("cc", "conj") for c in (*cur.children, *child.children)):
                # A name the parser hung as an apposition inside a list: "Mordor, *the awful
                # Arnor*, and Gondor"; "Arnor and *the evil awful Gondor*"; "Mordor, *the
                # Shire*, Arnor and Bree" (the rest of the list hangs from the apposition).
                extra = child
            elif child.dep_ == "prep" and child.lower_ in _CO_ACTOR_PREPS and any(
                    a.lower_ in _CO_ACTOR_ADVERBS for a in child.children if a.dep_ == "advmod"):
                extra = next((g for g in child.children if g.dep_ == "pobj"), None)
            elif child.dep_ == "advmod" and child.lower_ in _CO_ACTOR_ADVERBS:
                prep = next((g for g in child.rights if g.dep_ == "prep"
                             and g.lower_ in _CO_ACTOR_PREPS), None)
                if prep is None:
                    prep = next((g for g in cur.rights if g.dep_ == "prep"
                                 and g.lower_ in _CO_ACTOR_PREPS and g.i == child.i + 1), None)
                if prep is not None:
                    extra = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if extra is not None and extra.i not in seen:
                seen.add(extra.i)
                out.append(extra)
                stack.append(extra)
    return sorted(out, key=lambda t: t.i)


def is_pronoun(tok: Token) -> bool:
    """True for a personal, possessive or relative pronoun."""
    return tok.pos_ == "PRON" or (
        tok.lower_ in _PRONOUNS and tok.tag_ in ("PRP", "PRP$", "WP", "WDT"))


def actors_at(tok: Token, actor_code: ActorCoder) -> list[ActorRef]:
    """Every actor a noun (with its conjuncts) denotes, as the caller's ``actor_code`` codes them.

    A conjunct the caller does not know as a whole is tried through its parts: its ``of`` object
    ("the population *of Gondor*"), its possessor, and name-like modifiers (``Russian`` experts).
    """
    found: list[ActorRef] = []
    parts = conjuncts(tok)
    grouped = _group_actors(parts, actor_code)
    if grouped:
        found.extend(grouped)
        parts = [p for p in parts if p.pos_ != "NOUN"]
    for conj in parts:
        refs = _coordinated_modifiers(conj, actor_code)
        if not refs and conj.i != parts[0].i:
            ref = _shared_modifier(parts[0], conj, actor_code)
            refs = [ref] if ref is not None else []
        if not refs:
            ref = _actor(conj, actor_code)
            refs = [ref] if ref is not None else []
        for ref in refs:
            if all((r.start, r.end) != (ref.start, ref.end) for r in found):
                found.append(ref)
    return found


_ROLE_CODES = frozenset({"GOV", "MIL", "REB", "OPP", "LEG", "COP", "JUD", "BUS", "MED", "EDU",
                         "CVL", "HLH", "LAB", "REF", "SPY", "ELI", "AGR", "CRM", "IGO", "NGO",
                         "PTY", "UAF", "INS", "SEP", "REL", "MOD", "RAD"})
"""CAMEO 1.1b3 role (sector) codes: an actor coded with one of these alone has no country."""


def _group_actors(parts: Sequence[Token], actor_code: ActorCoder) -> list[ActorRef]:
    """Common nouns that share a ``from``/``in`` phrase, composed with each of its countries:
    "lawmakers and officials *in Arnor and Gondor*" -> ARNLEG, GONLEG, ARNGOV, GONGOV."""
    nouns = [p for p in parts if p.pos_ == "NOUN"]
    prep = next((c for n in nouns for c in n.rights if c.dep_ == "prep"
                 and c.lower_ in _GROUP_PREPS), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
    if pobj is None:
        return []
    places = [r for r in (_actor(g, actor_code) for g in conjuncts(pobj))
              if r is not None and r.code is not None and len(r.code) == 3
              and r.code not in _ROLE_CODES]
    if len(places) + len(nouns) < 3:
        return []  # one noun, one country: the span "lawmakers in Arnor" says it all
    doc = pobj.doc
    out: list[ActorRef] = []
    for noun in nouns:
        role = actor_code(noun.idx, noun.idx + len(noun))
        if role is None or role.code not in _ROLE_CODES:
            return []
        for place in places:
            start, end = min(noun.idx, place.start), max(noun.idx + len(noun), place.end)
            out.append(ActorRef(text=doc.text[start:end], start=start, end=end,
                                code=f"{place.code}{role.code}", name=None))
    return out


def _shared_modifier(first: Token, conj: Token, actor_code: ActorCoder) -> ActorRef | None:
    """A conjunct that shares the first one's name-like modifier ("*Danish* media and
    government"): coded over the whole coordination, ending at the conjunct."""
    if any(c.dep_ in ("amod", "compound", "poss", "det") for c in conj.lefts):
        return None
    if first.pos_ == "PROPN":
        return None  # "*Minas* Tirith and Osgiliath": a name's compound is its own
    if not any(c.dep_ in ("amod", "compound") and _name_like(c) for c in first.lefts):
        return None
    start = first.left_edge.idx
    ref = actor_code(start, conj.idx + len(conj))
    if ref is None or ref.start < conj.idx:
        return ref if ref is not None and ref.end == conj.idx + len(conj) else None
    return ref


def _coordinated_modifiers(tok: Token, actor_code: ActorCoder) -> list[ActorRef]:
    """One actor per coordinated name-like modifier ("*Russian and Syrian* government")."""
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "nmod") and any(c.dep_ == "conj"
                                                               for c in child.children):
            refs: list[ActorRef] = []
            mods = [child, *(c for c in child.children if c.dep_ == "conj")]
            for mod in mods:
                end = mod.idx + len(mod)
                # Only an actor inside the modifier: "military" in "US military" is not one.
                ref = next((r for r in (actor_code(*s) for s in hyphen_parts(mod))
                            if r is not None and mod.idx <= r.start and r.end <= end), None)
                if ref is not None:
                    refs.append(ref)
            if len(refs) > 1:
                return refs
    return []


def _actor(tok: Token, actor_code: ActorCoder) -> ActorRef | None:
    start, end = core_span(tok)
    doc = tok.doc
    ref = actor_code(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
    if ref is not None:
        return ref
    for sub in _parts(tok):
        ref = actor_code(*sub)
        if ref is not None:
            return ref
    return None


def _parts(tok: Token) -> Iterator[tuple[int, int]]:
    """Character spans inside a noun phrase that may name its actor on their own."""
    yield tok.idx, tok.idx + len(tok)
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "in"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    s, e = core_span(pobj)
                    yield char_span(pobj.doc[s:e])
    for child in tok.lefts:
        if child.dep_ == "poss" and not is_pronoun(child):
            s, e = core_span(child)
            yield char_span(child.doc[s:e])
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and (
                child.pos_ == "PROPN" or child.ent_type_ in ("NORP", "GPE", "ORG")):
            yield from hyphen_parts(child)


def hyphen_parts(tok: Token) -> Iterator[tuple[int, int]]:
    """The token's span, then each part of a hyphenated token (``U.S.-Russian``)."""
    text = tok.text
    yield tok.idx, tok.idx + len(text)
    if "-" in text.strip("-"):
        pos = 0
        for part in text.split("-"):
            if part:
                yield tok.idx + pos, tok.idx + pos + len(part)
            pos += len(part) + 1


def _name_like(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("NORP", "GPE", "ORG")


def is_passive(verb: Token) -> bool:
    """True for a passive verb ("was opposed", "brokered by" as a participle)."""
    return any(c.dep_ in _PASSIVE_SUBJECT or c.dep_ == "auxpass" for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")


def agent_token(verb: Token) -> Token | None:
    """The pobj of a passive verb's ``by`` phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def patient_token(verb: Token) -> Token | None:
    """The passive subject, or the noun a passive participle modifies."""
    for child in verb.children:
        if child.dep_ in _PASSIVE_SUBJECT:
            return child
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    return None


def subject_token(verb: Token) -> Token | None:
    """The explicit active subject of a verb, adjective or copula (its head's, for ``acomp``)."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT]
    if subjects:
        # The subject nearest before the verb: "MOSCOW – The Russian military said".
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    if verb.dep_ in ("acomp", "attr") and verb.head.i != verb.i:
        return subject_token(verb.head)
    return None


def agent_of(verb: Token, *, object_control: frozenset[str], depth: int = 0) -> Token | None:
    """Who performs a verb's act: its subject, passive agent, or the subject it inherits.

    Args:
        verb: A verb (or a predicative adjective/noun).
        object_control: Lemmas whose object, not subject, performs their infinitive ("urge").
        depth: Recursion guard.

    Returns:
        The agent's head token, or None where the sentence names none.
    """
    if depth > 6:
        return None
    if is_passive(verb):
        return agent_token(verb)
    subj = subject_token(verb)
    if subj is not None:
        if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return verb.head
        return subj
    head = verb.head
    if head.i == verb.i:
        return None
    dep = verb.dep_
    if dep == "relcl":
        return head
    if dep == "acl":
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        if verb.tag_ == "VBG":
            return head
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if infinitive and head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "attr"):
            return agent_of(head.head, object_control=object_control, depth=depth + 1)
        return None
    if dep in ("xcomp", "advcl", "acomp", "conj", "pcomp", "ccomp", "oprd"):
        if dep == "pcomp" and head.dep_ == "prep":
            head = head.head
        if dep != "conj" and head.lemma_.lower() in object_control:
            obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is None:
                prep = next((c for c in head.children if c.dep_ == "prep"
                             and c.lower_ in ("on", "upon")), None)
                if prep is not None:
                    obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if dep == "advcl" and is_passive(head):
            patient = patient_token(head)
            if patient is not None:
                return patient
        return agent_of(head, object_control=object_control, depth=depth + 1)
    return None


def prep_objects(tok: Token, prep: str) -> list[Token]:
    """The objects of ``prep`` phrases the token governs (``with X`` -> X)."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == prep:
            out.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
    return out


def direct_object(tok: Token) -> Token | None:
    """The direct object of a verb (the passive subject of a passive one)."""
    for child in tok.children:
        if child.dep_ in ("dobj", "attr"):
            return child
    return patient_token(tok)


def dative(tok: Token) -> Token | None:
    """The indirect object ("gave *Tanzania* a grant")."""
    for child in tok.children:
        if child.dep_ == "dative" and child.pos_ != "ADP":
            return child
        if child.dep_ == "dative" and child.pos_ == "ADP":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


@dataclass(frozen=True, slots=True)
class Participants:
    """What an event noun says about who takes part."""

    agents: tuple[Token, ...]
    """``by X``, ``X's``, actor modifiers ("Russian airstrikes")."""
    mutual: tuple[Token, ...]
    """``between X and Y``: every participant, for a reciprocal event."""


def noun_participants(noun: Token) -> Participants:
    """The participants an event noun names itself (not its governing verb's subject)."""
    agents: list[Token] = []
    mutual: list[Token] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by" or child.dep_ == "agent":
            agents.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "poss" and not (child.tag_ == "PRP$" and child.lower_ == "its"):
            agents.append(child)
        elif child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i and (
                _name_like(child) or any(_name_like(g) for g in child.lefts
                                         if g.dep_ in ("amod", "compound"))):
            agents.append(child)
            agents.extend(c for c in child.children if c.dep_ == "conj" or (
                c.dep_ in ("compound", "amod") and c.i < child.i and _name_like(c)))
        elif child.dep_ == "prep" and child.lower_ == "between":
            mutual.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            agent = agent_token(child)
            if agent is not None:
                agents.append(agent)
    return Participants(agents=tuple(agents), mutual=tuple(mutual))
