"""Balanced accuracy (`core.metrics`): every class counts the same, as the lab's weighting does."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.metrics import balanced_accuracy, class_recalls, plain_accuracy

pairs = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 2), min_size=n, max_size=n),
        st.lists(st.integers(0, 2), min_size=n, max_size=n),
    )
)


@given(pairs)
def test_balanced_accuracy_is_the_mean_of_the_classes_shares(pair):
    labels, predicted = (np.array(values) for values in pair)
    shares = [np.mean(predicted[labels == c] == c) for c in sorted(set(labels.tolist()))]
    assert balanced_accuracy(labels, predicted) == pytest.approx(np.mean(shares))
    assert 0 <= balanced_accuracy(labels, predicted) <= 1


@given(pairs)
def test_it_equals_plain_accuracy_when_every_class_is_as_large(pair):
    labels, predicted = (np.array(values) for values in pair)
    doubled = np.concatenate([labels, 2 - labels])  # classes 0 and 2 as large as each other
    guesses = np.concatenate([predicted, 2 - predicted])
    if (doubled == 1).sum() == 0:
        assert balanced_accuracy(doubled, guesses) == pytest.approx(
            plain_accuracy(doubled, guesses)
        )


def test_the_lab_weighting_gives_the_same_number():
    """The lab's Keras accuracy weighs each picture by N / (classes × its class's count)."""
    labels = np.array([0] * 8 + [1] * 2)
    predicted = np.array([0] * 7 + [1] + [1, 0])
    counts = np.bincount(labels)
    weights = len(labels) / (len(counts) * counts[labels])
    weighted = float(np.sum(weights * (labels == predicted)) / np.sum(weights))
    assert balanced_accuracy(labels, predicted) == pytest.approx(weighted) == (7 / 8 + 1 / 2) / 2
    assert class_recalls(labels, predicted) == {0: 7 / 8, 1: 1 / 2}


def test_mismatched_or_empty_answers_are_refused():
    with pytest.raises(ValueError, match="same length"):
        balanced_accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="non-empty"):
        plain_accuracy([], [])
