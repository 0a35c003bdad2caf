"""Property: any ArticleAnalysis and any actors, with arbitrary Unicode, survive the store.

Offsets, texts and optional fields are arbitrary (the store does not check that offsets slice the
article text; the extractors' own properties do). Links to actors are drawn from actors stored
first, since the store refuses links to actors it does not hold. Event ids are unique across the
corpus (the store's contract). Floats are finite and integers fit 64 bits: the store refuses
anything else with an error (tested in tests/unit/store/test_store_events.py) rather than store
a value that reads back as another.
"""

from __future__ import annotations

import dataclasses
import tempfile
import typing
from collections.abc import Callable, Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.records import (
    Actor,
    ActorKind,
    ActorMention,
    Article,
    ArticleAnalysis,
    Descriptor,
    Event,
    InputFormat,
    Mention,
    Modality,
    OffsetMap,
    Place,
    PublishedDate,
    Quote,
    TimeExpr,
    TimexType,
)
from storyline.store import open_store

# Any code point but lone surrogates, which no UTF-8 store can hold (see test_store_roundtrip.py).
chars = st.characters(codec="utf-8")
texts = st.text(chars, max_size=30)
opt_texts = st.none() | texts
offsets = st.integers(min_value=-1, max_value=2**40)
opt_offsets = st.none() | offsets
hex_ids = st.text("0123456789abcdef", min_size=16, max_size=16)
kinds = st.sampled_from(typing.get_args(ActorKind))
forms = st.sampled_from(typing.get_args(typing.get_type_hints(Mention)["form"]))
timex_types = st.sampled_from(typing.get_args(TimexType))
granularities = st.none() | st.sampled_from(["day", "month", "year"])
int64s = st.integers(min_value=-(2**63), max_value=2**63 - 1)
finite = st.floats(allow_nan=False, allow_infinity=False)
opt_floats = st.none() | finite
producers = st.lists(st.tuples(texts, texts), max_size=4).map(tuple)

descriptors = st.lists(
    st.builds(
        Descriptor, article_id=hex_ids, text=texts, start=offsets, end=offsets, role=opt_texts,
        country=opt_texts, sector=opt_texts, producer=texts,
    ),
    max_size=3,
).map(tuple)

actors = st.builds(
    Actor, id=texts, name=texts, aliases=st.lists(texts, max_size=3).map(tuple), kind=kinds,
    role=opt_texts, country=opt_texts, sector=opt_texts, code=opt_texts, descriptors=descriptors,
)


def _article(article_id: str) -> Article:
    return Article(
        id=article_id, source=f"in/{article_id}.txt", format=InputFormat.TXT, url=None,
        original_text="", text="", offsets=OffsetMap(segments=()), removed=(), title=None,
        title_span=None, subtitle=None, subtitle_span=None, outlet=None, outlet_evidence=None,
        agency=None, dateline=None, dateline_span=None,
        published=PublishedDate(value=None, granularity=None, method="none", confidence=0.0),
        language=None, language_confidence=None, encoding=None, extractor="test",
    )


def places(article_id: str) -> st.SearchStrategy[Place]:
    """Any place of ``article_id``."""
    return st.builds(
        Place, article_id=st.just(article_id), start=offsets, end=offsets, text=texts,
        name=texts, country=opt_texts, country_fips=opt_texts, admin1=opt_texts,
        lat=opt_floats, lon=opt_floats, feature=texts, geonameid=st.none() | int64s,
        producer=texts,
    )


def events(
    article_id: str, ids: Sequence[str], links: st.SearchStrategy[str | None]
) -> st.SearchStrategy[tuple[Event, ...]]:
    """Events of ``article_id``, one per id of ``ids``, linked only through ``links``."""
    event = st.builds(
        Event, id=st.just(""), article_id=st.just(article_id), start=offsets, end=offsets,
        trigger=texts, trigger_start=offsets, trigger_end=offsets, source=opt_texts,
        source_start=opt_offsets, source_end=opt_offsets, source_actor=links,
        source_code=opt_texts, target=opt_texts, target_start=opt_offsets,
        target_end=opt_offsets, target_actor=links, target_code=opt_texts, cameo=texts,
        plover=opt_texts, plover_mode=opt_texts, goldstein=opt_floats,
        quad_class=st.none() | int64s, modality=st.sampled_from(typing.get_args(Modality)),
        asserted_by=opt_texts, asserted_by_kind=st.none() | st.sampled_from(["outlet", "speaker"]),
        date=st.none() | st.dates(), date_granularity=granularities,
        date_source=st.none() | st.sampled_from(["timex", "article"]),
        place=st.none() | places(article_id), rule=texts, producer=texts,
    )
    def with_id(event_id: str) -> st.SearchStrategy[Event]:
        return event.map(lambda e: dataclasses.replace(e, id=event_id))

    return st.tuples(*(with_id(i) for i in ids))


@st.composite
def analyses(
    draw: st.DrawFn, article_id: str, actor_ids: Sequence[str], event_ids: Sequence[str] = ()
) -> ArticleAnalysis:
    """An analysis of ``article_id`` whose links name only ``actor_ids`` (or nothing)."""
    links = st.none() | (st.sampled_from(actor_ids) if actor_ids else st.nothing())
    mentions = st.builds(
        ActorMention,
        mention=st.builds(
            Mention, article_id=st.just(article_id), text=texts, start=offsets, end=offsets,
            kind=kinds, form=forms, actor_id=links, producer=texts,
        ),
        name=texts, key=opt_texts, code=opt_texts, country=opt_texts, sector=opt_texts,
        descriptors=descriptors, antecedent=st.none() | st.tuples(offsets, offsets),
    )
    quotes = st.builds(
        Quote, article_id=st.just(article_id), text=texts, start=offsets, end=offsets,
        speaker=opt_texts, speaker_start=opt_offsets, speaker_end=opt_offsets,
        speaker_name=opt_texts, speaker_id=links, cue=opt_texts, cue_start=opt_offsets,
        cue_end=opt_offsets, direct=st.booleans(), via=opt_texts, producer=texts,
    )
    times = st.builds(
        TimeExpr, article_id=st.just(article_id), text=texts, start=offsets, end=offsets,
        type=timex_types, value=texts, date=st.none() | st.dates(), granularity=granularities,
        anchored=st.booleans(), mod=opt_texts, producer=texts,
    )
    return ArticleAnalysis(
        article_id=article_id,
        actor_mentions=tuple(draw(st.lists(mentions, max_size=4))),
        quotes=tuple(draw(st.lists(quotes, max_size=3))),
        times=tuple(draw(st.lists(times, max_size=3))),
        places=tuple(draw(st.lists(places(article_id), max_size=3))),
        events=draw(events(article_id, event_ids, links)),
        producers=draw(producers),
    )


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[Actor], list[ArticleAnalysis]]:
    """Actors with unique ids, and analyses of 1-3 articles that link to some of them."""
    cast = draw(st.lists(actors, max_size=4, unique_by=lambda a: a.id))
    ids = draw(st.lists(hex_ids, min_size=1, max_size=3, unique=True))
    # Event ids are unique across the store: draw them all, then share them out.
    every = draw(st.lists(texts, max_size=6, unique=True))
    cuts = sorted(draw(st.lists(st.integers(0, len(every)), min_size=len(ids) - 1,
                                max_size=len(ids) - 1)))
    groups = [every[a:b] for a, b in zip([0, *cuts], [*cuts, len(every)], strict=True)]
    return cast, [
        draw(analyses(i, [a.id for a in cast], group)) for i, group in zip(ids, groups, strict=True)
    ]


def _in_store(test: Callable[..., None]) -> Callable[..., None]:
    return settings(
        max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )(test)


@_in_store
@given(corpus=corpora())
def test_analyses_round_trip_exactly(corpus: tuple[list[Actor], list[ArticleAnalysis]]) -> None:
    cast, batch = corpus
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        store.upsert_articles([_article(a.article_id) for a in batch])
        store.replace_actors(cast, mention_actor_ids={}, quote_speaker_ids={})
        store.save_analyses(batch)
        for analysis in batch:
            assert store.analysis(analysis.article_id) == analysis
        mentions = [m for a in batch for m in a.actor_mentions]
        listed = list(store.all_actor_mentions())
        assert sorted(listed, key=repr) == sorted(mentions, key=repr)
        keys = [(m.mention.article_id, m.mention.start, m.mention.end) for m in listed]
        assert keys == sorted(keys)
        assert sorted(store.quotes(), key=repr) == sorted(
            (q for a in batch for q in a.quotes), key=repr
        )
        assert sorted(store.times(), key=repr) == sorted(
            (t for a in batch for t in a.times), key=repr
        )
        assert sorted(store.places(), key=repr) == sorted(
            (p for a in batch for p in a.places), key=repr
        )
        listed_events = store.events()
        assert sorted(listed_events, key=repr) == sorted(
            (e for a in batch for e in a.events), key=repr
        )
        dates = [e.date for e in listed_events]
        dated = [d for d in dates if d is not None]
        assert dates == dated + [None] * (len(dates) - len(dated)) and dated == sorted(dated)
        for event in listed_events:
            assert store.get_event(event.id) == event
        # Saving again changes nothing, and under the same producers nothing needs analysing.
        store.save_analyses(batch)
        assert [store.analysis(a.article_id) for a in batch] == batch
        for analysis in batch:
            if len(dict(analysis.producers)) == len(analysis.producers):
                needed = store.analysis_needed([analysis.article_id], dict(analysis.producers))
                assert needed == []


@_in_store
@given(corpus=corpora(), data=st.data())
def test_actors_and_links_round_trip(
    corpus: tuple[list[Actor], list[ArticleAnalysis]], data: st.DataObject
) -> None:
    cast, batch = corpus
    ids = [a.id for a in cast]
    unlinked = [
        dataclasses.replace(
            a,
            actor_mentions=tuple(
                dataclasses.replace(m, mention=dataclasses.replace(m.mention, actor_id=None))
                for m in a.actor_mentions
            ),
            quotes=tuple(dataclasses.replace(q, speaker_id=None) for q in a.quotes),
            events=tuple(dataclasses.replace(e, source_actor=None, target_actor=None)
                         for e in a.events),
        )
        for a in batch
    ]
    mention_keys = [
        (m.mention.article_id, m.mention.start, m.mention.end)
        for a in batch for m in a.actor_mentions
    ]
    links = st.sampled_from(ids) if ids else st.nothing()
    mention_ids = data.draw(st.dictionaries(st.sampled_from(mention_keys), links)
                            if mention_keys and ids else st.just({}))
    event_keys = [(e.article_id, e.id) for a in batch for e in a.events]
    side = st.none() | links
    event_ids = data.draw(st.dictionaries(st.sampled_from(event_keys), st.tuples(side, side))
                          if event_keys else st.just({}))
    survivors = data.draw(st.lists(st.sampled_from(cast), unique_by=lambda a: a.id)
                          if cast else st.just([]))
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        store.upsert_articles([_article(a.article_id) for a in batch])
        store.save_analyses(unlinked)
        store.replace_actors(cast, mention_actor_ids=mention_ids, quote_speaker_ids={},
                             event_actor_ids=event_ids)
        expected = {key: event_ids.get(key, (None, None)) for key in event_keys}
        assert {(e.article_id, e.id): (e.source_actor, e.target_actor)
                for e in store.events()} == expected
        listed = list(store.all_actor_mentions())
        assert [m.mention.actor_id for m in listed] == [
            mention_ids.get((m.mention.article_id, m.mention.start, m.mention.end))
            for m in listed
        ]
        got = store.actors()
        assert sorted((dataclasses.replace(a, mentions=()) for a in got), key=repr) == sorted(
            cast, key=repr
        )
        counts = [len(a.mentions) for a in got]
        assert counts == sorted(counts, reverse=True)
        for actor in got:
            assert all(m.actor_id == actor.id for m in actor.mentions)
            assert [(m.article_id, m.start) for m in actor.mentions] == sorted(
                (m.article_id, m.start) for m in actor.mentions
            )
            assert store.get_actor(actor.id) == actor
        assert sum(counts) == sum(1 for m in listed if m.mention.actor_id is not None)
        # Without event ids, events keep their links to the actors that are still there.
        store.replace_actors(survivors, mention_actor_ids={}, quote_speaker_ids={})
        kept = {a.id for a in survivors}
        assert {(e.article_id, e.id): (e.source_actor, e.target_actor)
                for e in store.events()} == {
            key: tuple(i if i in kept else None for i in pair) for key, pair in expected.items()
        }
