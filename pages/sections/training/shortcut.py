"""When the data lies: the face network trained on pictures where a small mark gives the answer
away, tested where the mark lies, and where it looks; the same failure as the seed's glasses."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import convolution, shortcut
from core.colours import SIGNED_WORDS
from core.model import FACE_CLASS
from core.train import INPUT_SIDE
from pages.common import percent
from pages.drawing import picture_row, plural
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.training.resolution import lab_data

SHORTCUT_KEY = "training_shortcut"  # the last ShortcutResult this session trained
EXAMPLE_SIDE = 200


@as_slide("shortcut")
def draw() -> None:
    """The section: the trap, the button, and what the two networks did."""
    section_heading("When the data lies")
    settings = shortcut.SHORTCUT_SETTINGS
    side = shortcut.MARK_SIDE
    st.markdown(
        "A network learns whatever tells its classes apart in the pictures it is given, wanted "
        "or not. Suppose most people wearing glasses in a training set are women: glasses then "
        'become "evidence" of being a woman. Here is that trap, built on purpose where it can '
        f"be measured: a white {side} × {side} square in the top-left corner of every training "
        "face, and of no training non-face. The button trains the face network on those "
        "pictures, and a second one on the same pictures without the mark, with the same "
        f"settings ({settings.epochs} epochs, no augmentation: a flip or a shift would move the "
        "mark). Then both meet test pictures where the mark lies: faces without it, non-faces "
        "with it."
    )
    data = lab_data(settings.training_fraction, settings.seed)
    face = data.train.images[data.train.labels == shortcut.FACE_LABEL][:1]
    picture_row(
        st,
        [_gray(shortcut.add_mark(face)[0])],
        ["A training face, marked"],
        side=EXAMPLE_SIDE // 2,
    )
    if st.button(
        "Train on the marked pictures", key="training_shortcut_train", icon=":material/play_arrow:"
    ):
        total = 2 * settings.epochs
        bar = st.progress(0.0, text="Starting…")

        def show(which: str, epoch: int) -> None:
            done = epoch + (settings.epochs if which == "clean" else 0)
            name = "marked faces" if which == "biased" else "unmarked pictures"
            bar.progress(
                done / total, text=f"Trained on {name}: epoch {epoch} of {settings.epochs}"
            )

        st.session_state[SHORTCUT_KEY] = shortcut.shortcut_experiment(data, on_epoch=show)
        bar.empty()
    result: shortcut.ShortcutResult | None = st.session_state.get(SHORTCUT_KEY)
    if result is not None:
        _read(result)


def _gray(picture: np.ndarray) -> np.ndarray:
    return np.rint(picture[..., 0] * 255).astype(np.uint8)


def _read(result: shortcut.ShortcutResult) -> None:
    """What the two networks did, in figures, and where the biased one looks."""
    biased, clean = result.biased, result.clean
    looked_right = result.biased_validation_accuracy
    st.markdown(
        f"- **Validation pictures, marked the same way:** the network trained on marked faces "
        f"reaches a validation accuracy of **{looked_right:.0%}** (each class counting "
        f"equally).{' It looks fine.' if looked_right >= 0.9 else ''}\n"
        f"- **Test faces, without the mark:** of the {biased.faces}, the network trained on "
        f"marked faces called **{biased.faces_right}** a face; the one trained on unmarked "
        f"pictures {clean.faces_right}.\n"
        f"- **Test non-faces, with the mark:** of the {biased.non_faces}, the first called "
        f"**{biased.marked_non_faces_called_face}** a face; the second "
        f"{clean.marked_non_faces_called_face}.\n"
        f"- **Where it looks:** in a hide-and-see map of a marked non-face, the red (how much "
        f"hiding each pixel lowers P(face)) lies **{biased.mark_share:.0%}** on the mark for the "
        f"first network, {clean.mark_share:.0%} for the second (medians over the marked test "
        f"non-faces). The mark is {plural(shortcut.MARK_SIDE**2, 'pixel')}, 1 in "
        f"{round(INPUT_SIDE**2 / shortcut.MARK_SIDE**2)} of the picture."
    )
    picture_row(
        st,
        [_gray(result.example), convolution.display_image(result.example_drops)],
        [
            f"The marked test non-face the first network finds most face-like: "
            f"P({FACE_CLASS}) {percent(result.example_face_probability)}",
            f"Hide and see with a {shortcut.OCCLUSION_PATCH} × {shortcut.OCCLUSION_PATCH} "
            f"patch ({SIGNED_WORDS}): red where hiding lowers P({FACE_CLASS})",
        ],
        side=EXAMPLE_SIDE,
    )
    st.markdown(
        "This is the glasses example in miniature. The mark told the classes apart in the "
        "training data, so the network learned it, and pictures with the same bias cannot show "
        "it. Two habits catch it: look where the network looks (hide-and-see or "
        "Grad-CAM on the pictures it gets wrong, and on some it gets right), and test it on "
        "pictures where the suspected cue is missing or misleading, as above."
    )
