"""The pooling page in a real browser: its sliders redraw what they should, with no exception."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core import activations, convolution, images, pooling
from tests.streamlit_server import (
    WATCH_RUNS,
    let_go,
    no_exceptions,
    open_page,
    press_instant_slider,
    press_slider,
    rerun_expected,
    slider_input,
    slider_value,
    wait_settled,
)
from tests.test_pages_pooling import feature_map

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


def reach(page, name: str) -> None:
    """Reach for a slider with lazy views (the focus on it): its steps come in one run."""
    with rerun_expected(page):
        slider_input(page, name).focus()


def view(page, key: str):
    return page.locator(f".st-key-{key} .view")


def test_small_example_window_and_stride_answer_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    small = view(page, "pooling_small_view")
    expect(small.locator("figcaption").nth(1)).to_contain_text("After max pooling: 4 × 4 = 16")
    grids = small.locator("img").first.get_attribute("src")

    reach(page, "pooling_small_size")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "pooling_small_size", "ArrowRight")
    assert slider_value(page, "pooling_small_size") == "3"
    assert "After max pooling: 3 × 3 = 9 numbers" in small.locator("figcaption").nth(1).inner_text()
    assert "Window 1 of 9: rows 0–2, columns 0–2" in small.locator("p").first.inner_text()
    assert "windows overlap" in small.locator("ol").inner_text()
    assert small.locator("img").first.get_attribute("src") != grids
    assert page.locator(".st-key-pooling_small_view .view.waiting").count() == 0  # not dimmed
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert "pooling_small_size=2" in page.url
    let_go(page, "pooling_small_size")
    assert "pooling_small_size=3" in page.url  # Python has it: the link follows

    reach(page, "pooling_small_stride")
    press_instant_slider(page, "pooling_small_stride", "ArrowLeft")
    assert slider_value(page, "pooling_small_stride") == "1"
    assert (
        "After max pooling: 6 × 6 = 36 numbers" in small.locator("figcaption").nth(1).inner_text()
    )
    let_go(page, "pooling_small_stride")
    assert "pooling_small_stride=1" in page.url
    no_exceptions(page)
    small.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-small-3-1.png")


def test_a_window_larger_than_the_grid_warns_and_the_page_goes_on(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    small = view(page, "pooling_small_view")
    press_slider(page, "pooling_small_size", "End")
    assert slider_value(page, "pooling_small_size") == "9"
    expect(small.locator(".warning")).to_contain_text("9×9 window does not fit in the 8×8 map")
    assert "pooling_small_size=9" in page.url
    page.screenshot(path=screenshots / "pooling-too-large.png", full_page=True)
    no_exceptions(page)

    press_slider(page, "pooling_small_size", "Home")
    expect(small.locator(".warning")).to_have_count(0)
    assert slider_value(page, "pooling_small_size") == "1"
    expect(small.locator("p").first).to_contain_text("Window 1 of 16: rows 0–0, columns 0–0")
    no_exceptions(page)


def shift_words(shift: int, size: int) -> str:
    """The first line of "Small shifts" for the astronaut and the default kernel, from core."""
    gray = images.to_unit(
        images.resize_square(images.to_gray(images.load_sample("astronaut")), 128)
    )
    before, after = (
        activations.relu(convolution.correlate2d(p, convolution.PRESETS["Vertical edges"].kernel))
        for p in pooling.shifted_pair(gray, shift)
    )
    raw = pooling.shift_effect(before, after, shift, size=size).raw_change
    pooled = pooling.shift_effect(before, after, shift, size=size).pooled_change
    return f"Feature map changed: {raw:.0%} · Max-pooled map changed: {pooled:.0%}"


def test_shift_and_window_answer_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    shifts = view(page, "pooling_shift_view")
    assert shifts.locator("p").first.inner_text().startswith(shift_words(1, 2))
    press_instant_slider(page, "pooling_shift", "ArrowRight")
    assert slider_value(page, "pooling_shift") == "2"
    assert shifts.locator("p").first.inner_text().startswith(shift_words(2, 2))
    assert "Moving the picture 2 pixels changed" in shifts.locator("p").nth(1).inner_text()
    let_go(page, "pooling_shift")
    assert "pooling_shift=2" in page.url
    press_instant_slider(page, "pooling_shift_window", "ArrowRight", times=2)
    assert slider_value(page, "pooling_shift_window") == "4"
    assert shifts.locator("p").first.inner_text().startswith(shift_words(2, 4))
    assert "Max-pooled map (4 × 4)" in shifts.locator("figcaption").nth(1).inner_text()
    let_go(page, "pooling_shift_window")
    assert "pooling_shift_window=4" in page.url
    no_exceptions(page)
    shifts.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-shift-2-4.png")


def test_alpha_answers_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    with rerun_expected(page):
        page.locator(".st-key-pooling_activation").get_by_text("PReLU", exact=True).click()
    bent = view(page, "pooling_alpha_prelu_view")
    assert slider_value(page, "pooling_alpha_prelu") == "0.25"
    assert "α (= 0.25)" in bent.locator("p").first.inner_text()
    chart = bent.locator("img").first.get_attribute("src")
    press_instant_slider(page, "pooling_alpha_prelu", "ArrowRight", times=5)
    assert slider_value(page, "pooling_alpha_prelu") == "0.50"
    assert "f(x) = x if x > 0 else α (= 0.5)·x" in bent.locator("p").first.inner_text()
    assert bent.locator("img").first.get_attribute("src") != chart
    lowest = activations.prelu(feature_map(), alpha=0.5).min()
    assert f"from {lowest:.2f} to" in bent.locator("figcaption").nth(1).inner_text()
    let_go(page, "pooling_alpha_prelu")
    assert "pooling_alpha_prelu=0.5" in page.url
    no_exceptions(page)
    bent.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-prelu-0.5.png")


def test_a_link_chooses_the_activation_and_the_mode_as_their_buttons_name_them(page, server_url):
    link = "pooling?pooling_activation=PReLU&pooling_small_mode=Average+%28keep+the+mean%29"
    open_page(page, server_url, link)
    no_exceptions(page)
    assert slider_value(page, "pooling_alpha_prelu") == "0.25"  # PReLU's α slider is drawn
    chosen = page.locator(
        ".st-key-pooling_small_mode [aria-checked=true], .st-key-pooling_small_mode [kind$=Active]"
    )
    assert chosen.first.inner_text().startswith("Average")
    assert "Ignored in this link" not in page.locator("body").inner_text()
    assert "pooling_activation=PReLU" in page.url
