"""Receptive fields (`core.receptive`) against a brute-force check: light one input pixel and
see which cells of each layer it reaches."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.receptive import LayerGeometry, place_on_input, receptive_fields


def window_sums(picture: np.ndarray, geometry: LayerGeometry) -> np.ndarray:
    """Every window's sum, with the layer's border of zeros: where anything can reach a cell."""
    side = picture.shape[0]
    out = geometry.output_side(side)
    before = geometry.border(side)
    after = max((out - 1) * geometry.stride + geometry.kernel - side - before, 0)
    padded = np.pad(picture, (before, after))
    sums = np.zeros((out, out))
    for row in range(out):
        for col in range(out):
            top, left = row * geometry.stride, col * geometry.stride
            sums[row, col] = padded[
                top : top + geometry.kernel, left : left + geometry.kernel
            ].sum()
    return sums


geometries = st.lists(
    st.builds(
        LayerGeometry,
        layer=st.just("layer"),
        kernel=st.integers(1, 4),
        stride=st.integers(1, 3),
        padding=st.sampled_from(["valid", "same"]),
    ),
    min_size=1,
    max_size=4,
)


@given(geometries, st.integers(9, 24), st.data())
def test_a_pixel_reaches_exactly_the_cells_whose_window_holds_it(layers, side, data):
    try:
        fields = receptive_fields(layers, input_side=side)
    except ValueError:
        return  # the input is too small for these layers: nothing to check
    row, col = data.draw(st.integers(0, side - 1)), data.draw(st.integers(0, side - 1))
    reached = np.zeros((side, side))
    reached[row, col] = 1.0
    for geometry, field in zip(layers, fields, strict=True):
        reached = window_sums(reached, geometry)
        assert reached.shape == (field.cells, field.cells)
        rows = [i for i in range(field.cells) if field.window(i)[0] <= row <= field.window(i)[1]]
        cols = [j for j in range(field.cells) if field.window(j)[0] <= col <= field.window(j)[1]]
        expected = np.zeros_like(reached, dtype=bool)
        expected[np.ix_(rows, cols)] = True
        assert not (reached > 0)[~expected].any()  # nothing outside the windows is reached
        if all(layer.stride <= layer.kernel for layer in layers):  # windows without holes
            np.testing.assert_array_equal(reached > 0, expected)


def test_padding_at_a_later_layer_is_not_the_picture():
    """Found by CI: the last column the 2 × 2 pool drops lies inside the padded conv's window."""
    pool, conv = receptive_fields(
        [LayerGeometry("pool", 2, 2), LayerGeometry("conv", 2, 1, "same")], input_side=13
    )
    assert pool.covered == (0, 11)  # 13 columns pool to 6 cells; column 12 is dropped
    assert conv.window(5) == (10, 11)  # its window reaches past cell 5 of pool: padding there


def test_the_face_network_sees_more_with_every_layer():
    layers = [
        LayerGeometry("conv1", 3),
        LayerGeometry("pool1", 2, 2),
        LayerGeometry("conv2", 3),
        LayerGeometry("pool2", 2, 2),
    ]
    sizes = [field.size for field in receptive_fields(layers, input_side=25)]
    assert sizes == [3, 4, 8, 10]


def test_a_map_is_placed_at_its_cells_centres():
    conv2 = receptive_fields(
        [LayerGeometry("conv1", 3), LayerGeometry("pool1", 2, 2), LayerGeometry("conv2", 3)],
        input_side=25,
    )[-1]
    np.testing.assert_array_equal(conv2.centres, 3.5 + 2 * np.arange(9))
    one_cell = np.zeros((9, 9))
    one_cell[4, 1] = 1.0  # centred on row 11.5, column 5.5
    placed = place_on_input(one_cell, conv2)
    assert placed.shape == (25, 25)
    assert placed[11:13, 5:7].min() == pytest.approx(0.5625) == placed.max()
    assert placed[24].max() == 0 and placed[:, 24].max() == 0  # no conv2 cell sees row 24
    with pytest.raises(ValueError, match="9 × 9"):
        place_on_input(np.zeros((4, 4)), conv2)
    with pytest.raises(ValueError, match="cells 0 to 8"):
        conv2.window(9)


def test_bad_layers_are_refused_by_name():
    with pytest.raises(ValueError, match=r"'conv9'.*at least 1"):
        LayerGeometry("conv9", 0)
    with pytest.raises(ValueError, match="padding"):
        LayerGeometry("conv9", 3, padding="reflect")
    with pytest.raises(ValueError, match="leaves no cells"):
        receptive_fields([LayerGeometry("big", 9)], input_side=5)
