"""Each page's settings (`pages.settings`): what a link may carry, checked without Streamlit.

The cases are the links the browser tests open (`tests/test_browser_links.py`): a value a widget
would refuse is reported with its text, a name the page does not know is reported, and a value
the page can use is taken, numbers compared as numbers and switches as words.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from pages.journey import HOME, JOURNEY
from pages.sections.augmentation.settings import CONTROLS, AugmentationPageSettings
from pages.sections.convolution.settings import ConvolutionSettings, parse_weights, weights_text
from pages.sections.pooling.settings import PoolingSettings
from pages.sections.training.settings import TrainingSettings
from pages.settings import PageSettings, number_range, setting

ALL_SETTINGS = [stop.settings_class() for stop in (HOME, *JOURNEY)]


def test_values_the_widgets_take_are_not_reported():
    query = {
        "pooling_window": ["4"],
        "pooling_small_mode": ["Average (keep the mean)"],
        "pooling_activation": ["PReLU"],
        "picture": ["coffee"],
    }
    settings, ignored = PoolingSettings.from_query(query)
    assert ignored == []
    assert (settings.window, settings.small_mode, settings.activation) == (4, "average", "prelu")
    # a choice with its own button words travels as those words, as Streamlit binds it
    assert settings.to_query()["pooling_activation"] == "PReLU"


def test_numbers_compare_as_numbers_and_switches_as_words():
    query = {"training_dropout": ["0.50"], "training_augmentation": ["true"]}
    settings, ignored = TrainingSettings.from_query(query)
    assert ignored == []
    assert settings.dropout == 0.5 and settings.augmentation is True


def test_a_value_the_widget_refuses_is_reported_with_its_text():
    query = {"pooling_window": ["banana"], "pooling_repeats": ["99"]}
    settings, ignored = PoolingSettings.from_query(query)
    assert ignored == ["“pooling_window=banana”", "“pooling_repeats=99”"]
    assert settings == PoolingSettings()  # the defaults stay


def test_an_unknown_name_is_reported_but_a_setting_of_this_page_is_kept():
    query = {"junk": ["1"], "conv_padding": ["wrap"], "pooling_shift": ["3"]}
    settings, ignored = PoolingSettings.from_query(query)
    assert ignored == [
        "“junk” (this page has no such setting)",
        "“conv_padding” (this page has no such setting)",  # a Convolution setting, not Pooling's
    ]
    assert settings.shift == 3


def test_range_values_compare_element_by_element():
    @dataclass(frozen=True)
    class Ranged(PageSettings):
        span: tuple = setting("aug_range", (1.0, 5.0), number_range(0, 10))

    assert Ranged.from_query({"aug_range": ["1", "5"]}) == (Ranged(), [])
    assert Ranged.from_query({"aug_range": ["1"]})[1] == ["“aug_range=1”"]


def test_a_kernel_is_a_presets_name_or_nine_weights_over_a_divisor():
    sharpen, ignored = ConvolutionSettings.from_query({"conv_kernel": ["Sharpen"]})
    assert (sharpen.kernel, ignored) == ("Sharpen", [])
    assert ConvolutionSettings.from_query({"conv_kernel": ["1,2,3"]})[1] == ["“conv_kernel=1,2,3”"]
    weights = [1, 0, -1, 2, 0, -2, 1, 0, -1]
    assert parse_weights(weights_text(weights, 4)) == (weights, 4)
    for bad in ("1,0,-1,2,0,-2,1,0,-11/1", "1,0,-1,2,0,-2,1,0,-1/0", "nan,0,0,0,0,0,0,0,0"):
        with pytest.raises(ValueError, match=bad):
            parse_weights(bad)


def test_convolution_links_carry_the_instant_sliders_and_name_strides_not_offered():
    settings, ignored = ConvolutionSettings.from_query(
        {
            "conv_stride": ["8"],
            "conv_shift": ["22"],
            "conv_step_row": ["11"],
            "conv_step_col": ["3"],
        }
    )
    assert (settings.stride, settings.shift, settings.step_row, settings.step_col) == (8, 22, 11, 3)
    assert ignored == []
    assert ConvolutionSettings.from_query({"conv_stride": ["1024"]})[0].stride == 1024
    opened = ConvolutionSettings.from_query({"conv_section": ["Found anywhere"]})[0]
    assert opened.section == "Found anywhere"  # a link opens a "Look closer" lab
    # A stride the slider does not offer (the old number input took any up to 4096) is named.
    for text in ("600", "4096", "0"):
        assert ConvolutionSettings.from_query({"conv_stride": [text]})[1] == [
            f"“conv_stride={text}”"
        ]
    assert ConvolutionSettings.from_query({"conv_shift": ["23"]})[1] == ["“conv_shift=23”"]
    assert ConvolutionSettings.from_query({"conv_step_row": ["12"]})[1] == ["“conv_step_row=12”"]


@pytest.mark.parametrize("settings_class", ALL_SETTINGS, ids=lambda cls: cls.__name__)
def test_every_page_round_trips_its_own_link(settings_class):
    defaults = settings_class()
    assert defaults.to_query() == {}  # a default is never written into a link
    for field in dataclasses.fields(settings_class):
        if "setting" not in field.metadata:
            continue
        key = settings_class.key(field.name)
        assert settings_class.is_known(key)
        assert (
            settings_class.from_query({key: [field.metadata["setting"].show(field.default)]})[1]
            == []
        )


def test_keys_are_unique_across_the_app_and_the_app_parameters_are_known_everywhere():
    keys = [cls.key(name) for cls in ALL_SETTINGS for name in cls.settings()]
    assert len(keys) == len(set(keys))
    shared = ("picture", "present", "slide", "notes")
    assert all(cls.is_known(name) for cls in ALL_SETTINGS for name in shared)


def test_a_changed_setting_travels_and_comes_back():
    changed = PoolingSettings(window=5, activation="elu")
    assert changed.to_query() == {"pooling_window": "5", "pooling_activation": "ELU"}
    query = {name: [text] for name, text in changed.to_query().items()}
    assert PoolingSettings.from_query(query) == (changed, [])
    state = {"pooling_window": 5, "pooling_activation": "elu", "unrelated": 1}
    assert PoolingSettings.from_state(state) == changed


def test_the_augmentation_settings_are_the_sliders_in_their_order():
    """The versions' sliders, then the face section's two."""
    names = [field.name for field in dataclasses.fields(AugmentationPageSettings)]
    assert names == [*(control.field for control in CONTROLS), "count", "face", "face_count"]
    strengths = AugmentationPageSettings(rotation=90.0).strengths()
    assert strengths.rotation == 90.0 and strengths.shift == pytest.approx(0.05)


def test_the_lab_settings_are_the_labs_own():
    from core.lab_settings import LabSettings

    assert TrainingSettings().lab_settings() == LabSettings()
    assert TrainingSettings.from_query({"training_epochs": ["101"]})[1] == ["“training_epochs=101”"]
