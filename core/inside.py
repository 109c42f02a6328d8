"""Inside the network, without TensorFlow: which pictures excite a filter most, and how alike the
learned first-layer filters are to Gabor filters, the model of edge cells in the visual cortex.

The network's side (activations over a batch, gradient ascent on the input) is in `core.model`;
this module works on the arrays it returns, so it is quick to test.

- `top_patches`: for each filter of a layer, the pictures where it responds most, each cut at the
  receptive field of its strongest cell (Zeiler & Fergus, "Visualizing and understanding
  convolutional networks", 2014).
- `gabor_bank`, `best_gabors` and `chance_correlations`: 3 × 3 Gabor filters from
  scikit-image; for each learned filter the one it correlates with most, and what random
  kernels reach against the same bank (Hubel & Wiesel found cells in the cat's primary visual
  cortex tuned to edges at one angle; Gabor filters are the usual model of them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.receptive import ReceptiveField

#: Pictures shown per filter: Zeiler & Fergus's nine.
TOP_COUNT = 9

#: Feature visualisation (`core.model.visualise`): steps of gradient ascent, the size of each,
#: the jitter (pixels) and the spread of the seeded noise on the gray start (enough to wake
#: filters that plain gray leaves at 0).
VISUALISATION_STEPS = 64
VISUALISATION_STEP = 0.05
VISUALISATION_JITTER = 1
VISUALISATION_NOISE = 0.1


@dataclass(frozen=True)
class TopPatch:
    """Where one filter responds most in one picture: its strongest cell and that cell's window.

    ``picture`` indexes the batch the activations came from; ``row`` and ``col`` are the cell in
    the layer's map; ``rows`` and ``cols`` the first and last input row and column it sees.
    """

    picture: int
    row: int
    col: int
    value: float
    rows: tuple[int, int]
    cols: tuple[int, int]

    def cut(self, picture: np.ndarray) -> np.ndarray:
        """The part of ``picture`` (the input the activations came from) that the cell sees."""
        return picture[self.rows[0] : self.rows[1] + 1, self.cols[0] : self.cols[1] + 1]


def top_patches(
    activations: ArrayLike, field: ReceptiveField, *, count: int = TOP_COUNT
) -> list[list[TopPatch]]:
    """For each filter, the ``count`` pictures that excite it most, strongest first.

    ``activations`` is one layer's output for a batch, (N, H, W, filters). Each picture counts
    once per filter, at its strongest cell (the first in row order if several tie), so nine
    copies of one bright picture cannot fill the row. Pictures where the filter stays at 0 are
    left out: nothing there excites it.

    Raises:
        ValueError: activations that are not (N, H, W, filters) matching ``field``'s map.
    """
    maps = np.asarray(activations, dtype=np.float64)
    if maps.ndim != 4 or maps.shape[1:3] != (field.cells, field.cells):
        raise ValueError(
            f"Expected {field.layer} activations of shape (N, {field.cells}, {field.cells}, "
            f"filters); got {maps.shape}."
        )
    if count < 1:
        raise ValueError(f"count must be at least 1; got {count}.")
    pictures, _, width, filters = maps.shape
    flat = maps.reshape(pictures, -1, filters)
    strongest_cell = flat.argmax(axis=1)  # (N, filters)
    strongest = np.take_along_axis(flat, strongest_cell[:, np.newaxis, :], axis=1)[:, 0, :]
    rows = []
    for channel in range(filters):
        order = np.argsort(-strongest[:, channel], kind="stable")[:count]
        row = []
        for picture in order:
            value = float(strongest[picture, channel])
            if value <= 0:
                break
            cell_row, cell_col = divmod(int(strongest_cell[picture, channel]), width)
            row.append(
                TopPatch(
                    int(picture),
                    cell_row,
                    cell_col,
                    value,
                    field.window(cell_row),
                    field.window(cell_col),
                )
            )
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Gabor:
    """One Gabor filter of the bank: its settings and its 3 × 3 real part."""

    theta: float  # the angle of its stripes' normal, radians (0 = vertical stripes)
    frequency: float  # stripes per pixel
    offset: float  # phase: 0 = a bright centre line, π/2 = an edge
    kernel: np.ndarray

    @property
    def degrees(self) -> float:
        return float(np.degrees(self.theta))


#: The bank's grid: 8 angles, 4 frequencies, 2 phases (a line and an edge), σ = 1 pixel.
GABOR_THETAS: tuple[float, ...] = tuple(np.pi * k / 8 for k in range(8))
GABOR_FREQUENCIES: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4)
GABOR_OFFSETS: tuple[float, ...] = (0.0, np.pi / 2)


def gabor_bank(side: int = 3) -> list[Gabor]:
    """Real parts of `skimage.filters.gabor_kernel` over the bank's grid, ``side`` × ``side``.

    With σ = 1 and ``n_stds=1`` scikit-image returns 3 × 3 kernels, the size of the network's
    first-layer filters; a larger ``side`` widens the Gaussian envelope to fit.
    """
    from skimage.filters import gabor_kernel  # here: the page's settings import this module

    if side < 3 or side % 2 == 0:
        raise ValueError(f"side must be an odd number of at least 3; got {side}.")
    half = side // 2
    bank = []
    for theta in GABOR_THETAS:
        for frequency in GABOR_FREQUENCIES:
            for offset in GABOR_OFFSETS:
                kernel = gabor_kernel(
                    frequency, theta=theta, sigma_x=half, sigma_y=half, n_stds=1, offset=offset
                ).real
                centre = np.array(kernel.shape) // 2
                kernel = kernel[
                    centre[0] - half : centre[0] + half + 1, centre[1] - half : centre[1] + half + 1
                ]
                bank.append(Gabor(theta, frequency, offset, np.ascontiguousarray(kernel)))
    return bank


def correlation(first: ArrayLike, second: ArrayLike) -> float:
    """Pearson's correlation of two kernels, cell by cell; 0 when either is flat."""
    a = np.ravel(np.asarray(first, dtype=np.float64))
    b = np.ravel(np.asarray(second, dtype=np.float64))
    a, b = a - a.mean(), b - b.mean()
    scale = np.sqrt((a @ a) * (b @ b))
    return float(a @ b / scale) if scale > 0 else 0.0


@dataclass(frozen=True)
class GaborMatch:
    """A learned filter's closest Gabor: which one, and their correlation (sign kept).

    A negative correlation means the filter is that Gabor with dark and light swapped, which a
    filter followed by a bias and ReLU can use just as well; the match is chosen by its size.
    """

    gabor: Gabor
    correlation: float


def best_gabors(kernels: ArrayLike, bank: list[Gabor]) -> list[GaborMatch]:
    """For each learned filter (``kernels`` is (k, k, 1, filters) as Keras stores them), the
    Gabor of ``bank`` with the largest absolute correlation (the first of the bank on a tie)."""
    weights = np.asarray(kernels, dtype=np.float64)
    if weights.ndim != 4 or weights.shape[2] != 1:
        raise ValueError(f"Expected first-layer kernels (k, k, 1, filters); got {weights.shape}.")
    if not bank or bank[0].kernel.shape != weights.shape[:2]:
        raise ValueError("The bank's kernels must have the learned filters' size.")
    bank_matrix = np.stack([gabor.kernel.ravel() for gabor in bank])
    bank_matrix = bank_matrix - bank_matrix.mean(axis=1, keepdims=True)
    bank_norms = np.linalg.norm(bank_matrix, axis=1)
    matches = []
    for index in range(weights.shape[3]):
        learned = weights[:, :, 0, index].ravel()
        learned = learned - learned.mean()
        norm = np.linalg.norm(learned)
        scale = norm * bank_norms
        safe = np.where(scale > 0, scale, 1.0)
        values = np.where(scale > 0, bank_matrix @ learned / safe, 0.0)
        best = int(np.argmax(np.abs(values)))
        matches.append(GaborMatch(bank[best], float(values[best])))
    return matches


def chance_correlations(bank: list[Gabor], *, count: int = 1000, seed: int = 0) -> np.ndarray:
    """The best absolute correlation with ``bank`` reached by ``count`` random kernels.

    A 3 × 3 filter has 9 numbers and the bank holds many shapes, so even noise finds a fairly
    good match: this is the bar a learned filter must clear to look more Gabor-like than chance.
    Kernels are seeded standard normal noise, the same shape as the bank's.
    """
    side = bank[0].kernel.shape[0]
    noise = np.random.default_rng(seed).standard_normal((side, side, 1, count))
    return np.array([abs(match.correlation) for match in best_gabors(noise, bank)])
