"""Read the user's inputs: files, folders and standard input, to ``SourceDocument | Rejected``.

``read_sources`` is a generator over everything the user named, in a deterministic order
(folders are walked depth-first in sorted name order). It never loads the whole corpus: one
document (or one container record) is in memory at a time, and a file's size is checked with
``fstat`` before it is read, so a 50 MB file is rejected without reading it.

Bad input never crashes the run and is never silent: each problem is a ``Rejected`` with a
reason and a sentence saying how to fix it, and reading goes on with the next input. An
unexpected exception while reading one input becomes an ``internal_error`` reject for that input.

Formats by file name ending: ``.txt``/``.text`` (text), ``.html``/``.htm`` (trafilatura),
``.json``, ``.jsonl``/``.ndjson``, ``.csv``, ``.warc``/``.warc.gz``; a file named explicitly with
another ending is read as text. Standard input (``-``) is sniffed: HTML if it starts like an HTML
page, JSON Lines if its first line is a JSON object, JSON if it parses as JSON, else text.
A document's ``format`` says how its bytes were read (standard input gives ``txt``, ``html``,
``json`` or ``jsonl``); its ``source`` is ``-`` (or ``-#locator``).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from storyline.config import IngestSettings
from storyline.ingest.containers import (
    documents_from_json_value,
    prefixed_stream,
    read_csv,
    read_json,
    read_jsonl,
    read_warc,
)
from storyline.ingest.decode import (
    declared_html_charset,
    decode_bytes,
    internal_error,
    reject,
    sniff_bom,
)
from storyline.ingest.html import extract_html
from storyline.records import InputFormat, Rejected, RejectReason, SourceDocument

__all__ = ["ReadStats", "format_for_name", "read_sources"]

_LOG = logging.getLogger(__name__)

Item = SourceDocument | Rejected

TXT_EXTRACTOR = "ingest.txt.v1"

# Longest endings first, so that ".warc.gz" is not taken for an unknown ".gz".
_ENDINGS: tuple[tuple[str, InputFormat], ...] = (
    (".warc.gz", InputFormat.WARC),
    (".warc", InputFormat.WARC),
    (".ndjson", InputFormat.JSONL),
    (".jsonl", InputFormat.JSONL),
    (".json", InputFormat.JSON),
    (".html", InputFormat.HTML),
    (".htm", InputFormat.HTML),
    (".csv", InputFormat.CSV),
    (".text", InputFormat.TXT),
    (".txt", InputFormat.TXT),
)
# Formats read whole (bounded by max_bytes); the others are streamed record by record.
_WHOLE = frozenset({InputFormat.TXT, InputFormat.HTML, InputFormat.JSON})
_SNIFF_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|h[1-6])\b", re.IGNORECASE
)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    # A FIFO swapped in between the walk and the open must not block the run.
    | getattr(os, "O_NONBLOCK", 0)
)


@dataclass(slots=True)
class ReadStats:
    """Counts of what ``read_sources`` passed over without a reject, owned by the caller.

    Kinds: ``extension`` (a file in a folder whose ending is not in ``settings.extensions``),
    ``hidden``, ``symlink`` (not followed), ``repeated_folder`` (a symlink loop),
    ``warc_not_html``, ``warc_not_ok`` (non-2xx responses), ``warc_request``,
    ``warc_other_record``.
    """

    skipped: dict[str, int] = field(default_factory=dict)

    def note_skip(self, kind: str) -> None:
        """Count one skipped item of ``kind``."""
        self.skipped[kind] = self.skipped.get(kind, 0) + 1


def format_for_name(name: str) -> InputFormat | None:
    """Return the format a file name's ending stands for, or None for an unknown ending.

    Args:
        name: A file name or path.

    Returns:
        The format, matched case-insensitively (``.warc.gz`` before ``.gz``).
    """
    lowered = name.lower()
    return next((fmt for ending, fmt in _ENDINGS if lowered.endswith(ending)), None)


def read_sources(
    paths: Iterable[str],
    *,
    settings: IngestSettings,
    stdin: BinaryIO | None = None,
    stats: ReadStats | None = None,
) -> Iterator[SourceDocument | Rejected]:
    """Read files, folders and standard input into documents, one reject per bad input.

    Args:
        paths: Files or folders, or ``-`` for standard input. Folders are walked recursively in
            sorted order; inside folders only files whose ending is in ``settings.extensions``
            are read (others are counted in ``stats``), hidden names are skipped unless
            ``settings.include_hidden``, and symbolic links are not followed unless
            ``settings.follow_symlinks``. A path named explicitly is always read, as text when
            its ending is unknown.
        settings: Ingest settings (size and depth limits, the walk's options).
        stdin: The stream ``-`` reads; the process's standard input when None.
        stats: Receives counts of what was skipped without a reject.

    Yields:
        A ``SourceDocument`` per document read, or a ``Rejected`` per input (or container
        record) that could not be read, in input order.

    Raises:
        TypeError: If ``paths`` is a single string (a bug in the caller: it would be read one
            character at a time).
    """
    if isinstance(paths, str | bytes):
        raise TypeError("paths must be an iterable of paths, not a single string")
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded("-", _read_stream(stream, source="-", fmt=None, settings=settings))
        else:
            yield from _read_path(path, settings=settings, stats=stats)


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """Yield ``items``; an unexpected exception ends them with an ``internal_error`` reject."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - per-document isolation, reported as a reject
        _LOG.debug("internal error reading %s", source, exc_info=True)
        yield internal_error(source, exc)


def _os_reject(source: str, exc: OSError) -> Rejected:
    """Turn an OSError while reading ``source`` into its reject."""
    reason_text = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError):
        return reject(source, RejectReason.NOT_FOUND,
                      "No such file or folder. Check the path (a relative path starts from the "
                      "working directory).")
    if isinstance(exc, PermissionError):
        return reject(source, RejectReason.PERMISSION_DENIED,
                      f"Permission denied ({reason_text}). Make it readable (`chmod +r`) or run "
                      "as a user who can read it.")
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.ELOOP:
        return reject(source, RejectReason.NOT_A_FILE,
                      "It changed into a folder or a symbolic link while being read; read it "
                      "again, or pass --follow-symlinks.")
    return reject(source, RejectReason.READ_ERROR,
                  f"It could not be read: {reason_text}. Check the disk or the network share.")


def _read_path(path: str, *, settings: IngestSettings, stats: ReadStats | None) -> Iterator[Item]:
    """Read one path the user named: a file, a folder, or a pipe."""
    try:
        # Paths named explicitly are followed even when they are symbolic links: the user
        # named them. follow_symlinks governs what the folder walk finds.
        info = os.stat(path)
    except OSError as exc:
        yield _os_reject(path, exc)
        return
    except ValueError as exc:  # a NUL character in the path
        yield reject(path, RejectReason.NOT_FOUND, f"Not a valid path ({exc}).")
        return
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        yield from _walk(path, info, settings=settings, stats=stats)
    elif stat.S_ISREG(mode):
        fmt = format_for_name(path) or InputFormat.TXT
        yield from _guarded(path, _read_file(path, fmt=fmt, settings=settings, stats=stats,
                                             follow=True))
    elif stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        # A pipe named explicitly, e.g. bash's <(curl ...): read it like standard input.
        yield from _guarded(path, _read_pipe(path, settings=settings))
    else:
        yield _not_a_file(path, mode)


def _not_a_file(path: str, mode: int) -> Rejected:
    """Reject a socket, FIFO or device found where a file was expected."""
    kind = ("a socket" if stat.S_ISSOCK(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISBLK(mode) or stat.S_ISCHR(mode) else "not a regular file")
    return reject(path, RejectReason.NOT_A_FILE,
                  f"It is {kind}, not a file; inside folders only regular files are read. Name a "
                  "pipe explicitly to read from it.")


def _walk(
    root: str, root_info: os.stat_result, *, settings: IngestSettings, stats: ReadStats | None
) -> Iterator[Item]:
    """Walk a folder depth-first in sorted name order, without recursion.

    Only the names of the folders on the current path are held, so memory stays flat however
    many files the tree holds.
    """
    skip = stats.note_skip if stats is not None else _ignore_skip
    seen_folders = {(root_info.st_dev, root_info.st_ino)}
    listing = _list_folder(root)
    if isinstance(listing, Rejected):
        yield listing
        return
    stack: list[tuple[str, Iterator[str]]] = [(root, iter(listing))]
    while stack:
        folder, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        path = os.path.join(folder, name)
        if name.startswith(".") and not settings.include_hidden:
            skip("hidden")
            continue
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                if not settings.follow_symlinks:
                    skip("symlink")
                    continue
                info = os.stat(path)
        except OSError as exc:
            yield _os_reject(path, exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen_folders:
                skip("repeated_folder")
                continue
            seen_folders.add(key)
            listing = _list_folder(path)
            if isinstance(listing, Rejected):
                yield listing
            else:
                stack.append((path, iter(listing)))
        elif stat.S_ISREG(info.st_mode):
            lowered = name.lower()
            if not any(lowered.endswith(ending.lower()) for ending in settings.extensions):
                skip("extension")
                _LOG.debug("skipped %s: ending not in settings.extensions", path)
                continue
            fmt = format_for_name(name) or InputFormat.TXT
            yield from _guarded(path, _read_file(path, fmt=fmt, settings=settings, stats=stats,
                                                 follow=settings.follow_symlinks))
        else:
            yield _not_a_file(path, info.st_mode)


def _ignore_skip(kind: str) -> None:
    """Stand-in for ``ReadStats.note_skip`` when the caller keeps no counts."""


def _list_folder(path: str) -> list[str] | Rejected:
    """Return a folder's entry names sorted, or the reject for a folder that cannot be read."""
    try:
        with os.scandir(path) as entries:
            return sorted(entry.name for entry in entries)
    except OSError as exc:
        return _os_reject(path, exc)


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read up to ``limit`` bytes (fewer only at the end of the stream)."""
    parts: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(_CHUNK, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _too_large(source: str, size: int | None, settings: IngestSettings) -> Rejected:
    """Reject an input over ``max_bytes`` (``size`` None when only a bounded read showed it)."""
    shown = f"{size} bytes" if size is not None else "more bytes"
    return reject(source, RejectReason.TOO_LARGE,
                  f"It has {shown}, over max_bytes={settings.max_bytes}; it was not read. Split "
                  "it, or raise STORYLINE_INGEST__MAX_BYTES if it is one genuine article.")


def _read_file(
    path: str, *, fmt: InputFormat, settings: IngestSettings, stats: ReadStats | None,
    follow: bool,
) -> Iterator[Item]:
    """Open a regular file safely and read it in its format."""
    flags = _OPEN_FLAGS | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        yield _os_reject(path, exc)
        return
    try:
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    try:
        with stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                yield _not_a_file(path, info.st_mode)
                return
            os.set_blocking(stream.fileno(), True)
            if info.st_size == 0:
                yield reject(path, RejectReason.EMPTY, "The file is empty; nothing to read.")
                return
            if fmt in _WHOLE:
                if info.st_size > settings.max_bytes:
                    yield _too_large(path, info.st_size, settings)
                    return
                data = _read_limited(stream, settings.max_bytes + 1)
                if len(data) > settings.max_bytes:  # it grew since fstat
                    yield _too_large(path, None, settings)
                    return
                yield from _read_whole(data, source=path, fmt=fmt, settings=settings)
            else:
                yield from _read_streamed(stream, source=path, fmt=fmt, settings=settings,
                                          size=info.st_size, stats=stats)
    except OSError as exc:
        yield _os_reject(path, exc)


def _read_pipe(path: str, *, settings: IngestSettings) -> Iterator[Item]:
    """Read a pipe or character device named explicitly, like standard input."""
    try:
        with open(path, "rb") as stream:
            yield from _read_stream(stream, source=path, fmt=format_for_name(path),
                                    settings=settings)
    except OSError as exc:
        yield _os_reject(path, exc)


def _read_whole(data: bytes, *, source: str, fmt: InputFormat,
                settings: IngestSettings) -> Iterator[Item]:
    """Read a whole text, HTML or JSON document from its bytes."""
    if fmt is InputFormat.JSON:
        yield from read_json(data, source=source, settings=settings)
        return
    declared = declared_html_charset(data) if fmt is InputFormat.HTML else None
    decoded = decode_bytes(data, source=source, declared=declared)
    if isinstance(decoded, Rejected):
        yield decoded
    elif fmt is InputFormat.HTML:
        yield extract_html(decoded.text, source=source, fmt=fmt, settings=settings,
                           encoding=decoded.encoding)
    else:
        yield SourceDocument(source=source, format=InputFormat.TXT, text=decoded.text,
                             encoding=decoded.encoding, extractor=TXT_EXTRACTOR)


def _read_streamed(stream: BinaryIO, *, source: str, fmt: InputFormat, settings: IngestSettings,
                   size: int | None, stats: ReadStats | None) -> Iterator[Item]:
    """Read a container that is streamed record by record."""
    if fmt is InputFormat.JSONL:
        yield from read_jsonl(stream, source=source, settings=settings)
    elif fmt is InputFormat.CSV:
        yield from read_csv(stream, source=source, settings=settings)
    else:
        yield from read_warc(stream, source=source, settings=settings, size=size,
                             on_skip=stats.note_skip if stats is not None else None)


def _sniff(head: bytes) -> InputFormat:
    """Guess what a stream holds from its first bytes: HTML, JSON Lines, JSON or text."""
    bom = sniff_bom(head[:4])
    codec, skip = bom if bom is not None else ("utf-8", 0)
    # Lossy decoding is fine here: this only looks at the shape; the content is decoded
    # strictly later.
    start = head[skip:].decode(codec, errors="ignore").lstrip("\ufeff \t\r\n")
    if start.startswith("<") and _HTML_START.search(start[:4096]):
        return InputFormat.HTML
    if start.startswith("{"):
        first, newline, _rest = start.partition("\n")
        if not newline:
            return InputFormat.JSONL  # one line so far: a JSON Lines record either way
        try:
            return InputFormat.JSONL if isinstance(json.loads(first), dict) else InputFormat.JSON
        except ValueError:
            return InputFormat.JSON
    if start.startswith("["):
        return InputFormat.JSON
    return InputFormat.TXT


def _read_stream(stream: BinaryIO, *, source: str, fmt: InputFormat | None,
                 settings: IngestSettings) -> Iterator[Item]:
    """Read a non-seekable stream (standard input, a pipe), sniffing its format if not given."""
    try:
        # Never more than max_bytes + 1 from a stream that is read whole.
        head = _read_limited(stream, min(_SNIFF_BYTES, settings.max_bytes + 1))
        if not head:
            yield reject(source, RejectReason.EMPTY, "The input is empty; nothing to read.")
            return
        kind = fmt or _sniff(head)
        if kind not in _WHOLE:
            yield from _read_streamed(prefixed_stream(head, stream), source=source, fmt=kind,
                                      settings=settings, size=None, stats=None)
            return
        # Straight from the stream, not through a buffered reader that would read ahead.
        data = head + _read_limited(stream, settings.max_bytes + 1 - len(head))
    except OSError as exc:
        yield _os_reject(source, exc)
        return
    if len(data) > settings.max_bytes:
        yield _too_large(source, None, settings)
        return
    if kind is InputFormat.JSON and fmt is None:
        # Sniffed JSON that does not parse is text that happens to start with a bracket.
        yield from _sniffed_json(data, source=source, settings=settings)
        return
    yield from _read_whole(data, source=source, fmt=kind, settings=settings)


def _sniffed_json(data: bytes, *, source: str, settings: IngestSettings) -> Iterator[Item]:
    """Read sniffed JSON from standard input, or read it as text if it does not parse."""
    decoded = decode_bytes(data, source=source, detect=False)
    if not isinstance(decoded, Rejected):
        try:
            value = json.loads(decoded.text)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict | list):
            yield from documents_from_json_value(value, source=source, settings=settings,
                                                 encoding=decoded.encoding)
            return
    yield from _read_whole(data, source=source, fmt=InputFormat.TXT, settings=settings)
