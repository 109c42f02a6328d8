"""Receptive fields: which pixels of the input one cell of a layer's map depends on.

A cell of the first 3 × 3 convolution sees a 3 × 3 window of the picture. A 2 × 2 pooling after it
takes 2 × 2 of those cells, so one pooled cell sees 4 × 4 pixels, and its neighbours are 2 pixels
apart. Walking the layers this way (Araujo, Norris & Sim, "Computing receptive fields of
convolutional neural networks", Distill 2019) gives, for every layer:

- ``size`` r: the side of the window one cell sees, r_l = r_(l−1) + (k_l − 1)·j_(l−1);
- ``jump`` j: input pixels between neighbouring cells, j_l = j_(l−1)·s_l;
- ``first_centre`` c: where the first cell's window is centred, c_l = c_(l−1) +
  ((k_l − 1)/2 − p_l)·j_(l−1), in input pixel coordinates (pixel centres at 0, 1, 2, …).

Everything comes from each layer's kernel size, stride and padding; nothing is typed per layer.

Example: the face network (25 × 25 input; 3 × 3 valid convolutions, 2 × 2 pools)
>>> fields = receptive_fields(
...     [LayerGeometry("conv1", 3, 1), LayerGeometry("pool1", 2, 2), LayerGeometry("conv2", 3, 1)],
...     input_side=25,
... )
>>> [(f.layer, f.size, f.jump, f.first_centre, f.cells) for f in fields]
[('conv1', 3, 1, 1.0, 23), ('pool1', 4, 2, 1.5, 11), ('conv2', 8, 2, 3.5, 9)]
>>> fields[-1].window(8)  # the last conv2 cell sees rows (or columns) 16 to 23
(16, 23)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

PADDINGS = ("valid", "same")


@dataclass(frozen=True)
class LayerGeometry:
    """What a conv or pool layer does to positions: its window, its step and its border.

    The same along rows and columns (square kernels and strides, as in this app's networks).
    """

    layer: str
    kernel: int
    stride: int = 1
    padding: str = "valid"

    def __post_init__(self) -> None:
        if self.kernel < 1 or self.stride < 1:
            raise ValueError(
                f"Layer {self.layer!r}: kernel and stride must be at least 1; got "
                f"{self.kernel} and {self.stride}."
            )
        if self.padding not in PADDINGS:
            raise ValueError(
                f"Layer {self.layer!r}: padding must be one of {PADDINGS}; got {self.padding!r}."
            )

    def output_side(self, side: int) -> int:
        """Cells along one side of the output for an input ``side`` long (Keras's rule)."""
        if self.padding == "same":
            return math.ceil(side / self.stride)
        return max(0, (side - self.kernel) // self.stride + 1)

    def border(self, side: int) -> int:
        """Pixels of padding before the first position (Keras puts the odd one at the end)."""
        if self.padding == "valid":
            return 0
        needed = (self.output_side(side) - 1) * self.stride + self.kernel - side
        return max(needed, 0) // 2


@dataclass(frozen=True)
class ReceptiveField:
    """Where the cells of one layer's map look on the input picture (see the module text)."""

    layer: str
    size: int
    jump: int
    first_centre: float
    cells: int
    input_side: int
    reachable: tuple[int, int]
    """First and last input row (or column) the layer's own input covers: a window reaching past
    them reads padding zeros there, not pixels."""

    def centre(self, index: int) -> float:
        """Input coordinate of the centre of cell ``index``'s window."""
        return self.first_centre + index * self.jump

    @property
    def centres(self) -> np.ndarray:
        """Input coordinates of the centres of every cell, in order."""
        return self.first_centre + self.jump * np.arange(self.cells, dtype=np.float64)

    def window(self, index: int) -> tuple[int, int]:
        """First and last input row (or column) that cell ``index`` sees, inside the picture.

        Padding zeros at any layer are not pixels: a window is cut at what the layer before covers.

        A stride larger than its kernel skips pixels, and then some inside this span are not
        seen; with every stride at most its kernel (as in this app's networks) all of them are.

        Raises:
            ValueError: ``index`` is not a cell of this layer.
        """
        if not 0 <= index < self.cells:
            raise ValueError(
                f"{self.layer} has cells 0 to {self.cells - 1} along each side; got {index}."
            )
        first = round(self.centre(index) - (self.size - 1) / 2)
        return max(first, self.reachable[0]), min(first + self.size - 1, self.reachable[1])

    @property
    def covered(self) -> tuple[int, int]:
        """First and last input row (or column) that any cell of this layer sees."""
        return self.window(0)[0], self.window(self.cells - 1)[1]


def receptive_fields(layers: Sequence[LayerGeometry], *, input_side: int) -> list[ReceptiveField]:
    """The receptive field of every layer in ``layers`` (in order), for a square input.

    Raises:
        ValueError: a layer whose map would be empty (the input is too small for it).
    """
    size, jump, centre, side = 1, 1, 0.0, input_side
    reachable = (0, input_side - 1)
    fields = []
    for geometry in layers:
        border = geometry.border(side)
        centre += ((geometry.kernel - 1) / 2 - border) * jump
        size += (geometry.kernel - 1) * jump
        jump *= geometry.stride
        side = geometry.output_side(side)
        if side < 1:
            raise ValueError(
                f"Layer {geometry.layer!r} leaves no cells: the input is too small for it."
            )
        field = ReceptiveField(geometry.layer, size, jump, centre, side, input_side, reachable)
        fields.append(field)
        reachable = field.covered
    return fields


def place_on_input(values: ArrayLike, field: ReceptiveField) -> np.ndarray:
    """A layer's 2-D map laid over the input picture, each cell at the centre of its window.

    Between cell centres the values are interpolated linearly (along rows, then columns). Past
    the outermost centres they fade to 0 one step (``jump``) further out, as if the map had a
    border of zeros, so a strong edge cell peaks at its own centre rather than along the picture's
    edge; input pixels no cell sees are 0. Returns an (input_side, input_side) float array.
    """
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (field.cells, field.cells):
        raise ValueError(
            f"A {field.layer} map is {field.cells} × {field.cells}; got shape {array.shape}."
        )
    pixels = np.arange(field.input_side, dtype=np.float64)
    centres = np.concatenate(
        [[field.first_centre - field.jump], field.centres, [field.centre(field.cells)]]
    )
    array = np.pad(array, 1)
    along_columns = np.stack([np.interp(pixels, centres, row) for row in array])
    placed = np.stack([np.interp(pixels, centres, column) for column in along_columns.T], axis=1)
    first, last = field.covered
    seen = (pixels >= first) & (pixels <= last)
    return placed * (seen[:, np.newaxis] & seen[np.newaxis, :])
