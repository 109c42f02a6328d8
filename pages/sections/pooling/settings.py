"""What a link to the Pooling page can carry, with each setting's widget key and allowed values."""

from __future__ import annotations

from dataclasses import dataclass

from core.activations import ACTIVATIONS, ELU_ALPHA, PRELU_ALPHA
from core.pooling import POOL_MODES
from pages.settings import PageSettings, one_of, setting, whole_number

GRID_SIDE = 8  # the small example is an 8 × 8 grid ...
GRID_MAX = 9  # ... of whole numbers from 0 to 9
SMALL_SIDES = tuple(range(1, GRID_SIDE + 2))  # its window sizes and strides (9 is too large)
WINDOW_SIZES = tuple(range(2, 9))  # the real map's pooling windows (and strides)
REPEATS = (1, 2, 3, 4)  # how many times the real map may be pooled
SHIFTS = (1, 2, 3, 4)  # pixels the picture may be moved in "Small shifts"
PRELU_ALPHAS = tuple(round(0.05 * step, 2) for step in range(21))  # α of PReLU: 0 to 1
ELU_ALPHAS = tuple(round(0.1 * step, 1) for step in range(1, 31))  # α of ELU: 0.1 to 3
#: What the small example's mode buttons say. A bound widget with a ``format_func`` writes and
#: reads these words in the address, not the option itself, so the link's settings do too.
MODE_NAMES = {"max": "Max (keep the largest)", "average": "Average (keep the mean)"}


def activation_name(key: str) -> str:
    """An activation function's name as its button (and so the address) says it: "PReLU"."""
    return ACTIVATIONS[key].name


@dataclass(frozen=True)
class PoolingSettings(PageSettings):
    """The small example's mode, window and stride; the real map's window and number of
    poolings; the move and window of "Small shifts"; the activation function shown and the α
    of the two that take one."""

    small_mode: str = setting(
        "pooling_small_mode", "max", one_of(POOL_MODES, MODE_NAMES.get), MODE_NAMES.get
    )
    small_size: int = setting(
        "pooling_small_size", 2, whole_number(SMALL_SIDES[0], SMALL_SIDES[-1])
    )
    small_stride: int = setting(
        "pooling_small_stride", 2, whole_number(SMALL_SIDES[0], SMALL_SIDES[-1])
    )
    window: int = setting("pooling_window", 2, whole_number(WINDOW_SIZES[0], WINDOW_SIZES[-1]))
    repeats: int = setting("pooling_repeats", 2, whole_number(REPEATS[0], REPEATS[-1]))
    shift: int = setting("pooling_shift", 1, whole_number(SHIFTS[0], SHIFTS[-1]))
    shift_window: int = setting(
        "pooling_shift_window", 2, whole_number(WINDOW_SIZES[0], WINDOW_SIZES[-1])
    )
    activation: str = setting(
        "pooling_activation", "relu", one_of(tuple(ACTIVATIONS), activation_name), activation_name
    )
    prelu_alpha: float = setting("pooling_alpha_prelu", PRELU_ALPHA, one_of(PRELU_ALPHAS))
    elu_alpha: float = setting("pooling_alpha_elu", ELU_ALPHA, one_of(ELU_ALPHAS))
