"""move, log, close, reopen, undo and redo: each one command of the facade, one undo step."""

from __future__ import annotations

import datetime as dt

from iivboard.cli.context import Context, Failure
from iivboard.cli.output import say, warn_clashes
from iivboard.cli.parser import UsageError
from iivboard.domain import stages


def cmd_move(ctx: Context) -> int:
    args = ctx.args
    stage = stages.parse_stage(args.stage)
    meeting = None
    if stage == "scheduled":
        if not args.meeting:
            raise Failure("moving to scheduled needs --meeting WHEN (e.g. 'tue 14:00')")
        meeting = {
            "starts_at": ctx.when(args.meeting, dt.time(9, 0)),
            "minutes": args.minutes,
            "format": args.format,
            "place": args.place,
        }
    result = ctx.facade.move(
        args.id, stage, at=ctx.when(args.at), channel=args.channel or "", meeting=meeting
    )
    say(result.label)
    if stage == "scheduled":
        warn_clashes(ctx.facade, args.id)
    return 0


def cmd_log(ctx: Context) -> int:
    args = ctx.args
    result = ctx.facade.log(
        args.id, args.kind, note=args.note, channel=args.channel, at=ctx.when(args.at)
    )
    say(result.label)
    return 0


def cmd_close(ctx: Context) -> int:
    """As the close dialogs: after a hiring conflict, when to try again and whom to ask
    meanwhile."""
    args, facade = ctx.args, ctx.facade
    if args.reason and args.outcome != "declined":
        raise UsageError("--reason goes with declined")
    say(facade.close(args.id, args.outcome, reason=args.reason, note=args.note).label)
    advice = facade.decline_advice(args.id)
    if advice:
        say(advice[0].upper() + advice[1:])
    return 0


def cmd_reopen(ctx: Context) -> int:
    say(ctx.facade.reopen(ctx.args.id).label)
    return 0


def cmd_undo(ctx: Context) -> int:
    say(ctx.facade.undo().label)
    return 0


def cmd_redo(ctx: Context) -> int:
    say(ctx.facade.redo().label)
    return 0
