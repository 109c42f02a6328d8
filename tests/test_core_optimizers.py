"""core.optimizers: descent that converges, crawls, oscillates and diverges; Keras's rules."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.optimizers import (
    OPTIMIZERS,
    SHOWER,
    VALLEY,
    descend_1d,
    optimize_2d,
    outcome,
)


def test_small_rate_converges_on_the_quadratic():
    path = descend_1d(SHOWER, start=15.0, learning_rate=2.0, steps=200)
    assert outcome(SHOWER, path) == "converged"
    assert abs(path[-1] - 38.0) < 1e-3


def test_rate_above_two_over_curvature_diverges():
    limit = 2 / SHOWER.curvature
    path = descend_1d(SHOWER, start=30.0, learning_rate=limit * 1.2, steps=200)
    assert outcome(SHOWER, path) == "diverged"
    assert np.all(np.isfinite(path))  # it stops instead of overflowing


def test_rate_just_below_the_limit_oscillates():
    limit = 2 / SHOWER.curvature
    path = descend_1d(SHOWER, start=30.0, learning_rate=limit * 0.97, steps=15)
    assert outcome(SHOWER, path) == "oscillating"


def test_tiny_rate_crawls():
    path = descend_1d(SHOWER, start=10.0, learning_rate=0.01, steps=20)
    assert outcome(SHOWER, path) == "crawling"
    assert 10.0 < path[-1] < 38.0  # heading the right way, not there yet


@given(st.floats(0.05, 19.0), st.floats(-50, 120))
@settings(max_examples=60)
def test_every_stable_rate_gets_closer(rate, start):
    path = descend_1d(SHOWER, start=start, learning_rate=rate, steps=400)
    assert abs(path[-1] - 38.0) <= abs(start - 38.0) + 1e-9


def test_momentum_gets_there_faster_on_a_shallow_start():
    plain = descend_1d(SHOWER, start=10.0, learning_rate=0.5, steps=30)
    rolling = descend_1d(SHOWER, start=10.0, learning_rate=0.5, steps=30, momentum=0.8)
    assert abs(rolling[-1] - 38.0) < abs(plain[-1] - 38.0)


@pytest.mark.parametrize("rate", [0.0, -1.0, float("nan")])
def test_a_rate_that_cannot_move_is_refused(rate):
    with pytest.raises(ValueError, match="learning rate must be a positive number"):
        descend_1d(SHOWER, start=20.0, learning_rate=rate, steps=5)


def test_momentum_of_one_or_more_is_refused():
    with pytest.raises(ValueError, match="Momentum"):
        descend_1d(SHOWER, start=20.0, learning_rate=0.5, steps=5, momentum=1.0)


def test_unknown_optimizer_names_the_known_ones():
    with pytest.raises(ValueError, match="Adam"):
        optimize_2d(VALLEY, "Adagrad", start=(5, 2), learning_rate=0.1, steps=3)


def test_sgd_zigzags_across_the_steep_side_of_the_valley():
    path = optimize_2d(VALLEY, "SGD", start=(-9.0, 2.5), learning_rate=0.45, steps=12)
    assert np.count_nonzero(np.diff(np.sign(path[:, 1]))) == 12  # across, every single step


def test_momentum_builds_speed_along_the_flat_floor():
    final = {
        name: float(VALLEY.loss(*optimize_2d(VALLEY, name, start=(-9.0, 2.5), learning_rate=0.1,
                                             steps=60)[-1]))
        for name in ("SGD", "SGD with momentum")
    }  # fmt: skip
    assert final["SGD with momentum"] < final["SGD"] / 10


def test_adams_first_step_moves_every_weight_by_the_learning_rate():
    path = optimize_2d(VALLEY, "Adam", start=(-9.0, 2.5), learning_rate=0.1, steps=1)
    np.testing.assert_allclose(np.abs(path[1] - path[0]), [0.1, 0.1], rtol=1e-5)


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    return keras


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_updates_equal_keras_optimizers(keras, name):
    """The same gradients fed to Keras's optimizer give the same path."""
    start, rate, steps = (4.0, -1.5), 0.05, 12
    ours = optimize_2d(VALLEY, name, start=start, learning_rate=rate, steps=steps)
    optimizer = {
        "SGD": lambda: keras.optimizers.SGD(learning_rate=rate),
        "SGD with momentum": lambda: keras.optimizers.SGD(learning_rate=rate, momentum=0.9),
        "Adam": lambda: keras.optimizers.Adam(learning_rate=rate),
    }[name]()
    weights = keras.Variable(np.array(start), dtype="float64")
    path = [np.array(start)]
    for _ in range(steps):
        gradient = VALLEY.gradient(np.asarray(weights.numpy()))
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(gradient), weights)])
        path.append(np.asarray(weights.numpy()))
    np.testing.assert_allclose(ours, np.array(path), rtol=1e-5, atol=1e-6)  # Keras: float32 rate
