"""pages.instant's encoding of views: what the browser component is sent."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pages.instant import Chart, EncodedViews, View, encode_views
from pages.instant_number import NumberField

ANY_DIVISOR = NumberField("divisor", "Divide by", 0.01, 1e6, 1.0, 1.0, decimals=None)
WHOLE = NumberField("seed", "Seed", 0, 100, 1, 7)


def test_a_picture_many_views_share_is_sent_once_and_named_by_the_others():
    shared = np.zeros((4, 4), np.uint8)
    own = np.full((4, 4), 200, np.uint8)
    encoded = encode_views(
        {
            (1,): View(paragraphs=(), pictures=(shared,), captions=("a",), widths=(40,)),
            (2,): View(paragraphs=(), pictures=(own, shared), captions=("b", "c"), widths=(40, 40)),
        }
    ).decoded()
    first = encoded["1"]["pictures"][0]
    assert first["src"].startswith("data:image/png;base64,")
    assert encoded["2"]["pictures"][0]["src"] != first["src"]
    assert encoded["2"]["pictures"][1] == {
        "same": "1/0",
        "caption": "c",
        "width": 40,
        "height": 40,
        "smooth": False,
    }  # no frame: a picture without one carries none


def test_frames_are_shares_of_their_picture_and_a_pick_names_two_sliders():
    picture = np.zeros((20, 10), np.uint8)  # 20 rows, 10 columns
    (view,) = (
        encode_views(
            {
                (3, 4): View(
                    paragraphs=(),
                    pictures=(picture,),
                    captions=("map",),
                    widths=(100,),
                    frames=((2, 5, 4, 1),),
                    pick=(0, 1),
                )
            }
        )
        .decoded()
        .values()
    )
    assert view["pictures"][0]["frame"] == pytest.approx([0.1, 0.5, 0.2, 0.1])
    assert view["pictures"][0]["height"] == 200
    assert view["pick"] == [0, 1]


def test_only_a_chart_with_slanted_labels_says_so():
    def chart(**slant) -> dict:
        drawn = Chart(100, 100, (0, 1), (0, 1), "x", "y", x_labels=((0, "conv1"),), **slant)
        return encode_views({(): View(paragraphs=(), charts=(drawn,))}).decoded()[""]["charts"][0]

    assert chart(x_labels_slanted=True)["xSlanted"] is True
    assert "xSlanted" not in chart()  # the other charts' data stays as it was


def test_views_joined_are_the_later_views_where_both_have_one():
    def views(*captions: str) -> EncodedViews:
        picture = np.zeros((2, 2), np.uint8)
        return encode_views(
            {
                (number,): View(
                    paragraphs=(caption,), pictures=(picture,), captions=(caption,), widths=(2,)
                )
                for number, caption in enumerate(captions)
            }
        )

    joined = (views("a", "b") | views("c")).decoded()
    assert {key: view["paragraphs"] for key, view in joined.items()} == {"0": ["c"], "1": ["b"]}
    assert (encode_views({}) | views("x")).decoded() == views("x").decoded()
    assert (views("x") | encode_views({})).decoded() == views("x").decoded()


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_field_of_any_number_takes_exactly_the_finite_numbers_within_its_limits(value):
    taken = ANY_DIVISOR.option(value)
    if math.isfinite(value) and 0.01 <= value <= 1e6:
        assert taken == value and isinstance(taken, float)
        assert ANY_DIVISOR.option(repr(value)) == value  # a link's text, read back the same
    else:
        assert taken is None


@pytest.mark.parametrize(
    ("value", "taken"),
    [
        (3, 3),
        (3.0, 3),
        ("42", 42),
        (3.5, None),
        ("3.5", None),
        (101, None),
        (True, None),
        ("nan", None),
        (None, None),
    ],
)
def test_a_whole_number_field_refuses_fractions_and_what_is_not_a_number(value, taken):
    assert WHOLE.option(value) == taken
    assert taken is None or isinstance(WHOLE.option(value), int)
