"""`iivboard snooze`, `skip` and `triage`: what the Today and Triage screens do, scripted."""

import json


def waiting(run, name: str = "Ada Okafor", org: str = "Acme", at: str = "-12d") -> None:
    run("add", name, "--org", org, check_rc=0)
    run("log", "1", "request", "--channel", "email", "--at", at, check_rc=0)


def test_snooze_hides_the_contact_from_due_until_then(run):
    waiting(run)
    assert "#1 Ada Okafor (Acme): " in run("due", check_rc=0).stdout
    out = run("snooze", "1", "+2d", check_rc=0)
    assert out.stdout == "Snoozed Ada Okafor until Wed 2026-11-25 00:00\n"
    assert "#1 Ada Okafor" not in run("due", check_rc=0).stdout
    detail = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert detail["snoozed_until"] == "2026-11-25T00:00:00Z"
    # Undo is the board's undo: the line is back.
    run("undo", check_rc=0)
    assert "#1 Ada Okafor (Acme): " in run("due", check_rc=0).stdout


def test_snooze_refuses_the_past_and_bad_input(run):
    waiting(run)
    past = run("snooze", "1", "today")  # today's start is already past at 09:00
    assert (past.returncode, past.stdout) == (1, "")
    assert past.stderr == "iivboard: error: snooze until a moment in the future\n"
    assert "#1 Ada Okafor" in run("due", check_rc=0).stdout
    unknown = run("snooze", "7", "mon")
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1
    garbled = run("snooze", "1", "someday")
    assert garbled.returncode == 1 and "could not read 'someday'" in garbled.stderr
    usage = run("snooze", "1")
    assert usage.returncode == 2 and usage.stderr.startswith("iivboard: usage: ")


def test_skip_hides_todays_line_until_midnight(run):
    waiting(run)
    run("add", "Bo Lindqvist", check_rc=0)
    wrong = run("skip", "1", "touch")
    assert wrong.returncode == 1
    assert wrong.stderr == (
        "iivboard: error: Ada Okafor has no 'touch' line on the Today list; there is: follow_up\n"
    )
    assert run("skip", "1", check_rc=0).stdout == "Skipped Ada Okafor for today (follow_up)\n"
    due = run("due", check_rc=0).stdout
    assert "#1 Ada Okafor" not in due
    assert "1 to do (1 skipped)" in due and "#2 Bo Lindqvist: send a request" in due
    again = run("skip", "1")
    assert again.returncode == 1
    assert again.stderr == "iivboard: error: Ada Okafor has nothing on the Today list to skip\n"
    assert run("skip", "2", "request", check_rc=0).stdout.startswith("Skipped Bo Lindqvist")
    assert "nothing due today" in run("due", check_rc=0).stdout
    assert run("skip", "9").returncode == 1
