"""What a link to the Convolution page can carry: the kernel, and the border and stride of the
"Padding and stride" section."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.convolution import PADDING_MODES, PRESETS
from pages.settings import PageSettings, one_of, setting, whole_number

WEIGHT_LIMIT = 10.0  # the 3 × 3 sliders run from −10 to 10 ...
WEIGHT_STEP = 0.1  # ... in steps of 0.1
DIVISOR_LIMITS = (0.01, 1e6)  # what "Divide every weight by" accepts
#: The "Look closer" labs, in order; a link opens one (``?conv_section=Padding+and+stride``).
SECTIONS = (
    "One step, in numbers",
    "Padding and stride",
    "Found anywhere",
    "Correlation or convolution?",
    "Colour and depth",
    "Exercises",
)
#: The padding demo's strides: every one up to 8, then doubling up to the side of the largest
#: picture the app works on (`pages.common.WORKING_MAX_SIDE`), where any picture's output is
#: one pixel.
STRIDES = (*range(1, 9), 16, 32, 64, 128, 256, 512, 1024)
MAX_STRIDE = STRIDES[-1]
#: The "Found anywhere" canvas (rows, columns) and the side of the plus moved over it; the
#: plus's left column runs from 0 to the canvas's width less the plus's.
PLUS_CANVAS = (9, 25)
PLUS_SIDE = 3
PLUS_LEFTS = tuple(range(PLUS_CANVAS[1] - PLUS_SIDE + 1))
#: The largest picture of the "One step" walk-through ("your picture", shrunk so numbers fit):
#: its output rows and columns run from 0 to one less.
STEP_PICTURE_SIDE = 12
TYPED_WEIGHT_LIMIT = 1e6  # weights typed in a table or the exercises; far larger ones overflow
DEFAULT_KERNEL = "Vertical edges"


def parse_weights(text: str) -> tuple[list[float], float]:
    """``"1,0,-1,2,0,-2,1,0,-1/4"`` → nine weights (row by row) and the divisor 4; ValueError if
    the text is not nine numbers from −10 to 10 over a divisor the page accepts."""
    numbers, _, divisor_text = text.partition("/")
    weights = [float(value) for value in numbers.split(",")]
    divisor = float(divisor_text or 1)
    low, high = DIVISOR_LIMITS
    if len(weights) != 9 or not all(math.isfinite(w) and abs(w) <= WEIGHT_LIMIT for w in weights):
        raise ValueError(text)
    if not low <= divisor <= high:
        raise ValueError(text)
    return weights, divisor


def weights_text(weights: Sequence[float], divisor: float) -> str:
    """Nine weights and a divisor as a link writes them (the inverse of :func:`parse_weights`)."""
    return f"{','.join(f'{value:g}' for value in weights)}/{divisor:g}"


def _kernel(texts: Sequence[str]) -> str:
    """A preset's name, or nine weights over a divisor (kept as the link wrote them)."""
    text = texts[-1] if texts else ""
    if text not in PRESETS:
        parse_weights(text)
    return text


@dataclass(frozen=True)
class ConvolutionSettings(PageSettings):
    """The kernel (a preset's name, or 3 × 3 weights over a divisor), the chosen "Look closer"
    lab, the border and stride
    of the padding demo, where the plus is in "Found anywhere", and the output pixel of the
    "One step" walk-through (clamped to the output of the picture shown there)."""

    kernel: str = setting("conv_kernel", DEFAULT_KERNEL, _kernel)
    padding: str = setting("conv_padding", "zero", one_of(PADDING_MODES))
    section: str = setting("conv_section", SECTIONS[0], one_of(SECTIONS))
    stride: int = setting("conv_stride", 1, one_of(STRIDES))
    shift: int = setting("conv_shift", 4, one_of(PLUS_LEFTS))
    step_row: int = setting("conv_step_row", 0, whole_number(0, STEP_PICTURE_SIDE - 1))
    step_col: int = setting("conv_step_col", 0, whole_number(0, STEP_PICTURE_SIDE - 1))
