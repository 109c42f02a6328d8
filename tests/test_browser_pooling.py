"""The pooling page in a real browser: its sliders redraw what they should, with no exception."""

from __future__ import annotations

import re

import pytest

from tests.streamlit_server import (
    let_go,
    no_exceptions,
    press_instant_slider,
    press_slider,
    slider_input,
    slider_value,
    wait_settled,
)

pytestmark = pytest.mark.browser


def shapes_line(page) -> str:
    """The "Shapes: picture … → pool 2: 31 × 31" line of the real feature map."""
    return page.locator(".st-key-pooling_view .view p").filter(has_text="Shapes:").inner_text()


def test_pooling_window_slider_changes_the_pooled_shapes(page, server_url, screenshots):
    page.goto(f"{server_url}/pooling")
    wait_settled(page)
    no_exceptions(page)
    assert page.locator("h1").first.inner_text().strip() == "Pooling & activations"
    assert "pool 2: 31 × 31" in shapes_line(page)
    page.screenshot(path=screenshots / "pooling.png", full_page=True)

    pictures_before = page.locator(".st-key-pooling_view img").first.get_attribute("src")
    press_instant_slider(page, "pooling_window", "ArrowRight")
    assert slider_value(page, "pooling_window") == "3"
    assert "pool 1: 42 × 42" in shapes_line(page)  # drawn by the browser, before Python knows
    assert "pool 2: 14 × 14" in shapes_line(page)
    assert page.locator(".st-key-pooling_view img").first.get_attribute("src") != pictures_before
    assert "pooling_window=2" in page.url
    let_go(page, "pooling_window")
    assert "pooling_window=3" in page.url  # Python has it: the link follows
    assert "pool 1: 42 × 42" in shapes_line(page)
    no_exceptions(page)
    page.locator(".st-key-pooling_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-window-3.png")

    page.reload()  # a new session: the address carries the value
    wait_settled(page)
    assert slider_value(page, "pooling_window") == "3"
    assert "pool 1: 42 × 42" in shapes_line(page)


def test_a_window_larger_than_the_grid_warns_and_the_page_goes_on(page, server_url, screenshots):
    page.goto(f"{server_url}/pooling")
    wait_settled(page)
    press_slider(page, "pooling_small_size", "End")
    assert slider_input(page, "pooling_small_size").input_value() == "9"
    alert = page.locator("[data-testid=stAlert]").filter(has_text="does not fit")
    assert alert.count() == 1
    assert re.search(r"9×9 window does not fit in the 8×8 map", alert.inner_text())
    page.screenshot(path=screenshots / "pooling-too-large.png", full_page=True)
    no_exceptions(page)

    press_slider(page, "pooling_small_size", "Home")
    assert page.locator("[data-testid=stAlert]").filter(has_text="does not fit").count() == 0
    no_exceptions(page)
