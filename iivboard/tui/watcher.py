"""The one database watcher: another process (the CLI, a second window, a worker thread's
connection) committed, so every screen on the stack gets a `DatabaseWatcher.Changed`.

Our own commits do not change SQLite's data_version, so a screen is never told about a
change it made itself; it redraws those contacts directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.message import Message
from textual.timer import Timer

from iivboard.tui.screens.base import USER_ERRORS


class DatabaseWatcher:
    class Changed(Message, bubble=False):
        """What a screen shows may be out of date: read it again."""

    def __init__(self, app: App[Any], version: Callable[[], int], every: float = 1.0) -> None:
        self._app = app
        self._version = version
        self.every = every
        self._seen: int | None = None
        self._timer: Timer | None = None

    def start(self) -> None:
        self._seen = self._read()
        self._timer = self._app.set_interval(self.every, self.check)

    def _read(self) -> int | None:
        try:
            return self._version()
        except USER_ERRORS:  # a busy or vanished file: try again next time
            return None

    def check(self) -> None:
        # Read before anyone reloads: a commit landing during a reload triggers one more.
        version = self._read()
        if version is None or version == self._seen:
            return
        self._seen = version
        for screen in self._app.screen_stack:
            screen.post_message(self.Changed())
