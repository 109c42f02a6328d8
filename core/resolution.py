"""How small can a picture be? The face network's recipe trained at several input sizes.

Seed 003's FaceGuesser shrinks every photo to 128 × 128 and warns against going much smaller:
fewer pixels hold less of what tells faces apart. `resolution_ladder` measures it here: the
lab's pictures shrunk to 6 × 6, 12 × 12 and 25 × 25 (box filter, as everywhere in the app), the
same split for every size, and one network per size with the same recipe and settings. The
recipe uses "same" padding at every size, so a 6 × 6 picture survives two 3 × 3 convolutions and
two poolings; the parameter count then grows with the picture, through the dense layer.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image

from core.lab import LabData, LabSettings, TrainingRun, judge_fit
from core.train import INPUT_SIDE, Split, build_model

#: The input sizes the ladder trains, smallest first; the largest is the face network's.
LADDER_SIDES: tuple[int, ...] = (6, 12, INPUT_SIDE)

#: The ladder's training: the lab's defaults, fewer epochs (three networks must fit ~30 s).
LADDER_SETTINGS = LabSettings(epochs=20)


def shrink(images: np.ndarray, side: int) -> np.ndarray:
    """Pictures (N, H, W, 1) in 0..1 box-filtered to (N, side, side, 1), float32.

    >>> shrink(np.ones((2, 25, 25, 1)), 6).shape
    (2, 6, 6, 1)

    Raises:
        ValueError: a side below 1 or larger than the pictures (this only shrinks).
    """
    images = np.asarray(images, dtype=np.float32)
    if not 1 <= side <= min(images.shape[1:3]):
        raise ValueError(f"The side must be from 1 to {min(images.shape[1:3])} pixels; got {side}.")
    if side == images.shape[1] == images.shape[2]:
        return images
    return np.stack(
        [
            np.asarray(
                Image.fromarray(picture[..., 0], mode="F").resize(
                    (side, side), Image.Resampling.BOX
                )
            )
            for picture in images
        ]
    )[..., np.newaxis]


def shrink_split(split: Split, side: int) -> Split:
    """The same pictures, labels and sources at ``side`` × ``side``."""
    return Split(shrink(split.images, side), split.labels, split.sources)


@dataclasses.dataclass(frozen=True)
class Rung:
    """One input size: its network's parameter count and how it did on validation pictures."""

    side: int
    parameters: int
    validation_accuracy: float  # mean over the last epochs (`core.lab.judge_fit`)


def resolution_ladder(
    data: LabData,
    *,
    sides: Sequence[int] = LADDER_SIDES,
    settings: LabSettings = LADDER_SETTINGS,
    on_epoch: Callable[[int, int], None] = lambda side, epoch: None,
) -> list[Rung]:
    """Train the face recipe once per input size on the same split; one `Rung` per size.

    ``on_epoch(side, epochs done)`` is called after every epoch, for a progress bar.
    """
    rungs = []
    for side in sides:
        run = TrainingRun(
            shrink_split(data.train, side),
            shrink_split(data.validation, side),
            settings,
            network=functools.partial(
                build_model, dropout=settings.dropout, input_side=side, padding="same"
            ),
        )
        while not run.finished:
            run.train_epoch()
            on_epoch(side, run.epochs_done)
        rungs.append(
            Rung(
                side=side,
                parameters=int(run.model.count_params()),
                validation_accuracy=judge_fit(run.history).validation_accuracy,
            )
        )
    return rungs
