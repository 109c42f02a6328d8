"""Which parts of a link a page ignores (`pages.links.ignored_parameters`), without a browser."""

from __future__ import annotations

from pages.journey import JOURNEY
from pages.links import ignored_parameters
from tests.crafted_text import markdown_shown

POOLING = next(stop for stop in JOURNEY if stop.url_path == "pooling").setting_prefixes


def test_values_the_widgets_took_are_not_reported():
    incoming = {"pooling_window": ["4"], "pooling_small_mode": ["average"], "picture": ["coffee"]}
    state = {"pooling_window": 4, "pooling_small_mode": "average"}
    assert ignored_parameters(incoming, state, POOLING) == []


def test_numbers_compare_as_numbers_and_booleans_as_words():
    state = {"training_dropout": 0.5, "training_augmentation": True}
    incoming = {"training_dropout": ["0.50"], "training_augmentation": ["true"]}
    assert ignored_parameters(incoming, state, ("training_",)) == []


def test_a_value_the_widget_refused_is_reported_with_its_text():
    incoming = {"pooling_window": ["banana"], "pooling_repeats": ["99"]}
    state = {"pooling_window": 2, "pooling_repeats": 2}
    assert ignored_parameters(incoming, state, POOLING) == [
        "“pooling_window=banana”",
        "“pooling_repeats=99”",
    ]


def test_an_unknown_name_is_reported_but_a_setting_not_drawn_yet_is_kept():
    incoming = {"junk": ["1"], "conv_padding": ["wrap"], "pooling_shift": ["3"]}
    reported = ignored_parameters(incoming, {}, POOLING)
    assert reported == [
        "“junk” (this page has no such setting)",
        "“conv_padding” (this page has no such setting)",  # a Convolution setting, not Pooling's
    ]


def test_range_values_compare_element_by_element():
    state = {"aug_range": (1, 5)}
    assert ignored_parameters({"aug_range": ["1", "5"]}, state, ("aug_",)) == []
    assert ignored_parameters({"aug_range": ["1"]}, state, ("aug_",)) == ["“aug_range=1”"]


def test_a_link_with_many_unknown_parts_names_five_and_counts_the_rest(app):
    for index in range(8):
        app.query_params[f"junk{index}"] = "1"
    app.run()
    notices = [markdown_shown(toast.value) for toast in app.toast]
    assert len(notices) == 1, notices
    assert "“junk4” (this page has no such setting), and 3 more." in notices[0]
    assert "junk5" not in notices[0]
