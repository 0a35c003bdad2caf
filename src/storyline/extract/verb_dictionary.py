"""User verb dictionaries in the PETRARCH-2 format, read into typed records.

Users of PETRARCH, UD-PETRARCH or Phoenix have verb dictionaries of their own (``CAMEO.2.0.txt``,
the validation suite's ``PETR_Validate_verbs_2_02.txt``). :func:`read_verb_dictionary` reads one
into a :class:`VerbDictionary`; :mod:`storyline.extract.verb_dictionary_entries` turns it into
event-lexicon entries that extend and override storyline's own
(:func:`storyline.extract.event_lexicon.extend_lexicon`). The format, as
``PETRreader.read_verb_dictionary`` (openeventdata/UniversalPetrarch) reads it:

* Comments: lines starting with ``#``, anything after `` #`` (the space is required),
  ``<!-- ... -->`` (also over several lines). Blank lines are skipped.
* Synsets: an ``&NAME`` line, then ``+member`` lines. A member is a word, several words
  (``+AUSTRIAN FLORIN``, ``+ARMED_FORCES``: ``_`` joins words), a prepositional phrase
  (``+(TO THE END)``) or another synset (``+&TIETYPES``, resolved when used). A trailing ``_``
  (``+CASH_``) means the exact form only (no plural); a label ending in ``_`` makes every member
  exact.
* Verb families: ``--- NAME [code] ---`` (no code: ``---``, no event), then the family's verbs,
  one a line: ``SAY {SAYS SAID SAYING}`` (irregular forms), an own code (``COMMUNICATE
  [040]``), phrasal verbs ``+GO_BY {+WENT_BY ...}`` (``+`` marks the verb, ``_`` joins its
  particle), or a word before the verb (``WIRE_+TAP``).
* Patterns: ``- before * after [code]``. Words are nouns (the head of their phrase); ``{A B}`` is
  one noun phrase (head last); ``(PREP words)`` a prepositional phrase; ``&SYN`` a synset; ``$``
  the source, ``+`` the target, ``%`` a compound actor (the subject acts with itself), ``^`` one
  skipped word. ``[ccc]`` is a CAMEO code, ``[---]`` no event, ``[aaa:bbb]`` code ``aaa`` from
  source to target and the paired code ``bbb`` from target to source (visit 042 / host 043).

The source and target markers follow TABARI and the validation suite ("Eriador has received
money from Osgiliath", ``+ * MONEY $`` -> 071 OSG -> ERI): ``$`` is the source and ``+`` the
target.

Lines that cannot be read (an unknown code such as ``[075A]``, an undefined synset, a pattern
with no ``*``) are not passed over silently: they are listed in :attr:`VerbDictionary.problems`
with their line. A file that is not a verb dictionary at all (unreadable, no family, a pattern
before the first family, unbalanced brackets) raises :class:`~storyline.errors.ConfigError`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

from storyline.errors import ConfigError, E
from storyline.extract.verb_dictionary_records import (
    DictionaryCode,
    DictionaryProblem,
    Element,
    FamilyVerb,
    NounPhrase,
    Pattern,
    PrepPhrase,
    Slot,
    SlotKind,
    Synset,
    SynsetMember,
    SynsetRef,
    VerbDictionary,
    VerbFamily,
    Word,
)

__all__ = ["read_verb_dictionary", "singular", "verb_forms"]

StrPath = str | os.PathLike[str]
_SLOTS: dict[str, SlotKind] = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
_CODE = re.compile(r"^(?:---|\d{2,4})$")
_HEADER = re.compile(r"^---\s*(?P<name>[^\s\[\]-][^\s\[\]]*)\s*(?P<code>\[[^\]]*\])?\s*---$")
_TOKEN = re.compile(r"[{}()]|[^\s{}()]+")
_KEEP_S = ("ss", "us", "is", "ics", "news")


def read_verb_dictionary(path: StrPath) -> VerbDictionary:
    """Read a PETRARCH-2 verb dictionary.

    Args:
        path: The file (UTF-8).

    Returns:
        The dictionary; lines it could not read are in ``problems``.

    Raises:
        ConfigError: If the file cannot be read or is not a verb dictionary (no family, a verb
            or pattern before the first family, unbalanced brackets, an unclosed comment).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(E.E003.format(path=p, problem=problem)) from exc
    reader = _Reader(p)
    for number, line in _lines(text, p):
        reader.line(number, line)
    families = reader.finish()
    if not families:
        raise ConfigError(E.E004.format(path=p, line=1, problem="no verb family "
                                        "(a '--- NAME [code] ---' line) in the file"))
    return VerbDictionary(
        path=p,
        version=f"verbdict-{hashlib.sha256(raw).hexdigest()[:12]}",
        synsets=MappingProxyType(reader.synsets),
        families=families,
        problems=tuple(reader.problems),
    )


def _lines(text: str, path: Path) -> Iterator[tuple[int, str]]:
    """Lines without comments, numbered from 1; blank ones left out."""
    in_comment = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if in_comment:
            if "-->" not in line:
                continue
            line = line[line.index("-->") + 3:]
            in_comment = 0
        while "<!--" in line:
            head, _, tail = line.partition("<!--")
            if "-->" in tail:
                line = head + " " + tail[tail.index("-->") + 3:]
            else:
                line, in_comment = head, number
        if line.lstrip().startswith("#") or line.startswith("<!"):
            continue
        cut = re.search(r"\s#", line)
        if cut is not None:
            line = line[:cut.start()]
        line = line.strip()
        if line:
            yield number, line
    if in_comment:
        raise ConfigError(E.E004.format(path=path, line=in_comment,
                                        problem="'<!--' comment never closed"))


def _code(token: str) -> DictionaryCode:
    """``[ccc]``, ``[---]``, ``[aaa:bbb]`` -> the code; ValueError for anything else."""
    body = token[1:-1].strip()
    main, _, pair = body.partition(":")
    main, pair = main.strip(), pair.strip()
    if not _CODE.match(main) or (pair and not _CODE.match(pair)):
        raise ValueError(f"not a CAMEO code: {token}")
    return DictionaryCode(None if main == "---" else main,
                          None if not pair or pair == "---" else pair)


def _word(token: str) -> Word:
    exact = token.endswith("_")
    words = tuple(w for w in token.rstrip("_").split("_") if w)
    if not words:
        raise ValueError(f"not a word: {token!r}")
    return Word(words, exact)


def _balanced(tokens: list[str]) -> bool:
    depth: list[str] = []
    for tok in tokens:
        if tok in ("{", "("):
            depth.append(tok)
        elif tok in ("}", ")") and (not depth or {"{": "}", "(": ")"}[depth.pop()] != tok):
            return False
    return not depth


def _elements(tokens: list[str], pos: int, close: str | None) -> tuple[list[Element], int]:
    """Parse elements from ``tokens[pos]`` up to ``close`` (or the end)."""
    out: list[Element] = []
    while pos < len(tokens):
        tok = tokens[pos]
        if tok == close:
            return out, pos + 1
        if tok == "{":
            inner, pos = _elements(tokens, pos + 1, "}")
            if not inner or any(isinstance(e, NounPhrase | PrepPhrase) for e in inner):
                raise ValueError("a {...} phrase must hold words, synsets or slots")
            out.append(NounPhrase(tuple(e for e in inner
                                        if isinstance(e, Word | SynsetRef | Slot))))
            continue
        if tok == "(":
            inner, pos = _elements(tokens, pos + 1, ")")
            if not inner or not isinstance(inner[0], Word) or len(inner[0].words) != 1:
                raise ValueError("a (...) phrase must start with its preposition")
            out.append(PrepPhrase(inner[0].words[0], tuple(inner[1:])))
            continue
        if tok in _SLOTS:
            out.append(Slot(_SLOTS[tok]))
        elif tok.startswith("&"):
            out.append(SynsetRef(tok))
        else:
            out.append(_word(tok))
        pos += 1
    if close is not None:
        raise ValueError(f"missing {close!r}")
    return out, pos


def _parse_elements(text: str) -> list[Element]:
    tokens = _TOKEN.findall(text)
    return _elements(tokens, 0, None)[0]


class _Reader:
    """Line-by-line state of :func:`read_verb_dictionary`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.synsets: dict[str, Synset] = {}
        self.problems: list[DictionaryProblem] = []
        self.families: list[VerbFamily] = []
        self._synset: tuple[str, int, list[SynsetMember]] | None = None
        self._family: tuple[str, DictionaryCode, int] | None = None
        self._verbs: list[FamilyVerb] = []
        self._patterns: list[Pattern] = []

    def fatal(self, number: int, problem: str) -> ConfigError:
        return ConfigError(E.E004.format(path=self.path, line=number, problem=problem))

    def problem(self, number: int, text: str, reason: str) -> None:
        self.problems.append(DictionaryProblem(number, text, reason))

    def line(self, number: int, line: str) -> None:
        tokens = _TOKEN.findall(line)
        if not _balanced(tokens):
            raise self.fatal(number, f"unbalanced brackets in {line!r}")
        if line.startswith("&"):
            self._close()
            name = line.split()[0]
            self._synset = (name, number, [])
            return
        if line.startswith("+") and self._synset is not None and self._family is None:
            try:
                self._member(line[1:].strip())
            except ValueError as exc:
                self.problem(number, line, str(exc))
            return
        if line.startswith("---"):
            self._close()
            match = _HEADER.match(line)
            if match is None:
                raise self.fatal(number, f"not a family header: {line!r}")
            try:
                code = _code(match["code"]) if match["code"] else DictionaryCode(None)
            except ValueError as exc:
                self.problem(number, line, f"{exc}; the family codes nothing alone")
                code = DictionaryCode(None)
            self._family = (match["name"], code, number)
            return
        if self._family is None:
            raise self.fatal(number, f"{line!r} comes before the first '--- NAME [code] ---' "
                             "family (or a '+' line outside a synset)")
        if line.startswith("-"):
            self._pattern(number, line[1:].strip())
        else:
            self._verb(number, line)

    def _member(self, text: str) -> None:
        assert self._synset is not None
        parsed = _parse_elements(text)
        if len(parsed) == 1 and isinstance(parsed[0], PrepPhrase | SynsetRef):
            self._synset[2].append(SynsetMember(parsed[0]))
        elif parsed and all(isinstance(e, Word) for e in parsed):
            words = [w for e in parsed if isinstance(e, Word) for w in e.words]
            exact = isinstance(parsed[-1], Word) and parsed[-1].exact
            self._synset[2].append(SynsetMember(Word(tuple(words), exact)))
        else:
            raise ValueError("a synset member must be words, one (...) phrase or one synset")

    def _verb(self, number: int, line: str) -> None:
        code: DictionaryCode | None = None
        body = line
        found = re.search(r"\[[^\]]*\]\s*$", body)
        if found is not None:
            body = body[:found.start()].strip()
            try:
                code = _code(found.group().strip())
            except ValueError as exc:
                self.problem(number, line, str(exc))
                return
        head_text, _, rest = body.partition("{")
        forms = tuple(rest.replace("}", " ").split())
        parts = head_text.split()
        if len(parts) != 1 or not re.match(r"^[A-Z0-9'_+-]+$", parts[0], re.IGNORECASE):
            self.problem(number, line, "not a verb line (one word, optional {forms} and [code])")
            return
        raw = parts[0]
        pieces = [w for w in raw.split("_") if w]
        head = next((i for i, w in enumerate(pieces) if w.startswith("+")), 0)
        words = tuple(w.lstrip("+") for w in pieces)
        if not all(words):
            self.problem(number, line, "not a verb line")
            return
        self._verbs.append(FamilyVerb(words, head, forms, code, number))

    def _pattern(self, number: int, text: str) -> None:
        found = re.search(r"\[[^\]]*\]\s*$", text)
        if found is None:
            self.problem(number, "- " + text, "pattern without a [code]")
            return
        body = text[:found.start()].strip()
        try:
            code = _code(found.group().strip())
        except ValueError as exc:
            self.problem(number, "- " + text, str(exc))
            return
        if body.count("*") != 1 or "*" in re.sub(r"(?<!\S)\*(?!\S)", "", body):
            self.problem(number, "- " + text, "a pattern needs exactly one ' * ' for the verb")
            return
        before_text, _, after_text = body.partition("*")
        try:
            before = _parse_elements(before_text)
            after = _parse_elements(after_text)
        except ValueError as exc:
            self.problem(number, "- " + text, str(exc))
            return
        undefined = sorted({ref.name for ref in _refs([*before, *after])
                            if ref.name not in self.synsets
                            and ref.name + "_" not in self.synsets})
        if undefined:
            self.problem(number, "- " + text, f"undefined synset {', '.join(undefined)}")
            return
        self._patterns.append(Pattern(tuple(before), tuple(after), code,
                                      " ".join(body.split()), number))

    def _close(self) -> None:
        if self._synset is not None:
            name, number, members = self._synset
            if members:
                self.synsets[name] = Synset(name, tuple(members), name.endswith("_"), number)
            self._synset = None
        if self._family is not None:
            name, code, number = self._family
            self.families.append(VerbFamily(name, code, tuple(self._verbs),
                                             tuple(self._patterns), number))
            self._family, self._verbs, self._patterns = None, [], []

    def finish(self) -> tuple[VerbFamily, ...]:
        self._close()
        return tuple(self.families)


def _refs(elements: list[Element] | tuple[Element, ...]) -> Iterator[SynsetRef]:
    for e in elements:
        if isinstance(e, SynsetRef):
            yield e
        elif isinstance(e, NounPhrase | PrepPhrase):
            yield from _refs(e.elements)


def singular(word: str) -> str:
    """A noun's singular by rule (``talks`` -> ``talk``, ``parties`` -> ``party``)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def verb_forms(verb: FamilyVerb) -> list[str]:
    """Inflected forms of a verb, lower-cased: those given in ``{...}``, else the regular ones
    PETRARCH makes (``-s``, ``-ed``, ``-ing``). They find the entry when spaCy's lemma of an
    unknown verb is wrong ("cordoned" -> ``cordone``)."""
    if verb.forms:
        heads = []
        for form in verb.forms:
            pieces = [w for w in form.split("_") if w]
            marked = [w for w in pieces if w.startswith("+")]
            heads.append((marked[0] if marked else pieces[0]).lstrip("+").lower())
        return heads
    stem = verb.words[verb.head].lower()
    third = stem + "es" if stem.endswith(("s", "x", "z", "ch", "sh")) else (
        stem[:-1] + "ies" if stem.endswith("y") and stem[-2:-1] not in "aeiou" else stem + "s")
    past = stem + "d" if stem.endswith("e") else (
        stem[:-1] + "ied" if stem.endswith("y") and stem[-2:-1] not in "aeiou" else stem + "ed")
    ing = stem[:-1] + "ing" if stem.endswith("e") and not stem.endswith("ee") else stem + "ing"
    return [third, past, ing]
