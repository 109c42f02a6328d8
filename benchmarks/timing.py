"""Timing shared by the benchmarks: wall-clock and CPU time of repeated calls."""

from __future__ import annotations

import time
from collections.abc import Callable


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
