"""The live camera in Chromium with its fake camera playing a bundled picture: frames arrive and
are filtered exactly as core filters them, the face box lands on the face, Freeze hands the
frame to the Face page, and a refused camera gets a message while the page keeps working."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from core import convolution, images
from core.detect import detect_faces
from tests.fake_camera import camera_frame, to_frame, write_y4m
from tests.streamlit_server import (
    CHROMIUM_ARGS,
    TENSORFLOW_LOAD_MS,
    chromium_path,
    main_text,
    no_exceptions,
    open_page,
    rerun_expected,
    wait_settled,
)
from tests.test_pages_live import overlap

pytestmark = pytest.mark.browser

LIVE = ".live-camera"
FAKE_CAMERA = ["--use-fake-device-for-media-stream"]

# One frame as the browser filtered it, read in one go (no new frame can come in between).
_LAST_FRAME = """(root) => {
    const frame = root.lastFrame;
    const canvas = root.querySelector("canvas.output");
    const rgba = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const text = (bytes) => {
        let out = "";
        for (let at = 0; at < bytes.length; at += 0x8000) {
            out += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
        }
        return btoa(out);
    };
    return { gray: text(frame.gray), rgba: text(rgba), weights: Array.from(frame.weights),
             side: frame.side, scaling: frame.scaling, width: canvas.width,
             height: canvas.height };
}"""


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    """The astronaut as a y4m clip, and her face's square in the camera's frame."""
    rgb = images.load_sample("astronaut")
    frame, scale, top = camera_frame(rgb, 320, 240)
    path = write_y4m(tmp_path_factory.mktemp("camera") / "astronaut.y4m", frame)
    face = to_frame(detect_faces(rgb)[0], scale, top)
    return path, (face.top, face.left, face.side)


def launch(browser, *extra: str):
    return browser.browser_type.launch(
        executable_path=chromium_path(), args=[*CHROMIUM_ARGS, *extra]
    )


@pytest.fixture(scope="module")
def camera_browser(browser, video):
    launched = launch(
        browser,
        *FAKE_CAMERA,
        "--use-fake-ui-for-media-stream",  # the camera is allowed without asking
        f"--use-file-for-fake-video-capture={video[0]}",
    )
    yield launched
    launched.close()


@pytest.fixture
def camera_page(camera_browser):
    context = camera_browser.new_context(viewport={"width": 1400, "height": 1400})
    yield context.new_page()
    context.close()


def open_live(page, server_url: str) -> None:
    """Open the page and wait until frames are being filtered."""
    open_page(page, server_url, "live")
    page.wait_for_function(
        "(root) => Number(root.dataset.fps) > 5",
        arg=page.locator(LIVE).element_handle(),
        timeout=30_000,
    )


def filtered_frame(page) -> tuple[np.ndarray, np.ndarray, dict]:
    """(gray frame, RGB output drawn, how) of the last frame the browser filtered."""
    seen = page.locator(LIVE).evaluate(_LAST_FRAME)
    height, width = seen["height"], seen["width"]
    gray = np.frombuffer(base64.b64decode(seen["gray"]), np.uint8).reshape(height, width)
    rgba = np.frombuffer(base64.b64decode(seen["rgba"]), np.uint8).reshape(height, width, 4)
    return gray, rgba[..., :3], seen


def core_output(gray: np.ndarray, seen: dict) -> np.ndarray:
    side = seen["side"]
    kernel = np.array(seen["weights"]).reshape(side, side)
    values = convolution.correlate2d(gray, kernel, padding="mirror")
    shown = convolution.display_image(values, scaling=seen["scaling"])
    return shown if shown.ndim == 3 else np.repeat(shown[..., None], 3, axis=2)


def click(page, text: str) -> None:
    page.locator(LIVE).get_by_role("button", name=text, exact=True).click()


def test_frames_are_filtered_in_the_browser_as_core_filters_them(
    camera_page, server_url, screenshots
):
    page = camera_page
    open_live(page, server_url)
    assert page.locator(LIVE).get_attribute("data-camera") == "on"
    gray, drawn, seen = filtered_frame(page)
    assert seen["weights"] == [1, 0, -1, 1, 0, -1, 1, 0, -1] and seen["scaling"] == "diverging"
    assert gray.std() > 20  # a real picture came through, not a blank frame
    np.testing.assert_array_equal(drawn, core_output(gray, seen))
    page.screenshot(path=screenshots / "live-vertical-edges.png")

    click(page, "Sobel left")
    click(page, "Absolute value")
    page.wait_for_timeout(300)
    gray, drawn, seen = filtered_frame(page)
    assert seen["weights"] == [1, 0, -1, 2, 0, -2, 1, 0, -1] and seen["scaling"] == "absolute"
    np.testing.assert_array_equal(drawn, core_output(gray, seen))

    click(page, "Gaussian blur 5×5")
    click(page, "Rescale min–max")
    page.wait_for_timeout(300)
    gray, drawn, seen = filtered_frame(page)
    assert seen["side"] == 5 and seen["scaling"] == "rescale"
    # Fractional weights: the browser and SciPy add in different orders, so a value exactly
    # between two levels may round the other way; never by more than one level.
    difference = np.abs(drawn.astype(int) - core_output(gray, seen))
    assert difference.max() <= 1 and (difference > 0).mean() < 0.001

    click(page, "Your own 3 × 3")  # starts from the kernel on screen: 5 × 5 is not 3 × 3
    weight = page.locator(LIVE).get_by_label("Weight row 2, column 2")
    weight.focus()
    for _ in range(5):
        weight.press("ArrowRight")  # 0 → 0.5 in steps of 0.1
    page.wait_for_timeout(300)
    gray, drawn, seen = filtered_frame(page)
    assert seen["weights"] == [0, 0, 0, 0, 0.5, 0, 0, 0, 0]
    difference = np.abs(drawn.astype(int) - core_output(gray, seen))
    assert difference.max() <= 1
    no_exceptions(page)


def test_the_face_box_lands_on_the_face_and_freeze_hands_the_frame_on(
    camera_page, server_url, video, screenshots
):
    page = camera_page
    open_live(page, server_url)
    with rerun_expected(page, timeout=TENSORFLOW_LOAD_MS):
        page.locator(".st-key-live_find_faces label").first.click()
    root = page.locator(LIVE)
    page.wait_for_function("(root) => root.dataset.box", arg=root.element_handle(), timeout=30_000)
    box = [int(n) for n in root.get_attribute("data-box").split(",")]
    assert overlap(box, video[1]) > 0.5
    page.wait_for_timeout(4000)
    assert float(root.get_attribute("data-answers-per-second")) > 0  # answers keep coming
    page.screenshot(path=screenshots / "live-face.png")

    click(page, "Freeze this frame")
    page.get_by_text("is now the chosen picture on every page").wait_for(timeout=30_000)
    wait_settled(page)
    with rerun_expected(page, timeout=TENSORFLOW_LOAD_MS):
        page.get_by_role("link", name="Open it on Face or not?").click()
    assert "Frozen camera frame" in main_text(page)
    no_exceptions(page)


def test_a_refused_camera_gets_a_message_and_the_page_works_on(browser, server_url):
    refusing = launch(browser, *FAKE_CAMERA, "--deny-permission-prompts")
    try:
        page = refusing.new_context(viewport={"width": 1400, "height": 1400}).new_page()
        open_page(page, server_url, "live")
        root = page.locator(LIVE)
        page.get_by_text("The camera was not allowed").wait_for(timeout=30_000)
        assert root.get_attribute("data-camera") == "refused"
        click(page, "Sobel left")  # the controls still answer
        assert root.get_by_role("button", name="Sobel left").get_attribute("aria-pressed") == "true"
        with rerun_expected(page):
            page.locator(".st-key-live_find_faces label").first.click()
        no_exceptions(page)
        assert "Live camera" in main_text(page)
    finally:
        refusing.close()
