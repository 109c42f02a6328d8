"""Convolution: slide a small grid of weights over a picture, one step at a time and all at once."""

import streamlit as st

from pages.common import picture_picker, try_this
from pages.journey import page_footer
from pages.presenter import slide
from pages.sections.convolution import kernel, lab, learned, look_closer

PATH = "pages/convolution.py"

with slide("start"):
    st.title("Convolution")
    st.markdown(
        "A computer finds edges, blurs or sharpens a picture with one simple move: it slides a "
        "small grid of numbers, a **filter** (also called a **kernel**), over the picture. At "
        "every position it multiplies the pixels under the grid by the grid's numbers and adds the "
        "products up. That sum is one pixel of the new picture. On this page you set the numbers "
        "yourself, watch one step in slow motion, and see why the same few numbers find a feature "
        "anywhere in the picture."
    )
    try_this(
        "with the preset *Vertical edges*, shown as *Colours around 0*, flat areas come out 0 "
        "(white) and only edges show, in blue and red. Now drag the centre weight up to 1 and show "
        "the output as *Clip to 0–255*: the weights add up to 1, so the gray picture itself comes "
        "back, with its vertical edges drawn on top."
    )

    picture = picture_picker()
kernel.start_kernel()
kernel.follow_kernel_link()

lab.draw(picture)
look_closer.draw(picture)
learned.draw()

page_footer(PATH)
