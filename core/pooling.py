"""Pooling and activation functions: the two cheap steps between convolutions.

Pooling slides a ``size × size`` window over a feature map with a given stride and keeps one
number per window (the largest, or the mean), so the map gets smaller while what it found is
kept. Activations bend each number on its own (ReLU sets negatives to zero, the logistic squashes
everything into 0..1) so that stacked layers can learn more than one big linear map.

:func:`shift_effect` shows what pooling is for: move a picture a few pixels and its feature map
moves along with it (a convolution is *equivariant*), while the pooled map changes less (pooling
makes small shifts matter less: approximate *invariance*).

Everything here matches Keras: :func:`pool2d` equals ``MaxPooling2D`` / ``AveragePooling2D`` with
``padding="valid"``, and the activations equal ``keras.activations``.

Example
-------
>>> x = np.array([[1, 3, 2, 0],
...               [4, 2, 1, 1],
...               [0, 1, 5, 6],
...               [2, 2, 7, 8]])
>>> pool2d(x, 2)
array([[4., 2.],
       [2., 8.]])
>>> pool2d(x, 2, mode="average")
array([[2.5 , 1.  ],
       [1.25, 6.5 ]])
>>> relu(np.array([-2.0, 0.0, 3.0]))
array([0., 0., 3.])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from scipy.special import expit

#: Pooling modes :func:`pool2d` understands, as Keras names its layers (MaxPooling2D,
#: AveragePooling2D).
POOL_MODES: tuple[str, ...] = ("max", "average")

#: Default slope for negative inputs of PReLU (He et al. 2015 start it at 0.25 and learn it).
PRELU_ALPHA: float = 0.25

#: Default ELU α (Clevert et al. 2016 and Keras): negative inputs level off at −α.
ELU_ALPHA: float = 1.0

# How each mode folds the next window position into the running result, in place.
_ACCUMULATORS: dict[str, np.ufunc] = {"max": np.maximum, "average": np.add}


# --------------------------------------------------------------------------------------------
# Checking arguments
# --------------------------------------------------------------------------------------------


def _as_real_array(values: object, what: str) -> np.ndarray:
    """``values`` as an array of finite real numbers (dtype kept), or a ValueError naming it."""
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{what} must hold real numbers, not {array.dtype} values.")
    if not np.isfinite(array).all():
        raise ValueError(
            f"{what} contains NaN or infinite values; replace them with finite numbers first "
            "(for example with np.nan_to_num)."
        )
    return array


def _check_positive_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{what} must be a whole number of at least 1, not {value!r}.")
    return int(value)


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not np.isfinite(alpha):
        raise ValueError(f"alpha must be a finite number, not {alpha!r}.")
    return float(alpha)


# --------------------------------------------------------------------------------------------
# Pooling
# --------------------------------------------------------------------------------------------


def _pooling_geometry(
    shape: tuple[int, ...], size: object, stride: object
) -> tuple[int, int, tuple[int, ...]]:
    """Checked ``(size, stride, output shape)``; ``stride=None`` means ``stride = size``."""
    shape = tuple(int(n) for n in shape)
    if len(shape) not in (2, 3):
        raise ValueError(
            f"Pooling needs a (height, width) or (height, width, channels) map; "
            f"got {len(shape)} dimensions {shape}."
        )
    size = _check_positive_int(size, "The pooling window size")
    stride = size if stride is None else _check_positive_int(stride, "The stride")
    height, width = shape[:2]
    if size > height or size > width:
        raise ValueError(
            f"The {size}×{size} window does not fit in the {height}×{width} map; use a window "
            f"of at most {min(height, width)}×{min(height, width)} or a larger map."
        )
    return size, stride, ((height - size) // stride + 1, (width - size) // stride + 1, *shape[2:])


def pool_output_shape(
    shape: tuple[int, ...], size: int, *, stride: int | None = None
) -> tuple[int, ...]:
    """Shape after pooling a ``(H, W)`` or ``(H, W, C)`` map with "valid" padding.

    Each spatial axis of length ``n`` gives ``(n - size) // stride + 1`` windows; a remainder
    that cannot fill a whole window is dropped, as Keras does. Channels are kept.

    >>> pool_output_shape((224, 224, 64), 2)
    (112, 112, 64)
    >>> pool_output_shape((5, 7), 3, stride=2)
    (2, 3)

    Raises:
        ValueError: ``shape`` is not 2-D or 3-D, ``size`` or ``stride`` is below 1, or the window
            does not fit in the map.
    """
    return _pooling_geometry(shape, size, stride)[2]


def pool_windows(shape: tuple[int, ...], size: int, *, stride: int | None = None) -> np.ndarray:
    """Where each pooling window sits, so a page can outline it.

    Returns an int array of shape ``(out_H, out_W, 4)``: for output cell ``(i, j)`` the
    half-open bounds ``(row0, row1, col0, col1)``, so the window is ``x[row0:row1, col0:col1]``.
    The trailing column and row of a 4×5 map do not fit a 2×2 window and are dropped:

    >>> pool_windows((4, 5), 2).tolist()
    [[[0, 2, 0, 2], [0, 2, 2, 4]], [[2, 4, 0, 2], [2, 4, 2, 4]]]
    """
    size, stride, (out_rows, out_cols, *_) = _pooling_geometry(shape, size, stride)
    rows, cols = np.meshgrid(
        np.arange(out_rows) * stride, np.arange(out_cols) * stride, indexing="ij"
    )
    return np.stack([rows, rows + size, cols, cols + size], axis=-1)


def _window_positions(
    x: np.ndarray, size: int, stride: int | None
) -> Iterator[tuple[int, int, np.ndarray]]:
    """The one walk over pooling windows used by this module.

    Rather than visiting each window, visit each of the ``size²`` positions *inside* a window:
    for offset ``(dr, dc)`` yield the strided view ``v`` with ``v[i, j] = x[i·stride + dr,
    j·stride + dc]``, i.e. that position in every window at once. Reducing the ``size²`` views
    element-wise gives the pooled map with a handful of whole-array NumPy operations.
    """
    size, stride, (out_rows, out_cols, *_) = _pooling_geometry(x.shape, size, stride)
    row_span = stride * (out_rows - 1) + 1
    col_span = stride * (out_cols - 1) + 1
    for dr in range(size):
        for dc in range(size):
            yield dr, dc, x[dr : dr + row_span : stride, dc : dc + col_span : stride]


def pool2d(x: np.ndarray, size: int, *, stride: int | None = None, mode: str = "max") -> np.ndarray:
    """Max or average pooling of a ``(H, W)`` or ``(H, W, C)`` map, as Keras with valid padding.

    ``stride`` defaults to ``size`` (windows side by side, no overlap). Channels are pooled
    independently. The result is float64 of shape :func:`pool_output_shape`.

    >>> x = np.arange(16).reshape(4, 4)
    >>> pool2d(x, 2)
    array([[ 5.,  7.],
           [13., 15.]])
    >>> pool2d(x, 3, stride=1, mode="average")
    array([[ 5.,  6.],
           [ 9., 10.]])

    Raises:
        ValueError: unknown ``mode``, a map that is not 2-D or 3-D or holds NaN/inf, ``size`` or
            ``stride`` below 1, or a window larger than the map.
    """
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be one of {', '.join(POOL_MODES)}; got {mode!r}.")
    x = _as_real_array(x, "The map to pool")
    accumulate = _ACCUMULATORS[mode]
    positions = _window_positions(x, size, stride)
    _, _, first = next(positions)  # the window's top-left position, present as size >= 1
    pooled = first.astype(np.float64)
    for _, _, values in positions:
        accumulate(pooled, values, out=pooled)
    if mode == "average":
        pooled /= int(size) ** 2
    return pooled


def pool2d_argmax(
    x: np.ndarray, size: int, *, stride: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For max pooling, the input ``(row, col)`` of the value that wins each window.

    Returns two int arrays ``rows, cols`` shaped like ``pool2d(x, size, stride=stride)``, with
    ``x[rows, cols] == pool2d(x, size, stride=stride)`` for a 2-D map (for ``(H, W, C)`` index
    channel ``k`` with ``x[rows[..., k], cols[..., k], k]``). On a tie the first winner in
    reading order (left to right, top to bottom) is reported.

    >>> x = np.array([[1, 9, 2, 2],
    ...               [3, 4, 2, 7]])
    >>> rows, cols = pool2d_argmax(x, 2)
    >>> rows.tolist(), cols.tolist()
    ([[0, 1]], [[1, 3]])
    """
    x = _as_real_array(x, "The map to pool")
    positions = _window_positions(x, size, stride)
    _, _, first = next(positions)  # the window's top-left position, present as size >= 1
    best = first.copy()
    best_dr = np.zeros(best.shape, dtype=np.intp)
    best_dc = np.zeros(best.shape, dtype=np.intp)
    for dr, dc, values in positions:
        better = values > best  # strict: an earlier position keeps a tie
        best[better] = values[better]
        best_dr[better] = dr
        best_dc[better] = dc
    windows = pool_windows(x.shape, size, stride=stride)
    if x.ndim == 3:  # the same windows for every channel
        windows = windows[:, :, np.newaxis, :]
    return windows[..., 0] + best_dr, windows[..., 2] + best_dc


# --------------------------------------------------------------------------------------------
# Small shifts: what convolution keeps (equivariance) and what pooling forgives (invariance)
# --------------------------------------------------------------------------------------------


def _check_shift(shift: object, width: int) -> None:
    if isinstance(shift, bool) or not isinstance(shift, Integral) or not 0 <= shift < width:
        raise ValueError(
            f"The shift must be a whole number of pixels from 0 to {width - 1} for a picture "
            f"{width} pixels wide; got {shift!r}."
        )


def shifted_pair(image: np.ndarray, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """A picture and the same picture moved ``shift`` pixels to the right, both the same size.

    Both are cut from ``image``, so nothing is invented at the border (no padding, no
    wrap-around): ``before = image[:, shift:]`` and ``after = image[:, :width - shift]``. Every
    pixel of ``before`` sits ``shift`` columns further right in ``after``, i.e.
    ``after[:, shift:] == before[:, :-shift]``.

    >>> before, after = shifted_pair(np.array([[1, 2, 3, 4, 5]]), 2)
    >>> before.tolist(), after.tolist()
    ([[3, 4, 5]], [[1, 2, 3]])

    Raises:
        ValueError: ``image`` is not (H, W) or (H, W, C), or ``shift`` is not a whole number
            from 0 to width − 1.
    """
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(
            f"Shifting needs a (height, width) or (height, width, channels) picture; got "
            f"{image.ndim} dimensions {image.shape}."
        )
    width = image.shape[1]
    _check_shift(shift, width)
    return image[:, shift:], image[:, : width - shift]


def share_changed(before: np.ndarray, after: np.ndarray) -> float:
    """How much two maps of the same shape differ, from 0 (identical) to 1 (nothing in common).

    ``Σ|after − before| / Σ(|before| + |after|)``: the total change measured against the total
    size of both maps, so it does not depend on the maps' scale and can be compared between a
    feature map and its pooled version. It is 1 when two non-negative maps never light up in the
    same place, and 0 (not NaN) when both maps are all zeros.

    >>> share_changed(np.array([0.0, 2.0, 0.0]), np.array([0.0, 0.0, 2.0]))
    1.0
    >>> share_changed(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
    0.3333333333333333

    Raises:
        ValueError: the maps differ in shape or hold NaN or infinite values.
    """
    before = _as_real_array(before, "The first map").astype(np.float64)
    after = _as_real_array(after, "The second map").astype(np.float64)
    if before.shape != after.shape:
        raise ValueError(
            f"Both maps must have the same shape to compare them; got {before.shape} and "
            f"{after.shape}."
        )
    total = np.abs(before).sum() + np.abs(after).sum()
    if total == 0:
        return 0.0
    # At most 1 by the triangle inequality; min() removes a last-bit rounding excess.
    return min(float(np.abs(after - before).sum() / total), 1.0)


@dataclass(frozen=True)
class ShiftEffect:
    """What moving the picture did to its feature map, before and after pooling.

    ``raw_change`` and ``pooled_change`` are :func:`share_changed` of the maps and of their
    pooled versions; the differences are ``after − before``. ``equivariance_error`` is the
    largest ``|after[:, shift:] − before[:, :-shift]|``: 0 when the map simply moved along with
    the picture, which is what a convolution does.
    """

    shift: int
    raw_change: float
    pooled_change: float
    raw_difference: np.ndarray
    pooled_difference: np.ndarray
    equivariance_error: float


def shift_effect(
    before: np.ndarray,
    after: np.ndarray,
    shift: int,
    *,
    size: int,
    stride: int | None = None,
    mode: str = "max",
) -> ShiftEffect:
    """Compare the feature maps of a picture and of the picture moved ``shift`` pixels right.

    ``before`` and ``after`` are the maps of the two pictures of :func:`shifted_pair` (computed
    the same way, e.g. the same kernel and activation). A convolution moves its map along with
    the picture (equivariance), so the raw maps differ wherever a feature sat; pooling keeps one
    number per window, so a feature that moves inside its window changes little
    (approximate invariance), and ``pooled_change`` is usually below ``raw_change``.

    >>> before = np.zeros((4, 4)); before[1, 0] = 1.0  # one bright spot ...
    >>> after = np.zeros((4, 4)); after[1, 1] = 1.0  # ... one pixel further right
    >>> effect = shift_effect(before, after, 1, size=2)
    >>> effect.raw_change, effect.pooled_change, effect.equivariance_error
    (1.0, 0.0, 0.0)

    Raises:
        ValueError: the maps differ in shape, ``shift`` does not fit their width, or the
            pooling arguments are impossible (see :func:`pool2d`).
    """
    raw_change = share_changed(before, after)  # checks the shapes and values
    pooled_before = pool2d(before, size, stride=stride, mode=mode)  # checks the dimensions
    pooled_after = pool2d(after, size, stride=stride, mode=mode)
    before = np.asarray(before, dtype=np.float64)
    after = np.asarray(after, dtype=np.float64)
    width = before.shape[1]
    _check_shift(shift, width)
    lined_up = after[:, shift:] - before[:, : width - shift]
    return ShiftEffect(
        shift=int(shift),
        raw_change=raw_change,
        pooled_change=share_changed(pooled_before, pooled_after),
        raw_difference=after - before,
        pooled_difference=pooled_after - pooled_before,
        equivariance_error=float(np.abs(lined_up).max()),
    )


# --------------------------------------------------------------------------------------------
# Activation functions
# --------------------------------------------------------------------------------------------
#
# Convention at the kink x = 0 (binary step, ReLU, PReLU, ELU): the derivative there takes the
# value from the negative side, as TensorFlow's gradient of ReLU does (relu'(0) = 0). The binary
# step itself is 1 at x = 0 (step(x) = 1 for x >= 0), and its derivative is reported as 0
# everywhere, including at 0 where it does not exist.


def identity(x: np.ndarray) -> np.ndarray:
    """f(x) = x: no bend at all; a network of only these is one linear map."""
    return _as_real_array(x, "x").astype(np.float64)


def identity_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 everywhere."""
    return np.ones_like(_as_real_array(x, "x"), dtype=np.float64)


def binary_step(x: np.ndarray) -> np.ndarray:
    """f(x) = 1 if x ≥ 0 else 0: the perceptron's on/off switch.

    >>> binary_step(np.array([-1.0, 0.0, 2.0]))
    array([0., 1., 1.])
    """
    return np.where(_as_real_array(x, "x") >= 0, 1.0, 0.0)


def binary_step_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 0 (undefined at 0, reported as 0): no slope, which is why it cannot be trained."""
    return np.zeros_like(_as_real_array(x, "x"), dtype=np.float64)


def logistic(x: np.ndarray) -> np.ndarray:
    """f(x) = 1 / (1 + e^−x), the sigmoid: squashes any number into 0..1.

    Computed with ``scipy.special.expit``, which never overflows (``logistic(-1e4)`` is 0).

    >>> logistic(np.array([-1e4, 0.0, 1e4]))
    array([0. , 0.5, 1. ])
    """
    return expit(_as_real_array(x, "x").astype(np.float64))


def logistic_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = f(x)·(1 − f(x)); at most 0.25 (at x = 0), so deep sigmoid nets learn slowly."""
    sigma = logistic(x)
    return sigma * (1.0 - sigma)


def tanh(x: np.ndarray) -> np.ndarray:
    """f(x) = tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ): like the logistic but centred, range −1..1."""
    return np.tanh(_as_real_array(x, "x").astype(np.float64))


def tanh_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 − tanh²(x); 1 at x = 0."""
    return 1.0 - tanh(x) ** 2


def arctan(x: np.ndarray) -> np.ndarray:
    """f(x) = arctan(x): range −π/2..π/2, flattens out more slowly than tanh."""
    return np.arctan(_as_real_array(x, "x").astype(np.float64))


def arctan_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 / (1 + x²)."""
    x = _as_real_array(x, "x").astype(np.float64)
    return 1.0 / (1.0 + x * x)


def relu(x: np.ndarray) -> np.ndarray:
    """f(x) = max(0, x): negatives become 0, positives pass unchanged.

    >>> relu(np.array([-3.0, 0.0, 2.5]))
    array([0. , 0. , 2.5])
    """
    return np.maximum(_as_real_array(x, "x").astype(np.float64), 0.0)


def relu_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 if x > 0 else 0 (0 at x = 0, as TensorFlow)."""
    return np.where(_as_real_array(x, "x") > 0, 1.0, 0.0)


def prelu(x: np.ndarray, *, alpha: float = PRELU_ALPHA) -> np.ndarray:
    """f(x) = x if x > 0 else α·x: a ReLU whose negative side keeps a small slope α.

    >>> prelu(np.array([-4.0, 2.0]), alpha=0.25)
    array([-1.,  2.])
    """
    alpha = _check_alpha(alpha)
    x = _as_real_array(x, "x").astype(np.float64)
    return np.where(x > 0, x, alpha * x)


def prelu_derivative(x: np.ndarray, *, alpha: float = PRELU_ALPHA) -> np.ndarray:
    """f'(x) = 1 if x > 0 else α (α at x = 0)."""
    alpha = _check_alpha(alpha)
    return np.where(_as_real_array(x, "x") > 0, 1.0, alpha)


def elu(x: np.ndarray, *, alpha: float = ELU_ALPHA) -> np.ndarray:
    """f(x) = x if x > 0 else α·(eˣ − 1): smooth for negatives, levelling off at −α.

    >>> elu(np.array([-1e4, 0.0, 2.0]))
    array([-1.,  0.,  2.])
    """
    alpha = _check_alpha(alpha)
    x = _as_real_array(x, "x").astype(np.float64)
    # expm1 only of the negative part, so a large positive x never reaches exp and overflows.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative(x: np.ndarray, *, alpha: float = ELU_ALPHA) -> np.ndarray:
    """f'(x) = 1 if x > 0 else α·eˣ (= f(x) + α; α at x = 0)."""
    alpha = _check_alpha(alpha)
    x = _as_real_array(x, "x").astype(np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def softplus(x: np.ndarray) -> np.ndarray:
    """f(x) = ln(1 + eˣ): a smooth ReLU. Computed as ``logaddexp(0, x)``, so 1e4 gives 1e4."""
    return np.logaddexp(0.0, _as_real_array(x, "x").astype(np.float64))


def softplus_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 / (1 + e^−x): the derivative of SoftPlus is the logistic function."""
    return logistic(x)


def count_zeroed(before: np.ndarray, after: np.ndarray) -> int:
    """How many values an activation turned into exactly 0 (values that were not 0 before).

    >>> x = np.array([-2.0, -0.5, 0.0, 3.0])
    >>> count_zeroed(x, relu(x))  # the two negatives; the 0 was 0 already
    2

    Raises:
        ValueError: the arrays differ in shape or hold NaN or infinite values.
    """
    before = _as_real_array(before, "The values before the activation")
    after = _as_real_array(after, "The values after the activation")
    if before.shape != after.shape:
        raise ValueError(
            f"The values before and after must have the same shape; got {before.shape} and "
            f"{after.shape}."
        )
    return int(np.count_nonzero((after == 0) & (before != 0)))


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative, for plotting side by side.

    ``function`` and ``derivative`` take an array; when ``takes_alpha`` is true they also take an
    ``alpha`` keyword (and have a sensible default for it).
    """

    name: str
    function: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    formula: str
    takes_alpha: bool = False


#: Every activation the page offers, keyed by a short id.
ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("Identity", identity, identity_derivative, "x"),
    "binary_step": Activation(
        "Binary step", binary_step, binary_step_derivative, "1 if x ≥ 0 else 0"
    ),
    "logistic": Activation("Logistic (sigmoid)", logistic, logistic_derivative, "1 / (1 + e^(−x))"),
    "tanh": Activation("TanH", tanh, tanh_derivative, "(e^x − e^(−x)) / (e^x + e^(−x))"),
    "arctan": Activation("ArcTan", arctan, arctan_derivative, "arctan(x)"),
    "relu": Activation("ReLU", relu, relu_derivative, "max(0, x)"),
    "prelu": Activation("PReLU", prelu, prelu_derivative, "x if x > 0 else α·x", True),
    "elu": Activation("ELU", elu, elu_derivative, "x if x > 0 else α·(e^x − 1)", True),
    "softplus": Activation("SoftPlus", softplus, softplus_derivative, "ln(1 + e^x)"),
}


def softmax(logits: np.ndarray, *, axis: int = -1) -> np.ndarray:
    """Turn scores into probabilities that sum to 1 along ``axis``: e^zᵢ / Σⱼ e^zⱼ.

    The largest score is subtracted first (the result does not change, as it cancels), so the
    biggest exponent is e⁰ = 1 and nothing overflows even for scores of ±1000.

    >>> softmax(np.array([1000.0, -1000.0, 0.0])).round(6)
    array([1., 0., 0.])
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])

    Raises:
        ValueError: non-finite scores, a 0-d input, or no scores along ``axis``.
    """
    logits = _as_real_array(logits, "The logits").astype(np.float64)
    if logits.ndim == 0:
        raise ValueError("softmax needs at least one axis of scores; got a single number.")
    if logits.shape[axis] == 0:
        raise ValueError(f"softmax needs at least one score along axis {axis}; got none.")
    exponentials = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return exponentials / exponentials.sum(axis=axis, keepdims=True)
