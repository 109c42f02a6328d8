"""A talk's audience on one server: visitors arrive within a minute and follow the presenter.

Run: ``python -m benchmarks.audience`` (``--visitors 30 --arrival 60 --browsers 2``; ``--url`` to
measure a server that is already running, such as replicas behind nginx, see ``deploy/``).

Most visitors speak Streamlit's own protocol, as the browser does, over the websocket: they ask
for a page (a ``BackMsg`` rerun), read the ``ForwardMsg`` replies until the script has finished,
and let go of the page's slider by sending its new value, as the browser component does. So the
load on the server is a browser's, while the load generator stays small enough not to starve a
2-core server. A few visitors (``--browsers``) are real Chromium pages, which time the first
visual answer to a key press as ``benchmarks.ui_latency`` does. One protocol visitor opens every
page with ``?present=1``, as a presenter would.

A protocol visitor also fetches the app's page and every picture a run draws, as a browser
does (the app's scripts, cached by a browser after its first visit, are not fetched).

Every visitor walks Pixels → Convolution → Pooling → Face or not? and leaves its own values on
each page's slider; at the end it opens Pixels again and must find its own size there (a
different one means state crossed between sessions, a default one that it was lost).

It prints errors, crossed state, page-open and slider-answer medians and 95th percentiles, the
server's peak resident memory, its CPU seconds per visitor, and what one replica holds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import statistics
import time
import urllib.request
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load_test import MemorySampler, _children_from_proc
from benchmarks.timing import record_row
from pages.sections.face.settings import MAX_STRIDE
from pages.sections.pixels.settings import SIZES
from pages.sections.pooling.settings import REPEATS, WINDOW_SIZES
from tests.streamlit_server import REPO, bidi_data, streamlit_app

T = TypeVar("T")

#: Targets on one server (issue 19), for this 2-core machine.
PAGE_OPEN_MEDIAN_S, PAGE_OPEN_P95_S = 3.0, 8.0
SLIDER_MEDIAN_S = 0.5
MEMORY_TARGET_MB = 2000
PAGE_MS = 300_000  # the first visit to the Face page loads TensorFlow while others wait
FINISHED_EARLY_FOR_RERUN = 2  # ScriptFinishedStatus: the run gave way to another
THINK_S = 1.0  # a visitor reads a little before moving on


@dataclass(frozen=True)
class Stop:
    """One page of the walk and the browser component whose letting go a visitor sends."""

    page: str
    component: str


WALK = (
    Stop("pixels", "pixels_size_view"),
    Stop("convolution", "conv_kernel_lab"),
    Stop("pooling", "pooling_view"),
    Stop("face", "face_occlusion_view"),
)


def own_values(number: int) -> dict[str, list]:
    """What visitor ``number`` lets go of on each page: different visitors, different values
    (as far as the sliders allow), none of them the defaults."""
    sizes = [size for size in SIZES if size != 128]
    weights = [0.0] * 9
    weights[number % 9] = round(1 + number % 7 * 0.5, 1)
    return {
        "pixels_size_view": [sizes[number % len(sizes)]],
        "conv_kernel_lab": [*weights, float(1 + number % 4)],  # nine weights, then the divisor
        "pooling_view": [
            WINDOW_SIZES[number % len(WINDOW_SIZES)],
            REPEATS[number // len(WINDOW_SIZES) % len(REPEATS)],
        ],
        "face_occlusion_view": [MAX_STRIDE + number % 10, 1 + number % MAX_STRIDE],
    }


@dataclass
class Visit:
    """What one visitor saw: timings, and anything wrong."""

    number: int
    presenter: bool = False
    page_opens: list[float] = field(default_factory=list)
    slider_answers: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crossed: list[str] = field(default_factory=list)


class Session:
    """One visitor's websocket session, speaking Streamlit's protocol."""

    def __init__(self, server: str, socket, query: str, cookie: str) -> None:
        self.server, self.socket, self.query, self.cookie = server, socket, query, cookie
        self.page_hash = ""
        self.components: dict[str, tuple[str, str, dict]] = {}  # key → id, fragment, data
        self.exceptions: list[str] = []
        self.pictures: list[str] = []  # addresses of the pictures the last run drew
        self.commits = 0

    async def run(self, message: BackMsg, timeout: float = PAGE_MS / 1000) -> float:
        """Send ``message``, read replies until the script has finished, and fetch the
        pictures it drew, as a browser would; its seconds."""
        start = time.perf_counter()
        self.pictures.clear()
        await self.socket.send(message.SerializeToString())
        async with asyncio.timeout(timeout):
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await self.socket.recv())
                kind = reply.WhichOneof("type")
                if kind == "new_session":
                    self.page_hash = reply.new_session.page_script_hash
                elif kind == "page_info_changed":
                    self.query = reply.page_info_changed.query_string
                elif kind == "delta":
                    self._read_delta(reply)
                elif kind == "script_finished" and reply.script_finished != (
                    FINISHED_EARLY_FOR_RERUN
                ):
                    break
        await asyncio.gather(*(asyncio.to_thread(self.fetch, address) for address in self.pictures))
        return time.perf_counter() - start

    def fetch(self, address: str) -> None:
        fetch(self.server, address, self.cookie)

    def _read_delta(self, reply: ForwardMsg) -> None:
        if reply.delta.WhichOneof("type") != "new_element":
            return
        element = reply.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.exceptions.append(element.exception.message[:200])
        elif kind == "imgs":
            self.pictures += [picture.url for picture in element.imgs.imgs if picture.url]
        elif kind == "bidi_component":
            component = element.bidi_component
            key = component.id.rsplit("-", 1)[-1]
            data = bidi_data(component) or {}
            self.components[key] = (component.id, reply.delta.fragment_id, data)

    async def open(self, page: str) -> float:
        """Open ``page`` as a visitor following a link would; its seconds."""
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = page
        self.components.clear()
        return await self.run(message)

    async def let_go(self, key: str, values: list) -> float:
        """Send the values of the component ``key`` as the browser does when a slider is let
        go of (one rerun of the component's fragment); its seconds."""
        widget_id, fragment, _ = self.components[key]
        self.commits += 1
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.fragment_id = fragment
        state = message.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.json_value = json.dumps({"values": {"values": values, "commit": str(self.commits)}})
        return await self.run(message)


def fetch(server: str, address: str, cookie: str = "") -> str:
    """GET ``address`` from the server with the visitor's cookie; the cookie to send from now
    on (a load balancer's affinity cookie, ``deploy/nginx.conf``, once it has set one)."""
    request = urllib.request.Request(f"{server}/{address.lstrip('/')}")
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        set_cookie = response.headers.get_all("Set-Cookie") or []
    return cookie or "; ".join(header.split(";", 1)[0] for header in set_cookie)


async def protocol_visitor(url: str, visit: Visit, start_at: float, think: float) -> None:
    """Walk the pages at the protocol level, then check the first page still holds our value."""
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    mine = own_values(visit.number)
    address = url.replace("http", "ws", 1) + "/_stcore/stream"
    try:
        cookie = await asyncio.to_thread(fetch, url, "/")  # the app's page, as a phone loads it
        headers = {"Cookie": cookie} if cookie else {}
        async with websockets.connect(
            address, max_size=None, open_timeout=60, additional_headers=headers
        ) as socket:
            session = Session(url, socket, "present=1" if visit.presenter else "", cookie)
            for stop in WALK:
                visit.page_opens.append(await session.open(stop.page))
                if stop.component not in session.components:
                    visit.errors.append(f"{stop.page}: no {stop.component} on the page")
                    continue
                await asyncio.sleep(think)
                visit.slider_answers.append(
                    await session.let_go(stop.component, mine[stop.component])
                )
                await asyncio.sleep(think)
            visit.page_opens.append(await session.open(WALK[0].page))
            check_own_state(session, visit, mine)
            visit.errors += session.exceptions
    except (OSError, TimeoutError, websockets.WebSocketException) as error:  # URLError too
        visit.errors.append(f"{type(error).__name__}: {error}"[:200])


def check_own_state(session: Session, visit: Visit, mine: dict[str, list]) -> None:
    """Back on Pixels: the size the page holds and the address carries are this visitor's."""
    key = WALK[0].component
    held = session.components.get(key, ("", "", {}))[2].get("values")
    if held != mine[key]:
        visit.crossed.append(f"Pixels holds {held}, this visitor let go of {mine[key]}")
    if parse_qs(session.query).get("pixels_size") != [str(mine[key][0])]:
        visit.crossed.append(f"the address says {session.query!r}, not size {mine[key][0]}")
    if visit.presenter and "present=1" not in session.query:
        visit.crossed.append("the presenter's address lost present=1")


def browser_visitor(url: str, visit: Visit, start_at: float) -> None:
    """A real Chromium page on the same walk (in a thread of its own): page opens, and the
    first visual answer to a key press on each page's slider, as ``benchmarks.ui_latency``
    times it."""
    from playwright.sync_api import sync_playwright

    from benchmarks.ui_latency import TARGETS, time_presses
    from tests.streamlit_server import CHROMIUM_ARGS, chromium_path, wait_settled

    time.sleep(max(0.0, start_at - time.perf_counter()))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            for stop in WALK:
                opened = time.perf_counter()
                page.goto(f"{url}/{stop.page}")
                wait_settled(page, timeout=PAGE_MS)
                visit.page_opens.append(time.perf_counter() - opened)
                presses = time_presses(page, TARGETS[stop.page], repeats=2)
                visit.slider_answers += [milliseconds / 1000 for milliseconds in presses]
                if page.locator("[data-testid=stException]").count():
                    visit.errors.append(f"{stop.page}: an exception on the page")
        except Exception as error:  # a failed browser visit is a row in the table, not a crash
            first_line = str(error).splitlines()[0] if str(error) else ""
            visit.errors.append(f"browser: {type(error).__name__}: {first_line}"[:200])
        finally:
            browser.close()


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of ``pid`` and its children so far (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for each in [pid, *_children_from_proc(pid)]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


async def audience(
    url: str, visitors: int, arrival: float, browsers: int, think: float
) -> list[Visit]:
    """Everyone's visit: arrivals spread evenly over ``arrival`` seconds, visitor 0 presenting."""
    visits = [Visit(number, presenter=number == 0) for number in range(visitors)]
    begin = time.perf_counter()
    arrivals = [begin + arrival * number / max(1, visitors - 1) for number in range(visitors)]
    # The last to arrive come in real browsers (never the presenter, who arrives first).
    in_browser = set(range(max(1, visitors - browsers), visitors))
    tasks = [
        protocol_visitor(url, visit, arrivals[visit.number], think)
        if visit.number not in in_browser
        else asyncio.to_thread(browser_visitor, url, visit, arrivals[visit.number])
        for visit in visits
    ]
    await asyncio.gather(*tasks)
    return visits


@dataclass(frozen=True)
class Summary:
    """The figures the benchmark prints, from every visit."""

    errors: list[str]
    crossed: list[str]
    open_median: float
    open_p95: float
    slider_median: float
    slider_p95: float
    peak_mb: float
    cpu_per_visitor: float
    wall_seconds: float

    @property
    def meets_targets(self) -> bool:
        return (
            not self.errors
            and not self.crossed
            and self.open_median <= PAGE_OPEN_MEDIAN_S
            and self.open_p95 <= PAGE_OPEN_P95_S
            and self.slider_median <= SLIDER_MEDIAN_S
            and (self.peak_mb != self.peak_mb or self.peak_mb <= MEMORY_TARGET_MB)  # NaN: unknown
        )


def summarise(visits: list[Visit], peak_mb: float, cpu: float, wall: float) -> Summary:
    opens = [seconds for visit in visits for seconds in visit.page_opens]
    answers = [seconds for visit in visits for seconds in visit.slider_answers]
    return Summary(
        errors=[f"visitor {v.number}: {error}" for v in visits for error in v.errors],
        crossed=[f"visitor {v.number}: {problem}" for v in visits for problem in v.crossed],
        open_median=statistics.median(opens) if opens else float("inf"),
        open_p95=percentile(opens, 0.95) if opens else float("inf"),
        slider_median=statistics.median(answers) if answers else float("inf"),
        slider_p95=percentile(answers, 0.95) if answers else float("inf"),
        peak_mb=peak_mb,
        cpu_per_visitor=cpu / max(1, len(visits)),
        wall_seconds=wall,
    )


def in_own_loop(coroutine: Coroutine[object, object, T]) -> T:
    """Run ``coroutine`` to its end in a new event loop on a thread of its own, so a caller
    whose thread already runs a loop (Playwright's synchronous API does) can use it too."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def run(
    url: str,
    visitors: int,
    arrival: float,
    browsers: int,
    pid: int | None,
    think: float = THINK_S,
) -> Summary:
    """The audience against the server at ``url``, each visitor pausing ``think`` seconds
    before and after each slider; memory and CPU measured when ``pid`` (the server's process)
    is known."""
    cpu_before = cpu_seconds(pid) if pid else 0.0
    start = time.perf_counter()
    with MemorySampler(pid) if pid else contextlib.nullcontext() as memory:
        visits = in_own_loop(audience(url, visitors, arrival, browsers, think))
    wall = time.perf_counter() - start
    peak = memory.peak / 1e6 if pid else float("nan")
    cpu = cpu_seconds(pid) - cpu_before if pid else float("nan")
    return summarise(visits, peak, cpu, wall)


def print_summary(summary: Summary, visitors: int, cores: int) -> None:
    def row(figure: str, value: str, target: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{figure:44} {value:>18}  {target:>10}  {verdict}")
        record_row(f"audience: {figure}", value, target, verdict)

    print(f"{'audience of ' + str(visitors):44} {'value':>18}  {'target':>10}")
    row("errors", str(len(summary.errors)), "0", not summary.errors)
    row("crossed or lost state", str(len(summary.crossed)), "0", not summary.crossed)
    row("page open, median", f"{summary.open_median:.2f} s", f"≤ {PAGE_OPEN_MEDIAN_S} s",
        summary.open_median <= PAGE_OPEN_MEDIAN_S)  # fmt: skip
    row("page open, 95th percentile", f"{summary.open_p95:.2f} s", f"≤ {PAGE_OPEN_P95_S} s",
        summary.open_p95 <= PAGE_OPEN_P95_S)  # fmt: skip
    row("slider answer, median", f"{summary.slider_median:.3f} s", f"≤ {SLIDER_MEDIAN_S} s",
        summary.slider_median <= SLIDER_MEDIAN_S)  # fmt: skip
    row("slider answer, 95th percentile", f"{summary.slider_p95:.3f} s")
    if summary.peak_mb == summary.peak_mb:
        row("server memory, peak", f"{summary.peak_mb:,.0f} MB", f"≤ {MEMORY_TARGET_MB:,} MB",
            summary.peak_mb <= MEMORY_TARGET_MB)  # fmt: skip
        row("server CPU per visitor", f"{summary.cpu_per_visitor:.1f} s")
    row("whole audience, wall clock", f"{summary.wall_seconds:.0f} s")
    if summary.meets_targets:
        row("visitors per core at these targets", f"≥ {visitors / cores:.1f}")
    for problem in (summary.errors + summary.crossed)[:10]:
        print("  ", problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=30)
    parser.add_argument("--arrival", type=float, default=60.0, help="seconds over which they come")
    parser.add_argument("--browsers", type=int, default=2, help="visitors in real Chromium")
    parser.add_argument("--url", help="a running server (else one is started here)")
    arguments = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    if arguments.url:
        summary = run(
            arguments.url, arguments.visitors, arguments.arrival, arguments.browsers, None
        )
    else:
        with streamlit_app(REPO / "app.py") as url:
            summary = run(url, arguments.visitors, arguments.arrival, arguments.browsers, url.pid)
    print_summary(summary, arguments.visitors, cores)


if __name__ == "__main__":
    main()
