"""How long the brief on an organization and `iivboard notify` take as the data grows.

Usage: python bench/brief.py [--sizes 100,1000,10000] [--runs 7]

Seeds with bench/board.py's contacts, gives everyone past Identified a held meeting with
notes, four questions and a reflection, and puts a fifth of all contacts in "Org 1" (the
largest organization a brief could meet). Prints the median of `runs` briefs on Org 1
(the query and the text together), its people, meetings and SELECTs, then the median of
`runs` notify runs (the Today list, the meetings about to start, the memory file; the
sending replaced by a stub).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from board import NOW, seed

QUESTIONS = json.dumps([{"text": f"Question {i}?", "asked": i < 3} for i in range(4)])


def add_meetings(path: Path) -> None:
    from iivboard.storage.models import Contact, Meeting, Organization, database
    from iivboard.storage.store import open_database

    open_database(path)
    now = NOW.replace(tzinfo=None)
    with database.atomic():
        big = Organization.get(Organization.name == "Org 1").id
        ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
        Contact.update(organization=big).where(Contact.id.in_(ids[::5])).execute()
        rows = [
            {
                "contact": cid,
                "starts_at": now - dt.timedelta(days=cid % 90 + 1),
                "ended_at": now - dt.timedelta(days=cid % 90 + 1) + dt.timedelta(minutes=20),
                "questions": QUESTIONS,
                "notes": f"Talked about the team ({cid}).\nHiring freeze until spring.",
                "reflection": "What surprised me? How small the team is.\nNext steps Read up.",
            }
            for cid, stage in Contact.select(Contact.id, Contact.stage).tuples()
            if stage in ("met", "thanked", "in_touch")
        ]
        for start in range(0, len(rows), 500):
            Meeting.insert_many(rows[start : start + 500]).execute()
    database.close()


def median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(n: int, runs: int) -> dict:
    from iivboard.app import brief, reminders
    from iivboard.domain.policy import Rules
    from iivboard.present.brief_text import text_report
    from iivboard.storage.models import database
    from iivboard.storage.store import open_database

    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_STATE_HOME"] = folder  # the notify memory file goes here
        path = Path(folder) / "bench.db"
        seed(path, n)
        add_meetings(path)
        open_database(path)
        rules = Rules(timezone="Europe/Paris")
        statements: list[str] = []
        database.connection().set_trace_callback(statements.append)
        view = brief.organization_brief("Org 1", NOW, rules)
        database.connection().set_trace_callback(None)
        selects = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
        brief_ms = median_ms(
            lambda: text_report(brief.organization_brief("Org 1", NOW, rules), dt.UTC), runs
        )
        notify_ms = median_ms(
            lambda: reminders.notify(NOW, rules, path, send=lambda notices: True), runs
        )
        database.close()
        return {
            "brief": brief_ms,
            "people": len(view.people),
            "meetings": len(view.meetings),
            "selects": selects,
            "notify": notify_ms,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(
        f"{'contacts':>9} {'brief':>10} {'people':>7} {'meetings':>9} {'queries':>8} {'notify':>10}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        f = measure(n, args.runs)
        print(
            f"{n:>9} {f['brief']:>7.1f} ms {f['people']:>7} {f['meetings']:>9} "
            f"{f['selects']:>8} {f['notify']:>7.1f} ms"
        )


if __name__ == "__main__":
    main()
