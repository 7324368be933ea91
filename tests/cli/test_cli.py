"""The scripting CLI, end to end in a subprocess: output, exit codes, stderr."""

import json
import os
import subprocess
import sys


def test_add_list_show_move_log(run):
    assert (
        run(
            "add", "Ada Okafor", "--org", "Acme", "--role", "PM", "--tag", "alumni", check_rc=0
        ).stdout
        == "added #1 Ada Okafor\n"
    )
    run("add", "Bo [bold]Chen[/]", "--referred-by", "1", check_rc=0)
    listing = run("list", check_rc=0).stdout
    assert "Ada Okafor (Acme)" in listing and "Bo [bold]Chen[/]" in listing
    assert (
        run("move", "1", "requested", "--channel", "email", "--at", "-2d", check_rc=0).stdout
        == "Moved Ada Okafor to Requested\n"
    )
    shown = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert shown["stage"] == "requested" and shown["request_channel"] == "email"
    assert shown["request_sent_at"] == "2026-11-21T09:00:00Z"
    assert shown["due"]["kind"] == "follow_up"
    # History is in time order: the request was back-dated before the contact was added.
    assert [e["kind"] for e in shown["events"]] == ["move", "added"]
    assert shown["referrals"] == [2]
    run("log", "1", "follow_up", "--note", "sent a nudge", check_rc=0)
    assert json.loads(run("show", "1", "--json").stdout)["followups_sent"] == 1
    requested = json.loads(run("list", "--stage", "requested", "--json", check_rc=0).stdout)
    assert [c["name"] for c in requested] == ["Ada Okafor"]
    text = run("show", "1", check_rc=0).stdout
    assert "follow_up: sent a nudge" in text


def test_schedule_then_due_prints_the_today_list(run):
    run("add", "Ada", check_rc=0)
    run("move", "1", "scheduled", "--meeting", "tomorrow 14:00", "--minutes", "30", check_rc=0)
    out = run("due", check_rc=0).stdout
    assert out.splitlines()[:4] == [
        "Monday 23 November 2026: 1 to do",
        "",
        "Meetings today and tomorrow",
        "   #1 Ada: tomorrow 14:00, 30 min video: not confirmed, confirm today; no questions yet",
    ]
    run("log", "1", "confirm", check_rc=0)
    assert (
        "   #1 Ada: tomorrow 14:00, 30 min video: confirmed; no questions yet\n"
        in run("due").stdout
    )
    assert run("list", "--due", "--json", check_rc=0).stdout.strip() == "[]"


def test_due_lists_every_group_in_order_and_marks_overdue(run):
    run("add", "Ann [bold]Asked[/]", "--org", "Acme", check_rc=0)
    run("move", "1", "requested", "--at", "2026-11-12 10:00", check_rc=0)
    run("add", "Met\x1bMo", check_rc=0)
    run("move", "2", "met", "--at", "2026-11-20 15:00", check_rc=0)
    run("add", "Ida", "--org", "Beta", check_rc=0)
    out = run("due", check_rc=0).stdout
    assert out == (
        "Monday 23 November 2026: 4 to do\n"
        "\n"
        "Thank-yous\n"
        " ! #2 Met␛Mo: met Fri 20 Nov 15:00: thank-you overdue (due by Sat 21 Nov 15:00)\n"
        "\n"
        "Follow-ups (3B7)\n"
        "   #1 Ann [bold]Asked[/] (Acme): asked Thu 12 Nov, no reply in 7 business days: "
        "follow up once\n"
        "\n"
        "Gone quiet: reach out to another person there\n"
        "   #1 Ann [bold]Asked[/] (Acme): no reply from Ann [bold]Asked[/] at Acme in "
        "7 business days: find another person there\n"
        "\n"
        "Today's outreach: 0 of 3 requests sent\n"
        "   #3 Ida (Beta): send a request\n"
        "\n"
        "Outreach: 0 of 3 requests sent today; only 1 to suggest: the others work where a "
        "request still waits for a reply; add people elsewhere.\n"
    )


def test_nothing_due_says_so_and_names_the_next_date(run):
    assert run("due", check_rc=0).stdout == (
        "Monday 23 November 2026: nothing due today.\n\n"
        "Outreach: 0 of 3 requests sent today; no one identified to ask: add people.\n"
        "Nothing else is coming up.\n"
    )
    run("add", "Ada", check_rc=0)
    run("log", "1", "request", "--channel", "email", check_rc=0)
    assert run("due", check_rc=0).stdout == (
        "Monday 23 November 2026: nothing due today.\n\n"
        "Outreach: 1 of 3 requests sent today; no one identified to ask: add people.\n"
        "Next due Wed 02 Dec: follow up with Ada.\n"
    )


def test_errors_exit_1_with_one_line(run):
    proc = run("move", "42", "met")
    assert proc.returncode == 1
    assert proc.stderr == "iivboard: error: no contact with id 42\n"
    run("add", "Ada", check_rc=0)
    proc = run("log", "1", "note", "--at", "2026-02-30")
    assert proc.returncode == 1 and "not a real date" in proc.stderr
    assert proc.stderr.count("\n") == 1
    proc = run("move", "1", "sideways")
    assert proc.returncode == 1 and "unknown stage" in proc.stderr
    assert json.loads(run("show", "1", "--json").stdout)["events"][-1]["kind"] == "added"


def test_bad_usage_exits_2(run):
    for args in (["frobnicate"], ["show"], ["show", "abc"], ["log", "1", "dance"]):
        proc = run(*args)
        assert proc.returncode == 2, args
        assert proc.stderr.startswith("iivboard: usage:") and proc.stderr.count("\n") == 1


def test_undo_redo(run):
    run("add", "Ada", check_rc=0)
    run("move", "1", "requested", check_rc=0)
    assert run("undo", check_rc=0).stdout == "Undid: Moved Ada to Requested\n"
    assert json.loads(run("show", "1", "--json").stdout)["stage"] == "identified"
    assert run("redo", check_rc=0).stdout == "Redid: Moved Ada to Requested\n"
    run("redo", check_rc=1)


def test_control_characters_are_not_sent_to_the_terminal(run):
    run("add", "evil\x1b[2Jname", check_rc=0)
    out = run("list", check_rc=0).stdout
    assert "\x1b" not in out and "evil␛[2Jname" in out
    assert json.loads(run("show", "1", "--json").stdout)["name"] == "evil\x1b[2Jname"


def test_corrupt_settings_file_is_named(run, tmp_path):
    (tmp_path / "config" / "settings.toml").write_text("[rules]\nkeep_in_touch_days = -4\n")
    proc = run("list")
    assert proc.returncode == 1
    assert "rules.keep_in_touch_days" in proc.stderr


def test_scripting_commands_do_not_import_textual(tmp_path):
    code = (
        "import sys; from iivboard.cli import main; main(['list']); print('textual' in sys.modules)"
    )
    env = dict(
        os.environ, IIVBOARD_DB=str(tmp_path / "x.db"), IIVBOARD_CONFIG_DIR=str(tmp_path / "c")
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    ).stdout
    assert out.strip().endswith("False")


def test_core_never_imports_textual():
    code = (
        "import sys, pkgutil, importlib\n"
        "for layer in ('domain', 'present', 'app', 'storage', 'io', 'cli'):\n"
        "    package = importlib.import_module('iivboard.' + layer)\n"
        "    for m in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_output_into_a_closed_pipe_is_not_an_error(run, tmp_path):
    run("add", "Ada", check_rc=0)
    for _ in range(2):  # more than a pipe buffer, so the writer meets the closed pipe
        run("log", "1", "note", "--note", "n" * 100_000, check_rc=0)
    code = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'iivboard', 'show', '1', '--json'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.read(1); p.stdout.close(); err = p.stderr.read().decode(); p.wait()\n"
        "print(p.returncode, 'Traceback' in err)"
    )
    env = dict(
        os.environ,
        IIVBOARD_DB=str(tmp_path / "cli.db"),
        IIVBOARD_CONFIG_DIR=str(tmp_path / "config"),
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    ).stdout.split()
    assert out == ["0", "False"]


def test_new_rules_in_settings_reach_the_stored_due_dates(run, tmp_path):
    run("add", "Ada", check_rc=0)
    run("move", "1", "thanked", "--at", "-40d", check_rc=0)
    assert "touch 12 Jan" in run("list", check_rc=0).stdout  # 14 Oct + 90 days
    (tmp_path / "config" / "settings.toml").write_text(
        '[rules]\ntimezone = "UTC"\nkeep_in_touch_days = 30\n'
    )
    assert "touch overdue" in run("list", check_rc=0).stdout
    assert json.loads(run("list", "--due", "--json", check_rc=0).stdout)[0]["name"] == "Ada"


def test_a_reply_with_no_time_agreed_is_due_in_due_and_list_alike(run):
    """Replied, no meeting yet: `due` lists it with the words `list --due` shows."""
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--channel", "email", "--at", "2026-11-16 09:00", check_rc=0)
    run("log", "1", "reply", "--at", "2026-11-18 12:00", check_rc=0)  # Wednesday
    listing = run("list", "--due", check_rc=0).stdout
    assert "replied: schedule overdue" in listing  # two business days on: Friday
    due = run("due", check_rc=0).stdout.splitlines()
    assert "Replied: agree a time" in due
    assert (
        " ! #1 Ada Okafor (Acme): replied: schedule overdue: "
        "they replied Wed 18 Nov, no time agreed yet"
    ) in due
    assert due[0] == "Monday 23 November 2026: 1 to do"


def test_a_reply_logged_for_an_old_date_keeps_the_newest_contact(run):
    run("add", "Ada", check_rc=0)
    run("move", "1", "met", "--at", "2026-08-10 15:00", check_rc=0)
    run("log", "1", "thank_you", "--at", "2026-08-11 09:00", check_rc=0)
    run("log", "1", "touch", "--at", "2026-11-02 10:00", check_rc=0)
    run("log", "1", "reply", "--at", "2026-08-20 10:00", "--note", "late entry", check_rc=0)
    shown = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert shown["last_interaction_at"] == "2026-11-02T10:00:00Z"
    assert shown["due"]["kind"] == "touch" and shown["due"]["at"].startswith("2027-01-31")
    # The reply keeps its true time in the history, which is in time order.
    logged = {"thank_you", "reply", "touch"}
    assert [(e["kind"], e["at"]) for e in shown["events"] if e["kind"] in logged] == [
        ("thank_you", "2026-08-11T09:00:00Z"),
        ("reply", "2026-08-20T10:00:00Z"),
        ("touch", "2026-11-02T10:00:00Z"),
    ]


def test_moving_back_to_requested_keeps_the_request_date(run):
    run("add", "Ada", check_rc=0)
    run("move", "1", "requested", "--at", "2026-11-16 10:00", "--channel", "email", check_rc=0)
    run("move", "1", "scheduled", "--meeting", "tomorrow 14:00", check_rc=0)
    run("move", "1", "requested", check_rc=0)
    shown = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert shown["request_sent_at"] == "2026-11-16T10:00:00Z"
    assert shown["due"]["kind"] == "schedule"
    assert "Outreach: 0 of 3 requests sent today" in run("due", check_rc=0).stdout
