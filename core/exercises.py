"""The Convolution page's exercises: design a 3 × 3 kernel, and hear what it really does.

No answer is compared with a model solution. Each kernel is measured on small test pictures made
here (a flat gray area, a horizontal and a vertical step edge from black to white, a single white
dot, random noise), and the feedback says what it did, with the numbers: any kernel that behaves
right passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.checks import read_only
from core.convolution import as_kernel, correlate2d

EXERCISES: dict[str, str] = {
    "blur": "Design a 3×3 kernel that blurs the picture.",
    "horizontal_edges": "Design a 3×3 kernel that finds only horizontal edges.",
    "vertical_edges": "Design a 3×3 kernel that finds only vertical edges.",
    "edges_only": "Design a 3×3 kernel that gives 0 on flat areas but responds on edges.",
}

_GREY = 0.5  # brightness of the flat test picture; step edges go from 0 (black) to 1 (white)
_SIDE = 16
_CLEAR_RESPONSE = 0.5  # an edge detector must answer a 0 → 1 step with at least this much
_NEAR_ZERO_SHARE = 0.05  # "about 0" means at most this share of the strongest edge response
_MAX_NOISE_SHARE = 0.5  # a blur must at least halve the variance of random noise
_SUM_TOLERANCE = 0.01  # a blur's weights must sum to 1 within this


def _test_pictures() -> dict[str, np.ndarray]:
    """The synthetic pictures every exercise is measured on."""
    below_middle = np.arange(_SIDE)[:, None] >= _SIDE // 2
    dot = np.zeros((_SIDE, _SIDE))
    dot[_SIDE // 2, _SIDE // 2] = 1.0
    return {
        "flat": np.full((_SIDE, _SIDE), _GREY),
        "horizontal_step": np.broadcast_to(below_middle, (_SIDE, _SIDE)).astype(np.float64),
        "vertical_step": np.broadcast_to(below_middle.T, (_SIDE, _SIDE)).astype(np.float64),
        "dot": dot,
        "noise": np.random.default_rng(0).random((4 * _SIDE, 4 * _SIDE)),
    }


_PICTURES = {name: read_only(picture) for name, picture in _test_pictures().items()}


@dataclass(frozen=True)
class ExerciseResult:
    """Whether the kernel does what the exercise asks, and sentences saying why, with numbers."""

    passed: bool
    feedback: tuple[str, ...]


def _response(picture: str, weights: np.ndarray) -> np.ndarray:
    return correlate2d(_PICTURES[picture], weights, padding="valid")


def _flat_gain(weights: np.ndarray) -> float:
    """Output brightness over input brightness on the flat picture, i.e. the sum of the weights."""
    return float(_response("flat", weights).mean()) / _GREY


def _edge_response(direction: str, weights: np.ndarray) -> float:
    """The strongest output a step edge causes beyond the brightness passed straight through.

    A blur or the identity hands on each pixel's brightness (times the weights' sum) and adds
    little at the edge itself; an edge detector's whole output is edge response.
    """
    step = _PICTURES[f"{direction}_step"]
    passed_through = _flat_gain(weights) * step[1:-1, 1:-1]  # the 3×3 window centres
    return float(np.abs(_response(f"{direction}_step", weights) - passed_through).max())


def _number(value: float) -> str:
    return f"{value:.3g}"


def _brightness_check(gain: float) -> tuple[bool, str]:
    """A blur keeps a flat area's brightness: `gain` (flat output / flat input) must be 1."""
    sums_to = f"The weights sum to {_number(gain)}, so"
    divide = f"divide each weight by {_number(gain)}"
    if abs(gain - 1) <= _SUM_TOLERANCE:
        return True, f"{sums_to} a flat gray area keeps its brightness."
    if gain > 1:
        return False, f"{sums_to} the picture gets {_number(gain)}× brighter: {divide}."
    if gain > _SUM_TOLERANCE:
        return False, f"{sums_to} the picture gets darker ({_number(gain)}× as bright): {divide}."
    if gain >= -_SUM_TOLERANCE:
        return False, (
            f"{sums_to} a flat gray area comes out 0 (black in an ordinary picture): a blur's "
            "weights must sum to 1."
        )
    return False, f"{sums_to} bright turns dark: a blur's weights must be positive and sum to 1."


def _check_blur(weights: np.ndarray) -> list[tuple[bool, str]]:
    gain = _flat_gain(weights)
    checks = [_brightness_check(gain)]
    if abs(gain) > _SUM_TOLERANCE:
        # Relative to the brightness kept, so an unnormalised blur is told only about its sum.
        noise_share = float(_response("noise", weights).var()) / (
            gain**2 * float(_PICTURES["noise"].var())
        )
        noise = f"Random noise keeps {noise_share:.0%} of its variance (relative to the brightness)"
        if noise_share <= _MAX_NOISE_SHARE:
            checks.append((True, f"{noise}, so speckles are smoothed out."))
        else:
            checks.append(
                (
                    False,
                    f"{noise}, but a blur must cut it to at most {_MAX_NOISE_SHARE:.0%}: spread "
                    "the weight over the neighbours instead of keeping it on one pixel.",
                )
            )
    darkest = float(_response("dot", weights).min())
    if darkest < 0:
        checks.append(
            (
                False,
                f"Around a single white dot on black the output dips to {_number(darkest)}, "
                "below black: negative weights subtract neighbours and make edges stand out, "
                "while a blur only averages, so make every weight 0 or more.",
            )
        )
    else:
        checks.append(
            (
                True,
                "Around a single white dot on black the output never goes below black, so no "
                "negative weights carve out edges.",
            )
        )
    return checks


def _check_edges(weights: np.ndarray, wanted: tuple[str, ...]) -> list[tuple[bool, str]]:
    """`wanted` edge directions ("horizontal", "vertical") must respond; the rest and flat areas
    must give about 0."""
    responses = {
        direction: _edge_response(direction, weights) for direction in ("horizontal", "vertical")
    }
    near_zero = max(1e-9, _NEAR_ZERO_SHARE * max(responses.values()))
    fix = {
        "horizontal": "put weights of opposite sign above and below the centre row",
        "vertical": "put weights of opposite sign left and right of the centre column",
    }
    ignore_fix = {
        "horizontal": "make the weights in each row sum to 0",
        "vertical": "make the weights in each column sum to 0",
    }
    checks = []
    for direction, response in responses.items():
        edge = f"On a {direction} edge (0 → 1) its edge response is {_number(response)}"
        if direction in wanted and response >= _CLEAR_RESPONSE:
            checks.append((True, f"{edge}, a clear response."))
        elif direction in wanted:
            checks.append(
                (
                    False,
                    f"{edge}, but it needs at least {_number(_CLEAR_RESPONSE)}: {fix[direction]}.",
                )
            )
        elif response <= near_zero:
            checks.append((True, f"{edge}, so it ignores {direction} edges."))
        else:
            checks.append(
                (False, f"{edge}, but it should ignore {direction} edges: {ignore_fix[direction]}.")
            )
    flat = abs(_flat_gain(weights)) * _GREY
    if flat <= near_zero:
        checks.append(
            (
                True,
                f"On a flat gray area ({_GREY:g}) it outputs {_number(flat)}"
                + ("" if flat == 0 else ", about 0")
                + ": flat areas give no answer, only changes in brightness do.",
            )
        )
    else:
        checks.append(
            (
                False,
                f"On a flat gray area ({_GREY:g}) it outputs {_number(flat)} "
                "instead of about 0: make the weights sum to 0.",
            )
        )
    return checks


def check_exercise(exercise: str, kernel: ArrayLike) -> ExerciseResult:
    """Measure what `kernel` does to small test pictures and say whether it solves `exercise`.

    The pictures are made here: a flat grey area, a horizontal and a vertical step edge from
    black to white, a single white dot and random noise. No answer is compared: any kernel that
    behaves right passes. Example::

        >>> check_exercise("blur", np.ones((3, 3))).feedback[0]
        'The weights sum to 9, so the picture gets 9× brighter: divide each weight by 9.'
    """
    if exercise not in EXERCISES:
        raise ValueError(
            f"exercise must be one of {', '.join(map(repr, EXERCISES))}; got {exercise!r}."
        )
    weights = as_kernel(kernel)
    if weights.shape != (3, 3):
        side = weights.shape[0]
        return ExerciseResult(
            False, (f"The exercise asks for a 3×3 kernel; this one is {side}×{side}.",)
        )
    if exercise == "blur":
        checks = _check_blur(weights)
    elif exercise == "edges_only":
        checks = _check_edges(weights, wanted=("horizontal", "vertical"))
    else:
        checks = _check_edges(weights, wanted=(exercise.removesuffix("_edges"),))
    return ExerciseResult(
        passed=all(ok for ok, _ in checks), feedback=tuple(sentence for _, sentence in checks)
    )
