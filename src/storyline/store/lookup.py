"""Finding one row by its id or by a unique id prefix (``storyline show 8830``)."""

from __future__ import annotations

import sqlite3

from storyline.store.repository import MIN_PREFIX

__all__ = ["row_by_id_or_prefix"]


def row_by_id_or_prefix(
    conn: sqlite3.Connection,
    select: str,
    id_or_prefix: str,
    *,
    kind: str,
    message: str,
    not_found: type[Exception],
    ambiguous: type[Exception] | None = None,
) -> sqlite3.Row:
    """Return the row whose id is ``id_or_prefix``, or the only one whose id starts with it.

    Args:
        conn: The store's connection.
        select: ``SELECT ... FROM table`` (with any joins); the table must have an ``id`` column
            with a unique index.
        id_or_prefix: A full id, or a prefix of at least :data:`MIN_PREFIX` characters.
        kind: Plural name of what is looked up, for the message (``articles``).
        message: The not-found message (the prefix rules are appended to it).
        not_found: The exception raised when nothing matches or the prefix is too short.
        ambiguous: The exception raised when the prefix matches several rows (default:
            ``not_found``).

    Raises:
        not_found: As described.
        ambiguous: As described.
    """
    row: sqlite3.Row | None = conn.execute(f"{select} WHERE id = ?", (id_or_prefix,)).fetchone()
    if row is not None:
        return row
    if len(id_or_prefix) < MIN_PREFIX:
        raise not_found(f"{message} An id prefix needs at least {MIN_PREFIX} characters.")
    # A range on the unique index; U+10FFFF sorts after any character an id can continue with.
    found = conn.execute(
        f"{select} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
        (id_or_prefix, id_or_prefix + "\U0010ffff"),
    ).fetchall()
    if len(found) == 1:
        only: sqlite3.Row = found[0]
        return only
    if found:
        ids = ", ".join(r["id"] for r in found[:5]) + (", ..." if len(found) > 5 else "")
        raise (ambiguous or not_found)(
            f"{message} The prefix matches several {kind} ({ids}): give more characters."
        )
    raise not_found(message)
