"""The "Inside the network" page: every control changes what it should, and every number it prints
is what `core` computes for the shipped network."""

from __future__ import annotations

import numpy as np
import pytest

from pages.common import percent
from tests.apptest_helpers import (
    all_text,
    headings,
    instant_data,
    instant_view,
    let_go,
    want_steps,
    widget,
)

INSIDE = "pages/inside.py"


@pytest.fixture(scope="module")
def network():
    from core import model

    return model.load_face_model()


@pytest.fixture
def inside(app):
    app.run()
    app.switch_page(INSIDE)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def captions(app) -> list[str]:
    return [caption for image in app.get("image") for caption in image.captions]


def segmented(app, key: str):
    return widget(app.get("button_group"), key)


def test_the_page_opens_with_its_four_sections(inside):
    assert inside.title[0].value == "Inside the network"
    assert headings(inside) == [
        "How far a cell sees",
        "The pictures that excite a filter most",
        "The picture it wants to see",
        "From the cat's visual cortex to conv1",
    ]


def cell_view(app) -> dict:
    return instant_view(app, "inside_cell_view")


def test_the_window_follows_the_layer_and_the_cell(inside, network):
    from core import colours, model

    conv2 = model.receptive_field(network, "conv2")
    (top, bottom), (left, right) = conv2.window(4), conv2.window(4)
    assert cell_view(inside)["paragraphs"][0].startswith(
        f"Cell (5, 5) of conv2 sees rows {top + 1} to {bottom + 1} and columns {left + 1} to "
        f"{right + 1}: **{conv2.size} × {conv2.size} pixels**"
    )
    # every cell is sent beforehand: the sliders answer in the browser
    assert len(instant_data(inside, "inside_cell_view")["views"]) == conv2.cells**2
    let_go(inside, "inside_cell_view", [5, 9])
    (left, right) = conv2.window(8)
    view = cell_view(inside)
    assert f"columns {left + 1} to {right + 1}" in view["paragraphs"][0]
    # the frames: the chosen cell on the map, and the window it sees on the 25 × 25 picture
    map_frame, picture_frame = (picture["frame"] for picture in view["pictures"])
    assert map_frame == pytest.approx(
        [4 / conv2.cells, 8 / conv2.cells, 1 / conv2.cells, 1 / conv2.cells]
    )
    assert picture_frame == pytest.approx(
        [top / 25, left / 25, (bottom - top + 1) / 25, (right - left + 1) / 25]
    )
    assert view["pick"] == [0, 1]  # a click on the map chooses the cell
    assert view["pictures"][0]["caption"].startswith(f"conv2's {conv2.cells} × {conv2.cells} map")
    assert colours.UNSIGNED_WORDS in view["pictures"][0]["caption"]

    segmented(inside, "inside_field_layer").set_value("pool2").run()
    assert not inside.exception
    pool2 = model.receptive_field(network, "pool2")
    assert inside.session_state["inside_cell_col"] == pool2.cells  # moved to the map's edge
    sliders = instant_data(inside, "inside_cell_view")["sliders"]
    assert sliders[1]["options"] == list(range(1, pool2.cells + 1))
    assert inside.query_params["inside_cell_col"] == str(pool2.cells)
    assert f"- pool2: each cell sees {pool2.size} × {pool2.size} pixels" in all_text(inside)
    assert cell_view(inside)["pictures"][0]["frame"][1] == pytest.approx(
        (pool2.cells - 1) / pool2.cells
    )


def test_a_link_to_a_cell_beyond_the_layer_is_moved_to_its_edge(app, network):
    from core import model

    app.run()
    app.switch_page(INSIDE)
    app.query_params.update({"inside_field_layer": "pool2", "inside_cell_row": "20"})
    app.run()
    assert not app.exception
    pool2 = model.receptive_field(network, "pool2")
    assert app.session_state["inside_cell_row"] == pool2.cells
    edge = pool2.cells
    assert cell_view(app)["paragraphs"][0].startswith(f"Cell ({edge}, {edge}) of pool2")


def view_captions(view: dict) -> list[str]:
    return [picture["caption"] for picture in view["pictures"]]


def test_the_strongest_pictures_are_cores_top_patches(inside, network):
    from core import inside as core_inside
    from core import model, train

    splits = train.load_face_dataset().splits()
    pictures = np.concatenate([splits["train"].images, splits["test"].images])
    tops = core_inside.top_patches(
        model.batch_activations(network, pictures, "conv2"), model.receptive_field(network, "conv2")
    )
    segmented(inside, "inside_excite_layer").set_value("conv2").run()
    # every filter is sent beforehand: the slider answers in the browser
    assert len(instant_data(inside, "inside_excite_view")["views"]) == len(tops)
    let_go(inside, "inside_excite_view", [3])
    assert not inside.exception
    assert inside.query_params["inside_excite_filter"] == "3"
    view = instant_view(inside, "inside_excite_view")
    shown = view_captions(view)
    assert [float(c.split(" · ")[0]) for c in shown] == pytest.approx(
        [patch.value for patch in tops[2]], abs=0.005
    )
    assert view["after"][0].startswith(f"Of filter 3's {len(tops[2])} strongest pictures")
    segmented(inside, "inside_excite_layer").set_value("conv1").run()  # conv1 shows its weights
    assert view_captions(instant_view(inside, "inside_excite_view"))[0].startswith(
        "Filter 3 of conv1: its 3 × 3 weights"
    )


def test_the_grown_picture_and_its_steps(inside, network):
    from core import model

    grown = model.visualise(network, "logits")
    view = instant_view(inside, "inside_wants_view")
    assert view_captions(view) == [
        f"After 64 of 64 steps: the score for “face” is {grown.values[-1]:.2f}"
    ]
    assert f"rose from {grown.values[0]:.2f} to {grown.values[-1]:.2f}" in view["after"][0]
    want_steps(inside, "inside_wants_view", "inside_wants_step")  # reaching for the step slider
    views = instant_data(inside, "inside_wants_view")["views"]
    assert len(views) == 65
    assert view_captions(views["0"]) == [
        f"After 0 of 64 steps: the score for “face” is {grown.values[0]:.2f}"
    ]
    face = model.predict(network, np.asarray(grown.frames[10])[np.newaxis, ..., np.newaxis])
    assert f"P(face) = {percent(float(face[0, network.face_index]))}" in views["10"]["after"][0]
    chart = views["10"]["charts"][0]  # each step's view has the chart, that step marked
    assert chart["markers"][0]["x"] == 10
    assert chart["markers"][0]["y"] == pytest.approx(grown.values[10], abs=1e-3)
    curves = [view["charts"][0]["lines"][0] for view in views.values()]
    sent = [curve for curve in curves if "y" in curve]
    assert len(sent) == 1  # the curve, the same in every view, is sent once and named after
    assert sent[0]["y"] == pytest.approx(list(grown.values), abs=1e-3)
    let_go(inside, "inside_wants_view", [0])

    segmented(inside, "inside_wants_target").set_value("conv1").run()
    want_steps(inside, "inside_wants_view", "inside_wants_filter")
    conv1 = model.visualise(network, "conv1", 1)
    views = instant_data(inside, "inside_wants_view")["views"]
    assert f"the mean of filter 2's map is {conv1.values[0]:.2f}" in view_captions(views["2,0"])[0]


def test_the_cortex_section_computes_its_comparison(inside, network):
    from core import inside as core_inside
    from core import model

    matches = core_inside.best_gabors(model.first_layer_kernels(network), core_inside.gabor_bank())
    median = float(np.median([abs(match.correlation) for match in matches]))
    assert f"and the median is {median:.2f}" in all_text(inside)
    best = [c for c in captions(inside) if c.startswith("best Gabor")]
    assert [c.rsplit("r = ", 1)[1] for c in best] == [f"{m.correlation:+.2f}" for m in matches]
