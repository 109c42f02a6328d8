"""Small shifts matter less after pooling: move the picture, compare the maps before and after
(convolution is equivariant; pooling gives approximate invariance)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import activations, colours, convolution, images, pooling
from pages.common import ChosenKernel, Picture
from pages.drawing import plural
from pages.headings import section_heading
from pages.instant import EncodedViews, InstantSlider, View, encode_views, instant_sliders
from pages.presenter import as_slide
from pages.sections.pooling.feature import DISPLAY_SIDE, small_png, working_picture
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
SHIFT_SLIDER = InstantSlider(
    PoolingSettings.key("shift"),
    "Move the picture right by (pixels)",
    SHIFTS,
    PoolingSettings.default("shift"),
)
WINDOW_SLIDER = InstantSlider(
    PoolingSettings.key("shift_window"),
    "Pooling window",
    WINDOW_SIZES,
    PoolingSettings.default("shift_window"),
)


@as_slide("shifts")
def draw(picture: Picture, kernel: ChosenKernel) -> None:
    """The section: why a move changes less after pooling, then the move itself."""
    section_heading("Small shifts matter less after pooling")
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


def _shift_view(effects: dict[str, pooling.ShiftEffect], shift: int, size: int) -> View:
    """How much a move of ``shift`` pixels changed the map before and after pooling with
    ``size`` × ``size`` windows: the three changes, their words, and the two differences."""
    raw = effects["max"].raw_change
    changes = [f"Feature map changed: **{raw:.0%}**"]
    for mode in pooling.POOL_MODES:
        pooled = effects[mode].pooled_change
        changes.append(
            f"{mode.capitalize()}-pooled map changed: **{pooled:.0%}** "
            f"({(pooled - raw) * 100:+.0f} points)"
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
    return View(
        paragraphs=(
            " · ".join(changes),
            f"Moving the picture {plural(shift, 'pixel')} changed **{raw:.0%}** of the feature "
            f"map, {verdict} (0% means unchanged, 100% means nothing in common). {lined_up}",
        ),
        pictures=(
            small_png(colours.signed_colours(effects["max"].raw_difference)),
            small_png(colours.signed_colours(effects["max"].pooled_difference)),
        ),
        captions=(
            f"Feature map after the move minus before ({colours.SIGNED_WORDS}: white is no change)",
            f"Max-pooled map ({size} × {size}) after the move minus before (same colours)",
        ),
        widths=(DISPLAY_SIDE, DISPLAY_SIDE),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _shift_views(key: str, weights: np.ndarray, _gray: np.ndarray) -> EncodedViews:
    """Every move and window the sliders offer, once per picture and kernel, so the sliders
    answer in the browser."""
    views = {}
    for shift in SHIFT_SLIDER.options:
        for size in WINDOW_SLIDER.options:
            try:
                effects = _shift_effects(key, weights, shift, size, _gray)
            except ValueError as error:
                views[shift, size] = View(paragraphs=(), warning=str(error))
            else:
                views[shift, size] = _shift_view(effects, shift, size)
    return encode_views(views)


@st.fragment
def _comparison(picture: Picture, kernel: ChosenKernel) -> None:
    instant_sliders(
        "pooling_shift_view",
        [SHIFT_SLIDER, WINDOW_SLIDER],
        _shift_views(picture.key, kernel.weights, working_picture(picture)),
    )
