"""Make your own tiny picture: a 5 × 5 to 8 × 8 grid of numbers, edited in a table and drawn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core import images
from pages.common import try_this
from pages.drawing import enlarge
from pages.headings import section_heading
from pages.presenter import as_slide

GRID_KEY = "tiny_grid"  # the grid the table starts from (a preset or a size change sets it)
VERSION_KEY = "tiny_version"  # a new table each time a preset replaces the grid
PRESETS = {
    "Digit 1": images.digit_one,
    "Letter H": images.letter_h,
    "Blank": lambda size: np.full((size, size), 255, dtype=np.uint8),
    "Random": lambda size: np.random.default_rng().integers(0, 256, (size, size), dtype=np.uint8),
}


@as_slide("tiny")
def draw() -> np.ndarray:
    """The section; returns the grid as drawn (uint8, values clipped to 0..255)."""
    section_heading("Make your own tiny picture")
    st.markdown(
        "Here is the digit **1** as a 5 × 5 grid: 255 is white paper, 0 is black ink. Change any "
        "number in the table and the picture beside it changes with it."
    )
    try_this("turn the 0 in the middle of the table into 255 and watch the stroke break.")
    if GRID_KEY not in st.session_state:
        _set_tiny("Digit 1", 5)
    controls, drawn = st.columns([3, 2])
    with controls:
        size = st.segmented_control(
            "Grid size",
            [5, 6, 7, 8],
            default=st.session_state[GRID_KEY].shape[0],
            key="tiny_size",
            required=True,
        )
        if size != st.session_state[GRID_KEY].shape[0]:
            _set_tiny("Digit 1", size)
        buttons = st.columns(len(PRESETS))
        for button, preset in zip(buttons, PRESETS, strict=False):
            button.button(
                preset,
                key=f"tiny_{preset}",
                on_click=_set_tiny,
                args=(preset, size),
                width="stretch",
            )
        edited = st.data_editor(
            pd.DataFrame(
                st.session_state[GRID_KEY].astype(int), columns=[f"col {c}" for c in range(size)]
            ),
            key=f"tiny_editor_{st.session_state[VERSION_KEY]}",
            width="stretch",
        )
    values = edited.to_numpy(dtype=float, na_value=0.0)
    values = np.nan_to_num(values, nan=0.0, posinf=255.0, neginf=0.0)
    outside = int(np.count_nonzero((values < 0) | (values > 255)))
    tiny = np.clip(np.rint(values), 0, 255).astype(np.uint8)
    with drawn:
        framed = np.pad(enlarge(tiny, 240), 2, constant_values=128)  # white paper needs an edge
        st.image(framed, caption=f"The {size} × {size} grid drawn as a picture")
    if outside:
        st.warning(
            f"{outside} value{'s' if outside > 1 else ''} fell outside 0–255 and "
            f"{'were' if outside > 1 else 'was'} clipped: a pixel cannot be darker than black (0) "
            "or brighter than white (255).",
            icon=":material/warning:",
        )
    return tiny


def _set_tiny(preset: str, size: int) -> None:
    st.session_state[GRID_KEY] = PRESETS[preset](size)
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1
