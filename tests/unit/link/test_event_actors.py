"""Linking event sources and targets to merged actors (link/events.py)."""

from __future__ import annotations

from storyline.link.events import link_event_actors
from storyline.records import ActorMention, Event, Mention


def _mention(start: int, text: str, kind: str = "person") -> ActorMention:
    return ActorMention(
        mention=Mention(
            article_id="a",
            text=text,
            start=start,
            end=start + len(text),
            kind=kind,  # type: ignore[arg-type]
            form="name",
            producer="t",
        ),
        name=text,
    )


def _event(source: tuple[int, int] | None, target: tuple[int, int] | None) -> Event:
    return Event(
        id="e1",
        article_id="a",
        start=0,
        end=100,
        trigger="met",
        trigger_start=20,
        trigger_end=23,
        source="x",
        source_start=source[0] if source else None,
        source_end=source[1] if source else None,
        target="y",
        target_start=target[0] if target else None,
        target_end=target[1] if target else None,
        cameo="040",
        rule="t",
        producer="t",
    )


def test_exact_and_overlapping_spans_are_linked() -> None:
    kerry = _mention(0, "John Kerry")
    lavrov = _mention(30, "Sergei Lavrov")
    ids = {("a", 0, 10): "K", ("a", 30, 43): "L"}
    out = link_event_actors([_event((0, 10), (25, 43))], mentions=[kerry, lavrov], actor_ids=ids)
    assert out == {("a", "e1"): ("K", "L")}


def test_unlinked_spans_stay_none() -> None:
    out = link_event_actors([_event(None, (50, 57))], mentions=[], actor_ids={})
    assert out == {("a", "e1"): (None, None)}


def test_person_preferred_over_organisation_when_overlapping() -> None:
    org = _mention(0, "State Department spokeswoman Elizabeth Trudeau", kind="organization")
    person = _mention(29, "Elizabeth Trudeau")
    ids = {("a", 0, 46): "ORG", ("a", 29, 46): "P"}
    out = link_event_actors([_event((20, 46), None)], mentions=[org, person], actor_ids=ids)
    assert out[("a", "e1")] == ("P", None)
