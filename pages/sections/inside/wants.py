"""The picture it wants to see (feature visualisation): the 25 × 25 input that raises a filter or
the face score most, grown step by step by gradient ascent."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import inside, model
from core.model import FaceModel, Visualisation
from pages.common import percent
from pages.drawing import HIGHLIGHT
from pages.headings import section_heading
from pages.instant import (
    Chart,
    ChartLine,
    ChartMarker,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    steps_around,
    wanted_slider,
)
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH
from pages.sections.inside.controls import choice, numbered
from pages.sections.inside.settings import FACE_TARGET, TARGETS, InsideSettings

PICTURE_SIDE = 250  # display side of the grown picture


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _grown(network: FaceModel, target: str, channel: int | None) -> Visualisation:
    """The picture grown for ``target`` (and filter ``channel``), step by step. Only read: a
    reach for the step slider reads it once per step, which st.cache_data would copy each time."""
    layer = model.LOGITS_LAYER if target == FACE_TARGET else target
    return model.visualise(network, layer, channel)


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=NETWORK_HASH)
def _face_probabilities(network: FaceModel) -> np.ndarray:
    """P(face) of the picture after every step of the face score's growing, in one batch."""
    frames = np.asarray(_grown(network, FACE_TARGET, None).frames)[..., np.newaxis]
    return model.predict(network, frames)[:, network.face_index]


@as_slide("wants")
def draw(network: FaceModel) -> None:
    """The section: target, the picture at a chosen step, and the target's value by step."""
    section_heading("The picture it wants to see")
    st.markdown(
        "Turn the question around: instead of asking what the network says of a picture, ask "
        "which picture makes one of its numbers as large as possible. Start from gray with a "
        f"little noise and take {inside.VISUALISATION_STEPS} small steps, each moving every "
        "pixel the way that raises the number (gradient ascent on the picture, as training "
        "does on the weights). One rule keeps it honest: before each step the picture is "
        f"shifted by up to {inside.VISUALISATION_JITTER} pixel at random (**jitter**), so it "
        "cannot rely on single-pixel tricks; values stay between 0 and 1 (Olah, Mordvintsev "
        "and Schubert, 2017)."
    )
    _wanted(network)


VIEW_KEY = "inside_wants_view"
STEP_SLIDER = InstantSlider(
    InsideSettings.key("wants_step"),
    "Step",
    tuple(range(inside.VISUALISATION_STEPS + 1)),
    InsideSettings.default("wants_step"),
    help="Slide back to watch the picture form.",
)


@st.fragment
def _wanted(network: FaceModel) -> None:
    """The target, and the filter and step sliders answered in the browser (`pages.instant`,
    lazy views: reaching for the filter slider grows every filter's picture, a second or two
    the first time), each view with the chart of the target's value by step, the step marked."""
    target = choice(st, "Make as large as possible", "wants_target", TARGETS)
    sliders = [STEP_SLIDER]
    if target != FACE_TARGET:
        count = int(network.model.get_layer(target).output.shape[-1])
        sliders.insert(0, numbered("wants_filter", f"Filter of {target}", count))
    held = held_values(VIEW_KEY, sliders)
    views = {held: _view(network, target, held)}
    wanted = wanted_slider(VIEW_KEY, sliders)
    if wanted is not None:
        for values in steps_around(held, sliders, wanted):
            views[values] = _view(network, target, values)
    instant_sliders(
        VIEW_KEY, sliders, encode_views(views), beside=True, lazy=f"{network.fingerprint}-{target}"
    )


def _what(channel: int | None) -> str:
    return "the score for “face”" if channel is None else f"the mean of filter {channel + 1}'s map"


def _view(network: FaceModel, target: str, values: tuple[int, ...]) -> View:
    """The picture grown for ``target`` (and filter) after the chosen step, in words too."""
    channel, step = (None, values[0]) if target == FACE_TARGET else (values[0] - 1, values[1])
    grown = _grown(network, target, channel)
    steps = len(grown.frames) - 1
    what = _what(channel)
    words = (
        f"From the start to step {steps}, {what} rose from {grown.values[0]:.2f} to "
        f"{grown.values[-1]:.2f}."
        if grown.values[-1] > grown.values[0]
        else f"In {steps} steps {what} did not rise ({grown.values[0]:.2f} at the start, "
        f"{grown.values[-1]:.2f} at the end): from this start nothing raises it."
    )
    if channel is None:
        face = _face_probabilities(network)[step]
        words += f" The network gives this picture P(face) = {percent(face)}."
    return View(
        paragraphs=(),
        # at the network's own size: the browser enlarges it with square pixels
        pictures=(np.rint(grown.frames[step] * 255).astype(np.uint8),),
        captions=(f"After {step} of {steps} steps: {what} is {grown.values[step]:.2f}",),
        widths=(PICTURE_SIDE,),
        charts=(_values_chart(grown.values, step, what),),
        after=(
            words + " Do not expect a portrait: a network of this size, trained on a few "
            "hundred pictures, was never pushed to make such pictures look like anything. They "
            "show which pixels push the number up, lighter or darker, not what a face looks "
            "like.",
        ),
    )


def _values_chart(values: np.ndarray, step: int, what: str) -> Chart:
    """The target's value after each step, the chosen step marked in the highlight colour (the
    curve is the same in every view of a filter, so it is sent once)."""
    low, high = float(np.min(values)), float(np.max(values))
    margin = max((high - low) * 0.08, 1e-3)
    y_range = (low - margin, high + margin)
    steps = np.arange(len(values), dtype=np.float64)
    return Chart(
        width=560,
        height=240,
        x_range=(-1.0, float(len(values))),  # room for the marker at either end
        y_range=y_range,
        x_title="step",
        y_title=what.removeprefix("the "),
        lines=(
            ChartLine(tuple(steps), tuple(float(value) for value in values), "#495057"),
            ChartLine((step, step), y_range, HIGHLIGHT, width=1),
        ),
        markers=(ChartMarker(step, float(values[step]), HIGHLIGHT, 9),),
        caption=f"{what.capitalize()} after each of {len(values) - 1} steps; step {step} is "
        f"marked: {float(values[step]):.2f}",
    )
