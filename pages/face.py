"""Face or not? A real trained network gives its answer, and shows what it saw and where it looked.

The only light-weight page that loads TensorFlow: its sections are imported under a spinner after
the title has painted, and the network is loaded once per server process (``st.cache_resource``).
The folder it is read from can be changed with the ``FACE_MODEL_FOLDER`` environment variable
(the tests point it at an empty folder to see the page explain a missing model).
"""

from typing import TYPE_CHECKING

import streamlit as st

from pages.common import Picture, picture_picker, try_this
from pages.journey import page_footer
from pages.presenter import slide

if TYPE_CHECKING:
    from core.model import FaceModel  # TensorFlow: imported under the spinner below

PATH = "pages/face.py"
LOADING_MESSAGE = "Loading the network (TensorFlow) for the first time…"

with slide("start"):
    st.title("Face or not?")
    st.markdown(
        "Here is a real convolutional network, trained for this app on pictures of faces and of "
        "things that are not faces. Give it a picture: it answers with two probabilities. Then "
        "open it up: see the small picture it is really given, the maps each layer makes, the "
        "filters it learned by itself, and which parts of the picture its answer rests on."
    )
    try_this(
        "keep the astronaut and read the answer. Then choose *My own square* and slide "
        "the square off her face, onto the flag or her suit, and watch the answer change."
    )

    with st.spinner(LOADING_MESSAGE):  # TensorFlow: seconds on the first visit, then cached
        from pages.sections.face import (
            answer,
            closed_set,
            dataset,
            find,
            inside,
            limits,
            network,
            test_pictures,
        )

        shipped = network.shipped_network_or_stop(PATH)
    chosen = network.choose_network(shipped)
    picture = picture_picker()
test_pictures.draw(chosen, picture)


@st.fragment
def the_square_and_what_follows_it(chosen: "FaceModel", picture: Picture) -> None:
    """The square the network is shown, its answer and the view inside it: moving the square
    (letting go of its sliders, choosing another proposal) reruns this part of the page only,
    not the picker above it nor the sections below, which do not depend on the square."""
    with slide("find"):  # the square and the answer it gets, together on one slide
        look = network.look_at(chosen, picture, find.draw(chosen, picture))
        answer.draw(look)
    inside.draw(look)


the_square_and_what_follows_it(chosen, picture)
dataset.draw(chosen)
closed_set.draw(chosen)
limits.draw(chosen)

page_footer(PATH)
