"""Found anywhere: the same filter at every position finds a pattern wherever it is, and its
feature map moves with it (equivariance)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import convolution
from pages.common import Picture, try_this
from pages.drawing import number, outline
from pages.sections.convolution.grids import grid


def draw(picture: Picture) -> None:
    """The tab's words and its lab."""
    st.markdown(
        "The filter is the same at every position, so a pattern it responds to is found "
        "wherever it is. Below, a small bright plus sits on a black canvas, and the filter is a "
        "plus of 1s: it answers most strongly where the plus is."
    )
    try_this("move the plus with the slider and watch the ringed peak of the feature map.")
    _equivariance()


PLUS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.float64)
CANVAS = (9, 25)


@st.fragment
def _equivariance() -> None:
    left = st.slider(
        "Move the plus: its left column",
        0,
        CANVAS[1] - PLUS.shape[1],
        4,
        key="conv_shift",
        persist_state="session",
    )
    top = (CANVAS[0] - PLUS.shape[0]) // 2
    canvas = convolution.place_pattern(PLUS * 255, CANVAS, top=top, left=left)
    feature_map = convolution.correlate2d(canvas, PLUS, padding="zero")
    peak_row, peak_col = (int(i) for i in np.unravel_index(feature_map.argmax(), CANVAS))
    strongest = float(feature_map.max())
    picture_side, map_side = st.columns(2)
    figure = grid(canvas, height=260, numbers=False, hover_label="pixel")
    outline(figure, top, left, 3, 3, width=2)
    picture_side.plotly_chart(figure, key="conv_shift_canvas")
    picture_side.caption(f"The canvas: the plus is centred on column {left + 1}")
    figure = grid(feature_map, diverging=True, height=260, numbers=False, hover_label="response")
    outline(figure, peak_row, peak_col, 1, 1)
    map_side.plotly_chart(figure, key="conv_shift_map")
    map_side.caption(f"The feature map: the peak (ringed) is at column {peak_col}")
    st.markdown(
        f"- **The peak moves with the plus.** The plus is centred on column {left + 1} and the "
        f"strongest response is at column {peak_col}: shift the picture and the feature map "
        "shifts by the same amount. This is called **equivariance**, and it is what a "
        "convolution gives you.\n"
        f"- **The largest value stays {number(strongest)}** wherever the plus is. Keep only "
        "the largest value and you no longer know *where* the plus was, only *that* it was "
        "there: that is **invariance**. It comes from taking the maximum (pooling), not from "
        "the convolution itself."
    )
    st.page_link(
        "pages/pooling.py",
        label="Pooling: keep what was found, forget exactly where",
        icon=":material/view_compact:",
    )
