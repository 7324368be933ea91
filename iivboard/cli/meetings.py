"""meeting: reschedule or cancel a contact's open meeting (or print it); with someone
already met and no meeting to come, --at sets another meeting (they stay in their stage)."""

from __future__ import annotations

import datetime as dt
import json

from iivboard.app.queries import MeetingView
from iivboard.cli.context import Context, Failure
from iivboard.cli.output import say, warn_clashes
from iivboard.cli.parser import UsageError
from iivboard.domain import calendar
from iivboard.domain.stages import MET_STAGES, STAGE_LABELS
from iivboard.present.text import visible

_MEETING_TERMS = ("minutes", "format", "place")


def _describe(meeting: MeetingView, zone: dt.tzinfo) -> str:
    start = calendar.local(meeting.starts_at, zone)
    place = f", {visible(meeting.place)}" if meeting.place else ""
    state = "confirmed" if meeting.confirmed else "not confirmed yet"
    return f"{start:%a %Y-%m-%d %H:%M}, {meeting.minutes} min, {meeting.format}{place} ({state})"


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
        warn_clashes(facade, args.id)
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
        stage = STAGE_LABELS[detail["stage"]]
        where = "stays in" if detail["stage"] in MET_STAGES else "is back in"
        say(f"{detail['name']} {where} {stage}" + (f"; {next_words}" if next_words else ""))
        return 0
    meeting = facade.call(args.id).meeting
    if meeting is None:
        raise Failure(f"{detail['name']} has no open meeting")
    print(f"meeting with {visible(detail['name'])}: {_describe(meeting, zone)}")
    return 0
