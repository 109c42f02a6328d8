"""What the network is given: the square, in gray, shrunk to 25 × 25 and divided by 255."""

from __future__ import annotations

import streamlit as st

from core import images
from core.metadata import INPUT_SIDE
from pages.headings import section_heading
from pages.instant import EncodedViews, View, encode_views, static_view
from pages.presenter import as_slide
from pages.sections.face.network import Look

PIXELS_PATH = "pages/pixels.py"
STEP_SIDE = 200  # display side of each preprocessing step (a multiple of 25: crisp pixels)
GIVEN_VIEW = "face_given_view"  # the steps' pictures, drawn by the browser


@as_slide("given")
def draw(look: Look) -> None:
    """The section "What the network is given"."""
    section_heading("What the network is given")
    picture = look.picture
    side = INPUT_SIDE
    st.markdown(
        f"The network never sees your photo. It sees a **{side} × {side}** gray picture: "
        f"{side * side} numbers from 0 to 1. These are the steps. Its training patches of photos "
        "went through the same ones; its training faces, from *Labeled Faces in the Wild*, came "
        f"ready-made as {side} × {side} gray pictures."
    )
    static_view(GIVEN_VIEW, _steps_view(picture.key, look.box_key, look))
    middle = side // 2  # a figure of its own: presenting, it stays on the slide (not a note)
    st.markdown(f"4. Divided by 255: values from 0 to 1. Row {middle} of {side}:")
    st.code(
        " ".join(f"{value:.2f}" for value in look.network_input[middle, :, 0]),
        language=None,
        wrap_lines=True,
    )
    st.page_link(
        PIXELS_PATH,
        label="How a photo becomes a grid of numbers: the Pixels page",
        icon=":material/grid_on:",
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def _steps_view(key: str, box: tuple[int, int, int], _look: Look) -> EncodedViews:
    """The steps' pictures of one square as one browser view, encoded once per square: letting
    go of the square redraws one element, not three pictures the browser fetches one by one. A
    square smaller than the steps' side is sent as it is; the browser enlarges it (square
    pixels)."""
    side, square = INPUT_SIDE, _look.box
    crop = square.crop(_look.picture.rgb)
    gray = images.to_gray(crop)
    shown = [
        images.resize_square(step, STEP_SIDE) if square.side > STEP_SIDE else step
        for step in (crop, gray)
    ]
    return encode_views(
        {
            (): View(
                paragraphs=(),
                pictures=(*shown, _look.gray_input),
                captions=(
                    f"1. The square: {square.side} × {square.side} pixels"
                    + (", already gray" if _look.picture.gray else " × 3 colours"),
                    f"2. Gray: {square.side * square.side:,} numbers from 0 to 255",
                    f"3. Shrunk to {side} × {side}: each pixel is the mean of the block it covers",
                ),
                widths=(STEP_SIDE,) * 3,
            )
        }
    )
