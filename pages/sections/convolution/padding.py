"""Padding and stride: the border invented around a picture, how far the window jumps, and the
output size they give."""

from __future__ import annotations

import streamlit as st

from core import convolution, images
from core.convolution import PADDING_MODES
from pages.common import Picture, current_kernel, gray_of, try_this
from pages.sections.convolution.filtered import filtered
from pages.sections.convolution.grids import fade_border, grid
from pages.sections.convolution.settings import MAX_STRIDE, ConvolutionSettings
from pages.sections.convolution.words import BORDER_EXAMPLES


def draw(picture: Picture) -> None:
    """The tab's words and its lab."""
    st.markdown(
        "At the edge of the picture part of the window hangs outside. Either the window stays "
        "inside (**valid**: no border, and the output shrinks by the kernel's size minus 1), or a "
        "border is invented around the picture (**padding**) so the output keeps its size. "
        "**Stride** is how far the window jumps each time: stride 2 skips every other position, so "
        "the output is about half as wide and half as tall."
    )
    try_this(
        "choose *valid*, then set the stride to 2, and compare the formula with the "
        "size of the output picture."
    )
    _padding_and_stride(picture)


def _formula(n: int, k: int, padding: str, stride: int) -> str:
    pad = convolution.border_width(k, padding=padding)
    size = convolution.output_size(n, k, padding=padding, stride=stride)
    return f"floor(({n} + 2·{pad} − {k}) / {stride}) + 1 = {size}"


@st.fragment
def _padding_and_stride(picture: Picture) -> None:
    kernel = current_kernel().weights
    k = kernel.shape[0]
    mode_pick, stride_pick = st.columns([3, 1])
    padding = mode_pick.radio(
        "Border (padding)",
        PADDING_MODES,
        index=PADDING_MODES.index(ConvolutionSettings.default("padding")),
        key=ConvolutionSettings.key("padding"),
        bind="query-params",
        horizontal=True,
        captions=[BORDER_EXAMPLES[mode] for mode in PADDING_MODES],
        persist_state="session",
    )
    stride = stride_pick.number_input(
        "Stride",
        min_value=1,
        max_value=MAX_STRIDE,
        value=ConvolutionSettings.default("stride"),
        key=ConvolutionSettings.key("stride"),
        bind="query-params",
        persist_state="session",
    )
    st.caption(
        "Mirror (c b | a b c d) does not repeat the edge pixel; replicate (a a | a b c d) "
        "repeats it. OpenCV's default border is the mirror (BORDER_REFLECT_101), not replicate, "
        'whatever some tutorials say. Keras\'s padding="same" uses zeros.'
    )

    image = images.LETTER_H
    st.markdown(f"**On the 7 × 7 letter H**, with the {k} × {k} kernel from the top of the page:")
    try:
        output = convolution.correlate2d(image, kernel, padding=padding, stride=stride)
    except ValueError as error:
        st.warning(str(error), icon=":material/warning:")
    else:
        padded = convolution.pad_image(image, k, padding=padding)
        pad = convolution.border_width(k, padding=padding)
        in_column, out_column = st.columns(2, gap="medium")
        grid_height = min(520, max(260, 34 * padded.shape[0] + 60))
        figure = grid(padded, origin=(-pad, -pad), height=grid_height, hover_label="pixel")
        fade_border(figure, image.shape, pad)
        in_column.plotly_chart(figure, key="conv_padding_input")
        in_column.caption(
            f"The letter with its {pad}-pixel border (shaded): "
            f"{padded.shape[1]} × {padded.shape[0]}"
            if pad
            else "The letter as it is, 7 × 7: valid adds no border."
        )
        out_column.plotly_chart(
            grid(output, diverging=True, height=grid_height, hover_label="output"),
            key="conv_padding_output",
        )
        out_column.caption(
            f"Output {output.shape[1]} × {output.shape[0]}: {_formula(7, k, padding, stride)}"
        )

    gray = gray_of(picture)
    height, width = gray.shape
    words, drawn = st.columns([2, 3], gap="medium")
    with words:
        st.markdown("**Output size = floor((n + 2·p − k) / s) + 1**, worked out for your picture:")
        border = "0 for valid" if padding == "valid" else "(k − 1) / 2"
        st.caption(
            f"n is the picture's side, p the border ({border}), k = {k} the kernel's side and "
            f"s = {stride} the stride."
        )
        try:
            st.markdown(
                f"- height: {_formula(height, k, padding, stride)}\n"
                f"- width: {_formula(width, k, padding, stride)}"
            )
            values, shown = filtered(
                picture, kernel, padding=padding, stride=stride, scaling="diverging"
            )
        except ValueError as error:
            st.warning(str(error), icon=":material/warning:")
            return
    out_height, out_width = values.shape
    drawn.image(
        shown,
        width=max(out_width, 1),
        caption=f"Output {out_width} × {out_height}, drawn at its true size "
        f"(the input is {width} × {height})",
    )
    if out_width * out_height < 64:
        words.caption(
            f"The output has only {out_width * out_height} pixel"
            f"{'s' if out_width * out_height > 1 else ''}: the stride skips almost everything."
        )
