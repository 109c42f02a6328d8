"""The real feature map the page's later sections work on: the chosen kernel on the picture."""

from __future__ import annotations

import numpy as np
import streamlit as st

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
