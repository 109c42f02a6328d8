"""Many visitors at once on one real ``streamlit run app.py``: errors, crossed state, memory.

Run: ``python -m benchmarks.load_test`` (``--sessions 8 --trainers 2 --epochs 2``). It starts one
server and one headless Chromium with a browser context per visitor, all driven at the same time
through Playwright's async API. Every visitor picks its own sample picture and its own pixel size,
walks every page moving one slider on each, and checks on every later page that it still sees its
own picture, then that the pixel size it left is still its own. The training visitors set their
own epochs and training fraction and press Train together (while the others walk), then check
that the run they see is theirs. Meanwhile the server's resident memory (its process and any
children) is sampled every 0.2 s. It prints a table: exceptions on any page, crossed or lost
state, the training runs, peak memory against the 1.5 GB target, and the slowest interaction.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import statistics
import sys
import threading
import time
import weakref
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf.message import DecodeError
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.timing import record_row
from benchmarks.ui_latency import TARGETS
from core import images
from pages.journey import HOME, JOURNEY
from tests.streamlit_server import (
    CHROMIUM_ARGS,
    REPO,
    SETTLED,
    chromium_path,
    slider_input,
    streamlit_app,
)

try:
    import psutil
except ImportError:  # not a requirement: fall back to reading /proc
    psutil = None

MEMORY_TARGET_MB = 1500  # 1.5 GB, in MB of 10**6 bytes
SAMPLE_EVERY_S = 0.2
PAGE_LOAD_MS = 300_000  # a first visit imports TensorFlow while the other visitors work
ACTION_MS = 180_000
TRAINING_MS = 900_000
VIEWPORT = {"width": 1400, "height": 1000}

#: The picture every session starts with (pages.common); visitors choose others, so a choice
#: that crossed to another session or was lost shows as a wrong title.
DEFAULT_SAMPLE = "astronaut"
#: Pages that show the picture picker, whose title names the session's picture.
PICKER_PAGES = {"pixels", "convolution", "pooling", "augmentation", "face"}
PIXELS_DEFAULT_SIZE = 128  # the pixels page's size slider starts here ...
PIXELS_SIZE_STEP = 8  # ... and goes by 8 above 32
FRACTION_DEFAULT, FRACTION_STEP = 0.80, 0.05  # the training lab's training-fraction slider


# --------------------------------------------------------------------------------------------
# Who does what
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Training:
    """A run one visitor trains: its own epochs and training fraction, seen again in its label."""

    epochs: int
    fraction_presses: int  # ArrowLeft presses from the default fraction

    @property
    def fraction(self) -> float:
        return round(FRACTION_DEFAULT - FRACTION_STEP * self.fraction_presses, 2)

    @property
    def label_part(self) -> str:
        """How the fraction reads in the run's label (``core.lab.LabSettings.describe``)."""
        return f"{self.fraction:.0%} train"


@dataclass(frozen=True)
class Visitor:
    """One browser session: the picture and pixel size it chooses, and maybe a run it trains."""

    number: int
    sample: str
    pixels_size: int
    training: Training | None = None

    @property
    def title(self) -> str:
        return images.SAMPLES[self.sample].title

    @property
    def route(self) -> list[str]:
        """Pages in visiting order; a trainer goes to the lab right after choosing its picture,
        so its run overlaps the other visitors' walks."""
        pages = [HOME.url_path, *(stop.url_path for stop in JOURNEY)]
        if self.training:
            pages.remove("training")
            pages.insert(pages.index("pixels") + 1, "training")
        return pages


def plan_visitors(sessions: int, trainers: int, epochs: int = 2) -> list[Visitor]:
    """``sessions`` visitors, each with its own sample picture and pixel size; the first
    ``trainers`` of them train ``epochs``, ``epochs + 1``, ... epochs at distinct fractions."""
    if not 0 <= trainers <= sessions:
        raise ValueError(f"trainers must be 0..{sessions}; got {trainers}")
    choices = [name for name in images.SAMPLES if name != DEFAULT_SAMPLE]
    return [
        Visitor(
            number=number,
            sample=choices[number % len(choices)],
            pixels_size=PIXELS_DEFAULT_SIZE - PIXELS_SIZE_STEP * (1 + number),
            training=Training(epochs + number, number + 1) if number < trainers else None,
        )
        for number in range(sessions)
    ]


# --------------------------------------------------------------------------------------------
# What was seen
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interaction:
    visitor: int
    page: str
    action: str
    ms: float


@dataclass
class Visit:
    """What one visitor saw: timings, exception boxes, state problems and driver errors."""

    visitor: Visitor
    interactions: list[Interaction] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    run_label: str | None = None
    training_span: tuple[float, float] | None = None  # perf_counter start and end
    where: str = "start"
    page: str = "start"
    pages_with_exceptions: set[str] = field(default_factory=set)

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.problems.append(f"visitor {self.visitor.number}, {self.where}: {message}")

    @contextlib.asynccontextmanager
    async def timed(self, page: str, action: str) -> AsyncIterator[None]:
        self.where = f"{page}: {action}"
        start = time.perf_counter()
        yield
        ms = (time.perf_counter() - start) * 1000
        self.interactions.append(Interaction(self.visitor.number, page, action, ms))


@dataclass
class LoadReport:
    visits: list[Visit]

    @property
    def exceptions(self) -> list[str]:
        return [text for visit in self.visits for text in visit.exceptions]

    @property
    def problems(self) -> list[str]:
        return [text for visit in self.visits for text in visit.problems]

    @property
    def errors(self) -> list[str]:
        return [text for visit in self.visits for text in visit.errors]

    @property
    def interactions(self) -> list[Interaction]:
        return [step for visit in self.visits for step in visit.interactions]

    @property
    def trainers(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.visitor.training]

    def trainings_overlapped(self) -> bool:
        spans = [visit.training_span for visit in self.trainers]
        if len(spans) < 2 or None in spans:
            return False
        return max(start for start, _ in spans) < min(end for _, end in spans)


# --------------------------------------------------------------------------------------------
# Waiting for the rerun an action causes
# --------------------------------------------------------------------------------------------
# tests.streamlit_server.rerun_expected watches the app's script-state attribute flip. With
# several pages in one busy Chromium the frontend can handle a whole quick run's messages in one
# render, so the attribute never reads "running" and the flip is missed. Here the end of a run is
# read from the websocket instead: the server's `script_finished` message for this session.


class RunCounter:
    """Counts the script runs the server finished for one page, from its websocket frames."""

    def __init__(self, page) -> None:
        self.finished = 0
        self._changed = asyncio.Condition()
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(payload)
        except DecodeError:  # not a Streamlit message
            return
        if (
            message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            self.finished += 1
            asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_beyond(self, count: int, timeout_ms: float) -> None:
        """Wait until more than ``count`` runs have finished."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: self.finished > count), timeout_ms / 1000
            )


_RUNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def watch_runs(page) -> None:
    """Start counting the script runs of ``page`` (call before it opens the app)."""
    _RUNS[page] = RunCounter(page)


async def settled(page, timeout: float = ACTION_MS) -> None:
    """Wait until Streamlit has run the script and the browser has drawn every element
    (the async twin of tests.streamlit_server.wait_settled)."""
    await page.wait_for_selector(SETTLED, timeout=timeout)
    await page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0",
        timeout=timeout,
    )
    await page.wait_for_timeout(100)  # let the last deltas paint
    await page.wait_for_selector(SETTLED, timeout=timeout)


@contextlib.asynccontextmanager
async def rerun_expected(page, timeout: float = ACTION_MS) -> AsyncIterator[None]:
    """Run the block (a key press, a click), then wait for the run it causes to finish on the
    server and for the page to settle."""
    runs = _RUNS[page]
    before = runs.finished
    yield
    await runs.wait_beyond(before, timeout)
    await settled(page, timeout)


async def press_slider(page, key: str, keyname: str, times: int = 1) -> None:
    """Move a slider from the keyboard, as a person would, and wait for the page to settle.

    An instant slider (``pages.instant``) answers in the browser; letting go of it (the focus
    moves away) then tells Python, and that run is waited for.
    """
    handle = slider_input(page, key)
    await handle.focus()
    instant = await handle.get_attribute("name") == key
    async with rerun_expected(page):
        for _ in range(times):
            await handle.press(keyname)
        if instant:
            await handle.blur()


async def main_text(page) -> str:
    return await page.locator("[data-testid=stMain]").inner_text()


async def eventually(page, predicate: str, arg=None, timeout: float = 30_000) -> bool:
    """Whether the JavaScript ``predicate`` comes true within ``timeout`` ms.

    Checks wait for the state they expect, so a repaint still landing is not taken for a
    failure; a state that never comes (another session's picture, say) still fails.
    """
    try:
        await page.wait_for_function(predicate, arg=arg, timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


async def shows_text(page, text: str) -> bool:
    """Whether the main area says ``text``, in Streamlit's elements or in a browser component
    (whose words sit in its shadow root, which ``innerText`` does not reach)."""
    return await eventually(
        page,
        """(text) => {
            const main = document.querySelector('[data-testid=stMain]');
            const shadows = [...main.querySelectorAll('*')].filter((e) => e.shadowRoot);
            return [main.innerText, ...shadows.map((e) => e.shadowRoot.textContent)]
                .some((said) => said.includes(text));
        }""",
        text,
    )


async def shows_picture(page, title: str) -> bool:
    """Whether the picture picker names ``title`` as the picture in use."""
    return await eventually(
        page,
        """(title) => {
            const summary = document.querySelector('[data-testid=stExpander] summary');
            return summary !== null && summary.innerText.includes(`Picture: ${title} ·`);
        }""",
        title,
    )


async def slider_reads(page, key: str, value: str, *, differs: bool = False) -> bool:
    """Whether slider ``key`` reads ``value`` (or, with ``differs``, anything else)."""
    return await eventually(
        page,
        """([key, value, differs]) => {
            // An instant slider's input sits in its component's shadow root; it moves over
            // option positions and states its value in aria-valuetext.
            const instant = [...document.querySelectorAll("*")]
                .map((element) => element.shadowRoot?.querySelector(`input[name="${key}"]`))
                .find(Boolean);
            const input = instant ?? document.querySelector(`.st-key-${key} input[type=range]`);
            const shown = instant ? instant.getAttribute("aria-valuetext") : input?.value;
            return input != null && (shown === value) !== differs;
        }""",
        [key, value, differs],
    )


TITLES = {stop.url_path: stop.title for stop in JOURNEY}


async def go_to(page, url: str, name: str) -> None:
    """Open a page as a visitor does: home by its address, the others from the sidebar.

    Opening an address starts a new Streamlit session, so only the first page is opened that
    way; a click in the navigation keeps the session and everything chosen in it.
    """
    if name == HOME.url_path:
        await page.goto(url, timeout=PAGE_LOAD_MS)
        await settled(page, PAGE_LOAD_MS)
        return
    link = page.locator(f"[data-testid=stSidebarNav] a[href$='/{name}']")
    async with rerun_expected(page, PAGE_LOAD_MS):
        await link.click()
    heading = "(title) => document.querySelector('h1')?.innerText.trim() === title"
    if not await eventually(page, heading, TITLES[name]):
        raise RuntimeError(f"the navigation to {name} did not show its title ({page.url})")


# --------------------------------------------------------------------------------------------
# One visitor's walk
# --------------------------------------------------------------------------------------------


async def check_exceptions(page, visit: Visit, name: str) -> None:
    """Record the exception boxes on the page (once per page visit)."""
    boxes = page.locator("[data-testid=stException]")
    if (count := await boxes.count()) and name not in visit.pages_with_exceptions:
        visit.pages_with_exceptions.add(name)
        first = (await boxes.first.inner_text())[:300].replace("\n", " ")
        visit.exceptions.append(f"visitor {visit.visitor.number}, {name}: {count} × {first}")


async def choose_sample(page, visit: Visit) -> None:
    """Open the picture picker and press this visitor's sample picture."""
    picker = page.locator("[data-testid=stExpander]").first
    sample = page.locator(f".st-key-sample_{visit.visitor.sample} button")
    async with visit.timed("pixels", "open the picture picker"), rerun_expected(page):
        await picker.locator("summary").click()
    await sample.wait_for()
    choose = f"choose sample {visit.visitor.sample}"
    async with visit.timed("pixels", choose), rerun_expected(page):
        await sample.click()
    await sample.wait_for(state="detached")  # choosing a picture closes the picker


async def set_pixel_size(page, visit: Visit) -> None:
    size = visit.visitor.pixels_size
    async with visit.timed("pixels", f"slider pixels_size to {size}"):
        presses = (PIXELS_DEFAULT_SIZE - size) // PIXELS_SIZE_STEP
        await press_slider(page, "pixels_size", "ArrowLeft", presses)
    visit.expect(await slider_reads(page, "pixels_size", str(size)), f"pixels_size is not {size}")
    count = f"{size * size:,} numbers"
    visit.expect(await shows_text(page, count), f"the page does not say {count}")


async def move_target_slider(page, visit: Visit, name: str) -> None:
    """Move the page's benchmark slider one step and check the page answered."""
    key = TARGETS[name].slider_key
    handle = slider_input(page, key)
    before = (
        await handle.get_attribute("aria-valuetext")
        if await handle.get_attribute("name") == key
        else await handle.input_value()
    )
    async with visit.timed(name, f"slider {key}"):
        await press_slider(page, key, "ArrowRight")
    moved = await slider_reads(page, key, before, differs=True)
    visit.expect(moved, f"slider {key} stayed at {before}")


async def train(page, visit: Visit, plan: Training, everyone_ready: asyncio.Barrier) -> None:
    """Set this visitor's epochs and fraction, press Train with the other trainers, wait for
    the run to finish, and check the finished run is this visitor's."""
    async with visit.timed("training", f"slider training_epochs to {plan.epochs}"):
        await press_slider(page, "training_epochs", "Home")
        if plan.epochs > 1:
            await press_slider(page, "training_epochs", "ArrowRight", plan.epochs - 1)
    async with visit.timed("training", f"slider training_fraction to {plan.fraction:.2f}"):
        await press_slider(page, "training_fraction", "ArrowLeft", plan.fraction_presses)
    epochs_set = await slider_reads(page, "training_epochs", str(plan.epochs))
    visit.expect(epochs_set, f"training_epochs is not {plan.epochs}")
    caption = f"{plan.fraction:.0%} to learn from"
    visit.expect(await shows_text(page, caption), f"the page does not say {caption}")

    visit.where = "training: waiting for the other trainers"
    await asyncio.wait_for(everyone_ready.wait(), timeout=PAGE_LOAD_MS / 1000)
    start = time.perf_counter()
    async with visit.timed("training", f"train {plan.epochs} epochs (whole run)"):
        await page.locator(".st-key-training_train button").click()
        # A finished run is added to the comparison list as "Run 1: <its settings>".
        await page.wait_for_function(
            "() => /Run 1: /.test(document.querySelector('[data-testid=stMain]').innerText)",
            timeout=TRAINING_MS,
            polling=500,
        )
        await settled(page)
    visit.training_span = (start, time.perf_counter())

    text = await main_text(page)
    done = f"Epoch {plan.epochs} of {plan.epochs}"
    visit.expect(done in text, f"the progress does not say {done}")
    labels = re.findall(r"Run \d+: [^\n]+", text)  # in the comparison and in the choice below it
    visit.run_label = labels[0] if labels else None
    runs = {label.split(":")[0] for label in labels}
    visit.expect(len(runs) == 1, f"expected one run in the comparison, saw {labels}")
    visit.expect(
        bool(labels) and plan.label_part in labels[0],
        f"the run label {labels} does not carry its own {plan.label_part}",
    )


async def walk(
    browser,
    url: str,
    visitor: Visitor,
    everyone_ready: asyncio.Barrier,
    screenshots: Path | None = None,
) -> Visit:
    """One visitor's whole walk in a browser context of its own; never raises.

    On a failure it records the error and, given a ``screenshots`` folder, a screenshot there.
    """
    visit = Visit(visitor)
    context = await browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(ACTION_MS)
    page = await context.new_page()
    watch_runs(page)
    try:
        for name in visitor.route:
            visit.page = name
            async with visit.timed(name, "open page"):
                await go_to(page, url, name)
            await check_exceptions(page, visit, name)
            if name == "pixels":
                await choose_sample(page, visit)
            if name in PICKER_PAGES:
                own = await shows_picture(page, visitor.title)
                visit.expect(own, f"the picker does not name its own {visitor.title!r}")
            if name == "pixels":
                await set_pixel_size(page, visit)
            elif name == "training" and visitor.training:
                await train(page, visit, visitor.training, everyone_ready)
            elif name in TARGETS:
                await move_target_slider(page, visit, name)
            if name == "training" and not visitor.training:
                visit.expect("Run 1:" not in await main_text(page), "sees a run it never trained")
            await check_exceptions(page, visit, name)

        # Back to the start of the journey: the picture and the pixel size are still its own.
        visit.page = "pixels (again)"
        async with visit.timed("pixels", "open page again"):
            await go_to(page, url, "pixels")
        await check_exceptions(page, visit, "pixels (again)")
        own = await shows_picture(page, visitor.title)
        visit.expect(own, f"back on pixels the picker does not name {visitor.title!r}")
        size = str(visitor.pixels_size)
        visit.expect(await slider_reads(page, "pixels_size", size), f"size is not {size}")
    except Exception as error:  # a timeout or a lost page: record it, let the others go on
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        visit.errors.append(
            f"visitor {visitor.number}, {visit.where}: {type(error).__name__}: {first_line}"
        )
        if visitor.training:
            await everyone_ready.abort()  # do not leave the other trainers waiting
        with contextlib.suppress(Exception):
            await check_exceptions(page, visit, visit.page)
        if screenshots:
            with contextlib.suppress(Exception):
                path = screenshots / f"visitor-{visitor.number}-failed.png"
                await page.screenshot(path=path, full_page=True)
                visit.errors.append(f"visitor {visitor.number}: screenshot {path}")
    finally:
        await context.close()
    return visit


async def _load(url: str, visitors: list[Visitor], screenshots: Path | None) -> LoadReport:
    trainers = sum(1 for visitor in visitors if visitor.training)
    everyone_ready = asyncio.Barrier(max(trainers, 1))
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            visits = await asyncio.gather(
                *(walk(browser, url, visitor, everyone_ready, screenshots) for visitor in visitors)
            )
        finally:
            await browser.close()
    return LoadReport(list(visits))


def run_load(url: str, visitors: list[Visitor], screenshots: Path | None = None) -> LoadReport:
    """Drive every visitor at once against the server at ``url``, in one Chromium.

    The event loop runs in a thread of its own, so this also works where a sync Playwright is
    active in the calling thread (as in a pytest session with the ``browser`` fixture).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _load(url, visitors, screenshots)).result()


# --------------------------------------------------------------------------------------------
# Server memory
# --------------------------------------------------------------------------------------------


def _children_from_proc(pid: int) -> list[int]:
    """Every descendant of ``pid``, from the parent ids in /proc/<pid>/stat."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _vm_rss_bytes(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def resident_bytes(pid: int) -> int:
    """Resident memory of process ``pid`` and all its children, in bytes."""
    if psutil is None:
        return sum(_vm_rss_bytes(each) for each in [pid, *_children_from_proc(pid)])
    total = 0
    with contextlib.suppress(psutil.NoSuchProcess):
        process = psutil.Process(pid)
        for each in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += each.memory_info().rss
    return total


class MemorySampler:
    """Samples a process tree's resident memory every ``every`` seconds in a thread."""

    def __init__(self, pid: int, every: float = SAMPLE_EVERY_S) -> None:
        self.pid, self.every = pid, every
        self.first = self.peak = resident_bytes(pid)
        self.samples = 1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, resident_bytes(self.pid))
            self.samples += 1

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_table(report: LoadReport, memory: MemorySampler, seconds: float) -> bool:
    """Print the results; return True when every check passed."""
    visitors = len(report.visits)
    trainers = report.trainers
    steps = [step for step in report.interactions if "whole run" not in step.action]
    slowest = max(steps, key=lambda step: step.ms, default=None)
    slider_steps = [step for step in steps if step.action.startswith("slider")]
    opens = [step for step in steps if step.action.startswith("open page")]
    peak_mb, first_mb = memory.peak / 1e6, memory.first / 1e6
    own_runs = sum(
        1
        for visit in trainers
        if visit.run_label and visit.visitor.training.label_part in visit.run_label
    )
    rows = [
        ("exceptions on any page", f"{len(report.exceptions)}", "0", not report.exceptions),
        (
            "crossed or lost state",
            f"{len(report.problems)} problems",
            "0",
            not report.problems,
        ),
        ("driver errors (timeouts)", f"{len(report.errors)}", "0", not report.errors),
        (
            "trainers saw their own run",
            f"{own_runs} of {len(trainers)}",
            "all",
            own_runs == len(trainers),
        ),
        (
            "peak server RSS + children",
            f"{peak_mb:,.0f} MB (at start {first_mb:,.0f})",
            f"≤ {MEMORY_TARGET_MB:,} MB",
            peak_mb <= MEMORY_TARGET_MB,
        ),
    ]
    print(
        f"\nLoad test: {visitors} visitors at once on one `streamlit run app.py` "
        f"({len(trainers)} training), {seconds:.0f} s, {memory.samples} memory samples"
    )
    print(f"{'check':30} {'measured':34} {'target':12} verdict")
    for name, measured, target, ok in rows:
        print(f"{name:30} {measured:34} {target:12} {verdict(ok)}")
        record_row(f"{visitors} visitors at once: {name}", measured, target, verdict(ok))
    if slowest:
        where = f"visitor {slowest.visitor}, {slowest.page}: {slowest.action}"
        print(f"{'slowest interaction':30} {slowest.ms:,.0f} ms  ({where})")
        record_row(
            f"{visitors} visitors at once: slowest interaction ({where})", f"{slowest.ms:,.0f} ms"
        )
    for label, group in (("page opens", opens), ("slider moves", slider_steps)):
        if group:
            ms = [step.ms for step in group]
            print(
                f"{label:30} median {statistics.median(ms):,.0f} ms, "
                f"max {max(ms):,.0f} ms ({len(ms)})"
            )
    for visit in trainers:
        runs = [step.ms / 1000 for step in visit.interactions if "whole run" in step.action]
        took = f"{runs[0]:,.1f} s" if runs else "did not finish"
        print(f"{'training, visitor ' + str(visit.visitor.number):30} {took}: {visit.run_label}")
    if len(trainers) > 1:
        print(f"{'training runs overlapped':30} {report.trainings_overlapped()}")
    for line in report.exceptions + report.problems + report.errors:
        print(f"  - {line}")
    return all(ok for *_, ok in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--trainers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=2, help="epochs of the first trainer")
    parser.add_argument("--screenshots", type=Path, help="folder for screenshots of failures")
    arguments = parser.parse_args()
    visitors = plan_visitors(arguments.sessions, arguments.trainers, arguments.epochs)

    start = time.perf_counter()
    with streamlit_app(REPO / "app.py") as url, MemorySampler(url.pid) as memory:
        report = run_load(url, visitors, arguments.screenshots)
    passed = print_table(report, memory, time.perf_counter() - start)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
