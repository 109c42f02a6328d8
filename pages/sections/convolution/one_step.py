"""One step, in numbers: the calculation behind one output pixel, on a picture small enough to
print every number, and the window sliding over every position.

The output row and column sliders answer in the browser (`pages.instant`, lazy views): when
the person reaches for one, the page draws the step at each of its positions, the other slider
where it is."""

from __future__ import annotations

import hashlib
import time

import numpy as np
import streamlit as st

from core import convolution, images
from core.convolution import PADDING_MODES
from pages.common import Picture, current_kernel, small_gray_of, try_this
from pages.drawing import number, numbers_picture, outline_block
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    steps_around,
    take_let_go,
    wanted_slider,
)
from pages.sections.convolution.grids import grid_picture
from pages.sections.convolution.settings import STEP_PICTURE_SIDE, ConvolutionSettings
from pages.sections.convolution.words import BORDER_EXAMPLES, signed

AUTOPLAY_SECONDS = 4.5  # the pauses; drawing the frames adds about a second
NOT_YET_COLOUR = (222, 226, 230)  # output pixels the window has not reached yet
SMALL_PICTURES = {
    "Digit 1 (5 × 5)": images.DIGIT_ONE,
    "Letter H (7 × 7)": images.LETTER_H,
    "Bright bar (9 × 9)": images.BRIGHT_BAR,
}
YOUR_PICTURE_SIDE = STEP_PICTURE_SIDE  # "your picture" here, shrunk so numbers fit


def draw(picture: Picture) -> None:
    """The lab's words and its controls."""
    st.markdown(
        "Here is the calculation behind **one** output pixel, on a picture small enough to print "
        "every number. The orange square is the window: the kernel laid over the picture. Multiply "
        "each pixel under it by the weight on top of it, add the products, and you have the output "
        "pixel ringed in orange on the right. Then the window moves one pixel on and does it again."
    )
    try_this(
        "press **Play** on the letter H with the *Vertical edges* kernel and watch "
        "the output fill in: the strong numbers appear exactly where a stroke has an edge on its "
        "left or right."
    )
    _one_step(picture)


VIEW_KEY = "conv_step_view"  # the position sliders and the step they show (pages.instant)
ROW_NAME = ConvolutionSettings.key("step_row")
COL_NAME = ConvolutionSettings.key("step_col")


def _position_slider(name: str, label: str, size: int) -> InstantSlider:
    """A slider over 0 … size − 1; with a single position there is nothing to choose."""
    if size == 1:
        return InstantSlider(name, label, (0,), 0, labels=("0, the only one",), disabled=True)
    return InstantSlider(name, label, tuple(range(size)), 0)


def _position_sliders(rows: int, cols: int) -> list[InstantSlider]:
    """The output row and column sliders for an output of ``rows`` × ``cols`` pixels (their keys
    stay the same whatever the size)."""
    return [
        _position_slider(ROW_NAME, "Output row", rows),
        _position_slider(COL_NAME, "Output column", cols),
    ]


def _next_position(rows: int, cols: int) -> None:
    take_let_go(VIEW_KEY, _position_sliders(rows, cols))  # a letting go just before: Next wins
    row = st.session_state.get(ROW_NAME, 0)
    col = st.session_state.get(COL_NAME, 0) + 1
    if col >= cols:
        row, col = (row + 1) % rows, 0
    st.session_state[ROW_NAME], st.session_state[COL_NAME] = row, col


def _board_cell(side: int) -> int:
    """Pixels a side of each square of a grid ``side`` cells wide: about 380 pixels in all,
    the squares no smaller than 24 (a number must fit) nor larger than 44."""
    return max(24, min(44, 380 // side))


def _step_view(
    image: np.ndarray, kernel: np.ndarray, output: np.ndarray, padding: str, row: int, col: int
) -> View:
    """The padded input with the window on it, the output with the current pixel ringed, the
    window's pixels, weights and products, and their sum."""
    k = kernel.shape[0]
    padded = convolution.pad_image(image, k, padding=padding)
    pad = convolution.border_width(k, padding=padding)
    top, left = row - pad, col - pad
    cell = _board_cell(max(padded.shape))
    step = convolution.explain_step(image, kernel, row, col, padding=padding)
    small = _board_cell(k)
    pictures = (
        grid_picture(
            padded, origin=(-pad, -pad), border=pad, cell=cell, outlines=((top, left, k, k),)
        ),
        grid_picture(output, diverging=True, cell=cell, outlines=((row, col, 1, 1),)),
        grid_picture(step.patch, cell=small),
        grid_picture(step.kernel, diverging=True, cell=small),
        grid_picture(step.products, diverging=True, cell=small),
    )
    if k <= 3:
        terms = " + ".join(
            f"{number(p)}×{signed(w)}"
            for p, w in zip(step.patch.ravel(), step.kernel.ravel(), strict=True)
        )
        total = f"4. Add the products: {terms} = **{number(round(step.total, 6))}**"
    else:
        total = f"4. Add the {k * k} products: **{number(round(step.total, 6))}**"
    return View(
        paragraphs=(),
        pictures=pictures,
        captions=(
            f"Input {image.shape[1]} × {image.shape[0]}"
            + (f" with a {pad}-pixel border (shaded)" if pad else "")
            + f"; the window covers rows {number(top)} to {number(top + k - 1)}, "
            f"columns {number(left)} to {number(left + k - 1)}.",
            f"Output {output.shape[1]} × {output.shape[0]}; ringed: row {row}, column {col}.",
            "1. The pixels under the window",
            "2. The kernel's weights, laid on top",
            "3. Each pixel × the weight on top of it",
        ),
        widths=tuple(picture.shape[1] for picture in pictures),
        after=(
            total,
            f"That sum is output pixel (row {row}, column {col}): "
            f"**{number(round(output[row, col], 6))}**. Every other output pixel is the same "
            "calculation with the window somewhere else.",
        ),
    )


@st.cache_data(max_entries=64, show_spinner=False)
def _step_views(
    drawn_from: str,
    positions: tuple[tuple[int, int], ...],
    padding: str,
    _image: np.ndarray,
    _kernel: np.ndarray,
) -> EncodedViews:
    """The views of ``positions`` (output row, column) for the picture and kernel that
    ``drawn_from`` names."""
    output = convolution.correlate2d(_image, _kernel, padding=padding)
    return encode_views(
        {
            (row, col): _step_view(_image, _kernel, output, padding, row, col)
            for row, col in positions
        }
    )


def _views(
    drawn_from: str,
    image: np.ndarray,
    kernel: np.ndarray,
    padding: str,
    held: tuple[int, int],
    sliders: list[InstantSlider],
    wanted: InstantSlider | None,
) -> EncodedViews:
    """The view of the held position, and every step of the slider the browser wants (its
    row or its column), as lazy views: every position of a 12 × 12 output would be far too
    much to send at once."""
    views = _step_views(drawn_from, (held,), padding, image, kernel)
    if wanted is None:
        return views
    steps = tuple(steps_around(held, sliders, wanted))
    return _step_views(drawn_from, steps, padding, image, kernel) | views


def _play(
    board, image: np.ndarray, kernel: np.ndarray, output: np.ndarray, *, padding: str
) -> None:
    """Slide the window over every position in turn, filling the output in as it goes.

    Frames are pictures, not charts: a browser swaps a picture at once, while a chart would
    be rebuilt from scratch for every frame.
    """
    k = kernel.shape[0]
    padded = convolution.pad_image(image, k, padding=padding)
    colours = convolution.display_image(output)  # the final colours, so they never shift
    rows, cols = output.shape
    cell = max(24, 300 // max(padded.shape))
    pause = AUTOPLAY_SECONDS / (rows * cols)
    for index in range(rows * cols):
        row, col = divmod(index, cols)
        so_far = colours.copy()
        so_far.reshape(-1, 3)[index + 1 :] = NOT_YET_COLOUR
        with board.container():
            left_side, right_side = st.columns(2)
            left_side.image(
                numbers_picture(padded, cell=cell, outline=(row, col, k, k)),
                caption=f"The window at output row {row}, column {col}",
            )
            right_side.image(
                outline_block(so_far, row, col, 1, 1, target=cell * max(rows, cols)),
                caption=f"The output so far: {index + 1} of {rows * cols} pixels",
            )
        time.sleep(pause)


@st.fragment
def _one_step(picture: Picture) -> None:
    chosen = current_kernel()
    kernel = chosen.weights
    k = kernel.shape[0]
    choices = [*SMALL_PICTURES, f"Your picture ({YOUR_PICTURE_SIDE} × {YOUR_PICTURE_SIDE})"]
    pick, pad_pick = st.columns([3, 2])
    choice = pick.segmented_control(
        "Picture", choices, default=choices[1], key="conv_step_picture", required=True
    )
    padding = pad_pick.selectbox(
        "Border (padding)",
        PADDING_MODES,
        index=PADDING_MODES.index("zero"),
        key="conv_step_padding",
        format_func=lambda mode: f"{mode}: {BORDER_EXAMPLES[mode]}",
    )
    if choice in SMALL_PICTURES:
        image = SMALL_PICTURES[choice]
    else:
        image = small_gray_of(picture, YOUR_PICTURE_SIDE)
    st.caption(
        f"The kernel is the one from the top of the page: **{chosen.name}**, {k} × {k}. "
        "A new preset or size there redraws this at once; moved weights show up here the next "
        "time you touch something in this section."
    )
    try:
        output = convolution.correlate2d(image, kernel, padding=padding)
    except ValueError as error:
        st.warning(str(error), icon=":material/warning:")
        return
    rows, cols = output.shape
    sliders = _position_sliders(rows, cols)
    for slider in sliders:  # a held position off a smaller output: its last row or column
        held = st.session_state.get(slider.name, 0)
        if isinstance(held, int) and not isinstance(held, bool):
            st.session_state[slider.name] = min(max(held, 0), slider.options[-1])

    next_button, play_button, _ = st.columns([1, 1, 2], vertical_alignment="bottom")
    next_button.button(
        "Next position",
        key="conv_step_next",
        icon=":material/skip_next:",
        on_click=_next_position,
        args=(rows, cols),
        width="stretch",
    )
    positions = rows * cols
    play = play_button.button(
        "Play",
        key="conv_step_play",
        icon=":material/play_arrow:",
        width="stretch",
        disabled=positions > 100,
        help="Slides the window left to right, top to bottom, filling the output in"
        + ("" if positions <= 100 else " (for outputs of up to 100 pixels)."),
    )
    if play:
        board = st.empty()
        _play(board, image, kernel, output, padding=padding)
        board.empty()

    held = held_values(VIEW_KEY, sliders)
    drawn_from = hashlib.sha256(
        repr((image.shape, kernel.shape, padding)).encode()
        + np.ascontiguousarray(image, np.float64).tobytes()
        + np.ascontiguousarray(kernel, np.float64).tobytes()
    ).hexdigest()[:20]
    views = _views(
        drawn_from, image, kernel, padding, held, sliders, wanted_slider(VIEW_KEY, sliders)
    )
    instant_sliders(VIEW_KEY, sliders, views, lazy=drawn_from)
