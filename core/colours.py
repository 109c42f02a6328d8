"""The app's one colour language for maps of numbers, used by every page and browser component.

- **Signed maps** (a filter's output, a difference, weights): blue below 0, white at 0, red above
  0, from ColorBrewer's colour-blind-safe RdBu. The strongest value of either sign sets how deep
  the colours go, so 0 is always white.
- **Maps that are never negative** (after ReLU, pooled maps, probabilities, counts): Viridis, from
  dark purple at 0 through teal and green to yellow at the largest value; it is colour-blind-safe
  and grows steadily lighter, so it also reads in gray, and its middle stays coloured when it is
  laid over a gray photo.

Pictures themselves (gray values 0..255) stay gray: black 0, white 255.

Example
-------
>>> signed_colours(np.array([[-2.0, 0.0, 1.0]]))[0, 1].tolist()  # 0 is white
[247, 247, 247]
>>> unsigned_colours(np.array([[0.0, 5.0]]))[0].tolist()  # dark purple, then yellow
[[68, 1, 84], [253, 231, 37]]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: ColorBrewer RdBu from the most negative (dark blue) through white (0) to the most positive
#: (dark red); Plotly calls this order "RdBu_r".
SIGNED_STOPS: tuple[tuple[int, int, int], ...] = (
    (5, 48, 97),
    (33, 102, 172),
    (67, 147, 195),
    (146, 197, 222),
    (209, 229, 240),
    (247, 247, 247),
    (253, 219, 199),
    (244, 165, 130),
    (214, 96, 77),
    (178, 24, 43),
    (103, 0, 31),
)

#: Viridis (van der Walt & Smith, 2015) from 0 (dark purple) to the largest value (yellow), as
#: Plotly samples it.
UNSIGNED_STOPS: tuple[tuple[int, int, int], ...] = (
    (68, 1, 84),
    (72, 40, 120),
    (62, 73, 137),
    (49, 104, 142),
    (38, 130, 142),
    (31, 158, 137),
    (53, 183, 121),
    (110, 206, 88),
    (181, 222, 43),
    (253, 231, 37),
)

#: What the two tables look like, for the captions that name colours.
SIGNED_WORDS = "blue below 0, white at 0, red above 0"
UNSIGNED_WORDS = "dark purple at 0, yellow at the largest value"


def _table(stops: tuple[tuple[int, int, int], ...], levels: int) -> np.ndarray:
    """``levels`` RGB colours spaced evenly along ``stops``, linear in between (read-only)."""
    points = np.asarray(stops, dtype=np.float64)
    at = np.linspace(0, len(points) - 1, levels)
    table = np.stack(
        [np.interp(at, np.arange(len(points)), points[:, channel]) for channel in range(3)],
        axis=1,
    )
    table = np.rint(table).astype(np.uint8)
    table.setflags(write=False)
    return table


#: 255 colours for signed maps: an odd count puts the middle one exactly on the white of 0.
SIGNED_TABLE: np.ndarray = _table(SIGNED_STOPS, 255)
#: 256 colours for maps from 0 up.
UNSIGNED_TABLE: np.ndarray = _table(UNSIGNED_STOPS, 256)


def _finite_map(values: ArrayLike) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError("A map to colour must hold finite numbers only (no NaN or infinity).")
    return array


def signed_colours(values: ArrayLike, *, limit: float | None = None) -> np.ndarray:
    """``values`` as RGB bytes (shape + (3,)) from :data:`SIGNED_TABLE`: blue below 0, white at 0,
    red above 0.

    ``limit`` is the value drawn darkest (default: the largest size of any value, so the map
    uses the whole table); values beyond it are drawn as deep as ``±limit``. An all-zero map is
    white.
    """
    # Halved first, so values near ±1.8e308 cannot overflow when the two are compared.
    half = _finite_map(values) / 2
    largest = float(np.abs(half).max(initial=0.0)) if limit is None else abs(float(limit)) / 2
    unit = np.clip(half / largest, -1, 1) if largest > 0 else np.zeros_like(half)
    index = np.rint((unit + 1) * ((len(SIGNED_TABLE) - 1) / 2)).astype(np.intp)
    return SIGNED_TABLE[index]


def unsigned_colours(values: ArrayLike, *, limit: float | None = None) -> np.ndarray:
    """``values`` (from 0 up) as RGB bytes (shape + (3,)) from :data:`UNSIGNED_TABLE`: dark purple
    at 0, yellow at ``limit`` (default: the largest value). Negative values are drawn as 0."""
    array = np.maximum(_finite_map(values), 0.0) / 2  # halved: see signed_colours
    largest = float(array.max(initial=0.0)) if limit is None else max(float(limit), 0.0) / 2
    unit = np.clip(array / largest, 0, 1) if largest > 0 else np.zeros_like(array)
    index = np.rint(unit * (len(UNSIGNED_TABLE) - 1)).astype(np.intp)
    return UNSIGNED_TABLE[index]


def map_colours(values: ArrayLike) -> np.ndarray:
    """A map in the table that fits it: signed if any value is below 0, unsigned otherwise."""
    array = _finite_map(values)
    return signed_colours(array) if array.size and array.min() < 0 else unsigned_colours(array)


def map_words(values: ArrayLike) -> str:
    """The colours :func:`map_colours` draws ``values`` with, in words for a caption."""
    array = np.asarray(values)
    return SIGNED_WORDS if array.size and array.min() < 0 else UNSIGNED_WORDS


def _plotly_scale(stops: tuple[tuple[int, int, int], ...]) -> list[list]:
    return [[index / (len(stops) - 1), f"rgb{stop}"] for index, stop in enumerate(stops)]


#: The same two tables as Plotly colour scales (for heatmaps and contour plots).
SIGNED_PLOTLY: list[list] = _plotly_scale(SIGNED_STOPS)
UNSIGNED_PLOTLY: list[list] = _plotly_scale(UNSIGNED_STOPS)
