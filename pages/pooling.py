"""Pooling & activations: shrink a feature map but keep what it found, bend its numbers, decide."""

import streamlit as st

from pages.common import current_kernel, picture_picker, try_this
from pages.journey import page_footer
from pages.presenter import slide
from pages.sections.pooling import (
    activation_functions,
    decision,
    one_window,
    real_map,
    shapes,
    shifts,
)

PATH = "pages/pooling.py"

with slide("start"):
    st.title("Pooling & activations")
    st.markdown(
        "A convolution leaves a **feature map**: one number per position saying how strongly the "
        "kernel's pattern is there. This page shows the two cheap steps a network takes next. "
        "**Pooling** shrinks the map and keeps what was found; an **activation function** bends "
        "every number on its own. Then you see how repeating convolution and pooling makes a real "
        "network narrower and deeper, and how its last numbers become a decision."
    )
    try_this(
        "in the first section press *Next window* a few times and watch which number "
        "wins each window. Then set the window to 3 and the stride to 1: the windows overlap."
    )
    picture = picture_picker()

one_window.draw()
kernel = current_kernel()
real_map.draw(picture, kernel)
shifts.draw(picture, kernel)
activation_functions.draw(picture, kernel)
vgg, face_layers = shapes.draw()
decision.draw(vgg, face_layers)

page_footer(PATH)
