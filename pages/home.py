"""Start here: the question the app answers and the way through it."""

import streamlit as st

from pages.journey import JOURNEY
from pages.presenter import slide

with slide("start"):
    st.title("How can a computer tell whether a picture shows a face?")
    st.markdown(
        """
    You see a face in a photo at a glance. A computer gets only a long list of numbers, one or three
    per pixel. This app follows those numbers all the way to an answer: the small sliding filters
    that find edges, the pooling that shrinks what they found, and a real trained network that says
    *face* or *not a face* and shows you what it looked at.

    The numbers on each page are worked out by the app while you watch, not copied from
    somewhere: from the picture you choose (a sample, your own upload or a webcam photo), from the
    trained network's own weights and the record its training wrote, and, for the famous VGG-19
    network, from its published recipe of layers. Small examples you can edit, such as a 5 × 5
    digit or a few class scores, start from values chosen for the lesson. Nothing you do here can
    break the app, so try anything.
    """
    )

    # Streamlit's own heading, not pages.headings: this page has no slider to rerun, and an HTML
    # element would make a first visit load one more script before the page settles
    st.subheader("The journey")
    columns = st.columns(3)
    for number, stop in enumerate(JOURNEY, start=1):
        with columns[(number - 1) % 3].container(border=True):
            st.markdown(f"**{number}. {stop.title}**")
            st.markdown(stop.summary)
            st.page_link(stop.path, label=f"Open {stop.title}", icon=stop.icon)

    st.caption(
        "Start with *Pixels are numbers* if convolutions are new to you; each page ends with a "
        "link to the next."
    )
