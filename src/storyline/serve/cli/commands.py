"""The commands of the ``storyline`` CLI."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from storyline.config import Settings, load_settings
from storyline.serve.cli import cli, db_option, handle_errors, render

__all__: list[str] = []


def _settings(db: Path | None) -> Settings:
    overrides: dict[str, Any] = {}
    if db is not None:
        overrides["store"] = {"path": db}
    return load_settings(**overrides)


@contextmanager
def _open(settings: Settings) -> Iterator[Any]:
    from storyline.store.sqlite import open_store

    with open_store(settings.store.path) as store:
        yield store


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--analyse/--no-analyse",
    default=True,
    show_default=True,
    help="After ingest, find actors, quotes and time expressions (loads the spaCy model).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when the terminal is interactive).",
)
@handle_errors
def run(paths: tuple[str, ...], db: Path | None, analyse: bool, progress: bool | None) -> None:
    """Ingest and analyse PATHS into the store, then print what was found.

    PATHS are files or folders (read recursively) of .txt, .html, .json, .jsonl, .csv, .warc and
    .warc.gz; '-' reads standard input. Re-running on the same files changes nothing. Inputs that
    cannot be read are listed at the end with the reason; the rest of the run goes on.
    """
    from storyline.pipeline import run as run_pipeline

    settings = _settings(db)
    show_progress = sys.stderr.isatty() if progress is None else progress
    with _open(settings) as store, render.progress(enabled=show_progress) as tick:
        report = run_pipeline(
            list(paths),
            settings=settings,
            store=store,
            stdin=sys.stdin.buffer,
            progress=tick,
            include_analysis=analyse,
        )
        articles = [store.get_article(i) for i in report.article_ids]
        run_ids = set(report.article_ids)
        actors = store.actors() if analyse else []
        quotes = [q for q in store.quotes() if q.article_id in run_ids] if analyse else []
        stories = [store.get_story(i) for i in report.story_ids]
        timelines = [(s, store.timeline(s.id)) for s in stories]
        outlets = _outlets(store)
    render.run_report(report, articles, actors=actors, quotes=quotes, db=settings.store.path)
    if stories:
        render.stories_table(stories, title=f"Stories of this run ({len(stories)})")
        for story, entries in timelines:
            render.timeline_view(story, entries, outlets=outlets)


@cli.command()
@db_option
@handle_errors
def articles(db: Path | None) -> None:
    """List every article in the store: id, title, outlet, dateline, publication date."""
    settings = _settings(db)
    with _open(settings) as store:
        render.articles_table(list(store.articles()), title=f"Articles in {settings.store.path}")


@cli.command()
@click.argument("article_id")
@db_option
@click.option("--text/--no-text", "include_text", default=True, help="Print the cleaned body.")
@handle_errors
def show(article_id: str, db: Path | None, include_text: bool) -> None:
    """Show one article: metadata, date evidence, removed chrome, actors, quotes, times.

    ARTICLE_ID may be a unique prefix of at least 4 characters.
    """
    settings = _settings(db)
    with _open(settings) as store:
        article = store.get_article(article_id)
        analysis = store.analysis(article.id)
        names = {a.id: a.name for a in store.actors()}
    render.article_detail(article, include_text=include_text)
    if analysis is None:
        click.echo("Not analysed yet: run `storyline run` without --no-analyse.")
        return
    linked = {
        (m.mention.start, m.mention.end): names.get(m.mention.actor_id or "", m.name)
        for m in analysis.actor_mentions
    }
    render.mentions_table(analysis.actor_mentions, linked=linked, title="Actor mentions")
    render.quotes_table(analysis.quotes, actor_names=names, title="Quotes")
    render.times_table(analysis.times, title="Time expressions")


@cli.command()
@db_option
@click.option(
    "--kind",
    type=click.Choice(["person", "organization", "country", "group"]),
    default=None,
    help="Only actors of this kind.",
)
@handle_errors
def actors(db: Path | None, kind: str | None) -> None:
    """List the actors of the corpus: people, bodies, countries and groups, with their roles.

    Each actor merges every spelling and title of one entity across all articles; its role,
    country and sector come from what the texts say about it (see `storyline show`).
    """
    settings = _settings(db)
    with _open(settings) as store:
        found = [a for a in store.actors() if kind is None or a.kind == kind]
    render.actors_table(found, title=f"Actors ({len(found)})")


@cli.command()
@db_option
@click.option("--speaker", default=None, help="Only quotes whose speaker's name contains this.")
@click.option("--article", "article_id", default=None, help="Only quotes of this article id.")
@handle_errors
def quotes(db: Path | None, speaker: str | None, article_id: str | None) -> None:
    """List quotations across the corpus with their resolved speakers.

    Direct quotes are the words in quotation marks; indirect ones are reported speech ("X said
    that ..."). The speaker is the merged actor, whatever the article called them ("the
    diplomat", "he").
    """
    settings = _settings(db)
    with _open(settings) as store:
        if article_id is not None:
            article_id = store.get_article(article_id).id
        found = store.quotes(article_id=article_id, speaker=speaker)
        names = {a.id: a.name for a in store.actors()}
    render.quotes_table(found, actor_names=names, title=f"Quotes ({len(found)})")


@cli.command()
@db_option
@click.option("--actor", default=None, help="Only events whose source or target matches this.")
@click.option("--code", default=None, help="Only events whose CAMEO code starts with this (04).")
@click.option(
    "--modality",
    type=click.Choice(
        [
            "asserted",
            "intended",
            "offered",
            "threatened",
            "conditional",
            "denied",
            "alleged",
            "hypothetical",
            "negated",
        ]
    ),
    default=None,
    help="Only events stated with this truth status.",
)
@click.option("--article", "article_id", default=None, help="Only events of this article id.")
@handle_errors
def events(
    db: Path | None,
    actor: str | None,
    code: str | None,
    modality: str | None,
    article_id: str | None,
) -> None:
    """List coded events: who did what to whom, when, with the CAMEO/PLOVER code.

    Each row is one dyadic event (source, action, target) with its truth status ("offered",
    "threatened", "denied"...) and who asserts it (the outlet, or the quoted speaker). Use
    `storyline explain ID` to see the sentence and the rule behind a row.
    """
    settings = _settings(db)
    with _open(settings) as store:
        if article_id is not None:
            article_id = store.get_article(article_id).id
        found = store.events(article_id=article_id, actor=actor, code=code, modality=modality)
        names = {a.id: a.name for a in store.actors()}
    render.events_table(found, actor_names=names, title=f"Events ({len(found)})")


@cli.command()
@click.argument("event_id")
@db_option
@handle_errors
def explain(event_id: str, db: Path | None) -> None:
    """Show the evidence for one event: its sentence, trigger words, actors, rule, date, place.

    EVENT_ID may be a unique prefix of at least 4 characters (the first column of
    `storyline events`).
    """
    from storyline.extract.codebook import load_codebook

    settings = _settings(db)
    with _open(settings) as store:
        event = store.get_event(event_id)
        article = store.get_article(event.article_id)
        names = {a.id: a.name for a in store.actors()}
    entry = load_codebook().get(event.cameo)
    render.event_detail(
        event, article=article, actor_names=names, cameo_name=entry.name if entry else None
    )


def _outlets(store: Any) -> dict[str, str]:
    from storyline.compare.outlets import outlet_of

    return {a.id: outlet_of(a) for a in store.articles()}


@cli.command()
@db_option
@handle_errors
def stories(db: Path | None) -> None:
    """List the stories: clusters of articles about one developing story, newest first.

    Wire copies of one article join its story as extra sources. Story ids never change when
    articles are added.
    """
    settings = _settings(db)
    with _open(settings) as store:
        found = store.stories()
    render.stories_table(found, title=f"Stories ({len(found)})")


@cli.command()
@click.argument("story_id", required=False)
@db_option
@handle_errors
def timeline(story_id: str | None, db: Path | None) -> None:
    """Print the merged timeline of a story (default: every story), with all its sources.

    Each entry is one development, dated as precisely as the texts allow, with every outlet and
    sentence that reports it; where sources disagree (a date, a number, a claim and its denial)
    the entry says who says what.
    """
    settings = _settings(db)
    with _open(settings) as store:
        chosen = [store.get_story(story_id)] if story_id else store.stories()
        timelines = [(s, store.timeline(s.id)) for s in chosen]
        outlets = _outlets(store)
    for story, entries in timelines:
        render.timeline_view(story, entries, outlets=outlets)


@cli.command()
@click.argument("story_id")
@db_option
@handle_errors
def compare(story_id: str, db: Path | None) -> None:
    """Compare the outlets of one story: coverage, voices, terms, claims and denials.

    Shows which outlet reports which timeline entry, whom each outlet quotes, what each calls
    the same actor ("Syrian regime" vs "Syrian government"), and claims one side makes that the
    other denies.
    """
    from storyline.compare.outlets import compare_outlets

    settings = _settings(db)
    with _open(settings) as store:
        story = store.get_story(story_id)
        articles = [store.get_article(i) for i in story.article_ids]
        comparison = compare_outlets(
            story,
            articles=articles,
            timeline=store.timeline(story.id),
            quotes=[q for a in articles for q in store.quotes(article_id=a.id)],
            actors=store.actors(),
            mentions=[
                m
                for m in store.all_actor_mentions()
                if m.mention.article_id in set(story.article_ids)
            ],
        )
    render.comparison_view(comparison)


@cli.command()
@db_option
@handle_errors
def rejected(db: Path | None) -> None:
    """List the inputs that did not become articles, with the reason, across all runs."""
    settings = _settings(db)
    with _open(settings) as store:
        render.rejects_table(store.rejected())


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "gdelt"]),
    default="json",
    show_default=True,
    help="json: one storyline.export/1 document; jsonl: one object per line; gdelt: the GDELT "
    "2.0 event table (61 tab-separated columns, see docs/gdelt-export.md).",
)
@click.option(
    "--header/--no-header",
    default=False,
    help="With --format gdelt: write a first row of column names (GDELT's files have none).",
)
@click.option(
    "--all-modalities",
    is_flag=True,
    default=False,
    help="With --format gdelt: also write events the text says did not happen (negated, "
    "hypothetical, conditional, denied); by default they are left out, as in event data.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@handle_errors
def export(db: Path | None, fmt: str, header: bool, all_modalities: bool,
           output: Path | None) -> None:
    """Export the store as JSON (schema storyline.export/1), JSON Lines, or GDELT event TSV."""
    from storyline.store.export import export_document, iter_jsonl
    from storyline.store.gdelt import export_gdelt

    settings = _settings(db)
    with _open(settings) as store:
        out: TextIO
        with open(output, "w", encoding="utf-8", newline="") if output else _stdout() as out:
            if fmt == "json":
                json.dump(export_document(store), out, ensure_ascii=False, indent=2)
                out.write("\n")
            elif fmt == "jsonl":
                for line in iter_jsonl(store):
                    out.write(line)
                    out.write("\n")
            else:
                export_gdelt(store, out, header=header, all_modalities=all_modalities)


@contextmanager
def _stdout() -> Iterator[TextIO]:
    yield sys.stdout


@cli.group()
def config() -> None:
    """Inspect the settings in force."""


@config.command("show")
@db_option
@handle_errors
def config_show(db: Path | None) -> None:
    """Print the settings in force (defaults < storyline.toml < environment < options)."""
    from storyline.pipeline import settings_as_json

    click.echo(settings_as_json(_settings(db)))
