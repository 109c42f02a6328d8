"""Inside the network: how far each cell sees, which pictures excite a filter, the picture a filter
(or the face score) wants to see, and how the first layer compares with edge cells in the brain.

Loads TensorFlow (under a spinner, after the title has painted) and works on the network the Face
page uses: the shipped one, or the one this session handed over from the Training lab.
"""

import streamlit as st

from pages.common import picture_picker, try_this
from pages.journey import page_footer
from pages.presenter import slide

PATH = "pages/inside.py"

with slide("start"):
    st.title("Inside the network")
    st.markdown(
        "The *Face or not?* page showed what the network answers and where it looked. This page "
        "opens its layers one by one: how much of the picture one cell of a layer depends on, "
        "which pictures make a filter respond most, what picture a filter would like to see, and "
        "how its first filters compare with the edge cells of a cat's visual cortex."
    )
    try_this(
        "click a cell of conv2's map and watch its window move over the face; then choose pool2 "
        "and see how much more one cell sees."
    )

    with st.spinner("Loading the network (TensorFlow) for the first time…"):
        from pages.sections.face import find, network
        from pages.sections.inside import cortex, excite, fields, wants

        shipped = network.shipped_network_or_stop(PATH)
    chosen = network.choose_network(shipped)
    picture = picture_picker()

fields.draw(network.look_at(chosen, picture, find.first_square(picture)))
excite.draw(chosen)
wants.draw(chosen)
cortex.draw(chosen)

page_footer(PATH)
