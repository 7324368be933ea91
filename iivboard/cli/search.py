"""search: everything written, best match first."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from iivboard.cli.context import Context
from iivboard.domain.calendar import iso
from iivboard.domain.search import SearchHit, parse_query
from iivboard.present import search_text
from iivboard.present.text import visible

_BOLD, _NORMAL = "\x1b[1m", "\x1b[22m"


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.contact_id,
        "name": hit.name,
        "organization": hit.organization,
        "kind": hit.kind,
        "meeting_id": hit.meeting_id,
        "event_id": hit.event_id,
        "event_kind": hit.event_kind,
        "at": iso(hit.at),
        "snippet": "".join(text for text, _ in hit.snippet),
        "matches": search_text.matches(hit.snippet),
        "score": round(hit.score, 4) or 0.0,  # never -0.0
    }


def _marker() -> Any:
    """Bold on a terminal (our own escape codes around text already made visible), plain
    into a pipe or a file, or when NO_COLOR is set."""
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return lambda text: f"{_BOLD}{text}{_NORMAL}"
    return str


def cmd_search(ctx: Context) -> int:
    """One line per hit: the contact's id, who, where it was found, and the snippet. No hit
    is not an error (as `list` and `triage` with nothing to show): a line says so, exit 0."""
    args, facade = ctx.args, ctx.facade
    query = " ".join(args.query)  # `iivboard search hiring freeze` needs no quotes
    hits = facade.search(query, args.limit)
    if args.json:
        print(json.dumps([hit_json(hit) for hit in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        if not parse_query(query):
            print("nothing to search for: the query has no words")
        else:
            print(f"nothing found for “{visible(query)}”")
        return 0
    mark = _marker()
    zone = facade.zone()
    for hit in hits:
        print(
            f"{hit.contact_id:>5}  {search_text.who(hit)}  {search_text.where(hit, zone)}: "
            f"{search_text.snippet_text(hit.snippet, mark)}"
        )
    return 0
