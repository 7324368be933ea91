"""How a long migration reports how far it is, to whoever opened the database (the CLI
prints a line on stderr). A context variable, so the migrations keep their one-argument
signature and nothing is global between two stores opened in one process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# (what is being done, rows done, rows in all)
Progress = Callable[[str, int, int], None]

_current: ContextVar[Progress | None] = ContextVar("iivboard_migration_progress", default=None)


@contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    token = _current.set(progress)
    try:
        yield
    finally:
        _current.reset(token)


def report(what: str, done: int, total: int) -> None:
    progress = _current.get()
    if progress is not None:
        progress(what, done, total)
