"""Activation functions: bending every number of a feature map on its own, and their slopes."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import activations, colours
from pages.common import ChosenKernel, Picture
from pages.drawing import HIGHLIGHT, picture_row, shape_text
from pages.presenter import as_slide
from pages.sections.pooling.feature import DISPLAY_SIDE, feature_map
from pages.sections.pooling.settings import PoolingSettings

WIDE_CHART_WIDTH = 560  # a chart in three fifths of a row (a fixed width redraws faster)
ALPHA_SLIDERS = {  # (lowest, highest, default, step) of α for the activations that take one
    "prelu": (0.0, 1.0, activations.PRELU_ALPHA, 0.05),
    "elu": (0.1, 3.0, activations.ELU_ALPHA, 0.1),
}
ACTIVATION_NOTES = {
    "identity": "It changes nothing, so a network built only from it is one big weighted sum.",
    "binary_step": "Its slope is 0 everywhere, so training gets no hint which way to move a "
    "weight: that is why networks stopped using it.",
    "logistic": "It squashes every number into 0…1; its slope is small far from 0, which slows "
    "down learning in deep networks.",
    "tanh": "Like the logistic but centred on 0, from −1 to 1.",
    "arctan": "Like tanh, but it flattens out more slowly.",
    "relu": "Negatives become 0, positives pass unchanged: cheap, and its slope is 1 for every "
    "positive number, so deep networks train well. Most CNNs use it.",
    "prelu": "A ReLU that keeps a small slope α for negatives, so they are damped, not erased.",
    "elu": "Smooth for negatives, levelling off at −α; positives pass unchanged.",
    "softplus": "A smooth ReLU: its slope is the logistic function.",
}

INTRO = (
    "An activation function takes each number of a feature map on its own and bends it. Why "
    "bother? Without a bend, two layers in a row are still one weighted sum (a convolution of a "
    "convolution is just another convolution), so stacking more layers would add nothing. The "
    "bend between layers is what lets a deep network build complicated features out of simple "
    "ones. The **slope** (derivative) matters too: training follows it to decide how to change "
    "each weight.\n\n"
    "*Try this:* compare ReLU with PReLU and drag α: the negatives are no longer zeroed, only "
    "made smaller."
)


@as_slide("activation-functions")
def draw(picture: Picture, kernel: ChosenKernel) -> None:
    """The section: why networks bend their numbers, then one function at work on the map."""
    st.header("Activation functions: bending the numbers", divider="gray")
    st.markdown(INTRO)
    _lab(picture, kernel)


@st.fragment
def _lab(picture: Picture, kernel: ChosenKernel) -> None:
    name = st.pills(
        "Activation function",
        list(activations.ACTIVATIONS),
        default=PoolingSettings.default("activation"),
        format_func=lambda key: activations.ACTIVATIONS[key].name,
        required=True,
        key=PoolingSettings.key("activation"),
        bind="query-params",
        persist_state="session",
    )
    activation = activations.ACTIVATIONS[name]
    options = {}
    if activation.takes_alpha:
        lowest, highest, default, step = ALPHA_SLIDERS[name]
        options["alpha"] = st.slider(
            "α",
            lowest,
            highest,
            default,
            step,
            key=f"pooling_alpha_{name}",
            persist_state="session",
        )
    plot_column, map_column = st.columns([3, 2])
    x = np.linspace(-5.0, 5.0, 401)
    figure = go.Figure(
        [
            go.Scatter(
                x=x,
                y=activation.function(x, **options),
                name=f"{activation.name}(x)",
                line={"color": "#1c7ed6", "width": 3},
            ),
            go.Scatter(
                x=x,
                y=activation.derivative(x, **options),
                name="slope (derivative)",
                line={"color": HIGHLIGHT, "width": 2, "dash": "dash"},
            ),
        ]
    )
    figure.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.12},
        xaxis_title="x (a number of the feature map)",
        hovermode="x unified",
    )
    plot_column.plotly_chart(figure, key="pooling_activation_plot", width=WIDE_CHART_WIDTH)
    formula = activation.formula
    if options:
        formula = formula.replace("α", f"α (= {options['alpha']:g})")
    plot_column.markdown(f"**{activation.name}**: f(x) = {formula}. {ACTIVATION_NOTES[name]}")

    before = feature_map(picture, kernel.weights)
    after = activation.function(before, **options)
    negatives = int(np.count_nonzero(before < 0))
    zeroed = activations.count_zeroed(before, after)
    picture_row(
        map_column,
        [colours.map_colours(after)],
        [
            f"The feature map of {kernel.name} after {activation.name}: "
            f"{shape_text(after.shape)}, from {after.min():.2f} to {after.max():.2f} "
            f"({colours.map_words(after)})"
        ],
        side=DISPLAY_SIDE,
    )
    map_column.markdown(
        f"Of the {before.size:,} numbers of the feature map, {negatives:,} "
        f"({negatives / before.size:.1%}) are negative. {activation.name} set "
        f"**{zeroed:,} values ({zeroed / before.size:.1%}) to 0**."
    )
