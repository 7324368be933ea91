"""brief (everything about one organization, to read before an interview there)."""

from __future__ import annotations

import sys
from pathlib import Path

from iivboard.cli.context import Context
from iivboard.present.brief_text import text_report


def cmd_brief(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    view = facade.organization_brief(args.organization)
    if args.output:
        target = facade.save_brief(view, Path(args.output))
        print(f"Brief on {view.name} written to {target}", file=sys.stderr)
        return 0
    if args.markdown:
        sys.stdout.write(facade.brief_markdown(view))
    else:
        sys.stdout.write(text_report(view, facade.zone()))
    return 0
