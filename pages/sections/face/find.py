"""Find the face: the detector proposes squares (or the visitor sets one by hand), and the
square the network will look at is chosen."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.detect import FaceBox, detect_faces, square_at
from pages.common import Picture
from pages.drawing import image_width
from pages.sections.face.pictures import PHOTO_WIDTH, with_squares

MANUAL_CROP = "My own square (set it with the sliders)"

INTRO = (
    "The network answers one question about one small square: *is this a face?* So first "
    "something must choose the square. A classic face detector that ships with scikit-image "
    "proposes squares: an LBP cascade, a chain of quick tests on patterns of lighter and darker "
    "pixels, trained by others long before this app. You can also set the square by hand."
)


def draw(picture: Picture) -> FaceBox:
    """The section; returns the square the network is shown."""
    st.header("Find the face", divider="gray")
    st.markdown(INTRO)
    width, height = picture.size
    boxes = detections(picture)
    photo_column, choice_column = st.columns([3, 2])
    with choice_column:
        if boxes:
            options = [
                f"Face {number}: {box.side} × {box.side} pixels at row {box.top}, column {box.left}"
                for number, box in enumerate(boxes, start=1)
            ]
            choice = st.radio(
                "Which square should the network look at?",
                [*options, MANUAL_CROP],
                key=f"face_crop_choice_{picture.key}",
                bind="query-params",
            )
            proposed = boxes[0]
        else:
            st.info(
                "The face detector found no frontal face in this picture. Set the square by hand "
                "below; it starts as the largest square in the middle.",
                icon=":material/search_off:",
            )
            choice = MANUAL_CROP
            proposed = first_square(picture)
        if choice == MANUAL_CROP:
            shorter = min(width, height)
            centre_col = _whole_number_slider(
                "Centre of the square: column (across)",
                0,
                width - 1,
                proposed.left + proposed.side // 2,
                f"face_crop_x_{picture.key}",
            )
            centre_row = _whole_number_slider(
                "Centre of the square: row (down)",
                0,
                height - 1,
                proposed.top + proposed.side // 2,
                f"face_crop_y_{picture.key}",
            )
            side = _whole_number_slider(
                "Side of the square (pixels)",
                min(8, shorter),
                shorter,
                proposed.side,
                f"face_crop_side_{picture.key}",
            )
            box = square_at(
                picture.rgb.shape, centre_row=centre_row, centre_col=centre_col, side=side
            )
        else:
            box = boxes[options.index(choice)]
        st.markdown(
            f"The network will look at the **{box.side} × {box.side}** square whose top-left "
            f"corner is at row {box.top}, column {box.left}."
        )
        st.caption(
            "Try this: a square that is much larger than the face, or cuts off the chin, usually "
            "gets a lower P(face). The network was trained on faces framed from eyebrows to chin."
        )
    marked = with_squares(picture.rgb, boxes, box)
    photo_column.image(
        marked,
        width=image_width(marked, min(PHOTO_WIDTH, marked.shape[1])),
        caption=f"{picture.shown_title}, {width} × {height}: the orange square goes to the network"
        + (", blue ones are the detector's other proposals" if set(boxes) - {box} else ""),
    )
    return box


def first_square(picture: Picture) -> FaceBox:
    """The detector's first square in ``picture``, or its largest centred square if it finds none:
    what the network is shown when nobody chooses."""
    boxes = detections(picture)
    if boxes:
        return boxes[0]
    width, height = picture.size
    return square_at(
        picture.rgb.shape, centre_row=height // 2, centre_col=width // 2, side=min(width, height)
    )


def detections(picture: Picture) -> list[FaceBox]:
    """The detector's squares in ``picture``, largest first (cached per picture)."""
    return _detections(picture.key, picture.rgb)


@st.cache_data(max_entries=16, show_spinner=False)
def _detections(key: str, _rgb: np.ndarray) -> list[FaceBox]:
    return detect_faces(_rgb)


def _whole_number_slider(label: str, low: int, high: int, value: int, key: str) -> int:
    """A slider, or just ``low`` when there is nothing to choose (a 1-pixel picture)."""
    if high <= low:
        return low
    return st.slider(label, low, high, min(max(value, low), high), key=key, bind="query-params")
