"""The training lab in a real browser: live curves, Stop within an epoch, nothing lost."""

from __future__ import annotations

import io
import re
import time

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from core.images import read_image
from core.model import preprocess
from core.optimizers import OPTIMIZERS, SHOWER, VALLEY, descend_1d, optimize_2d
from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    WATCH_RUNS,
    let_go,
    main_text,
    no_exceptions,
    open_page,
    press_instant_slider,
    press_slider,
    rerun_expected,
    slider_input,
    slider_value,
    wait_settled,
)
from tests.test_core_export import load_download

pytestmark = pytest.mark.browser


def epochs_shown(page) -> int:
    return int(re.search(r"Epoch (\d+) of 100", main_text(page))[1])


def open_lab(page, server_url: str) -> None:
    open_page(page, server_url, "training", timeout=TENSORFLOW_LOAD_MS)


def test_a_control_slider_moves_and_says_so(page, server_url):
    open_lab(page, server_url)
    assert page.locator("h1").first.inner_text().strip() == "Training lab"
    caption = page.locator(".st-key-training_fraction_view .view")  # in the component's shadow
    assert "80% to learn from, 20% to check on" in caption.inner_text()
    press_instant_slider(page, "training_fraction", "ArrowLeft")
    assert slider_value(page, "training_fraction") == "0.75"
    assert "75% to learn from, 25% to check on" in caption.inner_text()  # before Python knows
    assert "training_fraction=0.8" in page.url
    let_go(page, "training_fraction")
    assert "training_fraction=0.75" in page.url  # Python has it: the link follows
    assert "75% to learn from, 25% to check on" in caption.inner_text()
    press_slider(page, "training_learning_rate", "ArrowLeft")  # 0.002 → 0.001
    assert slider_value(page, "training_learning_rate") == "0.001"
    assert "training_learning_rate=0.001" in page.url
    no_exceptions(page)


def test_a_preset_moves_the_sliders(page, server_url):
    open_page(page, server_url, "training?training_dropout=0.25", timeout=TENSORFLOW_LOAD_MS)
    assert slider_value(page, "training_dropout") == "0.25"  # the link's
    press_slider(page, "training_fraction", "End")
    assert slider_value(page, "training_fraction") == "0.90"
    with rerun_expected(page):
        page.get_by_role("button", name="Preset: Regularised").click()
    for name, label in [("training_dropout", "0.50"), ("training_fraction", "0.20")]:
        expect(slider_input(page, name)).to_have_attribute("aria-valuetext", label)
    caption = page.locator(".st-key-training_fraction_view .view")
    expect(caption).to_contain_text("20% to learn from, 80% to check on")
    assert "training_dropout=0.5" in page.url and "training_fraction=0.2" in page.url
    no_exceptions(page)


SEED = ".st-key-training_seed_field"  # the seed's browser number field, in its shadow root


def test_the_seed_answers_in_the_browser_and_the_next_run_uses_it(page, server_url, screenshots):
    open_lab(page, server_url)
    seed = page.locator(f"{SEED} input[name=training_seed]")
    message = page.locator(f"{SEED} .message")
    assert seed.input_value() == "1"
    page.evaluate(WATCH_RUNS)
    seed.focus()
    for _ in range(3):
        seed.press("ArrowUp")
    seed.press("ArrowDown")
    assert seed.input_value() == "3"
    page.locator(SEED).get_by_role("button", name="up").click()
    assert seed.input_value() == "4"
    seed.press("PageUp")  # ten steps
    assert seed.input_value() == "14"
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    assert "training_seed=1" in page.url
    with rerun_expected(page):
        seed.press("Enter")  # lets go
    assert "training_seed=14" in page.url  # Python has it: the link follows

    page.evaluate(WATCH_RUNS)
    seed.fill("12.7")
    expect(message).to_have_text("Rounded to 13.")
    seed.fill("99999")
    expect(message).to_have_text("“99999” is outside 0 to 9999: it counts as 9999.")
    seed.fill("seven")
    expect(message).to_have_text("Type a number from 0 to 9999; until then it stays 9999.")
    seed.fill("7")
    expect(message).to_have_text("")
    assert page.evaluate("window.__scriptRuns") == 0
    with rerun_expected(page):
        seed.blur()
    assert "training_seed=7" in page.url
    page.locator(SEED).scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "training-seed.png")

    press_slider(page, "training_epochs", "Home")  # one epoch
    with rerun_expected(page, timeout=120_000):
        page.locator(".st-key-training_train button").click()
    main = page.locator("[data-testid=stMain]")
    expect(main).to_contain_text(re.compile(r"Run 1: .* seed 7"), timeout=120_000)
    assert seed.input_value() == "7"
    no_exceptions(page)


def test_train_live_then_stop_within_an_epoch_keeps_what_was_trained(page, server_url, screenshots):
    open_lab(page, server_url)
    press_slider(page, "training_epochs", "End")
    assert slider_value(page, "training_epochs") == "100"
    page.locator(".st-key-training_train button").click()
    page.wait_for_function(
        "() => /Epoch ([3-9]|\\d\\d) of 100/.test(document.body.innerText)", timeout=120_000
    )
    live = page.locator(".js-plotly-plot").filter(has_text="Accuracy (higher is better)")
    # The curves are drawn while it trains. Plotly draws a moment after the progress text, and
    # each epoch redraws the chart, so the check retries until it sees one settled chart.
    expect(live).to_have_count(1, timeout=30_000)
    page.screenshot(path=screenshots / "training-live.png", full_page=True)

    seen = epochs_shown(page)
    with rerun_expected(page):
        page.locator(".st-key-training_stop button").click()
    stopped = epochs_shown(page)
    # An epoch takes a fraction of a second, and on a busy two-core machine the browser's
    # drawing trails the server by a few epochs; a Stop that was ignored would run to 100.
    assert seen <= stopped <= seen + 12
    page.wait_for_timeout(1500)
    assert epochs_shown(page) == stopped  # it really stopped
    text = main_text(page)
    assert "Run 1: Adam 0.002" in text  # kept for the comparison
    assert "of 40" not in text  # the test pictures wait until a run is chosen
    with rerun_expected(page):
        page.locator(".st-key-training_use_model button").click()
    with rerun_expected(page):
        page.locator(".st-key-training_test_chosen button").click()
    assert re.search(r"the chosen network gets \d+ of 40 right", main_text(page))
    no_exceptions(page)
    page.screenshot(path=screenshots / "training-stopped.png", full_page=True)


SHOWER_VIEW = ".st-key-training_shower .view"  # in the component's shadow root
VALLEY_VIEW = ".st-key-training_valley .view"


def test_the_shower_sliders_answer_in_the_browser_and_letting_go_reaches_python(
    page, server_url, screenshots
):
    open_lab(page, server_url)
    view = page.locator(SHOWER_VIEW)
    for _ in range(2):
        with rerun_expected(page):
            page.locator(".st-key-training_shower_step button").click()
    at_two = descend_1d(SHOWER, start=20.0, learning_rate=2.0, steps=30)[2]
    expect(view).to_contain_text(f"Step 2 of 30: the water is at {at_two:.1f} °C")
    expect(view.locator("svg.chart .note")).to_have_text("step 2")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "training_shower_momentum", "ArrowRight")
    assert slider_value(page, "training_shower_momentum") == "0.10"
    text = view.inner_text()  # drawn by the browser, before Python knows: a new setting starts
    assert "Step 0 of 30: the water is at 20.0 °C, discomfort 16.20." in text
    assert view.locator("svg.chart .note").text_content() == "step 0"
    ball = view.locator("svg.chart [data-marker=circle]")
    assert float(ball.get_attribute("cx")) == pytest.approx(64 + 20 / 76 * (700 - 76), abs=0.2)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    with rerun_expected(page):  # the focus moving to the other slider lets go of this one
        slider_input(page, "training_shower_rate").focus()
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "training_shower_rate", "End")  # 25: it blows up
    assert slider_value(page, "training_shower_rate") == "25"
    diverging = descend_1d(SHOWER, start=20.0, learning_rate=25.0, steps=30, momentum=0.1)
    assert f"Step 0 of {len(diverging) - 1}:" in view.inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    view.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "training-shower-moved.png")

    let_go(page, "training_shower_rate")  # Python takes the new setting: Step follows its path
    with rerun_expected(page):
        page.locator(".st-key-training_shower_step button").click()
    expect(view).to_contain_text(f"Step 1 of {len(diverging) - 1}: the water is at")
    assert f"{diverging[1]:.1f} °C" in view.inner_text()
    no_exceptions(page)


def test_the_shower_ball_plays_to_a_verdict(page, server_url, screenshots):
    open_lab(page, server_url)
    press_slider(page, "training_shower_rate", "Home")  # the smallest learning rate
    assert slider_value(page, "training_shower_rate") == "0.2"
    view = page.locator(SHOWER_VIEW)
    with rerun_expected(page):
        page.locator(".st-key-training_shower_play button").click()
    expect(view.locator(".verdict.warning")).to_contain_text("Crawling.", timeout=15_000)
    assert "Step 30 of 30" in view.inner_text()  # the animation ran to its last frame
    assert view.get_attribute("data-frame") == "30"
    no_exceptions(page)
    view.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "training-shower.png")

    press_instant_slider(page, "training_shower_momentum", "ArrowRight")  # away: step 0
    assert "Step 0 of 30" in view.inner_text() and view.get_attribute("data-frame") is None
    press_instant_slider(page, "training_shower_momentum", "ArrowLeft")  # and back: the end
    assert "Step 30 of 30" in view.inner_text() and view.get_attribute("data-frame") == "30"
    with rerun_expected(page):
        page.locator(".st-key-training_shower_reset button").click()
    expect(view).to_contain_text("Step 0 of 30")
    page.locator(".st-key-training_shower_play button").click()  # again: it plays again
    frames = set()
    deadline = time.monotonic() + 30
    while "30" not in frames and time.monotonic() < deadline:
        frames.add(view.get_attribute("data-frame"))
    assert "30" in frames and len(frames - {None}) > 3  # frames one after the other
    expect(view.locator(".verdict.warning")).to_contain_text("Crawling.")


def test_the_valley_sliders_answer_in_the_browser(page, server_url, screenshots):
    open_lab(page, server_url)
    view = page.locator(VALLEY_VIEW)
    expect(view).to_contain_text("After 30 steps at learning rate 0.3")
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "training_valley_rate", "End")
    expect(view).to_contain_text("After 30 steps at learning rate 0.45")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    with rerun_expected(page):  # the focus moving to the other slider lets go of this one
        slider_input(page, "training_valley_steps").focus()
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "training_valley_steps", "ArrowLeft", times=2)
    assert (
        slider_value(page, "training_valley_rate"),
        slider_value(page, "training_valley_steps"),
    ) == ("0.45", "20")
    paths = {
        name: optimize_2d(VALLEY, name, start=(-9.0, 2.5), learning_rate=0.45, steps=20)
        for name in OPTIMIZERS
    }
    left = {name: float(np.hypot(*path[-1])) for name, path in paths.items()}
    text = view.inner_text()  # drawn by the browser, before Python knows
    assert "After 20 steps at learning rate 0.45" in text
    assert f"Closest: {min(left, key=left.get)}; farthest: {max(left, key=left.get)}." in text
    for name, path in paths.items():
        points = view.locator(f"svg.chart polyline[data-name='{name}']").get_attribute("points")
        assert len(points.split()) == len(path) == 21
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0  # Python was not asked
    view.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "training-valley.png")
    let_go(page, "training_valley_steps")
    assert page.evaluate("window.__scriptRuns") > 0  # letting go reached Python
    assert "After 20 steps at learning rate 0.45" in view.inner_text()  # and it agreed
    no_exceptions(page)


def test_the_own_epochs_slider_moves_in_the_browser(page, server_url):
    open_lab(page, server_url)
    page.evaluate(WATCH_RUNS)
    press_instant_slider(page, "training_own_epochs", "Home")
    assert slider_value(page, "training_own_epochs") == "5"
    page.wait_for_timeout(300)
    assert page.evaluate("window.__scriptRuns") == 0
    let_go(page, "training_own_epochs")
    assert page.evaluate("window.__scriptRuns") > 0  # letting go reached Python
    assert slider_value(page, "training_own_epochs") == "5"
    no_exceptions(page)


def picture_files(prefix: str, value: int, count: int) -> list[dict]:
    files = []
    for index in range(count):
        rgb = np.full((60, 80, 3), value + index, np.uint8)
        rgb[15:45, 20:40] = 255 - value
        buffer = io.BytesIO()
        Image.fromarray(rgb).save(buffer, "PNG")
        files.append(
            {"name": f"{prefix}{index}.png", "mimeType": "image/png", "buffer": buffer.getvalue()}
        )
    return files


def send_files(page, key_start: str, files: list[dict]) -> None:
    with rerun_expected(page):
        page.locator(f"[class*='st-key-{key_start}'] input[type=file]").first.set_input_files(
            files=files
        )


def test_own_classes_from_uploads_train_and_answer(page, server_url, screenshots, tmp_path):
    open_lab(page, server_url)
    send_files(page, "training_own_upload_0_", picture_files("dark", 20, 6))
    assert "“Class B” has 0 pictures" in main_text(page)
    send_files(page, "training_own_upload_1_", picture_files("light", 220, 6))
    assert "Not ready to train" not in main_text(page)
    with rerun_expected(page, timeout=120_000):
        page.locator(".st-key-training_own_train button").click()
    assert "Epoch 40 of 40" in main_text(page)
    assert "Started from random weights" in main_text(page)  # both curves, side by side
    assert "Started from the face network's filters" in main_text(page)
    query = picture_files("new", 30, 1)
    send_files(page, "training_own_query_", query)
    assert "It says **Class A**" in page.content() or "It says Class A" in main_text(page)
    no_exceptions(page)
    bars = page.locator(".st-key-training_own_probabilities")
    bars.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "training-own-answer.png")
    shown = bars.locator("text.bartext").all_text_contents()

    with page.expect_download(timeout=60_000) as download:
        page.locator(".st-key-training_own_download button").click()
    network, classes = load_download(download.value.path().read_bytes(), tmp_path)
    assert classes == ["Class A", "Class B"]
    picture = preprocess(read_image(query[0]["buffer"], max_side=512).rgb)
    probabilities = network(picture[np.newaxis]).numpy()[0]
    assert shown == [f"{p:.0%}" for p in probabilities]  # the app's answer, from the file
    page.locator(".st-key-training_own_count").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "training-own-classes.png")


def test_one_session_training_does_not_block_another_sessions_page(browser, server_url):
    trainer = browser.new_context(viewport={"width": 1400, "height": 1000})
    visitor = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        training, other = trainer.new_page(), visitor.new_page()
        open_lab(training, server_url)
        press_slider(training, "training_epochs", "End")
        training.locator(".st-key-training_train button").click()
        training.wait_for_function(
            "() => /Epoch ([2-9]|\\d\\d) of 100/.test(document.body.innerText)", timeout=120_000
        )
        other.goto(f"{server_url}/pixels")
        wait_settled(other, timeout=30_000)
        press_slider(other, "pixels_size", "ArrowLeft")
        # 120 × 120: the other page answered (its view, and the row below it after the rerun)
        assert "14,400 numbers" in other.locator(".st-key-pixels_size_view .view").inner_text()
        row = other.locator(".st-key-pixels_row_view .caption")
        row.scroll_into_view_if_needed()
        assert row.inner_text().startswith("Row 0 of 120")
        assert epochs_shown(training) < 100  # while the first session is still training
        assert "Run 1:" not in main_text(other)  # and nothing of it leaked over
        training.locator(".st-key-training_stop button").click()
        wait_settled(training)
    finally:
        trainer.close()
        visitor.close()
