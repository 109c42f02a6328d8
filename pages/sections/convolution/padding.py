"""Padding and stride: the border invented around a picture, how far the window jumps, and the
output size they give. The stride's slider answers in the browser (`pages.instant`): every
stride is computed beforehand, once per picture, kernel and border."""

from __future__ import annotations

import io

import numpy as np
import streamlit as st
from PIL import Image

from core import convolution, images
from core.convolution import PADDING_MODES
from pages.common import Picture, current_kernel, gray_of, try_this
from pages.instant import EncodedViews, InstantSlider, View, encode_views, instant_sliders
from pages.sections.convolution.grids import grid_picture
from pages.sections.convolution.settings import MAX_STRIDE, STRIDES, ConvolutionSettings
from pages.sections.convolution.words import BORDER_EXAMPLES


def draw(picture: Picture) -> None:
    """The lab's words and its controls."""
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


VIEW_KEY = "conv_stride_view"


def _formula(n: int, k: int, padding: str, stride: int) -> str:
    pad = convolution.border_width(k, padding=padding)
    size = convolution.output_size(n, k, padding=padding, stride=stride)
    return f"floor(({n} + 2·{pad} − {k}) / {stride}) + 1 = {size}"


STRIDE_SLIDER = InstantSlider(
    ConvolutionSettings.key("stride"),
    "Stride",
    STRIDES,
    ConvolutionSettings.default("stride"),
    help="How far the window jumps each time: every stride up to 8, then doubling up to "
    f"{MAX_STRIDE:,}, where the output of any picture the app works on is one pixel.",
)
LETTER_CELL = 34  # pixels a side of each square of the letter's grids
JPEG_QUALITY = 90  # the picture's output, as st.image sends a picture without transparency


def _letter_part(
    kernel: np.ndarray, padding: str, stride: int
) -> tuple[list[np.ndarray], list[str], str | None]:
    """The 7 × 7 letter H with its border, and its output: the pictures and their captions, or
    core's reason why there is no output."""
    image = images.LETTER_H
    k = kernel.shape[0]
    try:
        output = convolution.correlate2d(image, kernel, padding=padding, stride=stride)
    except ValueError as error:
        return [], [], str(error)
    padded = convolution.pad_image(image, k, padding=padding)
    pad = convolution.border_width(k, padding=padding)
    pictures = [
        grid_picture(padded, origin=(-pad, -pad), border=pad, cell=LETTER_CELL),
        grid_picture(output, diverging=True, cell=LETTER_CELL),
    ]
    captions = [
        f"The letter with its {pad}-pixel border (shaded): {padded.shape[1]} × {padded.shape[0]}"
        if pad
        else "The letter as it is, 7 × 7: valid adds no border.",
        f"Output {output.shape[1]} × {output.shape[0]}: {_formula(7, k, padding, stride)}",
    ]
    return pictures, captions, None


def _jpeg(picture: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(picture).save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _stride_view(gray: np.ndarray, kernel: np.ndarray, padding: str, stride: int) -> View:
    """The letter and the picture with ``padding`` and ``stride``: their outputs, and the output
    size worked out for the picture."""
    k = kernel.shape[0]
    pictures, captions, letter_problem = _letter_part(kernel, padding, stride)
    widths = [picture.shape[1] for picture in pictures]
    height, width = gray.shape
    border = "0 for valid" if padding == "valid" else "(k − 1) / 2"
    after = [
        "**Output size = floor((n + 2·p − k) / s) + 1**, worked out for your picture:",
        f"n is the picture's side, p the border ({border}), k = {k} the kernel's side and "
        f"s = {stride} the stride.",
    ]
    picture_problem = None
    try:
        formulas = [
            f"height: {_formula(height, k, padding, stride)}",
            f"width: {_formula(width, k, padding, stride)}",
        ]
        values = convolution.correlate2d(gray, kernel, padding=padding, stride=stride)
    except ValueError as error:
        picture_problem = str(error)
    else:
        after += formulas
        out_height, out_width = values.shape
        pictures.append(_jpeg(convolution.display_image(values, scaling="diverging")))
        captions.append(
            f"Output {out_width} × {out_height} of your picture, drawn at its true size "
            f"(the input is {width} × {height})"
        )
        widths.append(max(out_width, 1))
        if out_width * out_height < 64:
            after.append(
                f"The output has only {out_width * out_height} pixel"
                f"{'s' if out_width * out_height > 1 else ''}: the stride skips almost "
                "everything."
            )
    problems = [problem for problem in (letter_problem, picture_problem) if problem]
    return View(
        paragraphs=(
            f"**On the 7 × 7 letter H**, with the {k} × {k} kernel from the top of the page:",
        ),
        pictures=tuple(pictures),
        captions=tuple(captions),
        widths=tuple(widths),
        warning=" ".join(problems) or None,
        after=tuple(after),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _stride_views(
    key: str, kernel_id: tuple, padding: str, _gray: np.ndarray, _kernel: np.ndarray
) -> EncodedViews:
    """Every stride the slider offers, once per picture, kernel and border, so the slider
    answers in the browser."""
    return encode_views(
        {(stride,): _stride_view(_gray, _kernel, padding, stride) for stride in STRIDES}
    )


@st.fragment
def _padding_and_stride(picture: Picture) -> None:
    kernel = current_kernel().weights
    padding = st.radio(
        "Border (padding)",
        PADDING_MODES,
        index=PADDING_MODES.index(ConvolutionSettings.default("padding")),
        key=ConvolutionSettings.key("padding"),
        bind="query-params",
        horizontal=True,
        captions=[BORDER_EXAMPLES[mode] for mode in PADDING_MODES],
        persist_state="session",
    )
    st.caption(
        "Mirror (c b | a b c d) does not repeat the edge pixel; replicate (a a | a b c d) "
        "repeats it. OpenCV's default border is the mirror (BORDER_REFLECT_101), not replicate, "
        'whatever some tutorials say. Keras\'s padding="same" uses zeros.'
    )
    kernel_id = (kernel.shape, np.ascontiguousarray(kernel, dtype=np.float64).tobytes())
    views = _stride_views(picture.key, kernel_id, padding, gray_of(picture), kernel)
    instant_sliders(VIEW_KEY, [STRIDE_SLIDER], views)
