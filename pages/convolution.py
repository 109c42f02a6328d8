"""Convolution: slide a small grid of weights over a picture, one step at a time and all at once."""

from __future__ import annotations

import base64
import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import colours, convolution, exercises, images
from core.convolution import DISPLAY_SCALINGS, PADDING_MODES, PRESETS
from pages.common import (
    Picture,
    current_kernel,
    gray_of,
    picture_picker,
    remember_kernel,
    small_gray_of,
    try_this,
)
from pages.drawing import heatmap, image_width, numbers_picture, outline_block
from pages.instant import browser_component, browser_version, new_commit
from pages.journey import page_footer
from pages.links import quoted_parameter, say_ignored

PATH = "pages/convolution.py"
CUSTOM = "Custom"
KERNEL_SIDES = (3, 5, 7, 11)
WEIGHT_LIMIT = 10.0  # the 3×3 sliders run from −10 to 10 ...
WEIGHT_STEP = 0.1  # ... in steps of 0.1
TYPED_WEIGHT_LIMIT = 1e6  # weights typed in the table or the exercises; far larger ones overflow
MAIN_PADDING = "mirror"  # the lab's border: OpenCV's default, no dark frame around edge maps
WINDOW_COLOUR = "#e8590c"
AUTOPLAY_SECONDS = 4.5  # the pauses; drawing the frames adds about a second
NOT_YET_COLOUR = (222, 226, 230)  # output pixels the window has not reached yet

SCALING_LABELS = {
    "diverging": "Colours around 0",
    "absolute": "Absolute value",
    "clip": "Clip to 0–255",
    "rescale": "Rescale min–max",
}
BORDER_EXAMPLES = {
    "valid": "no border: the output shrinks",
    "zero": "0 0 | a b c d | 0 0",
    "replicate": "a a | a b c d | d d",
    "reflect": "b a | a b c d | d c",
    "mirror": "c b | a b c d | c b",
    "wrap": "c d | a b c d | a b",
}
SMALL_PICTURES = {
    "Digit 1 (5 × 5)": images.DIGIT_ONE,
    "Letter H (7 × 7)": images.LETTER_H,
    "Bright bar (9 × 9)": images.BRIGHT_BAR,
}
YOUR_PICTURE_SIDE = 12  # "your picture" in the step-by-step section, shrunk so numbers fit


# --------------------------------------------------------------------------------------------
# Cached computation (all of it from core)
# --------------------------------------------------------------------------------------------


@st.cache_data(max_entries=48, show_spinner=False)
def _feature_map(
    key: str, kernel_id: tuple, padding: str, stride: int, _image: np.ndarray, _kernel: np.ndarray
) -> np.ndarray:
    """correlate2d of the picture `key` with the kernel `kernel_id` (its side and bytes)."""
    return convolution.correlate2d(_image, _kernel, padding=padding, stride=stride)


@st.cache_data(max_entries=48, show_spinner=False)
def _shown(
    key: str,
    kernel_id: tuple,
    padding: str,
    stride: int,
    scaling: str,
    _image: np.ndarray,
    _kernel: np.ndarray,
) -> np.ndarray:
    values = _feature_map(key, kernel_id, padding, stride, _image, _kernel)
    return convolution.display_image(values, scaling=scaling)


def _kernel_id(kernel: np.ndarray) -> tuple:
    return kernel.shape, np.ascontiguousarray(kernel, dtype=np.float64).tobytes()


def _filtered(
    picture: Picture, kernel: np.ndarray, *, padding: str, stride: int, scaling: str
) -> tuple[np.ndarray, np.ndarray]:
    """(values, picture to show) of the kernel on the desaturated picture; ValueError if
    impossible."""
    gray = gray_of(picture)
    kid = _kernel_id(kernel)
    values = _feature_map(picture.key, kid, padding, stride, gray, kernel)
    return values, _shown(picture.key, kid, padding, stride, scaling, gray, kernel)


# --------------------------------------------------------------------------------------------
# Words and small figures
# --------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A number as people read it: 765, 226.667, −0.25, 1.2e+06 (never "-0")."""
    value = float(value) + 0.0
    if value == round(value) and abs(value) < 1e9:
        return f"{value:,.0f}".replace("-", "−")
    return f"{value:,.6g}".replace("-", "−")


def _signed(value: float) -> str:
    """A factor in a sum written out: negative numbers in brackets, 255×(−1)."""
    text = _number(round(value, 4))
    return f"({text})" if text.startswith("−") else text


def _value_range(values: np.ndarray) -> str:
    low, high = float(values.min()), float(values.max())
    if low == high == 0:
        return "The output is all 0."
    if low == high:
        return f"Every output pixel is {_number(low)}."
    return f"Output values run from **{_number(low)}** to **{_number(high)}**."


def _sum_meaning(total: float) -> str:
    shown = _number(round(total, 6))
    if abs(total) < 1e-9:
        return (
            f"The weights add up to **{shown}**: where the picture is flat (all pixels alike) "
            "the output is 0, so only changes in brightness, the edges, give an answer."
        )
    if abs(total - 1) < 1e-9:
        return (
            f"The weights add up to **{shown}**: a flat area keeps its brightness, so the "
            "picture keeps its overall look."
        )
    if total > 0:
        direction = "brighter" if total > 1 else "darker"
        return (
            f"The weights add up to **{shown}**: a flat area comes out {shown} times as bright "
            f"({direction})."
        )
    return (
        f"The weights add up to **{shown}**: a flat area comes out {shown} times as bright, "
        "so bright turns into negative numbers."
    )


def _labels(values: np.ndarray) -> list[list[str]]:
    """Each cell's number as text, written as the rest of the page writes numbers."""
    return [[_number(round(v, 3)) for v in row] for row in values]


def _grid(
    values: np.ndarray,
    *,
    diverging: bool = False,
    origin: tuple[int, int] = (0, 0),
    height: int | None = None,
    numbers: bool = True,
    hover_label: str = "value",
) -> go.Figure:
    """A small grid drawn with its numbers; `origin` is the (row, column) of its top-left cell,
    negative for a border. Diverging grids are coloured symmetrically around 0."""
    if diverging:
        limit = float(np.abs(values).max()) or 1.0  # all zeros: any symmetric range will do
        figure = heatmap(
            values,
            colorscale=colours.SIGNED_PLOTLY,
            zmin=-limit,
            zmax=limit,
            height=height,
            hover_label=hover_label,
        )
    else:
        figure = heatmap(values, height=height, hover_label=hover_label)
    top, left = origin
    rows, cols = values.shape
    figure.update_traces(x=np.arange(left, left + cols), y=np.arange(top, top + rows))
    if numbers:
        figure.update_traces(text=_labels(values), texttemplate="%{text}")
    figure.update_xaxes(dtick=1 if cols <= 16 else None)
    figure.update_yaxes(dtick=1 if rows <= 16 else None)
    return figure


def _outline(figure: go.Figure, top: int, left: int, rows: int, cols: int, **line) -> None:
    figure.add_shape(
        type="rect",
        x0=left - 0.5,
        x1=left + cols - 0.5,
        y0=top - 0.5,
        y1=top + rows - 0.5,
        line={"color": WINDOW_COLOUR, "width": 4, **line},
    )


def _fade_border(figure: go.Figure, image_shape: tuple[int, int], pad: int) -> None:
    """Tint the border cells of a padded grid and frame the real picture inside."""
    if pad == 0:
        return
    rows, cols = image_shape
    x0, x1, y0, y1 = -pad - 0.5, cols + pad - 0.5, -pad - 0.5, rows + pad - 0.5
    for strip in (
        (x0, x1, y0, -0.5),
        (x0, x1, rows - 0.5, y1),
        (x0, -0.5, -0.5, rows - 0.5),
        (cols - 0.5, x1, -0.5, rows - 0.5),
    ):
        figure.add_shape(
            type="rect",
            x0=strip[0],
            x1=strip[1],
            y0=strip[2],
            y1=strip[3],
            line={"width": 0},
            fillcolor="rgba(120, 170, 255, 0.45)",
            layer="above",
        )
    figure.add_shape(
        type="rect",
        x0=-0.5,
        x1=cols - 0.5,
        y0=-0.5,
        y1=rows - 0.5,
        line={"color": "#1c7ed6", "width": 2, "dash": "dot"},
    )


def _colour_key(values: np.ndarray) -> str:
    limit = _number(float(np.abs(values).max()))
    return (
        f"Colours: :blue[**dark blue**] = −{limit} · white = 0 · :red[**dark red**] = {limit}"
        if limit != "0"
        else "Colours: everything is white, because every value is 0."
    )


# --------------------------------------------------------------------------------------------
# The kernel: presets, sliders and the divisor, kept in session state
# --------------------------------------------------------------------------------------------

_PRESET_KEY = "conv_preset"
_SIDE_KEY = "conv_side"
_DIVISOR_KEY = "conv_divisor"
_WHOLE_KEY = "conv_whole_weights"  # the weights before dividing, whatever the size
_EDITOR_BASE_KEY = "conv_editor_base"
_EDITOR_VERSION_KEY = "conv_editor_version"
_SCALING_KEY = "conv_scaling"
_STARTED_FROM_KEY = "conv_started_from"  # the preset the weights were last set to
_EDITED_KEY = "conv_edited"  # a weight was changed since: the kernel is "Custom"
KERNEL_PARAM = "conv_kernel"  # in links: a preset's name, or "1,0,-1,2,0,-2,1,0,-1/4"
_LINKED_KERNEL_KEY = "conv_kernel_linked"  # the kernel text last read from or written to links
_LAB_KEY = "conv_kernel_lab"  # the 3 × 3 sliders and their output, drawn by the browser
_PAGE_RERUN_KEY = "conv_rerun_page"  # a button in the fragment changed what the whole page shows


def _slider_key(row: int, col: int) -> str:
    return f"kernel_w_{row}_{col}"


def _editor_key() -> str:
    return f"conv_editor_{st.session_state.get(_EDITOR_VERSION_KEY, 0)}"


def _put_kernel(whole: np.ndarray, divisor: float) -> None:
    """Show whole-number weights and a divisor in the widgets (runs before they are drawn)."""
    side = whole.shape[0]
    st.session_state[_SIDE_KEY] = side
    st.session_state[_DIVISOR_KEY] = float(divisor)
    if side == 3:
        clipped = np.clip(whole, -WEIGHT_LIMIT, WEIGHT_LIMIT)
        for row, col in np.ndindex(3, 3):
            st.session_state[_slider_key(row, col)] = float(clipped[row, col])
        whole = clipped
    else:
        st.session_state[_EDITOR_BASE_KEY] = whole.copy()
        st.session_state[_EDITOR_VERSION_KEY] = st.session_state.get(_EDITOR_VERSION_KEY, 0) + 1
    st.session_state[_WHOLE_KEY] = whole.copy()


def _kernel_widgets_missing() -> bool:
    needed = [_PRESET_KEY, _SIDE_KEY, _DIVISOR_KEY, _WHOLE_KEY, _STARTED_FROM_KEY, _EDITED_KEY]
    if st.session_state.get(_SIDE_KEY) == 3:
        needed += [_slider_key(row, col) for row, col in np.ndindex(3, 3)]
    else:
        needed.append(_EDITOR_BASE_KEY)
    return any(key not in st.session_state for key in needed)


def _start_kernel() -> None:
    """On the first visit (or after the widgets' state was dropped) start from the kernel last
    applied, which every page can read."""
    if not _kernel_widgets_missing():
        return
    chosen = current_kernel()
    started_from = chosen.name if chosen.name in PRESETS else CUSTOM
    st.session_state[_STARTED_FROM_KEY] = started_from
    st.session_state[_EDITED_KEY] = started_from == CUSTOM
    _put_kernel(*convolution.as_whole_numbers(chosen.weights))


def _choose_preset() -> None:
    name = st.session_state[_PRESET_KEY]
    if name in PRESETS:
        _put_kernel(*convolution.as_whole_numbers(PRESETS[name].kernel))
        st.session_state[_STARTED_FROM_KEY] = name
        st.session_state[_EDITED_KEY] = False
    else:  # "Custom" picked by hand: the weights stay, and are your own
        st.session_state[_EDITED_KEY] = True


def _back_to_preset(name: str) -> None:
    st.session_state[_PRESET_KEY] = name
    _choose_preset()
    st.session_state[_PAGE_RERUN_KEY] = True


def _kernel_for_link() -> str | None:
    """The kernel as a link names it: a preset's name, or 3×3 weights and their divisor."""
    if not st.session_state[_EDITED_KEY]:
        return st.session_state[_STARTED_FROM_KEY]
    whole = st.session_state[_WHOLE_KEY]
    if whole.shape != (3, 3):
        return None  # a larger hand-made kernel does not fit in a link
    weights = ",".join(f"{value:g}" for value in whole.ravel())
    return f"{weights}/{st.session_state[_DIVISOR_KEY]:g}"


def _put_kernel_in_link() -> None:
    text = _kernel_for_link()
    if text is None:
        if KERNEL_PARAM in st.query_params:
            del st.query_params[KERNEL_PARAM]
    else:
        st.query_params[KERNEL_PARAM] = text
    st.session_state[_LINKED_KERNEL_KEY] = text


def _parse_linked_weights(text: str) -> tuple[np.ndarray, float]:
    """``"1,0,-1,2,0,-2,1,0,-1/4"`` → 3×3 weights and divisor 4; ValueError if it is not that."""
    numbers, _, divisor_text = text.partition("/")
    whole = np.array([float(value) for value in numbers.split(",")])
    divisor = float(divisor_text or 1)
    if whole.size != 9 or not np.all(np.isfinite(whole)) or not 0.01 <= divisor <= 1e6:
        raise ValueError(text)
    if np.abs(whole).max() > WEIGHT_LIMIT:
        raise ValueError(text)
    return whole.reshape(3, 3), divisor


def _follow_kernel_link() -> None:
    """Set the kernel a link names (``?conv_kernel=Sharpen`` or nine weights), once per link."""
    wanted = st.query_params.get(KERNEL_PARAM)
    if wanted is None or st.session_state.get(_LINKED_KERNEL_KEY) == wanted:
        return
    st.session_state[_LINKED_KERNEL_KEY] = wanted
    if wanted in PRESETS:
        st.session_state[_PRESET_KEY] = wanted
        _choose_preset()
        return
    try:
        whole, divisor = _parse_linked_weights(wanted)
    except ValueError:
        del st.query_params[KERNEL_PARAM]
        say_ignored(
            f"{quoted_parameter(KERNEL_PARAM, wanted)} (a preset's name, or nine weights from "
            "−10 to 10)"
        )
        return
    _put_kernel(whole, divisor)
    st.session_state[_EDITED_KEY] = True


def _name_the_kernel() -> None:
    """Show the preset the weights came from, or "Custom" once one was edited (until a preset is
    chosen again). Runs on full runs, before the preset box is drawn."""
    edited = st.session_state[_EDITED_KEY]
    st.session_state[_PRESET_KEY] = CUSTOM if edited else st.session_state[_STARTED_FROM_KEY]


def _matches_preset(name: str, whole: np.ndarray, divisor: float) -> bool:
    if name not in PRESETS:
        return False
    expected, expected_divisor = convolution.as_whole_numbers(PRESETS[name].kernel)
    return np.array_equal(expected, whole) and expected_divisor == divisor


def _resize() -> None:
    side = st.session_state[_SIDE_KEY]
    _put_kernel(
        convolution.resize_kernel(st.session_state[_WHOLE_KEY], side),
        st.session_state[_DIVISOR_KEY],
    )
    st.session_state[_EDITED_KEY] = True


def _divide_by_sum() -> None:
    st.session_state[_DIVISOR_KEY] = float(np.sum(st.session_state[_WHOLE_KEY]))


@st.cache_data(max_entries=4, show_spinner=False)
def _padded_for_browser(key: str, _gray: np.ndarray) -> str:
    """The picture padded as the lab pads it, for the browser to add up 3 × 3 windows of."""
    padded = convolution.pad_image(_gray, 3, padding=MAIN_PADDING).astype(np.uint8)
    return base64.b64encode(padded.tobytes()).decode("ascii")


_SIGNED_TABLE_FOR_BROWSER = base64.b64encode(colours.SIGNED_TABLE.tobytes()).decode("ascii")


def _browser_weights() -> list[float] | None:
    """Weights the browser sent since the last run, if they are nine the sliders can hold."""
    committed = new_commit(_LAB_KEY)
    try:
        weights = [round(float(w), 1) for w in committed or ()]  # the sliders' 0.1 steps
    except (TypeError, ValueError):
        return None
    if len(weights) != 9 or not all(abs(w) <= WEIGHT_LIMIT for w in weights):  # NaN too
        return None
    return weights


def _weight_sliders(picture: Picture, name: str, divisor: float, scaling: str) -> np.ndarray:
    """Nine sliders laid out as the kernel's grid, beside the output they make, redrawn in the
    browser as a weight moves (see ``assets/components/kernel_lab.js``); returns the weights
    Python holds: the last ones let go of, a preset's or a link's."""
    keys = [_slider_key(row, col) for row, col in np.ndindex(3, 3)]
    weights = _browser_weights()
    if weights is None:
        weights = [float(st.session_state[key]) for key in keys]
        version, taken = browser_version(_LAB_KEY, weights)
    else:
        version, taken = browser_version(_LAB_KEY, weights, shown=True)
        for key, weight in zip(keys, weights, strict=True):
            st.session_state[key] = weight
    gray = gray_of(picture)
    rows, cols = gray.shape
    browser_component("kernel_lab")(
        key=_LAB_KEY,
        data={
            "picture": _padded_for_browser(picture.key, gray),
            "rows": rows,
            "cols": cols,
            "table": _SIGNED_TABLE_FOR_BROWSER,
            "weights": taken,  # taken by the browser when the version changes
            "divisor": divisor,
            "scaling": scaling,
            "limit": WEIGHT_LIMIT,
            "step": WEIGHT_STEP,
            "caption": (f"Output of {name}" if name != CUSTOM else "Output of your 3 × 3 kernel")
            + f": {cols} × {rows}",
            "ownCaption": f"Output of your 3 × 3 kernel: {cols} × {rows}",
            "version": version,
        },
        on_values_change=_read_at_rerun,
    )
    return np.array(weights, dtype=np.float64).reshape(3, 3)


def _read_at_rerun() -> None:
    """The weights the browser sent are read at the start of the rerun (`_browser_weights`)."""


def _weight_table(side: int) -> np.ndarray:
    """An editable table of weights for kernels larger than 3×3."""
    base = st.session_state[_EDITOR_BASE_KEY]
    edited = st.data_editor(
        pd.DataFrame(base, columns=[str(c + 1) for c in range(side)]),
        key=_editor_key(),
        hide_index=True,
        width="stretch",
    )
    values = edited.to_numpy(dtype=np.float64, na_value=0.0)
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    return np.clip(values, -TYPED_WEIGHT_LIMIT, TYPED_WEIGHT_LIMIT)


# --------------------------------------------------------------------------------------------
# Page
# --------------------------------------------------------------------------------------------

st.title("Convolution")
st.markdown(
    "A computer finds edges, blurs or sharpens a picture with one simple move: it slides a small "
    "grid of numbers, a **filter** (also called a **kernel**), over the picture. At every "
    "position it multiplies the pixels under the grid by the grid's numbers and adds the "
    "products up. That sum is one pixel of the new picture. On this page you set the numbers "
    "yourself, watch one step in slow motion, and see why the same few numbers find a feature "
    "anywhere in the picture."
)
try_this(
    "with the preset *Vertical edges*, shown as *Colours around 0*, flat areas come out 0 "
    "(white) and only edges show, in blue and red. Now drag the centre weight up to 1 and show "
    "the output as *Clip to 0–255*: the weights add up to 1, so the gray picture itself comes "
    "back, with its vertical edges drawn on top."
)

picture = picture_picker()
_start_kernel()
_follow_kernel_link()


# --------------------------------------------------------------------------------------------
st.header("A filter is a small grid of weights", divider="gray")
st.markdown(
    "Each weight says how much one neighbour counts. Positive weights add the pixel, negative "
    "weights subtract it, 0 ignores it. Below, the filter runs over every pixel of your picture "
    "(in gray: one number per pixel). The grid of sums it makes is called a **feature map**: "
    "one number per position, saying how strongly the filter's pattern is there. Its numbers "
    "can be negative or above 255, which no gray picture can show, so by default they are drawn "
    f"in colours: **{colours.SIGNED_WORDS}**."
)

_name_the_kernel()
preset_column, side_column = st.columns([3, 2], vertical_alignment="bottom")
preset_name = preset_column.selectbox(
    "Preset kernel",
    [*PRESETS, CUSTOM],
    key=_PRESET_KEY,
    on_change=_choose_preset,
    persist_state="session",
)
side_column.segmented_control(
    "Kernel size",
    KERNEL_SIDES,
    key=_SIDE_KEY,
    format_func=lambda s: f"{s} × {s}",
    on_change=_resize,
    required=True,
    persist_state="session",
    help="Growing the kernel adds zeros around it; shrinking keeps its middle.",
)
st.caption(
    PRESETS[preset_name].description
    if preset_name in PRESETS
    else "Your own weights. Pick a preset to start again from a known filter."
)


@st.fragment
def kernel_lab(picture: Picture) -> None:
    """The weights and the output they make: the only part a moved weight redraws."""
    if st.session_state.pop(_PAGE_RERUN_KEY, False):
        st.rerun()
    side = st.session_state[_SIDE_KEY]
    started_from = st.session_state[_STARTED_FROM_KEY]
    name = CUSTOM if st.session_state[_EDITED_KEY] else started_from
    if side == 3:  # drawn first: the widgets below it keep their values in session state
        whole = _weight_sliders(
            picture,
            name,
            st.session_state[_DIVISOR_KEY],
            st.session_state.get(_SCALING_KEY, "diverging"),
        )
    weights_column, output_column = st.columns([1, 1.1], gap="medium")
    with weights_column:
        if side != 3:
            st.markdown("**Weights** (click to edit)")
            whole = _weight_table(side)
        st.session_state[_WHOLE_KEY] = whole
        divide_column, normalise_column = st.columns([3, 2], vertical_alignment="bottom")
        divisor = divide_column.number_input(
            "Divide every weight by",
            min_value=0.01,
            max_value=1_000_000.0,
            step=1.0,
            format="%g",
            key=_DIVISOR_KEY,
            persist_state="session",
        )
        st.caption(
            "Blurs are divided by the sum of their weights: nine 1s add up nine pixels and make "
            "the picture 9 times brighter, while ÷ 9 makes each pixel the average of nine."
        )
        total = float(whole.sum())
        normalise_column.button(
            "÷ their sum",
            key="conv_normalise",
            on_click=_divide_by_sum,
            disabled=total <= 0 or total == divisor,
            help="Divide by the sum of the weights, so they add up to 1. A box of nine 1s adds "
            "up nine pixels and makes the picture 9× brighter; divided by their sum, 9, it "
            "becomes an average: a blur that keeps the brightness.",
            width="stretch",
        )
        kernel = whole / divisor
        if not st.session_state[_EDITED_KEY] and not _matches_preset(started_from, whole, divisor):
            # The first edit: redraw the whole page once, so the preset box says "Custom" and
            # the sections below use the new kernel. Later edits redraw only this fragment.
            st.session_state[_EDITED_KEY] = True
            st.rerun()
        st.button(  # always drawn (disabled when unchanged), so nothing jumps as weights move
            f"Back to {started_from}" if started_from in PRESETS else "Back to a preset",
            key="conv_back_to_preset",
            icon=":material/undo:",
            on_click=_back_to_preset,
            args=(started_from,),
            disabled=name != CUSTOM or started_from not in PRESETS,
        )
        remember_kernel(name, kernel)
        _put_kernel_in_link()
        if divisor != 1:
            st.markdown(f"The kernel applied is every weight ÷ {_number(divisor)}:")
            st.code("\n".join(" ".join(f"{v:8.4g}" for v in row) for row in kernel), language=None)
        st.markdown(_sum_meaning(float(kernel.sum())))
    with output_column:
        output_slot = st.container()  # the picture goes above its display choice
        scaling = st.selectbox(
            "Show the output as",
            list(DISPLAY_SCALINGS),
            key=_SCALING_KEY,
            format_func=SCALING_LABELS.get,
            help="\n\n".join(
                f"**{SCALING_LABELS[mode]}**: {text}" for mode, text in DISPLAY_SCALINGS.items()
            ),
            persist_state="session",
        )
    with output_slot:
        try:
            if side == 3:  # its output is drawn by the browser, above: only the numbers here
                values = _feature_map(
                    picture.key, _kernel_id(kernel), MAIN_PADDING, 1, gray_of(picture), kernel
                )
            else:
                values, shown = _filtered(
                    picture, kernel, padding=MAIN_PADDING, stride=1, scaling=scaling
                )
        except ValueError as error:
            st.warning(str(error), icon=":material/warning:")
            return
        if side != 3:
            st.image(
                shown,
                caption=(
                    f"Output of your {side} × {side} kernel"
                    if name == CUSTOM
                    else f"Output of {name}"
                )
                + f": {values.shape[1]} × {values.shape[0]}",
            )
        st.markdown(
            _value_range(values) + (f" {_colour_key(values)}" if scaling == "diverging" else "")
        )


gray = gray_of(picture)
source_column, lab_column = st.columns([1, 2.1], gap="medium")
source_column.image(gray, caption=f"Input: your picture in gray, {gray.shape[1]} × {gray.shape[0]}")
source_column.caption(
    f"The border is filled by mirroring ({MAIN_PADDING}), so the output keeps the input's size; "
    "*Padding and stride* below shows the other choices."
)
with lab_column:
    kernel_lab(picture)


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
    figure = _grid(padded, origin=(-pad, -pad), height=height, hover_label="pixel")
    _fade_border(figure, image.shape, pad)
    _outline(figure, top, left, k, k)
    left_side.plotly_chart(figure, key="conv_step_input")
    left_side.caption(
        f"Input {image.shape[1]} × {image.shape[0]}"
        + (f" with a {pad}-pixel border (shaded)" if pad else "")
        + f"; the window covers rows {_number(top)} to {_number(top + k - 1)}, "
        f"columns {_number(left)} to {_number(left + k - 1)}."
    )
    figure = _grid(output, diverging=True, height=height, hover_label="output")
    _outline(figure, row, col, 1, 1)
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
def one_step(picture: Picture) -> None:
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
        _grid(step.patch, height=cell_height, hover_label="pixel"), key="conv_step_patch"
    )
    patch_side.caption("1. The pixels under the window")
    kernel_side.plotly_chart(
        _grid(step.kernel, diverging=True, height=cell_height, hover_label="weight"),
        key="conv_step_kernel",
    )
    kernel_side.caption("2. The kernel's weights, laid on top")
    product_side.plotly_chart(
        _grid(step.products, diverging=True, height=cell_height, hover_label="product"),
        key="conv_step_products",
    )
    product_side.caption("3. Each pixel × the weight on top of it")
    if k <= 3:
        terms = " + ".join(
            f"{_number(p)}×{_signed(w)}"
            for p, w in zip(step.patch.ravel(), step.kernel.ravel(), strict=True)
        )
        st.markdown(f"4. Add the products: {terms} = **{_number(round(step.total, 6))}**")
    else:
        st.markdown(
            f"4. Add the {k * k} products: **{_number(round(step.total, 6))}**",
        )
    st.markdown(
        f"That sum is output pixel (row {row}, column {col}): "
        f"**{_number(round(output[row, col], 6))}**. Every other output pixel is the same "
        "calculation with the window somewhere else."
    )


def _formula(n: int, k: int, padding: str, stride: int) -> str:
    pad = convolution.border_width(k, padding=padding)
    size = convolution.output_size(n, k, padding=padding, stride=stride)
    return f"floor(({n} + 2·{pad} − {k}) / {stride}) + 1 = {size}"


@st.fragment
def padding_and_stride(picture: Picture) -> None:
    kernel = current_kernel().weights
    k = kernel.shape[0]
    mode_pick, stride_pick = st.columns([3, 1])
    padding = mode_pick.radio(
        "Border (padding)",
        PADDING_MODES,
        index=PADDING_MODES.index("zero"),
        key="conv_padding",
        bind="query-params",
        horizontal=True,
        captions=[BORDER_EXAMPLES[mode] for mode in PADDING_MODES],
        persist_state="session",
    )
    stride = stride_pick.number_input(
        "Stride",
        min_value=1,
        max_value=4096,
        value=1,
        key="conv_stride",
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
        figure = _grid(padded, origin=(-pad, -pad), height=grid_height, hover_label="pixel")
        _fade_border(figure, image.shape, pad)
        in_column.plotly_chart(figure, key="conv_padding_input")
        in_column.caption(
            f"The letter with its {pad}-pixel border (shaded): "
            f"{padded.shape[1]} × {padded.shape[0]}"
            if pad
            else "The letter as it is, 7 × 7: valid adds no border."
        )
        out_column.plotly_chart(
            _grid(output, diverging=True, height=grid_height, hover_label="output"),
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
            values, shown = _filtered(
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


PLUS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.float64)
CANVAS = (9, 25)


@st.fragment
def equivariance() -> None:
    left = st.slider(
        "Move the plus: its left column",
        0,
        CANVAS[1] - PLUS.shape[1],
        4,
        key="conv_shift",
        persist_state="session",
    )
    top = (CANVAS[0] - PLUS.shape[0]) // 2
    canvas = convolution.place_pattern(PLUS * 255, CANVAS, top=top, left=left)
    feature_map = convolution.correlate2d(canvas, PLUS, padding="zero")
    peak_row, peak_col = (int(i) for i in np.unravel_index(feature_map.argmax(), CANVAS))
    strongest = float(feature_map.max())
    picture_side, map_side = st.columns(2)
    figure = _grid(canvas, height=260, numbers=False, hover_label="pixel")
    _outline(figure, top, left, 3, 3, width=2)
    picture_side.plotly_chart(figure, key="conv_shift_canvas")
    picture_side.caption(f"The canvas: the plus is centred on column {left + 1}")
    figure = _grid(feature_map, diverging=True, height=260, numbers=False, hover_label="response")
    _outline(figure, peak_row, peak_col, 1, 1)
    map_side.plotly_chart(figure, key="conv_shift_map")
    map_side.caption(f"The feature map: the peak (ringed) is at column {peak_col}")
    st.markdown(
        f"- **The peak moves with the plus.** The plus is centred on column {left + 1} and the "
        f"strongest response is at column {peak_col}: shift the picture and the feature map "
        "shifts by the same amount. This is called **equivariance**, and it is what a "
        "convolution gives you.\n"
        f"- **The largest value stays {_number(strongest)}** wherever the plus is. Keep only "
        "the largest value and you no longer know *where* the plus was, only *that* it was "
        "there: that is **invariance**. It comes from taking the maximum (pooling), not from "
        "the convolution itself."
    )
    st.page_link(
        "pages/pooling.py",
        label="Pooling: keep what was found, forget exactly where",
        icon=":material/view_compact:",
    )


ASYMMETRIC = ("Emboss", "Sobel right", "Sobel bottom", "Vertical edges", "Horizontal edges")


@st.fragment
def correlation_or_convolution(picture: Picture) -> None:
    pick, flip_pick = st.columns([2, 3], vertical_alignment="bottom")
    name = pick.selectbox("A lopsided kernel", ASYMMETRIC, key="conv_flip_kernel")
    flip = flip_pick.toggle("Turn the kernel by 180° first (true convolution)", key="conv_flip")
    kernel = PRESETS[name].kernel
    turned = kernel[::-1, ::-1]
    applied = turned if flip else kernel
    values, shown = _filtered(picture, applied, padding=MAIN_PADDING, stride=1, scaling="diverging")
    other, _ = _filtered(
        picture, kernel if flip else turned, padding=MAIN_PADDING, stride=1, scaling="diverging"
    )
    difference = np.abs(values - other)
    kernel_side, output_side = st.columns([1, 2])
    kernel_side.plotly_chart(
        _grid(applied, diverging=True, height=260, hover_label="weight"), key="conv_flip_grid"
    )
    kernel_side.caption(
        f"The kernel applied: {name}" + (", turned by 180°" if flip else ", as it is")
    )
    output_side.image(
        shown,
        width=image_width(shown, 360),
        caption=("Convolution" if flip else "Cross-correlation (what a CNN computes)")
        + f" with {name}",
    )
    changed = float(np.mean(difference > 1e-9))
    st.markdown(
        f"The two outputs differ by up to **{_number(round(float(difference.max()), 3))}**, on "
        f"**{changed:.0%}** of the pixels. Why do CNNs not care which one they compute? Because "
        "they **learn** their kernels: a network trained with convolution would simply learn "
        "the turned-around kernel, and end up computing exactly the same thing."
    )


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
def colour_filter(picture: Picture) -> None:
    name = st.selectbox("A 3-channel kernel", list(COLOUR_KERNELS), key="conv_colour_kernel")
    kernel = COLOUR_KERNELS[name]
    values = _colour_map(picture.key, name, picture.rgb)
    for column, channel, label in zip(
        st.columns(3), range(3), ("Red", "Green", "Blue"), strict=True
    ):
        column.plotly_chart(
            _grid(kernel[..., channel], diverging=True, height=220, hover_label="weight"),
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
        f"out. {_value_range(values)} "
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
def filter_stack(picture: Picture) -> None:
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


TAB_LABELS = {
    "blur": "1. Blur",
    "horizontal_edges": "2. Horizontal edges only",
    "vertical_edges": "3. Vertical edges only",
    "edges_only": "4. Flat areas 0, edges show",
}
HINTS = {
    "blur": "A blur averages a pixel with its neighbours: positive weights that add up to 1.",
    "horizontal_edges": "Make the row above and the row below pull in opposite directions.",
    "vertical_edges": "Make the left column and the right column pull in opposite directions.",
    "edges_only": "A big positive centre, negative neighbours, all adding up to 0.",
}


def _exercise_key(exercise: str, row: int, col: int) -> str:
    return f"conv_ex_{exercise}_{row}_{col}"


@st.cache_data(max_entries=4, show_spinner=False)
def _checkerboard() -> np.ndarray:
    return images.resize_square(images.to_gray(images.load_sample("checkerboard")), 96)


@st.fragment
def exercise_tabs() -> None:
    tabs = st.tabs(
        [TAB_LABELS[exercise] for exercise in exercises.EXERCISES],
        key="conv_exercise_tab",
        on_change="rerun",
    )
    for tab, (exercise, task) in zip(tabs, exercises.EXERCISES.items(), strict=True):
        if tab.open:  # only the open exercise is built
            with tab:
                _exercise(exercise, task)


def _exercise(exercise: str, task: str) -> None:
    st.markdown(f"**{task}** Hint: {HINTS[exercise]}")
    form_side, result_side = st.columns([2, 3], gap="large")
    with form_side, st.form(f"conv_ex_form_{exercise}", border=True):
        weights = np.zeros((3, 3))
        for row in range(3):
            for col, cell in enumerate(st.columns(3, gap="small")):
                weights[row, col] = cell.number_input(
                    f"Row {row + 1}, column {col + 1}",
                    min_value=-TYPED_WEIGHT_LIMIT,
                    max_value=TYPED_WEIGHT_LIMIT,
                    value=0.0,
                    step=1.0,
                    format="%g",
                    key=_exercise_key(exercise, row, col),
                    label_visibility="collapsed",
                )
        checked = st.form_submit_button("Check", key=f"conv_ex_check_{exercise}", type="primary")
    if checked:
        st.session_state[f"conv_ex_result_{exercise}"] = (
            weights,
            exercises.check_exercise(exercise, weights),
        )
    tried = st.session_state.get(f"conv_ex_result_{exercise}")
    with result_side:
        if tried is None:
            st.caption("Your result will appear here.")
            return
        tried_weights, result = tried
        sentences = "\n".join(f"- {sentence}" for sentence in result.feedback)
        if result.passed:
            st.success(f"**It works.**\n{sentences}", icon=":material/check_circle:")
        else:
            st.warning(f"**Not yet.**\n{sentences}", icon=":material/warning:")
        scaling = "clip" if exercise == "blur" else "diverging"  # a blur keeps 0–255
        st.image(
            convolution.display_image(
                convolution.correlate2d(_checkerboard(), tried_weights, padding="replicate"),
                scaling=scaling,
            ),
            width=192,
            caption=f"The kernel you checked, on a checkerboard ({SCALING_LABELS[scaling]})",
        )


# --------------------------------------------------------------------------------------------
# Looking closer: one section at a time, so a moved weight has little else to redraw
# --------------------------------------------------------------------------------------------


def _section_one_step(picture: Picture) -> None:
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
    one_step(picture)


def _section_padding(picture: Picture) -> None:
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
    padding_and_stride(picture)


def _section_anywhere(picture: Picture) -> None:
    st.markdown(
        "The filter is the same at every position, so a pattern it responds to is found "
        "wherever it is. Below, a small bright plus sits on a black canvas, and the filter is a "
        "plus of 1s: it answers most strongly where the plus is."
    )
    try_this("move the plus with the slider and watch the ringed peak of the feature map.")
    equivariance()


def _section_correlation(picture: Picture) -> None:
    st.markdown(
        "Strictly speaking, what this page (and every CNN layer) computes is "
        "**cross-correlation**: the kernel is laid on the picture as it is. A mathematician's "
        "**convolution** first turns the kernel by 180°. For a symmetric kernel, such as a blur, "
        "that makes no difference. For a lopsided one it does."
    )
    correlation_or_convolution(picture)


def _section_colour(picture: Picture) -> None:
    st.markdown(
        "A colour picture is three grids (red, green, blue), so a filter for it is three grids "
        "too: a 3 × 3 × 3 block of 27 weights. Each slice slides over its own colour, and the "
        "three results are **added into one** feature map."
    )
    colour_filter(picture)
    st.subheader("Many filters: deeper")
    st.markdown(
        "A CNN layer does not use one filter but many, each looking for something else. Their maps "
        "are stacked into a block whose **depth** is the number of filters. Every few layers a "
        "stride of 2, or a pooling step, halves the maps' width and height, so the data gets "
        "**narrower and deeper** as it flows through the network."
    )
    filter_stack(picture)


def _section_exercises(picture: Picture) -> None:
    st.markdown(
        "Type nine weights and press **Check**. The app tries your kernel on small test "
        "pictures (a flat gray area, a horizontal and a vertical edge, a single dot, random "
        "noise) and tells you what it does. Any kernel that behaves right passes; there is no "
        "single answer."
    )
    exercise_tabs()


SECTIONS = {
    "One step, in numbers": _section_one_step,
    "Padding and stride": _section_padding,
    "Found anywhere": _section_anywhere,
    "Correlation or convolution?": _section_correlation,
    "Colour and depth": _section_colour,
    "Exercises": _section_exercises,
}

st.header("Look closer", divider="gray")
st.markdown(
    "Six ways into the same idea. Each tab is its own small lab and uses the picture and the "
    "kernel chosen above."
)
section_tabs = st.tabs(list(SECTIONS), key="conv_section", on_change="rerun")
for section_tab, draw_section in zip(section_tabs, SECTIONS.values(), strict=True):
    if section_tab.open:  # only the open tab is built: less for every rerun to redraw
        with section_tab:
            draw_section(picture)

# --------------------------------------------------------------------------------------------
st.header("In a CNN the numbers are learned", divider="gray")
st.markdown(
    "On this page you chose the weights yourself. A convolutional neural network (CNN) starts "
    "with random weights and **learns** them from examples: training nudges every weight, "
    "step by step, so that the filters respond to whatever helps the network decide. The "
    "first layer usually ends up with edge and colour detectors much like the presets above; "
    "deeper layers combine those maps into corners, textures, eyes, faces."
)
links = st.columns(2)
with links[0]:
    st.page_link(
        "pages/face.py", label="See a trained network at work: face or not?", icon=":material/face:"
    )
with links[1]:
    st.page_link(
        "pages/training.py",
        label="Watch a network learn its filters",
        icon=":material/model_training:",
    )


page_footer(PATH)
