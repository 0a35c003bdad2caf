"""Dyads: an event trigger's source and target actors, its final code, and its pairs.

:class:`DyadCoder` turns one trigger of a sentence (:mod:`storyline.extract.event_triggers`) into
draft events: it reads what governs the trigger (:func:`storyline.extract.event_modality.govern`),
transforms the act's code by its frame, finds the source and target actors
(:mod:`storyline.extract.event_arguments`), and pairs them: one draft per source-target pair,
both directions for reciprocal codes and for coordinated subjects acting jointly, the host event
of a visit. Pronouns fall back on what the sentence says: "I"/"we" inside a quotation are its
speaker, "it"/"they" in a reported clause its reporter.

:mod:`storyline.extract.events` assembles the drafts into records (dates, places, asserters, ids).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from spacy.tokens import Span, Token

from storyline.extract import event_arguments as args
from storyline.extract.event_arguments import ActorCoder, ActorRef
from storyline.extract.event_lexicon import EventLexicon, TriggerEntry
from storyline.extract.event_modality import Governance, frame_kind, govern
from storyline.extract.event_triggers import Trigger, noun_lemmas, verb_entries
from storyline.records import Quote

__all__ = ["Draft", "DyadContext", "DyadCoder", "refine_accusations"]

_COMMISSIVE = frozenset({"willing", "commit", "threat", "refuse", "imminent", "future",
                         "negation"})
_THIRD_PERSON = frozenset({"it", "they", "he", "she", "them", "him", "her"})
_JOINT_CODES = frozenset({"030", "031", "0311", "0312", "0313", "0314", "032", "036", "037",
                          "050", "054", "057"})
"""Acts that coordinated subjects with no target do with each other ("X and Y renewed ties"),
besides meetings (04) and material cooperation (06); praise, aid or force are not mutual."""


class DyadContext(Protocol):
    """What the dyad coder needs from the article being coded."""

    @property
    def lex(self) -> EventLexicon: ...
    @property
    def actor_code(self) -> ActorCoder: ...

    def quote_at(self, char: int) -> Quote | None:
        """The quotation that holds a character offset, if any."""
        ...

    def is_place(self, ref: ActorRef) -> bool:
        """True when an actor span is one of the article's places."""
        ...

    def place_actor(self, trig: Trigger) -> ActorRef | None:
        """A place of the trigger's clause, as an actor (for location targets)."""
        ...


@dataclass(frozen=True, slots=True)
class Draft:
    trigger: Trigger
    code: str
    source: ActorRef
    target: ActorRef | None
    gov: Governance
    rule: str


class DyadCoder:
    """Codes the triggers of one sentence (never outlives a call).

    Args:
        sent: The sentence.
        context: The article being coded.
    """

    def __init__(self, sent: Span, context: DyadContext) -> None:
        self.sent = sent
        self.c = context
        self.lex = context.lex

    def actors(self, tok: Token | None, gov: Governance | None = None) -> list[ActorRef]:
        """The actors a noun denotes, pronouns resolved from the sentence where possible."""
        if tok is None:
            return []
        found = args.actors_at(tok, self.c.actor_code)
        if found or not args.is_pronoun(tok):
            return found
        return self._pronoun(tok, gov)

    def _pronoun(self, tok: Token, gov: Governance | None) -> list[ActorRef]:
        word = tok.lower_
        if self.lex.cue("first_person", word):
            quote = self.c.quote_at(tok.idx)
            if quote is not None and quote.speaker is not None and quote.speaker_start is not None \
                    and quote.speaker_end is not None:
                ref = self.c.actor_code(quote.speaker_start, quote.speaker_end)
                return [ActorRef(text=tok.text, start=tok.idx, end=tok.idx + len(tok),
                                 code=ref.code if ref else None,
                                 name=quote.speaker_name or (ref.name if ref else quote.speaker))]
        if word in _THIRD_PERSON and gov is not None and gov.speech is not None:
            subj = args.subject_token(gov.speech)
            if subj is not None and subj.i != tok.i and not args.is_pronoun(subj):
                return [ActorRef(text=tok.text, start=tok.idx, end=tok.idx + len(tok),
                                 code=r.code, name=r.name)
                        for r in args.actors_at(subj, self.c.actor_code)[:1]]
        return []

    def code(self, trig: Trigger) -> list[Draft]:
        """The draft events of one trigger (none where it names no source)."""
        entry = trig.entry
        if entry.code is None:
            return []
        if entry.code == "010" and entry.objects is None and \
                self.lex.cue("speech", trig.head.lemma_.lower()):
            return []  # a bare statement: CAMEO's residual 010, not coded (event_modality)
        # A verb dictionary's code is its author's last word; the built-in refinements
        # ("dollars" aid -> 071) are storyline's own lexicon's.
        act = entry.code if entry.exact_form else self._refined(trig, entry.code)
        gov = govern(trig.head, code=act, lex=self.lex)
        if trig.kind == "noun" and not _directly_governed(trig.head, gov):
            return []
        if entry.frame in ("willing", "commit") and not self._codable_object(trig, gov):
            return []
        if gov.transform == "demand" and gov.frame is not None and \
                gov.frame_kind == "demand" and not self._addressee(gov.frame) and \
                args.subject_token(trig.head) is None:
            # An order or call with no addressee is the source's own plan ("the minister
            # ordered to airdrop food"): an intention, not a demand.
            gov = replace(gov, transform="intent", modality="intended")
        code = act
        if gov.transform is not None and (entry.frame is None or gov.transform == "reject"):
            code = self.lex.transform(gov.transform, act) or act
        elif entry.clause_code is not None and any(c.dep_ == "ccomp" for c in trig.head.children):
            code = entry.clause_code
        if gov.transform is not None and gov.frame is not None and len(code) == 3 and \
                code.endswith("0"):
            # The frame verb's own code may say more than the family's root ("urged Bree to
            # help win ...": URGE 023 appeal for aid, where the transform gives only 020).
            own = next((e.code for e in verb_entries(gov.frame, self.lex) if e.code and
                        (e.objects, e.prep, e.particle) == (None, None, None)), None)
            if own is not None and own[:2] == code[:2]:
                code = own
        negated_as = self.lex.conventions.negations.get(code) if gov.modality == "negated" \
            and gov.transform is None else None
        if negated_as is not None:
            # A coding ontology names what the negated act is ("did not clash" 110 -> 050).
            gov = replace(gov, modality="asserted",
                          cues=(*gov.cues, self.lex.conventions.version))
            code = negated_as
        sources, mutual = self._sources(trig, gov)
        targets = self._targets(trig, gov, mutual)
        if not targets and not (len(sources) > 1 and self._joint(entry, entry.code or "")):
            # A location stands in for a missing target (CAMEO 0871, 19x: "the target could be
            # the location"): a place named by a locative phrase of the event's own clause ("set
            # up a centre *in Tokyo*") or modifying its noun ("*Aleppo* humanitarian pause").
            ref = self.c.place_actor(trig)
            targets = [ref] if ref is not None else []
        if entry.inverse:
            sources, targets = targets, sources
        if gov.transform in ("appeal", "demand") and gov.frame_kind != "obligation" and \
                gov.frame is not None:
            addressee = self._addressee(gov.frame)
            doer = sources if args.subject_token(trig.head) is not None else []
            sources = self.actors(args.agent_of(gov.frame, object_control=frozenset()), gov) \
                or sources
            # "demanded that Georgia withdraw": the addressee is the act's own subject.
            targets = addressee or doer or targets
        elif gov.frame_kind == "obligation" and gov.speech is not None:
            speaker = self.actors(args.subject_token(gov.speech), gov)
            sources, targets = speaker, sources
        rule = self._rule(trig, act, code, gov)
        return self._pairs(trig, code, sources, targets, mutual, gov, rule)

    def _codable_object(self, trig: Trigger, gov: Governance) -> bool:
        """An offer or promise of something that is neither an actor nor an event ("didn't
        offer any details") codes nothing."""
        obj = args.direct_object(trig.head)
        if obj is None or trig.obj is not None:
            return True
        return bool(any(lemma in self.lex.nouns for lemma in noun_lemmas(obj))
                    or self.actors(obj, gov))

    def _refined(self, trig: Trigger, code: str) -> str:
        words: set[str] = set()
        for tok in (trig.head, trig.obj, trig.noun):
            if tok is None:
                continue
            words.update(c.lemma_.lower() for c in tok.children
                         if c.dep_ in ("amod", "compound", "nmod", "npadvmod"))
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("with", "of", "by"):
                    for g in prep.subtree:
                        words.add(g.lemma_.lower())
            if tok is not trig.head:
                words.add(tok.lemma_.lower())
        return self.lex.refined(code, frozenset(words))

    def _sources(self, trig: Trigger, gov: Governance) -> tuple[list[ActorRef], list[ActorRef]]:
        mutual: list[ActorRef] = []
        sources: list[ActorRef] = []
        noun = trig.noun
        if noun is not None:
            parts = args.noun_participants(noun)
            for tok in parts.mutual:
                mutual.extend(self.actors(tok, gov))
            for tok in parts.agents:
                for ref in self.actors(tok, gov):
                    if not self.c.is_place(ref) and ref not in sources:
                        sources.append(ref)
        if not sources and trig.kind in ("verb", "light"):
            agent = args.agent_of(trig.head, object_control=self.lex.cues["object_control"])
            sources = self.actors(agent, gov)
        if not sources:
            sources = self._framed_source(gov)
        return sources, mutual

    def _framed_source(self, gov: Governance) -> list[ActorRef]:
        """Who performs an event noun that names no agent: the accused, or the committer."""
        oc = self.lex.cues["object_control"]
        if gov.alleger is not None:
            return self.actors(args.direct_object(gov.alleger), gov) or []
        if gov.denier is not None:
            return self.actors(args.agent_of(gov.denier, object_control=oc), gov)
        if gov.frame is not None and gov.frame_kind in _COMMISSIVE:
            return self.actors(args.agent_of(gov.frame, object_control=oc), gov)
        return []

    def _addressee(self, frame: Token) -> list[ActorRef]:
        for tok in (args.direct_object(frame), args.dative(frame)):
            found = self.actors(tok)
            if found:
                return found
        for prep in ("on", "upon", "to"):
            for tok in args.prep_objects(frame, prep):
                found = self.actors(tok)
                if found:
                    return found
        return []

    def _targets(self, trig: Trigger, gov: Governance, mutual: list[ActorRef]) -> list[ActorRef]:
        entry = trig.entry
        slots = entry.targets or self.lex.default_targets(entry.code or "0")
        skip = {t.i for t in (trig.obj, trig.noun) if t is not None}
        holders = [t for t in (trig.head, trig.obj, trig.noun) if t is not None]
        if trig.kind == "verb" and trig.obj is None:
            holders.extend(t for t in (args.direct_object(trig.head),) if t is not None)
        # The object's own phrase may hold the target's ("assurances on cultural issues *from*
        # Bree": the parser hangs "from" on "issues").
        holders.extend(trig.phrase)
        if trig.noun is not None:
            holders.extend(args.prep_objects(trig.noun, "of"))
        if trig.kind == "noun" and gov.frame is not None:
            holders.append(gov.frame)
        for slot in slots:
            if slot == "between":
                if mutual:
                    return mutual
                continue
            if slot == "clause":
                # "expressed hopes that Osgiliath could be drawn in": the clause's subject; "signed
                # an accord to supply Gondor": the object of a purpose clause with no subject.
                for holder in holders:
                    for clause in holder.children:
                        if clause.dep_ not in ("ccomp", "acl", "advcl"):
                            continue
                        found = self.actors(args.subject_token(clause)
                                            or args.patient_token(clause), gov) \
                            if clause.dep_ != "advcl" else []
                        if not found and args.subject_token(clause) is None and any(
                                c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                            found = self.actors(args.direct_object(clause), gov)
                        if found:
                            return found
                continue
            toks: list[Token | None] = []
            if slot == "dobj" and trig.kind in ("verb", "light"):
                obj = args.direct_object(trig.head)
                if obj is not None and obj.i not in skip:
                    toks.append(obj)
            elif slot == "dative":
                toks.append(args.dative(trig.head))
            else:
                for holder in holders:
                    toks.extend(args.prep_objects(holder, slot))
            for tok in toks:
                found = self._party(tok, gov)
                if not found and slot == "dobj" and tok is not None:
                    found = self._object_clause(tok, gov)
                if found:
                    return found
        if trig.entry.frame in ("deny", "refuse") or gov.frame_kind == "refuse":
            found = self._proposer(trig, gov)
            if found:
                return found
        if trig.entry.frame is not None:
            # A frame coded on its own ("threatened to cut off electricity *to Nakhichevan*",
            # "offered to hand over to *Great Britain*"): the embedded act's object or recipient.
            for clause in trig.head.children:
                if clause.dep_ != "xcomp":
                    continue
                for tok in (args.direct_object(clause), args.dative(clause),
                            *(t for prep in ("to", "against", "on", "with") for t in
                              args.prep_objects(clause, prep))):
                    found = self._party(tok, gov)
                    if found:
                        return found
        if trig.obj is not None:
            # "suspend U.S.-Russia engagement": the object's own parties, less the source.
            parts = args.noun_participants(trig.obj)
            mods: list[Token] = list(parts.agents)
            edge = trig.obj.left_edge.i
            if edge > 0:
                before = trig.obj.doc[edge - 1]
                if before.dep_ in ("dative", "npadvmod") and before.head.i == trig.head.i and \
                        before.pos_ == "PROPN":
                    mods.append(before)  # a prenominal name the parser hung on the verb
            parties: list[ActorRef] = []
            for mod in mods:
                if "-" in mod.text.strip("-"):
                    refs = [r for r in (self.c.actor_code(*span) for span in
                                        args.hyphen_parts(mod)) if r is not None]
                else:
                    refs = self.actors(mod, gov)
                parties.extend(r for r in refs if not self.c.is_place(r) and r not in parties)
            if parties:
                return parties
        if entry.targets:
            # Last, the code root's prepositions ("import restrictions *against* German goods":
            # any 17x act may name its target with "against"); whether the object is the target
            # stays the entry's choice ("clash over the efforts of X").
            for slot in self.lex.default_targets(entry.code or "0"):
                if slot in entry.targets or slot in ("dobj", "dative", "of", "between", "clause"):
                    continue
                for holder in holders:
                    for tok in args.prep_objects(holder, slot):
                        found = self._party(tok, gov)
                        if found:
                            return found
        return []

    def _party(self, tok: Token | None, gov: Governance) -> list[ActorRef]:
        """The actors a target slot holds; for an event noun, the actors that perform it
        ("condemned an attack *by Osgiliath soldiers*"), never its location."""
        if tok is None:
            return []
        if any(lemma in self.lex.nouns for lemma in noun_lemmas(tok)):
            found: list[ActorRef] = []
            # "a resumption of ties between Eriador and Osgiliath": the of-noun's parties too.
            for noun in (tok, *args.prep_objects(tok, "of")):
                parts = args.noun_participants(noun)
                for agent in (*parts.agents, *parts.mutual):
                    found.extend(r for r in self.actors(agent, gov)
                                 if not self.c.is_place(r) and r not in found)
            return found
        return self.actors(tok, gov)

    def _object_clause(self, obj: Token, gov: Governance) -> list[ActorRef]:
        """An object that is no actor, described by a clause that names one: "cordoned off the
        roads leading *into Mordor*", "boycotted the parade supporting *Gondor*"."""
        for clause in obj.children:
            if clause.dep_ != "acl":
                continue
            for tok in (args.direct_object(clause), *args.prep_objects(clause, "into"),
                        *args.prep_objects(clause, "to")):
                found = self.actors(tok, gov)
                if found:
                    return found
        return []

    def _proposer(self, trig: Trigger, gov: Governance) -> list[ActorRef]:
        """The party whose accusation is denied or whose proposal is rejected."""
        verb = trig.head if trig.entry.frame in ("deny", "refuse") else gov.frame
        if verb is None:
            return []
        obj = args.direct_object(verb)
        if obj is None and verb.dep_ in ("relcl", "ccomp", "acl") and \
                verb.head.pos_ in ("NOUN", "PROPN"):
            obj = verb.head  # "accusations Moscow has denied"
        if obj is None:
            return []
        for other in obj.children:
            if other.i != verb.i and frame_kind(other, self.lex) == "allege" and \
                    other.pos_ == "VERB":
                found = self.actors(args.subject_token(other))
                if found:
                    return found
        for child in obj.children:
            if child.dep_ in ("poss", "compound", "amod") or child.dep_ == "prep" and \
                    child.lower_ in ("by", "from"):
                tok = child if child.dep_ != "prep" else next(
                    (g for g in child.children if g.dep_ == "pobj"), None)
                found = self.actors(tok)
                if found:
                    return found
        if frame_kind(obj.head, self.lex) == "allege" and obj.head.i != verb.i:
            return self.actors(args.subject_token(obj.head))
        head = obj.head
        if obj.dep_ in ("dep", "appos", "npadvmod") and frame_kind(head, self.lex) == "allege":
            return self.actors(args.subject_token(head))
        return []

    def _pairs(self, trig: Trigger, code: str, sources: list[ActorRef], targets: list[ActorRef],
               mutual: list[ActorRef], gov: Governance, rule: str) -> list[Draft]:
        entry = trig.entry
        out: list[Draft] = []
        root = code[:2]
        if not sources and len(mutual) > 1:
            sources, targets = mutual, []
        directed = gov.transform in ("appeal", "demand", "threat", "reject") or root in (
            "02", "10", "13")
        reciprocal = entry.reciprocal and not directed
        joint = not targets and len(sources) > 1 and (reciprocal or self._joint(entry, code))
        pairs: list[tuple[ActorRef, ActorRef | None, str]] = []
        if joint:
            pairs = [(s, t, code) for s in sources for t in sources if s is not t]
        else:
            slots: list[ActorRef | None] = list(targets) or [None]
            for s in sources:
                for t in slots:
                    pairs.append((s, t, code))
                    if t is not None and reciprocal:
                        pairs.append((t, s, code))
                    if t is not None and entry.pair is not None and gov.transform is None:
                        pairs.append((t, s, entry.pair))
        for s, t, c in pairs:
            if t is not None and (t.start, t.end) == (s.start, s.end) or (
                    t is not None and s.code is not None and s.code == t.code):
                continue
            out.append(Draft(trig, c, s, t, gov, rule if c == code else f"{rule}|pair→{c}"))
        return out

    @staticmethod
    def _joint(entry: TriggerEntry, code: str) -> bool:
        """Coordinated subjects with no target do this act with each other."""
        return entry.reciprocal or entry.joint or code in _JOINT_CODES or code[:2] in ("04", "06")

    def _rule(self, trig: Trigger, act: str, code: str, gov: Governance) -> str:
        rule = f"{self.lex.verbs_version}:{trig.entry.key}→{act}"
        if trig.kind != "verb":
            rule += f"|{trig.kind}:{trig.head.lemma_.lower()}" if trig.kind != "noun" else "|noun"
        if gov.cues or code != act:
            rule += f"|{gov.frame_kind or 'modality'}:{'+'.join(gov.cues)}→{code}"
        return rule


def _directly_governed(noun: Token, gov: Governance) -> bool:
    """An event noun is coded only as the object of a frame, denial or accusation ("called for
    *sanctions*", "blamed X for an *attack*"), not anywhere below one."""
    head = noun.head
    if head.dep_ in ("prep", "agent") or noun.dep_ == "conj":
        head = head.head
    if head.dep_ == "prep":
        head = head.head
    return any(t is not None and t.i == head.i for t in (gov.frame, gov.denier, gov.alleger))


def refine_accusations(drafts: list[Draft], lex: EventLexicon) -> list[Draft]:
    """An accusation of an attack is 1123, of a war crime 1124 (CAMEO 112x)."""
    alleged = {d.gov.alleger.i: d.code for d in drafts if d.gov.alleger is not None}
    out: list[Draft] = []
    for d in drafts:
        act = alleged.get(d.trigger.head.i)
        if act is not None and d.trigger.entry.frame == "allege" and d.code == "112":
            better = next((lex.allege_refine[p] for p in (act[:3], act[:2])
                           if p in lex.allege_refine), None)
            if better is not None:
                d = Draft(d.trigger, better, d.source, d.target, d.gov,
                           f"{d.rule}|alleged→{better}")
        out.append(d)
    return out
