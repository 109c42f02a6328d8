"""Start a real ``streamlit run`` and a headless Chromium, for browser tests and benchmarks.

Follows Streamlit's own end-to-end suite: a free localhost port, the health endpoint polled until
the server answers, and pages judged settled when the app reports ``notRunning``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SETTLED = "[data-testid=stApp][data-test-script-state=notRunning]"
#: How long the first visit to a page that loads TensorFlow may take on a shared, busy machine.
TENSORFLOW_LOAD_MS = 180_000


def bidi_data(component) -> object:
    """The data a browser component (a ``BidiComponent`` message) was sent: JSON, or the bytes
    of one JSON text (``pages.instant`` sends its views that way), decoded; None if none."""
    kind = component.WhichOneof("data")
    if kind == "json":
        return json.loads(component.json)
    if kind == "bytes":
        return json.loads(component.bytes)
    return None


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerURL(str):
    """A server's base URL (used as a plain string) that also carries the server's process id
    and a way to read what it has logged so far."""

    pid: int

    def __new__(cls, url: str, pid: int, log=None) -> ServerURL:
        made = super().__new__(cls, url)
        made.pid = pid
        made._log = log
        return made

    def logged(self) -> str:
        """Everything the server has written to its output so far."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")


@contextlib.contextmanager
def streamlit_app(
    script: Path | str,
    *,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    cwd: Path = REPO,
) -> Iterator[ServerURL]:
    """Run ``streamlit run script`` in ``cwd`` (whose .streamlit/config.toml it reads) on a free
    localhost port; yield its base URL (with ``.pid``).

    ``env`` adds to (or overrides) this process's environment for the server.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    # The server's output goes to a file, not a pipe: a pipe nobody reads fills up and stalls it.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
        url = ServerURL(f"http://127.0.0.1:{port}", process.pid, log)
        try:
            _wait_until_healthy(process, url, log, timeout)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_healthy(process: subprocess.Popen, url: str, log, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")
            raise RuntimeError(f"streamlit exited early:\n{output}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"streamlit did not answer on {url} within {timeout} s")
        time.sleep(0.2)


def wait_settled(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has run the script and the browser has drawn every element."""
    page.wait_for_selector(SETTLED, timeout=timeout)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0",
        timeout=timeout,
    )
    page.wait_for_timeout(100)  # let the last deltas paint
    page.wait_for_selector(SETTLED, timeout=timeout)


def no_exceptions(page) -> None:
    """No traceback anywhere on the page."""
    assert page.locator("[data-testid=stException]").count() == 0, page.content()[:2000]


def main_text(page) -> str:
    """Everything the main area says, as the browser draws it."""
    return page.locator("[data-testid=stMain]").inner_text()


def open_page(page, url: str, path_and_query: str, timeout: float = 60_000) -> None:
    """Open ``url/path_and_query``, wait until it has settled, and check it has no traceback."""
    page.goto(f"{url}/{path_and_query}")
    wait_settled(page, timeout=timeout)
    no_exceptions(page)


def slider_input(page, key: str):
    """The keyboard-focusable range input of the slider with widget ``key``, or of the instant
    slider (``pages.instant``) whose setting is named ``key``, or the input of a browser
    number field named ``key`` (``pages.instant_number``, the kernel lab's divisor)."""
    return page.locator(
        f".st-key-{key} input[type=range], input[type=range][name={key}], "
        f"input[role=spinbutton][name={key}]"
    ).first


#: Counts script runs in ``window.__scriptRuns`` and notes when the last one was seen (started
#: or finished) in ``window.__lastRunAt``; ``window.__finishedRuns`` lists how each run seen
#: finished (`FINISHED_RUN`, `FINISHED_FRAGMENT_RUN`: ForwardMsg.ScriptFinishedStatus).
WATCH_RUNS = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    window.__scriptRuns = 0;
    window.__finishedRuns = [];
    if (window.__runWatcher) window.__runWatcher.disconnect();
    window.__runWatcher = new MutationObserver((records) => {
        window.__scriptRuns += records.length;
        window.__lastRunAt = performance.now();
    });
    window.__runWatcher.observe(app, {
        attributes: true, attributeFilter: ['data-test-script-state'],
    });
    if (window.__finishWatcher) return;
    // A quick run can start and finish within one render, leaving the attribute as it was.
    // So also count the server's "script finished" messages (ForwardMsg field 6) as the page
    // reads them from the websocket: only the top-level protobuf fields are walked.
    window.__finishWatcher = true;
    const finished = (buffer) => {
        const bytes = new Uint8Array(buffer);
        let at = 0;
        const varint = () => {
            let value = 0, shift = 0, byte;
            do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; }
            while (byte & 0x80 && at < bytes.length);
            return value;
        };
        while (at < bytes.length) {
            const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
            if (field === 6) {
                window.__finishedRuns.push(wire === 0 ? varint() : -1);
                return true;
            }
            if (wire === 0) varint();
            else if (wire === 2) { const length = varint(); at += length; }
            else if (wire === 1) at += 8;
            else if (wire === 5) at += 4;
            else return false;
        }
        return false;
    };
    const data = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data');
    Object.defineProperty(MessageEvent.prototype, 'data', {
        configurable: true,
        get() {
            const value = data.get.call(this);
            if (this.target instanceof WebSocket && value instanceof ArrayBuffer
                    && !this.__counted && finished(value)) {
                this.__counted = true;
                window.__scriptRuns += 1;
                window.__lastRunAt = performance.now();
            }
            return value;
        },
    });
}"""

#: How a run finished, as ``window.__finishedRuns`` lists it: the whole page, or a fragment.
FINISHED_RUN, FINISHED_FRAGMENT_RUN = 0, 3


@contextlib.contextmanager
def rerun_expected(page, timeout: float = 60_000, start_within: float = 15_000) -> Iterator[None]:
    """Run the block (a key press, a click, an upload), then wait for the rerun it causes.

    Waiting a fixed time and then for ``notRunning`` races a busy machine: the state may still
    read ``notRunning`` because the rerun has not started yet. So this watches the app's
    script-state attribute, and the server's "script finished" messages for runs too quick to
    change it, and waits until one of them has been seen, then until the page settles.
    An action that causes no rerun at all gives up after ``start_within`` ms and returns.
    """
    page.evaluate(WATCH_RUNS)
    yield
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("() => window.__scriptRuns > 0", timeout=start_within)
    wait_settled(page, timeout=timeout)


def is_browser_slider(handle, key: str) -> bool:
    """Whether the slider input ``handle`` belongs to a browser component (``pages.instant``,
    the kernel lab), which names its inputs after their settings, not a Streamlit slider."""
    return handle.get_attribute("name") == key


def slider_value(page, key: str) -> str:
    """The value a slider shows: an instant slider's input moves over option positions, so its
    value is in ``aria-valuetext``."""
    handle = slider_input(page, key)
    if is_browser_slider(handle, key):
        return handle.get_attribute("aria-valuetext")
    return handle.input_value()


def press_instant_slider(page, name: str, keyname: str, times: int = 1) -> None:
    """Move an instant slider from the keyboard: the browser redraws at once, Python is not
    asked (see :func:`let_go`)."""
    handle = slider_input(page, name)
    handle.focus()
    for _ in range(times):
        handle.press(keyname)


def let_go(page, name: str) -> None:
    """Move the focus off an instant slider, which sends its values to Python; wait for that."""
    with rerun_expected(page):
        slider_input(page, name).blur()


def press_slider(page, key: str, keyname: str, times: int = 1) -> None:
    """Move a slider from the keyboard, as a person would, and wait for the page to settle.

    An instant slider (``pages.instant``) is then let go of, so Python has its value too.
    """
    handle = slider_input(page, key)
    handle.focus()
    if is_browser_slider(handle, key):
        press_instant_slider(page, key, keyname, times)
        let_go(page, key)
        return
    with rerun_expected(page):
        for _ in range(times):
            handle.press(keyname)
