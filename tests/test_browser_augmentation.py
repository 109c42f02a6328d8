"""The Augmentation page in a real Chromium: the rotation slider redraws only the preview grid."""

from __future__ import annotations

import pytest

from tests.streamlit_server import no_exceptions, press_slider, slider_input, wait_settled

pytestmark = pytest.mark.browser

GRID_IMAGE = ".st-key-aug_grid img"


def grid_source(page) -> str:
    """Where the mosaic of versions is loaded from: it changes whenever a version changes."""
    return page.locator(GRID_IMAGE).get_attribute("src")


def test_rotation_slider_redraws_the_grid_and_nothing_else(page, server_url, screenshots):
    page.goto(f"{server_url}/augmentation")
    wait_settled(page)
    no_exceptions(page)
    before = grid_source(page)
    drawn = page.locator(".st-key-aug_grid li")  # what each version drew, by number
    assert drawn.count() == 16
    first_drawn = drawn.first.inner_text()
    page.screenshot(path=screenshots / "augmentation-top.png")

    sent_to_browser: list[bytes] = []
    page.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived",
            lambda frame: sent_to_browser.append(frame if isinstance(frame, bytes) else b""),
        ),
    )
    page.reload()  # the listener sees only sockets opened after it
    wait_settled(page)
    sent_to_browser.clear()

    press_slider(page, "aug_rotation", "ArrowRight", times=5)
    assert slider_input(page, "aug_rotation").input_value() == "15"
    page.wait_for_function(
        "(selector) => document.querySelector(selector).complete", arg=GRID_IMAGE
    )
    assert grid_source(page) != before
    assert drawn.first.inner_text() != first_drawn
    assert page.locator(GRID_IMAGE).evaluate("(image) => image.naturalWidth") > 1000
    no_exceptions(page)

    # Only the fragment reran: the grid's sentence came back, the face sections did not.
    received = b"".join(sent_to_browser)
    assert b"versions** of the centre square" in received
    assert b"Which changes keep the label" not in received
    assert b"One face" not in received
    page.screenshot(path=screenshots / "augmentation-rotated.png")


def test_whole_page_reads_well_at_1400_pixels(page, server_url, screenshots):
    page.set_viewport_size({"width": 1400, "height": 5200})
    page.goto(f"{server_url}/augmentation")
    wait_settled(page)
    page.locator(".st-key-aug_extreme_grid img").last.wait_for()
    no_exceptions(page)
    page.screenshot(path=screenshots / "augmentation-full.png")
