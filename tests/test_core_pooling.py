"""Pooling, checked against Keras on random inputs; and what small shifts do to it."""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import ndimage

from core.pooling import (
    POOL_MODES,
    pool2d,
    pool2d_argmax,
    pool_output_shape,
    pool_windows,
    share_changed,
    shift_effect,
    shifted_pair,
)

KERAS_POOLS = {"max": keras.ops.max_pool, "average": keras.ops.average_pool}

finite_floats = st.floats(-100, 100, allow_nan=False, width=32)


@st.composite
def maps_and_windows(draw: st.DrawFn) -> tuple[np.ndarray, int, int]:
    """A (H, W) or (H, W, C) map with H, W in 1..16 and a size (1..4) that fits, stride 1..5."""
    size = draw(st.integers(1, 4))
    height = draw(st.integers(size, 16))
    width = draw(st.integers(size, 16))
    channels = draw(st.sampled_from([None, 1, 2, 3]))
    shape = (height, width) if channels is None else (height, width, channels)
    x = draw(arrays(np.float32, shape, elements=finite_floats))
    return x, size, draw(st.integers(1, 5))


def keras_pool(x: np.ndarray, size: int, stride: int, mode: str) -> np.ndarray:
    """Keras' pooling of one (H, W, C) or (H, W) map, valid padding, channels last."""
    batch = x.reshape(1, *x.shape[:2], -1)  # (1, H, W, C)
    pooled = KERAS_POOLS[mode](batch, pool_size=size, strides=stride, padding="valid")
    return keras.ops.convert_to_numpy(pooled)[0].reshape(
        pool_output_shape(x.shape, size, stride=stride)
    )


# --------------------------------------------------------------------------------------------
# pool2d against Keras
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", POOL_MODES)
@settings(deadline=None, max_examples=60)
@given(case=maps_and_windows())
def test_pool2d_equals_keras(mode: str, case: tuple[np.ndarray, int, int]) -> None:
    x, size, stride = case
    expected = keras_pool(x, size, stride, mode)
    actual = pool2d(x, size, stride=stride, mode=mode)
    assert actual.dtype == np.float64
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-4)


def test_pool2d_worked_example() -> None:
    x = np.array([[1, 3, 2, 0, 9], [4, 2, 1, 1, 9], [0, 1, 5, 6, 9], [2, 2, 7, 8, 9], [9] * 5])
    # The fifth row and column do not fill a 2×2 window and are dropped, as padding="valid".
    np.testing.assert_array_equal(pool2d(x, 2), [[4, 2], [2, 8]])
    np.testing.assert_array_equal(pool2d(x, 2, mode="average"), [[2.5, 1], [1.25, 6.5]])


def test_pool2d_one_by_one_input_with_size_one() -> None:
    np.testing.assert_array_equal(pool2d(np.array([[7.0]]), 1), [[7.0]])
    np.testing.assert_array_equal(pool2d(np.array([[7.0]]), 1, mode="average"), [[7.0]])


def test_pool2d_window_larger_than_input_raises() -> None:
    with pytest.raises(ValueError, match=r"5×5 window does not fit in the 4×4 map"):
        pool2d(np.zeros((4, 4)), 5)
    with pytest.raises(ValueError, match=r"3×3 window does not fit in the 2×6 map"):
        pool2d(np.zeros((2, 6, 3)), 3)


def test_pool2d_stride_larger_than_input_keeps_the_windows_that_fit() -> None:
    x = np.arange(25.0).reshape(5, 5)
    # Only the top-left 2×2 window fits before the next stride step leaves the map.
    np.testing.assert_array_equal(pool2d(x, 2, stride=7), [[6.0]])
    np.testing.assert_array_equal(pool2d(x, 2, stride=7, mode="average"), [[3.0]])
    # Along the rows a second window starts at 3 (3 + 2 ≤ 5); along the columns none does.
    np.testing.assert_array_equal(pool2d(x[:, :4], 2, stride=3), [[6.0], [21.0]])


def test_pool2d_keeps_channels_independent() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 6, 3))
    pooled = pool2d(x, 2, stride=1)
    for channel in range(3):
        np.testing.assert_array_equal(pooled[:, :, channel], pool2d(x[:, :, channel], 2, stride=1))


@pytest.mark.parametrize("mode", POOL_MODES)
def test_pool2d_constant_input_stays_constant(mode: str) -> None:
    np.testing.assert_array_equal(pool2d(np.full((9, 7, 2), -3.5), 3, stride=2, mode=mode), -3.5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.zeros((4, 4)), "size": 0}, "window size must be a whole number of at least 1"),
        ({"x": np.zeros((4, 4)), "size": 2.5}, "window size must be a whole number"),
        ({"x": np.zeros((4, 4)), "size": 2, "stride": 0}, "stride must be a whole number"),
        ({"x": np.zeros(4), "size": 2}, "got 1 dimensions"),
        ({"x": np.zeros((4, 4, 3, 1)), "size": 2}, "got 4 dimensions"),
        ({"x": np.zeros((4, 4)), "size": 2, "mode": "min"}, "mode must be one of max, average"),
        ({"x": np.array([[1.0, np.nan], [0, 0]]), "size": 2}, "NaN or infinite"),
        ({"x": np.array([[1.0, np.inf], [0, 0]]), "size": 2}, "NaN or infinite"),
        ({"x": np.array([["a", "b"], ["c", "d"]]), "size": 2}, "must hold real numbers"),
    ],
)
def test_pool2d_rejects_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pool2d(**kwargs)


def test_pool2d_accepts_integer_images() -> None:
    x = np.array([[0, 255], [128, 64]], dtype=np.uint8)
    np.testing.assert_array_equal(pool2d(x, 2, mode="average"), [[111.75]])


# --------------------------------------------------------------------------------------------
# Windows and winners
# --------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=60)
@given(case=maps_and_windows())
def test_windows_and_winners_agree_with_pool2d(case: tuple[np.ndarray, int, int]) -> None:
    x, size, stride = case
    pooled = pool2d(x, size, stride=stride)
    windows = pool_windows(x.shape, size, stride=stride)
    rows, cols = pool2d_argmax(x, size, stride=stride)
    assert windows.shape == (*pooled.shape[:2], 4)
    assert rows.shape == cols.shape == pooled.shape
    channel = np.arange(x.shape[2]) if x.ndim == 3 else ()
    winners = x[rows, cols, channel] if x.ndim == 3 else x[rows, cols]
    np.testing.assert_array_equal(winners, pooled)
    for i, j in np.ndindex(*pooled.shape[:2]):
        row0, row1, col0, col1 = windows[i, j]
        assert row1 - row0 == col1 - col0 == size
        np.testing.assert_array_equal(x[row0:row1, col0:col1].max(axis=(0, 1)), pooled[i, j])
        assert np.all((row0 <= rows[i, j]) & (rows[i, j] < row1))
        assert np.all((col0 <= cols[i, j]) & (cols[i, j] < col1))


def test_winner_on_a_tie_is_the_first_in_reading_order() -> None:
    rows, cols = pool2d_argmax(np.array([[1.0, 5.0], [5.0, 5.0]]), 2)
    assert (rows.tolist(), cols.tolist()) == ([[0]], [[1]])


def test_pool_windows_drop_the_remainder() -> None:
    assert pool_windows((4, 5), 2).tolist() == [
        [[0, 2, 0, 2], [0, 2, 2, 4]],
        [[2, 4, 0, 2], [2, 4, 2, 4]],
    ]
    assert pool_windows((5, 5, 3), 3, stride=1).shape == (3, 3, 4)


def test_pool_output_shape_of_vgg_pools() -> None:
    assert pool_output_shape((224, 224, 64), 2) == (112, 112, 64)
    assert pool_output_shape((7, 7), 2) == (3, 3)
    assert pool_output_shape((5, 8), 3, stride=2) == (2, 3)


# --------------------------------------------------------------------------------------------
# Small shifts: equivariance of convolution, approximate invariance of pooling
# --------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=40)
@given(
    image=arrays(
        np.float64, st.tuples(st.integers(1, 12), st.integers(1, 12)), elements=finite_floats
    ),
    data=st.data(),
)
def test_shifted_pair_moves_every_pixel_right(image: np.ndarray, data: st.DataObject) -> None:
    shift = data.draw(st.integers(0, image.shape[1] - 1))
    before, after = shifted_pair(image, shift)
    assert before.shape == after.shape == (image.shape[0], image.shape[1] - shift)
    overlap = max(before.shape[1] - shift, 0)  # columns seen in both pictures
    np.testing.assert_array_equal(after[:, shift:], before[:, :overlap])
    np.testing.assert_array_equal(before, image[:, shift:])


def test_shifted_pair_edge_cases() -> None:
    one = np.array([[7.0]])
    before, after = shifted_pair(one, 0)  # a 1×1 picture can only be "moved" by 0
    np.testing.assert_array_equal(before, one)
    np.testing.assert_array_equal(after, one)
    colour = np.arange(2 * 5 * 3).reshape(2, 5, 3)
    before, after = shifted_pair(colour, 4)
    np.testing.assert_array_equal(before, colour[:, 4:])
    np.testing.assert_array_equal(after, colour[:, :1])


@pytest.mark.parametrize(
    ("image", "shift", "message"),
    [
        (np.zeros((3, 4)), 4, r"from 0 to 3 for a picture 4 pixels wide; got 4"),
        (np.zeros((3, 4)), -1, r"from 0 to 3 .* got -1"),
        (np.zeros((3, 4)), 1.5, r"whole number of pixels"),
        (np.zeros((3, 4)), True, r"whole number of pixels"),
        (np.zeros(4), 1, r"got 1 dimensions"),
    ],
)
def test_shifted_pair_rejects_bad_arguments(image: np.ndarray, shift: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        shifted_pair(image, shift)


nonnegative_maps = arrays(
    np.float64,
    st.tuples(st.integers(1, 8), st.integers(1, 8)),
    # Not subnormal: 5e-324 × 0.5 underflows to 0, and no ratio survives that (found by CI).
    elements=st.floats(0, 100, allow_subnormal=False),
)


@settings(deadline=None, max_examples=60)
@given(
    pair=nonnegative_maps.flatmap(
        lambda a: st.tuples(st.just(a), arrays(np.float64, a.shape, elements=finite_floats))
    ),
    scale=st.floats(1e-3, 1e3),
)
def test_share_changed_is_bounded_symmetric_and_scale_free(
    pair: tuple[np.ndarray, np.ndarray], scale: float
) -> None:
    before, after = pair
    change = share_changed(before, after)
    assert 0.0 <= change <= 1.0
    assert change == pytest.approx(share_changed(after, before))
    assert change == pytest.approx(share_changed(scale * before, scale * after), abs=1e-12)
    total = np.abs(before).sum() + np.abs(after).sum()
    expected = np.abs(after - before).sum() / total if total else 0.0
    assert change == pytest.approx(expected)


def test_share_changed_named_cases() -> None:
    spot, moved = np.array([[0.0, 5.0, 0.0]]), np.array([[0.0, 0.0, 5.0]])
    assert share_changed(spot, spot) == 0.0
    assert share_changed(spot, moved) == 1.0  # nothing in common
    assert share_changed(np.zeros((3, 3)), np.zeros((3, 3))) == 0.0  # no 0/0 = NaN
    with pytest.raises(ValueError, match=r"same shape .* \(1, 3\) and \(3, 1\)"):
        share_changed(spot, spot.T)
    with pytest.raises(ValueError, match="NaN or infinite"):
        share_changed(spot, np.array([[0.0, np.nan, 0.0]]))


@settings(deadline=None, max_examples=30)
@given(
    image=arrays(
        np.float64, st.tuples(st.integers(6, 14), st.integers(12, 16)), elements=st.floats(0, 1)
    ),
    kernel=arrays(np.float64, (3, 3), elements=st.floats(-2, 2)),
    data=st.data(),
)
def test_a_convolution_moves_its_map_along_with_the_picture(
    image: np.ndarray, kernel: np.ndarray, data: st.DataObject
) -> None:
    """Equivariance, with scipy.ndimage doing the correlation as the trusted reference."""
    shift = data.draw(st.integers(0, 4))
    size = data.draw(st.integers(1, 3))
    before_picture, after_picture = shifted_pair(image, shift)

    def feature_map(picture: np.ndarray) -> np.ndarray:  # "valid" cross-correlation
        return ndimage.correlate(picture, kernel, mode="constant")[1:-1, 1:-1]

    before, after = feature_map(before_picture), feature_map(after_picture)
    effect = shift_effect(before, after, shift, size=size)
    assert effect.equivariance_error == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_array_equal(effect.raw_difference, after - before)
    pooled_before, pooled_after = pool2d(before, size), pool2d(after, size)
    np.testing.assert_array_equal(effect.pooled_difference, pooled_after - pooled_before)
    assert effect.raw_change == share_changed(before, after)
    assert effect.pooled_change == share_changed(pooled_before, pooled_after)


def test_pooling_forgives_a_move_inside_the_window_but_not_across_it() -> None:
    before = np.zeros((4, 6))
    before[1, 0] = 1.0
    inside = np.roll(before, 1, axis=1)  # column 0 → 1: the same 2×2 window
    across = np.roll(before, 2, axis=1)  # column 0 → 2: the next window
    for mode in POOL_MODES:
        stays = shift_effect(before, inside, 1, size=2, mode=mode)
        assert (stays.raw_change, stays.pooled_change) == (1.0, 0.0)
        moves = shift_effect(before, across, 2, size=2, mode=mode)
        assert (moves.raw_change, moves.pooled_change) == (1.0, 1.0)
        assert stays.equivariance_error == moves.equivariance_error == 0.0
    not_moved_along = shift_effect(before, inside, 2, size=2)  # told the wrong shift
    assert not_moved_along.equivariance_error == 1.0


def test_shift_effect_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="same shape"):
        shift_effect(np.zeros((4, 4)), np.zeros((4, 5)), 1, size=2)
    with pytest.raises(ValueError, match=r"from 0 to 3 .* got 4"):
        shift_effect(np.zeros((4, 4)), np.zeros((4, 4)), 4, size=2)
    with pytest.raises(ValueError, match=r"5×5 window does not fit in the 4×4 map"):
        shift_effect(np.zeros((4, 4)), np.zeros((4, 4)), 1, size=5)
    with pytest.raises(ValueError, match="got 1 dimensions"):
        shift_effect(np.zeros(4), np.zeros(4), 1, size=2)
