"""`iivboard message` and `iivboard export ics`, end to end in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

from icalendar import Calendar

PROFILE = '\n[profile]\nname = "Sam Lee"\nintro = "I design maps."\nschool_or_role = "MSc, Leeds"\n'


def add_profile(tmp_path) -> None:
    settings = tmp_path / "config" / "settings.toml"
    settings.write_text(settings.read_text() + PROFILE)


def test_message_prints_the_filled_text_and_flags_gaps_on_stderr(run):
    run("add", "Ada Okafor", "--org", "Acme", "--email", "ada@example.org", check_rc=0)
    proc = run("message", "1", "request", check_rc=0)
    assert proc.stdout.startswith(
        "To: ada@example.org\nSubject: 20 minutes about your work at Acme?\n\nDear Ada,\n"
    )
    assert "{role?}" in proc.stdout and "{my_name?}" in proc.stdout
    assert proc.stderr.startswith(
        "iivboard: warning: no value for {name_source}, {my_intro}, "
        "{role}, {my_name}, {my_school_or_role}, marked "
        "{name_source?} and so on in the text; your own details "
        "go in [profile] in "
    )
    assert proc.stderr.count("\n") == 1
    # Printing changes nothing.
    assert json.loads(run("show", "1", "--json").stdout)["stage"] == "identified"


def test_message_with_everything_known_is_quiet_and_log_moves_once(run, tmp_path):
    add_profile(tmp_path)
    run("add", "Maria Lopez", check_rc=0)
    run("add", "Ada Okafor", "--org", "Acme", "--role", "Editor", "--referred-by", "1", check_rc=0)
    proc = run("message", "2", "request", "--log", "--channel", "email", check_rc=0)
    assert "I got your name from Maria Lopez. I design maps." in proc.stdout
    assert proc.stdout.endswith("With thanks,\nSam Lee\nMSc, Leeds\n")
    assert proc.stderr == "Logged request for Ada Okafor\n"
    shown = json.loads(run("show", "2", "--json").stdout)
    assert shown["stage"] == "requested" and shown["request_channel"] == "email"
    assert shown["due"]["kind"] == "follow_up"
    assert [e["to_stage"] for e in shown["events"]] == ["identified", "requested"]
    assert shown["events"][-1]["text"] == "sent: 20 minutes about your work at Acme?"
    run("message", "2", "follow_up", "--log", check_rc=0)
    shown = json.loads(run("show", "2", "--json").stdout)
    assert shown["stage"] == "requested" and shown["followups_sent"] == 1


def test_message_mailto_and_errors(run, tmp_path):
    run("add", "Ada Okafor", "--email", "ada@example.org", check_rc=0)
    url = run("message", "1", "thank-you", "--mailto", check_rc=0).stdout.strip()
    parts = urllib.parse.urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "ada@example.org"
    assert urllib.parse.parse_qs(parts.query)["subject"] == ["Thank you, Ada"]
    proc = run("message", "1", "hello")
    assert proc.returncode == 1
    assert proc.stderr == (
        "iivboard: error: unknown template 'hello'; templates are: "
        "request, follow-up, thank-you, keep-in-touch\n"
    )
    assert run("message", "7", "request").stderr == "iivboard: error: no contact with id 7\n"
    (tmp_path / "config" / "templates" / "request.txt").write_text("Subject: x\n\n{oops\n")
    proc = run("message", "1", "request")
    assert proc.returncode == 1 and "request.txt line 3: " in proc.stderr
    # A thank-you for someone never met is refused, and nothing is logged.
    proc = run("message", "1", "thank-you", "--log")
    assert proc.returncode == 1 and proc.stderr.endswith(
        "a thank-you follows a meeting: log the meeting with Ada Okafor first\n"
    )
    shown = json.loads(run("show", "1", "--json").stdout)
    assert shown["stage"] == "identified" and [e["kind"] for e in shown["events"]] == ["added"]


def test_export_ics_to_stdout_and_to_a_file(run, tmp_path):
    assert run("export", "ics").stderr == "iivboard: error: no meetings to export\n"
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("add", "Bo Chen", check_rc=0)
    run(
        "move",
        "1",
        "scheduled",
        "--meeting",
        "2026-11-25 15:00",
        "--minutes",
        "25",
        "--place",
        "Cafe Nord, 3 Main St",
        check_rc=0,
    )
    run("move", "2", "scheduled", "--meeting", "2026-11-26 10:00", check_rc=0)
    calendar = Calendar.from_ical(run("export", "ics", check_rc=0).stdout)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Informational interview: Ada Okafor (Acme)",
        "Informational interview: Bo Chen",
    ]
    out = tmp_path / "bo.ics"
    proc = run("export", "ics", "--id", "2", "-o", str(out), check_rc=0)
    assert proc.stdout == f"wrote {out}\n"
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
    assert event.decoded("DURATION") == dt.timedelta(minutes=20)
    assert run("export", "ics", "--id", "5").stderr == "iivboard: error: no contact with id 5\n"
    assert run("export", "vcf").returncode == 2


def test_message_thank_you_asks_for_the_one_thing_and_set_fills_it(run, tmp_path):
    add_profile(tmp_path)
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("move", "1", "scheduled", "--meeting", "-2h", check_rc=0)
    run("log", "1", "meeting", check_rc=0)
    proc = run("message", "1", "thank-you", check_rc=0)
    assert "what you said about {one_thing?};" in proc.stdout
    assert "write {one_thing} yourself with --set one_thing=..." in proc.stderr
    proc = run("message", "1", "thank-you", "--set", "one_thing=how the team pairs", check_rc=0)
    assert "what you said about how the team pairs;" in proc.stdout and proc.stderr == ""
    proc = run("message", "1", "thank-you", "--set", "one thing", check_rc=2)
    assert "--set takes NAME=VALUE" in proc.stderr and proc.stdout == ""
    assert json.loads(run("show", "1", "--json").stdout)["stage"] == "met"
