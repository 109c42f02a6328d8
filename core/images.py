"""Pictures in, checked arrays out.

Every picture the app shows goes through :func:`load_image`, which turns untrusted bytes (an
upload, a webcam shot) into an ``(H, W, 3)`` uint8 RGB array or raises :class:`ImageLoadError`
with a sentence a person can act on. The helpers below it do the steps a face app takes before a
network sees anything: desaturate, resize to a small square, scale to 0..1.

Example
-------
>>> gray = to_gray(load_sample("astronaut"))
>>> small = resize_square(gray, 128)
>>> small.shape, small.size
((128, 128), 16384)
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from skimage import data as skdata

#: Decoders the loader accepts; everything else (SVG, PDF, HTML, ...) is refused.
SUPPORTED_FORMATS: tuple[str, ...] = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")

#: Largest picture the loader decodes, in pixels (about 40 megapixels: a 7300 × 5500 photo).
#: A 40 MP RGB array is already 120 MB; anything larger is refused before decoding.
MAX_PIXELS: int = 40_000_000

#: Largest file the loader reads. The upload control has the same limit (.streamlit/config.toml).
MAX_FILE_BYTES: int = 25 * 1024 * 1024

#: ITU-R BT.601 luma weights for (R, G, B): the weights JPEG, Pillow's ``convert("L")`` and most
#: face apps use. Green counts most because our eyes are most sensitive to it.
LUMA_WEIGHTS: tuple[float, float, float] = (0.299, 0.587, 0.114)

_NOT_A_PICTURE = "This file is not a picture we can read (PNG, JPEG, GIF, BMP, TIFF, WebP)."


class ImageLoadError(ValueError):
    """An input that is not a usable picture; the message is written for the person who sent it."""


# --------------------------------------------------------------------------------------------
# Loading untrusted bytes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedImage:
    """A decoded picture and the size of the original it came from, as (width, height)."""

    rgb: np.ndarray
    original_size: tuple[int, int]


def load_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode picture bytes into an ``(H, W, 3)`` uint8 RGB array at full resolution.

    What it does to odd inputs, so every page can assume plain RGB:

    - EXIF orientation is applied (phone photos come out upright);
    - transparency is composited on white;
    - an animation gives its first frame;
    - 16-bit and 32-bit gray are rescaled to 0..255 in NumPy (Pillow's ``convert("L")`` would clip
      them), float pictures are scaled from 0..1 or stretched from their own min..max;
    - 1-bit, palette, CMYK, YCbCr, LAB and gray+alpha pictures are converted to RGB.

    The pixel count is checked from the header before anything is decoded, so a decompression
    bomb or a header claiming a huge size costs nothing.

    Raises:
        ImageLoadError: empty, too large, not a picture, truncated or corrupt input.
    """
    return read_image(data, max_pixels=max_pixels).rgb


def read_image(
    data: bytes, *, max_side: int | None = None, max_pixels: int = MAX_PIXELS
) -> LoadedImage:
    """Like :func:`load_image`, but shrink to ``max_side`` (longest side) while decoding.

    A JPEG is decoded directly at 1/2, 1/4 or 1/8 scale when that still covers ``max_side``
    (Pillow's draft mode), so a 24-megapixel phone photo costs a few megabytes instead of a
    hundred. The original's size is reported, upright, for the pages that quote it.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageLoadError(_NOT_A_PICTURE)
    if len(data) == 0:
        raise ImageLoadError("The file is empty: there is no picture in it.")
    if len(data) > MAX_FILE_BYTES:
        raise ImageLoadError(
            f"The file is {len(data) / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB. "
            "Try a smaller or more compressed copy (a JPEG at phone quality is plenty)."
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns (rather than fails) between MAX_IMAGE_PIXELS and twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(SUPPORTED_FORMATS)) as picture:
                _check_size(picture.size, max_pixels)
                original_size = _upright_size(picture)
                if max_side is not None and picture.format == "JPEG":
                    _draft_for(picture, max_side)
                rgb = _decode_first_frame(picture)
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow refuses before we see the header; its message carries the pixel count.
        claimed = re.search(r"\((\d+) pixels\)", str(error))
        size = f" ({int(claimed.group(1)) / 1e6:,.0f} megapixels)" if claimed else ""
        raise ImageLoadError(
            f"The picture claims to be far larger than we can open safely{size}; "
            f"the limit is {max_pixels / 1e6:.0f} megapixels. Please use a smaller copy."
        ) from error
    except UnidentifiedImageError as error:
        raise ImageLoadError(_NOT_A_PICTURE) from error
    except Exception as error:  # an untrusted decoder can raise almost anything
        raise ImageLoadError(
            "The picture could not be read: the file looks cut short or damaged. "
            "Try saving it again as PNG or JPEG."
        ) from error
    if rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ImageLoadError("The picture has no pixels.")
    if max_side is not None:
        rgb = fit_within(rgb, max_side)
    return LoadedImage(rgb, original_size)


_TRANSPOSING_ORIENTATIONS = (5, 6, 7, 8)  # EXIF orientations that swap width and height


def _upright_size(picture: Image.Image) -> tuple[int, int]:
    width, height = picture.size
    orientation = picture.getexif().get(0x0112, 1)
    return (height, width) if orientation in _TRANSPOSING_ORIENTATIONS else (width, height)


def _draft_for(picture: Image.Image, max_side: int) -> None:
    """Ask the JPEG decoder for the smallest scale whose longest side still covers max_side."""
    width, height = picture.size
    longest = max(width, height)
    if longest > max_side:
        wanted = (max(1, width * max_side // longest), max(1, height * max_side // longest))
        picture.draft("RGB", wanted)


def _check_size(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise ImageLoadError("The picture has no pixels.")
    if width * height > max_pixels:
        raise ImageLoadError(
            f"The picture is {width:,} × {height:,} pixels ({width * height / 1e6:.0f} megapixels);"
            f" the limit is {max_pixels / 1e6:.0f} megapixels. Please use a smaller copy."
        )


def _decode_first_frame(picture: Image.Image) -> np.ndarray:
    picture.seek(0)
    picture = ImageOps.exif_transpose(picture)  # also loads the pixels; raises if truncated
    mode = picture.mode
    if mode in ("I", "I;16", "I;16L", "I;16B", "I;16N", "F"):
        return _high_depth_gray_to_rgb(picture)
    if mode == "P":
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    elif mode not in ("RGB", "RGBA", "L", "LA", "1", "PA"):
        picture = picture.convert("RGB")  # CMYK, YCbCr, LAB, HSV, RGBX, ...
    if picture.mode in ("RGBA", "LA", "PA"):
        rgba = np.asarray(picture.convert("RGBA"), dtype=np.float32)
        alpha = rgba[..., 3:4] / 255.0
        composited = rgba[..., :3] * alpha + 255.0 * (1.0 - alpha)
        return np.rint(composited).astype(np.uint8)
    return np.ascontiguousarray(np.asarray(picture.convert("RGB"), dtype=np.uint8))


def _high_depth_gray_to_rgb(picture: Image.Image) -> np.ndarray:
    values = np.asarray(picture).astype(np.float64)
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    if picture.mode == "F" and values.min() >= 0.0 and values.max() <= 1.0:
        scaled = values * 255.0  # a float picture in 0..1
    elif picture.mode != "F" and values.min() >= 0 and values.max() <= 65535:
        scaled = values / 257.0  # 16-bit: 65535 -> 255, exact for 8-bit values stored as 16-bit
    else:
        low, high = values.min(), values.max()
        scaled = (values - low) * (255.0 / (high - low)) if high > low else values * 0.0
    gray = np.clip(np.rint(scaled), 0, 255).astype(np.uint8)
    return np.repeat(gray[..., None], 3, axis=2)


# --------------------------------------------------------------------------------------------
# The steps a face app takes
# --------------------------------------------------------------------------------------------


def to_gray(image: np.ndarray) -> np.ndarray:
    """Desaturate an RGB picture to one uint8 value per pixel with :data:`LUMA_WEIGHTS`.

    A gray ``(H, W)`` picture is returned unchanged, so callers need not check.

    >>> to_gray(np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], dtype=np.uint8))
    array([[ 76, 150,  29]], dtype=uint8)
    """
    image = np.asarray(image)
    if image.ndim == 2:
        return image.astype(np.uint8, copy=False)
    if image.ndim != 3 or image.shape[2] < 3:
        raise ValueError(f"Expected an (H, W) or (H, W, 3) picture, got shape {image.shape}.")
    luma = image[..., :3].astype(np.float32) @ np.asarray(LUMA_WEIGHTS, dtype=np.float32)
    return np.clip(np.rint(luma), 0, 255).astype(np.uint8)


def is_gray(image: np.ndarray) -> bool:
    """Whether a picture holds one number per pixel: an (H, W) array, or RGB whose three
    channels are equal everywhere (a gray photo stored as colour).

    >>> is_gray(as_rgb(DIGIT_ONE)), is_gray(np.array([[[255, 0, 0]]], dtype=np.uint8))
    (True, False)
    """
    image = np.asarray(image)
    if image.ndim == 2:
        return True
    red, green, blue = image[..., 0], image[..., 1], image[..., 2]
    return bool(np.array_equal(red, green) and np.array_equal(green, blue))


def resize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Resize a uint8 gray or RGB picture to ``width`` × ``height``.

    Uses box filtering: each new pixel is the average of the block of old pixels it covers, which
    is the easiest resampling to explain and never invents values outside the original range.
    """
    if width < 1 or height < 1:
        raise ValueError(f"Size must be at least 1 × 1, got {width} × {height}.")
    image = np.asarray(image, dtype=np.uint8)
    if image.shape[1] == width and image.shape[0] == height:
        return image
    resized = Image.fromarray(image).resize((width, height), Image.Resampling.BOX)
    return np.asarray(resized)


def crop_square(image: np.ndarray) -> np.ndarray:
    """Cut the largest centred square out of a picture (faces sit in the middle of most photos)."""
    height, width = image.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    return image[top : top + side, left : left + side]


def resize_square(image: np.ndarray, size: int) -> np.ndarray:
    """Centre-crop to a square, then resize to ``size`` × ``size`` (keeps faces undistorted)."""
    return resize(crop_square(image), size, size)


def fit_within(image: np.ndarray, max_side: int) -> np.ndarray:
    """Shrink a picture so its longest side is at most ``max_side``, keeping its aspect ratio.

    Pictures that already fit are returned unchanged.
    """
    height, width = image.shape[:2]
    longest = max(height, width)
    if longest <= max_side:
        return image
    scale = max_side / longest
    return resize(image, max(1, round(width * scale)), max(1, round(height * scale)))


def to_unit(image: np.ndarray) -> np.ndarray:
    """Scale uint8 values 0..255 to float32 0..1, the range a network is fed."""
    return np.asarray(image, dtype=np.float32) / np.float32(255.0)


# --------------------------------------------------------------------------------------------
# Pictures that ship with the app
# --------------------------------------------------------------------------------------------


def digit_one(size: int = 5) -> np.ndarray:
    """The digit "1" on a ``size`` × ``size`` grid: white (255) paper, a black (0) stroke.

    At size 5 this is the classic teaching example::

        255 255 255 255 255
        255 255   0 255 255
        255 255   0 255 255
        255 255   0 255 255
        255 255 255 255 255
    """
    if size < 3:
        raise ValueError(f"A digit needs at least a 3 × 3 grid, got {size} × {size}.")
    grid = np.full((size, size), 255, dtype=np.uint8)
    grid[1:-1, size // 2] = 0
    return grid


def letter_h(size: int = 7) -> np.ndarray:
    """A letter "H", bright (255) on dark (0): two vertical strokes joined by a bar."""
    if size < 5:
        raise ValueError(f"A letter H needs at least a 5 × 5 grid, got {size} × {size}.")
    grid = np.zeros((size, size), dtype=np.uint8)
    grid[1:-1, 1] = grid[1:-1, -2] = 255
    grid[size // 2, 1:-1] = 255
    return grid


def drawn_face(size: int = 100) -> np.ndarray:
    """A cartoon face drawn in code: a light disc, two dark eyes and a dark smile, on dark gray.

    What a child would draw, not a photo: for asking the face network about something it was
    never shown.

    >>> face = drawn_face(100)
    >>> face.shape, face.dtype, int(face[50, 50]) > int(face[0, 0])
    ((100, 100), dtype('uint8'), True)
    """
    if size < 20:
        raise ValueError(f"A drawn face needs at least a 20 × 20 grid, got {size} × {size}.")
    rows, cols = (np.mgrid[:size, :size] + 0.5) / size - 0.5  # −0.5..0.5 across the grid
    grid = np.full((size, size), 60, dtype=np.uint8)
    grid[rows**2 + cols**2 < 0.42**2] = 215  # the head
    for eye_col in (-0.15, 0.15):
        grid[(rows + 0.1) ** 2 + (cols - eye_col) ** 2 < 0.06**2] = 40
    smile = np.hypot(rows - 0.02, cols)
    grid[(np.abs(smile - 0.22) < 0.025) & (rows > 0.1)] = 40
    return grid


DIGIT_ONE: np.ndarray = digit_one(5)
LETTER_H: np.ndarray = letter_h(7)

#: A bright vertical bar on a dark 9 × 9 background: one vertical edge on each side.
BRIGHT_BAR: np.ndarray = np.zeros((9, 9), dtype=np.uint8)
BRIGHT_BAR[1:8, 3:6] = 230


@dataclass(frozen=True)
class Sample:
    """A picture that ships with the app: a name for people and how to make it."""

    title: str
    description: str
    make: Callable[[], np.ndarray]


SAMPLES: dict[str, Sample] = {
    "astronaut": Sample(
        "Astronaut", "Eileen Collins, NASA portrait (public domain)", skdata.astronaut
    ),
    "camera": Sample("Cameraman", "A classic gray test photo", skdata.camera),
    "coffee": Sample("Coffee", "A cup of coffee from above", skdata.coffee),
    "chelsea": Sample("Chelsea", "A cat (not a face the model knows)", skdata.chelsea),
    "rocket": Sample("Rocket", "A rocket on the launch pad", skdata.rocket),
    "brick": Sample("Brick", "A brick wall: a repeating texture", skdata.brick),
    "grass": Sample("Grass", "Grass: texture with no shape", skdata.grass),
    "text": Sample("Text", "Printed letters", skdata.text),
    "checkerboard": Sample(
        "Checkerboard", "Squares: edges in both directions", skdata.checkerboard
    ),
    "digit_one": Sample("Digit 1", "The 5 × 5 digit one", lambda: DIGIT_ONE),
    "letter_h": Sample("Letter H", "A 7 × 7 letter H", lambda: LETTER_H),
    "bright_bar": Sample("Bright bar", "A bright bar on dark, 9 × 9", lambda: BRIGHT_BAR),
}


#: A few colours with everyday names, for saying what a mixed (R, G, B) pixel looks like.
NAMED_COLOURS: dict[str, tuple[int, int, int]] = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "gray": (128, 128, 128),
    "red": (255, 0, 0),
    "green": (0, 255, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "cyan": (0, 255, 255),
    "magenta": (255, 0, 255),
    "orange": (255, 165, 0),
    "purple": (128, 0, 128),
    "brown": (139, 69, 19),
    "pink": (255, 192, 203),
    "dark red": (128, 0, 0),
    "dark green": (0, 128, 0),
    "navy": (0, 0, 128),
}


def nearest_colour_name(rgb: tuple[int, int, int]) -> str:
    """The everyday name of the named colour closest to ``rgb`` (plain distance in RGB).

    >>> nearest_colour_name((255, 0, 255))
    'magenta'
    """
    target = np.asarray(rgb, dtype=np.float64)
    return min(
        NAMED_COLOURS,
        key=lambda name: float(np.sum((np.asarray(NAMED_COLOURS[name]) - target) ** 2)),
    )


def as_rgb(image: np.ndarray) -> np.ndarray:
    """Return an ``(H, W, 3)`` uint8 array for a gray or RGB uint8 picture."""
    image = np.asarray(image, dtype=np.uint8)
    if image.ndim == 2:
        return np.repeat(image[..., None], 3, axis=2)
    return image[..., :3]


def load_sample(name: str) -> np.ndarray:
    """Return a bundled sample picture as ``(H, W, 3)`` uint8 RGB (works offline)."""
    try:
        sample = SAMPLES[name]
    except KeyError:
        known = ", ".join(SAMPLES)
        raise ValueError(f"Unknown sample picture {name!r}; choose one of: {known}.") from None
    return np.ascontiguousarray(as_rgb(sample.make()))
