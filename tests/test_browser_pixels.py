"""The pixels page in a real browser: the zoom window and the row of numbers are read from the
grid by the browser as their sliders move, and Python learns the values on letting go."""

from __future__ import annotations

import pytest

from core import images
from tests.streamlit_server import (
    let_go,
    no_exceptions,
    press_instant_slider,
    slider_value,
    wait_settled,
)

pytestmark = pytest.mark.browser


def grid_at(size: int):
    return images.resize_square(images.to_gray(images.load_sample("astronaut")), size)


def test_the_zoom_window_and_the_row_follow_their_sliders_in_the_browser(
    page, server_url, screenshots
):
    page.goto(f"{server_url}/pixels")
    wait_settled(page)
    zoom = page.locator(".st-key-pixels_zoom_view")
    zoom.scroll_into_view_if_needed()
    captions = zoom.locator("figcaption")
    assert captions.nth(1).inner_text() == "Rows 56–71, columns 56–71, with every number printed"

    press_instant_slider(page, "pixels_zoom_row", "ArrowRight", times=3)
    press_instant_slider(page, "pixels_zoom_col", "End")
    assert slider_value(page, "pixels_zoom_col") == "112"
    assert captions.nth(1).inner_text() == "Rows 59–74, columns 112–127, with every number printed"
    # The frame is drawn where the window is: its pixels are orange, not gray.
    frame = zoom.locator("canvas").first.evaluate(
        """(canvas) => {
            const scale = canvas.width / 128;  // 128 × 128 grid
            const context = canvas.getContext("2d");
            const at = (row, col) => Array.from(context.getImageData(
                Math.floor(col * scale) + 1, Math.floor(row * scale) + 1, 1, 1).data.slice(0, 3));
            return {corner: at(59, 112), outside: at(40, 40)};
        }"""
    )
    assert frame["corner"] == [232, 89, 12]
    assert len(set(frame["outside"])) == 1  # gray
    page.screenshot(path=screenshots / "pixels-zoom.png")
    let_go(page, "pixels_zoom_col")
    no_exceptions(page)
    assert captions.nth(1).inner_text() == "Rows 59–74, columns 112–127, with every number printed"

    row = page.locator(".st-key-pixels_row_view")
    row.scroll_into_view_if_needed()
    grid = grid_at(128)
    assert row.locator("pre").inner_text().split() == [str(v) for v in grid[0]]
    press_instant_slider(page, "pixels_row", "ArrowRight", times=5)
    assert row.locator("pre").inner_text().split() == [str(v) for v in grid[5]]
    assert row.locator(".caption").inner_text().startswith("Row 5 of 128: 128 numbers")
    let_go(page, "pixels_row")
    no_exceptions(page)
    assert slider_value(page, "pixels_row") == "5"
    assert row.locator("pre").inner_text().split() == [str(v) for v in grid[5]]
