"""Look closer: six small labs, each its own module, one shown at a time; only the chosen one is
built, so a moved weight elsewhere has little to redraw."""

from __future__ import annotations

import streamlit as st

from pages.common import Picture, chosen_view
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.convolution import (
    anywhere,
    colour,
    correlation,
    exercises,
    one_step,
    padding,
)
from pages.sections.convolution.settings import SECTIONS, ConvolutionSettings

LABS = dict(
    zip(SECTIONS, (one_step, padding, anywhere, correlation, colour, exercises), strict=True)
)


@as_slide("look-closer")
def draw(picture: Picture) -> None:
    """The section: the choice of lab, and the chosen one drawn."""
    section_heading("Look closer")
    st.markdown(
        "Six ways into the same idea. Each is its own small lab and uses the picture and the "
        "kernel chosen above."
    )
    chosen = chosen_view(
        "Which lab",
        list(LABS),
        ConvolutionSettings.key("section"),
        bind="query-params",  # a link opens a lab
    )
    LABS[chosen].draw(picture)
