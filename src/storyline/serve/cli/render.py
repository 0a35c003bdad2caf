"""Terminal rendering for the CLI: tables, details and progress, with rich.

Presentation only: every function takes records the library returned and prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.records import (
    Actor,
    ActorMention,
    Article,
    Event,
    Quote,
    Rejected,
    Story,
    TimeExpr,
    TimelineEntry,
)

if TYPE_CHECKING:
    from storyline.compare.outlets import OutletComparison
    from storyline.pipeline import RunReport

__all__ = [
    "actors_table",
    "article_detail",
    "articles_table",
    "comparison_view",
    "event_detail",
    "events_table",
    "mentions_table",
    "progress",
    "quotes_table",
    "rejects_table",
    "run_report",
    "stories_table",
    "timeline_view",
    "times_table",
]


QUOTES_SHOWN = 200
"""The most quotes `storyline run` prints; `storyline quotes` lists them all."""


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
def progress(*, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A progress display for long runs; a no-op callback when disabled."""
    if not enabled:
        yield lambda status: None
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
        yield lambda status: bar.update(task, description=status)


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


def run_report(
    report: RunReport,
    articles: Sequence[Article],
    *,
    actors: Sequence[Actor],
    quotes: Sequence[Quote],
    db: Path,
) -> None:
    """Print what a run found: its articles, actors, quotes, counts, and every reject."""
    console = _console()
    articles_table(articles, title=f"Articles of this run ({len(articles)})")
    if actors:
        people = [a for a in actors if a.kind == "person"]
        actors_table(people, title=f"People in the corpus ({len(people)})", limit=40)
    if quotes:
        names = {a.id: a.name for a in actors}
        shown = quotes[:QUOTES_SHOWN]
        quotes_table(shown, actor_names=names, title=f"Quotes of this run ({len(quotes)})")
        if len(quotes) > len(shown):
            console.print(f"… and {len(quotes) - len(shown):,} more: `storyline quotes`.")
    console.print(
        f"Read {report.read:,} inputs: {report.added:,} new articles, "
        f"{report.unchanged:,} already in the store, "
        + (f"{report.differing:,} stored with other metadata (kept), " if report.differing else "")
        + f"{len(report.rejected):,} rejected; analysed {report.analysed:,}, "
        f"{report.actors:,} actors in the corpus. Store: {escape(str(db))}"
    )
    if report.rejected:
        rejects_table(report.rejected)


def mentions_table(
    mentions: Sequence[ActorMention], *, linked: Mapping[tuple[int, int], str], title: str
) -> None:
    """Print an article's actor mentions with the actor each was linked to."""
    table = Table(title=title)
    table.add_column("as written", overflow="fold", max_width=50)
    table.add_column("form", no_wrap=True)
    table.add_column("actor", no_wrap=True)
    table.add_column("offsets", no_wrap=True)
    for m in mentions:
        table.add_row(
            escape(m.mention.text),
            m.mention.form,
            escape(linked.get((m.mention.start, m.mention.end), m.name)),
            f"{m.mention.start}-{m.mention.end}",
        )
    _console().print(table)


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
        overruled = {(c.kind, c.start, c.end): c for c in p.contradicted}
        seen = {(e.kind, e.start, e.end) for e in p.evidence}
        extra = [c for c in p.contradicted if (c.kind, c.start, c.end) not in seen]
        for item in (*p.evidence, *extra):
            ev_key = (item.kind, item.start, item.end)
            ev = overruled.get(ev_key, item)
            note = escape(ev.note) + (" [red](overruled)[/red]" if ev_key in overruled else "")
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


def _snippet(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def actors_table(actors: Sequence[Actor], *, title: str, limit: int | None = None) -> None:
    """Print actors: name, kind, role, country, sector, code, mentions, other names."""
    table = Table(title=title)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("role", overflow="fold", max_width=40)
    table.add_column("country", no_wrap=True)
    table.add_column("sector", no_wrap=True)
    table.add_column("mentions", justify="right")
    table.add_column("also written", overflow="fold", max_width=40)
    shown = actors if limit is None else actors[:limit]
    for a in shown:
        table.add_row(
            a.id[:8],
            escape(a.name),
            a.kind,
            escape(a.role or "—"),
            a.country or "—",
            a.sector or "—",
            str(len(a.mentions)),
            escape("; ".join(a.aliases[:6]) + (" …" if len(a.aliases) > 6 else "")),
        )
    console = _console()
    console.print(table)
    if limit is not None and len(actors) > limit:
        console.print(f"… and {len(actors) - limit:,} more: `storyline actors` lists them all.")


def quotes_table(
    quotes: Sequence[Quote],
    *,
    actor_names: Mapping[str, str],
    title: str,
) -> None:
    """Print quotes: speaker (resolved actor), how it was attributed, and the words."""
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("article", style="cyan", no_wrap=True, width=8)
    table.add_column("speaker", overflow="fold", width=20)
    table.add_column("as written", overflow="fold", width=18)
    table.add_column("cue", overflow="fold", width=12)
    table.add_column("kind", overflow="fold", width=14)
    table.add_column("quote", overflow="fold", min_width=50, ratio=1)
    for q in quotes:
        speaker = actor_names.get(q.speaker_id or "", q.speaker_name or q.speaker or "?")
        how = "direct" if q.direct else "indirect"
        if q.via:
            how += f" via {q.via}"
        table.add_row(
            q.article_id[:8],
            escape(speaker),
            escape(q.speaker or "—"),
            escape(q.cue or "—"),
            escape(how),
            escape(_snippet(q.text, 240)),
        )
    _console().print(table)


def times_table(times: Sequence[TimeExpr], *, title: str) -> None:
    """Print time expressions with their type, normalised value and offsets."""
    table = Table(title=title)
    table.add_column("text", overflow="fold", max_width=50)
    table.add_column("type", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("offsets", no_wrap=True)
    for t in times:
        table.add_row(
            escape(t.text),
            t.type,
            t.value,
            t.date.isoformat() if t.date else "—",
            f"{t.start}-{t.end}",
        )
    _console().print(table)


def _actor_label(code: str | None, text: str | None, actor: str | None) -> str:
    name = actor or text or "—"
    return f"{name} [{code}]" if code else name


def events_table(events: Sequence[Event], *, actor_names: Mapping[str, str], title: str) -> None:
    """Print coded events: date, source, action, target, modality, who asserts it."""
    table = Table(title=title, show_lines=True, expand=True,
                  caption="date* = the article's date (the sentence gives none); "
                  "date~ = inherited from the dated sentence it continues")
    table.add_column("id", style="cyan", no_wrap=True, width=8)
    table.add_column("date", no_wrap=True, width=11)
    table.add_column("source", overflow="fold", width=22)
    table.add_column("CAMEO", overflow="fold", width=22)
    table.add_column("target", overflow="fold", width=22)
    table.add_column("modality", overflow="fold", width=11)
    table.add_column("asserted by", overflow="fold", width=16)
    table.add_column("trigger", overflow="fold", min_width=14, ratio=1)
    for e in events:
        date = e.date.isoformat() if e.date else "—"
        if e.date and e.date_granularity == "month":
            date = date[:7]
        if e.date_source == "article":
            date += "*"
        elif e.date_source == "context":
            date += "~"
        table.add_row(
            e.id[:8],
            date,
            escape(_actor_label(e.source_code, e.source, actor_names.get(e.source_actor or ""))),
            escape(f"{e.cameo} {e.plover or ''}".strip()),
            escape(_actor_label(e.target_code, e.target, actor_names.get(e.target_actor or ""))),
            e.modality,
            escape(e.asserted_by or "—"),
            escape(e.trigger),
        )
    console = _console()
    console.print(table)
    console.print("* date of the article (the sentence gives no date of its own)")


def event_detail(
    event: Event,
    *,
    article: Article,
    actor_names: Mapping[str, str],
    cameo_name: str | None,
) -> None:
    """Print everything that explains one event: sentence, trigger, actors, rule, date, place."""
    console = _console()
    console.rule(f"[bold]event {event.id}")
    sentence = article.text[event.start : event.end]
    source = _actor_label(
        event.source_code, event.source, actor_names.get(event.source_actor or "")
    )
    target = _actor_label(
        event.target_code, event.target, actor_names.get(event.target_actor or "")
    )
    rows = [
        ("article", f"{article.id}  {article.title or ''}"),
        ("outlet", _outlet(article)),
        ("sentence", f"{sentence}  [{event.start}-{event.end}]"),
        ("trigger", f"{event.trigger}  [{event.trigger_start}-{event.trigger_end}]"),
        ("source", f"{source}  [{event.source_start}-{event.source_end}]"),
        ("target", f"{target}  [{event.target_start}-{event.target_end}]"),
        ("CAMEO", f"{event.cameo} {cameo_name or ''}"),
        (
            "PLOVER",
            f"{event.plover or '—'}{' / ' + event.plover_mode if event.plover_mode else ''}",
        ),
        ("Goldstein", f"{event.goldstein}" if event.goldstein is not None else "—"),
        ("quad class", str(event.quad_class or "—")),
        ("modality", event.modality),
        ("asserted by", f"{event.asserted_by or '—'} ({event.asserted_by_kind or '—'})"),
        (
            "date",
            f"{event.date.isoformat() if event.date else '—'} "
            f"({event.date_granularity or '—'}, from {event.date_source or '—'})",
        ),
        (
            "place",
            f"{event.place.name}, {event.place.country} ({event.place.lat}, {event.place.lon})"
            if event.place
            else "—",
        ),
        ("rule", event.rule),
        ("producer", event.producer),
    ]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in rows:
        grid.add_row(key, escape(value))
    console.print(grid)


def stories_table(stories: Sequence[Story], *, title: str) -> None:
    """Print stories: id, title, number of articles, summary."""
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("id", style="cyan", no_wrap=True, width=10)
    table.add_column("title", overflow="fold", width=40)
    table.add_column("articles", justify="right", width=8)
    table.add_column("summary", overflow="fold", min_width=40, ratio=1)
    for s in stories:
        table.add_row(
            s.id[:10], escape(s.title), str(len(s.article_ids)), escape(_snippet(s.summary, 400))
        )
    _console().print(table)


_BASIS_NOTES = {"context": "from context", "report": "by report"}


def _entry_date(entry: TimelineEntry) -> str:
    if entry.granularity == "month":
        day = entry.date.strftime("%Y-%m")
    elif entry.granularity == "year":
        day = entry.date.strftime("%Y")
    else:
        day = entry.date.isoformat()
    note = _BASIS_NOTES.get(entry.date_basis or "")
    return f"{day}\n[dim]{note}[/dim]" if note else day


def timeline_view(
    story: Story,
    entries: Sequence[TimelineEntry],
    *,
    outlets: Mapping[str, str],
) -> None:
    """Print a story's timeline: date, summary, sources (outlets), codes, disputes."""
    table = Table(
        title=f"Timeline: {escape(story.title)} ({len(entries)} entries)", expand=True,
        caption="by report: no source dates it; it happened on or before the date of the reports."
        " from context: the undated sentence continues a dated one.",
    )
    table.add_column("date", no_wrap=True, width=12)
    table.add_column("what happened", overflow="fold", min_width=50, ratio=1)
    table.add_column("sources", overflow="fold", width=26)
    table.add_column("CAMEO", overflow="fold", width=10)
    for e in entries:
        names = sorted({outlets.get(s.article_id, s.article_id[:8]) for s in e.sources})
        summary = escape(_snippet(e.summary, 300))
        if e.disputed:
            summary += f"\n[yellow]disputed: {escape(e.disagreement or '')}[/yellow]"
        table.add_row(
            _entry_date(e),
            summary,
            escape(f"{len(e.sources)} sentence(s): " + ", ".join(names)),
            escape(" ".join(e.cameo[:4])),
        )
    _console().print(table)


def comparison_view(comparison: OutletComparison) -> None:
    """Print how the outlets of one story differ: coverage, voices, terms, claims and denials."""
    console = _console()
    outlets = comparison.outlets
    table = Table(title="Coverage: which outlet reports which development", expand=True)
    table.add_column("date", no_wrap=True, width=10)
    table.add_column("development", overflow="fold", ratio=1)
    for name in outlets:
        table.add_column(escape(name), justify="center", width=max(6, min(len(name), 14)))
    for row in comparison.coverage:
        marks = ["●" if o in row.outlets else "" for o in outlets]
        table.add_row(row.date.isoformat(), escape(_snippet(row.summary, 120)), *marks)
    console.print(table)
    voices = Table(title="Whom each outlet quotes")
    voices.add_column("outlet")
    voices.add_column("voices (quotes)", overflow="fold")
    for v in comparison.voices:
        voices.add_row(escape(v.outlet), escape(", ".join(f"{n} ({c})" for n, c in v.voices)))
    console.print(voices)
    if comparison.terms:
        terms = Table(title="What each outlet calls the same actor")
        terms.add_column("actor")
        terms.add_column("outlet")
        terms.add_column("names and descriptions", overflow="fold")
        for actor in comparison.terms:
            for t in actor.by_outlet:
                words = ", ".join(f"{w} ({c})" for w, c in (*t.forms, *t.descriptors))
                terms.add_row(escape(actor.name), escape(t.outlet), escape(words))
        console.print(terms)
    if comparison.labels:
        labels = Table(title="Labels for the parties")
        labels.add_column("outlet")
        labels.add_column("label")
        labels.add_column("uses", justify="right")
        labels.add_column("as in", overflow="fold")
        for lab in comparison.labels:
            phrases = ", ".join(p for p, _ in lab.phrases[:4])
            labels.add_row(escape(lab.outlet), lab.label, str(lab.count), escape(phrases))
        console.print(labels)
    if comparison.disputes:
        disputes = Table(title="Claims and denials")
        disputes.add_column("date", no_wrap=True)
        disputes.add_column("what", overflow="fold")
        disputes.add_column("who says what", overflow="fold")
        for d in comparison.disputes:
            disputes.add_row(d.date.isoformat(), escape(d.summary), escape(d.disagreement))
        console.print(disputes)
