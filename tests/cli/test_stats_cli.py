"""`iivboard stats` end to end: the text report, the JSON shape and --since."""

import json


def test_stats_text_and_json(run):
    run("add", "Ada", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--at", "2026-11-16", check_rc=0)  # Monday
    run("log", "1", "reply", "--at", "2026-11-18", check_rc=0)  # Wednesday: 2 business days
    run("move", "1", "scheduled", "--meeting", "2026-11-20 10:00", "--at", "2026-11-19", check_rc=0)
    run("log", "1", "meeting", "--at", "2026-11-20 10:30", check_rc=0)
    run("add", "Bo [b]x[/b]", "--referred-by", "1", "--org", "[red]Org", check_rc=0)
    run("log", "2", "request", "--at", "2026-11-17", check_rc=0)

    lines = run("stats", check_rc=0).stdout.splitlines()
    assert lines[0] == "Funnel (all history): contacts that ever reached each stage"
    # Both were asked, so both went further than identified; only Ada got past requested.
    assert lines[1].startswith("  Identified ") and lines[1].endswith(" 2  100% went further")
    assert lines[2].startswith("  Requested ") and lines[2].endswith(" 2  50% went further")
    assert lines[3].endswith(" 1  100% went further")  # scheduled: Ada went on to met
    assert "  2 asked, 1 replied (50%); median 2 business days to a reply" in lines
    assert "  0 needed a follow-up; 0 of them replied after it" in lines
    # Twelve weeks ending with this one (23 Nov); everything happened the week before.
    assert "Per week, 12 weeks from Mon 07 Sep 2026" in lines
    assert "  meetings  ▁▁▁▁▁▁▁▁▁▁█▁  1 in all, 0 this week, most 1" in lines
    assert "  requests  ▁▁▁▁▁▁▁▁▁▁█▁  2 in all, 0 this week, most 2" in lines
    assert "Referrals: 1 gained from 1 meeting held (1.00 per meeting)" in lines
    meetings_title = lines.index("Organizations by meetings held")
    assert lines[meetings_title + 1] == "  Acme ████████████ 1"
    replies_title = lines.index("Organizations by replies")
    assert lines[replies_title + 1] == "  Acme ████████████ 1"

    data = json.loads(run("stats", "--json", check_rc=0).stdout)
    assert [(s["stage"], s["reached"]) for s in data["funnel"]] == [
        ("identified", 2),
        ("requested", 2),
        ("scheduled", 1),
        ("met", 1),
        ("thanked", 0),
        ("in_touch", 0),
    ]
    assert data["requests"]["median_business_days_to_reply"] == 2.0
    assert data["weekly"]["meetings"] == [0] * 10 + [1, 0]
    assert data["organizations"] == [
        {"name": "Acme", "requested": 1, "replied": 1, "meetings": 1},
        {"name": "[red]Org", "requested": 1, "replied": 0, "meetings": 0},
    ]

    since = json.loads(run("stats", "--since", "2026-11-17", "--json", check_rc=0).stdout)
    assert since["since"] == "2026-11-17T00:00:00Z"
    # Ada's request was on the 16th: only Bo's request is in the period.
    assert (since["requests"]["contacts"], since["requests"]["replied"]) == (1, 0)
    assert since["weekly"]["week_starts"] == ["2026-11-16", "2026-11-23"]
    assert since["weekly"]["requests"] == [1, 0]


def test_stats_on_an_empty_database(run):
    out = run("stats", check_rc=0).stdout
    assert "  0 asked, 0 replied (–); median – to a reply" in out
    assert "Referrals: 0 gained from 0 meetings held (– per meeting)" in out
    assert out.count("  none yet") == 2


def test_stats_since_errors(run):
    proc = run("stats", "--since", "someday")
    assert proc.returncode == 1 and proc.stderr.startswith("iivboard: error: could not read")
    assert proc.stderr.count("\n") == 1
    proc = run("stats", "--since", "+3d")
    assert proc.returncode == 1
    assert proc.stderr == "iivboard: error: --since +3d is in the future\n"
    assert run("stats", "--since", "-2w", "--json", check_rc=0).stdout.count('"since": "2026-11-09')
