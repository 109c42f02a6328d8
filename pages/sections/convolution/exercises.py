"""Exercises: design a 3 × 3 kernel for a task, and hear what it really does on small test
pictures (`core.exercises`)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import convolution, exercises, images
from pages.common import Picture, chosen_view
from pages.sections.convolution.settings import TYPED_WEIGHT_LIMIT
from pages.sections.convolution.words import SCALING_LABELS


def draw(picture: Picture) -> None:
    """The lab's words and its controls."""
    st.markdown(
        "Type nine weights and press **Check**. The app tries your kernel on small test "
        "pictures (a flat gray area, a horizontal and a vertical edge, a single dot, random "
        "noise) and tells you what it does. Any kernel that behaves right passes; there is no "
        "single answer."
    )
    _chosen_exercise()


LABELS = {
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
def _chosen_exercise() -> None:
    label = chosen_view(
        "Which exercise",
        [LABELS[exercise] for exercise in exercises.EXERCISES],
        "conv_exercise",
    )
    exercise = next(name for name, shown in LABELS.items() if shown == label)
    _exercise(exercise, exercises.EXERCISES[exercise])


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
