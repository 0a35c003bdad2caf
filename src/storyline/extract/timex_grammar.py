"""The tagging half of the time-expression extractor: a regular grammar over the article text.

Each rule is a template over named word classes (``<<MONTH>>``, ``<<NUM>>``...) filled in from the
lexicon and compiled once, when the lexicon is loaded. Tagging runs every rule over the text, keeps
the longest non-overlapping matches (ties go to the earlier rule), and hands them on as
:class:`Candidate` spans with the named parts the rule captured; the normaliser turns those into
TIMEX3 values. Extents follow the TimeML 1.2.1 guidelines: determiners and position words
(``the``, ``early``, ``the end of``) are part of an expression, prepositions are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["Candidate", "Grammar", "Kind", "compile_grammar", "find_candidates"]

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
class Grammar:
    """The compiled rules, in priority order."""

    rules: tuple[tuple[Kind, re.Pattern[str]], ...]


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
    units = keys("units") + keys("unit_plurals")
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
        "UNIT1": "(?P<unit>" + _alt(["week", "weekend", "month", "year", "decade", "century",
                                     "quarter"], flags="i") + ")",
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
    templates: list[tuple[Kind, str]] = [
        ("numeric_iso", r"(?P<y>(?:1[0-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"),
        ("numeric_dmy", r"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:1[0-9]|20)\d\d)"),
        ("numeric_mdy", r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:1[0-9]|20)\d\d|\d\d)"),
        ("date_mdy", "(?:<<WEEKDAY>>,? )?(?:<<POS>>)?<<MONTH>> <<DAY>>(?:,? <<YEAR>>)?"),
        ("date_dmy", "(?:<<WEEKDAY>>,? )?(?:the )?<<DAY>> (?:of )?<<MONTH>>(?:,? <<YEAR>>)?"),
        ("month_year", "(?:<<POS>>)?<<MONTH>>,? (?:of )?<<YEAR>>"),
        ("quarter", "(?:the )?(?P<qord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))"
                    "[- ](?i:(?:fiscal |financial )?quarter)(?:(?: of)? <<YEAR>>|(?i: of (?:the )?"
                    "(?P<qrel>this|last|next|current|previous|past) (?:fiscal |financial )?year)"
                    "| of (?i:the year))?"),
        ("quarter", r"(?P<qn>Q[1-4])(?: <<YEAR>>)?"),
        ("half", "(?:the )?(?P<hord>(?i:first|second)) half of (?:<<YEAR>>|(?:the )?"
                 "(?:<<REL>> )?(?i:year))"),
        ("century", "(?:<<POS>>|the )?(?P<cord>\\d{1,2}(?:st|nd|rd|th)|<<ORDW>>)[- ](?i:century)"),
        ("decade", "(?:<<POS>>|the )?(?P<dec>(?:1[0-9]|20)\\d)0'?s(?![\\w])"),
        ("decade", "(?:<<POS>>|the )?['’](?P<dec2>\\d)0s(?![\\w])"),
        ("season", "(?:<<POS>>)?(?:(?:<<REL>>|the) )?<<SEASON>>(?:(?: of)? <<YEAR>>)?"),
        ("season", "<<YEAR>> <<SEASON>>"),
        ("weekday", "(?:<<POS>>)?(?:<<REL>> )?<<WEEKDAY>>(?: <<POD>>)?"),
        ("weekday_set", "<<FULLWD>>s"),
        ("month", "(?:<<POS>>)?(?:(?P<rel>(?i:last|next|this|past|coming)) )?<<MONTHFULL>>"
                  "(?: (?i:of) (?:(?i:the) )?(?P<yrel>(?i:this|next|last|previous|following|"
                  "coming|current)) (?i:year))?"),
        ("day_word", "(?:(?P<ba>(?i:the day (?:before|after))) )?"
                     "(?P<dw>(?i:today|yesterday|tomorrow))(?: <<POD>>)?"),
        ("this_pod", "(?P<tp>(?i:this|last)) <<POD>>"),
        ("this_pod", "(?P<tp>(?i:tonight))"),
        ("relative_unit", "(?:<<POS>>)?(?:the )?<<REL>> (?:(?i:fiscal|financial|calendar|school)"
                          " )?<<UNIT1>>"),
        ("relative_unit", "<<POS>>(?:(?i:fiscal|financial|calendar) )?<<UNIT1>>"),
        ("weekend", "(?:<<POS>>)?the (?P<we>(?i:weekend))"),
        ("relative_day", "(?:the|that) (?P<rd>(?i:following|next|previous|preceding)) (?i:day)"),
        ("relative_day", "(?P<rd2>(?i:the day (?:before|after)))"),
        ("relative_day", "(?:the|that) (?P<rd3>(?i:same)) (?i:day)"),
        ("ago", "(?:<<NUM>>[- ])?<<UNIT>> (?i:ago)"),
        ("half_duration", "(?P<half>(?i:half an?)) <<UNIT>>"),
        ("half_duration", "<<NUM>>[- ]<<UNIT>> (?P<andhalf>(?i:and a half))"),
        ("half_duration", "<<NUM>> (?P<andhalf>(?i:and a half)) <<UNIT>>"),
        ("duration", "(?:(?P<dmod>(?i:the (?:past|last|next|first|previous|coming|following|final"
                     "|remaining|latest|preceding|ensuing|same|entire|whole|full|initial))) )?"
                     "<<NUM>>[- ](?:<<DADJ>> )?<<UNIT>>(?:[- ](?i:long))?"),
        ("bare_units", "(?P<bare>(?i:seconds|minutes|hours|days|weeks|months|years|decades))"),
        ("time", r"(?P<h>[01]?\d|2[0-4]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?: ?<<AMPM>>)?"
                 "(?: <<ZONE>>)?"),
        ("time", r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))? ?<<AMPM>>(?: <<ZONE>>)?"),
        ("time", r"(?P<h>1[0-2]|0?[1-9]|<<CARD>>) (?i:o'clock|o’clock)(?: <<ZONE>>)?"),
        ("time", r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d) ?(?i:h|hrs|hours)?(?: <<ZONE>>)"),
        ("day_time", "(?P<dt>(?i:noon|midday|midnight))"),
        ("ordinal_day", r"the (?P<oday>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)"
                        r"(?=[^\S\n]*(?:[,.;:!?)]|$)|[^\S\n]+(?i:and|or|to|until|till|through|at"
                        r"|when|on|as|but)(?![\w]))"),
        ("day_count", r"the (?P<ocount><<ORDW>>|\d+(?:st|nd|rd|th))(?: (?i:straight|consecutive"
                      r"|successive))? (?i:day)"),
        ("reference", "(?P<ref><<REFS>>)"),
        ("set", "(?P<q>(?i:every|each|per)) (?:(?i:other) )?(?:<<NUM>> )?(?:<<UNIT>>|<<WEEKDAY>>"
                "|<<POD>>)"),
        ("freq_set", "(?P<freq>(?i:once|twice|thrice)|(?:\\d+|<<CARD>>) (?i:times)) "
                     "(?i:a|an|per|each|every) <<UNIT>>"),
        ("set_adverb", "<<SETADV>>"),
        ("year", "(?:<<POS>>)?(?:(?P<fy>(?i:(?:the )?(?:fiscal|financial|calendar|model) "
                 "(?:year )?)|FY ?))?<<YEAR>>"),
        ("year_cont", r"(?<=(?:1[0-9]|20)\d\d[-–])(?P<yy>\d\d)"),
        ("year_short", r"(?:(?i:the) )?['’](?P<yy>\d\d)"),
    ]
    rules: list[tuple[Kind, re.Pattern[str]]] = []
    slot_re = re.compile(r"<<([A-Z0-9]+)>>")
    for kind, template in templates:
        body = slot_re.sub(lambda m: slots[m.group(1)], template.replace("[- ]", "(?:-| )"))
        body = body.replace(" ?", "[^\\S\n]*").replace(" ", _SP)
        # Expressions start and end at word edges; a year is not part of a longer number.
        pattern = r"(?<![\w$€£#])(?<![\d][.,:/])" + body + r"(?![\w%])(?![.,:/]\d)"
        rules.append((kind, re.compile(pattern)))
    return Grammar(rules=tuple(rules))


def find_candidates(text: str, grammar: Grammar) -> list[Candidate]:
    """Run every rule over the text and keep the longest non-overlapping matches.

    Args:
        text: The text to tag.
        grammar: The compiled rules (from the lexicon).

    Returns:
        Candidates in text order, none overlapping.
    """
    found: list[Candidate] = []
    for rank, (kind, pattern) in enumerate(grammar.rules):
        for m in pattern.finditer(text):
            if m.end() <= m.start():
                continue
            parts = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append(Candidate(m.start(), m.end(), kind, parts, rank))
    found.sort(key=lambda c: (-(c.end - c.start), c.rank, c.start))
    taken: list[Candidate] = []
    for cand in found:
        if any(cand.start < t.end and t.start < cand.end for t in taken):
            continue
        taken.append(cand)
    taken.sort(key=lambda c: c.start)
    return taken
