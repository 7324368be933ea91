"""Setting and moving a meeting from the board, the contact screen, Today and Triage: the
first meeting's form, a reschedule form prefilled with the meeting as it stands, another
meeting with someone already met, and a cancel that asks first (with an optional reason).
Every meeting form offers a free time and warns before one that overlaps another meeting."""

from __future__ import annotations

from typing import Any

from iivboard.app.facade import Facade
from iivboard.app.queries import CallView
from iivboard.domain.calendar import local
from iivboard.domain.stages import MET_STAGES, STAGE_LABELS
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import (
    ClashCheck,
    Field,
    FormScreen,
    MeetingForm,
    meeting_fields,
    stage_form,
)


def clash_check(facade: Facade, contact_id: int) -> ClashCheck:
    """What a time for a meeting with `contact_id` overlaps: any other contact's meeting."""
    return lambda start, minutes: facade.meeting_clashes(contact_id, start, minutes)


def first_meeting_form(facade: Facade, contact_id: int, name: str) -> FormScreen | None:
    """The form moving into Scheduled shows (board, Today, Triage): a free time offered,
    and a warning before a time that overlaps another meeting."""
    return stage_form(
        "scheduled",
        facade.local_now(),
        facade.rules,
        name,
        meeting_default=facade.free_meeting_time(contact_id),
        clashes=clash_check(facade, contact_id),
    )


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
    form = MeetingForm(
        f"Reschedule the meeting with {visible(name)}",
        meeting_fields(start, meeting.minutes, meeting.format, meeting.place, label="New time"),
        facade.local_now(),
        hint="enter: save (a new time needs confirming)   escape: keep it",
        refuse_past=True,
        clashes=clash_check(facade, contact_id),
    )
    screen.app.push_screen(form, lambda values: _save(screen, contact_id, values))


def another(screen: BaseScreen[Any], contact_id: int) -> None:
    """Another meeting with someone already met: the form a first meeting gets; saved, the
    meeting shows on Today, in call mode and in the calendar, and the stage stays."""
    facade = screen.facade
    contact = facade.contact(contact_id)
    if contact is None:
        return
    start = facade.free_meeting_time(contact_id)
    stage = STAGE_LABELS[contact.stage]
    form = MeetingForm(
        f"Another meeting with {visible(contact.name)} (stays in {stage})",
        meeting_fields(start, facade.rules.meeting_minutes),
        facade.local_now(),
        hint="enter: save   escape: cancel",
        refuse_past=True,
        clashes=clash_check(facade, contact_id),
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
