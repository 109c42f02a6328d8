"""The live camera's speed in headless Chromium with its fake camera (issue 17).

Run from the repository root:  python -m benchmarks.live_speed

Chromium's fake camera plays the astronaut (a y4m clip at 30 frames a second, 320 × 240, written
by tests/fake_camera.py) into the Live camera page of a real `streamlit run`. Counted over
10 seconds each:
- frames a second the page filters in the browser with the 3 × 3 vertical-edges kernel, and
  with the 11 × 11 box blur (information): target ≥ 24 (the fake camera sends 30, the ceiling);
- answers a second from the face network (a frame sent, its best square drawn): target ≥ 2.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from benchmarks.timing import record_row
from core import images
from tests.fake_camera import camera_frame, write_y4m
from tests.streamlit_server import CHROMIUM_ARGS, REPO, chromium_path, streamlit_app, wait_settled

FPS_TARGET = 24
ANSWERS_TARGET = 2
SECONDS = 10
LIVE = ".live-camera"


def count_rate(page, counter: str) -> float:
    """How fast the page's ``data-<counter>`` count grows, per second, over `SECONDS`."""
    root = page.locator(LIVE)
    before, started = int(root.get_attribute(f"data-{counter}") or 0), time.perf_counter()
    page.wait_for_timeout(SECONDS * 1000)
    after, ended = int(root.get_attribute(f"data-{counter}") or 0), time.perf_counter()
    return (after - before) / (ended - started)


def verdict(label: str, rate: float, target: float | None, unit: str) -> bool:
    passed = target is None or rate >= target
    goal = f"target ≥ {target}  {'PASS' if passed else 'FAIL'}" if target else "(information)"
    print(f"{label:<58} {rate:6.1f} {unit}  {goal}")
    record_row(
        label,
        f"{rate:.1f} {unit}",
        f"≥ {target}" if target else "",
        ("PASS" if passed else "FAIL") if target else "",
    )
    return passed


def main() -> int:
    executable = chromium_path()
    if executable is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        frame, _, _ = camera_frame(images.load_sample("astronaut"), 320, 240)
        video = write_y4m(Path(folder) / "astronaut.y4m", frame)
        arguments = [
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ]
        with sync_playwright() as playwright, streamlit_app(REPO / "app.py") as url:
            browser = playwright.chromium.launch(executable_path=executable, args=arguments)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/live")
            wait_settled(page, timeout=60_000)
            page.wait_for_function(
                "(root) => Number(root.dataset.fps) > 0",
                arg=page.locator(LIVE).element_handle(),
                timeout=30_000,
            )
            ok = verdict(
                "Live kernel view, 3 × 3 vertical edges",
                count_rate(page, "filtered"),
                FPS_TARGET,
                "frames/s",
            )
            page.locator(LIVE).get_by_role("button", name="Big box blur 11×11").click()
            verdict(
                "Live kernel view, 11 × 11 box blur", count_rate(page, "filtered"), None, "frames/s"
            )
            page.locator(LIVE).get_by_role("button", name="Vertical edges").click()
            page.locator(".st-key-live_find_faces label").first.click()
            page.wait_for_function(
                "(root) => Number(root.dataset.answered) > 0",
                arg=page.locator(LIVE).element_handle(),
                timeout=180_000,
            )
            ok &= verdict(
                "Live face answers (network's best square drawn)",
                count_rate(page, "answered"),
                ANSWERS_TARGET,
                "answers/s",
            )
            ok &= verdict(
                "Live kernel view while the face answers run",
                count_rate(page, "filtered"),
                FPS_TARGET,
                "frames/s",
            )
            browser.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
