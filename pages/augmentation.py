"""Augmentation: one picture becomes many training examples, drawn by the face model's own code."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass

import numpy as np
import streamlit as st
from PIL import Image, ImageDraw, ImageFont
from skimage import data as skdata
from skimage.util import montage

from core import augment, images, metadata
from pages.common import Picture, picture_picker, times, try_this
from pages.drawing import enlarge
from pages.journey import page_footer

PATH = "pages/augmentation.py"

#: Previews are drawn from a square copy of the picture this many pixels wide: quick to warp.
PREVIEW_SIDE = 256
GRID_COLUMNS = 4
FACE_COLUMNS = 8
#: Face tiles are shown this many pixels wide (each face pixel becomes a crisp 4 × 4 block).
FACE_TILE = 100
#: `skimage.data.lfw_subset()` holds 200 gray pictures of 25 × 25; the first 100 are faces.
LFW_FACE_COUNT = 100
#: Versions shown with every geometric strength at its largest.
EXTREME_COUNT = 4


@dataclass(frozen=True)
class Control:
    """One strength slider: a field of `augment.AugmentSettings` in friendlier units.

    The slider shows ``strength × scale`` (percent for fractions, degrees for angles); its range
    comes from `augment.STRENGTH_LIMITS` and its default from `augment.AugmentSettings`.
    """

    field: str
    label: str
    value_format: str
    help: str
    scale: float = 100.0
    step: int | float = 1

    @property
    def key(self) -> str:
        return f"aug_{self.field}"

    @property
    def limits(self) -> tuple[float, float]:
        low, high = augment.STRENGTH_LIMITS[self.field]
        return self.on_slider(low), self.on_slider(high)

    @property
    def default(self) -> float:
        return self.on_slider(getattr(augment.AugmentSettings(), self.field))

    def on_slider(self, strength: float) -> float:
        """The slider position for a strength (whole steps stay ints, as Streamlit needs)."""
        shown = strength * self.scale
        return round(shown) if isinstance(self.step, int) else round(shown, 1)

    def reading(self, settings: augment.AugmentSettings) -> str:
        """What this slider shows for ``settings``, e.g. "rotate: up to ±10°"."""
        shown = self.value_format % self.on_slider(getattr(settings, self.field))
        return f"{self.label.lower()} {shown}"


CONTROL_GROUPS: dict[str, tuple[Control, ...]] = {
    "Position and shape": (
        Control("rotation", "Rotate: up to", "±%d°", "Turn by a random angle.", scale=1),
        Control(
            "shift", "Shift: up to", "±%d%%", "Move sideways and up or down, in % of the side."
        ),
        Control("zoom", "Zoom: up to", "±%d%%", "Come closer or step back by up to this much."),
        Control("shear", "Slant (shear): up to", "±%d°", "Lean the picture sideways.", scale=1),
        Control(
            "crop", "Crop: up to", "%d%%", "Cut away up to this much of each side, then resize."
        ),
        Control("flip", "Mirror left-right: chance", "%d%%", "How often a version is mirrored."),
    ),
    "Bending": (
        Control(
            "elastic",
            "Bend: pixels move up to",
            "%.1f%%",
            "A smooth random warp, like a photo printed on rubber. In % of the side.",
            step=0.5,
        ),
        Control(
            "elastic_smoothness",
            "Bend: smoothness",
            "%d%%",
            "Small = ripples, large = broad gentle bends. Only matters when pixels move.",
        ),
    ),
    "Light and grain": (
        Control("brightness", "Brightness: up to", "±%d%%", "Lighter or darker, in % of white."),
        Control("contrast", "Contrast: up to", "±%d%%", "Stronger or weaker differences."),
        Control(
            "noise", "Noise: strength", "%d%%", "Random grain, like a photo taken in the dark."
        ),
    ),
}
CONTROLS = tuple(control for group in CONTROL_GROUPS.values() for control in group)
ROTATION = next(control for control in CONTROLS if control.field == "rotation")


def _settings_from_sliders() -> augment.AugmentSettings:
    return augment.AugmentSettings(
        **{
            control.field: st.session_state.get(control.key, control.default) / control.scale
            for control in CONTROLS
        }
    )


def _set_sliders(settings: augment.AugmentSettings) -> None:
    for control in CONTROLS:
        st.session_state[control.key] = control.on_slider(getattr(settings, control.field))


def _new_draw(seed_key: str) -> None:
    st.session_state[seed_key] = st.session_state.get(seed_key, 0) + 1


@st.cache_data(max_entries=8, show_spinner=False)
def _preview_picture(key: str, _rgb: np.ndarray) -> np.ndarray:
    return images.resize_square(_rgb, PREVIEW_SIDE)


def _numbered_mosaic(pictures: list[np.ndarray], columns: int) -> bytes:
    """Tile same-sized uint8 pictures into one JPEG, each under a strip with its number.

    A browser repaints one picture much faster than many: measured in Chromium, a slider that
    redraws 16 versions as one mosaic settled in roughly half the time of 16 separate images.
    """
    tiles = np.stack([images.as_rgb(picture) for picture in pictures])
    count, height, width, _ = tiles.shape
    strip, gap = max(16, height // 9), max(4, width // 32)
    labelled = np.concatenate([np.full((count, strip, width, 3), 255, np.uint8), tiles], axis=1)
    rows = -(-count // columns)
    canvas = Image.fromarray(
        montage(
            labelled,
            fill=(255, 255, 255),
            grid_shape=(rows, columns),
            padding_width=gap,
            channel_axis=-1,
        )
    )
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=strip - 2)  # Pillow's bundled font: works offline
    for number in range(1, count + 1):
        row, column = divmod(number - 1, columns)
        left = gap + column * (width + gap)
        middle = gap + row * (strip + height + gap) + strip / 2
        draw.text((left, middle), str(number), fill=(40, 40, 40), font=font, anchor="lm")
    encoded = io.BytesIO()
    canvas.save(encoded, "JPEG", quality=95)
    return encoded.getvalue()


def _numbered_list(captions: list[str]) -> str:
    return "\n".join(f"{number}. {caption}" for number, caption in enumerate(captions, 1))


@st.cache_data(max_entries=64, show_spinner=False)
def _picture_versions(
    key: str, settings: augment.AugmentSettings, count: int, seed: int, _rgb: np.ndarray
) -> tuple[bytes, list[str]]:
    """The versions as one numbered mosaic, and what each one drew."""
    versions = augment.augment_variants(
        _preview_picture(key, _rgb), settings, count=count, seed=seed
    )
    mosaic = _numbered_mosaic([v.image for v in versions], GRID_COLUMNS)
    return mosaic, [augment.describe(v.params) for v in versions]


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
    return _numbered_mosaic([_on_screen(face, FACE_TILE) for face in faces], FACE_COLUMNS)


st.title("Augmentation")
st.markdown(
    "A network learns only from the pictures it is shown. **Data augmentation** makes more of "
    "them without a single new photo: each training picture is turned, shifted, zoomed, "
    "mirrored, bent or lit a little differently, and every new version keeps the label of the "
    "original. A face turned by a few degrees is still a face, so one photo becomes many "
    "training examples, and the network learns to recognise a face however it happens to sit "
    "in the frame. The versions on this page come from the very code that prepares the "
    "training pictures of this app's face model. The model itself gets them as small gray "
    "faces, as in the second section; your picture's versions are larger and in colour so you "
    "can see what changed."
)
try_this(
    "drag *Rotate* to 90° and watch every version turn further. Then press "
    "*Turn everything off*: every version becomes your picture again."
)

picture = picture_picker()


# --------------------------------------------------------------------------------------------
st.header("One picture, many versions", divider="gray")
st.markdown(
    "Each slider on the left says how far one change *may* go. For every version the computer "
    f"rolls dice within those limits: with *{ROTATION.reading(augment.AugmentSettings())}*, one "
    "version may turn a little to the left and the next a lot to the right. Each version keeps "
    "its own dice, so moving one slider changes only that change and the rest stays put."
)


@st.fragment
def picture_versions(picture: Picture) -> None:
    controls, grid = st.columns([1, 2.4], gap="large")
    with controls:
        st.button(
            "Turn everything off",
            key="aug_all_off",
            on_click=_set_sliders,
            args=(augment.NO_AUGMENTATION,),
            icon=":material/block:",
            width="stretch",
        )
        st.button(
            "Defaults",
            key="aug_defaults",
            on_click=_set_sliders,
            args=(augment.AugmentSettings(),),
            icon=":material/restart_alt:",
            width="stretch",
        )
        for group, group_controls in CONTROL_GROUPS.items():
            st.markdown(f"**{group}**")
            for control in group_controls:
                low, high = control.limits
                st.slider(
                    control.label,
                    min_value=low,
                    max_value=high,
                    value=control.default,
                    step=control.step,
                    format=control.value_format,
                    help=control.help,
                    key=control.key,
                    bind="query-params",
                    persist_state="session",
                    disabled=control.field == "elastic_smoothness"
                    and not st.session_state.get("aug_elastic"),
                )
    settings = _settings_from_sliders()
    with grid:
        original, count_column, draw_column = st.columns([1, 2.6, 1.7], vertical_alignment="bottom")
        preview = _preview_picture(picture.key, picture.rgb)
        original.image(preview, caption="The original", width="stretch")
        count = count_column.slider(
            "Versions to draw",
            min_value=4,
            max_value=32,
            value=16,
            step=GRID_COLUMNS,
            key="aug_count",
            bind="query-params",
            persist_state="session",
        )
        draw_column.button(
            "New random draw",
            key="aug_new_draw",
            on_click=_new_draw,
            args=("aug_seed",),
            icon=":material/casino:",
            width="stretch",
        )
        seed = st.session_state.get("aug_seed", 0)
        mosaic, captions = _picture_versions(picture.key, settings, count, seed, picture.rgb)
        st.markdown(
            f"**{count} versions** of the centre square of *{picture.shown_title}*, scaled to "
            f"{PREVIEW_SIDE} × {PREVIEW_SIDE} pixels (random draw number {seed + 1}). Below "
            "them, by number: what the dice decided for each."
        )
        with st.container(key="aug_grid"):
            st.image(
                mosaic,
                caption=f"{count} versions of {picture.shown_title}, numbered",
                width="stretch",
            )
            st.caption(_numbered_list(captions))


picture_versions(picture)
st.caption(
    "Try this: press *Turn everything off*, then raise only *Noise*, step by step. At what "
    "strength would you stop recognising the picture?"
)


# --------------------------------------------------------------------------------------------
faces = _lfw_faces()
face_side = faces.shape[1]
defaults = augment.AugmentSettings()
st.header("One face → many training examples", divider="gray")
st.markdown(
    f"The face model does not see photos like yours. It sees small gray faces, {face_side} × "
    f"{face_side} pixels each, like these {len(faces)} from the *Labeled Faces in the Wild* "
    "collection that ships with scikit-image. Here is one at exactly that size, blown up so you "
    "can see every pixel, and versions of it drawn with the pipeline's default strengths. Every "
    "pass through the training pictures (an *epoch*) draws new versions, so the model almost "
    "never sees the very same picture twice."
)
st.caption(
    "Default strengths: " + "; ".join(control.reading(defaults) for control in CONTROLS) + "."
)


@st.fragment
def face_versions() -> None:
    choose, count_column, draw_column = st.columns([2, 2, 1], vertical_alignment="bottom")
    index = choose.slider("Face", 0, len(faces) - 1, 0, key="aug_face", persist_state="session")
    count = count_column.slider(
        "Training examples", FACE_COLUMNS, 4 * FACE_COLUMNS, 2 * FACE_COLUMNS,
        step=FACE_COLUMNS, key="aug_face_count",
    )  # fmt: skip
    draw_column.button(
        "New random draw",
        key="aug_face_new_draw",
        on_click=_new_draw,
        args=("aug_face_seed",),
        icon=":material/casino:",
        width="stretch",
    )
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
            st.markdown(_numbered_list(captions))
    st.markdown(
        f"One labelled face became **{count} training examples**, all labelled *face*. "
        + _recipe_words()
    )

    # ----------------------------------------------------------------------------------------
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
        "So the pipeline mirrors left-right but never flips upside down. Which changes are safe "
        "depends on what is being recognised: for digits even a left-right mirror is wrong "
        "(a mirrored 2 is not a 2), and upside down a 6 becomes a 9."
    )
    geometry = [c for c in CONTROL_GROUPS["Position and shape"] if c.field != "flip"]
    strongest = dataclasses.replace(
        defaults, **{c.field: augment.STRENGTH_LIMITS[c.field][1] for c in geometry}
    )
    extremes, extreme_captions = _face_versions(index, strongest, EXTREME_COUNT, seed)
    st.markdown(
        f"**Too strong breaks the label too.** Here is face {index} with every *Position and "
        f"shape* slider but the mirror at its largest "
        f"({', '.join(c.reading(strongest) for c in geometry)}). A turn of up to "
        f"±{strongest.rotation:g}° can stand the face on its head, and shifting, zooming and "
        "cropping this much can push the face out of the picture: what is left may no longer "
        "deserve the label *face*. That is why the defaults are mild."
    )
    with st.container(key="aug_extreme_grid"):
        for column, extreme, caption in zip(
            st.columns(len(extremes)), extremes, extreme_captions, strict=True
        ):
            column.image(_on_screen(extreme, 250), caption=caption, width="stretch")


face_versions()
st.caption(
    "Try this: move the *Face* slider to a face turned to one side and compare it with its "
    "left-right mirror: is the mirror any less a face?"
)


# --------------------------------------------------------------------------------------------
st.header("With and without augmentation", divider="gray")
st.markdown(
    "Train a network on the same few pictures again and again and it starts to memorise them: "
    "a shadow in one photo, the exact spot of one nose. It then does very well on its training "
    "pictures and worse on new ones. That gap is called **overfitting**."
)
st.markdown(
    "With augmentation, the model never gets quite the same picture twice. Position, angle and "
    "light change every time; what makes a face a face stays the same. The easiest way to be "
    "right on all the versions is to learn the part that does not change, which is exactly what "
    "we want it to learn. Accuracy on the training pictures rises more slowly, and accuracy on "
    "new pictures ends up closer to it."
)
st.page_link(
    "pages/training.py",
    label="Training lab: the same network trained with and without augmentation",
    icon=":material/model_training:",
)

page_footer(PATH)
