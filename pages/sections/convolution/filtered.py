"""The kernel on the picture, computed by `core.convolution` once per picture, kernel and border,
and kept (`st.cache_data`): every section that shows a filtered picture asks here."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import convolution
from pages.common import Picture, gray_of

MAIN_PADDING = "mirror"  # the lab's border: OpenCV's default, no dark frame around edge maps


@st.cache_data(max_entries=48, show_spinner=False)
def _feature_map(
    key: str, kernel_id: tuple, padding: str, stride: int, _image: np.ndarray, _kernel: np.ndarray
) -> np.ndarray:
    """correlate2d of the picture `key` with the kernel `kernel_id` (its side and bytes)."""
    return convolution.correlate2d(_image, _kernel, padding=padding, stride=stride)


@st.cache_data(max_entries=48, show_spinner=False)
def _shown(
    key: str,
    kernel_id: tuple,
    padding: str,
    stride: int,
    scaling: str,
    _image: np.ndarray,
    _kernel: np.ndarray,
) -> np.ndarray:
    values = _feature_map(key, kernel_id, padding, stride, _image, _kernel)
    return convolution.display_image(values, scaling=scaling)


def _kernel_id(kernel: np.ndarray) -> tuple:
    return kernel.shape, np.ascontiguousarray(kernel, dtype=np.float64).tobytes()


def feature_map(picture: Picture, kernel: np.ndarray, *, padding: str, stride: int) -> np.ndarray:
    """The kernel's map of the desaturated picture; ValueError if it cannot be made."""
    gray = gray_of(picture)
    return _feature_map(picture.key, _kernel_id(kernel), padding, stride, gray, kernel)


def filtered(
    picture: Picture, kernel: np.ndarray, *, padding: str, stride: int, scaling: str
) -> tuple[np.ndarray, np.ndarray]:
    """(values, picture to show) of the kernel on the desaturated picture; ValueError if
    impossible."""
    gray = gray_of(picture)
    kid = _kernel_id(kernel)
    values = _feature_map(picture.key, kid, padding, stride, gray, kernel)
    return values, _shown(picture.key, kid, padding, stride, scaling, gray, kernel)
