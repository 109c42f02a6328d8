"""Pooling & activations: shrink a feature map but keep what it found, bend its numbers, decide."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import activations, architecture, colours, convolution, images, metadata, pooling
from core.architecture import LayerShape
from pages.common import (
    KERNEL_KEY,
    ChosenKernel,
    Picture,
    current_kernel,
    heatmap,
    picture_picker,
    times,
    try_this,
)
from pages.instant import InstantSlider, View, encode_views, instant_sliders
from pages.journey import page_footer

PATH = "pages/pooling.py"
CONVOLUTION_PATH = "pages/convolution.py"

GRID_SIDE = 8  # the small example is an 8 × 8 grid ...
GRID_MAX = 9  # ... of whole numbers from 0 to 9
FEATURE_SIDE = 128  # the picture is worked on at 128 × 128 so every slider answers at once
GRID_CELL = 42  # pixels per cell of the small grids
DISPLAY_SIDE = 256  # maps are blown up with crisp pixels to this width (3 fit in a row)
PICTURE_MARGIN = 8  # transparent pixels either side of each picture in a row
# Plotly charts get a fixed width: a chart that stretches to its column is redrawn by the browser
# whenever any fragment of the page reruns, which slows every slider on the page.
CHART_WIDTH = 460  # a chart in half a row
WIDE_CHART_WIDTH = 560  # a chart in three fifths of a row
HIGHLIGHT = "#e8590c"  # the current window, as the pixels page marks its zoom window
MODE_NAMES = {"max": "Max (keep the largest)", "average": "Average (keep the mean)"}
ALPHA_SLIDERS = {  # (lowest, highest, default, step) of α for the activations that take one
    "prelu": (0.0, 1.0, activations.PRELU_ALPHA, 0.05),
    "elu": (0.1, 3.0, activations.ELU_ALPHA, 0.1),
}
ACTIVATION_NOTES = {
    "identity": "It changes nothing, so a network built only from it is one big weighted sum.",
    "binary_step": "Its slope is 0 everywhere, so training gets no hint which way to move a "
    "weight: that is why networks stopped using it.",
    "logistic": "It squashes every number into 0…1; its slope is small far from 0, which slows "
    "down learning in deep networks.",
    "tanh": "Like the logistic but centred on 0, from −1 to 1.",
    "arctan": "Like tanh, but it flattens out more slowly.",
    "relu": "Negatives become 0, positives pass unchanged: cheap, and its slope is 1 for every "
    "positive number, so deep networks train well. Most CNNs use it.",
    "prelu": "A ReLU that keeps a small slope α for negatives, so they are damped, not erased.",
    "elu": "Smooth for negatives, levelling off at −α; positives pass unchanged.",
    "softplus": "A smooth ReLU: its slope is the logistic function.",
}
CLASSES = ("cat", "dog", "face", "car", "tree")
SCORE_PRESETS = {  # the first gives the course's [0.01 0.02 0.95 0.01 0.01]
    "Sure it is a face": (0.0, 0.7, 4.6, 0.0, 0.0),
    "Unsure": (1.0, 1.2, 1.1, 0.9, 1.0),
    "Extreme: ±1000": (1000.0, -1000.0, 999.0, 0.0, -1000.0),
}
LOGIT_LIMIT = 1000.0


# --------------------------------------------------------------------------------------------
# Cached computations (all arithmetic comes from core)
# --------------------------------------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def _small_numbers(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, GRID_MAX + 1, (GRID_SIDE, GRID_SIDE)).astype(np.float64)


@st.cache_data(max_entries=8, show_spinner=False)
def _working_picture(key: str, _rgb: np.ndarray) -> np.ndarray:
    """The picture in gray, cropped square, 128 × 128 (bytes 0..255)."""
    return images.resize_square(images.to_gray(_rgb), FEATURE_SIDE)


@st.cache_data(max_entries=16, show_spinner=False)
def _feature_map(key: str, weights: np.ndarray, _rgb: np.ndarray) -> np.ndarray:
    """The kernel's map of the picture scaled to 0..1, as a network is fed."""
    return convolution.correlate2d(images.to_unit(_working_picture(key, _rgb)), weights)


@st.cache_data(max_entries=64, show_spinner=False)
def _pool_stages(
    key: str, weights: np.ndarray, size: int, times: int, mode: str, _rgb: np.ndarray
) -> tuple[list[np.ndarray], str | None]:
    """ReLU of the feature map pooled ``times`` times; stops with core's message if it cannot."""
    stages = [activations.relu(_feature_map(key, weights, _rgb))]
    for _ in range(times):
        try:
            stages.append(pooling.pool2d(stages[-1], size, mode=mode))
        except ValueError as error:
            return stages, str(error)
    return stages, None


@st.cache_data(max_entries=64, show_spinner=False)
def _shift_effects(
    key: str, weights: np.ndarray, shift: int, size: int, _rgb: np.ndarray
) -> dict[str, pooling.ShiftEffect]:
    """Max and average pooling's view of the picture and the picture moved ``shift`` right."""
    before, after = (
        activations.relu(convolution.correlate2d(picture, weights))
        for picture in pooling.shifted_pair(images.to_unit(_working_picture(key, _rgb)), shift)
    )
    return {
        mode: pooling.shift_effect(before, after, shift, size=size, mode=mode)
        for mode in pooling.POOL_MODES
    }


@st.cache_data(max_entries=1, show_spinner=False)
def _vgg19() -> list[LayerShape]:
    return architecture.vgg19_layers()


def _face_model_layers() -> tuple[list[LayerShape] | None, str | None]:
    """The face model's layers from its metadata file, or None and why not."""
    if not (metadata.models_folder() / metadata.METADATA_FILENAME).is_file():
        return None, None
    try:
        return architecture.layers_from_metadata(metadata.read_metadata()), None
    except ValueError as error:  # MetadataError too
        return None, f"The face model's description could not be read: {error}"


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def _blow_up(image: np.ndarray) -> np.ndarray:
    """Nearest-neighbour resize so the longest side is :data:`DISPLAY_SIDE`: crisp pixels, and
    every map on the page is drawn the same size however small it has become."""
    height, width = image.shape[:2]
    scale = DISPLAY_SIDE / max(height, width)
    rows = (np.arange(round(height * scale)) / scale).astype(np.intp)
    cols = (np.arange(round(width * scale)) / scale).astype(np.intp)
    return image[rows[:, np.newaxis], cols]


def _show(target, pictures: list[np.ndarray], captions: list[str]) -> None:
    """Draw pictures or coloured maps side by side, about :data:`DISPLAY_SIDE` wide each.

    One element for all of them (every element costs browser time when a fragment reruns), as
    PNG: crisp squares, which JPEG would smear.
    """
    framed = [_with_margin(_blow_up(picture)) for picture in pictures]
    width = max(picture.shape[1] for picture in framed)
    target.image(framed, caption=captions, width=width, output_format="PNG")


def _with_margin(picture: np.ndarray) -> np.ndarray:
    """A transparent margin of :data:`PICTURE_MARGIN` pixels left and right, so pictures drawn
    side by side do not touch (a row of pictures has no gap of its own)."""
    rgb = np.repeat(picture[..., np.newaxis], 3, axis=2) if picture.ndim == 2 else picture
    opaque = np.dstack([rgb, np.full(rgb.shape[:2], 255, dtype=rgb.dtype)])
    return np.pad(opaque, ((0, 0), (PICTURE_MARGIN, PICTURE_MARGIN), (0, 0)))


def _shape(shape: tuple[int, ...]) -> str:
    return " × ".join(f"{n:,}" for n in shape)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


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


def _outline(figure: go.Figure, row0: int, row1: int, col0: int, col1: int, **line) -> None:
    figure.add_shape(
        type="rect", x0=col0 - 0.5, x1=col1 - 0.5, y0=row0 - 0.5, y1=row1 - 0.5, line=line
    )


# --------------------------------------------------------------------------------------------
st.title("Pooling & activations")
st.markdown(
    "A convolution leaves a **feature map**: one number per position saying how strongly the "
    "kernel's pattern is there. This page shows the two cheap steps a network takes next. "
    "**Pooling** shrinks the map and keeps what was found; an **activation function** bends "
    "every number on its own. Then you see how repeating convolution and pooling makes a real "
    "network narrower and deeper, and how its last numbers become a decision."
)
try_this(
    "in the first section press *Next window* a few times and watch which number "
    "wins each window. Then set the window to 3 and the stride to 1: the windows overlap."
)

picture = picture_picker()


# --------------------------------------------------------------------------------------------
st.header("Pooling, one window at a time", divider="gray")
st.markdown(
    "Pooling lays a small window on the map, keeps **one** number for it, moves the window on by "
    "the **stride** and repeats. *Max pooling* keeps the largest number in the window, *average "
    f"pooling* their mean. Below are {GRID_SIDE} × {GRID_SIDE} random numbers: the orange square "
    "is the window, and the grid on the right is what pooling keeps."
)


def _new_numbers() -> None:
    st.session_state["pooling_seed"] = st.session_state.get("pooling_seed", 0) + 1


def _move_window(by: int) -> None:
    st.session_state["pooling_step"] = st.session_state.get("pooling_step", 0) + by


@st.fragment
def small_example() -> None:
    numbers = _small_numbers(st.session_state.setdefault("pooling_seed", 0))
    mode_column, size_column, stride_column = st.columns([3, 2, 2])
    mode = mode_column.segmented_control(
        "Keep from each window",
        pooling.POOL_MODES,
        default="max",
        format_func=MODE_NAMES.get,
        required=True,
        key="pooling_small_mode",
        bind="query-params",
        persist_state="session",
    )
    size = size_column.slider(
        "Window size",
        1,
        GRID_SIDE + 1,
        2,
        key="pooling_small_size",
        bind="query-params",
        persist_state="session",
        help=f"The window is size × size numbers. {GRID_SIDE + 1} is larger than the grid, on "
        "purpose.",
    )
    stride = stride_column.slider(
        "Stride (step between windows)",
        1,
        GRID_SIDE + 1,
        2,
        key="pooling_small_stride",
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
        _outline(input_figure, *bounds, color="rgba(60,60,60,0.45)", width=1, dash="dot")
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
    _outline(input_figure, row0, row1, col0, col1, color=HIGHLIGHT, width=5)
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
    _outline(output_figure, row, row + 1, col, col + 1, color=HIGHLIGHT, width=5)
    pooled_column.plotly_chart(output_figure, key="pooling_small_output", width=_grid_width(pooled))
    pooled_column.caption(
        f"After {mode} pooling: {out_rows} × {out_cols} = {_plural(count, 'number')}, one per "
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
            f"The last {_plural(dropped, 'row')} and {_plural(dropped, 'column')} (gray) do not "
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


small_example()


# --------------------------------------------------------------------------------------------
st.header("Pooling a real feature map", divider="gray")
kernel: ChosenKernel = current_kernel()
gray = _working_picture(picture.key, picture.rgb)
feature = _feature_map(picture.key, kernel.weights, picture.rgb)
rectified = activations.relu(feature)
kernel_side = kernel.weights.shape[0]
chosen_where = (
    "the one you last chose on the Convolution page"
    if KERNEL_KEY in st.session_state
    else "the Convolution page's starting kernel until you choose another there"
)
narrower = (
    f" The feature map is {kernel_side - 1} pixels narrower than the picture: without padding a "
    f"{kernel_side} × {kernel_side} kernel fits only {FEATURE_SIDE - kernel_side + 1} times along "
    "each side."
    if kernel_side > 1
    else ""
)
st.markdown(
    f"Now a real feature map. Your picture, in gray and shrunk to {FEATURE_SIDE} × "
    f"{FEATURE_SIDE} so everything stays quick, goes through the kernel **{kernel.name}** "
    f"({kernel_side} × {kernel_side}, {chosen_where}), then through ReLU, which sets negative "
    f"numbers to 0, and then through pooling.{narrower}\n\n"
    "*Try this:* pool 4 times with a window of 2. The map is tiny, yet you can still tell where "
    "the strongest edges were."
)
st.page_link(
    CONVOLUTION_PATH,
    label="Choose another kernel on the Convolution page",
    icon=":material/blur_on:",
)
_show(
    st,
    [gray, colours.map_colours(feature), colours.map_colours(rectified)],
    [
        f"1. Your picture in gray: {_shape(gray.shape)}",
        f"2. Feature map of {kernel.name}: {_shape(feature.shape)} ({colours.map_words(feature)})",
        f"3. After ReLU: {_shape(rectified.shape)}, negatives set to 0 "
        f"({colours.map_words(rectified)})",
    ],
)


WINDOW_SLIDER = InstantSlider(
    "pooling_window",
    "Pooling window (and stride)",
    tuple(range(2, 9)),
    2,
    help="Windows side by side, as most CNNs pool: the stride equals the window size.",
)
REPEATS_SLIDER = InstantSlider("pooling_repeats", "Pool how many times", (1, 2, 3, 4), 2)


def _pooled_view(key: str, weights: np.ndarray, size: int, times: int, rgb: np.ndarray) -> View:
    """The words and the two pooled maps for one window size and number of poolings."""
    stages, problem = {}, None
    for mode in pooling.POOL_MODES:
        stages[mode], problem = _pool_stages(key, weights, size, times, mode, rgb)
    done = len(stages["max"]) - 1
    start = stages["max"][0]
    final = {mode: stage[-1] for mode, stage in stages.items()}
    chain = " → ".join(
        [
            f"picture {_shape((FEATURE_SIDE, FEATURE_SIDE))}",
            f"feature map {_shape(start.shape)}",
            f"ReLU {_shape(start.shape)}",
        ]
        + [
            f"pool {number}: **{_shape(stage.shape)}**"
            for number, stage in enumerate(stages["max"][1:], start=1)
        ]
    )
    strongest, kept = start.max(), final["max"].max()
    max_words = (
        f"keeps the strongest response exactly ({kept:.2f})"
        if kept == strongest
        else f"keeps {kept:.2f} of the strongest response {strongest:.2f} (the rest sat in the "
        "dropped border)"
    )
    return View(
        paragraphs=(
            f"**Shapes:** {chain}",
            f"From {start.size:,} numbers to {final['max'].size:,}: "
            f"{start.size / final['max'].size:,.1f} times fewer, and the bright lines of the "
            f"feature are still where they were. Max pooling {max_words}; average pooling mixes "
            "it with the weaker numbers around it, so its strongest value is only "
            f"{final['average'].max():.2f}.",
        ),
        pictures=tuple(colours.map_colours(final[mode]) for mode in pooling.POOL_MODES),
        captions=tuple(
            f"{mode.capitalize()} pooling {_plural(done, 'time')}, {size} × {size} windows: "
            f"{_shape(final[mode].shape)} = {final[mode].size:,} numbers"
            for mode in pooling.POOL_MODES
        ),
        widths=(DISPLAY_SIDE,) * len(pooling.POOL_MODES),
        warning=None
        if problem is None
        else f"Pooling stopped after {_plural(done, 'time')} instead of {times}: {problem}",
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _pooled_views(key: str, weights: np.ndarray, _rgb: np.ndarray) -> dict[str, dict]:
    """Every window size and number of poolings the sliders offer, computed once per picture
    and kernel, so the sliders answer in the browser."""
    return encode_views(
        {
            (size, times): _pooled_view(key, weights, size, times, _rgb)
            for size in WINDOW_SLIDER.options
            for times in REPEATS_SLIDER.options
        }
    )


@st.fragment
def pool_real_map(picture: Picture, kernel: ChosenKernel) -> None:
    instant_sliders(
        "pooling_view",
        [WINDOW_SLIDER, REPEATS_SLIDER],
        _pooled_views(picture.key, kernel.weights, picture.rgb),
    )


pool_real_map(picture, kernel)


# --------------------------------------------------------------------------------------------
st.header("Small shifts matter less after pooling", divider="gray")
st.markdown(
    "Move the picture a few pixels to the right and compare. A convolution uses the same kernel "
    "at every position, so the feature map **moves along** with the picture: the same numbers "
    "in a new place. That is called *equivariance*. It finds a feature wherever it is, but the "
    "map itself still changes. Pooling keeps one number per window, so a feature that moves "
    "inside its window leaves the pooled map almost the same. Pooling, not convolution, gives "
    "this *approximate invariance*.\n\n"
    "*Try this:* keep the move at 1 pixel and make the window larger: the pooled map changes "
    "less and less."
)


@st.fragment
def shift_comparison(picture: Picture, kernel: ChosenKernel) -> None:
    shift_column, size_column = st.columns(2)
    shift = shift_column.slider(
        "Move the picture right by (pixels)", 1, 4, 1, key="pooling_shift", persist_state="session"
    )
    size = size_column.slider(
        "Pooling window", 2, 8, 2, key="pooling_shift_window", persist_state="session"
    )
    try:
        effects = _shift_effects(picture.key, kernel.weights, shift, size, picture.rgb)
    except ValueError as error:
        st.warning(str(error), icon=":material/warning:")
        return
    raw = effects["max"].raw_change
    raw_metric, max_metric, average_metric = st.columns(3)
    raw_metric.metric("Feature map changed", f"{raw:.0%}")
    for column, mode in ((max_metric, "max"), (average_metric, "average")):
        pooled = effects[mode].pooled_change
        column.metric(
            f"{mode.capitalize()}-pooled map changed",
            f"{pooled:.0%}",
            delta=f"{(pooled - raw) * 100:+.0f} points",
            delta_color="inverse",
        )
    _show(
        st,
        [
            colours.signed_colours(effects["max"].raw_difference),
            colours.signed_colours(effects["max"].pooled_difference),
        ],
        [
            f"Feature map after the move minus before ({colours.SIGNED_WORDS}: white is no change)",
            f"Max-pooled map ({size} × {size}) after the move minus before (same colours)",
        ],
    )
    pooled = effects["max"].pooled_change
    verdict = (
        f"but only **{pooled:.0%}** of the max-pooled map"
        if pooled < raw
        else f"and **{pooled:.0%}** of the max-pooled map: a move this large jumps from one "
        "window to the next, so pooling cannot hide it. Try a larger window."
    )
    error = effects["max"].equivariance_error
    lined_up = (
        f"Lined up {_plural(shift, 'pixel')} apart, the two feature maps are "
        + ("identical" if error == 0 else f"the same up to {error:.2g}")
        + ": the map really did just move along with the picture."
    )
    st.markdown(
        f"Moving the picture {_plural(shift, 'pixel')} changed **{raw:.0%}** of the feature "
        f"map, {verdict} (0% means unchanged, 100% means nothing in common). {lined_up}"
    )


shift_comparison(picture, kernel)


# --------------------------------------------------------------------------------------------
st.header("Activation functions: bending the numbers", divider="gray")
st.markdown(
    "An activation function takes each number of a feature map on its own and bends it. Why "
    "bother? Without a bend, two layers in a row are still one weighted sum (a convolution of a "
    "convolution is just another convolution), so stacking more layers would add nothing. The "
    "bend between layers is what lets a deep network build complicated features out of simple "
    "ones. The **slope** (derivative) matters too: training follows it to decide how to change "
    "each weight.\n\n"
    "*Try this:* compare ReLU with PReLU and drag α: the negatives are no longer zeroed, only "
    "made smaller."
)


@st.fragment
def activation_lab(picture: Picture, kernel: ChosenKernel) -> None:
    name = st.pills(
        "Activation function",
        list(activations.ACTIVATIONS),
        default="relu",
        format_func=lambda key: activations.ACTIVATIONS[key].name,
        required=True,
        key="pooling_activation",
        bind="query-params",
        persist_state="session",
    )
    activation = activations.ACTIVATIONS[name]
    options = {}
    if activation.takes_alpha:
        lowest, highest, default, step = ALPHA_SLIDERS[name]
        options["alpha"] = st.slider(
            "α",
            lowest,
            highest,
            default,
            step,
            key=f"pooling_alpha_{name}",
            persist_state="session",
        )
    plot_column, map_column = st.columns([3, 2])
    x = np.linspace(-5.0, 5.0, 401)
    figure = go.Figure(
        [
            go.Scatter(
                x=x,
                y=activation.function(x, **options),
                name=f"{activation.name}(x)",
                line={"color": "#1c7ed6", "width": 3},
            ),
            go.Scatter(
                x=x,
                y=activation.derivative(x, **options),
                name="slope (derivative)",
                line={"color": HIGHLIGHT, "width": 2, "dash": "dash"},
            ),
        ]
    )
    figure.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.12},
        xaxis_title="x (a number of the feature map)",
        hovermode="x unified",
    )
    plot_column.plotly_chart(figure, key="pooling_activation_plot", width=WIDE_CHART_WIDTH)
    formula = activation.formula
    if options:
        formula = formula.replace("α", f"α (= {options['alpha']:g})")
    plot_column.markdown(f"**{activation.name}**: f(x) = {formula}. {ACTIVATION_NOTES[name]}")

    before = _feature_map(picture.key, kernel.weights, picture.rgb)
    after = activation.function(before, **options)
    negatives = int(np.count_nonzero(before < 0))
    zeroed = activations.count_zeroed(before, after)
    _show(
        map_column,
        [colours.map_colours(after)],
        [
            f"The feature map of {kernel.name} after {activation.name}: "
            f"{_shape(after.shape)}, from {after.min():.2f} to {after.max():.2f} "
            f"({colours.map_words(after)})"
        ],
    )
    map_column.markdown(
        f"Of the {before.size:,} numbers of the feature map, {negatives:,} "
        f"({negatives / before.size:.1%}) are negative. {activation.name} set "
        f"**{zeroed:,} values ({zeroed / before.size:.1%}) to 0**."
    )


activation_lab(picture, kernel)


# --------------------------------------------------------------------------------------------
st.header("Narrower and deeper", divider="gray")
st.markdown(
    "A CNN repeats convolution (many kernels at once: the stack of maps gets **deeper**) and "
    "pooling (each map gets **narrower**). Throughout, the numbers keep their 2-D layout, so the "
    "network always knows which positions are neighbours; only at the very end are they "
    "flattened into one line for the decision. Here are the shapes, layer by layer, computed "
    "from each layer's recipe."
)


def _blocks(layers: list[LayerShape]) -> dict[str, list[LayerShape]]:
    """Layers grouped by block ("block3_conv2" is in "block3"); a layer without one alone."""
    grouped: dict[str, list[LayerShape]] = {}
    for layer in layers:
        grouped.setdefault(layer.name.split("_")[0], []).append(layer)
    return grouped


def _busiest(layers: list[LayerShape]) -> str:
    """Where the multiply-adds are: the block (or blocks, if tied) doing the most, and its share."""
    work = {
        name: sum(layer.multiply_adds for layer in group) for name, group in _blocks(layers).items()
    }
    most = max(work.values())
    busiest = [name for name, amount in work.items() if amount == most]
    total = sum(work.values())
    each = " each" if len(busiest) > 1 else ""
    return f"{' and '.join(busiest)} ({most:,}{each}, {most / total:.0%} of them{each})"


def architecture_view(title: str, layers: list[LayerShape], key: str) -> None:
    summary = architecture.summarise(layers)
    start, last = summary.input_shape, summary.last_map_shape
    heaviest = summary.heaviest_layer
    st.subheader(title)
    st.markdown(
        f"{title} takes a {_shape(start)} picture ({layers[0].values:,} numbers). After its last "
        f"pooling the stack is {_shape(last)}: {times(start[0] / last[0])} times narrower on "
        f"each side ({times(summary.spatial_shrink)} times fewer positions) and "
        f"{times(summary.depth_growth)} times deeper. **The picture gets smaller, the stack gets "
        f"deeper.** It learns {summary.total_params:,} parameters (weights and biases); the "
        f"heaviest layer, {heaviest.name}, holds {heaviest.params:,} of them "
        f"({heaviest.params / summary.total_params:.0%}). Pooling and flattening learn none, so "
        f"they have no orange bar. One picture costs {summary.total_multiply_adds:,} "
        f"multiply-adds, most of them in {_busiest(layers)}."
    )
    names = [layer.name for layer in layers]
    maps = [layer for layer in layers if len(layer.output_shape) == 3]
    shape_figure = go.Figure(
        [
            go.Scatter(
                x=[m.name for m in maps],
                y=[m.output_shape[0] for m in maps],
                name="side (height)",
                mode="lines+markers",
                line={"color": "#1c7ed6", "width": 3},
            ),
            go.Scatter(
                x=[m.name for m in maps],
                y=[m.output_shape[2] for m in maps],
                name="depth (maps)",
                mode="lines+markers",
                line={"color": HIGHLIGHT, "width": 3},
            ),
        ]
    )
    counts_figure = go.Figure(
        [
            go.Bar(
                x=names,
                y=[layer.values for layer in layers],
                name="numbers out",
                marker_color="#1c7ed6",
            ),
            go.Bar(
                x=names,
                y=[layer.params for layer in layers],
                name="weights and biases",
                marker_color=HIGHLIGHT,
            ),
            go.Bar(
                x=names,
                y=[layer.multiply_adds for layer in layers],
                name="multiply-adds",
                marker_color="#7f7f7f",
            ),
        ]
    )
    for figure, chart_title, axis_title in (
        (shape_figure, "Side and depth of each stack of maps", "pixels / maps"),
        (counts_figure, "Per picture: numbers out, multiply-adds; and what is learned", "count"),
    ):
        figure.update_layout(
            title={"text": chart_title, "font": {"size": 14}},
            height=380,
            margin={"l": 10, "r": 10, "t": 60, "b": 10},
            legend={"orientation": "h", "y": 1.08},
            yaxis={"type": "log", "title": f"{axis_title} (log scale)"},
            xaxis={"tickangle": -60},
        )
    largest = max(max(m.output_shape[0], m.output_shape[2]) for m in maps)
    shape_figure.update_yaxes(  # powers of two: every 2 × 2 pooling halves the side
        tickvals=[2**power for power in range(int(np.log2(largest)) + 2)]
    )
    counts_figure.update_yaxes(dtick=1)  # 1, 10, 100, …: one label per power of ten
    shape_column, counts_column = st.columns(2)
    shape_column.plotly_chart(shape_figure, key=f"{key}_shapes", width=CHART_WIDTH)
    counts_column.plotly_chart(counts_figure, key=f"{key}_counts", width=CHART_WIDTH)
    # Drawn only while open: a closed expander's table would still cost every fragment rerun.
    table = st.expander(f"{title}: every layer", key=f"{key}_layers", on_change="rerun")
    if table.open:
        table.dataframe(
            pd.DataFrame(
                {
                    "layer": names,
                    "kind": [layer.kind for layer in layers],
                    "output shape": [_shape(layer.output_shape) for layer in layers],
                    "numbers out": [layer.values for layer in layers],
                    "multiply-adds": [layer.multiply_adds for layer in layers],
                    "weights and biases": [layer.params for layer in layers],
                }
            ),
            hide_index=True,
            key=f"{key}_table",
        )


def _vgg_try_this(layers: list[LayerShape]) -> str:
    """Where VGG-19 keeps its numbers, does its arithmetic and holds its weights, in words
    computed from its layers."""
    widest = max(layers[1:], key=lambda layer: layer.values)
    heaviest = architecture.summarise(layers).heaviest_layer
    count = len(layers) - 1  # the layers after the input

    def place(layer: LayerShape) -> str:
        return f"layer {layers.index(layer)} of {count}"

    return (
        f"Try this: open *VGG-19: every layer*. {widest.name} ({place(widest)}) outputs the most "
        f"numbers ({widest.values:,} per picture: the most memory); the multiply-adds pile up in "
        f"{_busiest(layers)}; and {heaviest.name} ({place(heaviest)}) holds the most weights and "
        f"biases ({heaviest.params:,})."
    )


face_layers, face_problem = _face_model_layers()
if face_problem:
    st.warning(face_problem, icon=":material/warning:")
elif face_layers is None:
    st.info(
        "The app's own face model has not been trained yet, so only VGG-19 is shown. Once it "
        "has been trained, its layers appear here too.",
        icon=":material/hourglass_empty:",
    )
else:
    architecture_view("The app's face model", face_layers, "pooling_face")
vgg = _vgg19()
architecture_view("VGG-19", vgg, "pooling_vgg")
st.caption(_vgg_try_this(vgg))


# --------------------------------------------------------------------------------------------
st.header("From features to a decision", divider="gray")


def _path_to_scores(layers: list[LayerShape]) -> str:
    """From the last map to the scores, e.g. "7 × 7 × 512 → flatten: 25,088 → dense: …"."""
    flatten = next(i for i, layer in enumerate(layers) if layer.kind == "flatten")
    steps = [_shape(layers[flatten - 1].output_shape)]
    steps += [
        f"{layer.kind}: {_shape(layer.output_shape)}"
        for layer in layers[flatten:]
        if layer.kind in ("flatten", "dense", "softmax")
    ]
    return " → ".join(steps)


paths = [f"- VGG-19: {_path_to_scores(vgg)} probabilities, one per ImageNet class."]
if face_layers is not None and any(layer.kind == "flatten" for layer in face_layers):
    paths.append(f"- The face model: {_path_to_scores(face_layers)}.")
st.markdown(
    "At the end the stack of maps is **flattened** into one line of numbers and fed to "
    "**dense** (fully connected) layers: every output is a weighted sum of every input. The "
    "last dense layer gives one score per class, a **logit**: any number, large means "
    "likely. **Softmax** turns the scores into probabilities: each becomes e^score divided by "
    "the sum of all of them, so they are all positive and add up to 1.\n\n" + "\n".join(paths)
)
try_this("raise the score of *dog* until it passes *face*, then press *Extreme: ±1000*.")


def _set_scores(scores: tuple[float, ...]) -> None:
    for number, score in enumerate(scores):
        st.session_state[f"pooling_logit_{number}"] = score


@st.fragment
def decision() -> None:
    for number, score in enumerate(SCORE_PRESETS["Sure it is a face"]):
        st.session_state.setdefault(f"pooling_logit_{number}", score)
    preset_columns = st.columns([1, 1, 1, 2])  # three buttons, then room
    for column, (label, scores) in zip(preset_columns, SCORE_PRESETS.items(), strict=False):
        column.button(
            label,
            key=f"pooling_scores_{label}",
            on_click=_set_scores,
            args=(scores,),
            width="stretch",
        )
    score_columns = st.columns(len(CLASSES))
    logits = np.array(
        [
            column.number_input(
                f"Score for {name}",
                min_value=-LOGIT_LIMIT,
                max_value=LOGIT_LIMIT,
                step=0.5,
                format="%.1f",
                key=f"pooling_logit_{number}",
            )
            for number, (column, name) in enumerate(zip(score_columns, CLASSES, strict=True))
        ],
        dtype=np.float64,
    )
    probabilities = activations.softmax(logits)
    answer = st.segmented_control(
        "The right answer", CLASSES, default="face", required=True, key="pooling_answer"
    )
    one_hot = np.array([1.0 if name == answer else 0.0 for name in CLASSES])

    figure = go.Figure(
        [
            go.Bar(
                x=list(CLASSES), y=one_hot, name="right answer (one-hot)", marker_color="#adb5bd"
            ),
            go.Bar(
                x=list(CLASSES),
                y=probabilities,
                name="predicted probability",
                marker_color="#1c7ed6",
                text=[f"{p:.2f}" for p in probabilities],
                textposition="outside",
            ),
        ]
    )
    figure.update_layout(
        height=330,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.15},
        yaxis={"range": [0, 1.15], "title": "probability"},
    )
    chart_column, text_column = st.columns([3, 2])
    chart_column.plotly_chart(figure, key="pooling_probabilities", width=WIDE_CHART_WIDTH)
    best = int(np.argmax(logits))
    higher_score = logits[:, np.newaxis] > logits[np.newaxis, :]
    order_kept = bool(
        np.all(probabilities[:, np.newaxis] >= probabilities[np.newaxis, :], where=higher_score)
    )
    chart_column.code(
        "one-hot label: "
        + np.array2string(one_hot.astype(int), separator=" ")
        + "\npredicted:     "
        + np.array2string(probabilities, precision=2, floatmode="fixed", separator=" "),
        language=None,
    )
    paragraphs = [
        f"The probabilities add up to **{probabilities.sum():.6f}**. The highest score, "
        f"*{CLASSES[best]}* ({logits[best]:g}), gets the highest probability "
        f"({probabilities[best]:.2f}), and "
        + (
            "a higher score never gets a lower probability: softmax keeps the order."
            if order_kept
            else "the order of the scores is not kept."
        )
    ]
    largest = float(np.abs(logits).max())
    if largest >= 100:
        paragraphs.append(
            f"Scores as large as {largest:g} still give finite probabilities. Computed "
            "directly, e^1000 is too big for a computer's numbers; softmax subtracts the largest "
            "score from every score first, which does not change the result, so the largest "
            "power is e^0 = 1."
        )
    paragraphs.append(
        "Training compares the one-hot label with the prediction and nudges every weight so "
        f"the predicted bar for the right answer, *{answer}* (now "
        f"{probabilities[CLASSES.index(answer)]:.2f}), grows towards 1 and the others shrink "
        "towards 0."
    )
    text_column.markdown("\n\n".join(paragraphs))


decision()

page_footer(PATH)
