"""What a user typed into search, read as words and phrases: never as a query language.

Every word and every "quoted phrase" becomes a term that must appear (all of them, in any
order; a phrase's words side by side). A word ending in `*` matches every word it begins
(`hir*`), and while typing the last word can be read that way too, so results come as the
word is typed. Anything else (parentheses, colons, NEAR, OR, a lone `*`, control
characters) is plain text: storage quotes each term, so no input can change the query's
shape or make it fail.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# A query is for finding, not for pasting a page: past this, terms are dropped.
MAX_TERMS = 16
# Hits in one answer at most: more would not fit a screen or be read (the CLI's --limit).
MAX_LIMIT = 500

_TERM = re.compile(r'"(?P<phrase>[^"]*)"?(?P<phrase_star>\*?)|(?P<word>[^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One word or phrase, as typed (without quotes); `prefix`: its last word may go on."""

    text: str
    prefix: bool = False


def _printable(text: str) -> str:
    # Control characters, lone surrogates and private-use characters are separators here:
    # none of them can be in a word, and a surrogate cannot even be sent to SQLite.
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _has_word(text: str) -> bool:
    """A term with no letter or digit matches nothing (and would empty the whole query)."""
    return any(ch.isalnum() for ch in text)


def parse_query(text: str, *, prefix_last: bool = False) -> tuple[Term, ...]:
    """The terms of `text`. `prefix_last`: the last word, when nothing (no space, no closing
    quote) follows it, is a prefix, for results as you type."""
    clean = _printable(text)
    terms: list[Term] = []
    last_open = False
    for match in _TERM.finditer(clean):
        if match.group("word") is not None:
            word = match.group("word")
            bare = word.rstrip("*")
            term = Term(bare, prefix=bare != word)
            last_open = match.end() == len(clean)
        else:
            phrase = " ".join(match.group("phrase").split())
            closed = len(match.group(0)) > len(match.group("phrase")) + 1  # its closing quote
            term = Term(phrase, prefix=bool(match.group("phrase_star")))
            last_open = not closed and match.end() == len(clean)
        if _has_word(term.text):
            terms.append(term)
        else:
            last_open = False
    if prefix_last and last_open and terms and not terms[-1].prefix:
        terms[-1] = Term(terms[-1].text, prefix=True)
    return tuple(terms[:MAX_TERMS])


# A snippet: pieces of text, each marked True where it is a matching word.
Snippet = tuple[tuple[str, bool], ...]

# What kind of row a hit is: the contact's own fields, a meeting's notes or reflection, a
# note in the history, or another history line the user wrote text for.
KINDS = ("contact", "meeting", "note", "event")


@dataclass(frozen=True)
class SearchHit:
    """One search result: whose it is, where it was found, and the words around the match."""

    contact_id: int
    name: str
    organization: str | None
    kind: str  # one of KINDS
    meeting_id: int | None
    event_id: int | None
    event_kind: str | None  # the history line's kind (note, follow_up, declined...)
    at: dt.datetime | None  # the meeting's start or the history line's time, naive UTC
    snippet: Snippet
    score: float  # lower is better (bm25 as SQLite gives it)


def snippet_pieces(text: str, start: str, end: str) -> Snippet:
    """A snippet as SQLite marks it (`start` and `end` around each match) as pieces, with
    its runs of spaces and newlines made one space: a snippet is one line."""
    pieces: list[tuple[str, bool]] = []
    marked = False
    for part in re.split(f"({re.escape(start)}|{re.escape(end)})", text):
        if part == start:
            marked = True
        elif part == end:
            marked = False
        elif part:
            pieces.append((part, marked))
    joined: list[tuple[str, bool]] = []
    for part, mark in pieces:
        part = re.sub(r"\s+", " ", part)
        if joined and joined[-1][1] == mark:
            joined[-1] = (joined[-1][0] + part, mark)
        else:
            joined.append((part, mark))
    if joined:
        first, mark = joined[0]
        joined[0] = (first.lstrip(), mark)
        last, mark = joined[-1]
        joined[-1] = (last.rstrip(), mark)
    return tuple((part, mark) for part, mark in joined if part)
