"""`iivboard notify` from the command line: printed when no notification service is
reachable, quiet when nothing is due; --install and --uninstall of its timer."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest

from tests.cli.conftest import NOW
from tests.tui_helpers import demo_database


@pytest.fixture
def cli(tmp_path):
    """The CLI in a subprocess, with no session bus and a private config folder."""
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text('[rules]\ntimezone = "Europe/Paris"\n')
    base = dict(
        os.environ,
        IIVBOARD_DB=str(tmp_path / "cli.db"),
        IIVBOARD_NOW=NOW,
        IIVBOARD_CONFIG_DIR=str(tmp_path / "config"),
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'no-bus'}",
    )

    def call(*args, **env):
        return subprocess.run(
            [sys.executable, "-m", "iivboard", *args],
            env=dict(base, **env),
            capture_output=True,
            text=True,
            timeout=60,
        )

    return call


@pytest.fixture
def demo(tmp_path):
    demo_database(tmp_path / "cli.db", dt.datetime.fromisoformat(NOW))


@pytest.fixture
def fake_bin(tmp_path):
    """A PATH with a systemctl that records its arguments, and nothing else."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "systemctl"
    script.write_text(f'#!/bin/sh\necho "$@" >> {folder / "calls"}\n')
    script.chmod(0o755)
    return folder


def test_nothing_due_is_quiet(cli):
    done = cli("notify")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_without_a_notification_service_the_text_goes_to_stdout(cli, demo):
    done = cli("notify", IIVBOARD_NOW="2026-11-23T12:50:00+00:00")  # 13:50 in Paris
    assert done.returncode == 0
    assert done.stderr == "iivboard: no notification service reachable; printing instead\n"
    lines = done.stdout.splitlines()
    # The demo put Rosa's meeting at 14:00 UTC: 15:00 in Paris, more than 15 minutes away.
    assert lines[0].endswith(" to do today")
    assert "15:00 meeting with Rosa Jimenez (Northwind Health)" in lines
    assert "Thank-you overdue: Ximena Cruz (Greenleaf Foods)" in lines
    soon = cli("notify", "--at", "08:00", IIVBOARD_NOW="2026-11-23T13:50:00+00:00")
    assert soon.stdout.splitlines() == [
        "15:00 meeting with Rosa Jimenez (Northwind Health), in 10 minutes",
        "20 min phone · https://meet.example.org/rosa",
    ]
    again = cli("notify", "--at", "08:00", IIVBOARD_NOW="2026-11-23T13:55:00+00:00")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_bad_options_are_usage_errors(cli):
    for args in (["--at", "25:00"], ["--at", "noon"], ["--every-minutes", "5"]):
        done = cli("notify", *args)
        assert done.returncode == 2 and done.stderr.startswith("iivboard: usage: "), args
    done = cli("notify", "--install", "--every-minutes", "90")
    assert done.returncode == 2 and "--every-minutes takes 0" in done.stderr
    assert cli("notify", "--install", "--uninstall").returncode == 2


def test_install_writes_the_user_timer_and_starts_it(cli, tmp_path, fake_bin):
    done = cli("--db", str(tmp_path / "mine.db"), "notify", "--install", "--at", "07:30",
               PATH=str(fake_bin))  # fmt: skip
    assert done.returncode == 0, done.stderr
    units = tmp_path / "xdg-config" / "systemd" / "user"
    service = (units / "iivboard-notify.service").read_text()
    timer = (units / "iivboard-notify.timer").read_text()
    assert (
        f"ExecStart={sys.executable} -m iivboard --db {tmp_path / 'mine.db'} notify --at 07:30\n"
        in service
    )
    assert "OnCalendar=*-*-* 07:30:00 Europe/Paris\n" in timer
    assert "OnCalendar=*-*-* *:00/5:00\n" in timer and "WantedBy=timers.target" in timer
    assert (fake_bin / "calls").read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now iivboard-notify.timer",
    ]
    assert done.stdout.splitlines()[-1].startswith("Started iivboard-notify.timer")
    analyze = shutil.which("systemd-analyze")
    if analyze:  # the files as systemd reads them
        checked = subprocess.run([analyze, "verify", str(units / "iivboard-notify.timer")],
                                 capture_output=True, text=True, timeout=60)  # fmt: skip
        assert checked.returncode == 0, checked.stderr

    daily = cli("notify", "--install", "--every-minutes", "0", PATH=str(fake_bin))
    assert daily.returncode == 0
    timer = (units / "iivboard-notify.timer").read_text()
    assert "*:00/" not in timer and "OnCalendar=*-*-* 08:00:00 Europe/Paris" in timer

    gone = cli("notify", "--uninstall", PATH=str(fake_bin))
    assert gone.returncode == 0
    assert not (units / "iivboard-notify.timer").exists()
    assert not (units / "iivboard-notify.service").exists()
    calls = (fake_bin / "calls").read_text().splitlines()
    assert calls[-2:] == ["--user disable --now iivboard-notify.timer", "--user daemon-reload"]
    assert cli("notify", "--uninstall", PATH=str(fake_bin)).stdout.startswith("No timer")


def test_a_systemctl_that_fails_leaves_the_files_and_says_what_to_run(cli, tmp_path, fake_bin):
    (fake_bin / "systemctl").write_text("#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n")
    done = cli("notify", "--install", PATH=str(fake_bin))
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == (
        "systemctl --user did not work (Failed to connect to bus); in your desktop session run: "
        "systemctl --user daemon-reload && systemctl --user enable --now iivboard-notify.timer"
    )
    assert (tmp_path / "xdg-config" / "systemd" / "user" / "iivboard-notify.timer").exists()


def test_without_systemd_the_crontab_line_is_printed(cli, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    done = cli("notify", "--install", "--every-minutes", "10", PATH=str(empty))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "systemd is not here: add this line with `crontab -e`:"
    assert lines[1] == (
        f"*/10 * * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus "
        f"{sys.executable} -m iivboard --db {tmp_path / 'cli.db'} notify --at 08:00"
    )
    assert not (tmp_path / "xdg-config" / "systemd").exists()
    daily = cli("notify", "--install", "--every-minutes", "0", "--at", "7:05", PATH=str(empty))
    assert daily.stdout.splitlines()[1].startswith("5 7 * * * ")
    gone = cli("notify", "--uninstall", PATH=str(empty))
    assert gone.returncode == 0 and "remove the line" in gone.stdout
