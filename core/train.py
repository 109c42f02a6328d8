"""Train the face / not-face CNN, cross-validated, and write ``models/face_cnn.keras``, its record
``models/face_cnn.json`` and its card ``models/README.md``.

Run from the repository root (under five minutes on 2 CPU cores; the command prints its time)::

    python -m core.train                          # all five folds; reproduces the shipped model
    python -m core.train --no-cross-validation    # the shipped fold only, about a minute
    python -m core.train --epochs 5 --out /tmp/quick

The file reads top to bottom like Keras' ``mnist_convnet`` example: prepare the data, build the
model, train, evaluate, cross-validate, save. The LFW pictures are cut into `FOLDS` folds; the
same recipe trains one network per fold and tests it on the fold it never saw, so every LFW
picture is tested exactly once, and the `SHIPPED_FOLD` network is the one saved. Everything is
seeded (``SPLIT_SEED`` for the data, ``TRAINING_SEED`` for the weights, the batch order and the
augmentation) and TensorFlow's ops run deterministically, so one command gives the same weights
again on the same machine and library versions (the digest in the record says so; another CPU
may round differently in the last digits).

The pieces are public for the app's training lab: `load_face_dataset` (the same split),
`build_model` (the same network, any dropout), `compile_model`, `train_model` (with a per-epoch
hook) and `evaluate_model`.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import math
import platform
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import keras
import numpy as np
import skimage
import tensorflow as tf
from scipy import ndimage as ndi
from skimage import data as skdata

from core.augment import AugmentSettings, augment_batch
from core.checks import read_only
from core.detect import detect_faces
from core.images import load_sample, to_gray
from core.metadata import METADATA_FILENAME, MODEL_FILENAME, MODELS_FOLDER
from core.metrics import (
    class_recalls,
    expected_calibration_error,
    reliability_bins,
    wilson_interval,
)
from core.model import (
    FRAMING_SCALES,
    INPUT_SIDE,
    RETRAIN_COMMAND,
    FaceModel,
    framing_probabilities,
    grad_cam,
    predict,
    preprocess,
    randomisation_steps,
    randomised_copy,
    rank_correlation,
)
from core.model_card import CARD_FILENAME, render_card
from core.training_pictures import FACE_PHOTOS, HELD_OUT_PHOTOS, HELD_OUT_ROWS, TRAINING_PHOTOS

# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------

#: Output order of the network: probability of "not face" first, then of "face".
CLASSES: tuple[str, ...] = ("not face", "face")
NOT_FACE, FACE = 0, 1

#: One gray 25 × 25 picture with values 0..1 (the size of scikit-image's LFW subset).
INPUT_SHAPE: tuple[int, int, int] = (INPUT_SIDE, INPUT_SIDE, 1)

#: Seeds: which pictures go to which fold (and which patches are cut), and everything random
#: in training (initial weights, batch order, augmentation draws, dropout). The split seed is 0,
#: the first one, not tuned: the cross-validation tests every LFW picture once, so it decides
#: only which pictures share a fold, and no lucky split can make the headline.
SPLIT_SEED = 0
TRAINING_SEED = 1

#: Training settings of the shipped model.
EPOCHS = 60
BATCH_SIZE = 32
LEARNING_RATE = 2e-3
DROPOUT = 0.3

#: The Augmentation page's default settings: the model trains on exactly what that page shows.
AUGMENTATION = AugmentSettings()

# --------------------------------------------------------------------------------------------
# Prepare the data
# --------------------------------------------------------------------------------------------

#: Cross-validation: each class of the LFW subset (100 faces, 100 not faces) is cut into FOLDS
#: parts of 20. Model k tests on part k, validates on half of part k + 1 (10 per class) and trains
#: on the remaining 70 per class, so every LFW picture is tested exactly once, by a model that
#: never saw it.
FOLDS = 5
VALIDATION_PER_CLASS = 10

#: The fold whose model ships. It is one of the five cross-validated models, trained on 70 + 70
#: LFW pictures like the others, rather than a model trained on all 200: that one would have no
#: untouched test pictures left, and the Face page offers the shipped model's own test pictures
#: as pictures it never saw. The cross-validation estimates how this recipe does on new pictures.
SHIPPED_FOLD = 0


#: Window sides (pixels) cut from the photos before shrinking to 25 × 25: fine texture to large
#: shapes. A window is drawn only among the sides that fit in the region.
PATCH_SIDES: tuple[int, ...] = (25, 40, 64, 100, 160, 256, 384)

#: Patches per photo and synthetic textures per family.
PATCHES_PER_TRAINING_PHOTO = 20
HELD_OUT_PATCHES_PER_TRAINING_PHOTO = 8
PATCHES_PER_HELD_OUT_PHOTO = 40
TRAINING_TEXTURES_PER_FAMILY = 30
HELD_OUT_TEXTURES_PER_FAMILY = 20


@dataclasses.dataclass(frozen=True)
class Split:
    """Pictures, their labels and where each came from.

    ``images`` is (N, 25, 25, 1) float32 in [0, 1]; ``labels`` (N,) int with 0 = "not face",
    1 = "face" (`CLASSES`); ``sources[i]`` is ``"group:name"``, e.g. ``"lfw:face"``,
    ``"photo:brick"``, ``"synthetic:stripes"``, or for the held-out textures
    ``"held-out photo:gravel"``, ``"held-out rows:brick"``, ``"held-out synthetic:stripes"``.
    The arrays are read-only: the dataset is cached and shared.
    """

    images: np.ndarray
    labels: np.ndarray
    sources: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.labels)

    def counts(self) -> dict[str, int]:
        """Pictures per class, e.g. ``{"not face": 502, "face": 70}``."""
        return {name: int(np.sum(self.labels == index)) for index, name in enumerate(CLASSES)}

    def head(self, count: int) -> Split:
        """The first ``count`` pictures (the splits are shuffled, so both classes appear)."""
        return Split(self.images[:count], self.labels[:count], self.sources[:count])


@dataclasses.dataclass(frozen=True)
class Dataset:
    """The four sets of pictures: train, validation and test, and the held-out textures.

    ``validation`` and ``test`` hold LFW pictures only (the test accuracy is the LFW test
    accuracy). ``textures`` holds "not face" patches the model never trains on: from the held-out
    photos, from the held-out rows of the training photos, and synthetic textures with held-out
    settings.
    """

    train: Split
    validation: Split
    test: Split
    textures: Split

    def sizes(self) -> dict[str, dict[str, int]]:
        """Pictures per class in each set, for the model card."""
        return {name: split.counts() for name, split in self.splits().items()}

    def splits(self) -> dict[str, Split]:
        """The four sets by name, in order."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}

    def head(self, count: int) -> Dataset:
        """At most ``count`` pictures per set: a tiny dataset for smoke tests."""
        return Dataset(**{name: split.head(count) for name, split in self.splits().items()})


def _make_split(parts: Sequence[tuple[np.ndarray, int, Sequence[str]]], rng) -> Split:
    """Join (images, label, sources) parts into one shuffled, read-only `Split`."""
    images = np.concatenate([part[0] for part in parts]).astype(np.float32)
    labels = np.concatenate([np.full(len(part[0]), part[1]) for part in parts])
    sources = [source for part in parts for source in part[2]]
    order = rng.permutation(len(labels))
    return Split(
        read_only(images[order, :, :, np.newaxis]),
        read_only(labels[order]),
        tuple(sources[index] for index in order),
    )


def split_lfw(seed: int = SPLIT_SEED, fold: int = SHIPPED_FOLD) -> dict[str, dict[int, np.ndarray]]:
    """Indices of scikit-image's LFW subset in each split of one fold, per label, stratified.

    The subset's first 100 pictures are faces and the last 100 are not; each class is shuffled
    with ``seed`` and cut into `FOLDS` parts. ``test`` is part ``fold``; ``validation`` the first
    `VALIDATION_PER_CLASS` of the next part; ``train`` the rest: 70 / 10 / 20 per class.

    >>> parts = split_lfw()
    >>> [len(parts[name][FACE]) for name in ("train", "validation", "test")]
    [70, 10, 20]

    Raises:
        ValueError: ``fold`` is not 0..FOLDS − 1.
    """
    if not 0 <= fold < FOLDS:
        raise ValueError(f"fold must be from 0 to {FOLDS - 1}; got {fold}.")
    rng = np.random.default_rng(seed)
    parts: dict[str, dict[int, np.ndarray]] = {"train": {}, "validation": {}, "test": {}}
    for label, first in ((FACE, 0), (NOT_FACE, 100)):
        folds = np.array_split(first + rng.permutation(100), FOLDS)
        following = folds[(fold + 1) % FOLDS]
        others = [
            part for index, part in enumerate(folds) if index not in (fold, (fold + 1) % FOLDS)
        ]
        parts["test"][label] = np.sort(folds[fold])
        parts["validation"][label] = np.sort(following[:VALIDATION_PER_CLASS])
        parts["train"][label] = np.sort(np.concatenate([*others, following[VALIDATION_PER_CLASS:]]))
    return parts


def load_photo(name: str) -> np.ndarray:
    """A bundled scikit-image picture as gray uint8 (works offline)."""
    picture = getattr(skdata, name)()
    if isinstance(picture, tuple):  # stereo_motorcycle gives (left, right, disparity)
        picture = picture[0]
    return to_gray(picture)


def photo_patches(
    photo: np.ndarray, count: int, rng: np.random.Generator, *, rows: tuple[float, float]
) -> np.ndarray:
    """``count`` random square windows of a gray photo, each shrunk to (25, 25) in [0, 1].

    Windows lie within the band of rows from ``rows[0]`` to ``rows[1]`` (fractions of the
    height); each side is drawn from the `PATCH_SIDES` that fit, so patches show the photo at
    several scales. Each window goes through `core.model.preprocess`, as a crop in the app does.
    """
    top, bottom = round(rows[0] * photo.shape[0]), round(rows[1] * photo.shape[0])
    band = photo[top:bottom]
    sides = [side for side in PATCH_SIDES if side <= min(band.shape)]
    if not sides:
        raise ValueError(
            f"A band of {band.shape[0]} × {band.shape[1]} pixels is smaller than the smallest "
            f"window ({PATCH_SIDES[0]} pixels); use a larger photo or band."
        )
    patches = []
    for _ in range(count):
        side = int(rng.choice(sides))
        row = int(rng.integers(0, band.shape[0] - side + 1))
        col = int(rng.integers(0, band.shape[1] - side + 1))
        patches.append(preprocess(band[row : row + side, col : col + side])[..., 0])
    return np.stack(patches)


# Synthetic textures: each family has one main setting (a period, a blur, a count, an angle),
# whose held-out values the model never trains on; the rest (direction, phase, position,
# brightness and contrast) is drawn at random.

_CENTRED_ROWS, _CENTRED_COLS = np.mgrid[:INPUT_SIDE, :INPUT_SIDE] - (INPUT_SIDE - 1) / 2


def _along(angle: float) -> np.ndarray:
    """Signed distance (pixels) from the centre along the direction ``angle`` (radians)."""
    return _CENTRED_COLS * np.cos(angle) + _CENTRED_ROWS * np.sin(angle)


def _stripes(period: float, rng: np.random.Generator) -> np.ndarray:
    """Parallel stripes, soft (sine) or hard (square wave), at a random angle."""
    wave = np.sin(2 * np.pi * _along(rng.uniform(0, np.pi)) / period + rng.uniform(0, 2 * np.pi))
    return np.sign(wave) if rng.random() < 0.5 else wave


def _checks(cell: float, rng: np.random.Generator) -> np.ndarray:
    """A checkerboard of ``cell``-pixel squares, turned by a random angle."""
    angle = rng.uniform(0, np.pi / 2)
    across = np.floor(_along(angle) / cell + rng.random())
    down = np.floor(_along(angle + np.pi / 2) / cell + rng.random())
    return (across + down) % 2 * 2 - 1


def _rings(period: float, rng: np.random.Generator) -> np.ndarray:
    """Concentric rings around a random point of the patch."""
    centre_row, centre_col = rng.uniform(-INPUT_SIDE / 2, INPUT_SIDE / 2, size=2)
    radius = np.hypot(_CENTRED_ROWS - centre_row, _CENTRED_COLS - centre_col)
    return np.sin(2 * np.pi * radius / period + rng.uniform(0, 2 * np.pi))


def _noise(blur: float, rng: np.random.Generator) -> np.ndarray:
    """Gaussian noise blurred by a Gaussian of width ``blur`` pixels (0 = white noise)."""
    return ndi.gaussian_filter(rng.standard_normal((INPUT_SIDE, INPUT_SIDE)), blur, mode="wrap")


def _spots(count: float, rng: np.random.Generator) -> np.ndarray:
    """``count`` soft bright or dark spots of random size at random places."""
    spots = np.zeros((INPUT_SIDE, INPUT_SIDE))
    for _ in range(int(count)):
        centre_row, centre_col = rng.uniform(-INPUT_SIDE / 2, INPUT_SIDE / 2, size=2)
        width = rng.uniform(1.5, 5)
        squared = (_CENTRED_ROWS - centre_row) ** 2 + (_CENTRED_COLS - centre_col) ** 2
        spots += rng.choice((-1, 1)) * np.exp(-squared / (2 * width**2))
    return spots


def _ramp(degrees: float, rng: np.random.Generator) -> np.ndarray:
    """A straight brightness gradient rising towards ``degrees`` (0 = right, 90 = down)."""
    return _along(np.deg2rad(degrees))


class TextureFamily(NamedTuple):
    """A synthetic texture: how to draw one, its main setting's training / held-out values, and
    the smallest value that makes sense (a period below 2 pixels cannot be drawn)."""

    draw: Callable[[float, np.random.Generator], np.ndarray]
    training_values: tuple[float, ...]
    held_out_values: tuple[float, ...]
    smallest: float


SYNTHETIC_TEXTURES: dict[str, TextureFamily] = {
    "stripes": TextureFamily(_stripes, (3, 5, 8, 13), (4, 6.5, 10), smallest=2),
    "checks": TextureFamily(_checks, (2, 3, 5, 8), (4, 6), smallest=1),
    "rings": TextureFamily(_rings, (3, 5, 8), (4, 6.5, 11), smallest=2),
    "noise": TextureFamily(_noise, (0, 1, 2.5), (0.5, 1.6, 4), smallest=0),
    "spots": TextureFamily(_spots, (1, 2, 4), (3, 6), smallest=0),
    "ramp": TextureFamily(
        _ramp, (0, 45, 90, 135, 180, 225, 270, 315), (22.5, 112.5, 202.5, 292.5), -math.inf
    ),
}


def synthetic_textures(
    family: str, values: Sequence[float], count: int, rng: np.random.Generator
) -> np.ndarray:
    """``count`` (25, 25) textures of one family in [0, 1], cycling through ``values``.

    Each pattern is scaled to [-1, 1], then given a random mean brightness (0.25..0.75) and
    contrast (half-range 0.1..0.5), so textures are as varied in tone as photo patches.

    Raises:
        ValueError: an unknown family, or a value below the family's ``smallest``.
    """
    if family not in SYNTHETIC_TEXTURES:
        raise ValueError(
            f"Unknown texture {family!r}; choose one of {', '.join(SYNTHETIC_TEXTURES)}."
        )
    draw, _, _, smallest = SYNTHETIC_TEXTURES[family]
    if not values or not all(math.isfinite(value) and value >= smallest for value in values):
        raise ValueError(
            f"{family} needs finite settings of at least {smallest:g}; got {list(values)}."
        )
    textures = []
    for index in range(count):
        pattern = draw(values[index % len(values)], rng)
        pattern = pattern / max(float(np.abs(pattern).max()), np.finfo(np.float64).tiny)
        picture = rng.uniform(0.25, 0.75) + rng.uniform(0.1, 0.5) * pattern
        textures.append(np.clip(picture, 0, 1))
    return np.stack(textures)


@functools.lru_cache(maxsize=FOLDS)
def load_face_dataset(seed: int = SPLIT_SEED, fold: int = SHIPPED_FOLD) -> Dataset:
    """The face / not-face pictures in four sets, the same for the same ``seed`` and ``fold``.

    - ``train``: 70 LFW faces, 70 LFW non-faces, and "not face" hard negatives: patches of the
      `TRAINING_PHOTOS` (above their held-out bottom rows), each of those photos whole, and
      synthetic textures with the training values of `SYNTHETIC_TEXTURES`.
    - ``validation``: 10 + 10 LFW pictures; ``test``: 20 + 20 LFW pictures (`split_lfw`: the
      LFW pictures change with ``fold``; everything else is the same in every fold).
    - ``textures``: "not face" patches of the `HELD_OUT_PHOTOS`, of the held-out rows of the
      training photos, and synthetic textures with held-out values.

    The classes are unbalanced in ``train`` (seven times more non-faces): `train_model` shows
    each face several times per epoch (`balanced_indices`). Cached; the arrays are read-only.

    >>> dataset = load_face_dataset()
    >>> dataset.test.counts()
    {'not face': 20, 'face': 20}
    """
    lfw = skdata.lfw_subset()
    photo_rng, texture_rng, shuffle_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(3)
    )
    lfw_parts = {
        name: [
            (lfw[indices], label, [f"lfw:{CLASSES[label]}"] * len(indices))
            for label, indices in by_label.items()
        ]
        for name, by_label in split_lfw(seed, fold).items()
    }

    photos = {name: load_photo(name) for name in TRAINING_PHOTOS + HELD_OUT_PHOTOS}

    def patches(names, count, group, rows):
        return [
            (
                photo_patches(photos[name], count, photo_rng, rows=rows),
                NOT_FACE,
                [f"{group}:{name}"] * count,
            )
            for name in names
        ]

    def textures(group, count, held_out):
        return [
            (
                synthetic_textures(
                    name,
                    family.held_out_values if held_out else family.training_values,
                    count,
                    texture_rng,
                ),
                NOT_FACE,
                [f"{group}:{name}"] * count,
            )
            for name, family in SYNTHETIC_TEXTURES.items()
        ]

    kept_rows, held_out_rows = (0.0, 1 - HELD_OUT_ROWS), (1 - HELD_OUT_ROWS, 1.0)
    train = lfw_parts["train"] + patches(
        TRAINING_PHOTOS, PATCHES_PER_TRAINING_PHOTO, "photo", kept_rows
    )
    whole_photos = np.stack([preprocess(photos[name])[..., 0] for name in TRAINING_PHOTOS])
    train.append((whole_photos, NOT_FACE, [f"photo:{name}" for name in TRAINING_PHOTOS]))
    train += textures("synthetic", TRAINING_TEXTURES_PER_FAMILY, held_out=False)
    held_out = patches(HELD_OUT_PHOTOS, PATCHES_PER_HELD_OUT_PHOTO, "held-out photo", (0.0, 1.0))
    held_out += patches(
        TRAINING_PHOTOS, HELD_OUT_PATCHES_PER_TRAINING_PHOTO, "held-out rows", held_out_rows
    )
    held_out += textures("held-out synthetic", HELD_OUT_TEXTURES_PER_FAMILY, held_out=True)
    return Dataset(
        train=_make_split(train, shuffle_rng),
        validation=_make_split(lfw_parts["validation"], shuffle_rng),
        test=_make_split(lfw_parts["test"], shuffle_rng),
        textures=_make_split(held_out, shuffle_rng),
    )


# --------------------------------------------------------------------------------------------
# Build the model
# --------------------------------------------------------------------------------------------


def build_model(
    *,
    dropout: float = DROPOUT,
    filters: tuple[int, int] = (8, 16),
    kernel_size: int = 3,
    dense_units: int = 32,
    class_count: int = len(CLASSES),
    input_side: int = INPUT_SIDE,
    padding: str = "valid",
) -> keras.Model:
    """The face CNN: two conv + max-pool blocks, dropout, a hidden dense layer, two logits, softmax.

    Every layer is named (``conv1``, ``pool1``, ``conv2``, ``pool2``, ``flatten``, ``dropout``,
    ``dense``, ``logits``, ``softmax``) so the app can read feature maps by name. Convolutions
    use "valid" padding (the picture shrinks by ``kernel_size - 1``) and ReLU; pools are 2 × 2.
    With the defaults: 25×25×1 → 23×23×8 → 11×11×8 → 9×9×16 → 4×4×16 → 256 → 32 → 2, 9,538
    weights. The logits are linear and the softmax is its own layer, so the scores before it
    can be shown and explained. ``class_count`` other than 2 gives the training lab's network
    for a person's own classes (one logit per class). ``input_side`` and ``padding="same"``
    give the same recipe for smaller pictures (a 6 × 6 picture does not survive two "valid"
    3 × 3 convolutions and two poolings).

    Raises:
        ValueError: ``dropout`` outside [0, 1), or fewer than 2 classes.
    """
    if not 0 <= dropout < 1:
        raise ValueError(
            f"dropout is the share of values zeroed in training, 0 to <1; got {dropout}."
        )
    if class_count < 2:
        raise ValueError(f"A classifier needs at least 2 classes; got {class_count}.")
    inputs = keras.Input(shape=(input_side, input_side, 1), name="picture")
    x = keras.layers.Conv2D(
        filters[0], kernel_size, activation="relu", padding=padding, name="conv1"
    )(inputs)
    x = keras.layers.MaxPooling2D(2, name="pool1")(x)
    x = keras.layers.Conv2D(
        filters[1], kernel_size, activation="relu", padding=padding, name="conv2"
    )(x)
    x = keras.layers.MaxPooling2D(2, name="pool2")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dropout(dropout, name="dropout")(x)
    x = keras.layers.Dense(dense_units, activation="relu", name="dense")(x)
    x = keras.layers.Dense(class_count, name="logits")(x)
    outputs = keras.layers.Softmax(name="softmax")(x)
    return keras.Model(inputs, outputs, name="face_cnn")


# --------------------------------------------------------------------------------------------
# Train the model
# --------------------------------------------------------------------------------------------


def balanced_indices(labels: np.ndarray) -> np.ndarray:
    """Indices of the pictures of one epoch: every picture, the rarer class repeated.

    Each class is repeated ``round(largest class / its count)`` times, so both classes weigh
    about the same in the loss; a repeated face is augmented differently each time it appears.

    >>> balanced_indices(np.array([0, 0, 0, 1])).tolist()
    [0, 1, 2, 3, 3, 3]
    """
    counts = np.bincount(labels, minlength=len(CLASSES))
    if not counts.all():
        raise ValueError(
            "Every class needs at least one training picture; got "
            f"{dict(zip(CLASSES, counts.tolist(), strict=True))}."
        )
    return np.concatenate(
        [
            np.tile(np.flatnonzero(labels == label), round(counts.max() / count))
            for label, count in enumerate(counts)
        ]
    )


class AugmentedBatches(keras.utils.PyDataset):
    """The training pictures in shuffled batches, freshly augmented every epoch.

    An epoch shows every picture, the faces several times (`balanced_indices`). One generator
    seeded with ``seed`` draws each epoch's order and augmentation in turn
    (`core.augment.augment_batch` on the whole epoch at once), so a run is reproducible and no
    two epochs show the same pictures. The first epoch is drawn here, each next one when Keras
    ends an epoch.
    """

    def __init__(
        self, split: Split, *, settings: AugmentSettings, batch_size: int, seed: int
    ) -> None:
        super().__init__()
        self.split, self.settings, self.batch_size = split, settings, batch_size
        self.epoch_indices = balanced_indices(split.labels)
        self.rng = np.random.default_rng(seed)
        self._draw_epoch()

    def __len__(self) -> int:
        return math.ceil(len(self.epoch_indices) / self.batch_size)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        batch = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.images[batch], self.labels[batch]

    def on_epoch_end(self) -> None:
        self._draw_epoch()

    def _draw_epoch(self) -> None:
        order = self.rng.permutation(self.epoch_indices)
        self.images, _ = augment_batch(self.split.images[order], self.settings, seed=self.rng)
        self.labels = self.split.labels[order]


def compile_model(model: keras.Model, *, learning_rate: float = LEARNING_RATE) -> None:
    """Adam and cross-entropy on the softmax output, tracking accuracy."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )


def train_model(
    model: keras.Model,
    dataset: Dataset,
    *,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    augmentation: AugmentSettings = AUGMENTATION,
    seed: int = TRAINING_SEED,
    on_epoch: Callable[[int, dict[str, float]], None] | None = None,
) -> dict[str, list[float]]:
    """Fit a compiled model on augmented training batches, validating after every epoch.

    ``on_epoch(epoch, logs)`` is called after each epoch (0-based) with the figures of that
    epoch (``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``); the training lab draws its
    curves from it, and may stop training by setting ``model.stop_training = True``. Every
    epoch is balanced by showing each face several times (`balanced_indices`).

    Returns the per-epoch history, e.g. ``history["val_accuracy"][-1]``.
    """
    if epochs < 1 or batch_size < 1:
        raise ValueError(f"epochs and batch_size must be at least 1; got {epochs}, {batch_size}.")
    callbacks = [] if on_epoch is None else [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch)]
    history = model.fit(
        AugmentedBatches(dataset.train, settings=augmentation, batch_size=batch_size, seed=seed),
        validation_data=(dataset.validation.images, dataset.validation.labels),
        epochs=epochs,
        callbacks=callbacks,
        verbose=0,
    )
    return {name: [float(value) for value in values] for name, values in history.history.items()}


# --------------------------------------------------------------------------------------------
# Evaluate the trained model
# --------------------------------------------------------------------------------------------


def predicted_labels(model: keras.Model, split: Split) -> np.ndarray:
    """The class the model gives each picture of ``split`` (its most probable one)."""
    return np.argmax(model.predict(split.images, batch_size=256, verbose=0), axis=1)


def evaluate_model(model: keras.Model, dataset: Dataset) -> dict[str, object]:
    """Accuracy on the LFW test split and on the held-out textures (share called "not face").

    The test accuracy comes with each class's recall (the share of its pictures answered right).
    Also the texture accuracy per group (held-out photos, held-out rows, held-out synthetic
    settings) and per source, so weak spots can be named.
    """
    test_predicted = predicted_labels(model, dataset.test)
    test_correct = test_predicted == dataset.test.labels
    texture_correct = predicted_labels(model, dataset.textures) == dataset.textures.labels
    sources = np.array(dataset.textures.sources)
    groups = np.array([source.split(":")[0] for source in sources])

    def by(keys: np.ndarray) -> dict[str, float]:
        return {str(key): float(texture_correct[keys == key].mean()) for key in np.unique(keys)}

    return {
        "test_accuracy": float(test_correct.mean()),
        "test_recall": {
            CLASSES[label]: recall
            for label, recall in class_recalls(dataset.test.labels, test_predicted).items()
        },
        "texture_accuracy": float(texture_correct.mean()),
        "texture_accuracy_by_group": by(groups),
        "texture_accuracy_by_source": by(sources),
    }


# --------------------------------------------------------------------------------------------
# Cross-validate: the same recipe on every fold
# --------------------------------------------------------------------------------------------


def fit(
    dataset: Dataset,
    *,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    learning_rate: float = LEARNING_RATE,
    dropout: float = DROPOUT,
    seed: int = TRAINING_SEED,
) -> tuple[keras.Model, dict[str, list[float]]]:
    """Build, compile and train one network on ``dataset`` from ``seed``: the whole recipe.

    Every seed is set again first and TensorFlow's ops run deterministically, so one fold's
    network comes out the same whether it is trained alone or after the others.
    """
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    model = build_model(dropout=dropout)
    compile_model(model, learning_rate=learning_rate)
    history = train_model(model, dataset, epochs=epochs, batch_size=batch_size, seed=seed)
    return model, history


def cross_validate(
    datasets: Sequence[Dataset],
    *,
    on_fold: Callable[[int, dict[str, object]], None] | None = None,
    **recipe,
) -> tuple[dict[str, object], keras.Model, dict[str, list[float]]]:
    """Train the recipe (`fit` with ``recipe``) once per fold and test each on its own fold.

    ``datasets[k]`` is fold k (`load_face_dataset`); ``on_fold(k, record)`` is called as each
    one ends. Returns the summary written to ``face_cnn.json``, and the `SHIPPED_FOLD` network
    and its history.
    The summary pools the folds' test answers: every LFW picture is answered once, by the one
    network that never saw it. Its interval is the Wilson score interval (95 %) of the pooled
    accuracy; its calibration groups the answers by their probability
    (`core.metrics.reliability_bins`, 10 bins) and gives the expected calibration error.
    """
    records, labels, answers, confidences, shipped = [], [], [], [], (None, {})
    for fold, dataset in enumerate(datasets):
        started = time.perf_counter()
        model, history = fit(dataset, **recipe)
        probabilities = model.predict(dataset.test.images, batch_size=256, verbose=0)
        scores = evaluate_model(model, dataset)
        record = {
            "fold": fold,
            "correct": int(np.sum(probabilities.argmax(axis=1) == dataset.test.labels)),
            "pictures": len(dataset.test),
            "accuracy": scores["test_accuracy"],
            "recall": scores["test_recall"],
            "texture_accuracy": scores["texture_accuracy"],
            "validation_accuracy": history["val_accuracy"][-1],
            "seconds": round(time.perf_counter() - started, 1),
        }
        records.append(record)
        labels.append(dataset.test.labels)
        answers.append(probabilities.argmax(axis=1))
        confidences.append(probabilities.max(axis=1))
        if fold == SHIPPED_FOLD:
            shipped = (model, history)
        if on_fold is not None:
            on_fold(fold, record)
    truth, guesses = np.concatenate(labels), np.concatenate(answers)
    correct, pictures = int(np.sum(truth == guesses)), len(truth)
    table = reliability_bins(np.concatenate(confidences), truth == guesses)
    textures = [record["texture_accuracy"] for record in records]
    summary = {
        "folds": len(records),
        "shipped_fold": SHIPPED_FOLD,
        "per_fold": records,
        "correct": correct,
        "pictures": pictures,
        "accuracy": correct / pictures,
        "interval": list(wilson_interval(correct, pictures)),
        "interval_method": "Wilson score interval, 95 %",
        "recall": {
            CLASSES[label]: recall for label, recall in class_recalls(truth, guesses).items()
        },
        "texture_accuracy": float(np.mean(textures)),
        "texture_accuracy_range": [min(textures), max(textures)],
        "calibration": {
            "expected_calibration_error": expected_calibration_error(table),
            "bins": table,
        },
    }
    return summary, *shipped


def framing(face_model: FaceModel) -> dict[str, object]:
    """P(face) for squares `FRAMING_SCALES` times the detector's box, for every `FACE_PHOTOS`."""
    table = {}
    for name in FACE_PHOTOS:
        photo = load_sample(name)
        boxes = detect_faces(photo)
        if not boxes:
            raise ValueError(f"The detector finds no face in {name!r}; drop it from FACE_PHOTOS.")
        table[name] = [
            float(value)
            for value in framing_probabilities(face_model, photo, boxes[0], FRAMING_SCALES)
        ]
    return {"scales": list(FRAMING_SCALES), "face_probability": table}


def sanity_check(face_model: FaceModel, dataset: Dataset) -> dict[str, object]:
    """Grad-CAM against randomised networks (`core.model.randomised_copy`), on the test faces.

    For each step of the cascade (top layer first), the median over the test faces of the rank
    correlation between the trained network's Grad-CAM and the randomised network's.
    """
    faces = dataset.test.images[dataset.test.labels == FACE]
    trained = [grad_cam(face_model, face).cells for face in faces]
    steps = randomisation_steps(face_model)
    medians = []
    for step in steps:
        randomised = randomised_copy(face_model, step)
        medians.append(
            float(
                np.median(
                    [
                        rank_correlation(cells, grad_cam(randomised, face).cells)
                        for cells, face in zip(trained, faces, strict=True)
                    ]
                )
            )
        )
    return {
        "faces": len(faces),
        "randomised_down_to": list(steps),
        "median_rank_correlation": medians,
    }


def held_out_photo_answers(face_model: FaceModel) -> dict[str, float]:
    """P(face) for each whole `HELD_OUT_PHOTOS` picture, shrunk to 25 × 25: the card's examples."""
    pictures = np.stack([preprocess(load_photo(name)) for name in HELD_OUT_PHOTOS])
    faces = predict(face_model, pictures)[:, face_model.face_index]
    return {name: float(value) for name, value in zip(HELD_OUT_PHOTOS, faces, strict=True)}


# --------------------------------------------------------------------------------------------
# Save the model and its metadata
# --------------------------------------------------------------------------------------------


def describe_layers(model: keras.Model) -> list[dict[str, object]]:
    """One entry per layer after the input, for pages that draw the model without TensorFlow.

    Each has ``name``, ``type`` (the Keras class), ``output_shape`` (no batch axis) and
    ``params``; convolutions add ``kernel_size``, ``filters``, ``strides``, ``padding`` and
    ``activation``; pools add ``kernel_size`` (the window), ``strides`` and ``padding``; dense
    layers add ``units`` and ``activation``; dropout adds ``rate``.
    """
    entries = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        entry: dict[str, object] = {
            "name": layer.name,
            "type": type(layer).__name__,
            "output_shape": [int(size) for size in layer.output.shape[1:]],
            "params": int(layer.count_params()),
        }
        if isinstance(layer, keras.layers.Conv2D):
            entry |= {
                "kernel_size": list(layer.kernel_size),
                "filters": layer.filters,
                "strides": list(layer.strides),
                "padding": layer.padding,
                "activation": layer.activation.__name__,
            }
        elif isinstance(layer, keras.layers.MaxPooling2D):
            entry |= {
                "kernel_size": list(layer.pool_size),
                "strides": list(layer.strides),
                "padding": layer.padding,
            }
        elif isinstance(layer, keras.layers.Dense):
            entry |= {"units": layer.units, "activation": layer.activation.__name__}
        elif isinstance(layer, keras.layers.Dropout):
            entry["rate"] = float(layer.rate)
        entries.append(entry)
    return entries


def library_versions() -> dict[str, str]:
    """The versions the model was trained with."""
    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "scikit-image": skimage.__version__,
    }


def run(
    folder: Path = MODELS_FOLDER,
    *,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    learning_rate: float = LEARNING_RATE,
    dropout: float = DROPOUT,
    seed: int = TRAINING_SEED,
    split_seed: int = SPLIT_SEED,
    cross_validation: bool = True,
    dataset: Dataset | None = None,
    report: Callable[[str], None] = print,
) -> dict[str, object]:
    """Prepare the data, cross-validate, train, evaluate and save: the whole recipe.

    With ``cross_validation`` the recipe runs on all `FOLDS` folds and the `SHIPPED_FOLD`
    network is saved; without, only that fold is trained (the same network, a fifth of the
    time). ``dataset`` replaces the shipped fold's data (no cross-validation), e.g. a tiny one in
    tests. Writes ``folder/face_cnn.keras`` and ``folder/face_cnn.json``, says how each step went
    through ``report``, and returns the metadata.
    """
    started = time.perf_counter()
    recipe = {
        "epochs": epochs,
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "dropout": dropout,
        "seed": seed,
    }
    summary = None
    if dataset is not None or not cross_validation:
        dataset = dataset or load_face_dataset(split_seed, SHIPPED_FOLD)
        model, history = fit(dataset, **recipe)
    else:
        datasets = [load_face_dataset(split_seed, fold) for fold in range(FOLDS)]
        summary, model, history = cross_validate(
            datasets,
            on_fold=lambda fold, record: report(
                f"fold {fold + 1} of {len(datasets)}: {record['correct']} of "
                f"{record['pictures']} test pictures right, {record['seconds']} s"
            ),
            **recipe,
        )
        dataset = datasets[SHIPPED_FOLD]
    labels = dataset.train.labels
    shown_per_epoch = np.bincount(labels[balanced_indices(labels)], minlength=len(CLASSES))
    face_model = FaceModel(model, {"classes": list(CLASSES)})

    metadata = {
        "classes": list(CLASSES),
        "input_shape": list(INPUT_SHAPE),
        "input_range": [0, 1],
        **evaluate_model(model, dataset),
        "split_seed": split_seed,
        "training_seed": seed,
        "fold": SHIPPED_FOLD,
        "dataset_sizes": dataset.sizes(),
        "layers": describe_layers(model),
        "total_params": int(model.count_params()),
        "weights_digest": face_model.fingerprint,
        "training": {
            "epochs": epochs,
            "batch_size": batch_size,
            "optimizer": "Adam",
            "learning_rate": learning_rate,
            "loss": "sparse_categorical_crossentropy",
            "dropout": dropout,
            "shown_per_epoch": dict(zip(CLASSES, shown_per_epoch.tolist(), strict=True)),
            "augmentation": dataclasses.asdict(AUGMENTATION),
        },
        "history": history,
        "framing": framing(face_model),
        "held_out_photos": held_out_photo_answers(face_model),
        "sanity_check": sanity_check(face_model, dataset),
        "versions": library_versions(),
        "retrain_command": RETRAIN_COMMAND,
    }
    if summary is not None:
        metadata["cross_validation"] = summary
    metadata["seconds"] = round(time.perf_counter() - started, 1)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model.save(folder / MODEL_FILENAME)
    (folder / METADATA_FILENAME).write_text(json.dumps(metadata, indent=2) + "\n")
    if summary is not None:  # the card quotes the cross-validation
        (folder / CARD_FILENAME).write_text(render_card(metadata))
    return metadata


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m core.train [--epochs N] [--out FOLDER] ...``: train and save the face CNN."""
    parser = argparse.ArgumentParser(
        prog=RETRAIN_COMMAND,
        description="Train the face / not-face CNN and write face_cnn.keras and face_cnn.json.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="passes over the data")
    parser.add_argument("--out", type=Path, default=MODELS_FOLDER, help="folder for the files")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="pictures per step")
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE, help="for Adam")
    parser.add_argument("--dropout", type=float, default=DROPOUT, help="share zeroed in training")
    parser.add_argument("--seed", type=int, default=TRAINING_SEED, help="training seed")
    parser.add_argument("--split-seed", type=int, default=SPLIT_SEED, help="data split seed")
    parser.add_argument(
        "--no-cross-validation",
        dest="cross_validation",
        action="store_false",
        help=f"train only the shipped fold (fold {SHIPPED_FOLD}), not all {FOLDS}",
    )
    options = parser.parse_args(argv)
    metadata = run(
        options.out,
        epochs=options.epochs,
        batch_size=options.batch_size,
        learning_rate=options.learning_rate,
        dropout=options.dropout,
        seed=options.seed,
        split_seed=options.split_seed,
        cross_validation=options.cross_validation,
    )
    if "cross_validation" in metadata:
        folds = metadata["cross_validation"]
        low, high = folds["interval"]
        print(
            f"Cross-validated LFW accuracy {folds['accuracy']:.3f} ({folds['correct']} of "
            f"{folds['pictures']}; {folds['interval_method']} {low:.3f} to {high:.3f})"
        )
    print(
        f"LFW test accuracy {metadata['test_accuracy']:.3f}, "
        f"held-out texture accuracy {metadata['texture_accuracy']:.3f}, "
        f"{metadata['total_params']:,} weights, {metadata['seconds']} s in all; "
        f"wrote {options.out / MODEL_FILENAME} and {options.out / METADATA_FILENAME}"
    )


if __name__ == "__main__":
    main()
