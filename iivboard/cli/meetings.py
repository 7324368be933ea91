"""meeting: reschedule or cancel a contact's open meeting (or print it)."""

from __future__ import annotations

import datetime as dt
import json

from iivboard.cli.context import Context, Failure
from iivboard.cli.output import say
from iivboard.cli.parser import UsageError
from iivboard.domain import calendar
from iivboard.present.text import visible

_MEETING_TERMS = ("minutes", "format", "place")


def _describe(meeting: dict[str, object], zone: dt.tzinfo) -> str:
    start = calendar.local(dt.datetime.fromisoformat(str(meeting["starts_at"])), zone)
    place = f", {visible(str(meeting['place']))}" if meeting["place"] else ""
    state = "confirmed" if meeting["confirmed"] else "not confirmed yet"
    return (
        f"{start:%a %Y-%m-%d %H:%M}, {meeting['minutes']} min, {meeting['format']}{place} ({state})"
    )


def cmd_meeting(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    if args.cancel and (args.at or any(getattr(args, t) is not None for t in _MEETING_TERMS)):
        raise UsageError("--cancel goes without --at, --minutes, --format and --place")
    if not args.cancel and args.note is not None:
        raise UsageError("--note goes with --cancel")
    changes = any(getattr(args, t) is not None for t in _MEETING_TERMS) or args.past
    if not args.cancel and not args.at and changes:
        raise UsageError("changing a meeting needs --at WHEN (its time, new or the same)")
    if args.cancel:
        result = facade.cancel_meeting(args.id, note=args.note or "")
    elif args.at:
        when = ctx.when(args.at, dt.time(9, 0))
        assert when is not None
        result = facade.reschedule(
            args.id,
            when,
            minutes=args.minutes,
            format=args.format,
            place=args.place,
            allow_past=args.past,
        )
    else:
        result = None
    detail = facade.contact_detail(args.id)
    if detail is None:
        raise Failure(f"no contact with id {args.id}")
    if args.json:
        print(json.dumps(detail, ensure_ascii=False, indent=1))
        return 0
    if result is not None:
        say(result.label)
    zone = facade.zone()
    if args.cancel:
        next_words = facade.due_words(detail)[0]
        say(f"{detail['name']} is back in Requested" + (f"; {next_words}" if next_words else ""))
        return 0
    open_ones = [
        m for m in detail["meetings"] if m["ended_at"] is None and m["cancelled_at"] is None
    ]
    if detail["stage"] != "scheduled" or detail["outcome"] or not open_ones:
        raise Failure(f"{detail['name']} has no open meeting")
    print(f"meeting with {visible(detail['name'])}: {_describe(open_ones[-1], zone)}")
    return 0
