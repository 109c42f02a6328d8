"""Deep links and presenter mode in a real browser: a link restores a view; a bad one is named."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.streamlit_server import (
    no_exceptions,
    open_page,
    press_slider,
    rerun_expected,
    slider_input,
    slider_value,
    wait_settled,
)

pytestmark = pytest.mark.browser


def picture_shown(page) -> str:
    return page.locator("[data-testid=stExpander] summary").first.inner_text()


def preset_shown(page) -> str:
    return page.locator(".st-key-conv_preset input").input_value()


def shown_link(page) -> str:
    """Open "Link to this view" and read the address it shows."""
    page.get_by_role("button", name="Link to this view").click()
    box = page.locator("[data-testid=stPopoverBody] code")
    expect(box).to_have_text(re.compile(r"^http"))
    return box.inner_text().strip()


def notices(page) -> str:
    toasts = page.locator("[data-testid=stToast]")
    toasts.first.wait_for(timeout=10_000)
    return " ".join(toasts.all_inner_texts())


def test_a_link_restores_the_picture_and_settings_and_names_what_it_ignored(page, server_url):
    open_page(page, server_url, "pooling?pooling_window=4&pooling_repeats=3&picture=coffee&junk=1")
    assert "Coffee" in picture_shown(page)
    assert slider_value(page, "pooling_window") == "4"
    assert slider_value(page, "pooling_repeats") == "3"
    assert "“junk” (this page has no such setting)" in notices(page)
    assert "junk" not in page.url and "pooling_window=4" in page.url


def test_malformed_values_are_ignored_with_a_notice_and_the_page_works(page, server_url):
    open_page(page, server_url, "pooling?pooling_window=banana&pooling_repeats=99&picture=nosuch")
    said = notices(page)
    assert "“pooling_window=banana”" in said and "“pooling_repeats=99”" in said
    assert "“picture=nosuch” (no sample picture has that name)" in said
    assert slider_value(page, "pooling_window") == "2"  # the default
    assert "Astronaut" in picture_shown(page)


def test_link_to_this_view_reproduces_the_view_in_a_new_session(page, browser, server_url):
    open_page(page, server_url, "convolution?picture=camera&conv_kernel=Sharpen")
    assert preset_shown(page) == "Sharpen"
    assert slider_value(page, "kernel_w_1_1") == "5"  # Sharpen's centre weight
    press_slider(page, "kernel_w_0_0", "ArrowRight")  # now a kernel of one's own
    link = shown_link(page)
    assert "picture=camera" in link and "conv_kernel=0.1%2C-1%2C0%2C-1%2C5" in link

    other = browser.new_context().new_page()  # a new visitor: nothing in their session
    other.goto(link)
    wait_settled(other)
    no_exceptions(other)
    assert "Cameraman" in picture_shown(other)
    assert preset_shown(other) == "Custom"
    weights = [slider_value(other, f"kernel_w_0_{col}") for col in range(3)]
    assert weights == ["0.1", "-1", "0"]
    other.context.close()


def test_the_link_shown_follows_a_slider_whose_fragment_alone_reran(page, server_url):
    """An instant slider let go of reruns only its fragment, which moves the address but not the
    popover drawn outside it: the link shown must still be the address as it is now."""
    open_page(page, server_url, "pooling?picture=coffee")
    press_slider(page, "pooling_window", "ArrowRight")
    page.wait_for_function("() => window.location.href.includes('pooling_window=3')")
    link = shown_link(page)
    assert "pooling_window=3" in link and "picture=coffee" in link
    assert link == page.url

    press_slider(page, "pooling_window", "ArrowRight")  # while the link is on screen
    page.wait_for_function("() => window.location.href.includes('pooling_window=4')")
    box = page.locator("[data-testid=stPopoverBody] code")
    expect(box).to_have_text(page.url)
    no_exceptions(page)


def test_copy_puts_the_link_on_the_clipboard_or_says_it_could_not(browser, server_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_page(page, server_url, "pooling?picture=coffee")
    link = shown_link(page)
    popover = page.locator("[data-testid=stPopoverBody]")
    popover.get_by_role("button", name="Copy", exact=True).click()
    expect(popover).to_contain_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == link == page.url

    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error()); }")
    popover.get_by_role("button", name="Copy", exact=True).click()
    expect(popover).to_contain_text("Could not copy: the address is selected")
    assert page.evaluate("() => window.getSelection().toString()") == link
    no_exceptions(page)
    context.close()


def test_a_malformed_kernel_is_named_and_the_preset_stays(page, server_url):
    open_page(page, server_url, "convolution?conv_kernel=1,2,3")
    assert "“conv_kernel=1,2,3”" in notices(page)
    assert preset_shown(page) == "Vertical edges"
    no_exceptions(page)


def test_a_preset_button_replacing_linked_settings_raises_no_notice(page, server_url):
    open_page(page, server_url, "training?training_epochs=7", timeout=180_000)  # TensorFlow
    assert slider_value(page, "training_epochs") == "7"
    assert page.locator("[data-testid=stToast]").count() == 0
    with rerun_expected(page):
        page.get_by_role("button", name="Preset: Overfit").click()
    expect(slider_input(page, "training_epochs")).to_have_attribute("aria-valuetext", "60")
    page.wait_for_timeout(500)  # a toast would be drawn with the run that just ended
    assert page.locator("[data-testid=stToast]").count() == 0
    no_exceptions(page)
