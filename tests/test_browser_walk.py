"""A real browser walk: `streamlit run` on a free port, Debian's Chromium driven by Playwright.

Screenshots of every page land in the folder the `screenshots` fixture prints, so a person can
look at what a visitor sees.
"""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import numpy as np
import pytest
from PIL import Image

from core import images
from pages.journey import HOME, JOURNEY, TAB_ICON
from tests.crafted_text import as_drawn, shown
from tests.streamlit_server import (
    REPO,
    WATCH_RUNS,
    let_go,
    no_exceptions,
    open_page,
    press_instant_slider,
    press_slider,
    rerun_expected,
    slider_input,
    slider_value,
    streamlit_app,
)

pytestmark = pytest.mark.browser


def png_bytes(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    rgb = np.zeros((height, width, 3), dtype=np.uint8)
    rgb[..., 2] = 220
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def upload(page, name: str, data: bytes, mime: str) -> None:
    """Open the picture picker's Upload tab and send a file through the real upload control."""
    picker = page.locator("[data-testid=stExpander]").first
    dropzone = picker.locator("[data-testid=stFileUploaderDropzone]")
    if dropzone.count() == 0 or not dropzone.is_visible():
        if picker.get_by_role("tab", name="Upload").count() == 0:
            with rerun_expected(page):
                picker.locator("summary").click()  # the picker builds its body once opened
        picker.get_by_role("tab", name="Upload").click()
    with rerun_expected(page):
        picker.locator("input[type=file]").set_input_files(
            files=[{"name": name, "mimeType": mime, "buffer": data}]
        )


def test_every_page_renders_without_an_exception(page, server_url, screenshots):
    for stop in [HOME, *JOURNEY]:
        open_page(page, server_url, stop.url_path)
        assert page.locator("h1").first.inner_text().strip() == (
            stop.title if stop is not HOME else page.locator("h1").first.inner_text().strip()
        )
        page.screenshot(path=screenshots / f"{stop.url_path}.png", full_page=True)


def test_the_tab_shows_the_apps_own_icon_and_fetches_nothing_for_it(page, server_url):
    """The tab's icon is the app's emoji, drawn by the browser from a data address on every
    page (a page's material icon would come from Google's font servers)."""
    for stop in (HOME, JOURNEY[0]):
        open_page(page, server_url, stop.url_path)
        icon = unquote(page.locator("link[rel='shortcut icon']").get_attribute("href"))
        assert icon.startswith("data:image/svg+xml,") and TAB_ICON in icon, icon


def test_size_slider_moves_with_the_keyboard_and_changes_the_count(page, server_url):
    open_page(page, server_url, "pixels")
    view = page.locator(".st-key-pixels_size_view .view")  # inside the component's shadow root
    assert "16,384 numbers" in view.inner_text()
    press_instant_slider(page, "pixels_size", "ArrowLeft", times=2)  # 128 → 120 → 112
    assert slider_value(page, "pixels_size") == "112"
    assert "12,544 numbers" in view.inner_text()  # drawn by the browser, before Python knows
    row = page.locator(".st-key-pixels_row_view .caption")  # the row below: Python's size yet
    assert "Row 0 of 128" in row.inner_text() and "pixels_size=128" in page.url
    press_instant_slider(page, "pixels_size", "Home")
    assert "All 8 × 8 = 64 values, each printed in its pixel" in view.inner_text()
    press_instant_slider(page, "pixels_size", "ArrowRight", times=17)  # 9 … 25: every size
    assert slider_value(page, "pixels_size") == "25"
    let_go(page, "pixels_size")
    assert "Row 0 of 25" in row.inner_text() and "pixels_size=25" in page.url
    no_exceptions(page)


#: Records every element a rerun marks stale as it is marked: its opacity, transitions and the
#: CSS animations on it (a pending transition counts from the moment it is set).
_WATCH_STALE = """() => {
  window.__stale = [];
  new MutationObserver((records) => {
    for (const record of records) {
      const element = record.target;
      if (element.dataset.stale !== 'true') continue;
      const style = getComputedStyle(element);
      window.__stale.push({opacity: style.opacity, transition: style.transitionDuration,
                           animations: element.getAnimations().length});
    }
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-stale']});
}"""


def test_a_rerun_leaves_the_elements_it_redraws_unfaded(page, server_url):
    """Streamlit would fade each element a rerun redraws with a transition of its own, which
    costs the browser rendering work on every rerun (pages.journey.UNFADED_RERUNS)."""
    open_page(page, server_url, "pixels")
    page.evaluate(_WATCH_STALE)
    press_instant_slider(page, "pixels_size", "ArrowLeft")
    let_go(page, "pixels_size")  # reruns the size's part of the page
    marked = page.evaluate("window.__stale")
    assert len(marked) >= 3, marked  # the part's elements were marked stale while it reran...
    assert all(  # ...and none faded or started a transition
        mark == {"opacity": "1", "transition": "0s", "animations": 0} for mark in marked
    ), marked


def reach(page, name: str) -> None:
    """Reach for a lazy instant slider (the focus on it): its steps come from Python in one
    run, before any key is pressed."""
    with rerun_expected(page):
        slider_input(page, name).focus()


def test_the_pixel_and_the_mixed_colour_answer_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "pixels")
    pixel = page.locator(".st-key-colour_pixel_view .view")  # inside the component's shadow root
    astronaut = images.load_sample("astronaut")
    red, green, blue = astronaut[170, 256]
    assert f"The pixel at row 170, column 256 is stored as ({red}, {green}, {blue})" in (
        pixel.inner_text()
    )
    reach(page, "colour_col")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "colour_col", "ArrowRight", times=3)
    assert slider_value(page, "colour_col") == "259"
    red, green, blue = astronaut[170, 259]
    text = pixel.inner_text()  # drawn by the browser, before Python knows
    assert f"The pixel at row 170, column 259 is stored as ({red}, {green}, {blue})" in text
    assert f"Red grid: {red} at this pixel" in text
    assert f"Pixel (row 170, column 259) = ({red}, {green}, {blue})" in text
    page.locator(".st-key-colour_pixel_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pixels-colour-moving.png")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert "colour_col=256" in page.url
    let_go(page, "colour_col")
    assert "colour_col=259" in page.url  # Python has it: the link follows
    assert f"column 259 is stored as ({red}, {green}, {blue})" in pixel.inner_text()

    mixed = page.locator(".st-key-colour_mix_view .view")
    assert "(255, 0, 255) looks closest to magenta." in mixed.inner_text()
    reach(page, "mix_green")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "mix_green", "End")
    assert slider_value(page, "mix_green") == "255"
    assert "(255, 255, 255) looks closest to white." in mixed.inner_text()
    press_instant_slider(page, "mix_blue", "Home")  # Blue's steps are not kept yet: asked for
    assert slider_value(page, "mix_blue") == "0"
    page.locator(".st-key-colour_mix_view .view:not(.waiting)").wait_for()
    assert "(255, 255, 0) looks closest to yellow." in mixed.inner_text()
    page.locator(".st-key-colour_mix_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pixels-mixer-yellow.png")
    let_go(page, "mix_blue")
    assert "mix_green=255" in page.url and "mix_blue=0" in page.url
    assert "(255, 255, 0) looks closest to yellow." in mixed.inner_text()
    no_exceptions(page)


def test_good_then_bad_upload(page, server_url, screenshots):
    open_page(page, server_url, "pixels")
    upload(page, "blue.png", png_bytes(300, 200), "image/png")
    expander = page.locator("[data-testid=stExpander] summary").first
    assert "blue.png" in shown(expander.inner_text())
    assert (
        "300 × 200 pixels × 3 colours = 180,000 numbers"
        in page.locator("[data-testid=stMain]").inner_text()
    )

    upload(page, "broken.png", b"\x89PNG\r\n\x1a\n this is not really a picture", "image/png")
    alert = page.locator("[data-testid=stAlert]").filter(has_text=as_drawn("broken.png"))
    assert alert.count() == 1
    assert re.search(r"not a picture we can read|cut short or damaged", alert.inner_text())
    assert "blue.png" in shown(expander.inner_text())  # the previous picture is still in use
    page.screenshot(path=screenshots / "bad-upload.png", full_page=True)
    no_exceptions(page)

    # The app goes on working after the bad upload.
    press_slider(page, "pixels_size", "ArrowRight")
    assert slider_value(page, "pixels_size") == "136"
    no_exceptions(page)


def test_a_deep_link_as_a_fresh_servers_first_request_gets_the_apps_navigation(browser):
    """Streamlit's legacy pages/ mode must not take over when /pixels is the first request."""
    with streamlit_app(REPO / "app.py") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        try:
            open_page(page, url, "pixels")
            navigation = page.locator("[data-testid=stSidebarNav]").inner_text()
            assert "Pixels are numbers" in navigation
            assert "common" not in navigation
            assert page.locator("h1").first.inner_text().strip() == "Pixels are numbers"
        finally:
            context.close()
