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

from storyline.config import NlpSettings
from storyline.extract import actors as actors_mod
from storyline.extract import quotes as quotes_mod
from storyline.extract import times as times_mod
from storyline.extract.actor_gazetteer import ActorGazetteer, load_actor_gazetteer
from storyline.extract.quotes import CueLexicon, load_cue_lexicon
from storyline.extract.timex_lexicon import TimexLexicon, load_timex_lexicon
from storyline.link.actors import merge_actors
from storyline.link.quotes import QuoteKey, link_speakers
from storyline.nlp.model import build_nlp, model_version
from storyline.records import (
    Actor,
    ActorMention,
    Article,
    ArticleAnalysis,
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
    cues: CueLexicon
    timex: TimexLexicon
    batch_size: int
    producers: tuple[tuple[str, str], ...]
    """Versioned names of everything that shapes the output, recorded with each analysis."""


def load_analysers(settings: NlpSettings) -> Analysers:
    """Load the spaCy pipeline and the extraction lexicons.

    Raises:
        ModelNotFoundError: If the configured spaCy model is not installed.
    """
    nlp = build_nlp(settings)
    gazetteer = load_actor_gazetteer()
    cues = load_cue_lexicon()
    timex = load_timex_lexicon()
    producers = (
        ("nlp", model_version(nlp)),
        ("actors", f"{actors_mod.PRODUCER}+{gazetteer.version}"),
        ("quotes", f"{quotes_mod.PRODUCER}+{cues.version}"),
        ("times", f"{times_mod.PRODUCER}+{timex.version}"),
    )
    return Analysers(
        nlp=nlp,
        gazetteer=gazetteer,
        cues=cues,
        timex=timex,
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
    return ArticleAnalysis(
        article_id=article.id,
        actor_mentions=mentions,
        quotes=quotes,
        times=times,
        producers=analysers.producers,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusLinks:
    """The corpus-level links: merged actors, each mention's actor, each quote's speaker."""

    actors: tuple[Actor, ...]
    mention_actor_ids: dict[tuple[str, int, int], str]
    quote_speaker_ids: dict[QuoteKey, str | None]


def link_corpus(mentions: Sequence[ActorMention], quotes: Sequence[Quote]) -> CorpusLinks:
    """Merge actor mentions across all articles and link every quote's speaker to an actor.

    Args:
        mentions: Every stored actor mention of the corpus.
        quotes: Every stored quote of the corpus.

    Returns:
        The merged actors and the mention and quote links.
    """
    merged = merge_actors(mentions)
    speaker_ids = link_speakers(
        quotes, mentions=mentions, actor_ids=merged.actor_ids, actors=merged.actors
    )
    return CorpusLinks(
        actors=merged.actors,
        mention_actor_ids=dict(merged.actor_ids),
        quote_speaker_ids=speaker_ids,
    )
