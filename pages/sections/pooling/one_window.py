"""Pooling, one window at a time: an 8 × 8 grid of random numbers, its windows and winners."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import colours, pooling
from pages.drawing import HIGHLIGHT, heatmap, outline, plural
from pages.presenter import as_slide
from pages.sections.pooling.settings import GRID_MAX, GRID_SIDE, PoolingSettings

GRID_CELL = 42  # pixels per cell of the small grids
MODE_NAMES = {"max": "Max (keep the largest)", "average": "Average (keep the mean)"}


INTRO = (
    "Pooling lays a small window on the map, keeps **one** number for it, moves the window on by "
    "the **stride** and repeats. *Max pooling* keeps the largest number in the window, *average "
    f"pooling* their mean. Below are {GRID_SIDE} × {GRID_SIDE} random numbers: the orange square "
    "is the window, and the grid on the right is what pooling keeps."
)


@as_slide("one-window")
def draw() -> None:
    """The section: what pooling does, then the grid, its controls and what they did."""
    st.header("Pooling, one window at a time", divider="gray")
    st.markdown(INTRO)
    _example()


@st.cache_data(max_entries=64, show_spinner=False)
def _small_numbers(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, GRID_MAX + 1, (GRID_SIDE, GRID_SIDE)).astype(np.float64)


def _small_grid_figure(values: np.ndarray, value_format: str) -> go.Figure:
    figure = heatmap(
        values,
        colorscale=colours.UNSIGNED_PLOTLY,
        zmin=0,
        zmax=GRID_MAX,
        show_values=True,
        value_format=value_format,
        height=40 + GRID_CELL * values.shape[0],  # the same cell size for input and output
    )
    figure.update_traces(textfont={"size": 15})
    figure.update_xaxes(dtick=1)
    figure.update_yaxes(dtick=1)
    return figure


def _grid_width(values: np.ndarray) -> int:
    """Width of a small grid's chart: its square cells plus room for the row numbers."""
    return 60 + GRID_CELL * values.shape[1]


def _new_numbers() -> None:
    st.session_state["pooling_seed"] = st.session_state.get("pooling_seed", 0) + 1


def _move_window(by: int) -> None:
    st.session_state["pooling_step"] = st.session_state.get("pooling_step", 0) + by


@st.fragment
def _example() -> None:
    numbers = _small_numbers(st.session_state.setdefault("pooling_seed", 0))
    mode_column, size_column, stride_column = st.columns([3, 2, 2])
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
    size = size_column.slider(
        "Window size",
        1,
        GRID_SIDE + 1,
        PoolingSettings.default("small_size"),
        key=PoolingSettings.key("small_size"),
        bind="query-params",
        persist_state="session",
        help=f"The window is size × size numbers. {GRID_SIDE + 1} is larger than the grid, on "
        "purpose.",
    )
    stride = stride_column.slider(
        "Stride (step between windows)",
        1,
        GRID_SIDE + 1,
        PoolingSettings.default("small_stride"),
        key=PoolingSettings.key("small_stride"),
        bind="query-params",
        persist_state="session",
        help="Stride equal to the window size: windows side by side. Smaller: they overlap.",
    )
    previous_button, next_button, new_button = st.columns([1, 1, 3])
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
        "New numbers", key="pooling_new_numbers", on_click=_new_numbers, icon=":material/casino:"
    )

    grid_column, pooled_column = st.columns(2)
    input_figure = _small_grid_figure(numbers, "d")
    try:
        pooled = pooling.pool2d(numbers, size, stride=stride, mode=mode)
    except ValueError as error:
        st.warning(f"{error} Nothing can be pooled.", icon=":material/warning:")
        grid_column.plotly_chart(
            input_figure, key="pooling_small_input", width=_grid_width(numbers)
        )
        grid_column.caption(f"The {GRID_SIDE} × {GRID_SIDE} numbers.")
        return

    windows = pooling.pool_windows(numbers.shape, size, stride=stride)
    out_rows, out_cols = pooled.shape
    count = out_rows * out_cols
    index = st.session_state.get("pooling_step", 0) % count
    row, col = divmod(index, out_cols)
    row0, row1, col0, col1 = (int(n) for n in windows[row, col])

    for bounds in windows.reshape(-1, 4):
        top, bottom, left, right = (int(n) for n in bounds)
        outline(
            input_figure, top, left, bottom - top, right - left,
            color="rgba(60,60,60,0.45)", width=1, dash="dot",
        )  # fmt: skip
    covered_rows, covered_cols = int(windows[..., 1].max()), int(windows[..., 3].max())
    for x0, y0 in ((covered_cols, 0), (0, covered_rows)):  # what no window reaches is dropped
        if x0 < GRID_SIDE and y0 < GRID_SIDE:
            input_figure.add_shape(
                type="rect",
                x0=x0 - 0.5,
                x1=GRID_SIDE - 0.5,
                y0=y0 - 0.5,
                y1=GRID_SIDE - 0.5,
                fillcolor="rgba(120,120,120,0.55)",
                line={"width": 0},
            )
    outline(input_figure, row0, col0, row1 - row0, col1 - col0, width=5)
    if mode == "max":
        rows, cols = pooling.pool2d_argmax(numbers, size, stride=stride)
        winner_row, winner_col = int(rows[row, col]), int(cols[row, col])
        input_figure.add_shape(
            type="circle",
            x0=winner_col - 0.42,
            x1=winner_col + 0.42,
            y0=winner_row - 0.42,
            y1=winner_row + 0.42,
            line={"color": HIGHLIGHT, "width": 3},
        )
    grid_column.plotly_chart(input_figure, key="pooling_small_input", width=_grid_width(numbers))
    grid_column.caption(
        f"The {GRID_SIDE} × {GRID_SIDE} numbers. Dotted squares: every window; orange: window "
        f"{index + 1}" + (", circled: its winner." if mode == "max" else ".")
    )

    output_figure = _small_grid_figure(pooled, "d" if mode == "max" else ".2~f")
    outline(output_figure, row, col, 1, 1, width=5)
    pooled_column.plotly_chart(output_figure, key="pooling_small_output", width=_grid_width(pooled))
    pooled_column.caption(
        f"After {mode} pooling: {out_rows} × {out_cols} = {plural(count, 'number')}, one per "
        "window. Orange: the current window's number."
    )

    window_values = numbers[row0:row1, col0:col1].astype(int).ravel()
    listed = ", ".join(str(v) for v in window_values)
    kept = (
        f"the largest is **{pooled[row, col]:g}**"
        if mode == "max"
        else (f"their mean is **{pooled[row, col]:.4g}**")
    )
    st.markdown(
        f"**Window {index + 1} of {count}:** rows {row0}–{row1 - 1}, columns {col0}–{col1 - 1} "
        f"hold {listed}; {kept}."
    )
    notes = [
        f"{GRID_SIDE * GRID_SIDE} numbers in, {count} out: each side has "
        f"⌊({GRID_SIDE} − {size}) / {stride}⌋ + 1 = {out_cols} windows (⌊ ⌋ rounds down: a "
        "window that would stick out past the edge does not count)."
    ]
    dropped = GRID_SIDE - covered_cols
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
    st.markdown("\n".join(f"- {note}" for note in notes))
