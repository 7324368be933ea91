"""The `iivboard` command: no arguments opens the board; subcommands script it.

Scripting commands never import Textual, so a call costs little more than Python and peewee.
Exit codes: 0 success, 1 an error (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

from iivboard.app import queries
from iivboard.app.service import Service, ServiceError
from iivboard.domain.calendar import local, local_midnight_utc, utc
from iivboard.domain.stages import (
    CHANNELS,
    DECLINE_REASONS,
    FORMATS,
    LOG_KINDS,
    OUTCOMES,
    STAGES,
    RuleError,
    parse_stage,
)
from iivboard.domain.when import WhenError, parse_when
from iivboard.io import backup, exporters, importers
from iivboard.io.settings import (
    DEFAULT_SETTINGS,
    ConfigError,
    Settings,
    data_dir,
    default_db_path,
    load_settings,
    parse_settings,
    settings_path,
)
from iivboard.present.text import visible
from iivboard.storage.models import database
from iivboard.storage.store import StorageError, open_database


class UsageError(Exception):
    pass


class Failure(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(f"{message} (see {self.prog} --help)")


def clock() -> dt.datetime:
    """The current time; IIVBOARD_NOW fixes it (ISO 8601), for tests and demos."""
    fixed = os.environ.get("IIVBOARD_NOW")
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def local_now(settings: Settings) -> dt.datetime:
    return clock().astimezone(settings.rules.zone())


def when_arg(text: str | None, settings: Settings, default_time: dt.time | None = None):
    if text is None:
        return None
    try:
        return parse_when(text, local_now(settings), default_time)
    except WhenError as exc:
        raise Failure(str(exc)) from None


def build_parser() -> _Parser:
    parser = _Parser(
        prog="iivboard",
        description="Run your informational interviews from "
        "the terminal. With no command, opens the board.",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $IIVBOARD_DB or the user data folder)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the board on a throw-away database filled with sample data",
    )
    opens = parser.add_mutually_exclusive_group()
    opens.add_argument("--today", action="store_true", help="open on the daily review")
    opens.add_argument("--triage", action="store_true", help="open on the triage of requests")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    add = sub.add_parser("add", help="add a contact (stage: identified)")
    add.add_argument("name")
    for flag in ("org", "role", "email", "phone", "linkedin", "location", "source"):
        add.add_argument(f"--{flag}", default=None)
    add.add_argument("--referred-by", type=int, metavar="ID")
    add.add_argument("--tag", action="append", default=[], help="repeat for several tags")
    add.add_argument("--json", action="store_true")

    lst = sub.add_parser("list", help="list contacts, soonest due first")
    lst.add_argument("--stage", help=f"one of: {', '.join(STAGES)}")
    lst.add_argument("--due", action="store_true", help="only what is due by the end of today")
    lst.add_argument("--closed", action="store_true", help="include declined and no response")
    lst.add_argument("--json", action="store_true")

    show = sub.add_parser("show", help="everything about one contact")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")

    move = sub.add_parser("move", help="move a contact to a stage")
    move.add_argument("id", type=int)
    move.add_argument("stage", help=f"one of: {', '.join(STAGES)}")
    move.add_argument("--at", metavar="WHEN", help="when it happened (default: now)")
    move.add_argument("--channel", choices=CHANNELS, help="for requested")
    move.add_argument("--meeting", metavar="WHEN", help="for scheduled: when you meet")
    move.add_argument("--minutes", type=int, help="for scheduled: agreed length")
    move.add_argument("--format", choices=FORMATS, default="video")
    move.add_argument("--place", default="", help="for scheduled: address or link")

    log = sub.add_parser(
        "log", help="log an interaction (moves the stage where that is what it means)"
    )
    log.add_argument("id", type=int)
    log.add_argument("kind", choices=LOG_KINDS)
    log.add_argument("--note", default="")
    log.add_argument("--channel", default="")
    log.add_argument("--at", metavar="WHEN")

    close = sub.add_parser("close", help="close as declined or no response")
    close.add_argument("id", type=int)
    close.add_argument("outcome", choices=OUTCOMES)
    close.add_argument("--reason", choices=DECLINE_REASONS)
    close.add_argument("--note", default="")

    reopen = sub.add_parser("reopen", help="put a closed contact back on the board")
    reopen.add_argument("id", type=int)

    sub.add_parser("due", help="the daily review (the Today list) as plain text")
    stats = sub.add_parser("stats", help="the funnel, replies and the weekly rhythm")
    stats.add_argument("--since", metavar="WHEN", help="only the history from then on")
    stats.add_argument("--json", action="store_true")

    sub.add_parser("undo", help="undo the last change")
    sub.add_parser("redo", help="redo the last undone change")
    _add_message_parser(sub)
    _add_transfer_commands(sub)
    return parser


def _service(settings: Settings) -> Service:
    return Service(settings.rules, clock=clock)


def _print_contact_line(card: dict, settings: Settings, now: dt.datetime) -> None:
    words, _ = queries.due_words(card, now, settings.rules)
    org = f" ({visible(card['organization'])})" if card["organization"] else ""
    state = card["outcome"] or card["stage"]
    print(
        f"{card['id']:>5}  {state:<11} {visible(card['name'])}{org}"
        + (f"  - {words}" if words else "")
    )


def cmd_add(args, settings: Settings) -> int:
    result = _service(settings).add_contact(
        args.name,
        organization=args.org,
        referred_by=args.referred_by,
        tags=args.tag,
        **{
            k: getattr(args, k) or ""
            for k in ("role", "email", "phone", "linkedin", "location", "source")
        },
    )
    if args.json:
        print(json.dumps(queries.contact_detail(result.contact_id), ensure_ascii=False))
    else:
        print(f"added #{result.contact_id} {visible(args.name.strip())}")
    return 0


def cmd_list(args, settings: Settings) -> int:
    stage = parse_stage(args.stage) if args.stage else None
    due_by = None
    if args.due:
        today = local_now(settings).date()
        due_by = local_midnight_utc(today + dt.timedelta(days=1), settings.rules.zone())
    rows = queries.list_contacts(stage=stage, due_by=due_by, include_closed=args.closed)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    now = utc(clock())
    for row in rows:
        _print_contact_line(row, settings, now)
    if not rows:
        print("no contacts" + (" due" if args.due else ""))
    return 0


def cmd_show(args, settings: Settings) -> int:
    detail = queries.contact_detail(args.id)
    if detail is None:
        raise Failure(f"no contact with id {args.id}")
    if args.json:
        print(json.dumps(detail, ensure_ascii=False, indent=1))
        return 0
    zone = settings.rules.zone()

    def when(text: str | None) -> str:
        moment = queries.from_iso(text)
        return "" if moment is None else f"{local(moment, zone):%Y-%m-%d %H:%M}"

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
        words, _ = queries.due_words(detail, utc(clock()), settings.rules)
        print(f"  next: {words}")
    for meeting in detail["meetings"]:
        print(
            f"  meeting {when(meeting['starts_at'])}, {meeting['minutes']} min, "
            f"{meeting['format']}" + (", confirmed" if meeting["confirmed"] else "")
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


def cmd_move(args, settings: Settings) -> int:
    stage = parse_stage(args.stage)
    meeting = None
    if stage == "scheduled":
        if not args.meeting:
            raise Failure("moving to scheduled needs --meeting WHEN (e.g. 'tue 14:00')")
        meeting = {
            "starts_at": when_arg(args.meeting, settings, dt.time(9, 0)),
            "minutes": args.minutes,
            "format": args.format,
            "place": args.place,
        }
    result = _service(settings).move(
        args.id, stage, at=when_arg(args.at, settings), channel=args.channel or "", meeting=meeting
    )
    print(visible(result.label))
    return 0


def cmd_log(args, settings: Settings) -> int:
    result = _service(settings).log(
        args.id, args.kind, note=args.note, channel=args.channel, at=when_arg(args.at, settings)
    )
    print(visible(result.label))
    return 0


def cmd_close(args, settings: Settings) -> int:
    print(
        visible(
            _service(settings)
            .close(args.id, args.outcome, reason=args.reason, note=args.note)
            .label
        )
    )
    return 0


def cmd_reopen(args, settings: Settings) -> int:
    print(visible(_service(settings).reopen(args.id).label))
    return 0


def cmd_undo(args, settings: Settings) -> int:
    print(visible(_service(settings).undo().label))
    return 0


def cmd_redo(args, settings: Settings) -> int:
    print(visible(_service(settings).redo().label))
    return 0


def cmd_due(args, settings: Settings) -> int:
    """The Today list, exactly as the Today screen shows it."""
    from iivboard.app import review

    for line in review.today(clock(), settings.rules).text_lines(settings.rules.zone()):
        print(visible(line))
    return 0


# ---------------------------------------------------------------- messages and calendar


def _add_message_parser(sub) -> None:
    msg = sub.add_parser(
        "message",
        help="print a message for a contact, filled in from a "
        "template in the settings folder (templates/*.txt)",
    )
    msg.add_argument("id", type=int)
    msg.add_argument("template", help="request, follow-up, thank-you or keep-in-touch")
    msg.add_argument(
        "--log",
        action="store_true",
        help="also log it as sent (moves the stage where that is what it means)",
    )
    msg.add_argument("--channel", choices=CHANNELS, help="with --log: how it was sent")
    msg.add_argument(
        "--mailto",
        action="store_true",
        help="print a mailto: link with the subject and body instead",
    )


def cmd_message(args, settings: Settings) -> int:
    from iivboard.app import messages

    try:
        message = messages.compose(args.id, args.template, settings.profile, settings.rules.zone())
    except messages.TemplateError as exc:
        raise Failure(str(exc)) from None
    if args.mailto:
        print(messages.mailto_url(message.to, message.subject, message.body))
    else:
        if message.to:
            print(f"To: {visible(message.to)}")
        print(visible(message.text(), one_line=False), end="")
    if message.flagged:
        # On stderr, so the message itself can be piped; exit 0, the text is usable once edited.
        names = ", ".join("{" + name + "}" for name in message.flagged)
        hint = ""
        if any(name.startswith("my_") for name in message.flagged):
            hint = f"; your own details go in [profile] in {settings.path}"
        print(
            f"iivboard: warning: no value for {names}, marked {{{message.flagged[0]}?}} "
            f"and so on in the text{hint}",
            file=sys.stderr,
        )
    if args.log:
        result = messages.log_sent(
            _service(settings),
            args.id,
            message.template,
            subject=message.subject,
            channel=args.channel or "",
        )
        print(visible(result.label), file=sys.stderr)
    return 0


def export_ics(args, settings: Settings) -> int:
    from iivboard.io import calendar_export

    try:
        if args.output:
            path = calendar_export.write_ics(args.output, settings.rules, clock(), args.id)
            print(f"wrote {visible(str(path))}")
        else:
            sys.stdout.buffer.write(calendar_export.to_ics(settings.rules, clock(), args.id))
            sys.stdout.flush()
    except calendar_export.ExportError as exc:
        raise Failure(str(exc)) from None
    return 0


def cmd_stats(args, settings: Settings) -> int:
    from iivboard.app import stats

    now = utc(clock())
    since = when_arg(args.since, settings, dt.time(0, 0))
    if since is not None and utc(since) > now:
        raise Failure(f"--since {args.since} is in the future")
    figures = stats.compute(now, settings.rules, since=since)
    if args.json:
        print(json.dumps(figures.to_json(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(stats.text_report(figures, settings.rules.zone())))
    return 0


COMMANDS: dict[str, Callable] = {
    "add": cmd_add,
    "list": cmd_list,
    "show": cmd_show,
    "move": cmd_move,
    "log": cmd_log,
    "close": cmd_close,
    "reopen": cmd_reopen,
    "due": cmd_due,
    "undo": cmd_undo,
    "redo": cmd_redo,
    "stats": cmd_stats,
    "message": cmd_message,
}


# ---------------------------------------------------------------- import, export, backups


def _add_transfer_commands(sub) -> None:
    imp = sub.add_parser("import", help="add or update contacts from a file")
    kinds = imp.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    for kind, text in (
        ("linkedin", "LinkedIn's Connections.csv"),
        ("vcard", "a .vcf file with one or many vCards"),
        ("csv", "a spreadsheet saved as CSV"),
    ):
        one = kinds.add_parser(kind, help=text)
        one.add_argument("file")
        if kind == "csv":
            one.add_argument(
                "--map",
                metavar="COLUMN=FIELD,...",
                default="",
                help=f"fields: {', '.join(importers.CSV_FIELDS)} (default: the "
                "columns named like a field)",
            )
        one.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be added, updated and skipped; change nothing",
        )
        one.add_argument("--encoding", default="utf-8", help="of the file (default utf-8)")
    restore_json = kinds.add_parser(
        "json", help="restore an `export json` file into an empty database"
    )
    restore_json.add_argument("file")

    exp = sub.add_parser("export", help="write everything to a file or standard output")
    formats = exp.add_subparsers(
        dest="format", metavar="FORMAT", parser_class=_Parser, required=True
    )
    for fmt, text in (
        ("json", "everything, for `import json`"),
        ("csv", "one row per contact, for spreadsheets"),
        ("ics", "the meetings as calendar events (iCalendar)"),
    ):
        one = formats.add_parser(fmt, help=text)
        one.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
        if fmt == "ics":
            one.add_argument("--id", type=int, help="only this contact's meetings")

    sub.add_parser(
        "backup", help="copy the database now (default: into the backups folder)"
    ).add_argument("path", nargs="?", metavar="PATH", help="a file or a folder")
    sub.add_parser(
        "restore", help="replace the database with a backup (the current one is backed up first)"
    ).add_argument("file")


def _backup_folder() -> Path:
    return data_dir() / "backups"


def _print_report(report, path: Path) -> None:
    print(f"{visible(path.name)}: {report.summary()}")
    for row in report.rows:
        name = visible(row.name)
        if row.action == "skipped":
            print(f"  line {row.line}: skipped{' ' + name if name else ''}: {row.detail}")
        elif report.dry_run and row.action == "added":
            print(f"  line {row.line}: add {name}")
        elif report.dry_run and row.action == "updated":
            print(f"  line {row.line}: update #{row.contact_id} {name}: {row.detail}")


def cmd_import(args, settings: Settings) -> int:
    path = Path(args.file)
    if args.kind == "json":
        return _restore_json(path)
    mapping = importers.parse_map(args.map) if args.kind == "csv" and args.map else None
    report = importers.import_file(
        _service(settings),
        args.kind,
        path,
        mapping=mapping,
        encoding=args.encoding,
        dry_run=args.dry_run,
    )
    _print_report(report, path)
    return 0


def _restore_json(path: Path) -> int:
    counts, settings_text = importers.restore_json(path)
    print(
        "restored "
        + ", ".join(f"{n} {key}" for key, n in counts.items())
        + f" from {visible(path.name)}"
    )
    if settings_text is None:
        return 0
    target = settings_path()
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if current == settings_text:
        return 0
    if current not in (None, DEFAULT_SETTINGS):
        print(
            f"kept your settings in {target}; the exported ones are under settings_toml "
            f"in {visible(path.name)}"
        )
        return 0
    try:
        parse_settings(tomllib.loads(settings_text))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(settings_text, encoding="utf-8")
    except (tomllib.TOMLDecodeError, ConfigError, OSError) as exc:
        print(f"iivboard: warning: the exported settings were not restored: {exc}", file=sys.stderr)
        return 0
    print(f"restored the settings to {target}")
    return 0


def _export_json(args, settings: Settings, out) -> str:
    path = settings_path()
    text = path.read_text(encoding="utf-8") if path.exists() else None
    return f"{exporters.export_json(out, clock(), text)} contacts"


def _export_csv(args, settings: Settings, out) -> str:
    return f"{exporters.export_csv(out)} contacts"


# Each format writes to `out` and says what it wrote; add a format here and in
# _add_transfer_commands.
EXPORTS: dict[str, Callable] = {"json": _export_json, "csv": _export_csv}


def cmd_export(args, settings: Settings) -> int:
    if args.format == "ics":  # bytes from the icalendar library, written by its module
        return export_ics(args, settings)
    write = EXPORTS[args.format]
    if not args.output:
        write(args, settings, sys.stdout)
        return 0
    target = Path(args.output).expanduser()
    partial = target.with_name(f".{target.name}.partial")
    try:
        # Private from the first byte (other people's details), and renamed into place
        # only when complete.
        fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with open(fd, "w", encoding="utf-8", newline="") as out:
            what = write(args, settings, out)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise Failure(f"cannot write {target}: {exc.strerror}") from None
    print(f"wrote {what} to {visible(str(target))}")
    return 0


def cmd_backup(args, settings: Settings) -> int:
    db_path = Path(database.database)
    if args.path is None:
        target = backup.make_backup(
            _backup_folder(), db_path, local_now(settings), "manual", settings.backup_keep
        )
    elif Path(args.path).expanduser().is_dir():
        target = backup.make_backup(
            Path(args.path).expanduser(), db_path, local_now(settings), "manual", keep=0
        )
    else:
        target = backup.write_backup(Path(args.path))
    print(f"backed up to {visible(str(target))}")
    return 0


def cmd_restore(args, settings: Settings) -> int:
    saved = backup.restore(
        Path(args.file),
        Path(database.database),
        _backup_folder(),
        local_now(settings),
        settings.backup_keep,
    )
    print(f"restored {visible(args.file)}; the database as it was is in {visible(str(saved))}")
    return 0


COMMANDS.update(
    {"import": cmd_import, "export": cmd_export, "backup": cmd_backup, "restore": cmd_restore}
)


def _daily_backup(settings: Settings, db_path: Path) -> None:
    """Once a day when the board opens. A backup that fails must not keep anyone from
    their board, so any error becomes a warning."""
    try:
        backup.daily_backup(_backup_folder(), db_path, local_now(settings), settings.backup_keep)
    except Exception as exc:
        print(f"iivboard: warning: the daily backup failed: {visible(str(exc))}", file=sys.stderr)


def open_board(args, settings: Settings, db_path: Path) -> int:
    if not args.demo:
        _daily_backup(settings, db_path)
    from iivboard.tui.app import run_board  # Textual is imported only when the board opens

    start = "today" if args.today else "triage" if args.triage else "board"
    return run_board(db_path, settings, start=start, clock=clock)


_WHEN_OPTIONS = ("--at", "--meeting", "--until", "--since")


def _join_negative_when(argv: list[str]) -> list[str]:
    """Let `--at -2d` mean what it says: argparse would read -2d as an unknown option."""
    joined: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg in _WHEN_OPTIONS:
            value = next(args, None)
            if value is not None and value.startswith("-") and value[1:2].isdigit():
                joined.append(f"{arg}={value}")
                continue
            joined.append(arg)
            if value is not None:
                joined.append(value)
            continue
        joined.append(arg)
    return joined


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(_join_negative_when(list(sys.argv[1:] if argv is None else argv)))
        settings = load_settings()
        if args.demo:
            if args.command:
                raise UsageError("--demo opens the board; it does not go with a command")
            from iivboard.app.demo import seed_demo

            with tempfile.TemporaryDirectory(prefix="iivboard-demo-") as folder:
                db_path = open_database(Path(folder) / "demo.db")
                seed_demo(_service(settings), clock())
                return open_board(args, settings, db_path)
        else:
            db_path = open_database(Path(args.db) if args.db else default_db_path())
            _service(settings).ensure_due_current()  # settings.toml may have new rules
        if args.command is None:
            return open_board(args, settings, db_path)
        return COMMANDS[args.command](args, settings)
    except UsageError as exc:
        print(f"iivboard: usage: {exc}", file=sys.stderr)
        return 2
    except (Failure, ServiceError, StorageError, ConfigError, RuleError) as exc:
        print(f"iivboard: error: {visible(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `iivboard list | head` closed the pipe: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
