"""Running `iivboard notify` on a timer: a systemd user service and timer, or, where
systemd is absent, the crontab line to add by hand.

The units go to $XDG_CONFIG_HOME/systemd/user (~/.config/systemd/user), are written whole
or not at all, and are started with `systemctl --user` when that works; when it does not
(no user session manager, as in a container), the files stay and the message says what
to run once logged in.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from iivboard.domain.errors import BadFile
from iivboard.io import atomic

NAME = "iivboard-notify"
SERVICE = f"{NAME}.service"
TIMER = f"{NAME}.timer"
_SYSTEMCTL_SECONDS = 30


class InstallError(BadFile):
    """The unit files cannot be written or removed; the message names the folder."""


@dataclass(frozen=True)
class TimerReport:
    """What --install or --uninstall did, for the CLI to say."""

    files: tuple[Path, ...]  # the unit files written or removed
    lines: tuple[str, ...]  # what to tell the user, in order
    crontab: str | None = None  # the line to add (or remove) where systemd is absent


def unit_folder() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "")
    # The XDG spec ignores a relative path.
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "systemd" / "user"


def has_systemd() -> bool:
    return shutil.which("systemctl") is not None


def systemd_quote(arg: str) -> str:
    """One ExecStart argument as systemd reads it: quoted when it must be, with `%`
    (a specifier) and `$` (a variable) doubled."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and not re.search(r"[\s\"'\\;]", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_text(command: list[str]) -> str:
    return (
        "[Unit]\n"
        "Description=iivboard reminders: what is due today, and meetings about to start\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(systemd_quote(arg) for arg in command)}\n"
    )


def timer_text(at: dt.time, every_minutes: int, zone: str | None) -> str:
    """The digest at `at` (in `zone`, the settings' time zone, when systemd is given it)
    and, with `every_minutes`, a run every N minutes for the meetings about to start."""
    daily = f"*-*-* {at:%H:%M}:00" + (f" {zone}" if zone else "")
    lines = [
        "[Unit]",
        "Description=Run iivboard notify: the day's digest and meetings about to start",
        "",
        "[Timer]",
        f"OnCalendar={daily}",
    ]
    if every_minutes:
        lines.append(f"OnCalendar=*-*-* *:00/{every_minutes}:00")
    lines += [
        "Persistent=true",  # a digest missed while the machine was off comes at boot
        "AccuracySec=30s",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
    ]
    return "\n".join(lines)


def crontab_line(command: list[str], at: dt.time, every_minutes: int) -> str:
    """The line for `crontab -e`. Cron runs outside the desktop session, so on Linux the
    line names the session bus the notifications go through."""
    when = f"*/{every_minutes} * * * *" if every_minutes else f"{at.minute} {at.hour} * * *"
    run = " ".join(shlex.quote(arg) for arg in command).replace("%", "\\%")
    if sys.platform.startswith("linux"):
        run = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus {run}"
    return f"{when} {run}"


def _systemctl(*args: str) -> str | None:
    """Run `systemctl --user ARGS`: None when it worked, else why not (one line)."""
    try:
        done = subprocess.run(
            ["systemctl", "--user", *args],
            capture_output=True,
            text=True,
            timeout=_SYSTEMCTL_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    said = (done.stderr or done.stdout).strip().splitlines()
    return said[0] if said else f"exit status {done.returncode}"


def install(command: list[str], at: dt.time, every_minutes: int, zone: str | None) -> TimerReport:
    """Write and start the user timer; where systemd is absent, only the crontab line."""
    if not has_systemd():
        line = crontab_line(command, at, every_minutes)
        return TimerReport((), ("systemd is not here: add this line with `crontab -e`:",), line)
    folder = unit_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        service = atomic.write_text(folder / SERVICE, service_text(command), private=False)
        timer = atomic.write_text(
            folder / TIMER, timer_text(at, every_minutes, zone), private=False
        )
    except OSError as exc:
        raise InstallError(f"cannot write the timer into {folder}: {exc.strerror or exc}") from None
    lines = [f"Wrote {service}", f"Wrote {timer}"]
    failed = _systemctl("daemon-reload") or _systemctl("enable", "--now", TIMER)
    if failed is None:
        lines.append(f"Started {TIMER} (systemctl --user list-timers shows when it runs next)")
    else:
        lines.append(
            f"systemctl --user did not work ({failed}); in your desktop session run: "
            f"systemctl --user daemon-reload && systemctl --user enable --now {TIMER}"
        )
    return TimerReport((service, timer), tuple(lines))


def uninstall(command: list[str]) -> TimerReport:
    """Stop and remove the user timer; where systemd is absent, say which crontab line
    to take out."""
    folder = unit_folder()
    present = tuple(path for path in (folder / TIMER, folder / SERVICE) if path.exists())
    if not has_systemd() and not present:
        line = crontab_line(command, dt.time(8, 0), 0).split(" ", 5)[-1]
        return TimerReport(
            (), ("systemd is not here: remove the line that runs this with `crontab -e`:",), line
        )
    lines = []
    if has_systemd():
        failed = _systemctl("disable", "--now", TIMER)
        if failed is not None and present:
            lines.append(f"systemctl --user did not stop the timer ({failed})")
    for path in present:
        try:
            path.unlink()
        except OSError as exc:
            raise InstallError(f"cannot remove {path}: {exc.strerror or exc}") from None
        lines.append(f"Removed {path}")
    if has_systemd() and present:
        _systemctl("daemon-reload")
    if not present:
        lines.append(f"No timer to remove in {folder}")
    return TimerReport(present, tuple(lines))
