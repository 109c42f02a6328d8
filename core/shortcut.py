"""When the data lies: a network trained on pictures where a meaningless mark gives the answer.

Seed 003's example: if most people wearing glasses in the training data are women, glasses
become "evidence" of being a woman. The network learns whatever separates the classes in its
training data, wanted or not. `shortcut_experiment` builds the same trap where it can be
measured: a small bright square in the top-left corner (`add_mark`) on every training face and
on no training non-face. It then trains that network and one on the unmarked pictures, with
the same settings and split, and asks both about test pictures where the mark lies: faces
without it, non-faces with it. The lab trains without augmentation here: a flip or a shift
would move the mark around, and real shortcuts (a watermark, a hospital's ruler in a scan)
stay put too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from core.lab import LabData, LabSettings, TrainingRun, judge_fit
from core.model import FACE_CLASS, occlusion_map
from core.train import CLASSES, Split

FACE_LABEL = CLASSES.index(FACE_CLASS)

#: The mark: a square of this many pixels a side, at full brightness, in the top-left corner.
MARK_SIDE = 3
MARK_VALUE = 1.0

#: Both networks train like this: the lab's defaults, no augmentation (it would move the mark).
SHORTCUT_SETTINGS = LabSettings(epochs=15, augmentation=False)

#: Hide-and-see on the marked non-faces uses a patch as large as the mark.
OCCLUSION_PATCH = MARK_SIDE


def add_mark(images: np.ndarray) -> np.ndarray:
    """A copy of the pictures (N, H, W, 1) with the mark in their top-left corner.

    >>> add_mark(np.zeros((1, 5, 5, 1)))[0, :4, :4, 0].tolist()
    [[1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
    """
    marked = np.array(images, dtype=np.float32)
    marked[:, :MARK_SIDE, :MARK_SIDE, :] = MARK_VALUE
    return marked


def mark_faces(split: Split) -> Split:
    """The biased copy: every face marked, every non-face as it was."""
    faces = split.labels == FACE_LABEL
    images = np.array(split.images, dtype=np.float32)
    images[faces] = add_mark(images[faces])
    return Split(images, split.labels, split.sources)


def mark_share(drops: np.ndarray) -> float:
    """The share of a hide-and-see map's positive drop that lies on the mark (0..1).

    The mark covers 9 of 625 pixels (1.4 %); a network that ignores it puts about that share
    there or less.
    """
    positive = np.clip(drops, 0, None)
    total = float(positive.sum())
    return float(positive[:MARK_SIDE, :MARK_SIDE].sum()) / total if total > 0 else 0.0


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one network does with the test pictures where the mark lies."""

    faces_right: int  # unmarked test faces called "face"
    faces: int
    marked_non_faces_called_face: int  # test non-faces with the mark, called "face"
    non_faces: int
    mark_share: float  # median share of hide-and-see on the mark, over the marked non-faces


@dataclasses.dataclass(frozen=True)
class ShortcutResult:
    """The biased network against the one trained on the same pictures without the mark."""

    biased: Outcome
    clean: Outcome
    biased_validation_accuracy: float  # on validation pictures marked the same way
    example: np.ndarray  # the marked test non-face the biased network finds most face-like
    example_face_probability: float  # the biased network's P(face) for it
    example_drops: np.ndarray  # its hide-and-see map for the biased network


def _outcome(run: TrainingRun, faces: np.ndarray, marked_non_faces: np.ndarray) -> Outcome:
    face_probability = run.probabilities(np.concatenate([faces, marked_non_faces]))[:, FACE_LABEL]
    called_face = face_probability > 0.5
    explainer = run.explainer(FACE_LABEL)
    shares = [
        mark_share(occlusion_map(explainer, picture, patch=OCCLUSION_PATCH))
        for picture in marked_non_faces
    ]
    return Outcome(
        faces_right=int(called_face[: len(faces)].sum()),
        faces=len(faces),
        marked_non_faces_called_face=int(called_face[len(faces) :].sum()),
        non_faces=len(marked_non_faces),
        mark_share=float(np.median(shares)),
    )


def shortcut_experiment(
    data: LabData,
    *,
    settings: LabSettings = SHORTCUT_SETTINGS,
    on_epoch: Callable[[str, int], None] = lambda which, epoch: None,
) -> ShortcutResult:
    """Train on marked faces and on clean pictures (same split, same settings); test both.

    The test pictures are ``data.test``: its faces as they are, its non-faces with the mark.
    ``on_epoch(which, epochs done)`` is called after every epoch, ``which`` being "biased" or
    "clean".
    """
    runs = {
        "biased": TrainingRun(mark_faces(data.train), mark_faces(data.validation), settings),
        "clean": TrainingRun(data.train, data.validation, settings),
    }
    for which, run in runs.items():
        while not run.finished:
            run.train_epoch()
            on_epoch(which, run.epochs_done)
    is_face = data.test.labels == FACE_LABEL
    faces, marked = data.test.images[is_face], add_mark(data.test.images[~is_face])
    biased = runs["biased"]
    face_probability = biased.probabilities(marked)[:, FACE_LABEL]
    most_face_like = int(np.argmax(face_probability))
    return ShortcutResult(
        biased=_outcome(biased, faces, marked),
        clean=_outcome(runs["clean"], faces, marked),
        biased_validation_accuracy=judge_fit(biased.history).validation_accuracy,
        example=marked[most_face_like],
        example_face_probability=float(face_probability[most_face_like]),
        example_drops=occlusion_map(
            biased.explainer(FACE_LABEL), marked[most_face_like], patch=OCCLUSION_PATCH
        ),
    )
