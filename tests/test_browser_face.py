"""The "Face or not?" page in a real browser: TensorFlow loads, the answer shows, sliders work."""

from __future__ import annotations

import pytest

from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    main_text,
    no_exceptions,
    open_page,
    press_slider,
    rerun_expected,
    slider_input,
)

pytestmark = pytest.mark.browser


def open_face_page(page, server_url: str) -> None:
    open_page(page, server_url, "face", timeout=TENSORFLOW_LOAD_MS)


def test_the_answer_shows_and_the_occlusion_slider_redraws(page, server_url, screenshots):
    open_face_page(page, server_url)
    assert page.locator("h1").first.inner_text().strip() == "Face or not?"
    assert "The network says a face: P(face) is" in main_text(page)
    page.screenshot(path=screenshots / "face.png", full_page=True)

    occlusion = page.locator("[data-testid=stImage]").filter(has_text="Hide and see")
    before = occlusion.locator("img").get_attribute("src")
    press_slider(page, "face_occlusion_patch", "ArrowRight", times=2)
    assert slider_input(page, "face_occlusion_patch").input_value() == "9"
    assert "Hide and see, 9 × 9 patch" in occlusion.inner_text()
    assert occlusion.locator("img").get_attribute("src") != before
    no_exceptions(page)
    page.locator(".st-key-face_occlusion_patch").scroll_into_view_if_needed()
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
