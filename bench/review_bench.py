"""How long the Today list, its week view and the triage take at 100, 1,000 and 10,000
contacts.

Usage: python bench/review_bench.py [--sizes 100,1000,10000] [--runs 7]

Seeds with bench/board.py's contacts, adds a meeting for each scheduled contact and a
request event for each requested one, then prints the median of `runs` calls of
review.today(), review.week() and review.triage(), the lines each returned, and the
SELECTs each ran.
With --screens, also the time (Pilot, key to idle) to open Today and Triage from the
board and to act on one line, at the largest size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from board import NOW, seed


def add_meetings_and_events(path: Path) -> None:
    from iivboard.storage.models import Contact, Event, Meeting, database
    from iivboard.storage.store import open_database

    open_database(path)
    rng = random.Random(7)
    with database.atomic():
        meetings, events = [], []
        for cid, stage, entered in Contact.select(
            Contact.id, Contact.stage, Contact.stage_entered_at
        ).tuples():
            if stage == "scheduled":
                meetings.append(
                    {
                        "contact": cid,
                        "starts_at": NOW.replace(tzinfo=None)
                        + dt.timedelta(hours=rng.randint(-20, 200)),
                        "confirmed": rng.random() < 0.5,
                    }
                )
            if stage == "requested":
                events.append({"contact": cid, "kind": "request", "at": entered})
            events.append({"contact": cid, "kind": "added", "at": entered})
        for start in range(0, len(meetings), 500):
            Meeting.insert_many(meetings[start : start + 500]).execute()
        for start in range(0, len(events), 500):
            Event.insert_many(events[start : start + 500]).execute()
    database.close()


def measure(n: int, runs: int) -> dict:
    from iivboard.app import review
    from iivboard.domain.policy import Rules
    from iivboard.storage.models import database
    from iivboard.storage.store import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        seed(path, n)
        add_meetings_and_events(path)
        open_database(path)
        rules = Rules(timezone="Europe/Paris", holidays=frozenset({dt.date(2026, 12, 25)}))
        figures = {}
        for name, call in (
            ("today", lambda: review.today(NOW, rules)),
            ("week", lambda: review.week(NOW, rules)),
            ("triage", lambda: review.triage(NOW, rules)),
        ):
            statements: list[str] = []
            database.connection().set_trace_callback(statements.append)
            result = call()
            database.connection().set_trace_callback(None)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                call()
                times.append(time.perf_counter() - start)
            lines = (
                len(result.items)
                if name == "today"
                else result.count
                if name == "week"
                else len(result)
            )
            selects = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
            figures[name] = (statistics.median(times), lines, selects)
        database.close()
        return figures


async def measure_screens(n: int) -> dict:
    from iivboard.domain.policy import Rules
    from iivboard.io.settings import Settings
    from iivboard.storage.store import open_database
    from iivboard.tui.app import BoardApp

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        seed(path, n)
        add_meetings_and_events(path)
        open_database(path)
        app = BoardApp(Settings(rules=Rules(timezone="UTC")), clock=lambda: NOW)
        figures = {}
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            for key, action in (("t", "s"), ("T", "f")):
                for name, press in (
                    (f"{key} open", key),
                    (f"{key} cursor", "j"),
                    (f"{key} {action}", action),
                ):
                    start = time.perf_counter()
                    await pilot.press(press)
                    await pilot.pause()
                    figures[name] = time.perf_counter() - start
                await pilot.press("escape")
                await pilot.pause()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--screens", action="store_true")
    args = parser.parse_args()
    print(
        f"{'contacts':>9} {'today':>10} {'lines':>6} {'queries':>8} "
        f"{'week':>10} {'lines':>6} {'queries':>8} "
        f"{'triage':>10} {'rows':>6} {'queries':>8}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        f = measure(n, args.runs)
        print(
            f"{n:>9} {f['today'][0] * 1000:>7.1f} ms {f['today'][1]:>6} {f['today'][2]:>8} "
            f"{f['week'][0] * 1000:>7.1f} ms {f['week'][1]:>6} {f['week'][2]:>8} "
            f"{f['triage'][0] * 1000:>7.1f} ms {f['triage'][1]:>6} {f['triage'][2]:>8}"
        )
    if args.screens:
        import asyncio

        biggest = max(int(s) for s in args.sizes.split(","))
        figures = asyncio.run(measure_screens(biggest))
        print(f"\nscreens at {biggest} contacts (Pilot, key to idle; t = Today, T = Triage):")
        for name, seconds in figures.items():
            print(f"  {name:<10} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
