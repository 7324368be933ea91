"""notify: what is due now as desktop notifications; --install / --uninstall its timer."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

from iivboard.cli.context import Context
from iivboard.cli.parser import UsageError
from iivboard.io import timers
from iivboard.present.text import visible

DEFAULT_AT = dt.time(8, 0)
DEFAULT_EVERY = 5


def _time(text: str | None) -> dt.time | None:
    if text is None:
        return None
    try:
        hours, minutes = text.strip().split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise UsageError(f"--at takes a time of day as HH:MM, not {text!r}") from None


def current_command(ctx: Context) -> list[str]:
    """This iivboard, as a timer must start it, on the same database."""
    argv0 = sys.argv[0]
    if not argv0 or Path(argv0).name == "__main__.py":  # python -m iivboard
        command = [sys.executable, "-m", "iivboard"]
    else:
        found = argv0 if os.sep in argv0 else shutil.which(argv0) or argv0
        command = [str(Path(found).absolute())]
    db = ctx.args.db or os.environ.get("IIVBOARD_DB")
    if db:
        command += ["--db", str(Path(db).expanduser().absolute())]
    return command


def _timer(ctx: Context) -> int:
    args = ctx.args
    at = _time(args.at) or DEFAULT_AT
    every = DEFAULT_EVERY if args.every_minutes is None else args.every_minutes
    if not 0 <= every <= 60:
        raise UsageError("--every-minutes takes 0 (the digest only) to 60")
    command = [*current_command(ctx), "notify", "--at", f"{at:%H:%M}"]
    if args.uninstall:
        report = timers.uninstall(command)
    else:
        zone = getattr(ctx.settings.rules.zone(), "key", None)
        report = timers.install(command, at, every, zone)
    for line in report.lines:
        print(visible(line))
    if report.crontab is not None:
        print(report.crontab)
    return 0


def cmd_notify(ctx: Context) -> int:
    args = ctx.args
    if args.every_minutes is not None and not args.install:
        raise UsageError("--every-minutes goes with --install")
    if args.install or args.uninstall:
        return _timer(ctx)
    outcome = ctx.facade.notify(_time(args.at))
    if outcome.delivered:
        return 0
    print("iivboard: no notification service reachable; printing instead", file=sys.stderr)
    for i, notice in enumerate(outcome.notices):
        if i:
            print()
        print(visible(notice.title))
        for line in notice.body.splitlines():
            print(visible(line))
    return 0
