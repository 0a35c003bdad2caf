"""Terminal rendering for the CLI: tables, details and progress, with rich.

Presentation only: every function takes records the library returned and prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.records import Article, Rejected

if TYPE_CHECKING:
    from storyline.pipeline import RunReport

__all__ = ["article_detail", "articles_table", "progress", "rejects_table", "run_report"]


def _console() -> Console:
    # Wide enough that a table of titles is readable when the output is piped to a file.
    return Console(soft_wrap=False, width=None if Console().is_terminal else 160)


def _date(article: Article) -> str:
    p = article.published
    if p.value is None:
        return "unknown"
    if p.granularity == "month":
        return p.value.strftime("%Y-%m")
    if p.granularity == "year":
        return p.value.strftime("%Y")
    return p.value.isoformat()


def _outlet(article: Article) -> str:
    if article.outlet and article.agency and article.agency != article.outlet:
        return f"{article.outlet} ({article.agency})"
    return article.outlet or (f"({article.agency})" if article.agency else "—")


@contextmanager
def progress(*, enabled: bool) -> Iterator[Callable[[int, int, int], None]]:
    """A progress display for long runs; a no-op callback when disabled."""
    if not enabled:
        yield lambda read, stored, rejected: None
        return
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("reading…", total=None)

        def tick(read: int, stored: int, rejected: int) -> None:
            bar.update(
                task,
                description=f"read {read:,} · articles {stored:,} · rejected {rejected:,}",
            )

        yield tick


def articles_table(articles: Sequence[Article], *, title: str) -> None:
    """Print a table of articles: id, title, outlet, dateline place, publication date."""
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title", overflow="fold", max_width=70)
    table.add_column("outlet", no_wrap=True)
    table.add_column("dateline", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("date evidence", overflow="fold", max_width=34)
    for a in articles:
        evidence = a.published.method
        if a.published.contradicted:
            evidence += " (page date overruled)"
        table.add_row(
            a.id[:10],
            escape(a.title or "—"),
            escape(_outlet(a)),
            escape(a.dateline or "—"),
            _date(a),
            f"{evidence}, {a.published.confidence:.2f}",
        )
    _console().print(table)


def rejects_table(rejects: Sequence[Rejected]) -> None:
    """Print the rejected inputs with their reasons, or a line saying there are none."""
    console = _console()
    if not rejects:
        console.print("No rejected inputs.")
        return
    counts = Counter(r.reason.value for r in rejects)
    summary = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    table = Table(title=f"Rejected inputs ({summary})")
    table.add_column("source", overflow="fold", max_width=60)
    table.add_column("stage", no_wrap=True)
    table.add_column("reason", no_wrap=True, style="yellow")
    table.add_column("detail", overflow="fold", max_width=70)
    for r in rejects:
        table.add_row(escape(r.source), r.stage.value, r.reason.value, escape(r.detail))
    console.print(table)


def run_report(report: RunReport, articles: Sequence[Article], *, db: Path) -> None:
    """Print what a run found: its articles, counts, and every reject with its reason."""
    console = _console()
    articles_table(articles, title=f"Articles of this run ({len(articles)})")
    console.print(
        f"Read {report.read:,} inputs: {report.added:,} new articles, "
        f"{report.unchanged:,} already in the store, "
        + (f"{report.differing:,} stored with other metadata (kept), " if report.differing else "")
        + f"{len(report.rejected):,} rejected. "
        f"Store: {escape(str(db))}"
    )
    if report.rejected:
        rejects_table(report.rejected)


def article_detail(article: Article, *, include_text: bool) -> None:
    """Print one article's metadata, date evidence, removed lines and (optionally) body."""
    console = _console()
    p = article.published
    console.rule(f"[bold]{escape(article.title or '(no title)')}")
    rows = [
        ("id", article.id),
        ("source", article.source),
        ("url", article.url or "—"),
        ("subtitle", article.subtitle or "—"),
        ("outlet", f"{_outlet(article)}  [dim]{article.outlet_evidence or ''}[/dim]"),
        ("dateline", article.dateline or "—"),
        ("published", f"{_date(article)}  ({p.method}, confidence {p.confidence:.2f})"),
        ("why", p.explanation or "—"),
        ("language", f"{article.language or '—'}"),
        ("encoding", article.encoding or "—"),
        ("extractor", article.extractor),
    ]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for key, value in rows:
        grid.add_row(key, value if key in {"outlet"} else escape(value))
    console.print(grid)
    if p.evidence or p.contradicted:
        table = Table(title="Date evidence")
        table.add_column("kind")
        table.add_column("text", overflow="fold", max_width=50)
        table.add_column("offsets", no_wrap=True)
        table.add_column("date", no_wrap=True)
        table.add_column("note", overflow="fold", max_width=50)
        contradicted = set(p.contradicted)
        for ev in (*p.evidence, *(c for c in p.contradicted if c not in p.evidence)):
            note = ev.note + (" [red](overruled)[/red]" if ev in contradicted else "")
            table.add_row(
                ev.kind.value,
                escape(ev.text),
                f"{ev.start}-{ev.end}" if ev.start >= 0 else "meta",
                ev.value.isoformat() if ev.value else "—",
                note,
            )
        console.print(table)
    if article.removed:
        table = Table(title="Removed by cleaning")
        table.add_column("rule", no_wrap=True)
        table.add_column("offsets", no_wrap=True)
        table.add_column("text", overflow="fold", max_width=90)
        for line in article.removed:
            table.add_row(line.rule, f"{line.start}-{line.end}", escape(line.text))
        console.print(table)
    if include_text:
        console.rule("text")
        console.print(escape(article.text))
