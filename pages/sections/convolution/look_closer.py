"""Look closer: six small labs in tabs, each its own module; only the open tab is built, so a
moved weight elsewhere has little to redraw."""

from __future__ import annotations

import streamlit as st

from pages.common import Picture
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

TABS = dict(
    zip(SECTIONS, (one_step, padding, anywhere, correlation, colour, exercises), strict=True)
)


@as_slide("look-closer")
def draw(picture: Picture) -> None:
    """The section: the tabs, with the open one drawn."""
    section_heading("Look closer")
    st.markdown(
        "Six ways into the same idea. Each tab is its own small lab and uses the picture and the "
        "kernel chosen above."
    )
    tabs = st.tabs(
        list(TABS),
        key=ConvolutionSettings.key("section"),
        on_change="rerun",
        bind="query-params",  # a link opens a tab
    )
    for tab, section in zip(tabs, TABS.values(), strict=True):
        if tab.open:  # only the open tab is built: less for every rerun to redraw
            with tab:
                section.draw(picture)
