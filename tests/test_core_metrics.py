"""`core.metrics`: balanced accuracy (every class counts the same, as the lab's weighting does),
the Wilson interval (against scipy) and calibration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from core import metrics
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


# --------------------------------------------------------------------------------------------
# Interval and calibration
# --------------------------------------------------------------------------------------------


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_matches_scipy(counts):
    successes, trials = counts
    expected = stats.binomtest(successes, trials).proportion_ci(0.95, method="wilson")
    low, high = metrics.wilson_interval(successes, trials)
    # scipy uses the exact normal quantile; the default z is 1.96
    assert low == pytest.approx(expected.low, abs=2e-4)
    assert high == pytest.approx(expected.high, abs=2e-4)
    assert 0 <= low <= successes / trials <= high <= 1


def test_forty_of_forty_leaves_a_lower_bound_near_ninety_one_percent():
    low, high = metrics.wilson_interval(40, 40)
    assert low == pytest.approx(0.912, abs=1e-3) and high == 1.0


@pytest.mark.parametrize(("successes", "trials"), [(1, 0), (-1, 5), (6, 5)])
def test_wilson_interval_refuses_impossible_counts(successes, trials):
    with pytest.raises(ValueError, match="successes"):
        metrics.wilson_interval(successes, trials)


answers = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(0, 1), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
    )
)


@given(answers, st.integers(1, 12))
def test_reliability_bins_hold_every_answer_once(pair, bins):
    confidences, correct = pair
    table = metrics.reliability_bins(confidences, correct, bins=bins)
    assert len(table) == bins
    assert sum(entry["count"] for entry in table) == len(confidences)
    for entry in table:
        if entry["count"]:
            assert entry["low"] - 1e-12 <= entry["mean_confidence"] <= entry["high"] + 1e-12
            assert 0 <= entry["share_right"] <= 1
    assert 0 <= metrics.expected_calibration_error(table) <= 1


def test_a_calibrated_set_has_no_calibration_error():
    # 10 answers at 0.8, 8 right; 10 at 0.6, 6 right
    confidences = [0.8] * 10 + [0.6] * 10
    correct = [True] * 8 + [False] * 2 + [True] * 6 + [False] * 4
    table = metrics.reliability_bins(confidences, correct)
    assert metrics.expected_calibration_error(table) == pytest.approx(0)
    overconfident = metrics.reliability_bins([0.99] * 4, [True, False, True, False])
    assert metrics.expected_calibration_error(overconfident) == pytest.approx(0.49)


@pytest.mark.parametrize(
    ("confidences", "correct"),
    [([], []), ([0.5], [True, False]), ([1.5], [True]), ([float("nan")], [True])],
)
def test_reliability_bins_refuse_bad_answers(confidences, correct):
    with pytest.raises(ValueError, match="confidences"):
        metrics.reliability_bins(confidences, correct)
