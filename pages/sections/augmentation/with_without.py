"""With and without augmentation: why versions that keep the label curb overfitting."""

from __future__ import annotations

import streamlit as st

from pages.headings import section_heading
from pages.presenter import as_slide


@as_slide("with-without")
def draw() -> None:
    """The section: overfitting, the cure, and the way to the Training lab's experiment."""
    section_heading("With and without augmentation")
    st.markdown(
        "Train a network on the same few pictures again and again and it starts to memorise "
        "them: a shadow in one photo, the exact spot of one nose. It then does very well on its "
        "training pictures and worse on new ones. That gap is called **overfitting**."
    )
    st.markdown(
        "With augmentation, the model never gets quite the same picture twice. Position, angle "
        "and light change every time; what makes a face a face stays the same. The easiest way "
        "to be right on all the versions is to learn the part that does not change, which is "
        "exactly what we want it to learn. Accuracy on the training pictures rises more slowly, "
        "and accuracy on new pictures ends up closer to it."
    )
    st.page_link(
        "pages/training.py",
        label="Training lab: the same network trained with and without augmentation",
        icon=":material/model_training:",
    )
