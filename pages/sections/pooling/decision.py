"""From features to a decision: flatten, dense layers, scores (logits) and softmax."""

from __future__ import annotations

import streamlit as st

from core.architecture import LayerShape
from pages.common import try_this
from pages.drawing import shape_text
from pages.headings import section_heading
from pages.instant_number import NumberField, number_fields, take_let_go
from pages.presenter import NOTE_MIN_CHARACTERS, as_slide, presenting

WIDE_CHART_WIDTH = 560  # a chart in three fifths of a row (a fixed width redraws faster)
CLASSES = ("cat", "dog", "face", "car", "tree")
SCORE_PRESETS = {  # the first gives the course's [0.01 0.02 0.95 0.01 0.01]
    "Sure it is a face": (0.0, 0.7, 4.6, 0.0, 0.0),
    "Unsure": (1.0, 1.2, 1.1, 0.9, 1.0),
    "Extreme: ±1000": (1000.0, -1000.0, 999.0, 0.0, -1000.0),
}
LOGIT_LIMIT = 1000.0


@as_slide("decision")
def draw(vgg: list[LayerShape], face_layers: list[LayerShape] | None) -> None:
    """The section: from the last maps to probabilities, for both networks, then the scores."""
    section_heading("From features to a decision")
    paths = [f"- VGG-19: {_path_to_scores(vgg)} probabilities, one per ImageNet class."]
    if face_layers is not None and any(layer.kind == "flatten" for layer in face_layers):
        paths.append(f"- The face model: {_path_to_scores(face_layers)}.")
    st.markdown(
        "At the end the stack of maps is **flattened** into one line of numbers and fed to "
        "**dense** (fully connected) layers: every output is a weighted sum of every input. The "
        "last dense layer gives one score per class, a **logit**: any number, large means "
        "likely. **Softmax** turns the scores into probabilities: each becomes e^score divided "
        "by the sum of all of them, so they are all positive and add up to 1.\n\n"
        + "\n".join(paths)
    )
    try_this("raise the score of *dog* until it passes *face*, then press *Extreme: ±1000*.")
    _scores_to_probabilities()


def _path_to_scores(layers: list[LayerShape]) -> str:
    """From the last map to the scores, e.g. "7 × 7 × 512 → flatten: 25,088 → dense: …"."""
    flatten = next(i for i, layer in enumerate(layers) if layer.kind == "flatten")
    steps = [shape_text(layers[flatten - 1].output_shape)]
    steps += [
        f"{layer.kind}: {shape_text(layer.output_shape)}"
        for layer in layers[flatten:]
        if layer.kind in ("flatten", "dense", "softmax")
    ]
    return " → ".join(steps)


#: The score fields: one per class, in steps of 0.5, as the course's example starts.
SCORE_FIELDS = tuple(
    NumberField(
        f"pooling_logit_{number}",
        f"Score for {name}",
        -LOGIT_LIMIT,
        LOGIT_LIMIT,
        0.5,
        score,
        decimals=1,
        linked=False,
    )
    for number, (name, score) in enumerate(
        zip(CLASSES, SCORE_PRESETS["Sure it is a face"], strict=True)
    )
)
SCORES_KEY = "pooling_softmax"  # the browser component's key


def _set_scores(scores: tuple[float, ...]) -> None:
    take_let_go(SCORES_KEY, list(SCORE_FIELDS))  # a let go in the same run: the preset wins
    for field, score in zip(SCORE_FIELDS, scores, strict=True):
        st.session_state[field.name] = score


@st.fragment
def _scores_to_probabilities() -> None:
    """The right answer, the presets, then the score fields with softmax's bars, numbers and
    words, which the browser redraws as a score changes (``softmax_scores.js``): Python learns
    the scores when the person lets go of the fields."""
    answer = st.segmented_control(
        "The right answer", CLASSES, default="face", required=True, key="pooling_answer"
    )
    preset_columns = st.columns([1, 1, 1, 2])  # three buttons, then room
    for column, (label, scores) in zip(preset_columns, SCORE_PRESETS.items(), strict=False):
        column.button(
            label,
            key=f"pooling_scores_{label}",
            on_click=_set_scores,
            args=(scores,),
            width="stretch",
        )
    number_fields(
        SCORES_KEY,
        list(SCORE_FIELDS),
        component="softmax_scores",
        data={
            "classes": list(CLASSES),
            "answer": answer,
            "chartWidth": WIDE_CHART_WIDTH,
            # long explanations are speaker notes while presenting (pages.presenter)
            "presenting": presenting(),
            "noteMinCharacters": NOTE_MIN_CHARACTERS,
        },
    )
