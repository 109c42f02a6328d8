"""How well a classifier does, measured one way everywhere in the app.

The app's accuracy is **balanced accuracy**: the share right within each class, averaged over the
classes. The face network's pictures are mostly non-faces, so plain accuracy would reward calling
everything "not a face"; balanced accuracy gives that 50 %. On a set with as many pictures of
every class (the LFW test set) the two are the same number.

>>> labels, predicted = np.array([0, 0, 0, 1]), np.array([0, 0, 0, 0])
>>> plain_accuracy(labels, predicted), balanced_accuracy(labels, predicted)
(0.75, 0.5)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def _as_pair(labels: ArrayLike, predicted: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    truth, guess = np.asarray(labels), np.asarray(predicted)
    if truth.shape != guess.shape or truth.ndim != 1 or truth.size == 0:
        raise ValueError(
            "labels and predicted must be two non-empty 1-D arrays of the same length; got "
            f"shapes {truth.shape} and {guess.shape}."
        )
    return truth, guess


def plain_accuracy(labels: ArrayLike, predicted: ArrayLike) -> float:
    """The share of all pictures answered right."""
    truth, guess = _as_pair(labels, predicted)
    return float(np.mean(truth == guess))


def class_recalls(labels: ArrayLike, predicted: ArrayLike) -> dict[int, float]:
    """For each class present in ``labels``, the share of its pictures answered right."""
    truth, guess = _as_pair(labels, predicted)
    return {int(c): float(np.mean(guess[truth == c] == c)) for c in np.unique(truth)}


def balanced_accuracy(labels: ArrayLike, predicted: ArrayLike) -> float:
    """The mean of :func:`class_recalls`: every class counts the same, however many it has."""
    return float(np.mean(list(class_recalls(labels, predicted).values())))
