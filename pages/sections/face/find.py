"""Find the face: the detector proposes squares (or the visitor sets one by hand), and the
square the network will look at is chosen.

The sliders that set the square by hand answer in the browser (`pages.instant`, lazy views):
the photo with the square framed, the 25 × 25 picture the network is given and its P(face),
for every step of the slider the person reaches for, the other two where they are. Letting go
reruns the square's part of the page (a fragment, `pages/face.py`): the sections drawn from
the square follow it; the picker above and the sections below that do not depend on it stay.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import streamlit as st
from PIL import Image

from core import model
from core.detect import FaceBox, detect_faces, square_at
from core.metadata import INPUT_SIDE
from core.model import FaceModel
from pages.common import Picture, gray_of, percent
from pages.drawing import image_width
from pages.headings import section_heading
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    steps_around,
    wanted_slider,
)
from pages.sections.face.network import NETWORK_HASH
from pages.sections.face.pictures import PHOTO_WIDTH, proposals_photo, with_squares
from pages.verbatim import cut

MANUAL_CROP = "My own square (set it with the sliders)"
CROP_VIEW = "face_crop_view"  # the square's sliders and what they show (pages.instant)
INPUT_WIDTH = 125  # display side of the 25 × 25 picture the network is given (5 px a pixel)

INTRO = (
    "The network answers one question about one small square: *is this a face?* So first "
    "something must choose the square. A classic face detector that ships with scikit-image "
    "proposes squares: an LBP cascade, a chain of quick tests on patterns of lighter and darker "
    "pixels, trained by others long before this app. You can also set the square by hand."
)
TRY_THIS = (
    "Try this: a square that is much larger than the face, or cuts off the chin, usually "
    "gets a lower P(face). The network was trained on faces framed from eyebrows to chin."
)


def draw(network: FaceModel, picture: Picture) -> FaceBox:
    """The section; returns the square the network is shown."""
    section_heading("Find the face")
    st.markdown(INTRO)
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
                "with the sliders; it starts as the largest square in the middle.",
                icon=":material/search_off:",
            )
            choice = MANUAL_CROP
            proposed = first_square(picture)
        axes = _axes(picture, proposed)
        sliders = [axis.slider() for axis in axes if axis.movable] if choice == MANUAL_CROP else []
        if choice != MANUAL_CROP:
            box = boxes[options.index(choice)]
            for axis in axes:  # the link keeps the settings of the square on show only
                st.query_params.pop(axis.name, None)
        elif not sliders:
            box = _box_at(picture, axes, ())  # a 1-pixel picture: nothing to choose
        if not sliders:
            st.markdown(_square_words(box))
        st.caption(TRY_THIS)
    if sliders:
        with photo_column:
            return _square_by_hand(network, picture, boxes, axes, sliders)
    marked = with_squares(picture.rgb, boxes, box)
    photo_column.image(
        marked,
        width=image_width(marked, min(PHOTO_WIDTH, marked.shape[1])),
        caption=_photo_caption(picture.shown_title, picture, boxes, box),
    )
    return box


def _square_words(box: FaceBox) -> str:
    return (
        f"The network will look at the **{box.side} × {box.side}** square whose top-left "
        f"corner is at row {box.top}, column {box.left}."
    )


def _photo_caption(title: str, picture: Picture, boxes: list[FaceBox], box: FaceBox) -> str:
    width, height = picture.size
    return f"{title}, {width} × {height}: the orange square goes to the network" + (
        ", blue ones are the detector's other proposals" if set(boxes) - {box} else ""
    )


@dataclass(frozen=True)
class _Axis:
    """One setting of the square set by hand: a whole number from ``low`` to ``high``, starting
    at ``start``; a slider only if there is something to choose (not on a 1-pixel picture)."""

    name: str
    label: str
    low: int
    high: int
    start: int

    @property
    def movable(self) -> bool:
        return self.high > self.low

    def slider(self) -> InstantSlider:
        start = min(max(self.start, self.low), self.high)
        return InstantSlider(self.name, self.label, tuple(range(self.low, self.high + 1)), start)


def _axes(picture: Picture, proposed: FaceBox) -> tuple[_Axis, _Axis, _Axis]:
    """The centre's column and row and the side, named per picture in the link."""
    width, height = picture.size
    return (
        _Axis(
            f"face_crop_x_{picture.key}",
            "Centre of the square: column (across)",
            0,
            width - 1,
            proposed.left + proposed.side // 2,
        ),
        _Axis(
            f"face_crop_y_{picture.key}",
            "Centre of the square: row (down)",
            0,
            height - 1,
            proposed.top + proposed.side // 2,
        ),
        _Axis(
            f"face_crop_side_{picture.key}",
            "Side of the square (pixels)",
            min(8, min(width, height)),
            min(width, height),
            proposed.side,
        ),
    )


def _box_at(picture: Picture, axes: tuple[_Axis, ...], values: tuple[int, ...]) -> FaceBox:
    """The square for the sliders' ``values`` (in the axes' order; an axis without a slider
    stays at its only value)."""
    given = iter(values)
    col, row, side = (next(given) if axis.movable else axis.low for axis in axes)
    return square_at(picture.rgb.shape, centre_row=row, centre_col=col, side=side)


def _square_by_hand(
    network: FaceModel,
    picture: Picture,
    boxes: list[FaceBox],
    axes: tuple[_Axis, ...],
    sliders: list[InstantSlider],
) -> FaceBox:
    """The sliders, answered in the browser: the view of the values Python holds, and every
    step of the slider the person reaches for (a 512-pixel picture has 512 positions a slider:
    far too many combinations to send at once)."""
    held = held_values(CROP_VIEW, sliders)
    views = _square_views(network, picture.key, (held,), picture, axes)
    wanted = wanted_slider(CROP_VIEW, sliders)
    if wanted is not None:
        steps = tuple(steps_around(held, sliders, wanted))
        views = _square_views(network, picture.key, steps, picture, axes) | views
    values = instant_sliders(CROP_VIEW, sliders, views, lazy=f"{picture.key}-{network.fingerprint}")
    return _box_at(picture, axes, values)


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=NETWORK_HASH)
def _square_views(
    network: FaceModel,
    key: str,
    combinations: tuple[tuple[int, ...], ...],
    _picture: Picture,
    _axes: tuple[_Axis, ...],
) -> EncodedViews:
    """The views of the sliders' ``combinations`` for the picture ``key``: the network's input
    and P(face) of each square (squares pushed against an edge repeat: each is computed once),
    from one batch."""
    squares = {values: _box_at(_picture, _axes, values) for values in combinations}
    distinct = list(dict.fromkeys(squares.values()))
    gray = gray_of(_picture)  # a crop's gray is the gray picture's crop: one conversion
    inputs = np.stack([model.preprocess(square.crop(gray)) for square in distinct])
    faces = model.predict(network, inputs)[:, network.face_index]
    answers = dict(zip(distinct, zip(inputs, faces, strict=True), strict=True))
    boxes = detections(_picture)
    photo, down, across = proposals_photo(_picture.rgb, boxes)
    sent = _as_sent(photo, crisp=photo.shape[1] > _picture.size[0])  # one object: encoded once
    views = {}
    for values, square in squares.items():
        network_input, face = answers[square]
        views[values] = View(
            paragraphs=(_square_words(square),),
            pictures=(sent, np.rint(network_input[..., 0] * 255).astype(np.uint8)),
            captions=(
                _photo_caption(cut(_picture.title), _picture, boxes, square),  # plain text
                f"What the network is given: the square in gray, {INPUT_SIDE} × {INPUT_SIDE}",
            ),
            widths=(photo.shape[1], INPUT_WIDTH),
            frames=(
                (square.top * down, square.left * across, square.side * down, square.side * across),
                None,
            ),
            after=(f"For this square the network gives **P(face) {percent(float(face))}**.",),
        )
    return encode_views(views)


def _as_sent(photo: np.ndarray, *, crisp: bool) -> np.ndarray | bytes:
    """The photo as the view sends it: a blown-up tiny picture as it is (PNG keeps its pixels
    square), a photo as a JPEG, a tenth of the size."""
    if crisp:
        return photo
    buffer = io.BytesIO()
    Image.fromarray(photo).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


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
