"""Linking quote speakers to merged actors (link/quotes.py)."""

from __future__ import annotations

from storyline.link.quotes import link_speakers
from storyline.records import Actor, ActorMention, Mention, Quote


def _mention(article: str, start: int, text: str, name: str, kind: str = "person") -> ActorMention:
    return ActorMention(
        mention=Mention(
            article_id=article,
            text=text,
            start=start,
            end=start + len(text),
            kind=kind,  # type: ignore[arg-type]
            form="name",
            producer="test",
        ),
        name=name,
    )


def _quote(article: str, start: int, speaker: str | None, s: int | None, name: str | None) -> Quote:
    return Quote(
        article_id=article,
        text="words",
        start=start,
        end=start + 5,
        speaker=speaker,
        speaker_start=s,
        speaker_end=None if s is None or speaker is None else s + len(speaker),
        speaker_name=name,
        direct=True,
        producer="test",
    )


def _actor(aid: str, name: str, *aliases: str) -> Actor:
    return Actor(id=aid, name=name, aliases=aliases, kind="person")


ACTORS = [_actor("A", "Sergey Ryabkov", "Ryabkov"), _actor("B", "Sergei Lavrov", "Lavrov")]


def test_speaker_span_overlapping_a_mention_takes_its_actor() -> None:
    m = _mention("x", 10, "Ryabkov", "Sergey Ryabkov")
    q = _quote("x", 100, "Ryabkov", 10, "Sergey Ryabkov")
    out = link_speakers([q], mentions=[m], actor_ids={("x", 10, 17): "A"}, actors=ACTORS)
    assert out == {("x", 100, 105): "A"}


def test_person_mention_preferred_over_overlapping_organisation() -> None:
    person = _mention("x", 10, "Ryabkov", "Sergey Ryabkov")
    org = _mention("x", 0, "Foreign Ministry Ryabkov", "Foreign Ministry", kind="organization")
    q = _quote("x", 100, "Ryabkov", 10, None)
    ids = {("x", 10, 17): "A", ("x", 0, 24): "ORG"}
    assert (
        link_speakers([q], mentions=[org, person], actor_ids=ids, actors=ACTORS)[("x", 100, 105)]
        == "A"
    )


def test_pronoun_resolved_by_name_in_the_same_article() -> None:
    m = _mention("x", 10, "Sergei Lavrov", "Sergei Lavrov")
    q = _quote("x", 200, "he", 150, "Sergei Lavrov")
    out = link_speakers([q], mentions=[m], actor_ids={("x", 10, 23): "B"}, actors=ACTORS)
    assert out[("x", 200, 205)] == "B"


def test_falls_back_to_the_corpus_by_name() -> None:
    q = _quote("y", 0, "the minister", 50, "Sergey Ryabkov")
    assert link_speakers([q], mentions=[], actor_ids={}, actors=ACTORS)[("y", 0, 5)] == "A"


def test_ambiguous_or_unknown_speaker_stays_unlinked() -> None:
    actors = [*ACTORS, _actor("C", "Anna Smith"), _actor("D", "Anna Smith Jones")]
    unknown = _quote("y", 0, "he", 50, "Boris Johnson")
    nobody = _quote("y", 10, None, None, None)
    out = link_speakers([unknown, nobody], mentions=[], actor_ids={}, actors=actors)
    assert out == {("y", 0, 5): None, ("y", 10, 15): None}


def test_mentions_of_other_articles_are_not_used_for_overlap() -> None:
    m = _mention("other", 10, "Ryabkov", "Sergey Ryabkov")
    q = _quote("x", 100, "Smith", 10, "John Smith")
    out = link_speakers([q], mentions=[m], actor_ids={("other", 10, 17): "A"}, actors=ACTORS)
    assert out[("x", 100, 105)] is None


def test_resolved_person_beats_a_country_inside_the_speakers_title() -> None:
    country = _mention("x", 30, "Russian Federation", "Russia", kind="country")
    person = _mention("x", 500, "Mikhail Bogdanov", "Mikhail Bogdanov")
    q = _quote("x", 900, "Deputy foreign Minister of the Russian Federation", 0, "Mikhail Bogdanov")
    ids = {("x", 30, 48): "RUS", ("x", 500, 516): "BOG"}
    out = link_speakers([q], mentions=[country, person], actor_ids=ids, actors=[])
    assert out[("x", 900, 905)] == "BOG"
