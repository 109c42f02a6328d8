"""The "Inside the network" page in a real browser: a link restores it, and clicking a cell of the
map moves the window it sees."""

from __future__ import annotations

import re

import pytest

from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    WATCH_RUNS,
    let_go,
    no_exceptions,
    open_page,
    press_instant_slider,
    rerun_expected,
    slider_input,
    slider_value,
)

pytestmark = pytest.mark.browser


def window_words(page) -> str:
    """The words under the cell sliders (drawn by the browser component)."""
    words = page.locator(".st-key-inside_cell_view .view p").first.inner_text()
    return re.search(
        r"Cell \(\d+, \d+\) of \w+ sees rows \d+ to \d+ and columns \d+ to \d+", words
    ).group(0)


def frame_box(page, index: int) -> dict:
    """Where the orange frame of picture ``index`` is, as a share of its picture."""
    return (
        page.locator(".st-key-inside_cell_view .framed")
        .nth(index)
        .evaluate(
            """(framed) => {
            const picture = framed.querySelector("img").getBoundingClientRect();
            const frame = framed.querySelector(".frame").getBoundingClientRect();
            return {top: (frame.top - picture.top) / picture.height,
                    left: (frame.left - picture.left) / picture.width,
                    height: frame.height / picture.height};
        }"""
        )
    )


def test_a_link_restores_the_layer_the_cell_and_the_filter(page, server_url):
    open_page(
        page,
        server_url,
        "inside?inside_field_layer=conv1&inside_cell_row=20&inside_excite_filter=4",
        timeout=TENSORFLOW_LOAD_MS,
    )
    assert slider_value(page, "inside_cell_row") == "20"
    assert slider_value(page, "inside_excite_filter") == "4"
    assert window_words(page).startswith("Cell (20, 5) of conv1 sees rows 20 to 22")


def test_the_cell_sliders_and_a_click_on_the_map_move_the_window(page, server_url, screenshots):
    open_page(page, server_url, "inside", timeout=TENSORFLOW_LOAD_MS)
    before = window_words(page)
    assert before == "Cell (5, 5) of conv2 sees rows 9 to 16 and columns 9 to 16"
    assert frame_box(page, 1) == pytest.approx(
        {"top": 8 / 25, "left": 8 / 25, "height": 8 / 25}, abs=0.01
    )

    press_instant_slider(page, "inside_cell_row", "ArrowLeft", times=2)  # no rerun: the browser
    assert window_words(page) == "Cell (3, 5) of conv2 sees rows 5 to 12 and columns 9 to 16"
    assert frame_box(page, 0)["top"] == pytest.approx(2 / 9, abs=0.01)  # the map's frame moved
    assert frame_box(page, 1)["top"] == pytest.approx(4 / 25, abs=0.01)
    let_go(page, "inside_cell_row")
    assert "inside_cell_row=3" in page.url

    cells = page.locator(".st-key-inside_cell_view img[data-pick]")
    cells.scroll_into_view_if_needed()
    box = cells.bounding_box()
    side = box["width"] / 9  # conv2's 9 × 9 map
    with rerun_expected(page):  # the release of the click lets go of both sliders
        page.mouse.click(box["x"] + 7.5 * side, box["y"] + 1.5 * side)
    no_exceptions(page)
    assert window_words(page) == "Cell (2, 8) of conv2 sees rows 3 to 10 and columns 15 to 22"
    assert slider_value(page, "inside_cell_row") == "2"
    assert slider_value(page, "inside_cell_col") == "8"
    assert "inside_cell_row=2" in page.url and "inside_cell_col=8" in page.url
    page.screenshot(path=screenshots / "inside-cell.png")


def test_the_filter_and_step_sliders_answer_in_the_browser(page, server_url):
    open_page(page, server_url, "inside", timeout=TENSORFLOW_LOAD_MS)
    patches = page.locator(".st-key-inside_excite_view figcaption")
    before = patches.all_inner_texts()  # the conv1 filter's weights, then its nine pictures
    assert before[0].startswith("Filter 1 of conv1")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "inside_excite_filter", "ArrowRight")
    assert patches.first.inner_text().startswith("Filter 2 of conv1")
    assert page.evaluate("window.__scriptRuns") == 0  # drawn by the browser alone
    let_go(page, "inside_excite_filter")
    assert "inside_excite_filter=2" in page.url
    assert patches.all_inner_texts()[1:] != before[1:]  # another filter's strongest pictures

    grown = page.locator(".st-key-inside_wants_view figcaption").first
    assert grown.inner_text().startswith("After 64 of 64 steps: the score for “face” is")
    with rerun_expected(page):  # reaching for the step slider asks for its steps
        slider_input(page, "inside_wants_step").focus()
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "inside_wants_step", "Home")
    assert grown.inner_text().startswith("After 0 of 64 steps")
    assert page.evaluate("window.__scriptRuns") == 0
    let_go(page, "inside_wants_step")
    assert "inside_wants_step=0" in page.url
    no_exceptions(page)
