"""Pooling a real feature map: the chosen kernel on the picture, ReLU, then pooling again and
again, answered in the browser as the two sliders move (`pages.instant`)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import activations, colours, pooling
from pages.common import KERNEL_KEY, ChosenKernel, Picture
from pages.drawing import picture_row, plural, shape_text
from pages.headings import section_heading
from pages.instant import EncodedViews, InstantSlider, View, encode_views, instant_sliders
from pages.presenter import as_slide
from pages.sections.pooling.feature import (
    DISPLAY_SIDE,
    FEATURE_SIDE,
    feature_map,
    working_picture,
)
from pages.sections.pooling.settings import REPEATS, WINDOW_SIZES, PoolingSettings

CONVOLUTION_PATH = "pages/convolution.py"

WINDOW_SLIDER = InstantSlider(
    PoolingSettings.key("window"),
    "Pooling window (and stride)",
    WINDOW_SIZES,
    PoolingSettings.default("window"),
    help="Windows side by side, as most CNNs pool: the stride equals the window size.",
)
REPEATS_SLIDER = InstantSlider(
    PoolingSettings.key("repeats"),
    "Pool how many times",
    REPEATS,
    PoolingSettings.default("repeats"),
)


@as_slide("real-map")
def draw(picture: Picture, kernel: ChosenKernel) -> None:
    """The section: the kernel's map of the picture, then the pooled maps and their words."""
    section_heading("Pooling a real feature map")
    gray = working_picture(picture)
    feature = feature_map(picture, kernel.weights)
    rectified = activations.relu(feature)
    st.markdown(_introduction(kernel))
    st.page_link(
        CONVOLUTION_PATH,
        label="Choose another kernel on the Convolution page",
        icon=":material/blur_on:",
    )
    picture_row(
        st,
        [gray, colours.map_colours(feature), colours.map_colours(rectified)],
        [
            f"1. Your picture in gray: {shape_text(gray.shape)}",
            f"2. Feature map of {kernel.name}: {shape_text(feature.shape)} "
            f"({colours.map_words(feature)})",
            f"3. After ReLU: {shape_text(rectified.shape)}, negatives set to 0 "
            f"({colours.map_words(rectified)})",
        ],
        side=DISPLAY_SIDE,
    )
    _pooled_maps(picture, kernel)


def _introduction(kernel: ChosenKernel) -> str:
    side = kernel.weights.shape[0]
    chosen_where = (
        "the one you last chose on the Convolution page"
        if KERNEL_KEY in st.session_state
        else "the Convolution page's starting kernel until you choose another there"
    )
    narrower = (
        f" The feature map is {side - 1} pixels narrower than the picture: without padding a "
        f"{side} × {side} kernel fits only {FEATURE_SIDE - side + 1} times along each side."
        if side > 1
        else ""
    )
    return (
        f"Now a real feature map. Your picture, in gray and shrunk to {FEATURE_SIDE} × "
        f"{FEATURE_SIDE} so everything stays quick, goes through the kernel **{kernel.name}** "
        f"({side} × {side}, {chosen_where}), then through ReLU, which sets negative "
        f"numbers to 0, and then through pooling.{narrower}\n\n"
        "*Try this:* pool 4 times with a window of 2. The map is tiny, yet you can still tell "
        "where the strongest edges were."
    )


@st.cache_data(max_entries=64, show_spinner=False)
def _pool_stages(
    key: str, weights: np.ndarray, size: int, times: int, mode: str, _rectified: np.ndarray
) -> tuple[list[np.ndarray], str | None]:
    """ReLU of the feature map pooled ``times`` times; stops with core's message if it cannot."""
    stages = [_rectified]
    for _ in range(times):
        try:
            stages.append(pooling.pool2d(stages[-1], size, mode=mode))
        except ValueError as error:
            return stages, str(error)
    return stages, None


def _pooled_view(
    key: str, weights: np.ndarray, size: int, times: int, rectified: np.ndarray
) -> View:
    """The words and the two pooled maps for one window size and number of poolings."""
    stages, problem = {}, None
    for mode in pooling.POOL_MODES:
        stages[mode], problem = _pool_stages(key, weights, size, times, mode, rectified)
    done = len(stages["max"]) - 1
    start = stages["max"][0]
    final = {mode: stage[-1] for mode, stage in stages.items()}
    chain = " → ".join(
        [
            f"picture {shape_text((FEATURE_SIDE, FEATURE_SIDE))}",
            f"feature map {shape_text(start.shape)}",
            f"ReLU {shape_text(start.shape)}",
        ]
        + [
            f"pool {number}: **{shape_text(stage.shape)}**"
            for number, stage in enumerate(stages["max"][1:], start=1)
        ]
    )
    strongest, kept = start.max(), final["max"].max()
    max_words = (
        f"keeps the strongest response exactly ({kept:.2f})"
        if kept == strongest
        else f"keeps {kept:.2f} of the strongest response {strongest:.2f} (the rest sat in the "
        "dropped border)"
    )
    return View(
        paragraphs=(
            f"**Shapes:** {chain}",
            f"From {start.size:,} numbers to {final['max'].size:,}: "
            f"{start.size / final['max'].size:,.1f} times fewer, and the bright lines of the "
            f"feature are still where they were. Max pooling {max_words}; average pooling mixes "
            "it with the weaker numbers around it, so its strongest value is only "
            f"{final['average'].max():.2f}.",
        ),
        pictures=tuple(colours.map_colours(final[mode]) for mode in pooling.POOL_MODES),
        captions=tuple(
            f"{mode.capitalize()} pooling {plural(done, 'time')}, {size} × {size} windows: "
            f"{shape_text(final[mode].shape)} = {final[mode].size:,} numbers"
            for mode in pooling.POOL_MODES
        ),
        widths=(DISPLAY_SIDE,) * len(pooling.POOL_MODES),
        warning=None
        if problem is None
        else f"Pooling stopped after {plural(done, 'time')} instead of {times}: {problem}",
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def _pooled_views(key: str, weights: np.ndarray, _rectified: np.ndarray) -> EncodedViews:
    """Every window size and number of poolings the sliders offer, computed once per picture
    and kernel, so the sliders answer in the browser."""
    return encode_views(
        {
            (size, times): _pooled_view(key, weights, size, times, _rectified)
            for size in WINDOW_SLIDER.options
            for times in REPEATS_SLIDER.options
        }
    )


@st.fragment
def _pooled_maps(picture: Picture, kernel: ChosenKernel) -> None:
    rectified = activations.relu(feature_map(picture, kernel.weights))
    instant_sliders(
        "pooling_view",
        [WINDOW_SLIDER, REPEATS_SLIDER],
        _pooled_views(picture.key, kernel.weights, rectified),
    )
