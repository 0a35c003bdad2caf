"""Readers for files that hold many documents: JSON, JSON Lines, CSV and WARC.

Each reader is a generator that streams its container (JSON, which has to be parsed whole, is
bounded by ``max_bytes`` by the caller) and yields one ``SourceDocument`` or ``Rejected`` per
record, with ``source = f"{path}#{locator}"``:

- JSON list: the 0-based index (``feed.json#0``); a single JSON object has no locator.
- JSON Lines: the 1-based line number (``feed.jsonl#12``).
- CSV: the row number as a spreadsheet shows it, the header being row 1 (``table.csv#2`` is the
  first data row).
- WARC: the record's ``WARC-Target-URI`` (``crawl.warc.gz#https://example.com/a``).

A bad record is a reject and the next record is still read. In streamed containers
``max_bytes`` applies to each record (a JSON line, a CSV line, a WARC payload), not to the file.

Encoding policy: JSON and JSON Lines must be UTF-8 (RFC 8259), or UTF-16/32 with a byte-order
mark; they are never guessed, because a guessed decoding silently gives mojibake. A JSON Lines
line that is not valid UTF-8 is rejected as ``undecodable`` on its own. CSV has no standard
encoding (spreadsheets write cp1252 or UTF-16), so its encoding is detected once from its first
64 KiB.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any, BinaryIO

from storyline.config import IngestSettings
from storyline.ingest.decode import (
    declared_html_charset,
    decode_bytes,
    internal_error,
    reject,
    sniff_bom,
)
from storyline.ingest.html import extract_html
from storyline.records import InputFormat, Rejected, RejectReason, SourceDocument, SourceMeta

__all__ = [
    "document_from_record",
    "documents_from_json_value",
    "prefixed_stream",
    "read_csv",
    "read_json",
    "read_jsonl",
    "read_warc",
]

Item = SourceDocument | Rejected
SkipCallback = Callable[[str], None]

_META_FIELDS = ("title", "url", "outlet", "published", "language", "author")
_SNIFF_BYTES = 64 * 1024
# Codecs that name the byte order; the stream decoders must see (and drop) the BOM instead.
_STREAM_CODEC = {"utf-16-le": "utf-16", "utf-16-be": "utf-16",
                 "utf-32-le": "utf-32", "utf-32-be": "utf-32"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Record types of WARC 1.1 (ISO 28500:2017), section 6.
_WARC_TYPES = frozenset({"warcinfo", "response", "resource", "request", "metadata", "revisit",
                         "conversion", "continuation"})


class _PrefixedReader(io.RawIOBase):
    """A raw stream that serves already-read bytes, then the rest of another stream.

    Lets a reader look at the start of a non-seekable stream (standard input, a pipe) and then
    hand the whole stream on. Closing it does not close the underlying stream.
    """

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        """Serve ``head`` first, then whatever ``rest`` still holds."""
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        """Return True: this stream can be read."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the head first, then from the underlying stream."""
        view = memoryview(buffer).cast("B")
        if self._head.nbytes:
            count = min(view.nbytes, self._head.nbytes)
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(view.nbytes)
        view[: len(data)] = data
        return len(data)


def prefixed_stream(head: bytes, rest: BinaryIO) -> io.BufferedReader:
    """Return a buffered stream that yields ``head`` and then the rest of ``rest``.

    Args:
        head: Bytes already read from the start of ``rest``.
        rest: The stream they were read from.

    Returns:
        A stream with ``read`` and ``readline``; closing it leaves ``rest`` open.
    """
    return io.BufferedReader(_PrefixedReader(head, rest))


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes, bool]]:
    """Yield ``(line, too_long)`` with memory bounded by ``limit`` bytes per line.

    An over-long line is consumed in bounded chunks and reported as ``(b"", True)``.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_SNIFF_BYTES)
            yield b"", True
        else:
            yield line, False


class _BoundedTextLines:
    """Lines of a text stream for ``csv.reader``, each at most ``limit`` characters.

    An over-long physical line is consumed in bounded chunks and replaced by an empty line; the
    CSV loop asks :meth:`take_too_long` after each row and rejects that row as too large.
    """

    def __init__(self, stream: io.TextIOBase, limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._too_long = False

    def __iter__(self) -> Iterator[str]:
        while True:
            line = self._stream.readline(self._limit + 1)
            if not line:
                return
            if len(line) > self._limit and not line.endswith(("\n", "\r")):
                while line and not line.endswith(("\n", "\r")):
                    line = self._stream.readline(_SNIFF_BYTES)
                self._too_long = True
                yield "\n"
            else:
                yield line

    def take_too_long(self) -> bool:
        """Return whether the last row read included an over-long line, and reset the flag."""
        too_long, self._too_long = self._too_long, False
        return too_long


def _meta_value(name: str, value: object) -> str | None:
    """Return a metadata field as text; raise ValueError for a value that cannot be one."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value) or None  # several authors
    raise ValueError(f"field {name!r} must be a string, not {type(value).__name__}")


def _check_characters(name: str, value: str) -> None:
    """Raise ValueError if a JSON string holds an unpaired surrogate (``"\\ud83d"``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise ValueError(
            f"field {name!r} contains the unpaired surrogate \\u{code:04x}, which is not a "
            "character; fix the escape in the source"
        ) from None


def document_from_record(
    record: object,
    *,
    source: str,
    fmt: InputFormat,
    settings: IngestSettings,
    encoding: str | None,
) -> Item:
    """Turn one JSON/CSV record into a document.

    A record needs a ``text`` or an ``html`` field (``text`` wins when both are given, since it
    is what the producer already extracted); ``html`` goes through trafilatura. Optional fields:
    ``title``, ``url``, ``outlet``, ``published``, ``language``, ``author``; other fields are
    ignored.

    Args:
        record: The parsed record (a dict for a valid one).
        source: ``path#locator``.
        fmt: The container format.
        settings: Ingest settings.
        encoding: The codec the container's bytes were decoded with.

    Returns:
        The document, or a reject (``malformed_record``, ``empty``, or an HTML reason).
    """
    if not isinstance(record, dict):
        return reject(source, RejectReason.MALFORMED_RECORD,
                      f"The record is a JSON {type(record).__name__}, not an object with a "
                      "'text' or 'html' field.")
    try:
        values = {name: _meta_value(name, record.get(name)) for name in _META_FIELDS}
        text, html = record.get("text"), record.get("html")
        for name, body in (("text", text), ("html", html)):
            if body is not None and not isinstance(body, str):
                raise ValueError(f"field {name!r} must be a string, not {type(body).__name__}")
        for name, value in [*values.items(), ("text", text), ("html", html)]:
            if isinstance(value, str):
                _check_characters(name, value)
    except ValueError as exc:
        return reject(source, RejectReason.MALFORMED_RECORD, f"The record's {exc}.")
    meta = SourceMeta(**values)
    if isinstance(text, str) and text.strip():
        return SourceDocument(source=source, format=fmt, text=text, encoding=encoding, meta=meta,
                              extractor=f"ingest.{fmt.value}.v1")
    if isinstance(html, str) and html.strip():
        return extract_html(html, source=source, fmt=fmt, settings=settings, encoding=encoding,
                            meta=meta)
    if text is not None or html is not None:
        return reject(source, RejectReason.EMPTY,
                      "The record's 'text'/'html' field is empty; nothing to read.")
    fields = ", ".join(sorted(str(k) for k in record)) or "none"
    return reject(source, RejectReason.MALFORMED_RECORD,
                  f"The record has neither a 'text' nor an 'html' field (fields: {fields}). "
                  "Add one holding the article.")


def _guarded_record(source: str, build: Callable[[], Item]) -> Item:
    """Build one record's item, turning an unexpected exception into an internal_error reject."""
    try:
        return build()
    except Exception as exc:  # noqa: BLE001 - per-record isolation, reported as a reject
        return internal_error(source, exc)


def _parse_json(text: str, source: str) -> object | Rejected:
    """Parse JSON text, or return a malformed_record reject saying where it broke."""
    try:
        value: object = json.loads(text)
    except json.JSONDecodeError as exc:
        at = f"line {exc.lineno} column {exc.colno}" if "\n" in text else f"column {exc.colno}"
        return reject(source, RejectReason.MALFORMED_RECORD, f"Not valid JSON: {exc.msg} at {at}.")
    except RecursionError:
        return reject(source, RejectReason.MALFORMED_RECORD,
                      "The JSON is nested too deeply to parse; records must be flat objects.")
    return value


def documents_from_json_value(
    value: object, *, source: str, settings: IngestSettings, encoding: str | None
) -> Iterator[Item]:
    """Yield the documents of a parsed JSON file: one object, or a list of objects.

    Args:
        value: The parsed JSON.
        source: The file's path (records of a list get ``#index``).
        settings: Ingest settings.
        encoding: The codec the file was decoded with.

    Yields:
        One document or reject per record.
    """
    if isinstance(value, dict):
        yield _guarded_record(source, lambda: document_from_record(
            value, source=source, fmt=InputFormat.JSON, settings=settings, encoding=encoding))
    elif isinstance(value, list):
        if not value:
            yield reject(source, RejectReason.EMPTY, "The JSON list is empty; nothing to read.")
        for index, item in enumerate(value):
            where = f"{source}#{index}"
            yield _guarded_record(where, partial(
                document_from_record, item, source=where, fmt=InputFormat.JSON,
                settings=settings, encoding=encoding))
    else:
        yield reject(source, RejectReason.MALFORMED_RECORD,
                     f"The JSON holds a {type(value).__name__}; expected an object or a list of "
                     "objects with a 'text' or 'html' field.")


def read_json(data: bytes, *, source: str, settings: IngestSettings) -> Iterator[Item]:
    """Read a JSON file's bytes (bounded by the caller): one object or a list of objects.

    Args:
        data: The whole file.
        source: Its path.
        settings: Ingest settings.

    Yields:
        One document or reject per record; a file that is not UTF-8 (or BOM-marked UTF-16/32)
        or not valid JSON is one reject.
    """
    decoded = decode_bytes(data, source=source, detect=False)
    if isinstance(decoded, Rejected):
        yield decoded
        return
    value = _parse_json(decoded.text, source)
    if isinstance(value, Rejected):
        yield value
        return
    yield from documents_from_json_value(value, source=source, settings=settings,
                                         encoding=decoded.encoding)


def _jsonl_item(line: str, *, source: str, settings: IngestSettings, encoding: str) -> Item:
    """Parse one JSON Lines line into a document."""
    value = _parse_json(line.rstrip("\r\n"), source)
    if isinstance(value, Rejected):
        return value
    return document_from_record(value, source=source, fmt=InputFormat.JSONL, settings=settings,
                                encoding=encoding)


def read_jsonl(stream: BinaryIO, *, source: str, settings: IngestSettings) -> Iterator[Item]:
    """Stream a JSON Lines file: one object per line, blank lines skipped.

    Args:
        stream: The file, opened in binary mode, at its start.
        source: Its path (records get ``#line``).
        settings: Ingest settings; ``max_bytes`` bounds each line.

    Yields:
        One document or reject per non-blank line.
    """
    head = stream.read(4)
    bom = sniff_bom(head)
    joined = prefixed_stream(head, stream)
    seen = 0
    if bom is not None and bom[0] in _STREAM_CODEC:
        encoding = bom[0]
        text = io.TextIOWrapper(joined, encoding=_STREAM_CODEC[encoding], errors="strict")
        number = 0
        try:
            for number, line in enumerate(_BoundedTextLines(text, settings.max_bytes), 1):
                if line.strip():
                    seen += 1
                    where = f"{source}#{number}"
                    yield _guarded_record(where, partial(
                        _jsonl_item, line, source=where, settings=settings, encoding=encoding))
        except UnicodeDecodeError as exc:
            yield reject(source, RejectReason.UNDECODABLE,
                         f"Reading stopped after line {number}: the bytes are not valid "
                         f"{encoding} ({exc.reason}). Re-save the file as UTF-8.")
            return
    else:
        encoding = "utf-8-sig" if bom is not None else "utf-8"
        for number, (raw, too_long) in enumerate(_lines(joined, settings.max_bytes), 1):
            where = f"{source}#{number}"
            if too_long:
                seen += 1
                yield reject(where, RejectReason.TOO_LARGE,
                             f"The line is longer than max_bytes={settings.max_bytes}. Raise "
                             "STORYLINE_INGEST__MAX_BYTES if the record is genuine.")
                continue
            if number == 1 and bom is not None:
                raw = raw[len(b"\xef\xbb\xbf"):]
            if not raw.strip():
                continue
            seen += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield reject(where, RejectReason.UNDECODABLE,
                             f"Byte 0x{raw[exc.start:exc.start + 1].hex()} at column "
                             f"{exc.start + 1} is not valid UTF-8, and JSON Lines must be UTF-8 "
                             "(RFC 8259). Re-encode the file, e.g. `iconv -f cp1252 -t utf-8`.")
                continue
            yield _guarded_record(where, partial(
                _jsonl_item, line, source=where, settings=settings, encoding=encoding))
    if not seen:
        yield reject(source, RejectReason.EMPTY,
                     "The JSON Lines file holds no records; nothing to read.")


def _csv_encoding(head: bytes, source: str) -> str | Rejected:
    """Choose a CSV file's codec from its first bytes (a BOM, else UTF-8, else detection)."""
    bom = sniff_bom(head)
    if bom is not None:
        return bom[0]
    sample = head
    if len(head) == _SNIFF_BYTES:
        # The file goes on: cut at the last line break so that the sample does not end inside
        # a multi-byte character (a newline byte never occurs inside one in UTF-8).
        sample = head.rsplit(b"\n", 1)[0] or head
        if not sample.strip():
            return "utf-8"
    decoded = decode_bytes(sample, source=source)
    return decoded if isinstance(decoded, Rejected) else decoded.encoding


def read_csv(stream: BinaryIO, *, source: str, settings: IngestSettings) -> Iterator[Item]:
    """Stream a CSV file whose header names a ``text`` or ``html`` column.

    The delimiter is the one of ``,``, tab and ``;`` that the header row uses most. Column names
    are matched case-insensitively.

    Args:
        stream: The file, opened in binary mode, at its start.
        source: Its path (records get ``#row``).
        settings: Ingest settings; ``max_bytes`` bounds each line and field.

    Yields:
        One document or reject per row.
    """
    head = stream.read(_SNIFF_BYTES)
    encoding = _csv_encoding(head, source)
    if isinstance(encoding, Rejected):
        yield encoding
        return
    text = io.TextIOWrapper(prefixed_stream(head, stream),
                            encoding=_STREAM_CODEC.get(encoding, encoding), errors="strict",
                            newline="")
    # The csv module's limit is process-wide; it is only ever raised, to the per-record bound.
    if csv.field_size_limit() < settings.max_bytes:
        csv.field_size_limit(settings.max_bytes)
    lines = _BoundedTextLines(text, settings.max_bytes)
    first_line = head[:4096].split(b"\n", 1)[0]
    delimiter = max((b",", b"\t", b";"), key=first_line.count).decode()
    rows = csv.reader(lines, delimiter=delimiter)
    row_number = 1
    try:
        header = [name.strip().lstrip("\ufeff").lower() for name in next(rows, [])]
        if "text" not in header and "html" not in header:
            yield reject(source, RejectReason.MALFORMED_RECORD,
                         f"The header row ({', '.join(header) or 'empty'}) has neither a 'text' "
                         "nor an 'html' column. Name the column holding the articles 'text'.")
            return
        seen = 0
        while True:
            row_number += 1
            where = f"{source}#{row_number}"
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                seen += 1
                reason = (RejectReason.TOO_LARGE if "field limit" in str(exc)
                          else RejectReason.MALFORMED_RECORD)
                yield reject(where, reason, f"The row could not be parsed as CSV ({exc}).")
                continue
            if lines.take_too_long():
                seen += 1
                yield reject(where, RejectReason.TOO_LARGE,
                             f"The row has a line longer than max_bytes={settings.max_bytes}. "
                             "Raise STORYLINE_INGEST__MAX_BYTES if the record is genuine.")
                continue
            if not row:
                continue
            seen += 1
            if len(row) != len(header):
                yield reject(where, RejectReason.MALFORMED_RECORD,
                             f"The row has {len(row)} fields but the header has {len(header)}. "
                             "Quote fields that contain the delimiter or line breaks.")
                continue
            record = dict(zip(header, row, strict=True))
            yield _guarded_record(where, partial(
                document_from_record, record, source=where, fmt=InputFormat.CSV,
                settings=settings, encoding=encoding))
    except UnicodeDecodeError as exc:
        yield reject(source, RejectReason.UNDECODABLE,
                     f"Reading stopped at row {row_number}: the bytes are not valid {encoding} "
                     f"({exc.reason}). Re-save the file as UTF-8.")
        return
    if not seen:
        yield reject(source, RejectReason.EMPTY, "The CSV file has no data rows; nothing to read.")


def _read_payload(record: Any, limit: int) -> bytes:
    """Read at most ``limit`` bytes of a WARC record's (de-chunked, decompressed) payload."""
    stream = record.content_stream()
    parts: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(_SNIFF_BYTES, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _missing_bytes(record: Any) -> int:
    """Bytes of a record's block that the file did not hold (0 for a complete record)."""
    remaining = getattr(getattr(record, "raw_stream", None), "limit", 0)
    return remaining if isinstance(remaining, int) and remaining > 0 else 0


def _cut_short(where: str, missing: int) -> Rejected:
    return reject(where, RejectReason.CORRUPT_ARCHIVE,
                  f"The record is cut short: {missing} bytes of it are missing (a truncated "
                  "download?). Records before it were read; fetch the archive again.")


def _warc_record_item(record: Any, *, source: str, uri: str, settings: IngestSettings,
                      content_type: str) -> Item:
    """Read one HTML response record of a WARC file into a document."""
    try:
        payload = _read_payload(record, settings.max_bytes + 1)
    except (EOFError, ValueError, zlib.error) as exc:  # bad chunking or Content-Encoding
        return reject(source, RejectReason.CORRUPT_ARCHIVE,
                      f"The record's payload could not be read ({type(exc).__name__}: {exc}). "
                      "Fetch the page or the archive again.")
    if len(payload) > settings.max_bytes:
        return reject(source, RejectReason.TOO_LARGE,
                      f"The record's payload is over max_bytes={settings.max_bytes}. Raise "
                      "STORYLINE_INGEST__MAX_BYTES if the page is genuine.")
    missing = _missing_bytes(record)
    if missing:
        return _cut_short(source, missing)
    declared = None
    if "charset=" in content_type:
        declared = content_type.split("charset=", 1)[1].split(";")[0].strip(" \"'")
    decoded = decode_bytes(payload, source=source,
                           declared=declared or declared_html_charset(payload))
    if isinstance(decoded, Rejected):
        return decoded
    item = extract_html(decoded.text, source=source, fmt=InputFormat.WARC, settings=settings,
                        encoding=decoded.encoding, meta=SourceMeta(url=uri))
    warc_date = record.rec_headers.get_header("WARC-Date")
    if isinstance(item, SourceDocument) and item.meta.published is None and warc_date:
        # The capture date bounds the publication date from above; it is metadata evidence
        # only, used when the page itself gives no date.
        item = replace(item, meta=replace(item.meta, published=str(warc_date)))
    return item


def _warc_kind(record: Any) -> tuple[str | None, str]:
    """Return ``(skip_kind, content_type)`` for a WARC record; skip_kind None means read it."""
    rec_type = record.rec_type
    if rec_type not in ("response", "resource"):
        return ("warc_request" if rec_type == "request" else "warc_other_record"), ""
    http = getattr(record, "http_headers", None)
    if rec_type == "response" and http is not None:
        status = str(http.get_statuscode() or "")
        if not status.startswith("2"):
            return "warc_not_ok", ""
        content_type = str(http.get_header("Content-Type") or "")
    else:
        content_type = str(record.rec_headers.get_header("Content-Type") or "")
    if not content_type.lower().startswith(_HTML_TYPES):
        return "warc_not_html", content_type
    return None, content_type


def _looks_like_warc(head: bytes) -> bool:
    """Whether a file starts like a WARC: ``WARC/`` plain or inside a gzip member."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def read_warc(
    stream: BinaryIO,
    *,
    source: str,
    settings: IngestSettings,
    size: int | None,
    on_skip: SkipCallback | None = None,
) -> Iterator[Item]:
    """Stream a WARC file (plain or gzip): each 2xx HTML response record becomes a document.

    warcio is lenient: it ends quietly at a truncated gzip member or record, and parses a cut
    header as a record of a made-up type. So damage is checked here: a record with a damaged
    header or a block shorter than its Content-Length is rejected, and a file that goes on after
    the last complete record is reported, after the records before the damage were yielded. A
    cut that removes only the padding or gzip trailer after the last record loses no data and is
    not reported.

    Args:
        stream: The file, opened in binary mode, at its start.
        source: Its path (records get ``#target-uri``).
        settings: Ingest settings; ``max_bytes`` bounds each payload.
        size: The file's size, when known, to detect trailing damage (needs a seekable stream).
        on_skip: Called with a kind (``warc_not_html``, ``warc_not_ok``, ``warc_request``,
            ``warc_other_record``) for each record that is not a page, for the run's counts.

    Yields:
        One document or reject per HTML response record, and a reject per damage found.
    """
    from warcio.archiveiterator import ArchiveIterator

    head = stream.read(512)
    if not _looks_like_warc(head):
        yield reject(source, RejectReason.CORRUPT_ARCHIVE,
                     "The file does not start with a WARC record ('WARC/1.x'), so it is not a "
                     "WARC archive or its start is damaged. Check the file.")
        return
    records = ArchiveIterator(prefixed_stream(head, stream))
    count = pages = damaged = 0
    previous: tuple[Any, str] | None = None  # a record not yet checked for a cut-short block
    while True:
        try:
            record = next(records, None)
        except Exception as exc:  # noqa: BLE001 - warcio raises many types on damaged input
            yield reject(source, RejectReason.CORRUPT_ARCHIVE,
                         f"The archive is damaged after record {count} ({type(exc).__name__}: "
                         f"{exc}). Records before it were read; fetch the archive again.")
            return
        # warcio has now drained the previous record: a block shorter than announced shows.
        if previous is not None and _missing_bytes(previous[0]):
            damaged += 1
            yield _cut_short(previous[1], _missing_bytes(previous[0]))
        previous = None
        if record is None:
            break
        count += 1
        uri = str(record.rec_headers.get_header("WARC-Target-URI")
                  or record.rec_headers.get_header("WARC-Record-ID") or count)
        where = f"{source}#{uri}"
        length = str(record.rec_headers.get_header("Content-Length") or "").strip()
        if record.format != "warc" or record.rec_type not in _WARC_TYPES or not length.isdigit():
            damaged += 1
            yield reject(where, RejectReason.CORRUPT_ARCHIVE,
                         f"Record {count} has a damaged header (type {record.rec_type!r}, "
                         f"Content-Length {length!r}); a truncated download? Fetch the archive "
                         "again.")
            continue
        skip, content_type = _warc_kind(record)
        if skip is not None:
            if on_skip is not None:
                on_skip(skip)
            previous = (record, where)
            continue
        pages += 1
        item = _guarded_record(where, partial(
            _warc_record_item, record, source=where, uri=uri, settings=settings,
            content_type=content_type))
        if not (isinstance(item, Rejected) and item.reason is RejectReason.CORRUPT_ARCHIVE):
            previous = (record, where)
        yield item
    for problem in _warc_damage(records, stream, source=source, size=size, count=count):
        damaged += 1
        yield problem
    if not pages and not damaged:
        yield reject(source, RejectReason.EMPTY,
                     f"The archive holds no HTML response records ({count} records that are not "
                     "pages were skipped); nothing to read.")


def _warc_damage(records: Any, stream: BinaryIO, *, source: str, size: int | None,
                 count: int) -> Iterator[Rejected]:
    """Yield a reject for records with a wrong length, or bytes after the last record."""
    bad_lengths = getattr(records, "err_count", 0)
    if isinstance(bad_lengths, int) and bad_lengths:
        yield reject(source, RejectReason.CORRUPT_ARCHIVE,
                     f"{bad_lengths} records are not followed by the blank line WARC requires: "
                     "their Content-Length is probably wrong, so their text may be cut or "
                     "padded. Fetch or rewrite the archive.")
    if size is None or not stream.seekable():
        return
    end = 0
    if count:
        try:
            end = int(records.get_record_offset()) + int(records.get_record_length())
        except (TypeError, AttributeError):
            end = 0  # warcio lost track of the last record: check the whole file's content
    if end >= size:
        return
    stream.seek(end)
    if stream.read(_SNIFF_BYTES).strip():
        yield reject(source, RejectReason.CORRUPT_ARCHIVE,
                     f"The archive is damaged or cut short at byte {end} of {size} (a truncated "
                     "download?). Records before it were read; fetch the archive again.")
