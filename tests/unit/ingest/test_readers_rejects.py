"""read_sources on bad input: every problem is a Rejected with its reason, and reading goes on."""

from __future__ import annotations

import errno
import io
import json
import os
import random
import socket
import stat
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import IngestSettings
from storyline.ingest import containers, readers
from storyline.ingest.decode import decode_bytes, sniff_bom
from storyline.ingest.readers import read_sources
from storyline.records import InputFormat, Rejected, RejectReason, SourceDocument, Stage

GOOD_TEXT = "A good article about the talks on Aleppo, read after the bad input."
PARAGRAPH = (
    "GENEVA, July 29. Russian-U.S. consultations geared to work out joint measures to stabilize "
    "the situation in the Syrian city of Aleppo have started in Geneva, a diplomat said."
)


def read(*paths: object, stdin: Any = None, **overrides: object) -> list[SourceDocument | Rejected]:
    settings = IngestSettings(**overrides)  # type: ignore[arg-type]
    return list(read_sources([str(p) for p in paths], settings=settings, stdin=stdin))


def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "zz_good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def assert_rejected_then_good(items: list[SourceDocument | Rejected], source: object,
                              reason: RejectReason) -> Rejected:
    """The bad input gave exactly one reject; the good file after it was still read."""
    assert len(items) == 2, items
    bad, good = items
    assert isinstance(bad, Rejected), bad
    assert (bad.source, bad.stage, bad.reason) == (str(source), Stage.INGEST, reason)
    if reason is not RejectReason.INTERNAL_ERROR:  # that one is "ExcType: message"
        assert bad.detail.endswith("."), bad.detail  # a sentence
    assert isinstance(good, SourceDocument) and good.text == GOOD_TEXT
    return bad


def html_page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>"


# --- files ----------------------------------------------------------------------------------

def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"

    bad = assert_rejected_then_good(read(missing, good_file(tmp_path)), missing,
                                    RejectReason.NOT_FOUND)

    assert "No such file or folder" in bad.detail


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  ", b"\xef\xbb\xbf \n"])
def test_empty_or_whitespace_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)

    assert_rejected_then_good(read(path, good_file(tmp_path)), path, RejectReason.EMPTY)


def test_png_with_random_bytes_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4096))

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path, RejectReason.BINARY)

    assert "PNG image" in bad.detail


def test_random_bytes_without_nul_are_binary(tmp_path: Path) -> None:
    rng = random.Random(3)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))

    assert_rejected_then_good(read(path, good_file(tmp_path)), path, RejectReason.BINARY)


def test_utf16_without_bom_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Talks on Aleppo".encode("utf-16-le"))

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path, RejectReason.BINARY)

    assert "byte-order mark" in bad.detail


def test_damaged_utf8_text_is_undecodable(tmp_path: Path) -> None:
    # Mostly valid UTF-8 (è, é) with one broken sequence: guessing cp1252 would garble it.
    path = tmp_path / "broken.txt"
    path.write_bytes("Talks began in Genève, café ".encode() + b"\xc3\x28 and more text.")

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path,
                                    RejectReason.UNDECODABLE)

    assert "0xc3 at offset 30" in bad.detail


def test_invalid_utf8_text_with_a_plausible_encoding_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"caf\xe9 au lait, cr\xe8me br\xfbl\xe9e")

    items = read(path)

    assert len(items) == 1 and isinstance(items[0], SourceDocument)
    assert (items[0].text, items[0].encoding) == ("café au lait, crème brûlée", "cp1252")


def test_50_mb_file_is_too_large_and_never_read(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written either
    reads: list[int] = []
    real_read_limited = readers._read_limited

    def spy(stream: Any, limit: int) -> bytes:
        reads.append(limit)
        return real_read_limited(stream, limit)

    monkeypatch.setattr(readers, "_read_limited", spy)

    tracemalloc.start()
    try:
        items = read(big, good_file(tmp_path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    bad = assert_rejected_then_good(items, big, RejectReason.TOO_LARGE)
    assert "52428800 bytes" in bad.detail
    assert reads == [10_000_001]  # only the good file was read
    assert peak < 5 * 1024 * 1024


def test_stdin_reads_at_most_max_bytes_plus_one(tmp_path: Path) -> None:
    class CountingStream(io.RawIOBase):
        def __init__(self) -> None:
            self.served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            view = memoryview(buffer)
            view[:] = b"a" * len(view)
            self.served += len(view)
            return len(view)

    stream = CountingStream()

    items = read("-", good_file(tmp_path), stdin=stream, max_bytes=100_000)

    assert_rejected_then_good(items, "-", RejectReason.TOO_LARGE)
    assert stream.served <= 100_001


def test_permission_denied_when_open_fails(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)

    bad = assert_rejected_then_good(read(locked, good_file(tmp_path)), locked,
                                    RejectReason.PERMISSION_DENIED)

    assert "chmod" in bad.detail


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read any file")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    try:
        assert_rejected_then_good(read(locked, good_file(tmp_path)), locked,
                                  RejectReason.PERMISSION_DENIED)
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_unreadable_subfolder_is_rejected_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "a_locked"
    (locked / "inner").mkdir(parents=True)
    good_file(tmp_path)
    real_scandir = os.scandir

    def fake_scandir(path: Any) -> Any:
        if str(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)

    assert_rejected_then_good(read(tmp_path), locked, RejectReason.PERMISSION_DENIED)


def test_single_string_instead_of_paths_is_a_bug(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="iterable of paths"):
        next(read_sources(str(tmp_path), settings=IngestSettings()))


def test_other_os_error_is_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flaky = tmp_path / "flaky.txt"
    flaky.write_text("text", encoding="utf-8")
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(flaky):
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)

    bad = assert_rejected_then_good(read(flaky, good_file(tmp_path)), flaky,
                                    RejectReason.READ_ERROR)

    assert "Input/output error" in bad.detail


def test_socket_and_fifo_in_a_folder_are_not_files(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    os.mkfifo(folder / "a_pipe.txt")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(folder / "b_socket"))
        good = folder / "c_good.txt"
        good.write_text(GOOD_TEXT, encoding="utf-8")

        items = read(folder)
    finally:
        server.close()

    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("Rejected", RejectReason.NOT_A_FILE), ("Rejected", RejectReason.NOT_A_FILE),
        ("SourceDocument", None)]
    assert "FIFO" in items[0].detail and "socket" in items[1].detail  # type: ignore[union-attr]


def test_explicit_fifo_is_read_like_stdin(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as writer:
            writer.write(b'{"text": "From a pipe."}\n')

    thread = threading.Thread(target=feed)
    thread.start()
    items = read(fifo)
    thread.join(timeout=10)

    assert len(items) == 1 and isinstance(items[0], SourceDocument)
    assert (items[0].source, items[0].format, items[0].text) == (
        f"{fifo}#1", InputFormat.JSONL, "From a pipe.")


def test_unexpected_exception_is_an_internal_error_for_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cursed = tmp_path / "cursed.txt"
    cursed.write_text("boom trigger", encoding="utf-8")
    real_decode = decode_bytes

    def decode(data: bytes, **kwargs: Any) -> Any:
        if data == b"boom trigger":
            raise RuntimeError("boom")
        return real_decode(data, **kwargs)

    monkeypatch.setattr(readers, "decode_bytes", decode)

    bad = assert_rejected_then_good(read(cursed, good_file(tmp_path)), cursed,
                                    RejectReason.INTERNAL_ERROR)

    assert bad.detail == "RuntimeError: boom"


def test_unexpected_exception_in_one_record_costs_that_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "one"}\n{"text": "boom"}\n{"text": "three"}\n', encoding="utf-8")
    real = containers.document_from_record

    def build(record: Any, **kwargs: Any) -> Any:
        if record == {"text": "boom"}:
            raise KeyError("boom")
        return real(record, **kwargs)

    monkeypatch.setattr(containers, "document_from_record", build)

    items = read(path)

    assert [getattr(i, "text", None) for i in items] == ["one", None, "three"]
    assert items[1] == Rejected(source=f"{path}#2", stage=Stage.INGEST,
                                reason=RejectReason.INTERNAL_ERROR, detail="KeyError: 'boom'")


# --- HTML -----------------------------------------------------------------------------------

def test_html_full_of_scripts_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text(html_page("<script>var x = 1;</script>" * 200 + "<noscript></noscript>"),
                    encoding="utf-8")

    assert_rejected_then_good(read(path, good_file(tmp_path)), path, RejectReason.NO_TEXT)


@pytest.mark.parametrize("depth", [100_000, 500])
def test_deeply_nested_html_is_unparsable(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(html_page("<div>" * depth + PARAGRAPH + "</div>" * depth), encoding="utf-8")

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path,
                                    RejectReason.HTML_UNPARSABLE)

    assert "max_html_depth=400" in bad.detail
    if depth == 500:
        assert "nested 502 levels" in bad.detail  # html > body > 500 divs


def test_html_depth_limit_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(html_page("<div>" * 50 + f"<p>{PARAGRAPH}</p>" + "</div>" * 50),
                    encoding="utf-8")

    (bad,) = read(path, max_html_depth=20)
    (good,) = read(path)

    assert isinstance(bad, Rejected) and bad.reason is RejectReason.HTML_UNPARSABLE
    assert isinstance(good, SourceDocument) and PARAGRAPH in good.text


def test_html_that_lxml_cannot_parse(tmp_path: Path) -> None:
    path = tmp_path / "comment.html"
    path.write_text("<!-- nothing but a comment -->", encoding="utf-8")

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path,
                                    RejectReason.HTML_UNPARSABLE)

    assert "Document is empty" in bad.detail


# --- containers -----------------------------------------------------------------------------

def test_jsonl_bad_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join([
        b'{"text": "one"}',
        b'{"text": "two"',  # cut short
        b'["not", "an", "object"]',
        b'{"title": "no text"}',
        b'{"text": "caf\xe9"}',  # not UTF-8
        b'{"text": "\\ud83d lone surrogate"}',
        b'{"text": 42}',
        b'{"text": "   "}',
        b'{"text": "nine"}',
    ]))

    items = read(path)

    assert [(i.source.rsplit("#", 1)[1], getattr(i, "reason", None) or i.text)  # type: ignore[union-attr]
            for i in items] == [
        ("1", "one"),
        ("2", RejectReason.MALFORMED_RECORD),
        ("3", RejectReason.MALFORMED_RECORD),
        ("4", RejectReason.MALFORMED_RECORD),
        ("5", RejectReason.UNDECODABLE),
        ("6", RejectReason.MALFORMED_RECORD),
        ("7", RejectReason.MALFORMED_RECORD),
        ("8", RejectReason.EMPTY),
        ("9", "nine"),
    ]
    details = [i.detail for i in items if isinstance(i, Rejected)]
    assert details[0] == "Not valid JSON: Expecting ',' delimiter at column 15."
    assert "neither a 'text' nor an 'html' field (fields: title)" in details[2]
    assert "0xe9 at column 14" in details[3]
    assert "\\ud83d" in details[4]


def test_jsonl_line_over_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "ok"}) + "\n",
                    encoding="utf-8")

    items = read(path, max_bytes=1000)

    assert [getattr(i, "reason", None) for i in items] == [RejectReason.TOO_LARGE, None]
    assert items[0].source == f"{path}#1"
    assert isinstance(items[1], SourceDocument) and items[1].text == "ok"


def test_json_file_that_is_not_utf8_is_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "legacy.json"
    path.write_bytes(b'{"text": "caf\xe9 au lait"}')

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path,
                                    RejectReason.UNDECODABLE)

    assert "RFC 8259" in bad.detail


@pytest.mark.parametrize(
    ("content", "reason", "words"),
    [(b'{"text": ', RejectReason.MALFORMED_RECORD, "Not valid JSON"),
     (b'"just a string"', RejectReason.MALFORMED_RECORD, "holds a str"),
     (b"[]", RejectReason.EMPTY, "list is empty"),
     (b"[" * 100_000 + b"]" * 100_000, RejectReason.MALFORMED_RECORD, "nested too deeply")],
)
def test_bad_json_files(tmp_path: Path, content: bytes, reason: RejectReason, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path, reason)

    assert words in bad.detail


def test_json_list_bad_items_do_not_stop_the_list(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    scripts = html_page("<script>var x = 1;</script>" * 20)
    path.write_text(json.dumps([{"text": "one"}, "oops", {"html": scripts, "text": None},
                                {"text": "four"}]), encoding="utf-8")

    items = read(path)

    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        (f"{path}#0", None), (f"{path}#1", RejectReason.MALFORMED_RECORD),
        (f"{path}#2", RejectReason.NO_TEXT), (f"{path}#3", None)]


def test_csv_bad_rows_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text('text,title\n"one",T1\ntoo,many,fields\n,no text\n\n"five",T5\n',
                    encoding="utf-8")

    items = read(path)

    assert [(i.source.rsplit("#", 1)[1], getattr(i, "reason", None)) for i in items] == [
        ("2", None), ("3", RejectReason.MALFORMED_RECORD), ("4", RejectReason.EMPTY),
        ("6", None)]
    assert "3 fields but the header has 2" in items[1].detail  # type: ignore[union-attr]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("body,title\nsomething,T\n", encoding="utf-8")

    bad = assert_rejected_then_good(read(path, good_file(tmp_path)), path,
                                    RejectReason.MALFORMED_RECORD)

    assert "(body, title)" in bad.detail


def test_csv_line_over_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("text\n" + "x" * 5000 + "\nok\n", encoding="utf-8")

    items = read(path, max_bytes=1000)

    assert [(i.source.rsplit("#", 1)[1], getattr(i, "reason", None)) for i in items] == [
        ("2", RejectReason.TOO_LARGE), ("3", None)]


def _warc(pages: int, *, gzip: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for number in range(pages):
        body = html_page(f"<article><p>Story {number}. {PARAGRAPH}</p></article>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://x.example/{number}", "response", payload=io.BytesIO(body),
            http_headers=http))
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "gzip"), [("cut.warc.gz", True), ("cut.warc", False)])
def test_truncated_warc_yields_earlier_records_then_corrupt(tmp_path: Path, name: str,
                                                            gzip: bool) -> None:
    data = _warc(4, gzip=gzip)
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2 + 100])  # inside the third record

    items = read(path, good_file(tmp_path))

    docs = [i for i in items if isinstance(i, SourceDocument)]
    rejects = [i for i in items if isinstance(i, Rejected)]
    assert [d.source for d in docs[:-1]] == [f"{path}#https://x.example/0",
                                             f"{path}#https://x.example/1"]
    assert docs[-1].text == GOOD_TEXT
    assert [r.reason for r in rejects] == [RejectReason.CORRUPT_ARCHIVE]
    assert rejects[0].source.startswith(str(path))


def _record_starts(data: bytes) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(io.BytesIO(data))
    starts = []
    for _record in records:
        starts.append(records.get_record_offset())
    return starts


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_cut_anywhere_never_loses_a_record_silently(tmp_path: Path, gzip: bool) -> None:
    data = _warc(3, gzip=gzip)
    starts = _record_starts(data)
    path = tmp_path / ("x.warc.gz" if gzip else "x.warc")
    for cut in range(1, len(data), 7):
        path.write_bytes(data[:cut])

        items = read(path)

        docs = [i for i in items if isinstance(i, SourceDocument)]
        reasons = [i.reason for i in items if isinstance(i, Rejected)]
        for number, doc in enumerate(docs):  # never a partial page
            assert f"Story {number}. {PARAGRAPH}" in doc.text, (cut, doc)
        started = sum(start < cut for start in starts)
        if len(docs) < started:  # a record was lost: it must be reported
            assert RejectReason.CORRUPT_ARCHIVE in reasons, (cut, items)
        assert set(reasons) <= {RejectReason.CORRUPT_ARCHIVE}, (cut, items)


def test_file_that_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not a warc file at all\n" * 10, encoding="utf-8")

    assert_rejected_then_good(read(path, good_file(tmp_path)), path,
                              RejectReason.CORRUPT_ARCHIVE)


# --- never raises -----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_in_a_txt_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(data)

    items = read(path)

    assert len(items) == 1
    item = items[0]
    assert isinstance(item, SourceDocument | Rejected)
    if isinstance(item, Rejected):
        assert item.reason in {RejectReason.EMPTY, RejectReason.BINARY, RejectReason.UNDECODABLE}
    else:
        assert item.text.strip()
        assert item.encoding is not None
        bom = sniff_bom(data[:4])
        assert data[bom[1] if bom else 0:].decode(item.encoding) == item.text


@pytest.mark.parametrize("ending", [".html", ".json", ".jsonl", ".csv", ".warc", ".warc.gz"])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1024) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_in_any_format_never_raise(tmp_path: Path, ending: str,
                                                   data: bytes) -> None:
    path = tmp_path / f"any{ending}"
    path.write_bytes(data)

    items = read(path)

    assert items
    assert all(isinstance(item, SourceDocument | Rejected) for item in items)
    assert not any(isinstance(i, Rejected) and i.reason is RejectReason.INTERNAL_ERROR
                   for i in items), items
