"""How fast the law engine checks agreement drafts (the web form runs it on every change).

    .venv/bin/python bench/check_speed.py [COUNT]

Prints drafts per second and the median and 99th-percentile time of one check.
"""

import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from balise.law import check

SAMPLE = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "check" / "valid_full_time.json"
)


def drafts(count: int, seed: int = 2026):
    base = json.loads(SAMPLE.read_text())["input"]
    rng = random.Random(seed)
    for _ in range(count):
        draft = dict(base)
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 900))
        draft["start_date"] = start.isoformat()
        draft["end_date"] = (start + timedelta(days=rng.randrange(20, 200))).isoformat()
        draft["weekly_hours"] = rng.choice([20, 28, 35, 39])
        draft["gratification"] = rng.choice([None, {"hourly_rate": 4.35}, {"hourly_rate": 4.5}])
        yield draft


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    durations = []
    started = time.perf_counter()
    for draft in drafts(count):
        before = time.perf_counter()
        check(draft)
        durations.append(time.perf_counter() - before)
    total = time.perf_counter() - started
    durations.sort()
    print(f"drafts checked: {count}")
    print(f"throughput: {count / total:,.0f} drafts/s")
    print(f"median: {statistics.median(durations) * 1000:.3f} ms")
    print(f"p99: {durations[int(len(durations) * 0.99) - 1] * 1000:.3f} ms")


if __name__ == "__main__":
    main()
