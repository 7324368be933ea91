"""A search hit in words, the same on the search screen and in `iivboard search`: where it
was found, and its snippet with the matching words marked however the front end marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from iivboard.domain.calendar import local
from iivboard.domain.search import SearchHit, Snippet
from iivboard.present.text import visible


def where(hit: SearchHit, zone: dt.tzinfo) -> str:
    """`contact`, `meeting 16 Nov 2026`, `note 20 Nov 2026`, `follow up 20 Nov 2026`."""
    if hit.kind == "contact" or hit.at is None:
        return hit.kind
    day = f"{local(hit.at, zone):%d %b %Y}"
    if hit.kind == "event":
        return f"{(hit.event_kind or 'event').replace('_', ' ')} {day}"
    return f"{hit.kind} {day}"


def who(hit: SearchHit) -> str:
    org = f" ({visible(hit.organization)})" if hit.organization else ""
    return visible(hit.name) + org


def snippet_text(snippet: Snippet, mark: Callable[[str], str] = str) -> str:
    """The snippet as one safe line; `mark` wraps each matching word (bold, **...**)."""
    return "".join(mark(visible(text)) if marked else visible(text) for text, marked in snippet)


def matches(snippet: Snippet) -> list[str]:
    """The matching words as they stand in the text."""
    return [text for text, marked in snippet if marked]
