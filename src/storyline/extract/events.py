"""Coded political events: who did what to whom, when and where, with CAMEO codes and modality.

:func:`events` reads each sentence of a parsed article (reported speech and quotations included)
and yields dyadic :class:`~storyline.records.Event` records:

1. **Triggers** (:mod:`storyline.extract.event_triggers`) from the versioned lexicon
   (:mod:`storyline.extract.event_lexicon`, ``data/events/verbs.json``): verbs with their
   particles, prepositions and objects ("hold talks" 046, "threaten", "cut ties" 161), light verbs
   over event nouns ("restart consultations"), event nouns that are the subject of a phase verb
   ("the ceasefire came into effect" 0871) or that a frame governs ("called for sanctions").
2. **Actors** (:mod:`storyline.extract.event_arguments`): source from the subject, the passive
   agent or the controlling verb; target from the entry's slots; one event per source-target pair
   of coordinated actors; reciprocal codes both ways; a visit with its host (042/043). Spans
   become actors through the caller's ``actor_code(start, end)``; "I"/"we" inside a quotation are
   its speaker, and "it"/"they" in a reported clause its reporter, where the caller knows no better.
3. **Truth status** (:mod:`storyline.extract.event_modality`): the frame decides the code family
   and the modality (``ready to resume contacts`` -> 036 offered; ``preparing to suspend
   engagement ... unless`` -> 1313 threatened; ``won't extend the pause`` -> 1246 negated; ``denied``,
   ``alleged``, ``if``, ``may``). The event is asserted by the speaker of the quotation that holds
   it, else by the subject of the reporting verb above it, else by the outlet.
4. **When and where**: the nearest time expression of the event's own clause, else of its
   sentence, else the publication date (``date_source="article"``); the nearest place of its
   clause (an ``in``/``at`` phrase first), else of its sentence.
5. **Why**: every event carries its sentence and trigger offsets and a ``rule`` naming the lexicon
   entry and the frame (``verbs.v1:resume+CONTACT→040|willing:ready→036``).

The document is not modified; the output depends only on the inputs and the lexicon.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, Protocol

from spacy.tokens import Doc, Span, Token

from storyline.extract import event_arguments as args
from storyline.extract.event_arguments import ActorCoder, ActorRef
from storyline.extract.event_lexicon import EventLexicon, TriggerEntry, load_event_lexicon
from storyline.extract.event_modality import Governance, frame_kind, govern
from storyline.extract.event_places import event_date, event_place
from storyline.extract.event_triggers import Trigger, find_triggers, noun_lemmas
from storyline.records import Event, Place, Quote, TimeExpr

__all__ = [
    "PRODUCER",
    "ActorCoder",
    "ActorRef",
    "CodeInfo",
    "CodebookLookup",
    "EventLexicon",
    "events",
    "load_event_lexicon",
]

PRODUCER = "events.rules.v1"
_TRANSFORM_FRAMES = frozenset({"willing", "commit", "threat", "refuse", "appeal", "demand"})
_COMMISSIVE = frozenset({"willing", "commit", "threat", "refuse", "imminent", "future",
                         "negation"})
_THIRD_PERSON = frozenset({"it", "they", "he", "she", "them", "him", "her"})


class CodeInfo(Protocol):
    """What the coder reads from one codebook entry (``storyline.extract.codebook.CameoCode``)."""

    @property
    def goldstein(self) -> float | None: ...
    @property
    def quad_class(self) -> int | None: ...
    @property
    def plover(self) -> str | None: ...
    @property
    def plover_mode(self) -> str | None: ...


class CodebookLookup(Protocol):
    """The codebook interface the coder needs (``storyline.extract.codebook.Codebook``)."""

    def get(self, code: str) -> CodeInfo | None:
        """Return the entry of a CAMEO code, or None."""
        ...


@dataclass(frozen=True, slots=True)
class _Draft:
    trigger: Trigger
    code: str
    source: ActorRef
    target: ActorRef | None
    gov: Governance
    rule: str


class _Sentence:
    """Per-sentence state while coding (never outlives a call)."""

    def __init__(self, sent: Span, coder: _Coder) -> None:
        self.sent = sent
        self.c = coder
        self.lex = coder.lex

    def actors(self, tok: Token | None, gov: Governance | None = None) -> list[ActorRef]:
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

    def code(self, trig: Trigger) -> list[_Draft]:
        entry = trig.entry
        if entry.code is None:
            return []
        act = self._refined(trig, entry.code)
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
        sources, mutual = self._sources(trig, gov)
        targets = self._targets(trig, gov, mutual)
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
        if trig.noun is not None:
            holders.extend(args.prep_objects(trig.noun, "of"))
        if trig.kind == "noun" and gov.frame is not None:
            holders.append(gov.frame)
        for slot in slots:
            if slot == "between":
                if mutual:
                    return mutual
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
                if found:
                    return found
        if trig.entry.frame in ("deny", "refuse") or gov.frame_kind == "refuse":
            found = self._proposer(trig, gov)
            if found:
                return found
        if trig.obj is not None:
            # "suspend U.S.-Russia engagement": the object's own parties, less the source.
            parts = args.noun_participants(trig.obj)
            toks = list(parts.agents)
            before = trig.obj.doc[trig.obj.left_edge.i - 1] if trig.obj.left_edge.i > 0 else None
            if before is not None and before.dep_ in ("dative", "npadvmod") and \
                    before.head.i == trig.head.i and before.pos_ == "PROPN":
                toks.append(before)  # a prenominal name the parser hung on the verb
            found: list[ActorRef] = []
            for tok in toks:
                refs = [r for span in args.hyphen_parts(tok)
                        for r in [self.c.actor_code(*span)] if r is not None] \
                    if "-" in tok.text.strip("-") else self.actors(tok, gov)
                found.extend(r for r in refs if not self.c.is_place(r) and r not in found)
            if found:
                return found
        if entry.place:
            ref = self.c.place_actor(trig)
            if ref is not None:
                return [ref]
        return []

    def _party(self, tok: Token | None, gov: Governance) -> list[ActorRef]:
        """The actors a target slot holds; for an event noun, the actors that perform it
        ("condemned an attack *by Osgiliath soldiers*"), never its location."""
        if tok is None:
            return []
        if any(lemma in self.lex.nouns for lemma in noun_lemmas(tok)):
            parts = args.noun_participants(tok)
            found: list[ActorRef] = []
            for agent in (*parts.agents, *parts.mutual):
                found.extend(r for r in self.actors(agent, gov) if not self.c.is_place(r))
            return found
        return self.actors(tok, gov)

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
               mutual: list[ActorRef], gov: Governance, rule: str) -> list[_Draft]:
        entry = trig.entry
        out: list[_Draft] = []
        root = code[:2]
        if not sources and len(mutual) > 1:
            sources, targets = mutual, []
        directed = gov.transform in ("appeal", "demand", "threat", "reject") or root in (
            "02", "10", "13")
        reciprocal = entry.reciprocal and not directed
        joint = not targets and len(sources) > 1 and (
            reciprocal or entry.joint or "03" <= root <= "06")
        pairs: list[tuple[ActorRef, ActorRef | None, str]] = []
        if joint:
            pairs = [(s, t, code) for s in sources for t in sources if s is not t]
        else:
            for s in sources:
                for t in targets or [None]:
                    pairs.append((s, t, code))
                    if t is not None and reciprocal:
                        pairs.append((t, s, code))
                    if t is not None and entry.pair is not None and gov.transform is None:
                        pairs.append((t, s, entry.pair))
        for s, t, c in pairs:
            if t is not None and (t.start, t.end) == (s.start, s.end) or (
                    t is not None and s.code is not None and s.code == t.code):
                continue
            out.append(_Draft(trig, c, s, t, gov, rule if c == code else f"{rule}|pair→{c}"))
        return out

    def _rule(self, trig: Trigger, act: str, code: str, gov: Governance) -> str:
        rule = f"{self.lex.verbs_version}:{trig.entry.key}→{act}"
        if trig.kind != "verb":
            rule += f"|{trig.kind}:{trig.head.lemma_.lower()}" if trig.kind != "noun" else "|noun"
        if gov.cues or code != act:
            rule += f"|{gov.frame_kind or 'modality'}:{'+'.join(gov.cues)}→{code}"
        return rule


class _Coder:
    """Per-article state: inputs and lookups (never outlives a call)."""

    def __init__(self, doc: Doc, *, article_id: str, lexicon: EventLexicon,
                 codebook: CodebookLookup, actor_code: ActorCoder, quotes: Sequence[Quote],
                 times: Sequence[TimeExpr], places: Sequence[Place], outlet: str | None,
                 published: date | None) -> None:
        self.doc = doc
        self.article_id = article_id
        self.lex = lexicon
        self.codebook = codebook
        self.actor_code = actor_code
        self.quotes = sorted(quotes, key=lambda q: (q.end - q.start, q.start))
        self.times = sorted(times, key=lambda t: t.start)
        self.places = sorted(places, key=lambda p: p.start)
        self.outlet = outlet
        self.published = published

    def quote_at(self, char: int) -> Quote | None:
        """The shortest quotation (direct or indirect) that holds a character offset."""
        return next((q for q in self.quotes if q.start <= char < q.end), None)

    def is_place(self, ref: ActorRef) -> bool:
        return any(p.start <= ref.start and ref.end <= p.end for p in self.places)

    def place_actor(self, trig: Trigger) -> ActorRef | None:
        place = event_place(trig.head, self.places, noun=trig.noun)
        if place is None:
            return None
        ref = self.actor_code(place.start, place.end)
        return ref or ActorRef(text=place.text, start=place.start, end=place.end,
                               code=place.country, name=place.name)

    def run(self) -> Iterator[Event]:
        for sent in self.doc.sents:
            yield from self._sentence(sent)

    def _sentence(self, sent: Span) -> Iterator[Event]:
        state = _Sentence(sent, self)
        triggers = find_triggers(sent, self.lex)
        drafts: list[_Draft] = []
        framed = [t for t in triggers if t.entry.frame in _TRANSFORM_FRAMES]
        acts = [t for t in triggers if t.entry.frame not in _TRANSFORM_FRAMES]
        for trig in acts:
            drafts.extend(state.code(trig))
        used = {d.gov.frame.i for d in drafts if d.gov.frame is not None}
        for trig in framed:
            if trig.head.i not in used:
                drafts.extend(state.code(trig))
        drafts = _refine_accusations(drafts, self.lex)
        seen: set[tuple[str, int, int, int, int]] = set()
        for draft in drafts:
            t = draft.target
            key = (draft.code, draft.source.start, draft.source.end,
                   t.start if t else -1, t.end if t else -1)
            if key in seen:
                continue
            seen.add(key)
            yield self._event(sent, draft)

    def _event(self, sent: Span, d: _Draft) -> Event:
        words = d.trigger.words
        t_start, t_end = words[0].idx, words[-1].idx + len(words[-1])
        info = self.codebook.get(d.code)
        asserted_by, kind = self._asserter(d)
        when = event_date(d.trigger.head, self.times, sent=sent)
        place = event_place(d.trigger.head, self.places, noun=d.trigger.noun, sent=sent)
        tgt = d.target
        key = "|".join(str(x) for x in (self.article_id, t_start, t_end, d.code, d.source.start,
                                         tgt.start if tgt else "", d.gov.modality))
        return Event(
            id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
            article_id=self.article_id,
            start=sent.start_char,
            end=sent.end_char,
            trigger=self.doc.text[t_start:t_end],
            trigger_start=t_start,
            trigger_end=t_end,
            source=d.source.text,
            source_start=d.source.start,
            source_end=d.source.end,
            source_code=d.source.code,
            target=tgt.text if tgt else None,
            target_start=tgt.start if tgt else None,
            target_end=tgt.end if tgt else None,
            target_code=tgt.code if tgt else None,
            cameo=d.code,
            plover=info.plover if info else None,
            plover_mode=info.plover_mode if info else None,
            goldstein=info.goldstein if info else None,
            quad_class=info.quad_class if info else None,
            modality=d.gov.modality,
            asserted_by=asserted_by,
            asserted_by_kind=kind,
            date=when.date if when else self.published,
            date_granularity=when.granularity if when else ("day" if self.published else None),
            date_source="timex" if when else ("article" if self.published else None),
            place=place,
            rule=d.rule,
            producer=PRODUCER,
        )

    def _asserter(self, d: _Draft) -> tuple[str | None, Literal["outlet", "speaker"] | None]:
        quote = self.quote_at(d.trigger.words[0].idx)
        if quote is not None and (quote.speaker_name or quote.speaker):
            return quote.speaker_name or quote.speaker, "speaker"
        speaker = d.gov.denier if d.gov.modality == "denied" else (
            d.gov.alleger if d.gov.modality == "alleged" else None)
        for verb in (speaker, d.gov.speech):
            if verb is None:
                continue
            subj = args.subject_token(verb) or args.agent_token(verb)
            if subj is None:
                continue
            # The whole subject, appositions included: "UN Special Envoy for Syria Staffan de
            # Mistura" is asserted by the person its name ends with.
            ref = self.actor_code(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge))
            refs = [ref] if ref is not None else args.actors_at(subj, self.actor_code)
            if refs:
                return refs[0].name or refs[0].text, "speaker"
            s, e = args.core_span(subj)
            return args.char_text(subj.doc[s:e]), "speaker"
        return (self.outlet, "outlet") if self.outlet else (None, None)


def _directly_governed(noun: Token, gov: Governance) -> bool:
    """An event noun is coded only as the object of a frame, denial or accusation ("called for
    *sanctions*", "blamed X for an *attack*"), not anywhere below one."""
    head = noun.head
    if head.dep_ in ("prep", "agent") or noun.dep_ == "conj":
        head = head.head
    if head.dep_ == "prep":
        head = head.head
    return any(t is not None and t.i == head.i for t in (gov.frame, gov.denier, gov.alleger))


def _refine_accusations(drafts: list[_Draft], lex: EventLexicon) -> list[_Draft]:
    """An accusation of an attack is 1123, of a war crime 1124 (CAMEO 112x)."""
    alleged = {d.gov.alleger.i: d.code for d in drafts if d.gov.alleger is not None}
    out: list[_Draft] = []
    for d in drafts:
        act = alleged.get(d.trigger.head.i)
        if act is not None and d.trigger.entry.frame == "allege" and d.code == "112":
            better = next((lex.allege_refine[p] for p in (act[:3], act[:2])
                           if p in lex.allege_refine), None)
            if better is not None:
                d = _Draft(d.trigger, better, d.source, d.target, d.gov, f"{d.rule}|alleged→{better}")
        out.append(d)
    return out


def events(
    doc: Doc,
    *,
    article_id: str,
    lexicon: EventLexicon,
    codebook: CodebookLookup,
    actor_code: ActorCoder,
    quotes: Sequence[Quote] = (),
    times: Sequence[TimeExpr] = (),
    places: Sequence[Place] = (),
    outlet: str | None = None,
    published: date | None = None,
) -> Iterator[Event]:
    """Yield the coded events of a parsed article, sentence by sentence.

    Args:
        doc: The article's spaCy document (tagged and parsed; a blank one yields nothing). It is
            not modified.
        article_id: The article's id, copied into every event.
        lexicon: From :func:`load_event_lexicon`.
        codebook: The CAMEO codebook (``storyline.extract.codebook.load_codebook()``): Goldstein
            value, quad class and PLOVER category of each code.
        actor_code: ``actor_code(start, end)`` -> the actor a character span denotes, or None;
            the pipeline builds it from the article's actor mentions
            (:func:`storyline.extract.event_actors.mention_actor_code`).
        quotes: The article's quotations; an event inside one is asserted by its speaker.
        times: The article's time expressions; an event takes the date of the nearest one in
            its clause or sentence.
        places: The article's geocoded places; an event takes the nearest one in its clause or
            sentence.
        outlet: The publisher, who asserts every event not inside a quotation or reported speech.
        published: The publication date, the fallback date (``date_source="article"``).

    Yields:
        :class:`~storyline.records.Event` records in text order, with character offsets into
        ``doc.text``.
    """
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return
    yield from _Coder(doc, article_id=article_id, lexicon=lexicon, codebook=codebook,
                      actor_code=actor_code, quotes=quotes, times=times, places=places,
                      outlet=outlet, published=published).run()
