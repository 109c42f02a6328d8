"""Transfer learning: start a network for new classes from the face network's filters.

A network that starts from random weights must learn its filters and its answer from the few
pictures a person gives it. One that reuses the face network's convolution layers already
has filters that respond to edges, blobs and corners of 25 × 25 gray pictures (learned from
its face / not-face training pictures); it only has to learn a new head, the dense layers
that turn those features into the person's classes. That needs fewer pictures, as long as
the new classes are told apart by the kind of pattern those filters find.

- `reused_network` builds the lab's network with ``conv1`` and ``conv2`` copied from the face
  network and frozen (their weights do not change in training); the dense head is new.
- `TransferRun` is a `core.lab.TrainingRun` of that network; with ``unfreeze_for_last`` the
  reused filters may change too in the last epochs, the whole network then learning at a tenth
  of the rate (fine-tuning).
- `train_both` makes a random start and a reused start on the same pictures, same split,
  same settings; `epochs_of_both` trains them epoch by epoch; `compare_starts` counts the
  validation pictures each gets right.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence

import keras
import numpy as np

from core.lab import LabSettings, TrainingRun
from core.train import CLASSES, Split, build_model

#: The face network's layers a new network reuses: both convolutions, the filters.
REUSED_LAYERS: tuple[str, ...] = ("conv1", "conv2")

#: Fine-tuning divides the learning rate by this once the reused layers are let go.
FINE_TUNING_SLOWDOWN = 10


def fine_tuning_epochs(epochs: int) -> int:
    """How many of the last epochs fine-tune the reused layers: a quarter, at least one.

    >>> fine_tuning_epochs(40), fine_tuning_epochs(5), fine_tuning_epochs(1)
    (10, 1, 1)
    """
    return max(1, epochs // 4)


def reused_network(base: keras.Model, *, class_count: int, dropout: float) -> keras.Model:
    """The lab's network with `REUSED_LAYERS` copied from ``base`` and frozen; a new head.

    ``base`` must have layers of those names and shapes (the face network has). The copy is
    independent: training the new network never changes ``base``.

    Raises:
        ValueError: ``base`` lacks a reused layer or its shapes differ.
    """
    network = build_model(dropout=dropout, class_count=class_count)
    for name in REUSED_LAYERS:
        try:
            weights = base.get_layer(name).get_weights()
        except ValueError as error:
            raise ValueError(f"The network to reuse has no layer named {name!r}.") from error
        layer = network.get_layer(name)
        shapes = [tuple(w.shape) for w in layer.get_weights()]
        if [tuple(w.shape) for w in weights] != shapes:
            raise ValueError(
                f"Layer {name!r} of the network to reuse has weights of shapes "
                f"{[tuple(w.shape) for w in weights]}; the new network needs {shapes}."
            )
        layer.set_weights(weights)
        layer.trainable = False
    return network


class TransferRun(TrainingRun):
    """A `TrainingRun` of `reused_network`: the face network's filters, a new head.

    With ``unfreeze_for_last`` = n > 0, the reused layers train too in the last n epochs, and
    the whole network then learns at the rate divided by `FINE_TUNING_SLOWDOWN` (large steps
    would wreck filters that already work).

    Raises:
        ValueError: as `TrainingRun`, or ``unfreeze_for_last`` outside 0..epochs.
    """

    def __init__(
        self,
        train: Split,
        validation: Split,
        settings: LabSettings,
        *,
        base: keras.Model,
        classes: Sequence[str] = CLASSES,
        unfreeze_for_last: int = 0,
    ) -> None:
        if not 0 <= unfreeze_for_last <= settings.epochs:
            raise ValueError(
                f"Fine-tuning can take from 0 to all {settings.epochs} epochs; "
                f"got {unfreeze_for_last}."
            )
        self.unfreeze_for_last = unfreeze_for_last
        super().__init__(
            train,
            validation,
            settings,
            classes=classes,
            network=lambda: reused_network(
                base, class_count=len(classes), dropout=settings.dropout
            ),
        )

    @property
    def frozen(self) -> tuple[str, ...]:
        """The layers whose weights training does not change now (none once fine-tuning began)."""
        return tuple(layer.name for layer in self.model.layers if not layer.trainable)

    @property
    def epochs_fine_tuned(self) -> int:
        """Epochs trained so far with the reused layers let go (0 if stopped before that)."""
        if not self.unfreeze_for_last:
            return 0
        return max(0, self.epochs_done - (self.settings.epochs - self.unfreeze_for_last))

    def train_epoch(self) -> dict[str, float]:
        """Let the reused layers go once the last ``unfreeze_for_last`` epochs begin, then train."""
        if self.frozen and self.epochs_done >= self.settings.epochs - self.unfreeze_for_last:
            for name in REUSED_LAYERS:
                self.model.get_layer(name).trainable = True
            self._compile(self.settings.learning_rate / FINE_TUNING_SLOWDOWN)
        return super().train_epoch()


def train_both(
    train: Split,
    validation: Split,
    settings: LabSettings,
    *,
    base: keras.Model,
    classes: Sequence[str],
    unfreeze_for_last: int = 0,
) -> tuple[TrainingRun, TransferRun]:
    """A random start and a reused start on the same pictures, split and settings, untrained.

    Train them with `epochs_of_both` (or `TrainingRun.train_epoch` on each).
    """
    return (
        TrainingRun(train, validation, settings, classes=classes),
        TransferRun(
            train,
            validation,
            settings,
            base=base,
            classes=classes,
            unfreeze_for_last=unfreeze_for_last,
        ),
    )


def epochs_of_both(
    runs: Sequence[TrainingRun], *, still_wanted: Callable[[], bool] = lambda: True
) -> Iterator[int]:
    """Train every run one epoch at a time, in turn, until all are finished; yield the epochs
    done after each round, so a page can draw between rounds or stop (``still_wanted``)."""
    while still_wanted() and not all(run.finished for run in runs):
        for run in runs:
            if not run.finished:
                run.train_epoch()
        yield max(run.epochs_done for run in runs)


@dataclasses.dataclass(frozen=True)
class StartComparison:
    """How many of the same ``validation_pictures`` each start's network gets right now."""

    random_right: int
    reused_right: int
    validation_pictures: int

    @property
    def difference(self) -> int:
        """Pictures the reused start gets right beyond the random start (negative: fewer)."""
        return self.reused_right - self.random_right

    @property
    def better(self) -> str | None:
        """``"reused"`` or ``"random"``, or None when both get as many right."""
        if self.difference == 0:
            return None
        return "reused" if self.difference > 0 else "random"


def pictures_right(run: TrainingRun) -> int:
    """How many of its validation pictures the run's network gets right now."""
    guesses = run.probabilities(run.validation.images).argmax(axis=1)
    return int(np.sum(guesses == run.validation.labels))


def compare_starts(random_run: TrainingRun, reused_run: TrainingRun) -> StartComparison:
    """The two starts on their (shared) validation pictures, counted picture by picture.

    With a few dozen pictures a count says more than a percentage: one picture of eight is
    12.5 points.

    Raises:
        ValueError: runs checked on different pictures.
    """
    if random_run.validation.sources != reused_run.validation.sources or not np.array_equal(
        random_run.validation.images, reused_run.validation.images
    ):
        raise ValueError("The two runs were checked on different pictures; nothing to compare.")
    return StartComparison(
        random_right=pictures_right(random_run),
        reused_right=pictures_right(reused_run),
        validation_pictures=len(random_run.validation),
    )
