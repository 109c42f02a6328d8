"""The "Live camera" page under AppTest, and what its server side does with what the browser
sends: a frame gets the network's best square, a frozen frame becomes the chosen picture, and
anything else is refused without a traceback. (The video itself is tested in Chromium:
tests/test_browser_live.py.)"""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from core import images
from core.detect import detect_faces
from pages.sections.live import camera
from tests.apptest_helpers import all_text
from tests.fake_camera import camera_frame, to_frame

LIVE = "pages/live.py"


def encoded(rgb: np.ndarray, kind: str = "JPEG") -> str:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, kind)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def overlap(first, second) -> float:
    """Intersection over union of two squares (top, left, side)."""
    (t1, l1, s1), (t2, l2, s2) = first, second
    rows = max(0, min(t1 + s1, t2 + s2) - max(t1, t2))
    cols = max(0, min(l1 + s1, l2 + s2) - max(l1, l2))
    shared = rows * cols
    return shared / (s1 * s1 + s2 * s2 - shared)


@pytest.fixture(scope="module")
def astronaut_frame():
    """The astronaut as the fake camera shows her, and her face's square in that frame."""
    rgb = images.load_sample("astronaut")
    frame, scale, top = camera_frame(rgb, 320, 240)
    face = to_frame(detect_faces(rgb)[0], scale, top)
    return frame, (face.top, face.left, face.side)


def test_the_page_runs_and_finding_faces_loads_the_network(app):
    app.run()
    app.switch_page(LIVE)
    app.run()
    assert not app.exception
    assert app.title[0].value == "Live camera"
    assert "no frame of it leaves your computer" in all_text(app)
    app.toggle(key="live_find_faces").set_value(True).run()
    assert not app.exception and not app.error


def test_without_the_network_finding_faces_says_why(app, monkeypatch, tmp_path):
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))
    app.run()
    app.switch_page(LIVE)
    app.run()
    app.toggle(key="live_find_faces").set_value(True).run()
    assert not app.exception
    assert any("The face network could not be loaded" in e.value for e in app.error)


def test_a_frame_gets_the_networks_best_square_on_the_face(astronaut_frame):
    frame, face = astronaut_frame
    answer = camera.frame_answer({"id": "frame-7", "picture": encoded(frame)})
    assert answer["id"] == "frame-7"
    assert overlap(answer["box"], face) > 0.5
    assert answer["probability"] > 0.9 and answer["label"].startswith("P(face) ")
    assert "picture" not in answer  # the pixels are dropped


def test_a_frame_without_a_face_gets_no_box():
    flat = np.full((240, 320, 3), 128, np.uint8)
    assert camera.frame_answer({"id": "1", "picture": encoded(flat)})["box"] is None


@pytest.mark.parametrize(
    "sent",
    [None, "text", {"id": "1"}, {"picture": 5}, {"picture": "%%% not base64 %%%"}],
)
def test_values_without_a_picture_are_ignored(sent):
    assert camera.frame_answer(sent) is None
    picture, message = camera.frozen_picture(sent)
    assert picture is None and "No frame arrived" in message


def test_bytes_that_are_not_a_picture_get_a_message_not_a_traceback():
    sent = {"id": "2", "picture": base64.b64encode(b"not a picture").decode()}
    assert camera.frame_answer(sent) == {"id": "2", "box": None, "label": ""}  # nothing boxed
    picture, message = camera.frozen_picture(sent)
    assert picture is None and message.startswith("The frame could not be read:")


def test_a_frozen_frame_becomes_the_chosen_picture(astronaut_frame):
    frame, _ = astronaut_frame
    picture, message = camera.frozen_picture({"picture": encoded(frame, "PNG")})
    assert picture.title == "Frozen camera frame" and picture.source == "webcam"
    np.testing.assert_array_equal(picture.rgb, frame)  # PNG: every pixel kept
    assert message == "The frame (320 × 240) is now the chosen picture on every page."
