"""How long a LinkedIn import of N rows takes, and how big its undo entry is.

    python bench/import_linkedin.py [ROWS]     (default 10000)

Writes a Connections.csv like LinkedIn's into a temporary folder, then times: reading the
file, the first import, the same file again (all unchanged), a newer file where every
row changed job (all updated), and undoing that.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

from iivboard.app import imports as importers
from iivboard.app.commands import Commands
from iivboard.storage.models import Change, database
from iivboard.storage.store import open_database

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def write(path: Path, rows: int, position: str) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write('Notes:\r\n"Some email addresses may be missing."\r\n\r\n')
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow(
                [
                    f"First{i}",
                    f"Last{i}",
                    f"https://www.linkedin.com/in/p-{i}",
                    "",
                    f"Company {i % 300}, Inc.",
                    position,
                    "12 Mar 2021",
                ]
            )


def timed(what: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{what:<38} {time.perf_counter() - started:6.2f} s")
    return result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory(prefix="iivboard-bench-") as folder:
        run(rows, Path(folder))


def run(rows: int, folder: Path) -> None:
    first, newer = folder / "Connections.csv", folder / "Connections-newer.csv"
    write(first, rows, "Engineer")
    write(newer, rows, "Manager")
    open_database(folder / "bench.db")
    commands = Commands.build()
    print(f"{rows} LinkedIn rows")
    timed("read and parse the file", lambda: importers.read_file("linkedin", first))
    report = timed(
        "first import (all added)",
        lambda: importers.import_file(commands.imports, "linkedin", first),
    )
    size = len(Change.get_by_id(report.change_id).rows)
    print(f"{'undo journal entry':<38} {size / 1e6:6.1f} MB")
    timed(
        "same file again (all unchanged)",
        lambda: importers.import_file(commands.imports, "linkedin", first),
    )
    timed(
        "dry run of a newer file",
        lambda: importers.import_file(commands.imports, "linkedin", newer, dry_run=True),
    )
    timed(
        "newer file (all updated)",
        lambda: importers.import_file(commands.imports, "linkedin", newer),
    )
    timed("undo the update", commands.history.undo)
    print(f"{'database file':<38} {(folder / 'bench.db').stat().st_size / 1e6:6.1f} MB")
    database.close()


if __name__ == "__main__":
    main()
