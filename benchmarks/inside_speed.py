"""Speed of the "Inside the network" page (issue 15).

Run from the repository root:  python -m benchmarks.inside_speed

Targets:
- the whole page, first visit, in ≤ 3 s with the shipped network already loaded (as after the
  Face page, or any earlier visitor: the network is loaded once per server process); the
  top-activating patches are computed then, once per network, and cached;
- one feature visualisation (64 steps of gradient ascent) in ≤ 1 s, for a target the page has
  not grown before.

Also printed, for information: the Face page's first visit before it, which imports TensorFlow
and loads the network for the whole process.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamlit.testing.v1 import AppTest

from benchmarks.timing import report

REPO = Path(__file__).resolve().parents[1]
PAGE_TARGET_SECONDS = 3.0
VISUALISATION_TARGET_SECONDS = 1.0


def visit(page: str) -> float:
    """Seconds for one new session's first run of ``page`` (after the app's own first run)."""
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    app.run()
    app.switch_page(page)
    started = time.perf_counter()
    app.run()
    seconds = time.perf_counter() - started
    if app.exception:
        raise SystemExit(f"{page} raised: {app.exception[0].value}")
    return seconds


def main() -> int:
    face = visit("pages/face.py")
    report("Face page first (imports TensorFlow, loads the network)", ([face], [face]), None)
    first = visit("pages/inside.py")
    ok = report("Inside page, first visit, network loaded", ([first], [first]), PAGE_TARGET_SECONDS)

    from core import model

    network = model.load_face_model()
    model.visualise(network, "conv1", 0)  # build the compiled step, as the page's first visit did
    wall, cpu = [], []
    for channel in range(1, 6):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        model.visualise(network, "conv1", channel)
        wall.append(time.perf_counter() - wall_start)
        cpu.append(time.process_time() - cpu_start)
    ok &= report("One feature visualisation, 64 steps", (wall, cpu), VISUALISATION_TARGET_SECONDS)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
