"""Board speed at 100, 1,000 and 10,000 contacts, beside a bare Textual app.

Usage: python bench/board.py [--sizes 100,1000,10000] [--keys 40]

Each figure is measured in a fresh subprocess (so start-up and peak memory are honest):
  start     construction of the app to its first idle screen (run_test ready + idle)
  cursor    median key-to-idle of moving the cursor (Pilot press: waits for idle twice)
  move      median key-to-idle of moving a card one stage and back
  app-side  median time from the key event to the refresh that shows its effect
  peak MB   peak resident memory of the process (ru_maxrss)
The bare app is Header + Static + Footer with one key that updates the Static.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def seed(path: Path, n: int) -> None:
    """N contacts in one transaction; most in Identified so one column holds thousands."""
    from iivboard.domain.calendar import utc
    from iivboard.domain.facts import ContactFacts, MeetingFacts
    from iivboard.domain.policy import Rules
    from iivboard.domain.rules import registry
    from iivboard.domain.stages import STAGES
    from iivboard.storage.models import Contact, Organization, database
    from iivboard.storage.store import open_database

    open_database(path)
    rules = Rules(timezone="UTC")
    rng = random.Random(n)
    now = utc(NOW)
    with database.atomic():
        org_ids = [
            Organization.create(name=f"Org {i}", rank=i if i < 20 else None).id
            for i in range(max(5, n // 50))
        ]
        rows = []
        for i in range(n):
            stage = "identified" if i % 2 == 0 else rng.choice(STAGES[1:])
            entered = now - dt.timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
            facts = ContactFacts(
                stage=stage,
                stage_entered_at=entered,
                request_sent_at=entered if stage == "requested" else None,
                met_at=entered if stage == "met" else None,
                last_interaction_at=entered,
                meeting=MeetingFacts(now + dt.timedelta(days=rng.randint(0, 9)))
                if stage == "scheduled"
                else None,
            )
            due = registry.stored_due(facts, rules)
            rows.append(
                {
                    "name": f"Person {i:05d} {rng.choice(['Okafor', 'Silva', 'Chen', 'Novak'])}",
                    "organization": rng.choice(org_ids),
                    "role": rng.choice(["PM", "Engineer", "Analyst"]),
                    "stage": stage,
                    "stage_entered_at": entered,
                    "request_sent_at": facts.request_sent_at,
                    "met_at": facts.met_at,
                    "last_interaction_at": entered,
                    "due_kind": due.kind if due else None,
                    "due_at": due.at if due else None,
                    "overdue_at": due.overdue_at if due else None,
                    "created_at": entered,
                    "updated_at": entered,
                }
            )
        for start in range(0, len(rows), 500):
            Contact.insert_many(rows[start : start + 500]).execute()
    database.close()


class KeyTimer:
    """Key event to the refresh that shows its effect, measured inside the app."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    def install(self, app) -> None:
        from textual import events

        original = app.on_event

        async def on_event(event):
            if isinstance(event, events.Key):
                start = time.perf_counter()
                app.call_after_refresh(lambda: self.samples.append(time.perf_counter() - start))
            await original(event)

        app.on_event = on_event


async def measure_board(db: Path, keys: int) -> dict:
    from iivboard.domain.policy import Rules
    from iivboard.io.settings import Settings
    from iivboard.storage.store import open_database
    from iivboard.tui.app import BoardApp

    start = time.perf_counter()
    open_database(db)
    app = BoardApp(Settings(rules=Rules(timezone="UTC")), clock=lambda: NOW)
    timer = KeyTimer()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        startup = time.perf_counter() - start
        timer.install(app)
        cursor = []
        for i in range(keys):
            t = time.perf_counter()
            await pilot.press("j" if i % 2 == 0 else "k")
            cursor.append(time.perf_counter() - t)
        cursor_app = list(timer.samples)
        timer.samples.clear()
        await pilot.press("l", "l", "l", "l")  # Thanked: moves there need no form
        moves = []
        for i in range(keys):
            t = time.perf_counter()
            await pilot.press("L" if i % 2 == 0 else "H")
            moves.append(time.perf_counter() - t)
        move_app = list(timer.samples)
    return {
        "start": startup,
        "cursor": statistics.median(cursor),
        "move": statistics.median(moves),
        "cursor_app": statistics.median(cursor_app),
        "move_app": statistics.median(move_app),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


async def measure_bare(keys: int) -> dict:
    from typing import ClassVar

    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        BINDINGS: ClassVar = [("j", "bump", "Bump"), ("k", "bump", "Bump")]
        count = 0

        def compose(self):
            yield Header()
            yield Static("0", id="s")
            yield Footer()

        def action_bump(self):
            self.count += 1
            self.query_one("#s", Static).update(str(self.count))

    start = time.perf_counter()
    app = Bare()
    timer = KeyTimer()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        startup = time.perf_counter() - start
        timer.install(app)
        presses = []
        for _i in range(keys):
            t = time.perf_counter()
            await pilot.press("j")
            presses.append(time.perf_counter() - t)
    key = statistics.median(presses)
    key_app = statistics.median(timer.samples)
    return {
        "start": startup,
        "cursor": key,
        "move": key,
        "cursor_app": key_app,
        "move_app": key_app,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_one(kind: str, n: int, keys: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        if kind == "board":
            seed(db, n)
        env = dict(os.environ, IIVBOARD_CONFIG_DIR=folder, IIVBOARD_DATA_DIR=folder)
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(db), str(keys)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DB", "KEYS"))
    args = parser.parse_args()
    if args.child:
        kind, db, keys = args.child
        coro = measure_board(Path(db), int(keys)) if kind == "board" else measure_bare(int(keys))
        print(json.dumps(asyncio.run(coro)))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    bare = run_one("bare", 0, args.keys)
    results = {n: run_one("board", n, args.keys) for n in sizes}
    ms = lambda s: f"{s * 1000:8.1f} ms"  # noqa: E731
    rows = [
        ("start", "start-up to first idle screen"),
        ("cursor", "cursor key, Pilot"),
        ("move", "card move key, Pilot"),
        ("cursor_app", "cursor key, app side"),
        ("move_app", "card move key, app side"),
        ("peak_mb", "peak memory"),
    ]
    print(f"{'figure':32} {'bare app':>11} " + " ".join(f"{'N=' + str(n):>22}" for n in sizes))
    for key, label in rows:
        fmt = (lambda v: f"{v:8.1f} MB") if key == "peak_mb" else ms
        cells = " ".join(
            f"{fmt(results[n][key])} ({results[n][key] / bare[key]:4.2f}x)" for n in sizes
        )
        print(f"{label:32} {fmt(bare[key]):>11} {cells}")
    biggest, smallest = max(sizes), min(sizes)
    print(
        f"\ngrowth from N={smallest} to N={biggest}: "
        + ", ".join(
            f"{key} {results[biggest][key] / results[smallest][key]:.2f}x" for key, _ in rows
        )
    )
    print(
        "targets at 10,000: start-up <= 1.3x bare; moves <= 1.5x a bare key press; "
        "no figure > 1.2x its value at 100"
    )


if __name__ == "__main__":
    main()
