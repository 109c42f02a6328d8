"""The one colour language (`core.colours`): against Plotly's own scales, and the words for it."""

from __future__ import annotations

import numpy as np
import plotly.colors
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from core import colours


def plotly_rgb(scale: str, positions: list[float]) -> np.ndarray:
    return np.array(
        [
            [float(part) for part in colour[4:-1].split(",")]
            for colour in plotly.colors.sample_colorscale(scale, positions)
        ]
    )


def test_unsigned_table_is_plotlys_viridis():
    values = np.arange(256.0)[None, :]
    ours = colours.unsigned_colours(values, limit=255)[0].astype(float)
    np.testing.assert_allclose(ours, plotly_rgb("Viridis", (values[0] / 255).tolist()), atol=0.51)


def test_signed_table_is_plotlys_rdbu_reversed():
    values = np.arange(-127.0, 128.0)[None, :]
    ours = colours.signed_colours(values)[0].astype(float)
    positions = ((values[0] + 127) / 254).tolist()
    np.testing.assert_allclose(ours, plotly_rgb("RdBu_r", positions), atol=0.51)


def is_blue(rgb) -> bool:
    return rgb[2] > rgb[0] + 40


def is_red(rgb) -> bool:
    return rgb[0] > rgb[2] + 40


def is_white(rgb) -> bool:
    return min(rgb) > 240


def is_yellow(rgb) -> bool:
    return rgb[0] > 200 and rgb[1] > 200 and rgb[2] < 100


def test_the_words_name_the_colours_drawn():
    low, zero, high = colours.signed_colours(np.array([-1.0, 0.0, 1.0]))
    assert colours.SIGNED_WORDS == "blue below 0, white at 0, red above 0"
    assert is_blue(low) and is_white(zero) and is_red(high)
    bottom, top = colours.unsigned_colours(np.array([0.0, 1.0]))
    assert colours.UNSIGNED_WORDS == "dark purple at 0, yellow at the largest value"
    assert bottom[0] > bottom[1] < bottom[2] and max(bottom) < 100 and is_yellow(top)


def test_a_map_is_drawn_with_the_table_that_fits_it():
    signed, unsigned = np.array([[-1.0, 2.0]]), np.array([[0.0, 2.0]])
    np.testing.assert_array_equal(colours.map_colours(signed), colours.signed_colours(signed))
    np.testing.assert_array_equal(colours.map_colours(unsigned), colours.unsigned_colours(unsigned))
    assert colours.map_words(signed) == colours.SIGNED_WORDS
    assert colours.map_words(unsigned) == colours.UNSIGNED_WORDS


def test_a_limit_fixes_the_scale_and_clips_beyond_it():
    shown = colours.signed_colours(np.array([-10.0, 1.0, 2.0]), limit=2)
    np.testing.assert_array_equal(shown[0], colours.SIGNED_STOPS[0])
    np.testing.assert_array_equal(shown[2], colours.SIGNED_STOPS[-1])
    top = colours.unsigned_colours(np.array([0.0, 1.0, 9.0]), limit=2)
    np.testing.assert_array_equal(top[2], colours.UNSIGNED_STOPS[-1])


@pytest.mark.parametrize("draw", [colours.signed_colours, colours.unsigned_colours])
def test_maps_without_a_range_and_nonfinite_maps(draw):
    zeros = draw(np.zeros((2, 3)))
    assert zeros.shape == (2, 3, 3) and len(np.unique(zeros.reshape(-1, 3), axis=0)) == 1
    with pytest.raises(ValueError, match="finite"):
        draw(np.array([0.0, np.nan]))


@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
        elements=st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_any_finite_map_gets_colours_and_zero_stays_white(values):
    signed = colours.signed_colours(values)
    assert signed.shape == (*values.shape, 3) and signed.dtype == np.uint8
    assert (signed[values == 0] == colours.SIGNED_TABLE[127]).all()
    unsigned = colours.unsigned_colours(values)
    assert (unsigned[values <= 0] == colours.UNSIGNED_TABLE[0]).all()


def test_the_convolution_and_pooling_pages_draw_a_signed_map_alike():
    """Convolution draws a filter's output with `display_image`, Pooling with `map_colours`:
    the same vertical-edges map must come out pixel for pixel the same."""
    from core import convolution, images

    gray = images.resize_square(images.to_gray(images.load_sample("camera")), 64)
    feature = convolution.correlate2d(gray, convolution.VERTICAL_EDGES_WEIGHTS)
    assert feature.min() < 0 < feature.max()
    np.testing.assert_array_equal(convolution.display_image(feature), colours.map_colours(feature))


def test_no_page_or_component_makes_a_colour_table_of_its_own():
    from tests.streamlit_server import REPO

    named_scales = ("sample_colorscale", "Viridis", "Cividis", "RdBu", "Blues", 'colorscale="')
    sources = [*REPO.glob("pages/*.py"), *REPO.glob("assets/components/*.js")]
    found = [
        f"{path.name}: {scale}"
        for path in sources
        for scale in named_scales
        if scale in path.read_text(encoding="utf-8")
    ]
    assert found == []
