"""Found anywhere: the same filter at every position finds a pattern wherever it is, and its
feature map moves with it (equivariance). The plus's slider answers in the browser
(`pages.instant`): every position is computed beforehand, once."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import convolution
from pages.common import Picture, try_this
from pages.drawing import number
from pages.instant import EncodedViews, InstantSlider, View, encode_views, instant_sliders
from pages.sections.convolution.grids import grid_picture
from pages.sections.convolution.settings import (
    PLUS_CANVAS,
    PLUS_LEFTS,
    ConvolutionSettings,
)


def draw(picture: Picture) -> None:
    """The lab's words and its controls (the plus does not depend on the picture)."""
    st.markdown(
        "The filter is the same at every position, so a pattern it responds to is found "
        "wherever it is. Below, a small bright plus sits on a black canvas, and the filter is a "
        "plus of 1s: it answers most strongly where the plus is."
    )
    try_this("move the plus with the slider and watch the ringed peak of the feature map.")
    _equivariance()


PLUS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.float64)  # settings.PLUS_SIDE
CANVAS = PLUS_CANVAS
CELL = 16  # pixels a side of each square of the canvas and the map
VIEW_KEY = "conv_shift_view"
SHIFT_SLIDER = InstantSlider(
    ConvolutionSettings.key("shift"),
    "Move the plus: its left column",
    PLUS_LEFTS,
    ConvolutionSettings.default("shift"),
)


def _shift_view(left: int) -> View:
    """The canvas with the plus at column ``left``, its feature map with the peak ringed, and
    what they show."""
    top = (CANVAS[0] - PLUS.shape[0]) // 2
    canvas = convolution.place_pattern(PLUS * 255, CANVAS, top=top, left=left)
    feature_map = convolution.correlate2d(canvas, PLUS, padding="zero")
    peak_row, peak_col = (int(i) for i in np.unravel_index(feature_map.argmax(), CANVAS))
    strongest = float(feature_map.max())
    pictures = (
        grid_picture(canvas, cell=CELL, numbers=False, outlines=((top, left, *PLUS.shape),)),
        grid_picture(
            feature_map,
            diverging=True,
            cell=CELL,
            numbers=False,
            outlines=((peak_row, peak_col, 1, 1),),
        ),
    )
    return View(
        paragraphs=(
            f"**The peak moves with the plus.** The plus is centred on column {left + 1} and the "
            f"strongest response is at column {peak_col}: shift the picture and the feature map "
            "shifts by the same amount. This is called **equivariance**, and it is what a "
            "convolution gives you.",
            f"**The largest value stays {number(strongest)}** wherever the plus is. Keep only "
            "the largest value and you no longer know where the plus was, only that it was "
            "there: that is **invariance**. It comes from taking the maximum (pooling), not from "
            "the convolution itself.",
        ),
        pictures=pictures,
        captions=(
            f"The canvas: the plus is centred on column {left + 1}",
            f"The feature map: the peak (ringed) is at column {peak_col}",
        ),
        widths=tuple(picture.shape[1] for picture in pictures),  # each at its own size
    )


@st.cache_data(max_entries=1, show_spinner=False)
def _shift_views() -> EncodedViews:
    """Every position of the plus (the same for every visitor), so the slider answers in the
    browser."""
    return encode_views({(left,): _shift_view(left) for left in SHIFT_SLIDER.options})


@st.fragment
def _equivariance() -> None:
    instant_sliders(VIEW_KEY, [SHIFT_SLIDER], _shift_views())
    st.page_link(
        "pages/pooling.py",
        label="Pooling: keep what was found, forget exactly where",
        icon=":material/view_compact:",
    )
