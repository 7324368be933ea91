"""Search everything written: what the user typed, read as words (domain/search.py), found
in the index (storage/search.py), handed back as frozen hits."""

from __future__ import annotations

from iivboard.domain.search import MAX_LIMIT, SearchHit, parse_query, snippet_pieces
from iivboard.storage import search as index


def _kind(found: index.Found) -> str:
    if found.kind == "event":
        return "note" if found.event_kind == "note" else "event"
    return found.kind


def search(query: str, limit: int = 20, *, as_you_type: bool = False) -> list[SearchHit]:
    """The `limit` best hits for `query`, best first; none for a query with no word in it.
    `as_you_type`: the last word, still being typed, matches the words it begins."""
    terms = parse_query(query, prefix_last=as_you_type)
    found = index.find(terms, max(0, min(limit, MAX_LIMIT)))
    return [
        SearchHit(
            contact_id=hit.contact_id,
            name=hit.name,
            organization=hit.organization,
            kind=_kind(hit),
            meeting_id=hit.row_id if hit.kind == "meeting" else None,
            event_id=hit.row_id if hit.kind == "event" else None,
            event_kind=hit.event_kind,
            at=hit.at,
            snippet=snippet_pieces(hit.snippet, index.START, index.END),
            score=hit.score,
        )
        for hit in found
    ]
