"""Transfer learning: the reused layers are copied and stay frozen, fine-tuning lets them go,
both starts share their pictures, and a short batch filled up trains exactly as it is."""

import dataclasses

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import transfer
from core.lab import (
    OWN_CLASSES_SETTINGS,
    TrainingRun,
    _full_batch,
    own_classes_pictures,
    split_pictures,
)
from core.model import load_face_model
from core.train import build_model


@pytest.fixture(scope="module")
def base() -> keras.Model:
    return load_face_model().model


@pytest.fixture(scope="module")
def pictures():
    """Three classes of made-up pictures: dark, middle and bright, with noise."""
    rng = np.random.default_rng(2)
    groups = [
        [np.clip(level + 0.1 * rng.standard_normal((25, 25, 1)), 0, 1) for _ in range(8)]
        for level in (0.2, 0.5, 0.8)
    ]
    return split_pictures(own_classes_pictures(groups), training_fraction=0.75, seed=0)


def settings_for(epochs: int):
    return dataclasses.replace(OWN_CLASSES_SETTINGS, epochs=epochs)


def weights_of(network: keras.Model, names) -> list[np.ndarray]:
    return [w.copy() for name in names for w in network.get_layer(name).get_weights()]


def test_reused_network_copies_the_convolutions_freezes_them_and_gets_a_new_head(base):
    network = transfer.reused_network(base, class_count=3, dropout=0.3)
    for name in transfer.REUSED_LAYERS:
        layer = network.get_layer(name)
        assert not layer.trainable
        for mine, theirs in zip(
            layer.get_weights(), base.get_layer(name).get_weights(), strict=True
        ):
            np.testing.assert_array_equal(mine, theirs)
    assert network.get_layer("logits").units == 3
    assert network.get_layer("dense").trainable and network.get_layer("logits").trainable
    frozen = sum(network.get_layer(name).count_params() for name in transfer.REUSED_LAYERS)
    trainable = sum(int(np.prod(w.shape)) for w in network.trainable_weights)
    assert trainable == network.count_params() - frozen


def test_reused_network_refuses_a_network_of_another_shape():
    other = build_model(filters=(4, 16))
    with pytest.raises(ValueError, match="'conv1' of the network to reuse has weights of shapes"):
        transfer.reused_network(other, class_count=2, dropout=0.3)
    plain = keras.Sequential([keras.Input((25, 25, 1)), keras.layers.Flatten(name="flat")])
    with pytest.raises(ValueError, match="no layer named 'conv1'"):
        transfer.reused_network(plain, class_count=2, dropout=0.3)


def test_training_changes_only_the_head_and_never_the_face_network(base, pictures):
    train, validation = pictures
    before_base = weights_of(base, transfer.REUSED_LAYERS)
    run = transfer.TransferRun(
        train, validation, settings_for(3), base=base, classes=("a", "b", "c")
    )
    head_before = weights_of(run.model, ("dense", "logits"))
    while not run.finished:
        run.train_epoch()
    assert run.frozen == transfer.REUSED_LAYERS
    for after, before in zip(
        weights_of(run.model, transfer.REUSED_LAYERS), before_base, strict=True
    ):
        np.testing.assert_array_equal(after, before)
    for after, before in zip(weights_of(run.model, ("dense", "logits")), head_before, strict=True):
        assert not np.array_equal(after, before)
    for after, before in zip(weights_of(base, transfer.REUSED_LAYERS), before_base, strict=True):
        np.testing.assert_array_equal(after, before)


def test_fine_tuning_lets_the_reused_layers_change_in_the_last_epochs_only(base, pictures):
    train, validation = pictures
    run = transfer.TransferRun(
        train, validation, settings_for(3), base=base, classes=("a", "b", "c"), unfreeze_for_last=1
    )
    start = weights_of(run.model, transfer.REUSED_LAYERS)
    run.train_epoch()
    run.train_epoch()
    for now, before in zip(weights_of(run.model, transfer.REUSED_LAYERS), start, strict=True):
        np.testing.assert_array_equal(now, before)
    run.train_epoch()
    assert run.frozen == ()
    changed = [
        not np.array_equal(now, before)
        for now, before in zip(weights_of(run.model, transfer.REUSED_LAYERS), start, strict=True)
    ]
    assert all(changed)
    assert float(run.model.optimizer.learning_rate) == pytest.approx(
        OWN_CLASSES_SETTINGS.learning_rate / transfer.FINE_TUNING_SLOWDOWN
    )


def test_fine_tuning_cannot_take_more_epochs_than_there_are(base, pictures):
    with pytest.raises(ValueError, match="from 0 to all 3 epochs; got 4"):
        transfer.TransferRun(
            *pictures, settings_for(3), base=base, classes="abc", unfreeze_for_last=4
        )


def test_both_starts_share_pictures_and_settings_and_train_in_turn(base, pictures):
    runs = transfer.train_both(*pictures, settings_for(2), base=base, classes=("a", "b", "c"))
    random_run, reused_run = runs
    assert type(random_run) is TrainingRun and isinstance(reused_run, transfer.TransferRun)
    assert random_run.train.sources == reused_run.train.sources
    np.testing.assert_array_equal(random_run.train.images, reused_run.train.images)
    assert random_run.settings == reused_run.settings
    rounds = list(transfer.epochs_of_both(runs))
    assert rounds == [1, 2] and all(run.finished for run in runs)


def test_training_both_stops_when_no_longer_wanted(base, pictures):
    runs = transfer.train_both(*pictures, settings_for(5), base=base, classes=("a", "b", "c"))
    wanted = iter([True, False])
    assert list(transfer.epochs_of_both(runs, still_wanted=lambda: next(wanted))) == [1]
    assert [run.epochs_done for run in runs] == [1, 1]


@pytest.mark.parametrize(
    ("random", "reused", "better", "difference"),
    [(3, 5, "reused", 2), (5, 4, "random", -1), (4, 4, None, 0)],
)
def test_the_better_start_is_the_one_with_more_pictures_right(random, reused, better, difference):
    comparison = transfer.StartComparison(random, reused, validation_pictures=6)
    assert comparison.better == better and comparison.difference == difference


def test_compare_starts_counts_the_validation_pictures_each_gets_right(base, pictures):
    runs = transfer.train_both(*pictures, settings_for(2), base=base, classes=("a", "b", "c"))
    for _ in transfer.epochs_of_both(runs):
        pass
    comparison = transfer.compare_starts(*runs)
    validation = pictures[1]
    for run, right in zip(runs, (comparison.random_right, comparison.reused_right), strict=True):
        guesses = [
            int(np.argmax(run.probabilities(image[np.newaxis]))) for image in validation.images
        ]
        assert right == sum(g == label for g, label in zip(guesses, validation.labels, strict=True))
    assert comparison.validation_pictures == len(validation)


def test_fine_tuned_epochs_count_only_those_that_ran(base, pictures):
    run = transfer.TransferRun(
        *pictures, settings_for(4), base=base, classes="abc", unfreeze_for_last=2
    )
    done = []
    while not run.finished:
        run.train_epoch()
        done.append(run.epochs_fine_tuned)
    assert done == [0, 0, 1, 2]


def test_compare_starts_refuses_runs_checked_on_different_pictures(base, pictures):
    train, validation = pictures
    small_batches = dataclasses.replace(settings_for(1), batch_size=2)
    first = TrainingRun(train, validation, small_batches, classes="abc")
    second = TrainingRun(validation, train, small_batches, classes="abc")
    with pytest.raises(ValueError, match="different pictures"):
        transfer.compare_starts(first, second)


@settings(max_examples=12)
@given(real=st.integers(1, 7), seed=st.integers(0, 2**16))
def test_a_short_batch_filled_up_takes_exactly_its_own_step(real, seed):
    """Filling the last batch with weight-0 copies changes neither the step nor the figures."""
    rng = np.random.default_rng(seed)
    images = rng.random((real, 25, 25, 1)).astype(np.float32)
    labels = rng.integers(0, 2, real)
    weights = rng.uniform(0.5, 2.0, real)
    results = []
    for filled in (False, True):
        keras.utils.set_random_seed(0)
        network = build_model(dropout=0.0)
        network.compile(
            optimizer=keras.optimizers.SGD(0.1),
            loss="sparse_categorical_crossentropy",
            weighted_metrics=["accuracy"],
        )
        batch = _full_batch(images, labels, weights, 8) if filled else (images, labels, weights)
        figures = network.train_on_batch(*batch, return_dict=True)
        results.append((figures, network.get_weights()))
    (plain, plain_weights), (full, full_weights) = results
    assert full["loss"] == pytest.approx(plain["loss"], rel=1e-5)
    assert full["accuracy"] == pytest.approx(plain["accuracy"], rel=1e-6)
    for first, second in zip(plain_weights, full_weights, strict=True):
        np.testing.assert_allclose(first, second, rtol=1e-4, atol=1e-6)
