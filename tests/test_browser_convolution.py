"""The convolution page in a real browser: a weight slider, a preset and Play redraw what they
should, with no exception."""

from __future__ import annotations

import base64
import time

import numpy as np
import pytest

from core import convolution, images
from tests.streamlit_server import (
    let_go,
    no_exceptions,
    press_instant_slider,
    rerun_expected,
    slider_value,
    wait_settled,
)

pytestmark = pytest.mark.browser


def open_convolution(page, server_url: str) -> None:
    page.goto(f"{server_url}/convolution")
    wait_settled(page)
    no_exceptions(page)
    assert page.locator("h1").first.inner_text().strip() == "Convolution"


OUTPUT = ".st-key-conv_kernel_lab canvas"  # the 3 × 3 kernel's output, drawn by the browser

# The canvas's pixels as base64 RGBA, in chunks (a 512 × 512 picture is a million bytes).
_CANVAS_PIXELS = """(canvas) => {
    const bytes = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let text = "";
    for (let at = 0; at < bytes.length; at += 0x8000) {
        text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    }
    return [btoa(text), canvas.width, canvas.height];
}"""


def drawn_output(page) -> np.ndarray:
    """The RGB pixels of the kernel lab's output as the browser drew them."""
    text, width, height = page.locator(OUTPUT).evaluate(_CANVAS_PIXELS)
    rgba = np.frombuffer(base64.b64decode(text), dtype=np.uint8).reshape(height, width, 4)
    return rgba[..., :3]


def core_output(kernel, scaling: str = "diverging") -> np.ndarray:
    """What core draws for ``kernel`` on the astronaut in gray, as the lab pads it."""
    gray = images.to_gray(images.load_sample("astronaut"))
    values = convolution.correlate2d(gray, np.asarray(kernel, float), padding="mirror")
    picture = convolution.display_image(values, scaling=scaling)
    return picture if picture.ndim == 3 else np.repeat(picture[..., np.newaxis], 3, axis=2)


def assert_same_picture(drawn: np.ndarray, expected: np.ndarray) -> None:
    """Equal, but for a level here and there where a sum lands on a rounding boundary in a
    different order of additions."""
    assert drawn.shape == expected.shape
    difference = np.abs(drawn.astype(int) - expected.astype(int))
    assert difference.max() <= 1
    assert np.count_nonzero(difference) <= drawn.size // 1000


def preset_shown(page) -> str:
    return page.locator(".st-key-conv_preset input").input_value()


def test_a_weight_slider_redraws_the_output_in_the_browser_as_core_does(
    page, server_url, screenshots
):
    open_convolution(page, server_url)
    assert_same_picture(
        drawn_output(page), core_output(convolution.PRESETS["Vertical edges"].kernel)
    )
    assert slider_value(page, "kernel_w_0_0") == "1"
    page.screenshot(path=screenshots / "convolution-top.png")

    press_instant_slider(page, "kernel_w_0_0", "ArrowLeft", times=5)
    assert slider_value(page, "kernel_w_0_0") == "0.5"
    # Drawn by the browser at once, on each key press, before Python is told.
    assert page.locator(OUTPUT).get_attribute("data-kernel").startswith("0.5,0,-1,1,0,-1,")
    kernel = [[0.5, 0, -1], [1, 0, -1], [1, 0, -1]]
    assert_same_picture(drawn_output(page), core_output(kernel))
    main = page.locator("[data-testid=stMain]")
    assert (
        "Output of your 3 × 3 kernel: 512 × 512"
        in page.locator(".st-key-conv_kernel_lab figcaption").inner_text()
    )
    assert preset_shown(page) == "Vertical edges"  # Python has not been told yet

    let_go(page, "kernel_w_0_0")
    assert page.locator(".st-key-conv_back_to_preset button").is_enabled()
    assert preset_shown(page) == "Custom"  # the first edit redraws the page once
    assert "top of the page: Custom" in main.inner_text()  # so the sections below follow
    assert "The weights add up to −0.5" in main.inner_text()
    assert "conv_kernel=0.5%2C0%2C-1" in page.url
    no_exceptions(page)
    page.screenshot(path=screenshots / "convolution-weight-moved.png")

    page.locator(".st-key-conv_scaling input").click()  # another scaling: the browser draws it
    page.keyboard.press("ArrowDown")  # opens the list
    with rerun_expected(page):
        page.get_by_role("option", name="Rescale min–max").click()
    assert_same_picture(drawn_output(page), core_output(kernel, "rescale"))
    no_exceptions(page)


def test_a_preset_sets_every_slider_and_the_sections_below(page, server_url, screenshots):
    open_convolution(page, server_url)
    assert preset_shown(page) == "Vertical edges"
    page.locator(".st-key-conv_preset").click()
    with rerun_expected(page):
        page.get_by_role("option", name="Sharpen", exact=True).click()
    no_exceptions(page)
    values = [slider_value(page, f"kernel_w_{row}_{col}") for row in range(3) for col in range(3)]
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
