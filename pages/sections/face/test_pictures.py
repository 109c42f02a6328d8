"""The network's own test pictures, offered beside the picker: any one becomes the picture of
every page, with its label known."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import images, train
from core.model import FaceModel
from pages.common import PICTURE_KEY, Picture, make_picture
from pages.drawing import enlarge
from pages.headings import subheading
from pages.presenter import as_slide
from pages.sections.face.network import dataset_answers
from pages.sections.face.pictures import THUMB_SIDE

TEST_PICTURES_PER_CLASS = 4  # LFW test pictures offered for each class (faces first)


@as_slide("test-pictures")
def draw(network: FaceModel, picture: Picture) -> None:
    """A row of test pictures, faces first, each with its label and a button that picks it."""
    subheading("Or try one of its test pictures")
    test_pictures, test_labels, _, _ = dataset_answers(network, "test")
    rows, cols = test_pictures.shape[1:3]
    st.caption(
        f"Pictures the network was tested on and never trained on, {rows} × {cols} gray, with "
        "their labels. Press a number to make that picture the one every page uses:"
    )
    offered = [
        int(index)
        for label in (train.FACE, train.NOT_FACE)
        for index in np.flatnonzero(test_labels == label)[:TEST_PICTURES_PER_CLASS]
    ]
    for column, index in zip(st.columns(len(offered)), offered, strict=True):
        name = train.CLASSES[test_labels[index]]
        title = f"LFW test picture #{index} ({name})"
        column.image(enlarge(test_pictures[index], THUMB_SIDE), width=THUMB_SIDE, caption=name)
        column.button(
            f"#{index}",
            key=f"face_test_{index}",
            on_click=_choose_test_picture,
            args=(test_pictures[index], title),
            width="stretch",
            type="primary" if picture.title == title else "secondary",
        )


def _choose_test_picture(gray: np.ndarray, title: str) -> None:
    """Make one test picture (25 × 25 gray) the picture of every page."""
    st.session_state[PICTURE_KEY] = make_picture(images.as_rgb(gray), title, "dataset")
