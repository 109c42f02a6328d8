"""Correlation or convolution?: what a CNN layer computes (the kernel as it is) against a
mathematician's convolution (the kernel turned by 180°), on a lopsided kernel."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.convolution import PRESETS
from pages.common import Picture
from pages.drawing import image_width, number
from pages.sections.convolution.filtered import MAIN_PADDING, filtered
from pages.sections.convolution.grids import grid


def draw(picture: Picture) -> None:
    """The lab's words and its controls."""
    st.markdown(
        "Strictly speaking, what this page (and every CNN layer) computes is "
        "**cross-correlation**: the kernel is laid on the picture as it is. A mathematician's "
        "**convolution** first turns the kernel by 180°. For a symmetric kernel, such as a blur, "
        "that makes no difference. For a lopsided one it does."
    )
    _correlation_or_convolution(picture)


ASYMMETRIC = ("Emboss", "Sobel right", "Sobel bottom", "Vertical edges", "Horizontal edges")


@st.fragment
def _correlation_or_convolution(picture: Picture) -> None:
    pick, flip_pick = st.columns([2, 3], vertical_alignment="bottom")
    name = pick.selectbox("A lopsided kernel", ASYMMETRIC, key="conv_flip_kernel")
    flip = flip_pick.toggle("Turn the kernel by 180° first (true convolution)", key="conv_flip")
    kernel = PRESETS[name].kernel
    turned = kernel[::-1, ::-1]
    applied = turned if flip else kernel
    values, shown = filtered(picture, applied, padding=MAIN_PADDING, stride=1, scaling="diverging")
    other, _ = filtered(
        picture, kernel if flip else turned, padding=MAIN_PADDING, stride=1, scaling="diverging"
    )
    difference = np.abs(values - other)
    kernel_side, output_side = st.columns([1, 2])
    kernel_side.plotly_chart(
        grid(applied, diverging=True, height=260, hover_label="weight"), key="conv_flip_grid"
    )
    kernel_side.caption(
        f"The kernel applied: {name}" + (", turned by 180°" if flip else ", as it is")
    )
    output_side.image(
        shown,
        width=image_width(shown, 360),
        caption=("Convolution" if flip else "Cross-correlation (what a CNN computes)")
        + f" with {name}",
    )
    changed = float(np.mean(difference > 1e-9))
    st.markdown(
        f"The two outputs differ by up to **{number(round(float(difference.max()), 3))}**, on "
        f"**{changed:.0%}** of the pixels. Why do CNNs not care which one they compute? Because "
        "they **learn** their kernels: a network trained with convolution would simply learn "
        "the turned-around kernel, and end up computing exactly the same thing."
    )
