"""Sliding a small grid of weights (a kernel) over a picture: the computation behind "Convolution".

CNN layers (Keras ``Conv2D``, PyTorch ``Conv2d``) compute cross-correlation, the kernel laid on the
picture as it is, which is what `correlate2d` does, while `convolve2d` first rotates the kernel by
180° as the textbook definition of convolution does. The border modes map to other libraries'
names as below; note that ``"mirror"`` is OpenCV's default border (``BORDER_DEFAULT`` =
``BORDER_REFLECT_101``), which does NOT repeat the edge pixel, and that ``"replicate"`` (the edge
pixel repeated outwards) is a different mode.

============  ===========================  =====================  =============  =================
padding       border for a row a b c d     OpenCV                 scipy.ndimage  numpy.pad
============  ===========================  =====================  =============  =================
"valid"       none: the output shrinks     --                     --             --
"zero"        0 0 0 | a b c d | 0 0 0      BORDER_CONSTANT        constant       constant
"replicate"   a a a | a b c d | d d d      BORDER_REPLICATE       nearest        edge
"reflect"     c b a | a b c d | d c b      BORDER_REFLECT         reflect        symmetric
"mirror"      d c b | a b c d | c b a      BORDER_REFLECT_101     mirror         reflect
"wrap"        b c d | a b c d | a b c      BORDER_WRAP            grid-wrap      wrap
============  ===========================  =====================  =============  =================
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import numpy as np
from numpy.typing import ArrayLike
from scipy import ndimage

from core import colours
from core.checks import positive_int, read_only

PADDING_MODES: tuple[str, ...] = ("valid", "zero", "replicate", "reflect", "mirror", "wrap")

# Our padding names -> numpy.pad's names (see the table in the module docstring).
_NUMPY_PAD_MODES = {
    "zero": "constant",
    "replicate": "edge",
    "reflect": "symmetric",
    "mirror": "reflect",
    "wrap": "wrap",
}


# --------------------------------------------------------------------------------------------
# Checking arguments
# --------------------------------------------------------------------------------------------


def _check_padding(padding: str) -> None:
    if padding not in PADDING_MODES:
        raise ValueError(
            f"padding must be one of {', '.join(map(repr, PADDING_MODES))}; got {padding!r}."
        )


def _check_kernel_side(side: object) -> None:
    positive_int(side, "The kernel size")
    if side % 2 == 0:
        raise ValueError(
            f"The kernel must have an odd side (1, 3, 5, 7, ...) so it has a centre pixel; "
            f"got {side}."
        )


def _as_finite_array(values: ArrayLike, name: str, ndim: int) -> np.ndarray:
    """`values` as a float array with `ndim` axes, none of them empty, and no NaN or infinity.

    float32 stays float32 (half the memory and copying of a large photo; scipy still sums in
    float64); everything else becomes float64.
    """
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"The {name} must hold real numbers; got values of type {array.dtype}.")
    if array.ndim != ndim:
        raise ValueError(
            f"The {name} must have {ndim} axes; got {array.ndim} (shape {array.shape})."
        )
    if array.size == 0:
        raise ValueError(f"The {name} is empty (shape {array.shape}).")
    if array.dtype != np.float32:
        array = array.astype(np.float64, copy=False)
    if not np.isfinite(array).all():
        raise ValueError(f"The {name} contains NaN or infinite values; replace them first.")
    return array


def as_kernel(kernel: ArrayLike, ndim: int = 2) -> np.ndarray:
    """A square kernel with an odd side, as float64; extra trailing axes (channels) are allowed."""
    weights = _as_finite_array(kernel, "kernel", ndim).astype(np.float64, copy=False)
    rows, cols = weights.shape[:2]
    if rows != cols:
        raise ValueError(f"The kernel must be square; got {rows} rows and {cols} columns.")
    _check_kernel_side(rows)
    return weights


def _require_finite_result(result: np.ndarray) -> np.ndarray:
    if not np.isfinite(result).all():
        raise ValueError(
            "The result is too large for floating-point numbers (it overflowed); "
            "scale the image or the kernel weights down."
        )
    return result


def _pad_width(kernel_size: int, padding: str) -> int:
    """Pixels added on each side: none for "valid", else half the kernel so its centre reaches
    every pixel."""
    return 0 if padding == "valid" else (kernel_size - 1) // 2


# --------------------------------------------------------------------------------------------
# Output size, padding, correlation and convolution
# --------------------------------------------------------------------------------------------


def border_width(kernel_size: int, *, padding: str) -> int:
    """Pixels `pad_image` adds on each side for a `kernel_size`-wide kernel: p in `output_size`.

    0 for ``"valid"``, (k − 1)/2 for every other padding, so the kernel's centre can sit on every
    pixel: 1 for a 3×3 kernel, 5 for an 11×11 one.
    """
    _check_kernel_side(kernel_size)
    _check_padding(padding)
    return _pad_width(kernel_size, padding)


def output_size(n: int, k: int, *, padding: str, stride: int) -> int:
    """Output pixels along one axis of `n` pixels, for a `k`-wide kernel: floor((n + 2p − k)/s) + 1.

    p is 0 for ``"valid"`` and (k − 1)/2 for every other padding, so padded modes with stride 1
    keep the size. Example: n = 7, k = 3, stride 2 gives (7 + 2 − 3) // 2 + 1 = 4 with
    ``padding="zero"`` and (7 − 3) // 2 + 1 = 3 with ``padding="valid"``.

    Raises ValueError for ``"valid"`` when the kernel is longer than the axis, since it then fits
    nowhere.
    """
    positive_int(n, "The image size")
    _check_kernel_side(k)
    _check_padding(padding)
    positive_int(stride, "The stride")
    pad = _pad_width(k, padding)
    if n + 2 * pad < k:
        raise ValueError(
            f"The {k}×{k} kernel is larger than the image side of {n} pixels, so with "
            f'padding="valid" there is no position where it fits. Use a padding mode such as '
            f'"zero" or "reflect" to add a border.'
        )
    return (n + 2 * pad - k) // stride + 1


def pad_image(image: ArrayLike, kernel_size: int, *, padding: str) -> np.ndarray:
    """The image with the border a `kernel_size`-wide kernel needs, as float64 (float32 stays).

    (k − 1)/2 pixels are added on every side, filled as `padding` says (see the module table);
    ``"valid"`` adds nothing. Example, the row 1 2 3 4 with a 5×5 kernel (2 pixels each side)::

        zero       0 0 | 1 2 3 4 | 0 0
        replicate  1 1 | 1 2 3 4 | 4 4
        reflect    2 1 | 1 2 3 4 | 4 3
        mirror     3 2 | 1 2 3 4 | 3 2
        wrap       3 4 | 1 2 3 4 | 1 2

    A border wider than the image continues the same pattern (repeated reflections, repeated
    copies).
    """
    pixels = _as_finite_array(image, "image", 2)
    _check_kernel_side(kernel_size)
    _check_padding(padding)
    pad = _pad_width(kernel_size, padding)
    if pad == 0:
        return pixels.copy()  # a new array either way, so drawing on it never edits the image
    return np.pad(pixels, pad, mode=_NUMPY_PAD_MODES[padding])


def correlate2d(
    image: ArrayLike, kernel: ArrayLike, *, padding: str = "valid", stride: int = 1
) -> np.ndarray:
    """Slide `kernel` over `image` and at each position sum the products of the overlapping numbers.

    Output pixel (i, j) is Σ kernel[a, b] · padded[i·s + a, j·s + b], the padded image coming from
    `pad_image`. This is cross-correlation, the kernel is not flipped, exactly as a CNN layer
    computes it; `convolve2d` flips it. Example::

        >>> correlate2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 0, 0], [0, 0, 1], [0, 0, 0]])
        array([[6.]])
        >>> correlate2d([[1, 2], [3, 4]], np.ones((3, 3)), padding="zero")
        array([[10., 10.],
               [10., 10.]])

    Parameters
    ----------
    image : 2-D array of real numbers.
    kernel : 2-D square array with an odd side (1, 3, 5, ...).
    padding : one of `PADDING_MODES`; ``"valid"`` adds no border, so the output shrinks.
    stride : step between kernel positions; the output size per axis is `output_size`.

    Returns
    -------
    float64 array of shape (output_size(H, k, ...), output_size(W, k, ...)).

    Like scipy.ndimage, which does the arithmetic, weights smaller than float64's machine epsilon
    (2.2e-16) in magnitude count as 0.
    """
    pixels = _as_finite_array(image, "image", 2)
    weights = as_kernel(kernel)
    k = weights.shape[0]
    out_rows, out_cols = (output_size(n, k, padding=padding, stride=stride) for n in pixels.shape)
    padded = pad_image(pixels, k, padding=padding)
    # scipy centres the kernel on every pixel of `padded`; the windows lying wholly inside it are
    # centred at least (k - 1) / 2 pixels in from its edge, and only those are kept, so scipy's
    # own border mode never reaches the result.
    sums = ndimage.correlate(padded, weights, mode="constant", output=np.float64)
    centre = (k - 1) // 2
    return _require_finite_result(
        sums[
            centre : centre + stride * (out_rows - 1) + 1 : stride,
            centre : centre + stride * (out_cols - 1) + 1 : stride,
        ]
    )


def convolve2d(
    image: ArrayLike, kernel: ArrayLike, *, padding: str = "valid", stride: int = 1
) -> np.ndarray:
    """True convolution: `correlate2d` with the kernel rotated by 180° (flipped both ways).

    The two agree for symmetric kernels (blurs) and differ for asymmetric ones: a kernel that
    picks the right-hand neighbour under correlation picks the left-hand one under convolution::

        >>> convolve2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 0, 0], [0, 0, 1], [0, 0, 0]])
        array([[4.]])
    """
    weights = as_kernel(kernel)
    return correlate2d(image, weights[::-1, ::-1], padding=padding, stride=stride)


# --------------------------------------------------------------------------------------------
# One step of the calculation, for the page to draw
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepExplanation:
    """How output pixel (`row`, `col`) is computed: the patch, the weights, products and sum.

    `padded_top_left` is the window's top-left corner in `pad_image` coordinates and
    `image_top_left` the same corner in the original image, negative where the window starts in
    the border.
    """

    row: int
    col: int
    patch: np.ndarray
    kernel: np.ndarray
    products: np.ndarray
    total: float
    padded_top_left: tuple[int, int]
    image_top_left: tuple[int, int]


def explain_step(
    image: ArrayLike,
    kernel: ArrayLike,
    row: int,
    col: int,
    *,
    padding: str = "zero",
    stride: int = 1,
) -> StepExplanation:
    """The calculation behind ``correlate2d(image, kernel, ...)[row, col]``, laid out for a page.

    `row` and `col` are output coordinates. Example: with ``padding="zero"`` the window for output
    (0, 0) starts at (0, 0) of the padded image, i.e. at (−1, −1) of the image for a 3×3 kernel,
    so its top row and left column are zeros from the border. `total` equals the correlate2d
    pixel up to floating-point rounding (the products are added in a different order).
    """
    pixels = _as_finite_array(image, "image", 2)
    weights = as_kernel(kernel)
    k = weights.shape[0]
    for name, index, n in (("row", row, pixels.shape[0]), ("col", col, pixels.shape[1])):
        size = output_size(n, k, padding=padding, stride=stride)
        if not isinstance(index, Integral) or isinstance(index, bool) or not 0 <= index < size:
            raise ValueError(
                f"{name} must be an output coordinate from 0 to {size - 1}; got {index!r}."
            )
    padded = pad_image(pixels, k, padding=padding)
    pad = _pad_width(k, padding)
    top, left = row * stride, col * stride
    patch = padded[top : top + k, left : left + k].astype(np.float64)
    products = patch * weights
    return StepExplanation(
        row=int(row),
        col=int(col),
        patch=read_only(patch),
        kernel=read_only(weights.copy()),
        products=read_only(products),
        total=float(products.sum()),
        padded_top_left=(int(top), int(left)),
        image_top_left=(int(top - pad), int(left - pad)),
    )


# --------------------------------------------------------------------------------------------
# Preset kernels
# --------------------------------------------------------------------------------------------


def _weights(rows: ArrayLike, divisor: float = 1.0) -> np.ndarray:
    return read_only(np.asarray(rows, dtype=np.float64) / divisor)


IDENTITY_WEIGHTS = _weights([[0, 0, 0], [0, 1, 0], [0, 0, 0]])
# Blurs are divided by the sum of their weights (9, 121, 16, 256): see `Preset`.
BOX_BLUR_3X3_WEIGHTS = _weights(np.ones((3, 3)), 9)
BOX_BLUR_11X11_WEIGHTS = _weights(np.ones((11, 11)), 121)
GAUSSIAN_BLUR_3X3_WEIGHTS = _weights([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 16)
GAUSSIAN_BLUR_5X5_WEIGHTS = _weights(np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]), 256)
SHARPEN_WEIGHTS = _weights([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
HORIZONTAL_EDGES_WEIGHTS = _weights([[-1, -1, -1], [0, 0, 0], [1, 1, 1]])
VERTICAL_EDGES_WEIGHTS = _weights([[1, 0, -1], [1, 0, -1], [1, 0, -1]])
OUTLINE_WEIGHTS = _weights([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]])
SOBEL_TOP_WEIGHTS = _weights([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
SOBEL_BOTTOM_WEIGHTS = _weights([[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
SOBEL_LEFT_WEIGHTS = _weights([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
SOBEL_RIGHT_WEIGHTS = _weights([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
EMBOSS_WEIGHTS = _weights([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])


@dataclass(frozen=True)
class Preset:
    """A named kernel the page offers, with one sentence on what it does.

    Blur kernels are divided by the sum of their weights so that they average: a 3×3 box of ones
    would add up nine pixels and make the picture 9× brighter. Edge kernels sum to 0, so flat
    areas come out 0 and only changes in brightness show.
    """

    name: str
    kernel: np.ndarray
    description: str


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "Identity",
            IDENTITY_WEIGHTS,
            "Only the centre weight is 1, so every pixel comes out exactly as it went in.",
        ),
        Preset(
            "Box blur 3×3",
            BOX_BLUR_3X3_WEIGHTS,
            "Every pixel becomes the plain average of itself and its 8 neighbours.",
        ),
        Preset(
            "Big box blur 11×11",
            BOX_BLUR_11X11_WEIGHTS,
            "Every pixel becomes the average of the 121 pixels around it, a much stronger blur.",
        ),
        Preset(
            "Gaussian blur 3×3",
            GAUSSIAN_BLUR_3X3_WEIGHTS,
            "A soft blur that gives the centre pixel the most weight and the corners the least.",
        ),
        Preset(
            "Gaussian blur 5×5",
            GAUSSIAN_BLUR_5X5_WEIGHTS,
            "A wider soft blur whose weights fall off smoothly with distance from the centre.",
        ),
        Preset(
            "Sharpen",
            SHARPEN_WEIGHTS,
            "Adds the difference between a pixel and its neighbours back in, so details stand out.",
        ),
        Preset(
            "Horizontal edges",
            HORIZONTAL_EDGES_WEIGHTS,
            "Subtracts the row above from the row below, so it lights up where dark turns to "
            "bright going down.",
        ),
        Preset(
            "Vertical edges",
            VERTICAL_EDGES_WEIGHTS,
            "Subtracts the right column from the left one, so it lights up where bright turns to "
            "dark going right.",
        ),
        Preset(
            "Outline",
            OUTLINE_WEIGHTS,
            "Compares each pixel with all 8 neighbours, so flat areas come out 0 and every edge "
            "shows.",
        ),
        Preset(
            "Sobel top",
            SOBEL_TOP_WEIGHTS,
            "Responds where the picture is brighter above than below, weighting the middle "
            "column double.",
        ),
        Preset(
            "Sobel bottom",
            SOBEL_BOTTOM_WEIGHTS,
            "Responds where the picture is brighter below than above, weighting the middle "
            "column double.",
        ),
        Preset(
            "Sobel left",
            SOBEL_LEFT_WEIGHTS,
            "Responds where the picture is brighter on the left than on the right, weighting the "
            "middle row double.",
        ),
        Preset(
            "Sobel right",
            SOBEL_RIGHT_WEIGHTS,
            "Responds where the picture is brighter on the right than on the left, weighting the "
            "middle row double.",
        ),
        Preset(
            "Emboss",
            EMBOSS_WEIGHTS,
            "Adds the bottom-right neighbours and subtracts the top-left ones, so edges look "
            "raised or sunken like a picture pressed into metal.",
        ),
    )
}


# --------------------------------------------------------------------------------------------
# Colour pictures and stacks of filters
# --------------------------------------------------------------------------------------------


def correlate_rgb(
    image_hwc: ArrayLike, kernel_kkc: ArrayLike, *, padding: str = "zero", stride: int = 1
) -> np.ndarray:
    """One filter on a colour picture: a k×k slice per channel, the channel results summed.

    An (H, W, C) picture and a (k, k, C) kernel give one 2-D map, as one filter of a CNN layer
    does: output = Σ_c correlate2d(image[..., c], kernel[..., c]).
    """
    pixels = _as_finite_array(image_hwc, "colour image", 3)
    weights = as_kernel(kernel_kkc, ndim=3)
    if pixels.shape[2] != weights.shape[2]:
        raise ValueError(
            f"The image has {pixels.shape[2]} channels but the kernel has {weights.shape[2]}; "
            "the kernel needs one k×k slice per channel."
        )
    return _require_finite_result(
        sum(
            correlate2d(pixels[..., c], weights[..., c], padding=padding, stride=stride)
            for c in range(pixels.shape[2])
        )
    )


def correlate_stack(
    image: ArrayLike, kernels: ArrayLike, *, padding: str = "zero", stride: int = 1
) -> np.ndarray:
    """Several filters at once: output (H', W', n_filters), so the depth is the number of filters.

    A grey (H, W) image takes kernels of shape (n, k, k), each applied with `correlate2d`; a colour
    (H, W, C) image takes kernels of shape (n, k, k, C), each applied with `correlate_rgb`.
    """
    pixels = np.asarray(image)
    if pixels.ndim not in (2, 3):
        raise ValueError(
            f"The image must be (H, W) gray or (H, W, C) colour; got shape {pixels.shape}."
        )
    filters = _as_finite_array(kernels, "stack of kernels", pixels.ndim + 1)
    apply_filter = correlate2d if pixels.ndim == 2 else correlate_rgb
    return np.stack(
        [apply_filter(pixels, weights, padding=padding, stride=stride) for weights in filters],
        axis=-1,
    )


# --------------------------------------------------------------------------------------------
# Showing kernels and feature maps to a person
# --------------------------------------------------------------------------------------------


def as_whole_numbers(kernel: ArrayLike) -> tuple[np.ndarray, int]:
    """`kernel` written as whole-number weights over one divisor, the way textbooks print blurs.

    ``as_whole_numbers(BOX_BLUR_3X3_WEIGHTS)`` gives (a 3×3 grid of ones, 9) and the 3×3 Gaussian
    gives ([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 16): weights a person can set on a slider, and the
    divisor that keeps the brightness. A kernel that is not of that form comes back as it is, over
    1. The divisor is 1 / (smallest non-zero weight in size), so it is found only when that weight
    is 1 / divisor.
    """
    weights = as_kernel(kernel)
    nonzero = np.abs(weights[weights != 0])
    if nonzero.size:
        divisor = round(1 / nonzero.min())
        scaled = weights * divisor
        if divisor > 1 and np.allclose(scaled, np.rint(scaled), rtol=0, atol=1e-9):
            return np.rint(scaled), divisor
    return weights.copy(), 1


def resize_kernel(kernel: ArrayLike, side: int) -> np.ndarray:
    """The kernel on a `side` × `side` grid, centred: growing adds a frame of zeros around it,
    shrinking keeps its middle.

    Growing never changes what the kernel does (the new weights are 0). Example: the 3×3 identity
    resized to 5 is a 5×5 grid with a single 1 in the centre.
    """
    weights = as_kernel(kernel)
    _check_kernel_side(side)
    change = abs(side - weights.shape[0]) // 2
    if side >= weights.shape[0]:
        return np.pad(weights, change)
    return weights[change : change + side, change : change + side].copy()


def place_pattern(
    pattern: ArrayLike, canvas_shape: tuple[int, int], *, top: int, left: int
) -> np.ndarray:
    """A blank (0) canvas of `canvas_shape` with `pattern` copied in, its top-left at (top, left).

    Moving `left` one step moves the whole pattern one pixel to the right, so the page can show
    that a filter's response moves with it. Raises ValueError if the pattern does not fit.
    """
    stamp = _as_finite_array(pattern, "pattern", 2).astype(np.float64, copy=False)
    rows, cols = canvas_shape
    positive_int(rows, "The canvas height")
    positive_int(cols, "The canvas width")
    height, width = stamp.shape
    if not (0 <= top <= rows - height and 0 <= left <= cols - width):
        raise ValueError(
            f"A {height}×{width} pattern at row {top}, column {left} does not fit on a "
            f"{rows}×{cols} canvas: top must be 0 to {rows - height} and left 0 to "
            f"{cols - width}."
        )
    canvas = np.zeros((rows, cols))
    canvas[top : top + height, left : left + width] = stamp
    return canvas


DISPLAY_SCALINGS: dict[str, str] = {
    "diverging": "Blue below 0, white at 0, red above 0; the strongest value of either sign sets "
    "how deep the colours go.",
    "absolute": "The size of each value with its sign dropped, as gray: 0 is black and 255 or "
    "more is white.",
    "clip": "Below 0 becomes black and above 255 white, as happens when a result is saved as an "
    "ordinary picture.",
    "rescale": "The smallest value becomes black and the largest white, stretching whatever range "
    "there is.",
}


def display_image(values: ArrayLike, *, scaling: str = "diverging") -> np.ndarray:
    """A signed 2-D map (a filter's output) as a uint8 picture, scaled as `scaling` says.

    ``"diverging"`` returns (H, W, 3) RGB from the app's signed table
    (:func:`core.colours.signed_colours`), symmetric around 0: with values from −300 to 100,
    −300 is the darkest blue, 0 white and 100 a pale red. The other
    scalings (see `DISPLAY_SCALINGS`) return (H, W) grey. Maps with no range are still defined:
    all zeros is white (diverging) or black; a constant map under ``"rescale"`` is mid-grey (128),
    since there is no range to stretch. Never divides by zero and never returns NaN.
    """
    if scaling not in DISPLAY_SCALINGS:
        raise ValueError(
            f"scaling must be one of {', '.join(map(repr, DISPLAY_SCALINGS))}; got {scaling!r}."
        )
    if scaling == "diverging":
        return colours.signed_colours(_as_finite_array(values, "map", 2))
    # Halved first, so the span of values within ±1.8e308 cannot overflow to infinity.
    half = _as_finite_array(values, "map", 2).astype(np.float64) / 2
    if scaling == "absolute":
        grey = np.abs(half) * 2
    elif scaling == "clip":
        grey = half * 2
    else:
        low, high = float(half.min()), float(half.max())
        if high == low:
            return np.full(half.shape, 128, dtype=np.uint8)
        grey = (half - low) / (high - low) * 255
    return np.rint(np.clip(grey, 0, 255)).astype(np.uint8)
