"""Every benchmark that has a target, in one table: the one the README shows.

Run from the repository root:  python -m benchmarks.summary

Each benchmark runs in its own fresh Python (TensorFlow and Streamlit servers start cold, as on
a new host) and adds its rows through `benchmarks.timing.record_row`; their own detailed output
goes to the terminal as it runs. The table is printed last, in Markdown, with the machine it
ran on, ready to paste into the README.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.timing import ROWS_FILE_VARIABLE

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = (
    "ui_latency",
    "face_speed",
    "inside_speed",
    "epoch_speed",
    "own_classes_speed",
    "live_speed",
    "augment_speed",
    "load_test",
)


def machine() -> str:
    """One line: CPUs, memory, Python and the load when the run began."""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {total_kb / 2**20:.1f} GB RAM"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs{memory}, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start, "
        f"{datetime.date.today().isoformat()}"
    )


def main() -> int:
    where = machine()
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        rows_file = Path(folder) / "rows.jsonl"
        environment = {**os.environ, ROWS_FILE_VARIABLE: str(rows_file)}
        for name in BENCHMARKS:
            print(f"\n=== python -m benchmarks.{name}", flush=True)
            finished = subprocess.run(
                [sys.executable, "-m", f"benchmarks.{name}"], cwd=REPO, env=environment
            )
            if finished.returncode not in (0, 1):  # 1: ran, and some figure missed its target
                failed.append(name)
        rows = (
            [json.loads(line) for line in rows_file.read_text().splitlines()]
            if rows_file.exists()
            else []
        )
    print(f"\nMachine: {where}\n")
    print("| figure | measured | target | verdict |")
    print("|---|---|---|---|")
    for figure, value, target, verdict in rows:
        print(f"| {figure} | {value} | {target} | {verdict} |")
    if failed:
        print(f"\nThese benchmarks did not finish: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
