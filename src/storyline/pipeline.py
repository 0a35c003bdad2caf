"""The composition root: wires the stages together.

``run`` streams inputs through ingest (read → clean → metadata → dates) into the store, one
transaction per batch, isolating each document so that one bad input never stops a run nor loses
stored work. Rejects are values: counted, stored with the run and returned for the report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from storyline import __version__
from storyline.config import Settings
from storyline.ingest.articles import IngestLexicons, build_article, load_lexicons, resolve_years
from storyline.ingest.readers import read_sources
from storyline.records import Article, Rejected, RejectReason, SourceDocument, Stage
from storyline.store.sqlite import SqliteStore

__all__ = ["RunReport", "ingest_documents", "run"]

ProgressCallback = Callable[[int, int, int], None]
"""Called as ``progress(read, stored, rejected)`` after each document."""


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
        rejected: Every input that did not become an article, with its reason.
    """

    run_id: str
    read: int
    added: int
    unchanged: int
    differing: int
    article_ids: tuple[str, ...]
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

    Returns:
        What the run did.
    """
    run_id = store.start_run(
        version=__version__,
        settings_json=settings.model_dump_json(),
        inputs=list(paths),
        models={},
    )
    lexicons = load_lexicons()
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
            progress(read, added + unchanged + differing + len(batch), len(rejects))
    flush(batch)
    if held:
        held_ids = {a.id for a in held}
        context = [a for a in store.dated_articles_sample(limit=1000) if a.id not in held_ids]
        resolved = resolve_years([*held, *context])
        flush([a for a in resolved if a.id in held_ids])
    store.add_rejects(rejects, run_id=run_id)
    counts = {
        "read": read,
        "added": added,
        "unchanged": unchanged,
        "differing": differing,
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
        rejected=tuple(rejects),
    )


def settings_as_json(settings: Settings) -> str:
    """The settings in force, as indented JSON (for ``storyline config show``)."""
    return json.dumps(json.loads(settings.model_dump_json()), indent=2, sort_keys=True)

