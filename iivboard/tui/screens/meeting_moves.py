"""Moving a meeting from the board or the contact screen: a reschedule form prefilled with
the meeting as it stands, and a cancel that asks first (and takes an optional reason)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iivboard.app.queries import CallView
from iivboard.domain.calendar import local
from iivboard.domain.stages import FORMATS, MET_STAGES, STAGE_LABELS
from iivboard.domain.when import FORMS
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import Field, FormScreen, WhenFormScreen, next_business_morning


class RescheduleForm(WhenFormScreen):
    """A time already past is refused in the form, which stays open to correct it."""

    def validate_values(self, values: dict[str, str]) -> str | None:
        error = super().validate_values(values)
        start = self.parsed.get("starts_at")
        if error is None and isinstance(start, dt.datetime) and start < self.now:
            return "That time has passed; to record a meeting that took place, log it as held"
        return error


def wants_another(view: CallView) -> bool:
    """Someone already met, open, with no meeting to come: R offers another meeting."""
    contact = view.contact
    return (
        view.meeting is None
        and contact is not None
        and contact.outcome is None
        and contact.stage in MET_STAGES
    )


def reschedule(screen: BaseScreen[Any], contact_id: int) -> None:
    """R: the open meeting's time, length, format and place, each editable; Enter saves.
    With someone already met and no meeting to come, R sets another meeting instead."""
    facade = screen.facade
    view = facade.call(contact_id, "Rescheduling")
    if wants_another(view):
        another(screen, contact_id)
        return
    if view.meeting is None or view.contact is None:
        screen.say(view.reason, severity="warning", timeout=5)
        return
    meeting, name = view.meeting, view.contact.name
    start = local(meeting.starts_at, facade.zone())
    form = RescheduleForm(
        f"Reschedule the meeting with {visible(name)}",
        [
            Field("starts_at", "New time", f"{start:%Y-%m-%d %H:%M}", placeholder=FORMS),
            Field("minutes", "Agreed minutes", str(meeting.minutes)),
            Field("format", "Format (video, phone, in person)", meeting.format.replace("_", " ")),
            Field("place", "Place or link", meeting.place),
        ],
        ("starts_at",),
        facade.local_now(),
        hint="enter: save (a new time needs confirming)   escape: keep it",
        int_keys=("minutes",),
        choices={"format": FORMATS},
    )

    screen.app.push_screen(form, lambda values: _save(screen, contact_id, values))


def another(screen: BaseScreen[Any], contact_id: int) -> None:
    """Another meeting with someone already met: the form a first meeting gets; saved, the
    meeting shows on Today, in call mode and in the calendar, and the stage stays."""
    facade = screen.facade
    contact = facade.contact(contact_id)
    if contact is None:
        return
    start = next_business_morning(facade.local_now(), facade.rules)
    stage = STAGE_LABELS[contact.stage]
    form = RescheduleForm(
        f"Another meeting with {visible(contact.name)} (stays in {stage})",
        [
            Field("starts_at", "Meeting time", f"{start:%Y-%m-%d %H:%M}", placeholder=FORMS),
            Field("minutes", "Agreed minutes", str(facade.rules.meeting_minutes)),
            Field("format", "Format (video, phone, in person)", "video"),
            Field("place", "Place or link", ""),
        ],
        ("starts_at",),
        facade.local_now(),
        hint="enter: save   escape: cancel",
        int_keys=("minutes",),
        choices={"format": FORMATS},
    )
    screen.app.push_screen(form, lambda values: _save(screen, contact_id, values))


def _save(screen: BaseScreen[Any], contact_id: int, values: dict[str, Any] | None) -> None:
    if values is None:
        return
    screen.change(
        screen.facade.reschedule,
        contact_id,
        values["starts_at"],
        minutes=values["minutes"],
        format=values["format"],
        place=values["place"],
    )


def cancel(screen: BaseScreen[Any], contact_id: int) -> None:
    """X: asks before calling the meeting off; the reason, if given, goes in the history."""
    facade = screen.facade
    view = facade.call(contact_id, "Cancelling")
    if view.meeting is None or view.contact is None:
        screen.say(view.reason, severity="warning", timeout=5)
        return
    name, stage = view.contact.name, view.contact.stage
    start = local(view.meeting.starts_at, facade.zone())
    stays = f"they stay in {STAGE_LABELS[stage]}" if stage in MET_STAGES else "back to Requested"
    form = FormScreen(
        f"Cancel the meeting with {visible(name)} on {start:%a %d %b %H:%M}?",
        [Field("note", "Why (optional, for the history)", placeholder="e.g. she is travelling")],
        hint=f"enter: cancel it ({stays})   escape: keep the meeting",
    )

    def done(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        result = screen.attempt(facade.cancel_meeting, contact_id, values["note"])
        if result is not None:
            where = "" if stage in MET_STAGES else ": back in Requested"
            screen.show_change(result, f"{result.label}{where} (u to undo)")

    screen.app.push_screen(form, done)
