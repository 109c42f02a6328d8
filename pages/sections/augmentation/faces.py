"""One face → many training examples, and which changes keep the label: an LFW face as the
face model sees it, its augmented versions, its mirror images, and the sliders at their most.

The *Face* and *Training examples* sliders answer in the browser (`pages.instant`, lazy views):
100 faces × 4 counts are too many mosaics to send at once, so when the person reaches for a
slider the page draws its every step, the other slider where it is, at half the size (a
face's 25 × 25 pixels stay visible); the view of the values let go of is drawn at full size.
The mirror images and the strongest versions further down are sent for every face and follow
the Face slider in the browser (`pages.instant.following_view`), so letting go of a slider
redraws the sliders alone.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st
from skimage import data as skdata

from core import augment, metadata
from pages.common import times
from pages.drawing import enlarge
from pages.headings import section_heading, subheading
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    following_view,
    held_values,
    instant_sliders,
    steps_around,
    wanted_slider,
)
from pages.presenter import slide
from pages.sections.augmentation.draws import new_draw_button, numbered_mosaic
from pages.sections.augmentation.settings import (
    CONTROL_GROUPS,
    CONTROLS,
    FACE_COUNTS,
    LFW_FACE_COUNT,
    AugmentationPageSettings,
)

FACE_COLUMNS = 8
#: Face tiles are shown this many pixels wide (each face pixel becomes a crisp 4 × 4 block).
FACE_TILE = 100
#: While a slider moves, its steps are drawn with tiles half as wide (2 × 2 blocks), with the
#: number strip and gaps halved too, so the browser shows them at the same size.
DRAG_TILE, DRAG_STRIP, DRAG_GAP, DRAG_QUALITY = 50, 8, 2, 85
#: The full mosaic's number strip and gap (`numbered_mosaic`'s own for 100-pixel tiles).
STRIP, GAP = 16, 4
#: The face itself, shown this many pixels wide (6 × 6 blocks), and the mosaic beside it (its
#: full width is 8 × 104 + 4 = 836 pixels): side by side in a page 1,400 pixels wide, the
#: mosaic below the face on a narrower one.
ORIGINAL_SIDE, MOSAIC_SHOWN = 150, 680
#: Versions shown with every geometric strength at its largest.
EXTREME_COUNT = 4
VIEW_KEY = "aug_face_view"
#: The face, its mirror images and its strongest versions, each drawn by the browser in one
#: element for every face (`pages.instant.following_view`), their 25 × 25 pixels enlarged
#: crisply to these widths.
MIRROR_VIEW, MIRROR_SIDE = "aug_mirror_view", 200
EXTREME_VIEW, EXTREME_SIDE = "aug_extreme_view", 250
FACE_SLIDER = InstantSlider(
    AugmentationPageSettings.key("face"),
    "Face",
    tuple(range(LFW_FACE_COUNT)),
    AugmentationPageSettings.default("face"),
)
COUNT_SLIDER = InstantSlider(
    AugmentationPageSettings.key("face_count"),
    "Training examples",
    FACE_COUNTS,
    AugmentationPageSettings.default("face_count"),
)
SLIDERS = (FACE_SLIDER, COUNT_SLIDER)


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


def _as_uint8(face: np.ndarray) -> np.ndarray:
    """A float face in [0, 1] as the uint8 picture it stands for."""
    return np.rint(face * 255).astype(np.uint8)


def _on_screen(face: np.ndarray, side: int) -> np.ndarray:
    """A float face in [0, 1] as a uint8 picture ``side`` pixels wide, with crisp pixels."""
    return enlarge(_as_uint8(face), side)


@st.cache_data(max_entries=64, show_spinner=False)
def _face_versions(
    index: int, settings: augment.AugmentSettings, count: int, seed: int
) -> tuple[list[np.ndarray], list[str]]:
    """Versions of face ``index`` (float, as the model gets them), and what each one drew."""
    versions = augment.augment_variants(_lfw_faces()[index], settings, count=count, seed=seed)
    return [v.image for v in versions], [augment.describe(v.params) for v in versions]


def _face_view(index: int, count: int, seed: int, recipe: str, *, full: bool) -> View:
    """Face ``index``, ``count`` training examples drawn from it with the default strengths
    (``full``: at full size, else at half), what each drew, and what that makes."""
    face = _lfw_faces()[index]
    versions, captions = _face_versions(index, augment.AugmentSettings(), count, seed)
    tile, strip, gap, quality = (
        (FACE_TILE, STRIP, GAP, 95) if full else (DRAG_TILE, DRAG_STRIP, DRAG_GAP, DRAG_QUALITY)
    )
    mosaic = numbered_mosaic(
        [_on_screen(version, tile) for version in versions],
        FACE_COLUMNS,
        strip=strip,
        gap=gap,
        quality=quality,
    )
    return View(
        paragraphs=(
            f"One labelled face became **{count} training examples**, all labelled “face”. "
            + recipe,
        ),
        pictures=(_on_screen(face, ORIGINAL_SIDE), mosaic),
        captions=(
            f"Face {index}: {face.shape[1]} × {face.shape[0]} = {face.size} numbers",
            f"{count} training examples made from face {index}, numbered",
        ),
        widths=(ORIGINAL_SIDE, MOSAIC_SHOWN),
        numbered=tuple(captions),
        photos=True,  # the faces are drawn with crisp blocks already: scale them smoothly
    )


@st.cache_data(max_entries=8, show_spinner=False)
def _held_view(index: int, count: int, seed: int, recipe: str) -> EncodedViews:
    """The view of the face and count Python holds, at full size."""
    return encode_views({(index, count): _face_view(index, count, seed, recipe, full=True)})


@st.cache_data(max_entries=8, show_spinner=False)
def _slider_views(name: str, index: int, count: int, seed: int, recipe: str) -> EncodedViews:
    """The views of every step of slider ``name``, the other at ``index`` or ``count`` (the
    slider's own value is not read), at half size."""
    sliders = [FACE_SLIDER, COUNT_SLIDER]
    wanted = FACE_SLIDER if name == FACE_SLIDER.name else COUNT_SLIDER
    steps = steps_around((index, count), sliders, wanted)
    return encode_views({step: _face_view(*step, seed, recipe, full=False) for step in steps})


def _face_views(values: tuple[int, int], seed: int, wanted: InstantSlider | None) -> EncodedViews:
    """The held values' view, and the views of every step of the slider the browser wants."""
    recipe = _recipe_words()  # read on every run: the model's record may be replaced
    held = _held_view(*values, seed, recipe)
    if wanted is None:
        return held
    index, count = values
    if wanted is FACE_SLIDER:
        index = FACE_SLIDER.default  # one cache entry per count
    else:
        count = COUNT_SLIDER.default  # one cache entry per face
    return _slider_views(wanted.name, index, count, seed, recipe) | held


def draw() -> None:
    """The two sections (three slides), which share the face chosen with one slider."""
    faces, defaults = _lfw_faces(), augment.AugmentSettings()
    face_side = faces.shape[1]
    with slide("faces"):
        section_heading("One face → many training examples")
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
        new_draw_button(st.columns(4)[0], "aug_face_new_draw", "aug_face_seed")
        seed = st.session_state.get("aug_face_seed", 0)
        _face_sliders(seed)

    with slide("faces-label"):
        section_heading("Which changes keep the label")
        st.markdown("Augmentation only helps if every new version still deserves the old label.")
        following_view(MIRROR_VIEW, FACE_SLIDER, _mirror_views())
        st.markdown(
            "Mirrored left to right, a face is still a natural face: faces are roughly symmetric, "
            "and the same person photographed from the other side looks just like it. Upside "
            "down, the mouth sits above the eyes. Cameras almost never see faces that way, and a "
            "model told that this is a face too learns something false about where eyes and "
            "mouths go. So the pipeline mirrors left-right but never flips upside down. Which "
            "changes are safe depends on what is being recognised: for digits even a left-right "
            "mirror is wrong (a mirrored 2 is not a 2), and upside down a 6 becomes a 9."
        )
    with slide("faces-extremes"):
        subheading("Too strong breaks the label too")
        strongest = _strongest(defaults)
        st.markdown(
            "Below, the face chosen above is drawn with every *Position and shape* slider but the "
            f"mirror at its largest ({', '.join(c.reading(strongest) for c in _GEOMETRY)}). A "
            f"turn of up to ±{strongest.rotation:g}° can stand the face on its head, and "
            "shifting, zooming and cropping this much can push the face out of the picture: what "
            "is left may no longer deserve the label *face*. That is why most defaults are mild. "
            f"The zoom is the exception, up to ±{defaults.zoom:.0%}: the face network must still "
            "say “face” for a square from 0.8× to 1.6× the face, so its training faces are shown "
            "about that loosely and that tightly framed."
        )
        following_view(EXTREME_VIEW, FACE_SLIDER, _extreme_views(seed))
        st.caption(
            "Try this: move the *Face* slider to a face turned to one side and compare it with its "
            "left-right mirror: is the mirror any less a face?"
        )


@st.fragment
def _face_sliders(seed: int) -> None:
    """The Face and Training examples sliders and the face's versions, a fragment: letting go
    of a slider redraws only this, since the views further down follow the Face slider in the
    browser (`pages.instant.following_view`)."""
    values = held_values(VIEW_KEY, list(SLIDERS))
    views = _face_views(values, seed, wanted_slider(VIEW_KEY, list(SLIDERS)))
    instant_sliders(VIEW_KEY, list(SLIDERS), views, lazy=repr(seed))


#: The sliders of "Position and shape" that the strongest versions turn to their largest.
_GEOMETRY = [c for c in CONTROL_GROUPS["Position and shape"] if c.field != "flip"]


def _strongest(defaults: augment.AugmentSettings) -> augment.AugmentSettings:
    """The default strengths with every geometric one but the mirror at its largest."""
    return dataclasses.replace(
        defaults, **{c.field: augment.STRENGTH_LIMITS[c.field][1] for c in _GEOMETRY}
    )


@st.cache_resource(max_entries=1, show_spinner=False)
def _mirror_views() -> EncodedViews:
    """Every face with its two mirror images, one view per option of the Face slider."""
    mirror = dataclasses.replace(augment.NO_AUGMENTATION, flip=1.0)
    return encode_views(
        {
            (index,): View(
                paragraphs=(f"Compare face {index} with its two mirror images:",),
                pictures=(
                    _as_uint8(face),
                    _as_uint8(augment.augment(face, mirror, seed=0).image),
                    _as_uint8(np.flipud(face)),
                ),
                captions=(
                    "The face as it is",
                    "Mirrored left-right, as the pipeline does: still a face",
                    "Flipped upside down: NOT part of the pipeline, shown only to compare",
                ),
                widths=(MIRROR_SIDE,) * 3,
            )
            for index, face in enumerate(_lfw_faces())
        }
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _extreme_views(seed: int) -> EncodedViews:
    """Every face's strongest versions (draw ``seed``), one view per option of the Face slider."""
    strongest = _strongest(augment.AugmentSettings())
    views = {}
    for index, face in enumerate(_lfw_faces()):
        versions = augment.augment_variants(face, strongest, count=EXTREME_COUNT, seed=seed)
        views[(index,)] = View(
            paragraphs=(f"Face {index}, drawn {EXTREME_COUNT} times at those strengths:",),
            pictures=tuple(_as_uint8(version.image) for version in versions),
            captions=tuple(augment.describe(version.params) for version in versions),
            widths=(EXTREME_SIDE,) * EXTREME_COUNT,
        )
    return encode_views(views)
