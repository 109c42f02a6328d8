"""The pooling page in a real browser: its sliders redraw what they should, with no exception."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import expect

from core import activations, convolution, images, pooling
from tests.streamlit_server import (
    WATCH_RUNS,
    let_go,
    no_exceptions,
    open_page,
    press_instant_slider,
    press_slider,
    rerun_expected,
    slider_input,
    slider_value,
    wait_settled,
)
from tests.test_pages_pooling import feature_map

pytestmark = pytest.mark.browser


def shapes_line(page) -> str:
    """The "Shapes: picture … → pool 2: 31 × 31" line of the real feature map."""
    return page.locator(".st-key-pooling_view .view p").filter(has_text="Shapes:").inner_text()


def test_pooling_window_slider_changes_the_pooled_shapes(page, server_url, screenshots):
    page.goto(f"{server_url}/pooling")
    wait_settled(page)
    no_exceptions(page)
    assert page.locator("h1").first.inner_text().strip() == "Pooling & activations"
    assert "pool 2: 31 × 31" in shapes_line(page)
    page.screenshot(path=screenshots / "pooling.png", full_page=True)

    pictures_before = page.locator(".st-key-pooling_view img").first.get_attribute("src")
    press_instant_slider(page, "pooling_window", "ArrowRight")
    assert slider_value(page, "pooling_window") == "3"
    assert "pool 1: 42 × 42" in shapes_line(page)  # drawn by the browser, before Python knows
    assert "pool 2: 14 × 14" in shapes_line(page)
    assert page.locator(".st-key-pooling_view img").first.get_attribute("src") != pictures_before
    assert "pooling_window=2" in page.url
    let_go(page, "pooling_window")
    assert "pooling_window=3" in page.url  # Python has it: the link follows
    assert "pool 1: 42 × 42" in shapes_line(page)
    no_exceptions(page)
    page.locator(".st-key-pooling_view").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-window-3.png")

    page.reload()  # a new session: the address carries the value
    wait_settled(page)
    assert slider_value(page, "pooling_window") == "3"
    assert "pool 1: 42 × 42" in shapes_line(page)


def reach(page, name: str) -> None:
    """Reach for a slider with lazy views (the focus on it): its steps come in one run."""
    with rerun_expected(page):
        slider_input(page, name).focus()


def view(page, key: str):
    return page.locator(f".st-key-{key} .view")


def test_the_layer_charts_name_every_layer_on_a_slant(page, server_url, screenshots):
    from core import architecture

    open_page(page, server_url, "pooling")
    chart = page.locator(".st-key-pooling_vgg_counts svg.chart")
    chart.scroll_into_view_if_needed()
    names = chart.locator("text.tick[transform*='rotate(-60)']").all_text_contents()
    assert names == [layer.name for layer in architecture.vgg19_layers()]
    assert chart.locator("polyline").count() == sum(  # a bar for every count above 0
        (layer.values > 0) + (layer.params > 0) + (layer.multiply_adds > 0)
        for layer in architecture.vgg19_layers()
    )
    box, plot_bottom = chart.bounding_box(), chart.locator("text.tick").last.bounding_box()
    assert plot_bottom["y"] + plot_bottom["height"] <= box["y"] + box["height"]  # inside it
    page.locator(".st-key-slide-shapes-vgg").screenshot(path=screenshots / "pooling-vgg-charts.png")


def test_small_example_window_and_stride_answer_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    small = view(page, "pooling_small_view")
    expect(small.locator("figcaption").nth(1)).to_contain_text("After max pooling: 4 × 4 = 16")
    grids = small.locator("img").first.get_attribute("src")

    reach(page, "pooling_small_size")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "pooling_small_size", "ArrowRight")
    assert slider_value(page, "pooling_small_size") == "3"
    assert "After max pooling: 3 × 3 = 9 numbers" in small.locator("figcaption").nth(1).inner_text()
    assert "Window 1 of 9: rows 0–2, columns 0–2" in small.locator("p").first.inner_text()
    assert "windows overlap" in small.locator("ol").inner_text()
    assert small.locator("img").first.get_attribute("src") != grids
    assert page.locator(".st-key-pooling_small_view .view.waiting").count() == 0  # not dimmed
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert "pooling_small_size=2" in page.url
    let_go(page, "pooling_small_size")
    assert "pooling_small_size=3" in page.url  # Python has it: the link follows

    reach(page, "pooling_small_stride")
    press_instant_slider(page, "pooling_small_stride", "ArrowLeft")
    assert slider_value(page, "pooling_small_stride") == "1"
    assert (
        "After max pooling: 6 × 6 = 36 numbers" in small.locator("figcaption").nth(1).inner_text()
    )
    let_go(page, "pooling_small_stride")
    assert "pooling_small_stride=1" in page.url
    no_exceptions(page)
    small.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-small-3-1.png")


def test_a_window_larger_than_the_grid_warns_and_the_page_goes_on(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    small = view(page, "pooling_small_view")
    press_slider(page, "pooling_small_size", "End")
    assert slider_value(page, "pooling_small_size") == "9"
    expect(small.locator(".warning")).to_contain_text("9×9 window does not fit in the 8×8 map")
    assert "pooling_small_size=9" in page.url
    page.screenshot(path=screenshots / "pooling-too-large.png", full_page=True)
    no_exceptions(page)

    press_slider(page, "pooling_small_size", "Home")
    expect(small.locator(".warning")).to_have_count(0)
    assert slider_value(page, "pooling_small_size") == "1"
    expect(small.locator("p").first).to_contain_text("Window 1 of 16: rows 0–0, columns 0–0")
    no_exceptions(page)


def shift_words(shift: int, size: int) -> str:
    """The first line of "Small shifts" for the astronaut and the default kernel, from core."""
    gray = images.to_unit(
        images.resize_square(images.to_gray(images.load_sample("astronaut")), 128)
    )
    before, after = (
        activations.relu(convolution.correlate2d(p, convolution.PRESETS["Vertical edges"].kernel))
        for p in pooling.shifted_pair(gray, shift)
    )
    raw = pooling.shift_effect(before, after, shift, size=size).raw_change
    pooled = pooling.shift_effect(before, after, shift, size=size).pooled_change
    return f"Feature map changed: {raw:.0%} · Max-pooled map changed: {pooled:.0%}"


def test_shift_and_window_answer_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    shifts = view(page, "pooling_shift_view")
    assert shifts.locator("p").first.inner_text().startswith(shift_words(1, 2))
    press_instant_slider(page, "pooling_shift", "ArrowRight")
    assert slider_value(page, "pooling_shift") == "2"
    assert shifts.locator("p").first.inner_text().startswith(shift_words(2, 2))
    assert "Moving the picture 2 pixels changed" in shifts.locator("p").nth(1).inner_text()
    let_go(page, "pooling_shift")
    assert "pooling_shift=2" in page.url
    press_instant_slider(page, "pooling_shift_window", "ArrowRight", times=2)
    assert slider_value(page, "pooling_shift_window") == "4"
    assert shifts.locator("p").first.inner_text().startswith(shift_words(2, 4))
    assert "Max-pooled map (4 × 4)" in shifts.locator("figcaption").nth(1).inner_text()
    let_go(page, "pooling_shift_window")
    assert "pooling_shift_window=4" in page.url
    no_exceptions(page)
    shifts.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-shift-2-4.png")


def test_alpha_answers_in_the_browser(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    with rerun_expected(page):
        page.locator(".st-key-pooling_activation").get_by_text("PReLU", exact=True).click()
    bent = view(page, "pooling_alpha_prelu_view")
    assert slider_value(page, "pooling_alpha_prelu") == "0.25"
    assert "α (= 0.25)" in bent.locator("p").first.inner_text()
    chart = bent.locator("img").first.get_attribute("src")
    press_instant_slider(page, "pooling_alpha_prelu", "ArrowRight", times=5)
    assert slider_value(page, "pooling_alpha_prelu") == "0.50"
    assert "f(x) = x if x > 0 else α (= 0.5)·x" in bent.locator("p").first.inner_text()
    assert bent.locator("img").first.get_attribute("src") != chart
    lowest = activations.prelu(feature_map(), alpha=0.5).min()
    assert f"from {lowest:.2f} to" in bent.locator("figcaption").nth(1).inner_text()
    let_go(page, "pooling_alpha_prelu")
    assert "pooling_alpha_prelu=0.5" in page.url
    no_exceptions(page)
    bent.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-prelu-0.5.png")


def test_a_link_chooses_the_activation_and_the_mode_as_their_buttons_name_them(page, server_url):
    link = "pooling?pooling_activation=PReLU&pooling_small_mode=Average+%28keep+the+mean%29"
    open_page(page, server_url, link)
    no_exceptions(page)
    assert slider_value(page, "pooling_alpha_prelu") == "0.25"  # PReLU's α slider is drawn
    chosen = page.locator(
        ".st-key-pooling_small_mode [aria-checked=true], .st-key-pooling_small_mode [kind$=Active]"
    )
    assert chosen.first.inner_text().startswith("Average")
    assert "Ignored in this link" not in page.locator("body").inner_text()
    assert "pooling_activation=PReLU" in page.url


# --------------------------------------------------------------------------------------------
# From scores to probabilities: number fields answered in the browser (softmax_scores.js)
# --------------------------------------------------------------------------------------------

SCORES = ".st-key-pooling_softmax"  # the browser component, in its shadow root


def score_field(page, number: int):
    return page.locator(f"{SCORES} input[name=pooling_logit_{number}]")


def shown_probabilities(page) -> np.ndarray:
    """The probabilities the browser computed and drew, at full precision."""
    text = page.locator(f"{SCORES} svg.chart").get_attribute("data-probabilities")
    return np.array([float(value) for value in text.split(",")])


def assert_softmax_of(page, scores: list[float]) -> None:
    """The browser shows core's softmax of ``scores``: the bars, their numbers and the line."""
    expected = activations.softmax(np.array(scores, dtype=np.float64))
    np.testing.assert_allclose(shown_probabilities(page), expected, rtol=1e-12, atol=1e-300)
    labels = page.locator(f"{SCORES} svg.chart text.value").all_text_contents()
    assert labels == [f"{p:.2f}" for p in expected]
    predicted = " ".join(f"{p:.2f}" for p in expected)
    assert f"predicted:     [{predicted}]" in page.locator(f"{SCORES} pre").inner_text()


def test_a_score_answers_in_the_browser_as_core_softmax_does(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    page.locator(SCORES).scroll_into_view_if_needed()
    assert [score_field(page, n).input_value() for n in range(5)] == [
        "0.0", "0.7", "4.6", "0.0", "0.0"
    ]  # fmt: skip
    assert_softmax_of(page, [0, 0.7, 4.6, 0, 0])
    words = page.locator(f"{SCORES} .words")
    assert "The probabilities add up to 1.000000" in words.inner_text()

    page.evaluate(WATCH_RUNS)
    dog = score_field(page, 1)
    dog.focus()
    for _ in range(10):
        dog.press("ArrowUp")  # 0.7 → 5.7, drawn by the browser on each press
    assert dog.input_value() == "5.7"
    assert_softmax_of(page, [0, 5.7, 4.6, 0, 0])
    assert "The highest score, dog (5.7), gets the highest probability" in words.inner_text()
    dog.press("PageDown")  # ten steps down: 0.7
    assert_softmax_of(page, [0, 0.7, 4.6, 0, 0])
    dog.press("PageUp")
    page.locator(f"{SCORES} .number-field").nth(0).get_by_role("button", name="up").click()
    assert score_field(page, 0).input_value() == "0.5"  # the + steps cat, focus and all
    assert_softmax_of(page, [0.5, 5.7, 4.6, 0, 0])
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    page.screenshot(path=screenshots / "pooling-scores-moved.png")

    with rerun_expected(page):  # letting go (the focus leaves the fields) tells Python
        score_field(page, 0).blur()
    assert page.evaluate("window.__scriptRuns") > 0
    assert_softmax_of(page, [0.5, 5.7, 4.6, 0, 0])  # the rerun keeps them
    no_exceptions(page)

    with rerun_expected(page):  # the right answer is Python's: one rerun, the same scores
        page.locator(".st-key-pooling_answer").get_by_text("tree", exact=True).click()
    assert "one-hot label: [0 0 0 0 1]" in page.locator(f"{SCORES} pre").inner_text()
    assert "right answer, tree (now 0.00)" in words.inner_text()
    assert_softmax_of(page, [0.5, 5.7, 4.6, 0, 0])


def test_typed_scores_give_core_softmax(page, server_url):
    open_page(page, server_url, "pooling")
    page.evaluate(WATCH_RUNS)
    for scores in (
        [-3.5, 2.0, 7.5, 0.1, -0.1],
        [999.9, 999.8, -1000, 500, 0],
        [-1000, -1000, -1000, -1000, -1000],
        [12.3, -45.6, 78.9, -0.5, 33.3],
        [1000, 1000, -1000, -999.5, 0.7],
    ):
        for number, score in enumerate(scores):
            score_field(page, number).fill(str(score))
        assert_softmax_of(page, scores)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # typing is answered by the browser
    with rerun_expected(page):
        score_field(page, 4).press("Enter")
    assert_softmax_of(page, [1000, 1000, -1000, -999.5, 0.7])
    no_exceptions(page)


def test_a_preset_sets_the_score_fields(page, server_url, screenshots):
    open_page(page, server_url, "pooling")
    dog = score_field(page, 1)
    dog.focus()
    dog.press("ArrowUp")
    with rerun_expected(page):
        dog.blur()  # Python holds 1.2 now
    with rerun_expected(page):  # the preset the fields started from: they take its values
        page.get_by_role("button", name="Sure it is a face").click()
    expect(dog).to_have_value("0.7")
    assert_softmax_of(page, [0, 0.7, 4.6, 0, 0])

    dog.focus()
    dog.press("ArrowUp")
    with rerun_expected(page):  # lets go of 1.2, then the preset replaces it
        page.get_by_role("button", name="Extreme: ±1000").click()
    expect(dog).to_have_value("-1000.0")
    assert [score_field(page, n).input_value() for n in range(5)] == [
        "1000.0", "-1000.0", "999.0", "0.0", "-1000.0"
    ]  # fmt: skip
    assert_softmax_of(page, [1000, -1000, 999, 0, -1000])
    assert np.isfinite(shown_probabilities(page)).all()
    words = page.locator(f"{SCORES} .words").inner_text()
    assert "Scores as large as 1000 still give finite probabilities" in words
    assert "The highest score, cat (1000)" in words
    page.locator(SCORES).scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "pooling-scores-extreme.png")
    no_exceptions(page)


@pytest.mark.parametrize(
    ("typed", "shown", "message"),
    [
        ("abc", "0.7", "“abc” is not a number: it stays 0.7."),
        ("", "0.7", "“” is not a number: it stays 0.7."),
        ("NaN", "0.7", "“NaN” is not a number: it stays 0.7."),
        ("<b>9</b>", "0.7", "“<b>9</b>” is not a number: it stays 0.7."),
        ("5000", "1000.0", "“5000” is outside −1000 to 1000: it counts as 1000."),
        ("-1e999", "-1000.0", "“-1e999” is outside −1000 to 1000: it counts as −1000."),
        ("2,25", "2.3", "Rounded to 2.3."),
        ("−3", "-3.0", ""),
    ],
)
def test_bad_scores_get_a_message_or_are_clamped(page, server_url, typed, shown, message):
    open_page(page, server_url, "pooling")
    dog = score_field(page, 1)
    page.evaluate(WATCH_RUNS)
    dog.fill(typed)
    value = float(shown)
    assert_softmax_of(page, [0, value, 4.6, 0, 0])  # at once, before Python knows
    assert page.evaluate("window.__scriptRuns") == 0
    dog.press("Enter")  # lets go
    expect(dog).to_have_value(shown)
    note = page.locator(f"{SCORES} .number-field").nth(1).locator(".message")
    expect(note).to_have_text(message)
    assert note.locator("b").count() == 0  # text, never HTML
    wait_settled(page)
    no_exceptions(page)
