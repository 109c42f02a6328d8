"""Flattened: the tiny grid and the photo as one long line of numbers, and why a CNN does not
read its input that way."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import images
from pages.common import Picture, small_gray_of
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.pixels.settings import PixelsSettings


@as_slide("flattened")
def draw(picture: Picture, tiny: np.ndarray) -> None:
    """The section: the tiny grid's line, the same scaled to 0–1, and the photo's line."""
    section_heading("Flattened: one long line of numbers")
    size = tiny.shape[0]
    flat = tiny.ravel()
    st.markdown(
        f"Read your {size} × {size} grid row by row and you get one line of "
        f"**{flat.size} numbers**:"
    )
    st.code(" ".join(str(v) for v in flat), language=None, wrap_lines=True)
    st.markdown("A network is usually fed the same numbers scaled to 0–1 (each divided by 255):")
    st.code(" ".join(f"{v:.2f}" for v in images.to_unit(flat)), language=None, wrap_lines=True)
    photo_size = PixelsSettings.from_state(st.session_state).size
    photo_flat = small_gray_of(picture, photo_size).ravel()
    st.markdown(
        f"Your {photo_size} × {photo_size} photo flattens the same way into "
        f"**{photo_flat.size:,} numbers**, starting "
        f"`{' '.join(str(v) for v in photo_flat[:12])} …`."
    )
    st.markdown(
        "A plain fully connected network reads only such a flat line, so it has to learn from "
        "scratch that neighbouring numbers belong together. A **convolutional** network keeps the "
        "2-D grid through its convolution and pooling layers, so it always knows which pixels are "
        "neighbours, and flattens only at the very end, just before its decision."
    )
    st.caption(
        "Try this: load the Letter H preset above and find its middle bar in the long line. "
        "Neighbours on the picture can sit far apart in the line."
    )
