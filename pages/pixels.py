"""Pixels are numbers: what a computer actually receives when it is given a photo."""

import streamlit as st

from pages.common import picture_picker, try_this
from pages.journey import page_footer
from pages.presenter import slide
from pages.sections.pixels import colour, flattened, grid, tiny

PATH = "pages/pixels.py"

with slide("start"):
    st.title("Pixels are numbers")
    st.markdown(
        "A photo on your screen looks like a scene. To a computer it is only a grid of numbers, "
        "one per pixel for gray pictures and three for colour. This page shows you those numbers "
        "for the picture you choose, and the steps a face app takes before any learning happens."
    )
    try_this(
        "drag the size slider down to 16. Every square you see is a single number "
        "between 0 (black) and 255 (white). Then open *Hover over every value* and point at one."
    )
    picture = picture_picker()

grid.draw(picture)
colour.draw(picture)
drawn = tiny.draw()
flattened.draw(picture, drawn)

page_footer(PATH)
