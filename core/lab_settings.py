"""The training lab's settings, without TensorFlow: what each control may be, and the presets.

`core.lab` trains with them; the Training lab page checks a link's settings against them before
anything heavy is loaded.
"""

from __future__ import annotations

import dataclasses
import math

#: The optimizers the lab offers, as the page names them.
OPTIMIZERS: tuple[str, ...] = ("SGD", "SGD with momentum", "RMSprop", "Adam")

#: Momentum of "SGD with momentum": each step keeps 90 % of the previous one.
MOMENTUM = 0.9

#: Learning rates offered (a log scale: each about 2 to 2.5 times the one before).
LEARNING_RATES: tuple[float, ...] = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1)

#: Batch sizes offered: pictures per weight update.
BATCH_SIZES: tuple[int, ...] = (8, 16, 32, 64, 128, 256)

#: Limits of the controls.
MAX_EPOCHS = 100
MAX_DROPOUT = 0.7
TRAINING_FRACTION_LIMITS = (0.1, 0.9)

#: The figures recorded after each epoch, as Keras names them.
HISTORY_KEYS: tuple[str, ...] = ("loss", "accuracy", "val_loss", "val_accuracy")


@dataclasses.dataclass(frozen=True)
class LabSettings:
    """Everything the lab's controls set, checked on creation.

    ``training_fraction`` is the share of the pictures (test pictures excepted) the network
    learns from; the rest are its validation pictures. ``augmentation`` switches the
    `core.augment` pipeline (the Augmentation page's defaults) on or off. ``seed`` fixes the
    split, the first weights, the batch order, the augmentation and the dropout draws.

    Raises:
        ValueError: a setting outside what the lab offers, with the range it allows.
    """

    epochs: int = 30
    optimizer: str = "Adam"
    learning_rate: float = 2e-3
    batch_size: int = 32
    dropout: float = 0.3
    augmentation: bool = True
    training_fraction: float = 0.8
    seed: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.epochs, int) or not 1 <= self.epochs <= MAX_EPOCHS:
            raise ValueError(
                f"epochs must be a whole number from 1 to {MAX_EPOCHS}; got {self.epochs!r}."
            )
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(
                f"Unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZERS)}."
            )
        if not math.isfinite(self.learning_rate) or self.learning_rate <= 0:
            raise ValueError(
                f"The learning rate must be a positive number; got {self.learning_rate!r}. "
                "With 0 the weights never move and nothing is learned."
            )
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(
                f"The batch size must be a whole number of at least 1; got {self.batch_size!r}."
            )
        if not 0 <= self.dropout <= MAX_DROPOUT:
            raise ValueError(f"Dropout must be from 0 to {MAX_DROPOUT}; got {self.dropout!r}.")
        low, high = TRAINING_FRACTION_LIMITS
        if not low <= self.training_fraction <= high:
            raise ValueError(
                f"The training fraction must be from {low} to {high}, so that both the training "
                f"and the validation pictures are there; got {self.training_fraction!r}."
            )

    def describe(self) -> str:
        """A short label for a run: ``"Adam 0.002 · batch 32 · dropout 0.3 · aug on · 80 % train
        · seed 1"`` for the defaults."""
        return (
            f"{self.optimizer} {self.learning_rate:g} · batch {self.batch_size} · dropout "
            f"{self.dropout:g} · aug {'on' if self.augmentation else 'off'} · "
            f"{self.training_fraction:.0%} train · seed {self.seed}"
        )


#: Settings that tell the story: the same small training set, without and with the two cures.
PRESETS: dict[str, LabSettings] = {
    "Overfit": LabSettings(
        epochs=60, dropout=0.0, augmentation=False, training_fraction=0.2, learning_rate=5e-3
    ),
    "Regularised": LabSettings(
        epochs=60, dropout=0.5, augmentation=True, training_fraction=0.2, learning_rate=5e-3
    ),
}
