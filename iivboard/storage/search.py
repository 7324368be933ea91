"""Full-text search over the FTS5 index of schema 4: the best hits of each kind of row, with
a snippet, in one query per kind whose cost follows the LIMIT (FTS5 ranks the matches
itself and builds snippets only for the rows read).

The user's terms arrive parsed (domain/search.py) and are quoted here, each on its own, so
the FTS5 query grammar never sees a character the user typed outside a string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import DatabaseError

from iivboard.domain.errors import StorageError
from iivboard.domain.search import Term
from iivboard.storage.migrations import schema_4
from iivboard.storage.models import database, stored_time

__all__ = ["END", "START", "Found", "create_index", "find", "index_size", "match_expression"]

# The index as the newest schema defines it, for a new database (a later schema that
# changes the index points this at its own).
create_index = schema_4.create

# Around each matching word of a snippet. Private-use characters: search never reads them
# as part of a word, and the front ends turn them into styling.
START = "\ue000"
END = "\ue001"
ELLIPSIS = "…"
SNIPPET_TOKENS = 12


@dataclass(frozen=True)
class Found:
    """One matching row: what it is (contact, meeting, event), whose, when, and where."""

    kind: str
    row_id: int
    contact_id: int
    name: str
    organization: str | None
    at: dt.datetime | None  # the meeting's start or the event's time (naive UTC)
    event_kind: str | None
    snippet: str  # the matching words between START and END
    score: float  # bm25: lower is better


def _quoted(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")


def match_expression(terms: Sequence[Term]) -> str:
    """The FTS5 query for `terms`: every term a quoted string, all of them required."""
    return " ".join(_quoted(term) for term in terms)


# Each kind of row: its index, the row it was found in, and whose it is and when.
# (kind, index table, join to the row, the contact's id, its time, its history kind)
_KINDS = (
    ("contact", "search_contact", "", "hit.id", "NULL", "NULL"),
    (
        "meeting",
        "search_meeting",
        'JOIN "meeting" AS m ON m."id" = hit.id',
        'm."contact_id"',
        'm."starts_at"',
        "NULL",
    ),
    (
        "event",
        "search_event",
        'JOIN "event" AS e ON e."id" = hit.id',
        'e."contact_id"',
        'e."at"',
        'e."kind"',
    ),
)


def _hits(kind: tuple[str, str, str, str, str, str], match: str, limit: int) -> list[Found]:
    name, table, join, contact, at, event_kind = kind
    # The subquery lets FTS5 do the ORDER BY rank and stop at the LIMIT before the joins
    # (a LIMIT in a subquery keeps SQLite from flattening it into the join), so snippets
    # are made for the rows returned only.
    sql = (
        f'SELECT hit.id, c."id", c."name", o."name", {at}, {event_kind}, hit.snippet, hit.score '
        f'FROM (SELECT rowid AS id, rank AS score, snippet("{table}", -1, ?, ?, ?, ?) AS snippet '
        f'FROM "{table}" WHERE "{table}" MATCH ? ORDER BY rank LIMIT ?) AS hit {join} '
        f'JOIN "contact" AS c ON c."id" = {contact} '
        'LEFT JOIN "organization" AS o ON o."id" = c."organization_id"'
    )
    rows = database.execute_sql(sql, (START, END, ELLIPSIS, SNIPPET_TOKENS, match, limit))
    return [
        Found(name, row[0], row[1], row[2], row[3], stored_time(row[4]), row[5], row[6], row[7])
        for row in rows.fetchall()
    ]


def find(terms: Sequence[Term], limit: int) -> list[Found]:
    """The `limit` best hits over contacts, meetings and events, best first."""
    if not terms or limit <= 0:
        return []
    match = match_expression(terms)
    found = [hit for kind in _KINDS for hit in _hits(kind, match, limit)]
    found.sort(key=lambda hit: hit.score)
    return found[:limit]


def index_size() -> int:
    """Bytes the search index takes in the file (its shadow tables), for the bench."""
    names = [table for table, _source, _columns in schema_4.INDEXES]
    total = 0
    for name in names:
        for suffix in ("data", "idx", "docsize", "config"):
            row = database.execute_sql(
                "SELECT sum(pgsize) FROM dbstat WHERE name = ?", (f"{name}_{suffix}",)
            ).fetchone()
            total += int(row[0] or 0)
    return total


def check_index() -> None:
    """FTS5's own check that each index holds exactly the words of its rows; StorageError
    if not."""
    for table, _source, _columns in schema_4.INDEXES:
        try:
            database.execute_sql(
                f'INSERT INTO "{table}"("{table}", rank) VALUES (\'integrity-check\', 1)'
            )
        except DatabaseError as exc:
            raise StorageError(f"the search index {table} is out of step: {exc}") from exc
