"""Time `stats.compute` and `stats.referral_tree` on a large database.

    python bench/stats_bench.py [CONTACTS] [--db PATH]

Seeds CONTACTS contacts (default 10,000) through the commands, each with a history drawn
at random over the past year (requests, follow-ups, replies, meetings, moves back,
closes, reopens, referrals), unless PATH already holds them; then prints timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from iivboard.app import stats
from iivboard.app.commands import Commands
from iivboard.domain.errors import NotDone
from iivboard.domain.policy import Rules
from iivboard.storage.models import Contact, Event, database
from iivboard.storage.store import open_database

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def seed(commands: Commands, count: int, rng: random.Random) -> None:
    """A likely path per contact: most are asked, many reply and meet; some go back."""
    for n in range(count):
        at = NOW - dt.timedelta(days=rng.uniform(1, 365))
        referrer = rng.randint(1, n) if n and rng.random() < 0.2 else None
        cid = commands.contacts.add_contact(
            f"Person {n}", organization=f"Org {rng.randint(1, 300)}", referred_by=referrer, at=at
        ).contact_id

        def later(low: float, high: float) -> dt.datetime | None:
            nonlocal at
            at += dt.timedelta(hours=rng.uniform(low, high))
            return at if at < NOW else None

        def act(chance: float, call, *args, cid=cid, **kwargs) -> bool:
            when = later(2, 24 * 6)
            if when is None or rng.random() >= chance:
                return False
            call(cid, *args, at=when, **kwargs)
            return True

        pipeline = commands.pipeline
        try:
            if not act(0.8, pipeline.log, "request", channel="email"):
                continue
            act(0.3, pipeline.log, "follow_up")
            if not act(
                0.6, pipeline.move, "scheduled", meeting={"starts_at": at + dt.timedelta(days=4)}
            ):
                act(0.5, pipeline.close, rng.choice(["declined", "no_response"]))
                act(0.3, pipeline.reopen)
                continue
            if act(0.05, pipeline.move, "requested"):
                continue
            act(0.8, pipeline.log, "confirm")
            if act(0.85, pipeline.log, "meeting") and act(0.9, pipeline.log, "thank_you"):
                act(0.5, pipeline.log, "touch")
        except NotDone:
            pass
        if n % 1000 == 999:
            print(f"  seeded {n + 1}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("contacts", type=int, nargs="?", default=10_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="iivboard-bench-")) / "bench.db"
    open_database(path)
    rules = Rules(timezone="Europe/Paris", holidays=frozenset({dt.date(2026, 11, 11)}))
    if Contact.select().count() < args.contacts:
        database.execute_sql("PRAGMA synchronous = OFF")  # seeding only: speed over safety
        started = time.perf_counter()
        seed(
            Commands.build(rules, clock=lambda: NOW),
            args.contacts - Contact.select().count(),
            random.Random(8),
        )
        print(f"seeded in {time.perf_counter() - started:.1f} s")
    print(f"{Contact.select().count()} contacts, {Event.select().count()} history lines ({path})")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        figures = stats.compute(NOW, rules)
        timings.append(time.perf_counter() - started)
    print(
        f"stats.compute: best {min(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms "
        f"(funnel {[s.reached for s in figures.funnel]})"
    )
    started = time.perf_counter()
    stats.compute(NOW, rules, since=NOW - dt.timedelta(days=90))
    print(f"stats.compute --since 90 days: {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    stats.referral_tree(1)
    print(f"referral_tree: {(time.perf_counter() - started) * 1000:.0f} ms")
    database.close()  # checkpoint the WAL, so the next opener does not replay it


if __name__ == "__main__":
    main()
