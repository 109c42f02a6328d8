"""The "Augmentation" page: its controls change the versions drawn, exactly as core.augment does.

Its sliders answer in the browser (`pages.instant`, lazy views): the tests read the views the
page sends, as the browser would show them, and let go of the sliders as the browser does."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest
from skimage import data

from core import images
from core.augment import NO_AUGMENTATION, AugmentSettings, augment_variants, describe
from pages.sections.augmentation.settings import LFW_FACE_COUNT, AugmentationPageSettings
from pages.sections.augmentation.versions import SLIDERS
from tests.apptest_helpers import (
    all_text,
    instant_data,
    instant_view,
    let_go,
    static_view_of,
    view_picture,
    want_steps,
)

AUGMENTATION = "pages/augmentation.py"
VERSIONS = "aug_versions"  # the instant sliders and their views
PREVIEW_SIDE = 256  # the versions of the values held are drawn from a square this wide
DRAG_SIDE = 96  # those of the other steps, from one this wide
GRID_COLUMNS = 4
FACE_TILE = 100  # 25 × 25 faces, each pixel a 4 × 4 block
FACE_COLUMNS = 8


@pytest.fixture
def augmentation(app):
    app.run()
    app.switch_page(AUGMENTATION)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def tiles(mosaic: np.ndarray, count: int, columns: int, side: int) -> list[np.ndarray]:
    """Cut a numbered mosaic into its pictures: ``count`` tiles of ``side`` pixels, gaps between
    them and a number strip above each (their sizes follow from the mosaic's size)."""
    rows = -(-count // columns)
    gap = (mosaic.shape[1] - columns * side) // (columns + 1)
    strip = (mosaic.shape[0] - (rows + 1) * gap) // rows - side
    cut = []
    for number in range(count):
        row, column = divmod(number, columns)
        top = gap + row * (strip + side + gap) + strip
        left = gap + column * (side + gap)
        cut.append(mosaic[top : top + side, left : left + side].astype(int))
    return cut


def same_picture(shown: np.ndarray, drawn: np.ndarray, tolerance: float = 1.5) -> bool:
    """True if a tile cut from the JPEG mosaic shows ``drawn``: their 8 × 8 block averages agree
    to within JPEG rounding (the blocks average away the grain JPEG smooths in noisy versions),
    ``tolerance`` levels on average (another version is tens of levels away)."""
    side = shown.shape[0] // 8 * 8

    def blocks(picture: np.ndarray) -> np.ndarray:
        cut = np.asarray(picture, dtype=float)[:side, :side]
        return cut.reshape(side // 8, 8, side // 8, 8, -1).mean(axis=(1, 3))

    return float(np.abs(blocks(shown) - blocks(drawn)).mean()) < tolerance


def preview(side: int = PREVIEW_SIDE) -> np.ndarray:
    """A square copy of the default picture, as the page draws its versions from."""
    return images.resize_square(images.load_sample("astronaut"), side)


def expected_captions(settings: AugmentSettings, *, count: int = 16, seed: int = 0) -> list[str]:
    """What the page must list for its versions of the (default) astronaut."""
    return [
        describe(v.params) for v in augment_variants(preview(), settings, count=count, seed=seed)
    ]


def rotations(captions: list[str]) -> list[float]:
    return [float(re.search(r"rotated ([+-][\d.]+)°", caption)[1]) for caption in captions]


def without_rotation(caption: str) -> str:
    return re.sub(r"rotated [+-][\d.]+°", "", caption)


def held(app) -> dict:
    """The view of the versions for the values Python holds."""
    return instant_view(app, VERSIONS)


def mosaic_of(view: dict) -> np.ndarray:
    """The numbered mosaic a view of the versions shows, decoded."""
    (picture,) = view["pictures"]
    return view_picture(picture)


def assert_drawn(view: dict, settings: AugmentSettings, side: int, *, seed: int = 0) -> None:
    """The view shows core.augment's versions of the ``side``-pixel square of the default
    picture: every tile of its mosaic, and what each drew."""
    count = len(view["numbered"])
    versions = augment_variants(preview(side), settings, count=count, seed=seed)
    assert view["numbered"] == [describe(v.params) for v in versions]
    shown = tiles(mosaic_of(view), count, GRID_COLUMNS, side)
    tolerance = 1.5 if side == PREVIEW_SIDE else 3.0  # the small mosaic is a rougher JPEG
    assert all(
        same_picture(tile, version.image, tolerance)
        for tile, version in zip(shown, versions, strict=True)
    )
    assert not same_picture(shown[0], versions[1].image, tolerance)


def slider_names(app) -> list[str]:
    return [slider["name"] for slider in instant_data(app, VERSIONS)["sliders"]]


def with_values(app, **changed) -> list:
    """Every slider's value as Python holds it, those named (without "aug_") replaced."""
    return [
        changed.get(name.removeprefix("aug_"), app.session_state[name])
        for name in slider_names(app)
    ]


def view_key(values: list) -> str:
    return ",".join(map(str, values))


def test_default_versions_are_what_core_draws(augmentation):
    view = held(augmentation)
    assert_drawn(view, AugmentSettings(), PREVIEW_SIDE)
    assert view["numbered"] == expected_captions(AugmentSettings())
    assert view["paragraphs"] == [
        "**16 versions** of the centre square of the picture, random draw number 1. Below "
        "them, by number: what the dice decided for each."
    ]
    caption = "16 versions of the centre square of Astronaut, 256 × 256 pixels each, numbered"
    assert view["pictures"][0]["caption"] == caption
    # Only the held values' view is sent until the browser asks for a slider's steps.
    sent = instant_data(augmentation, VERSIONS)["views"]
    assert list(sent) == [view_key(with_values(augmentation))]


def test_sliders_start_at_the_core_defaults_on_their_steps(augmentation):
    defaults = AugmentSettings()
    state = augmentation.session_state
    assert state["aug_rotation"] == defaults.rotation == 10
    assert state["aug_shift"] == round(100 * defaults.shift)
    assert state["aug_elastic"] == 100 * defaults.elastic == 2.0
    assert state["aug_count"] == 16
    sliders = {s["name"]: s for s in instant_data(augmentation, VERSIONS)["sliders"]}
    assert sliders["aug_rotation"]["options"] == list(range(0, 181, 5))
    assert sliders["aug_rotation"]["labels"][:3] == ["±0°", "±5°", "±10°"]
    assert sliders["aug_contrast"]["options"][-1] == 90
    assert sliders["aug_noise"]["options"] == list(range(26))
    assert sliders["aug_elastic"]["labels"][4] == "2.0%"
    assert sliders["aug_count"]["options"] == [4, 8, 12, 16, 20, 24, 28, 32]
    groups = [s["group"] for s in sliders.values()]
    assert groups[:2] == ["", "Position and shape"] and groups[-1] == "Light and grain"


@pytest.mark.parametrize("rotation", [0, 45, 180])
def test_every_step_of_a_wanted_slider_is_cores_mosaic_drawn_small(augmentation, rotation):
    want_steps(augmentation, VERSIONS, "aug_rotation")
    views = instant_data(augmentation, VERSIONS)["views"]
    assert len(views) == 37  # every step of the rotation; the held one (10°) at full size
    key = view_key(with_values(augmentation, rotation=rotation))
    settings = dataclasses.replace(AugmentSettings(), rotation=rotation)
    assert_drawn(views[key], settings, DRAG_SIDE)
    # what the dice decided does not depend on the size drawn
    assert views[key]["numbered"] == expected_captions(settings)
    assert "96 × 96 pixels each until you let go" in views[key]["pictures"][0]["caption"]
    assert_drawn(views[view_key(with_values(augmentation))], AugmentSettings(), PREVIEW_SIDE)


def test_the_steps_of_a_strength_keep_every_other_slider_where_it_is(augmentation):
    let_go(augmentation, VERSIONS, with_values(augmentation, noise=0, brightness=30))
    want_steps(augmentation, VERSIONS, "aug_contrast")
    views = instant_data(augmentation, VERSIONS)["views"]
    assert len(views) == 19
    for contrast in (0, 50, 90):
        settings = dataclasses.replace(
            AugmentSettings(), noise=0.0, brightness=0.3, contrast=contrast / 100
        )
        key = view_key(with_values(augmentation, contrast=contrast))
        assert_drawn(views[key], settings, DRAG_SIDE)


def test_steps_are_sent_once_when_asked_for(augmentation):
    want_steps(augmentation, VERSIONS, "aug_shift")
    assert len(instant_data(augmentation, VERSIONS)["views"]) == 11
    augmentation.run()  # the browser keeps them: a run that was not asked sends the held view
    assert len(instant_data(augmentation, VERSIONS)["views"]) == 1
    let_go(augmentation, VERSIONS, with_values(augmentation, shift=20))
    assert list(instant_data(augmentation, VERSIONS)["views"]) == [
        view_key(with_values(augmentation))
    ]


def test_letting_go_of_rotation_changes_the_versions_and_their_words(augmentation):
    before = held(augmentation)
    let_go(augmentation, VERSIONS, with_values(augmentation, rotation=90))
    assert augmentation.session_state["aug_rotation"] == 90
    assert augmentation.query_params["aug_rotation"] == "90"
    view = held(augmentation)
    settings = dataclasses.replace(AugmentSettings(), rotation=90)
    assert_drawn(view, settings, PREVIEW_SIDE)
    captions, captions_before = view["numbered"], before["numbered"]
    # the same dice, scaled: every angle grows by 90 / 10 and nothing else in the caption moves
    scaled = np.array(rotations(captions_before)) * 90 / 10
    np.testing.assert_allclose(rotations(captions), scaled, atol=0.5)  # 1 decimal × 9
    assert all(abs(angle) <= 90 for angle in rotations(captions))
    assert [without_rotation(c) for c in captions] == [without_rotation(c) for c in captions_before]


def test_new_random_draw_changes_the_versions(augmentation):
    before = held(augmentation)
    augmentation.button(key="aug_new_draw").click().run()
    view = held(augmentation)
    assert view["numbered"] == expected_captions(AugmentSettings(), seed=1)
    assert view["numbered"] != before["numbered"]
    assert "random draw number 2" in view["paragraphs"][0]
    assert_drawn(view, AugmentSettings(), PREVIEW_SIDE, seed=1)


def smoothness(app) -> dict:
    return next(
        s for s in instant_data(app, VERSIONS)["sliders"] if s["name"] == "aug_elastic_smoothness"
    )


def test_turning_everything_off_gives_the_original_and_defaults_bring_the_draw_back(
    augmentation,
):
    before = held(augmentation)
    version = instant_data(augmentation, VERSIONS)["version"]
    original = preview(PREVIEW_SIDE)
    changed = tiles(mosaic_of(before), 16, GRID_COLUMNS, PREVIEW_SIDE)
    assert not any(same_picture(tile, original) for tile in changed)

    augmentation.button(key="aug_all_off").click().run()
    view = held(augmentation)
    assert view["numbered"] == ["unchanged"] * 16
    for tile in tiles(mosaic_of(view), 16, GRID_COLUMNS, PREVIEW_SIDE):
        assert np.abs(tile - original).mean() < 4  # the original, up to JPEG (quality 85)
        assert same_picture(tile, original)
    data = instant_data(augmentation, VERSIONS)
    assert augmentation.session_state["aug_rotation"] == 0
    assert data["version"] > version  # the browser moves its sliders to the values sent
    assert data["values"] == with_values(augmentation)
    assert smoothness(augmentation)["disabled"]  # nothing bends

    augmentation.button(key="aug_defaults").click().run()
    assert held(augmentation) == before
    assert not smoothness(augmentation)["disabled"]


def test_bend_smoothness_is_disabled_while_nothing_bends(augmentation):
    let_go(augmentation, VERSIONS, with_values(augmentation, elastic=0.0))
    assert smoothness(augmentation)["disabled"]
    want_steps(augmentation, VERSIONS, "aug_elastic_smoothness")  # cannot be moved: no steps
    assert len(instant_data(augmentation, VERSIONS)["views"]) == 1
    let_go(augmentation, VERSIONS, with_values(augmentation, elastic=0.5))
    assert not smoothness(augmentation)["disabled"]


def test_a_button_pressed_after_a_let_go_wins(augmentation):
    augmentation.session_state[VERSIONS] = {
        "values": {"values": with_values(augmentation, rotation=90, noise=20), "commit": "x"}
    }
    augmentation.button(key="aug_all_off").click().run()
    assert augmentation.session_state["aug_rotation"] == 0
    assert held(augmentation)["numbered"] == ["unchanged"] * 16


def test_only_noise_on_is_said_in_every_caption(augmentation):
    augmentation.button(key="aug_all_off").click().run()
    let_go(augmentation, VERSIONS, with_values(augmentation, noise=10))
    captions = held(augmentation)["numbered"]
    assert captions == ["noise σ 10.0%"] * 16
    assert captions == expected_captions(dataclasses.replace(NO_AUGMENTATION, noise=0.1))


def test_count_slider_sets_the_number_of_versions_and_keeps_the_first_ones(augmentation):
    view_16 = held(augmentation)
    want_steps(augmentation, VERSIONS, "aug_count")
    views = instant_data(augmentation, VERSIONS)["views"]
    assert len(views) == 8
    small_32 = views[view_key(with_values(augmentation, count=32))]
    assert len(small_32["numbered"]) == 32
    assert_drawn(small_32, AugmentSettings(), DRAG_SIDE)
    small_4 = views[view_key(with_values(augmentation, count=4))]
    assert mosaic_of(small_32).shape[0] > 7 * mosaic_of(small_4).shape[0]  # 8 rows, not 1

    let_go(augmentation, VERSIONS, with_values(augmentation, count=8))
    view_8 = held(augmentation)
    assert view_8["numbered"] == view_16["numbered"][:8]
    assert view_8["paragraphs"][0].startswith("**8 versions**")
    first_8 = tiles(mosaic_of(view_8), 8, GRID_COLUMNS, PREVIEW_SIDE)
    first_8_of_16 = tiles(mosaic_of(view_16), 16, GRID_COLUMNS, PREVIEW_SIDE)[:8]
    assert all(same_picture(a, b) for a, b in zip(first_8, first_8_of_16, strict=True))


def test_every_slider_at_its_ends(augmentation):
    for slider in instant_data(augmentation, VERSIONS)["sliders"]:
        field = slider["name"].removeprefix("aug_")
        for end in (slider["options"][0], slider["options"][-1]):
            let_go(augmentation, VERSIONS, with_values(augmentation, **{field: end}))
            assert not augmentation.exception, (field, end)
            assert augmentation.session_state[slider["name"]] == end
            assert len(held(augmentation)["numbered"]) == augmentation.session_state["aug_count"]


def test_settings_survive_a_page_change(augmentation):
    let_go(augmentation, VERSIONS, with_values(augmentation, rotation=45))
    augmentation.switch_page("pages/pixels.py").run()
    augmentation.switch_page(AUGMENTATION).run()
    assert augmentation.session_state["aug_rotation"] == 45
    assert held(augmentation)["numbered"] == expected_captions(
        dataclasses.replace(AugmentSettings(), rotation=45)
    )


def open_link(app, link: dict[str, str]) -> None:
    """Open the page with ``link``'s parameters. (AppTest runs the page itself, not app.py
    around it, so the notice of what a link could not use is checked in the browser test.)"""
    app.run()
    app.switch_page(AUGMENTATION)
    app.query_params.update(link)
    app.run()
    assert not app.exception


def test_a_link_sets_the_sliders(app):
    link = {"aug_rotation": "90", "aug_elastic": "4", "aug_count": "8", "aug_noise": "0"}
    assert AugmentationPageSettings.from_query({k: [v] for k, v in link.items()})[1] == []
    open_link(app, link)
    assert app.session_state["aug_rotation"] == 90
    assert app.session_state["aug_elastic"] == 4.0
    assert app.query_params["aug_elastic"] == "4.0"
    settings = dataclasses.replace(AugmentSettings(), rotation=90, elastic=0.04, noise=0.0)
    assert held(app)["numbered"] == expected_captions(settings, count=8)


@pytest.mark.parametrize(
    ("name", "text"),
    [("aug_rotation", "37"), ("aug_rotation", "-5"), ("aug_noise", "banana"),
     ("aug_count", "7"), ("aug_elastic", "0.25"), ("aug_contrast", "1e9"), ("aug_flip", "nan")],
)  # fmt: skip
def test_a_link_value_the_slider_cannot_take_is_named_and_ignored(app, name, text):
    link = {name: text, "aug_shear": "10"}
    settings, ignored = AugmentationPageSettings.from_query({k: [v] for k, v in link.items()})
    assert ignored == [f"“{name}={text}”"]  # what the notice names
    assert settings.shear == 10
    open_link(app, link)
    default = next(slider.default for slider in SLIDERS if slider.name == name)
    assert app.session_state[name] == default
    assert app.query_params[name] == str(default)
    assert app.session_state["aug_shear"] == 10  # the rest of the link still applies


FACES = "aug_face_view"  # the face section's instant sliders and their views
DRAG_FACE_TILE = 50  # faces in the views of a wanted slider's steps: 2 × 2 blocks


def face_view(app, key: str | None = None) -> dict:
    """The face section's view of the face and count Python holds, or of ``key`` ("5,16")."""
    if key is None:
        return instant_view(app, FACES)
    return instant_data(app, FACES)["views"][key]


def face_mosaic(view: dict) -> np.ndarray:
    _, mosaic = view["pictures"]
    return view_picture(mosaic)


def assert_face_versions(view: dict, index: int, count: int, tile: int, *, seed: int = 0) -> None:
    """The view shows face ``index`` and the ``count`` versions core draws of it, with their
    words and numbers."""
    face = data.lfw_subset()[index]
    versions = augment_variants(face, AugmentSettings(), count=count, seed=seed)
    assert view["numbered"] == [describe(version.params) for version in versions]
    assert [picture["caption"] for picture in view["pictures"]] == [
        f"Face {index}: 25 × 25 = 625 numbers",
        f"{count} training examples made from face {index}, numbered",
    ]
    assert view["paragraphs"][0].startswith(
        f"One labelled face became **{count} training examples**, all labelled “face”."
    )
    shown = tiles(face_mosaic(view), count, FACE_COLUMNS, tile)
    block_side = tile // 25
    for tile_pixels, version in zip(shown, versions, strict=True):
        face_pixels = tile_pixels.mean(axis=2).reshape(25, block_side, 25, block_side)
        assert np.abs(face_pixels.mean(axis=(1, 3)) - version.image * 255).mean() < 2.5


def test_face_section_shows_training_examples_at_the_models_size(augmentation):
    assert_face_versions(face_view(augmentation), 0, 16, FACE_TILE)
    text = all_text(augmentation)
    assert "It sees small gray faces, 25 × 25 pixels each, like these 100" in text

    let_go(augmentation, FACES, [5, 32])
    assert (augmentation.session_state["aug_face"], augmentation.query_params["aug_face"]) == (
        5,
        "5",
    )
    assert_face_versions(face_view(augmentation), 5, 32, FACE_TILE)
    assert static_view_of(augmentation, "aug_mirror_view")["paragraphs"] == [
        "Compare face 5 with its two mirror images:"
    ]


def test_every_face_is_ready_when_the_person_reaches_for_the_face_slider(augmentation):
    let_go(augmentation, FACES, [3, 8])
    want_steps(augmentation, FACES, "aug_face")
    views = instant_data(augmentation, FACES)["views"]
    assert {f"{index},8" for index in range(100)} <= set(views)
    for index in (0, 42, 99):
        assert_face_versions(face_view(augmentation, f"{index},8"), index, 8, DRAG_FACE_TILE)
    want_steps(augmentation, FACES, "aug_face_count")
    views = instant_data(augmentation, FACES)["views"]
    assert {f"3,{count}" for count in (8, 16, 24, 32)} <= set(views)
    assert_face_versions(face_view(augmentation, "3,24"), 3, 24, DRAG_FACE_TILE)


def test_a_new_random_draw_redraws_the_faces_versions(augmentation):
    before = face_view(augmentation)["numbered"]
    augmentation.button(key="aug_face_new_draw").click().run()
    assert_face_versions(face_view(augmentation), 0, 16, FACE_TILE, seed=1)
    assert face_view(augmentation)["numbered"] != before


def test_the_face_chosen_stays_when_the_person_comes_back(augmentation):
    let_go(augmentation, FACES, [7, 24])
    augmentation.switch_page("pages/pixels.py").run()
    augmentation.switch_page(AUGMENTATION).run()
    assert_face_versions(face_view(augmentation), 7, 24, FACE_TILE)


def test_a_link_chooses_the_face(app):
    open_link(app, {"aug_face": "12", "aug_face_count": "8"})
    assert_face_versions(face_view(app), 12, 8, FACE_TILE)
    assert AugmentationPageSettings.from_query({"aug_face": ["100"]})[1] == ["“aug_face=100”"]
    assert AugmentationPageSettings.from_query({"aug_face_count": ["12"]})[1] == [
        "“aug_face_count=12”"
    ]


def test_label_section_marks_the_upside_down_face_as_outside_the_pipeline(augmentation):
    let_go(augmentation, FACES, [7, 16])
    face = np.rint(data.lfw_subset()[7] * 255).astype(np.uint8)
    mirrors = static_view_of(augmentation, "aug_mirror_view")
    assert [picture["caption"] for picture in mirrors["pictures"]] == [
        "The face as it is",
        "Mirrored left-right, as the pipeline does: still a face",
        "Flipped upside down: NOT part of the pipeline, shown only to compare",
    ]
    as_is, left_right, upside_down = (
        view_picture(picture)[..., 0] for picture in mirrors["pictures"]
    )
    assert np.array_equal(as_is, face)
    assert np.array_equal(left_right, face[:, ::-1])
    assert np.array_equal(upside_down, face[::-1])
    assert mirrors["paragraphs"] == ["Compare face 7 with its two mirror images:"]
    text = all_text(augmentation)
    assert "never flips upside down" in text
    assert "(rotate: up to ±180°, shift: up to ±50%, zoom: up to ±50%" in text
    extremes = static_view_of(augmentation, "aug_extreme_view")["pictures"]
    assert len(extremes) == 4
    assert max(abs(angle) for angle in rotations([p["caption"] for p in extremes])) > 20


def test_the_mirrors_and_strongest_versions_follow_the_face_slider_in_the_browser(augmentation):
    """Both views hold every face, so the browser swaps them as the Face slider moves; what
    each shows is drawn from that face."""
    faces = np.rint(data.lfw_subset() * 255).astype(np.uint8)
    for key in ("aug_mirror_view", "aug_extreme_view"):
        sent = instant_data(augmentation, key)
        assert sent["follows"] == {"name": "aug_face", "held": "0"}
        assert list(sent["views"]) == [str(index) for index in range(LFW_FACE_COUNT)]
    mirrors = instant_data(augmentation, "aug_mirror_view")["views"]
    for index in (0, 41, LFW_FACE_COUNT - 1):
        as_is = view_picture(mirrors[str(index)]["pictures"][0])[..., 0]
        assert np.array_equal(as_is, faces[index])
    extremes = instant_data(augmentation, "aug_extreme_view")["views"]
    assert extremes["41"]["paragraphs"] == ["Face 41, drawn 4 times at those strengths:"]
    assert not np.array_equal(  # another face's versions, drawn with the same draws
        view_picture(extremes["41"]["pictures"][0]), view_picture(extremes["0"]["pictures"][0])
    )
    let_go(augmentation, FACES, [41, 16])
    assert instant_data(augmentation, "aug_mirror_view")["follows"]["held"] == "41"


def test_training_lab_is_linked(augmentation):
    assert "training" in {link.proto.page for link in augmentation.get("page_link")}


def test_the_recipe_is_quoted_from_the_models_record(augmentation, monkeypatch, tmp_path):
    from core.metadata import read_metadata

    record = read_metadata()
    epochs = record["training"]["epochs"]
    shown = record["training"]["shown_per_epoch"]["face"]
    faces = record["dataset_sizes"]["train"]["face"]
    text = "\n".join(face_view(augmentation)["paragraphs"])
    assert (
        f"This app's face model trained for {epochs} epochs; each epoch showed its {faces} "
        f"training faces {shown // faces} times over ({shown:,} face pictures)" in text
    )
    assert f"So it met {epochs * shown:,} face pictures" in text

    record["training"]["epochs"] = 3  # another record: the words follow it
    (tmp_path / "face_cnn.json").write_text(json.dumps(record))
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))
    augmentation.run()
    assert f"trained for 3 epochs; each epoch showed its {faces}" in "\n".join(
        face_view(augmentation)["paragraphs"]
    )


def test_the_face_sliders_at_their_ends(augmentation):
    for index, count in ((99, 32), (0, 8)):
        let_go(augmentation, FACES, [index, count])
        assert not augmentation.exception
        assert_face_versions(face_view(augmentation), index, count, FACE_TILE)
