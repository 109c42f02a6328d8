"""Data augmentation: random, label-preserving changes to a picture of a face.

A CNN sees only the training pictures it is given. Augmentation shows it each picture slightly
rotated, shifted, zoomed, mirrored, sheared, cropped, bent, brighter or darker, more or less
contrasted and noisier, so it learns that these changes do not turn a face into a non-face. The
app's "Augmentation" page previews exactly this module, and the face CNN augments its training
batches with it, so a preview is what the model sees.

The pipeline, in the order it is applied (every strength is a field of `AugmentSettings`):

1. **Geometry** — one affine warp about the picture centre, which is, in order: random crop
   (cut away up to ``crop`` of each side, then resize back), horizontal flip (probability
   ``flip``), shear (±``shear`` degrees), rotation (±``rotation`` degrees, positive =
   counter-clockwise, as in `skimage.transform.rotate`), zoom (factor 1 ± ``zoom``, above 1 =
   closer) and shift (±``shift`` of the side, positive = right / down). All six are multiplied
   into ONE matrix with `skimage.transform.AffineTransform`, so the picture is resampled once
   (bilinear interpolation), not six times: sharper and faster.
2. **Elastic distortion** — a smooth random displacement of every pixel, added to the same
   sampling coordinates (still one resampling). The field is white noise blurred by a Gaussian
   of width ``elastic_smoothness`` × side (Simard et al., 2003), scaled so that no pixel moves
   further than ``elastic`` × side.
3. **Photometry** — contrast (factor 1 ± ``contrast`` about the picture's mean), brightness
   (± ``brightness`` of the value range), Gaussian noise (standard deviation ``noise`` of the
   value range), then clipping to the value range.

Design choices:

- **No vertical flip.** An upside-down face is not a natural face; showing the model one labelled
  "face" would teach it something false. Only the horizontal mirror, a face as it could really
  appear, is in the pipeline.
- **Border mode "reflect"** (`scipy.ndimage` "reflect", i.e. NumPy / scikit-image "symmetric":
  the picture mirrored about its edge). A rotated or shifted face then reveals more of its own
  hair, skin and background instead of black wedges ("constant") or smeared streaks ("edge"),
  which are not in real photographs and which the model could learn as a cue.
- **Bilinear interpolation.** It never overshoots (every output is a weighted mean of inputs), so
  the value range is kept without ringing, and it is fast enough for training.
- **Out-of-range settings are rejected, not clamped**: `AugmentSettings` raises `ValueError`
  naming the field and its allowed range (`STRENGTH_LIMITS`), so a typo cannot silently turn
  into a different augmentation.
- **Exact identity when off**: a transform whose strength is 0 is skipped, so `NO_AUGMENTATION`
  returns the input bit for bit.
- **Stable draws**: every picture takes the same amount of randomness from the generator
  whatever the settings (eleven uniform numbers plus one seed each for its elastic and noise
  fields). For a fixed seed, moving one slider therefore changes only that transform's effect.
  `augment_batch` with seed ``s`` draws exactly what `augment` draws for each picture in turn
  with one generator ``numpy.random.default_rng(s)`` (and, for float32 pictures, gives the same
  pixels bit for bit).

Example
-------
>>> import dataclasses
>>> import numpy as np
>>> face = np.zeros((25, 25), dtype=np.uint8)
>>> only_rotation = dataclasses.replace(NO_AUGMENTATION, rotation=15)
>>> describe(augment(face, only_rotation, seed=3).params)
'rotated -12.4°'
>>> gentler = dataclasses.replace(only_rotation, rotation=10)
>>> describe(augment(face, gentler, seed=3).params)
'rotated -8.3°'

The second call shows the stable draws: the same seed gives the same random number, scaled by the
new strength (-12.4 × 10 / 15).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
from scipy import ndimage as ndi
from skimage.transform import AffineTransform, resize

#: Allowed ``(minimum, maximum)`` of every `AugmentSettings` field. Beyond a maximum the change
#: stops being a plausible variation of the same picture (a contrast factor of 0 erases it,
#: cropping more than half of each side can remove the face); values outside are rejected.
STRENGTH_LIMITS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "rotation": (0.0, 180.0),  # degrees
        "shift": (0.0, 0.5),  # fraction of the side
        "zoom": (0.0, 0.5),  # zoom factor 1 ± this
        "flip": (0.0, 1.0),  # probability
        "shear": (0.0, 45.0),  # degrees
        "crop": (0.0, 0.5),  # fraction of each side cut away
        "brightness": (0.0, 0.5),  # fraction of the value range
        "contrast": (0.0, 0.9),  # contrast factor 1 ± this, so never 0
        "noise": (0.0, 0.25),  # standard deviation, fraction of the value range
        "elastic": (0.0, 0.1),  # largest displacement, fraction of the side
        "elastic_smoothness": (0.05, 0.5),  # Gaussian width of the field, fraction of the side
    }
)

#: Geometric settings: if all are 0 the picture is not resampled at all.
_GEOMETRIC_FIELDS = ("rotation", "shift", "zoom", "flip", "shear", "crop", "elastic")

#: The random displacement field is drawn on this fixed square grid and interpolated up to the
#: picture. The field is blurred by a Gaussian at least 1.6 grid cells wide, so it has no
#: finer detail to lose; the cost stays the same for 25 × 25 and 256 × 256 pictures.
_ELASTIC_GRID = 32

#: Interpolation order of the warp: 1 = bilinear (see the module docstring).
_INTERPOLATION_ORDER = 1

#: `scipy.ndimage` border mode of the warp (see the module docstring).
_BORDER_MODE = "reflect"

#: Values of `Augmented.params` for a transform that did nothing.
_NEUTRAL_PARAMS: Mapping[str, float | bool] = MappingProxyType(
    {
        "crop": 0.0,
        "crop_left": 0.0,
        "crop_top": 0.0,
        "flip": False,
        "shear": 0.0,
        "rotation": 0.0,
        "zoom": 1.0,
        "shift_x": 0.0,
        "shift_y": 0.0,
        "elastic": 0.0,
        "contrast": 1.0,
        "brightness": 0.0,
        "noise": 0.0,
    }
)

_SUPPORTED_DTYPES = (np.uint8, np.float16, np.float32, np.float64)


@dataclasses.dataclass(frozen=True)
class AugmentSettings:
    """How strongly each transform may change a picture; 0 switches a transform off.

    The defaults are label-preserving changes for a face, and the face network's training
    recipe: a face rotated by up to 10° or mirrored is still a face. The zoom is wider, up to
    40 % either way: a crop from 0.8× to 1.6× the face must still read as a face, so the
    training faces are shown about that loosely and that tightly framed. Every value must lie in
    `STRENGTH_LIMITS`, otherwise `ValueError` is raised. Values are stored as ``float``
    (``flip=True`` becomes ``flip=1.0``).

    Attributes
    ----------
    rotation : largest rotation, ± degrees.
    shift : largest shift, ± fraction of the side (0.05 = 5 % of the width / height).
    zoom : largest zoom change: the factor is drawn from [1 - zoom, 1 + zoom].
    flip : probability of a horizontal mirror (a bool works too: True = always).
    shear : largest horizontal shear, ± degrees.
    crop : largest fraction of each side cut away; the kept window is resized back.
    brightness : largest brightness change, ± fraction of the value range.
    contrast : largest contrast change: the factor is drawn from [1 - contrast, 1 + contrast].
    noise : standard deviation of the added Gaussian noise, fraction of the value range.
    elastic : largest elastic displacement, fraction of the side.
    elastic_smoothness : width of the elastic field's Gaussian blur, fraction of the side
        (larger = broader, gentler bends).
    """

    rotation: float = 10.0
    shift: float = 0.05
    zoom: float = 0.4
    flip: float = 0.5
    shear: float = 5.0
    crop: float = 0.1
    brightness: float = 0.1
    contrast: float = 0.1
    noise: float = 0.02
    elastic: float = 0.02
    elastic_smoothness: float = 0.15

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            low, high = STRENGTH_LIMITS[field.name]
            is_number = isinstance(value, numbers.Real) and (
                field.name == "flip" or not isinstance(value, bool)
            )
            if not is_number or not math.isfinite(value) or not low <= value <= high:
                raise ValueError(
                    f"AugmentSettings.{field.name} must be a number from {low:g} to {high:g}, "
                    f"got {value!r}."
                )
            object.__setattr__(self, field.name, float(value))


#: Every transform switched off: `augment` returns the picture unchanged, bit for bit.
NO_AUGMENTATION = AugmentSettings(
    **{name: 0.0 for name in STRENGTH_LIMITS if name != "elastic_smoothness"}
)


@dataclasses.dataclass(frozen=True)
class Augmented:
    """One augmented picture and the random values that produced it.

    ``params`` has every key of the pipeline, with the neutral value (rotation 0.0, zoom 1.0,
    flip False, contrast 1.0, ...) for what was not applied: ``crop`` (fraction of each side
    cut away), ``crop_left`` / ``crop_top`` (of which this much on the left / top), ``flip``,
    ``shear`` (degrees), ``rotation`` (degrees, counter-clockwise), ``zoom`` (factor),
    ``shift_x`` / ``shift_y`` (fraction of the side, right / down), ``elastic`` (largest
    displacement, fraction of the side), ``contrast`` (factor), ``brightness`` (fraction of the
    range) and ``noise`` (standard deviation, fraction of the range).
    """

    image: np.ndarray
    params: dict[str, float | bool]


class _Draw(NamedTuple):
    """The random values for one picture: the reported params and the two field seeds."""

    params: dict[str, float | bool]
    elastic_seed: int
    noise_seed: int


def augment(
    image: np.ndarray, settings: AugmentSettings, *, seed: int | np.random.Generator
) -> Augmented:
    """Apply one random draw of the pipeline to a picture.

    The same picture, settings and seed always give the same result. Pass an integer seed for
    a reproducible preview, or a `numpy.random.Generator` to continue its stream.

    Parameters
    ----------
    image : (H, W), (H, W, 1) or (H, W, 3) array, uint8 (0..255) or float in [0, 1].
    settings : the strengths, e.g. ``AugmentSettings()`` for the mild defaults.
    seed : integer seed or generator for the random draw.

    Returns
    -------
    Augmented
        ``image`` with the input's shape and dtype (and range), ``params`` the values drawn.

    Examples
    --------
    >>> picture = np.arange(25, dtype=np.uint8).reshape(5, 5)
    >>> settings = dataclasses.replace(NO_AUGMENTATION, flip=1.0)
    >>> augment(picture, settings, seed=0).image[0]
    array([4, 3, 2, 1, 0], dtype=uint8)
    """
    pixels = np.asarray(image)
    stack = _to_unit_stack(_with_channel_axis(pixels, "image", "H, W")[np.newaxis], "image")
    augmented, params = _augment_stack(stack, settings, np.random.default_rng(seed))
    unit = np.moveaxis(augmented[0], 0, -1).reshape(pixels.shape)
    if pixels.dtype == np.uint8:
        restored = np.rint(unit * 255).astype(np.uint8)
    else:
        restored = unit.astype(pixels.dtype)
    return Augmented(image=restored, params=params[0])


def augment_batch(
    images: np.ndarray, settings: AugmentSettings, *, seed: int | np.random.Generator
) -> tuple[np.ndarray, list[dict[str, float | bool]]]:
    """Augment a training batch, each picture with its own draw, for the face CNN.

    Equivalent to calling `augment` on each picture in turn with one generator
    ``numpy.random.default_rng(seed)``: the same params and, for float32 pictures, the same
    pixels bit for bit. But the warp and the photometric changes run on the whole batch at
    once: 160 pictures of 25 × 25 take about 25 ms.

    Parameters
    ----------
    images : (N, H, W) or (N, H, W, C) array with C = 1 or 3, float in [0, 1] (or uint8).
    settings : the strengths.
    seed : integer seed or generator; pass one generator per training run to get a new draw
        every epoch.

    Returns
    -------
    (augmented, params)
        ``augmented`` is float32 in [0, 1] with the shape of ``images``; ``params[i]`` are
        the values drawn for picture ``i``.
    """
    pixels = np.asarray(images)
    stack = _to_unit_stack(_with_channel_axis(pixels, "images", "N, H, W"), "images")
    augmented, params = _augment_stack(stack, settings, np.random.default_rng(seed))
    unit = np.moveaxis(augmented, 1, -1).reshape(pixels.shape)
    return unit.astype(np.float32, copy=False), params


def augment_variants(
    image: np.ndarray, settings: AugmentSettings, *, count: int, seed: int
) -> list[Augmented]:
    """``count`` random versions of one picture, for a preview grid.

    Version ``i`` is drawn exactly as `augment_batch` with the same seed draws picture ``i`` of
    a batch of ``count`` copies, so a grid of previews shows what one training batch would hold.
    Each version keeps the input's shape and dtype (`augment_batch` always returns float32). The
    first ``k`` versions do not depend on ``count``: asking for more adds versions at the end.

    Examples
    --------
    >>> face = np.zeros((25, 25), dtype=np.uint8)
    >>> mirror_half = dataclasses.replace(NO_AUGMENTATION, flip=0.5)
    >>> [describe(v.params) for v in augment_variants(face, mirror_half, count=3, seed=3)]
    ['flipped', 'unchanged', 'flipped']
    """
    if isinstance(count, bool) or not isinstance(count, numbers.Integral) or count < 1:
        raise ValueError(f"count must be a whole number of versions, at least 1, got {count!r}.")
    rng = np.random.default_rng(seed)
    return [augment(image, settings, seed=rng) for _ in range(count)]


def _signed(value: float, spec: str) -> str:
    """``value`` with its sign, except that a value that rounds to 0 is "+0", never "-0".

    >>> _signed(-0.0004, "+.1%"), _signed(-2.5, "+.1f")
    ('+0.0%', '-2.5')
    """
    text = format(value, spec)
    rounds_to_zero = not any(digit in text for digit in "123456789")
    return "+" + text[1:] if text.startswith("-") and rounds_to_zero else text


def describe(params: Mapping[str, float | bool]) -> str:
    """A short caption of what an augmentation did, e.g. for a preview.

    Only transforms that changed something are named, in the order they were applied; keys
    missing from ``params`` count as not applied.

    Examples
    --------
    >>> describe({"rotation": 7.2, "zoom": 1.08, "flip": True})
    'flipped, rotated +7.2°, zoom ×1.08'
    >>> describe({"shift_x": -0.031, "brightness": 0.05, "noise": 0.02})
    'shifted 3.1% left, brightness +5.0%, noise σ 2.0%'
    >>> describe(augment(np.zeros((4, 4)), NO_AUGMENTATION, seed=0).params)
    'unchanged'
    """
    drawn = {**_NEUTRAL_PARAMS, **params}
    parts = []
    if drawn["crop"]:
        parts.append(f"cropped {drawn['crop']:.1%}")
    if drawn["flip"]:
        parts.append("flipped")
    if drawn["shear"]:
        parts.append(f"sheared {_signed(drawn['shear'], '+.1f')}°")
    if drawn["rotation"]:
        parts.append(f"rotated {_signed(drawn['rotation'], '+.1f')}°")
    if drawn["zoom"] != 1:
        parts.append(f"zoom ×{drawn['zoom']:.2f}")
    shifts = [
        f"{abs(drawn[key]):.1%} {positive if drawn[key] > 0 else negative}"
        for key, positive, negative in (("shift_x", "right", "left"), ("shift_y", "down", "up"))
        if drawn[key]
    ]
    if shifts:
        parts.append("shifted " + " and ".join(shifts))
    if drawn["elastic"]:
        parts.append(f"elastic {drawn['elastic']:.1%}")
    if drawn["contrast"] != 1:
        parts.append(f"contrast ×{drawn['contrast']:.2f}")
    if drawn["brightness"]:
        parts.append(f"brightness {_signed(drawn['brightness'], '+.1%')}")
    if drawn["noise"]:
        parts.append(f"noise σ {drawn['noise']:.1%}")
    return ", ".join(parts) or "unchanged"


def _with_channel_axis(pixels: np.ndarray, name: str, axes: str) -> np.ndarray:
    """Return ``pixels`` shaped (axes..., C) with C = 1 (grayscale) or 3 (RGB)."""
    plain_ndim = axes.count(",") + 1
    if pixels.ndim == plain_ndim:
        return pixels[..., np.newaxis]
    if pixels.ndim == plain_ndim + 1 and pixels.shape[-1] in (1, 3):
        return pixels
    raise ValueError(
        f"{name} must have shape ({axes}), ({axes}, 1) or ({axes}, 3) (grayscale or RGB), "
        f"got shape {pixels.shape}."
    )


def _to_unit_stack(pixels: np.ndarray, name: str) -> np.ndarray:
    """Check (N, H, W, C) pixels and return a new (N, C, H, W) float array in [0, 1].

    uint8 is divided by 255 (into float32, enough to round back exactly); floats keep float64
    precision or are computed in float32.
    """
    if pixels.size == 0:
        raise ValueError(f"{name} is empty (shape {pixels.shape}); it needs at least 1 × 1 pixel.")
    if pixels.dtype not in _SUPPORTED_DTYPES:
        raise ValueError(
            f"{name} must be uint8 (0..255) or float16/32/64 in [0, 1], got dtype {pixels.dtype}."
        )
    working = np.float64 if pixels.dtype == np.float64 else np.float32
    stack = np.array(np.moveaxis(pixels, -1, 1), dtype=working, order="C")  # always a copy
    if pixels.dtype == np.uint8:
        return stack / working(255)
    low, high = stack.min(), stack.max()
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"{name} contains NaN or infinity.")
    if low < 0 or high > 1:
        raise ValueError(
            f"float {name} must have values in [0, 1], got values from {low:g} to {high:g}; "
            "divide 0..255 values by 255 first."
        )
    return stack


def _augment_stack(
    stack: np.ndarray, settings: AugmentSettings, rng: np.random.Generator
) -> tuple[np.ndarray, list[dict[str, float | bool]]]:
    """The whole pipeline on a new (N, C, H, W) float stack in [0, 1] (modified in place)."""
    draws = [_draw(settings, rng) for _ in range(len(stack))]
    if any(getattr(settings, name) for name in _GEOMETRIC_FIELDS):
        stack = _warp(stack, draws, settings)
    return _adjust_photometry(stack, draws, settings), [draw.params for draw in draws]


def _draw(settings: AugmentSettings, rng: np.random.Generator) -> _Draw:
    """Draw one picture's random values; always the same amount of randomness (see module)."""
    (
        rotation,
        shift_x,
        shift_y,
        zoom,
        flip,
        shear,
        crop,
        crop_left,
        crop_top,
        brightness,
        contrast,
    ) = rng.random(11)
    elastic_seed, noise_seed = rng.integers(0, 2**63, size=2)

    def symmetric(unit: float, strength: float) -> float:
        """Map a uniform draw in [0, 1) to [-strength, strength) (exactly 0.0 if off)."""
        return strength * (2 * float(unit) - 1) if strength else 0.0

    cut = settings.crop * float(crop)
    params: dict[str, float | bool] = {
        "crop": cut,
        "crop_left": cut * float(crop_left),
        "crop_top": cut * float(crop_top),
        "flip": bool(flip < settings.flip),
        "shear": symmetric(shear, settings.shear),
        "rotation": symmetric(rotation, settings.rotation),
        "zoom": 1 + symmetric(zoom, settings.zoom),
        "shift_x": symmetric(shift_x, settings.shift),
        "shift_y": symmetric(shift_y, settings.shift),
        "elastic": settings.elastic,
        "contrast": 1 + symmetric(contrast, settings.contrast),
        "brightness": symmetric(brightness, settings.brightness),
        "noise": settings.noise,
    }
    return _Draw(params, int(elastic_seed), int(noise_seed))


def _forward_matrix(params: Mapping[str, float | bool], height: int, width: int) -> np.ndarray:
    """3 × 3 matrix taking input (x, y) pixel positions to output positions.

    Crop-and-resize, then flip, shear, rotation, zoom and shift, all about the picture centre.
    """
    centre = np.array([(width - 1) / 2, (height - 1) / 2])
    sides = np.array([width, height])
    kept = 1 - params["crop"]
    window_centre = (2 * np.array([params["crop_left"], params["crop_top"]]) - params["crop"]) * (
        sides / 2
    )
    crop_and_resize = AffineTransform(scale=1 / kept, translation=-window_centre / kept)
    zoom = params["zoom"]
    pose = AffineTransform(
        scale=(-zoom if params["flip"] else zoom, zoom),
        shear=math.radians(params["shear"]),
        # y points down in a picture, so a counter-clockwise turn is a negative angle
        rotation=-math.radians(params["rotation"]),
        translation=np.array([params["shift_x"], params["shift_y"]]) * sides,
    )
    to_centre = AffineTransform(translation=-centre)
    back = AffineTransform(translation=centre)
    return (to_centre + crop_and_resize + pose + back).params


def _warp(stack: np.ndarray, draws: list[_Draw], settings: AugmentSettings) -> np.ndarray:
    """Resample every picture once, at its affine (+ elastic) source coordinates."""
    count, _, height, width = stack.shape
    forward = np.stack([_forward_matrix(draw.params, height, width) for draw in draws])
    inverse = np.linalg.inv(forward)
    rows, cols = np.mgrid[0:height, 0:width]
    output_xy1 = np.stack([cols.ravel(), rows.ravel(), np.ones(height * width)])
    # einsum, not @: BLAS threads keep spinning after a product and, on a busy machine, made the
    # single-threaded resampling that follows twice as slow; einsum stays on one thread
    source_xy = np.einsum("nij,jp->nip", inverse[:, :2], output_xy1)
    source_rows_cols = source_xy[:, ::-1].reshape(count, 2, height, width)
    if settings.elastic:
        source_rows_cols += _elastic_displacements(draws, settings, height, width)
    warped = np.empty_like(stack)
    for picture, coordinates, warped_picture in zip(stack, source_rows_cols, warped, strict=True):
        for channel, warped_channel in zip(picture, warped_picture, strict=True):
            ndi.map_coordinates(
                channel,
                coordinates,
                output=warped_channel,
                order=_INTERPOLATION_ORDER,
                mode=_BORDER_MODE,
            )
    return warped


def _elastic_displacements(
    draws: list[_Draw], settings: AugmentSettings, height: int, width: int
) -> np.ndarray:
    """(N, 2, H, W) smooth random (row, col) displacements, largest = elastic × side.

    Each picture's white noise on the coarse grid is blurred and interpolated up to the picture
    by two matrix products (see `_blur_and_upsample_matrix`), one for rows, one for columns.
    """
    white_noise = np.stack(
        [
            np.random.default_rng(draw.elastic_seed).standard_normal(
                (2, _ELASTIC_GRID, _ELASTIC_GRID)
            )
            for draw in draws
        ]
    )
    along_rows = _blur_and_upsample_matrix(height, settings.elastic_smoothness)
    along_cols = _blur_and_upsample_matrix(width, settings.elastic_smoothness)
    # einsum, not @: see _warp
    field = np.einsum(
        "nkhg,wg->nkhw", np.einsum("hg,nkgf->nkhf", along_rows, white_noise), along_cols
    )
    peaks = np.abs(field).max(axis=(1, 2, 3), keepdims=True)
    unit_field = field / np.maximum(peaks, np.finfo(np.float64).tiny)
    return unit_field * (settings.elastic * np.array([height, width]))[:, np.newaxis, np.newaxis]


@functools.lru_cache(maxsize=64)
def _blur_and_upsample_matrix(size: int, smoothness: float) -> np.ndarray:
    """(size, _ELASTIC_GRID) matrix: Gaussian blur of a grid line, then linear resize to size.

    Both steps are linear, so each is the library operation applied to the identity matrix:
    ``matrix @ line`` equals ``resize(gaussian_filter1d(line, sigma), size, order=1)``, and the
    2-D field is blurred and bilinearly resized as ``rows_matrix @ field @ cols_matrix.T``.
    Built once per picture size and smoothness.
    """
    identity = np.eye(_ELASTIC_GRID)
    blur = ndi.gaussian_filter1d(identity, sigma=smoothness * _ELASTIC_GRID, axis=0)
    upsample = resize(identity, (size, _ELASTIC_GRID), order=1, mode="edge", anti_aliasing=False)
    return upsample @ blur


def _adjust_photometry(
    stack: np.ndarray, draws: list[_Draw], settings: AugmentSettings
) -> np.ndarray:
    """Contrast, brightness and noise on a (N, C, H, W) stack, then clip to [0, 1]."""
    per_picture = (len(draws), 1, 1, 1)
    if settings.contrast:
        factors = np.array([draw.params["contrast"] for draw in draws], dtype=stack.dtype)
        means = stack.mean(axis=(1, 2, 3), keepdims=True)
        stack -= means
        stack *= factors.reshape(per_picture)
        stack += means
    if settings.brightness:
        offsets = np.array([draw.params["brightness"] for draw in draws], dtype=stack.dtype)
        stack += offsets.reshape(per_picture)
    if settings.noise:
        for picture, draw in zip(stack, draws, strict=True):
            noise_rng = np.random.default_rng(draw.noise_seed)
            picture += settings.noise * noise_rng.standard_normal(picture.shape, dtype=stack.dtype)
    return np.clip(stack, 0, 1, out=stack)
