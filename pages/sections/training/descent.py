"""How the optimizer finds its way down: gradient descent on a shower's temperature (one
weight), and SGD, momentum and Adam in a long, narrow valley (two weights), from
`core.optimizers`."""

from __future__ import annotations

import math
import time

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import colours, lab, lab_settings, optimizers, train
from pages.common import try_this
from pages.presenter import as_slide, next_slide
from pages.sections.training.live import TRAINING_COLOUR, VALIDATION_COLOUR

# The shower demo (one weight) and the valley demo (two weights).
SHOWER_STEP_KEY = "training_shower_at"
SHOWER_RATES = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 19.0, 21.0, 25.0)
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


@as_slide("descent")
def draw() -> None:
    """The section: steps versus epochs, the shower, then the valley."""
    st.header("How the optimizer finds its way down", divider="gray")
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
    st.subheader("Two weights: a long, narrow valley")
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


def _reset_shower() -> None:
    st.session_state[SHOWER_STEP_KEY] = 0


def _step_shower(last: int) -> None:
    st.session_state[SHOWER_STEP_KEY] = min(st.session_state.get(SHOWER_STEP_KEY, 0) + 1, last)


def _shower_figure(path: np.ndarray, at: int) -> go.Figure:
    """Discomfort against temperature, the steps taken so far and the ball where it is now."""
    low, high = SHOWER_RANGE
    temperatures = np.linspace(low, high, 200)
    shown = path[: at + 1]
    inside = shown[(shown >= low) & (shown <= high)]
    figure = go.Figure(
        [
            go.Scatter(
                x=temperatures,
                y=optimizers.SHOWER.loss(temperatures),
                name="discomfort",
                line={"color": "#7F7F7F"},
                hovertemplate="%{x:.1f} °C: discomfort %{y:.1f}<extra></extra>",
            ),
            go.Scatter(
                x=inside,
                y=optimizers.SHOWER.loss(inside),
                name="steps so far",
                mode="lines+markers",
                line={"color": TRAINING_COLOUR, "width": 1},
                marker={"size": 6},
                hovertemplate="%{x:.2f} °C<extra></extra>",
            ),
        ]
    )
    now = float(path[at])
    pinned = min(max(now, low), high)  # off the chart: drawn at its edge, with an arrow
    figure.add_trace(
        go.Scatter(
            x=[pinned],
            y=[min(float(optimizers.SHOWER.loss(now)), SHOWER_TOP)],
            name="the ball",
            mode="markers",
            marker={
                "color": VALIDATION_COLOUR,
                "size": 18,
                "line": {"width": 2},
                "symbol": "circle" if pinned == now else "triangle-up",
            },
            hovertemplate=f"step {at}: {now:.2f} °C<extra></extra>",
        )
    )
    figure.add_annotation(
        x=0.01,
        y=0.98,
        xref="paper",
        yref="paper",
        showarrow=False,
        xanchor="left",
        text=f"step {at}" + ("" if pinned == now else ": the ball is off the chart"),
    )
    figure.update_xaxes(title="water temperature (°C)", range=[low, high])
    figure.update_yaxes(title="discomfort (the loss)", range=[0, SHOWER_TOP])
    figure.update_layout(
        height=330, margin={"l": 10, "r": 10, "t": 10, "b": 10}, dragmode=False, showlegend=False
    )
    return figure


@st.fragment
def _shower_demo() -> None:
    rate_column, momentum_column = st.columns(2)
    rate = rate_column.select_slider(
        "Learning rate (how big each step is)",
        SHOWER_RATES,
        value=2.0,
        format_func=lambda value: f"{value:g}",
        key="training_shower_rate",
        on_change=_reset_shower,
    )
    momentum = momentum_column.slider(
        "Momentum (how much of the last step carries on)",
        0.0,
        0.9,
        0.0,
        step=0.1,
        key="training_shower_momentum",
        on_change=_reset_shower,
    )
    path = optimizers.descend_1d(
        optimizers.SHOWER,
        start=SHOWER_START,
        learning_rate=rate,
        steps=SHOWER_STEPS,
        momentum=momentum,
    )
    last = len(path) - 1
    at = min(st.session_state.get(SHOWER_STEP_KEY, 0), last)
    buttons = st.columns([1, 1, 1, 3])
    buttons[0].button(
        "Step", key="training_shower_step", on_click=_step_shower, args=(last,), width="stretch"
    )
    play = buttons[1].button("Play", key="training_shower_play", width="stretch")
    buttons[2].button("Reset", key="training_shower_reset", on_click=_reset_shower, width="stretch")
    chart, words = st.empty(), st.empty()

    def draw(step: int) -> None:
        chart.plotly_chart(_shower_figure(path, step))
        now = float(path[step])
        where = f"{now:.1f} °C" if abs(now) < 1e4 else f"{now:.1e} °C, far off the chart"
        words.markdown(
            f"Step **{step}** of {last}: the water is at **{where}**, discomfort "
            f"{float(optimizers.SHOWER.loss(now)):,.2f}. The most comfortable temperature is "
            f"{optimizers.SHOWER.best:g} °C."
        )

    if play:
        for step in range(at, last + 1):
            draw(step)
            time.sleep(SHOWER_FRAME_SECONDS)
        at = last
        st.session_state[SHOWER_STEP_KEY] = last
    else:
        draw(at)
    if at == last:
        verdict = optimizers.outcome(optimizers.SHOWER, path)
        message = SHOWER_VERDICTS[verdict].format(steps=last, rate=rate)
        if verdict == "converged":
            st.success(message, icon=":material/check_circle:")
        else:
            st.warning(message, icon=":material/warning:")


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


@st.fragment
def _valley_demo() -> None:
    rate_column, steps_column = st.columns(2)
    rate = rate_column.select_slider(
        "Learning rate",
        VALLEY_RATES,
        value=VALLEY_DEFAULT_RATE,
        format_func=lambda value: f"{value:g}",
        key="training_valley_rate",
    )
    steps = steps_column.slider(
        "Steps", 5, 100, VALLEY_DEFAULT_STEPS, step=5, key="training_valley_steps"
    )
    valley = optimizers.VALLEY
    x_min, x_max, y_min, y_max = valley.extent
    xs, ys = np.linspace(x_min, x_max, 121), np.linspace(y_min, y_max, 61)
    figure = go.Figure(
        go.Contour(
            x=xs,
            y=ys,
            z=valley.loss(*np.meshgrid(xs, ys)),
            colorscale=colours.UNSIGNED_PLOTLY,
            contours={"coloring": "heatmap", "showlines": True},
            showscale=False,
            hovertemplate="weight 1 %{x:.2f}, weight 2 %{y:.2f}<br>loss %{z:.2f}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[valley.best[0]],
            y=[valley.best[1]],
            name="the bottom",
            mode="markers",
            marker={"symbol": "x", "size": 14, "color": "white", "line": {"width": 1}},
            hovertemplate="the bottom: lowest loss<extra></extra>",
        )
    )
    summaries = {}
    for name, colour in zip(optimizers.OPTIMIZERS, VALLEY_COLOURS, strict=True):
        path = optimizers.optimize_2d(
            valley, name, start=VALLEY_START, learning_rate=rate, steps=steps
        )
        summaries[name] = optimizers.summarise_path(valley, path)
        figure.add_trace(
            go.Scatter(
                x=path[:, 0],
                y=path[:, 1],
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={"size": 4},
                hovertemplate=f"{name}<br>(%{{x:.2f}}, %{{y:.2f}})<extra></extra>",
            )
        )
    figure.update_xaxes(title="weight 1", range=[x_min, x_max])
    figure.update_yaxes(title="weight 2", range=[y_min, y_max])
    figure.update_layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        dragmode=False,
    )
    st.plotly_chart(figure, key="training_valley")
    st.markdown(valley_words(rate, steps, summaries))
