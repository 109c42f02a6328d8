"""Pixels are numbers: what a computer actually receives when it is given a photo."""

import numpy as np
import pandas as pd
import streamlit as st

from core import images
from pages.common import (
    Picture,
    enlarge,
    gray_of,
    heatmap,
    numbers_picture,
    outline_block,
    picture_picker,
    small_gray_of,
    times,
    try_this,
)
from pages.instant import Grid, InstantSlider, View, encode_views, instant_sliders
from pages.journey import page_footer

PATH = "pages/pixels.py"
ZOOM = 16  # side of the readable block of numbers shown for large grids
SHOW_ALL_NUMBERS_UP_TO = 32


st.title("Pixels are numbers")
st.markdown(
    "A photo on your screen looks like a scene. To a computer it is only a grid of numbers, one "
    "per pixel for gray pictures and three for colour. This page shows you those numbers for the "
    "picture you choose, and the steps a face app takes before any learning happens."
)
try_this(
    "drag the size slider down to 16. Every square you see is a single number "
    "between 0 (black) and 255 (white). Then open *Hover over every value* and point at one."
)

picture = picture_picker()


# --------------------------------------------------------------------------------------------
st.header("From a photo to a grid of numbers", divider="gray")


ow, oh = picture.original_size
original, desaturated = st.columns(2)
original.image(
    picture.rgb,
    caption=f"1. Your picture: {ow:,} × {oh:,} gray pixels, one number each = {ow * oh:,} numbers"
    if picture.gray
    else f"1. Your picture: {ow:,} × {oh:,} pixels × 3 colours = {ow * oh * 3:,} numbers",
)
desaturated.image(
    gray_of(picture),
    caption=f"2. Already gray: still {ow * oh:,} numbers"
    if picture.gray
    else f"2. Desaturated: {ow:,} × {oh:,} = {ow * oh:,} numbers",
)
GRAY_MIX = (
    "Each gray value mixes the three colours as 0.299 × red + 0.587 × green + 0.114 × blue "
    "(green counts most because our eyes are most sensitive to it)."
)
st.markdown(
    "This picture is gray already: one number per pixel. A colour picture holds three per pixel, "
    f"and a face app mixes them into one. {GRAY_MIX}"
    if picture.gray
    else "Gray keeps the shapes and shadows that make a face, in a third of the numbers. Colour "
    "does carry more: a red and a green of the same brightness become the same gray (the "
    "*Colour and depth* section of the Convolution page shows a filter that sees the "
    f"difference), but a face app like this one works without it. {GRAY_MIX}"
)
st.markdown("Next, a face app crops the picture to a square and shrinks it.")


SIZE_SLIDER = InstantSlider(
    "pixels_size",
    "3. Crop to a square and resize to S × S pixels",
    # every size up to the largest with printed numbers, then every 8th
    (*range(8, SHOW_ALL_NUMBERS_UP_TO + 1), *range(SHOW_ALL_NUMBERS_UP_TO + 8, 257, 8)),
    128,
    help="Face apps shrink every photo to a small square first: less to compute, and the "
    "shape of a face survives.",
)
GRID_WIDTH = 640  # pixels on screen for the grid of any size


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


@st.cache_data(max_entries=4, show_spinner=False)
def _size_views(key: str, _picture: Picture) -> dict[str, dict]:
    """Every size the slider offers, once per picture, so the slider answers in the browser."""
    return encode_views({(size,): _size_view(_picture, size) for size in SIZE_SLIDER.options})


@st.fragment
def photo_to_grid(picture: Picture) -> None:
    (size,) = instant_sliders("pixels_size_view", [SIZE_SLIDER], _size_views(picture.key, picture))
    small = small_gray_of(picture, size)
    small_count = size * size
    st.subheader("Read the numbers up close")
    zoom_view, hover_view = st.tabs(
        ["Zoom window", "Hover over every value"], key="pixels_view", on_change="rerun"
    )
    with zoom_view:
        if size <= SHOW_ALL_NUMBERS_UP_TO:
            st.caption(
                f"At {size} × {size} every number is printed in the grid above. Above "
                f"{SHOW_ALL_NUMBERS_UP_TO} × {SHOW_ALL_NUMBERS_UP_TO} a {ZOOM} × {ZOOM} window "
                "of numbers shows here."
            )
        else:
            controls = st.columns(2)
            top = controls[0].slider(
                "Zoom window: first row", 0, size - ZOOM, (size - ZOOM) // 2, key="pixels_zoom_row"
            )
            left = controls[1].slider(
                "Zoom window: first column",
                0,
                size - ZOOM,
                (size - ZOOM) // 2,
                key="pixels_zoom_col",
            )
            whole, zoomed = st.columns(2)
            whole.image(
                outline_block(small, top, left, ZOOM, ZOOM),
                caption=f"All {size} × {size} pixels; the orange square is the zoom window",
            )
            zoomed.image(
                numbers_picture(small[top : top + ZOOM, left : left + ZOOM]),
                caption=f"Rows {top}–{top + ZOOM - 1}, columns {left}–{left + ZOOM - 1}, "
                "with every number printed",
            )
    with hover_view:
        if hover_view.open:  # drawn only while this tab is shown: it is slow to redraw
            st.plotly_chart(
                heatmap(small, show_values=size <= SHOW_ALL_NUMBERS_UP_TO),
                key="pixels_grid",
            )
            st.caption(
                f"All {size} × {size} values: hover over a square for its row, column "
                "and value; drag to zoom in, double-click to zoom out."
            )
    st.subheader("This is what the computer gets")
    row = st.slider("Row", 0, size - 1, 0, key="pixels_row")
    st.code(" ".join(str(value) for value in small[row]), language=None, wrap_lines=True)
    st.caption(
        f"Row {row} of {size}: {size} numbers, left to right. There are {size - 1} more rows "
        f"like it, {small_count:,} numbers in all. No face, no eyes: just numbers."
    )


photo_to_grid(picture)


# --------------------------------------------------------------------------------------------
st.header("Colour is three grids", divider="gray")
st.markdown(
    "A colour pixel is **three** numbers: how much red, green and blue light to mix. A colour "
    "picture is three grids of the same size stacked together. (Pictures with transparency carry "
    "a fourth number per pixel, alpha.)"
)


@st.fragment
def colour_channels(picture: Picture) -> None:
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


colour_channels(picture)

st.subheader("Mix a colour")


@st.fragment
def colour_mixer() -> None:
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


colour_mixer()
st.caption(
    "Try this: (255, 255, 0) is yellow: red and green light together. Equal amounts of all "
    "three give a gray."
)


# --------------------------------------------------------------------------------------------
st.header("Make your own tiny picture", divider="gray")
st.markdown(
    "Here is the digit **1** as a 5 × 5 grid: 255 is white paper, 0 is black ink. Change any "
    "number in the table and the picture beside it changes with it."
)
try_this("turn the 0 in the middle of the table into 255 and watch the stroke break.")

_PRESETS = {
    "Digit 1": images.digit_one,
    "Letter H": images.letter_h,
    "Blank": lambda size: np.full((size, size), 255, dtype=np.uint8),
    "Random": lambda size: np.random.default_rng().integers(0, 256, (size, size), dtype=np.uint8),
}


def _set_tiny(preset: str, size: int) -> None:
    st.session_state["tiny_grid"] = _PRESETS[preset](size)
    st.session_state["tiny_version"] = st.session_state.get("tiny_version", 0) + 1


if "tiny_grid" not in st.session_state:
    _set_tiny("Digit 1", 5)

controls, drawn = st.columns([3, 2])
with controls:
    size = st.segmented_control(
        "Grid size",
        [5, 6, 7, 8],
        default=st.session_state["tiny_grid"].shape[0],
        key="tiny_size",
        required=True,
    )
    if size != st.session_state["tiny_grid"].shape[0]:
        _set_tiny("Digit 1", size)
    buttons = st.columns(len(_PRESETS))
    for button, preset in zip(buttons, _PRESETS, strict=False):
        button.button(
            preset, key=f"tiny_{preset}", on_click=_set_tiny, args=(preset, size), width="stretch"
        )
    base = st.session_state["tiny_grid"]
    edited = st.data_editor(
        pd.DataFrame(base.astype(int), columns=[f"col {c}" for c in range(size)]),
        key=f"tiny_editor_{st.session_state['tiny_version']}",
        width="stretch",
    )
values = edited.to_numpy(dtype=float, na_value=0.0)
values = np.nan_to_num(values, nan=0.0, posinf=255.0, neginf=0.0)
outside = int(np.count_nonzero((values < 0) | (values > 255)))
tiny = np.clip(np.rint(values), 0, 255).astype(np.uint8)
with drawn:
    framed = np.pad(enlarge(tiny, 240), 2, constant_values=128)  # white paper needs an edge
    st.image(framed, caption=f"The {size} × {size} grid drawn as a picture")
if outside:
    st.warning(
        f"{outside} value{'s' if outside > 1 else ''} fell outside 0–255 and "
        f"{'were' if outside > 1 else 'was'} clipped: a pixel cannot be darker than black (0) or "
        "brighter than white (255).",
        icon=":material/warning:",
    )


# --------------------------------------------------------------------------------------------
st.header("Flattened: one long line of numbers", divider="gray")
flat = tiny.ravel()
st.markdown(
    f"Read your {size} × {size} grid row by row and you get one line of **{flat.size} numbers**:"
)
st.code(" ".join(str(v) for v in flat), language=None, wrap_lines=True)
st.markdown("A network is usually fed the same numbers scaled to 0–1 (each divided by 255):")
st.code(" ".join(f"{v:.2f}" for v in images.to_unit(flat)), language=None, wrap_lines=True)
photo_size = st.session_state.get("pixels_size", 128)
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

page_footer(PATH)
