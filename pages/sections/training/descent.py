"""How the optimizer finds its way down: gradient descent on a shower's temperature (one
weight), and SGD, momentum and Adam in a long, narrow valley (two weights), from
`core.optimizers`."""

from __future__ import annotations

import functools
import math

import numpy as np
import streamlit as st

from core import colours, lab, lab_settings, optimizers, train
from pages.common import try_this
from pages.headings import section_heading, subheading
from pages.instant import (
    Chart,
    ChartLine,
    ChartMarker,
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    nice_ticks,
)
from pages.presenter import as_slide, next_slide
from pages.sections.training.live import TRAINING_COLOUR, VALIDATION_COLOUR

# The shower demo (one weight) and the valley demo (two weights): instant sliders
# (`pages.instant`), not part of the page's link.
SHOWER_KEY = "training_shower"  # the browser component of its two sliders
SHOWER_STEP_KEY = "training_shower_at"
SHOWER_HELD_KEY = "training_shower_held"  # the setting the step belongs to
SHOWER_RATES = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 19.0, 21.0, 25.0)
SHOWER_MOMENTA = tuple(round(0.1 * tenths, 1) for tenths in range(10))
SHOWER_START = 20.0  # °C: a cold shower
SHOWER_STEPS = 30
SHOWER_RANGE = (0.0, 76.0)  # °C drawn: symmetric around the best temperature
SHOWER_TOP = 75.0  # highest discomfort drawn
SHOWER_FRAME_SECONDS = 0.08
SHOWER_VERDICTS = {
    "converged": "**Converged.** After {steps} steps the ball sits at the most comfortable "
    "temperature: a learning rate of {rate:g} is about right.",
    "crawling": "**Crawling.** After {steps} steps the ball is still on its way. The steps are "
    "too small (or momentum is still carrying it to and fro): training like this needs many "
    "more epochs.",
    "oscillating": "**Oscillating.** The ball keeps jumping from too cold to too hot and back: "
    "each step overshoots. A smaller learning rate would settle.",
    "diverged": "**Diverged.** Every jump lands further from the best temperature than the last "
    "one, and the discomfort grows without end. A learning rate of {rate:g} is too large: in a "
    "network the loss would shoot up and the weights become useless.",
}
VALLEY_RATES = (0.01, 0.03, 0.1, 0.3, 0.45)
# Where all three differences show at once: SGD zig-zags across, momentum runs past the bottom,
# Adam moves at one pace in both directions (the sentence under the chart says what happened).
VALLEY_DEFAULT_RATE, VALLEY_DEFAULT_STEPS = 0.3, 30
VALLEY_START = (-9.0, 2.5)
VALLEY_COLOURS = ("#56B4E9", "#E69F00", "#CC79A7")  # Okabe–Ito sky blue, orange, purple
VALLEY_STEPS = tuple(range(5, 101, 5))
VALLEY_KEY = "training_valley"

SHOWER_SLIDERS = [
    InstantSlider(
        "training_shower_rate",
        "Learning rate (how big each step is)",
        SHOWER_RATES,
        2.0,
        labels=tuple(f"{rate:g}" for rate in SHOWER_RATES),
        linked=False,
    ),
    InstantSlider(
        "training_shower_momentum",
        "Momentum (how much of the last step carries on)",
        SHOWER_MOMENTA,
        0.0,
        labels=tuple(f"{momentum:.2f}" for momentum in SHOWER_MOMENTA),
        linked=False,
    ),
]
VALLEY_SLIDERS = [
    InstantSlider(
        "training_valley_rate",
        "Learning rate",
        VALLEY_RATES,
        VALLEY_DEFAULT_RATE,
        labels=tuple(f"{rate:g}" for rate in VALLEY_RATES),
        linked=False,
    ),
    InstantSlider(
        "training_valley_steps", "Steps", VALLEY_STEPS, VALLEY_DEFAULT_STEPS, linked=False
    ),
]


@as_slide("descent")
def draw() -> None:
    """The section: steps versus epochs, the shower, then the valley."""
    section_heading("How the optimizer finds its way down")
    st.markdown(
        "Every training step asks the same question: *which way is down, and how far should I "
        "go?* Backpropagation answers the first part: it works out, for every weight, which way "
        "to nudge it to lower the loss (the gradient, or slope). The optimizer answers the "
        "second: it takes a step downhill, as long as the learning rate says. Here is the same "
        "idea with one knob you know: the temperature of a shower."
    )
    lab_defaults = lab_settings.LabSettings()
    default_split = lab.split_for_lab(
        train.load_face_dataset(),
        training_fraction=lab_defaults.training_fraction,
        seed=lab_defaults.seed,
    )
    st.markdown(
        "These are not epochs. One step below is one update of the weights, which a network makes "
        f"after every batch. In the lab above, with the default settings, one epoch is "
        f"{math.ceil(len(default_split.train) / lab_defaults.batch_size)} such steps: "
        f"{len(default_split.train)} training pictures in batches of {lab_defaults.batch_size}."
    )

    try_this(
        "press Play at learning rate 2, then at 0.2 (crawling), 19 (oscillating) and 21 "
        "(diverged). Then give the large rates some momentum and see what changes."
    )
    _shower_demo()

    next_slide("descent-valley")
    subheading("Two weights: a long, narrow valley")
    st.markdown(
        "A network has thousands of weights, so its loss is a landscape with thousands of "
        "directions. Two are enough to see why optimizers differ. In this valley the loss is "
        "steep across and almost flat along it. The three optimizers start from the same place."
    )

    _valley_demo()
    st.markdown(
        "**Plain SGD** steps straight downhill, the slope times the learning rate: across the "
        "steep walls a large rate overshoots, so it zig-zags, while along the nearly flat floor "
        "the same rate makes tiny steps, so it crawls. **Momentum** keeps part of each step in "
        "the next, so it gathers speed along the floor, and can run past the bottom and come "
        "back. **Adam** divides each direction's step by how steep that direction has been, so "
        "its steps are about as long as the learning rate in every direction: no zig-zag, but it "
        "needs a smaller rate to settle near the bottom. So the same number means different "
        "things: for SGD a multiplier of the slope, for Adam roughly a step length. No optimizer "
        "wins everywhere; which gets closest depends on the rate and the number of steps. The lab "
        "uses Adam by default because a real network has thousands of directions of very "
        "different steepness, and Adam copes with them without a learning rate for each."
    )
    st.caption(
        "Try this: set the learning rate to 0.45 and 20 steps, then to 0.01 and 100 steps, and "
        "read which optimizer gets closest each time."
    )


def shower_words(path: np.ndarray, step: int) -> str:
    """Where the ball is after ``step`` of the ``path``, in the words under the chart."""
    now = float(path[step])
    where = f"{now:.1f} °C" if abs(now) < 1e4 else f"{now:.1e} °C, far off the chart"
    return (
        f"Step **{step}** of {len(path) - 1}: the water is at **{where}**, discomfort "
        f"{float(optimizers.SHOWER.loss(now)):,.2f}. The most comfortable temperature is "
        f"{optimizers.SHOWER.best:g} °C."
    )


def _shower_chart(path: np.ndarray, at: int) -> Chart:
    """Discomfort against temperature, the steps taken so far and the ball where it is now."""
    low, high = SHOWER_RANGE
    temperatures = np.linspace(low, high, 200)
    shown = path[: at + 1]
    inside = shown[(shown >= low) & (shown <= high)]
    now = float(path[at])
    pinned = min(max(now, low), high)  # off the chart: drawn at its edge, as a triangle
    with np.errstate(over="ignore"):
        height = min(float(optimizers.SHOWER.loss(now)), SHOWER_TOP)
    return Chart(
        width=700,
        height=330,
        x_range=SHOWER_RANGE,
        y_range=(0.0, SHOWER_TOP),
        x_title="water temperature (°C)",
        y_title="discomfort (the loss)",
        lines=(
            ChartLine(temperatures, optimizers.SHOWER.loss(temperatures), "#7F7F7F"),
            ChartLine(inside, optimizers.SHOWER.loss(inside), TRAINING_COLOUR, width=1, markers=6),
        ),
        markers=(
            ChartMarker(
                pinned,
                height,
                VALIDATION_COLOUR,
                18,
                "circle" if pinned == now else "triangle-up",
                outline="#444444",
                outline_width=2,
            ),
        ),
        note=f"step {at}" + ("" if pinned == now else ": the ball is off the chart"),
        caption=f"Discomfort against water temperature, with the ball after step {at}",
    )


def _shower_view(path: np.ndarray, at: int, rate: float) -> View:
    """The chart and words at step ``at``; at the last step, what happened."""
    last = len(path) - 1
    verdict = None
    if at == last:
        happened = optimizers.outcome(optimizers.SHOWER, path)
        verdict = (
            "success" if happened == "converged" else "warning",
            SHOWER_VERDICTS[happened].format(steps=last, rate=rate),
        )
    return View(
        paragraphs=(),
        charts=(_shower_chart(path, at),),
        after=(shower_words(path, at),),
        verdict=verdict,
    )


def _shower_path(rate: float, momentum: float) -> np.ndarray:
    return optimizers.descend_1d(
        optimizers.SHOWER,
        start=SHOWER_START,
        learning_rate=rate,
        steps=SHOWER_STEPS,
        momentum=momentum,
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _shower_views(held: tuple[float, float], at: int, played_from: int | None) -> EncodedViews:
    """Every setting's view at step 0, where a new setting starts; the setting Python holds at
    step ``at``, or (``played_from``) as an animation from that step to ``at``."""
    views = {}
    for rate in SHOWER_RATES:
        for momentum in SHOWER_MOMENTA:
            path = _shower_path(rate, momentum)
            if (rate, momentum) != held:
                views[rate, momentum] = _shower_view(path, 0, rate)
            elif played_from is None:
                views[rate, momentum] = _shower_view(path, at, rate)
            else:
                frames = tuple(
                    _shower_view(path, step, rate) for step in range(played_from, at + 1)
                )
                views[rate, momentum] = View(
                    paragraphs=(),
                    sequence=frames,
                    sequence_ms=round(SHOWER_FRAME_SECONDS * 1000),
                )
    return encode_views(views)


def _shower_values() -> tuple[float, float]:
    """The learning rate and momentum Python holds (a letting go taken); a new setting starts
    the ball again from step 0."""
    values = held_values(SHOWER_KEY, SHOWER_SLIDERS)
    if st.session_state.get(SHOWER_HELD_KEY) != values:
        st.session_state[SHOWER_HELD_KEY] = values
        st.session_state[SHOWER_STEP_KEY] = 0
    return values


def _reset_shower() -> None:
    _shower_values()
    st.session_state[SHOWER_STEP_KEY] = 0


def _step_shower() -> None:
    last = len(_shower_path(*_shower_values())) - 1
    st.session_state[SHOWER_STEP_KEY] = min(st.session_state.get(SHOWER_STEP_KEY, 0) + 1, last)


@st.fragment
def _shower_demo() -> None:
    """The two sliders answer in the browser (every setting's start is sent); Step and Play
    move the ball of the setting Python holds, Play as an animation the browser plays."""
    rate, momentum = _shower_values()
    last = len(_shower_path(rate, momentum)) - 1
    at = min(st.session_state.get(SHOWER_STEP_KEY, 0), last)
    sliders_and_view = st.container()
    buttons = st.columns([1, 1, 1, 3])
    buttons[0].button("Step", key="training_shower_step", on_click=_step_shower, width="stretch")
    play = buttons[1].button("Play", key="training_shower_play", width="stretch")
    buttons[2].button("Reset", key="training_shower_reset", on_click=_reset_shower, width="stretch")
    played_from = None
    if play:
        played_from, at = at, last
        st.session_state[SHOWER_STEP_KEY] = last
    with sliders_and_view:
        instant_sliders(
            SHOWER_KEY, SHOWER_SLIDERS, _shower_views((rate, momentum), at, played_from)
        )


def valley_words(rate: float, steps: int, summaries: dict) -> str:
    """What the three paths did, from their summaries (`core.optimizers.summarise_path`)."""
    distances = {name: summary.distance for name, summary in summaries.items()}
    ranking = sorted(distances, key=distances.get)
    seen = []
    sgd, momentum, adam = (summaries[name] for name in optimizers.OPTIMIZERS)
    if sgd.zigzags >= 3:
        seen.append(f"SGD crossed the valley's floor {sgd.zigzags} times, zig-zagging")
    if momentum.overshot:
        seen.append("SGD with momentum ran past the bottom along the floor")
    across, along = adam.first_step[1], adam.first_step[0]
    seen.append(
        f"Adam's first step moved weight 1 (along the floor) by {along:.2f} and weight 2 (across) "
        f"by {across:.2f}: the learning rate, steep or flat"
    )
    return (
        f"After **{steps} steps** at learning rate {rate:g}, the distance left to the bottom: "
        + ", ".join(f"{name} **{distances[name]:.2f}**" for name in optimizers.OPTIMIZERS)
        + f". Closest: **{ranking[0]}**; farthest: **{ranking[-1]}**. "
        + "; ".join(seen)
        + "."
    )


@functools.cache
def valley_picture() -> np.ndarray:
    """The valley's loss over its extent, in core's unsigned colours (dark purple low, yellow
    high), with darker contour lines: the background of the valley chart, its top row at the
    highest weight 2."""
    valley = optimizers.VALLEY
    x_min, x_max, y_min, y_max = valley.extent
    xs, ys = np.linspace(x_min, x_max, 624), np.linspace(y_max, y_min, 294)
    loss = valley.loss(*np.meshgrid(xs, ys))
    rgb = colours.unsigned_colours(loss)
    levels = np.floor(loss / nice_ticks(0.0, float(loss.max()), 15)[1])
    edge = np.zeros(loss.shape, bool)
    edge[1:, :] |= levels[1:, :] != levels[:-1, :]
    edge[:, 1:] |= levels[:, 1:] != levels[:, :-1]
    rgb[edge] = (rgb[edge] * 0.6).astype(np.uint8)
    return rgb


def _valley_view(rate: float, steps: int) -> View:
    """The three paths over the valley, and the words that say what they did."""
    valley = optimizers.VALLEY
    x_min, x_max, y_min, y_max = valley.extent
    summaries, lines = {}, []
    for name, colour in zip(optimizers.OPTIMIZERS, VALLEY_COLOURS, strict=True):
        path = optimizers.optimize_2d(
            valley, name, start=VALLEY_START, learning_rate=rate, steps=steps
        )
        summaries[name] = optimizers.summarise_path(valley, path)
        lines.append(ChartLine(path[:, 0], path[:, 1], colour, name=name, markers=4))
    chart = Chart(
        width=700,
        height=380,
        x_range=(x_min, x_max),
        y_range=(y_min, y_max),
        x_title="weight 1",
        y_title="weight 2",
        lines=tuple(lines),
        markers=(
            ChartMarker(*valley.best, "white", 14, "x", outline="#444444", name="the bottom"),
        ),
        background=valley_picture(),
        legend=True,
        caption=f"The loss over the two weights ({colours.UNSIGNED_WORDS}), with the paths of "
        f"{', '.join(optimizers.OPTIMIZERS)} from the same start",
    )
    return View(paragraphs=(), charts=(chart,), after=(valley_words(rate, steps, summaries),))


@st.cache_resource(max_entries=1, show_spinner=False)
def _valley_views() -> EncodedViews:
    """Every learning rate and number of steps: the paths are quick to compute and small."""
    return encode_views(
        {
            (rate, steps): _valley_view(rate, steps)
            for rate in VALLEY_RATES
            for steps in VALLEY_STEPS
        }
    )


@st.fragment
def _valley_demo() -> None:
    """Both sliders answer in the browser; letting go reruns only this."""
    instant_sliders(VALLEY_KEY, VALLEY_SLIDERS, _valley_views())
