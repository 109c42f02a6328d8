"""The training lab: train a small CNN one epoch at a time, watch it, and judge the result.

`core.train` trains the shipped face model in one call. The lab needs the same network and the
same data, but in steps a page can draw between and stop after: a `TrainingRun` trains a fresh
network for one epoch each time `TrainingRun.train_epoch` is called and keeps its history.

- `LabSettings` holds every control of the lab (optimizer, learning rate, batch size, dropout,
  augmentation on or off, training fraction, seed) and refuses impossible ones with a
  `ValueError` that says what to change; `PRESETS` are the settings that tell the story of
  overfitting.
- `split_for_lab` cuts the face pictures into the pictures the network learns from and the
  ones it is checked on after every epoch; the test pictures stay aside.
- `confusion_matrix` counts what was called what, after training.

A lighter epoch than `core.train`'s: every training picture is shown once per epoch and the
rarer class weighs more in the loss (`balanced_weights`), instead of showing each face several
times. Both make the two classes count the same; this one augments and trains on about half
as many pictures per epoch, so the curves move twice as often.

Example
-------
>>> from core.train import load_face_dataset
>>> data = split_for_lab(load_face_dataset(), training_fraction=0.8, seed=1)
>>> run = TrainingRun(data.train, data.validation, LabSettings(epochs=2))
>>> figures = run.train_epoch()
>>> sorted(figures)
['accuracy', 'loss', 'val_accuracy', 'val_loss']
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Callable, Sequence

import keras
import numpy as np

from core.augment import augment_batch
from core.lab_settings import (
    HISTORY_KEYS,
    MOMENTUM,
    OPTIMIZERS,
    LabSettings,
)
from core.model import FACE_CLASS, FaceModel
from core.train import (
    AUGMENTATION,
    CLASSES,
    INPUT_SHAPE,
    Dataset,
    Split,
    build_model,
    describe_layers,
    evaluate_model,
    library_versions,
)

# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class LabData:
    """The lab's three sets: learn from ``train``, check after each epoch on ``validation``,
    judge once at the end on ``test`` (never used in training or to choose settings)."""

    train: Split
    validation: Split
    test: Split


def _subset(split: Split, indices: np.ndarray) -> Split:
    return Split(
        split.images[indices], split.labels[indices], tuple(split.sources[i] for i in indices)
    )


def split_pictures(pictures: Split, *, training_fraction: float, seed: int) -> tuple[Split, Split]:
    """Cut pictures in two, class by class: (to learn from, to check on).

    ``training_fraction`` of each class (rounded) goes to the first part, the rest to the
    second; ``seed`` picks which, and the order of each part is shuffled.

    >>> pictures = Split(np.zeros((10, 25, 25, 1)), np.array([0] * 6 + [1] * 4), ("x",) * 10)
    >>> [part.counts() for part in split_pictures(pictures, training_fraction=0.5, seed=0)]
    [{'not face': 3, 'face': 2}, {'not face': 3, 'face': 2}]

    Raises:
        ValueError: a fraction that leaves a class with no picture on one side.
    """
    rng = np.random.default_rng(seed)
    training, checking = [], []
    for label in np.unique(pictures.labels):
        members = rng.permutation(np.flatnonzero(pictures.labels == label))
        cut = round(training_fraction * len(members))
        if not 0 < cut < len(members):
            raise ValueError(
                f"A training fraction of {training_fraction} leaves no training or no validation "
                f"pictures of a class with {len(members)} pictures; choose a fraction nearer 0.5."
            )
        training.append(members[:cut])
        checking.append(members[cut:])
    return (
        _subset(pictures, rng.permutation(np.concatenate(training))),
        _subset(pictures, rng.permutation(np.concatenate(checking))),
    )


def split_for_lab(dataset: Dataset, *, training_fraction: float, seed: int) -> LabData:
    """Pool `core.train`'s training and validation pictures and cut them again, per class.

    `split_pictures` does the cut; the test split is kept as it is. With the face data at 0.8:
    64 faces and 410 other pictures to learn from, 16 and 102 to check on.

    Raises:
        ValueError: a fraction that leaves a class without training or validation pictures.
    """
    pooled = Split(
        np.concatenate([dataset.train.images, dataset.validation.images]),
        np.concatenate([dataset.train.labels, dataset.validation.labels]),
        dataset.train.sources + dataset.validation.sources,
    )
    train, validation = split_pictures(pooled, training_fraction=training_fraction, seed=seed)
    return LabData(train, validation, dataset.test)


def balanced_weights(labels: np.ndarray, class_count: int) -> np.ndarray:
    """One weight per picture so that every class weighs the same in the loss, mean weight 1.

    A picture of class c weighs ``N / (classes × count of c)``: with 64 faces and 410 other
    pictures a face weighs 3.70 and another picture 0.58. Guessing the common class every
    time then scores 50 % accuracy, not 86 %.

    >>> balanced_weights(np.array([0, 0, 0, 1]), 2).tolist()
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]

    Raises:
        ValueError: a label outside 0..class_count - 1, or a class with no pictures.
    """
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= class_count):
        raise ValueError(
            f"Labels must be whole numbers from 0 to {class_count - 1}; got "
            f"{labels.min()} to {labels.max()}."
        )
    counts = np.bincount(labels, minlength=class_count)
    if labels.size == 0 or not counts.all():
        raise ValueError(
            f"Every class needs at least one picture; the counts per class are {counts.tolist()}."
        )
    return (labels.size / (class_count * counts))[labels]


# --------------------------------------------------------------------------------------------
# Training, one epoch at a time
# --------------------------------------------------------------------------------------------

#: Seeding Keras is process-wide; this lock keeps two sessions building networks at the same
#: moment from mixing their seeds. Each network then draws from its own generators.
_SEEDING = threading.Lock()


def _full_batch(
    images: np.ndarray, labels: np.ndarray, weights: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A short last batch filled up to ``size`` pictures with weight-0 copies of its first.

    TensorFlow compiles one training step per batch shape, about half a second each time, so
    a short last batch would cost a second compilation. Keras averages a batch's weighted loss
    over every picture in it, the copies included; the real pictures' weights are scaled by
    ``size / real`` to cancel that, so the step, the loss and the accuracy are the short
    batch's own.

    >>> _, _, filled = _full_batch(np.zeros((2, 1)), np.zeros(2), np.ones(2), 4)
    >>> filled.tolist()
    [2.0, 2.0, 0.0, 0.0]
    """
    real = len(labels)
    if real == size:
        return images, labels, weights
    copies = np.arange(size - real) % real
    return (
        np.concatenate([images, images[copies]]),
        np.concatenate([labels, labels[copies]]),
        np.concatenate([weights * (size / real), np.zeros(size - real)]),
    )


def make_optimizer(name: str, learning_rate: float) -> keras.optimizers.Optimizer:
    """The Keras optimizer the lab calls ``name``, with ``learning_rate``."""
    if name == "SGD":
        return keras.optimizers.SGD(learning_rate)
    if name == "SGD with momentum":
        return keras.optimizers.SGD(learning_rate, momentum=MOMENTUM)
    if name == "RMSprop":
        return keras.optimizers.RMSprop(learning_rate)
    if name == "Adam":
        return keras.optimizers.Adam(learning_rate)
    raise ValueError(f"Unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}.")


_SERIALS = itertools.count(1)


class TrainingRun:
    """A fresh network trained an epoch at a time, with the history of every epoch so far.

    Call `train_epoch` until `finished`; between calls a page can draw the curves, the first
    layer's filters, or stop for good. Each run owns its network, its random generator and
    its history, so runs of different sessions never share anything. ``serial`` tells runs
    apart for as long as the server runs (an object's ``id`` may be reused once it is freed).
    ``network`` builds another first network than `core.train.build_model` (a network that
    reuses trained layers, or takes smaller pictures); it is called with the run's seed set.

    Raises:
        ValueError: a batch larger than the training pictures, or a class with no training or
            no validation pictures.
    """

    def __init__(
        self,
        train: Split,
        validation: Split,
        settings: LabSettings,
        *,
        classes: Sequence[str] = CLASSES,
        network: Callable[[], keras.Model] | None = None,
    ) -> None:
        if settings.batch_size > len(train):
            raise ValueError(
                f"A batch of {settings.batch_size} pictures is larger than the {len(train)} "
                "training pictures; choose a smaller batch or a larger training fraction."
            )
        self.serial = next(_SERIALS)
        self.classes = tuple(classes)
        self.settings = settings
        self.train, self.validation = train, validation
        self._train_weights = balanced_weights(train.labels, len(self.classes))
        self._validation_weights = balanced_weights(validation.labels, len(self.classes))
        with _SEEDING:
            keras.utils.set_random_seed(settings.seed)
            if network is None:
                self.model = build_model(dropout=settings.dropout, class_count=len(self.classes))
            else:
                self.model = network()
        self._compile(settings.learning_rate)
        self._rng = np.random.default_rng(settings.seed)
        self.history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}

    def _compile(self, learning_rate: float) -> None:
        """A new optimizer for the weights that are trainable now (compiling again resets it).

        The optimizer's and the metrics' variables are made here, before the first training
        step: made inside it, TensorFlow would trace that step twice (0.5 s more per network).
        """
        self.model.compile(
            optimizer=make_optimizer(self.settings.optimizer, learning_rate),
            loss="sparse_categorical_crossentropy",
            weighted_metrics=["accuracy"],
        )
        self.model.optimizer.build(self.model.trainable_variables)
        one = slice(0, 1)
        self.model.compute_metrics(
            self.train.images[one],
            self.train.labels[one],
            self.model(self.train.images[one], training=False),
            sample_weight=self._train_weights[one],
        )
        self.model.reset_metrics()

    @property
    def epochs_done(self) -> int:
        return len(self.history["loss"])

    @property
    def finished(self) -> bool:
        return self.epochs_done >= self.settings.epochs

    def train_epoch(self) -> dict[str, float]:
        """Show every training picture once (shuffled, augmented if on), then validate.

        Returns the epoch's figures, also appended to `history`: ``loss`` and ``accuracy``
        are the means over the epoch's batches, as the network was while learning (dropout on,
        pictures augmented); ``val_loss`` and ``val_accuracy`` are measured on the validation
        pictures after the epoch. Accuracies count each class equally (`balanced_weights`).
        """
        order = self._rng.permutation(len(self.train))
        images = self.train.images[order]
        if self.settings.augmentation:
            images, _ = augment_batch(images, AUGMENTATION, seed=self._rng)
        labels, weights = self.train.labels[order], self._train_weights[order]
        loss_sum = correct_weight = 0.0
        size = self.settings.batch_size
        for start in range(0, len(order), size):
            batch = slice(start, start + size)
            # Keras reports each batch alone: its mean weighted loss, its weighted accuracy.
            learning = self.model.train_on_batch(
                *_full_batch(images[batch], labels[batch], weights[batch], size),
                return_dict=True,
            )
            loss_sum += learning["loss"] * len(labels[batch])
            correct_weight += learning["accuracy"] * weights[batch].sum()
        checked = self.model.test_on_batch(
            self.validation.images,
            self.validation.labels,
            sample_weight=self._validation_weights,
            return_dict=True,
        )
        figures = {
            "loss": loss_sum / len(order),
            "accuracy": correct_weight / weights.sum(),
            "val_loss": checked["loss"],
            "val_accuracy": checked["accuracy"],
        }
        for key, value in figures.items():
            self.history[key].append(float(value))
        return {key: self.history[key][-1] for key in HISTORY_KEYS}

    def first_layer_kernels(self) -> np.ndarray:
        """The first conv layer's filters now, shape (k, k, 1, filters) as Keras stores them."""
        return keras.ops.convert_to_numpy(self.model.get_layer("conv1").kernel)

    def probabilities(self, images: np.ndarray) -> np.ndarray:
        """The network's class probabilities for a batch of pictures, shape (N, classes)."""
        return np.asarray(self.model(np.asarray(images, dtype=np.float32), training=False))

    def explainer(self, class_index: int) -> FaceModel:
        """The network as `core.model`'s explanations (`core.model.occlusion_map`, ...) want it.

        Those follow the probability of the class named "face"; in this view the class
        ``class_index`` carries that name, so the same functions explain any class. The view
        shares the network (no copy): use it once training is over.

        Raises:
            ValueError: a class index outside 0..classes - 1.
        """
        if not 0 <= class_index < len(self.classes):
            raise ValueError(
                f"class_index must be from 0 to {len(self.classes) - 1}; got {class_index}."
            )
        names = [
            FACE_CLASS if index == class_index else f"class {index}"
            for index in range(len(self.classes))
        ]
        return FaceModel(self.model, {"classes": names})

    def as_face_model(self, dataset: Dataset) -> FaceModel:
        """A frozen copy of the network as it is now, for the Face page, with its model card.

        The copy does not change if this run trains on; its metadata has the fields of
        ``models/face_cnn.json`` (test and held-out texture accuracy measured on ``dataset``)
        plus ``"source": "training lab"`` and the lab's settings. Nothing is written to disk.
        """
        copy = keras.models.clone_model(self.model)
        copy.set_weights(self.model.get_weights())
        metadata = {
            "source": "training lab",
            "classes": list(self.classes),
            "input_shape": list(INPUT_SHAPE),
            "input_range": [0, 1],
            **evaluate_model(copy, dataset),
            "dataset_sizes": {
                **dataset.sizes(),
                "train": self.train.counts(),
                "validation": self.validation.counts(),
            },
            "layers": describe_layers(copy),
            "total_params": int(copy.count_params()),
            "split_seed": self.settings.seed,
            "training": {**dataclasses.asdict(self.settings), "epochs_done": self.epochs_done},
            "history": {key: list(values) for key, values in self.history.items()},
            "versions": library_versions(),
        }
        return FaceModel(copy, metadata)


def confusion_matrix(
    true_labels: np.ndarray, predicted_labels: np.ndarray, class_count: int
) -> np.ndarray:
    """Counts of pictures of class i (row) that the network called class j (column).

    The diagonal holds the right answers; everything off it is a mistake.

    >>> confusion_matrix(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1]), 2).tolist()
    [[1, 1], [0, 2]]

    Raises:
        ValueError: label arrays of different lengths, or a label outside 0..class_count - 1.
    """
    true_labels, predicted_labels = np.asarray(true_labels), np.asarray(predicted_labels)
    if true_labels.shape != predicted_labels.shape or true_labels.ndim != 1:
        raise ValueError(
            "Expected one true and one predicted label per picture; got shapes "
            f"{true_labels.shape} and {predicted_labels.shape}."
        )
    for labels in (true_labels, predicted_labels):
        if labels.size and (labels.min() < 0 or labels.max() >= class_count):
            raise ValueError(
                f"Labels must be whole numbers from 0 to {class_count - 1}; got "
                f"{labels.min()} to {labels.max()}."
            )
    flat = true_labels.astype(np.intp) * class_count + predicted_labels.astype(np.intp)
    return np.bincount(flat, minlength=class_count**2).reshape(class_count, class_count)


#: `judge_fit` calls a run overfitting when, over its last epochs, training accuracy is this
#: much above validation accuracy, or the validation loss is this much above its lowest.
OVERFIT_GAP = 0.03
OVERFIT_LOSS_RISE = 0.5
#: Epochs averaged at the end of a run, so one noisy epoch does not decide.
LAST_EPOCHS = 5


@dataclasses.dataclass(frozen=True)
class FitReport:
    """What a run's curves say, in numbers a page can put into words.

    Accuracies and losses are means over the last `LAST_EPOCHS` epochs (fewer if the run is
    shorter); ``gap`` is training minus validation accuracy (positive: better on the pictures
    it learned from); ``best_epoch`` (from 1) is where the validation loss was lowest;
    ``loss_rise`` how far the recent validation loss is above that lowest, as a share of it.
    """

    epochs: int
    training_accuracy: float
    validation_accuracy: float
    gap: float
    best_epoch: int
    best_validation_loss: float
    recent_validation_loss: float
    loss_rise: float
    overfitting: bool


def judge_fit(history: dict[str, Sequence[float]]) -> FitReport:
    """Read a run's history the right way round: is the network overfitting?

    Overfitting is doing clearly better on the training pictures than on the validation ones
    (``gap`` above `OVERFIT_GAP`), or the validation loss climbing back up well above its
    lowest (``loss_rise`` above `OVERFIT_LOSS_RISE`) while the network goes on learning: it is
    memorising its training pictures instead of learning what generalises.

    Raises:
        ValueError: an empty history, or one without the `HISTORY_KEYS`.
    """
    if any(key not in history for key in HISTORY_KEYS) or not len(history["val_loss"]):
        raise ValueError(
            f"A history needs at least one epoch of {', '.join(HISTORY_KEYS)}; train first."
        )
    recent = {key: float(np.mean(history[key][-LAST_EPOCHS:])) for key in HISTORY_KEYS}
    validation_loss = np.asarray(history["val_loss"], dtype=np.float64)
    best = int(np.argmin(validation_loss))
    lowest = float(validation_loss[best])
    gap = recent["accuracy"] - recent["val_accuracy"]
    rise = recent["val_loss"] / lowest - 1 if lowest > 0 else 0.0
    return FitReport(
        epochs=len(validation_loss),
        training_accuracy=recent["accuracy"],
        validation_accuracy=recent["val_accuracy"],
        gap=gap,
        best_epoch=best + 1,
        best_validation_loss=lowest,
        recent_validation_loss=recent["val_loss"],
        loss_rise=rise,
        overfitting=gap > OVERFIT_GAP or rise > OVERFIT_LOSS_RISE,
    )


# --------------------------------------------------------------------------------------------
# A person's own classes
# --------------------------------------------------------------------------------------------

#: How many classes a person may name, and the fewest pictures of each worth training on
#: (one in four is kept aside for validation, so five leaves four to learn from).
CLASS_COUNT_LIMITS = (2, 4)
MIN_EXAMPLES_PER_CLASS = 5

#: Own classes have a few dozen pictures: small batches, augmentation on, a quarter kept aside.
OWN_CLASSES_SETTINGS = LabSettings(
    epochs=40, batch_size=8, dropout=0.3, augmentation=True, training_fraction=0.75
)


def own_classes_problems(names: Sequence[str], counts: Sequence[int]) -> list[str]:
    """What stands between these classes and a model worth training, in words a person can act
    on; an empty list when training can start.

    >>> own_classes_problems(["cup", "pen"], [6, 5])
    []
    >>> own_classes_problems(["cup", "pen"], [6, 0])[0].split(".")[0]
    'Only “cup” has pictures'

    Raises:
        ValueError: a different number of names and counts.
    """
    if len(names) != len(counts):
        raise ValueError(f"One count per class: {len(names)} names, {len(counts)} counts.")
    low, high = CLASS_COUNT_LIMITS
    problems = []
    if not low <= len(names) <= high:
        problems.append(f"Choose from {low} to {high} classes; there are {len(names)}.")
    cleaned = [name.strip() for name in names]
    if not all(cleaned):
        problems.append("Give every class a name.")
    repeated = sorted({name for name in cleaned if name and cleaned.count(name) > 1})
    problems += [f"Two classes are called “{name}”: give each its own name." for name in repeated]
    with_pictures = [name for name, count in zip(cleaned, counts, strict=True) if count]
    if len(with_pictures) == 1:
        problems.append(
            f"Only “{with_pictures[0]}” has pictures. A network that has seen one class learns "
            f"nothing: it would call everything “{with_pictures[0]}”. Add pictures of the others."
        )
    for name, count in zip(cleaned, counts, strict=True):
        if count < MIN_EXAMPLES_PER_CLASS:
            problems.append(
                f"“{name}” has {count} picture{'s' if count != 1 else ''}; add at least "
                f"{MIN_EXAMPLES_PER_CLASS - count} more ({MIN_EXAMPLES_PER_CLASS} per class, so "
                "some can be kept aside to check the network)."
            )
    return problems


def own_classes_pictures(examples: Sequence[Sequence[np.ndarray]]) -> Split:
    """Every class's pictures as one `Split`, labelled by position: class 0 first.

    Each picture is the network's input, (25, 25, 1) with values 0..1 (`core.model.preprocess`
    of an upload or a webcam shot); ``sources[i]`` is ``"own:<class index>"``.

    Raises:
        ValueError: no pictures at all, or a picture of another shape or range.
    """
    pictures = [picture for pictures in examples for picture in pictures]
    if not pictures:
        raise ValueError("There are no pictures yet: add some to every class first.")
    stack = np.stack([np.asarray(picture, dtype=np.float32) for picture in pictures])
    if stack.shape[1:] != INPUT_SHAPE or not np.isfinite(stack).all() or stack.min() < 0:
        raise ValueError(
            f"Every picture must be the network's input, shape {INPUT_SHAPE} with values 0..1 "
            f"(see core.model.preprocess); got shape {stack.shape[1:]}."
        )
    if stack.max() > 1:
        raise ValueError("Every picture must hold values from 0 to 1 (see core.model.preprocess).")
    labels = np.concatenate([np.full(len(group), index) for index, group in enumerate(examples)])
    return Split(stack, labels, tuple(f"own:{label}" for label in labels))
