"""due (the Today list as text), triage, snooze, skip, and message (a template filled in for one
contact)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from iivboard.app.review import TriageRow, Week
from iivboard.cli.context import Context, Failure
from iivboard.present.text import visible
from iivboard.present.triage_text import triage_lines


def cmd_due(ctx: Context) -> int:
    """The Today list, exactly as the Today screen shows it; --week the week view."""
    args = ctx.args
    if args.json and not args.week:
        from iivboard.cli.parser import UsageError

        raise UsageError("--json goes with --week")
    facade = ctx.facade
    if args.week:
        week = facade.week()
        if args.json:
            print(json.dumps(week_json(week), ensure_ascii=False, indent=1))
            return 0
        for line in week.text_lines():
            print(visible(line).rstrip())
        return 0
    for line in facade.today().text_lines(facade.zone()):
        print(visible(line))
    return 0


def week_json(week: Week) -> dict[str, Any]:
    return {
        "today": week.today.isoformat(),
        "days": [
            {
                "date": day.day.isoformat(),
                "items": [
                    {
                        "at": _utc(e.at),
                        "time": e.time or None,
                        "kind": e.kind,
                        "id": e.contact_id,
                        "name": e.name,
                        "organization": e.organization,
                        "says": e.words,
                        "level": e.level or None,
                    }
                    for e in day.entries
                ],
            }
            for day in week.days
        ],
    }


def _utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else f"{moment.replace(tzinfo=None).isoformat()}Z"


def triage_json(row: TriageRow) -> dict[str, Any]:
    return {
        "id": row.contact_id,
        "name": row.name,
        "organization": row.organization,
        "request_sent_at": _utc(row.sent_at),
        "channel": row.channel or None,
        "waited": row.waited,
        "followups_sent": row.followups_sent,
        "since_follow_up": row.since_follow_up,
        "snoozed_until": _utc(row.snoozed_until),
        "says": row.suggestion,
        "level": row.level or None,
        "rule": row.kind or None,
        "wait": row.wait or None,
    }


def cmd_triage(ctx: Context) -> int:
    """The rows of the Triage screen, in its order."""
    rows = ctx.facade.triage()
    if ctx.args.json:
        print(json.dumps([triage_json(row) for row in rows], ensure_ascii=False, indent=1))
        return 0
    for line in triage_lines(rows):
        print(line.rstrip())
    return 0


def cmd_snooze(ctx: Context) -> int:
    """As the Today screen's z: a day without a time means its start, so the reminders are
    back first thing that morning."""
    args, facade = ctx.args, ctx.facade
    until = ctx.when(args.when, dt.time(0, 0))
    assert until is not None
    result = facade.snooze(args.id, until)
    print(f"{visible(result.label)} until {until:%a %Y-%m-%d %H:%M}")
    return 0


def cmd_skip(ctx: Context) -> int:
    """As the Today screen's s, on a line that is on the list now: the contact's only one
    unless WHAT names one (its skip key), as a script cannot point at a line."""
    args, facade = ctx.args, ctx.facade
    lines = [item for item in facade.today().items if item.contact_id == args.id]
    keys = list(dict.fromkeys(item.skip_key for item in lines))
    if not keys:
        contact = facade.contact(args.id)
        if contact is None:
            raise Failure(f"no contact with id {args.id}")
        raise Failure(f"{contact.name} has nothing on the Today list to skip")
    name = lines[0].name
    if args.what is None and len(keys) > 1:
        raise Failure(f"{name} has several lines on the Today list; say which: {', '.join(keys)}")
    what = args.what or keys[0]
    if what not in keys:
        raise Failure(f"{name} has no {what!r} line on the Today list; there is: {', '.join(keys)}")
    result = facade.skip(args.id, what)
    print(f"{visible(result.label)} ({what})")
    return 0


def _given(pairs: list[str]) -> dict[str, str]:
    """--set NAME=VALUE, each NAME a placeholder's plain name."""
    from iivboard.cli.parser import UsageError

    given = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip().isidentifier():
            raise UsageError(
                f"--set takes NAME=VALUE, e.g. one_thing='the data team'; not {pair!r}"
            )
        given[name.strip()] = value
    return given


def cmd_message(ctx: Context) -> int:
    from iivboard.app.messages import ASKED, TemplateError

    args, facade = ctx.args, ctx.facade
    given = _given(args.set)
    try:
        message = facade.compose_message(args.id, args.template, given=given)
    except TemplateError as exc:
        raise Failure(str(exc)) from None
    if args.mailto:
        print(facade.mailto(message))
    else:
        if message.to:
            print(f"To: {visible(message.to)}")
        print(visible(message.text(), one_line=False), end="")
    if message.flagged:
        # On stderr, so the message itself can be piped; exit 0, the text is usable once edited.
        names = ", ".join("{" + name + "}" for name in message.flagged)
        hint = ""
        asked = [name for name in message.flagged if name in ASKED]
        if asked:
            hint = f"; write {{{asked[0]}}} yourself with --set {asked[0]}=..."
            if message.reference:
                hint += f" (your meeting notes: iivboard show {args.id})"
        if any(name.startswith("my_") for name in message.flagged):
            hint += f"; your own details go in [profile] in {ctx.settings.path}"
        print(
            f"iivboard: warning: no value for {names}, marked {{{message.flagged[0]}?}} "
            f"and so on in the text{hint}",
            file=sys.stderr,
        )
    if args.log:
        result = facade.log_message_sent(
            args.id, message.template, subject=message.subject, channel=args.channel or ""
        )
        print(visible(result.label), file=sys.stderr)
    return 0
