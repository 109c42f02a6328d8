"""Page pieces every page shares: the picture picker, the chosen kernel, figure helpers.

The computation lives in ``core``; this module only holds widgets and drawing, so a page can stay
a short list of sections. State that must survive a page change is kept under the few keys named
here and is written only by this module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import convolution, images
from core.training_pictures import trained_on
from pages import links
from pages.drawing import enlarge
from pages.presenter import kept_on_slides
from pages.settings import PICTURE_PARAM
from pages.verbatim import verbatim

# --------------------------------------------------------------------------------------------
# The picture picker
# --------------------------------------------------------------------------------------------

#: Pictures larger than this (longest side, pixels) are worked on as a scaled copy.
WORKING_MAX_SIDE = 1024

#: What happens to a visitor's own pictures, in the same words wherever they can add one.
PRIVACY_NOTE = (
    ":material/lock: Pictures you upload or take with the webcam go to the server that runs this "
    "app (Streamlit's, when it is hosted on Streamlit Community Cloud). It keeps them in memory: "
    "for your session, and copies made for speed in its caches until newer pictures push them "
    "out. Nothing is written to disk or sent anywhere else."
)

PICTURE_KEY = "picture"
#: Session-state key of the network the Training lab hands to the Face page: a
#: `core.model.FaceModel` whose ``metadata["source"]`` is ``"training lab"``.
TRAINED_MODEL_KEY = "trained_face_model"
_ERROR_KEY = "picture_error"
_LINKED_PICTURE_KEY = "picture_linked"  # the sample name last read from or written to the link
_DEFAULT_SAMPLE = "astronaut"


@dataclass(frozen=True)
class Picture:
    """The picture every page works on.

    ``rgb`` is the working copy (longest side at most :data:`WORKING_MAX_SIDE`), RGB even for a
    gray picture;
    ``original_size`` is (width, height) of what the person gave us; ``key`` identifies the
    pixels, for caches.
    """

    title: str
    source: str
    rgb: np.ndarray
    original_size: tuple[int, int]
    key: str
    #: One number per pixel: a gray picture (stored as RGB with three equal channels).
    gray: bool

    @property
    def shown_title(self) -> str:
        """The title as Markdown that shows it as it is (an upload's title is its file name)."""
        return verbatim(self.title)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the working copy."""
        return self.rgb.shape[1], self.rgb.shape[0]

    @property
    def downscaled(self) -> bool:
        return self.size != self.original_size


def make_picture(
    rgb: np.ndarray, title: str, source: str, original_size: tuple[int, int] | None = None
) -> Picture:
    """Wrap a decoded picture, scaling a large one down to the working size."""
    working = np.ascontiguousarray(images.fit_within(rgb, WORKING_MAX_SIDE))
    key = hashlib.sha256(working.tobytes() + str(working.shape).encode()).hexdigest()[:16]
    size = original_size or (rgb.shape[1], rgb.shape[0])
    return Picture(title, source, working, size, key, images.is_gray(working))


@st.cache_data(max_entries=len(images.SAMPLES), show_spinner=False)
def _sample_picture(name: str) -> Picture:
    return make_picture(images.load_sample(name), images.SAMPLES[name].title, "sample")


@st.cache_data(max_entries=len(images.SAMPLES), show_spinner=False)
def _sample_thumbnail(name: str) -> np.ndarray:
    rgb = images.load_sample(name)
    if max(rgb.shape[:2]) < 16:  # tiny synthetic pictures: enlarge with crisp pixels
        return enlarge(rgb, 96)
    return images.resize_square(rgb, 96)


@st.cache_data(max_entries=8, show_spinner=False)
def _gray(key: str, _rgb: np.ndarray) -> np.ndarray:
    return images.to_gray(_rgb)


@st.cache_data(max_entries=32, show_spinner=False)
def _small_gray(key: str, side: int, _rgb: np.ndarray) -> np.ndarray:
    return images.resize_square(_gray(key, _rgb), side)


def gray_of(picture: Picture) -> np.ndarray:
    """The picture desaturated, cached per picture (every page starts from it)."""
    return _gray(picture.key, picture.rgb)


def small_gray_of(picture: Picture, side: int) -> np.ndarray:
    """The picture desaturated, centre-cropped and resized to ``side`` × ``side``, cached."""
    return _small_gray(picture.key, side, picture.rgb)


def current_picture() -> Picture:
    """The picture chosen on any page (the astronaut until someone chooses)."""
    picture = st.session_state.get(PICTURE_KEY)
    if picture is None:
        picture = _sample_picture(_DEFAULT_SAMPLE)
        st.session_state[PICTURE_KEY] = picture
    return picture


def _choose_sample(name: str) -> None:
    st.session_state[PICTURE_KEY] = _sample_picture(name)
    st.session_state.pop(_ERROR_KEY, None)


def _receive_file(widget_key: str, source: str) -> None:
    """Decode a new upload or webcam shot; on failure keep the previous picture."""
    uploaded = st.session_state.get(widget_key)
    if uploaded is None:  # the person removed the file: keep what we have
        return
    try:
        loaded = images.read_image(uploaded.getvalue(), max_side=WORKING_MAX_SIDE)
    except images.ImageLoadError as error:
        st.session_state[_ERROR_KEY] = f"“{verbatim(uploaded.name)}”: {error}"
        return
    title = "Webcam photo" if source == "webcam" else uploaded.name
    st.session_state[PICTURE_KEY] = make_picture(loaded.rgb, title, source, loaded.original_size)
    st.session_state.pop(_ERROR_KEY, None)


def _picker_body(picture: Picture) -> None:
    samples, upload, webcam = st.tabs(["Sample pictures", "Upload", "Webcam"])
    with samples:
        names = list(images.SAMPLES)
        for row_start in range(0, len(names), 6):
            columns = st.columns(6)
            for column, name in zip(columns, names[row_start : row_start + 6], strict=False):
                sample = images.SAMPLES[name]
                caption = sample.description
                if trained_on(name):
                    caption += " (the face network's training data)"
                column.image(_sample_thumbnail(name), caption=caption)
                column.button(
                    sample.title,
                    key=f"sample_{name}",
                    on_click=_choose_sample,
                    args=(name,),
                    width="stretch",
                    type="primary" if sample_name(picture) == name else "secondary",
                )
    with upload:
        st.file_uploader(
            "A picture from your computer: PNG, JPEG, GIF, BMP, TIFF or WebP, "
            f"up to {images.MAX_FILE_BYTES // 2**20} MB",
            key="picture_upload",
            on_change=_receive_file,
            args=("picture_upload", "upload"),
        )
    with webcam:
        if st.toggle("Turn on the webcam", key="webcam_on"):
            st.camera_input(
                "Take a photo",
                key="picture_camera",
                on_change=_receive_file,
                args=("picture_camera", "webcam"),
            )
    with kept_on_slides("privacy-picker"):
        st.caption(PRIVACY_NOTE)


def sample_name(picture: Picture) -> str | None:
    """The name of the sample ``picture`` is (as links carry it), or None for the visitor's own."""
    if picture.source != "sample":
        return None
    return next((name for name, s in images.SAMPLES.items() if s.title == picture.title), None)


def _follow_picture_link() -> None:
    """Open the sample a link names (``?picture=coffee``), once per link."""
    wanted = st.query_params.get(PICTURE_PARAM)
    if wanted is None or st.session_state.get(_LINKED_PICTURE_KEY) == wanted:
        return
    st.session_state[_LINKED_PICTURE_KEY] = wanted
    if wanted in images.SAMPLES:
        _choose_sample(wanted)
    else:
        del st.query_params[PICTURE_PARAM]
        quoted = links.quoted_parameter(PICTURE_PARAM, wanted)
        links.say_ignored(f"{quoted} (no sample picture has that name)")


def _put_picture_in_link(picture: Picture) -> None:
    """Name the sample in the address; the visitor's own picture never goes into a link."""
    name = sample_name(picture)
    if name is None:
        if PICTURE_PARAM in st.query_params:
            del st.query_params[PICTURE_PARAM]
    else:
        st.query_params[PICTURE_PARAM] = name
    st.session_state[_LINKED_PICTURE_KEY] = name
    st.session_state[links.PRIVATE_PICTURE_KEY] = name is None


def picture_picker() -> Picture:
    """Draw the picker (samples, upload, webcam) and return the chosen picture.

    The choice is kept in session state, so it survives page changes: a presenter picks once.
    A sample's name travels in the page's address, so a link opens with the same picture.
    """
    _follow_picture_link()
    picture = current_picture()
    _put_picture_in_link(picture)
    width, height = picture.size
    label = f"Picture: **{picture.shown_title}** · {width} × {height} · click to change"
    picker = st.expander(label, icon=":material/image:", key="picker_open", on_change="rerun")
    if picker.open:  # built only while open: it is two dozen elements on every page
        with picker:
            _picker_body(picture)
    if error := st.session_state.get(_ERROR_KEY):
        st.error(f"{error} The previous picture is still in use.", icon=":material/broken_image:")
    if picture.downscaled:
        ow, oh = picture.original_size
        st.caption(
            f"Your picture is {ow:,} × {oh:,} pixels; the app works on a copy scaled to "
            f"{width:,} × {height:,} so every page stays quick."
        )
    return picture


# --------------------------------------------------------------------------------------------
# The kernel chosen on the convolution page, read by the pages after it
# --------------------------------------------------------------------------------------------

KERNEL_KEY = "kernel"
_DEFAULT_KERNEL = "Vertical edges"


@dataclass(frozen=True)
class ChosenKernel:
    """A kernel and its name ("custom" once someone has edited a weight)."""

    name: str
    weights: np.ndarray


def current_kernel() -> ChosenKernel:
    """The kernel last applied on the convolution page (vertical edges until then)."""
    chosen = st.session_state.get(KERNEL_KEY)
    if chosen is None:
        preset = convolution.PRESETS[_DEFAULT_KERNEL]
        chosen = ChosenKernel(preset.name, preset.kernel)
    return chosen


def remember_kernel(name: str, weights: np.ndarray) -> None:
    """Keep the kernel the convolution page applies, for the pages that follow it."""
    st.session_state[KERNEL_KEY] = ChosenKernel(name, np.array(weights, dtype=np.float64))


def percent(probability: float) -> str:
    """A probability as people read it: "97 %", "99.8 %" near 1, never a rounded-up "100 %"."""
    if probability >= 0.999:
        return "more than 99.9 %"
    return f"{probability * 100:.1f} %" if probability >= 0.99 else f"{probability * 100:.0f} %"


def times(ratio: float) -> str:
    """A ratio for "N times as many": 1024.0 → "1,024", 2.27 → "2.3" (whole numbers for big
    ratios, one decimal for small)."""
    return f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.1f}".removesuffix(".0")


def try_this(suggestion: str) -> None:
    """A "Try this" hint: one thing to do on the page and what to watch (hidden when presenting)."""
    st.info(f"**Try this:** {suggestion}", icon=":material/touch_app:")


def chosen_view(label: str, views: Sequence[str], key: str, **widget_options) -> str:
    """Which of ``views`` a part of the page shows (only that one is built): a row of buttons,
    one always pressed, named ``label`` for screen readers.

    Not st.tabs: Streamlit redraws every tab bar of a page at each rerun of any part of it, ~10
    ms each in a test app (a row of buttons ~1 ms), which every slider's letting go waited for.
    """
    chosen = st.segmented_control(
        label,
        views,
        default=views[0],  # also what the browser's Back returns to
        required=True,
        key=key,
        label_visibility="collapsed",
        **widget_options,
    )
    # None where an address clears a bound choice (``?conv_section=`` with nothing after it)
    return views[0] if chosen is None else chosen
