"""The training lab's computation: settings, the lab split, weights, epoch by epoch, verdicts."""

import dataclasses
import math

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from core.lab import (
    OWN_CLASSES_SETTINGS,
    TrainingRun,
    balanced_weights,
    confusion_matrix,
    judge_fit,
    make_optimizer,
    own_classes_pictures,
    own_classes_problems,
    split_for_lab,
    split_pictures,
)
from core.lab_settings import (
    BATCH_SIZES,
    HISTORY_KEYS,
    LEARNING_RATES,
    MOMENTUM,
    OPTIMIZERS,
    PRESETS,
    LabSettings,
)
from core.model import FaceModel, occlusion_map, predict
from core.train import (
    CLASSES,
    FACE,
    NOT_FACE,
    Dataset,
    Split,
    build_model,
    load_face_dataset,
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_face_dataset()


@pytest.fixture(scope="module")
def small(dataset):
    """A small lab split: 118 training pictures (16 faces), quick to train on."""
    return split_for_lab(dataset, training_fraction=0.2, seed=3)


def quick(**changes) -> LabSettings:
    """Settings for a fast test run: a few epochs (augmentation on, as in the lab)."""
    return dataclasses.replace(LabSettings(epochs=3), **changes)


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------


def test_defaults_and_presets_are_valid_and_tell_the_story():
    defaults = LabSettings()
    assert defaults.training_fraction == 0.8 and defaults.optimizer in OPTIMIZERS
    assert defaults.learning_rate in LEARNING_RATES and defaults.batch_size in BATCH_SIZES
    overfit, regularised = PRESETS["Overfit"], PRESETS["Regularised"]
    assert overfit.dropout == 0 and not overfit.augmentation
    assert regularised.dropout > 0 and regularised.augmentation
    assert overfit.training_fraction < defaults.training_fraction  # a small training set
    # Only the two cures differ, so the comparison is fair.
    same = {"dropout": 0.0, "augmentation": False}
    assert dataclasses.replace(regularised, **same) == overfit
    for preset in PRESETS.values():
        assert preset.learning_rate in LEARNING_RATES and preset.batch_size in BATCH_SIZES


def test_learning_rates_are_a_rising_log_scale():
    ratios = np.diff(np.log10(LEARNING_RATES))
    assert np.all(ratios > 0) and np.all(ratios < 0.45)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"learning_rate": 0.0}, "With 0 the weights never move"),
        ({"learning_rate": -1e-3}, "positive number"),
        ({"learning_rate": math.nan}, "positive number"),
        ({"learning_rate": math.inf}, "positive number"),
        ({"epochs": 0}, "from 1 to 100"),
        ({"epochs": 101}, "from 1 to 100"),
        ({"epochs": 2.5}, "whole number"),
        ({"optimizer": "Adagrad"}, "choose one of SGD, SGD with momentum, RMSprop, Adam"),
        ({"batch_size": 0}, "at least 1"),
        ({"dropout": 0.8}, "from 0 to 0.7"),
        ({"dropout": -0.1}, "from 0 to 0.7"),
        ({"training_fraction": 0.05}, "from 0.1 to 0.9"),
        ({"training_fraction": 1.0}, "from 0.1 to 0.9"),
    ],
)
def test_impossible_settings_are_refused_with_a_message(changes, message):
    with pytest.raises(ValueError, match=message):
        LabSettings(**changes)


def test_describe_names_every_choice():
    text = LabSettings(optimizer="RMSprop", learning_rate=0.05, augmentation=False).describe()
    for part in ("RMSprop 0.05", "batch 32", "dropout 0.3", "aug off", "80% train", "seed 1"):
        assert part in text


@pytest.mark.parametrize(
    ("name", "kind", "momentum"),
    [
        ("SGD", keras.optimizers.SGD, 0.0),
        ("SGD with momentum", keras.optimizers.SGD, MOMENTUM),
        ("RMSprop", keras.optimizers.RMSprop, None),
        ("Adam", keras.optimizers.Adam, None),
    ],
)
def test_make_optimizer_gives_the_keras_optimizer_asked_for(name, kind, momentum):
    optimizer = make_optimizer(name, 0.02)
    assert type(optimizer) is kind
    assert float(optimizer.learning_rate) == pytest.approx(0.02)
    if momentum is not None:
        assert optimizer.momentum == pytest.approx(momentum)


def test_make_optimizer_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="Unknown optimizer 'Nesterov'"):
        make_optimizer("Nesterov", 0.01)


# --------------------------------------------------------------------------------------------
# The lab's split
# --------------------------------------------------------------------------------------------


def pooled_sources(dataset: Dataset) -> list[str]:
    return sorted(dataset.train.sources + dataset.validation.sources)


def test_split_for_lab_cuts_each_class_and_loses_no_picture(dataset):
    data = split_for_lab(dataset, training_fraction=0.8, seed=1)
    assert data.train.counts() == {"not face": 410, "face": 64}
    assert data.validation.counts() == {"not face": 102, "face": 16}
    assert sorted(data.train.sources + data.validation.sources) == pooled_sources(dataset)
    pooled = np.concatenate([dataset.train.images, dataset.validation.images])
    together = np.concatenate([data.train.images, data.validation.images])
    assert np.isclose(together.sum(), pooled.sum(), rtol=1e-6)  # the same pixels, moved
    assert data.test is dataset.test  # the test pictures stay aside, untouched


def test_split_for_lab_sends_each_picture_one_way(dataset):
    data = split_for_lab(dataset, training_fraction=0.5, seed=4)
    train_rows = {picture.tobytes() for picture in data.train.images}
    checked_rows = [picture.tobytes() for picture in data.validation.images]
    flat = {picture.tobytes() for picture in dataset.train.images if np.ptp(picture) > 0}
    # Pictures with texture are unique, so none may appear on both sides.
    assert not {row for row in checked_rows if row in flat} & train_rows


@settings(deadline=None, max_examples=8)
@given(fraction=st.floats(0.1, 0.9), seed=st.integers(0, 10_000))
def test_split_for_lab_keeps_the_fraction_of_every_class(dataset, fraction, seed):
    data = split_for_lab(dataset, training_fraction=fraction, seed=seed)
    for name, label in (("face", FACE), ("not face", NOT_FACE)):
        total = int(
            np.sum(dataset.train.labels == label) + np.sum(dataset.validation.labels == label)
        )
        assert data.train.counts()[name] == round(fraction * total)
        assert data.train.counts()[name] + data.validation.counts()[name] == total


def test_split_for_lab_follows_the_seed(dataset):
    first = split_for_lab(dataset, training_fraction=0.8, seed=1)
    again = split_for_lab(dataset, training_fraction=0.8, seed=1)
    other = split_for_lab(dataset, training_fraction=0.8, seed=2)
    np.testing.assert_array_equal(first.train.images, again.train.images)
    assert first.train.sources != other.train.sources


def tiny_dataset(faces: int, others: int) -> Dataset:
    images = np.zeros((faces + others, 25, 25, 1), dtype=np.float32)
    labels = np.array([FACE] * faces + [NOT_FACE] * others)
    split = Split(images, labels, ("x",) * len(labels))
    return Dataset(train=split, validation=split.head(0), test=split, textures=split)


def test_split_for_lab_refuses_a_fraction_that_empties_a_side():
    with pytest.raises(ValueError, match="no training or no validation pictures"):
        split_for_lab(tiny_dataset(faces=1, others=10), training_fraction=0.5, seed=0)
    with pytest.raises(ValueError, match="no training or no validation pictures"):
        split_for_lab(tiny_dataset(faces=3, others=3), training_fraction=0.1, seed=0)


# --------------------------------------------------------------------------------------------
# Weights and the confusion matrix
# --------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=40)
@given(labels=st.lists(st.integers(0, 3), min_size=1, max_size=60), classes=st.integers(1, 4))
def test_balanced_weights_give_every_class_the_same_total(labels, classes):
    labels = np.array(labels)
    if labels.max() >= classes:
        with pytest.raises(ValueError, match=f"from 0 to {classes - 1}; got"):
            balanced_weights(labels, classes)
        return
    if len(np.unique(labels)) < classes:
        with pytest.raises(ValueError, match="Every class needs at least one picture"):
            balanced_weights(labels, classes)
        return
    weights = balanced_weights(labels, classes)
    totals = np.bincount(labels, weights=weights, minlength=classes)
    np.testing.assert_allclose(totals, len(labels) / classes)
    assert weights.mean() == pytest.approx(1.0)
    # The reference formula (scikit-learn's "balanced" class weight): n / (k · count).
    counts = np.bincount(labels)
    np.testing.assert_allclose(weights, len(labels) / (classes * counts[labels]))


def test_balanced_weights_on_the_lab_split(small):
    weights = balanced_weights(small.train.labels, 2)
    assert set(np.round(weights, 3)) == {round(118 / 32, 3), round(118 / 204, 3)}


def test_balanced_weights_refuse_a_missing_class_and_no_pictures():
    with pytest.raises(ValueError, match=r"\[3, 0\]"):
        balanced_weights(np.array([0, 0, 0]), 2)
    with pytest.raises(ValueError, match="Every class"):
        balanced_weights(np.array([], dtype=int), 2)


@settings(deadline=None, max_examples=60)
@given(
    pairs=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=80),
    classes=st.just(4),
)
def test_confusion_matrix_matches_scipy_sparse_counts(pairs, classes):
    true = np.array([pair[0] for pair in pairs], dtype=int)
    predicted = np.array([pair[1] for pair in pairs], dtype=int)
    matrix = confusion_matrix(true, predicted, classes)
    reference = sparse.coo_matrix(
        (np.ones(len(pairs), dtype=int), (true, predicted)), shape=(classes, classes)
    ).toarray()
    np.testing.assert_array_equal(matrix, reference)
    assert matrix.sum() == len(pairs) and np.trace(matrix) == int(np.sum(true == predicted))


def test_confusion_matrix_edge_cases():
    assert confusion_matrix(np.array([], dtype=int), np.array([], dtype=int), 2).tolist() == [
        [0, 0],
        [0, 0],
    ]
    assert confusion_matrix(np.array([0]), np.array([0]), 1).tolist() == [[1]]  # one class
    with pytest.raises(ValueError, match="one true and one predicted label per picture"):
        confusion_matrix(np.array([0, 1]), np.array([0]), 2)
    with pytest.raises(ValueError, match="from 0 to 1; got 0 to 2"):
        confusion_matrix(np.array([0, 2]), np.array([0, 1]), 2)
    with pytest.raises(ValueError, match="from 0 to 1; got -1 to 0"):
        confusion_matrix(np.array([0, 1]), np.array([-1, 0]), 2)


# --------------------------------------------------------------------------------------------
# Training one epoch at a time
# --------------------------------------------------------------------------------------------


def test_a_run_trains_one_epoch_per_call_and_keeps_its_history(small):
    run = TrainingRun(small.train, small.validation, quick(epochs=2))
    before = run.first_layer_kernels().copy()
    assert run.epochs_done == 0 and not run.finished
    figures = run.train_epoch()
    assert set(figures) == set(HISTORY_KEYS) and run.epochs_done == 1
    run.train_epoch()
    assert run.finished
    for key in HISTORY_KEYS:
        assert len(run.history[key]) == 2 and all(math.isfinite(v) for v in run.history[key])
    for key in ("accuracy", "val_accuracy"):
        assert all(0 <= v <= 1 for v in run.history[key])
    assert run.first_layer_kernels().shape == (3, 3, 1, 8)
    assert not np.array_equal(run.first_layer_kernels(), before)  # it learned something
    probabilities = run.probabilities(small.test.images)
    assert probabilities.shape == (len(small.test), 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)


def test_epoch_figures_are_the_weighted_means_keras_evaluates(small):
    """With the smallest SGD step the weights barely move in one epoch, so the epoch's mean loss
    and accuracy must equal Keras' own weighted evaluation of the training set before it."""
    run = TrainingRun(
        small.train,
        small.validation,
        quick(optimizer="SGD", learning_rate=1e-4, dropout=0.0, augmentation=False),
    )
    weights = balanced_weights(small.train.labels, 2)
    reference = run.model.evaluate(
        small.train.images,
        small.train.labels,
        sample_weight=weights,
        batch_size=len(small.train),
        verbose=0,
        return_dict=True,
    )
    figures = run.train_epoch()
    assert figures["loss"] == pytest.approx(reference["loss"], abs=2e-3)
    assert figures["accuracy"] == pytest.approx(reference["accuracy"], abs=0.02)
    # Validation is one Keras evaluation, weighted the same way.
    validation = run.model.evaluate(
        small.validation.images,
        small.validation.labels,
        sample_weight=balanced_weights(small.validation.labels, 2),
        batch_size=len(small.validation),
        verbose=0,
        return_dict=True,
    )
    assert figures["val_loss"] == pytest.approx(validation["loss"], rel=1e-4)
    assert figures["val_accuracy"] == pytest.approx(validation["accuracy"], abs=1e-6)


def test_runs_follow_their_seed_and_do_not_disturb_each_other(small):
    """Two sessions' runs, epochs interleaved, end as each would alone (nothing is shared); the
    same seed gives the same run, another seed another."""
    alone = {}
    for seed in (7, 8):
        run = TrainingRun(small.train, small.validation, quick(seed=seed, epochs=2))
        while not run.finished:
            run.train_epoch()
        alone[seed] = run.history["val_loss"]
    assert not np.allclose(alone[7], alone[8], rtol=1e-3)
    first = TrainingRun(small.train, small.validation, quick(seed=7, epochs=2))
    second = TrainingRun(small.train, small.validation, quick(seed=8, epochs=2))
    while not first.finished:
        first.train_epoch()
        second.train_epoch()
    np.testing.assert_allclose(first.history["val_loss"], alone[7], rtol=1e-4)
    np.testing.assert_allclose(second.history["val_loss"], alone[8], rtol=1e-4)


def test_a_run_refuses_a_batch_larger_than_the_training_pictures(small):
    with pytest.raises(ValueError, match="A batch of 128 pictures is larger than the 118"):
        TrainingRun(small.train, small.validation, quick(batch_size=128))


def test_a_run_refuses_a_class_without_pictures(small):
    faces_only = small.train.labels == FACE
    only = Split(small.train.images[faces_only], small.train.labels[faces_only], ("x",) * 16)
    with pytest.raises(ValueError, match="Every class needs at least one picture"):
        TrainingRun(only, small.validation, quick(batch_size=8))


def test_a_batch_as_large_as_the_training_set_is_one_step(small):
    run = TrainingRun(small.train, small.validation, quick(batch_size=len(small.train), epochs=1))
    run.train_epoch()
    assert int(run.model.optimizer.iterations) == 1


def test_dropout_setting_reaches_the_network(small):
    run = TrainingRun(small.train, small.validation, quick(dropout=0.55))
    assert run.model.get_layer("dropout").rate == pytest.approx(0.55)


def test_as_face_model_is_a_frozen_copy_with_a_model_card(small, dataset):
    run = TrainingRun(small.train, small.validation, quick(epochs=2))
    run.train_epoch()
    face_model = run.as_face_model(dataset)
    assert isinstance(face_model, FaceModel)
    assert face_model.classes == CLASSES and face_model.metadata["source"] == "training lab"
    assert 0 <= face_model.metadata["test_accuracy"] <= 1
    assert face_model.metadata["training"]["epochs_done"] == 1
    pictures = dataset.test.images[:5]
    np.testing.assert_allclose(
        np.asarray(face_model.model(pictures, training=False)),
        run.probabilities(pictures),
        rtol=1e-5,
    )
    run.train_epoch()  # the run goes on; the copy does not change
    assert not np.allclose(
        np.asarray(face_model.model(pictures, training=False)), run.probabilities(pictures)
    )


# --------------------------------------------------------------------------------------------
# Reading the curves
# --------------------------------------------------------------------------------------------


def history_of(accuracy, val_accuracy, loss, val_loss):
    return {"accuracy": accuracy, "val_accuracy": val_accuracy, "loss": loss, "val_loss": val_loss}


def test_judge_fit_calls_training_above_validation_overfitting():
    epochs = 20
    rising = list(np.linspace(0.6, 0.2, 8)) + list(np.linspace(0.22, 0.5, epochs - 8))
    report = judge_fit(
        history_of([1.0] * epochs, [0.9] * epochs, list(np.linspace(0.6, 0.001, epochs)), rising)
    )
    assert report.overfitting
    assert report.gap == pytest.approx(0.1)
    assert report.best_epoch == 8 and report.best_validation_loss == pytest.approx(0.2)
    assert report.training_accuracy == 1.0 and report.validation_accuracy == pytest.approx(0.9)


def test_judge_fit_does_not_call_validation_above_training_overfitting():
    """Dropout and augmentation make training harder: training below validation is fine."""
    epochs = 20
    losses = list(np.linspace(0.7, 0.15, epochs))
    report = judge_fit(history_of([0.85] * epochs, [0.95] * epochs, losses, losses))
    assert not report.overfitting
    assert report.gap == pytest.approx(-0.1) and report.loss_rise == pytest.approx(
        np.mean(losses[-5:]) / losses[-1] - 1
    )


def test_judge_fit_sees_a_validation_loss_climbing_back_alone():
    epochs = 20
    val_loss = [0.2] * 10 + [0.4] * 10
    report = judge_fit(history_of([0.9] * epochs, [0.9] * epochs, [0.1] * epochs, val_loss))
    assert report.gap == 0 and report.loss_rise == pytest.approx(1.0) and report.overfitting


def test_judge_fit_on_one_epoch_and_on_none():
    report = judge_fit(history_of([0.5], [0.6], [0.7], [0.65]))
    assert report.epochs == 1 and report.best_epoch == 1 and report.loss_rise == 0
    with pytest.raises(ValueError, match="train first"):
        judge_fit(history_of([], [], [], []))
    with pytest.raises(ValueError, match="train first"):
        judge_fit({"loss": [0.1]})


def test_judge_fit_with_a_zero_validation_loss_returns_no_nan():
    report = judge_fit(history_of([1.0] * 3, [1.0] * 3, [0.0] * 3, [0.0] * 3))
    assert report.loss_rise == 0 and not report.overfitting


# --------------------------------------------------------------------------------------------
# A person's own classes
# --------------------------------------------------------------------------------------------


def test_split_pictures_on_a_tiny_set_keeps_one_of_each_class_aside():
    pictures = own_classes_pictures([[np.zeros((25, 25, 1))] * 5, [np.ones((25, 25, 1))] * 6])
    train, validation = split_pictures(
        pictures, training_fraction=OWN_CLASSES_SETTINGS.training_fraction, seed=0
    )
    assert np.bincount(train.labels).tolist() == [4, 4]  # round(3.75) and round(4.5)
    assert np.bincount(validation.labels).tolist() == [1, 2]


@pytest.mark.parametrize(
    ("names", "counts", "expected"),
    [
        (["cup", "pen"], [5, 5], []),
        (["cup", "pen", "key", "mug"], [9, 5, 7, 5], []),
        (["cup", "pen"], [5, 4], ["“pen” has 4 pictures; add at least 1 more"]),
        (["cup", "pen"], [8, 0], ["Only “cup” has pictures", "“pen” has 0 pictures"]),
        (["cup", "pen"], [0, 0], ["“cup” has 0 pictures", "“pen” has 0 pictures"]),
        (["cup", "cup "], [5, 5], ["Two classes are called “cup”"]),
        (["cup", "  "], [5, 5], ["Give every class a name"]),
        (["cup"], [9], ["Choose from 2 to 4 classes; there are 1", "Only “cup” has pictures"]),
        (["a", "b", "c", "d", "e"], [5] * 5, ["Choose from 2 to 4 classes; there are 5"]),
        (["cup", "pen"], [1, 5], ["“cup” has 1 picture; add at least 4 more"]),
    ],
)
def test_own_classes_problems_say_what_to_do(names, counts, expected):
    problems = own_classes_problems(names, counts)
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_own_classes_problems_need_one_count_per_name():
    with pytest.raises(ValueError, match="2 names, 1 counts"):
        own_classes_problems(["a", "b"], [5])


def test_own_classes_pictures_label_by_position_and_check_the_pictures():
    rng = np.random.default_rng(0)
    groups = [[rng.random((25, 25, 1)) for _ in range(n)] for n in (2, 3, 1)]
    pictures = own_classes_pictures(groups)
    assert pictures.labels.tolist() == [0, 0, 1, 1, 1, 2]
    assert pictures.images.dtype == np.float32 and pictures.images.shape == (6, 25, 25, 1)
    np.testing.assert_allclose(pictures.images[2], groups[1][0], rtol=1e-6)
    with pytest.raises(ValueError, match="no pictures yet"):
        own_classes_pictures([[], []])
    with pytest.raises(ValueError, match=r"shape \(25, 25, 1\)"):
        own_classes_pictures([[np.zeros((32, 32, 1))], [np.zeros((32, 32, 1))]])
    with pytest.raises(ValueError, match="values from 0 to 1"):
        own_classes_pictures([[np.full((25, 25, 1), 255.0)]])
    with pytest.raises(ValueError, match=r"values 0\.\.1"):
        own_classes_pictures([[np.full((25, 25, 1), np.nan)]])


def test_a_network_for_three_own_classes_learns_and_explains_any_class(dataset):
    """Three classes that differ in brightness: the network must tell them apart, and the
    explanation of class 2 must follow class 2's probability."""
    rng = np.random.default_rng(1)
    groups = [
        [np.clip(level + 0.05 * rng.standard_normal((25, 25, 1)), 0, 1) for _ in range(8)]
        for level in (0.15, 0.5, 0.85)
    ]
    train, validation = split_pictures(own_classes_pictures(groups), training_fraction=0.75, seed=0)
    names = ("dark", "middle", "bright")
    # Without augmentation: this is about three classes and their explanations; a wide zoom at
    # this high rate makes the few pictures' accuracy wobble.
    settings = dataclasses.replace(
        OWN_CLASSES_SETTINGS, epochs=25, learning_rate=1e-2, augmentation=False
    )
    run = TrainingRun(train, validation, settings, classes=names)
    assert run.model.get_layer("logits").units == 3
    while not run.finished:
        run.train_epoch()
    assert run.history["val_accuracy"][-1] == 1.0
    picture = groups[2][0]
    view = run.explainer(2)
    assert view.classes[view.face_index] == "face" and view.face_index == 2
    probabilities = predict(view, picture[np.newaxis])
    np.testing.assert_allclose(probabilities, run.probabilities(picture[np.newaxis]), rtol=1e-5)
    drops = occlusion_map(view, picture, patch=25, stride=1)  # hide everything
    hidden = np.full((1, 25, 25, 1), picture.mean(), dtype=np.float32)
    expected = probabilities[0, 2] - run.probabilities(hidden)[0, 2]
    np.testing.assert_allclose(drops, expected, rtol=1e-4, atol=1e-6)
    with pytest.raises(ValueError, match="from 0 to 2; got 3"):
        run.explainer(3)


def test_build_model_refuses_a_single_class():
    with pytest.raises(ValueError, match="at least 2 classes; got 1"):
        build_model(class_count=1)


def test_runs_keep_their_own_serial_even_after_others_are_freed():
    """The comparison chart tells runs apart by ``serial``: an object's id can be reused."""
    import gc

    data = split_for_lab(load_face_dataset().head(30), training_fraction=0.8, seed=1)
    settings = LabSettings(epochs=1, batch_size=8)
    seen = []
    for _ in range(4):
        run = TrainingRun(data.train, data.validation, settings)
        seen.append(run.serial)
        del run
        gc.collect()
    assert len(set(seen)) == 4 and seen == sorted(seen)
