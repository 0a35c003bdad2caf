"""Golden: every named speaker of the issue's list is linked to the right merged actor.

Established by reading the articles: who speaks each quotation, whatever the article calls
them ("the diplomat", "he", "– said Deputy foreign Minister of the Russian Federation").
"""

from __future__ import annotations

import pytest

from storyline.store.sqlite import SqliteStore

# (file prefix, quote starts with, actor name)
EXPECTED = [
    ("000", "Consultations began at 16:00", "Alexei Borodavkin"),
    ("000", "We hope for their assistance", "Alexei Borodavkin"),
    ("000", "concrete joint actions without any preconditions", "Sergei Shoigu"),
    ("001", "Aircraft of Russian air force", "Igor Konashenkov"),
    ("001", "Cease these attacks on anybody", "White House"),
    ("001", "I got this information", "Piotr Dutkiewicz"),
    ("001", "Mr Putin hesitated", "Piotr Dutkiewicz"),
    ("001", "At all levels this was discussed", "Mikhail Bogdanov"),
    ("002", "I rule out the possibility", "Sergei Ryabkov"),
    ("002", "There is a possibility that the meeting", "Sergei Ryabkov"),
    ("002", "Our delegation is ready to stay", "Sergei Ryabkov"),
    ("002", "with maps in their hands", "Sergei Lavrov"),
    ("003", "We are step-by-step approaching", "Sergei Shoigu"),
    ("003", "We have seen the reports", "Elizabeth Trudeau"),
    ("003", "No one and nowhere is safe", "Peter Maurer"),
    ("004", "search for possible ways", "Viktor Poznikhir"),
    ("004", "We hope that American partners", "Viktor Poznikhir"),
    ("004", "suspend U.S.-Russia bilateral engagement", "John Kerry"),
]


@pytest.mark.parametrize(("prefix", "start", "speaker"), EXPECTED)
def test_quote_speaker_is_linked(
    sample_store: SqliteStore, prefix: str, start: str, speaker: str
) -> None:
    article = next(
        a for a in sample_store.articles() if a.source.split("/")[-1].startswith(prefix)
    )
    names = {a.id: a.name for a in sample_store.actors()}
    found = [q for q in sample_store.quotes(article_id=article.id) if q.text.startswith(start)]
    assert found, f"no quote starting {start!r} in {prefix}"
    assert {names.get(q.speaker_id or "") for q in found} == {speaker}
