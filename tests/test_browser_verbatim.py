"""Crafted links, file names and class names in Chromium: shown as text, never followed.

Every page is opened with links whose parameter names and values carry the payloads of
``tests/crafted_text.py``. The browser must ask no host but the app's own server for anything
(so no tracking image loads, and no font or icon comes from elsewhere), no link on the page may
lead to the attacker's host, and the notice must quote the text as it was typed. The same holds
for uploads named with such text and for class names typed in the Training lab.
"""

from __future__ import annotations

import io
from urllib.parse import quote, urlencode

import numpy as np
import pytest
from PIL import Image

from pages.journey import HOME, JOURNEY
from pages.verbatim import cut
from tests.crafted_text import CLASS_NAMES, FILE_NAMES, HOST, PAYLOADS, shown
from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    main_text,
    no_exceptions,
    press_slider,
    rerun_expected,
    wait_settled,
)
from tests.test_browser_walk import upload

pytestmark = pytest.mark.browser

PAGES = [HOME, *JOURNEY]
#: A setting of each page, given a payload as its value: the notice quotes "name=value".
SETTING = {
    "pixels": "pixels_size",
    "convolution": "conv_kernel",
    "pooling": "pooling_window",
    "augmentation": "aug_count",
    "face": "face_occlusion_patch",
    "training": "training_epochs",
}
#: Pages with the picture picker, which reads ``?picture=``.
PICKER = ("pixels", "convolution", "pooling", "augmentation", "face")
PARTS_PER_LINK = 4


class Requests(list):
    """Every address the page asked for, from the moment it was made."""

    def __init__(self, page) -> None:
        super().__init__()
        page.on("request", lambda request: self.append(request.url))

    def elsewhere(self, server_url: str) -> list[str]:
        own = (f"{server_url}/", "data:", "blob:")
        return [url for url in self if not url.startswith(own)]


def links_to_host(page) -> list[str]:
    """Every link or source on the page that names the attacker's host."""
    return page.evaluate(
        """(host) => [...document.querySelectorAll('[href], [src], [srcset]')]
            .flatMap((e) => ['href', 'src', 'srcset'].map((a) => e.getAttribute(a) || ''))
            .filter((address) => address.toLowerCase().includes(host))""",
        HOST,
    )


def notices(page) -> str:
    return shown(" ".join(page.locator("[data-testid=stToast]").all_inner_texts()))


def crafted_links(url_path: str, rotation: int) -> list[tuple[str, list[str]]]:
    """Links carrying every payload, a few per link, and the phrases each notice must hold.

    Each payload goes into the picture's value, a setting's value or a parameter's name; the
    ``rotation`` moves them between those places from page to page.
    """
    places = ["picture", "setting", "name", "name"]
    places = places[rotation % len(places) :] + places[: rotation % len(places)]
    made = []
    for start in range(0, len(PAYLOADS), PARTS_PER_LINK):
        pairs, expected = [], []
        for place, payload in zip(places, PAYLOADS[start : start + PARTS_PER_LINK], strict=False):
            setting = SETTING.get(url_path)
            if place == "picture" and url_path in PICKER:
                pairs.append(("picture", payload))
                expected.append(f"“picture={shown(cut(payload))}”")
            elif place == "setting" and setting:
                pairs.append((setting, payload))
                expected.append(f"“{setting}={shown(cut(payload))}”")
            else:
                pairs.append((payload, "1"))
                expected.append(f"“{shown(cut(payload))}” (this page has no such setting)")
        made.append((f"{url_path}?{urlencode(pairs, quote_via=quote)}", expected))
    return made


@pytest.mark.parametrize("stop", PAGES, ids=[stop.url_path for stop in PAGES])
def test_crafted_links_are_quoted_and_never_followed(browser, server_url, stop):
    rotation = PAGES.index(stop)
    for path_and_query, expected in crafted_links(stop.url_path, rotation):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        requests = Requests(page)
        page.goto(f"{server_url}/{path_and_query}")
        wait_settled(page, timeout=TENSORFLOW_LOAD_MS)
        no_exceptions(page)
        page.locator("[data-testid=stToast]").first.wait_for(timeout=10_000)
        page.wait_for_timeout(300)  # anything the notice would load has been asked for by now
        assert requests.elsewhere(server_url) == [], path_and_query
        assert links_to_host(page) == [], path_and_query
        said = notices(page)
        for phrase in expected:
            assert phrase in said, (phrase, said)
        context.close()


def png(value: int, size: tuple[int, int] = (80, 60)) -> bytes:
    rgb = np.full((size[1], size[0], 3), value, np.uint8)
    rgb[size[1] // 4 : size[1] // 2, size[0] // 4 : size[0] // 2] = 255 - value
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def shown_text(page) -> str:
    return shown(main_text(page))


def go_to(page, title: str) -> None:
    """Follow the sidebar's link to another page: the session, and its picture, go along."""
    with rerun_expected(page, timeout=TENSORFLOW_LOAD_MS):
        page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).click()
    no_exceptions(page)


def test_crafted_file_names_are_shown_as_typed_on_every_page_that_names_the_picture(
    page, server_url
):
    requests = Requests(page)
    page.goto(f"{server_url}/pixels")
    wait_settled(page)
    for name in FILE_NAMES:
        upload(page, name, png(40), "image/png")
        no_exceptions(page)
        assert f"Picture: {shown(cut(name))} ·" in shown_text(page)
    upload(page, FILE_NAMES[0].replace(".png", ".jpg"), b"not a picture", "image/jpeg")
    assert f"“{shown(cut(FILE_NAMES[0].replace('.png', '.jpg')))}”" in shown_text(page)
    assert links_to_host(page) == []
    go_to(page, "Augmentation")
    versions = page.locator(".st-key-aug_versions .view").inner_text()  # in a shadow root
    assert f"versions of the centre square of {shown(cut(FILE_NAMES[-1]))}" in shown(versions)
    assert links_to_host(page) == []
    go_to(page, "Face or not?")  # no face in it: the square is set by hand, in a shadow root
    square = page.locator(".st-key-face_crop_view .view").inner_text()
    assert f"{shown(cut(FILE_NAMES[-1]))}, 80 × 60: the orange square" in shown(square)
    assert links_to_host(page) == []
    assert requests.elsewhere(server_url) == []


def test_crafted_class_and_file_names_in_the_lab_are_shown_as_typed(page, server_url):
    requests = Requests(page)
    page.goto(f"{server_url}/training")
    wait_settled(page, timeout=TENSORFLOW_LOAD_MS)
    for index, class_name in enumerate(CLASS_NAMES):
        box = page.locator(f".st-key-training_own_name_{index} input")
        with rerun_expected(page):
            box.fill(class_name)
            box.press("Enter")
    assert f"“{shown(CLASS_NAMES[1])}” has 0 pictures" in shown_text(page)
    for index, value in enumerate((30, 220)):
        files = [
            {"name": f"{FILE_NAMES[index]}{n}.png", "mimeType": "image/png", "buffer": png(value)}
            for n in range(6)
        ]
        with rerun_expected(page):
            page.locator(
                f"[class*='st-key-training_own_upload_{index}_'] input[type=file]"
            ).set_input_files(files=files)
    assert shown(cut(f"{FILE_NAMES[0]}0.png", limit=14)) in shown_text(page)  # a thumbnail
    with rerun_expected(page):
        page.locator(".st-key-training_own_webcam label").first.click()
    radio = shown(page.locator(".st-key-training_own_camera_class").inner_text())
    assert all(shown(class_name) in radio for class_name in CLASS_NAMES)

    press_slider(page, "training_own_epochs", "Home")  # the fewest epochs: quick
    with rerun_expected(page, timeout=120_000):
        page.locator(".st-key-training_own_train button").click()
    query = {"name": FILE_NAMES[2], "mimeType": "image/png", "buffer": png(30)}
    asker = page.locator("[class*='st-key-training_own_query_'] input[type=file]").first
    with rerun_expected(page):
        asker.set_input_files(files=[query])
    text = shown_text(page)
    assert any(f"It says {shown(name)}, with probability" in text for name in CLASS_NAMES), text
    assert f"{shown(cut(FILE_NAMES[2]))}, as the network sees it" in text
    bars = page.locator(".st-key-training_own_probabilities").inner_text()
    assert all(shown(name) in shown(bars) for name in CLASS_NAMES), bars
    no_exceptions(page)
    assert links_to_host(page) == []
    assert requests.elsewhere(server_url) == []
