"""The "Face or not?" page: the shipped network answers; every control changes what it should."""

from __future__ import annotations

import contextlib
import json
import re
import shutil

import numpy as np
import pytest
import streamlit

from pages.common import percent
from pages.sections.face.settings import INSIDE_VIEWS
from tests.apptest_helpers import (
    all_text,
    draws_component,
    headings,
    html_tables,
    instant_data,
    instant_view,
    let_go,
    static_chart,
    static_view_of,
    view_picture,
    want_steps,
    widget,
)
from tests.streamlit_server import REPO

FACE = "pages/face.py"
MANUAL_CROP = "My own square (set it with the sliders)"
MODELS = REPO / "models"


@pytest.fixture(scope="module")
def network():
    """The shipped network, loaded by the test itself (to check the page's pictures against)."""
    from core import model

    return model.load_face_model()


@pytest.fixture
def face(app):
    app.run()
    app.switch_page(FACE)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def probabilities(app) -> dict[str, float]:
    """The bars of the answer: class name → probability (as long as the bar is drawn, to
    0.001)."""
    bars = static_chart(app, "face_probabilities")
    return {
        label: line["x"][1] for (_, label), line in zip(bars["yTicks"], bars["lines"], strict=True)
    }


def shown_percent(app, name: str) -> str:
    """The probability of the class ``name`` as the answer's bars are labelled with it."""
    labels = [line["name"] for line in static_chart(app, "face_probabilities")["lines"]]
    return next(label for label in labels if label.startswith(f"{name}: ")).split(": ")[1]


def image_with_caption(app, text: str):
    matches = [image for image in app.get("image") if any(text in c for c in image.captions)]
    assert matches, f"no image whose caption holds {text!r}"
    return matches[0]


def captions(app) -> list[str]:
    return [caption for image in app.get("image") for caption in image.captions]


CROP_VIEW = "face_crop_view"  # the sliders of the square set by hand (pages.instant)
DATA_VIEW = "face_data_view"  # the dataset's page slider


def square_text(app) -> str:
    """What the page says of the square: on the page, and in the view of the sliders that set
    it by hand if they are shown."""
    text = all_text(app)
    with contextlib.suppress(StopIteration):
        view = instant_view(app, CROP_VIEW)
        text += "\n" + "\n".join(view["paragraphs"] + view.get("after", []))
    return text


def set_square(app, label_start: str, value: int) -> None:
    """Let go of the square's slider whose label starts with ``label_start`` at ``value``, the
    others where they are, as a person's letting go sends them."""
    sliders = instant_data(app, CROP_VIEW)["sliders"]
    assert any(s["label"].startswith(label_start) for s in sliders), label_start
    values = [
        value if s["label"].startswith(label_start) else app.session_state[s["name"]]
        for s in sliders
    ]
    let_go(app, CROP_VIEW, values)
    assert not app.exception, [exception.value for exception in app.exception]


def network_input(app) -> np.ndarray:
    """The 25 × 25 input core makes from the square the page says it shows the network."""
    from core import model

    found = re.search(
        r"\*\*(\d+) × \d+\*\* square whose top-left corner is at row (\d+), column (\d+)",
        square_text(app),
    )
    side, top, left = (int(n) for n in found.groups())
    photo = app.session_state["picture"].rgb
    return model.preprocess(photo[top : top + side, left : left + side])


def crop_choice(app):
    return next(radio for radio in app.radio if radio.label.startswith("Which square"))


def slider(app, label_start: str):
    return next(s for s in app.slider if s.label.startswith(label_start))


def open_picker(app):
    """The picture picker builds its tabs only while open, as a person's click would."""
    app.session_state["picker_open"] = True
    return app.run()


LOOKED, GIVEN, SEES, SCAN, OPEN_BOX = INSIDE_VIEWS  # the views inside the answer


def look_inside(app, view: str):
    """Open one view inside the answer with a click on its button."""
    widget(app.get("button_group"), "face_inside").set_value(view).run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def answer_words(app) -> str:
    """What the answer's view says (drawn by the browser), its paragraphs in order."""
    view = static_view_of(app, "face_probabilities")
    return "\n".join([*view["paragraphs"], *view["after"]])


def test_the_shipped_network_answers_for_the_astronaut(face):
    assert not face.error
    assert face.title[0].value == "Face or not?"
    answer = probabilities(face)
    assert set(answer) == {"face", "not face"}
    assert sum(answer.values()) == pytest.approx(1, abs=1e-5)
    assert answer["face"] > 0.9
    said = answer_words(face)
    assert said.startswith(f"**The network says a face: P(face) is {percent(answer['face'])}.**")
    assert f"Is {percent(answer['face'])} a measured certainty?" in said
    assert "The two probabilities always add up to 1 (100 %)." in said


def test_the_detector_proposes_the_astronauts_face(face):
    choice = crop_choice(face)
    assert choice.options == [
        "Face 1: 102 × 102 pixels at row 65, column 173",
        MANUAL_CROP,
    ]
    assert "**102 × 102** square whose top-left corner is at row 65, column 173" in all_text(face)


def test_the_preprocessing_steps_are_shown_with_their_sizes(face):
    look_inside(face, GIVEN)
    view = static_view_of(face, "face_given_view")  # one browser view of the steps
    square, gray, small = view["pictures"]
    assert square["caption"] == "1. The square: 102 × 102 pixels × 3 colours"
    assert gray["caption"] == "2. Gray: 10,404 numbers from 0 to 255"
    assert small["caption"].startswith("3. Shrunk to 25 × 25")
    # a square smaller than the steps' side goes as it is: the browser enlarges it
    assert view_picture(square).shape == (102, 102, 3) and square["width"] == 200
    given = network_input(face)[..., 0]
    np.testing.assert_array_equal(view_picture(small)[..., 0], np.rint(given * 255))
    assert "4. Divided by 255: values from 0 to 1. Row 12 of 25:" in all_text(face)
    assert face.code[0].value.split() == [f"{value:.2f}" for value in given[12]]
    assert "pixels" in {link.proto.page for link in face.get("page_link")}


def test_a_texture_is_not_a_face(face):
    open_picker(face)
    face.button(key="sample_brick").click().run()
    assert not face.exception
    assert "found no frontal face" in all_text(face)
    answer = probabilities(face)
    assert answer["not face"] > 0.9
    expected = f"The network says not a face: P(not face) is {percent(answer['not face'])}."
    assert expected in answer_words(face)


def test_moving_the_square_by_hand_changes_the_answer(face):
    crop_choice(face).set_value(MANUAL_CROP).run()
    on_the_face = probabilities(face)
    assert on_the_face["face"] > 0.9  # the square starts on the detected face
    set_square(face, "Side of the square", 512)  # the whole photo
    assert "**512 × 512** square" in square_text(face)
    assert probabilities(face) != on_the_face
    set_square(face, "Side of the square", 100)
    set_square(face, "Centre of the square: row", 420)  # down on the suit
    assert probabilities(face)["face"] < 0.5
    assert "top-left corner is at row 370" in square_text(face)


def sent_picture(views: dict, src_or_same: dict) -> np.ndarray:
    """A picture of a view as the browser gets it (one sent once is named by the others)."""
    import base64
    import io

    from PIL import Image

    picture = src_or_same
    if "same" in picture:
        key, index = picture["same"].rsplit("/", 1)
        picture = views[key]["pictures"][int(index)]
    encoded = picture["src"].split(",", 1)[1]
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))))


def expected_input(app, top: int, left: int, side: int) -> np.ndarray:
    from core import model

    photo = app.session_state["picture"].rgb
    return model.preprocess(photo[top : top + side, left : left + side])


def test_the_square_set_by_hand_answers_in_the_browser(face, network):
    """Each view frames the square on the photo and shows core's 25 × 25 input and P(face)."""
    crop_choice(face).set_value(MANUAL_CROP).run()
    key = face.session_state["picture"].key
    data = instant_data(face, CROP_VIEW)
    assert [s["name"] for s in data["sliders"]] == [
        f"face_crop_x_{key}",
        f"face_crop_y_{key}",
        f"face_crop_side_{key}",
    ]
    assert [s["options"][-1] for s in data["sliders"]] == [511, 511, 512]
    assert data["lazy"] and list(data["views"]) == ["224,116,102"]  # the detector's square
    held = instant_view(face, CROP_VIEW)
    assert held["paragraphs"] == [
        "The network will look at the **102 × 102** square whose top-left corner is at row 65, "
        "column 173."
    ]
    photo, given = held["pictures"]
    assert photo["caption"] == "Astronaut, 512 × 512: the orange square goes to the network"
    assert photo["frame"] == pytest.approx([65 / 512, 173 / 512, 102 / 512, 102 / 512])
    assert sent_picture(data["views"], photo).shape[:2] == (460, 460)  # sent at its width
    assert given["caption"] == "What the network is given: the square in gray, 25 × 25"
    crop = expected_input(face, 65, 173, 102)
    assert np.array_equal(sent_picture(data["views"], given), np.rint(crop[..., 0] * 255))
    face_probability = float(model_face(network, crop))
    assert held["after"] == [
        f"For this square the network gives **P(face) {percent(face_probability)}**."
    ]
    assert percent(face_probability) == shown_percent(face, "face")

    want_steps(face, CROP_VIEW, f"face_crop_x_{key}")  # reaching for the column slider
    views = instant_data(face, CROP_VIEW)["views"]
    assert {k for k in views if k.endswith(",116,102")} == {f"{x},116,102" for x in range(512)}
    at_the_edge = views["0,116,102"]  # pushed against the left edge: column 0
    assert "row 65, column 0." in at_the_edge["paragraphs"][0]
    assert at_the_edge["pictures"][1]["caption"] == given["caption"]
    assert at_the_edge["pictures"][0]["frame"] == pytest.approx([65 / 512, 0, 102 / 512, 102 / 512])
    on_the_flag = expected_input(face, 65, 0, 102)
    assert np.array_equal(
        sent_picture(views, at_the_edge["pictures"][1]), np.rint(on_the_flag[..., 0] * 255)
    )
    edge_probability = percent(float(model_face(network, on_the_flag)))
    assert at_the_edge["after"] == [
        f"For this square the network gives **P(face) {edge_probability}**."
    ]
    assert edge_probability != percent(face_probability)
    # the photo is sent once per set of views: the others name it ("same")
    sent = [p["src"] for view in views.values() for p in view["pictures"][:1] if "same" not in p]
    assert len(sent) == 2 and sent[0] == sent[1]


def said_of(face_percent: str) -> str:
    return f"For this square the network gives **P(face) {face_percent}**."


def model_face(network, picture: np.ndarray) -> float:
    from core import model

    return model.predict(network, picture[np.newaxis])[0, network.face_index]


def test_letting_go_of_the_square_moves_the_answer_and_the_link(face):
    crop_choice(face).set_value(MANUAL_CROP).run()
    key = face.session_state["picture"].key
    want_steps(face, CROP_VIEW, f"face_crop_x_{key}")
    promised = instant_data(face, CROP_VIEW)["views"]["0,116,102"]["after"][0]
    let_go(face, CROP_VIEW, [0, 116, 102])
    assert not face.exception
    assert face.query_params[f"face_crop_x_{key}"] == "0"
    assert face.session_state[f"face_crop_x_{key}"] == 0
    assert "top-left corner is at row 65, column 0" in square_text(face)
    assert (
        promised == f"For this square the network gives **P(face) {shown_percent(face, 'face')}**."
    )
    assert probabilities(face)["face"] < 0.5  # the flag is not a face
    let_go(face, CROP_VIEW, [9999, 116, 102])  # not a column of the picture: ignored
    assert face.session_state[f"face_crop_x_{key}"] == 0
    crop_choice(face).set_value(crop_choice(face).options[0]).run()  # the detector's face again
    assert f"face_crop_x_{key}" not in face.query_params  # the link keeps the square on show
    assert "top-left corner is at row 65, column 173" in all_text(face)


def test_a_link_sets_the_square_and_ignores_a_side_it_cannot_take(app):
    from core.images import load_sample
    from pages.common import make_picture

    key = make_picture(load_sample("astronaut"), "Astronaut", "sample").key
    app.run()
    app.switch_page(FACE)  # the link is opened on the Face page
    app.query_params[f"face_crop_choice_{key}"] = MANUAL_CROP
    app.query_params[f"face_crop_x_{key}"] = "40"
    app.query_params[f"face_crop_side_{key}"] = "9999"
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert app.session_state[f"face_crop_x_{key}"] == 40
    assert app.session_state[f"face_crop_side_{key}"] == 102  # the detector's side
    assert app.query_params[f"face_crop_side_{key}"] == "102"
    assert "square whose top-left corner is at row 65, column 0." in square_text(app)


@pytest.mark.parametrize(("height", "width"), [(1, 1024), (1024, 1024), (25, 25)])
def test_the_square_sliders_of_odd_and_huge_pictures_reach_their_ends(face, height, width):
    """Every slider's steps are sent, and letting go at either end is answered, by every
    section drawn from the square (presenting draws every view inside the answer)."""
    from pages.common import PICTURE_KEY, make_picture
    from tests.test_pages_extremes import assert_sane

    rng = np.random.default_rng(0)
    face.session_state[PICTURE_KEY] = make_picture(
        rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "odd", "upload"
    )
    face.query_params["present"] = "1"
    face.run()
    assert {"looked", "given", "sees", "scan", "open-box"} <= set(slide_names(face))
    assert "found no frontal face" in all_text(face)
    sliders = instant_data(face, CROP_VIEW)["sliders"]
    assert len(sliders) == (1 if height == 1 else 3)  # a 1-pixel row: only the column moves
    for index, slider in enumerate(sliders):
        want_steps(face, CROP_VIEW, slider["name"])
        views = instant_data(face, CROP_VIEW)["views"]
        assert len(views) >= len(slider["options"])
        for end in (slider["options"][0], slider["options"][-1]):
            values = [face.session_state[s["name"]] for s in sliders]
            values[index] = end
            view = views[",".join(map(str, values))]
            assert "P(face)" in view["after"][0] and "nan" not in view["after"][0]
            let_go(face, CROP_VIEW, values)
            assert_sane(face, f"letting go of {slider['label']} at {end}")
            assert sum(probabilities(face).values()) == pytest.approx(1, abs=1e-5)


def test_the_dataset_pages_answer_in_the_browser(face, network):
    """Every page of the training pictures is sent: its words, framed thumbnails, captions."""
    from core import model
    from core.train import CLASSES, load_face_dataset
    from pages.sections.face.pictures import BLUE, ORANGE

    widget(face.get("button_group"), "face_data_split").set_value("train").run()
    data = instant_data(face, DATA_VIEW)
    (slider,) = data["sliders"]
    assert slider["name"] == "face_data_page_train_All" and slider["options"] == list(range(1, 16))
    assert len(data["views"]) == 15  # 572 pictures, 40 a page
    third = data["views"]["3"]
    assert third["paragraphs"][0].startswith("All of the training set: pictures 81–120 of 572")
    split = load_face_dataset().splits()["train"]
    faces = model.predict(network, split.images)[:, network.face_index]
    for offset, picture in enumerate(third["pictures"]):
        index = 80 + offset
        sent = sent_picture(data["views"], picture)
        assert sent.shape == (27, 27, 3) and picture["width"] == picture["height"] == 81
        gray = np.rint(split.images[index, ..., 0] * 255)
        assert np.array_equal(sent[1:-1, 1:-1, 0], gray)
        caption = read_caption(picture["caption"])
        assert caption[1] == CLASSES[split.labels[index]]
        assert caption[2] == pytest.approx(faces[index], abs=0.005)
        assert tuple(sent[0, 0]) == (ORANGE if caption[0] else BLUE)
    assert "face_data_page_train_All" not in face.query_params  # not a setting of the link
    let_go(face, DATA_VIEW, [3])
    assert face.session_state["face_data_page_train_All"] == 3
    assert "face_data_page_train_All" not in face.query_params
    widget(face.get("button_group"), "face_data_filter").set_value("Not faces").run()
    assert instant_view(face, DATA_VIEW)["paragraphs"][0].startswith(
        "Not faces of the training set: pictures 1–40 of 502"
    )
    widget(face.get("button_group"), "face_data_filter").set_value("All").run()
    assert face.session_state["face_data_page_train_All"] == 3  # each filter keeps its page
    assert instant_view(face, DATA_VIEW) == third


def strip_buttons(app) -> list:
    return [button for button in app.button if button.key.startswith("face_test_")]


def test_test_pictures_from_the_dataset_become_the_picture(face):
    assert len(strip_buttons(face)) == 8  # four faces, then four that are not faces
    from core.train import load_face_dataset

    side = load_face_dataset().test.images.shape[1]  # the strip's size, said in words
    assert f"never trained on, {side} × {side} gray, with their labels" in all_text(face)
    strip_buttons(face)[0].click().run()
    picture = face.session_state["picture"]
    assert picture.size == (25, 25) and picture.title.endswith("(face)")
    assert "found no frontal face" in all_text(face)  # 25 × 25: too small for the detector
    assert "**25 × 25** square" in square_text(face)  # the whole picture, as it was trained
    assert probabilities(face)["face"] > 0.5
    strip_buttons(face)[-1].click().run()
    assert face.session_state["picture"].title.endswith("(not face)")
    assert probabilities(face)["not face"] > 0.5


def test_feature_maps_get_narrower_and_deeper(face, network):
    from core import model

    look_inside(face, SEES)
    text = all_text(face)
    assert "25 × 25 × 1 → 23 × 23 × 8 → 11 × 11 × 8 → 9 × 9 × 16 → 4 × 4 × 16" in text
    view = static_view_of(face, "face_maps_view")  # every layer's maps, one browser view
    shown = [picture["caption"] for picture in view["pictures"]]
    assert [caption.split(" (")[0] for caption in shown] == [
        "conv1: 8 maps of 23 × 23",
        "pool1: 8 maps of 11 × 11",
        "conv2: 16 maps of 9 × 9",
        "pool2: 16 maps of 4 × 4",
    ]
    conv1 = model.layer_outputs(network, network_input(face))["conv1"]
    assert f"(largest value {float(conv1.max()):.2f}, drawn yellow)" in shown[0]
    assert view_picture(view["pictures"][3]).shape == (92 * 2 + 6, 92 * 8 + 6 * 7, 3)
    assert "convolution" in {link.proto.page for link in face.get("page_link")}


def test_choosing_a_filter_shows_its_weights_and_map(face):
    look_inside(face, SEES)
    first = static_view_of(face, "face_filter_view")["pictures"]  # one browser view
    assert [picture["caption"] for picture in first[:2]] == [
        "Filter 1 as a picture",
        "Filter 1: its 9 weights",
    ]
    assert view_picture(first[0]).shape == (3, 3, 3)  # the browser enlarges it
    assert view_picture(first[2]).shape == (23, 23, 3)  # the first layer's map of the square
    widget(face.get("button_group"), "face_filter").set_value(4).run()
    fourth = static_view_of(face, "face_filter_view")["pictures"]
    assert fourth[1]["caption"] == "Filter 4: its 9 weights"
    for before, after in zip(first, fourth, strict=True):
        assert not np.array_equal(view_picture(before), view_picture(after))


OCCLUSION = "face_occlusion_view"  # the hide-and-see patch and stride sliders


def occlusion_picture(app, values: tuple[int, int]) -> np.ndarray:
    """The hide-and-see map the page sent for ``(patch, stride)``, decoded (a map another view
    has too, as a 25 × 25 patch has at every stride, is sent once and named by the others)."""
    views = instant_data(app, OCCLUSION)["views"]
    (picture,) = views[",".join(map(str, values))]["pictures"]
    return sent_picture(views, picture)


def core_map(network, picture: np.ndarray, patch: int, stride: int) -> np.ndarray:
    """core's occlusion map of ``picture`` for ``(patch, stride)``, coloured as the page does."""
    from core import convolution, images, model
    from pages.sections.face.pictures import overlay

    drops = model.occlusion_map(network, picture, patch=patch, stride=stride)
    spread = float(np.abs(drops).max())
    gray = images.as_rgb(np.rint(picture[..., 0] * 255).astype(np.uint8))
    return overlay(gray, convolution.display_image(drops), np.abs(drops) / spread)


def assert_core_map(app, network, patch: int, stride: int) -> None:
    shown, expected = (
        occlusion_picture(app, (patch, stride)),
        core_map(network, network_input(app), patch, stride),
    )
    assert shown.shape == expected.shape == (25, 25, 3)
    assert np.abs(shown.astype(int) - expected.astype(int)).max() <= 1, (patch, stride)


def test_the_held_map_is_sent_and_a_reach_sends_the_sliders_steps(face):
    """A new square costs one map: the one of the patch and stride held. Reaching for a slider
    sends a map for each of its steps, the other slider where it is."""
    look_inside(face, LOOKED)
    data = instant_data(face, OCCLUSION)
    assert data["lazy"]
    assert list(data["views"]) == ["7,1"]
    shown = instant_view(face, OCCLUSION)
    assert shown["pictures"][0]["caption"].startswith("Hide and see, 7 × 7 patch, stride 1")
    assert shown["pictures"][0]["width"] == 250  # the 25 × 25 map, enlarged by the browser
    assert "Hiding the pixels around row" in shown["paragraphs"][0]

    want_steps(face, OCCLUSION, "face_occlusion_patch")
    assert set(instant_data(face, OCCLUSION)["views"]) == {f"{p},1" for p in range(1, 26)}
    assert not np.array_equal(occlusion_picture(face, (7, 1)), occlusion_picture(face, (11, 1)))
    face.run()  # a run that asks for nothing sends the held map alone again
    assert list(instant_data(face, OCCLUSION)["views"]) == ["7,1"]

    let_go(face, OCCLUSION, [11, 1])
    want_steps(face, OCCLUSION, "face_occlusion_stride")
    assert set(instant_data(face, OCCLUSION)["views"]) == {f"11,{s}" for s in range(1, 9)}
    assert not np.array_equal(occlusion_picture(face, (11, 1)), occlusion_picture(face, (11, 4)))


def test_the_maps_sent_are_cores_maps(face, network):
    """The held map, and a step a reach sends, are core's occlusion maps of the page's input
    for that pair, coloured; a new square gets its own."""
    look_inside(face, LOOKED)
    for patch, stride in ((1, 1), (7, 1), (25, 8)):
        let_go(face, OCCLUSION, [patch, stride])
        assert_core_map(face, network, patch, stride)
    let_go(face, OCCLUSION, [11, 1])
    want_steps(face, OCCLUSION, "face_occlusion_stride")
    assert_core_map(face, network, 11, 4)

    lazy = instant_data(face, OCCLUSION)["lazy"]
    crop_choice(face).set_value(MANUAL_CROP).run()
    set_square(face, "Centre of the square: column", 60)
    assert instant_data(face, OCCLUSION)["lazy"] != lazy  # the browser drops the old maps
    assert list(instant_data(face, OCCLUSION)["views"]) == ["11,1"]
    assert_core_map(face, network, 11, 1)


def test_letting_go_of_the_occlusion_sliders_keeps_the_values(face):
    look_inside(face, LOOKED)
    let_go(face, OCCLUSION, [11, 4])
    assert not face.exception
    assert face.session_state["face_occlusion_patch"] == 11
    assert face.query_params["face_occlusion_stride"] == "4"
    shown = instant_view(face, OCCLUSION)
    assert shown["pictures"][0]["caption"].startswith("Hide and see, 11 × 11 patch, stride 4")
    let_go(face, OCCLUSION, [11, 99])  # not a stride the slider offers: ignored
    assert face.session_state["face_occlusion_stride"] == 4


def test_a_stride_larger_than_the_patch_is_explained(face):
    look_inside(face, LOOKED)
    let_go(face, OCCLUSION, [2, 1])
    want_steps(face, OCCLUSION, "face_occlusion_stride")
    view = instant_data(face, OCCLUSION)["views"]["2,5"]
    assert "use a stride no larger than the patch" in view["warning"]
    assert not view["pictures"]


def grad_cam_over_the_input(app, network) -> np.ndarray:
    """Check the Grad-CAM picture lies over the network's input, pixel for pixel; return it."""
    from core import model

    look_inside(app, GIVEN)
    given = static_view_of(app, "face_given_view")["pictures"][2]  # the 25 × 25 input, shown
    assert given["caption"].startswith("3. Shrunk to 25 × 25")
    look_inside(app, LOOKED)
    view = static_view_of(app, "face_grad_cam_view")
    assert view["pictures"][0]["caption"].startswith("Grad-CAM on conv2: yellow where")
    assert view["pictures"][0]["width"] == 250  # the browser enlarges it with square pixels
    shown = view_picture(view["pictures"][0])
    cells = shown.astype(int)  # one pixel per input pixel
    gray = view_picture(given).astype(int)
    assert cells.shape == gray.shape == (25, 25, 3)
    cam = model.grad_cam(network, network_input(app)).picture
    plain, strong = cam == 0, cam > 0.5
    assert plain.any() and strong.any()
    assert np.abs(cells[plain] - gray[plain]).max() <= 3  # no evidence: the plain picture
    assert (np.ptp(cells[strong], axis=1) > 30).all()  # strong evidence: coloured, not gray
    return shown


def test_grad_cam_is_drawn_over_the_crop(face, network):
    on_the_face = grad_cam_over_the_input(face, network)
    crop_choice(face).set_value(MANUAL_CROP).run()
    set_square(face, "Side of the square", 200)
    assert "**200 × 200** square" in square_text(face)
    wider = grad_cam_over_the_input(face, network)
    assert np.abs(wider.astype(int) - on_the_face).mean() > 5


def leave_empty(folder):
    """No model files at all."""


def corrupt_network_file(folder):
    shutil.copy(MODELS / "face_cnn.json", folder)
    (folder / "face_cnn.keras").write_bytes(b"PK\x03\x04 these bytes are not a Keras model")


def metadata_for_another_network(folder):
    shutil.copy(MODELS / "face_cnn.keras", folder)
    metadata = json.loads((MODELS / "face_cnn.json").read_text())
    metadata["input_shape"] = [32, 32, 1]
    (folder / "face_cnn.json").write_text(json.dumps(metadata))


@pytest.mark.parametrize(
    ("make_folder", "problem"),
    [
        (leave_empty, "face_cnn.keras is missing"),
        (corrupt_network_file, "could not be read as a Keras model"),
        (metadata_for_another_network, "do not belong together"),
    ],
)
def test_a_broken_model_explains_how_to_retrain(app, monkeypatch, tmp_path, make_folder, problem):
    make_folder(tmp_path)
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))
    app.run()
    app.switch_page(FACE)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    message = app.error[0].value
    assert "could not be loaded" in message and "python -m core.train" in message
    assert problem in message and str(tmp_path) in message  # says what is wrong, and where
    assert app.code[0].value == "python -m core.train"
    assert not draws_component(app, "face_probabilities")  # it stopped before any answer
    assert "inside" in {link.proto.page for link in app.get("page_link")}  # still a way on
    monkeypatch.delenv("FACE_MODEL_FOLDER")
    app.run()
    assert not app.error and probabilities(app)["face"] > 0.9


def test_the_first_visit_loads_the_network_under_a_spinner(app, monkeypatch, tmp_path):
    from core import model

    for name in ("face_cnn.keras", "face_cnn.json"):
        shutil.copy(MODELS / name, tmp_path)
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))  # a folder no run has cached yet
    real_spinner, real_load = streamlit.spinner, model.load_face_model
    spinning: list[str] = []
    loads: list[list[str]] = []  # the spinner messages showing at each load of the network

    @contextlib.contextmanager
    def spinner(text="", *args, **kwargs):
        spinning.append(text)
        try:
            with real_spinner(text, *args, **kwargs):
                yield
        finally:
            spinning.pop()

    def load_face_model(*args, **kwargs):
        loads.append(list(spinning))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(streamlit, "spinner", spinner)
    monkeypatch.setattr(model, "load_face_model", load_face_model)
    app.run()
    app.switch_page(FACE)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert loads == [["Loading the network (TensorFlow) for the first time…"]]
    app.run()
    assert len(loads) == 1  # later runs use the loaded network
    assert probabilities(app)["face"] > 0.9


#: Each view's section heading.
VIEW_HEADINGS = {
    LOOKED: "Where it looked",
    GIVEN: "What the network is given",
    SEES: "What the network sees",
    SCAN: "Where are the faces?",
    OPEN_BOX: "Open the box",
}


def test_only_the_chosen_view_inside_the_answer_is_built(face):
    assert face.session_state["face_inside"] == LOOKED  # the first view, on a first visit
    for view, heading in VIEW_HEADINGS.items():
        shown = headings(look_inside(face, view))
        assert [h for h in VIEW_HEADINGS.values() if h in shown] == [heading]
        assert draws_component(face, OCCLUSION) == (view == LOOKED)  # its maps: only when shown
        assert draws_component(face, "face_framing") == (view == GIVEN)


def slide_names(app) -> list[str]:
    """The names of the slides (``pages.presenter.slide``) the page drew, in order."""
    names = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            block_id = getattr(getattr(child, "proto", None), "id", "")
            if isinstance(block_id, str) and "-slide-" in block_id:
                names.append(block_id.split("-slide-", 1)[1])
            walk(child)

    walk(app.main)
    return names


def test_each_slide_of_the_views_is_named_with_its_view(face):
    """Leaving presenter mode at one of these slides opens the view that holds it
    (``VIEW_OF_SLIDE``; in a browser: test_browser_face)."""
    from pages.sections.face.inside import VIEW_OF_SLIDE

    drawn = {view: slide_names(look_inside(face, view)) for view in INSIDE_VIEWS}
    everywhere = set.intersection(*(set(names) for names in drawn.values()))
    assert {"find", "dataset"} <= everywhere
    for view, names in drawn.items():  # the slides each view adds are the ones said to be its
        assert set(names) - everywhere == {s for s, v in VIEW_OF_SLIDE.items() if v == view}


@pytest.mark.parametrize(
    ("linked", "opened"), [("Open the box", OPEN_BOX), ("", LOOKED), ("no such view", LOOKED)]
)
def test_a_link_opens_its_view_and_presenting_draws_every_view(app, linked, opened):
    app.run()
    app.switch_page(FACE)
    app.query_params["face_inside"] = linked
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    shown = headings(app)
    assert [h for h in VIEW_HEADINGS.values() if h in shown] == [VIEW_HEADINGS[opened]]
    app.query_params["present"] = "1"  # one section per slide: every view is a slide
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert [h for h in VIEW_HEADINGS.values() if h in headings(app)] == list(VIEW_HEADINGS.values())


def test_no_number_on_the_page_is_nan(face):
    for view in INSIDE_VIEWS:
        assert "nan" not in all_text(look_inside(face, view)).lower(), view
    assert np.isfinite(list(probabilities(face).values())).all()


def test_scanning_the_whole_photo_is_on_demand(face):
    look_inside(face, SCAN)
    assert not any("most face-like window" in c for c in captions(face))
    widget(face.toggle, "face_scan").set_value(True).run()
    assert not face.exception
    assert image_with_caption(face, "most face-like window").value
    text = all_text(face)
    assert "The network looked at **4,136 squares** of this photo" in text
    assert "It is not a face detector" in text


def test_open_the_box_shows_numpy_equal_to_keras(face):
    look_inside(face, OPEN_BOX)
    (table,) = html_tables(face)
    assert table["layer"] == ["conv1", "pool1", "conv2", "pool2", "flatten", "dropout",
                              "dense", "logits", "softmax"]  # fmt: skip
    assert table["shape"][:2] == ["23 × 23 × 8", "11 × 11 × 8"]
    assert all(float(difference) < 1e-5 for difference in table["largest difference"])
    softmax = table["layer"].index("softmax")
    assert table["Keras (TensorFlow)"][softmax] == table["NumPy (this app's code)"][softmax]
    assert "Over all 7,300 values the largest difference is" in all_text(face)


def thumbnail_captions(app) -> list[str]:
    """The caption under each dataset thumbnail on show: one picture element holds them all, or
    the page slider's view does (more than one page)."""
    grids = [
        image
        for image in app.get("image")
        if image.captions and all(" · P(face) " in c for c in image.captions)
    ]
    if grids:
        (grid,) = grids
        return grid.captions
    return [picture["caption"] for picture in instant_view(app, DATA_VIEW)["pictures"]]


def dataset_text(app) -> str:
    """What the page says, with the words of the dataset page on show if there are pages."""
    text = all_text(app)
    with contextlib.suppress(StopIteration):
        text += "\n" + "\n".join(instant_view(app, DATA_VIEW)["paragraphs"])
    return text


def read_caption(caption: str) -> tuple[bool, str, float]:
    """("✗ mistake" marked, true label, P(face)) from "✗ mistake: not face · P(face) 0.81"."""
    found = re.fullmatch(r"(✗ mistake: )?(face|not face) · P\(face\) (\d\.\d\d)", caption)
    assert found, caption
    return bool(found[1]), found[2], float(found[3])


def test_dataset_browser_counts_and_marks_mistakes(face):
    metadata = shipped_metadata()
    faces_right = round(metadata["test_recall"]["face"] * 20)
    others_right = round(metadata["test_recall"]["not face"] * 20)
    assert (
        f"**Test:** 40 pictures; {faces_right} of 20 faces right, {others_right} of 20 non-faces "
        "right. Balanced accuracy (the classes' shares right, averaged): "
        f"**{metadata['test_accuracy']:.1%}**." in all_text(face)
    )
    assert "All of the test set: pictures 1–40 of 40" in all_text(face)
    widget(face.get("button_group"), "face_data_split").set_value("textures").run()
    right = round(metadata["texture_accuracy"] * 376)
    assert (
        f"**Held-out textures:** 376 pictures; {right} of 376 non-faces right: "
        f"**{metadata['texture_accuracy']:.1%}**." in all_text(face)
    )
    widget(face.get("button_group"), "face_data_filter").set_value("Mistakes").run()
    wrong = 376 - right
    assert f"Mistakes of the held-out textures set: pictures 1–{min(wrong, 40)} of {wrong}" in (
        dataset_text(face)
    )
    widget(face.get("button_group"), "face_data_filter").set_value("Faces").run()
    assert "No pictures to show" in all_text(face)


def test_each_thumbnail_says_its_label_the_answer_and_a_mistake_in_words(face, network):
    from core import model
    from core.train import CLASSES, load_face_dataset

    splits = load_face_dataset().splits()
    shown = [read_caption(caption) for caption in thumbnail_captions(face)]
    assert [label for _, label, _ in shown] == [CLASSES[n] for n in splits["test"].labels[:40]]
    assert not any(mistake for mistake, _, _ in shown)  # the test set: all 40 answered right
    assert {label for _, label, _ in shown} == {"face", "not face"}

    textures = splits["textures"]
    faces = model.predict(network, textures.images)[:, network.face_index]
    called_face = np.flatnonzero(faces > 0.5)  # every texture is "not face": these are mistakes
    assert len(called_face) == round((1 - shipped_metadata()["texture_accuracy"]) * 376)
    widget(face.get("button_group"), "face_data_split").set_value("textures").run()
    on_first_page = [read_caption(caption) for caption in thumbnail_captions(face)]
    assert [mistake for mistake, _, _ in on_first_page] == list(faces[:40] > 0.5)
    widget(face.get("button_group"), "face_data_filter").set_value("Mistakes").run()
    mistakes = [read_caption(caption) for caption in thumbnail_captions(face)]
    first_page = called_face[:40]
    assert [(mistake, label) for mistake, label, _ in mistakes] == [(True, "not face")] * len(
        first_page
    )
    assert [p for _, _, p in mistakes] == pytest.approx(faces[first_page], abs=0.005)


def test_the_limits_are_stated_with_the_models_own_figures(face):
    metadata = json.loads((REPO / "models" / "face_cnn.json").read_text())
    text = " ".join(all_text(face).split())
    assert "crop to the face and try again" in text
    assert "**It sees very little.** 25 × 25 gray pixels: no colour" in text
    assert "**Frontal faces only, framed one way.** Its training faces look at the camera" in text
    assert (
        f"This network, fold 0's, answered {metadata['test_accuracy']:.0%} of its 40 test "
        "pictures right (20 of each kind, so this is also its balanced accuracy)"
    ) in text
    assert f"{metadata['texture_accuracy']:.1%} of 376 unseen textures" in text


@pytest.mark.parametrize(("name", "size"), [("digit_one", 5), ("text", 448)])
def test_tiny_and_wide_pictures_work_to_the_end(face, name, size):
    open_picker(face)
    face.button(key=f"sample_{name}").click().run()
    widget(look_inside(face, SCAN).toggle, "face_scan").set_value(True).run()
    assert not face.exception, [exception.value for exception in face.exception]
    assert face.session_state["picture"].size[0] == size
    assert "found no frontal face" in all_text(face)
    shorter = min(face.session_state["picture"].size)
    assert f"**{shorter} × {shorter}** square" in square_text(face)  # the centre square
    assert sum(probabilities(face).values()) == pytest.approx(1, abs=1e-5)
    for view in INSIDE_VIEWS:
        assert "nan" not in all_text(look_inside(face, view)).lower(), view


@pytest.mark.parametrize(("height", "width", "refused"), [(1, 1, False), (1, 1024, True)])
def test_the_scan_of_a_one_pixel_or_long_thin_picture(face, height, width, refused):
    from pages.common import PICTURE_KEY, make_picture

    face.session_state[PICTURE_KEY] = make_picture(
        np.full((height, width, 3), 180, np.uint8), "odd", "upload"
    )
    widget(look_inside(face, SCAN).toggle, "face_scan").set_value(True).run()
    assert not face.exception, [exception.value for exception in face.exception]
    notes = " ".join(info.value for info in face.info)
    assert ("too long and thin to scan" in notes) == refused
    assert any("most face-like window" in c for c in captions(face)) != refused


def test_the_grad_cam_words_follow_the_map(face, network):
    """The sentence names the strongest cell and its input window, as core computes them, on
    the astronaut and on a square that moves the evidence elsewhere."""
    look_inside(face, LOOKED)
    from core import model

    said = []
    for side in (None, 200):
        if side:
            crop_choice(face).set_value(MANUAL_CROP).run()
            set_square(face, "Side of the square", side)
        cam = model.grad_cam(network, network_input(face))
        row, col = cam.strongest_cell
        (top, bottom), (left, right) = cam.field.window(row), cam.field.window(col)
        text = " ".join(static_view_of(face, "face_grad_cam_view")["after"])
        assert (
            f"Strongest in the conv2 cell at row {row}, column {col} of its 9 × 9 map. That cell "
            f"sees rows {top}–{bottom} and columns {left}–{right} of the 25 × 25 picture." in text
        )
        assert (
            "neighbouring cells are 2 pixels apart and each sees a window of 8 × 8 pixels" in text
        )
        assert "no cell sees row 24 or column 24, so it stays plain there" in text
        said.append((row, col))
    assert said[0] != said[1]


def test_a_layer_name_from_the_model_file_is_shown_as_it_is(face, network):
    """The model file names the layers; a name is never read as markup: Grad-CAM's words are
    a browser view's text (`layer_label`), which reads only **bold**, never across a name."""
    import dataclasses

    from core import model
    from pages.sections.face.looked import _grad_cam_words

    cam = model.grad_cam(network, network_input(face))
    named = "[conv2](https://example.org) **loud**"
    renamed = dataclasses.replace(cam, field=dataclasses.replace(cam.field, layer=named))
    words = _grad_cam_words(renamed)
    star = "*\u2060"  # a star and a word joiner: shown as a star, never paired into bold
    assert f"Strongest in the [conv2](https://example.org) {star * 2}loud{star * 2} cell" in words
    assert "**" not in words


# --------------------------------------------------------------------------------------------
# Evidence that holds up (issue 14)
# --------------------------------------------------------------------------------------------


def shipped_metadata() -> dict:
    return json.loads((MODELS / "face_cnn.json").read_text())


def test_a_training_picture_is_named_as_such_next_to_the_answer(face):
    notes = " ".join(info.value for info in face.info)
    assert "not a test" not in notes  # the astronaut was never trained on
    open_picker(face)
    face.button(key="sample_brick").click().run()
    assert not face.exception
    notes = " ".join(info.value for info in face.info)
    assert "The network trained on patches of this picture" in notes
    assert "this answer is not a test of it" in notes
    open_picker(face)
    face.button(key="sample_chelsea").click().run()
    assert "not a test" not in " ".join(info.value for info in face.info)


def test_the_picker_marks_the_samples_the_network_trained_on(face):
    open_picker(face)
    marked = [c for c in captions(face) if c.endswith("(the face network's training data)")]
    assert len(marked) == 6  # brick, grass, text, coffee, rocket, checkerboard


def test_the_probability_is_read_against_the_cross_validation(face):
    folds = shipped_metadata()["cross_validation"]
    top = max(probabilities(face).values())
    bins = folds["calibration"]["bins"]
    entry = bins[min(int(top * len(bins)), len(bins) - 1)]
    right = round(entry["count"] * entry["share_right"])
    share = "all of them" if right == entry["count"] else f"{right} of them"
    assert (
        f"In its cross-validation, {entry['count']} LFW test pictures got an answer with a "
        f"probability between {entry['low']:.0%} and {entry['high']:.0%}, and {share} "
        f"({right / entry['count']:.0%}) were right."
    ).replace("%", " %") in answer_words(face)


def test_the_framing_chart_is_the_measurement_in_the_metadata(face):
    look_inside(face, GIVEN)
    framing = shipped_metadata()["framing"]
    chart = static_chart(face, "face_framing")
    assert [label for _, label in chart["xTicks"]] == [f"{s:g}×" for s in framing["scales"][::2]]
    lines = chart["lines"]
    assert [line["name"] for line in lines] == ["Astronaut"]  # the default square is the box
    assert lines[0]["x"] == framing["scales"]
    np.testing.assert_allclose(lines[0]["y"], framing["face_probability"]["astronaut"], atol=1e-3)
    crop_choice(face).set_value(MANUAL_CROP).run()
    set_square(face, "Side of the square", 150)
    lines = static_chart(face, "face_framing")["lines"]
    assert [line["name"] for line in lines] == ["Astronaut", "Your square"]
    assert "Your square: from 0.8× to 1.6× the square, P(face) stays at or above" in all_text(face)


def test_the_sanity_check_draws_the_randomised_maps_and_quotes_the_measurement(face, network):
    look_inside(face, LOOKED)
    from core import model

    check = shipped_metadata()["sanity_check"]
    view = static_view_of(face, "face_sanity_view")
    shown = [picture["caption"] for picture in view["pictures"]]
    assert shown[0] == "trained"
    assert [c.split(":")[0] for c in shown[1:]] == [
        f"random down to {step}" for step in model.randomisation_steps(network)
    ]
    fully_random = view_picture(view["pictures"][-1])
    assert fully_random.shape == (25, 25, 3)
    assert not np.array_equal(fully_random, view_picture(view["pictures"][0]))
    text = " ".join(" ".join(view["after"]).split())
    steps = zip(check["randomised_down_to"], check["median_rank_correlation"], strict=True)
    cascade = ", ".join(
        f"{'+ ' if index else ''}{step} {median:.2f}" for index, (step, median) in enumerate(steps)
    )
    assert f"layers made random from the top: {cascade})" in text
    assert "the map does depend on the learned weights" in text


def test_what_it_cannot_say_shows_its_answers_for_things_that_are_no_face(face, network):
    from core import model
    from pages.sections.face.closed_set import QUESTIONS

    text = all_text(face)
    assert "It cannot say “I don't know”" in text
    for name, make in QUESTIONS.items():
        face_probability = model.predict(network, model.preprocess(make())[None])[0, 1]
        verdict = "face" if face_probability >= 0.5 else "not face"
        assert f"{name}: P(face) {percent(float(face_probability))}, so “{verdict}”" in captions(
            face
        )


def test_the_limits_quote_the_cross_validation(face):
    folds = shipped_metadata()["cross_validation"]
    low, high = folds["interval"]
    text = " ".join(all_text(face).split())
    assert (
        f"Cross-validated over all {folds['pictures']} LFW pictures ({folds['folds']} networks "
        f"trained the same way, each tested on the pictures it never saw), the recipe answers "
        f"{folds['correct']} right ({folds['accuracy']:.1%}; 95 % interval {low:.1%} to "
        f"{high:.1%}, Wilson score interval)"
    ) in text


def test_the_answer_draws_a_bar_for_every_class_of_a_network():
    """A model file may hold more than two classes (one of them "face"): one bar each."""
    from types import SimpleNamespace

    from pages.sections.face.answer import answer_bars
    from pages.sections.face.pictures import BLUE, ORANGE

    network = SimpleNamespace(classes=("cat", "face", "dog"))
    chart = answer_bars(network, np.array([0.2, 0.7, 0.1]))
    assert [line.name for line in chart.lines] == ["cat: 20 %", "face: 70 %", "dog: 10 %"]
    assert [line.x[1] for line in chart.lines] == [0.2, 0.7, 0.1]
    assert [line.colour for line in chart.lines] == [f"rgb{BLUE}", f"rgb{ORANGE}", f"rgb{BLUE}"]
    assert [label for _, label in chart.y_labels] == ["cat", "face", "dog"]
    low, high = chart.y_range
    assert all(low < line.y[0] < high for line in chart.lines)


def test_the_scores_are_told_for_as_many_classes_as_the_network_has():
    from types import SimpleNamespace

    from pages.sections.face.answer import scores_words

    two = scores_words(SimpleNamespace(classes=("not face", "face")), np.array([-2.514, 2.6]))
    assert two == (
        "The two probabilities always add up to 1 (100 %). The last layer first gives two plain "
        "scores, here **-2.51** for “not face” and **2.60** for “face”; the softmax turns them "
        "into probabilities. The larger score wins, and the further apart the scores are, the "
        "closer its probability gets to 1."
    )
    three = scores_words(SimpleNamespace(classes=("cat", "face", "dog")), np.array([1, 2, 3]))
    assert "The three probabilities" in three and "gives three plain scores" in three
    assert "**1.00** for “cat”, **2.00** for “face” and **3.00** for “dog”" in three
    assert "The largest score wins" in three
