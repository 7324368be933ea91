"""How long "referred by" takes to complete a name as it is typed, to find the contact a
form names, and to suggest a colleague after a hiring conflict, at 1,000 to 100,000
contacts.

Usage: python bench/completion_bench.py [--sizes 1000,10000,100000] [--runs 15]

Each figure is the median of `runs` calls of the query the form (or the close dialog)
makes on one key press: the first prefix is common (many names start with it), the second
names one person, the third matches nobody (the whole table is read: there is no index
on names, see the note printed at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST = [
    "Ana", "Ben", "Carla", "Dev", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jamal",
    "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tomás",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Élodie", "Aiko", "Bruno", "Chen",
]  # fmt: skip
LAST = ["Okafor", "Silva", "Chen", "Novak", "Rossi", "Kim", "Patel", "Berg", "Sato", "Levi"]


def seed(path: Path, n: int) -> None:
    from iivboard.storage.models import Contact, Organization, database
    from iivboard.storage.store import open_database

    open_database(path)
    rng = random.Random(n)
    now = dt.datetime(2026, 11, 23, 9, 0)
    with database.atomic():
        orgs = [Organization.create(name=f"Org {i}").id for i in range(max(5, n // 50))]
        rows = [
            {
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                "organization": rng.choice(orgs),
                "stage": "identified" if i % 2 else "requested",
                "stage_entered_at": now - dt.timedelta(days=rng.randint(0, 120)),
                "outcome": "declined" if i % 97 == 0 else None,
            }
            for i in range(n)
        ]
        for start in range(0, n, 500):
            Contact.insert_many(rows[start : start + 500]).execute()
    database.close()


def median_ms(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(n: int, runs: int) -> list[float]:
    from iivboard.app import people
    from iivboard.domain.policy import Rules
    from iivboard.storage.models import Contact
    from iivboard.storage.store import Store

    path = Path(tempfile.mkdtemp()) / "bench.db"
    seed(path, n)
    store = Store.open(path)
    store.bind()
    one = Contact.get_by_id(n // 2)
    label = people.contact_label(one.name, one.organization.name)
    rules = Rules(timezone="UTC")
    now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    figures = [
        median_ms(lambda: people.complete_contact("an"), runs),
        median_ms(lambda: people.complete_contact(one.name[:-1].casefold()), runs),
        median_ms(lambda: people.complete_contact("qqq"), runs),
        median_ms(lambda: people.find_contact(label), runs),
        median_ms(lambda: people.decline_advice(97, now, rules), runs),
    ]
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(
        f"{'contacts':>9}  {'complete common':>15}  {'complete one':>12}  "
        f"{'complete none':>13}  {'find label':>10}  {'colleague':>9}"
    )
    for n in (int(size) for size in args.sizes.split(",")):
        cells = "  ".join(
            f"{value:>{width}.2f} ms"
            for value, width in zip(measure(n, args.runs), (12, 9, 10, 7, 6), strict=True)
        )
        print(f"{n:>9}  {cells}")
    print(
        "(no index on contact names: a prefix that matches nobody reads the table; "
        "an index needs a schema version)"
    )


if __name__ == "__main__":
    main()
