"""The answer: the two probabilities, the scores behind them, and what a probability is not."""

from __future__ import annotations

import streamlit as st

from core import metrics, model
from core.model import FaceModel
from core.training_pictures import trained_on
from pages.common import percent, sample_name
from pages.headings import section_heading
from pages.instant import Chart, ChartLine, View, static_view
from pages.sections.face.network import Look
from pages.sections.face.pictures import BLUE, ORANGE

ANSWER_VIEW = "face_probabilities"  # the answer, its bars and their meaning, drawn by the browser


def draw(look: Look) -> None:
    """The section "The answer"."""
    section_heading("The answer")
    network = look.network
    outputs = look.outputs
    probabilities = outputs[model.SOFTMAX_LAYER]
    scores = outputs[model.LOGITS_LAYER]
    top = int(probabilities.argmax())
    answer = network.classes[top]
    answer_words = "a face" if answer == model.FACE_CLASS else "not a face"
    top_percent = percent(float(probabilities[top]))
    if trained_on(sample_name(look.picture) or ""):
        st.info(
            "The network trained on patches of this picture (and on the whole picture, shrunk), "
            "so this answer is not a test of it: pick a picture it never saw to test it.",
            icon=":material/school:",
        )
    # One browser element for the answer, its bars and what they mean: the square's let go
    # redraws every element of its fragment, and columns of markdown cost most.
    static_view(
        ANSWER_VIEW,
        View(
            paragraphs=(f"**The network says {answer_words}: P({answer}) is {top_percent}.**",),
            charts=(answer_bars(network, probabilities),),
            after=(
                scores_words(network, scores),
                how_sure(network, float(probabilities[top])),
            ),
        ),
    )
    st.caption(
        "Try this: pick the Chelsea (a cat) or Letter H sample above, pictures it never trained "
        "on, or one of the test pictures labelled “not face”, and see whether the bars swap."
    )


def answer_bars(network: FaceModel, probabilities) -> Chart:
    """One bar per class, in the network's order from the top, each named with its probability;
    the face class in the colour of the square it was given."""
    bars = tuple(
        ChartLine(
            x=(0.0, float(probability)),
            y=(float(-row), float(-row)),
            colour=f"rgb{ORANGE if name == model.FACE_CLASS else BLUE}",
            name=f"{name}: {percent(float(probability))}",
            width=34,
        )
        for row, (name, probability) in enumerate(zip(network.classes, probabilities, strict=True))
    )
    return Chart(
        width=520,
        height=100 + 45 * len(bars),
        x_range=(0.0, 1.0),
        y_range=(0.4 - len(bars), 0.6),
        x_title="probability",
        y_title="",
        lines=bars,
        legend=True,
        y_labels=tuple((bar.y[0], name) for bar, name in zip(bars, network.classes, strict=True)),
        caption="; ".join(bar.name for bar in bars),
    )


def scores_words(network: FaceModel, scores) -> str:
    """What the last layer's scores are and how the softmax reads them, for as many classes as
    the network has (the shipped one and the lab's have two)."""
    count = len(network.classes)
    told = [
        f"**{float(score):.2f}** for “{name}”"
        for name, score in zip(network.classes, scores, strict=True)
    ]
    listed = ", ".join(told[:-1]) + " and " + told[-1]
    how_many = {2: "two", 3: "three", 4: "four"}.get(count, str(count))
    winner = (
        "The larger score wins, and the further apart the scores are"
        if count == 2
        else "The largest score wins, and the further it stands above the others"
    )
    return (
        f"The {how_many} probabilities always add up to 1 (100 %). The last layer first gives "
        f"{how_many} plain scores, here {listed}; the softmax turns them into probabilities. "
        f"{winner}, the closer its probability gets to 1."
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
