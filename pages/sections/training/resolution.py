"""How small can a picture be? One button trains the face recipe at three input sizes on the
same split; a chart of validation accuracy and weights against size, and what it means."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core import lab, resolution, train
from core.model import FACE_CLASS
from pages.common import times
from pages.drawing import picture_row, plural, shape_text
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.training.live import VALIDATION_COLOUR

LADDER_KEY = "training_ladder"  # the rungs of the last ladder this session trained
WEIGHTS_COLOUR = "#555555"  # the parameter count: neither training nor validation
EXAMPLE_SIDE = 150


@as_slide("resolution")
def draw() -> None:
    """The section: the question, the button, and the answer once it has been trained."""
    section_heading("How small can a picture be?")
    settings = resolution.LADDER_SETTINGS
    sides = resolution.LADDER_SIDES
    sizes = ", ".join(shape_text((side, side)) for side in sides)
    st.markdown(
        f"Every picture here is shrunk to {shape_text((train.INPUT_SIDE,) * 2)} before the "
        "network sees it. Smaller pictures "
        "mean fewer numbers, fewer weights and faster answers, until what tells a face from "
        "anything else no longer fits. (FaceGuesser, a face recogniser described in this app's "
        "sources, shrinks photos to 128 × 128 and warns against going much smaller.) This "
        f"button trains the face network's recipe three times, at {sizes} pixels: the same "
        f"pictures, the same split, {settings.epochs} epochs each. So that a 6 × 6 picture "
        "survives two convolutions and two poolings, every convolution here pads its input "
        'with zeros ("same" padding).'
    )
    data = lab_data(settings.training_fraction, settings.seed)
    picture_row(
        st,
        _example_face(data, sides),
        [f"A validation face at {shape_text((side, side))}" for side in sides],
        side=EXAMPLE_SIDE,
    )
    if st.button("Train at three sizes", key="training_ladder_train", icon=":material/play_arrow:"):
        total = len(sides) * settings.epochs
        bar = st.progress(0.0, text="Starting…")

        def show(side: int, epoch: int) -> None:
            done = sides.index(side) * settings.epochs + epoch
            bar.progress(
                done / total,
                text=f"{shape_text((side, side))}: epoch {epoch} of {settings.epochs}",
            )

        st.session_state[LADDER_KEY] = resolution.resolution_ladder(data, on_epoch=show)
        bar.empty()
    rungs: list[resolution.Rung] | None = st.session_state.get(LADDER_KEY)
    if rungs:
        st.plotly_chart(_chart(rungs), key="training_ladder_chart")
        _read(rungs, len(data.validation))


@st.cache_resource(show_spinner=False)
def lab_data(training_fraction: float, seed: int) -> lab.LabData:
    """The lab's split of the face pictures (read-only arrays, shared by every session)."""
    return lab.split_for_lab(
        train.load_face_dataset(), training_fraction=training_fraction, seed=seed
    )


def _example_face(data: lab.LabData, sides: tuple[int, ...]) -> list[np.ndarray]:
    """The first validation face at every size, as gray pictures."""
    faces = data.validation.images[data.validation.labels == train.CLASSES.index(FACE_CLASS)]
    return [
        np.rint(resolution.shrink(faces[:1], side)[0, ..., 0] * 255).astype(np.uint8)
        for side in sides
    ]


def _chart(rungs: list[resolution.Rung]) -> go.Figure:
    sizes = [shape_text((rung.side, rung.side)) for rung in rungs]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(
            x=sizes,
            y=[rung.validation_accuracy for rung in rungs],
            name="validation accuracy",
            marker_color=VALIDATION_COLOUR,
            text=[f"{rung.validation_accuracy:.0%}" for rung in rungs],
            textposition="auto",
            hovertemplate="%{x}: validation accuracy %{y:.1%}<extra></extra>",
        ),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=sizes,
            y=[rung.parameters for rung in rungs],
            name="weights",
            mode="lines+markers",
            line={"color": WEIGHTS_COLOUR, "width": 2.5},
            hovertemplate="%{x}: %{y:,} weights<extra></extra>",
        ),
        secondary_y=True,
    )
    figure.update_xaxes(title="input size (pixels)")
    figure.update_yaxes(
        title="validation accuracy", range=[0, 1.02], tickformat=".0%", secondary_y=False
    )
    most = max(rung.parameters for rung in rungs)
    # Headroom above the line, so its top marker stays clear of the bars' labels.
    figure.update_yaxes(title="weights", range=[0, 1.25 * most], secondary_y=True)
    figure.update_layout(
        height=360,
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        legend={"orientation": "h", "y": -0.3},
        dragmode=False,
    )
    return figure


def _read(rungs: list[resolution.Rung], validation_pictures: int) -> None:
    """The chart in words, every figure from the rungs."""
    smallest, largest = rungs[0], rungs[-1]
    accuracies = "; ".join(
        f"at {shape_text((rung.side, rung.side))}, **{rung.validation_accuracy:.0%}** with "
        f"{rung.parameters:,} weights"
        for rung in rungs
    )
    # Compared as shown: whole percentages.
    gain = round(largest.validation_accuracy * 100) - round(smallest.validation_accuracy * 100)
    change = (
        f"{plural(gain, 'point')} better"
        if gain > 0
        else f"{plural(-gain, 'point')} worse"
        if gain < 0
        else "no better"
    )
    st.markdown(
        f"Validation accuracy over the last epochs (each class counting equally, as in the "
        f"lab's curves; {validation_pictures} validation pictures): {accuracies}. The "
        f"{shape_text((largest.side, largest.side))} network does {change} than the "
        f"{shape_text((smallest.side, smallest.side))} one, with "
        f"{times(largest.parameters / smallest.parameters)} times the weights."
    )
    st.markdown(
        "Why the network grows: its dense layer has one weight per number coming out of the last "
        "pooling, for each of its units, and a larger picture leaves more numbers. The "
        "convolutions' weights do not depend on the picture's size."
    )
