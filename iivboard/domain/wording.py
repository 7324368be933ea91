"""Small helpers for the words the domain writes (shared by present/, which re-exports them)."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """ "1 question", "3 questions"."""
    return f"{count} {word}" + ("" if count == 1 else "s")
