"""Colour and depth: a 3 × 3 × 3 filter on the three colour grids, and many filters stacked into
a deeper block."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import convolution
from core.convolution import PRESETS
from pages.common import Picture, gray_of
from pages.drawing import image_width
from pages.headings import subheading
from pages.sections.convolution.filtered import MAIN_PADDING
from pages.sections.convolution.grids import grid
from pages.sections.convolution.words import value_range


def draw(picture: Picture) -> None:
    """The lab's words and its controls."""
    st.markdown(
        "A colour picture is three grids (red, green, blue), so a filter for it is three grids "
        "too: a 3 × 3 × 3 block of 27 weights. Each slice slides over its own colour, and the "
        "three results are **added into one** feature map."
    )
    _colour_filter(picture)
    subheading("Many filters: deeper")
    st.markdown(
        "A CNN layer does not use one filter but many, each looking for something else. Their maps "
        "are stacked into a block whose **depth** is the number of filters. Every few layers a "
        "stride of 2, or a pooling step, halves the maps' width and height, so the data gets "
        "**narrower and deeper** as it flows through the network."
    )
    _filter_stack(picture)


_RED, _GREEN, _BLUE = range(3)


def _colour_kernel(slices: dict[int, np.ndarray]) -> np.ndarray:
    kernel = np.zeros((3, 3, 3))
    for channel, weights in slices.items():
        kernel[..., channel] = weights
    return kernel


COLOUR_KERNELS = {
    "Red minus green": _colour_kernel(
        {_RED: convolution.IDENTITY_WEIGHTS, _GREEN: -convolution.IDENTITY_WEIGHTS}
    ),
    "Vertical edges in red only": _colour_kernel({_RED: convolution.VERTICAL_EDGES_WEIGHTS}),
    "Vertical edges in blue only": _colour_kernel({_BLUE: convolution.VERTICAL_EDGES_WEIGHTS}),
    "Vertical edges in all three": _colour_kernel(
        {c: convolution.VERTICAL_EDGES_WEIGHTS / 3 for c in range(3)}
    ),
}


@st.cache_data(max_entries=16, show_spinner=False)
def _colour_map(key: str, name: str, _rgb: np.ndarray) -> np.ndarray:
    return convolution.correlate_rgb(_rgb, COLOUR_KERNELS[name], padding=MAIN_PADDING)


@st.fragment
def _colour_filter(picture: Picture) -> None:
    name = st.selectbox("A 3-channel kernel", list(COLOUR_KERNELS), key="conv_colour_kernel")
    kernel = COLOUR_KERNELS[name]
    values = _colour_map(picture.key, name, picture.rgb)
    for column, channel, label in zip(
        st.columns(3), range(3), ("Red", "Green", "Blue"), strict=True
    ):
        column.plotly_chart(
            grid(kernel[..., channel], diverging=True, height=220, hover_label="weight"),
            key=f"conv_colour_slice_{channel}",
        )
        column.caption(f"{label} slice: slides over the {label.lower()} grid")
    input_column, output_column = st.columns(2)
    height, width = values.shape
    input_column.image(
        picture.rgb, width=image_width(picture.rgb, 400), caption=f"Input: {width} × {height} × 3"
    )
    output_column.image(
        convolution.display_image(values),
        width=image_width(picture.rgb, 400),
        caption=f"Output: one {width} × {height} map",
    )
    st.markdown(
        f"{width} × {height} × 3 numbers in, a 3 × 3 × 3 kernel, **one** {width} × {height} map "
        f"out. {value_range(values)} "
        + (
            "Red things come out red (positive), green things blue (negative), gray and white "
            "things white (0): this filter sees a colour difference that gray would hide."
            if name == "Red minus green"
            else ""
        )
    )


STACKABLE = [name for name, preset in PRESETS.items() if preset.kernel.shape == (3, 3)]
STACK_DEFAULT = [
    "Vertical edges", "Horizontal edges", "Sobel right", "Sobel bottom", "Outline", "Emboss",
]  # fmt: skip


@st.cache_data(max_entries=16, show_spinner=False)
def _stack(key: str, names: tuple[str, ...], stride: int, _gray: np.ndarray) -> np.ndarray:
    kernels = np.stack([PRESETS[name].kernel for name in names])
    return convolution.correlate_stack(_gray, kernels, padding="zero", stride=stride)


@st.fragment
def _filter_stack(picture: Picture) -> None:
    names = st.multiselect(
        "Filters (4 to 8 make a good stack)",
        STACKABLE,
        default=STACK_DEFAULT,
        max_selections=8,
        key="conv_stack",
    )
    narrower = st.toggle("Stride 2: narrower as well as deeper", key="conv_stack_stride")
    if not names:
        st.info("Choose at least one filter to build a stack.", icon=":material/layers:")
        return
    gray = gray_of(picture)
    volume = _stack(picture.key, tuple(names), 2 if narrower else 1, gray)
    height, width, depth = volume.shape
    for column, index in zip(st.columns(len(names)), range(depth), strict=True):
        column.image(
            convolution.display_image(volume[..., index]), caption=f"{index + 1}. {names[index]}"
        )
    st.markdown(
        f"Input: **{gray.shape[1]} × {gray.shape[0]} × 1** (gray). Output: "
        f"**{width} × {height} × {depth}**, one map per filter"
        + (", about half as wide and half as tall because of the stride." if narrower else ".")
    )
