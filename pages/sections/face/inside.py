"""Inside the answer: the sections drawn from the square, one view at a time.

Each time the square moves, Streamlit redraws every element of the square's part of the page, in
several passes as they arrive (a trace of one let go: ~17 ms a pass, the browser busy throughout).
Timed side by side, letting go of the square settled in 143 ms with every section under the
answer, in 112 ms with "Where it looked" alone and in 96 ms with "What it is given" alone. So the
page draws only the view chosen here (links can open any of them); presenter mode, which shows
one section per slide anyway, draws them all.
"""

from __future__ import annotations

import streamlit as st

from pages.common import chosen_view
from pages.headings import section_heading
from pages.presenter import presenting
from pages.sections.face import framing, given, looked, open_box, scan, sees
from pages.sections.face.network import Look
from pages.sections.face.settings import INSIDE_VIEWS, FaceSettings

#: The sections each view draws, in the order of `INSIDE_VIEWS`.
VIEWS = dict(
    zip(INSIDE_VIEWS, ((looked,), (given, framing), (sees,), (scan,), (open_box,)), strict=True)
)


def draw(look: Look) -> None:
    """The choice of view and the chosen view's sections; every section while presenting."""
    if presenting():
        for sections in VIEWS.values():
            for section in sections:
                section.draw(look)
        return
    section_heading("Look inside the answer")
    st.markdown(
        "Where in the square the answer comes from, what the network was given, what its layers "
        "made of it, where in the whole photo it sees a face, and the same answer worked out "
        "again by hand. Each view is drawn from the square above; choose one."
    )
    chosen = chosen_view(
        "Which view", INSIDE_VIEWS, FaceSettings.key("inside"), bind="query-params"
    )
    for section in VIEWS[chosen]:
        section.draw(look)
