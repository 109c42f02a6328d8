"""What it cannot say: the network must answer "face" or "not face" for anything at all."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import images, model
from core.model import FaceModel
from pages.common import percent
from pages.drawing import enlarge
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH

SHOWN_SIDE = 150  # display side of each picture
NOISE_SEED = 0  # the noise picture is the same on every visit


def _cat_face() -> np.ndarray:
    """The cat sample's middle square: both eyes, the nose and the mouth."""
    return images.crop_square(images.load_sample("chelsea"))


def _noise() -> np.ndarray:
    return np.random.default_rng(NOISE_SEED).integers(0, 256, (100, 100), dtype=np.uint8)


#: What the network is asked about: a name for people, and how to make the picture.
QUESTIONS = {
    "A cat's face (the middle square of the Chelsea sample)": _cat_face,
    "Random noise": _noise,
    "A face drawn in code": images.drawn_face,
}


@st.cache_data(max_entries=4, show_spinner=False, hash_funcs=NETWORK_HASH)
def _answers(network: FaceModel) -> list[tuple[str, np.ndarray, float]]:
    """(name, picture as the network sees it, P(face)) for each of the `QUESTIONS`."""
    pictures = [model.preprocess(make()) for make in QUESTIONS.values()]
    faces = model.predict(network, np.stack(pictures))[:, network.face_index]
    return [
        (name, np.rint(picture[..., 0] * 255).astype(np.uint8), float(face))
        for name, picture, face in zip(QUESTIONS, pictures, faces, strict=True)
    ]


@as_slide("closed-set")
def draw(network: FaceModel) -> None:
    """The section: three pictures that are neither LFW faces nor its non-faces, and the answers."""
    section_heading("What it cannot say")
    st.markdown(
        f"The network has exactly {len(network.classes)} answers, "
        + " and ".join(f"“{name}”" for name in network.classes)
        + ", and it must give one for any picture at all. It cannot say “I don't know”, "
        "“a cat” or “a drawing”: it has no word for them. Here is what it says of three "
        "pictures that are neither faces from its collection nor its kinds of non-face:"
    )
    answers = _answers(network)
    for column, (name, picture, face) in zip(st.columns(len(answers)), answers, strict=True):
        verdict = "face" if face >= 0.5 else "not face"
        column.image(
            enlarge(picture, SHOWN_SIDE),
            width=SHOWN_SIDE,
            caption=f"{name}: P(face) {percent(face)}, so “{verdict}”",
        )
    called_faces = [name.split(" (")[0].lower() for name, _, face in answers if face >= 0.5]
    if called_faces:
        st.markdown(
            f"It calls {len(called_faces)} of them a face ({'; '.join(called_faces)}), and a "
            "high P(face) here does not mean it has recognised anything: two answers that "
            "add up to 1 are all it can give. A system meant for the open world needs a way to "
            "say “none of these”, such as a class for everything else or a threshold on how "
            "unusual a picture is."
        )
    else:
        st.markdown(
            "It calls none of them a face, but not because it knows what they are: “not face” "
            "is simply the other of its two answers. A system meant for the open world needs a "
            "way to say “none of these”, such as a class for everything else or a threshold on "
            "how unusual a picture is."
        )
