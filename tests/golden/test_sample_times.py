"""Golden: the sample corpus's time expressions land on the right calendar day.

Expected values were established by reading the articles against a calendar: e.g. the TASS
dateline "GENEVA, July 29" is a Friday in 2016, so Shoigu's "said on Thursday" is 2016-07-28; the
TRT World story is of Tuesday 2016-08-16, so de Mistura's "last Thursday" is 2016-08-11.
"""

from __future__ import annotations

import pytest

from storyline.store.sqlite import SqliteStore

# (file prefix, expression as written, expected TIMEX3 value prefix)
EXPECTED = [
    ("000", "Friday", "2016-07-29"),
    ("000", "Thursday", "2016-07-28"),
    ("000", "February 22", "2016-02-22"),
    ("000", "February 27", "2016-02-27"),
    ("000", "16:00 local time", "2016-07-29T16:00"),
    ("001", "Monday", "2016-10-24"),
    ("001", "October 20", "2016-10-20"),
    ("001", "the evening of the 22nd", "2016-10-22"),
    ("001", "three-day", "P3D"),
    ("001", "September", "2016-09"),
    ("002", "Wednesday", "2016-10-19"),
    ("002", "tomorrow", "2016-10-20"),
    ("002", "Last Saturday", "2016-10-15"),
    ("002", "Tuesday", "2016-10-18"),
    ("003", "Tuesday", "2016-08-16"),
    ("003", "last Thursday", "2016-08-11"),
    ("003", "July 28", "2016-07-28"),
    ("003", "Monday", "2016-08-15"),
    # "The Russian General Staff later said that starting from August 11 combat operations ...
    # would be paused": a future-in-the-past, so not next year's August 11.
    ("003", "August 11", "2016-08-11"),
    ("003", "three hours", "PT3H"),
    ("004", "Wednesday", "2016-09-28"),
    ("004", "Sept. 9", "2016-09-09"),
]

def _values(store: SqliteStore, prefix: str, text: str) -> list[str]:
    article = next(a for a in store.articles() if a.source.split("/")[-1].startswith(prefix))
    return [t.value for t in store.times(article_id=article.id) if t.text == text]


@pytest.mark.parametrize(("prefix", "text", "value"), EXPECTED)
def test_time_expression_value(
    sample_store: SqliteStore, prefix: str, text: str, value: str
) -> None:
    values = _values(sample_store, prefix, text)
    assert values, f"{text!r} not found in article {prefix}"
    assert any(v.startswith(value) for v in values), f"{text!r}: {values} (expected {value})"
