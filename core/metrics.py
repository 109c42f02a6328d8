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


def wilson_interval(successes: int, trials: int, *, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a share ``successes / trials`` (95 % with the default ``z``).

    Unlike "share ± 1.96 standard errors" it stays inside [0, 1] and is not zero-width at 0 or
    at all right: 40 of 40 right still leaves a lower bound near 0.91 (Wilson, 1927).

    >>> [round(bound, 3) for bound in wilson_interval(40, 40)]
    [0.912, 1.0]

    Raises:
        ValueError: ``trials`` below 1, or ``successes`` outside 0..trials.
    """
    if trials < 1 or not 0 <= successes <= trials:
        raise ValueError(
            f"Need 0 <= successes <= trials and trials >= 1; got {successes} of {trials}."
        )
    share = successes / trials
    spread = z**2 / trials
    centre = (share + spread / 2) / (1 + spread)
    half = z * np.sqrt(share * (1 - share) / trials + spread / (4 * trials)) / (1 + spread)
    # It always holds the share itself; the clamps only keep rounding from crossing it.
    return max(0.0, min(float(centre - half), share)), min(1.0, max(float(centre + half), share))


def bin_of(confidence: ArrayLike, bins: int) -> np.ndarray:
    """Which of ``bins`` equal-width bins over 0..1 each confidence falls in (1 in the last).

    >>> bin_of([0.0, 0.55, 0.99, 1.0], 10).tolist()
    [0, 5, 9, 9]
    """
    return np.minimum((np.asarray(confidence, dtype=np.float64) * bins).astype(int), bins - 1)


def reliability_bins(
    confidences: ArrayLike, correct: ArrayLike, *, bins: int = 10
) -> list[dict[str, float]]:
    """Answers grouped by how sure they were: per equal-width bin of confidence, the count,
    the mean confidence and the share right (the points of a reliability diagram).

    ``confidences`` are the probabilities of the answers given (0.5..1 for two classes);
    ``correct`` says which answers were right. The last bin includes 1. Empty bins are kept,
    with count 0 and no mean or share (None).

    >>> [b["count"] for b in reliability_bins([0.55, 0.95, 0.99], [True, True, False], bins=4)]
    [0, 0, 1, 2]
    """
    sure = np.asarray(confidences, dtype=np.float64)
    right = np.asarray(correct, dtype=bool)
    if sure.ndim != 1 or sure.shape != right.shape or sure.size == 0 or bins < 1:
        raise ValueError(
            "confidences and correct must be two non-empty 1-D arrays of the same length, and "
            f"bins at least 1; got shapes {sure.shape}, {right.shape} and bins {bins}."
        )
    if not np.isfinite(sure).all() or sure.min() < 0 or sure.max() > 1:
        raise ValueError("confidences must be probabilities from 0 to 1.")
    which = bin_of(sure, bins)
    table = []
    for index in range(bins):
        members = which == index
        count = int(members.sum())
        table.append(
            {
                "low": index / bins,
                "high": (index + 1) / bins,
                "count": count,
                "mean_confidence": float(sure[members].mean()) if count else None,
                "share_right": float(right[members].mean()) if count else None,
            }
        )
    return table


def expected_calibration_error(table: list[dict[str, float]]) -> float:
    """How far stated confidence is from the share right, averaged over the answers (ECE).

    The gap |mean confidence − share right| of each bin of `reliability_bins`, weighted by the
    bin's share of the answers (Guo et al., "On calibration of modern neural networks", 2017):
    0 when answers given with 90 % confidence are right 90 % of the time, and so on.

    >>> expected_calibration_error(reliability_bins([0.9, 0.9], [True, False], bins=10))
    0.4
    """
    total = sum(entry["count"] for entry in table)
    if total == 0:
        raise ValueError("The table holds no answers.")
    gaps = [
        entry["count"] * abs(entry["mean_confidence"] - entry["share_right"])
        for entry in table
        if entry["count"]
    ]
    return round(float(sum(gaps) / total), 12)
