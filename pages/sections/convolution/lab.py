"""A filter is a small grid of weights: the kernel lab at the top of the Convolution page.

Presets and sizes, the nine weight sliders and the divisor's field (redrawn in the browser as
they change, see ``assets/components/kernel_lab.js``) or, for larger kernels, a table and a
browser number field for the divisor (`pages.instant_number`), and the output beside the
picture. The kernel's state lives in `pages.sections.convolution.kernel`.
"""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import streamlit as st

from core import colours, convolution
from core.convolution import DISPLAY_SCALINGS, PRESETS
from pages.common import Picture, gray_of, remember_kernel
from pages.drawing import number
from pages.headings import section_heading
from pages.instant import SIGNED_TABLE_FOR_BROWSER, browser_component
from pages.instant_number import number_fields
from pages.presenter import as_slide
from pages.sections.convolution.filtered import MAIN_PADDING, feature_map, filtered
from pages.sections.convolution.kernel import (
    CUSTOM,
    DIVISOR_FIELD,
    DIVISOR_FIELD_KEY,
    EDITED_KEY,
    EDITOR_BASE_KEY,
    KERNEL_SIDES,
    LAB_KEY,
    PAGE_RERUN_KEY,
    PRESET_KEY,
    SCALING_KEY,
    SIDE_KEY,
    STARTED_FROM_KEY,
    WHOLE_KEY,
    back_to_preset,
    choose_preset,
    divide_by_sum,
    divisor_of_sum,
    editor_key,
    lab_values,
    lab_version,
    matches_preset,
    name_the_kernel,
    put_kernel_in_link,
    resize,
    take_lab_let_go,
)
from pages.sections.convolution.settings import (
    DIVISOR_LIMITS,
    TYPED_WEIGHT_LIMIT,
    WEIGHT_LIMIT,
    WEIGHT_STEP,
)
from pages.sections.convolution.words import SCALING_LABELS, colour_key, sum_meaning, value_range

INTRO = (
    "Each weight says how much one neighbour counts. Positive weights add the pixel, negative "
    "weights subtract it, 0 ignores it. Below, the filter runs over every pixel of your picture "
    "(in gray: one number per pixel). The grid of sums it makes is called a **feature map**: "
    "one number per position, saying how strongly the filter's pattern is there. Its numbers "
    "can be negative or above 255, which no gray picture can show, so by default they are drawn "
    f"in colours: **{colours.SIGNED_WORDS}**."
)


@as_slide("lab")
def draw(picture: Picture) -> None:
    """The section: presets and size, then the picture beside the lab."""
    section_heading("A filter is a small grid of weights")
    st.markdown(INTRO)
    name_the_kernel()
    preset_column, side_column = st.columns([3, 2], vertical_alignment="bottom")
    preset_name = preset_column.selectbox(
        "Preset kernel",
        [*PRESETS, CUSTOM],
        key=PRESET_KEY,
        on_change=choose_preset,
        persist_state="session",
    )
    side_column.segmented_control(
        "Kernel size",
        KERNEL_SIDES,
        key=SIDE_KEY,
        format_func=lambda s: f"{s} × {s}",
        on_change=resize,
        required=True,
        persist_state="session",
        help="Growing the kernel adds zeros around it; shrinking keeps its middle.",
    )
    st.caption(
        PRESETS[preset_name].description
        if preset_name in PRESETS
        else "Your own weights. Pick a preset to start again from a known filter."
    )

    gray = gray_of(picture)
    source_column, lab_column = st.columns([1, 2.1], gap="medium")
    source_column.image(
        gray, caption=f"Input: your picture in gray, {gray.shape[1]} × {gray.shape[0]}"
    )
    source_column.caption(
        f"The border is filled by mirroring ({MAIN_PADDING}), so the output keeps the input's "
        "size; *Padding and stride* below shows the other choices."
    )
    with lab_column:
        _lab(picture)


@st.fragment
def _lab(picture: Picture) -> None:
    """The weights and the output they make: the only part a moved weight redraws."""
    if st.session_state.pop(PAGE_RERUN_KEY, False):
        st.rerun()
    side = st.session_state[SIDE_KEY]
    started_from = st.session_state[STARTED_FROM_KEY]
    name = CUSTOM if st.session_state[EDITED_KEY] else started_from
    if side == 3:  # drawn first: the widgets below it keep their values in session state
        whole, divisor = _weight_sliders(
            picture, name, st.session_state.get(SCALING_KEY, "diverging")
        )
    weights_column, output_column = st.columns([1, 1.1], gap="medium")
    with weights_column:
        if side == 3:  # the divisor is the lab's own field, above
            normalise_column = st.container()
        else:
            st.markdown("**Weights** (click to edit)")
            whole = _weight_table(side)
            divide_column, normalise_column = st.columns([3, 2], vertical_alignment="bottom")
            divisor = _divisor_field(divide_column)
        st.session_state[WHOLE_KEY] = whole
        normalise_column.button(
            "÷ their sum",
            key="conv_normalise",
            on_click=divide_by_sum,
            disabled=divisor_of_sum(whole) in (None, divisor),
            help="Divide by the sum of the weights, so they add up to 1. A box of nine 1s adds "
            "up nine pixels and makes the picture 9× brighter; divided by their sum, 9, it "
            "becomes an average: a blur that keeps the brightness.",
            width="content" if side == 3 else "stretch",
        )
        st.caption(
            "Blurs are divided by the sum of their weights: nine 1s add up nine pixels and make "
            "the picture 9 times brighter, while ÷ 9 makes each pixel the average of nine."
        )
        kernel = whole / divisor
        if not st.session_state[EDITED_KEY] and not matches_preset(started_from, whole, divisor):
            # The first edit: redraw the whole page once, so the preset box says "Custom" and
            # the sections below use the new kernel. Later edits redraw only this fragment.
            st.session_state[EDITED_KEY] = True
            st.rerun()
        st.button(  # always drawn (disabled when unchanged), so nothing jumps as weights move
            f"Back to {started_from}" if started_from in PRESETS else "Back to a preset",
            key="conv_back_to_preset",
            icon=":material/undo:",
            on_click=back_to_preset,
            args=(started_from,),
            disabled=name != CUSTOM or started_from not in PRESETS,
        )
        remember_kernel(name, kernel)
        put_kernel_in_link()
        if divisor != 1:
            st.markdown(f"The kernel applied is every weight ÷ {number(divisor)}:")
            st.code("\n".join(" ".join(f"{v:8.4g}" for v in row) for row in kernel), language=None)
        st.markdown(sum_meaning(float(kernel.sum())))
    with output_column:
        output_slot = st.container()  # the picture goes above its display choice
        scaling = st.selectbox(
            "Show the output as",
            list(DISPLAY_SCALINGS),
            key=SCALING_KEY,
            format_func=SCALING_LABELS.get,
            help="\n\n".join(
                f"**{SCALING_LABELS[mode]}**: {text}" for mode, text in DISPLAY_SCALINGS.items()
            ),
            persist_state="session",
        )
    with output_slot:
        try:
            if side == 3:  # its output is drawn by the browser, above: only the numbers here
                values = feature_map(picture, kernel, padding=MAIN_PADDING, stride=1)
            else:
                values, shown = filtered(
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
            value_range(values) + (f" {colour_key(values)}" if scaling == "diverging" else "")
        )


@st.cache_data(max_entries=4, show_spinner=False)
def _padded_for_browser(key: str, _gray: np.ndarray) -> str:
    """The picture padded as the lab pads it, for the browser to add up 3 × 3 windows of."""
    padded = convolution.pad_image(_gray, 3, padding=MAIN_PADDING).astype(np.uint8)
    return base64.b64encode(padded.tobytes()).decode("ascii")


def _weight_sliders(picture: Picture, name: str, scaling: str) -> tuple[np.ndarray, float]:
    """Nine sliders laid out as the kernel's grid and the divisor's field, beside the output
    they make, redrawn in the browser as a weight or the divisor changes (see
    ``assets/components/kernel_lab.js``); returns the weights and divisor Python holds: the
    last ones let go of, a preset's, a link's or *÷ their sum*'s."""
    take_lab_let_go()
    version, taken = lab_version()
    gray = gray_of(picture)
    rows, cols = gray.shape
    low, high = DIVISOR_LIMITS
    browser_component("kernel_lab")(
        key=LAB_KEY,
        data={
            "picture": _padded_for_browser(picture.key, gray),
            "rows": rows,
            "cols": cols,
            "table": SIGNED_TABLE_FOR_BROWSER,
            "weights": taken[:9],  # taken by the browser when the version changes
            "divisor": taken[9],
            "scaling": scaling,
            "limit": WEIGHT_LIMIT,
            "step": WEIGHT_STEP,
            "divisorLimits": [low, high],
            "divisorLimitsText": f"from {number(low)} to {number(high)}",
            "caption": (f"Output of {name}" if name != CUSTOM else "Output of your 3 × 3 kernel")
            + f": {cols} × {rows}",
            "ownCaption": f"Output of your 3 × 3 kernel: {cols} × {rows}",
            "version": version,
        },
        on_values_change=lambda: None,  # any callback makes a let go rerun the fragment
    )
    values = lab_values()
    return np.array(values[:9], dtype=np.float64).reshape(3, 3), values[9]


def _divisor_field(column) -> float:
    """Kernels larger than 3 × 3 (drawn by Python) are divided in a browser number field: its
    steps, limits and typing are answered in the browser, and Python takes the divisor when the
    person lets go (Enter, the focus leaving it). It shows the divisor the page holds: the last
    one let go of, a preset's, *÷ their sum*'s, the 3 × 3 lab's before a resize."""
    with column:
        (divisor,) = number_fields(DIVISOR_FIELD_KEY, [DIVISOR_FIELD])
    return divisor


def _weight_table(side: int) -> np.ndarray:
    """An editable table of weights for kernels larger than 3×3."""
    base = st.session_state[EDITOR_BASE_KEY]
    edited = st.data_editor(
        pd.DataFrame(base, columns=[str(c + 1) for c in range(side)]),
        key=editor_key(),
        hide_index=True,
        width="stretch",
    )
    values = edited.to_numpy(dtype=np.float64, na_value=0.0)
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    return np.clip(values, -TYPED_WEIGHT_LIMIT, TYPED_WEIGHT_LIMIT)
