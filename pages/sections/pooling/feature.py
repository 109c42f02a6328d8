"""The real feature map the page's later sections work on: the chosen kernel on the picture."""

from __future__ import annotations

import io

import numpy as np
import streamlit as st
from PIL import Image

from core import convolution, images
from pages.common import Picture, small_gray_of

FEATURE_SIDE = 128  # the picture is worked on at 128 × 128 so every slider answers at once
DISPLAY_SIDE = 256  # maps are enlarged with crisp pixels to about this width (3 fit in a row)


def working_picture(picture: Picture) -> np.ndarray:
    """The picture in gray, cropped square, :data:`FEATURE_SIDE` wide (bytes 0..255)."""
    return small_gray_of(picture, FEATURE_SIDE)


@st.cache_data(max_entries=16, show_spinner=False)
def _feature_map(key: str, weights: np.ndarray, _gray: np.ndarray) -> np.ndarray:
    return convolution.correlate2d(images.to_unit(_gray), weights)


def feature_map(picture: Picture, weights: np.ndarray) -> np.ndarray:
    """The kernel's map of the working picture scaled to 0..1, as a network is fed (cached)."""
    return _feature_map(picture.key, weights, working_picture(picture))


def small_png(rgb: np.ndarray) -> bytes:
    """An RGB picture as a PNG, lossless: with a palette when it has at most 256 colours (a map
    in one of core's colour tables), about half the size of an RGB PNG for the browser."""
    packed = (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8)
    packed |= rgb[..., 2]
    found, indices = np.unique(packed, return_inverse=True)
    if len(found) <= 256:
        picture = Image.fromarray(indices.reshape(packed.shape).astype(np.uint8), "P")
        palette = np.stack([found >> 16, (found >> 8) & 255, found & 255], axis=1)
        picture.putpalette(palette.astype(np.uint8).tobytes())
    else:
        picture = Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()
