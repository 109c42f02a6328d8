"""One step, in numbers: the calculation behind one output pixel, on a picture small enough to
print every number, and the window sliding over every position."""

from __future__ import annotations

import time

import numpy as np
import streamlit as st

from core import convolution, images
from core.convolution import PADDING_MODES
from pages.common import Picture, current_kernel, small_gray_of, try_this
from pages.drawing import number, numbers_picture, outline, outline_block
from pages.sections.convolution.grids import fade_border, grid
from pages.sections.convolution.words import BORDER_EXAMPLES, signed

AUTOPLAY_SECONDS = 4.5  # the pauses; drawing the frames adds about a second
NOT_YET_COLOUR = (222, 226, 230)  # output pixels the window has not reached yet
SMALL_PICTURES = {
    "Digit 1 (5 × 5)": images.DIGIT_ONE,
    "Letter H (7 × 7)": images.LETTER_H,
    "Bright bar (9 × 9)": images.BRIGHT_BAR,
}
YOUR_PICTURE_SIDE = 12  # "your picture" in the step-by-step section, shrunk so numbers fit


def draw(picture: Picture) -> None:
    """The tab's words and its lab."""
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


_STEP_ROW_KEY = "conv_step_row"
_STEP_COL_KEY = "conv_step_col"


def _next_position(rows: int, cols: int) -> None:
    row = st.session_state.get(_STEP_ROW_KEY, 0)
    col = st.session_state.get(_STEP_COL_KEY, 0) + 1
    if col >= cols:
        row, col = (row + 1) % rows, 0
    st.session_state[_STEP_ROW_KEY], st.session_state[_STEP_COL_KEY] = row, col


def _step_board(
    image: np.ndarray,
    kernel: np.ndarray,
    output: np.ndarray,
    *,
    padding: str,
    row: int,
    col: int,
) -> None:
    """The padded input with the window on it, beside the output with the current pixel."""
    k = kernel.shape[0]
    padded = convolution.pad_image(image, k, padding=padding)
    pad = convolution.border_width(k, padding=padding)
    top, left = row - pad, col - pad
    height = min(520, max(260, 34 * padded.shape[0] + 60))
    left_side, right_side = st.columns(2)
    figure = grid(padded, origin=(-pad, -pad), height=height, hover_label="pixel")
    fade_border(figure, image.shape, pad)
    outline(figure, top, left, k, k)
    left_side.plotly_chart(figure, key="conv_step_input")
    left_side.caption(
        f"Input {image.shape[1]} × {image.shape[0]}"
        + (f" with a {pad}-pixel border (shaded)" if pad else "")
        + f"; the window covers rows {number(top)} to {number(top + k - 1)}, "
        f"columns {number(left)} to {number(left + k - 1)}."
    )
    figure = grid(output, diverging=True, height=height, hover_label="output")
    outline(figure, row, col, 1, 1)
    right_side.plotly_chart(figure, key="conv_step_output")
    right_side.caption(
        f"Output {output.shape[1]} × {output.shape[0]}; ringed: row {row}, column {col}."
    )


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


def _position_slider(column, label: str, size: int, key: str) -> int:
    """A slider over 0 … size − 1; with a single position there is nothing to choose."""
    if size == 1:
        column.caption(f"{label}: 0, the only one")
        return 0
    return int(column.slider(label, 0, size - 1, key=key))


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
    for key, size in ((_STEP_ROW_KEY, rows), (_STEP_COL_KEY, cols)):
        st.session_state[key] = min(st.session_state.get(key, 0), size - 1)

    row_pick, col_pick, buttons = st.columns([2, 2, 2], vertical_alignment="bottom")
    row = _position_slider(row_pick, "Output row", rows, _STEP_ROW_KEY)
    col = _position_slider(col_pick, "Output column", cols, _STEP_COL_KEY)
    next_button, play_button = buttons.columns(2)
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

    board = st.empty()
    if play:
        _play(board, image, kernel, output, padding=padding)
    with board.container():
        _step_board(image, kernel, output, padding=padding, row=row, col=col)

    step = convolution.explain_step(image, kernel, row, col, padding=padding)
    patch_side, kernel_side, product_side = st.columns(3)
    cell_height = min(420, max(200, 40 * k + 60))
    patch_side.plotly_chart(
        grid(step.patch, height=cell_height, hover_label="pixel"), key="conv_step_patch"
    )
    patch_side.caption("1. The pixels under the window")
    kernel_side.plotly_chart(
        grid(step.kernel, diverging=True, height=cell_height, hover_label="weight"),
        key="conv_step_kernel",
    )
    kernel_side.caption("2. The kernel's weights, laid on top")
    product_side.plotly_chart(
        grid(step.products, diverging=True, height=cell_height, hover_label="product"),
        key="conv_step_products",
    )
    product_side.caption("3. Each pixel × the weight on top of it")
    if k <= 3:
        terms = " + ".join(
            f"{number(p)}×{signed(w)}"
            for p, w in zip(step.patch.ravel(), step.kernel.ravel(), strict=True)
        )
        st.markdown(f"4. Add the products: {terms} = **{number(round(step.total, 6))}**")
    else:
        st.markdown(
            f"4. Add the {k * k} products: **{number(round(step.total, 6))}**",
        )
    st.markdown(
        f"That sum is output pixel (row {row}, column {col}): "
        f"**{number(round(output[row, col], 6))}**. Every other output pixel is the same "
        "calculation with the window somewhere else."
    )
