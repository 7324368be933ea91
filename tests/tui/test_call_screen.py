"""Call mode and prep, driven with Pilot from the board as a user would; checks screen and DB."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from iivboard.app import calls, queries
from iivboard.domain.stages import stage_index
from iivboard.storage.models import Contact, Event, Meeting
from iivboard.tui.screens.call import CallScreen
from iivboard.tui.screens.contact import ContactScreen
from iivboard.tui.screens.notes import NotesScreen
from iivboard.tui.screens.prep import PrepScreen
from iivboard.tui.widgets.notes import AutosaveNotes
from tests.tui_helpers import demo_app, fake_editor, record_notices, screen_text, text_of

SIZE = (160, 45)
DEBOUNCE = 0.6  # a little over the 0.5 s a save may wait after the last keystroke


async def select(pilot, app, name: str) -> int:
    """Put the board's cursor on a contact, with the keys a user would press."""
    board = app.board
    contact = Contact.get(Contact.name == name)
    while board.active_stage != contact.stage:
        behind = stage_index(board.active_stage) > stage_index(contact.stage)
        await pilot.press("h" if behind else "l")
    await pilot.press("g")
    while board.current.name != name:
        await pilot.press("j")
    return contact.id


async def open_call(pilot, app, name: str = "Rosa Jimenez") -> int:
    cid = await select(pilot, app, name)
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, CallScreen)
    return cid


def meeting_of(cid: int) -> Meeting:
    return Meeting.select().where(Meeting.contact == cid).order_by(Meeting.id.desc()).get()


def notes_text(app) -> str:
    return app.screen.query_one("#notes", AutosaveNotes).text


async def test_typing_is_saved_after_a_pause_and_the_call_starts_once(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        cid = await open_call(pilot, app)
        meeting = meeting_of(cid)
        assert meeting.started_at == clock.now.replace(tzinfo=None)
        shown = screen_text(app)
        assert "Call with Rosa Jimenez" in shown and "00:00 of 20:00" in shown
        assert "F1  [ ] What does a typical week look like for you?" in shown
        await pilot.press(*"6 [b]", "enter", *"[/] no")
        await pilot.pause(DEBOUNCE)
        assert meeting_of(cid).notes == "6 [b]\n[/] no"
        assert "notes saved" in screen_text(app)
        # Escape leaves call mode with the notes safe; c comes back to the same call.
        await pilot.press(*" more", "escape")
        await pilot.pause()
        assert meeting_of(cid).notes.endswith("no more")
        assert app.screen is app.board
        clock.advance(minutes=3)
        await pilot.press("c")
        await pilot.pause()
        assert notes_text(app) == "6 [b]\n[/] no more"
        assert "03:00 of 20:00" in screen_text(app)
        await pilot.press(*"!")  # the cursor waits at the end of the notes
        await pilot.pause(DEBOUNCE)
    assert meeting_of(cid).notes.endswith("more!")
    assert Event.select().where(Event.contact == cid, Event.kind == "call_started").count() == 1
    assert Contact.get_by_id(cid).stage == "scheduled"


async def test_quitting_saves_what_the_timer_has_not_yet(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        cid = await open_call(pilot, app)
        await pilot.press(*"bye", "ctrl+q")
        await pilot.pause()
    assert meeting_of(cid).notes == "bye"


async def test_notes_keep_their_meeting_when_the_contact_moves_meanwhile(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        cid = await open_call(pilot, app)
        app.facade.move(cid, "met")  # say, from the CLI in another window
        await pilot.press(*"still", "ctrl+n")
        await pilot.pause(DEBOUNCE)
        assert meeting_of(cid).notes == "still"
        assert isinstance(app.screen, CallScreen)


async def test_non_stop_typing_is_saved_within_a_second(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        cid = await open_call(pilot, app)
        typed = ""
        saved_while_typing = []
        for _i in range(16):  # a key every ~0.1 s: never a 0.5 s pause
            await pilot.press("x")
            typed += "x"
            await pilot.pause(0.1)
            saved_while_typing.append(len(meeting_of(cid).notes))
        # The longest wait is 1 s: by 1.3 s of typing something was written, and the
        # text in the database always trails what was typed, never runs ahead of it.
        assert saved_while_typing[12] > 0
        assert all(n <= i + 1 for i, n in enumerate(saved_while_typing))
        await pilot.pause(DEBOUNCE)
        assert meeting_of(cid).notes == typed


async def test_questions_tick_with_one_key_and_typing_is_never_taken(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        cid = await open_call(pilot, app)

        def asked() -> list[bool]:
            return [q["asked"] for q in calls.questions_of(meeting_of(cid))]

        await pilot.press("f2")
        assert asked() == [False, True, False, False]
        await pilot.press("ctrl+n")  # the first one not asked yet
        assert asked() == [True, True, False, False]
        await pilot.press("f2")  # a second press unticks
        assert asked() == [True, False, False, False]
        # Or tab into the list: a digit ticks, and the focus goes back to the notes.
        await pilot.press("tab", "4")
        await pilot.pause()
        assert asked() == [True, False, False, True]
        await pilot.press(*"1 2 n p q ? c")
        await pilot.pause(DEBOUNCE)
        assert notes_text(app) == "1 2 n p q ? c" == meeting_of(cid).notes
        assert asked() == [True, False, False, True]
        shown = screen_text(app)
        assert "Questions  2/4 asked" in shown
        assert "F4  [x] Who else would you suggest I talk to?" in shown


async def test_clock_warns_before_the_end_and_at_time_up(db_path, clock):
    app, ids = demo_app(clock)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_call(pilot, app)
        clock_line = app.screen.query_one("#clock")
        clock.advance(minutes=17, seconds=59)
        await pilot.pause(1.1)  # the screen's own one-second timer redraws the clock
        assert text_of(clock_line).strip().startswith("17:59 of 20:00")
        assert "02:01 left" in text_of(clock_line) and not clock_line.has_class("warning")
        clock.advance(seconds=1)
        app.screen.update_clock()  # what the timer (seen working above) does every second
        await pilot.pause()
        assert "18:00 of 20:00" in text_of(clock_line)
        assert "2 minutes left: time to ask whom else to talk to" in text_of(clock_line)
        assert clock_line.has_class("warning")
        clock.advance(minutes=2, seconds=30)
        app.screen.update_clock()
        await pilot.pause()
        assert "20:30 of 20:00" in text_of(clock_line)
        assert "over by 00:30: offer to stop here" in text_of(clock_line)
        assert clock_line.has_class("over") and not clock_line.has_class("warning")
        app.screen.update_clock()
        # Opened too early? F8 starts the clock again from now.
        await pilot.press("f8")
        await pilot.pause()
        assert text_of(clock_line).strip().startswith("00:00 of 20:00")
        assert not clock_line.has_class("over")
        assert meeting_of(app.screen.contact_id).started_at == clock.now.replace(tzinfo=None)
    assert notices == [
        "2 minutes left",
        "Time is up",  # each said once
        "The clock starts again from now",
    ]


async def test_referral_is_captured_without_leaving_the_call(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        cid = await open_call(pilot, app)
        await pilot.press(*"Good chat")
        clock.advance(minutes=6)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Referral from Rosa Jimenez" in screen_text(app)
        await pilot.press(*"Lee [i]", "enter")
        await pilot.pause()
        app.screen.query_one("#f-organization").value = "Harbor Books"
        await pilot.press("enter", *"archive", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert "• Lee [i] (Harbor Books)" in screen_text(app)
        await pilot.press(*" today")  # typing goes on in the notes
        await pilot.pause(DEBOUNCE)
        assert meeting_of(cid).notes == "Good chat today"
    new = Contact.get(Contact.name == "Lee [i]")
    assert (new.referred_by_id, new.stage, new.organization.name, new.notes) == (
        cid,
        "identified",
        "Harbor Books",
        "archive",
    )
    theirs = queries.contact_detail(new.id)["events"]
    assert [(e["kind"], e["text"]) for e in theirs] == [("added", "referred by Rosa Jimenez")]
    mine = queries.contact_detail(cid)["events"][-1]
    assert (mine["kind"], mine["text"]) == ("referral", "named Lee [i] (Harbor Books): archive")
    assert mine["at"] == (clock.now.replace(tzinfo=None)).isoformat() + "Z"


async def test_toggles_and_ending_the_call(db_path, clock):
    app, ids = demo_app(clock)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        cid = await open_call(pilot, app)
        started = clock.now.replace(tzinfo=None)
        await pilot.press("ctrl+t", "ctrl+o", "ctrl+o")
        await pilot.pause()
        assert "[x] may I contact you again" in screen_text(app)
        assert "[ ] offered to introduce me" in screen_text(app)
        await pilot.press(*"A course")
        clock.advance(minutes=23)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "End the call with Rosa Jimenez" in screen_text(app)
        # Escape goes back to the call; nothing ends.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert Contact.get_by_id(cid).stage == "scheduled"
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"yes", "enter", *"small team", "enter", "enter", *"ask Kira", "enter")
        await pilot.pause()
        assert app.screen is app.board
        assert notices[-1] == "Call ended: Rosa Jimenez moved to Met; thank-you due by Tue 09:00"
        # The board follows the card into Met; its contact screen shows the call.
        assert app.board.current.id == cid and app.board.active_stage == "met"
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "call started Mon 23 Nov 2026 09:00, ended 09:23" in shown
        assert "Reflection: Does it fit my interests, values and skills? yes" in shown
        assert "move → Met           call of 23 min (agreed 20)" in shown
    contact, meeting = Contact.get_by_id(cid), meeting_of(cid)
    assert (contact.stage, contact.met_at, contact.stage_entered_at) == ("met", started, started)
    assert (contact.due_kind, contact.due_at) == ("thank_you", started + dt.timedelta(hours=24))
    assert (contact.may_recontact, contact.offered_intro) == (True, False)
    assert meeting.started_at == started and meeting.ended_at == started + dt.timedelta(minutes=23)
    assert meeting.notes == "A course"
    assert meeting.reflection == (
        "Does it fit my interests, values and skills? yes\n"
        "What surprised me? small team\nNext steps ask Kira"
    )


async def test_call_and_prep_keys_explain_other_stages(db_path, clock):
    app, ids = demo_app(clock)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "Ada Okafor")
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is app.board
        assert notices == [
            "Call mode is for a scheduled meeting; Ada Okafor is in "
            "Identified. Move them to Scheduled first."
        ]
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is app.board
        assert notices[-1].startswith("Prep is for a scheduled meeting; Ada Okafor")
    assert Meeting.select().where(Meeting.started_at.is_null(False)).count() == 0


# ---------------------------------------------------------------- prep


async def test_prep_checklist_questions_intro_and_confirm(db_path, clock):
    app, ids = demo_app(clock)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        cid = await select(pilot, app, "Sam Taylor")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PrepScreen)
        assert "Checklist  1 of 5 done" in screen_text(app)  # 4 questions came with the demo
        await pilot.press("1", "2", "2")  # tick, tick, untick
        prep = json.loads(meeting_of(cid).prep)
        assert (prep["organization"], prep["person"]) == (True, False)
        await pilot.press("3")
        await pilot.pause()
        assert "Pick 3 to 6 questions: 4 chosen" in screen_text(app)
        # The list: the 4 chosen (not in the bank), then the bank by group; headings are
        # skipped. Up to six: the 7th is refused with a reason.
        await pilot.press("down", "down", "down", "down", "down", "down", "space")
        await pilot.press("down", "space", "down", "space")
        await pilot.pause()
        assert "Pick 3 to 6 questions: 6 chosen" in screen_text(app)
        assert notices == ["6 is plenty for a short call: unpick one first"]
        await pilot.press("escape")
        await pilot.pause()
        chosen = [q["text"] for q in calls.questions_of(meeting_of(cid))]
        assert chosen[4:] == [
            "What part of your work takes more of your time than people would guess?",
            "What do you enjoy most about this role, and what do you find draining?",
        ]
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"I map [b]transit")
        await pilot.press("escape")
        await pilot.pause()
        assert json.loads(meeting_of(cid).prep)["intro_text"] == "I map [b]transit"
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        shown = screen_text(app)
        assert "I map [b]transit" in shown
        assert "[x] Confirm the day before  (confirmed)" in shown
        assert "Checklist  4 of 5 done" in shown
        assert meeting_of(cid).confirmed
        assert Contact.get_by_id(cid).due_kind == "meeting"
        # c goes from prep straight into the call, which shows the introduction.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert "I map [b]transit" in screen_text(app)


async def test_picker_shows_a_broken_bank_with_its_line(db_path, clock, tmp_path):
    from iivboard.io.question_bank import bank_path

    bank_path().parent.mkdir(parents=True, exist_ok=True)
    bank_path().write_text('Trends = [\n  "one",\n  "two"\n  "three",\n]\n', encoding="utf-8")
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        cid = await select(pilot, app, "Uma Patel")
        await pilot.press("p", "3")
        await pilot.pause()
        assert f"{bank_path()} line 4:" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Why?", "enter")
        await pilot.pause()
        assert "[5] Why?" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert calls.questions_of(meeting_of(cid))[-1] == {"text": "Why?", "asked": False}


# ---------------------------------------------------------------- notes afterwards


@pytest.fixture
def editor(tmp_path, monkeypatch):
    return fake_editor(tmp_path, monkeypatch, 'text = text.upper() + "Added in the editor.\\n"')


async def test_notes_stay_editable_on_the_contact_screen(db_path, clock, editor):
    app, ids = demo_app(clock)
    cid = ids["Wen Li"]
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "Wen Li")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await pilot.press(*" Ask.")
        await pilot.pause(DEBOUNCE)
        expected = (
            "Uses SQL all day; dashboards for clinicians.\nMentioned a certificate course. Ask."
        )
        assert meeting_of(cid).notes == expected
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert meeting_of(cid).notes == expected.upper() + "Added in the editor.\n"
        assert "Added in the editor." in screen_text(app)
        assert queries.contact_detail(cid)["events"][-1]["text"] == "Edited the notes"


async def test_call_mode_at_80_columns_still_shows_how_to_end_the_call(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        cid = await select(pilot, app, "Rosa Jimenez")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert "^g End call" in screen_text(app).splitlines()[-1]
        assert Contact.get_by_id(cid).stage == "scheduled"
