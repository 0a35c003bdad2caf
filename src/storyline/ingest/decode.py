"""Bytes to text: byte-order marks, binary sniffing, strict UTF-8, then charset-normalizer.

The order matters and follows the WHATWG Encoding Standard's precedence where it applies:

1. A byte-order mark wins (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE). It is checked before any binary
   sniffing, because UTF-16 text is full of NUL bytes.
2. Bytes that are not text (NUL bytes without a BOM, a known file signature such as PNG or PDF, or
   many control characters) are rejected as ``binary``.
3. Strict UTF-8. Legacy single-byte text is almost never valid UTF-8 (cp1251 Cyrillic letters are
   all >= 0xC0, so two in a row can never form a UTF-8 sequence), so UTF-8 goes first even when a
   page declares another charset: mislabelled UTF-8 pages are common.
4. Bytes that are mostly valid UTF-8 with some invalid sequences are damaged UTF-8, rejected as
   ``undecodable``: any other encoding would garble their valid characters.
5. A declared charset (HTTP ``Content-Type`` or HTML ``<meta charset>``) when it decodes strictly.
6. charset-normalizer's best guess, where the caller allows guessing (never UTF-16/32 without a
   BOM). When nothing fits, mostly-printable bytes are ``undecodable`` and the rest ``binary``.

Nothing here ever decodes with ``errors="replace"``: a byte that cannot be decoded is a reject
with a reason, never a silent U+FFFD.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from storyline.records import Rejected, RejectReason, Stage

__all__ = [
    "Decoded",
    "declared_html_charset",
    "decode_bytes",
    "internal_error",
    "reject",
    "sniff_bom",
]

# UTF-32 BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures worth naming in the reject, so the user knows what they gave us.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "Give the article's text or HTML instead."),
    (b"GIF8", "a GIF image", "Give the article's text or HTML instead."),
    (b"\xff\xd8\xff", "a JPEG image", "Give the article's text or HTML instead."),
    (b"%PDF-", "a PDF document", "Extract its text first (e.g. `pdftotext`)."),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)", "Unpack or convert it first."),
    (b"\x1f\x8b", "gzip-compressed", "Decompress it first (`gunzip`)."),
    (b"\x7fELF", "an executable", "Give the article's text or HTML instead."),
)

# C0 control bytes that never occur in text: everything below 0x20 except TAB, LF, VT, FF, CR
# and ESC (terminal colour codes in captured output), plus DEL.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r\f\v"

# Above this share of control bytes a file is binary even without NUL bytes. Text with a stray
# control character (a form feed, a pasted escape) stays well under it.
_MAX_CONTROL_SHARE = 0.01
# When no encoding fits, a file that is mostly printable ASCII is text with bad bytes
# (undecodable), anything else is binary.
_MIN_TEXT_SHARE = 0.7

# When charset-normalizer scores several encodings equally it often lists cp1250 first for
# Western European text, decoding French "è" as "č". Among equally scored candidates, prefer the
# encoding the WHATWG Encoding Standard uses as the legacy default (windows-1252), then the
# common Cyrillic one.
_TIE_PREFERENCE = ("utf_8", "cp1252", "cp1251")

# Labels that the WHATWG Encoding Standard maps to windows-1252 (browsers decode pages labelled
# latin-1 or ASCII as cp1252, and so do the pages' authors' tools).
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "iso_8859-1",
     "cp819", "ibm819", "windows-1252", "cp1252", "x-cp1252"}
)

_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
                           re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """Text decoded from bytes, with the codec that decoded it (a Python codec name)."""

    text: str
    encoding: str


def reject(source: str, reason: RejectReason, detail: str) -> Rejected:
    """Build an ingest-stage reject.

    Args:
        source: The path, ``path#locator`` or ``-`` that was rejected.
        reason: Why.
        detail: A sentence saying what was wrong and how to fix it.

    Returns:
        The reject.
    """
    return Rejected(source=source, stage=Stage.INGEST, reason=reason, detail=detail)


def internal_error(source: str, exc: BaseException) -> Rejected:
    """Turn an unexpected exception while reading one document into its reject.

    Args:
        source: The document being read.
        exc: What was raised.

    Returns:
        A reject with reason ``internal_error`` naming the exception, so one bug costs one
        document and is reported, never swallowed.
    """
    return reject(source, RejectReason.INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")


def sniff_bom(head: bytes) -> tuple[str, int] | None:
    """Return the codec named by a byte-order mark at the start of ``head``, and the BOM length.

    Args:
        head: The first bytes of a file (4 are enough).

    Returns:
        ``(codec, bom_length)``, or None without a BOM. The codec is endian-specific
        (``utf-16-le``) and decodes the bytes after the BOM.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            # utf-8-sig strips the BOM itself; the others decode what follows it.
            return (name, 0) if name == "utf-8-sig" else (name, len(bom))
    return None


def declared_html_charset(head: bytes) -> str | None:
    """Find the charset an HTML page declares in a ``<meta>`` tag in its first 1024 bytes.

    A cheap version of the WHATWG prescan: enough for ``<meta charset=...>`` and
    ``<meta http-equiv="Content-Type" content="text/html; charset=...">``.

    Args:
        head: The page's first bytes.

    Returns:
        The declared label as written, or None.
    """
    match = _META_CHARSET.search(head[:1024])
    return match.group(1).decode("ascii") if match else None


def _codec_for_label(label: str | None) -> str | None:
    """Map a declared charset label to a Python codec name, or None if unknown or unusable."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A declared UTF-16/32 without a BOM is meaningless in an ASCII-compatible prescan
    # (WHATWG maps it to UTF-8), and UTF-8 was already tried.
    if name.startswith(("utf-16", "utf-32", "utf-8")):
        return None
    return name


def _binary_reason(data: bytes) -> str | None:
    """Say why ``data`` (without a BOM) is binary, or return None if it may be text."""
    for signature, what, fix in _SIGNATURES:
        if data.startswith(signature):
            return f"The file is {what}, not text. {fix}"
    if b"\x00" in data:
        return (
            "The file contains NUL bytes, so it is binary (an image, archive or document), not "
            "text. If it is UTF-16 text, save it with a byte-order mark or as UTF-8."
        )
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        return (
            f"{controls} of its {len(data)} bytes are control characters, so it is binary, not "
            "text. Give the article's text or HTML instead."
        )
    return None


def _detect(data: bytes) -> Decoded | None:
    """Decode with charset-normalizer's best guess, or return None when nothing plausible fits."""
    from charset_normalizer import from_bytes  # imported when needed: most input is UTF-8

    # UTF-16/32 are accepted only with a byte-order mark (see decode_bytes): the detector
    # "finds" them in short byte strings that hold no NUL bytes at all.
    matches = [match for match in from_bytes(data)
               if not match.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        return None
    best = matches[0]  # charset-normalizer sorts its matches best first
    tied = {
        name
        for match in matches
        if match.chaos == best.chaos and match.coherence == best.coherence
        for name in match.could_be_from_charset
    }
    encoding = next((name for name in _TIE_PREFERENCE if name in tied), best.encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # The detector samples chunks; a bad byte outside them means the guess does not fit.
        return None
    return Decoded(text=text, encoding=codecs.lookup(encoding).name)


def decode_bytes(
    data: bytes,
    *,
    source: str,
    declared: str | None = None,
    detect: bool = True,
) -> Decoded | Rejected:
    """Decode a document's bytes, or say why they are not text.

    Args:
        data: The whole document (callers bound its size before reading it).
        source: Where it came from, for the reject.
        declared: A charset label the container declared (HTTP header, ``<meta charset>``).
        detect: Whether to guess the encoding with charset-normalizer when the bytes are neither
            BOM-marked nor UTF-8. JSON callers pass False: JSON is UTF-8 by standard (RFC 8259),
            and a guessed decoding of a JSON file would silently produce mojibake.

    Returns:
        The decoded text, or a reject with reason ``empty``, ``binary`` or ``undecodable``.
    """
    if not data.strip():
        return reject(source, RejectReason.EMPTY,
                      "The file is empty or holds only whitespace; nothing to read.")
    bom = sniff_bom(data[:4])
    if bom is not None:
        codec, skip = bom
        try:
            text = data[skip:].decode(codec)
        except UnicodeDecodeError as exc:
            return reject(
                source, RejectReason.UNDECODABLE,
                f"The file starts with a {codec} byte-order mark but byte {exc.start + skip} is "
                f"not valid {codec} ({exc.reason}). Re-save it as UTF-8.",
            )
        return _non_empty(Decoded(text=text, encoding=codec), source)

    why_binary = _binary_reason(data)
    if why_binary is not None:
        return reject(source, RejectReason.BINARY, why_binary)

    try:
        return _non_empty(Decoded(text=data.decode("utf-8"), encoding="utf-8"), source)
    except UnicodeDecodeError as exc:
        utf8_error = exc

    damage = _damaged_utf8(data)
    if damage is not None:
        valid, invalid = damage
        bad = data[utf8_error.start:utf8_error.start + 1].hex()
        return reject(
            source, RejectReason.UNDECODABLE,
            f"The file is UTF-8 ({valid} valid non-ASCII characters) with {invalid} invalid "
            f"byte{'s' if invalid > 1 else ''}, the first 0x{bad} at offset {utf8_error.start}: "
            "it is damaged or mixes "
            "encodings, and guessing another encoding would garble the valid characters. Fix the "
            "bytes or re-save the file as UTF-8.",
        )
    label_codec = _codec_for_label(declared)
    if label_codec is not None:
        try:
            return _non_empty(Decoded(text=data.decode(label_codec), encoding=label_codec), source)
        except UnicodeDecodeError:
            pass  # a wrong label: fall through to detection, as browsers do

    if not detect:
        bad = data[utf8_error.start:utf8_error.start + 1].hex()
        return reject(
            source, RejectReason.UNDECODABLE,
            f"Byte 0x{bad} at offset {utf8_error.start} is not valid UTF-8, and JSON must be UTF-8 "
            "(RFC 8259). Re-encode the file, e.g. `iconv -f cp1252 -t utf-8`.",
        )
    decoded = _detect(data)
    if decoded is not None:
        return _non_empty(decoded, source)
    printable = len(data) - len(data.translate(None, _PRINTABLE_ASCII))
    if printable < _MIN_TEXT_SHARE * len(data):
        return reject(
            source, RejectReason.BINARY,
            "No text encoding fits these bytes and most of them are not printable, so this is "
            "probably not a text file. Give the article's text or HTML instead.",
        )
    bad = data[utf8_error.start:utf8_error.start + 1].hex()
    return reject(
        source, RejectReason.UNDECODABLE,
        f"The file is not valid UTF-8 (byte 0x{bad} at offset {utf8_error.start}) and no other "
        "encoding fits it. Re-save it as UTF-8.",
    )


def _damaged_utf8(data: bytes) -> tuple[int, int] | None:
    """Return ``(valid, invalid)`` counts if ``data`` is mostly UTF-8 with some invalid bytes.

    Legacy single-byte text (cp1252, cp1251) almost never contains valid UTF-8 multi-byte
    sequences, so text with at least as many valid non-ASCII UTF-8 characters as invalid bytes
    is damaged UTF-8, not another encoding.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    valid = sum(1 for char in text if char > "\x7f") - invalid
    return (valid, invalid) if valid >= invalid > 0 else None


def _non_empty(decoded: Decoded, source: str) -> Decoded | Rejected:
    """Reject decoded text that is only whitespace (a BOM alone, Unicode spaces)."""
    if decoded.text.strip():
        return decoded
    return reject(source, RejectReason.EMPTY,
                  "The file holds only whitespace once decoded; nothing to read.")

