"""Colour is three grids: one pixel's red, green and blue numbers, and a colour mixer."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import images
from pages.common import Picture
from pages.presenter import as_slide

INTRO = (
    "A colour pixel is **three** numbers: how much red, green and blue light to mix. A colour "
    "picture is three grids of the same size stacked together. (Pictures with transparency carry "
    "a fourth number per pixel, alpha.)"
)


@as_slide("colour")
def draw(picture: Picture) -> None:
    """The section: the three grids of one pixel, then the mixer."""
    st.header("Colour is three grids", divider="gray")
    st.markdown(INTRO)
    _channels(picture)
    st.subheader("Mix a colour")
    _mixer()
    st.caption(
        "Try this: (255, 255, 0) is yellow: red and green light together. Equal amounts of all "
        "three give a gray."
    )


@st.fragment
def _channels(picture: Picture) -> None:
    rgb = picture.rgb
    height, width = rgb.shape[:2]
    pick_row, pick_col = st.columns(2)
    row, col = 0, 0  # a picture one pixel high or wide has nothing to choose
    if height > 1:
        row = pick_row.slider("Pixel row", 0, height - 1, height // 3, key=f"colour_row_{height}")
    if width > 1:
        col = pick_col.slider("Pixel column", 0, width - 1, width // 2, key=f"colour_col_{width}")
    red, green, blue = (int(v) for v in rgb[row, col])
    *channel_columns, swatch_column = st.columns(4)
    for column, channel, name in zip(
        channel_columns, range(3), ("Red", "Green", "Blue"), strict=True
    ):
        tinted = np.zeros_like(rgb)
        tinted[..., channel] = rgb[..., channel]
        column.image(tinted, caption=f"{name} grid: {int(rgb[row, col, channel])} at this pixel")
    swatch_column.image(
        np.broadcast_to(rgb[row, col], (96, 96, 3)),
        caption=f"Pixel (row {row}, column {col}) = ({red}, {green}, {blue})",
    )
    st.markdown(
        f"The pixel at row {row}, column {col} is stored as **({red}, {green}, {blue})**: red "
        f"{red}, green {green}, blue {blue}. Move the sliders to read another one."
    )


@st.fragment
def _mixer() -> None:
    red_col, green_col, blue_col, swatch_col = st.columns([2, 2, 2, 1])
    red = red_col.slider("Red", 0, 255, 255, key="mix_red", persist_state="session")
    green = green_col.slider("Green", 0, 255, 0, key="mix_green", persist_state="session")
    blue = blue_col.slider("Blue", 0, 255, 255, key="mix_blue", persist_state="session")
    name = images.nearest_colour_name((red, green, blue))
    swatch_col.image(
        np.full((80, 80, 3), (red, green, blue), dtype=np.uint8),
        caption=f"({red}, {green}, {blue})",
    )
    st.markdown(f"**({red}, {green}, {blue})** looks closest to **{name}**.")
