"""The "Face or not?" page in a real browser: TensorFlow loads, the answer shows, sliders work."""

from __future__ import annotations

import pytest

from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    let_go,
    main_text,
    no_exceptions,
    open_page,
    press_instant_slider,
    rerun_expected,
    slider_value,
)

pytestmark = pytest.mark.browser


def open_face_page(page, server_url: str) -> None:
    open_page(page, server_url, "face", timeout=TENSORFLOW_LOAD_MS)


def test_the_answer_shows_and_the_occlusion_slider_redraws(page, server_url, screenshots):
    open_face_page(page, server_url)
    assert page.locator("h1").first.inner_text().strip() == "Face or not?"
    assert "The network says a face: P(face) is" in main_text(page)
    page.screenshot(path=screenshots / "face.png", full_page=True)

    occlusion = page.locator(".st-key-face_occlusion_view .view figure")  # in the shadow root
    before = occlusion.locator("img").get_attribute("src")
    press_instant_slider(page, "face_occlusion_patch", "ArrowRight", times=2)
    # Answered in the browser, before Python hears of it: the map for a 9 × 9 patch.
    assert slider_value(page, "face_occlusion_patch") == "9"
    assert "Hide and see, 9 × 9 patch" in occlusion.inner_text()
    assert occlusion.locator("img").get_attribute("src") != before
    let_go(page, "face_occlusion_patch")
    assert "face_occlusion_patch=9" in page.url
    no_exceptions(page)
    page.locator(".st-key-face_occlusion_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "face-occlusion.png")


def test_a_square_set_by_hand_changes_the_answer(page, server_url, screenshots):
    open_face_page(page, server_url)
    with rerun_expected(page):
        page.locator("[class*='st-key-face_crop_choice_']").get_by_text("My own square").click()
    column = page.locator("[class*='st-key-face_crop_x_'] input[type=range]").first
    column.focus()
    with rerun_expected(page):
        column.press("Home")  # the square slides left from her face onto the flag
    assert "The network says not a face: P(not face) is" in main_text(page)
    no_exceptions(page)
    page.screenshot(path=screenshots / "face-on-the-flag.png", full_page=True)
