"""Presenter mode as slides, in a real browser at projector sizes (pages.presenter and
assets/components/presenter.js): every slide fits the screen with its figures and controls,
the keys walk the journey across pages, a link opens its slide, notes follow in a window of
their own, and leaving shows the full page at the same section."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    no_exceptions,
    open_page,
    slider_input,
    slider_value,
    wait_settled,
)

pytestmark = pytest.mark.browser

PROJECTORS = [(1024, 768), (1280, 720)]
#: Slides that are only a heading to talk over in a new session: their words are notes, and
#: their figures appear once a network has been trained.
TALKING_POINTS = {
    "/face slide-limits",
    "/training slide-start",
    "/training slide-curves",
    "/training slide-compare",
    "/training slide-test-set",
}
#: The smallest a slide may be zoomed to fit (its 21 px text drawn at 9.5 px or more).
SMALLEST_ZOOM = 0.45
#: What a slide shows the audience: figures and the controls that change them.
FIGURES = (
    "[data-testid=stImage] img, [data-testid=stPlotlyChart], [data-testid=stDataFrame], "
    "[data-testid=stHtml] table, [data-testid=stCode], .stBidiComponent"
)
CONTROLS = (
    "[data-testid=stSlider], [data-testid=stButton], [data-testid=stSelectbox], "
    "[data-testid=stRadio], [data-testid=stNumberInput], [data-testid=stCheckbox], "
    "[data-testid=stButtonGroup], [data-testid=stTabs] [role=tab], "
    "[data-testid=stExpander] summary, [data-testid=stPageLink], [data-testid=stTextInput]"
)
#: Everything about the slide on screen that a test asserts, read in the browser.
_SLIDE = """([figures, controls]) => {
  const shown = [...document.querySelectorAll('[class*="st-key-slide-"]')]
    .filter((element) => element.getClientRects().length > 0);
  const inShadows = (selector) => shown.flatMap((slide) => [...slide.querySelectorAll('*')])
    .flatMap((host) => host.shadowRoot ? [...host.shadowRoot.querySelectorAll(selector)] : []);
  const boxes = (selector, inside = null) => shown
    .flatMap((slide) => [...slide.querySelectorAll(selector)])
    .concat(inside ? inShadows(inside) : [])
    .map((element) => element.getBoundingClientRect())
    .filter((box) => box.width > 0 && box.height > 0)
    .map((box) => [box.left, box.top, box.right, box.bottom]);
  const bar = [...document.querySelectorAll('.stBidiComponent *')]
    .map((host) => host.shadowRoot?.querySelector('.presenter-bar')).find(Boolean);
  const scrolls = ['[data-testid=stMain]', '[data-testid=stAppViewContainer]']
    .map((selector) => document.querySelector(selector))
    .concat([document.documentElement])
    .map((element) => element.scrollHeight - element.clientHeight);
  const params = new URLSearchParams(location.search);
  return {
    names: shown.map((slide) => [...slide.classList].find((n) => n.startsWith('st-key-slide-'))),
    address: location.pathname + '#' + params.get('slide'),
    position: bar ? bar.querySelector('.presenter-position').textContent : null,
    bar: bar && [...(({ left, top, right, bottom }) => [left, top, right, bottom])(
      bar.getBoundingClientRect())],
    zoom: shown.length ? Number(shown[0].style.zoom || 1) : 1,
    figures: boxes(figures, 'img, canvas, video'),  // a component's, too
    headings: boxes('h1, h2, h3'),
    controls: boxes(controls, 'input, button, select'),
    overflow: Math.max(...scrolls),
  };
}"""


def slide_on_screen(page) -> dict:
    return page.evaluate(_SLIDE, [FIGURES, CONTROLS])


def settle_slide(page) -> dict:
    """Wait until the page has run and the slide has taken its size, and read it."""
    wait_settled(page, timeout=TENSORFLOW_LOAD_MS)
    page.wait_for_timeout(600)  # pictures decode, the slide is fitted to the screen
    wait_settled(page, timeout=TENSORFLOW_LOAD_MS)
    return slide_on_screen(page)


def press(page, key: str) -> dict:
    """Press ``key`` and wait for the slide it shows (the same one if it moved nowhere)."""
    before = slide_on_screen(page)["address"]
    page.keyboard.press(key)
    with contextlib.suppress(PlaywrightTimeout):  # a key at the journey's end moves nowhere
        page.wait_for_function(
            "(before) => location.pathname + '#' + new URLSearchParams(location.search)"
            ".get('slide') !== before",
            arg=before,
            timeout=5_000,
        )
    return settle_slide(page)


def inside(box, width: int, height: int) -> bool:
    left, top, right, bottom = box
    return left >= -1 and top >= -1 and right <= width + 1 and bottom <= height + 1


def overlaps(box, other) -> bool:
    return not (
        box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
    )


@pytest.mark.parametrize(("width", "height"), PROJECTORS, ids=["1024x768", "1280x720"])
def test_every_slide_of_the_journey_fits_the_screen(
    browser, server_url, screenshots, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    open_page(page, server_url, "?present=1", timeout=TENSORFLOW_LOAD_MS)
    slide = settle_slide(page)
    walked, problems, talked_over = [], [], set()
    while True:
        name = f"{len(walked) + 1:02d} {slide['address']}"
        walked.append(slide["address"])
        page.screenshot(path=screenshots / f"{width}x{height} {name.replace('/', ' ')}.png")
        no_exceptions(page)
        if len(slide["names"]) != 1:
            problems.append(f"{name}: shows {slide['names']}")
        if slide["overflow"] > 1:
            problems.append(f"{name}: the page scrolls by {slide['overflow']} px")
        if not slide["figures"] and not slide["controls"]:
            talked_over.add(f"{slide['address'].split('#')[0]} {slide['names'][0][7:]}")
        if slide["zoom"] < SMALLEST_ZOOM:
            problems.append(f"{name}: zoomed to {slide['zoom']:.2f} to fit, too small to read")
        if not any(inside(box, width, height) for box in slide["headings"]):
            problems.append(f"{name}: its heading is not on screen")
        for box in slide["figures"] + slide["controls"]:
            if not inside(box, width, height):
                problems.append(f"{name}: {box} is outside the {width} × {height} screen")
            if slide["bar"] and overlaps(box, slide["bar"]):
                problems.append(f"{name}: {box} is under the slide toolbar")
        following = press(page, "PageDown")
        if following["address"] == slide["address"]:
            break  # the last slide of the journey
        slide = following
    assert walked[0] == "/#1" and walked[-1].startswith("/live#"), walked
    assert len(set(walked)) == len(walked), walked
    assert not problems, "\n".join(problems)
    assert talked_over <= TALKING_POINTS, f"slides with no figure and no control: {talked_over}"
    context.close()


def test_the_keys_walk_across_pages_and_a_link_opens_its_slide(browser, server_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_page(page, server_url, "pooling?present=1&slide=3&picture=coffee&pooling_window=4")
    slide = settle_slide(page)
    assert slide["names"] == ["st-key-slide-real-map"] and slide["address"] == "/pooling#3"
    assert slide["position"].startswith("3 / ")
    assert "Coffee" in page.locator("[data-testid=stExpander] summary").first.text_content()
    assert slider_value(page, "pooling_window") == "4"  # the link's settings hold on a slide

    assert press(page, "ArrowLeft")["address"] == "/pooling#2"
    assert press(page, "PageUp")["address"] == "/pooling#1"
    back = press(page, "ArrowLeft")  # past the first slide: the previous page's last
    assert back["address"].startswith("/convolution#") and back["names"] == ["st-key-slide-learned"]
    count = back["position"].split(" / ")[1]
    assert back["address"] == f"/convolution#{count}"
    assert press(page, "ArrowRight")["address"] == "/pooling#1"
    assert press(page, "PageDown")["address"] == "/pooling#2"
    assert press(page, "Home")["address"] == "/#1"
    assert press(page, "End")["address"].startswith("/live#")
    no_exceptions(page)
    context.close()


def test_the_address_names_the_slide_shown_after_a_control_reran_the_page(browser, server_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_page(page, server_url, "pooling?present=1&slide=3")
    settle_slide(page)
    slider_input(page, "pooling_window").focus()
    page.keyboard.press("ArrowRight")  # a Streamlit slider: the page reruns...
    page.keyboard.press("PageDown")  # ...while the presenter moves on
    slide = settle_slide(page)
    assert slide["names"] == ["st-key-slide-shifts"]
    assert slide["address"] == "/pooling#4", slide["address"]
    assert slider_value(page, "pooling_window") == "3"
    context.close()


def test_a_slide_link_that_cannot_be_shown_is_named(page, server_url):
    open_page(page, server_url, "pixels?present=1&slide=seven")
    toasts = page.locator("[data-testid=stToast]")
    toasts.first.wait_for(timeout=10_000)
    assert "“slide=seven”" in " ".join(toasts.all_inner_texts())
    assert settle_slide(page)["address"] == "/pixels#1"


def test_labels_and_privacy_words_stay_on_the_slides(browser, server_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_page(page, server_url, "face?present=1&slide=2", timeout=TENSORFLOW_LOAD_MS)
    settle_slide(page)
    captions = page.locator("[data-testid=stImageCaption]")
    visible = [text for text in captions.all_inner_texts() if text]
    assert "face" in visible and "not face" in visible, visible
    assert not page.get_by_text("Pictures the network was tested on").is_visible()  # a note

    open_page(page, server_url, "face?present=1&slide=1", timeout=TENSORFLOW_LOAD_MS)
    settle_slide(page)
    page.locator("[data-testid=stExpander] summary").first.click()  # the picture picker
    expect(page.get_by_text("Pictures you upload or take with the webcam")).to_be_visible()
    assert not page.get_by_text("Here is a real convolutional network").is_visible()  # a note
    context.close()


def test_speaker_notes_follow_the_slides_in_their_own_window(browser, server_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_page(page, server_url, "convolution?present=1")
    settle_slide(page)
    with context.expect_page() as opened:
        page.get_by_role("button", name="Notes").click()
    notes = opened.value
    notes.wait_for_load_state()
    said = notes.locator(".speaker-notes")
    said.get_by_text("Convolution · slide 1 of").wait_for(timeout=30_000)
    assert "A computer finds edges, blurs or sharpens a picture" in said.inner_text()
    assert not page.get_by_text("A computer finds edges").is_visible()  # folded away

    press(page, "ArrowRight")
    said.get_by_text("Convolution · slide 2 of").wait_for(timeout=10_000)
    assert "A filter is a small grid of weights" in said.inner_text()
    assert "Next: Look closer" in said.inner_text()

    page.get_by_role("button", name="Leave").click()
    said.get_by_text("Presenter mode was left").wait_for(timeout=10_000)
    context.close()


def test_leaving_shows_the_full_page_at_the_same_section(browser, server_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_page(page, server_url, "pixels?present=1&slide=6")
    assert settle_slide(page)["names"] == ["st-key-slide-colour"]
    font = "getComputedStyle(document.documentElement).fontSize"
    assert page.evaluate(font) == "21px"  # large type for the back of the room
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    page.get_by_role("button", name="Leave").click()
    page.wait_for_function("() => !location.search.includes('present=1')")
    settle_slide(page)
    assert "slide=" not in page.url
    assert page.evaluate(font) == "16px"
    assert page.locator("[data-testid=stSidebar]").is_visible()
    heading = page.get_by_role("heading", name="Colour is three grids")
    page.wait_for_function(
        "(h) => Math.abs(h.getBoundingClientRect().top) < 80", arg=heading.element_handle()
    )
    earlier = page.get_by_role("heading", name="From a photo to a grid of numbers")
    assert earlier.bounding_box()["y"] < 0  # the full page, scrolled to the section

    page.get_by_text("Presenter mode").click()  # the sidebar's switch: presenting again
    page.wait_for_function("() => location.search.includes('present=1')")
    settle_slide(page)
    for _ in range(5):
        slide = press(page, "PageDown")
    assert slide["names"] == ["st-key-slide-colour"]
    page.get_by_role("button", name="Leave").click()
    page.wait_for_function("() => !location.search.includes('present=1')")
    settle_slide(page)
    page.wait_for_function(  # left at the same section a second time: scrolled there again
        "(h) => Math.abs(h.getBoundingClientRect().top) < 80", arg=heading.element_handle()
    )
    no_exceptions(page)
    context.close()


def test_leaving_at_a_slide_of_a_face_view_opens_that_view(browser, server_url):
    """The Face page shows one view inside the answer at a time, and presenting shows them all:
    leaving at one of their slides opens its view, at that slide."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_page(page, server_url, "face?present=1", timeout=TENSORFLOW_LOAD_MS)
    slide = settle_slide(page)
    for _ in range(12):
        if slide["names"] == ["st-key-slide-sees-filters"]:
            break
        slide = press(page, "PageDown")
    assert slide["names"] == ["st-key-slide-sees-filters"]
    page.get_by_role("button", name="Leave").click()
    page.wait_for_function("() => !location.search.includes('present=1')")
    settle_slide(page)
    expect(page.get_by_role("radio", name="What it sees")).to_be_checked()
    expect(page).to_have_url(re.compile(r"face_inside=What\+it\+sees"))
    heading = page.get_by_role("heading", name="The filters it made itself")
    page.wait_for_function(
        "(h) => Math.abs(h.getBoundingClientRect().top) < 80", arg=heading.element_handle()
    )
    no_exceptions(page)
    context.close()
