"""The command line's grammar. Each command names its handler as "module:function" in
iivboard.cli, imported only when that command runs, so `--help` loads no use case."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from iivboard.domain import stages
from iivboard.domain.errors import IivboardError
from iivboard.io.formats import registry


class UsageError(IivboardError):
    """Bad usage: one line on stderr, exit 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        raise UsageError(f"{message} (see {self.prog} --help)")


def _command(sub: Any, name: str, handler: str, **kwargs: Any) -> Parser:
    parser: Parser = sub.add_parser(name, **kwargs)
    parser.set_defaults(handler=handler)
    return parser


class _Version(argparse.Action):
    """--version: the installed version, looked up only when asked (importlib.metadata
    costs more than the rest of `--help`)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from iivboard.cli import package_version

        print(f"iivboard {package_version()}")
        parser.exit()


def build_parser() -> Parser:
    parser = Parser(
        prog="iivboard",
        description="Run your informational interviews from "
        "the terminal. With no command, opens the board.",
    )
    parser.add_argument("--version", action=_Version)
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
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _contact_commands(sub)
    _organization_commands(sub)
    _pipeline_commands(sub)
    _review_commands(sub)
    _transfer_commands(sub)
    _recall_commands(sub)
    return parser


def _limit(text: str) -> int:
    from iivboard.domain.search import MAX_LIMIT

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"a number from 1 to {MAX_LIMIT}, not {text!r}")
    return value


def _contact_commands(sub: Any) -> None:
    add = _command(sub, "add", "contacts:cmd_add", help="add a contact (stage: identified)")
    add.add_argument("name")
    for flag in ("org", "role", "email", "phone", "linkedin", "location", "source"):
        add.add_argument(f"--{flag}", default=None)
    add.add_argument("--referred-by", type=int, metavar="ID")
    add.add_argument("--tag", action="append", default=[], help="repeat for several tags")
    add.add_argument("--json", action="store_true")

    lst = _command(sub, "list", "contacts:cmd_list", help="list contacts, soonest due first")
    lst.add_argument("--stage", help=f"one of: {', '.join(stages.STAGES)}")
    lst.add_argument("--due", action="store_true", help="only what is due by the end of today")
    lst.add_argument("--closed", action="store_true", help="include declined and no response")
    lst.add_argument("--json", action="store_true")

    show = _command(sub, "show", "contacts:cmd_show", help="everything about one contact")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")

    search = _command(
        sub,
        "search",
        "search:cmd_search",
        help="search everything written (contacts, meeting notes, reflections, notes), "
        "best match first",
    )
    search.add_argument(
        "query",
        nargs="+",
        metavar="QUERY",
        help='words (all must appear), "a phrase", a prefix with * (hir*)',
    )
    search.add_argument("--limit", type=_limit, default=20, metavar="N", help="default 20")
    search.add_argument("--json", action="store_true")


def _organization_commands(sub: Any) -> None:
    org = sub.add_parser(
        "org", help="the target list: organizations ranked, with their contacts by stage"
    )
    org.set_defaults(handler=None)
    actions = org.add_subparsers(
        dest="action", metavar="ACTION", parser_class=Parser, required=True
    )
    lst = _command(
        actions, "list", "organizations:cmd_org_list", help="ranked first, then the others by name"
    )
    lst.add_argument("--json", action="store_true")
    named = "an organization: its name, or the start of it when only one name begins so"
    rank = _command(
        actions,
        "rank",
        "organizations:cmd_org_rank",
        help="put it at rank N (1 is the top); the others close up. 0 takes it off the list",
    )
    rank.add_argument("name", metavar="NAME", help=named)
    rank.add_argument("rank", metavar="N", type=int)
    edit = _command(actions, "edit", "organizations:cmd_org_edit", help="its website and notes")
    edit.add_argument("name", metavar="NAME", help=named)
    edit.add_argument("--website", metavar="URL", help="'' clears it")
    edit.add_argument("--notes", metavar="TEXT", help="'' clears them")


def _pipeline_commands(sub: Any) -> None:
    move = _command(sub, "move", "pipeline:cmd_move", help="move a contact to a stage")
    move.add_argument("id", type=int)
    move.add_argument("stage", help=f"one of: {', '.join(stages.STAGES)}")
    move.add_argument("--at", metavar="WHEN", help="when it happened (default: now)")
    move.add_argument("--channel", choices=stages.CHANNELS, help="for requested")
    move.add_argument("--meeting", metavar="WHEN", help="for scheduled: when you meet")
    move.add_argument("--minutes", type=int, help="for scheduled: agreed length")
    move.add_argument("--format", choices=stages.FORMATS, default="video")
    move.add_argument("--place", default="", help="for scheduled: address or link")

    meeting = _command(
        sub,
        "meeting",
        "meetings:cmd_meeting",
        help="reschedule (--at) or cancel (--cancel) a contact's open meeting; "
        "with someone already met and no meeting to come, --at sets another meeting; "
        "with neither, print it",
    )
    meeting.add_argument("id", type=int)
    meeting.add_argument("--at", metavar="WHEN", help="the new time (e.g. 'thu 15:00')")
    meeting.add_argument("--minutes", type=int, help="with --at: a new length")
    meeting.add_argument("--format", choices=stages.FORMATS, help="with --at: a new format")
    meeting.add_argument("--place", help="with --at: a new address or link ('' for none)")
    meeting.add_argument(
        "--past",
        action="store_true",
        help="with --at: allow a time already past (to correct the record)",
    )
    meeting.add_argument(
        "--cancel",
        action="store_true",
        help="call it off: kept as cancelled, the contact back in Requested "
        "(another meeting: they stay where they are)",
    )
    meeting.add_argument("--note", help="with --cancel: why (goes in the history)")
    meeting.add_argument("--json", action="store_true", help="print the contact as JSON")

    log = _command(
        sub,
        "log",
        "pipeline:cmd_log",
        help="log an interaction (moves the stage where that is what it means)",
    )
    log.add_argument("id", type=int)
    log.add_argument("kind", choices=stages.LOG_KINDS)
    log.add_argument("--note", default="")
    log.add_argument("--channel", default="")
    log.add_argument("--at", metavar="WHEN")

    close = _command(
        sub,
        "close",
        "pipeline:cmd_close",
        help="close as declined, no response, or not pursuing (someone never asked)",
    )
    close.add_argument("id", type=int)
    close.add_argument("outcome", choices=stages.OUTCOMES)
    close.add_argument(
        "--reason",
        choices=stages.DECLINE_REASONS,
        help="with declined: "
        + ", ".join(f"{key} ({words})" for key, words in stages.DECLINE_REASON_LABELS.items()),
    )
    close.add_argument("--note", default="", help="in your words (with --reason other: what)")

    reopen = _command(
        sub,
        "reopen",
        "pipeline:cmd_reopen",
        help="put a closed contact back on the board (after a decline: as someone to ask)",
    )
    reopen.add_argument("id", type=int)


def _review_commands(sub: Any) -> None:
    due = _command(
        sub, "due", "review:cmd_due", help="the daily review (the Today list) as plain text"
    )
    due.add_argument(
        "--week", action="store_true", help="the next seven days by day (meetings and dues)"
    )
    due.add_argument("--json", action="store_true", help="with --week: as JSON")
    stats = _command(
        sub, "stats", "board:cmd_stats", help="the funnel, replies and the weekly rhythm"
    )
    stats.add_argument("--since", metavar="WHEN", help="only the history from then on")
    stats.add_argument("--json", action="store_true")

    triage = _command(
        sub,
        "triage",
        "review:cmd_triage",
        help="everyone waiting for a reply, oldest request first, with what 3B7 says",
    )
    triage.add_argument("--json", action="store_true")

    snooze = _command(
        sub, "snooze", "review:cmd_snooze", help="hide a contact's reminders until WHEN"
    )
    snooze.add_argument("id", type=int)
    snooze.add_argument(
        "when", metavar="WHEN", help="e.g. +3d, mon, 2026-12-03 (a day alone: its start)"
    )

    skip = _command(
        sub,
        "skip",
        "review:cmd_skip",
        help="hide a contact's line on the Today list until midnight",
    )
    skip.add_argument("id", type=int)
    skip.add_argument(
        "what",
        nargs="?",
        metavar="WHAT",
        help="which line, when the contact has several (e.g. follow_up, meeting)",
    )

    _command(sub, "undo", "pipeline:cmd_undo", help="undo the last change")
    _command(sub, "redo", "pipeline:cmd_redo", help="redo the last undone change")

    msg = _command(
        sub,
        "message",
        "review:cmd_message",
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
    msg.add_argument("--channel", choices=stages.CHANNELS, help="with --log: how it was sent")
    msg.add_argument(
        "--mailto",
        action="store_true",
        help="print a mailto: link with the subject and body instead",
    )
    msg.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill a placeholder yourself, e.g. --set one_thing='the data team' (again for more)",
    )


def _transfer_commands(sub: Any) -> None:
    imp = _command(sub, "import", "transfer:cmd_import", help="add or update contacts from a file")
    kinds = imp.add_subparsers(dest="kind", metavar="KIND", parser_class=Parser, required=True)
    for fmt in registry.importable():
        one = kinds.add_parser(fmt.name, help=fmt.import_help or fmt.label)
        one.add_argument("file")
        if fmt.read is None:  # a full restore takes no row options
            continue
        if fmt.takes_map:
            from iivboard.io.formats.spreadsheet import FIELDS

            one.add_argument(
                "--map",
                metavar="COLUMN=FIELD,...",
                default="",
                help=f"fields: {', '.join(FIELDS)} (default: the columns named like a field)",
            )
        one.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be added, updated and skipped; change nothing",
        )
        one.add_argument("--encoding", default="utf-8", help="of the file (default utf-8)")

    exp = _command(
        sub, "export", "transfer:cmd_export", help="write everything to a file or standard output"
    )
    formats = exp.add_subparsers(
        dest="format", metavar="FORMAT", parser_class=Parser, required=True
    )
    for fmt in registry.exportable():
        one = formats.add_parser(fmt.name, help=fmt.export_help or fmt.label)
        one.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
        if fmt.by_contact:
            one.add_argument("--id", type=int, help="only this contact's meetings")

    _command(
        sub,
        "backup",
        "transfer:cmd_backup",
        help="copy the database now (default: into the backups folder)",
    ).add_argument("path", nargs="?", metavar="PATH", help="a file or a folder")
    _command(
        sub,
        "restore",
        "transfer:cmd_restore",
        help="replace the database with a backup (the current one is backed up first)",
    ).add_argument("file")


def _recall_commands(sub: Any) -> None:
    brief = _command(
        sub,
        "brief",
        "recall:cmd_brief",
        help="everything about one organization: people, meetings, referrals, what is due",
    )
    brief.add_argument(
        "organization",
        metavar="ORG",
        help="its name, or part of it (case and accents aside) when only one matches",
    )
    brief.add_argument("--markdown", action="store_true", help="as Markdown")
    brief.add_argument(
        "-o", "--output", metavar="FILE", help="write the Markdown to FILE (mode 0600)"
    )

    notify = _command(
        sub,
        "notify",
        "notify:cmd_notify",
        help="what is due today as a desktop notification, and each meeting about to start "
        "(plain text when no notification service is reachable)",
    )
    notify.add_argument(
        "--at",
        metavar="HH:MM",
        help="send the day's digest once a day, from this time on (what a timer runs); "
        "with --install: when the digest comes (default 08:00)",
    )
    when = notify.add_mutually_exclusive_group()
    when.add_argument(
        "--install",
        action="store_true",
        help="run this on a systemd user timer (or print the crontab line without systemd)",
    )
    when.add_argument("--uninstall", action="store_true", help="stop and remove that timer")
    notify.add_argument(
        "--every-minutes",
        type=int,
        metavar="N",
        help="with --install: also run every N minutes, for meetings about to start "
        "(default 5; 0 for the digest only)",
    )


_WHEN_OPTIONS = ("--at", "--meeting", "--until", "--since")


def join_negative_when(argv: list[str]) -> list[str]:
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
