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
    # Alone at Acme and silent for 7 business days: follow up, and find another person there.
    assert wrong.stderr == (
        "iivboard: error: Ada Okafor has no 'touch' line on the Today list; "
        "there is: follow_up, find_other\n"
    )
    several = run("skip", "1")
    assert several.returncode == 1 and several.stderr == (
        "iivboard: error: Ada Okafor has several lines on the Today list; "
        "say which: follow_up, find_other\n"
    )
    assert (
        run("skip", "1", "follow_up", check_rc=0).stdout
        == "Skipped Ada Okafor for today (follow_up)\n"
    )
    assert run("skip", "1", check_rc=0).stdout == "Skipped Ada Okafor for today (find_other)\n"
    due = run("due", check_rc=0).stdout
    assert "#1 Ada Okafor" not in due
    assert "1 to do (2 skipped)" in due and "#2 Bo Lindqvist: send a request" in due
    again = run("skip", "1")
    assert again.returncode == 1
    assert again.stderr == "iivboard: error: Ada Okafor has nothing on the Today list to skip\n"
    assert run("skip", "2", "request", check_rc=0).stdout.startswith("Skipped Bo Lindqvist")
    assert "nothing due today" in run("due", check_rc=0).stdout
    assert run("skip", "9").returncode == 1


def test_triage_lists_the_waiting_as_the_screen_does(run):
    assert run("triage", check_rc=0).stdout == "Nobody is waiting for a reply.\n"
    assert json.loads(run("triage", "--json", check_rc=0).stdout) == []
    waiting(run)
    run("add", "Bo", check_rc=0)
    run("log", "2", "request", "--at", "-2d", check_rc=0)
    run("add", "Chen Wei", "--org", "Zeta Ltd", check_rc=0)
    run("log", "3", "request", "--channel", "linkedin", "--at", "-20d", check_rc=0)
    run("log", "3", "follow_up", "--at", "-8d", check_rc=0)
    run("snooze", "2", "+3d", check_rc=0)
    run("add", "Dee", check_rc=0)  # never asked: not in triage
    assert run("triage", check_rc=0).stdout.splitlines() == [
        "Name        Organization  Waiting           Follow-ups  Channel   3B7 says",
        "Chen Wei    Zeta Ltd      14 business days  1           linkedin  "
        "followed up; move on in 1 business day if still silent",
        "Ada Okafor  Acme          8 business days   0           email     follow up now (f), once",
        "Bo          —             1 business day    0           —         "
        "snoozed until Thu 26 Nov",
    ]
    rows = json.loads(run("triage", "--json", check_rc=0).stdout)
    assert [r["id"] for r in rows] == [3, 1, 2]
    assert rows[1] == {
        "id": 1,
        "name": "Ada Okafor",
        "organization": "Acme",
        "request_sent_at": "2026-11-11T09:00:00Z",
        "channel": "email",
        "waited": 8,
        "followups_sent": 0,
        "since_follow_up": None,
        "snoozed_until": None,
        "says": "follow up now (f), once",
        "level": "overdue",
        "rule": "follow_up",
        "wait": None,
    }
    assert (rows[0]["since_follow_up"], rows[0]["rule"]) == (6, "move_on")
    assert rows[0]["wait"] == "followed up once already: 3B7 says move on, not again"
    assert rows[2]["wait"] == "follow up in 6 business days"
    assert (rows[2]["organization"], rows[2]["channel"]) == (None, None)
    assert rows[2]["snoozed_until"] == "2026-11-26T00:00:00Z"
    # A reply with no time agreed stays, to be scheduled; a meeting takes them out.
    run("log", "1", "reply", check_rc=0)
    rows = json.loads(run("triage", "--json", check_rc=0).stdout)
    assert (rows[1]["rule"], rows[1]["says"]) == (
        "schedule",
        "replied today: r to schedule the meeting",
    )
    run("move", "1", "scheduled", "--meeting", "wed 10:00", check_rc=0)
    assert [r["id"] for r in json.loads(run("triage", "--json", check_rc=0).stdout)] == [3, 2]
