"""HTML to text: parse with lxml, refuse pathological nesting, extract the article with trafilatura.

The page is parsed once, by us, with ``huge_tree`` so that libxml2 does not silently drop
everything below its default depth of 256 (trafilatura's own parser would). The nesting depth is
then measured iteratively on the parsed tree, and a page deeper than
``IngestSettings.max_html_depth`` is rejected before trafilatura's recursive code can hit
Python's recursion limit. The parsed tree is handed to ``trafilatura.bare_extraction``.

trafilatura and lxml are imported inside the functions: importing trafilatura takes about 0.4 s,
which a command that reads no HTML should not pay.
"""

from __future__ import annotations

from typing import Any

from storyline.config import IngestSettings
from storyline.ingest.decode import reject
from storyline.records import InputFormat, Rejected, RejectReason, SourceDocument, SourceMeta

__all__ = ["extract_html", "html_depth"]

# libxml2 stops descending (and logs this) at its depth limit, 2048 even with huge_tree.
_LIBXML2_DEPTH_ERROR = "Excessive depth"


def _parse(html: str) -> tuple[Any, bool]:
    """Parse a page with lxml; return the root and whether libxml2 hit its depth limit.

    Raises:
        lxml.etree.ParserError: If lxml finds no document (only comments, only whitespace).
    """
    import lxml.html

    # Same options as trafilatura's own parser, plus huge_tree (see the module docstring).
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    # Bytes plus an explicit encoding: lxml refuses str input that carries an XML encoding
    # declaration. Lone surrogates cannot come from a strict decode; JSON escapes are checked
    # by the record readers before they get here.
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    too_deep = any(_LIBXML2_DEPTH_ERROR in entry.message for entry in parser.error_log)
    return root, too_deep


def html_depth(root: Any) -> int:
    """Return the nesting depth of an lxml tree (the root alone is 1), without recursion.

    Args:
        root: An lxml element.

    Returns:
        The number of elements on the longest path from the root to a leaf.
    """
    from lxml import etree

    depth = deepest = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _text_or_none(value: object) -> str | None:
    """Return a stripped non-empty string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def extract_html(
    html: str,
    *,
    source: str,
    fmt: InputFormat,
    settings: IngestSettings,
    encoding: str | None,
    meta: SourceMeta | None = None,
) -> SourceDocument | Rejected:
    """Extract an article's text and metadata from an HTML page.

    Args:
        html: The decoded page.
        source: Where it came from (path or ``path#locator``).
        fmt: The reader that read it (``html``, or the container: ``json``, ``warc``...).
        settings: Ingest settings; ``max_html_depth`` bounds the nesting.
        encoding: The codec the page's bytes were decoded with, if they were bytes.
        meta: Metadata that came with the page from its container (a JSON record's title, a
            WARC target URI). It wins over what trafilatura finds in the page; the page fills
            the gaps.

    Returns:
        The document (text extracted by trafilatura), or a reject: ``html_unparsable`` when lxml
        cannot parse the page, it is nested deeper than ``max_html_depth`` or trafilatura fails
        on it; ``no_text`` when the page has no article text (only scripts, an empty template).
    """
    import trafilatura
    from lxml import etree

    given = meta or SourceMeta()
    try:
        root, libxml2_too_deep = _parse(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        return reject(
            source, RejectReason.HTML_UNPARSABLE,
            f"lxml could not parse the page ({exc}). Check that the file is an HTML page.",
        )
    depth = html_depth(root)
    if libxml2_too_deep or depth > settings.max_html_depth:
        shown = f"at least {depth}" if libxml2_too_deep else str(depth)
        return reject(
            source, RejectReason.HTML_UNPARSABLE,
            f"The page's elements are nested {shown} levels deep, more than max_html_depth="
            f"{settings.max_html_depth}; such pages are broken or hostile. Raise "
            "STORYLINE_INGEST__MAX_HTML_DEPTH if the page is genuine.",
        )
    try:
        document = trafilatura.bare_extraction(
            root,
            url=given.url,
            with_metadata=True,
            # Reader comments are not the article; keep them out of the text.
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            # trafilatura's default caps page dates at today's date, which would make the
            # result depend on the machine clock; a fixed far bound keeps output a function of
            # the input (our own date rules check page dates against the text anyway).
            date_extraction_params={
                "original_date": True,
                "extensive_search": True,
                "max_date": "2099-12-31",
            },
        )
    except RecursionError:
        return reject(
            source, RejectReason.HTML_UNPARSABLE,
            "trafilatura ran out of recursion depth on this page. Lower "
            "STORYLINE_INGEST__MAX_HTML_DEPTH so such pages are refused up front.",
        )
    except (etree.LxmlError, ValueError, TypeError, AttributeError, IndexError) as exc:
        return reject(
            source, RejectReason.HTML_UNPARSABLE,
            f"trafilatura failed on this page ({type(exc).__name__}: {exc}). Check that the file "
            "is a complete HTML page, or give the article's text instead.",
        )
    text = getattr(document, "text", None) if document is not None else None
    if not isinstance(text, str) or not text.strip():
        return reject(
            source, RejectReason.NO_TEXT,
            "trafilatura found no article text in the page (it may hold only scripts, menus or "
            "an empty template). Save the article page itself, or give its text.",
        )
    found = SourceMeta(
        title=_text_or_none(getattr(document, "title", None)),
        url=_text_or_none(getattr(document, "url", None)),
        outlet=_text_or_none(getattr(document, "sitename", None)),
        published=_text_or_none(getattr(document, "date", None)),
        # trafilatura sets a language only when asked to filter by one; the page's own
        # <html lang> is the metadata the input gives.
        language=_text_or_none(getattr(document, "language", None)) or _text_or_none(
            root.get("lang")),
        author=_text_or_none(getattr(document, "author", None)),
    )
    return SourceDocument(
        source=source,
        format=fmt,
        text=text,
        encoding=encoding,
        meta=SourceMeta(
            title=given.title or found.title,
            url=given.url or found.url,
            outlet=given.outlet or found.outlet,
            published=given.published or found.published,
            language=given.language or found.language,
            author=given.author or found.author,
        ),
        extractor=f"trafilatura-{trafilatura.__version__}",
    )
