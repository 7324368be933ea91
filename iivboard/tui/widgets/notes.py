"""A notes editor that saves as you type, so a closed terminal or a kill loses at most a second.

Textual installs no handler for a closed terminal (SIGHUP) and nothing can catch SIGKILL,
so saving on quit is not enough: a timer writes the text to the database while the user
types. It saves once typing pauses (IDLE seconds after the last change) and, during
non-stop typing, no later than LONGEST seconds after the first unsaved change.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from iivboard.tui.screens.base import USER_ERRORS


class AutosaveNotes(TextArea):
    IDLE = 0.4  # + up to one TICK: saved at most 0.5 s after the last keystroke
    LONGEST = 0.9  # + up to one TICK: never more than 1 s after any change
    TICK = 0.1

    class Saved(Message):
        """A save was tried: `error` is None when the text is safely in the database."""

        def __init__(self, notes: AutosaveNotes, error: str | None) -> None:
            super().__init__()
            self.notes = notes
            self.error = error

    def __init__(
        self,
        text: str,
        save: Callable[[str], None],
        *,
        id: str | None = None,
        placeholder: str = "",
    ) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", id=id, placeholder=placeholder)
        self._save = save
        self.saved_text = text
        self._first_change: float | None = None
        self._last_change = 0.0
        self._last_error: str | None = None
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        self._timer = self.set_interval(self.TICK, self._tick, pause=True)
        self.move_cursor(self.document.end)  # coming back to the notes means adding to them

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self:
            return
        now = time.monotonic()
        if self._first_change is None:
            self._first_change = now
            self._resume()
        self._last_change = now

    @property
    def dirty(self) -> bool:
        return self._first_change is not None

    def _tick(self) -> None:
        if self._first_change is None:
            self._pause()
            return
        now = time.monotonic()
        if now - self._last_change >= self.IDLE or now - self._first_change >= self.LONGEST:
            self.flush()

    def flush(self) -> bool:
        """Write the text now if it changed; False (and the change kept pending) on failure."""
        text = self.text
        if text != self.saved_text:
            try:
                # A NUL cannot be stored; it never comes from typing, only from a paste.
                self._save(text.replace("\x00", "\ufffd"))
            except USER_ERRORS as exc:  # the commands map a busy or full database to these
                # Kept dirty: the next tick tries again, so nothing typed is dropped.
                error = f"Notes not saved yet ({exc}); retrying"
                if error != self._last_error:
                    self.app.notify(error, severity="error", timeout=8, markup=False)
                self._last_error = error
                # Try again after a pause: a locked database must not stall every keystroke.
                self._first_change = self._last_change = time.monotonic()
                self._resume()
                self.post_message(self.Saved(self, error))
                return False
            self.saved_text = text
        if self._last_error is not None:
            self.app.notify("Notes saved again.", markup=False)
            self._last_error = None
        self._first_change = None
        self._pause()
        self.post_message(self.Saved(self, None))
        return True

    def _resume(self) -> None:
        if self._timer is not None:
            self._timer.resume()

    def _pause(self) -> None:
        if self._timer is not None:
            self._timer.pause()

    def on_unmount(self) -> None:
        # Leaving the screen or quitting the app: whatever is pending goes in now.
        if self.dirty:
            self.flush()


class SaveStatus(Static):
    """One line under the notes: when they were last saved, or why they are not yet."""

    DEFAULT_CSS = """
    SaveStatus { height: 1; padding: 0 1; color: $text-muted; }
    SaveStatus.error { color: $error; text-style: bold; }
    """

    def show(self, event: AutosaveNotes.Saved, local_now: dt.datetime) -> None:
        if event.error:
            self.update(Text(event.error))
        else:
            self.update(Text(f"notes saved {local_now:%H:%M:%S}"))
        self.set_class(bool(event.error), "error")
