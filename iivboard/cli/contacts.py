"""add, list and show."""

from __future__ import annotations

import json

from iivboard.cli.context import Context, Failure
from iivboard.cli.output import contact_line
from iivboard.domain import calendar, stages
from iivboard.present.text import visible

_TEXT_FIELDS = ("role", "email", "phone", "linkedin", "location", "source")


def cmd_add(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    result = facade.add_contact(
        args.name,
        organization=args.org,
        referred_by=args.referred_by,
        tags=args.tag,
        **{key: getattr(args, key) or "" for key in _TEXT_FIELDS},
    )
    if args.json:
        assert result.contact_id is not None
        print(json.dumps(facade.contact_detail(result.contact_id), ensure_ascii=False))
    else:
        print(f"added #{result.contact_id} {visible(args.name.strip())}")
    return 0


def cmd_list(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    stage = stages.parse_stage(args.stage) if args.stage else None
    rows = facade.list_contacts(stage=stage, due_today=args.due, include_closed=args.closed)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        print(contact_line(row, facade.due_words(row)[0]))
    if not rows:
        print("no contacts" + (" due" if args.due else ""))
    return 0


def cmd_show(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    detail = facade.contact_detail(args.id)
    if detail is None:
        raise Failure(f"no contact with id {args.id}")
    if args.json:
        print(json.dumps(detail, ensure_ascii=False, indent=1))
        return 0
    zone = facade.zone()

    def when(text: str | None) -> str:
        moment = calendar.from_iso(text)
        return "" if moment is None else f"{calendar.local(moment, zone):%Y-%m-%d %H:%M}"

    print(f"#{detail['id']} {visible(detail['name'])}")
    state = detail["stage"] + (f" (closed: {detail['outcome']})" if detail["outcome"] else "")
    print(f"  stage: {state} since {when(detail['stage_entered_at'])}")
    for key in (
        "organization",
        "role",
        "email",
        "phone",
        "linkedin",
        "location",
        "source",
        "common_ground",
    ):
        if detail[key]:
            print(f"  {key.replace('_', ' ')}: {visible(detail[key])}")
    if detail["tags"]:
        print(f"  tags: {visible(', '.join(detail['tags']))}")
    if detail["referred_by"]:
        print(f"  referred by: #{detail['referred_by']}")
    if detail["due"]:
        print(f"  next: {facade.due_words(detail)[0]}")
    for meeting in detail["meetings"]:
        print(
            f"  meeting {when(meeting['starts_at'])}, {meeting['minutes']} min, "
            f"{meeting['format']}"
            + (", confirmed" if meeting["confirmed"] else "")
            + (f", cancelled {when(meeting['cancelled_at'])}" if meeting["cancelled_at"] else "")
        )
        if meeting["notes"]:
            for line in meeting["notes"].splitlines():
                print(f"    | {visible(line)}")
    print("  history:")
    for event in detail["events"]:
        move = f" {event['from_stage'] or ''}->{event['to_stage']}" if event["to_stage"] else ""
        text = f": {visible(event['text'])}" if event["text"] else ""
        print(f"    {when(event['at'])}  {event['kind']}{move}{text}")
    return 0
