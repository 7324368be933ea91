"""`iivboard meeting`: reschedule, cancel, print; their output and exit codes."""

import json


def booked(run) -> None:
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--channel", "email", "--at", "-3d", check_rc=0)
    run("move", "1", "scheduled", "--meeting", "wed 14:00", "--place", "Cafe", check_rc=0)
    run("log", "1", "confirm", check_rc=0)


def test_meeting_prints_then_reschedules_keeping_the_place(run):
    booked(run)
    shown = run("meeting", "1", check_rc=0)
    assert shown.stdout == (
        "meeting with Ada Okafor: Wed 2026-11-25 14:00, 20 min, video, Cafe (confirmed)\n"
    )
    moved = run("meeting", "1", "--at", "thu 10:00", "--minutes", "30", check_rc=0)
    assert moved.stdout == (
        "Rescheduled Ada Okafor\n"
        "meeting with Ada Okafor: Thu 2026-11-26 10:00, 30 min, video, Cafe (not confirmed yet)\n"
    )
    detail = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert detail["stage"] == "scheduled"
    assert detail["request_sent_at"] == "2026-11-20T09:00:00Z"
    assert detail["events"][-1]["kind"] == "rescheduled"
    assert (
        detail["events"][-1]["text"]
        == "from 2026-11-25 14:00 to 2026-11-26 10:00, 30 min (was 20 min)"
    )
    show = run("show", "1", check_rc=0).stdout
    assert "meeting 2026-11-26 10:00, 30 min, video\n" in show


def test_meeting_cancel_keeps_it_and_says_what_is_next(run):
    booked(run)
    out = run("meeting", "1", "--cancel", "--note", "she is ill", check_rc=0).stdout
    assert out.splitlines()[0] == "Cancelled the meeting with Ada Okafor"
    assert out.splitlines()[1].startswith("Ada Okafor is back in Requested; follow up")
    detail = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert detail["stage"] == "requested"
    # The row's clock restarts from the cancellation; the request keeps its date.
    assert detail["request_sent_at"] == "2026-11-23T09:00:00Z"
    assert detail["request"] == {
        "sent_at": "2026-11-20T09:00:00Z", "channel": "email", "followups": 0
    }  # fmt: skip
    assert [m["cancelled_at"] for m in detail["meetings"]] == ["2026-11-23T09:00:00Z"]
    assert detail["events"][-1]["text"] == "meeting of 2026-11-25 14:00 cancelled: she is ill"
    assert "cancelled 2026-11-23 09:00" in run("show", "1", check_rc=0).stdout
    # Undo brings the meeting back, as it was.
    assert run("undo", check_rc=0).stdout == "Undid: Cancelled the meeting with Ada Okafor\n"
    assert "(confirmed)" in run("meeting", "1", check_rc=0).stdout


def test_meeting_json_prints_the_contact(run):
    booked(run)
    detail = json.loads(run("meeting", "1", "--at", "fri 11:00", "--json", check_rc=0).stdout)
    assert detail["meetings"][0]["starts_at"] == "2026-11-27T11:00:00Z"
    assert detail["meetings"][0]["confirmed"] is False


def test_meeting_errors_exit_1_and_bad_usage_exits_2(run):
    booked(run)
    run("add", "Bo", check_rc=0)
    none = run("meeting", "2", "--cancel", check_rc=1)
    assert none.stderr == "iivboard: error: Bo has no open meeting\n"
    assert run("meeting", "2", check_rc=1).stderr == "iivboard: error: Bo has no open meeting\n"
    assert run("meeting", "9", "--at", "tue 10:00", check_rc=1).stderr.startswith(
        "iivboard: error: no contact with id 9"
    )
    past = run("meeting", "1", "--at", "-1d", check_rc=1)
    assert "has passed; to record a meeting that took place, log it as held" in past.stderr
    run("meeting", "1", "--at", "-1d", "--past", check_rc=0)
    same = run("meeting", "1", "--at", "-1d", "--past", check_rc=1)
    assert "is already" in same.stderr
    for bad in (
        ("meeting", "1", "--cancel", "--at", "tue 10:00"),
        ("meeting", "1", "--note", "x"),
        ("meeting", "1", "--minutes", "30"),
        ("meeting", "1", "--format", "fax", "--at", "tue 10:00"),
    ):
        assert run(*bad, check_rc=2).stderr.startswith("iivboard: usage:"), bad


def test_meeting_at_on_someone_already_met_sets_another_meeting(run):
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--at", "-14d", check_rc=0)
    run("log", "1", "meeting", "--at", "-7d", check_rc=0)
    run("log", "1", "thank_you", "--at", "-6d", check_rc=0)
    out = run("meeting", "1", "--at", "thu 14:00", "--place", "Cafe", check_rc=0)
    assert out.stdout == (
        "Scheduled another meeting with Ada Okafor\n"
        "meeting with Ada Okafor: Thu 2026-11-26 14:00, 20 min, video, Cafe (not confirmed yet)\n"
    )
    detail = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert detail["stage"] == "thanked"
    assert detail["request_sent_at"] == "2026-11-09T09:00:00Z"
    assert detail["events"][-1]["kind"] == "another_meeting"
    assert "(not confirmed yet)" in run("meeting", "1", check_rc=0).stdout
    due = run("due", check_rc=0, now="2026-11-25T09:00:00+00:00").stdout
    assert "#1 Ada Okafor (Acme): tomorrow 14:00, 20 min video: not confirmed, confirm today" in due
    out = run("meeting", "1", "--cancel", check_rc=0).stdout
    assert out.splitlines()[1].startswith("Ada Okafor stays in Thanked")
    assert json.loads(run("show", "1", "--json", check_rc=0).stdout)["stage"] == "thanked"
    failed = run("meeting", "1", check_rc=1)
    assert failed.stderr == "iivboard: error: Ada Okafor has no open meeting\n"


def test_a_meeting_that_overlaps_another_is_set_with_a_warning(run):
    booked(run)  # Ada, Wednesday 14:00 for 20 minutes
    run("add", "Bo Chen", check_rc=0)
    moved = run("move", "2", "scheduled", "--meeting", "wed 14:10", check_rc=0)
    assert moved.stdout == "Moved Bo Chen to Scheduled\n"
    assert moved.stderr == (
        "iivboard: warning: this meeting overlaps the meeting with Ada Okafor "
        "on Wed 25 Nov 14:00-14:20\n"
    )
    again = run("meeting", "2", "--at", "wed 14:20", check_rc=0)
    assert again.stderr == ""  # back to back is no clash
    clash = run("meeting", "1", "--at", "wed 14:30", "--json", check_rc=0)
    assert clash.stderr.startswith("iivboard: warning: this meeting overlaps the meeting with Bo")
    assert json.loads(clash.stdout)["meetings"][0]["starts_at"] == "2026-11-25T14:30:00Z"
