"""Time expressions: TIMEX3-style tagging and normalisation anchored on the publication date.

:func:`times` tags dates, times, durations and sets with a regular grammar over the text
(:mod:`storyline.extract.timex_grammar`), filters and joins the candidates with what the spaCy
parse says (a modal ``May`` is no month, ``daily`` before a noun is no frequency), reads the tense
of each expression's governing verb, and normalises each one against the anchor
(:mod:`storyline.extract.timex_normalise`). It never reads the clock: the anchor is an input.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.extract.timex_grammar import Candidate, find_candidates
from storyline.extract.timex_lexicon import TimexLexicon, load_timex_lexicon
from storyline.extract.timex_normalise import Context, Resolved, Tense, normalise
from storyline.records import TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "PRODUCER", "TimexLexicon", "load_timex_lexicon", "tense_of", "times", "verb_tense",
]

PRODUCER = "times.rules.v1"

_DAYLIKE = frozenset({"date_mdy", "date_dmy", "weekday", "day_word", "ordinal_day",
                      "numeric_iso", "numeric_dmy", "numeric_mdy"})
_CLOCK = frozenset({"time", "day_time"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "’ll"})
def tense_of(doc: Doc, start: int, end: int, *,
             deferral_verbs: frozenset[str] = frozenset()) -> Tense | None:
    """Return the tense of the clause a character span is in, from the spaCy parse.

    The governing verb is found by climbing the dependency tree from the span's root. Past:
    the verb is VBD, or a VBN with ``has``/``had`` or no auxiliary, or has a past auxiliary.
    Future: a ``will``/``shall`` auxiliary, or ``going to``. Present: VBZ/VBP. An infinitive
    takes the tense of the verb it depends on.

    The tense of a deferral (``was postponed until Saturday``, ``extended till Friday``) says
    when the deferring happened, not where the new date lies, so it is not used there.

    Args:
        doc: A parsed document (without a parse the answer is always None).
        start, end: Character offsets of the expression.
        deferral_verbs: Lemmas of verbs that move an event (``postpone``, ``extend``).

    Returns:
        ``past``, ``present``, ``future``, or None when it cannot be told.
    """
    if not doc.has_annotation("DEP") or not doc.has_annotation("TAG"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok: Token = span.root
    for _ in range(12):
        if tok.lower_ in ("until", "till", "to") and tok.dep_ == "prep" and \
                tok.head.lemma_.lower() in deferral_verbs:
            return None
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            if tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and tok.head.tag_ == "VBG":
                return "future"
            if any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
                # An infinitive ("plans to meet Friday", "the program to run through June")
                # is mostly ahead of the verb it hangs from: neither past nor future is safe.
                return None
            tense = verb_tense(tok)
            if tense is not None or tok.head is tok:
                return tense
            # A bare verb (a participle clause, a conjunct) takes the tense of its head.
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _reported_in_past(verb: Token) -> bool:
    """True when a clause hangs from a past-tense verb (``said that …``, ``announced …``)."""
    tok = verb
    for _ in range(4):
        if tok.dep_ not in ("ccomp", "advcl", "conj", "xcomp") or tok.head is tok:
            return False
        tok = tok.head
        if tok.tag_ == "VBD":
            return True
    return False


def verb_tense(verb: Token) -> Tense | None:
    """The tense of one verb from its tag and auxiliaries (``past``, ``present``, ``future``),
    or None when it cannot be told safely (a modal "would" under a past report, a bare
    participle complement)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "future"
    if any(a.tag_ == "MD" for a in auxes):
        # "may be signed on September 12", "could meet Friday": modals look ahead, unless
        # perfect ("could have led").
        if "have" in words:
            return "past"
        if "would" in words and _reported_in_past(verb):
            # Future in the past ("said that from August 11 operations would be paused"): ahead
            # of the reporting, not of the article, so neither past nor future is safe.
            return None
        return "future"
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        if any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in auxes):
            # The present perfect does not take a definite past time ("has been postponed
            # until Saturday"): the expression is not a past one.
            return "present"
        if any(a.lemma_ == "have" for a in auxes):
            return "past"
        if not auxes and (verb.dep_ in ("acl", "relcl", "ROOT") or verb.head is verb):
            # A reduced relative ("agreements reached in Moscow last week") or a headline.
            return "past"
        if not auxes:
            # A participle complement ("kept markets closed until Friday"): ask its head.
            return None
        if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _keep(cand: Candidate, doc: Doc, text: str, lex: TimexLexicon) -> bool:
    """Reject candidates whose words are not used as time words here."""
    ctx = lex.context
    p = cand.parts
    before = text[max(0, cand.start - 40):cand.start]
    after = text[cand.end:cand.end + 20]
    tagged = doc.has_annotation("TAG")
    if cand.kind == "month":
        tok = _token_at(doc, cand.start + len(text[cand.start:cand.end]) - len(p["month"]))
        if tagged and tok is not None and (tok.tag_ == "MD" or tok.pos_ in ("VERB", "AUX")):
            return False
        if p["month"] in ("May", "MAY") and "pos" not in p and "rel" not in p and \
                not ctx.month_before.search(before):
            return False
    if cand.kind in ("year", "year_short"):
        tok = _token_at(doc, cand.end - 1)
        if tagged and tok is not None:
            # "2000 soldiers" counts; "a 2010 raid" and "the 1991 settlement" are years.
            if tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and \
                    tok.head.lower_ not in lex.unit_plurals and tok.i < tok.head.i:
                return False
            # A number inside a name: "the Russell 2000 Index", "Windows 2000".
            if tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and \
                    doc[tok.i - 1].text not in lex.months and not doc[tok.i - 1].is_sent_start \
                    and tok.i + 1 < len(doc) and doc[tok.i + 1].is_title:
                return False
        # A count, even without a parse: "1500 people", "2000 percent".
        if ctx.count_after.match(after):
            return False
    if cand.kind == "season":
        bare = not ({"rel", "year", "pos"} & set(p))
        written = text[cand.start:cand.end]
        if written.lower().startswith("the ") and "year" not in p and \
                ctx.of_after.match(after):
            return False
        if bare and p["season"][:1].isupper() and ctx.letter_before.search(before):
            return False
        if bare and not written.lower().startswith("the ") and \
                not ctx.season_before.search(before):
            return False
        if bare and p["season"].lower() == "fall" and not written.lower().startswith("the "):
            return False
        if bare and written.lower().startswith("the ") and \
                not ctx.season_prep_before.search(before):
            return False
    if cand.kind == "set_adverb":
        tok = _token_at(doc, cand.start)
        if tagged and tok is not None:
            if tok.pos_ != "ADV":
                return False
        elif ctx.lower_word_after.match(after):
            return False
    if cand.kind in ("duration", "half_duration", "bare_units", "ago") and (
            ctx.age_after.match(after) or ctx.age_before.search(before)):
        return False
    if cand.kind == "duration":
        num = p["num"].lower()
        unit = p["unit"].lower()
        if unit in ("second", "quarter") and num in ("a", "an", "one"):
            return False
        if num in ("some", "many", "few", "several", "numerous", "a number of") and \
                not unit.endswith("s"):
            return False
        if num in ("recent",) and not unit.endswith("s"):
            return False
        if num in ("a", "an") and "dmod" not in p and tagged:
            # "not a day anybody can be prepared for", "it was a week of talks": a noun phrase
            # that names a day, not an amount of time.
            tok = _token_at(doc, cand.end - 1)
            if tok is not None and tok.dep_ in ("attr", "nsubj", "nsubjpass"):
                return False
    if cand.kind == "bare_units" and not ctx.bare_after.match(after) and \
            not ctx.bare_before.search(before):
        return False
    if cand.kind == "weekday" and "rel" not in p and "pos" not in p:
        # Named days are not the weekday they contain: "Black Monday", "Good Friday".
        m = ctx.name_before.search(before)
        if m is not None and m.group(1).lower() in lex.named_day_words:
            return False
    return True


def _is_rate(cand: Candidate, doc: Doc, text: str, prev: Candidate | None,
             lex: TimexLexicon) -> bool:
    """True when ``a day``/``a year`` follows a quantity (``three hours a day``, ``$5 a year``)."""
    if cand.kind != "duration" or cand.parts["num"].lower() not in ("a", "an"):
        return False
    if "dmod" in cand.parts:
        return False
    end = cand.start  # the end of the text before the candidate, without trailing blanks
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if prev is not None and prev.end == end and prev.kind in ("duration", "half_duration"):
        return True
    # Only the last few characters can end in a quantity word; the search starts there.
    if lex.context.rate_before.search(text, max(0, end - 8), end):
        return True
    tok = _token_at(doc, end - 1) if end else None
    return tok is not None and doc.has_annotation("TAG") and tok.tag_ in ("NNS", "CD")


def _prepare(doc: Doc, text: str, lex: TimexLexicon) -> list[Candidate]:
    """Tag, filter, and extend candidates (``the evening of`` + a day; rates become sets)."""
    out: list[Candidate] = []
    prev: Candidate | None = None
    for cand in find_candidates(text, lex.grammar):
        if not _keep(cand, doc, text, lex):
            continue
        if _is_rate(cand, doc, text, prev, lex):
            cand = replace(cand, kind="set", parts={"q": cand.parts["num"],
                                                    "unit": cand.parts["unit"]})
        if cand.kind in _DAYLIKE and "pod" not in cand.parts:
            m = lex.context.pod_of_before.search(text, max(0, cand.start - 30),
                                                         cand.start)
            if m is not None and m.end() == cand.start and (not out or out[-1].end <= m.start()):
                cand = replace(cand, start=m.start(),
                               parts={**cand.parts, "pod": m.group("pod")})
        out.append(cand)
        prev = cand
    return out


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    bounds: list[tuple[int, int]] = []
    pos = 0
    for line in doc.text.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds


def _sentence_of(bounds: list[tuple[int, int]], starts: list[int], char: int) -> int:
    """Index of the sentence holding ``char`` (the end of the last one counts), else -1.

    ``starts`` are the sentences' starts, increasing: only the last sentence starting at or
    before ``char`` can hold it."""
    i = bisect.bisect_right(starts, char) - 1
    if i >= 0:
        s, e = bounds[i]
        if s <= char < e or (char == e and i == len(bounds) - 1):
            return i
    return -1


def times(
    doc: Doc, *, article_id: str, anchor: dt.date | None, lexicon: TimexLexicon
) -> Iterator[TimeExpr]:
    """Yield the time expressions of a document, normalised against the anchor date.

    Args:
        doc: The article's spaCy document (a parsed one gives tense; a blank one still works,
            with every tense unknown). It is not modified.
        article_id: The article's id, copied to every record.
        anchor: The article's publication date; None leaves relative expressions underspecified
            (``XXXX-XX-XX``, ``anchored=False``).
        lexicon: From :func:`load_timex_lexicon`.

    Yields:
        :class:`~storyline.records.TimeExpr` records in text order, with character offsets into
        ``doc.text``.
    """
    text = doc.text
    cands = _prepare(doc, text, lexicon)
    patterns = lexicon.context
    ctx = Context(anchor=anchor)
    items: list[tuple[Candidate, Resolved]] = []
    for cand in cands:
        tense = tense_of(doc, cand.start, cand.end, deferral_verbs=lexicon.deferral_verbs)
        res = normalise(cand, text=text, lex=lexicon, tense=tense, ctx=ctx)
        if res is None:
            continue
        m = patterns.approx_before.search(text, max(0, cand.start - 30), cand.start)
        if m is not None and m.end() == cand.start and res.mod is None and \
                res.type in ("DURATION", "DATE"):
            word = patterns.whitespace.sub(" ", m.group("a").lower())
            res = replace(res, mod=lexicon.approximators[word])
        items.append((cand, res))
    items = _join_clock_and_day(items, text, lexicon)
    bounds: list[tuple[int, int]] | None = None  # the sentences, found when first needed
    for i, (cand, res) in enumerate(items):
        if res.type == "TIME" and res.value.startswith("XXXX-XX-XXT"):
            if bounds is None:
                bounds = _sentence_bounds(doc)
            res = _date_clock(i, items, bounds, anchor)
        yield TimeExpr(article_id=article_id, text=text[cand.start:cand.end], start=cand.start,
                       end=cand.end, type=res.type, value=res.value, date=res.date,
                       granularity=res.granularity, anchored=res.anchored, mod=res.mod,
                       producer=PRODUCER)


def _join_clock_and_day(items: list[tuple[Candidate, Resolved]], text: str,
                        lex: TimexLexicon) -> list[tuple[Candidate, Resolved]]:
    """Join a clock time and a day written next to it (``15:00 GMT Saturday``) into one TIME."""
    out: list[tuple[Candidate, Resolved]] = []
    i = 0
    while i < len(items):
        cand, res = items[i]
        if i + 1 < len(items):
            nxt, nres = items[i + 1]
            gap = text[cand.end:nxt.start]
            pair = None
            if lex.context.blank.fullmatch(gap):
                if cand.kind in _CLOCK and nres.type == "DATE" and nres.granularity == "day":
                    pair = (nres, res)
                elif nxt.kind in _CLOCK and res.type == "DATE" and res.granularity == "day":
                    pair = (res, nres)
            if pair is not None:
                day, clock = pair
                assert day.date is not None
                value = f"{day.date.isoformat()}{clock.value[len('XXXX-XX-XX'):]}"
                joined = Candidate(cand.start, nxt.end, "time", {}, cand.rank)
                out.append((joined, Resolved(type="TIME", value=value, date=day.date,
                                             granularity="day", anchored=day.anchored)))
                i += 2
                continue
        out.append((cand, res))
        i += 1
    return out


def _date_clock(i: int, items: list[tuple[Candidate, Resolved]],
                bounds: list[tuple[int, int]], anchor: dt.date | None) -> Resolved:
    """Give a clock time the date of the nearest day in its sentence, else the anchor."""
    cand, res = items[i]
    starts = [s for s, _ in bounds]
    sent = _sentence_of(bounds, starts, cand.start)
    best: tuple[int, Resolved] | None = None
    for j, (other, ores) in enumerate(items):
        if j == i or ores.date is None or ores.granularity != "day":
            continue
        if _sentence_of(bounds, starts, other.start) != sent:
            continue
        dist = abs(other.start - cand.start)
        if best is None or dist < best[0]:
            best = (dist, ores)
    clock = res.value[len("XXXX-XX-XX"):]
    if best is not None:
        assert best[1].date is not None
        day = best[1].date
        return replace(res, value=f"{day.isoformat()}{clock}", date=day, granularity="day",
                       anchored=best[1].anchored)
    if anchor is not None:
        return replace(res, value=f"{anchor.isoformat()}{clock}", date=anchor,
                       granularity="day", anchored=True)
    return res
