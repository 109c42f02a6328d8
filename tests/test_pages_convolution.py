"""The "Convolution" page: every control changes what is drawn, in the right way."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from core import colours, images
from core.convolution import PRESETS, correlate2d
from pages.drawing import number
from pages.sections.convolution.exercises import LABELS as EXERCISE_LABELS
from tests.apptest_helpers import (
    all_text,
    component_data,
    draws_component,
    heatmap_z,
    instant_data,
    instant_view,
    let_go,
    want_steps,
    widget,
)

CONVOLUTION = "pages/convolution.py"
MAIN_OUTPUT = "Output of "


@pytest.fixture
def convolution(app):
    app.run()
    app.switch_page(CONVOLUTION)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def image_url(app, caption_start: str) -> str:
    """The URL of the image whose caption starts with `caption_start` (it changes with the
    pixels)."""
    for image in app.get("image"):
        for shown in image.proto.imgs:
            if shown.caption.startswith(caption_start):
                return shown.url
    raise AssertionError(f"no image captioned {caption_start!r}")


def image_captions(app) -> list[str]:
    return [shown.caption for image in app.get("image") for shown in image.proto.imgs]


def page_text(app) -> str:
    """Everything a visitor reads: text, alerts, code, image captions."""
    extra = [element.value for element in (*app.code, *app.success)]
    return "\n".join([all_text(app), *extra, *image_captions(app)])


def assert_clean(app) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not re.search(r"\b(nan|inf)\b", page_text(app), flags=re.IGNORECASE)


LAB = "conv_kernel_lab"  # the 3 × 3 sliders and their output, drawn by the browser
DIVISOR_FIELD = "conv_divisor_field"  # larger kernels' divisor: a browser number field


def sliders(app) -> np.ndarray:
    """The weights Python holds for the browser's 3 × 3 sliders."""
    return np.array([[app.session_state[f"kernel_w_{r}_{c}"] for c in range(3)] for r in range(3)])


def divisor(app) -> float:
    """The divisor Python holds (the 3 × 3 lab's field, or the number field of larger ones)."""
    return app.session_state["conv_divisor"]


def set_sliders(app, weights, divide_by: float | None = None) -> None:
    """Move the sliders to ``weights`` (and the lab's divisor to ``divide_by``) and let go, as
    the browser reports it: nine weights, then the divisor."""
    held = divisor(app) if divide_by is None else divide_by
    let_go(app, LAB, [*(float(w) for w in np.ravel(weights)), held])


def set_divisor(app, value) -> None:
    """Change the 3 × 3 lab's divisor in the browser and let go."""
    let_go(app, LAB, [*sliders(app).ravel().tolist(), value])


def set_weight(app, row: int, col: int, value: float) -> None:
    weights = sliders(app)
    weights[row, col] = value
    set_sliders(app, weights)


def lab_drawing(app) -> tuple:
    """What the browser draws the 3 × 3 output from: weights, divisor, scaling."""
    data = instant_data(app, LAB)
    return sliders(app).tolist(), divisor(app), data["scaling"]


def view_picture(view: dict, caption_start: str) -> np.ndarray:
    """The picture of an instant view (``pages.instant``) whose caption starts so, decoded."""
    picture = next(p for p in view["pictures"] if p["caption"].startswith(caption_start))
    encoded = base64.b64decode(picture["src"].split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(encoded)).convert("RGB"))


def view_text(view: dict) -> str:
    """Everything an instant view says: warning, paragraphs, captions."""
    return "\n".join(
        [view["warning"] or "", *view["paragraphs"], *view.get("after", [])]
        + [picture["caption"] for picture in view["pictures"]]
    )


def open_section(app, title: str) -> None:
    """Choose one of the "Look closer" labs (only the chosen one is built, as in a browser)."""
    app.session_state["conv_section"] = title
    app.run()


def remembered(app) -> np.ndarray:
    return app.session_state["kernel"].weights


def choose_preset(app, name: str) -> None:
    widget(app.selectbox, "conv_preset").set_value(name).run()


# --------------------------------------------------------------------------------------------
# The kernel lab
# --------------------------------------------------------------------------------------------


def test_starts_with_vertical_edges_on_the_sliders_and_applies_them(convolution):
    np.testing.assert_array_equal(sliders(convolution), [[1, 0, -1]] * 3)
    np.testing.assert_array_equal(remembered(convolution), PRESETS["Vertical edges"].kernel)
    assert "The weights add up to **0**" in all_text(convolution)
    gray = images.to_gray(images.load_sample("astronaut"))
    expected = correlate2d(gray, PRESETS["Vertical edges"].kernel, padding="mirror")
    assert (
        f"Output values run from **−{abs(expected.min()):,.0f}** to **{expected.max():,.0f}**"
        in all_text(convolution)
    )
    assert_clean(convolution)


def test_a_weight_slider_changes_the_output_and_makes_the_kernel_custom(convolution):
    before = lab_drawing(convolution)
    set_weight(convolution, 0, 0, -1.0)
    assert lab_drawing(convolution) != before
    assert widget(convolution.selectbox, "conv_preset").value == "Custom"
    assert convolution.session_state["kernel"].name == "Custom"
    expected = np.array(PRESETS["Vertical edges"].kernel)
    expected[0, 0] = -1
    np.testing.assert_array_equal(remembered(convolution), expected)
    assert "The weights add up to **−2**" in all_text(convolution)
    assert_clean(convolution)


def test_the_same_edit_after_going_back_to_the_preset_counts_again(convolution):
    set_weight(convolution, 1, 1, 1.0)
    widget(convolution.button, "conv_back_to_preset").click().run()
    assert convolution.session_state["kernel"].name == "Vertical edges"
    taken = instant_data(convolution, LAB)
    assert taken["weights"] == [1, 0, -1] * 3  # the browser is told to take the preset back
    set_weight(convolution, 1, 1, 1.0)  # the very same values let go of again
    assert convolution.session_state["kernel"].name == "Custom"
    assert "The weights add up to **1**" in all_text(convolution)


def test_back_to_the_preset_after_an_edit(convolution):
    assert widget(convolution.button, "conv_back_to_preset").disabled
    set_weight(convolution, 1, 1, 1.0)
    assert "The weights add up to **1**" in all_text(convolution)
    widget(convolution.button, "conv_back_to_preset").click().run()
    np.testing.assert_array_equal(sliders(convolution), [[1, 0, -1]] * 3)
    assert convolution.session_state["kernel"].name == "Vertical edges"
    assert widget(convolution.button, "conv_back_to_preset").disabled


def test_switching_preset_updates_all_sliders_and_the_output(convolution):
    before = lab_drawing(convolution)
    choose_preset(convolution, "Sharpen")
    np.testing.assert_array_equal(sliders(convolution), PRESETS["Sharpen"].kernel)
    assert lab_drawing(convolution) != before
    assert convolution.session_state["kernel"].name == "Sharpen"
    assert "The weights add up to **1**" in all_text(convolution)

    choose_preset(convolution, "Gaussian blur 3×3")
    np.testing.assert_array_equal(sliders(convolution), [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    assert divisor(convolution) == 16
    assert instant_data(convolution, LAB)["divisor"] == 16  # the lab's field shows it
    np.testing.assert_allclose(remembered(convolution), PRESETS["Gaussian blur 3×3"].kernel)
    assert "every weight ÷ 16" in all_text(convolution)
    assert_clean(convolution)


def test_a_larger_preset_is_edited_in_a_table(convolution):
    choose_preset(convolution, "Gaussian blur 5×5")
    assert widget(convolution.get("button_group"), "conv_side").value == 5
    assert not [s for s in convolution.slider if s.key.startswith("kernel_w_")]
    np.testing.assert_allclose(remembered(convolution), PRESETS["Gaussian blur 5×5"].kernel)
    editor = next(e for e in convolution.data_editor if e.key.startswith("conv_editor_"))
    convolution.session_state[editor.key] = {
        "edited_rows": {2: {"3": 0}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    convolution.run()
    assert convolution.session_state["kernel"].name == "Custom"
    assert remembered(convolution)[2, 2] == 0
    assert "Output of your 5 × 5 kernel: 512 × 512" in image_captions(convolution)
    assert_clean(convolution)


def test_the_size_control_grows_the_kernel_with_zeros(convolution):
    widget(convolution.get("button_group"), "conv_side").set_value(5).run()
    kernel = remembered(convolution)
    assert kernel.shape == (5, 5)
    np.testing.assert_array_equal(kernel[1:4, 1:4], PRESETS["Vertical edges"].kernel)
    assert np.count_nonzero(kernel) == 6
    assert widget(convolution.selectbox, "conv_preset").value == "Custom"
    widget(convolution.get("button_group"), "conv_side").set_value(3).run()
    np.testing.assert_array_equal(sliders(convolution), [[1, 0, -1]] * 3)


def test_dividing_by_the_sum_turns_nine_ones_into_an_average(convolution):
    set_sliders(convolution, np.ones((3, 3)))
    assert "a flat area comes out 9 times as bright (brighter)" in all_text(convolution)
    widget(convolution.button, "conv_normalise").click().run()
    assert divisor(convolution) == 9
    assert instant_data(convolution, LAB)["divisor"] == 9  # the lab's field shows it
    np.testing.assert_allclose(remembered(convolution), np.ones((3, 3)) / 9)
    assert "The weights add up to **1**" in all_text(convolution)


@pytest.mark.parametrize("scaling", ["absolute", "clip", "rescale"])
def test_every_display_scaling_is_sent_to_the_browser_and_to_larger_kernels(convolution, scaling):
    widget(convolution.selectbox, "conv_scaling").set_value(scaling).run()
    assert lab_drawing(convolution)[2] == scaling
    assert_clean(convolution)
    choose_preset(convolution, "Gaussian blur 5×5")  # drawn by Python: a picture per scaling
    before = image_url(convolution, MAIN_OUTPUT)
    widget(convolution.selectbox, "conv_scaling").set_value("diverging").run()
    assert image_url(convolution, MAIN_OUTPUT) != before
    assert_clean(convolution)


def test_weights_the_sliders_cannot_hold_are_refused(convolution):
    set_sliders(convolution, [[11, 0, 0], [0, 0, 0], [0, 0, 0]])  # beyond ±10
    np.testing.assert_array_equal(sliders(convolution), [[1, 0, -1]] * 3)
    let_go(convolution, LAB, [1, 2, 3])  # not nine
    np.testing.assert_array_equal(sliders(convolution), [[1, 0, -1]] * 3)
    assert_clean(convolution)


def test_an_all_zero_kernel_says_the_output_is_all_zero(convolution):
    set_sliders(convolution, np.zeros((3, 3)))
    assert "The output is all 0." in all_text(convolution)
    for scaling in ("diverging", "rescale"):
        widget(convolution.selectbox, "conv_scaling").set_value(scaling).run()
        assert_clean(convolution)


def test_weights_of_a_thousand_stay_defined(convolution):
    set_sliders(convolution, [[10, -10, 10], [-10, 10, -10], [10, -10, 10]])
    set_divisor(convolution, 0.01)
    assert remembered(convolution).max() == pytest.approx(1000)
    text = all_text(convolution)
    assert "Output values run from **−" in text
    assert "every weight ÷ 0.01" in text
    for scaling in ("diverging", "absolute", "clip", "rescale"):
        widget(convolution.selectbox, "conv_scaling").set_value(scaling).run()
        assert_clean(convolution)
    # The sections further down pick the kernel up too.
    for title in ("One step, in numbers", "Padding and stride"):
        open_section(convolution, title)
        assert_clean(convolution)
    widget(convolution.radio, "conv_padding").set_value("valid").run()
    assert_clean(convolution)


def test_the_lab_divisor_let_go_reaches_python_the_words_and_the_link(convolution):
    assert instant_data(convolution, LAB)["divisor"] == 1
    assert instant_data(convolution, LAB)["divisorLimitsText"] == "from 0.01 to 1,000,000"
    components = [c.proto.id for c in convolution.get("bidi_component")]
    assert not [c for c in components if c.endswith(DIVISOR_FIELD)]  # larger kernels' field
    set_divisor(convolution, 4)  # pressed up three times in the browser, then let go
    assert divisor(convolution) == 4
    np.testing.assert_allclose(remembered(convolution), np.array([[1, 0, -1]] * 3) / 4)
    assert widget(convolution.selectbox, "conv_preset").value == "Custom"
    text = all_text(convolution)
    assert "The kernel applied is every weight ÷ 4:" in text
    assert "Blurs are divided by the sum of their weights" in text
    assert convolution.query_params["conv_kernel"] == "1,0,-1,1,0,-1,1,0,-1/4"
    set_divisor(convolution, 2.5)  # typed
    assert convolution.query_params["conv_kernel"] == "1,0,-1,1,0,-1,1,0,-1/2.5"
    assert "every weight ÷ 2.5:" in all_text(convolution)
    assert_clean(convolution)


def test_a_let_go_the_lab_shows_leaves_its_data_as_it_was_and_a_clamped_one_does_not(convolution):
    set_weight(convolution, 0, 0, 2.0)  # the first let go names the kernel "Custom"
    before = instant_data(convolution, LAB)
    set_weight(convolution, 0, 1, 1.5)
    set_divisor(convolution, 4)
    after = instant_data(convolution, LAB)
    assert after == before  # the same message: the browser already shows these values
    set_divisor(convolution, 0.0)  # Python holds 0.01, the nearest limit: the lab is told
    clamped = instant_data(convolution, LAB)
    assert clamped["version"] != before["version"] and clamped["divisor"] == 0.01


def test_dividing_by_the_sum_shows_in_the_lab_field_even_as_a_value_it_had(convolution):
    set_sliders(convolution, np.ones((3, 3)))
    widget(convolution.button, "conv_normalise").click().run()
    first = instant_data(convolution, LAB)
    assert first["divisor"] == 9
    assert widget(convolution.button, "conv_normalise").disabled  # already their sum
    set_divisor(convolution, 3)  # the browser shows 3; Python last told it 9
    assert not widget(convolution.button, "conv_normalise").disabled
    widget(convolution.button, "conv_normalise").click().run()
    again = instant_data(convolution, LAB)
    assert (again["divisor"], divisor(convolution)) == (9, 9)
    assert again["version"] != first["version"]  # so the browser takes 9 again


def test_a_let_go_in_the_same_run_as_dividing_by_the_sum_is_not_lost(convolution):
    set_sliders(convolution, np.ones((3, 3)))
    # The focus leaves the lab for the button: the letting go and the click, in one run.
    convolution.session_state[LAB] = {"values": {"values": [2.0] * 9 + [3.0], "commit": "x"}}
    widget(convolution.button, "conv_normalise").click().run()
    np.testing.assert_array_equal(sliders(convolution), np.full((3, 3), 2.0))
    assert divisor(convolution) == 18  # the sum of the weights let go of
    assert instant_data(convolution, LAB)["divisor"] == 18


@pytest.mark.parametrize(
    ("sent", "held"),
    [(0.0, 0.01), (-5.0, 0.01), (1e12, 1e6), (float("inf"), 1e6), (0.001, 0.01)],
)
def test_a_divisor_beyond_its_limits_is_clamped_never_zero(convolution, sent, held):
    set_divisor(convolution, sent)  # the browser clamps too; Python does not trust it
    assert divisor(convolution) == held
    assert instant_data(convolution, LAB)["divisor"] == held  # shown in the field
    assert np.isfinite(remembered(convolution)).all()
    assert_clean(convolution)


@pytest.mark.parametrize("sent", [float("nan"), "abc", None, ""])
def test_a_divisor_that_is_not_a_number_is_refused(convolution, sent):
    set_divisor(convolution, sent)
    assert divisor(convolution) == 1
    np.testing.assert_array_equal(remembered(convolution), PRESETS["Vertical edges"].kernel)
    assert_clean(convolution)


def opened_from_link(app, **parameters: str):
    """The Convolution page opened from a link with these ``parameters`` (as a link writes
    them)."""
    app.run()
    app.switch_page(CONVOLUTION)
    for name, value in parameters.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_link_with_a_divisor_opens_with_it(app):
    opened_from_link(app, conv_kernel="1,1,1,1,1,1,1,1,1/9")
    assert divisor(app) == 9
    assert instant_data(app, LAB)["divisor"] == 9
    np.testing.assert_allclose(remembered(app), np.ones((3, 3)) / 9)
    assert "The weights add up to **1**" in all_text(app)


def test_the_divisor_is_kept_when_coming_back_to_the_page(convolution):
    set_divisor(convolution, 7)
    convolution.switch_page("pages/pixels.py")
    convolution.run()
    convolution.switch_page(CONVOLUTION)
    convolution.run()
    assert divisor(convolution) == 7
    assert instant_data(convolution, LAB)["divisor"] == 7


def divisor_field(app) -> dict:
    """What the page sent to the divisor's number field of kernels larger than 3 × 3."""
    return component_data(app, DIVISOR_FIELD)


def divisor_shown(app) -> float:
    """The divisor the browser is told to show in that field (taken when its version changes)."""
    (value,) = divisor_field(app)["values"]
    return value


def output_range(app) -> tuple[float, float]:
    """The lowest and highest output value, as the words under the output say them."""
    found = re.search(r"Output values run from \*\*(.+?)\*\* to \*\*(.+?)\*\*", all_text(app))
    low, high = (float(text.replace("−", "-").replace(",", "")) for text in found.groups())
    return low, high


def test_a_larger_kernel_divides_in_a_browser_number_field(convolution):
    choose_preset(convolution, "Gaussian blur 5×5")
    assert not convolution.number_input  # no arrow key or − / + reruns Python
    data = divisor_field(convolution)
    [field] = data["fields"]
    assert (field["name"], field["label"], field["low"], field["high"]) == (
        "conv_divisor", "Divide every weight by", 0.01, 1e6
    )  # fmt: skip
    assert (field["step"], field["decimals"]) == (1, None)  # any divisor, stepped by 1
    assert divisor_shown(convolution) == divisor(convolution) == 256
    before = output_range(convolution)

    let_go(convolution, DIVISOR_FIELD, [128])  # typed or stepped in the browser, then let go
    assert divisor(convolution) == 128
    assert divisor_field(convolution)["version"] == data["version"]  # the browser shows it
    np.testing.assert_allclose(remembered(convolution), PRESETS["Gaussian blur 5×5"].kernel * 2)
    assert "every weight ÷ 128" in all_text(convolution)
    assert widget(convolution.selectbox, "conv_preset").value == "Custom"
    low, high = before
    assert output_range(convolution) == (2 * low, 2 * high)  # the output, twice as bright
    assert "conv_kernel" not in convolution.query_params  # a 5 × 5 of its own has no link

    let_go(convolution, DIVISOR_FIELD, [2.5])  # any divisor within the limits, as typed
    assert divisor(convolution) == 2.5 and "every weight ÷ 2.5" in all_text(convolution)
    assert_clean(convolution)


def test_a_larger_kernels_field_shows_the_divisor_a_preset_or_the_sum_sets(convolution):
    choose_preset(convolution, "Gaussian blur 5×5")
    let_go(convolution, DIVISOR_FIELD, [128])
    version = divisor_field(convolution)["version"]
    widget(convolution.button, "conv_normalise").click().run()  # ÷ their sum: 256
    assert divisor(convolution) == divisor_shown(convolution) == 256
    assert divisor_field(convolution)["version"] > version  # the field takes it

    let_go(convolution, DIVISOR_FIELD, [64])
    version = divisor_field(convolution)["version"]
    widget(convolution.button, "conv_back_to_preset").click().run()
    assert divisor(convolution) == divisor_shown(convolution) == 256
    assert divisor_field(convolution)["version"] > version

    # A let go that reaches Python in the same run as the click (the focus left the field for
    # the button): taken first, so the sum, pressed after, wins, and the field is told.
    let_go(convolution, DIVISOR_FIELD, [32])
    version = divisor_field(convolution)["version"]
    convolution.session_state[DIVISOR_FIELD] = {"values": {"values": [16], "commit": "same run"}}
    widget(convolution.button, "conv_normalise").click().run()
    assert divisor(convolution) == divisor_shown(convolution) == 256
    assert divisor_field(convolution)["version"] > version

    choose_preset(convolution, "Big box blur 11×11")
    assert divisor(convolution) == divisor_shown(convolution) == 121
    assert_clean(convolution)


@pytest.mark.parametrize("sent", [[0], [2e6], [float("nan")], ["abc"], [None], [1, 2], []])
def test_a_larger_kernels_divisor_the_field_does_not_take_is_ignored(convolution, sent):
    choose_preset(convolution, "Gaussian blur 5×5")
    let_go(convolution, DIVISOR_FIELD, sent)  # the browser clamps first; Python does not trust it
    assert not convolution.exception
    assert divisor(convolution) == divisor_shown(convolution) == 256


@pytest.mark.parametrize("limit", [0.01, 1e6])
def test_a_larger_kernels_divisor_at_its_limits_gives_a_clean_page(convolution, limit):
    choose_preset(convolution, "Big box blur 11×11")
    let_go(convolution, DIVISOR_FIELD, [limit])  # as the browser sends a limit, typed or stepped
    assert divisor(convolution) == divisor_shown(convolution) == limit
    np.testing.assert_allclose(remembered(convolution), np.ones((11, 11)) / limit)
    assert_clean(convolution)


def test_the_divisor_is_kept_across_kernel_sizes(convolution):
    choose_preset(convolution, "Gaussian blur 5×5")
    let_go(convolution, DIVISOR_FIELD, [100])
    widget(convolution.get("button_group"), "conv_side").set_value(3).run()  # back to the lab
    assert instant_data(convolution, LAB)["divisor"] == divisor(convolution) == 100
    set_divisor(convolution, 7)  # in the 3 × 3 lab's own field
    widget(convolution.get("button_group"), "conv_side").set_value(7).run()
    assert divisor(convolution) == divisor_shown(convolution) == 7
    widget(convolution.get("button_group"), "conv_side").set_value(5).run()
    assert divisor(convolution) == divisor_shown(convolution) == 7
    convolution.switch_page("pages/pixels.py").run()
    convolution.switch_page(CONVOLUTION).run()
    assert divisor(convolution) == divisor_shown(convolution) == 7
    assert "every weight ÷ 7" in all_text(convolution)
    assert_clean(convolution)


def test_a_link_to_a_larger_preset_shows_its_divisor_in_the_field(app):
    opened_from_link(app, conv_kernel="Gaussian blur 5×5")
    assert divisor(app) == divisor_shown(app) == 256
    let_go(app, DIVISOR_FIELD, [128])  # the kernel, now one of its own, leaves the link
    assert "conv_kernel" not in app.query_params and "conv_divisor" not in app.query_params


def test_a_kernel_larger_than_the_picture(convolution):
    convolution.session_state["picker_open"] = True  # the picker builds its buttons when open
    convolution.run()
    convolution.button(key="sample_digit_one").click().run()
    choose_preset(convolution, "Big box blur 11×11")
    assert "Output of Big box blur 11×11: 5 × 5" in image_captions(convolution)
    assert_clean(convolution)  # the step-by-step lab: an 11 × 11 window over a 7 × 7 letter
    open_section(convolution, "Padding and stride")
    widget(convolution.radio, "conv_padding").set_value("valid").run()
    warning = stride_view(convolution)["warning"] or ""  # the letter and the picture: 7, 5
    assert "larger than the image side of 7 pixels" in warning, warning
    assert "larger than the image side of 5 pixels" in warning, warning
    assert_clean(convolution)


# --------------------------------------------------------------------------------------------
# One step
# --------------------------------------------------------------------------------------------


STEP = "conv_step_view"  # the output row and column sliders and the step they show


def step_view(app) -> dict:
    """The one-step walk-through as the browser shows it for the position Python holds."""
    return instant_view(app, STEP)


def products_line(patch: np.ndarray, kernel: np.ndarray, total: float) -> str:
    """The "4. Add the products" line, written out from the numbers themselves."""
    terms = " + ".join(
        f"{p:.0f}×{w:.0f}" if w >= 0 else f"{p:.0f}×(−{-w:.0f})"
        for p, w in zip(patch.ravel(), kernel.ravel(), strict=True)
    )
    return f"4. Add the products: {terms} = **{number(total)}**"


def test_one_step_adds_the_products_of_the_chosen_position(convolution):
    kernel = PRESETS["Vertical edges"].kernel
    expected = correlate2d(images.LETTER_H, kernel, padding="zero")
    data = instant_data(convolution, STEP)
    assert [s["name"] for s in data["sliders"]] == ["conv_step_row", "conv_step_col"]
    assert [s["options"] for s in data["sliders"]] == [list(range(7))] * 2
    assert data["lazy"]  # a 12 × 12 output has 144 positions: sent a slider's steps at a time
    let_go(convolution, STEP, [3, 2])
    assert (
        convolution.session_state["conv_step_row"],
        convolution.session_state["conv_step_col"],
    ) == (3, 2)
    view = step_view(convolution)
    text = view_text(view)
    assert f"output pixel (row 3, column 2): **{expected[3, 2]:.0f}**" in text
    patch = images.LETTER_H[2:5, 1:4]
    assert products_line(patch, kernel, (patch * kernel).sum()) in text
    assert "the window covers rows 2 to 4, columns 1 to 3." in text
    assert "Output 7 × 7; ringed: row 3, column 2." in text
    # The output as drawn: each square in core's signed colours (read beside its number).
    drawn = view_picture(view, "Output 7 × 7")
    # Squares of ``cell`` pixels after a margin of about two thirds of one for the axes.
    cell = next(c for c in range(8, 80) if max(14, c * 2 // 3) + 7 * c == drawn.shape[1])
    margin = drawn.shape[1] - 7 * cell
    shades = colours.signed_colours(expected)
    for row, col in ((0, 0), (3, 5), (6, 6)):
        corner = drawn[margin + row * cell + 5, margin + col * cell + 5]
        assert corner.tolist() == shades[row, col].tolist()


def test_reaching_for_a_slider_sends_its_steps(convolution):
    kernel = PRESETS["Vertical edges"].kernel
    expected = correlate2d(images.LETTER_H, kernel, padding="zero")
    let_go(convolution, STEP, [3, 2])
    assert list(instant_data(convolution, STEP)["views"]) == ["3,2"]  # only the held one
    want_steps(convolution, STEP, "conv_step_col")
    views = instant_data(convolution, STEP)["views"]
    assert sorted(views) == [f"3,{col}" for col in range(7)]
    for col in range(7):
        text = view_text(views[f"3,{col}"])
        assert f"output pixel (row 3, column {col}): **{number(expected[3, col])}**" in text
    want_steps(convolution, STEP, "conv_step_row")
    assert sorted(instant_data(convolution, STEP)["views"]) == [f"{row},2" for row in range(7)]


def test_next_position_moves_right_then_wraps_to_the_next_row(convolution):
    let_go(convolution, STEP, [0, 6])
    widget(convolution.button, "conv_step_next").click().run()
    assert instant_data(convolution, STEP)["values"] == [1, 0]  # the browser is told
    assert "ringed: row 1, column 0." in view_text(step_view(convolution))
    widget(convolution.button, "conv_step_next").click().run()
    assert convolution.session_state["conv_step_col"] == 1
    assert convolution.query_params["conv_step_col"] == "1"


def test_the_step_border_follows_the_padding(convolution):
    assert "Input 7 × 7 with a 1-pixel border (shaded)" in view_text(step_view(convolution))
    widget(convolution.selectbox, "conv_step_padding").set_value("valid").run()
    text = view_text(step_view(convolution))
    assert "Input 7 × 7; the window covers rows 0 to 2" in text
    assert "Output 5 × 5" in text
    assert [s["options"] for s in instant_data(convolution, STEP)["sliders"]] == [
        list(range(5))
    ] * 2
    # Replicate on the digit 1 (white to its edge): the corner pixel repeated into the border.
    widget(convolution.get("button_group"), "conv_step_picture").set_value("Digit 1 (5 × 5)").run()
    widget(convolution.selectbox, "conv_step_padding").set_value("replicate").run()
    let_go(convolution, STEP, [0, 1])
    kernel = PRESETS["Vertical edges"].kernel
    patch = images.DIGIT_ONE[np.ix_([0, 0, 1], [0, 1, 2])]
    assert products_line(patch, kernel, (patch * kernel).sum()) in view_text(step_view(convolution))
    widget(convolution.selectbox, "conv_step_padding").set_value("zero").run()
    patch = np.pad(images.DIGIT_ONE, 1)[0:3, 1:4]  # zeros above
    assert products_line(patch, kernel, (patch * kernel).sum()) in view_text(step_view(convolution))


def test_a_smaller_picture_clamps_the_position(convolution):
    let_go(convolution, STEP, [6, 5])
    widget(convolution.get("button_group"), "conv_step_picture").set_value("Digit 1 (5 × 5)").run()
    assert (
        convolution.session_state["conv_step_row"],
        convolution.session_state["conv_step_col"],
    ) == (4, 4)
    assert "Output 5 × 5; ringed: row 4, column 4." in view_text(step_view(convolution))
    assert_clean(convolution)


def test_play_fills_the_output_and_ends_on_the_chosen_position(convolution):
    widget(convolution.get("button_group"), "conv_step_picture").set_value("Digit 1 (5 × 5)").run()
    let_go(convolution, STEP, [1, 2])
    widget(convolution.button, "conv_step_play").click().run()
    assert_clean(convolution)
    expected = correlate2d(images.DIGIT_ONE, PRESETS["Vertical edges"].kernel, padding="zero")
    text = view_text(step_view(convolution))
    assert "Output 5 × 5; ringed: row 1, column 2." in text
    assert f"output pixel (row 1, column 2): **{number(expected[1, 2])}**" in text


# --------------------------------------------------------------------------------------------
# Padding and stride
# --------------------------------------------------------------------------------------------


STRIDE = "conv_stride_view"  # the stride's instant slider and its views


def stride_view(app, stride: int | None = None) -> dict:
    """The padding demo's view for ``stride`` (default: the stride Python holds)."""
    if stride is None:
        return instant_view(app, STRIDE)
    return instant_data(app, STRIDE)["views"][str(stride)]


def test_valid_padding_shrinks_the_shown_size(convolution):
    open_section(convolution, "Padding and stride")
    assert "Output 512 × 512 of your picture, drawn at its true size" in view_text(
        stride_view(convolution)
    )
    widget(convolution.radio, "conv_padding").set_value("valid").run()
    text = view_text(stride_view(convolution))
    assert "height: floor((512 + 2·0 − 3) / 1) + 1 = 510" in text
    assert "Output 510 × 510 of your picture, drawn at its true size" in text
    assert "Output 5 × 5: floor((7 + 2·0 − 3) / 1) + 1 = 5" in text
    assert "The letter as it is, 7 × 7: valid adds no border." in text


def test_mirror_border_is_drawn_and_the_opencv_default_is_named(convolution):
    open_section(convolution, "Padding and stride")
    widget(convolution.radio, "conv_padding").set_value("mirror").run()
    assert "The letter with its 1-pixel border (shaded): 9 × 9" in view_text(
        stride_view(convolution)
    )
    assert "OpenCV's default border is the mirror (BORDER_REFLECT_101)" in all_text(convolution)


def test_stride_changes_the_formula(convolution):
    open_section(convolution, "Padding and stride")
    data = instant_data(convolution, STRIDE)
    assert [slider["name"] for slider in data["sliders"]] == ["conv_stride"]
    assert "floor((512 + 2·1 − 3) / 1) + 1 = 512" in view_text(stride_view(convolution))
    # Every stride's view came with the page; the one for 2 is what the browser swaps in.
    text = view_text(stride_view(convolution, 2))
    assert "height: floor((512 + 2·1 − 3) / 2) + 1 = 256" in text
    assert "s = 2 the stride" in text
    assert "Output 256 × 256 of your picture, drawn at its true size" in text
    assert "Output 4 × 4: floor((7 + 2·1 − 3) / 2) + 1 = 4" in text
    let_go(convolution, STRIDE, [2])  # Python learns the stride on letting go
    assert convolution.session_state["conv_stride"] == 2
    assert convolution.query_params["conv_stride"] == "2"
    assert "= 256" in view_text(stride_view(convolution))


def test_stride_larger_than_the_picture(convolution):
    open_section(convolution, "Padding and stride")
    let_go(convolution, STRIDE, [1024])
    text = view_text(stride_view(convolution))
    assert "width: floor((512 + 2·1 − 3) / 1024) + 1 = 1" in text
    assert "The output has only 1 pixel: the stride skips almost everything." in text
    assert "Output 1 × 1: floor((7 + 2·1 − 3) / 1024) + 1 = 1" in text
    assert_clean(convolution)
    assert "The output has only" not in view_text(stride_view(convolution, 8))  # 64 × 64


# --------------------------------------------------------------------------------------------
# Equivariance, correlation vs convolution, colour, stacks
# --------------------------------------------------------------------------------------------


SHIFT = "conv_shift_view"  # the plus's instant slider and its views


def test_the_peak_moves_with_the_pattern_but_the_maximum_stays(convolution):
    open_section(convolution, "Found anywhere")
    views = instant_data(convolution, SHIFT)["views"]
    assert sorted(map(int, views)) == list(range(23))  # every position, sent with the page
    deepest_red = colours.SIGNED_TABLE[-1].tolist()
    for left in (0, 9, 22):
        text = view_text(views[str(left)])
        assert f"The plus is centred on column {left + 1}" in text
        assert f"strongest response is at column {left + 1}" in text
        assert f"The feature map: the peak (ringed) is at column {left + 1}" in text
        assert "The largest value stays 1,275" in text
        assert "equivariance" in text
        # The map as drawn: the deepest red (the strongest response) sits in the peak's column.
        drawn = view_picture(views[str(left)], "The feature map")
        columns = np.nonzero(np.all(drawn == deepest_red, axis=2))[1]
        cell = 16
        assert set((columns - drawn.shape[1] + 25 * cell) // cell) == {left + 1}
    let_go(convolution, SHIFT, [9])  # letting go reaches Python, and the link
    assert convolution.session_state["conv_shift"] == 9
    assert convolution.query_params["conv_shift"] == "9"
    assert "centred on column 10" in view_text(instant_view(convolution, SHIFT))


def test_flipping_an_asymmetric_kernel_changes_the_output(convolution):
    open_section(convolution, "Correlation or convolution?")
    before = image_url(convolution, "Cross-correlation")
    widget(convolution.selectbox, "conv_flip_kernel").set_value("Sobel right").run()
    widget(convolution.toggle, "conv_flip").set_value(True).run()
    assert image_url(convolution, "Convolution with Sobel right") != before
    np.testing.assert_array_equal(
        heatmap_z(convolution, "conv_flip_grid"), PRESETS["Sobel left"].kernel
    )
    assert re.search(r"differ by up to \*\*[1-9]", all_text(convolution))


def test_colour_kernels_give_one_map(convolution):
    open_section(convolution, "Colour and depth")
    before = image_url(convolution, "Output: one 512 × 512 map")
    widget(convolution.selectbox, "conv_colour_kernel").set_value(
        "Vertical edges in blue only"
    ).run()
    assert image_url(convolution, "Output: one 512 × 512 map") != before
    np.testing.assert_array_equal(
        heatmap_z(convolution, "conv_colour_slice_2"), PRESETS["Vertical edges"].kernel
    )
    assert not heatmap_z(convolution, "conv_colour_slice_0").any()


def test_a_stack_of_filters_is_deeper_and_with_stride_narrower(convolution):
    open_section(convolution, "Colour and depth")
    assert "**512 × 512 × 6**" in all_text(convolution)
    widget(convolution.multiselect, "conv_stack").set_value(
        ["Sharpen", "Outline", "Emboss", "Identity"]
    ).run()
    assert "**512 × 512 × 4**" in all_text(convolution)
    widget(convolution.toggle, "conv_stack_stride").set_value(True).run()
    assert "**256 × 256 × 4**" in all_text(convolution)
    widget(convolution.multiselect, "conv_stack").set_value([]).run()
    assert "Choose at least one filter" in all_text(convolution)


def test_links_to_the_pages_where_kernels_are_learned(convolution):
    open_section(convolution, "Found anywhere")
    pages = {link.proto.page for link in convolution.get("page_link")}
    assert "pooling" in pages
    assert {"face", "training"} <= pages


# --------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------


def enter_and_check(app, exercise: str, kernel) -> None:
    """Choose the exercise (only the chosen one is built), type the kernel, press Check."""
    app.session_state["conv_section"] = "Exercises"
    app.session_state["conv_exercise"] = EXERCISE_LABELS[exercise]
    app.run()
    for (row, col), value in np.ndenumerate(np.asarray(kernel, dtype=float)):
        widget(app.number_input, f"conv_ex_{exercise}_{row}_{col}").set_value(value)
    widget(app.button, f"conv_ex_check_{exercise}").click().run()


def test_only_the_open_exercise_is_built(convolution):
    open_section(convolution, "Exercises")
    keys = {n.key for n in convolution.number_input if n.key.startswith("conv_ex_")}
    assert keys == {f"conv_ex_blur_{r}_{c}" for r in range(3) for c in range(3)}


def test_exercise_check_passes_a_right_kernel(convolution):
    enter_and_check(convolution, "blur", np.ones((3, 3)) / 9)
    assert any("It works." in s.value for s in convolution.success)
    enter_and_check(convolution, "horizontal_edges", [[-1, -1, -1], [0, 0, 0], [1, 1, 1]])
    assert any("It works." in s.value for s in convolution.success)
    assert_clean(convolution)


def test_exercise_check_fails_a_wrong_kernel_and_says_why(convolution):
    enter_and_check(convolution, "blur", np.ones((3, 3)))
    feedback = [w.value for w in convolution.warning if "Not yet." in w.value]
    assert feedback
    assert "the picture gets 9× brighter: divide each weight by 9" in feedback[0]
    enter_and_check(convolution, "vertical_edges", PRESETS["Horizontal edges"].kernel)
    feedback = [w.value for w in convolution.warning if "Not yet." in w.value]
    assert "should ignore horizontal edges" in feedback[0]
    assert_clean(convolution)


@pytest.mark.parametrize(
    "title",
    [
        "One step, in numbers",
        "Padding and stride",
        "Found anywhere",
        "Correlation or convolution?",
        "Colour and depth",
        "Exercises",
    ],
)
def test_every_section_runs_cleanly_on_a_tiny_picture(convolution, title):
    convolution.session_state["picker_open"] = True
    convolution.run()
    convolution.button(key="sample_digit_one").click().run()
    open_section(convolution, title)
    assert not convolution.error, [e.value for e in convolution.error]
    assert_clean(convolution)


@pytest.mark.parametrize(
    ("linked", "shown", "not_built"),
    [
        ("Padding and stride", "conv_stride_view", "conv_step_view"),
        ("", "conv_step_view", "conv_stride_view"),  # cleared by the address: the first lab
    ],
)
def test_a_link_opens_its_lab_and_an_empty_one_the_first(app, linked, shown, not_built):
    opened_from_link(app, conv_section=linked)
    assert draws_component(app, shown) and not draws_component(app, not_built)
