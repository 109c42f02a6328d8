"""The Face page's pictures: the photo with its squares, maps laid over a picture, a layer's
maps side by side, and the framed thumbnails of the dataset."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from core import colours, images
from core.detect import FaceBox
from pages.drawing import HIGHLIGHT_RGB, enlarge

#: The square the network is shown, and mistakes: the app's highlight colour.
ORANGE = HIGHLIGHT_RGB
#: The detector's other squares, and right answers (with orange: colour-blind safe).
BLUE = colours.SIGNED_STOPS[1]
PHOTO_WIDTH = 460  # display width of the photo with its squares
OVERLAY_ALPHA = 0.75  # share of colour where a map is strongest (the rest is the gray picture)
THUMB_SIDE = 75  # display side of a dataset picture


def with_squares(rgb: np.ndarray, boxes: list[FaceBox], chosen: FaceBox) -> np.ndarray:
    """The photo with the detector's squares in blue and the chosen one in orange."""
    scale = max(1, PHOTO_WIDTH // max(rgb.shape[:2]))  # tiny pictures: crisp and visible
    canvas = Image.fromarray(enlarge(rgb, PHOTO_WIDTH) if scale > 1 else rgb)
    draw = ImageDraw.Draw(canvas)
    line = max(2, round(max(canvas.size) / 200))
    for box, colour in [*((box, BLUE) for box in boxes), (chosen, ORANGE)]:
        corners = [
            box.left * scale,
            box.top * scale,
            (box.left + box.side) * scale - 1,
            (box.top + box.side) * scale - 1,
        ]
        draw.rectangle(corners, outline=colour, width=line)
    return np.asarray(canvas)


def proposals_photo(rgb: np.ndarray, boxes: list[FaceBox]) -> tuple[np.ndarray, float, float]:
    """The photo at its display width (:data:`PHOTO_WIDTH`: tiny pictures blown up with crisp
    pixels, as :func:`with_squares` does, wide ones shrunk) with the detector's squares in blue,
    and how many of its pixels one pixel of ``rgb`` spans down and across: the square the
    network is shown is framed on it by the browser, wherever the sliders put it."""
    height, width = rgb.shape[:2]
    if max(1, PHOTO_WIDTH // max(height, width)) > 1:
        canvas = enlarge(rgb, PHOTO_WIDTH)
    elif width > PHOTO_WIDTH:
        canvas = images.resize(rgb, PHOTO_WIDTH, max(1, round(height * PHOTO_WIDTH / width)))
    else:
        canvas = rgb
    down, across = canvas.shape[0] / height, canvas.shape[1] / width
    drawn = Image.fromarray(np.ascontiguousarray(canvas))
    pen = ImageDraw.Draw(drawn)
    for box in boxes:
        pen.rectangle(
            [
                round(box.left * across),
                round(box.top * down),
                round((box.left + box.side) * across) - 1,
                round((box.top + box.side) * down) - 1,
            ],
            outline=BLUE,
            width=2,
        )
    return np.asarray(drawn), down, across


def overlay(rgb: np.ndarray, tint: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """An RGB picture under an RGB colour map of the same size.

    ``strength`` (0..1 per pixel) sets how much colour covers each pixel, so the picture shows
    through wherever the map has little to say.
    """
    cover = OVERLAY_ALPHA * strength[..., np.newaxis]
    return np.rint((1 - cover) * rgb + cover * tint).astype(np.uint8)


def mosaic(maps: np.ndarray, *, per_row: int = 8, cell: int = 92, gap: int = 6) -> np.ndarray:
    """One layer's (H, W, C) maps side by side, blown up to about ``cell`` pixels each.

    All maps of a layer share one colour scale (the app's table for maps from 0 up, its top at
    the layer's largest value), so a yellow map really holds larger numbers than a dark one.
    """
    shades = colours.unsigned_colours(maps, limit=float(maps.max()))
    count = maps.shape[-1]
    rows = math.ceil(count / per_row)
    canvas = np.full((rows * (cell + gap) - gap, per_row * (cell + gap) - gap, 3), 255, np.uint8)
    for index in range(count):
        tile = enlarge(shades[..., index, :], cell)
        top, left = (index // per_row) * (cell + gap), (index % per_row) * (cell + gap)
        canvas[top : top + tile.shape[0], left : left + tile.shape[1]] = tile
    return canvas


def thumbnail(picture: np.ndarray, mistake: bool) -> np.ndarray:
    """One dataset picture, blown up, in a blue (right answer) or orange (mistake) frame."""
    framed = np.empty((THUMB_SIDE + 6, THUMB_SIDE + 6, 3), np.uint8)
    framed[:] = ORANGE if mistake else BLUE
    framed[3:-3, 3:-3] = images.as_rgb(enlarge(picture, THUMB_SIDE))
    return framed


def small_thumbnail(picture: np.ndarray, mistake: bool) -> np.ndarray:
    """:func:`thumbnail` before it is blown up: the picture in a one-pixel frame, for a browser
    that enlarges it with square pixels (a ninth of the pixels to send)."""
    framed = np.empty((picture.shape[0] + 2, picture.shape[1] + 2, 3), np.uint8)
    framed[:] = ORANGE if mistake else BLUE
    framed[1:-1, 1:-1] = images.as_rgb(picture)
    return framed


def thumbnail_caption(label: str, face: float, mistake: bool) -> str:
    """The true label and the network's P(face), and "✗ mistake" in words (not only colour)."""
    caption = f"{label} · P(face) {face:.2f}"
    return f"✗ mistake: {caption}" if mistake else caption
