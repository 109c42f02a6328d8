"""The convolution page in a real browser: a weight slider, a preset and Play redraw what they
should, with no exception."""

from __future__ import annotations

import time

import pytest

from tests.streamlit_server import press_slider, rerun_expected, slider_input, wait_settled

pytestmark = pytest.mark.browser


def no_exceptions(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0, page.content()[:2000]


def open_convolution(page, server_url: str) -> None:
    page.goto(f"{server_url}/convolution")
    wait_settled(page)
    no_exceptions(page)
    assert page.locator("h1").first.inner_text().strip() == "Convolution"


def output_source(page) -> str:
    """The `src` of the kernel lab's output picture (a new URL whenever its pixels change)."""
    image = page.locator("[data-testid=stImage]").filter(has_text="Output of ").first
    return image.locator("img").get_attribute("src")


def preset_shown(page) -> str:
    return page.locator(".st-key-conv_preset input").input_value()


def test_a_weight_slider_moved_with_the_keyboard_changes_the_output(page, server_url, screenshots):
    open_convolution(page, server_url)
    before = output_source(page)
    assert slider_input(page, "kernel_w_0_0").input_value() == "1"
    page.screenshot(path=screenshots / "convolution-top.png")

    for _ in range(5):  # one press at a time, each redraw settled, as a person taps a key
        press_slider(page, "kernel_w_0_0", "ArrowLeft")
    assert slider_input(page, "kernel_w_0_0").input_value() == "0.5"
    assert output_source(page) != before
    main = page.locator("[data-testid=stMain]")
    assert "Output of your 3 × 3 kernel: 512 × 512" in main.inner_text()
    assert page.locator(".st-key-conv_back_to_preset button").is_enabled()
    assert preset_shown(page) == "Custom"  # the first edit redraws the page once
    assert "top of the page: Custom" in main.inner_text()  # so the sections below follow
    assert "The weights add up to −0.5" in main.inner_text()
    no_exceptions(page)
    page.screenshot(path=screenshots / "convolution-weight-moved.png")


def test_a_preset_sets_every_slider_and_the_sections_below(page, server_url, screenshots):
    open_convolution(page, server_url)
    assert preset_shown(page) == "Vertical edges"
    page.locator(".st-key-conv_preset").click()
    with rerun_expected(page):
        page.get_by_role("option", name="Sharpen", exact=True).click()
    no_exceptions(page)
    values = [
        slider_input(page, f"kernel_w_{row}_{col}").input_value()
        for row in range(3)
        for col in range(3)
    ]
    assert values == ["0", "-1", "0", "-1", "5", "-1", "0", "-1", "0"]
    assert preset_shown(page) == "Sharpen"
    step_caption = page.locator("[data-testid=stCaptionContainer]").filter(
        has_text="The kernel is the one from the top of the page"
    )
    assert "Sharpen" in step_caption.inner_text()


def test_play_slides_the_window_over_the_letter_and_finishes(page, server_url, screenshots):
    open_convolution(page, server_url)
    play = page.get_by_role("button", name="Play")
    play.scroll_into_view_if_needed()
    start = time.perf_counter()
    play.click()
    page.wait_for_timeout(1500)
    page.screenshot(path=screenshots / "convolution-playing.png")
    wait_settled(page)
    played = time.perf_counter() - start
    print(f"Play over the 7 × 7 letter took {played:.1f} s")
    assert played < 9  # 4.5 s of pauses for 49 positions, plus drawing; a shared CI box is slow
    no_exceptions(page)
    page.locator(".st-key-conv_step_next").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "convolution-step.png")
