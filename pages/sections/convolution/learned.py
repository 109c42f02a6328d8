"""In a CNN the numbers are learned: from hand-set kernels to the ones a network trains."""

from __future__ import annotations

import streamlit as st

from pages.headings import section_heading
from pages.presenter import as_slide


@as_slide("learned")
def draw() -> None:
    """The section: a paragraph and the ways on to the Face page and the Training lab."""
    section_heading("In a CNN the numbers are learned")
    st.markdown(
        "On this page you chose the weights yourself. A convolutional neural network (CNN) "
        "starts with random weights and **learns** them from examples: training nudges every "
        "weight, step by step, so that the filters respond to whatever helps the network decide. "
        "The first layer usually ends up with edge and colour detectors much like the presets "
        "above; deeper layers combine those maps into corners, textures, eyes, faces."
    )
    face, training = st.columns(2)
    face.page_link(
        "pages/face.py", label="See a trained network at work: face or not?", icon=":material/face:"
    )
    training.page_link(
        "pages/training.py",
        label="Watch a network learn its filters",
        icon=":material/model_training:",
    )
