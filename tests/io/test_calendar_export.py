"""The .ics export: parsed back with icalendar, and imported into a real client (khal)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import stat
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from iivboard.domain.policy import Rules
from iivboard.io.formats import ics
from iivboard.io.formats.errors import ExportError
from iivboard.storage.models import Meeting
from tests.io import exporting as calendar_export

NEW_YORK = ZoneInfo("America/New_York")
RULES = Rules(timezone="America/New_York")
# US clocks go forward on Sunday 14 March 2027: the evening before a Sunday-morning meeting
# is on the other side of the change.
MEETING = dt.datetime(2027, 3, 14, 10, 0, tzinfo=NEW_YORK)


@pytest.fixture
def scheduled(commands):
    cid = commands.contacts.add_contact(
        "Ada [bold]Okafor[/]",
        organization="Northwind Health",
        role="Product Manager",
        email="ada@example.org",
    ).contact_id
    commands.pipeline.move(
        cid,
        "scheduled",
        meeting={"starts_at": MEETING, "minutes": 30, "place": "https://meet.example/abc-defg"},
    )
    meeting = Meeting.get(Meeting.contact == cid)
    commands.meetings.update_meeting(
        meeting.id,
        questions=[
            {"text": "What does a normal week look like?", "asked": False},
            {"text": "Whom else should I talk to?", "asked": False},
        ],
    )
    return cid


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_event_parses_back_with_time_zone_duration_place_questions_and_alarm(scheduled, clock):
    data = calendar_export.to_ics(RULES, clock(), scheduled)
    calendar = Calendar.from_ical(data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == MEETING and str(start.tzinfo) == "America/New_York"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DURATION") == dt.timedelta(minutes=30)
    assert "DTEND" not in event
    assert (
        str(event["SUMMARY"]) == "Informational interview: Ada [bold]Okafor[/] (Northwind Health)"
    )
    assert str(event["LOCATION"]) == "https://meet.example/abc-defg"
    assert str(event["URL"]) == "https://meet.example/abc-defg"
    assert str(event["STATUS"]) == "TENTATIVE"
    description = str(event["DESCRIPTION"])
    assert (
        "Questions to ask:\n- What does a normal week look like?\n"
        "- Whom else should I talk to?" in description
    )
    assert "30 minutes, video." in description
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert (
        str(alarm["DESCRIPTION"])
        == "Confirm tomorrow's informational interview with Ada [bold]Okafor[/]"
    )
    trigger = alarm.decoded("TRIGGER")
    # 18:00 EST on Saturday is 15 real hours before 10:00 EDT on Sunday: the wall clocks
    # say 16, but that night is an hour short.
    assert trigger == -dt.timedelta(hours=15)
    alarm_at = (start.astimezone(dt.UTC) + trigger).astimezone(NEW_YORK)
    assert (alarm_at.date(), alarm_at.hour, alarm_at.minute) == (dt.date(2027, 3, 13), 18, 0)


def test_uids_are_stable_and_one_event_per_meeting(commands, scheduled, clock):
    other = commands.contacts.add_contact("Bo Chen").contact_id
    commands.pipeline.move(
        other,
        "scheduled",
        meeting={
            "starts_at": MEETING + dt.timedelta(days=1),
            "format": "phone",
            "place": "+1 555 0100",
        },
    )
    first = events(calendar_export.to_ics(RULES, clock()))
    clock.advance(days=2)
    again = events(calendar_export.to_ics(RULES, clock()))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in again]
    assert len({str(e["UID"]) for e in first}) == 2
    phone = first[1]
    assert str(phone["LOCATION"]) == "+1 555 0100" and "URL" not in phone
    assert "Where: +1 555 0100" in str(phone["DESCRIPTION"])


def test_held_meeting_has_no_alarm_and_one_moved_back_by_hand_is_left_out(
    commands, scheduled, clock
):
    other = commands.contacts.add_contact("Bo Chen").contact_id
    commands.pipeline.move(other, "scheduled", meeting={"starts_at": MEETING})
    commands.pipeline.move(other, "requested")  # the meeting was called off
    commands.pipeline.move(scheduled, "met")
    [event] = events(calendar_export.to_ics(RULES, clock()))
    assert "Okafor" in str(event["SUMMARY"])
    assert str(event["STATUS"]) == "CONFIRMED" and not event.walk("VALARM")
    with pytest.raises(ExportError, match="contact #2 has no meeting to export"):
        calendar_export.to_ics(RULES, clock(), other)


def test_a_reschedule_keeps_the_uid_and_raises_the_sequence(commands, scheduled, clock):
    [before] = events(calendar_export.to_ics(RULES, clock(), scheduled))
    assert int(before["SEQUENCE"]) == 0
    commands.meetings.reschedule(scheduled, MEETING + dt.timedelta(days=1, hours=4))
    [after] = events(calendar_export.to_ics(RULES, clock(), scheduled))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == 1
    assert after.decoded("DTSTART") == dt.datetime(2027, 3, 15, 14, 0, tzinfo=NEW_YORK)
    assert str(after["STATUS"]) == "TENTATIVE"  # a new time, not confirmed yet
    assert str(after["LOCATION"]) == "https://meet.example/abc-defg"


def test_a_cancelled_meeting_is_written_cancelled_with_the_same_uid(commands, scheduled, clock):
    commands.pipeline.log(scheduled, "confirm")
    [before] = events(calendar_export.to_ics(RULES, clock()))
    commands.meetings.reschedule(scheduled, MEETING + dt.timedelta(hours=1))
    commands.meetings.cancel_meeting(scheduled, note="ill")
    [cancelled] = events(calendar_export.to_ics(RULES, clock()))
    assert str(cancelled["UID"]) == str(before["UID"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2
    assert not cancelled.walk("VALARM")  # no reminder to confirm a meeting that is off
    # Scheduling again makes a new event beside the cancelled one.
    commands.meetings.schedule(scheduled, MEETING + dt.timedelta(days=7))
    both = events(calendar_export.to_ics(RULES, clock(), scheduled))
    assert [str(e["STATUS"]) for e in both] == ["CANCELLED", "TENTATIVE"]
    assert [int(e["SEQUENCE"]) for e in both] == [2, 0]
    assert len({str(e["UID"]) for e in both}) == 2


def test_nothing_to_export_is_an_error(commands, clock):
    with pytest.raises(ExportError, match="^no meetings to export$"):
        calendar_export.to_ics(RULES, clock())
    with pytest.raises(ExportError, match="no contact with id 9"):
        calendar_export.to_ics(RULES, clock(), 9)


def test_write_ics_is_private_and_returns_the_path(scheduled, clock, tmp_path):
    path = calendar_export.write_ics(tmp_path / "ada.ics", RULES, clock(), scheduled)
    assert path == tmp_path / "ada.ics"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(events(path.read_bytes())) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["ada.ics"]
    with pytest.raises(ExportError, match="cannot write"):
        calendar_export.write_ics(tmp_path / "missing" / "x.ics", RULES, clock(), scheduled)


def test_export_contact_names_the_file_after_the_contact(scheduled, clock, tmp_path):
    path = calendar_export.export_contact(scheduled, RULES, clock(), tmp_path)
    assert path == tmp_path / "interview-ada-bold-okafor.ics"
    assert len(events(path.read_bytes())) == 1
    # No folder given: Downloads when there is one, else home (HOME is a temp dir here).
    (tmp_path / "home").mkdir()
    home_path = calendar_export.export_contact(scheduled, RULES, clock())
    assert home_path == tmp_path / "home" / "interview-ada-bold-okafor.ics"
    assert home_path.read_bytes() == path.read_bytes()
    with pytest.raises(ExportError, match="no contact with id 99"):
        calendar_export.export_contact(99, RULES, clock(), tmp_path)


def test_machine_zone_without_a_name_falls_back_to_utc(scheduled, clock, monkeypatch):
    monkeypatch.setenv("TZ", "")
    monkeypatch.setattr(ics, "zone_name", lambda rules: None)
    [event] = events(calendar_export.to_ics(Rules(), clock(), scheduled))
    assert event.decoded("DTSTART") == MEETING
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)


@pytest.mark.skipif(
    importlib.util.find_spec("khal") is None,
    reason="khal is not installed (pip install khal, or the [test] extra)",
)
def test_imports_into_khal(scheduled, clock, tmp_path):
    ics_file = calendar_export.write_ics(tmp_path / "meetings.ics", RULES, clock())
    vdir = tmp_path / "khal" / "interviews"
    vdir.mkdir(parents=True)
    config = tmp_path / "khal" / "config"
    config.write_text(f"""\
[calendars]
[[interviews]]
path = {vdir}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Paris
default_timezone = Europe/Paris
[sqlite]
path = {tmp_path / "khal" / "khal.db"}
""")
    env = dict(os.environ, TZ="Europe/Paris")

    def khal(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "khal", "-c", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    khal("import", "--batch", "-a", "interviews", str(ics_file))
    meeting = Meeting.get()
    assert [p.name for p in vdir.iterdir()] == [f"{ics.uid(meeting.id, meeting.created_at)}.ics"]
    listing = khal("list", "--format", "{start} {end} {title} | {location}", "2027-03-13", "3d")
    # 10:00 in New York is 15:00 in Paris (not yet on summer time), for 30 minutes.
    assert (
        "2027-03-14 15:00 2027-03-14 15:30 Informational interview: Ada [bold]Okafor[/] "
        "(Northwind Health) | https://meet.example/abc-defg"
    ) in listing
    # Importing again updates the event instead of adding a second one.
    khal("import", "--batch", "-a", "interviews", str(ics_file))
    again = khal("list", "--format", "{title}", "2027-03-13", "3d")
    assert again.count("Informational interview: Ada") == 1


def test_a_move_back_and_forward_raises_the_sequence_of_the_same_event(commands, scheduled, clock):
    [before] = events(calendar_export.to_ics(RULES, clock(), scheduled))
    commands.pipeline.move(scheduled, "requested")  # the meeting fell through, by hand
    with pytest.raises(ExportError):  # left behind: out of the calendar meanwhile
        calendar_export.to_ics(RULES, clock(), scheduled)
    later = MEETING + dt.timedelta(days=2)
    commands.pipeline.move(scheduled, "scheduled", meeting={"starts_at": later, "minutes": 30})
    [after] = events(calendar_export.to_ics(RULES, clock(), scheduled))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == 1
    assert after.decoded("DTSTART") == later
    # Back and forward again at the very same terms is still a new version of the event.
    commands.pipeline.move(scheduled, "requested")
    commands.pipeline.move(
        scheduled,
        "scheduled",
        meeting={"starts_at": later, "minutes": 30, "place": "https://meet.example/abc-defg"},
    )
    [again] = events(calendar_export.to_ics(RULES, clock(), scheduled))
    assert (str(again["UID"]), int(again["SEQUENCE"])) == (str(before["UID"]), 2)
    # A reschedule raises it once more, a change that changes nothing does not.
    commands.meetings.reschedule(scheduled, later + dt.timedelta(hours=1))
    commands.meetings.schedule(
        scheduled, later + dt.timedelta(hours=1), minutes=30, place="https://meet.example/abc-defg"
    )
    [last] = events(calendar_export.to_ics(RULES, clock(), scheduled))
    assert int(last["SEQUENCE"]) == 3
    assert len(Meeting.select()) == 1
