"""The `iivboard` command: no arguments opens the board; subcommands script it.

Handlers live in one module per area (contacts, pipeline, review, board, transfer) and
are imported only for the command that runs, so `--help` and `--version` load no use case
and scripting commands never import Textual.
Exit codes: 0 success, 1 an error (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable


def package_version() -> str:
    """The version pyproject.toml gives, as installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("iivboard")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _user_error(exc: BaseException) -> bool:
    """Errors a user can cause, worded for them; anything else is a bug and propagates."""
    from iivboard.domain.errors import IivboardError

    return isinstance(exc, IivboardError)


def _handler(spec: str) -> Callable[..., int]:
    module, _, name = spec.partition(":")
    handler: Callable[..., int] = getattr(importlib.import_module(f"iivboard.cli.{module}"), name)
    return handler


def main(argv: list[str] | None = None) -> int:
    from iivboard.cli.parser import UsageError, build_parser, join_negative_when

    parser = build_parser()
    try:
        args = parser.parse_args(join_negative_when(list(sys.argv[1:] if argv is None else argv)))
        if args.demo and args.command:
            raise UsageError("--demo opens the board; it does not go with a command")
        from iivboard.cli.context import Context
        from iivboard.io.settings import load_settings

        ctx = Context(args, load_settings())
        if args.handler is None:
            return _handler("board:open_board")(ctx)
        ctx.facade  # noqa: B018 - every command opens (creates or upgrades) the database first
        return _handler(args.handler)(ctx)
    except UsageError as exc:
        print(f"iivboard: usage: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `iivboard list | head` closed the pipe: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if not _user_error(exc):
            raise
        from iivboard.present.text import visible

        print(f"iivboard: error: {visible(str(exc))}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
