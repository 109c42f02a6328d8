"""What a link to the Training lab can carry: the controls of the next run, as
`core.lab_settings.LabSettings` checks them (no TensorFlow needed)."""

from __future__ import annotations

from dataclasses import dataclass

from core.lab_settings import (
    BATCH_SIZES,
    LEARNING_RATES,
    MAX_DROPOUT,
    MAX_EPOCHS,
    OPTIMIZERS,
    TRAINING_FRACTION_LIMITS,
    LabSettings,
)
from pages.settings import PageSettings, flag, one_of, real_number, setting, show_flag, whole_number

_DEFAULT = LabSettings()
MAX_SEED = 9999


@dataclass(frozen=True)
class TrainingSettings(PageSettings):
    """The settings of the next run in the lab (see `core.lab_settings.LabSettings`)."""

    epochs: int = setting("training_epochs", _DEFAULT.epochs, whole_number(1, MAX_EPOCHS))
    optimizer: str = setting("training_optimizer", _DEFAULT.optimizer, one_of(OPTIMIZERS))
    learning_rate: float = setting(
        "training_learning_rate", _DEFAULT.learning_rate, one_of(LEARNING_RATES)
    )
    batch_size: int = setting("training_batch_size", _DEFAULT.batch_size, one_of(BATCH_SIZES))
    dropout: float = setting("training_dropout", _DEFAULT.dropout, real_number(0.0, MAX_DROPOUT))
    augmentation: bool = setting("training_augmentation", _DEFAULT.augmentation, flag(), show_flag)
    training_fraction: float = setting(
        "training_fraction", _DEFAULT.training_fraction, real_number(*TRAINING_FRACTION_LIMITS)
    )
    seed: int = setting("training_seed", _DEFAULT.seed, whole_number(0, MAX_SEED))

    def lab_settings(self) -> LabSettings:
        """These settings as the lab trains with them."""
        return LabSettings(
            epochs=self.epochs,
            optimizer=self.optimizer,
            learning_rate=self.learning_rate,
            batch_size=self.batch_size,
            dropout=self.dropout,
            augmentation=self.augmentation,
            training_fraction=self.training_fraction,
            seed=self.seed,
        )
