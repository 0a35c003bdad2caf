"""Near-duplicate detection on hand-made pairs."""

from __future__ import annotations

from story_builders import make

from storyline.link.duplicates import DuplicateIndex, find_duplicates, shingles
from storyline.records import Article

BODY = (
    "Russian and US military experts began consultations in Geneva on Friday on joint measures to "
    "stabilise the situation in the Syrian city of Aleppo, the Russian envoy said. The talks were "
    "held behind closed doors and are expected to continue next week, he added. Humanitarian "
    "organisations have called for a pause in the fighting to deliver food and medicine to the "
    "besieged eastern districts of the city, where tens of thousands of civilians remain trapped."
    "\nThe envoy said Moscow was open to cooperation with humanitarian groups."
)
OTHER = (
    "Iraqi forces backed by a US-led coalition pushed towards Mosul on Monday as the offensive to "
    "retake the city from Islamic State entered its second week, military officials said. "
    "Thousands of families have fled villages south of the city, aid agencies reported, and the "
    "United Nations warned that up to a million people could be displaced by the fighting in the "
    "coming weeks. Kurdish peshmerga fighters advanced from the east."
)


def wire_copy() -> tuple[Article, Article]:
    original = make(BODY, "Russian, US experts begin talks on Aleppo", "2016-07-29")
    edited = BODY.replace("said", "stated", 1).replace("\nThe envoy said Moscow was open to "
                                                       "cooperation with humanitarian groups.", "")
    copy = make("GENEVA (Reuters) - " + edited, "Aleppo talks begin in Geneva", "2016-07-30")
    return original, copy


def test_shingles_are_word_kgrams_of_normalised_text() -> None:
    assert shingles("The  CAT sat. On the mat", k=3) == {"the cat sat", "cat sat on", "sat on the",
                                                          "on the mat"}
    assert shingles("Two words", k=3) == {"two words"}
    assert shingles("", k=3) == set()


def test_a_lightly_edited_wire_copy_is_a_duplicate_of_the_earlier_article() -> None:
    original, copy = wire_copy()
    index = DuplicateIndex()
    found = list(find_duplicates([original, copy], index=index))
    assert [(d.article_id, d.duplicate_of) for d in found] == [(copy.id, original.id)]
    assert found[0].similarity >= index.threshold
    assert found[0].producer.startswith("duplicates.minhash.v1")


def test_representative_is_the_earliest_whatever_the_insertion_order() -> None:
    original, copy = wire_copy()
    index = DuplicateIndex()
    list(find_duplicates([copy, original], index=index))
    assert index.mapping() == {copy.id: original.id}


def test_distinct_same_topic_articles_are_not_duplicates() -> None:
    a = make(BODY, "Aleppo talks", "2016-07-29")
    b = make(OTHER, "Mosul offensive", "2016-10-24")
    index = DuplicateIndex()
    assert list(find_duplicates([a, b], index=index)) == []
    assert list(index.duplicates()) == []


def test_state_round_trip_keeps_groups_and_finds_new_copies() -> None:
    original, copy = wire_copy()
    index = DuplicateIndex()
    list(find_duplicates([original], index=index))
    restored = DuplicateIndex.from_state(index.to_state())
    assert [d.duplicate_of for d in find_duplicates([copy], index=restored)] == [original.id]
    assert len(restored) == 2 and original.id in restored
