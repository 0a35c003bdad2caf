"""Article metadata found in the text: dateline, credits, title and subtitle, outlet, language.

The cleaner (:mod:`storyline.ingest.clean`) decides which lines are the title, captions and
credits; the functions here read those lines and the dateline, and apply the precedence rules:
the input's metadata first, then what the text says of itself (a dateline tag, an ``X and
Agencies`` credit, a masthead). Attributions inside sentences ("quoted by TASS") are never read
as the outlet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.ingest.datetext import MONTH_PATTERN, find_trailing_stamp
from storyline.ingest.lexicons import AgencyLexicon, LanguageClassifier
from storyline.records import RemovedLine

__all__ = [
    "Attribution",
    "Credit",
    "Dateline",
    "Titles",
    "choose_outlet",
    "choose_titles",
    "detect_language",
    "parse_credit",
    "parse_dateline",
    "photo_credits",
]

Span = tuple[int, int]

_DATE = (rf"(?:{MONTH_PATTERN}\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?"
         rf"|\d{{1,2}}\s+{MONTH_PATTERN}\.?(?:\s+\d{{4}})?)")
_PLACE = r"(?P<place>[A-Z][A-Z'’\-]*[A-Z]\.?(?:[ \-](?:[A-Z][A-Z'’\-]*\.?|de|la|al|el)){0,3})"
_REGION = r"(?:,\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2})?"
# GENEVA, July 29. /TASS/.  |  BEIRUT, Lebanon (Reuters) -  |  MOSCOW –  |  MOSCOW, Oct. 19. The
_DATELINE = re.compile(
    rf"{_PLACE}{_REGION}(?:"
    rf"[,.]\s+(?P<d1>{_DATE})\.?\s*/(?P<t1>[A-Za-z][^/\n]{{0,30}})/\.?"
    rf"|(?:[,.]\s+(?P<d2>{_DATE}))?\s*\((?P<t2>[^()\n]{{2,30}})\)\s*(?:[-–—]+|:)"
    rf"|(?:[,.]\s+(?P<d3>{_DATE}))?\s*[-–—]+(?=\s)"
    rf"|[,.]\s+(?P<d4>{_DATE})\.(?=\s+[\"“A-Z])"
    rf")")
_SMALL_WORDS = frozenset({"de", "la", "al", "el", "upon", "on", "of", "du", "des", "le", "da"})
_CREDIT_PREFIX = re.compile(
    r"^[\s(\[—–-]*(?:(?:photo(?:graph)?s?|images?|pictures?|credits?|source|via|by)\b"
    r"(?:\s+credits?)?\s*[:|-]?\s*)?", re.IGNORECASE)
_AGENCIES_CREDIT = re.compile(
    r"^(?P<outlet>[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,4}?)\s+(?:and|with|&|\+)\s+"
    r"(?:news\s+)?(?:agencies|wires|agency)$", re.IGNORECASE)
_GENERIC_PIECES = frozenset({"agencies", "agency", "wires", "news agencies", "staff", "pool",
                             "handout", "file", "file photo"})
_PERSON = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|el|da)){0,3}$")
_PHOTO_CREDIT = re.compile(
    r"(?:\b(?:photo(?:graph)?s?|images?|pictures?)\s*(?:credits?)?\s*:\s*(?P<c1>[^\n]{2,80}?)"
    r"|\((?P<c2>[^()\n]{2,60})\))\s*[.]?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """A dateline at the start of a story (``GENEVA, July 29. /TASS/.``, ``MOSCOW –``).

    Attributes:
        place: The place in normal case (``Geneva``).
        span: The place as written, in the original text.
        date_span: The date part (``July 29``), where the dateline has one.
        tag: The agency tag as written (``TASS`` from ``/TASS/``, ``AP`` from ``(AP)``).
        agency: The canonical agency name, where the lexicon knows the tag.
        end: Where the dateline ends and the story starts.
    """

    place: str
    span: Span
    date_span: Span | None
    tag: str | None
    agency: str | None
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Credit:
    """What a credit line says: an outlet that also credits agencies, and the agencies named.

    Attributes:
        outlet: ``TRT World`` in ``TRT World and Agencies``.
        agencies: Canonical names of the agencies credited, in order.
        photo: True when the credit is for a picture (``Photo: ...``, ``AP/Jason DeCrow``).
    """

    outlet: str | None
    agencies: tuple[str, ...]
    photo: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Titles:
    """The title and subtitle, with their spans in the original text and where the title came from.

    ``source`` is ``top`` (a title-like line at the top), ``metadata`` (the input's title),
    ``end`` (an end-of-page headline with a date stamp), or ``none``.
    """

    title: str | None
    title_span: Span | None
    subtitle: str | None
    subtitle_span: Span | None
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """The publishing outlet, how it was found, and the wire agency the text credits."""

    outlet: str | None
    evidence: str | None
    agency: str | None


def _normal_case(place: str) -> str:
    def word(w: str, first: bool) -> str:
        if not first and w.lower() in _SMALL_WORDS:
            return w.lower()
        parts = re.split(r"([-'’])", w)
        return "".join(p.capitalize() if i % 2 == 0 else p for i, p in enumerate(parts))

    return " ".join(word(w, i == 0) for i, w in enumerate(place.split()))


def parse_dateline(text: str, start: int, end: int, *, agencies: AgencyLexicon) -> Dateline | None:
    """Parse a dateline at ``text[start:]``: ``GENEVA, July 29. /TASS/.``, ``MOSCOW –``,
    ``WASHINGTON (AP) —``, ``BEIRUT, Lebanon (Reuters) -``.

    The place must be written in capitals; a tag in brackets must be a known agency or one
    capitalised word (``(CNN)``), so that an ordinary sentence is not read as a dateline.

    Args:
        text: The original text.
        start, end: The line or paragraph the dateline may open.
        agencies: The agency lexicon, to name the tag.

    Returns:
        The dateline, or None.
    """
    match = _DATELINE.match(text, start, end)
    if match is None:
        return None
    place = match["place"]
    letters = sum(c.isalpha() for c in place)
    if letters < 3:
        return None
    bare = all(match[g] is None for g in ("t1", "t2", "d3", "d4"))
    if bare and (letters < 4 or not re.match(r"\s+[\"“‘'A-Z]", text[match.end():end])):
        return None  # a bare "NATO - ..." is more often a sentence than a dateline
    tag_group = "t1" if match["t1"] is not None else "t2" if match["t2"] is not None else None
    tag = match[tag_group].strip() if tag_group else None
    agency = agencies.lookup(tag) if tag else None
    if tag_group == "t2" and agency is None and not re.fullmatch(r"[A-Z][\w-]{1,19}", tag or ""):
        return None
    date_group = next((g for g in ("d1", "d2", "d3", "d4") if match[g] is not None), None)
    return Dateline(
        place=_normal_case(place),
        span=(match.start("place"), match.end("place")),
        date_span=(match.start(date_group), match.end(date_group)) if date_group else None,
        tag=tag,
        agency=agency.name if agency else None,
        end=match.end(),
    )


def parse_credit(line: str, *, agencies: AgencyLexicon) -> Credit | None:
    """Read a line made only of credits: ``Reuters``, ``TRT World and Agencies``,
    ``Photo: AP/Jason DeCrow``, ``AFP, Reuters``.

    Args:
        line: One stripped line.
        agencies: The agency lexicon.

    Returns:
        The credit, or None when the line is anything else.
    """
    if len(line) > 120:
        return None
    prefix = _CREDIT_PREFIX.match(line)
    rest = line[prefix.end():] if prefix else line
    photo = bool(prefix and re.search(r"(?i)photo|image|picture", prefix.group(0)))
    rest = rest.strip(" \t()[].—–-")
    if not rest:
        return None
    combined = _AGENCIES_CREDIT.match(rest)
    if combined is not None:
        name = combined["outlet"].strip()
        known = agencies.lookup(name)
        return Credit(outlet=known.name if known else name, agencies=(), photo=photo)
    names: list[str] = []
    generic = False
    pieces = re.split(r"\s*(?:[,;&|+]|\band\b)\s*", rest)
    for piece in pieces:
        parts = [p.strip() for p in piece.split("/")]
        head = agencies.lookup(parts[0])
        if head is None:
            if parts[0].lower() in _GENERIC_PIECES:
                generic = generic or "agenc" in parts[0].lower() or "wire" in parts[0].lower()
                continue
            return None
        names.append(head.name)
        for person in parts[1:]:
            if not _PERSON.match(person) and agencies.lookup(person) is None:
                return None
            photo = True
        photo = photo or head.kind == "photo" or "photo" in parts[0].lower()
    if not names and not generic:
        return None
    return Credit(outlet=None, agencies=tuple(dict.fromkeys(names)), photo=photo)


def photo_credits(line: str, *, agencies: AgencyLexicon) -> tuple[str, ...]:
    """Return the agencies a caption's trailing credit names (``..., photo: AP/Jason DeCrow``).

    Args:
        line: A caption line.
        agencies: The agency lexicon.

    Returns:
        Canonical agency names, possibly none.
    """
    match = _PHOTO_CREDIT.search(line)
    if match is None:
        return ()
    credit = parse_credit(match["c1"] or match["c2"], agencies=agencies)
    return credit.agencies if credit else ()


def choose_titles(text: str, removed: Sequence[RemovedLine], *,
                  meta_title: str | None) -> Titles:
    """Pick the title and subtitle.

    Title: the title line the cleaner found at the top; else the input's metadata title (with its
    span where the text contains it); else an end-of-page headline, without its date stamp.
    Subtitle: the standfirst line the cleaner found between the title and the first paragraph.

    Args:
        text: The original text.
        removed: The cleaner's removed lines (rules ``title``, ``subtitle``, ``title.end``).
        meta_title: The title that came with the input.

    Returns:
        The titles with their spans.
    """
    sub = next((r for r in removed if r.rule == "subtitle"), None)
    subtitle = sub.text if sub else None
    subtitle_span = (sub.start, sub.end) if sub else None
    top = next((r for r in removed if r.rule == "title"), None)
    if top is not None:
        return Titles(title=top.text, title_span=(top.start, top.end), subtitle=subtitle,
                      subtitle_span=subtitle_span, source="top")
    wanted = " ".join((meta_title or "").split())
    if wanted:
        at = text.find(wanted)
        return Titles(title=wanted, title_span=(at, at + len(wanted)) if at >= 0 else None,
                      subtitle=subtitle, subtitle_span=subtitle_span, source="metadata")
    end = next((r for r in removed if r.rule == "title.end"), None)
    if end is not None:
        stamp = find_trailing_stamp(end.text)
        head = (end.text[:stamp[0]] if stamp else end.text).rstrip(" \t,-–—|\u00a0")
        return Titles(title=head, title_span=(end.start, end.start + len(head)),
                      subtitle=subtitle, subtitle_span=subtitle_span, source="end")
    return Titles(title=None, title_span=None, subtitle=subtitle, subtitle_span=subtitle_span,
                  source="none")


def choose_outlet(*, meta_outlet: str | None, dateline: Dateline | None,
                  removed: Sequence[RemovedLine], agencies: AgencyLexicon) -> Attribution:
    """Decide the outlet and the credited wire agency.

    Outlet, first found: the input's metadata; the dateline's agency tag (``/TASS/``, ``(AP)``);
    an ``X and Agencies`` credit line; the masthead name. A bare credit line (``Reuters``) or a
    caption's photo credit (``photo: AP/Jason DeCrow``) credits a picture, not the outlet: it
    sets ``agency`` when it is the only wire agency credited. The dateline tag sets ``agency``
    when the outlet is someone else. Unknown stays None.

    Args:
        meta_outlet: The outlet that came with the input.
        dateline: The dateline, where found.
        removed: The cleaner's removed lines (rules ``credit``, ``caption``, ``masthead``).
        agencies: The agency lexicon.

    Returns:
        The attribution.
    """
    outlet: str | None = None
    evidence: str | None = None
    credits = [(r, parse_credit(r.text, agencies=agencies)) for r in removed
               if r.rule == "credit"]
    if meta_outlet and meta_outlet.strip():
        outlet, evidence = " ".join(meta_outlet.split()), "metadata"
    elif dateline is not None and dateline.tag:
        outlet = dateline.agency or dateline.tag
        evidence = f"dateline tag '{dateline.tag}'"
    else:
        combined = next(((r, c) for r, c in credits if c is not None and c.outlet), None)
        masthead = next((r for r in removed if r.rule == "masthead"), None)
        if combined is not None:
            outlet, evidence = combined[1].outlet, f"credit line '{combined[0].text}'"
        elif masthead is not None:
            outlet, evidence = masthead.text, f"masthead '{masthead.text}'"
    wires: list[str] = []
    for _, credit in credits:
        wires.extend(credit.agencies if credit else ())
    for line in removed:
        if line.rule == "caption":
            wires.extend(photo_credits(line.text, agencies=agencies))
    kinds = {a.name: a.kind for a in agencies.agencies}
    distinct = [w for w in dict.fromkeys(wires) if kinds.get(w) == "wire" and w != outlet]
    agency: str | None = None
    if dateline is not None and dateline.agency and dateline.agency != outlet:
        agency = dateline.agency
    elif len(distinct) == 1:
        agency = distinct[0]
    return Attribution(outlet=outlet, evidence=evidence, agency=agency)


def detect_language(
    text: str, *, classifier: LanguageClassifier
) -> tuple[str | None, float | None]:
    """Name the language of the cleaned body.

    Args:
        text: The cleaned body.
        classifier: The language identifier (py3langid with normalised probabilities).

    Returns:
        ``(ISO 639-1 code, confidence)``; ``(None, None)`` for text without letters, and a None
        code (with the confidence) when the identifier abstains.
    """
    if not any(c.isalpha() for c in text):
        return None, None
    code, confidence = classifier.classify(text)
    return (None if code == "und" else code), round(confidence, 4)
