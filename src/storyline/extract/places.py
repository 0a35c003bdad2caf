"""Places: place names in an article, geocoded offline with the place gazetteer.

:func:`places` reads one spaCy document and yields a :class:`~storyline.records.Place` for each
place name, with offsets into ``doc.text``, the gazetteer's name, ISO alpha-3 and FIPS country
codes, first-level division, coordinates and GeoNames id.

Which names are places:

1. Names inside spaCy ``GPE``, ``LOC`` and ``FAC`` entities (longest gazetteer name first, so
   ``Moscow, Russia`` gives Moscow and Russia; in a ``FAC`` only a place's own name, so that the
   ``White House`` is not Casablanca, whose English alternate name it is), and ``NORP`` entities
   that are a place name and not a nationality adjective (the small English model often calls
   ``Aleppo`` NORP).
2. A dateline: a capitalised name at the start of a line followed by a comma or a dash
   (``GENEVA, July 29.``, ``MOSCOW –``).
3. A capitalised name outside any entity after a locative preposition (``in Aleppo``) or before a
   ``, Country`` (``Paris, Texas``), by its own name only (never a GeoNames alternate name).
4. Never a person or an organisation: a name spaCy labels ``PERSON`` or ``ORG`` is a place only
   when the whole entity is the name and the text shows a place (a locative preposition, a
   dateline, a ``, Country`` after it, the same name labelled as a place elsewhere in the article,
   or a country's name: the small model calls ``Jordan closed its border`` PERSON). Whatever its
   label, a name the text shows to be a person's (the surname of a multi-word ``PERSON`` in the
   article, or after ``Mr``/``Dr``...) is not a place unless a locative preposition, a dateline or
   a pattern says it is (``Michael Jordan ... Jordan said`` is no country; ``King Abdullah of
   Jordan`` is). Spans the caller passes in ``skip`` (the actor extractor's people, organisations
   and metonyms, see :func:`actor_spans`) are never places.
5. A capital the actor data reads as its government (``Moscow said``, ``Moscow and Damascus
   launched``) is a place only when used as one: after a locative preposition other than ``of``
   (also through a conjunction: ``in Moscow and Geneva``), in a dateline, before ``, Country`` or
   as a modifier (``Moscow time``, ``Geneva-based``). A country name is always a place: a country
   read as its government (``Russia said``) is still true at country level; a capital read as its
   government is not true at city level.

Which place a name is (disambiguation), per name:

1. A ``City, Country`` or ``City, State`` pattern (also ``City, ST`` and ``Country's City``) keeps
   the senses in that country or state (``Paris, Texas``, ``Athens, Georgia``, ``Syria's Aleppo``),
   and the area takes the sense the pattern needs (Georgia the state); the city's sense is kept for
   the name's other mentions in the article (one sense per discourse).
2. Otherwise the highest score wins: the place's prominence (log10 of population plus log10 of its
   number of GeoNames alternate names; countries get a bonus, states and regions a fixed value),
   plus a bonus when its country is named in the article (country names, nationality adjectives,
   ``context_countries`` such as the dateline's country) and another when its state is, minus a
   penalty for a match through an alternate name. Weights are in ``data/places.json``. So
   ``Geneva`` is Geneva, Switzerland even in an article that names the United States (a bonus of
   1 does not make up the 1.7 prominence gap to Geneva, Illinois), while ``Tripoli`` in an article
   about Lebanon is Tripoli, Lebanon.

The extractor is a generator with keyword-only options and does not change its input.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.extract.place_gazetteer import PlaceEntry, PlaceGazetteer, is_acronym, place_key
from storyline.records import ActorMention, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PRODUCER", "actor_spans", "places"]

PRODUCER = "places.rules.v1"

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset({"PERSON", "ORG"})
_LOCATIVE = frozenset({"in", "at", "to", "from", "near", "into", "inside", "outside", "across",
                       "around", "via", "through", "throughout", "within", "toward", "towards",
                       "of", "off", "between", "beyond"})
# Before a capital, "of" more often names the government ("the position of Moscow") than the
# city ("the mayor of Moscow"): it is not evidence of a place there.
_WEAK_FOR_METONYMS = frozenset({"of"})
_SKIPPED_BEFORE = frozenset({"the", "both", "either", "neither", "northern", "southern",
                             "eastern", "western", "central", "besieged"})
_CONJUNCTIONS = frozenset({"and", "or", ",", "&"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "madam", "mister", "prof", "miss"})
_DASHES = frozenset({"-", "–", "—", "--"})
_MODIFIED_NOUNS = frozenset({"time", "talks", "office", "region", "province", "airport",
                             "summit", "meeting", "format", "process", "conference", "street",
                             "based", "area", "suburbs", "outskirts", "countryside", "governorate",
                             "district", "residents", "citizens", "negotiations", "round"})
_PARTICLES = frozenset({"al", "el", "ez", "es", "as", "ad", "an", "ar", "ash", "at", "az", "de",
                        "del", "della", "di", "da", "do", "dos", "das", "du", "la", "le", "les",
                        "of", "on", "upon", "the", "and", "y", "im", "am", "bin", "ibn", "-"})


@dataclass(frozen=True, slots=True)
class _Span:
    """A gazetteer name found in the text, with what the rules read around it."""

    start: int  # token offsets
    end: int
    key: str
    hits: tuple[tuple[PlaceEntry, bool], ...]
    partner: tuple[PlaceEntry, ...]  # the country/state of a "City, Country" pattern
    partner_at: int = -1  # its first token


def actor_spans(mentions: Iterable[ActorMention], *,
                gazetteer: PlaceGazetteer) -> frozenset[tuple[int, int]]:
    """Return the character spans the actor extractor read as not being places.

    Pass the result as ``skip`` to :func:`places`: people, organisations and capitals read as their
    government (``Moscow`` in ``Moscow said``). A country mention is not returned: its name is a
    place whatever it stands for (see the module docstring).

    Args:
        mentions: The article's actor mentions.
        gazetteer: The place gazetteer (to tell a capital from a country name).

    Returns:
        ``(start, end)`` character offsets.
    """
    spans: set[tuple[int, int]] = set()
    for item in mentions:
        m = item.mention
        if m.kind in ("person", "organization", "group") or (
                m.kind == "country" and place_key(m.text) in gazetteer.metonyms):
            spans.add((m.start, m.end))
    return frozenset(spans)


def places(doc: Doc, *, article_id: str, gazetteer: PlaceGazetteer,
           context_countries: Sequence[str] = (),
           skip: Collection[tuple[int, int]] = ()) -> Iterator[Place]:
    """Yield the geocoded places of one document, in text order.

    Args:
        doc: The article's spaCy document (NER gives the most; a ``spacy.blank("en")`` document
            still gets datelines, ``City, Country`` patterns and names after ``in``).
        article_id: The article's id, copied into every record.
        gazetteer: The loaded place gazetteer (:func:`load_place_gazetteer`).
        context_countries: ISO alpha-3 codes that the article is known to be about beyond its
            text (the dateline's country, the outlet's country); they weigh like a country named
            in the text.
        skip: Character spans that are not places whatever their words (see :func:`actor_spans`).

    Yields:
        :class:`~storyline.records.Place` records with offsets into ``doc.text``.
    """
    if len(doc) == 0:
        return
    reader = _Reader(doc, gazetteer, skip)
    found = [s for s in map(reader.place_span, reader.candidates()) if s is not None]
    if not found:
        return
    countries = set(context_countries) | reader.adjective_countries()
    states: set[tuple[str | None, str | None]] = set()
    for span in found:
        top = max(span.hits, key=lambda h: (h[0].prominence - h[1], -h[0].index))[0]
        if top.feature == "country" and top.country:
            countries.add(top.country)
        elif top.feature == "admin1":
            states.add((top.country, top.admin1))
    weights = gazetteer.weights

    def score(hit: tuple[PlaceEntry, bool]) -> tuple[float, int]:
        entry, via_alternate = hit
        value = entry.prominence - weights["alternate_name_penalty"] * via_alternate
        if entry.country in countries and entry.feature != "country":
            value += weights["context_country_bonus"]
        if entry.feature == "city" and (entry.country, entry.admin1) in states:
            value += weights["context_admin1_bonus"]
        return (value, -entry.index)

    senses: dict[str, PlaceEntry] = {}  # name -> the sense a pattern gave it
    pinned: dict[int, PlaceEntry] = {}  # token -> the sense a pattern gave the area there
    chosen: list[tuple[_Span, PlaceEntry]] = []
    for span in sorted(found, key=lambda s: (not s.partner, s.start)):
        hits = span.hits
        if span.partner:
            inside = [h for h in hits if any(_within(h[0], p) for p in span.partner)]
            hits = tuple(inside) or hits
        else:
            known = pinned.get(span.start) or senses.get(span.key)
            if known is not None and any(h[0] is known for h in hits):
                chosen.append((span, known))
                continue
        best = max(hits, key=score)[0]
        if span.partner:
            senses.setdefault(span.key, best)
            area = next((p for p in span.partner if _within(best, p)), None)
            if area is not None:
                pinned[span.partner_at] = area
        chosen.append((span, best))
    producer = f"{PRODUCER}+{gazetteer.version}"
    text = doc.text
    for span, entry in sorted(chosen, key=lambda c: c[0].start):
        start = doc[span.start].idx
        end = doc[span.end - 1].idx + len(doc[span.end - 1].text)
        yield Place(article_id=article_id, start=start, end=end, text=text[start:end],
                    name=entry.name, country=entry.country, country_fips=entry.country_fips,
                    admin1=entry.admin1, lat=entry.lat, lon=entry.lon, feature=entry.feature,
                    geonameid=entry.geonameid, producer=producer)


def _within(entry: PlaceEntry, area: PlaceEntry) -> bool:
    if area.feature == "country":
        return entry.country == area.country and entry is not area
    if area.feature == "admin1":
        return entry.country == area.country and entry.admin1 == area.admin1 and \
            entry.feature == "city"
    return False


class _Reader:
    """One document's tokens, entities and gazetteer hits, read once."""

    def __init__(self, doc: Doc, gazetteer: PlaceGazetteer,
                 skip: Collection[tuple[int, int]]) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.skip = tuple(skip)
        self.tagged = doc.has_annotation("TAG")
        n = len(doc)
        self.label = [""] * n
        self.ent: list[tuple[int, int] | None] = [None] * n
        place_keys: set[str] = set()
        surnames: set[str] = set()
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.label[i] = ent.label_
                self.ent[i] = (ent.start, ent.end)
            if ent.label_ in _PLACE_LABELS or ent.label_ == "NORP":
                place_keys.add(place_key(ent.text))
            elif ent.label_ == "PERSON":
                words = [t for t in ent if t.is_alpha]
                if len(words) >= 2 and len(words) == len(ent) and \
                        all(t.text[:1].isupper() for t in words):
                    surnames.add(place_key(words[-1].text))
        self.place_keys = place_keys
        self.surnames = surnames

    # --- finding names ---------------------------------------------------------------------

    def _starts_name(self, i: int) -> bool:
        text: str = self.doc[i].text
        if not text[:1].isupper():
            return False
        if is_acronym(text) and text.replace(".", "") in self.gaz.acronyms:
            return True
        return place_key(text).split(" ")[0] in self.gaz.first_words

    def _breaks(self, i: int) -> bool:
        """Does token ``i`` end a line (so that a name cannot run on past it)?"""
        tok = self.doc[i]
        return bool(tok.is_space) or "\n" in tok.whitespace_

    def candidates(self) -> Iterator[_Span]:
        """Yield the longest gazetteer names, left to right, that do not overlap."""
        doc, gaz = self.doc, self.gaz
        n = len(doc)
        i = 0
        while i < n:
            if not self._starts_name(i):
                i += 1
                continue
            limit = i + 1
            while limit < n and limit - i < 2 * gaz.max_words + 1 and not self._breaks(limit - 1):
                limit += 1
            found: _Span | None = None
            for end in range(limit, i, -1):
                if not doc[end - 1].text[:1].isupper():
                    continue
                if any(not (doc[k].text[:1].isupper() or doc[k].lower_ in _PARTICLES
                            or doc[k].text == ",") for k in range(i + 1, end - 1)):
                    continue
                hits = gaz.lookup(doc[i:end].text)
                if hits:
                    partner, at = self._partner(end)
                    if not partner:
                        partner, at = self._possessor(i)
                    found = _Span(i, end, place_key(doc[i:end].text), hits, partner, at)
                    break
            if found is None:
                i += 1
                continue
            yield found
            i = found.end

    def _partner(self, end: int) -> tuple[tuple[PlaceEntry, ...], int]:
        """The countries or states a ``, Country`` right after token ``end`` (exclusive) may
        be, and the token it starts at."""
        doc, gaz = self.doc, self.gaz
        at = end + 1
        if at >= len(doc) or doc[end].text != "," or self._breaks(end - 1):
            return (), -1
        first: str = doc[at].text
        if not first[:1].isupper():
            return (), -1
        code = first.replace(".", "")
        if len(code) == 2 and code in gaz.admin1_codes:
            return (gaz.entries[gaz.admin1_codes[code]],), at
        for stop in range(min(len(doc), at + 4), at, -1):
            hits = gaz.lookup(doc[at:stop].text)
            areas = tuple(e for e, alt in hits if not alt and e.feature in ("country", "admin1"))
            if areas:
                return areas, at
        return (), -1

    def _possessor(self, start: int) -> tuple[tuple[PlaceEntry, ...], int]:
        """The country of a ``Country's City`` right before token ``start`` (``Syria's Aleppo``),
        and the token it starts at."""
        doc, gaz = self.doc, self.gaz
        if start < 2 or doc[start - 1].text not in ("'s", "’s"):
            return (), -1
        for first in range(max(0, start - 4), start - 1):
            hits = gaz.lookup(doc[first:start - 1].text)
            areas = tuple(e for e, alt in hits if not alt and e.feature == "country")
            if areas:
                return areas, first
        return (), -1

    # --- deciding whether a name is a place ------------------------------------------------

    def place_span(self, span: _Span) -> _Span | None:
        """Apply the rules of the module docstring to one gazetteer name.

        Returns:
            The span when it is a place (with only its own-name senses where the rules ask for
            a place's own name), else None.
        """
        doc = self.doc
        start_char = doc[span.start].idx
        end_char = doc[span.end - 1].idx + len(doc[span.end - 1].text)
        if any(s < end_char and start_char < e for s, e in self.skip):
            return None
        # Punctuation inside a name (``Washington, D.C.``) is outside spaCy's entities.
        labels = {self.label[i] for i in range(span.start, span.end) if not doc[i].is_punct}
        label = labels.pop() if len(labels) == 1 else "mixed"
        whole = self.ent[span.start] == (span.start, span.end)
        dateline = self._dateline(span)
        preposition = self._preposition(span.start)
        locative = preposition is not None
        pattern = bool(span.partner)
        evidence = dateline or locative or pattern
        own = tuple(h for h in span.hits if not h[1])
        if span.key in self.gaz.stop_names and label not in _PLACE_LABELS:
            return None
        if label == "FAC" or label == "":
            # Facilities are buildings, bases and roads: a city's alternate name in English
            # (``White House`` for Casablanca) is not the city. Outside entities, only a place's
            # own name is read, and only with evidence.
            ok = bool(own) and (label == "FAC" or evidence)
            span = _Span(span.start, span.end, span.key, own, span.partner, span.partner_at)
        elif label in _PLACE_LABELS:
            ok = True
        elif label == "NORP":
            ok = whole and span.key not in self.gaz.adjectives
        elif label in _NAME_LABELS:
            # The small model calls some countries PERSON or ORG (``Jordan closed its border``);
            # a country name is a place unless the text shows a person (checked below).
            country = max(span.hits, key=lambda h: h[0].prominence)[0].feature == "country"
            ok = whole and (evidence or country or span.key in self.place_keys)
        else:
            ok = dateline
        if not ok:
            return None
        if self._person(span) and not evidence:
            return None
        if span.key in self.gaz.metonyms and not any(e.feature == "country" for e, _ in span.hits):
            strong = locative and preposition not in _WEAK_FOR_METONYMS
            return span if dateline or pattern or strong or self._modifier(span) else None
        return span

    def _person(self, span: _Span) -> bool:
        """Does the text show this name is a person's (a surname, a name after ``Mr``)?"""
        if span.end - span.start == 1 and span.key in self.surnames:
            return True
        k = span.start - 1
        while k >= 0 and self.doc[k].text in (".",):
            k -= 1
        return k >= 0 and self.doc[k].lower_.rstrip(".") in _HONORIFICS

    def _dateline(self, span: _Span) -> bool:
        doc = self.doc
        i, j = span.start, span.end
        line_start = i == 0 or "\n" in doc[i - 1].whitespace_ or bool(doc[i - 1].is_space)
        if not line_start or j >= len(doc):
            return False
        nxt: str = doc[j].text
        upper = doc[i:j].text.isupper()
        return (upper and nxt in {",", *_DASHES}) or nxt in _DASHES

    def _preposition(self, i: int, depth: int = 0) -> str | None:
        """The locative preposition (``in``, ``near``) that governs token ``i``, also through a
        conjunction (``in Moscow and Geneva``), or None."""
        doc = self.doc
        k = i - 1
        while k >= 0 and doc[k].lower_ in _SKIPPED_BEFORE:
            k -= 1
        if k < 0:
            return None
        word: str = doc[k].lower_
        if word in _LOCATIVE:
            return word
        if word in _CONJUNCTIONS and depth < 3:
            j = k - 1
            while j >= 0 and doc[j].text[:1].isupper() and not self._breaks(j):
                j -= 1
            if j < k - 1:
                return self._preposition(j + 1, depth + 1)
        return None

    def _modifier(self, span: _Span) -> bool:
        """Is the name a modifier (``Moscow time``, ``Geneva-based``, ``the Geneva talks``)?"""
        doc = self.doc
        j = span.end
        if j >= len(doc):
            return False
        last = doc[j - 1]
        if not last.whitespace_ and doc[j].text in _DASHES:
            return True
        nxt = doc[j]
        if nxt.lower_ in _MODIFIED_NOUNS:
            return True
        return bool(self.tagged and nxt.tag_ in ("NN", "NNS") and nxt.text.islower())

    def adjective_countries(self) -> set[str]:
        """Countries named by a nationality adjective anywhere in the document (``Syrian``)."""
        found: set[str] = set()
        adjectives = self.gaz.adjectives
        for tok in self.doc:
            text: str = tok.text
            if not text[:1].isupper():
                continue
            code = adjectives.get(text.replace(".", "")) if is_acronym(text) else \
                adjectives.get(place_key(text))
            if code is not None:
                found.add(code)
        return found
