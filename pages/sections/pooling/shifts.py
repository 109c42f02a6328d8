"""Small shifts matter less after pooling: move the picture, compare the maps before and after
(convolution is equivariant; pooling gives approximate invariance)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import activations, colours, convolution, images, pooling
from pages.common import ChosenKernel, Picture
from pages.drawing import picture_row, plural
from pages.presenter import as_slide
from pages.sections.pooling.feature import DISPLAY_SIDE, working_picture
from pages.sections.pooling.settings import SHIFTS, WINDOW_SIZES, PoolingSettings

INTRO = (
    "Move the picture a few pixels to the right and compare. A convolution uses the same kernel "
    "at every position, so the feature map **moves along** with the picture: the same numbers "
    "in a new place. That is called *equivariance*. It finds a feature wherever it is, but the "
    "map itself still changes. Pooling keeps one number per window, so a feature that moves "
    "inside its window leaves the pooled map almost the same. Pooling, not convolution, gives "
    "this *approximate invariance*.\n\n"
    "*Try this:* keep the move at 1 pixel and make the window larger: the pooled map changes "
    "less and less."
)


@as_slide("shifts")
def draw(picture: Picture, kernel: ChosenKernel) -> None:
    """The section: why a move changes less after pooling, then the move itself."""
    st.header("Small shifts matter less after pooling", divider="gray")
    st.markdown(INTRO)
    _comparison(picture, kernel)


@st.cache_data(max_entries=64, show_spinner=False)
def _shift_effects(
    key: str, weights: np.ndarray, shift: int, size: int, _gray: np.ndarray
) -> dict[str, pooling.ShiftEffect]:
    """Max and average pooling's view of the picture and the picture moved ``shift`` right."""
    before, after = (
        activations.relu(convolution.correlate2d(moved, weights))
        for moved in pooling.shifted_pair(images.to_unit(_gray), shift)
    )
    return {
        mode: pooling.shift_effect(before, after, shift, size=size, mode=mode)
        for mode in pooling.POOL_MODES
    }


@st.fragment
def _comparison(picture: Picture, kernel: ChosenKernel) -> None:
    shift_column, size_column = st.columns(2)
    shift = shift_column.slider(
        "Move the picture right by (pixels)",
        SHIFTS[0],
        SHIFTS[-1],
        PoolingSettings.default("shift"),
        key=PoolingSettings.key("shift"),
        bind="query-params",
        persist_state="session",
    )
    size = size_column.slider(
        "Pooling window",
        WINDOW_SIZES[0],
        WINDOW_SIZES[-1],
        PoolingSettings.default("shift_window"),
        key=PoolingSettings.key("shift_window"),
        bind="query-params",
        persist_state="session",
    )
    try:
        effects = _shift_effects(picture.key, kernel.weights, shift, size, working_picture(picture))
    except ValueError as error:
        st.warning(str(error), icon=":material/warning:")
        return
    raw = effects["max"].raw_change
    raw_metric, max_metric, average_metric = st.columns(3)
    raw_metric.metric("Feature map changed", f"{raw:.0%}")
    for column, mode in ((max_metric, "max"), (average_metric, "average")):
        pooled = effects[mode].pooled_change
        column.metric(
            f"{mode.capitalize()}-pooled map changed",
            f"{pooled:.0%}",
            delta=f"{(pooled - raw) * 100:+.0f} points",
            delta_color="inverse",
        )
    picture_row(
        st,
        [
            colours.signed_colours(effects["max"].raw_difference),
            colours.signed_colours(effects["max"].pooled_difference),
        ],
        [
            f"Feature map after the move minus before ({colours.SIGNED_WORDS}: white is no change)",
            f"Max-pooled map ({size} × {size}) after the move minus before (same colours)",
        ],
        side=DISPLAY_SIDE,
    )
    pooled = effects["max"].pooled_change
    verdict = (
        f"but only **{pooled:.0%}** of the max-pooled map"
        if pooled < raw
        else f"and **{pooled:.0%}** of the max-pooled map: a move this large jumps from one "
        "window to the next, so pooling cannot hide it. Try a larger window."
    )
    error = effects["max"].equivariance_error
    lined_up = (
        f"Lined up {plural(shift, 'pixel')} apart, the two feature maps are "
        + ("identical" if error == 0 else f"the same up to {error:.2g}")
        + ": the map really did just move along with the picture."
    )
    st.markdown(
        f"Moving the picture {plural(shift, 'pixel')} changed **{raw:.0%}** of the feature "
        f"map, {verdict} (0% means unchanged, 100% means nothing in common). {lined_up}"
    )
