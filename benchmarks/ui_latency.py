"""Slider → settled repaint in a real Chromium, for the app's pages against a reference app.

Run: ``python -m benchmarks.ui_latency`` (or ``--pages pixels``). In one run it starts this app
and a one-slider reference app that redraws a 512 × 512 picture, presses a slider key on each and
times until Streamlit reports the page settled; it prints medians and the ratio (target ≤ 1.3×)
against the reference timed around each control (the median of its last three timings), as
this machine's speed drifts within a run (the cold first paints below are timed in turn too).
The end of a repaint is the page's last change (DOM mutation or image load) before it stays quiet.
For the instant sliders it also times letting go (Python told, one rerun; target ≤ 2.5×), and
it times the cold first paint of the home page against a hello-world app (target ≤ 1.3×). A
measurement that times out is a FAIL row with the reason, and the run goes on to the end.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from benchmarks.timing import record_row
from tests.streamlit_server import (
    CHROMIUM_ARGS,
    REPO,
    WATCH_RUNS,
    chromium_path,
    is_browser_slider,
    slider_input,
    streamlit_app,
    wait_settled,
)

HERE = Path(__file__).resolve().parent
REPAINT_TARGET = 1.3
LET_GO_TARGET = 2.5
FIRST_PAINT_TARGET = 1.3


@dataclass(frozen=True)
class SliderTarget:
    """A slider on one page whose repaint is timed."""

    url_path: str
    slider_key: str
    #: how the report names it, where its key alone names another target too
    name: str = ""


#: The astronaut's picture key (`pages.common.make_picture`), which names the Face page's
#: settings of the square set by hand, and the choice of that square, as a link writes it.
ASTRONAUT_KEY = "b07500ad778fcb86"
MANUAL_CROP = "My+own+square+%28set+it+with+the+sliders%29"

#: Every timed slider (and browser number field) of each page, its main one first; pages add
#: theirs as they are built.
SLIDERS: dict[str, tuple[SliderTarget, ...]] = {
    "pixels": (
        SliderTarget("pixels", "pixels_size"),
        SliderTarget("pixels", "pixels_zoom_row"),
        SliderTarget("pixels", "pixels_row"),
        SliderTarget("pixels", "colour_row"),
        SliderTarget("pixels", "colour_col"),
        SliderTarget("pixels", "mix_red"),
        SliderTarget("pixels", "mix_green"),
        SliderTarget("pixels", "mix_blue"),
    ),
    "convolution": (
        SliderTarget("convolution", "kernel_w_0_0"),
        SliderTarget("convolution", "conv_divisor"),  # the lab's "Divide every weight by"
        SliderTarget(  # a 5 × 5 kernel's "Divide every weight by": a browser number field
            "convolution?conv_kernel=Gaussian+blur+5%C3%975", "conv_divisor", "conv_divisor 5 × 5"
        ),
        SliderTarget("convolution", "conv_step_row"),  # "One step": the lab shown by default
        SliderTarget("convolution", "conv_step_col"),
        SliderTarget("convolution?conv_section=Padding+and+stride", "conv_stride"),
        SliderTarget("convolution?conv_section=Found+anywhere", "conv_shift"),
    ),
    "pooling": (
        SliderTarget("pooling", "pooling_window"),
        SliderTarget("pooling", "pooling_small_size"),
        SliderTarget("pooling", "pooling_small_stride"),
        SliderTarget("pooling", "pooling_shift"),
        SliderTarget("pooling", "pooling_shift_window"),
        SliderTarget("pooling?pooling_activation=PReLU", "pooling_alpha_prelu"),
        SliderTarget("pooling", "pooling_logit_1"),  # a score: a browser number field
    ),
    "augmentation": (
        SliderTarget("augmentation", "aug_rotation"),
        SliderTarget("augmentation", "aug_face"),
        SliderTarget("augmentation", "aug_face_count"),
    ),
    "face": (
        SliderTarget("face", "face_occlusion_patch"),
        *(  # the square set by hand, named after the astronaut's picture key
            SliderTarget(
                f"face?face_crop_choice_{ASTRONAUT_KEY}={MANUAL_CROP}", f"{name}_{ASTRONAUT_KEY}"
            )
            for name in ("face_crop_x", "face_crop_y", "face_crop_side")
        ),
        *(  # its side again with each other view inside the answer open (they redraw with it)
            SliderTarget(
                f"face?face_crop_choice_{ASTRONAUT_KEY}={MANUAL_CROP}&face_inside={view}",
                f"face_crop_side_{ASTRONAUT_KEY}",
                f"face_crop_side, {view.replace('+', ' ')}",
            )
            for view in ("What+it+is+given", "What+it+sees", "Where+the+faces+are", "Open+the+box")
        ),
    ),
    "training": (
        SliderTarget("training", "training_fraction"),
        SliderTarget("training", "training_shower_rate"),
        SliderTarget("training", "training_shower_momentum"),
        SliderTarget("training", "training_valley_rate"),
        SliderTarget("training", "training_valley_steps"),
        SliderTarget("training", "training_own_epochs"),
        SliderTarget("training", "training_seed"),  # a browser number field
    ),
    "inside": (
        SliderTarget("inside", "inside_cell_row"),
        SliderTarget("inside", "inside_excite_filter"),
        SliderTarget("inside", "inside_wants_step"),
    ),
}
#: Each page's main slider, which the load and audience benchmarks press.
TARGETS: dict[str, SliderTarget] = {name: sliders[0] for name, sliders in SLIDERS.items()}
REFERENCE = SliderTarget("", "reference_slider")


# Records when the page last changed: any DOM mutation, or an image finishing loading. Custom
# components draw inside shadow roots, which a document observer does not see, so every shadow
# root is observed too, including those of components mounted later.
_WATCH_CHANGES = """() => {
    window.__lastChange = performance.now();
    const touch = () => { window.__lastChange = performance.now(); };
    const options = {subtree: true, childList: true, attributes: true, characterData: true};
    const watched = new WeakSet();
    const watchShadowRoots = () => {
        for (const element of document.querySelectorAll("*")) {
            if (element.shadowRoot && !watched.has(element.shadowRoot)) {
                watched.add(element.shadowRoot);
                new MutationObserver(touch).observe(element.shadowRoot, options);
            }
        }
    };
    new MutationObserver(() => { touch(); watchShadowRoots(); }).observe(document.body, options);
    watchShadowRoots();
    document.addEventListener("load", touch, true);
}"""
# Settled: the page changed after the key press (``start``), has been quiet since, and the
# script is not running. Requiring a change first keeps a slow first change from being missed.
_QUIET = """([start, quietMs]) => window.__lastChange > start
    && performance.now() - window.__lastChange > quietMs
    && document.querySelector("[data-testid=stApp]").dataset.testScriptState === "notRunning"
    && Array.from(document.images).every((image) => image.complete)"""
QUIET_MS = 400
# After letting go: the rerun has been seen (a run too quick to flip the script-state attribute
# is counted from the server's "finished" message, tests.streamlit_server.WATCH_RUNS), and the
# page has been quiet since its last change or that message, whichever came later.
_LET_GO_SETTLED = """([start, quietMs]) => {
    const last = Math.max(window.__lastChange, window.__lastRunAt || 0);
    return window.__scriptRuns > 0 && last > start && performance.now() - last > quietMs
        && document.querySelector("[data-testid=stApp]").dataset.testScriptState === "notRunning"
        && Array.from(document.images).every((image) => image.complete);
}"""


def time_repaints(page, url: str, target: SliderTarget, repeats: int) -> list[float]:
    """Open the target's page, then `time_presses` on its slider."""
    page.goto(f"{url}/{target.url_path}")
    wait_settled(page)
    return time_presses(page, target, repeats)


def time_presses(page, target: SliderTarget, repeats: int) -> list[float]:
    """Milliseconds from a key press on the slider of the open page until the page last
    changed, per press.

    The end is the last DOM mutation or image load before the page stayed quiet for
    ``QUIET_MS`` with the script finished, so fast and slow reruns are measured alike.
    """
    page.evaluate(_WATCH_CHANGES)
    handle = slider_input(page, target.slider_key)
    keys = _back_and_forth(handle)
    timings = []
    for index in range(repeats + 1):
        handle.focus()
        page.wait_for_function(_QUIET, arg=[-1, QUIET_MS], polling=50)
        start = page.evaluate("performance.now()")
        handle.press(keys[index % 2])
        page.wait_for_function(_QUIET, arg=[start, QUIET_MS], polling=50, timeout=60_000)
        elapsed = page.evaluate("window.__lastChange") - start
        if index:  # the first press warms caches; do not count it
            timings.append(elapsed)
    return timings


def _back_and_forth(handle) -> tuple[str, str]:
    """The keys that move the slider one step and back: a slider at its highest value (the
    colour mixer's red, 255) steps down first, or its first press would change nothing. A
    browser number field (``pages.instant_number``, the kernel lab's divisor) steps on ↑ and ↓."""
    at_top = handle.evaluate(
        """(input) => Number(input.getAttribute("aria-valuenow") ?? input.value)
            >= Number(input.getAttribute("aria-valuemax") ?? input.max)"""
    )
    if handle.get_attribute("role") == "spinbutton":
        return ("ArrowDown", "ArrowUp") if at_top else ("ArrowUp", "ArrowDown")
    return ("ArrowLeft", "ArrowRight") if at_top else ("ArrowRight", "ArrowLeft")


def time_let_go(page, url: str, target: SliderTarget, repeats: int) -> list[float] | None:
    """For an instant slider (``pages.instant``), which redraws in the browser and tells Python
    only when let go of: milliseconds from moving the focus away until the page settled again
    after that rerun. None for an ordinary Streamlit slider."""
    page.goto(f"{url}/{target.url_path}")
    wait_settled(page)
    handle = slider_input(page, target.slider_key)
    if not is_browser_slider(handle, target.slider_key):
        return None
    page.evaluate(_WATCH_CHANGES)
    page.evaluate(WATCH_RUNS)
    keys = _back_and_forth(handle)
    timings = []
    for index in range(repeats + 1):
        handle.focus()
        handle.press(keys[index % 2])
        page.wait_for_function(_QUIET, arg=[-1, QUIET_MS], polling=50)
        start = page.evaluate("window.__scriptRuns = 0; performance.now()")
        handle.blur()
        page.wait_for_function(_LET_GO_SETTLED, arg=[start, QUIET_MS], polling=50, timeout=60_000)
        if index:
            last = "Math.max(window.__lastChange, window.__lastRunAt)"
            timings.append(page.evaluate(last) - start)
    return timings


def time_first_paint(browser, script: Path, url_path: str = "") -> float:
    """Milliseconds from opening a freshly started server's page until it has settled."""
    with streamlit_app(script) as url:
        context = browser.new_context()
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{url}/{url_path}")
        wait_settled(page)
        elapsed = (time.perf_counter() - start) * 1000
        context.close()
    return elapsed


def measured(label: str, target: str, measure):
    """``measure()``, or None after printing and recording a FAIL row that says why."""
    try:
        return measure()
    except (PlaywrightError, TimeoutError) as error:
        reason = str(error).splitlines()[0][:120]
        print(f"{label:40} {'—':>10} {'—':>7}  FAIL ({reason})")
        record_row(label, f"failed: {reason}", target, "FAIL")
        return None


def report_ratio(label: str, median: float, reference: float, target: float) -> None:
    ratio = median / reference
    verdict = "PASS" if ratio <= target else "FAIL"
    print(f"{label:40} {median:10.0f} {ratio:7.2f}  {verdict}  (reference {reference:.0f} ms)")
    record_row(
        label, f"{median:.0f} ms ({ratio:.2f}× of {reference:.0f} ms)", f"≤ {target}×", verdict
    )


def time_slider(page, url: str, name: str, target: SliderTarget, repeats: int, reference: float):
    """Print and record a key press's repaint on ``target`` and, for an instant slider, its
    letting go, against the reference app's repaint."""
    slider = name if target == TARGETS[name] else f"{name} page, {target.name or target.slider_key}"
    label = f"slider → repaint: {slider}" + (" page" if slider == name else "")
    repaints = measured(
        label, f"≤ {REPAINT_TARGET}×", lambda: time_repaints(page, url, target, repeats)
    )
    if repaints:
        report_ratio(label, statistics.median(repaints), reference, REPAINT_TARGET)
    label = f"let go of the slider → settled: {slider}" + (" page" if slider == name else "")
    let_go = measured(label, f"≤ {LET_GO_TARGET}×", lambda: time_let_go(page, url, target, repeats))
    if let_go:  # an instant slider: the rerun that tells Python, once per letting go
        report_ratio(label, statistics.median(let_go), reference, LET_GO_TARGET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", default=list(TARGETS), choices=list(TARGETS))
    parser.add_argument("--repeats", type=int, default=12)
    parser.add_argument("--cold-runs", type=int, default=3)
    arguments = parser.parse_args()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        print(
            f"{'slider → settled repaint':40} {'median ms':>10} {'ratio':>7}  target ≤ "
            f"{REPAINT_TARGET}× (let go ≤ {LET_GO_TARGET}×), against the reference app (512 × "
            "512 picture) timed around each control"
        )
        references = []
        with (
            streamlit_app(HERE / "reference_app.py") as reference_url,
            streamlit_app(REPO / "app.py") as url,
        ):
            for name in arguments.pages:
                for target in SLIDERS[name]:
                    # timed beside each control: this machine's speed drifts within a run
                    reference = measured(
                        "reference app (512 × 512 picture)",
                        "",
                        lambda: time_repaints(page, reference_url, REFERENCE, arguments.repeats),
                    )
                    if reference:
                        references.append(statistics.median(reference))
                    if references:  # the last three: they follow the drift, not the noise
                        nearby = statistics.median(references[-3:])
                        time_slider(page, url, name, target, arguments.repeats, nearby)
        if references:
            spread = f"{min(references):.0f}–{max(references):.0f} ms"
            print(f"{'reference app over the run':40} {spread:>10}")
            record_row("slider → repaint: reference app (512 × 512 picture)", spread)

        if not arguments.cold_runs:
            browser.close()
            return
        hellos, ours = [], []
        for _ in range(arguments.cold_runs):  # in turn, as the machine's speed drifts
            hellos.append(time_first_paint(browser, HERE / "hello_app.py"))
            ours.append(time_first_paint(browser, REPO / "app.py"))
        hello, ours = statistics.median(hellos), statistics.median(ours)
        heading = f"\n{'cold first paint':40} {'median ms':>10} {'ratio':>7}"
        print(f"{heading}  target ≤ {FIRST_PAINT_TARGET}×")
        print(f"{'hello-world app':40} {hello:10.0f} {'1.00':>7}")
        record_row("cold first paint: hello-world app", f"{hello:.0f} ms")
        report_ratio("cold first paint: home page", ours, hello, FIRST_PAINT_TARGET)
        browser.close()


if __name__ == "__main__":
    main()
