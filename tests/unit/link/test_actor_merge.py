"""Merging actor mentions across articles: hand-built mentions, one test per rule."""

from __future__ import annotations

import random

from storyline.extract.actors import ActorMention
from storyline.link.actors import actor_id, mention_key, merge_actors, name_key, names_match
from storyline.records import ActorKind, Descriptor, Mention


def _am(article: str, start: int, name: str, *, kind: ActorKind = "person", form: str = "name",
        text: str | None = None, key: str | None = None, role: str | None = None,
        country: str | None = None, sector: str | None = None,
        antecedent: tuple[int, int] | None = None) -> ActorMention:
    text = text or name
    mention = Mention(article_id=article, text=text, start=start, end=start + len(text),
                      kind=kind, form=form,  # type: ignore[arg-type]
                      producer="actors.rules.v1")
    descs: tuple[Descriptor, ...] = ()
    if role or country or sector:
        descs = (Descriptor(article_id=article, text=role or country or "",
                            start=max(0, start - 20), end=start - 1, role=role,
                            country=country, sector=sector, producer="actors.descriptors.v1"),)
    return ActorMention(mention=mention, name=name, key=key, descriptors=descs,
                        antecedent=antecedent)


def _people(items: list[ActorMention]) -> dict[str, tuple[str, ...]]:
    merged = merge_actors(items)
    return {a.name: a.aliases for a in merged.actors if a.kind == "person"}


def test_name_key_folds_transliteration_and_particles() -> None:
    assert name_key("Sergei Ryabkov") == name_key("Sergey Ryabkov")
    assert name_key("Alexei Borodavkin") == name_key("Aleksey Borodavkin")
    assert name_key("Bashar al-Assad") == name_key("Bashar al Assad") == ("bashar", "asad")
    assert names_match(name_key("Piotr Dutkiewicz"), name_key("Pyotr Dutkiewicz"))
    assert names_match(name_key("J. Kerry"), name_key("John Kerry"))
    assert names_match(name_key("John Forbes Kerry"), name_key("John Kerry"))
    assert not names_match(name_key("John Smith"), name_key("Jane Smith"))
    assert not names_match(name_key("Sergei Ivanov"), name_key("Sergei Ivanova Petrova"))


def test_spelling_variants_merge_across_articles() -> None:
    items = [_am("a1", 0, "Sergei Ryabkov", role="deputy foreign minister", country="RUS"),
             _am("a2", 10, "Sergey Ryabkov"), _am("a2", 50, "Sergey Ryabkov"),
             _am("a3", 0, "Aleksey Borodavkin"), _am("a4", 0, "Alexei Borodavkin")]
    people = _people(items)
    assert set(people) == {"Sergey Ryabkov", "Aleksey Borodavkin"}
    assert people["Sergey Ryabkov"] == ("Sergei Ryabkov",)


def test_surname_joins_full_name_in_article_then_corpus() -> None:
    items = [_am("a1", 0, "Sergei Shoigu", role="defence minister", country="RUS"),
             _am("a1", 40, "Shoigu", form="surname"),
             _am("a2", 5, "Shoigu", form="surname"),
             _am("a3", 0, "Dmitry Peskov"), _am("a3", 30, "Peskov", form="surname")]
    merged = merge_actors(items)
    shoigu = next(a for a in merged.actors if a.name == "Sergei Shoigu")
    assert {(m.article_id, m.text) for m in shoigu.mentions} == {
        ("a1", "Sergei Shoigu"), ("a1", "Shoigu"), ("a2", "Shoigu")}
    assert shoigu.aliases == ("Shoigu",)
    assert len([a for a in merged.actors if a.kind == "person"]) == 2


def test_nominal_merges_through_its_resolved_name() -> None:
    items = [_am("a1", 0, "Alexei Borodavkin", role="permanent representative", country="RUS",
                 sector="diplomat"),
             _am("a1", 100, "Alexei Borodavkin", form="nominal", text="the diplomat",
                 role="diplomat", sector="diplomat", antecedent=(0, 17))]
    (actor,) = merge_actors(items).actors
    assert actor.name == "Alexei Borodavkin" and actor.aliases == ()
    assert [m.form for m in actor.mentions] == ["name", "nominal"]


def test_two_smiths_stay_apart_without_evidence() -> None:
    items = [_am("a1", 0, "John Smith", country="USA", role="senator"),
             _am("a2", 0, "Jane Smith", country="GBR", role="journalist"),
             _am("a3", 0, "Smith", form="surname")]
    merged = merge_actors(items)
    people = [a for a in merged.actors if a.kind == "person"]
    assert sorted(a.name for a in people) == ["Jane Smith", "John Smith", "Smith"]
    assert len({a.id for a in people}) == 3


def test_lone_surname_goes_where_the_evidence_points() -> None:
    items = [_am("a1", 0, "John Smith", country="USA", role="senator"),
             _am("a2", 0, "Jane Smith", country="GBR", role="journalist"),
             _am("a3", 0, "Smith", form="surname", country="GBR")]
    merged = merge_actors(items)
    jane = next(a for a in merged.actors if a.name == "Jane Smith")
    assert [m.article_id for m in jane.mentions] == ["a2", "a3"]


def test_same_name_conflicting_countries_are_two_people() -> None:
    items = [_am("a1", 0, "Ali Hassan", country="EGY", role="minister"),
             _am("a2", 0, "Ali Hassan", country="IRQ", role="general")]
    merged = merge_actors(items)
    assert [a.name for a in merged.actors] == ["Ali Hassan", "Ali Hassan"]
    assert merged.actors[0].id != merged.actors[1].id
    assert {a.country for a in merged.actors} == {"EGY", "IRQ"}


def test_bare_surnames_without_evidence_are_not_merged_with_each_other() -> None:
    items = [_am("a1", 0, "Smith", form="surname"), _am("a2", 0, "Smith", form="surname"),
             _am("a3", 0, "Peskov", form="surname", country="RUS"),
             _am("a4", 0, "Peskov", form="surname", country="RUS")]
    merged = merge_actors(items)
    assert sorted(a.name for a in merged.actors) == ["Peskov", "Smith", "Smith"]


def test_known_actors_merge_on_their_key() -> None:
    items = [_am("a1", 0, "Jabhat al-Nusra", kind="group", key="group:nusra_front",
                 text="Dzhebhat EN-Nusra"),
             _am("a2", 0, "Jabhat al-Nusra", kind="group", key="group:nusra_front",
                 text="Nusra Front"),
             _am("a2", 40, "Russia", kind="country", key="country:RUS", text="Moscow"),
             _am("a3", 0, "Russia", kind="country", key="country:RUS")]
    merged = merge_actors(items)
    by_name = {a.name: a for a in merged.actors}
    assert by_name["Jabhat al-Nusra"].aliases == ("Dzhebhat EN-Nusra", "Nusra Front")
    assert len(by_name["Russia"].mentions) == 2 and by_name["Russia"].aliases == ("Moscow",)


def test_defined_acronym_takes_its_long_name_across_articles() -> None:
    items = [_am("a1", 0, "National Security Council", kind="organization",
                 text="national security Council"),
             _am("a1", 30, "National Security Council", kind="organization", form="acronym",
                 text="NSC", antecedent=(0, 26)),
             _am("a2", 0, "NSC", kind="organization", form="acronym")]
    (actor,) = merge_actors(items).actors
    assert actor.name == "National Security Council" and len(actor.mentions) == 3


def test_role_country_sector_choice() -> None:
    items = [_am("a1", 0, "Igor Konashenkov", role="major-general", sector="military"),
             _am("a2", 0, "Igor Konashenkov", role="official representative of the ministry of "
                 "defence", country="RUS", sector="military"),
             _am("a3", 0, "Igor Konashenkov", role="spokesman", country="RUS",
                 sector="government"),
             _am("a4", 0, "Igor Konashenkov", role="major-general", sector="military")]
    (actor,) = merge_actors(items).actors
    assert actor.role == "official representative of the ministry of defence"
    assert (actor.country, actor.sector, actor.code) == ("RUS", "military", "RUSMIL")
    assert len(actor.descriptors) == 4


def test_ids_are_stable_and_mentions_linked() -> None:
    items = [_am("a1", 0, "John Kerry", role="secretary of state", country="USA"),
             _am("a2", 0, "Kerry", form="surname")]
    merged = merge_actors(items)
    (kerry,) = merged.actors
    assert kerry.id == actor_id("person", "John Kerry")
    assert all(m.actor_id == kerry.id for m in kerry.mentions)
    assert {merged.actor_ids[mention_key(m)] for m in kerry.mentions} == {kerry.id}


def test_order_does_not_matter() -> None:
    items = [_am("a1", 0, "Sergei Ryabkov", role="deputy foreign minister", country="RUS"),
             _am("a2", 10, "Sergey Ryabkov"), _am("a2", 50, "Ryabkov", form="surname"),
             _am("a3", 0, "John Smith", country="USA"), _am("a4", 0, "Jane Smith"),
             _am("a5", 0, "Smith", form="surname"), _am("a5", 30, "Smith", form="surname"),
             _am("a6", 0, "Russia", kind="country", key="country:RUS")]
    expected = merge_actors(items)
    rng = random.Random(7)
    for _ in range(10):
        shuffled = items[:]
        rng.shuffle(shuffled)
        assert merge_actors(shuffled) == expected
    assert merge_actors(items + items) == expected


def test_names_match_edit_limits() -> None:
    # One edit for names of five to eight letters, two from nine, exact below five.
    assert names_match(("ivan", "petrov"), ("ivan", "petrof"))
    assert names_match(("ivan", "petrov"), ("ivan", "petrova"))
    assert not names_match(("ivan", "petrov"), ("ivan", "putrof"))
    assert not names_match(("ivan", "petrov"), ("ivan", "petrvo"))
    assert names_match(("ivan", "kuznetsova"), ("ivan", "kuznecova"))
    assert names_match(("ivan", "abdulrahman"), ("ivan", "abdelrahmen"))
    assert names_match(("ivan", "abdulrahman"), ("ivan", "abdlrhman"))
    assert not names_match(("ivan", "popa"), ("ivan", "popo"))


def test_near_surnames_merge_among_many_people() -> None:
    # Many unrelated people: each spelling variant still finds its own person, and only it
    # ("Petrof" and "Putrov" are two edits apart: too many for six letters).
    others = [_am(f"o{k}", 0, f"{given} {surname}")
              for k, (given, surname) in enumerate(
                  (g, s) for g in ("Omar", "Lena", "Pavel", "Nadia")
                  for s in ("Haddad", "Morozova", "Kowalczyk", "Abdullah", "Petrov"))]
    items = [*others,
             _am("a1", 0, "Anna Kuznetsova", country="RUS"), _am("a2", 0, "Anna Kuznecova"),
             _am("a3", 0, "Ivan Petrof"), _am("a4", 0, "Ivan Putrov"),
             _am("a5", 0, "Lena Morozowa")]
    people = _people(items)
    assert len(people) == len(others) + 3
    assert people["Anna Kuznecova"] == ("Anna Kuznetsova",)
    assert "Ivan Petrof" in people and "Ivan Putrov" in people
    assert people["Lena Morozova"] == ("Lena Morozowa",)
    rng = random.Random(3)
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert merge_actors(shuffled) == merge_actors(items)
