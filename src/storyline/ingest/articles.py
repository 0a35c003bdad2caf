"""SourceDocument -> Article: cleaning, metadata and publication date, composed.

:func:`build_article` is what the pipeline calls per document; :func:`resolve_years` is the corpus
pass that finishes year-less datelines once a run's articles are known. Lexicons are loaded once
with :func:`load_lexicons` and passed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from storyline.config import IngestSettings
from storyline.ingest.clean import CLEANER, Cleaned, clean
from storyline.ingest.dates import DateSources, infer_published
from storyline.ingest.datetext import WEEKDAYS, calendar_date, parse_month_day
from storyline.ingest.lexicons import IngestLexicons, load_lexicons
from storyline.ingest.metadata import choose_outlet, choose_titles, detect_language
from storyline.records import (
    Article,
    DateEvidence,
    EvidenceKind,
    PublishedDate,
    Rejected,
    RejectReason,
    SourceDocument,
    Stage,
)

__all__ = [
    "IngestLexicons",
    "article_id",
    "build_article",
    "load_lexicons",
    "resolve_years",
]

_ANCHOR_CONFIDENCE = 0.6
"""Articles dated at least this surely by their own evidence anchor the corpus year pass."""
_CORPUS_YEARS = 30


def article_id(text: str) -> str:
    """Return an article's id: the first 16 hex characters of the SHA-256 of its NFC text.

    A content hash, so ingesting the same text again (from any path) gives the same id.

    Args:
        text: The document's original text.

    Returns:
        16 lower-case hex characters.
    """
    normal = unicodedata.normalize("NFC", text)
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _date_sources(doc: SourceDocument, cleaned: Cleaned) -> DateSources:
    def spans(rule: str) -> tuple[tuple[int, int], ...]:
        return tuple((r.start, r.end) for r in cleaned.removed if r.rule == rule)

    page = spans("masthead.date")
    dateline = cleaned.dateline
    return DateSources(
        text=doc.text,
        metadata=doc.meta.published,
        page_header=page[0] if page else None,
        stamps=spans("title.end") + spans("stamp"),
        dateline=dateline.date_span if dateline is not None else None,
        captions=spans("caption"),
        body=cleaned.paragraphs,
        lead=cleaned.paragraphs[0] if cleaned.paragraphs else None,
    )


def build_article(doc: SourceDocument, *, settings: IngestSettings,
                  lexicons: IngestLexicons) -> Article | Rejected:
    """Clean a document and read its metadata and publication date.

    Args:
        doc: What a reader produced.
        settings: Ingest settings (``min_chars``).
        lexicons: Chrome vocabulary, agencies and the language identifier.

    Returns:
        The article, or a ``Rejected`` (stage ``clean``, reason ``no_text``) when the cleaned
        body is shorter than ``settings.min_chars``. The publication date of an article whose
        dateline lacks a year is left for :func:`resolve_years`.
    """
    cleaned = clean(doc.text, lexicons=lexicons, title_hint=doc.meta.title)
    if len(cleaned.text) < settings.min_chars:
        return Rejected(
            source=doc.source, stage=Stage.CLEAN, reason=RejectReason.NO_TEXT,
            detail=f"After cleaning, the body has {len(cleaned.text)} characters, fewer than "
            f"ingest.min_chars={settings.min_chars} ({len(cleaned.removed)} lines removed as "
            "chrome, captions or header). Check the input is an article, or lower "
            "STORYLINE_INGEST__MIN_CHARS.")
    titles = choose_titles(doc.text, cleaned.removed, meta_title=doc.meta.title)
    attribution = choose_outlet(meta_outlet=doc.meta.outlet, dateline=cleaned.dateline,
                                removed=cleaned.removed, agencies=lexicons.agencies)
    language, confidence = detect_language(cleaned.text, classifier=lexicons.language)
    published: PublishedDate = infer_published(_date_sources(doc, cleaned))
    dateline = cleaned.dateline
    return Article(
        id=article_id(doc.text),
        source=doc.source,
        format=doc.format,
        url=doc.meta.url,
        original_text=doc.text,
        text=cleaned.text,
        offsets=cleaned.offsets,
        removed=cleaned.removed,
        title=titles.title,
        title_span=titles.title_span,
        subtitle=titles.subtitle,
        subtitle_span=titles.subtitle_span,
        outlet=attribution.outlet,
        outlet_evidence=attribution.evidence,
        agency=attribution.agency,
        dateline=dateline.place if dateline is not None else None,
        dateline_span=dateline.span if dateline is not None else None,
        published=published,
        language=language,
        language_confidence=confidence,
        encoding=doc.encoding,
        extractor=f"{doc.extractor}+{CLEANER}",
    )


def _pending(article: Article) -> tuple[tuple[int, int], int | None] | None:
    """The dateline month-day and weekday of an article that lacks only a year."""
    if article.published.value is not None and article.published.method != EvidenceKind.CORPUS:
        return None
    for ev in article.published.evidence:
        if ev.kind == EvidenceKind.DATELINE and ev.value is None:
            md = parse_month_day(ev.text)
            if md is not None:
                return md, ev.weekday
    return None


def resolve_years(articles: Sequence[Article]) -> list[Article]:
    """Give year-less datelines the year that fits their weekday and the run's dated articles.

    Anchors are the articles dated with confidence >= 0.6 by their own evidence (not by this
    function). For each article whose dateline lacks only a year, the candidate years are those
    within 30 years of the anchors on which its month-day falls on the lead's weekday (any year
    when the lead names none); the candidate closest in days to an anchor wins, ties going to the
    earlier date. Confidence 0.5 with weekday agreement, 0.3 without. Each result depends only on
    the article and the set of anchors, so input order changes nothing, and running it twice
    gives the same result.

    Args:
        articles: The articles of one run, plus any already-stored ones for context.

    Returns:
        The articles in input order, those completed carrying ``corpus`` evidence.
    """
    anchors = sorted({a.published.value for a in articles
                      if a.published.value is not None
                      and a.published.method != EvidenceKind.CORPUS
                      and a.published.confidence >= _ANCHOR_CONFIDENCE})
    if not anchors:
        return list(articles)
    out: list[Article] = []
    for article in articles:
        pending = _pending(article)
        if pending is None:
            out.append(article)
            continue
        (month, day), weekday = pending
        years = range(anchors[0].year - _CORPUS_YEARS, anchors[-1].year + _CORPUS_YEARS + 1)
        candidates = [d for d in (calendar_date(y, month, day) for y in years)
                      if d is not None and (weekday is None or d.weekday() == weekday)]
        if not candidates:
            out.append(article)
            continue

        def distance(d: dt.date) -> tuple[int, dt.date]:
            return min(abs((d - a).days) for a in anchors), d

        best = min(candidates, key=distance)
        nearest = min(anchors, key=lambda a: (abs((best - a).days), a))
        own = tuple(ev for ev in article.published.evidence if ev.kind != EvidenceKind.CORPUS)
        fit = (f"falls on a {WEEKDAYS[weekday]} as the lead says, and " if weekday is not None
               else "")
        corpus = DateEvidence(kind=EvidenceKind.CORPUS, text="", start=-1, end=-1, value=best,
                              granularity="day",
                              note=f"nearest of {len(anchors)} dated day(s): {nearest}")
        published = PublishedDate(
            value=best, granularity="day", method=str(EvidenceKind.CORPUS),
            confidence=0.5 if weekday is not None else 0.3, evidence=(*own, corpus),
            contradicted=article.published.contradicted,
            explanation=f"The dateline gives {month:02d}-{day:02d} without a year; {best.year} "
            f"{fit}is nearest to the run's dated articles (nearest {nearest.isoformat()}).")
        out.append(replace(article, published=published))
    return out
