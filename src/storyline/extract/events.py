"""Coded political events: who did what to whom, when and where, with CAMEO codes and modality.

:func:`events` reads each sentence of a parsed article (reported speech and quotations included)
and yields dyadic :class:`~storyline.records.Event` records:

1. **Triggers** (:mod:`storyline.extract.event_triggers`) from the versioned lexicon
   (:mod:`storyline.extract.event_lexicon`, ``data/events/verbs.json``): verbs with their
   particles, prepositions and objects ("hold talks" 046, "threaten", "cut ties" 161), light verbs
   over event nouns ("restart consultations"), event nouns that are the subject of a phase verb
   ("the ceasefire came into effect" 0871) or that a frame governs ("called for sanctions").
2. **Actors** (:mod:`storyline.extract.event_arguments`, :mod:`storyline.extract.event_dyads`):
   source from the subject, the passive agent or the controlling verb; target from the entry's
   slots; one event per source-target pair of coordinated actors; reciprocal codes both ways; a
   visit with its host (042/043). Spans
   become actors through the caller's ``actor_code(start, end)``; "I"/"we" inside a quotation are
   its speaker, and "it"/"they" in a reported clause its reporter, where the caller knows no better.
3. **Truth status** (:mod:`storyline.extract.event_modality`): the frame decides the code family
   and the modality (``ready to resume contacts`` -> 036 offered; ``preparing to suspend
   engagement ... unless`` -> 131 threatened; ``won't extend the pause`` -> 1246 negated;
   ``denied``, ``alleged``, ``if``, ``may``). The event is asserted by the speaker of the
   quotation that holds it, else by the subject of the reporting verb above it, else by the
   outlet.
4. **When and where**: the nearest time expression of the event's own clause, else of its
   sentence (``date_source="timex"``), else the reference time an undated narrative sentence
   inherits from the sentence it continues (``"context"``,
   :mod:`storyline.extract.narrative_time`), else the publication date (``"article"``); the
   nearest place of its clause (an ``in``/``at`` phrase first), else of its sentence.
5. **Why**: every event carries its sentence and trigger offsets and a ``rule`` naming the lexicon
   entry and the frame (``verbs.v1:resume+CONTACT→040|willing:ready→036``).

The document is not modified; the output depends only on the inputs and the lexicon.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Literal

from spacy.tokens import Doc, Span

from storyline.extract import event_arguments as args
from storyline.extract.codebook import Codebook
from storyline.extract.event_arguments import ActorCoder, ActorRef
from storyline.extract.event_dyads import Draft, DyadCoder, refine_accusations
from storyline.extract.event_lexicon import EventLexicon, load_event_lexicon
from storyline.extract.event_places import event_date, event_place
from storyline.extract.event_triggers import Trigger, find_triggers
from storyline.extract.narrative_time import narrative_dates
from storyline.records import Event, Place, Quote, TimeExpr

__all__ = [
    "PRODUCER",
    "ActorCoder",
    "ActorRef",
    "EventLexicon",
    "events",
    "load_event_lexicon",
]

PRODUCER = "events.rules.v2"
def _has_target(draft: Draft) -> bool:
    return draft.target is not None and draft.target.code is not None


_TRANSFORM_FRAMES = frozenset({"willing", "commit", "threat", "refuse", "appeal", "demand"})


class _Coder:
    """Per-article state: inputs and lookups (never outlives a call)."""

    def __init__(self, doc: Doc, *, article_id: str, lexicon: EventLexicon,
                 codebook: Codebook, actor_code: ActorCoder, quotes: Sequence[Quote],
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
        self.ids: set[str] = set()
        self.context = narrative_dates(
            doc, self.times,
            is_reporting=lambda t: self.lex.cue("speech", t.lemma_.lower()))

    def quote_at(self, char: int) -> Quote | None:
        """The shortest quotation (direct or indirect) that holds a character offset."""
        return next((q for q in self.quotes if q.start <= char < q.end), None)

    def is_place(self, ref: ActorRef) -> bool:
        """True for a city or region ("*Geneva* negotiations"); a country is an actor too."""
        return any(p.start <= ref.start and ref.end <= p.end and p.feature != "country"
                   for p in self.places)

    def place_actor(self, trig: Trigger) -> ActorRef | None:
        place = event_place(trig.head, self.places, noun=trig.noun or trig.obj, locative=True)
        if place is None:
            return None
        ref = self.actor_code(place.start, place.end)
        return ref or ActorRef(text=place.text, start=place.start, end=place.end,
                               code=place.country, name=place.name)

    def run(self) -> Iterator[Event]:
        for sent in self.doc.sents:
            yield from self._sentence(sent)

    def _sentence(self, sent: Span) -> Iterator[Event]:
        state = DyadCoder(sent, self)
        triggers = find_triggers(sent, self.lex)
        drafts: list[Draft] = []
        framed = [t for t in triggers if t.entry.frame in _TRANSFORM_FRAMES]
        acts = [t for t in triggers if t.entry.frame not in _TRANSFORM_FRAMES]
        for trig in acts:
            drafts.extend(state.code(trig))
        # A frame is coded on its own where no act under it is. Where the act is a that-clause
        # with no target, the frame's own event counts if it has one ("X and Y agreed that
        # disputes should be resolved": the agreement, each with the other, is the dyadic
        # event); an infinitive keeps the act ("agreed to resign": the resignation).
        under = {d.gov.frame.i for d in drafts if d.gov.frame is not None}
        dyadic = {d.gov.frame.i for d in drafts if d.gov.frame is not None and _has_target(d)}
        clause = {d.gov.frame.i for d in drafts if d.gov.frame is not None
                  and d.trigger.head.dep_ == "ccomp" and d.trigger.head.head.i == d.gov.frame.i}
        for trig in framed:
            if trig.head.i in dyadic or (trig.head.i in under and trig.head.i not in clause):
                continue
            own = state.code(trig)
            drafts.extend(own if trig.head.i not in under else [d for d in own if _has_target(d)])
        drafts = refine_accusations(drafts, self.lex)
        seen: set[tuple[str, int, int, int, int]] = set()
        for draft in drafts:
            t = draft.target
            key = (draft.code, draft.source.start, draft.source.end,
                   t.start if t else -1, t.end if t else -1)
            if key in seen:
                continue
            seen.add(key)
            event = self._event(sent, draft)
            # Ids must be unique in the store; two drafts that differ only in what the id does
            # not hash (the frame behind the same modality) are the same event.
            if event.id in self.ids:
                continue
            self.ids.add(event.id)
            yield event

    def _event(self, sent: Span, d: Draft) -> Event:
        words = d.trigger.words
        t_start, t_end = words[0].idx, words[-1].idx + len(words[-1])
        info = self.codebook.get(d.code)
        asserted_by, kind = self._asserter(d)
        when = event_date(d.trigger.head, self.times, sent=sent)
        context = None if when is not None else self.context.get(sent.start_char)
        place = event_place(d.trigger.head, self.places, noun=d.trigger.noun, sent=sent)
        tgt = d.target
        key = "|".join(str(x) for x in (self.article_id, t_start, t_end, d.code, d.source.start,
                                         d.source.end, tgt.start if tgt else "",
                                         tgt.end if tgt else "", d.gov.modality))
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
            date=when.date if when else (context.date if context else self.published),
            date_granularity=(when.granularity if when else context.granularity if context
                              else ("day" if self.published else None)),
            date_source=("timex" if when else "context" if context
                         else ("article" if self.published else None)),
            place=place,
            rule=d.rule,
            producer=PRODUCER,
        )

    def _asserter(self, d: Draft) -> tuple[str | None, Literal["outlet", "speaker"] | None]:
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


def events(
    doc: Doc,
    *,
    article_id: str,
    lexicon: EventLexicon,
    codebook: Codebook,
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
