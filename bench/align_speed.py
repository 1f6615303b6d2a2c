"""How fast `balise align` labels a logbook (the spec asks for 10 000 activities in < 10 s).

    .venv/bin/python bench/align_speed.py [COUNT]

Builds one synthetic internship of COUNT activities (10 000 by default) from the labelled
samples' objectives and logbook lines, varied (dates spread over years, words dropped, numbers
changed, lines of the other sample mixed in), times one full analysis of it, then the same
number of activities as separate internships of 60, and prints activities per second.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from balise.alignment import Aligner, analyse

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "align"


def _vary(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 4 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    if rng.random() < 0.3:
        words.append(
            rng.choice(["(suite)", "+ point tuteur", "v2", "- fin", f"#{rng.randrange(999)}"])
        )
    return " ".join(words)


def synthetic(count: int, seed: int = 2027) -> dict:
    rng = random.Random(seed)
    samples = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DATA.glob("dev_*.json"))
        if not path.name.endswith(".labels.json")
    ]
    base = samples[0]
    lines = [a["text"] for sample in samples for a in sample["activities"]]
    start = date(2024, 1, 1)
    activities = []
    for index in range(count):
        activities.append(
            {
                "id": f"a{index + 1}",
                "date": (start + timedelta(days=index * 1000 // max(count, 1))).isoformat(),
                "hours": rng.choice([1, 1.5, 2, 3, 3.5, 4, 6, 7]),
                "text": _vary(rng.choice(lines), rng),
            }
        )
    return {"program": base["program"], "objectives": base["objectives"], "activities": activities}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = synthetic(count)

    started, cpu = time.perf_counter(), time.process_time()
    report = analyse(data)
    one, one_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"one logbook of {count} activities: {one:.2f} s ({one_cpu:.2f} s CPU), "
        f"{count / one:,.0f} activities/s"
    )
    print(f"  unrelated share {report['summary']['unrelated_share']:.2f}")

    batch = 60
    started, cpu = time.perf_counter(), time.process_time()
    for first in range(0, count, batch):
        chunk = dict(data, activities=data["activities"][first : first + batch])
        analyse(chunk)
    many, many_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{count // batch} logbooks of {batch} activities: {many:.2f} s ({many_cpu:.2f} s CPU), "
        f"{count / many:,.0f} activities/s"
    )

    aligner = Aligner(data["program"]["competencies"], data["objectives"])
    aligner.suggest("warm-up")
    texts = [a["text"] for a in data["activities"][:1000]]
    started = time.perf_counter()
    for text in texts:
        aligner.suggest(text)
    per_call = (time.perf_counter() - started) / len(texts)
    print(f"suggest: {per_call * 1000:.2f} ms per call")


if __name__ == "__main__":
    main()
