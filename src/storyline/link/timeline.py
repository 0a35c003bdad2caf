"""One timeline per story: dated developments merged across the story's articles.

Candidates are (sentence, date) pairs of two strengths:

* **dated** — a coded event dated by its own time expression, or a sentence that holds a day- or
  month-level time expression and reports something (a past-tense or future-marked verb); or a
  coded event of an undated narrative sentence that inherits the reference time of the dated
  sentence it continues (``date_source == "context"``, see
  :mod:`storyline.extract.narrative_time`);
* **weak** — a coded event dated only by its article's publication date (``date_source ==
  "article"``): the article's own news, or background the text did not date.

Each entry says how its date is known (``date_basis``): ``text`` when a source's own time
expression dates it, ``context`` when only an inherited reference time does, ``report`` when only
the date of the reports that mention it is known (the development happened on or before it).

Candidates are merged greedily, strongest first, in a fixed order (see :func:`_order`), into the
entry they best match (:func:`_matches`): the same day with similar content; a month-level mention
into a day entry of that month only with strong overlap; a weak candidate into an entry dated up to
a week before its article with strong overlap (a development "mentioned in passing"). Duplicates
(``article_id -> duplicate_of``) only add sources to entries that already exist.

Content similarity is rapidfuzz's token-set ratio over content words (see
:func:`storyline.link.timeline_text.similarity`), with at least two shared words, not all of them
"story vocabulary" (words found in most articles of a story of four or more, such as the city's
name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from storyline.link.timeline_text import (
    content_tokens,
    is_report,
    join_names,
    number_claims,
    one_line,
    sentence_spans,
    similarity,
)
from storyline.records import (
    Article,
    DateBasis,
    DateGranularity,
    Event,
    Quote,
    TimeExpr,
    TimelineEntry,
    TimelineSource,
)

__all__ = ["PRODUCER", "build_timeline", "outlet_of"]

PRODUCER = "timeline.rules.v2"

SAME_DAY_SIMILARITY = 60.0
"""Token-set ratio for two same-day candidates to be one development."""
STRONG_SIMILARITY = 80.0
"""For a month-level mention to join a day entry, or a weak candidate a dated entry."""
DATE_DISPUTE_SIMILARITY = 88.0
"""For two outlets' reports on different days (within a month) to be one disputed development."""
MIN_SHARED_WORDS = 2
WEAK_WINDOW = dt.timedelta(days=7)
STORY_VOCABULARY_SHARE = 0.6
_DENIAL_CODES = ("016",)
_CLAIM_CODES = ("111", "112")
_GRAN_RANK: Mapping[str, int] = {"day": 0, "month": 1, "year": 2}
_BASIS_RANK: Mapping[str, int] = {"text": 0, "context": 1, "report": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Candidate:
    article_id: str
    start: int
    end: int
    text: str
    date: dt.date
    granularity: DateGranularity
    basis: DateBasis
    published: dt.date
    outlet: str
    actors: frozenset[str]
    events: tuple[Event, ...]
    words: frozenset[str]

    @property
    def dated(self) -> bool:
        """Dated by its own words or by the sentence it continues (not only by its report)."""
        return self.basis != "report"


@dataclass(slots=True)
class _Entry:
    date: dt.date
    granularity: DateGranularity
    members: list[_Candidate] = field(default_factory=list)
    other_dates: list[_Candidate] = field(default_factory=list)


def outlet_of(article: Article) -> str:
    """Name an article's outlet: outlet, else agency, else ``unknown (<source path>)``."""
    return article.outlet or article.agency or f"unknown ({article.source})"


def build_timeline(
    story_id: str,
    *,
    articles: Sequence[Article],
    events: Sequence[Event],
    times: Sequence[TimeExpr],
    quotes: Sequence[Quote],
    duplicates: Mapping[str, str] | None = None,
) -> list[TimelineEntry]:
    """Merge a story's events, dated statements and reported developments into dated entries.

    Args:
        story_id: The story the entries belong to.
        articles: The story's articles (records of other articles are ignored).
        events: Coded events of those articles (actor ids linked where known).
        times: Time expressions of those articles.
        quotes: Quotes of those articles (their speakers count as the sentence's actors).
        duplicates: ``article_id -> duplicate_of`` for near-duplicate copies: their sentences are
            added as sources of existing entries, never as new entries.

    Returns:
        Entries in date order; the same input always gives the same list.
    """
    duplicates = duplicates or {}
    by_id = {a.id: a for a in articles}
    candidates: list[_Candidate] = []
    mentions: list[_Candidate] = []
    for article in sorted(articles, key=lambda a: a.id):
        found, undated = _candidates(
            article,
            [e for e in events if e.article_id == article.id],
            [t for t in times if t.article_id == article.id],
            [q for q in quotes if q.article_id == article.id],
        )
        candidates.extend(found)
        if article.id not in duplicates:
            mentions.extend(undated)
    story_words = _story_vocabulary(candidates, len(by_id))
    originals = sorted((c for c in candidates if c.article_id not in duplicates), key=_order)
    copies = sorted((c for c in candidates if c.article_id in duplicates), key=_order)
    entries: list[_Entry] = []
    for cand in originals:
        best = _best_entry(cand, entries, story_words)
        if best is None:
            entries.append(_Entry(date=cand.date, granularity=cand.granularity, members=[cand]))
        elif best.date != cand.date and best.granularity == cand.granularity == "day" and (
            cand.dated
        ):
            best.other_dates.append(cand)
        else:
            best.members.append(cand)
    for cand in copies:
        best = _best_entry(cand, entries, story_words, copy_of=duplicates[cand.article_id])
        if best is not None:
            best.members.append(cand)
    _add_mentions(mentions, entries, story_words)
    out = [_finish(story_id, entry) for entry in entries]
    return sorted(out, key=lambda e: (e.date, _GRAN_RANK[e.granularity], e.summary))


# --- Candidates ---------------------------------------------------------------------------------


def _candidates(
    article: Article, events: list[Event], times: list[TimeExpr], quotes: list[Quote]
) -> tuple[list[_Candidate], list[_Candidate]]:
    """The article's candidates, and its other sentences as possible passing mentions (weak,
    without events; see :func:`_add_mentions`)."""
    published = article.published.value
    spans = sentence_spans(article.text)
    outlet = outlet_of(article)
    found: dict[tuple[int, int, dt.date], _Candidate] = {}

    def sentence_of(start: int, end: int) -> tuple[int, int]:
        for s, e in spans:
            if s <= start < e:
                return s, e
        return start, end

    def has_time(s: int, e: int, date: dt.date) -> bool:
        return any(s <= tx.start < e and tx.date == date for tx in times)

    def speakers_in(s: int, e: int) -> frozenset[str]:
        return frozenset(
            q.speaker_id for q in quotes
            if q.speaker_id is not None and (
                s <= q.start < e or (q.speaker_start is not None and s <= q.speaker_start < e)
            )
        )

    def add(s: int, e: int, date: dt.date, gran: DateGranularity, basis: DateBasis,
            evs: Sequence[Event]) -> None:
        key = (s, e, date)
        old = found.get(key)
        actors = {a for ev in evs for a in (ev.source_actor, ev.target_actor) if a}
        actors |= speakers_in(s, e)
        if old is not None:
            evs = tuple(old.events) + tuple(ev for ev in evs if ev not in old.events)
            actors |= old.actors
            basis = _best_basis((basis, old.basis))
        text = article.text[s:e]
        found[key] = _Candidate(
            article_id=article.id, start=s, end=e, text=text, date=date, granularity=gran,
            basis=basis, published=published or date, outlet=outlet,
            actors=frozenset(actors), events=tuple(evs), words=content_tokens(text),
        )

    for tx in times:
        if tx.type not in ("DATE", "TIME") or tx.date is None or tx.granularity not in (
            "day", "month"
        ):
            continue
        s, e = sentence_of(tx.start, tx.end)
        if not is_report(article.text[s:e]):
            continue
        date = tx.date
        gran: DateGranularity = "day" if tx.granularity == "day" else "month"
        same = [ev for ev in events if s <= ev.start < e and ev.date is not None
                and ev.date == date]
        add(s, e, date, gran, "text", same)
    for ev in events:
        if ev.date is None or ev.modality in ("hypothetical", "conditional"):
            continue
        s, e = sentence_of(ev.trigger_start, ev.trigger_end)
        # An event keeps its own date only where a time expression in its sentence gives it, or
        # where its undated narrative sentence inherits one.
        basis: DateBasis = "report"
        if ev.date_source == "timex" and has_time(s, e, ev.date):
            basis = "text"
        elif ev.date_source == "context":
            basis = "context"
        date = ev.date
        if ev.date_source == "timex" and basis == "report" and published is not None:
            date = published
        gran = ev.date_granularity or "day"
        if basis == "report" and (s, e, date) not in found:
            # A sentence dated by its own time expression keeps that date; the event joins it.
            dates = sorted(k[2] for k in found if k[:2] == (s, e))
            if dates:
                date, gran = dates[0], found[(s, e, dates[0])].granularity
                basis = "text"
        add(s, e, date, gran, basis, [ev])
    if published is None:
        return list(found.values()), []
    taken = {k[:2] for k in found}
    mentions = []
    for s, e in spans:
        text = article.text[s:e]
        if (s, e) in taken or not is_report(text):
            continue
        mentions.append(_Candidate(
            article_id=article.id, start=s, end=e, text=text, date=published, granularity="day",
            basis="report", published=published, outlet=outlet,
            actors=speakers_in(s, e), events=(), words=content_tokens(text),
        ))
    return list(found.values()), mentions


def _add_mentions(mentions: Sequence[_Candidate], entries: Sequence[_Entry],
                  story_words: frozenset[str]) -> None:
    """Add undated sentences that restate another article's entry as its sources.

    A sentence with no event and no date of its own ("Shoigu said earlier that Moscow and
    Damascus begin a large-scale humanitarian operation in Aleppo") never makes an entry, but
    when it closely restates (:data:`STRONG_SIMILARITY`) an entry of another article dated up to
    :data:`WEAK_WINDOW` before its own publication, it is one more source of that development.
    Entries are looked up by their words, so the cost follows the sentences that share some.
    """
    index: dict[str, set[int]] = {}
    for i, entry in enumerate(entries):
        for member in entry.members:
            for word in member.words - story_words:
                index.setdefault(word, set()).add(i)
    for cand in mentions:
        near = sorted(set().union(*(index.get(w, set()) for w in cand.words - story_words)))
        best: tuple[float, int] | None = None
        for i in near:
            entry = entries[i]
            if not cand.date - WEAK_WINDOW <= entry.date <= cand.date or any(
                    m.article_id == cand.article_id for m in entry.members):
                continue
            score = _score(cand, entry, story_words)
            if score >= STRONG_SIMILARITY and (best is None or (score, -i) > (best[0], -best[1])):
                best = (score, i)
        if best is not None:
            entries[best[1]].members.append(cand)


def _story_vocabulary(candidates: Sequence[_Candidate], n_articles: int) -> frozenset[str]:
    """Words that most of the story's articles use: they say nothing about which development."""
    if n_articles < 4:
        return frozenset()
    per_article: dict[str, set[str]] = {}
    for cand in candidates:
        per_article.setdefault(cand.article_id, set()).update(cand.words)
    counts: dict[str, int] = {}
    for found in per_article.values():
        for word in found:
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= STORY_VOCABULARY_SHARE * n_articles)


# --- Merging ------------------------------------------------------------------------------------


def _order(c: _Candidate) -> tuple[int, int, dt.date, dt.date, str, int]:
    """Dated by text, then by context, then weak; day before month; then by date, publication,
    article and offset."""
    return (_BASIS_RANK[c.basis], _GRAN_RANK[c.granularity], c.date, c.published, c.article_id,
            c.start)


def _score(cand: _Candidate, entry: _Entry, story_words: frozenset[str]) -> float:
    """Best similarity of the candidate to one member of the entry (single link).

    Comparing with each member rather than with the entry's pooled words keeps a growing entry
    from absorbing everything that shares a word or two with one of its sentences.
    """
    best = 0.0
    for member in entry.members:
        if member.article_id == cand.article_id and member.start == cand.start:
            return 100.0
        shared = cand.words & member.words
        if len(shared) >= MIN_SHARED_WORDS and shared - story_words:
            best = max(best, similarity(cand.words, member.words))
    return best


def _matches(cand: _Candidate, entry: _Entry, score: float, *, copy: bool) -> bool:
    same_article = any(m.article_id == cand.article_id for m in entry.members)
    if cand.granularity == entry.granularity and cand.date == entry.date:
        shared_codes = {ev.cameo[:2] for ev in cand.events} & {
            ev.cameo[:2] for m in entry.members for ev in m.events
        }
        shared_actors = cand.actors & frozenset().union(*(m.actors for m in entry.members))
        bonus = 10.0 if shared_codes and shared_actors else 0.0
        return score + bonus >= SAME_DAY_SIMILARITY
    if copy:
        return score >= STRONG_SIMILARITY
    if cand.granularity == "month" and entry.granularity == "day":
        return (entry.date.year, entry.date.month) == (cand.date.year, cand.date.month) and (
            score >= STRONG_SIMILARITY
        )
    if not cand.dated:
        lo = cand.date - WEAK_WINDOW
        return lo <= entry.date <= cand.date and score >= STRONG_SIMILARITY
    if cand.granularity == entry.granularity == "day" and not same_article:
        return abs((cand.date - entry.date).days) <= 31 and score >= DATE_DISPUTE_SIMILARITY
    return False


def _best_entry(
    cand: _Candidate, entries: Sequence[_Entry], story_words: frozenset[str],
    *, copy_of: str | None = None,
) -> _Entry | None:
    best: tuple[float, int] | None = None
    chosen: _Entry | None = None
    for index, entry in enumerate(entries):
        if copy_of is not None and not any(m.article_id == copy_of for m in entry.members):
            continue
        score = _score(cand, entry, story_words)
        if score <= 0.0 or not _matches(cand, entry, score, copy=copy_of is not None):
            continue
        exact = 1 if entry.date == cand.date else 0
        key = (score + 100.0 * exact, -index)
        if best is None or key > best:
            best, chosen = key, entry
    return chosen


# --- Entries ------------------------------------------------------------------------------------


def _summary_key(c: _Candidate) -> tuple[int, int, dt.date, int, str, int]:
    """The best sentence: dated in its own words, most actors and event codes, earliest
    publication, shortest (a complete sentence is guaranteed by the splitter)."""
    informative = len(c.actors) + len({ev.cameo for ev in c.events})
    return (_BASIS_RANK[c.basis], -informative, c.published, len(c.text), c.article_id, c.start)


def _finish(story_id: str, entry: _Entry) -> TimelineEntry:
    members = entry.members + entry.other_dates
    best = min(entry.members, key=_summary_key)
    sources = sorted(
        {(m.article_id, m.start, m.end): m for m in members}.values(),
        key=lambda m: (m.published, m.article_id, m.start),
    )
    timeline_sources = tuple(
        TimelineSource(
            article_id=m.article_id, start=m.start, end=m.end, outlet=m.outlet,
            event_ids=tuple(sorted({ev.id for c in members if (c.article_id, c.start) ==
                                    (m.article_id, m.start) for ev in c.events})),
        )
        for m in sources
    )
    events = [ev for m in members for ev in m.events]
    disagreements = [d for d in (_date_dispute(entry), _number_dispute(members),
                                 _denial_dispute(members)) if d]
    return TimelineEntry(
        story_id=story_id,
        date=entry.date,
        granularity=entry.granularity,
        date_basis=_best_basis(m.basis for m in entry.members),
        summary=one_line(best.text),
        actors=tuple(sorted(frozenset().union(*(m.actors for m in members)))),
        cameo=tuple(sorted({ev.cameo for ev in events})),
        sources=timeline_sources,
        disputed=bool(disagreements),
        disagreement="; ".join(disagreements) or None,
        producer=PRODUCER,
    )


def _best_basis(bases: Iterable[DateBasis]) -> DateBasis:
    """The strongest of some date bases: text, then context, then report."""
    return min(bases, key=lambda b: _BASIS_RANK[b])


def _date_dispute(entry: _Entry) -> str | None:
    if not entry.other_dates:
        return None
    sides: dict[dt.date, set[str]] = {entry.date: {m.outlet for m in entry.members if m.dated}}
    for m in entry.other_dates:
        sides.setdefault(m.date, set()).add(m.outlet)
    parts = [f"{join_names(sorted(who))} date it {day.isoformat()}"
             for day, who in sorted(sides.items()) if who]
    return "dates differ: " + "; ".join(parts)


def _number_dispute(members: Sequence[_Candidate]) -> str | None:
    said: dict[str, dict[str, set[str]]] = {}
    for m in members:
        for unit, number in number_claims(m.text).items():
            said.setdefault(unit, {}).setdefault(number, set()).add(m.outlet)
    parts = []
    for unit, by_number in sorted(said.items()):
        # Different numbers from one outlet are usually different things (two tolls, two days).
        if len(by_number) > 1 and len(set().union(*by_number.values())) > 1:
            parts.append("; ".join(f"{join_names(sorted(who))} says {n} {unit}"
                                   for n, who in sorted(by_number.items())))
    return ("numbers differ: " + "; ".join(parts)) if parts else None


def _denial_dispute(members: Sequence[_Candidate]) -> str | None:
    claims: list[str] = []
    denials: list[str] = []
    for m in members:
        for ev in m.events:
            who = ev.source or "someone"
            if ev.modality == "denied" or ev.cameo.startswith(_DENIAL_CODES):
                denials.append(f"{who} denies it ({m.outlet}: “{ev.trigger}”)")
            elif ev.cameo.startswith(_CLAIM_CODES):
                claims.append(f"{who} claims it ({m.outlet}: “{ev.trigger}”)")
            elif ev.modality == "alleged":
                claimant = ev.asserted_by or who
                claims.append(f"{claimant} claims it ({m.outlet}: “{ev.trigger}”)")
    if not denials:
        return None
    return "claim and denial: " + "; ".join(sorted(set(claims)) + sorted(set(denials)))
