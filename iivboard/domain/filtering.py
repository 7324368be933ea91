"""The board's filter: which cards a typed text matches, and which match is best.

Each word typed must begin a word of the card (so "lumen" finds Lumen Energy and not the
tag "alumni"), ignoring case and accents (so "tomas" finds Tomás). A match in the name
counts most, then the organization, the role, the tags: the best match is the card the
board selects once the filter is applied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# How much a typed word counts when it begins a word of each field, by field.
WEIGHTS = (8, 4, 2, 1)  # name, organization, role, tags
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without accents: how both sides of the filter are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


class Filter:
    """A typed filter, folded once and scored against many cards."""

    def __init__(self, typed: str) -> None:
        self.terms = words(typed)
        self.whole = " ".join(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def score(self, fields: Sequence[str | None]) -> int:
        """0 when some typed word begins no word of the card; higher is a better match."""
        return self.score_words(card_words(fields))

    def score_words(self, field_words: Sequence[Sequence[str]]) -> int:
        """score() for fields already split by card_words (the board keeps them per card)."""
        if not self.terms:
            return 1
        total = 0
        for term in self.terms:
            best = 0
            for weight, found in zip(WEIGHTS, field_words, strict=False):
                for word in found:
                    if word.startswith(term):
                        # A whole word beats a word that only begins with what was typed.
                        best = max(best, weight * (2 if word == term else 1))
            if best == 0:
                return 0
            total += best
        name = " ".join(field_words[0]) if field_words else ""
        if name.startswith(self.whole):
            total += 2 * WEIGHTS[0]  # typing the start of someone's name finds them first
        return total


def card_words(fields: Sequence[str | None]) -> tuple[tuple[str, ...], ...]:
    """Each field's folded words, in the order of WEIGHTS."""
    return tuple(tuple(words(field or "")) for field in fields)
