"""The "Augmentation" page: its controls change the versions drawn, exactly as core.augment does."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from skimage import data
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from core import images
from core.augment import NO_AUGMENTATION, AugmentSettings, augment_variants, describe
from tests.apptest_helpers import all_text, widget

AUGMENTATION = "pages/augmentation.py"
PREVIEW_SIDE = 256
GRID_COLUMNS = 4
FACE_TILE = 100  # 25 × 25 faces, each pixel a 4 × 4 block
FACE_COLUMNS = 8


@pytest.fixture
def media(monkeypatch) -> dict[str, bytes]:
    """Every file the page hands to Streamlit's media store, by file id (the URL's stem)."""
    stored: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = keep(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return stored


@pytest.fixture
def augmentation(app, media):
    app.run()
    app.switch_page(AUGMENTATION)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def block(node, key: str):
    """The container with ``key`` anywhere under ``node`` (None if absent)."""
    for child in getattr(node, "children", {}).values():
        if getattr(child, "key", None) == key and child.type != "image":
            return child
        found = block(child, key)
        if found is not None:
            return found
    return None


def grid(app, key: str = "aug_grid") -> tuple[str, list[str]]:
    """(URL of the mosaic, what each version drew) in the container ``key``."""
    container = block(app.main, key)
    assert container is not None, f"no container {key!r} on the page"
    (mosaic,) = container.get("image")
    (listing,) = [*container.get("caption"), *container.get("markdown")]
    lines = listing.value.split("\n")
    assert [line.split(". ", 1)[0] for line in lines] == [str(n) for n in range(1, len(lines) + 1)]
    return mosaic.value[0], [line.split(". ", 1)[1] for line in lines]


def decoded(media: dict[str, bytes], url: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(media[Path(url).stem])).convert("RGB"))


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


def same_picture(shown: np.ndarray, drawn: np.ndarray) -> bool:
    """True if a tile cut from the JPEG mosaic shows ``drawn``: their 8 × 8 block averages agree
    to within JPEG rounding (the blocks average away the grain JPEG smooths in noisy versions)."""
    side = shown.shape[0] // 8 * 8

    def blocks(picture: np.ndarray) -> np.ndarray:
        cut = np.asarray(picture, dtype=float)[:side, :side]
        return cut.reshape(side // 8, 8, side // 8, 8, -1).mean(axis=(1, 3))

    return float(np.abs(blocks(shown) - blocks(drawn)).mean()) < 1.5


def image_captioned(app, caption: str):
    return next(p for p in app.get("image") if p.captions == [caption])


def preview() -> np.ndarray:
    """The square copy of the default picture the page draws its versions from."""
    return images.resize_square(images.load_sample("astronaut"), PREVIEW_SIDE)


def expected_captions(settings: AugmentSettings, *, count: int = 16, seed: int = 0) -> list[str]:
    """What the page must list for its versions of the (default) astronaut."""
    return [
        describe(v.params) for v in augment_variants(preview(), settings, count=count, seed=seed)
    ]


def rotations(captions: list[str]) -> list[float]:
    return [float(re.search(r"rotated ([+-][\d.]+)°", caption)[1]) for caption in captions]


def without_rotation(caption: str) -> str:
    return re.sub(r"rotated [+-][\d.]+°", "", caption)


def test_default_grid_shows_what_core_draws(augmentation, media):
    url, captions = grid(augmentation)
    assert captions == expected_captions(AugmentSettings())
    assert "**16 versions** of the centre square of *Astronaut*" in all_text(augmentation)
    versions = augment_variants(preview(), AugmentSettings(), count=16, seed=0)
    shown = tiles(decoded(media, url), 16, GRID_COLUMNS, PREVIEW_SIDE)
    assert all(same_picture(tile, v.image) for tile, v in zip(shown, versions, strict=True))
    assert not same_picture(shown[0], versions[1].image)


def test_sliders_start_at_the_core_defaults(augmentation):
    defaults = AugmentSettings()
    assert widget(augmentation.slider, "aug_rotation").value == defaults.rotation
    assert widget(augmentation.slider, "aug_shift").value == round(100 * defaults.shift)
    assert widget(augmentation.slider, "aug_elastic").value == 100 * defaults.elastic
    assert widget(augmentation.slider, "aug_rotation").max == 180
    assert widget(augmentation.slider, "aug_contrast").max == 90


def test_rotation_slider_changes_the_versions_and_their_captions(augmentation):
    url_before, captions_before = grid(augmentation)
    widget(augmentation.slider, "aug_rotation").set_value(90).run()
    url, captions = grid(augmentation)
    assert url != url_before
    assert captions == expected_captions(dataclasses.replace(AugmentSettings(), rotation=90))
    # the same dice, scaled: every angle grows by 90 / 10 and nothing else in the caption moves
    scaled = np.array(rotations(captions_before)) * 90 / 10
    np.testing.assert_allclose(rotations(captions), scaled, atol=0.5)  # 1 decimal × 9
    assert all(abs(angle) <= 90 for angle in rotations(captions))
    assert [without_rotation(c) for c in captions] == [without_rotation(c) for c in captions_before]


def test_new_random_draw_changes_the_versions(augmentation):
    url_before, captions_before = grid(augmentation)
    augmentation.button(key="aug_new_draw").click().run()
    url, captions = grid(augmentation)
    assert url != url_before
    assert captions == expected_captions(AugmentSettings(), seed=1)
    assert captions != captions_before
    assert "random draw number 2" in all_text(augmentation)


def test_turning_everything_off_gives_the_original_and_defaults_bring_the_draw_back(
    augmentation, media
):
    url_before, captions_before = grid(augmentation)
    original = preview()
    changed = tiles(decoded(media, url_before), 16, GRID_COLUMNS, PREVIEW_SIDE)
    assert not any(same_picture(tile, original) for tile in changed)

    augmentation.button(key="aug_all_off").click().run()
    url, captions = grid(augmentation)
    assert captions == ["unchanged"] * 16
    for tile in tiles(decoded(media, url), 16, GRID_COLUMNS, PREVIEW_SIDE):
        assert np.abs(tile - original).mean() < 3  # the original, up to JPEG rounding
        assert same_picture(tile, original)
    assert widget(augmentation.slider, "aug_rotation").value == 0
    assert widget(augmentation.slider, "aug_elastic_smoothness").disabled  # nothing bends

    augmentation.button(key="aug_defaults").click().run()
    assert grid(augmentation) == (url_before, captions_before)
    assert not widget(augmentation.slider, "aug_elastic_smoothness").disabled


def test_only_noise_on_is_said_in_every_caption(augmentation):
    augmentation.button(key="aug_all_off").click().run()
    widget(augmentation.slider, "aug_noise").set_value(10).run()
    _, captions = grid(augmentation)
    assert captions == ["noise σ 10.0%"] * 16
    assert captions == expected_captions(dataclasses.replace(NO_AUGMENTATION, noise=0.1))


def test_count_slider_sets_the_number_of_versions_and_keeps_the_first_ones(augmentation, media):
    url_16, captions_16 = grid(augmentation)
    widget(augmentation.slider, "aug_count").set_value(8).run()
    url_8, captions_8 = grid(augmentation)
    assert captions_8 == captions_16[:8]
    assert "**8 versions**" in all_text(augmentation)
    first_8 = tiles(decoded(media, url_8), 8, GRID_COLUMNS, PREVIEW_SIDE)
    first_8_of_16 = tiles(decoded(media, url_16), 16, GRID_COLUMNS, PREVIEW_SIDE)[:8]
    assert all(same_picture(a, b) for a, b in zip(first_8, first_8_of_16, strict=True))
    widget(augmentation.slider, "aug_count").set_value(32).run()
    url_32, captions_32 = grid(augmentation)
    assert len(captions_32) == 32
    assert decoded(media, url_32).shape[0] > 3 * decoded(media, url_8).shape[0]  # 8 rows, not 2


def test_settings_survive_a_page_change(augmentation):
    widget(augmentation.slider, "aug_rotation").set_value(45).run()
    augmentation.switch_page("pages/pixels.py").run()
    augmentation.switch_page(AUGMENTATION).run()
    assert widget(augmentation.slider, "aug_rotation").value == 45


def test_face_section_shows_training_examples_at_the_models_size(augmentation, media):
    url, captions = grid(augmentation, "aug_face_grid")
    faces = data.lfw_subset()
    versions = augment_variants(faces[0], AugmentSettings(), count=16, seed=0)
    assert captions == [describe(version.params) for version in versions]
    shown = tiles(decoded(media, url), 16, FACE_COLUMNS, FACE_TILE)
    for tile, version in zip(shown, versions, strict=True):
        face_pixels = tile.mean(axis=2).reshape(25, 4, 25, 4).mean(axis=(1, 3))  # 4 × 4 blocks
        assert np.abs(face_pixels - version.image * 255).mean() < 1.5
    text = all_text(augmentation)
    assert "It sees small gray faces, 25 × 25 pixels each, like these 100" in text
    assert "One labelled face became **16 training examples**" in text
    assert image_captioned(augmentation, "Face 0: 25 × 25 = 625 numbers")

    widget(augmentation.slider, "aug_face").set_value(5).run()
    assert image_captioned(augmentation, "Face 5: 25 × 25 = 625 numbers")
    assert grid(augmentation, "aug_face_grid")[0] != url
    widget(augmentation.slider, "aug_face_count").set_value(32).run()
    assert len(grid(augmentation, "aug_face_grid")[1]) == 32


def test_label_section_marks_the_upside_down_face_as_outside_the_pipeline(augmentation):
    upside_down = [
        p for p in augmentation.get("image") if "NOT part of the pipeline" in p.captions[0]
    ]
    assert len(upside_down) == 1
    assert image_captioned(augmentation, "Mirrored left-right, as the pipeline does: still a face")
    text = all_text(augmentation)
    assert "never flips upside down" in text
    assert "(rotate: up to ±180°, shift: up to ±50%, zoom: up to ±50%" in text
    extremes = block(augmentation.main, "aug_extreme_grid").get("image")
    extreme_captions = [picture.captions[0] for picture in extremes]
    assert len(extreme_captions) == 4
    assert max(abs(angle) for angle in rotations(extreme_captions)) > 20


def test_training_lab_is_linked(augmentation):
    assert "training" in {link.proto.page for link in augmentation.get("page_link")}


def test_the_recipe_is_quoted_from_the_models_record(augmentation, monkeypatch, tmp_path):
    from core.metadata import read_metadata

    record = read_metadata()
    epochs = record["training"]["epochs"]
    shown = record["training"]["shown_per_epoch"]["face"]
    faces = record["dataset_sizes"]["train"]["face"]
    text = all_text(augmentation)
    assert (
        f"This app's face model trained for {epochs} epochs; each epoch showed its {faces} "
        f"training faces {shown // faces} times over ({shown:,} face pictures)" in text
    )
    assert f"So it met {epochs * shown:,} face pictures" in text

    record["training"]["epochs"] = 3  # another record: the words follow it
    (tmp_path / "face_cnn.json").write_text(json.dumps(record))
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))
    augmentation.run()
    assert f"trained for 3 epochs; each epoch showed its {faces}" in all_text(augmentation)
