"""From a photo to a grid of numbers: the picture, its gray version, and the S × S grid a face
app shrinks it to, answered in the browser as the size slider moves (`pages.instant`)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pages.common import Picture, chosen_view, gray_of, small_gray_of, times
from pages.drawing import heatmap
from pages.headings import section_heading, subheading
from pages.instant import (
    EncodedViews,
    Grid,
    GridReader,
    InstantSlider,
    View,
    encode_views,
    instant_sliders,
)
from pages.presenter import slide
from pages.sections.pixels.settings import SHOW_ALL_NUMBERS_UP_TO, SIZES, PixelsSettings

UP_CLOSE_VIEWS = ("Zoom window", "Hover over every value")
ZOOM = 16  # side of the readable block of numbers shown for large grids
GRID_WIDTH = 640  # pixels on screen for the grid of any size
ZOOM_WIDTH = 440  # pixels on screen for the whole grid and for the zoom window beside it
GRAY_MIX = (
    "Each gray value mixes the three colours as 0.299 × red + 0.587 × green + 0.114 × blue "
    "(green counts most because our eyes are most sensitive to it)."
)
SIZE_SLIDER = InstantSlider(
    PixelsSettings.key("size"),
    "3. Crop to a square and resize to S × S pixels",
    SIZES,
    PixelsSettings.default("size"),
    help="Face apps shrink every photo to a small square first: less to compute, and the "
    "shape of a face survives.",
)


def draw(picture: Picture) -> None:
    """The section: the photo and its gray version with their counts, then the grid (four
    slides)."""
    with slide("grid"):
        _gray(picture)
    _grid(picture)


def _gray(picture: Picture) -> None:
    section_heading("From a photo to a grid of numbers")
    ow, oh = picture.original_size
    original, desaturated = st.columns(2)
    original.image(
        picture.rgb,
        caption=f"1. Your picture: {ow:,} × {oh:,} gray pixels, one number each = "
        f"{ow * oh:,} numbers"
        if picture.gray
        else f"1. Your picture: {ow:,} × {oh:,} pixels × 3 colours = {ow * oh * 3:,} numbers",
    )
    desaturated.image(
        gray_of(picture),
        caption=f"2. Already gray: still {ow * oh:,} numbers"
        if picture.gray
        else f"2. Desaturated: {ow:,} × {oh:,} = {ow * oh:,} numbers",
    )
    st.markdown(
        "This picture is gray already: one number per pixel. A colour picture holds three per "
        f"pixel, and a face app mixes them into one. {GRAY_MIX}"
        if picture.gray
        else "Gray keeps the shapes and shadows that make a face, in a third of the numbers. "
        "Colour does carry more: a red and a green of the same brightness become the same gray "
        "(the *Colour and depth* section of the Convolution page shows a filter that sees the "
        f"difference), but a face app like this one works without it. {GRAY_MIX}"
    )


def _compared(original: int, small: int, size: int) -> str:
    """How the original's count of numbers compares with the S × S grid's, in words."""
    if original > small:
        return f"{times(original / small)} times as many."
    if original == small:
        return "exactly as many."
    return (
        f"fewer: a picture smaller than {size} × {size} is blown up to fill the grid, which then "
        f"holds {times(small / original)} times as many numbers as your picture."
    )


def _size_view(picture: Picture, size: int) -> View:
    """The numbers the computer gets at ``size`` × ``size``, and the grid they make."""
    small = small_gray_of(picture, size)
    ow, oh = picture.original_size
    original_count, small_count = ow * oh * (1 if picture.gray else 3), size * size
    numbers = size <= SHOW_ALL_NUMBERS_UP_TO
    return View(
        paragraphs=(
            f"At **{size} × {size} in gray** the computer gets **{small_count:,} numbers**. "
            f"Your original{'' if picture.gray else ' in colour'} is **{original_count:,} "
            f"numbers**, {_compared(original_count, small_count, size)} Here are the "
            f"{size} × {size} numbers: each square is one pixel, shaded by its value.",
        ),
        grids=(
            Grid(
                small,
                caption=f"All {size} × {size} = {small_count:,} values, each printed in its pixel"
                if numbers
                else f"All {size} × {size} = {small_count:,} values, shaded from 0 (black) to "
                "255 (white); read them below",
                width=GRID_WIDTH,
                numbers=numbers,
            ),
        ),
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _size_views(key: str, _picture: Picture) -> EncodedViews:
    """Every size the slider offers, once per picture, so the slider answers in the browser."""
    return encode_views({(size,): _size_view(_picture, size) for size in SIZE_SLIDER.options})


@st.fragment
def _grid(picture: Picture) -> None:
    with slide("grid-size"):
        subheading("Crop and shrink")
        st.markdown("Next, a face app crops the picture to a square and shrinks it.")
        (size,) = instant_sliders(
            "pixels_size_view", [SIZE_SLIDER], _size_views(picture.key, picture)
        )
    small = small_gray_of(picture, size)
    with slide("grid-close"):
        _up_close(small, size)
    with slide("grid-row"):
        _one_row(small, size)


def _up_close(small: np.ndarray, size: int) -> None:
    subheading("Read the numbers up close")
    view = chosen_view("How to read them", UP_CLOSE_VIEWS, "pixels_view")
    if view == UP_CLOSE_VIEWS[0]:
        if size <= SHOW_ALL_NUMBERS_UP_TO:
            st.caption(
                f"At {size} × {size} every number is printed in the grid above. Above "
                f"{SHOW_ALL_NUMBERS_UP_TO} × {SHOW_ALL_NUMBERS_UP_TO} a {ZOOM} × {ZOOM} window "
                "of numbers shows here."
            )
        else:
            _zoom_window(small, size)
    else:  # built only while shown: a Plotly chart is slow to redraw
        st.plotly_chart(
            heatmap(small, show_values=size <= SHOW_ALL_NUMBERS_UP_TO), key="pixels_grid"
        )
        st.caption(
            f"All {size} × {size} values: hover over a square for its row, column "
            "and value; drag to zoom in, double-click to zoom out."
        )


@st.fragment
def _zoom_window(small: np.ndarray, size: int) -> None:
    """The zoom window's two sliders, read by the browser: a fragment of their own, so that
    letting go of them reruns nothing else."""
    corners = tuple(range(size - ZOOM + 1))
    middle = (size - ZOOM) // 2
    instant_sliders(
        "pixels_zoom_view",
        [
            InstantSlider(
                "pixels_zoom_row", "Zoom window: first row", corners, middle, linked=False
            ),
            InstantSlider(
                "pixels_zoom_col",
                "Zoom window: first column",
                corners,
                middle,
                linked=False,
            ),
        ],
        None,
        reader=GridReader(
            small,
            "window",
            captions=(
                f"All {size} × {size} pixels; the orange square is the zoom window",
                "Rows {top}–{bottom}, columns {left}–{right}, with every number printed",
            ),
            side=ZOOM,
            widths=(ZOOM_WIDTH, ZOOM_WIDTH),
        ),
    )


@st.fragment
def _one_row(small: np.ndarray, size: int) -> None:
    """One row of numbers, read by the browser: a fragment of its own, as the zoom window."""
    subheading("This is what the computer gets")
    instant_sliders(
        "pixels_row_view",
        [InstantSlider("pixels_row", "Row", tuple(range(size)), 0, linked=False)],
        None,
        reader=GridReader(
            small,
            "row",
            captions=(
                f"Row {{row}} of {size}: {size} numbers, left to right. There are {size - 1} more "
                f"rows like it, {size * size:,} numbers in all. No face, no eyes: just numbers.",
            ),
        ),
    )
