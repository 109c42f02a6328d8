"""Checks every ``core`` module makes on what it is given, written once.

>>> positive_int(3, "stride")
3
>>> positive_int(True, "stride")
Traceback (most recent call last):
...
ValueError: stride must be a whole number of at least 1; got True.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np


def is_whole(value: object) -> bool:
    """Whether ``value`` is a whole number (Python's or NumPy's), and not a bool."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def positive_int(value: object, what: str) -> int:
    """``value`` as an int if it is a whole number of at least 1; else a ValueError naming
    ``what``."""
    if not is_whole(value) or value < 1:
        raise ValueError(f"{what} must be a whole number of at least 1; got {value!r}.")
    return int(value)


def read_only(array: np.ndarray) -> np.ndarray:
    """``array`` itself, made read-only: results handed to pages and caches cannot be changed
    in place by accident."""
    array.setflags(write=False)
    return array


def real_array(values: object, what: str) -> np.ndarray:
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
