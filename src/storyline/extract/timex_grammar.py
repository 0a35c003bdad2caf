"""The tagging half of the time-expression extractor: a regular grammar over the article text.

Each rule is a template over named word classes (``<<MONTH>>``, ``<<NUM>>``...) filled in from the
lexicon and compiled once, when the lexicon is loaded. Tagging runs every rule over the text, keeps
the longest non-overlapping matches (ties go to the earlier rule), and hands them on as
:class:`Candidate` spans with the named parts the rule captured; the normaliser turns those into
TIMEX3 values. Extents follow the TimeML 1.2.1 guidelines: determiners and position words
(``the``, ``early``, ``the end of``) are part of an expression, prepositions are not.

Scanning is what tagging costs, and most rules can only match where one of a few words is written
(``ago``, a month name, a unit). So each rule carries the words every one of its matches contains
(:attr:`Rule.needs`); as no rule matches a line break, a rule is only tried in the lines that hold
one of its words, and not at all on a text without them. The result is the same as running every
rule over the whole text, which a unit test checks.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = ["Candidate", "Grammar", "Kind", "Rule", "compile_grammar", "find_candidates",
           "fold_case"]

Kind = Literal[
    "date_mdy", "date_dmy", "month_year", "numeric_iso", "numeric_dmy", "numeric_mdy",
    "month", "year", "year_cont", "decade", "century", "quarter", "half", "season",
    "weekday", "weekday_set", "day_word", "this_pod", "relative_unit", "relative_day",
    "ago", "duration", "half_duration", "bare_units", "time", "day_time", "ordinal_day",
    "day_count", "reference", "set", "freq_set", "set_adverb", "year_short", "weekend",
]

# Whitespace inside an expression: never a line break, so that an expression stays in its
# paragraph (a heading ending in "May" is not the month of the next line's "20").
_SP = r"[^\S\n]+"

# Where a match may start: not inside a word or a number, nor right after a currency sign.
_START = r"(?<![\w$€£#])(?<![\d][.,:/])"
# Case folding for the word test of :func:`find_candidates`, one character for one, so that
# positions are kept. Python's case-insensitive matching takes an ASCII letter for its capital
# and for these: the Kelvin sign (``k``), long s (``s``), and dotted and dotless I (``i``).
_FOLD: Mapping[int, str] = MappingProxyType({
    **{ord(c): c.lower() for c in string.ascii_uppercase},
    0x212A: "k", 0x017F: "s", 0x0130: "i", 0x0131: "i"})
# Below this share of a text's lines holding a rule's words, the rule is tried at the starts in
# those lines one by one; above it, one scan of the whole text is quicker.
_SPARSE = 0.6


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span of the text one grammar rule matched.

    Attributes:
        start, end: Character offsets into the text.
        kind: The rule that matched.
        parts: The named parts the rule captured (only those that matched), as written.
        rank: The rule's position in the grammar; earlier rules win ties.
    """

    start: int
    end: int
    kind: Kind
    parts: Mapping[str, str]
    rank: int


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled tagging rule.

    Attributes:
        kind: What the rule tags.
        pattern: The compiled rule.
        needs: Lower-case words, one of which every match contains in some letter case
            (``ago``; the longest word of each phrase of a word class): a line whose
            :func:`fold_case` contains none of them holds no match. Empty when the rule has no
            such words.
    """

    kind: Kind
    pattern: re.Pattern[str]
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled rules in priority order, and where any match may start."""

    rules: tuple[Rule, ...]
    starts: re.Pattern[str]


def _alt(words: Iterable[str], *, flags: str = "") -> str:
    """Return a regex alternation of the words, longest first, each word's spaces flexible."""
    parts = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    body = "|".join(" ".join(re.escape(p) for p in w.split(" ")) for w in parts)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _cased(words: Iterable[str]) -> list[str]:
    """Title-case and upper-case spellings (months and weekdays are capitalised in running text)."""
    out: list[str] = []
    for w in words:
        out.extend((w[:1].upper() + w[1:], w.upper()))
    return out


def _needs(words: Iterable[str]) -> tuple[str, ...]:
    """The words a rule's matches contain, as :func:`find_candidates` tests them: the longest
    word of each phrase (the spaces between words may be written differently), lower-cased.
    Empty (no test) when a word has a letter beyond ASCII, whose case folding the test does not
    model."""
    longest = {max(w.split(" "), key=len).lower() for w in words}
    if not longest or not all(w and all(_uncased(ch) for ch in w) for w in longest):
        return ()
    return tuple(sorted(longest))


def _uncased(ch: str) -> bool:
    """ASCII, or a character with no case at all (``’``, ``–``) that folding leaves alone."""
    return ch.isascii() or (ch.lower() == ch == ch.upper() and ord(ch) not in _FOLD)


def fold_case(text: str) -> str:
    """Lower-case a text, one character for one, so that wherever a word is written in any
    letter case that case-insensitive matching accepts, its lower-case form is at the same place
    in the result (``MAY`` -> ``may``, the Kelvin sign -> ``k``).

    Args:
        text: Any text.

    Returns:
        The folded text, as long as ``text``.
    """
    folded = text.lower()
    if len(folded) != len(text) or any(ch in folded for ch in "\u017f\u0131"):
        # Rare letters that lower() expands (dotted I) or leaves alone (long s, dotless i).
        folded = text.translate(_FOLD)
    return folded


def compile_grammar(
    *,
    months: Mapping[str, int],
    full_months: frozenset[str],
    weekdays: Mapping[str, int],
    words: Mapping[str, object],
) -> Grammar:
    """Compile the tagging rules from the lexicon's word classes.

    Args:
        months: Month names and abbreviations.
        full_months: Full month names only.
        weekdays: Weekday names and abbreviations.
        words: The remaining lexicon tables by name (``numbers``, ``units``...).

    Returns:
        The compiled grammar.
    """

    def keys(name: str) -> list[str]:
        table = words[name]
        assert isinstance(table, Mapping | frozenset)
        return [str(k) for k in table]

    abbrev_months = [m for m in months if m not in full_months]
    full_weekdays = [d for d in weekdays if len(d) > 5]
    abbrev_weekdays = [d for d in weekdays if len(d) <= 5]
    number_words = keys("numbers")
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    compound = f"(?:{'|'.join(tens)})(?:-| )(?:{'|'.join(ones)})"
    n = _needs
    units = keys("units") + keys("unit_plurals")
    unit1 = ["week", "weekend", "month", "year", "decade", "century", "quarter"]
    month_words = _cased(full_months) + _cased(abbrev_months)
    weekday_words = _cased(full_weekdays) + abbrev_weekdays
    slots = {
        "MONTH": "(?P<month>" + _alt(_cased(full_months))
        + "|" + _alt(_cased(abbrev_months)) + r"\.?)",
        "MONTHFULL": "(?P<month>" + _alt(_cased(full_months)) + ")",
        "DAY": r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d])",
        "YEAR": r"(?P<year>(?:1[0-9]|20)\d\d)(?![\d])",
        "WEEKDAY": "(?P<weekday>" + _alt(_cased(full_weekdays))
        + "|" + _alt(abbrev_weekdays) + r"\.)",
        "POD": "(?P<pod>" + _alt(keys("parts_of_day"), flags="i") + ")",
        "SEASON": "(?P<season>" + _alt(keys("seasons"), flags="i") + ")",
        "REL": "(?P<rel>" + _alt(keys("relative"), flags="i") + ")",
        "NUM": r"(?P<num>\d+(?:\.\d+)?|(?i:" + compound + ")|"
        + _alt(number_words + keys("vague_numbers"), flags="i") + ")",
        "UNIT": "(?P<unit>" + _alt(units, flags="i") + ")",
        "UNIT1": "(?P<unit>" + _alt(unit1, flags="i") + ")",
        "ORDW": _alt(keys("ordinals"), flags="i"),
        "POS": "(?P<pos>(?i:(?:the )?(?:very )?(?:beginning|start|end|middle|close|turn) of "
        "(?:the )?|(?:the )?(?:early|late|latter|first|second) (?:part|half) of (?:the )?"
        "|early |late |earlier |later |mid-? ?))",
        "AMPM": r"(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm)(?![\w]))",
        "ZONE": "(?P<zone>" + _alt(keys("time_zones"))
        + r"|(?i:local time)|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?: (?:Standard|Daylight))? [Tt]ime)",
        "REFS": _alt(keys("reference_words"), flags="i"),
        "SETADV": "(?P<sadv>" + _alt(keys("set_adverbs"), flags="i") + ")",
        "FULLWD": "(?P<wdp>" + _alt(_cased(full_weekdays)) + ")",
        "DADJ": "(?i:trading|business|working|consecutive|straight|successive|calendar|school)",
        "CARD": "(?:" + compound + "|" + _alt(number_words, flags="i") + ")",
    }
    # (kind, template, words every match contains: see Rule.needs)
    templates: list[tuple[Kind, str, tuple[str, ...]]] = [
        ("numeric_iso", r"(?P<y>(?:1[0-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)",
         n(["-"])),
        ("numeric_dmy", r"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:1[0-9]|20)\d\d)",
         n(["."])),
        ("numeric_mdy", r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:1[0-9]|20)\d\d|\d\d)",
         n(["/"])),
        ("date_mdy", "(?:<<WEEKDAY>>,? )?(?:<<POS>>)?<<MONTH>> <<DAY>>(?:,? <<YEAR>>)?",
         n(month_words)),
        ("date_dmy", "(?:<<WEEKDAY>>,? )?(?:the )?<<DAY>> (?:of )?<<MONTH>>(?:,? <<YEAR>>)?",
         n(month_words)),
        ("month_year", "(?:<<POS>>)?<<MONTH>>,? (?:of )?<<YEAR>>",
         n(month_words)),
        ("quarter", "(?:the )?(?P<qord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))"
                    "[- ](?i:(?:fiscal |financial )?quarter)(?:(?: of)? <<YEAR>>|(?i: of (?:the )?"
                    "(?P<qrel>this|last|next|current|previous|past) (?:fiscal |financial )?year)"
                    "| of (?i:the year))?",
         n(["quarter"])),
        ("quarter", r"(?P<qn>Q[1-4])(?: <<YEAR>>)?",
         n(["q"])),
        ("half", "(?:the )?(?P<hord>(?i:first|second)) half of (?:<<YEAR>>|(?:the )?"
                 "(?:<<REL>> )?(?i:year))",
         n(["half"])),
        ("century", "(?:<<POS>>|the )?(?P<cord>\\d{1,2}(?:st|nd|rd|th)|<<ORDW>>)[- ](?i:century)",
         n(["century"])),
        ("decade", "(?:<<POS>>|the )?(?P<dec>(?:1[0-9]|20)\\d)0'?s(?![\\w])",
         n(["0s", "0's"])),
        ("decade", "(?:<<POS>>|the )?['’](?P<dec2>\\d)0s(?![\\w])",
         n(["0s"])),
        ("season", "(?:<<POS>>)?(?:(?:<<REL>>|the) )?<<SEASON>>(?:(?: of)? <<YEAR>>)?",
         n(keys("seasons"))),
        ("season", "<<YEAR>> <<SEASON>>",
         n(keys("seasons"))),
        ("weekday", "(?:<<POS>>)?(?:<<REL>> )?<<WEEKDAY>>(?: <<POD>>)?",
         n(weekday_words)),
        ("weekday_set", "<<FULLWD>>s",
         n(_cased(full_weekdays))),
        ("month", "(?:<<POS>>)?(?:(?P<rel>(?i:last|next|this|past|coming)) )?<<MONTHFULL>>"
                  "(?: (?i:of) (?:(?i:the) )?(?P<yrel>(?i:this|next|last|previous|following|"
                  "coming|current)) (?i:year))?",
         n(_cased(full_months))),
        ("day_word", "(?:(?P<ba>(?i:the day (?:before|after))) )?"
                     "(?P<dw>(?i:today|yesterday|tomorrow))(?: <<POD>>)?",
         n(["today", "yesterday", "tomorrow"])),
        ("this_pod", "(?P<tp>(?i:this|last)) <<POD>>",
         n(keys("parts_of_day"))),
        ("this_pod", "(?P<tp>(?i:tonight))",
         n(["tonight"])),
        ("relative_unit", "(?:<<POS>>)?(?:the )?<<REL>> (?:(?i:fiscal|financial|calendar|school)"
                          " )?<<UNIT1>>",
         n(unit1)),
        ("relative_unit", "<<POS>>(?:(?i:fiscal|financial|calendar) )?<<UNIT1>>",
         n(unit1)),
        ("weekend", "(?:<<POS>>)?the (?P<we>(?i:weekend))",
         n(["weekend"])),
        ("relative_day", "(?:the|that) (?P<rd>(?i:following|next|previous|preceding)) (?i:day)",
         n(["day"])),
        ("relative_day", "(?P<rd2>(?i:the day (?:before|after)))",
         n(["day"])),
        ("relative_day", "(?:the|that) (?P<rd3>(?i:same)) (?i:day)",
         n(["day"])),
        ("ago", "(?:<<NUM>>[- ])?<<UNIT>> (?i:ago)",
         n(["ago"])),
        ("half_duration", "(?P<half>(?i:half an?)) <<UNIT>>",
         n(["half"])),
        ("half_duration", "<<NUM>>[- ]<<UNIT>> (?P<andhalf>(?i:and a half))",
         n(["half"])),
        ("half_duration", "<<NUM>> (?P<andhalf>(?i:and a half)) <<UNIT>>",
         n(["half"])),
        ("duration", "(?:(?P<dmod>(?i:the (?:past|last|next|first|previous|coming|following|final"
                     "|remaining|latest|preceding|ensuing|same|entire|whole|full|initial))) )?"
                     "<<NUM>>[- ](?:<<DADJ>> )?<<UNIT>>(?:[- ](?i:long))?",
         n(units)),
        ("bare_units", "(?P<bare>(?i:seconds|minutes|hours|days|weeks|months|years|decades))",
         n(["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"])),
        ("time", r"(?P<h>[01]?\d|2[0-4]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?: ?<<AMPM>>)?"
                 "(?: <<ZONE>>)?",
         n([":"])),
        ("time", r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))? ?<<AMPM>>(?: <<ZONE>>)?",
         n(["a.m", "p.m", "am", "pm"])),
        ("time", r"(?P<h>1[0-2]|0?[1-9]|<<CARD>>) (?i:o'clock|o’clock)(?: <<ZONE>>)?",
         n(["clock"])),
        ("time", r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d) ?(?i:h|hrs|hours)?(?: <<ZONE>>)",
         n([*keys("time_zones"), "local", "time"])),
        ("day_time", "(?P<dt>(?i:noon|midday|midnight))",
         n(["noon", "midday", "midnight"])),
        ("ordinal_day", r"the (?P<oday>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)"
                        r"(?=[^\S\n]*(?:[,.;:!?)]|$)|[^\S\n]+(?i:and|or|to|until|till|through|at"
                        r"|when|on|as|but)(?![\w]))",
         n(["st", "nd", "rd", "th"])),
        ("day_count", r"the (?P<ocount><<ORDW>>|\d+(?:st|nd|rd|th))(?: (?i:straight|consecutive"
                      r"|successive))? (?i:day)",
         n(["day"])),
        ("reference", "(?P<ref><<REFS>>)",
         n(keys("reference_words"))),
        ("set", "(?P<q>(?i:every|each|per)) (?:(?i:other) )?(?:<<NUM>> )?(?:<<UNIT>>|<<WEEKDAY>>"
                "|<<POD>>)",
         n(["every", "each", "per"])),
        ("freq_set", "(?P<freq>(?i:once|twice|thrice)|(?:\\d+|<<CARD>>) (?i:times)) "
                     "(?i:a|an|per|each|every) <<UNIT>>",
         n(units)),
        ("set_adverb", "<<SETADV>>",
         n(keys("set_adverbs"))),
        ("year", "(?:<<POS>>)?(?:(?P<fy>(?i:(?:the )?(?:fiscal|financial|calendar|model) "
                 "(?:year )?)|FY ?))?<<YEAR>>",
         n(["1", "2"])),
        ("year_cont", r"(?<=(?:1[0-9]|20)\d\d[-–])(?P<yy>\d\d)",
         n(["-", "–"])),
        ("year_short", r"(?:(?i:the) )?['’](?P<yy>\d\d)",
         n(["'", "’"])),
    ]
    rules: list[Rule] = []
    slot_re = re.compile(r"<<([A-Z0-9]+)>>")
    for kind, template, needs in templates:
        body = slot_re.sub(lambda m: slots[m.group(1)], template.replace("[- ]", "(?:-| )"))
        body = body.replace(" ?", "[^\\S\n]*").replace(" ", _SP)
        # Expressions start and end at word edges; a year is not part of a longer number.
        pattern = _START + body + r"(?![\w%])(?![.,:/]\d)"
        rules.append(Rule(kind, re.compile(pattern), needs))
    return Grammar(rules=tuple(rules), starts=re.compile(_START))


def find_candidates(text: str, grammar: Grammar) -> list[Candidate]:
    """Run every rule over the text and keep the longest non-overlapping matches.

    No rule matches a line break, so a rule's matches lie in the lines that hold one of the
    words it needs (:attr:`Rule.needs`). A rule is skipped on a text without them, and tried
    only at the starts in those lines where they are few; the result is what running each rule
    over the whole text gives.

    Args:
        text: The text to tag.
        grammar: The compiled rules (from the lexicon).

    Returns:
        Candidates in text order, none overlapping.
    """
    view = _TextView(text, grammar.starts)
    found: list[Candidate] = []
    for rank, rule in enumerate(grammar.rules):
        starts = view.starts_for(rule.needs)
        if starts is None:
            matches: Iterable[re.Match[str]] = rule.pattern.finditer(text)
        else:
            matches = _matches_at(rule.pattern, text, starts)
        for m in matches:
            if m.end() <= m.start():
                continue
            parts = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append(Candidate(m.start(), m.end(), rule.kind, parts, rank))
    found.sort(key=lambda c: (-(c.end - c.start), c.rank, c.start))
    taken: list[Candidate] = []
    for cand in found:
        if any(cand.start < t.end and t.start < cand.end for t in taken):
            continue
        taken.append(cand)
    taken.sort(key=lambda c: c.start)
    return taken


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, given every offset where a match may start: the
    first match at or after the end of the previous one."""
    out: list[re.Match[str]] = []
    resume = 0
    for start in starts:
        if start < resume:
            continue
        m = pattern.match(text, start)
        if m is not None and m.end() > m.start():
            out.append(m)
            resume = m.end()
    return out


class _TextView:
    """One text's folded form, lines, and match starts per line, worked out once per call."""

    def __init__(self, text: str, starts: re.Pattern[str]) -> None:
        self.text = text
        self.folded = fold_case(text)
        self._starts = starts
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._line_cache: dict[int, list[int]] = {}
        self._word_cache: dict[str, frozenset[int]] = {}

    def _line_of(self, char: int) -> int:
        return bisect.bisect_right(self.line_starts, char) - 1

    def _line_starts(self, line: int) -> list[int]:
        starts = self._line_cache.get(line)
        if starts is None:
            lo = self.line_starts[line]
            hi = (self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts)
                  else len(self.text))
            starts = [m.start() for m in self._starts.finditer(self.text, lo, hi)]
            self._line_cache[line] = starts
        return starts

    def _word_lines(self, word: str) -> frozenset[int]:
        """The lines whose folded text contains ``word`` (many rules share a word)."""
        lines = self._word_cache.get(word)
        if lines is None:
            found: set[int] = set()
            at = self.folded.find(word)
            while at >= 0:
                line = self._line_of(at)
                found.add(line)
                nxt = (self.line_starts[line + 1] if line + 1 < len(self.line_starts)
                       else len(self.text))
                at = self.folded.find(word, nxt)
            lines = self._word_cache[word] = frozenset(found)
        return lines

    def starts_for(self, needs: tuple[str, ...]) -> list[int] | None:
        """The offsets where a rule needing these words may match, in order; None to scan the
        whole text (no words to go by, or they are in most lines)."""
        if not needs:
            return None
        lines: set[int] = set()
        for word in needs:
            lines |= self._word_lines(word)
        if len(lines) > _SPARSE * len(self.line_starts):
            return None
        return [s for line in sorted(lines) for s in self._line_starts(line)]
