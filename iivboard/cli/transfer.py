"""import, export, backup and restore."""

from __future__ import annotations

import sys
from pathlib import Path

from iivboard.cli.context import Context
from iivboard.cli.output import print_report
from iivboard.io.formats import registry
from iivboard.io.settings import ConfigError, adopt_settings
from iivboard.present.text import visible


def cmd_import(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    path = Path(args.file)
    fmt = registry.get(args.kind)
    if fmt.read is None:
        return _restore(ctx, path)
    mapping = facade.parse_import_map(args.map) if fmt.takes_map and args.map else None
    report = facade.import_file(
        args.kind, path, mapping=mapping, encoding=args.encoding, dry_run=args.dry_run
    )
    print_report(report, path)
    return 0


def _restore(ctx: Context, path: Path) -> int:
    counts, settings_text = ctx.facade.restore_file(path, ctx.args.kind)
    print(
        "restored "
        + ", ".join(f"{n} {key}" for key, n in counts.items())
        + f" from {visible(path.name)}"
    )
    if settings_text is None:
        return 0
    try:
        written, words = adopt_settings(settings_text, ctx.settings.path)
    except ConfigError as exc:
        print(f"iivboard: warning: {exc}", file=sys.stderr)
        return 0
    if words and not written:
        words += f"; the exported ones are under settings_toml in {visible(path.name)}"
    if words:
        print(words)
    return 0


def cmd_export(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    contact_id = getattr(args, "id", None)
    if not args.output:
        facade.export(args.format, sys.stdout.buffer, contact_id=contact_id)
        sys.stdout.flush()
        return 0
    target, what = facade.export_file(args.format, Path(args.output), contact_id=contact_id)
    if args.format == "ics":
        print(f"wrote {visible(str(target))}")
    else:
        print(f"wrote {what} to {visible(str(target))}")
    return 0


def cmd_backup(ctx: Context) -> int:
    args, facade = ctx.args, ctx.facade
    if args.path is None:
        target = facade.backup()
    elif Path(args.path).expanduser().is_dir():
        target = facade.backup(folder=Path(args.path).expanduser())
    else:
        target = facade.backup(Path(args.path))
    print(f"backed up to {visible(str(target))}")
    return 0


def cmd_restore(ctx: Context) -> int:
    saved = ctx.facade.restore_backup(Path(ctx.args.file))
    print(f"restored {visible(ctx.args.file)}; the database as it was is in {visible(str(saved))}")
    return 0
