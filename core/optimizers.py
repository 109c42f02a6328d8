"""Gradient descent you can watch: a ball rolling down a loss curve, in 1-D and 2-D.

Training a network means nudging every weight a little, again and again, in the direction that
lowers the loss. These functions do exactly that on curves small enough to draw, with the same
update rules Keras uses (``keras.optimizers.SGD`` with and without momentum, ``Adam``), so the
training lab can show why a learning rate that is too small crawls and one that is too large
oscillates or blows up.

Example
-------
>>> path = descend_1d(SHOWER, start=20.0, learning_rate=2.0, steps=30)
>>> round(float(path[-1]), 1)  # the most comfortable temperature
38.0
>>> outcome(SHOWER, path)
'converged'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# --------------------------------------------------------------------------------------------
# One dimension: discomfort against shower temperature
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Curve1D:
    """A loss curve in one variable, with its slope, for the gradient-descent demo."""

    name: str
    loss: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray], np.ndarray]
    best: float
    curvature: float  # the second derivative at the minimum: sets the largest stable rate


def _shower_loss(temperature: np.ndarray) -> np.ndarray:
    return 0.05 * (np.asarray(temperature, dtype=np.float64) - 38.0) ** 2


def _shower_slope(temperature: np.ndarray) -> np.ndarray:
    return 0.1 * (np.asarray(temperature, dtype=np.float64) - 38.0)


#: Discomfort grows with the square of the distance from 38 °C. Its curvature is 0.1, so plain
#: gradient descent converges for learning rates below 2 / 0.1 = 20 and diverges above.
SHOWER = Curve1D("shower", _shower_loss, _shower_slope, best=38.0, curvature=0.1)

#: Above this the loss is called diverged: far outside anything the demo draws.
_DIVERGED_LOSS = 1e6


def descend_1d(
    curve: Curve1D,
    *,
    start: float,
    learning_rate: float,
    steps: int,
    momentum: float = 0.0,
) -> np.ndarray:
    """Positions of gradient descent (with optional momentum) on ``curve``, start included.

    The update is Keras's SGD: ``velocity = momentum * velocity - learning_rate * slope`` then
    ``x = x + velocity``. A run that blows up stops early instead of producing infinities.
    """
    _check_rate(learning_rate)
    if not 0 <= momentum < 1:
        raise ValueError(f"Momentum must be from 0 up to (not including) 1, got {momentum}.")
    if steps < 0:
        raise ValueError(f"The number of steps cannot be negative, got {steps}.")
    positions = [float(start)]
    velocity = 0.0
    for _ in range(steps):
        velocity = momentum * velocity - learning_rate * float(curve.slope(positions[-1]))
        positions.append(positions[-1] + velocity)
        if curve.loss(positions[-1]) > _DIVERGED_LOSS:
            break
    return np.array(positions)


def outcome(curve: Curve1D, path: np.ndarray, *, tolerance: float = 0.5) -> str:
    """Say what happened: "converged", "crawling", "oscillating" or "diverged".

    - diverged: the loss ended far above where it started;
    - converged: the last position is within ``tolerance`` of the best one;
    - oscillating: the steps keep jumping across the best point;
    - crawling: still heading for the best point, just slowly.
    """
    losses = curve.loss(path)
    if losses[-1] > max(losses[0] * 10, _DIVERGED_LOSS / 1e3) or not np.isfinite(losses[-1]):
        return "diverged"
    if abs(path[-1] - curve.best) <= tolerance:
        return "converged"
    sides = np.sign(path[-6:] - curve.best)
    if np.count_nonzero(np.diff(sides)) >= 3:
        return "oscillating"
    return "crawling"


def _check_rate(learning_rate: float) -> None:
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(
            f"The learning rate must be a positive number, got {learning_rate}: with 0 nothing "
            "ever moves."
        )


# --------------------------------------------------------------------------------------------
# Two dimensions: paths of SGD, momentum and Adam on one surface
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    """A loss surface over two weights, with its gradient."""

    name: str
    loss: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray], np.ndarray]
    best: tuple[float, float]
    extent: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max for drawing


def _valley_loss(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 0.5 * (0.2 * x**2 + 4.0 * y**2)


def _valley_gradient(point: np.ndarray) -> np.ndarray:
    return np.array([0.2 * point[0], 4.0 * point[1]])


#: A long narrow valley: steep across (y), nearly flat along (x). Plain SGD zig-zags across it;
#: momentum builds up speed along it; Adam rescales each direction.
VALLEY = Surface("narrow valley", _valley_loss, _valley_gradient, (0.0, 0.0), (-10, 10, -3, 3))

OPTIMIZERS: tuple[str, ...] = ("SGD", "SGD with momentum", "Adam")


def optimize_2d(
    surface: Surface,
    optimizer: str,
    *,
    start: tuple[float, float],
    learning_rate: float,
    steps: int,
    momentum: float = 0.9,
    beta_1: float = 0.9,
    beta_2: float = 0.999,
    epsilon: float = 1e-7,
) -> np.ndarray:
    """The path, shape (steps + 1, 2), that ``optimizer`` takes from ``start`` on ``surface``.

    The update rules are Keras's: SGD ``w -= lr * g``; momentum ``v = m * v - lr * g; w += v``;
    Adam with bias correction (``keras.optimizers.Adam`` defaults for β₁, β₂ and ε).
    """
    _check_rate(learning_rate)
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"Unknown optimizer {optimizer!r}; choose one of {', '.join(OPTIMIZERS)}.")
    point = np.array(start, dtype=np.float64)
    path = [point.copy()]
    velocity = np.zeros(2)
    first_moment = np.zeros(2)
    second_moment = np.zeros(2)
    for step in range(1, steps + 1):
        gradient = surface.gradient(point)
        if optimizer == "SGD":
            point = point - learning_rate * gradient
        elif optimizer == "SGD with momentum":
            velocity = momentum * velocity - learning_rate * gradient
            point = point + velocity
        else:
            first_moment = beta_1 * first_moment + (1 - beta_1) * gradient
            second_moment = beta_2 * second_moment + (1 - beta_2) * gradient**2
            corrected_rate = learning_rate * np.sqrt(1 - beta_2**step) / (1 - beta_1**step)
            point = point - corrected_rate * first_moment / (np.sqrt(second_moment) + epsilon)
        path.append(point.copy())
        if float(surface.loss(*point)) > _DIVERGED_LOSS:
            break
    return np.array(path)


@dataclass(frozen=True)
class PathSummary:
    """What a path on a :class:`Surface` did, for a sentence that cannot contradict the chart.

    ``distance`` is what is left to the bottom at the end; ``zigzags`` how many times the path
    crossed the valley's floor (the second weight changed sign); ``overshot`` whether it went past
    the bottom along the floor (the first weight changed sign); ``first_step`` how far the first
    step moved each weight.
    """

    distance: float
    zigzags: int
    overshot: bool
    first_step: tuple[float, float]


def summarise_path(surface: Surface, path: np.ndarray) -> PathSummary:
    """The :class:`PathSummary` of ``path`` (as :func:`optimize_2d` returns it) on ``surface``.

    >>> path = optimize_2d(VALLEY, "SGD", start=(-9.0, 2.5), learning_rate=0.45, steps=12)
    >>> summary = summarise_path(VALLEY, path)
    >>> summary.zigzags, summary.overshot
    (12, False)
    """
    offsets = np.asarray(path, dtype=np.float64) - np.asarray(surface.best)
    crossings = [int(np.count_nonzero(np.diff(np.sign(offsets[:, axis])))) for axis in (0, 1)]
    step = np.abs(offsets[1] - offsets[0]) if len(offsets) > 1 else np.zeros(2)
    return PathSummary(
        distance=float(np.hypot(*offsets[-1])),
        zigzags=crossings[1],
        overshot=crossings[0] > 0,
        first_step=(float(step[0]), float(step[1])),
    )
