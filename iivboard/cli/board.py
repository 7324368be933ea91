"""stats, and opening the board (the Textual app, imported only then)."""

from __future__ import annotations

import datetime as dt
import json
import sys

from iivboard.cli.context import Context, Failure, clock
from iivboard.domain import calendar
from iivboard.present.text import visible


def cmd_stats(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    now = calendar.utc(clock())
    since = ctx.when(args.since, dt.time(0, 0))
    if since is not None and calendar.utc(since) > now:
        raise Failure(f"--since {args.since} is in the future")
    figures = facade.stats(since=since)
    if args.json:
        print(json.dumps(figures.to_json(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(facade.stats_report(figures)))
    return 0


def _daily_backup(ctx: Context) -> None:
    """Once a day when the board opens. A backup that fails must not keep anyone from
    their board, so any error becomes a warning."""
    try:
        ctx.facade.daily_backup()
    except Exception as exc:
        print(f"iivboard: warning: the daily backup failed: {visible(str(exc))}", file=sys.stderr)


def open_board(ctx: Context) -> int:
    from iivboard.tui.app import run_board  # Textual is imported only when the board opens

    args = ctx.args
    start = "today" if args.today else "triage" if args.triage else "board"
    if args.demo:
        from iivboard.app.facade import Facade
        from iivboard.io.demo_folder import demo_folder, sweep_stale

        if removed := sweep_stale():
            print(f"iivboard: removed {removed} demo folder(s) left by a demo that was killed")
        with demo_folder() as folder:
            db_path = folder / "demo.db"
            Facade.open(db_path, ctx.settings, clock).seed_demo()
            return run_board(db_path, ctx.settings, start=start, clock=clock, demo=True)
    ctx.facade  # noqa: B018 - opens (creates or upgrades) the database first
    _daily_backup(ctx)
    return run_board(ctx.db_path, ctx.settings, start=start, clock=clock)
