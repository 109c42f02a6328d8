"""The convolution page in a real browser: a weight slider, a preset and Play redraw what they
should, with no exception."""

from __future__ import annotations

import base64
import re
import time

import numpy as np
import pytest
from playwright.sync_api import expect

from core import convolution, images
from pages.drawing import number
from tests.streamlit_server import (
    WATCH_RUNS,
    let_go,
    main_text,
    no_exceptions,
    open_page,
    press_instant_slider,
    rerun_expected,
    slider_input,
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


DIVISOR = "conv_divisor"  # the lab's "Divide every weight by" field
VERTICAL_EDGES = np.array(convolution.PRESETS["Vertical edges"].kernel)


def divisor_message(page) -> str:
    return page.locator(".st-key-conv_kernel_lab .divisor .message").inner_text()


def assert_no_run(page) -> None:
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked


def test_the_divisor_answers_in_the_browser_and_letting_go_reaches_python(
    page, server_url, screenshots
):
    open_convolution(page, server_url)
    field = page.get_by_role("spinbutton", name="Divide every weight by")
    expect(field).to_have_value("1")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, DIVISOR, "ArrowUp", times=3)
    assert slider_value(page, DIVISOR) == "4"
    expect(field).to_have_value("4")
    # Drawn by the browser at once, on each key press, before Python is told.
    assert page.locator(OUTPUT).get_attribute("data-kernel").endswith("/4/diverging")
    assert_same_picture(drawn_output(page), core_output(VERTICAL_EDGES / 4))
    caption = page.locator(".st-key-conv_kernel_lab figcaption").inner_text()
    assert "Output of your 3 × 3 kernel" in caption
    assert_no_run(page)
    assert "%2F4" not in page.url
    page.screenshot(path=screenshots / "convolution-divisor-4.png")

    let_go(page, DIVISOR)
    assert "conv_kernel=1%2C0%2C-1%2C1%2C0%2C-1%2C1%2C0%2C-1%2F4" in page.url
    assert "The kernel applied is every weight ÷ 4:" in main_text(page)
    assert preset_shown(page) == "Custom"

    page.evaluate(WATCH_RUNS)  # − steps down at once; releasing it tells Python
    with rerun_expected(page):
        page.get_by_role("button", name="Divide by 1 less").click()
    expect(field).to_have_value("3")
    assert "conv_kernel=1%2C0%2C-1%2C1%2C0%2C-1%2C1%2C0%2C-1%2F3" in page.url
    assert "The kernel applied is every weight ÷ 3:" in main_text(page)
    assert_same_picture(drawn_output(page), core_output(VERTICAL_EDGES / 3))
    no_exceptions(page)


def test_typed_divisors_good_and_bad(page, server_url, screenshots):
    open_convolution(page, server_url)
    field = page.get_by_role("spinbutton", name="Divide every weight by")
    page.evaluate(WATCH_RUNS)
    field.fill("2.5")  # a divisor within the limits is drawn as it is typed
    assert page.locator(OUTPUT).get_attribute("data-kernel").endswith("/2.5/diverging")
    assert_same_picture(drawn_output(page), core_output(VERTICAL_EDGES / 2.5))
    field.fill("abc")  # not a number: said, and the picture stays
    assert "Type a number from 0.01 to 1,000,000" in divisor_message(page)
    assert page.locator(OUTPUT).get_attribute("data-kernel").endswith("/2.5/diverging")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_no_run(page)
    with rerun_expected(page):  # Enter lets go: the field takes its divisor back, 2.5
        field.press("Enter")
    expect(field).to_have_value("2.5")
    assert "“abc” is not a number: the divisor stays 2.5." in divisor_message(page)
    assert "%2F2.5" in page.url
    page.screenshot(path=screenshots / "convolution-divisor-not-a-number.png")

    field.fill("")
    page.evaluate(WATCH_RUNS)
    field.press("Enter")  # the same divisor let go of again: nothing to send
    assert_no_run(page)
    expect(field).to_have_value("2.5")
    assert "cannot be empty" in divisor_message(page)

    field.fill("0")  # 0 is beyond the limits: taken as the smallest divisor, never 0
    assert "0 will be taken as 0.01" in divisor_message(page)
    with rerun_expected(page):
        field.blur()
    expect(field).to_have_value("0.01")
    assert "0 was taken as 0.01" in divisor_message(page)
    assert "%2F0.01" in page.url
    assert page.locator(OUTPUT).get_attribute("data-kernel").endswith("/0.01/diverging")
    assert "every weight ÷ 0.01" in main_text(page)

    field.fill("1e12")  # huge: taken as the largest
    with rerun_expected(page):
        field.press("Enter")
    expect(field).to_have_value("1000000")
    assert "%2F1e%2B06" in page.url
    assert_same_picture(drawn_output(page), core_output(VERTICAL_EDGES / 1e6))
    assert page.get_by_role("button", name="Divide by 1 more").is_disabled()
    no_exceptions(page)


def test_a_link_with_a_divisor_and_dividing_by_the_sum(page, server_url, screenshots):
    open_page(page, server_url, "convolution?conv_kernel=1,1,1,1,1,1,1,1,1/2")
    field = page.get_by_role("spinbutton", name="Divide every weight by")
    expect(field).to_have_value("2")
    assert_same_picture(drawn_output(page), core_output(np.ones((3, 3)) / 2))
    field.fill("5")
    assert_same_picture(drawn_output(page), core_output(np.ones((3, 3)) / 5))
    # Typed, then straight to the button: the letting go (the focus leaving the field) and
    # the click reach Python one after the other, or in one run; the sum wins either way.
    with rerun_expected(page):
        page.get_by_role("button", name="÷ their sum").click()
    expect(field).to_have_value("9")  # Python set it: the lab's field shows it
    expect(page).to_have_url(re.compile("%2F9$|%2F9&"))
    wait_settled(page)
    assert_same_picture(drawn_output(page), core_output(np.ones((3, 3)) / 9))
    assert "The weights add up to 1" in main_text(page)
    assert page.get_by_role("button", name="÷ their sum").is_disabled()
    no_exceptions(page)


LARGER_DIVISOR = ".st-key-conv_divisor_field"  # larger kernels' browser number field


def output_range(page) -> str:
    """The words under a larger kernel's output: "Output values run from 0 to 255."."""
    return re.search(r"Output values run from .+? to .+?\.", main_text(page)).group()


def test_a_larger_kernels_divisor_answers_in_the_browser_and_letting_go_redraws(
    page, server_url, screenshots
):
    open_page(page, server_url, "convolution?conv_kernel=Gaussian+blur+5%C3%975")
    field = page.get_by_role("spinbutton", name="Divide every weight by")
    expect(field).to_have_value("256")
    assert slider_input(page, DIVISOR).get_attribute("name") == DIVISOR  # the lab's name too
    before = output_range(page)
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, DIVISOR, "ArrowDown", times=2)  # stepped in the browser
    expect(field).to_have_value("254")
    field.fill("128")
    assert_no_run(page)
    with rerun_expected(page):  # Enter lets go: Python draws the output with it
        field.press("Enter")
    assert "The kernel applied is every weight ÷ 128:" in main_text(page)
    assert output_range(page) != before  # twice as bright
    assert preset_shown(page) == "Custom"
    page.screenshot(path=screenshots / "convolution-larger-divisor-128.png")

    field.fill("0")  # beyond the limits: taken as the smallest divisor, never 0
    message = page.locator(f"{LARGER_DIVISOR} .message")
    expect(message).to_have_text("“0” is outside 0.01 to 1,000,000: it counts as 0.01.")
    with rerun_expected(page):
        field.blur()
    expect(field).to_have_value("0.01")
    assert "every weight ÷ 0.01:" in main_text(page)

    field.fill("1,000")  # thousands as the page writes them, not 1.000
    with rerun_expected(page):
        field.press("Enter")
    expect(field).to_have_value("1000")
    assert "every weight ÷ 1,000:" in main_text(page)

    with rerun_expected(page):  # Python sets the divisor: the field shows it
        page.get_by_role("button", name="÷ their sum").click()
    expect(field).to_have_value("256")
    assert "every weight ÷ 256:" in main_text(page)
    assert page.get_by_role("button", name="÷ their sum").is_disabled()
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


def view_of(key: str) -> str:
    return f".st-key-{key} .view"  # an instant slider's view (pages.instant)


def vertical_edges(image: np.ndarray) -> np.ndarray:
    """The page's starting kernel on ``image`` with a zero border, as core computes it."""
    return convolution.correlate2d(
        image, convolution.PRESETS["Vertical edges"].kernel, padding="zero"
    )


def test_the_step_position_answers_in_the_browser_and_letting_go_reaches_python(
    page, server_url, screenshots
):
    open_convolution(page, server_url)
    view = view_of("conv_step_view")
    expected = vertical_edges(images.LETTER_H)
    expect(page.locator(view)).to_contain_text(
        f"That sum is output pixel (row 0, column 0): {number(expected[0, 0])}."
    )
    with rerun_expected(page):  # reaching for the slider: its steps come in one run
        slider_input(page, "conv_step_col").focus()
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "conv_step_col", "ArrowRight", times=2)
    assert slider_value(page, "conv_step_col") == "2"
    text = page.locator(view).inner_text()  # drawn by the browser, before Python knows
    assert f"That sum is output pixel (row 0, column 2): {number(expected[0, 2])}." in text
    assert "Output 7 × 7; ringed: row 0, column 2." in text
    assert "the window covers rows −1 to 1, columns 1 to 3." in text
    assert page.locator(f"{view}.waiting").count() == 0  # its view was there: not dimmed
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert "conv_step_col=2" not in page.url
    page.locator(view).scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "convolution-step-column-2.png")

    let_go(page, "conv_step_col")
    assert "conv_step_col=2" in page.url  # Python has it: the link follows
    with rerun_expected(page):
        page.get_by_role("button", name="Next position").click()
    expect(slider_input(page, "conv_step_col")).to_have_attribute("aria-valuetext", "3")
    expect(page.locator(view)).to_contain_text(
        f"That sum is output pixel (row 0, column 3): {number(expected[0, 3])}."
    )
    no_exceptions(page)


def test_the_stride_answers_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "convolution?conv_section=Padding+and+stride")
    view = view_of("conv_stride_view")
    expect(page.locator(view)).to_contain_text("height: floor((512 + 2·1 − 3) / 1) + 1 = 512")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "conv_stride", "ArrowRight")
    assert slider_value(page, "conv_stride") == "2"
    text = page.locator(view).inner_text()  # every stride came with the page
    assert "height: floor((512 + 2·1 − 3) / 2) + 1 = 256" in text
    assert "Output 256 × 256 of your picture, drawn at its true size" in text
    assert "Output 4 × 4: floor((7 + 2·1 − 3) / 2) + 1 = 4" in text
    picture = page.locator(f"{view} figure img").nth(2)
    page.wait_for_function(
        "(image) => image.complete && image.naturalWidth === 256", arg=picture.element_handle()
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0
    page.locator(view).scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "convolution-stride-2.png")
    let_go(page, "conv_stride")
    assert "conv_stride=2" in page.url
    press_instant_slider(page, "conv_stride", "End")  # the largest: one pixel of any picture
    assert slider_value(page, "conv_stride") == "1024"
    assert "The output has only 1 pixel" in page.locator(view).inner_text()
    let_go(page, "conv_stride")
    assert "conv_stride=1024" in page.url
    page.reload()  # a new session: the address carries the lab and the stride
    wait_settled(page)
    assert slider_value(page, "conv_stride") == "1024"
    no_exceptions(page)


def test_the_plus_moves_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "convolution?conv_section=Found+anywhere")
    view = view_of("conv_shift_view")
    expect(page.locator(view)).to_contain_text("The plus is centred on column 5")
    source = page.locator(f"{view} figure img").nth(1).get_attribute("src")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "conv_shift", "ArrowRight")
    assert slider_value(page, "conv_shift") == "5"
    text = page.locator(view).inner_text()
    assert "The plus is centred on column 6 and the strongest response is at column 6" in text
    assert "The feature map: the peak (ringed) is at column 6" in text
    assert "The largest value stays 1,275" in text
    assert page.locator(f"{view} figure img").nth(1).get_attribute("src") != source
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0
    page.locator(view).scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "convolution-plus-moved.png")
    let_go(page, "conv_shift")
    assert "conv_shift=5" in page.url
    no_exceptions(page)


def test_choosing_a_lab_draws_it_and_puts_it_in_the_address(page, server_url, screenshots):
    open_page(page, server_url, "convolution")
    expect(page.locator("input[name=conv_step_row]")).to_have_count(1)  # the first lab
    with rerun_expected(page):
        page.get_by_role("radio", name="Padding and stride").click()
    expect(slider_input(page, "conv_stride")).to_be_visible()
    expect(page.locator("input[name=conv_step_row]")).to_have_count(0)  # only the chosen lab
    expect(page).to_have_url(re.compile(r"conv_section=Padding\+and\+stride"))  # after the run
    page.locator(".st-key-conv_section").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "convolution-lab-chosen.png")
    no_exceptions(page)
