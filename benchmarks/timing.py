"""Timing shared by the benchmarks: wall-clock and CPU time of repeated calls, and the rows
each benchmark adds to the one summary table (`benchmarks.summary`)."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable

#: Set by `benchmarks.summary`: the file each benchmark appends its summary rows to.
ROWS_FILE_VARIABLE = "BENCHMARK_ROWS"


def timings(run: Callable[[], object], repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each of ``repeats`` calls of ``run``, after a warm-up.

    CPU time beside wall time tells a slow machine (other work running) from slow code.
    """
    run()
    wall, cpu = [], []
    for _ in range(repeats):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - wall_start)
        cpu.append(time.process_time() - cpu_start)
    return wall, cpu


def record_row(figure: str, value: str, target: str = "", verdict: str = "") -> None:
    """Add one row to the summary table, when a benchmark runs under `benchmarks.summary`."""
    path = os.environ.get(ROWS_FILE_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as rows:
            rows.write(json.dumps([figure, value, target, verdict]) + "\n")


def report(label: str, seconds: tuple[list[float], list[float]], target: float | None) -> bool:
    """Print the medians and PASS / FAIL of the wall-clock median against ``target``."""
    wall, cpu = statistics.median(seconds[0]), statistics.median(seconds[1])
    line = f"{label:<58} median {wall * 1e3:7.1f} ms (CPU {cpu * 1e3:7.1f} ms)"
    if target is None:
        print(f"{line}  (information)")
        record_row(label, f"{wall * 1e3:.0f} ms")
        return True
    verdict = "PASS" if wall <= target else "FAIL"
    print(f"{line}  target {target * 1e3:4.0f} ms  ({wall / target:4.0%} of target)  {verdict}")
    record_row(label, f"{wall * 1e3:.0f} ms", f"≤ {target * 1e3:.0f} ms", verdict)
    return wall <= target
