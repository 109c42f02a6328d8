"""The "Face or not?" page in a real browser: TensorFlow loads, the answer shows, sliders work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.sections.face.settings import INSIDE_VIEWS
from tests.streamlit_server import (
    FINISHED_FRAGMENT_RUN,
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


def answer_text(page) -> str:
    """What the answer's view says (drawn by the browser, in its shadow root)."""
    return page.locator(".st-key-face_probabilities .view").inner_text()


def open_face_page(page, server_url: str) -> None:
    open_page(page, server_url, "face", timeout=TENSORFLOW_LOAD_MS)


def test_the_answer_shows_and_the_occlusion_slider_redraws(page, server_url, screenshots):
    open_face_page(page, server_url)
    assert page.locator("h1").first.inner_text().strip() == "Face or not?"
    assert "The network says a face: P(face) is" in answer_text(page)
    page.screenshot(path=screenshots / "face.png", full_page=True)

    occlusion = page.locator(".st-key-face_occlusion_view .view figure")  # in the shadow root
    before = occlusion.locator("img").get_attribute("src")
    with rerun_expected(page):  # reaching for the slider: its steps come in one run
        slider_input(page, "face_occlusion_patch").focus()
    assert page.evaluate("window.__finishedRuns") == [FINISHED_FRAGMENT_RUN]  # its own part
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


def astronaut_key() -> str:
    """The astronaut's picture key, which names the square's settings in the link."""
    from core.images import load_sample
    from pages.common import make_picture

    return make_picture(load_sample("astronaut"), "Astronaut", "sample").key


def test_choosing_a_view_inside_the_answer_draws_it_alone_and_puts_it_in_the_address(
    page, server_url, screenshots
):
    open_face_page(page, server_url)
    occlusion = page.locator(".st-key-face_occlusion_view")
    expect(occlusion).to_have_count(1)  # "Where it looked": the first view
    with rerun_expected(page):
        page.get_by_role("radio", name="Open the box").click()
    table = page.locator("[data-testid=stHtml] table")
    expect(table).to_have_count(1)
    expect(table).to_contain_text("NumPy (this app's code)")
    expect(occlusion).to_have_count(0)  # only the chosen view
    assert page.evaluate("window.__finishedRuns") == [FINISHED_FRAGMENT_RUN]  # the square's part
    expect(page).to_have_url(re.compile(r"face_inside=Open\+the\+box"))  # after the run
    table.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "face-open-the-box.png")
    no_exceptions(page)


def left_percent(frame) -> float:
    """Where the browser put a view's frame: its left edge, in percent of the picture."""
    return float(frame.evaluate("frame => frame.style.left").removesuffix("%"))


def test_a_square_set_by_hand_answers_in_the_browser_and_letting_go_reaches_python(
    page, server_url, screenshots
):
    column = f"face_crop_x_{astronaut_key()}"
    open_face_page(page, server_url)
    with rerun_expected(page):
        page.locator("[class*='st-key-face_crop_choice_']").get_by_text("My own square").click()
    view = page.locator(".st-key-face_crop_view .view")
    expect(view).to_contain_text("top-left corner is at row 65, column 173.")
    frame = view.locator(".frame")
    assert left_percent(frame) == pytest.approx(100 * 173 / 512, abs=0.001)
    given = view.locator("img").nth(1).get_attribute("src")
    with rerun_expected(page):  # reaching for the slider: its steps come in one run
        slider_input(page, column).focus()
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, column, "Home")  # the square slides left from her face
    assert slider_value(page, column) == "0"
    text = view.inner_text()  # drawn by the browser, before Python knows
    assert "top-left corner is at row 65, column 0." in text
    assert "For this square the network gives P(face)" in text
    assert left_percent(frame) == 0
    assert view.locator("img").nth(1).get_attribute("src") != given  # the flag, not her face
    assert page.locator(".st-key-face_crop_view .view.waiting").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert f"{column}=0" not in page.url
    page.locator(".st-key-face_crop_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "face-square-by-hand.png")

    said = [line for line in text.splitlines() if "P(face)" in line]
    let_go(page, column)
    # Only the square and the sections drawn from it ran again, not the page above or below
    assert page.evaluate("window.__finishedRuns") == [FINISHED_FRAGMENT_RUN]
    assert f"{column}=0" in page.url  # Python has it: the link and the answer follow
    assert "The network says not a face: P(not face) is" in answer_text(page)
    assert [line for line in view.inner_text().splitlines() if "P(face)" in line] == said
    no_exceptions(page)
    page.screenshot(path=screenshots / "face-on-the-flag.png", full_page=True)


def test_the_dataset_pages_answer_in_the_browser(page, server_url, screenshots):
    slider = "face_data_page_train_All"
    open_face_page(page, server_url)
    with rerun_expected(page):
        page.locator(".st-key-face_data_split").get_by_text("Training", exact=True).click()
    view = page.locator(".st-key-face_data_view .view")
    expect(view).to_contain_text("All of the training set: pictures 1–40 of 572")
    first = view.locator("img").first.get_attribute("src")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, slider, "ArrowRight", times=2)
    assert slider_value(page, slider) == "3"
    assert "All of the training set: pictures 81–120 of 572" in view.inner_text()
    assert view.locator("figure").count() == 40
    assert view.locator("img").first.get_attribute("src") != first
    assert " · P(face) " in view.locator("figcaption").first.inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    page.locator(".st-key-face_data_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "face-dataset-page-3.png")

    let_go(page, slider)
    # Python kept the page: another filter and back brings it again
    with rerun_expected(page):
        page.locator(".st-key-face_data_filter").get_by_text("Mistakes", exact=True).click()
    with rerun_expected(page):
        page.locator(".st-key-face_data_filter").get_by_text("All", exact=True).click()
    expect(view).to_contain_text("All of the training set: pictures 81–120 of 572")
    assert slider_value(page, slider) == "3"
    no_exceptions(page)


def test_the_timed_square_sliders_are_reached_by_their_link(page, server_url):
    """`benchmarks.ui_latency` opens the square's sliders by a link naming the astronaut."""
    from benchmarks.ui_latency import ASTRONAUT_KEY, SLIDERS

    assert astronaut_key() == ASTRONAUT_KEY
    targets = [t for t in SLIDERS["face"] if t.slider_key.startswith("face_crop_")]
    square = targets[0].url_path  # the three sliders, then the side with each other view open
    assert [t.url_path for t in targets[:3]] == [square] * 3
    views = [t.url_path.removeprefix(f"{square}&face_inside=") for t in targets[3:]]
    assert [view.replace("+", " ") for view in views] == list(INSIDE_VIEWS[1:])
    open_page(page, server_url, square, timeout=TENSORFLOW_LOAD_MS)
    for target in targets[:3]:
        expect(slider_input(page, target.slider_key)).to_have_count(1)
    assert slider_value(page, targets[2].slider_key) == "102"  # the detector's side
    for target, view in zip(targets[3:], INSIDE_VIEWS[1:], strict=True):
        open_page(page, server_url, target.url_path)
        expect(page.get_by_role("radio", name=view)).to_be_checked()
        assert slider_value(page, target.slider_key) == "102"
