"""read_sources on good input: every format, encodings, folder walking and standard input."""

from __future__ import annotations

import codecs
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from storyline.config import IngestSettings
from storyline.ingest.readers import ReadStats, format_for_name, read_sources
from storyline.records import InputFormat, Rejected, RejectReason, SourceDocument, SourceMeta

PARAGRAPH_1 = (
    "GENEVA, July 29. Russian-U.S. consultations geared to work out joint measures to stabilize "
    "the situation in the Syrian city of Aleppo have started in Geneva, a diplomat told reporters "
    "on Friday."
)
PARAGRAPH_2 = (
    '"Consultations began at 16:00 local time," the diplomat said. He added that the talks would '
    "continue over the weekend and that both sides hoped to agree on humanitarian corridors."
)


def page(*, title: str = "Experts begin talks on Aleppo", dated: bool = True,
         body: str = f"<p>{PARAGRAPH_1}</p>\n<p>{PARAGRAPH_2}</p>") -> str:
    """A news page with the metadata trafilatura reads (no date anywhere unless ``dated``)."""
    date = ('<meta property="article:published_time" content="2016-07-29T10:00:00Z">'
            if dated else "")
    canonical = "2016/07/29/aleppo-talks" if dated else "world/aleppo-talks"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} - Example News</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example News">
{date}
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://news.example.com/{canonical}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer>Copyright Example News, all rights reserved</footer>
</body></html>"""


def read(*paths: object, stdin: io.BytesIO | None = None, stats: ReadStats | None = None,
         **overrides: object) -> list[SourceDocument | Rejected]:
    settings = IngestSettings(**overrides)  # type: ignore[arg-type]
    return list(read_sources([str(p) for p in paths], settings=settings, stdin=stdin,
                             stats=stats))


def only_doc(items: list[SourceDocument | Rejected]) -> SourceDocument:
    assert len(items) == 1, items
    assert isinstance(items[0], SourceDocument), items[0]
    return items[0]


# --- plain text ---------------------------------------------------------------------------------

def test_txt_is_read_as_is(tmp_path: Path) -> None:
    text = "Talks on Aleppo\r\n\r\nGENEVA, July 29. Talks began.\n  indented line\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))

    doc = only_doc(read(path))

    assert doc == SourceDocument(source=str(path), format=InputFormat.TXT, text=text,
                                 encoding="utf-8", meta=SourceMeta(), extractor="ingest.txt.v1")


def test_explicit_file_with_unknown_ending_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Aleppo\nTalks began in Geneva.", encoding="utf-8")

    doc = only_doc(read(path))

    assert doc.format is InputFormat.TXT
    assert doc.text == "# Aleppo\nTalks began in Geneva."


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.TXT", InputFormat.TXT), ("a.warc.gz", InputFormat.WARC), ("a.WARC", InputFormat.WARC),
     ("a.ndjson", InputFormat.JSONL), ("a.htm", InputFormat.HTML), ("a.gz", None),
     ("a.json.bak", None)],
)
def test_format_for_name(name: str, expected: InputFormat | None) -> None:
    assert format_for_name(name) is expected


# --- encodings ----------------------------------------------------------------------------------

RUSSIAN = (
    "Российские и американские эксперты начали переговоры по ситуации в сирийском Алеппо, "
    "сообщил дипломат в пятницу. «Консультации начались в 16:00 по местному времени», — сказал он."
)
FRENCH = (
    "Le président a déclaré que la coopération était très importante pour l'été. "
    "Ça coûte cher, dit-il — « très cher »."
)


def test_cp1251_russian_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))

    doc = only_doc(read(path))

    assert doc.text == RUSSIAN
    assert doc.encoding == "cp1251"


def test_cp1252_french_is_not_decoded_as_cp1250(tmp_path: Path) -> None:
    # charset-normalizer ranks cp1250 first here, which would turn "très" into "trčs".
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode("cp1252"))

    doc = only_doc(read(path))

    assert doc.text == FRENCH
    assert doc.encoding == "cp1252"


def test_latin1_text_decodes(tmp_path: Path) -> None:
    text = "Café au lait, crème brûlée et pâtisserie à Genève, où les négociations ont commencé."
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))

    assert only_doc(read(path)).text == text


@pytest.mark.parametrize(
    ("codec", "bom", "expected"),
    [("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
     ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
     ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
     ("utf-8", codecs.BOM_UTF8, "utf-8-sig")],
)
def test_byte_order_marks_are_respected(tmp_path: Path, codec: str, bom: bytes,
                                        expected: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + RUSSIAN.encode(codec))

    doc = only_doc(read(path))

    assert doc.text == RUSSIAN  # without the BOM
    assert doc.encoding == expected


def test_html_meta_charset_is_used(tmp_path: Path) -> None:
    html = page().replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    html = html.replace(PARAGRAPH_2, RUSSIAN)
    path = tmp_path / "ru.html"
    path.write_bytes(html.encode("cp1251"))

    doc = only_doc(read(path))

    assert doc.encoding == "cp1251"
    assert RUSSIAN in doc.text


# --- HTML ---------------------------------------------------------------------------------------

def test_html_extracts_article_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")

    doc = only_doc(read(path))

    assert doc.format is InputFormat.HTML
    assert doc.extractor == "trafilatura-2.3.1"
    assert doc.encoding == "utf-8"
    assert PARAGRAPH_1 in doc.text
    assert PARAGRAPH_2 in doc.text
    assert "Sport" not in doc.text  # navigation is not article text
    assert "rights reserved" not in doc.text
    assert doc.meta == SourceMeta(
        title="Experts begin talks on Aleppo",
        url="https://news.example.com/2016/07/29/aleppo-talks",
        outlet="Example News",
        published="2016-07-29",
        language="en",
        author="Jane Reporter",
    )


def test_html_nested_below_libxml2_default_depth_keeps_its_text(tmp_path: Path) -> None:
    # libxml2 silently drops everything below depth 256 unless huge_tree is set.
    body = "<div>" * 300 + f"<p>{PARAGRAPH_1}</p>" + "</div>" * 300
    path = tmp_path / "deep.html"
    path.write_text(page(body=body), encoding="utf-8")

    assert PARAGRAPH_1 in only_doc(read(path)).text


# --- JSON, JSON Lines, CSV ----------------------------------------------------------------------

def test_json_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({
        "text": PARAGRAPH_1, "title": "Talks", "url": "https://x.example/1", "outlet": "TASS",
        "published": "2016-07-29", "language": "en", "author": ["A. One", "B. Two"],
        "ignored": {"nested": True},
    }), encoding="utf-8")

    doc = only_doc(read(path))

    assert doc == SourceDocument(
        source=str(path), format=InputFormat.JSON, text=PARAGRAPH_1, encoding="utf-8",
        meta=SourceMeta(title="Talks", url="https://x.example/1", outlet="TASS",
                        published="2016-07-29", language="en", author="A. One; B. Two"),
        extractor="ingest.json.v1",
    )


def test_json_list_with_text_and_html_records(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([
        {"text": PARAGRAPH_1, "published": 20160729},
        {"html": page(), "outlet": "Given Outlet"},
    ]), encoding="utf-8")

    first, second = read(path)

    assert isinstance(first, SourceDocument) and isinstance(second, SourceDocument)
    assert first.source == f"{path}#0"
    assert first.meta.published == "20160729"
    assert second.source == f"{path}#1"
    assert second.format is InputFormat.JSON
    assert second.extractor == "trafilatura-2.3.1"
    assert PARAGRAPH_2 in second.text
    assert second.meta.outlet == "Given Outlet"  # the record's field wins over the page's
    assert second.meta.title == "Experts begin talks on Aleppo"  # the page fills the gaps


def test_jsonl_locators_are_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": "First article text.", "title": "One"}), "",
             json.dumps({"text": "Second article text.", "url": "https://x.example/2"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    first, second = read(path)

    assert isinstance(first, SourceDocument) and isinstance(second, SourceDocument)
    assert (first.source, first.text, first.meta.title) == (f"{path}#1", "First article text.",
                                                            "One")
    assert (second.source, second.text) == (f"{path}#3", "Second article text.")
    assert second.extractor == "ingest.jsonl.v1"
    assert second.format is InputFormat.JSONL


def test_jsonl_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    content = json.dumps({"text": RUSSIAN}, ensure_ascii=False) + "\n"
    path.write_bytes(codecs.BOM_UTF16_LE + content.encode("utf-16-le"))

    doc = only_doc(read(path))

    assert (doc.source, doc.text, doc.encoding) == (f"{path}#1", RUSSIAN, "utf-16-le")


def test_csv_rows_with_quoted_commas_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        'Title,TEXT,url,published,outlet\n'
        'Talks,"GENEVA, July 29.\nTalks began.",https://x.example/1,2016-07-29,TASS\n'
        'Other,"Second, article.",,,\n',
        encoding="utf-8",
    )

    first, second = read(path)

    assert first == SourceDocument(
        source=f"{path}#2", format=InputFormat.CSV, text="GENEVA, July 29.\nTalks began.",
        encoding="utf-8",
        meta=SourceMeta(title="Talks", url="https://x.example/1", published="2016-07-29",
                        outlet="TASS"),
        extractor="ingest.csv.v1",
    )
    assert isinstance(second, SourceDocument)
    assert (second.source, second.text, second.meta) == (
        f"{path}#3", "Second, article.", SourceMeta(title="Other"))


def test_csv_large_field_over_default_csv_limit(tmp_path: Path) -> None:
    big = "word " * 60_000  # 300 kB, over the csv module's default field limit of 128 kB
    path = tmp_path / "big.csv"
    path.write_text(f'text\n"{big}"\n', encoding="utf-8")

    assert only_doc(read(path)).text == big


def test_csv_cp1252_and_tab_delimited(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(f"title\ttext\nFrench\t{FRENCH}\n".encode("cp1252"))

    doc = only_doc(read(path))

    assert (doc.text, doc.encoding, doc.meta.title) == (FRENCH, "cp1252", "French")


# --- WARC ---------------------------------------------------------------------------------------

def warc_bytes(*, gzip: bool) -> bytes:
    """A small crawl: a request, two article pages, an image and a redirect."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)

    def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": "2016-07-30T08:00:00Z"})
        writer.write_record(record)

    request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example.com")],
                               is_http_request=True)
    writer.write_record(writer.create_warc_record(
        "https://news.example.com/a", "request", payload=io.BytesIO(b""), http_headers=request))
    response("https://news.example.com/a", page().encode("utf-8"), "text/html; charset=utf-8")
    response("https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
    response("https://news.example.com/old", b"", "text/html", status="301 Moved Permanently")
    second = page(title="Second story", dated=False, body=f"<p>{RUSSIAN}</p><p>{PARAGRAPH_2}</p>")
    response("https://news.example.com/b", second.encode("cp1251"),
             "text/html; charset=windows-1251")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "gzip"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_documents(tmp_path: Path, name: str, gzip: bool) -> None:
    path = tmp_path / name
    path.write_bytes(warc_bytes(gzip=gzip))
    stats = ReadStats()

    first, second = read(path, stats=stats)

    assert isinstance(first, SourceDocument) and isinstance(second, SourceDocument)
    assert first.source == f"{path}#https://news.example.com/a"
    assert first.format is InputFormat.WARC
    assert first.meta.url == "https://news.example.com/a"  # the target URI wins
    assert first.meta.published == "2016-07-29"  # the page's own date
    assert PARAGRAPH_1 in first.text
    assert second.source == f"{path}#https://news.example.com/b"
    assert second.encoding == "cp1251"
    assert RUSSIAN in second.text
    assert second.meta.title == "Second story"
    assert second.meta.published == "2016-07-30T08:00:00Z"  # no page date: the capture date
    assert stats.skipped == {"warc_request": 1, "warc_not_html": 1, "warc_not_ok": 1}


# --- standard input -----------------------------------------------------------------------------

def test_stdin_text() -> None:
    doc = only_doc(read("-", stdin=io.BytesIO(RUSSIAN.encode("cp1251"))))

    assert (doc.source, doc.format, doc.text, doc.encoding) == ("-", InputFormat.TXT, RUSSIAN,
                                                                "cp1251")


def test_stdin_jsonl() -> None:
    data = b'{"text": "One."}\n{"text": "Two.", "title": "T"}\n'

    first, second = read("-", stdin=io.BytesIO(data))

    assert isinstance(first, SourceDocument) and isinstance(second, SourceDocument)
    assert (first.source, first.format, first.text) == ("-#1", InputFormat.JSONL, "One.")
    assert (second.source, second.text, second.meta.title) == ("-#2", "Two.", "T")


def test_stdin_json_list_and_pretty_object() -> None:
    listed = read("-", stdin=io.BytesIO(b'[{"text": "One."}, {"text": "Two."}]'))
    pretty = read("-", stdin=io.BytesIO(b'{\n  "text": "Pretty."\n}\n'))

    assert [(d.source, d.text) for d in listed if isinstance(d, SourceDocument)] == [
        ("-#0", "One."), ("-#1", "Two.")]
    doc = only_doc(pretty)
    assert (doc.source, doc.format, doc.text) == ("-", InputFormat.JSON, "Pretty.")


def test_stdin_html() -> None:
    doc = only_doc(read("-", stdin=io.BytesIO(page().encode("utf-8"))))

    assert doc.format is InputFormat.HTML
    assert doc.meta.title == "Experts begin talks on Aleppo"
    assert PARAGRAPH_1 in doc.text


def test_stdin_text_that_starts_with_a_brace_is_text() -> None:
    text = "{Updated} Talks on Aleppo began on Friday.\nMore text follows here."

    doc = only_doc(read("-", stdin=io.BytesIO(text.encode())))

    assert (doc.format, doc.text) == (InputFormat.TXT, text)


def test_stdin_large_jsonl_is_streamed_past_max_bytes() -> None:
    line = json.dumps({"text": "x" * 900}).encode() + b"\n"
    data = line * 50  # 45 kB in all, each line under the 1 kB limit

    items = read("-", stdin=io.BytesIO(data), max_bytes=1000)

    assert len(items) == 50
    assert all(isinstance(item, SourceDocument) for item in items)


# --- folders ------------------------------------------------------------------------------------

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in ["c.txt", "a/2.txt", "a/10.txt", "b.json", "a/sub/z.txt", "B.txt"]:
        if rel.endswith(".json"):
            write(root / rel, json.dumps({"text": rel}))
        else:
            write(root / rel, rel)
    write(root / "photo.jpg", "not read")
    write(root / "README", "not read")
    stats = ReadStats()

    items = read(root, stats=stats)

    assert [item.text for item in items if isinstance(item, SourceDocument)] == [
        "B.txt", "a/10.txt", "a/2.txt", "a/sub/z.txt", "b.json", "c.txt"]
    assert stats.skipped == {"extension": 2}


def test_hidden_files_and_folders_are_skipped_unless_asked(tmp_path: Path) -> None:
    write(tmp_path / ".hidden.txt", "hidden file")
    write(tmp_path / ".git" / "x.txt", "hidden folder")
    write(tmp_path / "seen.txt", "seen")
    stats = ReadStats()

    skipped = read(tmp_path, stats=stats)
    included = read(tmp_path, include_hidden=True)

    assert [i.text for i in skipped if isinstance(i, SourceDocument)] == ["seen"]
    assert stats.skipped == {"hidden": 2}
    assert [i.text for i in included if isinstance(i, SourceDocument)] == [
        "hidden folder", "hidden file", "seen"]


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / ".notes.txt", "named explicitly")

    assert only_doc(read(path)).text == "named explicitly"


def test_symlinks_in_folders_are_followed_only_when_asked(tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere" / "t.txt", "linked")
    root = tmp_path / "root"
    write(root / "a.txt", "plain")
    os.symlink(target, root / "link.txt")
    os.symlink(root, root / "loop")  # a loop: must not hang when links are followed
    stats = ReadStats()

    not_followed = read(root, stats=stats)
    followed = read(root, follow_symlinks=True)

    assert [i.text for i in not_followed if isinstance(i, SourceDocument)] == ["plain"]
    assert stats.skipped == {"symlink": 2}
    assert [i.text for i in followed if isinstance(i, SourceDocument)] == ["plain", "linked"]


def test_folder_of_10000_small_files(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for number in range(10_000):
        (root / f"{number:05d}.txt").write_bytes(b"Article number %d about Aleppo." % number)

    count = 0
    last = ""
    for item in read_sources([str(root)], settings=IngestSettings()):
        assert isinstance(item, SourceDocument), item
        assert item.source > last  # sorted order
        last = item.source
        count += 1

    assert count == 10_000
    assert last == str(root / "09999.txt")


def test_memory_stays_flat_over_a_large_corpus(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for number in range(2_000):
        write(root / f"{number % 10}" / f"{number:04d}.txt", f"{number} " + "text " * 4_000)

    tracemalloc.start()
    try:
        count = sum(1 for _ in read_sources([str(root)], settings=IngestSettings()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert count == 2_000  # 40 MB of text
    assert peak < 4 * 1024 * 1024


def test_reading_is_lazy(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "first")
    write(tmp_path / "b.txt", "second")

    items = read_sources([str(tmp_path)], settings=IngestSettings())
    first = next(items)
    (tmp_path / "b.txt").write_text("changed before it was read", encoding="utf-8")

    assert isinstance(first, SourceDocument) and first.text == "first"
    second = next(items)
    assert isinstance(second, SourceDocument) and second.text == "changed before it was read"


def test_rejects_are_values_of_the_ingest_stage(tmp_path: Path) -> None:
    (rejected,) = read(tmp_path / "missing.txt")

    assert isinstance(rejected, Rejected)
    assert rejected.reason is RejectReason.NOT_FOUND
    assert rejected.stage.value == "ingest"
