"""org: the target list (list, rank, edit)."""

from __future__ import annotations

import json

from iivboard.cli.context import Context
from iivboard.cli.output import say
from iivboard.cli.parser import UsageError
from iivboard.present.targets_text import target_lines, view_json


def cmd_org_list(ctx: Context) -> int:
    views = ctx.facade.organizations()
    if ctx.args.json:
        print(json.dumps([view_json(v) for v in views], ensure_ascii=False, indent=1))
        return 0
    for line in target_lines(views):
        print(line)
    return 0


def cmd_org_rank(ctx: Context) -> int:
    rank = ctx.args.rank
    if rank < 0:
        raise UsageError("N is 1 or more (1 is the top), or 0 to take it off the list")
    say(ctx.facade.set_rank(ctx.args.name, rank or None).label)
    return 0


def cmd_org_edit(ctx: Context) -> int:
    args = ctx.args
    if args.website is None and args.notes is None:
        raise UsageError("say what to change: --website URL and/or --notes TEXT")
    say(ctx.facade.edit_organization(args.name, website=args.website, notes=args.notes).label)
    return 0
