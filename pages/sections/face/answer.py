"""The answer: the two probabilities, the scores behind them, and what a probability is not."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core import metrics, model
from core.model import FaceModel
from core.training_pictures import trained_on
from pages.common import percent, sample_name
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
    if trained_on(sample_name(look.picture) or ""):
        st.info(
            "The network trained on patches of this picture (and on the whole picture, shrunk), "
            "so this answer is not a test of it: pick a picture it never saw to test it.",
            icon=":material/school:",
        )
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
        + how_sure(network, float(probabilities[top]))
    )
    st.caption(
        "Try this: pick the Chelsea (a cat) or Letter H sample above, pictures it never trained "
        "on, or one of the test pictures labelled “not face”, and see whether the bars swap."
    )


def how_sure(network: FaceModel, probability: float) -> str:
    """What an answer's probability is worth, from the network's cross-validation record.

    The answers of the cross-validation are grouped by probability (`core.metrics.
    reliability_bins`); the sentence quotes the group ``probability`` falls in. A network
    without that record (one trained in the lab) gets the plain warning instead.
    """
    shown = percent(probability)
    folds = network.metadata.get("cross_validation")
    unlike = (
        "A softmax turns any two scores into numbers that add up to 1, even for a picture "
        "unlike anything it learned from"
    )
    if folds is None:
        return (
            f"That {shown} is the network's output, not a measured certainty. {unlike}, and "
            "nothing has checked how often this network's answers are right at that probability."
        )
    bins = folds["calibration"]["bins"]
    entry = bins[int(metrics.bin_of(probability, len(bins)))]
    span = f"between {entry['low'] * 100:.0f} % and {entry['high'] * 100:.0f} %"
    if not entry["count"]:
        measured = (
            f"In its cross-validation no LFW test picture got an answer with a probability {span}, "
            "so nothing says how often such answers are right."
        )
    else:
        right = round(entry["share_right"] * entry["count"])
        share = "all of them" if right == entry["count"] else f"{right} of them"
        measured = (
            f"In its cross-validation, {entry['count']} LFW test pictures got an answer with a "
            f"probability {span}, and {share} ({right / entry['count'] * 100:.0f} %) were right."
        )
    return (
        f"Is {shown} a measured certainty? {measured} That holds for pictures like LFW's faces "
        f"and flat patches only. {unlike}: see “What it cannot say” below."
    )
