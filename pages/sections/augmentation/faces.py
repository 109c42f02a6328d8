"""One face → many training examples, and which changes keep the label: an LFW face as the
face model sees it, its augmented versions, its mirror images, and the sliders at their most."""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st
from skimage import data as skdata

from core import augment, metadata
from pages.common import times
from pages.drawing import enlarge
from pages.presenter import slide
from pages.sections.augmentation.draws import new_draw_button, numbered_list, numbered_mosaic
from pages.sections.augmentation.settings import CONTROL_GROUPS, CONTROLS

FACE_COLUMNS = 8
#: Face tiles are shown this many pixels wide (each face pixel becomes a crisp 4 × 4 block).
FACE_TILE = 100
#: `skimage.data.lfw_subset()` holds 200 gray pictures of 25 × 25; the first 100 are faces.
LFW_FACE_COUNT = 100
#: Versions shown with every geometric strength at its largest.
EXTREME_COUNT = 4


def _recipe_words() -> str:
    """How many augmented faces the shipped face model met, from the record its training wrote."""
    try:
        record = metadata.read_metadata()
        epochs = int(record["training"]["epochs"])
        shown = int(record["training"]["shown_per_epoch"]["face"])
        faces = int(record["dataset_sizes"]["train"]["face"])
    except (ValueError, KeyError, TypeError):  # no model yet, or an older record
        return (
            "Every epoch draws new versions, so a model almost never meets the very same "
            "picture twice."
        )
    return (
        f"This app's face model trained for {epochs} epochs; each epoch showed its {faces} "
        f"training faces {times(shown / faces)} times over ({shown:,} face pictures), each one "
        f"freshly drawn. So it met {epochs * shown:,} face pictures, hardly two alike, instead "
        f"of the same {faces} faces {epochs * shown // faces:,} times."
    )


@st.cache_data(max_entries=1, show_spinner=False)
def _lfw_faces() -> np.ndarray:
    return skdata.lfw_subset()[:LFW_FACE_COUNT]


def _on_screen(face: np.ndarray, side: int) -> np.ndarray:
    """A float face in [0, 1] as a uint8 picture ``side`` pixels wide, with crisp pixels."""
    return enlarge(np.rint(face * 255).astype(np.uint8), side)


@st.cache_data(max_entries=64, show_spinner=False)
def _face_versions(
    index: int, settings: augment.AugmentSettings, count: int, seed: int
) -> tuple[list[np.ndarray], list[str]]:
    """Versions of face ``index`` (float, as the model gets them), and what each one drew."""
    versions = augment.augment_variants(_lfw_faces()[index], settings, count=count, seed=seed)
    return [v.image for v in versions], [augment.describe(v.params) for v in versions]


@st.cache_data(max_entries=64, show_spinner=False)
def _face_mosaic(index: int, settings: augment.AugmentSettings, count: int, seed: int) -> bytes:
    faces, _ = _face_versions(index, settings, count, seed)
    return numbered_mosaic([_on_screen(face, FACE_TILE) for face in faces], FACE_COLUMNS)


@st.fragment
def draw() -> None:
    """The two sections (three slides), which share the face chosen with one slider."""
    faces, defaults = _lfw_faces(), augment.AugmentSettings()
    face_side = faces.shape[1]
    with slide("faces"):
        st.header("One face → many training examples", divider="gray")
        st.markdown(
            "The face model does not see photos like yours. It sees small gray faces, "
            f"{face_side} × {face_side} pixels each, like these {len(faces)} from the *Labeled "
            "Faces in the Wild* collection that ships with scikit-image. Here is one at exactly "
            "that size, blown up so you can see every pixel, and versions of it drawn with the "
            "pipeline's default strengths. Every pass through the training pictures (an *epoch*) "
            "draws new versions, so the model almost never sees the very same picture twice."
        )
        st.caption(
            "Default strengths: "
            + "; ".join(control.reading(defaults) for control in CONTROLS)
            + "."
        )
        choose, count_column, draw_column = st.columns([2, 2, 1], vertical_alignment="bottom")
        index = choose.slider("Face", 0, len(faces) - 1, 0, key="aug_face", persist_state="session")
        count = count_column.slider(
            "Training examples", FACE_COLUMNS, 4 * FACE_COLUMNS, 2 * FACE_COLUMNS,
            step=FACE_COLUMNS, key="aug_face_count",
        )  # fmt: skip
        new_draw_button(draw_column, "aug_face_new_draw", "aug_face_seed")
        face = faces[index]
        seed = st.session_state.get("aug_face_seed", 0)
        _, captions = _face_versions(index, defaults, count, seed)
        original, grid = st.columns([1, 5], gap="large")
        original.image(
            _on_screen(face, 200),
            caption=f"Face {index}: {face_side} × {face_side} = {face.size} numbers",
            width="stretch",
        )
        with grid, st.container(key="aug_face_grid"):
            st.image(
                _face_mosaic(index, defaults, count, seed),
                caption=f"{count} training examples made from face {index}, numbered",
                width="stretch",
            )
            with st.expander("What each training example drew"):
                st.markdown(numbered_list(captions))
        st.markdown(
            f"One labelled face became **{count} training examples**, all labelled *face*. "
            + _recipe_words()
        )

    with slide("faces-label"):
        st.header("Which changes keep the label", divider="gray")
        st.markdown(
            "Augmentation only helps if every new version still deserves the old label. Compare "
            f"face {index} with its two mirror images:"
        )
        mirror = dataclasses.replace(augment.NO_AUGMENTATION, flip=1.0)
        as_is, left_right, upside_down, why = st.columns([1, 1, 1, 2], gap="medium")
        as_is.image(_on_screen(face, 200), caption="The face as it is", width="stretch")
        left_right.image(
            _on_screen(augment.augment(face, mirror, seed=0).image, 200),
            caption="Mirrored left-right, as the pipeline does: still a face",
            width="stretch",
        )
        upside_down.image(
            _on_screen(np.flipud(face), 200),
            caption="Flipped upside down: NOT part of the pipeline, shown only to compare",
            width="stretch",
        )
        why.markdown(
            "Mirrored left to right, a face is still a natural face: faces are roughly symmetric, "
            "and the same person photographed from the other side looks just like it. Upside down, "
            "the mouth sits above the eyes. Cameras almost never see faces that way, and a model "
            "told that this is a face too learns something false about where eyes and mouths go. "
            "So the pipeline mirrors left-right but never flips upside down. Which changes are "
            "safe depends on what is being recognised: for digits even a left-right mirror is "
            "wrong (a mirrored 2 is not a 2), and upside down a 6 becomes a 9."
        )
    with slide("faces-extremes"):
        st.subheader("Too strong breaks the label too")
        geometry = [c for c in CONTROL_GROUPS["Position and shape"] if c.field != "flip"]
        strongest = dataclasses.replace(
            defaults, **{c.field: augment.STRENGTH_LIMITS[c.field][1] for c in geometry}
        )
        extremes, extreme_captions = _face_versions(index, strongest, EXTREME_COUNT, seed)
        st.markdown(
            f"Here is face {index} with every *Position and "
            f"shape* slider but the mirror at its largest "
            f"({', '.join(c.reading(strongest) for c in geometry)}). A turn of up to "
            f"±{strongest.rotation:g}° can stand the face on its head, and shifting, zooming and "
            "cropping this much can push the face out of the picture: what is left may no longer "
            "deserve the label *face*. That is why most defaults are mild. The zoom is the "
            f"exception, up to ±{defaults.zoom:.0%}: the face network must still say “face” for a "
            "square from 0.8× to 1.6× the face, so its training faces are shown about that loosely "
            "and that tightly framed."
        )
        with st.container(key="aug_extreme_grid"):
            for column, extreme, caption in zip(
                st.columns(len(extremes)), extremes, extreme_captions, strict=True
            ):
                column.image(_on_screen(extreme, 250), caption=caption, width="stretch")
        st.caption(
            "Try this: move the *Face* slider to a face turned to one side and compare it with its "
            "left-right mirror: is the mirror any less a face?"
        )
