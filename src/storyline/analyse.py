"""The analysis stage: articles -> spaCy docs -> actors, quotes and time expressions.

Docs never leave this stage: each article's extraction results become one
:class:`~storyline.records.ArticleAnalysis` of plain records with offsets into the article's cleaned
text and the versioned names of their producers. Then the link stage merges actor mentions across
the corpus and links each quote's speaker to an actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.config import EventsSettings, NlpSettings
from storyline.extract import actors as actors_mod
from storyline.extract import events as events_mod
from storyline.extract import places as places_mod
from storyline.extract import quotes as quotes_mod
from storyline.extract import times as times_mod
from storyline.extract.actor_gazetteer import ActorGazetteer, load_actor_gazetteer
from storyline.extract.codebook import Codebook, load_codebook
from storyline.extract.coding_conventions import with_conventions
from storyline.extract.event_actors import mention_actor_code
from storyline.extract.event_lexicon import EventLexicon, load_event_lexicon
from storyline.extract.place_gazetteer import PlaceGazetteer, load_place_gazetteer
from storyline.extract.quotes import CueLexicon, load_cue_lexicon
from storyline.extract.timex_lexicon import TimexLexicon, load_timex_lexicon
from storyline.extract.verb_dictionary_entries import lexicon_with_dictionaries
from storyline.link.actor_codes import mention_code
from storyline.link.actor_dictionary import ActorDictionary, load_actor_dictionary
from storyline.link.actors import merge_actors
from storyline.link.events import EventKey, link_event_actors
from storyline.link.quotes import QuoteKey, link_speakers
from storyline.nlp.model import build_nlp, model_version
from storyline.records import (
    Actor,
    ActorMention,
    Article,
    ArticleAnalysis,
    Event,
    Quote,
    Rejected,
    RejectReason,
    Stage,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Analysers", "CorpusLinks", "analyse", "link_corpus", "load_analysers"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysers:
    """The loaded model and reference data the analysis needs, loaded once per process."""

    nlp: Language
    gazetteer: ActorGazetteer
    places: PlaceGazetteer
    cues: CueLexicon
    timex: TimexLexicon
    event_lexicon: EventLexicon
    codebook: Codebook
    dictionary: ActorDictionary | None
    batch_size: int
    producers: tuple[tuple[str, str], ...]
    """Versioned names of everything that shapes the output, recorded with each analysis."""


def load_analysers(settings: NlpSettings, events: EventsSettings | None = None) -> Analysers:
    """Load the spaCy pipeline, the extraction lexicons and the event coder's reference data.

    Args:
        settings: The NLP settings (model name, batch size).
        events: Event-coding settings (a user's actor and verb dictionaries), or None for the
            defaults.

    Raises:
        ModelNotFoundError: If the configured spaCy model is not installed.
        ConfigError: If a configured actor or verb dictionary cannot be read.
    """
    events = events if events is not None else EventsSettings()
    nlp = build_nlp(settings)
    gazetteer = load_actor_gazetteer()
    cues = load_cue_lexicon()
    timex = load_timex_lexicon()
    place_gazetteer = load_place_gazetteer()
    event_lexicon = load_event_lexicon()
    if events.verb_dictionaries:
        # The dictionaries' versions become part of the lexicon's, hence of the producer's.
        event_lexicon, _ = lexicon_with_dictionaries(
            event_lexicon, events.verb_dictionaries,
            replace_lemmas=events.verb_dictionaries_replace)
    event_lexicon = with_conventions(event_lexicon, future=events.future_tense,
                                     ontology=events.coding_ontology)
    codebook = load_codebook()
    dictionary = (
        load_actor_dictionary(events.actor_dictionaries, agents=events.agent_dictionaries)
        if events.actor_dictionaries
        else None
    )
    event_producer = f"{events_mod.PRODUCER}+{event_lexicon.version}+{codebook.version}"
    if dictionary is not None:
        event_producer += f"+{dictionary.version}"
    producers = (
        ("nlp", model_version(nlp)),
        ("actors", f"{actors_mod.PRODUCER}+{gazetteer.version}"),
        ("quotes", f"{quotes_mod.PRODUCER}+{cues.version}"),
        ("times", f"{times_mod.PRODUCER}+{timex.version}"),
        ("places", f"{places_mod.PRODUCER}+{place_gazetteer.version}"),
        ("events", event_producer),
    )
    return Analysers(
        nlp=nlp,
        gazetteer=gazetteer,
        places=place_gazetteer,
        cues=cues,
        timex=timex,
        event_lexicon=event_lexicon,
        codebook=codebook,
        dictionary=dictionary,
        batch_size=settings.batch_size,
        producers=producers,
    )


def analyse(
    articles: Iterable[Article], *, analysers: Analysers
) -> Iterator[ArticleAnalysis | Rejected]:
    """Parse each article and extract its actors, quotes and time expressions.

    Each article is isolated: an unexpected error in one extractor costs that article's analysis
    (reported as a ``Rejected`` at the extract stage), never the run. Time expressions are anchored
    on the article's publication date when it is known to the day, never on the clock.

    Args:
        articles: Articles to analyse.
        analysers: From :func:`load_analysers`.

    Yields:
        One ArticleAnalysis or Rejected per article (an article too long to parse is rejected
        as soon as it is met, so it may come before articles read earlier).
    """
    nlp = analysers.nlp
    limit = nlp.max_length

    def parsable() -> Iterator[tuple[str, Article]]:
        for article in articles:
            if len(article.text) < limit:
                yield article.text, article
            else:
                too_long.append(article)

    too_long: list[Article] = []
    for doc, article in nlp.pipe(parsable(), as_tuples=True, batch_size=analysers.batch_size):
        while too_long:
            yield _too_long(too_long.pop(0), limit)
        try:
            yield _extract(doc, article, analysers)
        except Exception as exc:  # noqa: BLE001 - per-article isolation, reported as a reject
            yield Rejected(
                source=article.source,
                stage=Stage.EXTRACT,
                reason=RejectReason.INTERNAL_ERROR,
                detail=f"{type(exc).__name__}: {exc} (article {article.id}; please report this)",
            )
    while too_long:
        yield _too_long(too_long.pop(0), limit)


def _too_long(article: Article, limit: int) -> Rejected:
    return Rejected(
        source=article.source,
        stage=Stage.NLP,
        reason=RejectReason.TOO_LARGE,
        detail=(
            f"article {article.id} has {len(article.text):,} characters, more than the parser's "
            f"limit of {limit:,}; it is stored but not analysed. Split the input into articles."
        ),
    )


def _extract(doc: object, article: Article, analysers: Analysers) -> ArticleAnalysis:
    from spacy.tokens import Doc

    assert isinstance(doc, Doc)
    anchor = article.published.value if article.published.granularity == "day" else None
    mentions = tuple(
        actors_mod.actor_mentions(doc, article_id=article.id, gazetteer=analysers.gazetteer)
    )
    quotes = tuple(quotes_mod.quotes(doc, article_id=article.id, cues=analysers.cues))
    times = tuple(
        times_mod.times(doc, article_id=article.id, anchor=anchor, lexicon=analysers.timex)
    )
    places = tuple(
        places_mod.places(
            doc,
            article_id=article.id,
            gazetteer=analysers.places,
            context_countries=_dateline_countries(article, analysers.places),
            skip=places_mod.actor_spans(mentions, gazetteer=analysers.places),
        )
    )
    dictionary = analysers.dictionary

    def code_of(mention: ActorMention) -> str | None:
        return mention_code(mention, dictionary=dictionary, date=anchor)

    actor_code = mention_actor_code(
        mentions, text=doc.text, gazetteer=analysers.gazetteer, code_of=code_of
    )
    coded = tuple(
        events_mod.events(
            doc,
            article_id=article.id,
            lexicon=analysers.event_lexicon,
            codebook=analysers.codebook,
            actor_code=actor_code,
            quotes=quotes,
            times=times,
            places=places,
            outlet=article.outlet or article.agency,
            published=article.published.value,
        )
    )
    return ArticleAnalysis(
        article_id=article.id,
        actor_mentions=mentions,
        quotes=quotes,
        times=times,
        places=places,
        events=coded,
        producers=analysers.producers,
    )


def _dateline_countries(article: Article, gazetteer: PlaceGazetteer) -> tuple[str, ...]:
    """The country of the article's dateline place, as context for disambiguating places."""
    if not article.dateline:
        return ()
    hits = gazetteer.lookup(article.dateline)
    own = [entry for entry, via_alternate in hits if not via_alternate]
    countries = {entry.country for entry in own if entry.country}
    return tuple(countries) if len(countries) == 1 else ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusLinks:
    """The corpus-level links: merged actors, each mention's actor, each quote's speaker, each
    event's source and target actors."""

    actors: tuple[Actor, ...]
    mention_actor_ids: dict[tuple[str, int, int], str]
    quote_speaker_ids: dict[QuoteKey, str | None]
    event_actor_ids: dict[EventKey, tuple[str | None, str | None]]


def link_corpus(
    mentions: Sequence[ActorMention], quotes: Sequence[Quote], events: Sequence[Event] = ()
) -> CorpusLinks:
    """Merge actor mentions across all articles; link quote speakers and event actors to actors.

    Args:
        mentions: Every stored actor mention of the corpus.
        quotes: Every stored quote of the corpus.
        events: Every stored event of the corpus.

    Returns:
        The merged actors and the mention, quote and event links.
    """
    merged = merge_actors(mentions)
    speaker_ids = link_speakers(
        quotes, mentions=mentions, actor_ids=merged.actor_ids, actors=merged.actors
    )
    event_ids = link_event_actors(events, mentions=mentions, actor_ids=merged.actor_ids)
    return CorpusLinks(
        actors=merged.actors,
        mention_actor_ids=dict(merged.actor_ids),
        quote_speaker_ids=speaker_ids,
        event_actor_ids=event_ids,
    )
