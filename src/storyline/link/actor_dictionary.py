"""User actor dictionaries in the PETRARCH / Phoenix (TABARI) format, read and matched.

A user may pass the actor and agent dictionaries of PETRARCH-2 (``Phoenix.Countries.actors.txt``,
``Phoenix.agents.txt``...) to override or extend storyline's own actor codes (see
:func:`storyline.link.actor_codes.actor_code`). The format, as ``PETRreader.read_actor_dictionary``
and ``read_agent_dictionary`` (openeventdata/petrarch2) read it:

* Comments: lines starting with ``#`` or ``<!``, ``<!-- ... -->`` blocks (also over several lines),
  and anything after a ``#`` on a line. Blank lines are skipped.
* Actors: ``PHRASE [CODE]`` starts an entry; words are joined by ``_`` or spaces (both mean "the
  next word", as in PETRARCH-2); ``+SYNONYM`` lines add other phrases for it; a code may stand on
  its own line after the phrase (``ENT`` then ``[ENT]``). Codes may be date-restricted:
  ``[HOBCIV <20080120]`` (before that day), ``[HOBREB >990816]`` (from that day on),
  ``[HOBMIL 20080120-20121109]`` (both days included; spaces around the ``-`` are allowed); dates
  are ``YYYYMMDD`` or ``YYMMDD`` (``YY`` up to 30 is 20YY, as in PETRARCH). An undated code is the
  default. The semantics follow the PETRARCH validation suite (records DATE-01 to DATE-21): the
  first restricted code whose window holds the date wins, else the default.
* Agents: ``PHRASE {PLURAL} [~CODE]``; ``~COP`` is added after the actor's code (``SYR`` +
  police = ``SYRCOP``), ``NGO~`` before it. Regular plurals are made as PETRARCH makes them (``Y``
  -> ``IES``, ``S`` -> ``SES``, else ``+S``); ``{}`` means none, ``{X}`` gives it.
  Substitution sets ``!PERSON! = MAN, MEN, WOMAN`` expand a marker in later phrases
  (``CONGRESS!PERSON!``) without plurals.

Matching is by whole words, case-insensitive, longest phrase first. A phrase defined twice keeps
its later definition (as in PETRARCH; a later file overrides an earlier one, so a user's own file
goes last). Lines that cannot be read, and phrases defined twice in one file, are not passed over
silently: they are listed in :attr:`ActorDictionary.problems` with their file and line.
Two PETRARCH-2 quirks are not reproduced: its reader loses the last entry of a file, and it cannot
read a date range written with spaces (``19950601 - 19990815``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from storyline.errors import ConfigError, E

__all__ = [
    "ActorDictionary",
    "ActorEntry",
    "AgentEntry",
    "DatedCode",
    "DictionaryCode",
    "DictionaryMatch",
    "code_with_dictionary",
    "dictionary_words",
    "load_actor_dictionary",
]

StrPath = str | os.PathLike[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedCode:
    """An actor code and the days it holds for.

    Attributes:
        code: The code as the dictionary gives it, upper-cased (``USAGOV``, ``ELR/GAL``, ``---``).
        since: First day it holds (inclusive), None for no lower bound.
        before: First day it no longer holds (exclusive), None for no upper bound.
    """

    code: str
    since: dt.date | None = None
    before: dt.date | None = None

    @property
    def restricted(self) -> bool:
        """True for a date-restricted code, False for the default."""
        return self.since is not None or self.before is not None

    def holds_on(self, day: dt.date) -> bool:
        """Return True when the code holds on ``day``."""
        return (self.since is None or self.since <= day) and \
            (self.before is None or day < self.before)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorEntry:
    """One actor phrase of a dictionary.

    Attributes:
        phrase: The phrase as written (``UNITED_NATIONS``, ``U.N.`` for a ``+U.N.`` synonym).
        words: Its folded words (``("united", "nations")``).
        root: The first phrase of its block (the synonym's main phrase).
        codes: Its codes, in file order.
        source: File name it came from.
        line: Line number of the phrase.
    """

    phrase: str
    words: tuple[str, ...]
    root: str
    codes: tuple[DatedCode, ...]
    source: str
    line: int

    def code_on(self, day: dt.date | None) -> str | None:
        """Return the code that holds on ``day``.

        With a date: the first restricted code whose window holds it, else the default code,
        else None. Without a date: the default code, else the restricted code that reaches
        furthest into the present (an open ``>`` code, or the latest window).
        """
        default = next((c.code for c in self.codes if not c.restricted), None)
        if day is not None:
            hit = next((c.code for c in self.codes if c.restricted and c.holds_on(day)), None)
            return hit or default
        if default is not None or not self.codes:
            return default
        latest = max(self.codes, key=lambda c: (c.before is None, c.before or dt.date.min,
                                                c.since or dt.date.min))
        return latest.code


@dataclass(frozen=True, slots=True, kw_only=True)
class AgentEntry:
    """One agent phrase (``POLICE [~COP]``).

    Attributes:
        phrase: The phrase as generated (``CONGRESSMAN``, ``HUMAN_RIGHTS_BODIES``).
        words: Its folded words.
        code: The agent code with its ``~`` (``~COP`` adds after, ``NGO~`` before).
        source, line: Where it came from.
    """

    phrase: str
    words: tuple[str, ...]
    code: str
    source: str
    line: int

    @property
    def role(self) -> str:
        """The code without its ``~`` (``COP``)."""
        return self.code.replace("~", "")

    def apply(self, actor_code: str | None) -> str:
        """Combine with an actor's code as PETRARCH does (``SYR`` + ``~COP`` = ``SYRCOP``).

        A role the actor's code already holds is not added twice; without an actor code the
        agent's role stands alone (``COP``), as in GDELT.
        """
        role = self.role
        if not actor_code:
            return role
        if self.code.endswith("~") and not self.code.startswith("~"):
            return actor_code if actor_code.startswith(role) else role + actor_code
        # Codes are runs of three letters: WGO is not "in" GMWGOV (GMW + GOV).
        parts = {actor_code[i:i + len(role)] for i in range(0, len(actor_code), 3)}
        return actor_code if role in parts else actor_code + role


@dataclass(frozen=True, slots=True, kw_only=True)
class DictionaryMatch:
    """A dictionary phrase found at a word position.

    Attributes:
        code: The code that holds on the date asked for (an agent's code with its ``~``), or
            None when the entry has no code for that date.
        start: Position of the first word.
        length: Number of words matched.
        entry: The dictionary entry.
    """

    code: str | None
    start: int
    length: int
    entry: ActorEntry | AgentEntry

    @property
    def provenance(self) -> str:
        """``file:line PHRASE [CODE]``, for the record of where a code came from."""
        e = self.entry
        return f"{e.source}:{e.line} {e.phrase} [{self.code or ''}]"


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorDictionary:
    """Immutable actor and agent phrases of one or more dictionary files.

    Attributes:
        actors: Folded words -> entry.
        agents: Folded words -> entry.
        max_words: The most words any phrase has.
        sources: The files read, in order.
        version: ``dict-`` and a hash of the files' bytes, recorded with coded events.
        problems: Lines that could not be read, as ``file:line: what was wrong``.
    """

    actors: Mapping[tuple[str, ...], ActorEntry]
    agents: Mapping[tuple[str, ...], AgentEntry]
    max_words: int
    sources: tuple[str, ...]
    version: str
    problems: tuple[str, ...] = ()

    def match(self, words: Sequence[str], start: int, *,
              date: dt.date | None = None) -> DictionaryMatch | None:
        """Return the longest actor phrase starting at ``words[start]``, or None.

        Args:
            words: The words of a text (see :func:`dictionary_words`), in any case.
            start: The position to match at.
            date: The day the text speaks of, for date-restricted codes.

        Returns:
            The match, with the code that holds on ``date``.
        """
        entry, length = self._longest(self.actors, words, start)
        if entry is None or not isinstance(entry, ActorEntry):
            return None
        return DictionaryMatch(code=entry.code_on(date), start=start, length=length, entry=entry)

    def match_agent(self, words: Sequence[str], start: int) -> DictionaryMatch | None:
        """Return the longest agent phrase starting at ``words[start]``, or None."""
        entry, length = self._longest(self.agents, words, start)
        if entry is None or not isinstance(entry, AgentEntry):
            return None
        return DictionaryMatch(code=entry.code, start=start, length=length, entry=entry)

    def code(self, words: Sequence[str], date: dt.date | None = None) -> str | None:
        """Return the code a run of words gets (see :func:`code_with_dictionary`), or None.

        Args:
            words: The words of an actor's span, best split with :func:`dictionary_words` (which
                keeps ``U.S.`` one word, as dictionaries write it).
            date: The day the text speaks of, for date-restricted codes.
        """
        found = code_with_dictionary(words, dictionary=self, date=date)
        return found.code if found is not None else None

    def _longest(self, table: Mapping[tuple[str, ...], ActorEntry | AgentEntry],
                 words: Sequence[str], start: int) -> tuple[ActorEntry | AgentEntry | None, int]:
        if not 0 <= start < len(words):
            return None, 0
        keys = [_fold(w) for w in words[start:start + self.max_words]]
        for size in range(len(keys), 0, -1):
            entry = table.get(tuple(keys[:size]))
            if entry is not None:
                return entry, size
        return None, 0


@dataclass(frozen=True, slots=True, kw_only=True)
class DictionaryCode:
    """A code the dictionary gives a run of words, and the entries that gave it.

    Attributes:
        code: The combined code (``SYRCOP``).
        actor: The actor phrase used, if any.
        agent: The last agent phrase used, if any (every one used is in ``provenance``).
        provenance: ``dictionary`` and the file:line of each entry used.
    """

    code: str
    actor: DictionaryMatch | None
    agent: DictionaryMatch | None
    provenance: str


# --- words ------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_WORD = re.compile(r"[^\W_](?:[\w.'’&/-]*[\w.])?", re.UNICODE)


def _fold(word: str) -> str:
    return word.translate(_APOSTROPHES).casefold()


def dictionary_words(text: str) -> list[str]:
    """Split a text into the words dictionary phrases are matched against.

    Abbreviation dots and inner hyphens stay (``U.S.``, ``SEMI-OFFICIAL``); a possessive ``'s``
    and other punctuation go (``Russia's`` -> ``Russia``).

    Args:
        text: Any text (``the U.S. State Department's spokeswoman``).

    Returns:
        The words (``["the", "U.S.", "State", "Department", "spokeswoman"]``).
    """
    words = []
    for match in _WORD.finditer(text.translate(_APOSTROPHES)):
        word = match.group()
        if word.endswith("'s") or word.endswith("'S"):
            word = word[:-2]
        elif word.endswith(".") and word.count(".") == 1 and len(word) > 2:
            word = word[:-1]  # a full stop, not an abbreviation (U.S. keeps its dots)
        if word:
            words.append(word)
    return words


# --- reading ----------------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(E.E003.format(path=path, problem=exc.strerror or exc)) from exc


def _lines(data: bytes) -> Iterator[tuple[int, str]]:
    """The content lines of a dictionary file, comments removed, with their line numbers."""
    # Dictionaries are UTF-8 (PETRARCH opens them so); a stray byte becomes U+FFFD, not a crash.
    text = data.decode("utf-8", errors="replace")
    in_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if line.startswith("<!"):
            in_comment = "-->" not in line
            continue
        if "<!--" in line:
            head, _, tail = line.partition("<!--")
            if "-->" in tail:
                line = head + tail.partition("-->")[2]
            else:
                line, in_comment = head, True
        line = line.partition("#")[0].strip()
        if line:
            yield number, line


def _date(text: str) -> dt.date:
    """``YYYYMMDD`` or ``YYMMDD`` (YY up to 30 is 20YY, as PETRARCH reads it)."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"bad date {text!r}")
    if len(digits) == 6:
        year = int(digits[:2])
        year += 2000 if year <= 30 else 1900
        return dt.date(year, int(digits[2:4]), int(digits[4:6]))
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


_RESTRICTION = re.compile(r"^(?P<op>[<>])?\s*(?P<a>\d+)(?:\s*-\s*(?P<b>\d+))?$")


def _dated_code(body: str) -> DatedCode:
    """Read the inside of ``[...]``: a code and an optional date restriction."""
    parts = body.split(None, 1)
    if not parts:
        raise ValueError("empty code")
    code = parts[0].upper()
    if len(parts) == 1:
        return DatedCode(code=code)
    found = _RESTRICTION.match(parts[1].strip())
    if found is None:
        raise ValueError(f"bad date restriction {parts[1]!r}")
    first = _date(found["a"])
    if found["op"] == "<":
        return DatedCode(code=code, before=first)
    if found["op"] == ">":
        return DatedCode(code=code, since=first)
    if found["b"] is None:
        raise ValueError(f"a date restriction needs <, > or a range: {parts[1]!r}")
    last = _date(found["b"])
    return DatedCode(code=code, since=first, before=last + dt.timedelta(days=1))


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(_fold(w) for w in phrase.replace("_", " ").split())


_PHRASE_AND_CODE = re.compile(r"^(?P<phrase>[^\[]*?)\s*(?:\[(?P<code>[^\]]*)\]\s*)?$")


class _Reader:
    """Collects entries while the files are read (load time only)."""

    def __init__(self) -> None:
        self.actors: dict[tuple[str, ...], ActorEntry] = {}
        self.agents: dict[tuple[str, ...], AgentEntry] = {}
        self.problems: list[str] = []

    def actor_file(self, name: str, data: bytes) -> None:
        block: list[tuple[str, int]] = []
        codes: list[DatedCode] = []

        def close() -> None:
            if not block:
                return
            if not codes:
                self.problems.append(f"{name}:{block[0][1]}: {block[0][0]} has no code")
            root = block[0][0]
            for phrase, line in block:
                words = _words(phrase)
                earlier = self.actors.get(words)
                if earlier is not None and earlier.source == name:
                    # PETRARCH keeps the later one too; say so, since one of them is a slip.
                    self.problems.append(f"{name}:{line}: {phrase} redefines the entry of line "
                                         f"{earlier.line} ({earlier.root})")
                if words:
                    self.actors[words] = ActorEntry(phrase=phrase, words=words, root=root,
                                                    codes=tuple(codes), source=name, line=line)
            block.clear()
            codes.clear()

        for number, line in _lines(data):
            if line.startswith("["):
                self._code(line, number, name, codes, bool(block))
                continue
            if line.startswith("+"):
                phrase, code = self._split(line[1:], number, name)
                if not block:
                    self.problems.append(f"{name}:{number}: synonym {line!r} before any actor")
                    continue
                block.append((phrase.strip("_ "), number))
                if code is not None:
                    self._code(f"[{code}]", number, name, codes, True)
                continue
            close()
            phrase, code = self._split(line, number, name)
            if phrase.strip("_ "):
                block.append((phrase.strip("_ "), number))
            if code is not None:
                self._code(f"[{code}]", number, name, codes, True)
        close()

    def _split(self, line: str, number: int, name: str) -> tuple[str, str | None]:
        found = _PHRASE_AND_CODE.match(line)
        if found is None:
            self.problems.append(f"{name}:{number}: cannot read {line!r}")
            return "", None
        return found["phrase"], found["code"]

    def _code(self, line: str, number: int, name: str, codes: list[DatedCode],
              has_block: bool) -> None:
        if not has_block:
            self.problems.append(f"{name}:{number}: code {line!r} before any actor")
            return
        if not line.endswith("]"):
            self.problems.append(f"{name}:{number}: unclosed code {line!r}")
            return
        try:
            codes.append(_dated_code(line[1:-1]))
        except ValueError as exc:
            self.problems.append(f"{name}:{number}: {exc}")

    def agent_file(self, name: str, data: bytes) -> None:
        markers: dict[str, list[str]] = {}
        for number, line in _lines(data):
            if "!" in line and "=" in line and "[" not in line:
                marker, _, values = line.partition("=")
                key = marker.strip().strip("!")
                markers[key] = [v.strip() for v in values.split(",") if v.strip()]
                continue
            if "[" not in line or not line.rstrip().endswith("]"):
                self.problems.append(f"{name}:{number}: agent without a [code]: {line!r}")
                continue
            head, _, rest = line.partition("[")
            code = rest[:-1].replace(" ", "").upper()
            if not re.fullmatch(r"~?[A-Z0-9]+~?", code) or "~" not in code:
                self.problems.append(f"{name}:{number}: bad agent code [{rest}")
                continue
            plural: str | None = None
            phrase = head.strip()
            if "{" in phrase:
                if "}" not in phrase:
                    self.problems.append(f"{name}:{number}: missing '}}' in {line!r}")
                    continue
                phrase, _, tail = phrase.partition("{")
                plural = tail.partition("}")[0].strip()
                phrase = phrase.strip()
            phrase = phrase.strip("_ ")
            if not phrase:
                self.problems.append(f"{name}:{number}: empty agent phrase")
                continue
            if "!" in phrase:
                forms = self._expand(phrase, markers, name, number)
            else:
                forms = [phrase]
                if plural is None:
                    forms.append(_plural(phrase))
                elif plural:
                    forms.append(plural.strip("_ "))
            for form in forms:
                words = _words(form)
                if words:
                    self.agents[words] = AgentEntry(phrase=form, words=words, code=code,
                                                    source=name, line=number)

    def _expand(self, phrase: str, markers: Mapping[str, list[str]], name: str,
                number: int) -> list[str]:
        """Every form of a phrase with substitution markers (``CONGRESS!PERSON!``)."""
        forms = [phrase]
        while any("!" in f for f in forms):
            done: list[str] = []
            for form in forms:
                head, _, tail = form.partition("!")
                marker, bang, rest = tail.partition("!")
                if not bang or marker not in markers:
                    self.problems.append(f"{name}:{number}: unknown marker in {phrase!r}")
                    return []
                done.extend(head + value + rest for value in markers[marker])
            forms = done
        return forms


def _plural(phrase: str) -> str:
    """PETRARCH's regular plural of an agent phrase (its last letter decides)."""
    if phrase.endswith("Y") or phrase.endswith("y"):
        return phrase[:-1] + "IES"
    if phrase.endswith("S") or phrase.endswith("s"):
        return phrase + "ES"
    return phrase + "S"


def load_actor_dictionary(path: StrPath | Iterable[StrPath], *,
                          agents: StrPath | Iterable[StrPath] = ()) -> ActorDictionary:
    """Read PETRARCH / Phoenix actor and agent dictionaries.

    Args:
        path: One actor dictionary file or several (``Phoenix.Countries.actors.txt``,
            ``Phoenix.International.actors.txt``...). A phrase in a later file overrides the same
            phrase in an earlier one, so a user's own file goes last.
        agents: Agent dictionary files (``Phoenix.agents.txt``).

    Returns:
        The immutable dictionary; lines it could not read are in ``problems``.

    Raises:
        ConfigError: If a file cannot be read.
    """
    actor_paths = [Path(path)] if isinstance(path, str | os.PathLike) else [Path(p) for p in path]
    agent_paths = [Path(agents)] if isinstance(agents, str | os.PathLike) else \
        [Path(p) for p in agents]
    reader = _Reader()
    digest = hashlib.sha256()
    for actor_path in actor_paths:
        data = _read(actor_path)
        reader.actor_file(actor_path.name, data)
        digest.update(data)
    for agent_path in agent_paths:
        data = _read(agent_path)
        reader.agent_file(agent_path.name, data)
        digest.update(data)
    lengths = [len(k) for k in (*reader.actors, *reader.agents)]
    return ActorDictionary(
        actors=MappingProxyType(dict(reader.actors)),
        agents=MappingProxyType(dict(reader.agents)),
        max_words=max(lengths, default=1),
        sources=tuple(str(p) for p in (*actor_paths, *agent_paths)),
        version=f"dict-{digest.hexdigest()[:12]}",
        problems=tuple(reader.problems),
    )


# --- coding a run of words --------------------------------------------------------------------


_COORDINATORS = frozenset({"and", "or", "&", ","})


def code_with_dictionary(words: Sequence[str], *, dictionary: ActorDictionary,
                         date: dt.date | None = None,
                         country: str | None = None) -> DictionaryCode | None:
    """Code a run of words (an actor's name and title) with a user dictionary.

    The actor phrase is the longest one in the words (the last of equally long ones: English puts
    the head last, ``Russian ... Sergei Ryabkov``); every agent phrase outside it applies, in text
    order (``agent`` names the last). The agents combine with the actor's code as PETRARCH
    combines them (``NGO~`` before, ``~GOV`` after), or with ``country`` (what
    storyline's own coding found) when the words name no actor: a user's agents file then extends
    storyline's codes (``Syrian`` + ``police`` = ``SYRCOP``).

    Args:
        words: The words (see :func:`dictionary_words`).
        dictionary: The loaded dictionary.
        date: The day the text speaks of, for date-restricted codes.
        country: A country or body code to combine an agent with when no actor phrase matches.

    Returns:
        The code and the entries that gave it, or None when the dictionary has nothing to say
        (no phrase matched, or the matched actor has no code on that date).
    """
    actors: list[DictionaryMatch] = []
    agents: list[DictionaryMatch] = []
    i = 0
    while i < len(words):
        actor = dictionary.match(words, i, date=date)
        agent = dictionary.match_agent(words, i)
        best = max((m for m in (actor, agent) if m is not None), key=lambda m: m.length,
                   default=None)
        if best is None:
            i += 1
            continue
        (actors if best is actor else agents).append(best)
        i += best.length
    actor_match = max(actors, key=lambda m: (m.length, m.start), default=None)
    if actor_match is not None and actor_match.code is None:
        actor_match = None
    if actor_match is None and not agents:
        return None
    base = actor_match.code if actor_match is not None else country
    code = base or ""
    # Every agent outside the actor phrase applies, in text order, as PETRARCH stacks them:
    # "MSF Arnor diplomat" NGO~ + ARN + ~GOV = NGOARNGOV; "Danish Islamist media" DNKMUSMED.
    # An agent that heads an earlier conjunct is another actor's ("Danish media and government":
    # GOV, not MEDGOV); a modifier before them is both's ("Islamist media and government").
    outside = [m for m in agents if not (
        m.start + m.length < len(words) and _fold(words[m.start + m.length]) in _COORDINATORS)
        and (actor_match is None or m.start + m.length <= actor_match.start
             or m.start >= actor_match.start + actor_match.length)]
    for m in outside:
        assert isinstance(m.entry, AgentEntry)
        code = m.entry.apply(code or None)
    used = [m for m in (actor_match, *outside) if m is not None]
    provenance = "dictionary " + " + ".join(m.provenance for m in used)
    if actor_match is None and country:
        provenance += f" on {country}"
    return DictionaryCode(code=code, actor=actor_match, agent=outside[-1] if outside else None,
                          provenance=provenance)
