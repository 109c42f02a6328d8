"""Colour is three grids: one pixel's red, green and blue numbers, and a colour mixer.

Both answer in the browser (`pages.instant`, lazy views). The pixel picker offers every row and
column of the picture (up to 1,024 × 1,024 positions) and the mixer 256³ colours, far too many
to compute beforehand; so when the person reaches for a slider the page computes its every step,
the other sliders where they are. The three channel pictures do not depend on the pixel chosen:
they are drawn once, and a view holds the chosen pixel's swatches, numbers and sentence.
"""

from __future__ import annotations

import functools
import io

import numpy as np
import streamlit as st
from PIL import Image

from core import images
from pages.common import Picture
from pages.headings import section_heading, subheading
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    wanted_slider,
)
from pages.presenter import as_slide
from pages.sections.pixels.settings import PixelsSettings

INTRO = (
    "A colour pixel is **three** numbers: how much red, green and blue light to mix. A colour "
    "picture is three grids of the same size stacked together. (Pictures with transparency carry "
    "a fourth number per pixel, alpha.)"
)
CHANNELS = ("Red", "Green", "Blue")
PIXEL_SWATCH, MIXED_SWATCH = 96, 80  # display sides of the swatches, in pixels
PIXEL_VIEW, MIX_VIEW = "colour_pixel_view", "colour_mix_view"  # the components' keys
MIX_SLIDERS = tuple(
    InstantSlider(
        PixelsSettings.key(field),
        name,
        tuple(range(256)),
        PixelsSettings.default(field),
    )
    for field, name in zip(("mix_red", "mix_green", "mix_blue"), CHANNELS, strict=True)
)


@as_slide("colour")
def draw(picture: Picture) -> None:
    """The section: the three grids of one pixel, then the mixer."""
    section_heading("Colour is three grids")
    st.markdown(INTRO)
    # four columns, as wide as before the swatch moved into the view below: a slide fits
    for column, channel in zip(st.columns(4), range(3), strict=False):
        column.image(
            _tinted(picture.key, channel, picture.rgb), caption=f"{CHANNELS[channel]} grid"
        )
    _channels(picture)
    subheading("Mix a colour")
    _mixer()
    st.caption(
        "Try this: (255, 255, 0) is yellow: red and green light together. Equal amounts of all "
        "three give a gray."
    )


@st.cache_data(max_entries=12, show_spinner=False)
def _tinted(key: str, channel: int, _rgb: np.ndarray) -> np.ndarray:
    """The picture's ``channel`` grid alone, shown in its own colour."""
    tinted = np.zeros_like(_rgb)
    tinted[..., channel] = _rgb[..., channel]
    return tinted


@functools.lru_cache(maxsize=4096)
def _swatch(colour: tuple[int, int, int], side: int) -> bytes:
    """A ``side`` × ``side`` square of ``colour`` as a PNG of one palette colour (about 90
    bytes; drawn at its own size, so it keeps it where the browser sizes pictures by their
    pixels, as while presenting)."""
    square = Image.new("P", (side, side), 0)
    square.putpalette(colour)
    encoded = io.BytesIO()
    square.save(encoded, "PNG")
    return encoded.getvalue()


def _without(values: tuple[int, ...], index: int) -> tuple[int, ...]:
    """``values`` with the one at ``index`` set to 0: the steps of that slider do not depend
    on it."""
    return (*values[:index], 0, *values[index + 1 :])


# --------------------------------------------------------------------------------------------
# One pixel's three numbers
# --------------------------------------------------------------------------------------------


def pixel_sliders(height: int, width: int) -> list[InstantSlider]:
    """The row and column sliders of a ``height`` × ``width`` picture (a picture one pixel
    high or wide has nothing to choose: that slider stays at 0)."""
    return [
        InstantSlider(
            PixelsSettings.key(field),
            label,
            tuple(range(side)),
            default,
            disabled=side == 1,
        )
        for field, label, side, default in (
            ("colour_row", "Pixel row", height, height // 3),
            ("colour_col", "Pixel column", width, width // 2),
        )
    ]


def _clamp_to_picture(sliders: list[InstantSlider]) -> None:
    """A row or column held for a larger picture (or asked for by a link) becomes the last one
    of this picture."""
    for slider in sliders:
        last = slider.options[-1]
        held = st.session_state.get(slider.name)
        if isinstance(held, int) and not isinstance(held, bool) and held > last:
            st.session_state[slider.name] = last
        linked = st.query_params.get(slider.name)
        if linked is not None and linked.isdigit() and int(linked) > last:
            st.query_params[slider.name] = str(last)


def _pixel_view(rgb: np.ndarray, row: int, col: int) -> View:
    """The pixel at ``row``, ``col``: each grid's number there, its colour, and the sentence."""
    red, green, blue = (int(value) for value in rgb[row, col])
    return View(
        paragraphs=(
            f"The pixel at row {row}, column {col} is stored as **({red}, {green}, {blue})**: "
            f"red {red}, green {green}, blue {blue}. Move the sliders to read another one.",
        ),
        pictures=tuple(
            _swatch(colour, PIXEL_SWATCH)
            for colour in ((red, 0, 0), (0, green, 0), (0, 0, blue), (red, green, blue))
        ),
        captions=(
            *(
                f"{name} grid: {value} at this pixel"
                for name, value in zip(CHANNELS, (red, green, blue), strict=True)
            ),
            f"Pixel (row {row}, column {col}) = ({red}, {green}, {blue})",
        ),
        widths=(PIXEL_SWATCH,) * 4,
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _pixel_views(
    key: str, name: str | None, around: tuple[int, int], _rgb: np.ndarray
) -> EncodedViews:
    """The view of pixel ``around``, or with ``name`` (a slider's), the view of its every
    step, the other slider at ``around``."""
    row, col = around
    if name is None:
        positions = [(row, col)]
    elif name == PixelsSettings.key("colour_row"):
        positions = [(step, col) for step in range(_rgb.shape[0])]
    else:
        positions = [(row, step) for step in range(_rgb.shape[1])]
    return encode_views({position: _pixel_view(_rgb, *position) for position in positions})


@st.fragment
def _channels(picture: Picture) -> None:
    height, width = picture.rgb.shape[:2]
    sliders = pixel_sliders(height, width)
    _clamp_to_picture(sliders)
    values = held_values(PIXEL_VIEW, sliders)
    views = _pixel_views(picture.key, None, values, picture.rgb)
    wanted = wanted_slider(PIXEL_VIEW, sliders)
    if wanted is not None:
        around = _without(values, sliders.index(wanted))  # one cache entry per other value
        views = _pixel_views(picture.key, wanted.name, around, picture.rgb) | views
    instant_sliders(PIXEL_VIEW, sliders, views, lazy=picture.key)


# --------------------------------------------------------------------------------------------
# The mixer
# --------------------------------------------------------------------------------------------


def _mixed_view(colour: tuple[int, int, int]) -> View:
    """The mixed colour, its numbers, and the name core finds nearest."""
    red, green, blue = colour
    name = images.nearest_colour_name(colour)
    return View(
        paragraphs=(f"**({red}, {green}, {blue})** looks closest to **{name}**.",),
        pictures=(_swatch(colour, MIXED_SWATCH),),
        captions=(f"({red}, {green}, {blue})",),
        widths=(MIXED_SWATCH,),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _mixed_views(name: str | None, around: tuple[int, int, int]) -> EncodedViews:
    """The view of the colour ``around``, or with ``name`` (a slider's), of its every step,
    the other two sliders at ``around``."""
    if name is None:
        return encode_views({around: _mixed_view(around)})
    index = [slider.name for slider in MIX_SLIDERS].index(name)
    colours = [(*around[:index], step, *around[index + 1 :]) for step in range(256)]
    return encode_views({colour: _mixed_view(colour) for colour in colours})


@st.fragment
def _mixer() -> None:
    sliders = list(MIX_SLIDERS)
    values = held_values(MIX_VIEW, sliders)
    views = _mixed_views(None, values)
    wanted = wanted_slider(MIX_VIEW, sliders)
    if wanted is not None:
        around = _without(values, sliders.index(wanted))  # one cache entry per other values
        views = _mixed_views(wanted.name, around) | views
    instant_sliders(MIX_VIEW, sliders, views, beside=True, lazy="mixer")
