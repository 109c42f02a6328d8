"""The live camera: the webcam's video beside the same video through a kernel, filtered in the
browser (``assets/components/live_camera.js``); with *Find the face* on, the face network's
best square on a frame, a few times a second; and Freeze, which makes the current frame
the picture every page works on."""

from __future__ import annotations

import base64
import binascii

import streamlit as st

from core import convolution, images
from core.colours import SIGNED_WORDS
from pages.common import (
    PICTURE_KEY,
    WORKING_MAX_SIDE,
    Picture,
    current_picture,
    make_picture,
    percent,
)
from pages.instant import SIGNED_TABLE_FOR_BROWSER, browser_component
from pages.sections.convolution.settings import WEIGHT_LIMIT, WEIGHT_STEP
from pages.sections.convolution.words import SCALING_LABELS

LIVE_KEY = "live_camera"
FIND_FACES_KEY = "live_find_faces"
ANSWER_KEY = "live_answer"  # the last frame's answer: its id, the box and P(face), no pixels
FROZEN_KEY = "live_frozen"  # after Freeze: (the frozen picture's key, or None, and a message)
OWN_KERNEL = "Your own 3 × 3"
DEFAULT_PRESET = "Vertical edges"
FRAME_SIZE = (320, 240)  # width, height: what the browser filters, and sends for an answer
FRAME_MAX_SIDE = 640  # a frame sent is FRAME_SIZE; anything larger is shrunk on arrival
ANSWER_EVERY_MS = 350  # at most one frame to the server per this many milliseconds
ANSWERS_PER_SECOND = round(1000 / ANSWER_EVERY_MS)  # "about three frames a second", in words
FACE_COLOUR, OTHER_COLOUR = "#009E73", "#E69F00"  # Okabe–Ito green and orange

MESSAGES = {
    "asking": "Asking the browser for the camera…",
    "running": "The camera is on. Frames are filtered in this browser tab.",
    "refused": "The camera was not allowed, so there is no live video. To use it, allow the "
    "camera for this site (the camera icon in the address bar) and reload the page. Everything "
    "else on this page and in the app works without it.",
    "missing": "No camera was found. Plug one in and reload the page; everything else works "
    "without it.",
    "unsupported": "This browser offers no camera here: browsers allow cameras only on https "
    "addresses and on localhost.",
    "failed": "The camera could not be started",
    "framesPerSecond": "frames a second filtered",
    "answersPerSecond": "answers a second from the face network",
}


@st.fragment
def draw(*, find_faces: bool, present: bool) -> None:
    """The live view, a fragment: a frame's answer or a frozen frame redraws only this."""
    answer = st.session_state.get(ANSWER_KEY) if find_faces else None
    browser_component("live_camera")(
        key=LIVE_KEY,
        data={
            "presets": [
                {
                    "name": preset.name,
                    "weights": [float(w) for w in preset.kernel.ravel()],
                    "side": int(preset.kernel.shape[0]),
                }
                for preset in convolution.PRESETS.values()
            ]
            + [{"name": OWN_KERNEL, "weights": [0.0] * 9, "side": 3}],
            "ownName": OWN_KERNEL,
            "preset": DEFAULT_PRESET,
            "scalings": SCALING_LABELS,
            "scaling": "diverging",
            "table": SIGNED_TABLE_FOR_BROWSER,
            "limit": WEIGHT_LIMIT,
            "step": WEIGHT_STEP,
            "findFaces": find_faces,
            "answer": answer,
            "present": present,
            "messages": MESSAGES,
            "cameraCaption": "The camera"
            + (", boxed: the face network's best square" if find_faces else ""),
            "freezeLabel": "Freeze this frame",
            "frameSize": FRAME_SIZE,
            "answerEveryMs": ANSWER_EVERY_MS,
        },
        on_frame_change=_answer_frame,
        on_freeze_change=_freeze,
    )
    st.caption(
        f"Colours around 0: {SIGNED_WORDS}. Every filtered frame is {FRAME_SIZE[0]} × "
        f"{FRAME_SIZE[1]} gray pixels, with the Convolution page's mirrored border."
    )
    if message := st.session_state.get(FROZEN_KEY):
        frozen_key, text = message
        if frozen_key is None:
            st.error(text, icon=":material/broken_image:")
        elif frozen_key == current_picture().key:  # said only while it is the chosen picture
            st.success(text, icon=":material/photo_camera:")
            st.page_link("pages/face.py", label="Open it on Face or not?", icon=":material/face:")


def picture_bytes(sent: object) -> bytes | None:
    """The picture in a value the browser sent (``{"picture": base64 text, ...}``), or None for
    anything else (a page is driven by whoever opens it)."""
    if not isinstance(sent, dict) or not isinstance(sent.get("picture"), str):
        return None
    try:
        return base64.b64decode(sent["picture"], validate=True)
    except (binascii.Error, ValueError):
        return None


def frame_answer(sent: object) -> dict | None:
    """What the browser draws for a frame: its id, and the network's best square with P(face)
    (``box`` None if there is none). None for a value that holds no picture.

    The frame's pixels are decoded, looked at and dropped; the answer holds none of them.
    """
    from pages.sections.live import faces  # TensorFlow: the page loaded it with the toggle on

    data = picture_bytes(sent)
    if data is None:
        return None
    answer = {"id": str(sent.get("id", ""))[:64], "box": None, "label": ""}
    try:
        found = faces.best_square(images.read_image(data, max_side=FRAME_MAX_SIDE).rgb)
    except ValueError:  # not a picture (ImageLoadError), or no network to ask: no box
        return answer
    if found is None:
        return answer
    box, probability = found
    return {
        **answer,
        "box": [box.top, box.left, box.side],
        "probability": probability,
        "label": f"P(face) {percent(probability)}",
        "colour": FACE_COLOUR if probability > 0.5 else OTHER_COLOUR,
    }


def frozen_picture(sent: object) -> tuple[Picture | None, str]:
    """The frozen frame as the picture every page works on, and what to tell the person."""
    data = picture_bytes(sent)
    if data is None:
        return None, "No frame arrived: try Freeze again."
    try:
        loaded = images.read_image(data, max_side=WORKING_MAX_SIDE)
    except images.ImageLoadError as error:
        return None, f"The frame could not be read: {error}"
    width, height = loaded.original_size
    picture = make_picture(loaded.rgb, "Frozen camera frame", "webcam", loaded.original_size)
    return picture, f"The frame ({width} × {height}) is now the chosen picture on every page."


def _sent(field: str) -> object:
    return (st.session_state.get(LIVE_KEY) or {}).get(field)


def _answer_frame() -> None:
    """A frame arrived: answered only while *Find the face* is on (a late or stray frame is
    dropped unanswered)."""
    if not st.session_state.get(FIND_FACES_KEY):
        return
    if (answer := frame_answer(_sent("frame"))) is not None:
        st.session_state[ANSWER_KEY] = answer


def _freeze() -> None:
    picture, message = frozen_picture(_sent("freeze"))
    if picture is not None:
        st.session_state[PICTURE_KEY] = picture
    st.session_state[FROZEN_KEY] = (picture.key if picture is not None else None, message)
