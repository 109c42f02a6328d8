"""From features to a decision: flatten, dense layers, scores (logits) and softmax."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import activations
from core.architecture import LayerShape
from pages.common import try_this
from pages.drawing import shape_text
from pages.presenter import as_slide

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
    st.header("From features to a decision", divider="gray")
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


def _set_scores(scores: tuple[float, ...]) -> None:
    for number, score in enumerate(scores):
        st.session_state[f"pooling_logit_{number}"] = score


@st.fragment
def _scores_to_probabilities() -> None:
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
