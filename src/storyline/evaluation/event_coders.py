"""The storyline event coder as the scorers call it: ``coder(sentence, date) -> [CodedEvent]``.

Two coders, both built on :func:`storyline.extract.events.events`:

- :data:`storyline_coder` (the scorers' default, ``DEFAULT_CODER``): actors from storyline's own
  actor extractor and gazetteer, as the pipeline finds them; used on the PLOVER gold-standard
  records, whose actors are real countries and bodies.
- :func:`suite_coder` (``--coder-factory``): actors from a PETRARCH-format actor dictionary, for
  UD-PETRARCH's validation suite, whose actors are fictional and coded with its own toy
  dictionary (read with :func:`storyline.link.actor_dictionary.load_actor_dictionary`).
- :func:`suite_coder_with_verbs`: the same, with storyline's lexicon extended by the suite's own
  verb dictionary (:func:`storyline.extract.verb_dictionary_entries.lexicon_with_dictionaries`).

Both load spaCy, the lexicon and the codebook once, into the coder object, on first use: nothing
is loaded at import time and nothing is cached in the module. The events returned are those that
belong in event data (:attr:`storyline.records.Event.in_event_data`, as in the GDELT export):
intentions, threats and refusals are events with their own codes (as PETRARCH and the GSR code
them), while acts the text says did not happen ("did not clash", "may attack", "denied
attacking") are not; the suite coder returns only events with both a source and a target code
(PETRARCH's dyad requirement).

Run the scorers with::

    python -m storyline.evaluation.plover_gsr
    python -m storyline.evaluation.petrarch_suite \\
        --coder-factory storyline.evaluation.event_coders:suite_coder
    python -m storyline.evaluation.petrarch_suite \\
        --coder-factory storyline.evaluation.event_coders:suite_coder_with_verbs
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.config import NlpSettings
from storyline.evaluation.coded_events import CodedEvent, Coder
from storyline.extract.event_arguments import ActorCoder, ActorRef
from storyline.records import Place

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from storyline.evaluation.petrarch_suite import SuiteDictionaries
    from storyline.extract.codebook import Codebook
    from storyline.extract.event_lexicon import EventLexicon

__all__ = ["StorylineCoder", "storyline_coder", "suite_coder", "suite_coder_with_verbs"]

ActorCoderFactory = Callable[["Doc", dt.date], tuple[ActorCoder, Sequence[Place]]]
"""Builds the ``actor_code`` and the places of one parsed sentence, given its date."""


@dataclass(slots=True)
class _Loaded:
    nlp: Language
    lexicon: EventLexicon
    codebook: Codebook


class StorylineCoder:
    """A coder: ``coder(sentence, date) -> list[CodedEvent]``, loading its models on first use.

    Args:
        actors: Builds the ``actor_code`` and the places of a parsed sentence; None uses
            storyline's actor extractor, gazetteer and geocoder
            (:func:`storyline.extract.event_actors.mention_actor_code`).
        settings: NLP settings (the spaCy model).
        dyads_only: Return only events with both a source and a target code.
        lexicon: The event lexicon to code with (e.g. one extended with a user's verb
            dictionary by :func:`storyline.extract.event_lexicon.extend_lexicon`); None loads
            the built-in one.
    """

    def __init__(self, actors: ActorCoderFactory | None = None, *,
                 settings: NlpSettings | None = None, dyads_only: bool = False,
                 lexicon: EventLexicon | None = None) -> None:
        self._actors = actors
        self._lexicon = lexicon
        self._settings = settings or NlpSettings()
        self._dyads_only = dyads_only
        self._loaded: _Loaded | None = None

    def _load(self) -> _Loaded:
        if self._loaded is None:
            from storyline.extract.codebook import load_codebook
            from storyline.extract.event_lexicon import load_event_lexicon
            from storyline.nlp.model import build_nlp

            lexicon = self._lexicon if self._lexicon is not None else load_event_lexicon()
            self._loaded = _Loaded(nlp=build_nlp(self._settings), lexicon=lexicon,
                                   codebook=load_codebook())
            if self._actors is None:
                self._actors = _gazetteer_actors()
        return self._loaded

    def __call__(self, sentence: str, date: dt.date) -> list[CodedEvent]:
        """Code one sentence.

        Args:
            sentence: The sentence (or short text).
            date: Its reference date (the events' fallback date; dated actor codes use it).

        Returns:
            The coded events, in text order.
        """
        from storyline.extract.events import events

        loaded = self._load()
        assert self._actors is not None
        doc = loaded.nlp(sentence)
        actor_code, places = self._actors(doc, date)
        found = events(doc, article_id="sentence", lexicon=loaded.lexicon,
                       codebook=loaded.codebook, actor_code=actor_code, places=places,
                       published=date)
        out = [CodedEvent.from_event(e) for e in found if e.in_event_data]
        if self._dyads_only:
            out = [e for e in out if e.source_code and e.target_code]
        return out


def _gazetteer_actors() -> ActorCoderFactory:
    from storyline.extract.actor_gazetteer import load_actor_gazetteer
    from storyline.extract.actors import actor_mentions
    from storyline.extract.event_actors import mention_actor_code
    from storyline.extract.place_gazetteer import load_place_gazetteer
    from storyline.extract.places import actor_spans, places
    from storyline.link.actor_codes import mention_code
    from storyline.records import ActorMention

    gazetteer = load_actor_gazetteer()
    place_gazetteer = load_place_gazetteer()

    def build(doc: Doc, date: dt.date) -> tuple[ActorCoder, Sequence[Place]]:
        mentions = list(actor_mentions(doc, article_id="sentence", gazetteer=gazetteer))
        found = list(places(doc, article_id="sentence", gazetteer=place_gazetteer,
                            skip=actor_spans(mentions, gazetteer=place_gazetteer)))
        def code_of(mention: ActorMention) -> str | None:
            # The same actor codes the pipeline uses (link stage: country + role -> RUSGOV).
            return mention_code(mention, dictionary=None, date=date)

        coder = mention_actor_code(mentions, text=doc.text, gazetteer=gazetteer, code_of=code_of)
        return coder, found

    return build


storyline_coder = StorylineCoder()
"""The default coder of the scorers: storyline's own actors. Loads its models on first call."""


def suite_coder(dictionaries: SuiteDictionaries) -> Coder:
    """Build a coder that codes actors with a PETRARCH-format actor and agent dictionary.

    Args:
        dictionaries: The suite's dictionaries (its ``<Environment>`` block).

    Returns:
        The coder; only dyadic events (source and target coded) are returned, as PETRARCH does.
    """
    return _suite_coder(dictionaries, None)


def suite_coder_with_verbs(dictionaries: SuiteDictionaries) -> Coder:
    """Build a coder like :func:`suite_coder` whose verbs come from the suite's verb dictionary too.

    storyline configured as PETRARCH codes, for a like-for-like comparison with UD-PETRARCH: the
    suite's verb dictionary (``dictionaries.verbs``) codes every verb it lists, storyline keeping
    only its grammar (:func:`storyline.extract.verb_dictionary_entries.lexicon_with_dictionaries`
    with ``replace_lemmas``); the future tense codes the act (``future="act"``); and negated acts
    take their negation's code in the suite's coding ontology (``dictionaries.ontology``, PICO).
    The same settings are open to any user: ``events.verb_dictionaries``,
    ``events.verb_dictionaries_replace``, ``events.future_tense``, ``events.coding_ontology``
    (:mod:`storyline.extract.coding_conventions`).

    Args:
        dictionaries: The suite's dictionaries (its ``<Environment>`` block).

    Returns:
        The coder; only dyadic events are returned.

    Raises:
        ConfigError: If the verb dictionary cannot be read.
    """
    from storyline.extract.coding_conventions import with_conventions
    from storyline.extract.event_lexicon import load_event_lexicon
    from storyline.extract.verb_dictionary_entries import lexicon_with_dictionaries

    lexicon, _ = lexicon_with_dictionaries(load_event_lexicon(), [dictionaries.verbs],
                                           replace_lemmas=True)
    lexicon = with_conventions(lexicon, future="act", ontology=dictionaries.ontology)
    return _suite_coder(dictionaries, lexicon)


def _suite_coder(dictionaries: SuiteDictionaries, lexicon: EventLexicon | None) -> Coder:
    from storyline.link.actor_dictionary import dictionary_words, load_actor_dictionary

    dictionary = load_actor_dictionary(dictionaries.actors, agents=dictionaries.agents)

    def build(doc: Doc, date: dt.date) -> tuple[ActorCoder, Sequence[Place]]:
        text = doc.text

        def actor_code(start: int, end: int) -> ActorRef | None:
            code = dictionary.code(dictionary_words(text[start:end]), date)
            if code is None:
                return None
            return ActorRef(text=text[start:end], start=start, end=end, code=code)

        return actor_code, ()

    return StorylineCoder(build, dyads_only=True, lexicon=lexicon)
