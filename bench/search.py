"""Search at real size: query times, the index size and the upgrade that builds the index.

Usage: python bench/search.py [--contacts 10000] [--notes 30000] [--runs 9]

Seeds bench/board.py's contacts, then `notes` notes in the history (20 to 60 words each)
and a meeting with notes (80 to 200 words) and a reflection for one contact in five, from a
vocabulary of a few hundred everyday words and a long tail of rarer ones, with "zeppelin"
in three notes. Prints the median and the best of `runs` searches (the facade, as the CLI and the screen
call it, 20 hits) for a rare word, a common word, a prefix, a phrase and hostile text, with
the rows each matches; the index's size beside the file's; and the time the schema-4
upgrade takes to build the index of the same data from a schema-3 copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from board import NOW, seed

COMMON = [
    "the",
    "a",
    "to",
    "of",
    "and",
    "in",
    "for",
    "on",
    "with",
    "about",
    "team",
    "role",
    "work",
    "day",
    "week",
    "they",
    "she",
    "he",
    "said",
    "interview",
    "hiring",
    "manager",
    "product",
    "data",
    "engineer",
    "research",
    "design",
    "meeting",
    "call",
    "notes",
    "follow",
    "up",
    "project",
    "time",
    "people",
    "company",
    "market",
    "customer",
    "skills",
    "learn",
    "course",
    "degree",
    "experience",
    "advice",
    "suggested",
    "introduce",
    "recommended",
    "talk",
    "contact",
    "friend",
    "alumni",
    "school",
    "offer",
    "job",
    "opening",
    "remote",
    "office",
    "city",
    "travel",
    "budget",
    "growth",
    "strategy",
    "plan",
    "freeze",
    "spring",
    "summer",
    "autumn",
    "winter",
    "quarter",
    "year",
    "review",
    "feedback",
    "mentor",
    "coffee",
    "analysis",
    "python",
    "sql",
    "dashboards",
    "clinicians",
    "policy",
    "supply",
    "chain",
    "quality",
    "brand",
    "startup",
    "enterprise",
    "sales",
    "marketing",
    "finance",
    "operations",
    "hardware",
    "software",
    "cloud",
]

QUERIES = (
    ("rare word", "zeppelin"),
    ("common word", "team"),
    ("prefix", "hir*"),
    ("phrase", '"hiring freeze"'),
    ("as you type", "clinicians dash"),
    ("hostile", 'NEAR(" *: (team OR ^x) -'),
)


def vocabulary(rng: random.Random) -> list[str]:
    tail = ["".join(rng.choice("abcdefghijklmnoprstuvwy") for _ in range(7)) for _ in range(20000)]
    return COMMON * 40 + tail  # the everyday words far more often than the tail


def sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(low, high))).capitalize() + "."


def add_notes(path: Path, notes: int) -> None:
    from iivboard.storage.models import Contact, Event, Meeting, database
    from iivboard.storage.store import open_database

    open_database(path)
    rng = random.Random(notes)
    words = vocabulary(rng)
    now = NOW.replace(tzinfo=None)
    ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    rare = set(rng.sample(range(notes), 3))
    with database.atomic():
        events = []
        for i in range(notes):
            text = sentence(rng, words, 20, 60)
            if i in rare:
                text += " We talked about the zeppelin museum."
            events.append(
                {
                    "contact": rng.choice(ids),
                    "kind": "note",
                    "at": now - dt.timedelta(hours=rng.randint(1, 5000)),
                    "text": text,
                }
            )
        for start in range(0, len(events), 500):
            Event.insert_many(events[start : start + 500]).execute()
        meetings = [
            {
                "contact": cid,
                "starts_at": now - dt.timedelta(days=rng.randint(1, 300)),
                "notes": sentence(rng, words, 80, 200),
                "reflection": sentence(rng, words, 20, 40),
            }
            for cid in ids[::5]
        ]
        for start in range(0, len(meetings), 500):
            Meeting.insert_many(meetings[start : start + 500]).execute()
    database.close()


def schema_3_copy(path: Path, target: Path) -> None:
    """The same rows as a database from before the search index."""
    shutil.copy(path, target)
    conn = sqlite3.connect(target)
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name LIKE 'search%' AND type IN "
        "('trigger', 'view')"
    ).fetchall():
        conn.execute(f'DROP {kind.upper()} "{name}"')
    for table in ("search_contact", "search_meeting", "search_event"):
        conn.execute(f'DROP TABLE "{table}"')
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def timed_ms(call, runs: int) -> str:
    """Median and best of `runs`: on a busy machine the best says what the query costs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return f"{statistics.median(times):.1f} / {min(times):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--notes", type=int, default=30000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    from iivboard.app.facade import Facade
    from iivboard.domain.search import parse_query
    from iivboard.io.settings import Settings
    from iivboard.storage import search as index
    from iivboard.storage.models import database
    from iivboard.storage.store import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        start = time.perf_counter()
        seed(path, args.contacts)
        add_notes(path, args.notes)
        seeded = time.perf_counter() - start

        old = Path(folder) / "old.db"
        schema_3_copy(path, old)
        build = Path(folder) / "build.db"
        shutil.copy(old, build)
        reported: list[int] = []
        start = time.perf_counter()
        Store.open(old, progress=lambda _w, done, _t: reported.append(done)).close()
        upgrade = time.perf_counter() - start
        conn = sqlite3.connect(build)
        start = time.perf_counter()
        conn.execute("BEGIN")
        built_rows = _build_only(conn)
        conn.commit()
        built = time.perf_counter() - start
        conn.close()

        written = Facade.open(path, Settings(), lambda: NOW)
        upgraded = Facade.open(old, Settings(), lambda: NOW)
        with upgraded.store.bound():
            meetings = database.execute_sql("SELECT count(*) FROM meeting").fetchone()[0]
            size = index.index_size()
        with written.store.bound():
            written_size = index.index_size()
        print(
            f"{args.contacts:,} contacts, {args.notes:,} notes in the history, {meetings:,} "
            f"meetings with notes and a reflection: {built_rows:,} rows indexed "
            f"(seeded in {seeded:.1f} s)"
        )
        print(
            f"index {size / 1e6:.1f} MB as the upgrade builds it ({written_size / 1e6:.1f} MB "
            f"as written row by row) of a {old.stat().st_size / 1e6:.1f} MB file"
        )
        print(
            f"upgrade of a schema-3 copy (safety copy, index built, commit): {upgrade:.2f} s, "
            f"{len(reported)} progress reports; the index build alone: {built:.2f} s\n"
        )
        print(
            f"{'query':<13} {'text':<28} {'rows matching':>13} "
            f"{'ms upgraded':>13} {'ms as written':>15}   (median / best)"
        )
        for label, query in QUERIES:
            as_you_type = label == "as you type"
            terms = parse_query(query, prefix_last=as_you_type)
            with upgraded.store.bound():
                match = index.match_expression(terms)
                matching = (
                    sum(
                        database.execute_sql(
                            f'SELECT count(*) FROM "{table}" WHERE "{table}" MATCH ?', (match,)
                        ).fetchone()[0]
                        for table, _s, _c in index.schema_4.INDEXES
                    )
                    if match
                    else 0
                )
            figures = []
            for facade in (upgraded, written):
                hits = len(facade.search(query, 20, as_you_type=as_you_type))
                figures.append(
                    timed_ms(
                        lambda f=facade, q=query, a=as_you_type: f.search(q, 20, as_you_type=a),
                        args.runs,
                    )
                )
            print(
                f"{label:<13} {query:<28} {matching:>13,} {figures[0]:>13} "
                f"{figures[1]:>15}   ({hits} shown)"
            )
        upgraded.store.close()
        written.store.close()


def _build_only(conn: sqlite3.Connection) -> int:
    """schema_4.create and build on a plain connection: the build without the copy."""
    from iivboard.storage.migrations import schema_4

    class Plain:
        def execute_sql(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
            return conn.execute(sql, params)

        def cursor(self) -> sqlite3.Cursor:
            return conn.cursor()

    plain = Plain()
    schema_4.create(plain)
    return schema_4.build(plain)


if __name__ == "__main__":
    main()
