"""The "Pixels are numbers" page: its widgets change what is drawn, in the right way."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from core import images
from tests.apptest_helpers import (
    draws_component,
    instant_data,
    instant_view,
    let_go,
    plotly_spec,
    want_steps,
)
from tests.apptest_helpers import heatmap_z as read_heatmap

PIXELS = "pages/pixels.py"


@pytest.fixture
def pixels(app):
    app.run()
    app.switch_page(PIXELS)
    app.run()
    assert not app.exception
    return app


def slider(app, label):
    return next(s for s in app.slider if s.label == label)


def heatmap_z(app, key="pixels_grid") -> np.ndarray:
    """The interactive heatmap's values (drawn only while chosen, so choose it)."""
    app.session_state["pixels_view"] = "Hover over every value"
    app.run()
    return read_heatmap(app, key)


def open_picker(app):
    """The picture picker builds its tabs only while open, as a person's click would."""
    app.session_state["picker_open"] = True
    return app.run()


def flattened_grid(app) -> list[str]:
    """The numbers of the tiny grid, as the page prints them in one line (the line just before
    the same numbers scaled to 0–1)."""
    codes = [code.value.split() for code in app.code]
    scaled = max(i for i, words in enumerate(codes) if words and all("." in w for w in words))
    return codes[scaled - 1]


def markdown_text(app) -> str:
    return "\n".join(block.value for block in app.markdown)


def size_view_text(app) -> str:
    """The words the size slider's view shows, for the size Python holds."""
    return "\n".join(instant_view(app, "pixels_size_view")["paragraphs"])


def size_grid(app, size: int) -> tuple[np.ndarray, dict]:
    """The values (and the rest) the browser is sent to draw the grid at ``size``."""
    grid = instant_data(app, "pixels_size_view")["views"][str(size)]["grids"][0]
    values = np.frombuffer(base64.b64decode(grid["values"]), dtype=np.uint8)
    return values.reshape(grid["rows"], grid["cols"]), grid


def set_size(app, size: int) -> None:
    let_go(app, "pixels_size_view", [size])
    assert not app.exception, [e.value for e in app.exception]


def png(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def test_default_counts_are_computed_from_the_picture(pixels):
    text = size_view_text(pixels)
    assert "At **128 × 128 in gray** the computer gets **16,384 numbers**" in text
    assert "**786,432 numbers**" in text  # the 512 × 512 astronaut in colour
    assert heatmap_z(pixels).shape == (128, 128)


def test_every_size_is_sent_once_with_the_numbers_core_computes(pixels):
    sizes = [int(name) for name in instant_data(pixels, "pixels_size_view")["views"]]
    assert sizes == [*range(8, 33), *range(40, 257, 8)]
    gray = images.to_gray(images.load_sample("astronaut"))
    for size in (8, 25, 32, 40, 256):
        values, grid = size_grid(pixels, size)
        np.testing.assert_array_equal(values, images.resize_square(gray, size))
        assert grid["numbers"] == (size <= 32)  # numbers printed while they fit


def test_size_slider_changes_the_count_and_the_grid(pixels):
    set_size(pixels, 16)
    assert "**256 numbers**" in size_view_text(pixels)
    grid = heatmap_z(pixels)
    assert grid.shape == (16, 16)
    expected = images.resize_square(images.to_gray(images.load_sample("astronaut")), 16)
    np.testing.assert_array_equal(grid, expected)
    assert pixels.session_state["pixels_size"] == 16
    assert pixels.query_params["pixels_size"] == "16"


def test_letting_go_sends_the_megabyte_of_views_only_once(pixels):
    before = instant_data(pixels, "pixels_size_view")
    set_size(pixels, 16)
    assert pixels.session_state["pixels_size"] == 16
    # The same data again: Streamlit's message cache then sends a reference, not the views.
    assert instant_data(pixels, "pixels_size_view") == before


def test_a_size_the_slider_does_not_offer_is_refused(pixels):
    set_size(pixels, 33)  # between 32 and 40: not a position of the slider
    assert pixels.session_state["pixels_size"] == 128


def image_captions(app) -> list[str]:
    return [caption for image in app.get("image") for caption in image.captions]


def test_small_grids_print_every_number_and_large_ones_offer_a_zoom(pixels):
    set_size(pixels, 32)
    captions = [g["caption"] for g in instant_view(pixels, "pixels_size_view")["grids"]]
    assert captions == ["All 32 × 32 = 1,024 values, each printed in its pixel"]
    assert not draws_component(pixels, "pixels_zoom_view")
    hover = plotly_spec_after_opening(pixels)
    assert hover["data"][0]["texttemplate"]  # numbers printed in every cell there too

    pixels.session_state["pixels_view"] = "Zoom window"
    set_size(pixels, 64)
    zoom = instant_data(pixels, "pixels_zoom_view")
    assert [s["options"] for s in zoom["sliders"]] == [list(range(64 - 16 + 1))] * 2
    assert zoom["values"] == [24, 24]  # the window starts in the middle
    reader = zoom["reader"]
    np.testing.assert_array_equal(reader_values(reader), size_grid(pixels, 64)[0])
    assert reader["side"] == 16
    # the browser fills in the window's rows and columns
    assert (
        reader["captions"][1]
        == "Rows {top}–{bottom}, columns {left}–{right}, with every number printed"
    )
    let_go(pixels, "pixels_zoom_view", [30, 24])
    assert pixels.session_state["pixels_zoom_row"] == 30
    assert "pixels_zoom_row" not in pixels.query_params  # not a setting of the page's links
    set_size(pixels, 40)  # a window row the smaller grid lacks goes back to the middle
    assert instant_data(pixels, "pixels_zoom_view")["values"] == [12, 24]


def reader_values(reader: dict) -> np.ndarray:
    values = np.frombuffer(base64.b64decode(reader["values"]), dtype=np.uint8)
    return values.reshape(reader["rows"], reader["cols"])


def plotly_spec_after_opening(app) -> dict:
    app.session_state["pixels_view"] = "Hover over every value"
    app.run()
    return plotly_spec(app, "pixels_grid")


def test_the_hover_heatmap_is_drawn_only_while_it_is_chosen(pixels):
    assert not pixels.get("plotly_chart")
    assert heatmap_z(pixels).shape == (128, 128)


def test_the_row_slider_reads_rows_of_the_grid_core_computes(pixels):
    set_size(pixels, 8)
    row = instant_data(pixels, "pixels_row_view")
    assert row["sliders"][0]["options"] == list(range(8))
    np.testing.assert_array_equal(reader_values(row["reader"]), heatmap_z(pixels))
    assert row["reader"]["captions"] == [
        "Row {row} of 8: 8 numbers, left to right. There are 7 more rows like it, 64 numbers "
        "in all. No face, no eyes: just numbers."
    ]
    let_go(pixels, "pixels_row_view", [3])
    assert pixels.session_state["pixels_row"] == 3


PIXEL_VIEW, MIX_VIEW = "colour_pixel_view", "colour_mix_view"


def view_words(app, key: str) -> str:
    return "\n".join(instant_view(app, key)["paragraphs"])


def view_captions(app, key: str) -> list[str]:
    return [picture["caption"] for picture in instant_view(app, key)["pictures"]]


def swatch_colour(picture: dict) -> tuple[int, ...]:
    """The one colour of a swatch the view sends, drawn at the size it is shown."""
    encoded = base64.b64decode(picture["src"].split(",", 1)[1])
    with Image.open(io.BytesIO(encoded)) as swatch:
        assert swatch.size == (picture["width"], picture["height"])
        (colour,) = np.unique(np.asarray(swatch.convert("RGB")).reshape(-1, 3), axis=0)
    return tuple(int(v) for v in colour)


def test_colour_mixer_names_the_colour(pixels):
    assert view_words(pixels, MIX_VIEW) == "**(255, 0, 255)** looks closest to **magenta**."
    let_go(pixels, MIX_VIEW, [255, 255, 0])
    assert view_words(pixels, MIX_VIEW) == "**(255, 255, 0)** looks closest to **yellow**."
    assert view_captions(pixels, MIX_VIEW) == ["(255, 255, 0)"]
    assert swatch_colour(instant_view(pixels, MIX_VIEW)["pictures"][0]) == (255, 255, 0)
    assert pixels.query_params["mix_green"] == "255"


def test_each_step_of_a_mixer_slider_is_named_by_core(pixels):
    let_go(pixels, MIX_VIEW, [40, 200, 90])
    want_steps(pixels, MIX_VIEW, "mix_blue")  # the person reaches for Blue
    views = instant_data(pixels, MIX_VIEW)["views"]
    assert {f"40,200,{blue}" for blue in range(256)} <= set(views)
    for blue in (0, 90, 128, 255):
        view = views[f"40,200,{blue}"]
        name = images.nearest_colour_name((40, 200, blue))
        assert view["paragraphs"] == [f"**(40, 200, {blue})** looks closest to **{name}**."]
        assert swatch_colour(view["pictures"][0]) == (40, 200, blue)
    # the names change along the way, as core says they do
    assert len({tuple(views[f"40,200,{b}"]["paragraphs"]) for b in range(256)}) > 1


def test_the_mixed_colour_stays_when_the_person_comes_back(pixels):
    let_go(pixels, MIX_VIEW, [0, 0, 128])
    pixels.switch_page("pages/convolution.py").run()
    pixels.switch_page(PIXELS).run()
    assert (pixels.session_state["mix_red"], pixels.session_state["mix_blue"]) == (0, 128)
    assert view_words(pixels, MIX_VIEW).startswith("**(0, 0, 128)** looks closest to")


def test_colour_pixel_reports_its_three_values(pixels):
    rgb = images.load_sample("astronaut")
    assert [pixels.session_state["colour_row"], pixels.session_state["colour_col"]] == [170, 256]
    let_go(pixels, PIXEL_VIEW, [0, 0])
    red, green, blue = (int(v) for v in rgb[0, 0])
    assert f"stored as **({red}, {green}, {blue})**: red {red}, green {green}, blue {blue}" in (
        view_words(pixels, PIXEL_VIEW)
    )
    assert view_captions(pixels, PIXEL_VIEW) == [
        f"Red grid: {red} at this pixel",
        f"Green grid: {green} at this pixel",
        f"Blue grid: {blue} at this pixel",
        f"Pixel (row 0, column 0) = ({red}, {green}, {blue})",
    ]
    swatches = [swatch_colour(p) for p in instant_view(pixels, PIXEL_VIEW)["pictures"]]
    assert swatches == [(red, 0, 0), (0, green, 0), (0, 0, blue), (red, green, blue)]
    # the three channel pictures are drawn once, whatever the pixel
    assert [c for c in captions(pixels) if c.endswith(" grid")] == [
        "Red grid",
        "Green grid",
        "Blue grid",
    ]


def test_each_step_of_the_column_slider_reads_that_pixel(pixels):
    rgb = images.load_sample("astronaut")
    let_go(pixels, PIXEL_VIEW, [300, 10])
    want_steps(pixels, PIXEL_VIEW, "colour_col")
    views = instant_data(pixels, PIXEL_VIEW)["views"]
    assert {f"300,{col}" for col in range(512)} <= set(views)
    for col in (0, 11, 511):
        red, green, blue = (int(v) for v in rgb[300, col])
        assert views[f"300,{col}"]["pictures"][3]["caption"] == (
            f"Pixel (row 300, column {col}) = ({red}, {green}, {blue})"
        )


def test_a_pixel_past_a_smaller_pictures_edge_becomes_its_last(pixels):
    let_go(pixels, PIXEL_VIEW, [400, 3])
    choose_sample(pixels, "digit_one")  # 5 × 5
    assert (pixels.session_state["colour_row"], pixels.session_state["colour_col"]) == (4, 3)
    assert "The pixel at row 4, column 3" in view_words(pixels, PIXEL_VIEW)
    assert pixels.query_params["colour_row"] == "4"


def test_a_link_chooses_the_pixel_and_the_colour(app):
    app.run()
    app.switch_page(PIXELS)
    app.query_params.update(
        {"picture": "digit_one", "colour_row": "900", "colour_col": "1", "mix_red": "12"}
    )
    app.run()
    assert not app.exception
    assert (app.session_state["colour_row"], app.session_state["colour_col"]) == (4, 1)
    assert view_words(app, MIX_VIEW).startswith("**(12, 0, 255)**")


def test_editing_the_tiny_grid_changes_the_picture_and_the_vector(pixels):
    before_picture = pixels.get("image")[-1].value
    key = next(editor.key for editor in pixels.data_editor)
    pixels.session_state[key] = {
        "edited_rows": {2: {"col 2": 255}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    pixels.run()
    assert pixels.get("image")[-1].value != before_picture
    assert flattened_grid(pixels)[12] == "255"  # row 2, column 2 is element 12


def test_values_outside_the_byte_range_are_clipped_with_a_note(pixels):
    key = next(editor.key for editor in pixels.data_editor)
    pixels.session_state[key] = {
        "edited_rows": {0: {"col 0": 999}, 1: {"col 1": -20}}, "added_rows": [],
        "deleted_rows": [],
    }  # fmt: skip
    pixels.run()
    assert "2 values fell outside 0–255" in pixels.warning[0].value
    flat = flattened_grid(pixels)
    assert flat[0] == "255" and flat[6] == "0"


def test_presets_replace_the_grid(pixels):
    pixels.button(key="tiny_Letter H").click().run()
    flat = flattened_grid(pixels)
    np.testing.assert_array_equal(np.array(flat, dtype=int), images.letter_h(5).ravel())


def test_good_upload_becomes_the_picture_on_every_page(pixels):
    open_picker(pixels)
    rgb = np.zeros((40, 60, 3), dtype=np.uint8)
    rgb[..., 1] = 200
    pixels.file_uploader[0].set_value(("green.png", png(rgb), "image/png")).run()
    assert not pixels.error
    assert pixels.session_state["picture"].title == "green.png"
    assert "40 × 60 × 3" not in markdown_text(pixels)  # width first: 60 × 40
    assert any(
        "60 × 40 pixels × 3 colours = 7,200 numbers" in c
        for i in pixels.get("image")
        for c in i.captions
    )
    pixels.switch_page("pages/convolution.py").run()
    pixels.switch_page(PIXELS).run()
    assert pixels.session_state["picture"].title == "green.png"


def test_bad_upload_shows_the_loader_message_and_keeps_the_picture(pixels):
    open_picker(pixels)
    pixels.file_uploader[0].set_value(("notes.png", b"not a picture at all", "image/png")).run()
    assert not pixels.exception
    assert "not a picture we can read" in pixels.error[0].value
    assert "previous picture is still in use" in pixels.error[0].value
    assert pixels.session_state["picture"].title == "Astronaut"


def test_large_upload_is_worked_on_as_a_stated_smaller_copy(pixels):
    open_picker(pixels)
    big = np.random.default_rng(0).integers(0, 256, (1500, 2400, 3), dtype=np.uint8)
    pixels.file_uploader[0].set_value(("big.png", png(big), "image/png")).run()
    assert pixels.session_state["picture"].size == (1024, 640)
    assert any("2,400 × 1,500" in caption.value for caption in pixels.caption)


def test_webcam_photo_becomes_the_picture(pixels):
    open_picker(pixels)
    next(t for t in pixels.toggle if t.label == "Turn on the webcam").set_value(True).run()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, "JPEG")
    pixels.camera_input[0].upload("photo.jpg", buffer.getvalue(), "image/jpeg").run()
    assert pixels.session_state["picture"].title == "Webcam photo"
    assert pixels.session_state["picture"].size == (64, 48)


def test_choosing_a_sample(pixels):
    open_picker(pixels)
    pixels.button(key="sample_digit_one").click().run()
    picture = pixels.session_state["picture"]
    assert picture.size == (5, 5)
    assert "At **128 × 128 in gray**" in size_view_text(pixels)


def choose_sample(app, name: str):
    open_picker(app)
    app.button(key=f"sample_{name}").click().run()
    assert not app.exception
    return app


def captions(app) -> list[str]:
    return [caption for image in app.get("image") for caption in image.captions]


def test_a_gray_picture_is_counted_as_one_number_per_pixel(pixels):
    assert "1. Your picture: 512 × 512 pixels × 3 colours = 786,432 numbers" in captions(pixels)
    choose_sample(pixels, "camera")  # the cameraman: a gray photo
    shown = captions(pixels)
    assert "1. Your picture: 512 × 512 gray pixels, one number each = 262,144 numbers" in shown
    assert "2. Already gray: still 262,144 numbers" in shown
    assert "This picture is gray already" in markdown_text(pixels)
    assert "Your original is **262,144 numbers**, 16 times as many." in size_view_text(pixels)


def test_a_picture_smaller_than_the_grid_is_said_to_hold_fewer_numbers(pixels):
    choose_sample(pixels, "digit_one")  # 5 × 5, gray: 25 numbers
    text = size_view_text(pixels)  # at the default 128 × 128: 16,384 numbers
    assert "Your original is **25 numbers**, fewer: a picture smaller than 128 × 128" in text
    assert "holds 655 times as many numbers as your picture" in text
    assert " 0 times as many" not in text


def test_the_colour_sliders_at_their_ends(pixels):
    rgb = images.load_sample("astronaut")
    for row, col in ((0, 511), (511, 0), (511, 511)):
        let_go(pixels, PIXEL_VIEW, [row, col])
        assert not pixels.exception
        red, green, blue = (int(v) for v in rgb[row, col])
        assert view_captions(pixels, PIXEL_VIEW)[3] == (
            f"Pixel (row {row}, column {col}) = ({red}, {green}, {blue})"
        )
    for colour, name in (((0, 0, 0), "black"), ((255, 255, 255), "white")):
        let_go(pixels, MIX_VIEW, list(colour))
        assert view_words(pixels, MIX_VIEW) == f"**{colour}** looks closest to **{name}**."


def test_a_picture_one_pixel_high_has_no_row_to_choose(pixels):
    open_picker(pixels)
    strip = np.arange(30, dtype=np.uint8).reshape(1, 10, 3)
    pixels.file_uploader[0].set_value(("strip.png", png(strip), "image/png")).run()
    assert not pixels.exception
    sliders = {s["name"]: s for s in instant_data(pixels, PIXEL_VIEW)["sliders"]}
    assert sliders["colour_row"]["disabled"] and sliders["colour_row"]["options"] == [0]
    assert sliders["colour_col"]["options"] == list(range(10))
    let_go(pixels, PIXEL_VIEW, [0, 9])
    assert "stored as **(27, 28, 29)**" in view_words(pixels, PIXEL_VIEW)
