"""The timer's files say exactly the command to run, however odd its paths."""

from __future__ import annotations

import datetime as dt
import shlex

from iivboard.io import timers


def test_execstart_arguments_are_quoted_the_way_systemd_reads_them():
    assert timers.systemd_quote("/usr/bin/iivboard") == "/usr/bin/iivboard"
    assert timers.systemd_quote("/home/a b/x.db") == '"/home/a b/x.db"'
    assert timers.systemd_quote('say "hi"\\') == '"say \\"hi\\"\\\\"'
    assert timers.systemd_quote("100%$HOME") == "100%%$$HOME"
    text = timers.service_text(["/opt/i v/iivboard", "--db", "/d/50%.db", "notify"])
    assert 'ExecStart="/opt/i v/iivboard" --db /d/50%%.db notify\n' in text


def test_the_crontab_line_quotes_for_the_shell_and_escapes_percent(monkeypatch):
    monkeypatch.setattr(timers.sys, "platform", "darwin")  # no session bus to name
    line = timers.crontab_line(["/a b/iivboard", "--db", "/x/5%.db", "notify"], dt.time(9, 0), 0)
    assert line == "0 9 * * * '/a b/iivboard' --db /x/5\\%.db notify"
    assert shlex.split(line.split(" ", 5)[-1].replace("\\%", "%")) == [
        "/a b/iivboard", "--db", "/x/5%.db", "notify",
    ]  # fmt: skip


def test_the_unit_folder_honours_xdg_config_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert timers.unit_folder() == tmp_path / "cfg" / "systemd" / "user"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")
    assert timers.unit_folder() == tmp_path / "home" / ".config" / "systemd" / "user"
