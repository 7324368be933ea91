"""Closing a contact from the board, the contact screen or the triage: the same choices
(the domain's, fitted to the stage), the same note for "another reason", and after a
hiring conflict the same advice (when to try again, whom to ask meanwhile)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from iivboard.domain.stages import CloseChoice, close_choices
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import ChoiceScreen, Field, FormScreen

# After a batch, the advice names this many people; the rest are counted.
ADVICE_SHOWN = 4


def choice_label(choice: CloseChoice, retry_on: str) -> str:
    if choice.reason == "hiring_conflict":
        return f"{choice.label}, retry {retry_on}"
    if choice.asks_note:
        return f"{choice.label} (say which)"
    return choice.label


def ask_how_to_close(
    screen: BaseScreen[Any],
    title: str,
    choices: list[CloseChoice],
    then: Callable[[CloseChoice, str], None],
) -> None:
    """Offer `choices`; for one that asks a note, ask it (optional) before `then`."""
    retry_on = screen.facade.retry_on()
    options = [(choice.key, choice_label(choice, retry_on)) for choice in choices]

    def chosen(key: str | None) -> None:
        choice = next((c for c in choices if c.key == key), None)
        if choice is None:
            return
        if not choice.asks_note:
            then(choice, "")
            return

        def noted(values: dict[str, Any] | None) -> None:
            if values is not None:
                then(choice, values["note"].strip())

        form = FormScreen(
            title,
            [Field("note", "What did they say? (optional, kept in the history)")],
            hint="enter: close   escape: cancel",
        )
        screen.app.push_screen(form, noted)

    screen.app.push_screen(ChoiceScreen(title, options), chosen)


def advice_after(screen: BaseScreen[Any], contact_ids: Iterable[int]) -> str:
    """What a hiring conflict leaves to do, a sentence per contact closed for one (a
    notice is one line: its text is shown literally, controls as symbols)."""
    lines = [line for line in map(screen.facade.decline_advice, contact_ids) if line]
    shown = [line[0].upper() + line[1:] for line in lines[:ADVICE_SHOWN]]
    if len(lines) > ADVICE_SHOWN:
        shown.append(f"and {len(lines) - ADVICE_SHOWN} more")
    return ". ".join(shown)


def close_one(screen: BaseScreen[Any], contact_id: int, name: str, stage: str) -> None:
    """d on the board or the contact screen: the ways out that fit the stage."""
    facade = screen.facade

    def chosen(choice: CloseChoice, note: str) -> None:
        result = screen.attempt(
            facade.close, contact_id, choice.outcome, reason=choice.reason, note=note
        )
        if result is None:
            return
        advice = advice_after(screen, [contact_id])
        screen.redraw_after(result)
        screen.say(result.label + (". " + advice if advice else ""), timeout=10 if advice else 3)

    ask_how_to_close(screen, f"Close {visible(name)}", close_choices(stage), chosen)
