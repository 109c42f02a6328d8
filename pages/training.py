"""Training lab: train the face network live, read its curves, compare runs, watch optimizers
find their way down, see what smaller pictures and biased data do, and teach a network classes
of your own, from scratch and from the face network's filters."""

import streamlit as st

from pages.common import try_this
from pages.journey import page_footer
from pages.presenter import slide

PATH = "pages/training.py"

with slide("start"):
    st.title("Training lab")
    st.markdown(
        "On this page a network learns while you watch. It is the same small network as on the "
        "*Face or not?* page, started from random weights and trained on the same pictures, here "
        "and now, on the server that runs this app. You choose how it learns; the curves show, "
        "epoch by epoch, how well it does on the pictures it learns from and on pictures it has "
        "never learned from."
    )
    try_this(
        "press *Overfit*, then *Train*, and watch the two accuracy curves part. "
        "Then press *Regularised* and *Train* again, and compare the two runs at the bottom."
    )

    with st.spinner("Loading TensorFlow for the first time…"):  # seconds on the first visit
        from pages.sections.training import (
            compare,
            curves,
            descent,
            own_classes,
            resolution,
            run_face,
            shortcut,
            test_set,
        )

run = run_face.draw()
curves.draw(run)
compare.draw()
test_set.draw()
descent.draw()
resolution.draw()
shortcut.draw()
own_classes.draw()

page_footer(PATH)
