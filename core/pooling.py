"""Pooling: the cheap step between convolutions that shrinks a map and keeps what it found.

Pooling slides a ``size × size`` window over a feature map with a given stride and keeps one
number per window (the largest, or the mean), so the map gets smaller while what it found is
kept. (The activation functions that bend each number on its own are in `core.activations`.)

:func:`shift_effect` shows what pooling is for: move a picture a few pixels and its feature map
moves along with it (a convolution is *equivariant*), while the pooled map changes less (pooling
makes small shifts matter less: approximate *invariance*).

Everything here matches Keras: :func:`pool2d` equals ``MaxPooling2D`` / ``AveragePooling2D`` with
``padding="valid"``.

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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from core.checks import positive_int, real_array

#: Pooling modes :func:`pool2d` understands, as Keras names its layers (MaxPooling2D,
#: AveragePooling2D).
POOL_MODES: tuple[str, ...] = ("max", "average")


# How each mode folds the next window position into the running result, in place.
_ACCUMULATORS: dict[str, np.ufunc] = {"max": np.maximum, "average": np.add}


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
    size = positive_int(size, "The pooling window size")
    stride = size if stride is None else positive_int(stride, "The stride")
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
    x = real_array(x, "The map to pool")
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
    x = real_array(x, "The map to pool")
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
    before = real_array(before, "The first map").astype(np.float64)
    after = real_array(after, "The second map").astype(np.float64)
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
