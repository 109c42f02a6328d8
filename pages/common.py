"""Page pieces every page shares: the journey, the picture picker, figure helpers.

The computation lives in ``core``; this module only holds widgets and drawing, so a page can stay
a short list of sections. State that must survive a page change is kept under the few keys named
here and is written only by this module.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from core import images


def _leave_legacy_multipage_mode() -> None:
    """Make sure ``app.py``'s navigation is in charge, whichever URL a server sees first.

    Streamlit treats a folder named ``pages/`` as a legacy multipage app until ``st.navigation``
    has run once in the process. If a fresh server's first request is a deep link such as
    ``/pixels``, it runs that page script alone, without ``app.py``, and every later session gets
    the legacy sidebar. A page that finds itself run that way hands over to ``app.py`` and reruns.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_legacy_multipage_mode()

# --------------------------------------------------------------------------------------------
# The journey: one list that app.py, the home page and every "next" link read
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stop:
    """One page of the journey."""

    path: str
    title: str
    icon: str
    url_path: str
    summary: str


HOME = Stop("pages/home.py", "Start here", ":material/home:", "home", "")

JOURNEY: tuple[Stop, ...] = (
    Stop(
        "pages/pixels.py",
        "Pixels are numbers",
        ":material/grid_on:",
        "pixels",
        "A picture is a grid of numbers from 0 (black) to 255 (white). See yours.",
    ),
    Stop(
        "pages/convolution.py",
        "Convolution",
        ":material/blur_on:",
        "convolution",
        "Slide a small grid of weights over the picture to find edges, blur or sharpen.",
    ),
    Stop(
        "pages/pooling.py",
        "Pooling & activations",
        ":material/view_compact:",
        "pooling",
        "Shrink feature maps but keep what was found; bend numbers with activations.",
    ),
    Stop(
        "pages/augmentation.py",
        "Augmentation",
        ":material/auto_awesome_motion:",
        "augmentation",
        "Turn one photo into many training examples: rotate, shift, flip, add noise.",
    ),
    Stop(
        "pages/face.py",
        "Face or not?",
        ":material/face:",
        "face",
        "A real trained network decides, and shows what it saw and where it looked.",
    ),
    Stop(
        "pages/training.py",
        "Training lab",
        ":material/model_training:",
        "training",
        "Watch a network learn, overfit and recover, then teach it your own classes.",
    ),
)


def next_stop(path: str) -> Stop | None:
    """The page after ``path`` in the journey, or None at the end."""
    paths = [stop.path for stop in JOURNEY]
    index = paths.index(path) + 1 if path in paths else 0
    return JOURNEY[index] if index < len(JOURNEY) else None


def page_footer(path: str) -> None:
    """End a page by pointing to the next one."""
    following = next_stop(path)
    st.divider()
    if following is None:
        st.page_link(HOME.path, label="Back to the start", icon=HOME.icon)
        return
    st.markdown(f"**Next:** {following.summary}")
    st.page_link(following.path, label=following.title, icon=following.icon)


def under_construction(path: str, plans: list[str]) -> None:
    """Say plainly what a page that is not built yet will hold."""
    stop = next(s for s in JOURNEY if s.path == path)
    st.title(stop.title)
    st.info("This page is being built. Here is what it will hold:", icon=":material/construction:")
    st.markdown("\n".join(f"- {plan}" for plan in plans))
    page_footer(path)


# --------------------------------------------------------------------------------------------
# The picture picker
# --------------------------------------------------------------------------------------------

#: Pictures larger than this (longest side, pixels) are worked on as a scaled copy.
WORKING_MAX_SIDE = 1024

PICTURE_KEY = "picture"
_ERROR_KEY = "picture_error"
_DEFAULT_SAMPLE = "astronaut"


@dataclass(frozen=True)
class Picture:
    """The picture every page works on.

    ``rgb`` is the working copy (longest side at most :data:`WORKING_MAX_SIDE`);
    ``original_size`` is (width, height) of what the person gave us; ``key`` identifies the
    pixels, for caches.
    """

    title: str
    source: str
    rgb: np.ndarray
    original_size: tuple[int, int]
    key: str

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the working copy."""
        return self.rgb.shape[1], self.rgb.shape[0]

    @property
    def downscaled(self) -> bool:
        return self.size != self.original_size


def make_picture(rgb: np.ndarray, title: str, source: str) -> Picture:
    """Wrap a decoded picture, scaling a large one down to the working size."""
    working = np.ascontiguousarray(images.fit_within(rgb, WORKING_MAX_SIDE))
    key = hashlib.sha256(working.tobytes() + str(working.shape).encode()).hexdigest()[:16]
    return Picture(title, source, working, (rgb.shape[1], rgb.shape[0]), key)


@st.cache_data(max_entries=len(images.SAMPLES), show_spinner=False)
def _sample_picture(name: str) -> Picture:
    return make_picture(images.load_sample(name), images.SAMPLES[name].title, "sample")


@st.cache_data(max_entries=len(images.SAMPLES), show_spinner=False)
def _sample_thumbnail(name: str) -> np.ndarray:
    rgb = images.load_sample(name)
    if max(rgb.shape[:2]) < 16:  # tiny synthetic pictures: enlarge with crisp pixels
        return enlarge(rgb, 96)
    return images.resize_square(rgb, 96)


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
        rgb = images.load_image(uploaded.getvalue())
    except images.ImageLoadError as error:
        st.session_state[_ERROR_KEY] = f"“{uploaded.name}”: {error}"
        return
    title = "Webcam photo" if source == "webcam" else uploaded.name
    st.session_state[PICTURE_KEY] = make_picture(rgb, title, source)
    st.session_state.pop(_ERROR_KEY, None)


def picture_picker() -> Picture:
    """Draw the picker (samples, upload, webcam) and return the chosen picture.

    The choice is kept in session state, so it survives page changes: a presenter picks once.
    """
    picture = current_picture()
    width, height = picture.size
    label = f"Picture: **{picture.title}** · {width} × {height} · click to change"
    with st.expander(label, icon=":material/image:"):
        samples, upload, webcam = st.tabs(["Sample pictures", "Upload", "Webcam"])
        with samples:
            names = list(images.SAMPLES)
            for row_start in range(0, len(names), 6):
                columns = st.columns(6)
                for column, name in zip(columns, names[row_start : row_start + 6], strict=False):
                    sample = images.SAMPLES[name]
                    column.image(_sample_thumbnail(name), caption=sample.description)
                    column.button(
                        sample.title,
                        key=f"sample_{name}",
                        on_click=_choose_sample,
                        args=(name,),
                        width="stretch",
                        type="primary" if picture.title == sample.title else "secondary",
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
        st.caption(
            ":material/lock: Pictures you upload or take with the webcam stay in this browser "
            "session only. They are never saved or sent anywhere."
        )
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
# Figures
# --------------------------------------------------------------------------------------------


def heatmap(
    values: np.ndarray,
    *,
    colorscale: str | list = "gray",
    zmin: float | None = 0,
    zmax: float | None = 255,
    show_values: bool = False,
    value_format: str = "d",
    height: int | None = None,
    hover_label: str = "value",
) -> go.Figure:
    """A heatmap of a 2-D array drawn the way pictures are: row 0 at the top, square pixels.

    Hovering shows row, column and value. ``show_values`` prints the number in every cell; use it
    only for small grids (per-cell text is slow to draw).
    """
    rows = values.shape[0]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            texttemplate=f"%{{z:{value_format}}}" if show_values else None,
            hovertemplate=f"row %{{y}}, column %{{x}}<br>{hover_label} %{{z}}<extra></extra>",
            showscale=False,
        )
    )
    figure.update_yaxes(autorange="reversed", scaleanchor="x", constrain="domain", showgrid=False)
    figure.update_xaxes(constrain="domain", showgrid=False, side="top")
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=height or min(620, max(260, 18 * rows + 60)),
        dragmode=False,
    )
    return figure


def enlarge(image: np.ndarray, target: int = 240) -> np.ndarray:
    """Blow a tiny picture up with crisp square pixels so it can be seen (nearest neighbour)."""
    scale = max(1, target // max(image.shape[:2]))
    block = np.ones((scale, scale) + (1,) * (image.ndim - 2), dtype=image.dtype)
    return np.kron(image, block)
