"""Article builders shared by the duplicate and story tests (real ingest on hand-written texts)."""

from __future__ import annotations

from storyline.config import Settings
from storyline.ingest.articles import build_article, load_lexicons
from storyline.records import Article, InputFormat, SourceDocument, SourceMeta


def make(text: str, title: str, published: str) -> Article:
    doc = SourceDocument(source=f"t/{title}.txt", format=InputFormat.TXT, text=f"{title}\n\n{text}",
                         meta=SourceMeta(title=title, published=published), extractor="test")
    article = build_article(doc, settings=Settings().ingest, lexicons=load_lexicons())
    assert isinstance(article, Article)
    return article


ALEPPO = [
    ("Russia and US begin talks on Aleppo ceasefire",
     "Russian and US officials began talks in Geneva on a ceasefire in the Syrian city of Aleppo, "
     "where rebels in eastern Aleppo are besieged by Syrian government forces backed by Russian "
     "air strikes. Lavrov said Russia was ready to extend the humanitarian pause in Aleppo if "
     "rebels left the eastern districts. Kerry said the United States wanted aid convoys to reach "
     "Aleppo.", "2016-10-18"),
    ("Humanitarian pause in Aleppo ends as air strikes resume",
     "The humanitarian pause in Aleppo ended on Saturday and Syrian and Russian air strikes "
     "resumed over the rebel-held east of Aleppo, the Syrian Observatory said. Few rebels or "
     "civilians used the corridors opened during the pause in Aleppo. Lavrov blamed the United "
     "States for failing to separate the rebels from Nusra fighters in Aleppo.", "2016-10-22"),
    ("Moscow blames Washington as eastern districts stay besieged",
     "Russia said the United States had failed to make rebels leave the besieged eastern Aleppo "
     "districts, and Lavrov said the Aleppo ceasefire would not be extended unilaterally. Aid "
     "convoys have not reached eastern Aleppo since the pause began, the UN said, and Syrian "
     "forces shelled rebel positions in Aleppo.", "2016-10-24"),
]
MOSUL = [
    ("Iraqi forces advance on Mosul",
     "Iraqi forces and Kurdish peshmerga advanced on Mosul as the offensive to retake the Iraqi "
     "city from Islamic State entered its second week. The US-led coalition carried out air "
     "strikes near Mosul, Kerry said, and Russia said civilians in Mosul must be protected. "
     "Thousands of families fled villages south of Mosul.", "2016-10-23"),
    ("Islamic State fighters counter-attack in Kirkuk as Mosul battle rages",
     "Islamic State fighters attacked Kirkuk to divert Iraqi forces from the Mosul offensive, "
     "officials said. Iraqi troops and peshmerga kept pushing towards Mosul, and the coalition "
     "said air strikes hit Islamic State positions around Mosul. Lavrov said Russia feared "
     "militants fleeing Mosul would cross into Syria.", "2016-10-24"),
]


def articles(rows: list[tuple[str, str, str]]) -> list:  # type: ignore[type-arg]
    return [make(body, title, date) for title, body, date in rows]
