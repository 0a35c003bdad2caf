"""The composition root: wires the stages together.

``run`` streams inputs through ingest (read → clean → metadata → dates) into the store, one
transaction per batch, then analyses the run's new or changed articles (spaCy → actors, quotes,
time expressions), then re-links the corpus (actors merged across all articles, quote speakers
linked to actors). Each document is isolated, so one bad input never stops a run nor loses stored
work. Rejects are values: counted, stored with the run and returned for the report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from storyline import __version__
from storyline.analyse import Analysers, analyse, link_corpus, load_analysers
from storyline.config import Settings
from storyline.ingest.articles import IngestLexicons, build_article, load_lexicons, resolve_years
from storyline.ingest.readers import read_sources
from storyline.records import (
    Article,
    ArticleAnalysis,
    Rejected,
    RejectReason,
    SourceDocument,
    Stage,
    Story,
)
from storyline.store.sqlite import SqliteStore
from storyline.stories import update_stories

__all__ = ["RunReport", "ingest_documents", "run"]

ProgressCallback = Callable[[str], None]
"""Called with a one-line status (``read 120 · articles 118 · rejected 2``) as work advances."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReport:
    """What one run did.

    Attributes:
        run_id: The run's id in the store.
        read: Documents read (articles + rejects).
        added: Articles new to the store.
        unchanged: Articles already stored (same content hash): re-ingest changes nothing.
        differing: Articles whose id was stored but whose derived values differ (another source's
            metadata, another cleaner version); the stored article is kept, the source recorded.
        article_ids: Ids of this run's articles, in input order, without repeats.
        analysed: Articles (re-)analysed by this run (others were analysed before by the same
            model and rules).
        actors: Actors in the corpus after linking.
        story_ids: Stories this run's articles joined or founded.
        rejected: Every input that did not become an article, with its reason, and every
            article whose analysis failed.
    """

    run_id: str
    read: int
    added: int
    unchanged: int
    differing: int
    article_ids: tuple[str, ...]
    analysed: int
    actors: int
    story_ids: tuple[str, ...]
    rejected: tuple[Rejected, ...]


def ingest_documents(
    items: Iterable[SourceDocument | Rejected],
    *,
    settings: Settings,
    lexicons: IngestLexicons,
) -> Iterator[Article | Rejected]:
    """Turn read documents into articles, isolating each one.

    A bug in a later rule must cost one article, not the run: an unexpected exception while
    building one article becomes a ``Rejected`` with reason ``internal_error`` and the exception
    text, and the stream goes on.

    Args:
        items: What the readers yielded.
        settings: Settings in force.
        lexicons: Cleaning and metadata lexicons, loaded once by the caller.

    Yields:
        An Article or a Rejected per item, in input order.
    """
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        try:
            yield build_article(item, settings=settings.ingest, lexicons=lexicons)
        except Exception as exc:  # noqa: BLE001 - per-document isolation, reported as a reject
            yield Rejected(
                source=item.source,
                stage=Stage.METADATA,
                reason=RejectReason.INTERNAL_ERROR,
                detail=f"{type(exc).__name__}: {exc} (please report this as a bug)",
            )


def _needs_year(article: Article) -> bool:
    """An article whose date evidence lacks only a year, which the corpus may supply."""
    return article.published.value is None and any(
        ev.value is None and ev.granularity is None and ev.kind == "dateline"
        for ev in article.published.evidence
    )


def run(
    paths: Sequence[str],
    *,
    settings: Settings,
    store: SqliteStore,
    stdin: BinaryIO | None = None,
    progress: ProgressCallback | None = None,
    lexicons: IngestLexicons | None = None,
    analysers: Analysers | None = None,
    include_analysis: bool = True,
) -> RunReport:
    """Read, clean and date every input, and store the articles.

    Articles are written in batches of ``settings.store.batch_size``, one transaction each; a crash
    loses at most the batch in flight and never leaves a half-written article. Articles whose
    dateline gives a month and day but no year are held back (they are few) and dated at the end
    from the years of the run's other articles and of the store (``resolve_years``).

    Args:
        paths: Files, folders, or ``-`` for standard input.
        settings: Settings in force.
        store: An open store.
        stdin: Standard input, for ``-``.
        progress: Optional callback after each document.
        lexicons: Ingest lexicons, when the caller already loaded them (loaded here otherwise).
        analysers: The spaCy model and extraction lexicons, when the caller already loaded them.
        include_analysis: Analyse the articles (actors, quotes, times) after ingesting them.

    Returns:
        What the run did.
    """
    run_id = store.start_run(
        version=__version__,
        settings_json=settings.model_dump_json(),
        inputs=list(paths),
        models={},
    )
    lexicons = lexicons if lexicons is not None else load_lexicons()
    read = added = unchanged = differing = 0
    ids: dict[str, None] = {}
    rejects: list[Rejected] = []
    batch: list[Article] = []
    held: list[Article] = []

    def flush(articles: list[Article]) -> None:
        nonlocal added, unchanged, differing
        if not articles:
            return
        result = store.upsert_articles(articles, run_id=run_id)
        added += result.added
        unchanged += result.unchanged
        differing += result.differing
        rejects.extend(result.rejected)
        articles.clear()

    items = read_sources(paths, settings=settings.ingest, stdin=stdin)
    for item in ingest_documents(items, settings=settings, lexicons=lexicons):
        read += 1
        if isinstance(item, Rejected):
            rejects.append(item)
        else:
            ids.setdefault(item.id, None)
            (held if _needs_year(item) else batch).append(item)
            if len(batch) >= settings.store.batch_size:
                flush(batch)
        if progress is not None:
            stored = added + unchanged + differing + len(batch)
            progress(f"read {read:,} · articles {stored:,} · rejected {len(rejects):,}")
    flush(batch)
    if held:
        held_ids = {a.id for a in held}
        context = [a for a in store.dated_articles_sample(limit=1000) if a.id not in held_ids]
        resolved = resolve_years([*held, *context])
        flush([a for a in resolved if a.id in held_ids])
    analysed = 0
    if include_analysis and ids:
        if analysers is None:
            if progress is not None:
                progress("loading the language model…")
            analysers = load_analysers(settings.nlp, settings.events)
        analysed = _analyse_into(
            store,
            list(ids),
            analysers=analysers,
            batch_size=settings.store.batch_size,
            rejects=rejects,
            progress=progress,
        )
    n_actors = 0
    stories: list[Story] = []
    if include_analysis:
        if progress is not None:
            progress("linking actors and speakers across the corpus…")
        links = link_corpus(list(store.all_actor_mentions()), store.quotes(), store.events())
        store.replace_actors(
            links.actors,
            mention_actor_ids=links.mention_actor_ids,
            quote_speaker_ids=links.quote_speaker_ids,
            event_actor_ids=links.event_actor_ids,
        )
        n_actors = len(links.actors)
        stories = update_stories(store, list(ids), progress=progress)
    store.add_rejects(rejects, run_id=run_id)
    counts = {
        "read": read,
        "added": added,
        "unchanged": unchanged,
        "differing": differing,
        "analysed": analysed,
        "actors": n_actors,
        "stories": len(stories),
        "rejected": len(rejects),
    }
    store.finish_run(run_id, counts=counts)
    return RunReport(
        run_id=run_id,
        read=read,
        added=added,
        unchanged=unchanged,
        differing=differing,
        article_ids=tuple(ids),
        analysed=analysed,
        actors=n_actors,
        story_ids=tuple(s.id for s in stories),
        rejected=tuple(rejects),
    )


def _analyse_into(
    store: SqliteStore,
    article_ids: list[str],
    *,
    analysers: Analysers,
    batch_size: int,
    rejects: list[Rejected],
    progress: ProgressCallback | None,
) -> int:
    """Analyse the articles whose stored analysis is missing or stale; return how many."""
    todo = store.analysis_needed(article_ids, dict(analysers.producers))
    done = 0
    pending: list[ArticleAnalysis] = []
    articles = (store.get_article(i) for i in todo)
    for item in analyse(articles, analysers=analysers):
        if isinstance(item, Rejected):
            rejects.append(item)
        else:
            pending.append(item)
            done += 1
            if len(pending) >= batch_size:
                done -= _save_isolated(store, pending, rejects)
                pending.clear()
        if progress is not None:
            progress(f"analysed {done:,} of {len(todo):,} articles")
    if pending:
        done -= _save_isolated(store, pending, rejects)
    return done


def _save_isolated(
    store: SqliteStore, analyses: list[ArticleAnalysis], rejects: list[Rejected]
) -> int:
    """Save a batch in one transaction; if the store refuses it, save each analysis alone.

    The store validates what it writes (unique event ids, offsets, finite numbers) and refuses a
    whole batch for one bad analysis; retrying one by one keeps the good ones, and each refused
    analysis becomes a reject at the store stage. Returns how many were refused.
    """
    try:
        store.save_analyses(analyses)
        return 0
    except ValueError:
        refused = 0
        for analysis in analyses:
            try:
                store.save_analyses([analysis])
            except ValueError as exc:
                refused += 1
                rejects.append(
                    Rejected(
                        source=store.get_article(analysis.article_id).source,
                        stage=Stage.STORE,
                        reason=RejectReason.INTERNAL_ERROR,
                        detail=f"analysis of article {analysis.article_id} not stored: {exc}",
                    )
                )
        return refused


def settings_as_json(settings: Settings) -> str:
    """The settings in force, as indented JSON (for ``storyline config show``)."""
    return json.dumps(json.loads(settings.model_dump_json()), indent=2, sort_keys=True)

