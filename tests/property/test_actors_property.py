"""Properties of actor extraction and merging.

Extraction runs on ``spacy.blank("en")`` documents (the rules, without the model) so that hundreds
of examples stay fast: it never raises on arbitrary Unicode, and every offset slices the text back.
Merging gives the same actors and ids whatever the order of its input.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.actor_gazetteer import (
    fold,
    fold_pieces,
    join_folded,
    load_actor_gazetteer,
)
from storyline.extract.actors import ActorMention, actor_mentions
from storyline.link.actors import merge_actors
from storyline.records import Descriptor, Mention

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.extract.actor_gazetteer import ActorGazetteer


@cache
def _tools() -> tuple[Language, ActorGazetteer]:
    # Loaded once per test process; hypothesis does not allow function-scoped fixtures.
    return spacy.blank("en"), load_actor_gazetteer()


# Fragments that exercise the rules: titles, names, countries, groups, brackets, possessives.
FRAGMENTS = [
    "Russian", "Deputy", "Foreign", "Minister", "Sergey", "Ryabkov", "the", "diplomat", "said",
    "Moscow", "and", "Damascus", "in", "Russia’s", "Permanent", "Representative", "to", "UN",
    "(", ")", "Mr", "(Vladimir)", "Putin", "Lt.", "Gen.", "of", "General", "Staff", ",",
    "president", "ICRC", "“Dzhebhat", "EN-Nusra”", "al-Nusra", "US", "us", "MOSCOW", "–",
    "defense", "ministry", "The", "minister", "major-General", "Special", "Envoy", "for",
    "Syria", "Staffan", "de", "Mistura", "\n\n", ".", "'s", "-", "Ü", "ß", "İ", "\u200b",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=30)
    .map("".join),
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_extraction_never_raises_and_offsets_slice_back(text: str) -> None:
    nlp, gazetteer = _tools()
    doc = nlp(text)
    for item in actor_mentions(doc, article_id="p", gazetteer=gazetteer):
        m = item.mention
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert item.name
        for d in item.descriptors:
            assert 0 <= d.start < d.end <= len(text)
            assert text[d.start:d.end] == d.text


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.lists(st.sampled_from(FRAGMENTS), max_size=6)
                 .map("".join)), st.text(max_size=20))
def test_fold_of_a_text_is_the_fold_of_its_parts_glued(a: str, b: str) -> None:
    # The actor matcher folds each token once and builds the keys of token runs from the pieces.
    pa, pb = fold_pieces(a), fold_pieces(b)
    assert join_folded([*pa[:-1], pa[-1] + pb[0], *pb[1:]]) == fold(a + b)
    assert join_folded([*pa, *pb]) == fold(f"{a} {b}")


NAMES = ["Sergei Ryabkov", "Sergey Ryabkov", "Ryabkov", "John Smith", "Jane Smith", "Smith",
         "Alexei Borodavkin", "Borodavkin", "Ali Hassan"]
COUNTRIES = [None, "RUS", "USA", "GBR"]


@st.composite
def mention_items(draw: st.DrawFn) -> list[ActorMention]:
    n = draw(st.integers(min_value=0, max_value=12))
    items = []
    for k in range(n):
        article = draw(st.sampled_from(["a1", "a2", "a3"]))
        name = draw(st.sampled_from(NAMES))
        country = draw(st.sampled_from(COUNTRIES))
        start = 100 * k
        mention = Mention(article_id=article, text=name, start=start, end=start + len(name),
                          kind="person", form="surname" if " " not in name else "name",
                          producer="actors.rules.v1")
        descs: tuple[Descriptor, ...] = ()
        if country is not None:
            descs = (Descriptor(article_id=article, text=country, start=start + 50,
                                end=start + 53, country=country, producer="test"),)
        items.append(ActorMention(mention=mention, name=name, descriptors=descs))
    return items


@settings(max_examples=200, deadline=None)
@given(mention_items(), st.randoms(use_true_random=False))
def test_merge_ignores_input_order(items: list[ActorMention], rng: object) -> None:
    shuffled = items[:]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = merge_actors(items), merge_actors(shuffled)
    assert first == second
    ids = [a.id for a in first.actors]
    assert len(ids) == len(set(ids))
    assert sum(len(a.mentions) for a in first.actors) == len(
        {(i.mention.article_id, i.mention.start) for i in items})
