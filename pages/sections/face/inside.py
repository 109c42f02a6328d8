"""Inside the answer: the sections drawn from the square, one view at a time.

Each time the square moves, Streamlit redraws every element of the square's part of the page, in
several passes as they arrive (a trace of one let go: ~17 ms a pass, the browser busy throughout).
Timed side by side, letting go of the square settled in 143 ms with every section under the
answer, in 112 ms with "Where it looked" alone and in 96 ms with "What it is given" alone. So the
page draws only the view chosen here (links can open any of them); presenter mode, which shows
one section per slide anyway, draws them all, in the order they teach.
"""

from __future__ import annotations

import streamlit as st

from pages.common import chosen_view
from pages.headings import section_heading
from pages.presenter import full_page_target, presenting
from pages.sections.face import framing, given, looked, open_box, scan, sees
from pages.sections.face.network import Look
from pages.sections.face.settings import INSIDE_VIEWS, FaceSettings

LOOKED, GIVEN, SEES, SCAN, OPEN_BOX = INSIDE_VIEWS
#: The sections each view draws.
VIEWS = {
    LOOKED: (looked,),
    GIVEN: (given, framing),
    SEES: (sees,),
    SCAN: (scan,),
    OPEN_BOX: (open_box,),
}
#: The views' sections as slides: the input first, then what the layers make of it.
PRESENTED = (given, framing, sees, looked, scan, open_box)
#: The view that holds each of those slides, by the slide's name (``as_slide``, ``next_slide``):
#: leaving presenter mode there opens that view.
VIEW_OF_SLIDE = {
    "looked": LOOKED,
    "given": GIVEN,
    "framing": GIVEN,
    "sees": SEES,
    "sees-filters": SEES,
    "scan": SCAN,
    "open-box": OPEN_BOX,
}


def draw(look: Look) -> None:
    """The choice of view and the chosen view's sections; every section while presenting."""
    if presenting():
        for section in PRESENTED:
            section.draw(look)
        return
    key = FaceSettings.key("inside")
    left_at = full_page_target()
    if left_at in VIEW_OF_SLIDE:  # the address follows, as after a click
        st.session_state[key] = st.query_params[key] = VIEW_OF_SLIDE[left_at]
    section_heading("Look inside the answer")
    st.markdown(
        "Where in the square the answer comes from, what the network was given, what its layers "
        "made of it, where in the whole photo it sees a face, and the same answer worked out "
        "again by hand. All but the scan of the whole photo follow the square above; choose one."
    )
    for section in VIEWS[chosen_view("Which view", INSIDE_VIEWS, key, bind="query-params")]:
        section.draw(look)
