"""`iivboard due`: the lines the rules imply, and `due --week`, the next seven days by day."""

from __future__ import annotations


def test_due_says_find_another_person_where_nobody_else_is_known(run):
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--at", "-3d", check_rc=0)  # Friday: not 3 business days yet
    due = run("due", check_rc=0).stdout
    assert "find another person there" not in due
    assert "Next due Wed 25 Nov: find another person where Ada Okafor (Acme) works." in due
    run("add", "Cy Park", "--org", "Beta", check_rc=0)
    run("log", "2", "request", "--at", "-6d", check_rc=0)  # Tuesday
    due = run("due", check_rc=0).stdout
    assert (
        "Gone quiet: reach out to another person there\n"
        "   #2 Cy Park (Beta): no reply from Cy Park at Beta in 4 business days: "
        "find another person there\n"
    ) in due
    run("add", "Bo Chen", "--org", "Beta", check_rc=0)
    due = run("due", check_rc=0).stdout
    assert "find another person there" not in due
    assert "#3 Bo Chen (Beta): no reply from Cy Park in 4 business days: ask this" in due


def test_due_week_lists_the_next_seven_days_by_day(run):
    import json

    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("move", "1", "scheduled", "--meeting", "wed 15:00", "--format", "phone", check_rc=0)
    run("add", "Bo Chen", "--org", "Beta", check_rc=0)
    run("log", "2", "request", "--at", "-12d", check_rc=0)  # follow-up overdue
    run("add", "Cy Park", check_rc=0)  # identified: nothing stored, outreach is Today's
    out = run("due", "--week", check_rc=0).stdout
    assert out.splitlines()[:13] == [
        "The week ahead, Mon 23 Nov to Sun 29 Nov 2026: 4 things on 3 of 7 days",
        "",
        "Mon 23 Nov (today)",
        " !        #2 Bo Chen (Beta): follow up overdue (since Fri 20 Nov)",
        "          #2 Bo Chen (Beta): no reply: find another person there (since Mon 16 Nov)",
        "",
        "Tue 24 Nov (tomorrow)",
        "          #1 Ada Okafor (Acme): confirm meeting due",
        "",
        "Wed 25 Nov",
        "   15:00  #1 Ada Okafor (Acme): meeting, 20 min phone, not confirmed",
        "",
        "Thu 26 Nov",
    ]
    assert "Cy Park" not in out
    data = json.loads(run("due", "--week", "--json", check_rc=0).stdout)
    assert data["today"] == "2026-11-23" and len(data["days"]) == 7
    assert data["days"][2] == {
        "date": "2026-11-25",
        "items": [
            {
                "at": "2026-11-25T15:00:00Z",
                "time": "15:00",
                "kind": "meeting",
                "id": 1,
                "name": "Ada Okafor",
                "organization": "Acme",
                "says": "meeting, 20 min phone, not confirmed",
                "level": None,
            }
        ],
    }
    assert data["days"][0]["items"][0]["level"] == "overdue"
    bad = run("due", "--json")
    assert bad.returncode == 2 and "--json goes with --week" in bad.stderr
    # Confirming takes the confirm off Tuesday at once; the meeting stays on Wednesday.
    run("log", "1", "confirm", check_rc=0)
    out = run("due", "--week", check_rc=0).stdout
    assert "confirm meeting" not in out
    assert "   15:00  #1 Ada Okafor (Acme): meeting, 20 min phone, confirmed" in out
