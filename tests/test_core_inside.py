"""`core.inside`: the strongest pictures per filter against a plain argsort, and the Gabor bank and
its matching against scikit-image and a brute-force search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage.filters import gabor_kernel

from core.inside import (
    GABOR_FREQUENCIES,
    GABOR_OFFSETS,
    GABOR_THETAS,
    TOP_COUNT,
    best_gabors,
    chance_correlations,
    correlation,
    gabor_bank,
    top_patches,
)
from core.receptive import LayerGeometry, receptive_fields

CONV2 = receptive_fields(
    [LayerGeometry("conv1", 3), LayerGeometry("pool1", 2, 2), LayerGeometry("conv2", 3)],
    input_side=25,
)[-1]

activations = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 30), st.just(9), st.just(9), st.integers(1, 4)),
    elements=st.floats(0, 5, allow_subnormal=False),
)


@given(activations)
def test_top_patches_are_a_plain_argsort_of_each_pictures_strongest_cell(maps):
    rows = top_patches(maps, CONV2)
    assert len(rows) == maps.shape[3]
    for channel, row in enumerate(rows):
        strongest = maps[..., channel].reshape(len(maps), -1).max(axis=1)
        expected = [
            p for p in np.argsort(-strongest, kind="stable")[:TOP_COUNT] if strongest[p] > 0
        ]
        assert [patch.picture for patch in row] == expected
        for patch in row:
            assert patch.value == maps[patch.picture, patch.row, patch.col, channel]
            assert patch.value == strongest[patch.picture]
            assert patch.rows == CONV2.window(patch.row) and patch.cols == CONV2.window(patch.col)


def test_a_patch_is_cut_at_its_cells_window():
    maps = np.zeros((2, 9, 9, 1))
    maps[1, 8, 0, 0] = 3.0  # the bottom-left cell of picture 1
    (patch,) = top_patches(maps, CONV2)[0]
    assert (patch.picture, patch.row, patch.col, patch.value) == (1, 8, 0, 3.0)
    picture = np.arange(625.0).reshape(25, 25)
    np.testing.assert_array_equal(patch.cut(picture), picture[16:24, 0:8])  # rows 16–23, cols 0–7


def test_a_filter_that_never_fires_has_no_pictures_and_bad_shapes_are_refused():
    assert top_patches(np.zeros((3, 9, 9, 2)), CONV2) == [[], []]
    with pytest.raises(ValueError, match="9, 9, filters"):
        top_patches(np.zeros((3, 8, 8, 2)), CONV2)


def test_the_bank_is_scikit_images_gabors():
    bank = gabor_bank()
    assert len(bank) == len(GABOR_THETAS) * len(GABOR_FREQUENCIES) * len(GABOR_OFFSETS)
    for gabor in bank:
        expected = gabor_kernel(
            gabor.frequency, theta=gabor.theta, sigma_x=1, sigma_y=1, n_stds=1, offset=gabor.offset
        ).real
        assert expected.shape == (3, 3)
        np.testing.assert_allclose(gabor.kernel, expected)
    vertical_edge = next(g for g in bank if g.theta == 0 and g.offset != 0)
    assert (vertical_edge.kernel[:, 0] > 0).all() and (vertical_edge.kernel[:, 2] < 0).all()


@given(hnp.arrays(np.float64, (3, 3, 1, 3), elements=st.floats(-1, 1, allow_subnormal=False)))
def test_best_gabors_is_a_brute_force_search_over_the_bank(kernels):
    bank = gabor_bank()
    for index, match in enumerate(best_gabors(kernels, bank)):
        values = [correlation(kernels[:, :, 0, index], gabor.kernel) for gabor in bank]
        assert abs(match.correlation) == pytest.approx(max(abs(v) for v in values), abs=1e-9)
        assert match.correlation == pytest.approx(values[bank.index(match.gabor)], abs=1e-9)


def test_a_gabor_matches_itself_and_its_negative():
    bank = gabor_bank()
    kernels = np.stack([bank[5].kernel, -bank[5].kernel], axis=-1)[:, :, np.newaxis, :]
    first, second = best_gabors(kernels, bank)
    assert first.correlation == pytest.approx(1) and second.correlation == pytest.approx(-1)
    assert abs(correlation(first.gabor.kernel, bank[5].kernel)) == pytest.approx(1)


def test_chance_is_seeded_and_between_zero_and_one():
    bank = gabor_bank()
    first, again = chance_correlations(bank, count=200), chance_correlations(bank, count=200)
    np.testing.assert_array_equal(first, again)
    assert ((first >= 0) & (first <= 1)).all()
    assert 0.3 < np.median(first) < 1  # 9 random numbers still find a fair match
