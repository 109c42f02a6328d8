"""The answer: the two probabilities, the scores behind them, and what a probability is not."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core import model
from pages.common import percent
from pages.sections.face.network import Look
from pages.sections.face.pictures import BLUE, ORANGE


def draw(look: Look) -> None:
    """The section "The answer"."""
    st.header("The answer", divider="gray")
    network = look.network
    outputs = look.outputs
    probabilities = outputs[model.SOFTMAX_LAYER]
    scores = outputs[model.LOGITS_LAYER]
    top = int(probabilities.argmax())
    answer = network.classes[top]
    answer_words = "a face" if answer == model.FACE_CLASS else "not a face"
    top_percent = percent(float(probabilities[top]))
    st.markdown(f"#### The network says {answer_words}: P({answer}) is {top_percent}.")
    bars = go.Figure(
        go.Bar(
            x=[float(p) for p in probabilities],
            y=list(network.classes),
            orientation="h",
            marker_color=[f"rgb{BLUE}", f"rgb{ORANGE}"],
            text=[percent(float(p)) for p in probabilities],
            textposition="auto",
            hovertemplate="%{y}: %{x:.4f}<extra></extra>",
        )
    )
    bars.update_xaxes(range=[0, 1], tickformat=".0%", title="probability")
    bars.update_layout(height=180, margin={"l": 10, "r": 10, "t": 10, "b": 10}, dragmode=False)
    answer_chart, answer_notes = st.columns([3, 2])
    answer_chart.plotly_chart(bars, key="face_probabilities")
    answer_notes.markdown(
        "The two probabilities always add up to 1 (100 %). The last layer first gives two plain "
        f"scores, here **{scores[0]:.2f}** for “{network.classes[0]}” and **{scores[1]:.2f}** for "
        f"“{network.classes[1]}”; the softmax turns them into probabilities. The larger score "
        "wins, and the further apart the scores are, the closer its probability gets to 1.\n\n"
        f"That {top_percent} is the network's output, not a measured certainty: a softmax turns "
        "any two scores into numbers that add up to 1, even for a picture unlike anything it "
        "learned from, and nothing here checks that answers given with that probability are right "
        "that often."
    )
    st.caption(
        "Try this: pick the Chelsea (a cat) or Letter H sample above, pictures it never trained "
        "on, or one of the test pictures labelled “not face”, and see whether the bars swap."
    )
