"""The "Pooling & activations" page: its widgets change what is drawn, in the right way.

Every expected number is computed here from ``core`` on the same inputs the page uses, never read
back from the page alone.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core import activations, colours, convolution, images, pooling
from pages.drawing import HIGHLIGHT, HIGHLIGHT_RGB
from pages.sections.pooling import activation_functions, decision, one_window, shapes
from pages.sections.pooling.decision import SCORES_KEY
from pages.sections.pooling.settings import PoolingSettings
from tests.apptest_helpers import (
    all_text,
    component_data,
    draws_component,
    headings,
    instant_data,
    instant_view,
    let_go,
    static_chart,
    want_steps,
    widget,
)

POOLING = "pages/pooling.py"
FACE_META = {
    "input_shape": [25, 25, 1],
    "layers": [
        {"name": "conv1", "type": "Conv2D", "output_shape": [23, 23, 8], "params": 80},
        {"name": "pool1", "type": "MaxPooling2D", "output_shape": [11, 11, 8], "params": 0},
        {"name": "flatten", "type": "Flatten", "output_shape": [968], "params": 0},
        {"name": "decision", "type": "Dense", "output_shape": [2], "params": 1938},
    ],
}


@pytest.fixture
def face_model(monkeypatch, tmp_path) -> Path:
    """The page reads the model's record from a folder of the test's (FACE_MODEL_FOLDER), empty
    until a test writes ``face_cnn.json`` into it."""
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))
    return tmp_path / "face_cnn.json"


@pytest.fixture
def page(app, face_model):
    app.run()
    app.switch_page(POOLING)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def feature_map() -> np.ndarray:
    """The astronaut through the default kernel, as the page computes it."""
    gray = images.to_unit(
        images.resize_square(images.to_gray(images.load_sample("astronaut")), 128)
    )
    return convolution.correlate2d(gray, convolution.PRESETS["Vertical edges"].kernel)


def set_slider(app, key: str, value) -> None:
    widget(app.slider, key).set_value(value).run()
    assert not app.exception, [e.value for e in app.exception]


# --------------------------------------------------------------------------------------------
# The small example
# --------------------------------------------------------------------------------------------


def test_page_opens_cleanly_with_every_section(page):
    assert not page.warning and not page.error
    headers = headings(page)
    assert headers == [
        "Pooling, one window at a time",
        "Pooling a real feature map",
        "Small shifts matter less after pooling",
        "Activation functions: bending the numbers",
        "Narrower and deeper",
        "From features to a decision",
    ]
    assert page.info[0].value.startswith("**Try this:**")


def small_numbers(seed: int = 0) -> np.ndarray:
    """The 8 × 8 numbers the page draws for ``seed`` (0 until *New numbers* is pressed)."""
    return np.random.default_rng(seed).integers(0, 10, (8, 8)).astype(np.float64)


def small_view(app) -> dict:
    """The small example's view for the window size and stride Python holds."""
    return instant_view(app, "pooling_small_view")


def set_small(app, size: int, stride: int) -> None:
    """Let go of the small example's sliders at ``size`` and ``stride``."""
    let_go(app, "pooling_small_view", [size, stride])
    assert not app.exception, [e.value for e in app.exception]


def view_text(view: dict) -> str:
    return "\n".join(
        [*view["paragraphs"], *(p["caption"] for p in view["pictures"]), *view["numbered"]]
    )


def decoded(picture: dict) -> np.ndarray:
    """A view's picture (a PNG data address) as RGB bytes."""
    encoded = base64.b64decode(picture["src"].split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(encoded)).convert("RGB"))


def cell_colours(picture: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The colour of every cell of a grid picture of the small example, read where nothing is
    printed or drawn over it."""
    return np.array(
        [
            [picture[y, x] for x, y in (one_window.cell_point(r, c) for c in range(cols))]
            for r in range(rows)
        ]
    )


@pytest.mark.parametrize(
    ("size", "stride", "mode", "shape"),
    [
        (2, 2, "max", (4, 4)),
        (3, 1, "max", (6, 6)),
        (3, 2, "average", (3, 3)),
        (8, 8, "average", (1, 1)),
        (2, 9, "max", (1, 1)),  # stride larger than the grid: only the first window fits
        (1, 1, "max", (8, 8)),
    ],
)
def test_window_size_stride_and_mode_give_core_pool2d(page, size, stride, mode, shape):
    widget(page.segmented_control, "pooling_small_mode").set_value(mode).run()
    set_small(page, size, stride)
    numbers = small_numbers()
    expected = pooling.pool2d(numbers, size, stride=stride, mode=mode)
    assert expected.shape == shape
    grid, pooled = small_view(page)["pictures"]
    rows, cols = shape
    assert pooled["caption"].startswith(f"After {mode} pooling: {rows} × {cols} = ")
    np.testing.assert_array_equal(
        cell_colours(decoded(pooled), rows, cols), colours.unsigned_colours(expected, limit=9)
    )
    covered = pooling.pool_windows(numbers.shape, size, stride=stride)[..., [1, 3]].max()
    np.testing.assert_array_equal(  # the input grid's cells that no gray covers
        cell_colours(decoded(grid), 8, 8)[:covered, :covered],
        colours.unsigned_colours(numbers, limit=9)[:covered, :covered],
    )
    assert page.session_state["pooling_small_size"] == size
    assert page.query_params["pooling_small_stride"] == str(stride)


def test_only_the_held_view_is_sent_until_a_slider_is_reached_for(page):
    data = instant_data(page, "pooling_small_view")
    assert list(data["views"]) == ["2,2"]
    want_steps(page, "pooling_small_view", "pooling_small_size")
    data = instant_data(page, "pooling_small_view")
    assert sorted(data["views"]) == sorted(f"{size},2" for size in range(1, 10))
    assert data["views"]["3,2"]["paragraphs"] == [
        "**Window 1 of 9:** rows 0–2, columns 0–2 hold "
        + ", ".join(str(int(v)) for v in small_numbers()[:3, :3].ravel())
        + f"; the largest is **{small_numbers()[:3, :3].max():g}**."
    ]
    assert data["lazy"] == repr((0, "max", 0))


def test_a_link_sets_the_window_size_and_stride(page):
    page.query_params.update({"pooling_small_size": "4", "pooling_small_stride": "1"})
    page.run()
    assert (
        page.session_state["pooling_small_size"],
        page.session_state["pooling_small_stride"],
    ) == (4, 1)
    assert "Window 1 of 25:" in small_view(page)["paragraphs"][0]


def test_the_stepper_walks_through_the_windows(page):
    numbers = small_numbers()
    assert "**Window 1 of 16:** rows 0–1, columns 0–1" in view_text(small_view(page))
    page.button(key="pooling_next").click().run()
    page.button(key="pooling_next").click().run()
    text = view_text(small_view(page))
    assert "**Window 3 of 16:** rows 0–1, columns 4–5" in text
    window = numbers[0:2, 4:6]
    assert f"hold {', '.join(str(int(v)) for v in window.ravel())}" in text
    assert f"the largest is **{window.max():g}**" in text
    page.button(key="pooling_previous").click().run()
    page.button(key="pooling_previous").click().run()
    page.button(key="pooling_previous").click().run()
    assert "**Window 16 of 16:** rows 6–7, columns 6–7" in view_text(small_view(page))  # wraps


def test_the_stepper_outlines_the_current_window(page):
    def orange_at(picture: dict, row: int, col: int) -> bool:
        """Whether the orange frame runs along the top edge of the cell (row, col)."""
        x, y = one_window.cell_point(row, col)
        return tuple(decoded(picture)[y - one_window.GRID_CELL // 4, x]) == HIGHLIGHT_RGB

    grid, pooled = small_view(page)["pictures"]
    assert orange_at(grid, 0, 0) and orange_at(grid, 0, 1) and not orange_at(grid, 0, 2)
    assert orange_at(grid, 2, 0) and not orange_at(grid, 4, 0)  # below the window's 2 rows
    page.button(key="pooling_next").click().run()
    grid, pooled = small_view(page)["pictures"]
    assert orange_at(grid, 0, 2) and orange_at(grid, 0, 3) and not orange_at(grid, 0, 0)
    assert orange_at(pooled, 0, 1) and not orange_at(pooled, 0, 0)


def test_average_mode_states_the_mean(page):
    widget(page.segmented_control, "pooling_small_mode").set_value("average").run()
    numbers = small_numbers()
    assert f"their mean is **{numbers[0:2, 0:2].mean():.4g}**" in view_text(small_view(page))


def test_new_numbers_changes_the_grid(page):
    before = small_view(page)
    page.button(key="pooling_new_numbers").click().run()
    after = small_view(page)
    numbers = small_numbers(1)
    assert not np.array_equal(numbers, small_numbers(0))
    assert after["pictures"][0]["src"] != before["pictures"][0]["src"]
    assert f"hold {', '.join(str(int(v)) for v in numbers[:2, :2].ravel())};" in view_text(after)
    np.testing.assert_array_equal(
        cell_colours(decoded(after["pictures"][1]), 4, 4),
        colours.unsigned_colours(pooling.pool2d(numbers, 2), limit=9),
    )


def test_a_window_larger_than_the_grid_warns_instead_of_failing(page):
    set_small(page, 9, 2)
    view = small_view(page)
    assert view["warning"] == (
        "The 9×9 window does not fit in the 8×8 map; use a window of at most 8×8 or a larger "
        "map. Nothing can be pooled."
    )
    assert [p["caption"] for p in view["pictures"]] == ["The 8 × 8 numbers."]
    set_small(page, 2, 2)
    assert small_view(page)["warning"] is None


def test_remainder_and_overlap_are_explained(page):
    set_small(page, 3, 2)
    text = view_text(small_view(page))
    assert "64 numbers in, 9 out: each side has ⌊(8 − 3) / 2⌋ + 1 = 3 windows" in text
    assert "The last 1 row and 1 column (gray) do not fill a whole window" in text
    assert "windows overlap" in text
    set_small(page, 3, 4)
    assert "some numbers fall between windows" in view_text(small_view(page))


# --------------------------------------------------------------------------------------------
# The real feature map, shifts and activations
# --------------------------------------------------------------------------------------------


def shapes_line(app) -> str:
    """The "**Shapes:** picture 128 × 128 → … → pool 2: **31 × 31**" line."""
    return instant_view(app, "pooling_view")["paragraphs"][0]


def pooled_view_text(app) -> str:
    view = instant_view(app, "pooling_view")
    return "\n".join([*view["paragraphs"], *(p["caption"] for p in view["pictures"])])


def test_repeat_slider_changes_the_shapes(page):
    assert shapes_line(page).endswith("pool 1: **63 × 63** → pool 2: **31 × 31**")
    let_go(page, "pooling_view", [2, 4])
    assert shapes_line(page).endswith("pool 3: **15 × 15** → pool 4: **7 × 7**")
    let_go(page, "pooling_view", [2, 1])
    assert shapes_line(page).endswith("pool 1: **63 × 63**")
    assert "From 15,876 numbers to 3,969: 4.0 times fewer" in pooled_view_text(page)
    assert page.session_state["pooling_repeats"] == 1
    assert page.query_params["pooling_repeats"] == "1"


def test_every_window_and_repeat_is_sent_once_computed_by_core(page):
    data = instant_data(page, "pooling_view")
    assert len(data["views"]) == 7 * 4  # windows 2…8, 1…4 times
    strongest = pooling.pool2d(pooling.pool2d(activations.relu(feature_map()), 3), 3)
    assert f"keeps the strongest response exactly ({strongest.max():.2f})" in "\n".join(
        data["views"]["3,2"]["paragraphs"]
    )
    pictures = {key: [p["src"] for p in view["pictures"]] for key, view in data["views"].items()}
    assert pictures["3,2"] != pictures["2,2"]
    captions = [p["caption"] for p in data["views"]["3,2"]["pictures"]]
    assert captions == [
        "Max pooling 2 times, 3 × 3 windows: 14 × 14 = 196 numbers",
        "Average pooling 2 times, 3 × 3 windows: 14 × 14 = 196 numbers",
    ]


def test_pooling_window_slider_changes_the_shapes_and_pictures(page):
    let_go(page, "pooling_view", [3, 2])
    assert shapes_line(page).endswith("pool 1: **42 × 42** → pool 2: **14 × 14**")
    assert page.session_state["pooling_window"] == 3
    assert page.query_params["pooling_window"] == "3"


def test_values_the_sliders_cannot_take_are_refused(page):
    let_go(page, "pooling_view", [9, 2])
    assert (page.session_state["pooling_window"], page.session_state["pooling_repeats"]) == (2, 2)
    assert not page.exception


def test_pooling_too_often_stops_with_the_core_message(page):
    let_go(page, "pooling_view", [8, 4])
    assert instant_view(page, "pooling_view")["warning"] == (
        "Pooling stopped after 2 times instead of 4: The 8×8 window does not fit in the 1×1 map; "
        "use a window of at most 1×1 or a larger map."
    )
    assert shapes_line(page).endswith("pool 1: **15 × 15** → pool 2: **1 × 1**")


def test_shift_metrics_and_pictures_come_from_core(page):
    data = instant_data(page, "pooling_shift_view")
    assert len(data["views"]) == 4 * 7  # moves 1…4, windows 2…8
    for shift, size in ((1, 2), (3, 4)):
        let_go(page, "pooling_shift_view", [shift, size])
        assert (
            page.session_state["pooling_shift"],
            page.session_state["pooling_shift_window"],
        ) == (
            shift,
            size,
        )
        assert page.query_params["pooling_shift_window"] == str(size)
        before, after = (
            activations.relu(
                convolution.correlate2d(p, convolution.PRESETS["Vertical edges"].kernel)
            )
            for p in pooling.shifted_pair(
                images.to_unit(
                    images.resize_square(images.to_gray(images.load_sample("astronaut")), 128)
                ),
                shift,
            )
        )
        effect = pooling.shift_effect(before, after, shift, size=size)
        average = pooling.shift_effect(before, after, shift, size=size, mode="average")
        view = instant_view(page, "pooling_shift_view")
        raw, pooled = effect.raw_change, effect.pooled_change
        assert view["paragraphs"][0] == (
            f"Feature map changed: **{raw:.0%}** · "
            f"Max-pooled map changed: **{pooled:.0%}** ({(pooled - raw) * 100:+.0f} points) · "
            f"Average-pooled map changed: **{average.pooled_change:.0%}** "
            f"({(average.pooled_change - raw) * 100:+.0f} points)"
        )
        assert "the two feature maps are identical" in view["paragraphs"][1]
        raw_picture, pooled_picture = (decoded(p) for p in view["pictures"])
        np.testing.assert_array_equal(raw_picture, colours.signed_colours(effect.raw_difference))
        np.testing.assert_array_equal(
            pooled_picture, colours.signed_colours(effect.pooled_difference)
        )
        assert view["pictures"][1]["caption"].startswith(f"Max-pooled map ({size} × {size})")


def test_activation_choice_changes_the_zeroed_count(page):
    feature = feature_map()
    negatives = int(np.count_nonzero(feature < 0))
    assert 0 < negatives < feature.size
    share = negatives / feature.size
    assert f"ReLU set **{negatives:,} values ({share:.1%}) to 0**" in all_text(page)
    widget(page.pills, "pooling_activation").set_value("logistic").run()
    assert "Logistic (sigmoid) set **0 values (0.0%) to 0**" in all_text(page)
    widget(page.pills, "pooling_activation").set_value("binary_step").run()
    assert f"Binary step set **{negatives:,} values ({share:.1%}) to 0**" in all_text(page)


def test_activation_chart_shows_function_and_slope(page):
    """The chart of an activation without α is drawn by Python: the blue line runs through
    core's function and the orange dashes through its slope."""
    widget(page.pills, "pooling_activation").set_value("tanh").run()
    captions = [caption for image in page.get("image") for caption in image.captions]
    assert "TanH(x) (solid blue) and its slope (dashed orange), for x from −5 to 5" in captions
    assert "**TanH**: f(x) = (e^x − e^(−x)) / (e^x + e^(−x))." in all_text(page)
    png = activation_functions._curve_png("tanh", None)  # what the page drew (cached)
    chart = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert_curves_drawn(chart, activations.ACTIVATIONS["tanh"], {})


def assert_curves_drawn(picture: np.ndarray, activation, options: dict) -> None:
    x, (function, slope), low, high = activation_functions.curve_range(activation, options)
    blue, orange = np.array(colours.SIGNED_STOPS[1]), np.array(HIGHLIGHT_RGB)
    for index in (80, 164, 284, 350):  # x = −3, −0.9, 2.1, 3.75: each mid-dash of the slope
        for values, ink in ((function, blue), (slope, orange)):
            if ink is orange and abs(function[index] - slope[index]) < 0.3:
                continue  # where the lines cross, the function is drawn on top
            column, row = activation_functions.curve_pixel(x[index], values[index], low, high)
            near = picture[round(row) - 1 : round(row) + 2, round(column)].astype(int)
            assert np.abs(near - ink).max(axis=1).min() < 40, (x[index], near, ink)


def test_alpha_slider_answers_with_every_step_computed_by_core(page):
    widget(page.pills, "pooling_activation").set_value("prelu").run()
    data = instant_data(page, "pooling_alpha_prelu_view")
    assert len(data["views"]) == 21  # α from 0 to 1 in steps of 0.05
    assert data["sliders"][0]["labels"][:3] == ["0.00", "0.05", "0.10"]
    let_go(page, "pooling_alpha_prelu_view", [0.5])
    assert page.session_state["pooling_alpha_prelu"] == 0.5
    assert page.query_params["pooling_alpha_prelu"] == "0.5"
    view = instant_view(page, "pooling_alpha_prelu_view")
    assert "f(x) = x if x > 0 else α (= 0.5)·x" in view["paragraphs"][0]
    assert "set **0 values (0.0%) to 0**" in view["paragraphs"][1]  # PReLU damps, not zeroes
    chart, bent = (decoded(p) for p in view["pictures"])
    assert_curves_drawn(chart, activations.ACTIVATIONS["prelu"], {"alpha": 0.5})
    expected = activations.prelu(feature_map(), alpha=0.5)
    np.testing.assert_array_equal(bent, colours.map_colours(expected))
    assert f"from {expected.min():.2f} to {expected.max():.2f}" in view["pictures"][1]["caption"]
    other = instant_data(page, "pooling_alpha_prelu_view")["views"]["0.1"]
    assert other["pictures"][0]["src"] != view["pictures"][0]["src"]


def test_a_link_sets_alpha_and_a_value_that_is_not_a_step_is_ignored(page):
    """(AppTest does not read links into widgets bound to the address, such as the choice of
    activation; the instant slider reads its own parameter, as it does in the browser.)"""
    widget(page.pills, "pooling_activation").set_value("elu").run()
    page.query_params["pooling_alpha_elu"] = "2.5"
    page.run()
    assert page.session_state["pooling_alpha_elu"] == 2.5
    assert "α (= 2.5)" in instant_view(page, "pooling_alpha_elu_view")["paragraphs"][0]
    link = {"pooling_activation": "ELU", "pooling_alpha_elu": "2.55"}
    assert PoolingSettings.from_query({k: [v] for k, v in link.items()})[1] == [
        "“pooling_alpha_elu=2.55”"
    ]
    page.query_params["pooling_alpha_elu"] = "2.55"  # not a step of the slider: ignored
    page.run()
    assert page.session_state["pooling_alpha_elu"] == 2.5
    assert page.query_params["pooling_alpha_elu"] == "2.5"


# --------------------------------------------------------------------------------------------
# Narrower and deeper
# --------------------------------------------------------------------------------------------


def bar_tops(chart: dict, colour: str) -> list[float]:
    """The counts the bars of ``colour`` reach on a chart's log scale of powers of ten."""
    return [10 ** line["y"][1] for line in chart["lines"] if line["colour"] == colour]


def test_without_a_face_model_only_vgg19_is_shown_with_a_note(page):
    assert any("has not been trained yet" in info.value for info in page.info)
    text = all_text(page)
    assert "VGG-19 takes a 224 × 224 × 3 picture (150,528 numbers)" in text
    assert "32 times narrower on each side (1,024 times fewer positions) and 171 times deeper" in (
        text
    )
    assert (
        "It learns 143,667,240 parameters (weights and biases); the heaviest layer, fc1, holds "
        "102,764,544" in text
    )
    chart = static_chart(page, "pooling_vgg_counts")
    named = [line["name"] for line in chart["lines"] if line["name"]]
    assert named == ["numbers out", "weights and biases", "multiply-adds"]
    assert "fc1: 4,096 numbers out, 102,764,544 weights and biases" in chart["caption"]
    weights, work = (bar_tops(chart, colour) for colour in (HIGHLIGHT, shapes.GRAY))
    assert sum(weights) == pytest.approx(143_667_240, rel=0.01)  # log heights, to 3 decimals
    assert sum(work) == pytest.approx(19_632_062_464, rel=0.01)  # VGG-19's 19.6 G
    assert len(weights) == 19  # 16 convolutions and 3 dense layers: pooling learns nothing


def test_the_vgg_words_say_where_memory_arithmetic_and_weights_are(page):
    """Memory (numbers out) peaks in block 1, multiply-adds in blocks 3 and 4 together, the
    weights in fc1: every name and number from core.architecture, none typed."""
    from core import architecture

    layers = architecture.vgg19_layers()
    text = all_text(page)
    widest = max(layers[1:], key=lambda layer: layer.values)
    block_work = {
        block: sum(layer.multiply_adds for layer in layers if layer.name.startswith(block + "_"))
        for block in ("block1", "block2", "block3", "block4", "block5")
    }
    top = max(block_work.values())
    busiest = [block for block, work in block_work.items() if work == top]
    assert busiest == ["block3", "block4"]
    assert f"{widest.name} (layer 1 of 26) outputs the most numbers ({widest.values:,}" in text
    assert f"the multiply-adds pile up in block3 and block4 ({top:,} each" in text
    assert "fc1 (layer 23 of 26) holds the most weights and biases (102,764,544)" in text
    assert not draws_component(page, "pooling_face_shapes")


def test_the_face_model_is_drawn_from_its_metadata(app, face_model):
    face_model.write_text(json.dumps(FACE_META))
    app.run()
    app.switch_page(POOLING)
    app.run()
    assert not app.exception
    assert not any("has not been trained yet" in info.value for info in app.info)
    text = all_text(app)
    assert "The app's face model takes a 25 × 25 × 1 picture (625 numbers)" in text
    assert "- The face model: 11 × 11 × 8 → flatten: 968 → dense: 2." in text
    sides, depths = static_chart(app, "pooling_face_shapes")["lines"]
    assert np.allclose(np.exp2(sides["y"]), [25, 23, 11], rtol=1e-3)  # a log scale
    assert np.allclose(np.exp2(depths["y"]), [1, 8, 8], rtol=1e-3)


def test_a_broken_face_model_file_gives_a_warning(app, face_model):
    face_model.write_text(json.dumps({"input_shape": [25, 25, 1]}))
    app.run()
    app.switch_page(POOLING)
    app.run()
    assert not app.exception
    assert any("could not be read" in w.value and "'layers'" in w.value for w in app.warning)
    assert "VGG-19 takes a 224 × 224 × 3 picture" in all_text(app)


# --------------------------------------------------------------------------------------------
# From scores to probabilities
# --------------------------------------------------------------------------------------------


def sent(app) -> dict:
    """What the page sent to the score fields (softmax_scores.js draws the bars and words)."""
    return component_data(app, SCORES_KEY)


def scores(app) -> list[float]:
    """The scores Python holds."""
    return [app.session_state[field.name] for field in decision.SCORE_FIELDS]


def test_default_scores_are_the_course_example(page):
    data = sent(page)
    assert data["values"] == scores(page) == [0.0, 0.7, 4.6, 0.0, 0.0]
    assert data["classes"] == ["cat", "dog", "face", "car", "tree"] and data["answer"] == "face"
    assert [field["label"] for field in data["fields"]][:2] == ["Score for cat", "Score for dog"]
    assert {(f["low"], f["high"], f["step"], f["decimals"]) for f in data["fields"]} == {
        (-1000.0, 1000.0, 0.5, 1)
    }
    # the course's [0.01 0.02 0.95 0.01 0.01], which the browser computes from these scores
    assert activations.softmax(np.array(data["values"])).round(2).tolist() == [
        0.01, 0.02, 0.95, 0.01, 0.01
    ]  # fmt: skip
    assert not page.number_input  # no score reruns Python on an arrow key


def test_letting_go_of_the_scores_reaches_python(page):
    version = sent(page)["version"]
    let_go(page, SCORES_KEY, [0, 10, 4.6, 0, -2.5])
    assert not page.exception
    assert scores(page) == [0.0, 10.0, 4.6, 0.0, -2.5]
    assert isinstance(page.session_state["pooling_logit_1"], float)
    assert sent(page)["version"] == version  # the browser shows them already: not redrawn
    assert sent(page)["values"] == scores(page)


def test_extreme_scores_are_sent_and_the_right_answer_follows(page):
    version = sent(page)["version"]
    page.button(key="pooling_scores_Extreme: ±1000").click().run()
    assert not page.exception
    assert scores(page) == [1000, -1000, 999, 0, -1000]
    assert sent(page)["values"] == [1000, -1000, 999, 0, -1000]
    assert sent(page)["version"] > version  # so the browser takes them
    assert np.isfinite(activations.softmax(np.array(scores(page)))).all()
    widget(page.segmented_control, "pooling_answer").set_value("tree").run()
    assert sent(page)["answer"] == "tree"
    assert sent(page)["values"] == [1000, -1000, 999, 0, -1000]


def test_a_preset_after_a_let_go_is_shown_even_with_the_values_sent_before(page):
    """The first preset's values are the ones the browser was first told: after a let go they
    must still raise the version, or the browser would keep the let-go values on screen."""
    let_go(page, SCORES_KEY, [0, 1.2, 4.6, 0, 0])
    version = sent(page)["version"]
    page.button(key="pooling_scores_Sure it is a face").click().run()
    assert scores(page) == [0.0, 0.7, 4.6, 0.0, 0.0]
    assert sent(page)["values"] == scores(page) and sent(page)["version"] > version


def test_a_let_go_in_the_same_run_as_a_preset_gives_way_to_it(page):
    page.session_state[SCORES_KEY] = {"values": {"values": [3, 3, 3, 3, 3], "commit": "same"}}
    page.button(key="pooling_scores_Unsure").click().run()
    assert scores(page) == list(decision.SCORE_PRESETS["Unsure"])
    assert sent(page)["values"] == scores(page)


@pytest.mark.parametrize(
    "values",
    [[0, 1e6, 4.6, 0, 0], [0, float("nan"), 4.6, 0, 0], [0, float("inf"), 4.6, 0, 0],
     [0, "abc", 4.6, 0, 0], [0, True, 4.6, 0, 0], [0, None, 4.6, 0, 0], [0, 0.25, 4.6, 0, 0],
     [0, 1, 4.6], [], "0,1,2,3,4", [0, [1], 4.6, 0, 0], [0, 10**400, 4.6, 0, 0]],
)  # fmt: skip
def test_scores_the_fields_do_not_take_are_ignored(page, values):
    let_go(page, SCORES_KEY, values)
    assert not page.exception
    assert scores(page) == [0.0, 0.7, 4.6, 0.0, 0.0]
    assert sent(page)["values"] == scores(page)


def test_a_score_field_takes_numbers_within_its_limits_to_a_tenth():
    field = decision.SCORE_FIELDS[0]
    assert field.option(4.6) == 4.6 and field.option(-1000) == -1000.0
    assert field.option("2.5") == 2.5 and field.option(-0.0) == 0.0
    for bad in (1000.5, 0.25, float("nan"), float("-inf"), "x", True, None, [1], 10**400):
        assert field.option(bad) is None, bad


def test_every_layer_table_is_drawn_when_opened(page):
    assert not page.dataframe  # closed: nothing drawn, nothing to redraw on every rerun
    page.session_state["pooling_vgg_layers"] = True
    page.run()
    table = page.dataframe[0].value
    assert list(table["layer"])[:2] == ["input", "block1_conv1"]
    assert table["weights and biases"].sum() == 143_667_240
    assert table.loc[table["layer"] == "block1_conv2", "multiply-adds"].item() == 1_849_688_064
    assert table.loc[table["layer"] == "block5_pool", "output shape"].item() == "7 × 7 × 512"


def test_every_instant_slider_takes_exactly_what_a_link_to_the_page_may_carry():
    """Each instant slider's name is a setting of the page, every step it offers is a value a
    link may carry, and a link value it cannot take is named as ignored."""
    from pages.sections.pooling import real_map, shifts

    sliders = [
        one_window.SIZE_SLIDER,
        one_window.STRIDE_SLIDER,
        real_map.WINDOW_SLIDER,
        real_map.REPEATS_SLIDER,
        shifts.SHIFT_SLIDER,
        shifts.WINDOW_SLIDER,
        *activation_functions.ALPHA_SLIDERS.values(),
    ]
    fields = {setting.key: name for name, setting in PoolingSettings.settings().items()}
    for slider in sliders:
        field = fields[slider.name]
        assert slider.default == PoolingSettings.default(field)
        for option in slider.options:
            settings, ignored = PoolingSettings.from_query({slider.name: [str(option)]})
            assert (getattr(settings, field), ignored) == (option, [])
        beyond = str(slider.options[-1] + (slider.options[-1] - slider.options[-2]))
        assert PoolingSettings.from_query({slider.name: [beyond]})[1] == [
            f"“{slider.name}={beyond}”"
        ]
        assert slider.option(beyond) is None
