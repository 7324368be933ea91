"""What every screen shares: the facade, one error display, the notice after a change,
undo and redo.

A screen reaches the use cases only through `self.facade` (typed), and the app's
navigation through `self.board_app`. A command goes through `attempt`: a refusal the user
can cause becomes a "Not done" notice and changes nothing; any other exception is a bug
and propagates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar

from textual.app import App
from textual.message import Message
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.worker import get_current_worker

from iivboard.app.facade import Facade, NotDone, Result
from iivboard.present.text import visible

if TYPE_CHECKING:
    from iivboard.tui.app import BoardApp

# What a user can cause (a refusal of the rules, a bad file, a busy database): the error
# root's user errors, and nothing else, so a bug is a traceback and never a "Not done".
USER_ERRORS: tuple[type[Exception], ...] = (NotDone,)

Severity = Literal["information", "warning", "error"]
P = ParamSpec("P")
R = TypeVar("R")


def say(
    app: App[Any],
    message: str,
    *,
    title: str = "",
    severity: Severity = "information",
    timeout: float = 3,
) -> None:
    """A notice whose text may hold user data: shown literally, never as markup."""
    app.notify(visible(message), title=title, severity=severity, timeout=timeout, markup=False)


def board_app_of(app: App[Any]) -> BoardApp:
    from iivboard.tui.app import BoardApp  # the app imports the screens

    if not isinstance(app, BoardApp):
        raise TypeError(f"this screen needs the board app, not {type(app).__name__}")
    return app


class BaseScreen(Screen[ScreenResultType]):
    """A screen over the facade. Screens that also run on their own (in a small host app,
    as the tests do) take the facade as an argument; the others use the board app's."""

    def __init__(
        self,
        facade: Facade | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._facade = facade

    @property
    def board_app(self) -> BoardApp:
        return board_app_of(self.app)

    @property
    def facade(self) -> Facade:
        return self._facade if self._facade is not None else self.board_app.facade

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: Severity = "information",
        timeout: float = 3,
    ) -> None:
        say(self.app, message, title=title, severity=severity, timeout=timeout)

    # ------------------------------------------------------------ commands

    def attempt(self, command: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R | None:
        """Run one facade command; a refusal becomes a notice and changes nothing."""
        try:
            return command(*args, **kwargs)
        except USER_ERRORS as exc:
            self.say(str(exc), title="Not done", severity="error", timeout=6)
            return None

    def change(
        self, command: Callable[P, Result], *args: P.args, **kwargs: P.kwargs
    ) -> Result | None:
        """attempt(), then show the change: redrawn here and on the board, with a notice."""
        result = self.attempt(command, *args, **kwargs)
        if result is not None:
            self.show_change(result)
        return result

    def refresh_view(self) -> None:
        """Read again what this screen shows; called after each change it makes."""

    def change_notice(self, result: Result) -> str:
        return result.label

    def redraw_after(self, result: Result) -> None:
        """The board redraws the contacts a change touched (our own commits are not seen by
        the database watcher), then this screen reads its view again."""
        from iivboard.tui.app import BoardApp

        if isinstance(self.app, BoardApp):
            self.app.changed(result)
        self.refresh_view()

    def show_change(self, result: Result, notice: str | None = None) -> None:
        self.redraw_after(result)
        self.say(notice if notice is not None else self.change_notice(result))

    def export_calendar(self, contact_id: int) -> None:
        """i: the contact's meetings as an .ics file a calendar app can import."""
        path = self.attempt(self.facade.export_calendar, contact_id)
        if path is not None:
            self.say(f"Calendar file written: {path}", timeout=6)

    def read_in_worker(
        self,
        read: Callable[[], R],
        done: Callable[[R], Message],
        failed: Callable[[str], Message],
    ) -> None:
        """The body of a thread worker that reads through the facade: posts done(value),
        or failed(why) for a refusal; nothing if the worker was cancelled meanwhile (a
        newer read, a closed screen). The thread's own connection is closed after."""
        try:
            value = read()
        except USER_ERRORS as exc:
            self.post_message(failed(str(exc)))
            return
        finally:
            self.facade.release_thread()  # the board's connection stays open
        if not get_current_worker().is_cancelled:
            self.post_message(done(value))

    # ------------------------------------------------------------ history

    def action_undo(self) -> None:
        self.change(self.facade.undo)

    def action_redo(self) -> None:
        self.change(self.facade.redo)


class BaseModalScreen(ModalScreen[ScreenResultType], BaseScreen[ScreenResultType]):
    """BaseScreen for a dialog over another screen."""

    def __init__(self, facade: Facade | None = None) -> None:
        super().__init__()
        self._facade = facade
