"""What the network is given: the square, in gray, shrunk to 25 × 25 and divided by 255."""

from __future__ import annotations

import streamlit as st

from core import images
from core.metadata import INPUT_SIDE
from pages.drawing import enlarge
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.face.network import Look

PIXELS_PATH = "pages/pixels.py"
STEP_SIDE = 200  # display side of each preprocessing step (a multiple of 25: crisp pixels)


@as_slide("given")
def draw(look: Look) -> None:
    """The section "What the network is given"."""
    section_heading("What the network is given")
    picture = look.picture
    box = look.box
    network_input = look.network_input
    crop = box.crop(picture.rgb)
    gray = images.to_gray(crop)
    side = INPUT_SIDE
    st.markdown(
        f"The network never sees your photo. It sees a **{side} × {side}** gray picture: "
        f"{side * side} numbers from 0 to 1. These are the steps. Its training patches of photos "
        "went through the same ones; its training faces, from *Labeled Faces in the Wild*, came "
        f"ready-made as {side} × {side} gray pictures."
    )
    steps = st.columns(4)
    steps[0].image(
        images.resize_square(crop, STEP_SIDE) if box.side > STEP_SIDE else enlarge(crop, STEP_SIDE),
        width=STEP_SIDE,
        caption=f"1. The square: {box.side} × {box.side} pixels"
        + (", already gray" if picture.gray else " × 3 colours"),
    )
    steps[1].image(
        images.resize_square(gray, STEP_SIDE) if box.side > STEP_SIDE else enlarge(gray, STEP_SIDE),
        width=STEP_SIDE,
        caption=f"2. Gray: {box.side * box.side:,} numbers from 0 to 255",
    )
    small = look.gray_input
    steps[2].image(
        enlarge(small, STEP_SIDE),
        width=STEP_SIDE,
        caption=f"3. Shrunk to {side} × {side}: each pixel is the mean of the block it covers",
    )
    with steps[3]:
        middle = side // 2
        st.markdown(f"4. Divided by 255: values from 0 to 1. Row {middle} of {side}:")
        st.code(
            " ".join(f"{v:.2f}" for v in network_input[middle, :, 0]),
            language=None,
            wrap_lines=True,
        )
    st.page_link(
        PIXELS_PATH,
        label="How a photo becomes a grid of numbers: the Pixels page",
        icon=":material/grid_on:",
    )
