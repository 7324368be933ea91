"""How long the target list takes to read and to reorder at 100, 1,000 and 10,000 contacts.

Usage: python bench/targets_bench.py [--sizes 100,1000,10000] [--runs 7]

Seeds with bench/board.py's contacts (one organization per 50 contacts, the first 20
ranked), then prints the median of `runs` reads of the Organizations view (what the
screen and `iivboard org list` show), the SELECTs one read runs, and the median of
moving one organization a place up and back (each a committed, journalled transaction).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from board import NOW, seed


def measure(n: int, runs: int) -> dict[str, float]:
    from iivboard.app.facade import Facade
    from iivboard.domain.policy import Rules
    from iivboard.io.settings import Settings
    from iivboard.storage.models import database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        seed(path, n)
        facade = Facade.open(path, Settings(rules=Rules(timezone="UTC")), lambda: NOW)
        with facade.store.bound():
            statements: list[str] = []
            database.connection().set_trace_callback(statements.append)
            views = facade.organizations()
            database.connection().set_trace_callback(None)
        reads = []
        for _ in range(runs):
            start = time.perf_counter()
            facade.organizations()
            reads.append(time.perf_counter() - start)
        ranked = [v for v in views if v.rank is not None]
        name = ranked[len(ranked) // 2].name
        moves = []
        for i in range(runs):
            start = time.perf_counter()
            facade.move_rank(name, -1 if i % 2 == 0 else 1)
            moves.append(time.perf_counter() - start)
        facade.store.close()
    selects = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
    return {
        "organizations": len(views),
        "read_ms": statistics.median(reads) * 1000,
        "selects": selects,
        "move_ms": statistics.median(moves) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print("contacts  organizations  read (median)  SELECTs  move one place (median)")
    for n in (int(s) for s in args.sizes.split(",")):
        f = measure(n, args.runs)
        print(
            f"{n:>8}  {f['organizations']:>13}  {f['read_ms']:>10.1f} ms  {f['selects']:>7}"
            f"  {f['move_ms']:>10.1f} ms"
        )


if __name__ == "__main__":
    main()
