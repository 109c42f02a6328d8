"""core.convolution against scipy.ndimage / scipy.signal, plus the named edge cases."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage, signal

from core import colours
from core import convolution as conv
from core.convolution import (
    PADDING_MODES,
    PRESETS,
    convolve2d,
    correlate2d,
    correlate_rgb,
    correlate_stack,
    explain_step,
    output_size,
    pad_image,
)

# Our padding names -> scipy.ndimage's modes. "grid-wrap" is scipy's documented periodic mode.
SCIPY_MODES = {
    "zero": "constant",
    "replicate": "nearest",
    "reflect": "reflect",
    "mirror": "mirror",
    "wrap": "grid-wrap",
}
PADDED_MODES = tuple(SCIPY_MODES)


def scipy_reference(image, kernel, padding, stride):
    """What correlate2d must return, computed by scipy only (no code from core)."""
    if padding == "valid":
        full = signal.correlate2d(image, kernel, mode="valid")
    else:
        full = ndimage.correlate(image, kernel, mode=SCIPY_MODES[padding], cval=0.0)
    # Output (i, j) is the window whose top-left is (i*s, j*s) in the padded image, i.e. the
    # position i*s, j*s of the stride-1 result.
    return full[::stride, ::stride]


def random_case(seed, shape=(9, 11), k=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.normal(size=(k, k))


# --------------------------------------------------------------------------------------------
# Against scipy, property-based
# --------------------------------------------------------------------------------------------


@st.composite
def cases(draw):
    rows = draw(st.integers(1, 12))
    cols = draw(st.integers(1, 12))
    k = draw(st.sampled_from([1, 3, 5, 7]))
    padding = draw(st.sampled_from(PADDING_MODES))
    stride = draw(st.integers(1, 15))
    seed = draw(st.integers(0, 2**32 - 1))
    image, kernel = random_case(seed, (rows, cols), k)
    return image, kernel, padding, stride


@settings(deadline=None, max_examples=300)
@given(cases())
def test_correlate2d_equals_scipy_for_every_shape_padding_and_stride(case):
    image, kernel, padding, stride = case
    k = kernel.shape[0]
    if padding == "valid" and k > min(image.shape):
        with pytest.raises(ValueError, match="no position where it fits"):
            correlate2d(image, kernel, padding=padding, stride=stride)
        return
    result = correlate2d(image, kernel, padding=padding, stride=stride)
    expected = scipy_reference(image, kernel, padding, stride)
    assert result.dtype == np.float64
    assert result.shape == expected.shape
    assert result.shape == tuple(
        output_size(n, k, padding=padding, stride=stride) for n in image.shape
    )
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-12)


@settings(deadline=None, max_examples=150)
@given(cases())
def test_convolve2d_equals_scipy_convolve_and_flipped_correlation(case):
    image, kernel, padding, stride = case
    if padding == "valid":
        padding = "zero"
    result = convolve2d(image, kernel, padding=padding, stride=stride)
    expected = ndimage.convolve(image, kernel, mode=SCIPY_MODES[padding], cval=0.0)
    np.testing.assert_allclose(result, expected[::stride, ::stride], rtol=1e-12, atol=1e-12)
    rotated = np.rot90(kernel, 2)
    np.testing.assert_array_equal(
        result, correlate2d(image, rotated, padding=padding, stride=stride)
    )


@settings(deadline=None, max_examples=100)
@given(cases())
def test_pad_image_equals_the_scipy_border(case):
    """Every pixel of the padded image, read through scipy with a one-hot kernel."""
    image, kernel, padding, _ = case
    k = kernel.shape[0]
    padded = pad_image(image, k, padding=padding)
    if padding == "valid":
        np.testing.assert_array_equal(padded, image)
        return
    rows, cols = image.shape
    assert padded.shape == (rows + k - 1, cols + k - 1)
    for a in range(k):
        for b in range(k):
            one_hot = np.zeros((k, k))
            one_hot[a, b] = 1
            # scipy reads image pixel (i + a - pad, j + b - pad), i.e. padded[i + a, j + b].
            expected = ndimage.correlate(image, one_hot, mode=SCIPY_MODES[padding], cval=0.0)
            np.testing.assert_array_equal(padded[a : a + rows, b : b + cols], expected)


def test_output_size_counts_the_kernel_positions():
    for n in range(1, 20):
        for k in (1, 3, 5, 7, 9):
            for stride in range(1, 8):
                for padding in PADDING_MODES:
                    pad = 0 if padding == "valid" else (k - 1) // 2
                    positions = len(range(0, n + 2 * pad - k + 1, stride))
                    if positions == 0:
                        with pytest.raises(ValueError, match="no position"):
                            output_size(n, k, padding=padding, stride=stride)
                    else:
                        assert output_size(n, k, padding=padding, stride=stride) == positions


def test_output_size_worked_example():
    assert output_size(7, 3, padding="zero", stride=2) == 4
    assert output_size(7, 3, padding="valid", stride=2) == 3
    assert output_size(1024, 3, padding="zero", stride=1) == 1024


# --------------------------------------------------------------------------------------------
# The border modes, written out by hand
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("padding", "expected_row"),
    [
        ("zero", [0, 0, 1, 2, 3, 4, 0, 0]),
        ("replicate", [1, 1, 1, 2, 3, 4, 4, 4]),
        ("reflect", [2, 1, 1, 2, 3, 4, 4, 3]),
        ("mirror", [3, 2, 1, 2, 3, 4, 3, 2]),
        ("wrap", [3, 4, 1, 2, 3, 4, 1, 2]),
    ],
)
def test_pad_image_borders_by_hand(padding, expected_row):
    padded = pad_image([[1, 2, 3, 4]], 5, padding=padding)
    assert padded.shape == (5, 8)
    np.testing.assert_array_equal(padded[2], expected_row)


def test_mirror_does_not_repeat_the_edge_pixel_but_reflect_does():
    row = [[10, 20, 30]]
    assert pad_image(row, 3, padding="mirror")[1].tolist() == [20, 10, 20, 30, 20]
    assert pad_image(row, 3, padding="reflect")[1].tolist() == [10, 10, 20, 30, 30]
    assert pad_image(row, 3, padding="replicate")[1].tolist() == [10, 10, 20, 30, 30]
    column = pad_image([[10], [20], [30]], 3, padding="mirror")[:, 1]
    assert column.tolist() == [20, 10, 20, 30, 20]


def test_valid_padding_adds_nothing():
    image, _ = random_case(0)
    padded = pad_image(image, 5, padding="valid")
    np.testing.assert_array_equal(padded, image)
    assert not np.shares_memory(padded, image)


# --------------------------------------------------------------------------------------------
# Named edge cases
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("padding", PADDING_MODES)
def test_one_by_one_image(padding):
    kernel = np.arange(9.0).reshape(3, 3)
    if padding == "valid":
        assert correlate2d([[2.0]], [[3.0]], padding=padding).tolist() == [[6.0]]
        return
    result = correlate2d([[2.0]], kernel, padding=padding)
    # Zero padding keeps only the centre weight; every other border repeats the single pixel.
    expected = 2.0 * (kernel[1, 1] if padding == "zero" else kernel.sum())
    assert result.tolist() == [[expected]]


@pytest.mark.parametrize("padding", PADDED_MODES)
def test_kernel_larger_than_image_works_with_padding(padding):
    image, kernel = random_case(1, shape=(2, 3), k=7)
    result = correlate2d(image, kernel, padding=padding)
    assert result.shape == (2, 3)
    np.testing.assert_allclose(result, scipy_reference(image, kernel, padding, 1), atol=1e-12)


def test_kernel_larger_than_image_with_valid_padding_raises_and_suggests_a_padding():
    image, kernel = random_case(1, shape=(4, 9), k=5)
    with pytest.raises(ValueError, match=r"5×5 kernel is larger.*side of 4.*padding mode"):
        correlate2d(image, kernel, padding="valid")


@pytest.mark.parametrize("padding", PADDING_MODES)
def test_stride_larger_than_image_gives_one_pixel(padding):
    image, kernel = random_case(2, shape=(5, 6), k=3)
    result = correlate2d(image, kernel, padding=padding, stride=50)
    assert result.shape == (1, 1)
    assert result[0, 0] == correlate2d(image, kernel, padding=padding)[0, 0]


@pytest.mark.parametrize("padding", PADDING_MODES)
def test_all_zero_kernel_gives_all_zeros(padding):
    image, _ = random_case(3)
    result = correlate2d(image, np.zeros((3, 3)), padding=padding, stride=2)
    assert result.shape == tuple(output_size(n, 3, padding=padding, stride=2) for n in image.shape)
    assert not result.any()


def test_weights_of_plus_minus_1000_stay_finite_and_exact():
    rng = np.random.default_rng(4)
    image = rng.integers(0, 256, size=(64, 64)).astype(np.float64)
    kernel = rng.choice([-1000.0, 1000.0], size=(7, 7))
    result = correlate2d(image, kernel, padding="reflect")
    assert np.isfinite(result).all()
    np.testing.assert_array_equal(result, ndimage.correlate(image, kernel, mode="reflect"))


def test_overflowing_result_raises_instead_of_returning_inf_or_nan():
    with pytest.raises(ValueError, match="overflowed"):
        correlate2d(np.full((3, 3), 1e308), [[1.0, 1.0, -1.0]] * 3, padding="zero")


def test_convolution_and_correlation_differ_for_an_asymmetric_kernel():
    image, _ = random_case(5)
    right_neighbour = np.zeros((3, 3))
    right_neighbour[1, 2] = 1.0
    correlated = correlate2d(image, right_neighbour)
    convolved = convolve2d(image, right_neighbour)
    np.testing.assert_array_equal(correlated, image[1:-1, 2:])  # picks the right neighbour
    np.testing.assert_array_equal(convolved, image[1:-1, :-2])  # picks the left neighbour
    assert not np.allclose(correlated, convolved)


def test_convolution_equals_correlation_for_a_symmetric_kernel():
    image, _ = random_case(6)
    kernel = conv.GAUSSIAN_BLUR_5X5_WEIGHTS
    np.testing.assert_array_equal(
        convolve2d(image, kernel, padding="mirror"), correlate2d(image, kernel, padding="mirror")
    )


def test_float32_and_integer_images_give_float64():
    image = np.arange(30, dtype=np.uint8).reshape(5, 6)
    expected = correlate2d(image.astype(np.float64), conv.SHARPEN_WEIGHTS, padding="zero")
    for typed in (image, image.astype(np.float32), image.astype(np.int64), image.tolist()):
        result = correlate2d(typed, conv.SHARPEN_WEIGHTS, padding="zero")
        assert result.dtype == np.float64
        np.testing.assert_array_equal(result, expected)


# --------------------------------------------------------------------------------------------
# Bad arguments
# --------------------------------------------------------------------------------------------

GOOD_IMAGE = np.ones((5, 5))
GOOD_KERNEL = np.ones((3, 3))


@pytest.mark.parametrize(
    ("image", "kernel", "options", "message"),
    [
        (np.ones(5), GOOD_KERNEL, {}, "image must have 2 axes"),
        (np.ones((5, 5, 3)), GOOD_KERNEL, {}, "image must have 2 axes"),
        (np.ones((0, 5)), GOOD_KERNEL, {}, "image is empty"),
        (np.full((5, 5), np.nan), GOOD_KERNEL, {}, "NaN or infinite"),
        (GOOD_IMAGE, [[1.0, np.inf, 1.0]] * 3, {}, "NaN or infinite"),
        (np.ones((5, 5)) * 1j, GOOD_KERNEL, {}, "real numbers"),
        (np.array([["a"]]), GOOD_KERNEL, {}, "real numbers"),
        (GOOD_IMAGE, np.ones((2, 2)), {}, "odd side"),
        (GOOD_IMAGE, np.ones((3, 5)), {}, "square"),
        (GOOD_IMAGE, np.ones(3), {}, "kernel must have 2 axes"),
        (GOOD_IMAGE, GOOD_KERNEL, {"padding": "same"}, "padding must be one of"),
        (GOOD_IMAGE, GOOD_KERNEL, {"stride": 0}, "stride must be a whole number"),
        (GOOD_IMAGE, GOOD_KERNEL, {"stride": 1.5}, "stride must be a whole number"),
        (GOOD_IMAGE, GOOD_KERNEL, {"stride": True}, "stride must be a whole number"),
    ],
)
@pytest.mark.parametrize("function", [correlate2d, convolve2d])
def test_bad_arguments_raise_clear_errors(function, image, kernel, options, message):
    with pytest.raises(ValueError, match=message):
        function(image, kernel, **options)


def test_numpy_integer_stride_is_accepted():
    result = correlate2d(GOOD_IMAGE, GOOD_KERNEL, padding="zero", stride=np.int64(2))
    assert result.shape == (3, 3)


@pytest.mark.parametrize(
    ("n", "k", "padding", "stride", "message"),
    [
        (0, 3, "zero", 1, "image size"),
        (5, 4, "zero", 1, "odd side"),
        (5, 3, "full", 1, "padding must be one of"),
        (5, 3, "zero", -1, "stride"),
    ],
)
def test_output_size_bad_arguments(n, k, padding, stride, message):
    with pytest.raises(ValueError, match=message):
        output_size(n, k, padding=padding, stride=stride)


@pytest.mark.parametrize(
    ("image", "kernel_size", "padding", "message"),
    [
        (np.ones((3, 3)), 4, "zero", "odd side"),
        (np.ones((3, 3)), 3, "constant", "padding must be one of"),
        (np.ones((3, 3, 3)), 3, "zero", "image must have 2 axes"),
        ([[1.0, np.nan]], 3, "mirror", "NaN"),
    ],
)
def test_pad_image_bad_arguments(image, kernel_size, padding, message):
    with pytest.raises(ValueError, match=message):
        pad_image(image, kernel_size, padding=padding)


# --------------------------------------------------------------------------------------------
# One step of the calculation
# --------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=150)
@given(cases(), st.integers(0, 10**6), st.integers(0, 10**6))
def test_explain_step_matches_the_output_pixel(case, row_seed, col_seed):
    image, kernel, padding, stride = case
    k = kernel.shape[0]
    if padding == "valid" and k > min(image.shape):
        return
    result = correlate2d(image, kernel, padding=padding, stride=stride)
    row, col = row_seed % result.shape[0], col_seed % result.shape[1]
    step = explain_step(image, kernel, row, col, padding=padding, stride=stride)
    assert step.total == pytest.approx(result[row, col], rel=1e-12, abs=1e-12)
    pad = 0 if padding == "valid" else (k - 1) // 2
    top, left = step.padded_top_left
    assert (top, left) == (row * stride, col * stride)
    assert step.image_top_left == (top - pad, left - pad)
    padded = pad_image(image, k, padding=padding)
    np.testing.assert_array_equal(step.patch, padded[top : top + k, left : left + k])
    np.testing.assert_array_equal(step.kernel, kernel)
    np.testing.assert_array_equal(step.products, step.patch * kernel)


def test_explain_step_at_the_corner_reads_the_zero_border():
    image = np.arange(1.0, 17.0).reshape(4, 4)
    step = explain_step(image, conv.BOX_BLUR_3X3_WEIGHTS, 0, 0, padding="zero")
    assert step.image_top_left == (-1, -1)
    assert step.padded_top_left == (0, 0)
    np.testing.assert_array_equal(step.patch, [[0, 0, 0], [0, 1, 2], [0, 5, 6]])
    assert step.total == pytest.approx((1 + 2 + 5 + 6) / 9)


def test_explain_step_arrays_are_read_only():
    step = explain_step(GOOD_IMAGE, GOOD_KERNEL, 1, 1)
    with pytest.raises(ValueError, match="read-only"):
        step.products[0, 0] = 5


@pytest.mark.parametrize(("row", "col"), [(5, 0), (0, 5), (-1, 0), (0, 1.0), (3, 3)])
def test_explain_step_out_of_range_raises(row, col):
    with pytest.raises(ValueError, match="output coordinate"):
        explain_step(GOOD_IMAGE, GOOD_KERNEL, row, col, padding="valid")


# --------------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------------

BLUR_PRESETS = ("Box blur 3×3", "Big box blur 11×11", "Gaussian blur 3×3", "Gaussian blur 5×5")
EDGE_PRESETS = (
    "Horizontal edges",
    "Vertical edges",
    "Outline",
    "Sobel top",
    "Sobel bottom",
    "Sobel left",
    "Sobel right",
)


def test_presets_are_float64_square_odd_and_keyed_by_name():
    assert len(PRESETS) == 14
    for key, preset in PRESETS.items():
        assert key == preset.name
        assert preset.kernel.dtype == np.float64
        rows, cols = preset.kernel.shape
        assert rows == cols
        assert rows % 2 == 1
        assert preset.description.endswith(".")
        assert not preset.kernel.flags.writeable


def test_blur_presets_sum_to_one_and_edge_presets_to_zero():
    for name in BLUR_PRESETS:
        assert PRESETS[name].kernel.sum() == pytest.approx(1.0, abs=1e-12), name
        assert (PRESETS[name].kernel > 0).all(), name
    for name in EDGE_PRESETS:
        assert PRESETS[name].kernel.sum() == 0.0, name


def test_preset_values():
    assert conv.BOX_BLUR_11X11_WEIGHTS.shape == (11, 11)
    np.testing.assert_array_equal(
        conv.GAUSSIAN_BLUR_3X3_WEIGHTS * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
    )
    np.testing.assert_array_equal(conv.GAUSSIAN_BLUR_5X5_WEIGHTS[2] * 256, [6, 24, 36, 24, 6])
    np.testing.assert_array_equal(
        conv.HORIZONTAL_EDGES_WEIGHTS, [[-1, -1, -1], [0, 0, 0], [1, 1, 1]]
    )
    np.testing.assert_array_equal(conv.VERTICAL_EDGES_WEIGHTS, [[1, 0, -1]] * 3)
    assert conv.OUTLINE_WEIGHTS[1, 1] == 8
    assert conv.OUTLINE_WEIGHTS.sum() == 0
    np.testing.assert_array_equal(conv.SOBEL_BOTTOM_WEIGHTS, -conv.SOBEL_TOP_WEIGHTS)
    np.testing.assert_array_equal(conv.SOBEL_RIGHT_WEIGHTS, -conv.SOBEL_LEFT_WEIGHTS)
    np.testing.assert_array_equal(conv.SOBEL_LEFT_WEIGHTS, conv.SOBEL_TOP_WEIGHTS.T)


def test_identity_preset_returns_the_image():
    image, _ = random_case(7)
    for padding in PADDED_MODES:
        np.testing.assert_array_equal(
            correlate2d(image, conv.IDENTITY_WEIGHTS, padding=padding), image
        )


# --------------------------------------------------------------------------------------------
# Colour and stacks of filters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("padding", PADDING_MODES)
@pytest.mark.parametrize("stride", [1, 2, 3])
def test_correlate_rgb_is_the_sum_of_channel_correlations(padding, stride):
    rng = np.random.default_rng(8)
    image, kernel = rng.normal(size=(10, 13, 3)), rng.normal(size=(5, 5, 3))
    result = correlate_rgb(image, kernel, padding=padding, stride=stride)
    per_channel = sum(
        correlate2d(image[..., c], kernel[..., c], padding=padding, stride=stride) for c in range(3)
    )
    np.testing.assert_allclose(result, per_channel, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("padding", PADDED_MODES)
def test_correlate_rgb_equals_scipy_on_the_volume_middle_channel(padding):
    rng = np.random.default_rng(9)
    image, kernel = rng.normal(size=(8, 7, 3)), rng.normal(size=(3, 3, 3))
    volume = ndimage.correlate(image, kernel, mode=SCIPY_MODES[padding], cval=0.0)
    for stride in (1, 2):
        np.testing.assert_allclose(
            correlate_rgb(image, kernel, padding=padding, stride=stride),
            volume[::stride, ::stride, 1],
            rtol=1e-12,
            atol=1e-12,
        )


def test_correlate_rgb_rejects_mismatched_channels():
    with pytest.raises(ValueError, match="3 channels but the kernel has 4"):
        correlate_rgb(np.ones((5, 5, 3)), np.ones((3, 3, 4)))
    with pytest.raises(ValueError, match="square"):
        correlate_rgb(np.ones((5, 5, 3)), np.ones((3, 5, 3)))


def test_correlate_stack_grey_has_one_map_per_filter():
    image, _ = random_case(10)
    kernels = np.stack([conv.SOBEL_TOP_WEIGHTS, conv.SOBEL_LEFT_WEIGHTS, conv.IDENTITY_WEIGHTS])
    result = correlate_stack(image, kernels, padding="zero", stride=2)
    assert result.shape == (5, 6, 3)
    for i, kernel in enumerate(kernels):
        np.testing.assert_array_equal(
            result[..., i], correlate2d(image, kernel, padding="zero", stride=2)
        )


def test_correlate_stack_colour_has_one_map_per_filter():
    rng = np.random.default_rng(11)
    image, kernels = rng.normal(size=(6, 9, 3)), rng.normal(size=(4, 3, 3, 3))
    result = correlate_stack(image, kernels, padding="valid")
    assert result.shape == (4, 7, 4)
    for i, kernel in enumerate(kernels):
        np.testing.assert_array_equal(result[..., i], correlate_rgb(image, kernel, padding="valid"))


@pytest.mark.parametrize(
    ("image", "kernels", "message"),
    [
        (np.ones((5, 5)), np.ones((3, 3)), "must have 3 axes"),
        (np.ones((5, 5, 3)), np.ones((2, 3, 3)), "must have 4 axes"),
        (np.ones((5, 5)), np.ones((0, 3, 3)), "empty"),
        (np.ones(5), np.ones((1, 3, 3)), r"\(H, W\) gray or \(H, W, C\) colour"),
    ],
)
def test_correlate_stack_bad_shapes(image, kernels, message):
    with pytest.raises(ValueError, match=message):
        correlate_stack(image, kernels)


# --------------------------------------------------------------------------------------------
# Showing kernels and feature maps
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "weights", "divisor"),
    [
        ("Box blur 3×3", np.ones((3, 3)), 9),
        ("Big box blur 11×11", np.ones((11, 11)), 121),
        ("Gaussian blur 3×3", [[1, 2, 1], [2, 4, 2], [1, 2, 1]], 16),
        ("Gaussian blur 5×5", np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]), 256),
        ("Sharpen", [[0, -1, 0], [-1, 5, -1], [0, -1, 0]], 1),
        ("Emboss", [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], 1),
    ],
)
def test_as_whole_numbers_of_presets(name, weights, divisor):
    whole, found = conv.as_whole_numbers(PRESETS[name].kernel)
    assert found == divisor
    np.testing.assert_array_equal(whole, weights)
    np.testing.assert_allclose(whole / found, PRESETS[name].kernel, rtol=1e-15)


@pytest.mark.parametrize(
    "kernel", [np.zeros((3, 3)), [[0.3, 0, 0], [0, 0.3, 0], [0, 0, 0.4]], [[2, 4, 2]] * 3]
)
def test_as_whole_numbers_leaves_other_kernels_alone(kernel):
    whole, divisor = conv.as_whole_numbers(kernel)
    assert divisor == 1
    np.testing.assert_array_equal(whole, kernel)


@settings(deadline=None, max_examples=50)
@given(st.integers(0, 2**32 - 1), st.sampled_from([1, 3, 5, 7]), st.sampled_from([1, 3, 5, 7]))
def test_resize_kernel_grows_with_zeros_and_shrinks_to_the_middle(seed, k, side):
    kernel = np.random.default_rng(seed).normal(size=(k, k))
    resized = conv.resize_kernel(kernel, side)
    assert resized.shape == (side, side)
    small, big = (resized, kernel) if side <= k else (kernel, resized)
    cut = (big.shape[0] - small.shape[0]) // 2
    np.testing.assert_array_equal(
        big[cut : cut + small.shape[0], cut : cut + small.shape[0]], small
    )
    if side >= k:  # growing adds only zeros, so the filter does exactly the same
        assert np.count_nonzero(resized) == np.count_nonzero(kernel)
        image = np.random.default_rng(seed + 1).normal(size=(9, 9))
        np.testing.assert_allclose(
            correlate2d(image, resized, padding="zero"),
            correlate2d(image, kernel, padding="zero"),
            atol=1e-12,
        )


def test_resize_kernel_rejects_an_even_side():
    with pytest.raises(ValueError, match="odd side"):
        conv.resize_kernel(conv.IDENTITY_WEIGHTS, 4)


def test_place_pattern_puts_the_pattern_where_asked():
    pattern = np.arange(6).reshape(2, 3) + 1
    canvas = conv.place_pattern(pattern, (5, 7), top=2, left=4)
    assert canvas.dtype == np.float64
    np.testing.assert_array_equal(canvas[2:4, 4:7], pattern)
    assert canvas.sum() == pattern.sum()
    np.testing.assert_array_equal(
        conv.place_pattern(pattern, (5, 7), top=2, left=3), np.roll(canvas, -1, axis=1)
    )


@pytest.mark.parametrize(("top", "left"), [(-1, 0), (0, -1), (4, 0), (0, 5)])
def test_place_pattern_that_does_not_fit_raises(top, left):
    with pytest.raises(ValueError, match="does not fit"):
        conv.place_pattern(np.ones((2, 3)), (5, 7), top=top, left=left)


def test_shifting_the_pattern_shifts_the_feature_map_and_keeps_its_maximum():
    """Equivariance and invariance of the maximum, as the page shows them."""
    plus = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=float)
    maps = [
        correlate2d(conv.place_pattern(plus * 255, (9, 20), top=3, left=left), plus, padding="zero")
        for left in range(0, 18)
    ]
    for left, feature_map in enumerate(maps):
        assert np.unravel_index(feature_map.argmax(), feature_map.shape) == (4, left + 1)
        assert feature_map.max() == maps[0].max() == 5 * 255
    # Away from the canvas edges the whole map moves: (response spans columns left-1..left+3)
    for left in range(1, 17):
        np.testing.assert_array_equal(maps[left], np.roll(maps[1], left - 1, axis=1))


def test_diverging_is_centred_on_zero():
    rgb = conv.display_image(np.array([[-300.0, 0.0, 100.0, 300.0]]))
    assert rgb.shape == (1, 4, 3) and rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, 0], colours.SIGNED_STOPS[0])
    np.testing.assert_array_equal(rgb[0, 1], colours.SIGNED_STOPS[5])  # white at 0
    np.testing.assert_array_equal(rgb[0, 3], colours.SIGNED_STOPS[-1])
    assert rgb[0, 2, 0] > rgb[0, 2, 2]  # 100 is a pale red, not white


def test_grey_scalings_by_hand():
    values = np.array([[-300.0, -10.0, 0.0, 127.4, 300.0]])
    np.testing.assert_array_equal(
        conv.display_image(values, scaling="absolute"), [[255, 10, 0, 127, 255]]
    )
    np.testing.assert_array_equal(conv.display_image(values, scaling="clip"), [[0, 0, 0, 127, 255]])
    np.testing.assert_array_equal(
        conv.display_image(values, scaling="rescale"), [[0, 123, 128, 182, 255]]
    )


@pytest.mark.parametrize("scaling", list(conv.DISPLAY_SCALINGS))
@pytest.mark.parametrize("constant", [0.0, 42.0, -1e300])
def test_maps_without_a_range_are_defined(scaling, constant):
    shown = conv.display_image(np.full((4, 5), constant), scaling=scaling)
    assert shown.dtype == np.uint8
    assert len(np.unique(shown.reshape(20, -1), axis=0)) == 1
    if scaling == "rescale":
        assert (shown == 128).all()
    if constant == 0.0 and scaling == "diverging":
        np.testing.assert_array_equal(shown[0, 0], colours.SIGNED_STOPS[5])


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.floats(-1.7e308, 1.7e308, allow_nan=False, allow_infinity=False), min_size=1, max_size=30
    ),
    st.sampled_from(list(conv.DISPLAY_SCALINGS)),
)
def test_display_image_is_defined_for_any_finite_values(values, scaling):
    """Even values near float64's limits (whose span overflows) give a full, ordered picture."""
    row = np.array(values)[None, :]
    shown = conv.display_image(row, scaling=scaling)
    assert shown.dtype == np.uint8
    assert shown.shape == ((1, len(values), 3) if scaling == "diverging" else (1, len(values)))
    if scaling == "rescale" and np.ptp(row) > 0:
        order = np.argsort(row[0], kind="stable")
        assert (np.diff(shown[0][order].astype(int)) >= 0).all()
        assert shown.min() == 0 and shown.max() == 255


def test_display_image_bad_arguments():
    with pytest.raises(ValueError, match="scaling must be one of"):
        conv.display_image(np.zeros((2, 2)), scaling="log")
    with pytest.raises(ValueError, match="NaN"):
        conv.display_image(np.array([[np.nan]]))


@pytest.mark.parametrize("k", [1, 3, 5, 11])
@pytest.mark.parametrize("padding", PADDING_MODES)
def test_border_width_is_what_pad_image_adds(k, padding):
    pad = conv.border_width(k, padding=padding)
    assert pad == (0 if padding == "valid" else (k - 1) // 2)
    assert pad_image(np.zeros((4, 6)), k, padding=padding).shape == (4 + 2 * pad, 6 + 2 * pad)


def test_border_width_bad_arguments():
    with pytest.raises(ValueError, match="odd side"):
        conv.border_width(4, padding="zero")
    with pytest.raises(ValueError, match="padding must be one of"):
        conv.border_width(3, padding="same")
