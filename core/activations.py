"""Activation functions: bend every number of a feature map on its own, and softmax.

Without a bend between them, two layers in a row are one weighted sum; ReLU sets negatives to
zero, the logistic squashes everything into 0..1, and so on. Each function comes with its
derivative, the slope training follows. Everything here matches ``keras.activations``.

>>> relu(np.array([-2.0, 0.0, 3.0]))
array([0., 0., 3.])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

import numpy as np
from scipy.special import expit

from core.checks import real_array

#: Default slope for negative inputs of PReLU (He et al. 2015 start it at 0.25 and learn it).
PRELU_ALPHA: float = 0.25
#: Default ELU α (Clevert et al. 2016 and Keras): negative inputs level off at −α.
ELU_ALPHA: float = 1.0


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not np.isfinite(alpha):
        raise ValueError(f"alpha must be a finite number, not {alpha!r}.")
    return float(alpha)


# Convention at the kink x = 0 (binary step, ReLU, PReLU, ELU): the derivative there takes the
# value from the negative side, as TensorFlow's gradient of ReLU does (relu'(0) = 0). The binary
# step itself is 1 at x = 0 (step(x) = 1 for x >= 0), and its derivative is reported as 0
# everywhere, including at 0 where it does not exist.


def identity(x: np.ndarray) -> np.ndarray:
    """f(x) = x: no bend at all; a network of only these is one linear map."""
    return real_array(x, "x").astype(np.float64)


def identity_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 everywhere."""
    return np.ones_like(real_array(x, "x"), dtype=np.float64)


def binary_step(x: np.ndarray) -> np.ndarray:
    """f(x) = 1 if x ≥ 0 else 0: the perceptron's on/off switch.

    >>> binary_step(np.array([-1.0, 0.0, 2.0]))
    array([0., 1., 1.])
    """
    return np.where(real_array(x, "x") >= 0, 1.0, 0.0)


def binary_step_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 0 (undefined at 0, reported as 0): no slope, which is why it cannot be trained."""
    return np.zeros_like(real_array(x, "x"), dtype=np.float64)


def logistic(x: np.ndarray) -> np.ndarray:
    """f(x) = 1 / (1 + e^−x), the sigmoid: squashes any number into 0..1.

    Computed with ``scipy.special.expit``, which never overflows (``logistic(-1e4)`` is 0).

    >>> logistic(np.array([-1e4, 0.0, 1e4]))
    array([0. , 0.5, 1. ])
    """
    return expit(real_array(x, "x").astype(np.float64))


def logistic_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = f(x)·(1 − f(x)); at most 0.25 (at x = 0), so deep sigmoid nets learn slowly."""
    sigma = logistic(x)
    return sigma * (1.0 - sigma)


def tanh(x: np.ndarray) -> np.ndarray:
    """f(x) = tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ): like the logistic but centred, range −1..1."""
    return np.tanh(real_array(x, "x").astype(np.float64))


def tanh_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 − tanh²(x); 1 at x = 0."""
    return 1.0 - tanh(x) ** 2


def arctan(x: np.ndarray) -> np.ndarray:
    """f(x) = arctan(x): range −π/2..π/2, flattens out more slowly than tanh."""
    return np.arctan(real_array(x, "x").astype(np.float64))


def arctan_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 / (1 + x²)."""
    x = real_array(x, "x").astype(np.float64)
    return 1.0 / (1.0 + x * x)


def relu(x: np.ndarray) -> np.ndarray:
    """f(x) = max(0, x): negatives become 0, positives pass unchanged.

    >>> relu(np.array([-3.0, 0.0, 2.5]))
    array([0. , 0. , 2.5])
    """
    return np.maximum(real_array(x, "x").astype(np.float64), 0.0)


def relu_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 if x > 0 else 0 (0 at x = 0, as TensorFlow)."""
    return np.where(real_array(x, "x") > 0, 1.0, 0.0)


def prelu(x: np.ndarray, *, alpha: float = PRELU_ALPHA) -> np.ndarray:
    """f(x) = x if x > 0 else α·x: a ReLU whose negative side keeps a small slope α.

    >>> prelu(np.array([-4.0, 2.0]), alpha=0.25)
    array([-1.,  2.])
    """
    alpha = _check_alpha(alpha)
    x = real_array(x, "x").astype(np.float64)
    return np.where(x > 0, x, alpha * x)


def prelu_derivative(x: np.ndarray, *, alpha: float = PRELU_ALPHA) -> np.ndarray:
    """f'(x) = 1 if x > 0 else α (α at x = 0)."""
    alpha = _check_alpha(alpha)
    return np.where(real_array(x, "x") > 0, 1.0, alpha)


def elu(x: np.ndarray, *, alpha: float = ELU_ALPHA) -> np.ndarray:
    """f(x) = x if x > 0 else α·(eˣ − 1): smooth for negatives, levelling off at −α.

    >>> elu(np.array([-1e4, 0.0, 2.0]))
    array([-1.,  0.,  2.])
    """
    alpha = _check_alpha(alpha)
    x = real_array(x, "x").astype(np.float64)
    # expm1 only of the negative part, so a large positive x never reaches exp and overflows.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative(x: np.ndarray, *, alpha: float = ELU_ALPHA) -> np.ndarray:
    """f'(x) = 1 if x > 0 else α·eˣ (= f(x) + α; α at x = 0)."""
    alpha = _check_alpha(alpha)
    x = real_array(x, "x").astype(np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def softplus(x: np.ndarray) -> np.ndarray:
    """f(x) = ln(1 + eˣ): a smooth ReLU. Computed as ``logaddexp(0, x)``, so 1e4 gives 1e4."""
    return np.logaddexp(0.0, real_array(x, "x").astype(np.float64))


def softplus_derivative(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 / (1 + e^−x): the derivative of SoftPlus is the logistic function."""
    return logistic(x)


def count_zeroed(before: np.ndarray, after: np.ndarray) -> int:
    """How many values an activation turned into exactly 0 (values that were not 0 before).

    >>> x = np.array([-2.0, -0.5, 0.0, 3.0])
    >>> count_zeroed(x, relu(x))  # the two negatives; the 0 was 0 already
    2

    Raises:
        ValueError: the arrays differ in shape or hold NaN or infinite values.
    """
    before = real_array(before, "The values before the activation")
    after = real_array(after, "The values after the activation")
    if before.shape != after.shape:
        raise ValueError(
            f"The values before and after must have the same shape; got {before.shape} and "
            f"{after.shape}."
        )
    return int(np.count_nonzero((after == 0) & (before != 0)))


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative, for plotting side by side.

    ``function`` and ``derivative`` take an array; when ``takes_alpha`` is true they also take an
    ``alpha`` keyword (and have a sensible default for it).
    """

    name: str
    function: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    formula: str
    takes_alpha: bool = False


#: Every activation the page offers, keyed by a short id.
ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("Identity", identity, identity_derivative, "x"),
    "binary_step": Activation(
        "Binary step", binary_step, binary_step_derivative, "1 if x ≥ 0 else 0"
    ),
    "logistic": Activation("Logistic (sigmoid)", logistic, logistic_derivative, "1 / (1 + e^(−x))"),
    "tanh": Activation("TanH", tanh, tanh_derivative, "(e^x − e^(−x)) / (e^x + e^(−x))"),
    "arctan": Activation("ArcTan", arctan, arctan_derivative, "arctan(x)"),
    "relu": Activation("ReLU", relu, relu_derivative, "max(0, x)"),
    "prelu": Activation("PReLU", prelu, prelu_derivative, "x if x > 0 else α·x", True),
    "elu": Activation("ELU", elu, elu_derivative, "x if x > 0 else α·(e^x − 1)", True),
    "softplus": Activation("SoftPlus", softplus, softplus_derivative, "ln(1 + e^x)"),
}


def softmax(logits: np.ndarray, *, axis: int = -1) -> np.ndarray:
    """Turn scores into probabilities that sum to 1 along ``axis``: e^zᵢ / Σⱼ e^zⱼ.

    The largest score is subtracted first (the result does not change, as it cancels), so the
    biggest exponent is e⁰ = 1 and nothing overflows even for scores of ±1000.

    >>> softmax(np.array([1000.0, -1000.0, 0.0])).round(6)
    array([1., 0., 0.])
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])

    Raises:
        ValueError: non-finite scores, a 0-d input, or no scores along ``axis``.
    """
    logits = real_array(logits, "The logits").astype(np.float64)
    if logits.ndim == 0:
        raise ValueError("softmax needs at least one axis of scores; got a single number.")
    if logits.shape[axis] == 0:
        raise ValueError(f"softmax needs at least one score along axis {axis}; got none.")
    exponentials = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return exponentials / exponentials.sum(axis=axis, keepdims=True)
