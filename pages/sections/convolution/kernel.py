"""The kernel chosen at the top of the Convolution page: its widgets' state, kept in session
state under the keys below, and its part of the link (``?conv_kernel=…``).

Presets, sizes and links set the widgets' values before they are drawn (callbacks and the start
of the run); the lab (`pages.sections.convolution.lab`) draws them and reads the kernel back.
Every later section, and the pages after this one, read it through `pages.common.current_kernel`.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from core import convolution
from core.convolution import PRESETS
from pages.common import current_kernel
from pages.instant import browser_version, new_commit
from pages.instant_number import NumberField
from pages.instant_number import take_let_go as take_field_let_go
from pages.links import quoted_parameter, say_ignored
from pages.sections.convolution.settings import (
    DIVISOR_LIMITS,
    WEIGHT_LIMIT,
    ConvolutionSettings,
    parse_weights,
    weights_text,
)

CUSTOM = "Custom"
KERNEL_SIDES = (3, 5, 7, 11)
PRESET_KEY = "conv_preset"
SIDE_KEY = "conv_side"
DIVISOR_KEY = "conv_divisor"  # the divisor, whatever the size (the 3 × 3 lab's own field)
DIVISOR_FIELD_KEY = "conv_divisor_field"  # the browser component of larger kernels' divisor
#: Larger kernels' divisor: a browser number field (`pages.instant_number`) that holds the
#: divisor itself, as the 3 × 3 lab's field does (the link carries it in the kernel, if at all).
DIVISOR_FIELD = NumberField(
    DIVISOR_KEY, "Divide every weight by", *DIVISOR_LIMITS, 1, 1.0, decimals=None, linked=False
)
WHOLE_KEY = "conv_whole_weights"  # the weights before dividing, whatever the size
EDITOR_BASE_KEY = "conv_editor_base"
_EDITOR_VERSION_KEY = "conv_editor_version"
SCALING_KEY = "conv_scaling"
STARTED_FROM_KEY = "conv_started_from"  # the preset the weights were last set to
EDITED_KEY = "conv_edited"  # a weight was changed since: the kernel is "Custom"
KERNEL_PARAM = ConvolutionSettings.key("kernel")  # a preset's name, or "1,0,-1,…/4"
_LINKED_KERNEL_KEY = "conv_kernel_linked"  # the kernel text last read from or written to links
LAB_KEY = "conv_kernel_lab"  # the 3 × 3 sliders and their output, drawn by the browser
PAGE_RERUN_KEY = "conv_rerun_page"  # a button in the fragment changed what the whole page shows
#: the values of a let go the lab shows as Python holds them (none clamped or rounded)
_LAB_LET_GO_KEY = "conv_lab_let_go"


def slider_key(row: int, col: int) -> str:
    return f"kernel_w_{row}_{col}"


def editor_key() -> str:
    return f"conv_editor_{st.session_state.get(_EDITOR_VERSION_KEY, 0)}"


def _put_kernel(whole: np.ndarray, divisor: float) -> None:
    """Show whole-number weights and a divisor in the widgets (runs before they are drawn)."""
    side = whole.shape[0]
    st.session_state[SIDE_KEY] = side
    st.session_state[DIVISOR_KEY] = float(divisor)
    if side == 3:
        clipped = np.clip(whole, -WEIGHT_LIMIT, WEIGHT_LIMIT)
        for row, col in np.ndindex(3, 3):
            st.session_state[slider_key(row, col)] = float(clipped[row, col])
        whole = clipped
    else:
        st.session_state[EDITOR_BASE_KEY] = whole.copy()
        st.session_state[_EDITOR_VERSION_KEY] = st.session_state.get(_EDITOR_VERSION_KEY, 0) + 1
    st.session_state[WHOLE_KEY] = whole.copy()


def _kernel_widgets_missing() -> bool:
    needed = [PRESET_KEY, SIDE_KEY, DIVISOR_KEY, WHOLE_KEY, STARTED_FROM_KEY, EDITED_KEY]
    if st.session_state.get(SIDE_KEY) == 3:
        needed += [slider_key(row, col) for row, col in np.ndindex(3, 3)]
    else:
        needed.append(EDITOR_BASE_KEY)
    return any(key not in st.session_state for key in needed)


def start_kernel() -> None:
    """On the first visit (or after the widgets' state was dropped) start from the kernel last
    applied, which every page can read."""
    if not _kernel_widgets_missing():
        return
    chosen = current_kernel()
    started_from = chosen.name if chosen.name in PRESETS else CUSTOM
    st.session_state[STARTED_FROM_KEY] = started_from
    st.session_state[EDITED_KEY] = started_from == CUSTOM
    _put_kernel(*convolution.as_whole_numbers(chosen.weights))


def lab_values() -> list[float]:
    """The 3 × 3 lab's nine weights (row by row) and its divisor, as Python holds them."""
    weights = [float(st.session_state[slider_key(row, col)]) for row, col in np.ndindex(3, 3)]
    return [*weights, float(st.session_state[DIVISOR_KEY])]


def _lab_commit(committed: object) -> list[float] | None:
    """Nine weights and a divisor the browser sent, as the lab holds them (weights in the
    sliders' 0.1 steps, the divisor within its limits), or None if they are not that."""
    try:
        values = [float(value) for value in committed or ()]
    except (TypeError, ValueError):
        return None
    if len(values) != 10 or not all(abs(w) <= WEIGHT_LIMIT for w in values[:9]):  # NaN too
        return None
    divisor = values[9]
    if divisor != divisor:  # NaN: not a number, so not a divisor
        return None
    low, high = DIVISOR_LIMITS
    return [round(w, 1) for w in values[:9]] + [min(max(divisor, low), high)]


def take_lab_let_go() -> bool:
    """Keep the weights and divisor let go of in the 3 × 3 lab since the last run, if any.

    The lab calls it before it draws; callbacks call :func:`_take_let_go`, which calls it.
    """
    committed = new_commit(LAB_KEY)
    values = _lab_commit(committed)
    if values is None:
        return False
    for (row, col), weight in zip(np.ndindex(3, 3), values[:9], strict=True):
        st.session_state[slider_key(row, col)] = weight
    st.session_state[DIVISOR_KEY] = values[9]
    st.session_state[WHOLE_KEY] = np.array(values[:9], dtype=np.float64).reshape(3, 3)
    browser_version(LAB_KEY, values, shown=True)
    as_sent = all(
        math.isclose(held, float(sent), rel_tol=0.0, abs_tol=1e-9)
        for held, sent in zip(values, committed, strict=True)
    )
    st.session_state[_LAB_LET_GO_KEY] = values if as_sent else None
    return True


def lab_version() -> tuple[int, list[float]]:
    """What the 3 × 3 lab is told: a version and the values (nine weights, the divisor) to take
    when it changes. It changes when Python holds values the browser may not show: a preset, a
    link, *÷ their sum*, even when they equal values it was told before; not for a let go the
    lab already shows as Python holds it (its data then stays the same, and is not sent again)."""
    values = lab_values()
    shown = st.session_state.pop(_LAB_LET_GO_KEY, None) == values
    return browser_version(LAB_KEY, values, shown=shown)


def _take_let_go() -> None:
    """Keep what was let go of in the 3 × 3 lab or the divisor's field since the last run: for
    callbacks that read or replace the kernel (a preset, a size, *÷ their sum*), since a letting
    go (the focus leaving the divisor for the button) can reach Python in the same run as the
    click."""
    take_lab_let_go()
    take_field_let_go(DIVISOR_FIELD_KEY, [DIVISOR_FIELD])


def choose_preset() -> None:
    _take_let_go()  # a letting go in the same run must not undo the preset afterwards
    name = st.session_state[PRESET_KEY]
    if name in PRESETS:
        _put_kernel(*convolution.as_whole_numbers(PRESETS[name].kernel))
        st.session_state[STARTED_FROM_KEY] = name
        st.session_state[EDITED_KEY] = False
    else:  # "Custom" picked by hand: the weights stay, and are your own
        st.session_state[EDITED_KEY] = True


def back_to_preset(name: str) -> None:
    _take_let_go()
    st.session_state[PRESET_KEY] = name
    choose_preset()
    st.session_state[PAGE_RERUN_KEY] = True


def _kernel_for_link() -> str | None:
    """The kernel as a link names it: a preset's name, or 3×3 weights and their divisor."""
    if not st.session_state[EDITED_KEY]:
        return st.session_state[STARTED_FROM_KEY]
    whole = st.session_state[WHOLE_KEY]
    if whole.shape != (3, 3):
        return None  # a larger hand-made kernel does not fit in a link
    return weights_text(whole.ravel(), st.session_state[DIVISOR_KEY])


def put_kernel_in_link() -> None:
    text = _kernel_for_link()
    if text is None:
        if KERNEL_PARAM in st.query_params:
            del st.query_params[KERNEL_PARAM]
    else:
        st.query_params[KERNEL_PARAM] = text
    st.session_state[_LINKED_KERNEL_KEY] = text


def follow_kernel_link() -> None:
    """Set the kernel a link names (``?conv_kernel=Sharpen`` or nine weights), once per link."""
    wanted = st.query_params.get(KERNEL_PARAM)
    if wanted is None or st.session_state.get(_LINKED_KERNEL_KEY) == wanted:
        return
    st.session_state[_LINKED_KERNEL_KEY] = wanted
    if wanted in PRESETS:
        st.session_state[PRESET_KEY] = wanted
        choose_preset()
        return
    try:
        weights, divisor = parse_weights(wanted)
    except ValueError:
        del st.query_params[KERNEL_PARAM]
        say_ignored(
            f"{quoted_parameter(KERNEL_PARAM, wanted)} (a preset's name, or nine weights from "
            "−10 to 10)"
        )
        return
    _put_kernel(np.array(weights).reshape(3, 3), divisor)
    st.session_state[EDITED_KEY] = True


def name_the_kernel() -> None:
    """Show the preset the weights came from, or "Custom" once one was edited (until a preset is
    chosen again). Runs on full runs, before the preset box is drawn."""
    edited = st.session_state[EDITED_KEY]
    st.session_state[PRESET_KEY] = CUSTOM if edited else st.session_state[STARTED_FROM_KEY]


def matches_preset(name: str, whole: np.ndarray, divisor: float) -> bool:
    if name not in PRESETS:
        return False
    expected, expected_divisor = convolution.as_whole_numbers(PRESETS[name].kernel)
    return np.array_equal(expected, whole) and expected_divisor == divisor


def resize() -> None:
    _take_let_go()
    side = st.session_state[SIDE_KEY]
    _put_kernel(
        convolution.resize_kernel(st.session_state[WHOLE_KEY], side),
        st.session_state[DIVISOR_KEY],
    )
    st.session_state[EDITED_KEY] = True


def divisor_of_sum(whole: np.ndarray) -> float | None:
    """The sum of the weights, if it can be the divisor (within its limits)."""
    total = float(np.sum(whole))
    low, high = DIVISOR_LIMITS
    return total if low <= total <= high else None


def divide_by_sum() -> None:
    """*÷ their sum*: the weights, divided, add up to 1."""
    _take_let_go()
    total = divisor_of_sum(st.session_state[WHOLE_KEY])
    if total is not None:  # a letting go in this run may have changed the sum
        st.session_state[DIVISOR_KEY] = float(total)
