"""Activation functions and softmax (`core.activations`), checked against Keras."""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.activations import (
    ACTIVATIONS,
    count_zeroed,
    elu,
    logistic,
    relu,
    softmax,
    softplus,
    tanh,
)

finite_floats = st.floats(-100, 100, allow_nan=False, width=32)


# --------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------

ALPHAS = {"prelu": 0.3, "elu": 1.7}


def call(key: str, part: str, x: np.ndarray) -> np.ndarray:
    activation = ACTIVATIONS[key]
    kwargs = {"alpha": ALPHAS[key]} if activation.takes_alpha else {}
    return getattr(activation, part)(x, **kwargs)


def test_registry_lists_the_nine_activations() -> None:
    assert list(ACTIVATIONS) == [
        "identity",
        "binary_step",
        "logistic",
        "tanh",
        "arctan",
        "relu",
        "prelu",
        "elu",
        "softplus",
    ]
    assert {key for key, activation in ACTIVATIONS.items() if activation.takes_alpha} == set(ALPHAS)
    assert ACTIVATIONS["relu"].formula == "max(0, x)"


@pytest.mark.parametrize("key", list(ACTIVATIONS))
@settings(deadline=None, max_examples=25)
@given(points=arrays(np.float64, 20, elements=st.floats(-6, 6).filter(lambda v: abs(v) > 1e-3)))
def test_derivative_matches_central_difference(key: str, points: np.ndarray) -> None:
    step = 1e-6  # points are at least 1e-3 from the kink at 0, so both probes are on one side
    numeric = (call(key, "function", points + step) - call(key, "function", points - step)) / (
        2 * step
    )
    np.testing.assert_allclose(call(key, "derivative", points), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("key", list(ACTIVATIONS))
def test_activations_finite_for_huge_inputs(key: str) -> None:
    x = np.array([-1e4, -1e3, -50.0, 0.0, 50.0, 1e3, 1e4])
    with np.errstate(
        over="raise", invalid="raise", divide="raise"
    ):  # an overflow warning would fail the test
        values = call(key, "function", x)
        slopes = call(key, "derivative", x)
    assert np.isfinite(values).all()
    assert np.isfinite(slopes).all()


def test_kink_conventions_at_zero() -> None:
    zero = np.array([0.0])
    assert ACTIVATIONS["binary_step"].function(zero)[0] == 1.0
    assert ACTIVATIONS["binary_step"].derivative(zero)[0] == 0.0
    assert ACTIVATIONS["relu"].derivative(zero)[0] == 0.0
    assert ACTIVATIONS["prelu"].derivative(zero, alpha=0.2)[0] == 0.2
    assert ACTIVATIONS["elu"].derivative(zero, alpha=0.5)[0] == 0.5


def test_elu_derivative_is_value_plus_alpha_for_negatives() -> None:
    x = np.linspace(-8, -0.01, 50)
    np.testing.assert_allclose(
        ACTIVATIONS["elu"].derivative(x, alpha=1.7), elu(x, alpha=1.7) + 1.7, rtol=1e-12
    )


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (relu, keras.activations.relu),
        (elu, keras.activations.elu),
        (softplus, keras.activations.softplus),
        (logistic, keras.activations.sigmoid),
        (tanh, keras.activations.tanh),
    ],
)
def test_activations_equal_keras(ours, theirs) -> None:
    x = np.random.default_rng(1).uniform(-20, 20, size=500).astype(np.float32)
    expected = keras.ops.convert_to_numpy(theirs(keras.ops.convert_to_tensor(x)))
    np.testing.assert_allclose(ours(x), expected, rtol=1e-5, atol=1e-6)


def test_activation_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="alpha must be a finite number"):
        elu(np.zeros(3), alpha=float("nan"))
    with pytest.raises(ValueError, match="NaN or infinite"):
        relu(np.array([np.nan]))


# --------------------------------------------------------------------------------------------
# Softmax
# --------------------------------------------------------------------------------------------


def test_softmax_is_stable_for_huge_logits() -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        probabilities = softmax(np.array([1000.0, -1000.0, 0.0]))
    assert np.isfinite(probabilities).all()
    np.testing.assert_allclose(probabilities, [1.0, 0.0, 0.0], atol=1e-300)
    assert probabilities.sum() == pytest.approx(1.0)


@settings(deadline=None, max_examples=50)
@given(
    logits=arrays(
        np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=st.floats(-30, 30)
    )
)
def test_softmax_matches_naive_formula_on_small_logits(logits: np.ndarray) -> None:
    naive = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    probabilities = softmax(logits)
    np.testing.assert_allclose(probabilities, naive, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax(logits.T, axis=0), naive.T, rtol=1e-12, atol=1e-300)


def test_softmax_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one axis"):
        softmax(np.float64(1.0))
    with pytest.raises(ValueError, match="at least one score"):
        softmax(np.zeros((2, 0)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        softmax(np.array([1.0, np.inf]))


# --------------------------------------------------------------------------------------------
# Counting what an activation zeroes
# --------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=40)
@given(
    x=arrays(np.float64, st.tuples(st.integers(1, 9), st.integers(1, 9)), elements=finite_floats)
)
def test_relu_zeroes_exactly_the_negatives(x: np.ndarray) -> None:
    assert count_zeroed(x, relu(x)) == np.count_nonzero(x < 0)
    assert count_zeroed(x, logistic(x)) == 0  # never exactly 0 in this range


def test_count_zeroed_named_cases() -> None:
    x = np.array([-2.0, -0.5, 0.0, 3.0])
    assert count_zeroed(x, relu(x)) == 2  # the 0 was already 0
    assert count_zeroed(x, ACTIVATIONS["binary_step"].function(x)) == 2
    assert count_zeroed(np.zeros((1, 1)), np.zeros((1, 1))) == 0
    with pytest.raises(ValueError, match="same shape"):
        count_zeroed(x, x[:2])
