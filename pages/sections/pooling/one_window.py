"""Pooling, one window at a time: an 8 × 8 grid of random numbers, its windows and winners,
answered in the browser as the window size and stride sliders move (`pages.instant`)."""

from __future__ import annotations

import functools
import operator

import numpy as np
import streamlit as st
from PIL import Image, ImageDraw, ImageFont

from core import colours, pooling
from pages.drawing import HIGHLIGHT_RGB, plural
from pages.headings import section_heading
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    steps_around,
    wanted_slider,
)
from pages.presenter import as_slide
from pages.sections.pooling.settings import (
    GRID_MAX,
    GRID_SIDE,
    MODE_NAMES,
    SMALL_SIDES,
    PoolingSettings,
)

GRID_CELL = 42  # pixels per cell of the small grids (the same for input and output)
GRID_LABELS = 22  # room left of and above a grid for its row and column numbers
GRID_PAD = 4  # room right of and below a grid, for the orange frame
WINDOW_LINE = (40, 40, 40, 170)  # the dotted squares of every window
DROPPED_SHADE = (120, 120, 120, 140)  # over the rows and columns no window reaches
LABEL_INK = (90, 90, 90)  # the row and column numbers

SIZE_SLIDER = InstantSlider(
    PoolingSettings.key("small_size"),
    "Window size",
    SMALL_SIDES,
    PoolingSettings.default("small_size"),
    help=f"The window is size × size numbers. {GRID_SIDE + 1} is larger than the grid, on purpose.",
)
STRIDE_SLIDER = InstantSlider(
    PoolingSettings.key("small_stride"),
    "Stride (step between windows)",
    SMALL_SIDES,
    PoolingSettings.default("small_stride"),
    help="Stride equal to the window size: windows side by side. Smaller: they overlap.",
)
SLIDERS = (SIZE_SLIDER, STRIDE_SLIDER)
VIEW_KEY = "pooling_small_view"

INTRO = (
    "Pooling lays a small window on the map, keeps **one** number for it, moves the window on by "
    "the **stride** and repeats. *Max pooling* keeps the largest number in the window, *average "
    f"pooling* their mean. Below are {GRID_SIDE} × {GRID_SIDE} random numbers: the orange square "
    "is the window, and the grid on the right is what pooling keeps."
)


@as_slide("one-window")
def draw() -> None:
    """The section: what pooling does, then the grid, its controls and what they did."""
    section_heading("Pooling, one window at a time")
    st.markdown(INTRO)
    _example()


@st.cache_data(max_entries=64, show_spinner=False)
def _small_numbers(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, GRID_MAX + 1, (GRID_SIDE, GRID_SIDE)).astype(np.float64)


def _number_text(value: float, mode: str) -> str:
    """A cell's number as the grids print it: whole for max, up to two decimals for averages."""
    if mode == "max":
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _cell_box(row: int, col: int, rows: int = 1, cols: int = 1) -> list[int]:
    """The pixel corners of a block of cells of a grid picture (inclusive, PIL's way)."""
    left, top = GRID_LABELS + col * GRID_CELL, GRID_LABELS + row * GRID_CELL
    return [left, top, left + cols * GRID_CELL, top + rows * GRID_CELL]


def cell_point(row: int, col: int) -> tuple[int, int]:
    """A pixel (x, y) of a cell that shows the cell's colour alone: clear of its number, the
    lines between windows, the orange frame and the winner's circle (read by the tests)."""
    left, top, *_ = _cell_box(row, col)
    return left + GRID_CELL // 4, top + GRID_CELL // 4


def _dotted_rectangle(draw: ImageDraw.ImageDraw, box: list[int], fill: tuple) -> None:
    left, top, right, bottom = box
    for x in range(left, right + 1, 4):
        draw.point([(x, top), (x, bottom)], fill=fill)
    for y in range(top, bottom + 1, 4):
        draw.point([(left, y), (right, y)], fill=fill)


def grid_picture(
    values: np.ndarray,
    mode: str,
    *,
    windows: np.ndarray | None = None,
    current: tuple[int, int, int, int] | None = None,
    winner: tuple[int, int] | None = None,
) -> np.ndarray:
    """A small grid as the page draws it: each cell in core's colours for maps from 0 up (0 to
    ``GRID_MAX``) with its number printed, row and column numbers around it.

    ``windows`` (from :func:`core.pooling.pool_windows`): every window dotted, and the rows and
    columns no window reaches shaded gray. ``current`` = (top, left, height, width): an orange
    frame; ``winner`` = (row, col): an orange circle.
    """
    rows, cols = values.shape
    shades = colours.unsigned_colours(values, limit=GRID_MAX)
    canvas = Image.new(
        "RGBA",
        (GRID_LABELS + cols * GRID_CELL + GRID_PAD, GRID_LABELS + rows * GRID_CELL + GRID_PAD),
        (255, 255, 255, 255),
    )
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=15)  # Pillow's bundled font: works offline
    label_font = ImageFont.load_default(size=12)
    for row in range(rows):
        for col in range(cols):
            box = _cell_box(row, col)
            shade = tuple(int(n) for n in shades[row, col])
            draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=shade)
            light = 0.299 * shade[0] + 0.587 * shade[1] + 0.114 * shade[2] > 128
            draw.text(
                ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2),
                _number_text(values[row, col], mode),
                fill=(0, 0, 0) if light else (255, 255, 255),
                font=font,
                anchor="mm",
            )
    middle = GRID_LABELS + GRID_CELL / 2
    for row in range(rows):  # row numbers on the left, column numbers on top
        label = (GRID_LABELS / 2, middle + row * GRID_CELL)
        draw.text(label, str(row), fill=LABEL_INK, font=label_font, anchor="mm")
    for col in range(cols):
        label = (middle + col * GRID_CELL, GRID_LABELS / 2)
        draw.text(label, str(col), fill=LABEL_INK, font=label_font, anchor="mm")
    if windows is not None:
        marks = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
        marked = ImageDraw.Draw(marks)
        covered_rows, covered_cols = int(windows[..., 1].max()), int(windows[..., 3].max())
        if covered_cols < cols:  # what no window reaches is dropped
            marked.rectangle(_cell_box(0, covered_cols, rows, cols - covered_cols), DROPPED_SHADE)
        if covered_rows < rows:
            below = _cell_box(covered_rows, 0, rows - covered_rows, covered_cols)
            marked.rectangle(below, DROPPED_SHADE)
        for bounds in windows.reshape(-1, 4):
            top, bottom, left, right = (int(n) for n in bounds)
            _dotted_rectangle(marked, _cell_box(top, left, bottom - top, right - left), WINDOW_LINE)
        canvas = Image.alpha_composite(canvas, marks)
        draw = ImageDraw.Draw(canvas)
    if current is not None:
        top, left, height, width = current
        box = _cell_box(top, left, height, width)
        frame = [box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2]  # 5 pixels across the edge
        draw.rectangle(frame, outline=HIGHLIGHT_RGB, width=5)
    if winner is not None:
        left, top, right, bottom = _cell_box(*winner)
        middle_x, middle_y, radius = (left + right) / 2, (top + bottom) / 2, 0.42 * GRID_CELL
        draw.ellipse(
            [middle_x - radius, middle_y - radius, middle_x + radius, middle_y + radius],
            outline=HIGHLIGHT_RGB,
            width=3,
        )
    return np.asarray(canvas.convert("RGB"))


def _window_view(numbers: np.ndarray, mode: str, step: int, size: int, stride: int) -> View:
    """The two grids and their words for one window size and stride, at window ``step``."""
    width = GRID_LABELS + GRID_SIDE * GRID_CELL + GRID_PAD
    try:
        pooled = pooling.pool2d(numbers, size, stride=stride, mode=mode)
    except ValueError as error:
        return View(
            paragraphs=(),
            warning=f"{error} Nothing can be pooled.",
            pictures=(grid_picture(numbers, "max"),),
            captions=(f"The {GRID_SIDE} × {GRID_SIDE} numbers.",),
            widths=(width,),
        )
    windows = pooling.pool_windows(numbers.shape, size, stride=stride)
    out_rows, out_cols = pooled.shape
    count = out_rows * out_cols
    index = step % count
    row, col = divmod(index, out_cols)
    row0, row1, col0, col1 = (int(n) for n in windows[row, col])
    winner = None
    if mode == "max":
        rows, cols = pooling.pool2d_argmax(numbers, size, stride=stride)
        winner = int(rows[row, col]), int(cols[row, col])
    current = (row0, col0, row1 - row0, col1 - col0)
    input_picture = grid_picture(numbers, "max", windows=windows, current=current, winner=winner)
    output_picture = grid_picture(pooled, mode, current=(row, col, 1, 1))

    window_values = numbers[row0:row1, col0:col1].astype(int).ravel()
    listed = ", ".join(str(v) for v in window_values)
    kept = (
        f"the largest is **{pooled[row, col]:g}**"
        if mode == "max"
        else f"their mean is **{pooled[row, col]:.4g}**"
    )
    notes = [
        f"{GRID_SIDE * GRID_SIDE} numbers in, {count} out: each side has "
        f"⌊({GRID_SIDE} − {size}) / {stride}⌋ + 1 = {out_cols} windows (⌊ ⌋ rounds down: a "
        "window that would stick out past the edge does not count)."
    ]
    dropped = GRID_SIDE - int(windows[..., 3].max())
    if dropped:
        notes.append(
            f"The last {plural(dropped, 'row')} and {plural(dropped, 'column')} (gray) do not "
            "fill a whole window and are dropped, as Keras does with padding='valid'."
        )
    if stride < size:
        notes.append(
            "The stride is smaller than the window, so windows overlap: one number can "
            "win several windows."
        )
    elif stride > size:
        notes.append(
            "The stride is larger than the window, so some numbers fall between "
            "windows and are never looked at."
        )
    return View(
        paragraphs=(
            f"**Window {index + 1} of {count}:** rows {row0}–{row1 - 1}, columns "
            f"{col0}–{col1 - 1} hold {listed}; {kept}.",
        ),
        pictures=(input_picture, output_picture),
        captions=(
            f"The {GRID_SIDE} × {GRID_SIDE} numbers. Dotted squares: every window; orange: window "
            f"{index + 1}" + (", circled: its winner." if mode == "max" else "."),
            f"After {mode} pooling: {out_rows} × {out_cols} = {plural(count, 'number')}, one per "
            "window. Orange: the current window's number.",
        ),
        widths=(width, GRID_LABELS + out_cols * GRID_CELL + GRID_PAD),
        numbered=tuple(notes),
    )


def _window_views(
    seed: int, mode: str, step: int, held: tuple[int, ...], wanted: InstantSlider | None
) -> EncodedViews:
    """The view of the held window size and stride and, when the browser asks for a slider's
    steps, the view of each of them with the other slider where it is (lazy views: every
    combination would be 81 pairs of pictures, about 2 MB, on every press of a button)."""
    wanted_values = [held]
    if wanted is not None:
        wanted_values += steps_around(held, list(SLIDERS), wanted)
    views = (
        _encoded_window_view(seed, mode, step, *values) for values in dict.fromkeys(wanted_values)
    )
    return functools.reduce(operator.or_, views)


@st.cache_resource(max_entries=256, show_spinner=False)
def _encoded_window_view(seed: int, mode: str, step: int, size: int, stride: int) -> EncodedViews:
    """One window size and stride's view, encoded once. The steps sent when the browser asked
    include the values the person lets go of, so letting go sends a view already made instead
    of drawing and encoding it again (~10 ms, which split the rerun's drawing in two)."""
    numbers = _small_numbers(seed)
    return encode_views({(size, stride): _window_view(numbers, mode, step, size, stride)})


def _new_numbers() -> None:
    st.session_state["pooling_seed"] = st.session_state.get("pooling_seed", 0) + 1


def _move_window(by: int) -> None:
    st.session_state["pooling_step"] = st.session_state.get("pooling_step", 0) + by


@st.fragment
def _example() -> None:
    seed = st.session_state.setdefault("pooling_seed", 0)
    mode_column, previous_button, next_button, new_button = st.columns(
        [3, 2, 2, 2], vertical_alignment="bottom"
    )
    mode = mode_column.segmented_control(
        "Keep from each window",
        pooling.POOL_MODES,
        default=PoolingSettings.default("small_mode"),
        format_func=MODE_NAMES.get,
        required=True,
        key=PoolingSettings.key("small_mode"),
        bind="query-params",
        persist_state="session",
    )
    previous_button.button(
        "Previous window",
        key="pooling_previous",
        on_click=_move_window,
        args=(-1,),
        icon=":material/arrow_back:",
        width="stretch",
    )
    next_button.button(
        "Next window",
        key="pooling_next",
        on_click=_move_window,
        args=(1,),
        icon=":material/arrow_forward:",
        width="stretch",
    )
    new_button.button(
        "New numbers",
        key="pooling_new_numbers",
        on_click=_new_numbers,
        icon=":material/casino:",
        width="stretch",
    )
    step = st.session_state.get("pooling_step", 0)
    held = held_values(VIEW_KEY, list(SLIDERS))
    views = _window_views(seed, mode, step, held, wanted_slider(VIEW_KEY, list(SLIDERS)))
    instant_sliders(VIEW_KEY, list(SLIDERS), views, lazy=repr((seed, mode, step)))
