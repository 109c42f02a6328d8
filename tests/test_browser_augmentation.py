"""The Augmentation page in a real Chromium: a strength slider answers in the browser, without a
run of Python, with core's versions; letting go draws them at full size and puts the value in
the link. Links, the buttons and the disabled smoothness slider work as on the server."""

from __future__ import annotations

import dataclasses

import pytest
from playwright.sync_api import expect
from skimage import data

from core import images
from core.augment import AugmentSettings, augment_variants, describe
from tests.crafted_text import shown
from tests.streamlit_server import (
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

VIEW = ".st-key-aug_versions .view"  # inside the component's shadow root
FULL_WIDTH = 1064  # the full mosaic's width in pixels: 4 versions of 256 and their gaps


def mosaic(page):
    return page.locator(f"{VIEW} figure img")


def caption(page) -> str:
    return page.locator(f"{VIEW} figcaption").inner_text()


def drawn(page) -> list[str]:
    """What each version drew, by number, as the page lists it."""
    return page.locator(f"{VIEW} ol li").all_inner_texts()


def expected(**strengths) -> list[str]:
    """What core.augment draws for the default picture, with ``strengths`` changed."""
    square = images.resize_square(images.load_sample("astronaut"), 256)
    settings = dataclasses.replace(AugmentSettings(), **strengths)
    return [describe(v.params) for v in augment_variants(square, settings, count=16, seed=0)]


def reach(page, name: str) -> None:
    """Reach for a slider (the focus on it): its steps come from Python in one run."""
    with rerun_expected(page):
        slider_input(page, name).focus()


def test_a_strength_slider_answers_in_the_browser_and_letting_go_settles(
    page, server_url, screenshots
):
    open_page(page, server_url, "augmentation")
    full = mosaic(page).get_attribute("src")
    assert drawn(page) == expected()
    assert "256 × 256 pixels each" in caption(page)
    page.locator(".st-key-aug_versions").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "augmentation-versions.png")

    reach(page, "aug_rotation")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "aug_rotation", "ArrowRight")
    assert slider_value(page, "aug_rotation") == "±15°"
    assert mosaic(page).get_attribute("src") != full  # drawn in the browser, at once
    assert drawn(page) == expected(rotation=15.0)
    assert "96 × 96 pixels each until you let go" in caption(page)
    assert page.locator(f"{VIEW}.waiting").count() == 0  # its view was there: not dimmed
    page.screenshot(path=screenshots / "augmentation-rotation-15-moving.png")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert "aug_rotation=10" in page.url

    let_go(page, "aug_rotation")
    assert "aug_rotation=15" in page.url  # Python has it: the link follows
    expect(page.locator(f"{VIEW} figcaption")).to_contain_text("256 × 256 pixels each")
    page.wait_for_function(  # the full mosaic, drawn from the 256-pixel square
        "([image, width]) => image.complete && image.naturalWidth === width",
        arg=[mosaic(page).element_handle(), FULL_WIDTH],
    )
    assert drawn(page) == expected(rotation=15.0)
    no_exceptions(page)
    page.screenshot(path=screenshots / "augmentation-rotation-15.png")


FACE_VIEW = ".st-key-aug_face_view .view"
MIRROR_VIEW = ".st-key-aug_mirror_view .view"
EXTREME_VIEW = ".st-key-aug_extreme_view .view"


def face_drawn(index: int, count: int) -> list[str]:
    """What core.augment draws for LFW face ``index``, ``count`` versions, default strengths."""
    face = data.lfw_subset()[index]
    return [
        describe(v.params) for v in augment_variants(face, AugmentSettings(), count=count, seed=0)
    ]


def test_the_face_and_its_count_answer_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "augmentation")
    view = page.locator(FACE_VIEW)
    listed = view.locator("ol li")
    assert listed.all_inner_texts() == face_drawn(0, 16)
    assert "Face 0: 25 × 25 = 625 numbers" in view.inner_text()

    reach(page, "aug_face")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "aug_face", "ArrowRight", times=2)
    assert slider_value(page, "aug_face") == "2"
    text = view.inner_text()  # drawn by the browser, before Python knows
    assert "Face 2: 25 × 25 = 625 numbers" in text
    assert "16 training examples made from face 2, numbered" in text
    assert listed.all_inner_texts() == face_drawn(2, 16)
    assert page.locator(f"{FACE_VIEW}.waiting").count() == 0  # its view was there
    # the mirror images and the strongest versions further down follow the slider at once
    assert "Compare face 2 with its two mirror images" in page.locator(MIRROR_VIEW).inner_text()
    assert "Face 2, drawn 4 times" in page.locator(EXTREME_VIEW).inner_text()
    page.locator(".st-key-aug_face_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "augmentation-face-2-moving.png")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert "aug_face=0" in page.url
    let_go(page, "aug_face")
    assert "aug_face=2" in page.url  # Python has it
    assert "Compare face 2 with its two mirror images" in page.locator(MIRROR_VIEW).inner_text()

    reach(page, "aug_face_count")
    press_instant_slider(page, "aug_face_count", "End")
    assert slider_value(page, "aug_face_count") == "32"
    assert "One labelled face became 32 training examples" in view.inner_text()
    assert listed.all_inner_texts() == face_drawn(2, 32)
    let_go(page, "aug_face_count")
    assert "aug_face_count=32" in page.url
    assert listed.all_inner_texts() == face_drawn(2, 32)
    no_exceptions(page)


def test_the_views_that_follow_the_face_show_a_links_face_and_keep_it_across_pages(
    page, server_url
):
    open_page(page, server_url, "augmentation?aug_face=7")
    mirrors, extremes = page.locator(MIRROR_VIEW), page.locator(EXTREME_VIEW)
    assert "Compare face 7 with its two mirror images" in mirrors.inner_text()
    assert "Face 7, drawn 4 times" in extremes.inner_text()
    for title in ("Pixels are numbers", "Augmentation"):  # away and back, in the same session
        with rerun_expected(page):
            page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).click()
    assert "Compare face 7 with its two mirror images" in mirrors.inner_text()
    reach(page, "aug_face")
    press_instant_slider(page, "aug_face", "ArrowLeft")
    assert "Compare face 6 with its two mirror images" in mirrors.inner_text()
    assert "Face 6, drawn 4 times" in extremes.inner_text()
    no_exceptions(page)


def test_turning_everything_off_moves_the_sliders_and_disables_the_smoothness(page, server_url):
    open_page(page, server_url, "augmentation")
    smoothness = slider_input(page, "aug_elastic_smoothness")
    assert smoothness.is_enabled()
    with rerun_expected(page):
        page.get_by_role("button", name="Turn everything off").click()
    expect(slider_input(page, "aug_rotation")).to_have_attribute("aria-valuetext", "±0°")
    expect(smoothness).to_be_disabled()  # nothing bends
    assert drawn(page) == ["unchanged"] * 16
    reach(page, "aug_noise")
    press_instant_slider(page, "aug_noise", "ArrowRight", times=3)
    assert drawn(page) == ["noise σ 3.0%"] * 16
    let_go(page, "aug_noise")
    assert "aug_noise=3" in page.url
    with rerun_expected(page):
        page.get_by_role("button", name="Defaults").click()
    expect(smoothness).to_be_enabled()
    expect(slider_input(page, "aug_noise")).to_have_attribute("aria-valuetext", "2%")
    assert drawn(page) == expected()
    no_exceptions(page)


def test_a_link_off_the_sliders_steps_is_named_and_the_rest_applies(page, server_url):
    open_page(page, server_url, "augmentation?aug_rotation=37&aug_shear=10")
    notice = page.locator("[data-testid=stToast]")
    notice.first.wait_for(timeout=10_000)
    said = shown(notice.inner_text())  # without the joiners that keep the link text inert
    assert "Ignored in this link: “aug_rotation=37”. Everything else was set." in said
    assert slider_value(page, "aug_rotation") == "±10°"  # the default
    assert slider_value(page, "aug_shear") == "±10°"  # the link's
    assert drawn(page) == expected(shear=10.0)
    no_exceptions(page)


def test_whole_page_reads_well_at_1400_pixels(page, server_url, screenshots):
    page.set_viewport_size({"width": 1400, "height": 5200})
    open_page(page, server_url, "augmentation")
    page.locator(".st-key-aug_extreme_view img").last.wait_for()
    page.screenshot(path=screenshots / "augmentation-full.png")
