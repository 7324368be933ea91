"""What every command handler is given: the settings, the clock, and the facade over the
database the command line named (opened on first use)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from iivboard.app.facade import Facade
from iivboard.domain.errors import NotDone
from iivboard.domain.when import WhenError, parse_when
from iivboard.io.settings import Settings, default_db_path


class Failure(NotDone):
    """A command that cannot do what was asked: one line on stderr, exit 1."""


def clock() -> dt.datetime:
    """The current time; IIVBOARD_NOW fixes it (ISO 8601), for tests and demos."""
    fixed = os.environ.get("IIVBOARD_NOW")
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def migration_progress(what: str, done: int, total: int) -> None:
    """A long upgrade (building the search index of a large database) on stderr: one line
    redrawn in place on a terminal, the start and the end only into a file."""
    line = f"iivboard: {what}: {done:,} of {total:,} rows"
    if sys.stderr.isatty():
        print(f"\r{line}", end="\n" if done >= total else "", file=sys.stderr, flush=True)
    elif done in (0, total):
        print(line, file=sys.stderr, flush=True)


class Context:
    def __init__(self, args: argparse.Namespace, settings: Settings) -> None:
        self.args = args
        self.settings = settings
        self._facade: Facade | None = None

    @property
    def db_path(self) -> Path:
        return Path(self.args.db) if self.args.db else default_db_path()

    @property
    def facade(self) -> Facade:
        """The database opened (created or upgraded), its due dates current with the rules."""
        if self._facade is None:
            self._facade = Facade.open(self.db_path, self.settings, clock, migration_progress)
        return self._facade

    def local_now(self) -> dt.datetime:
        return clock().astimezone(self.settings.rules.zone())

    def when(self, text: str | None, default_time: dt.time | None = None) -> dt.datetime | None:
        """A date the user typed (`tue 14:00`, `-2d`), or None when not given."""
        if text is None:
            return None
        try:
            return parse_when(text, self.local_now(), default_time)
        except WhenError as exc:
            raise Failure(str(exc)) from None
