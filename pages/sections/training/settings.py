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
from pages.settings import PageSettings, flag, one_of, setting, show_flag, whole_number

_DEFAULT = LabSettings()
MAX_SEED = 9999
FRACTION_STEP = DROPOUT_STEP = 0.05


def steps(low: float, high: float, step: float) -> tuple[float, ...]:
    """``low`` to ``high`` in steps of ``step``, rounded as the sliders show them (0.35, not
    0.35000000000000003), so each is the value a link writes."""
    return tuple(round(low + i * step, 2) for i in range(round((high - low) / step) + 1))


#: What the dropout and training-fraction sliders offer; a link may carry only these.
DROPOUT_OPTIONS = steps(0.0, MAX_DROPOUT, DROPOUT_STEP)
FRACTION_OPTIONS = steps(*TRAINING_FRACTION_LIMITS, FRACTION_STEP)


@dataclass(frozen=True)
class TrainingSettings(PageSettings):
    """The settings of the next run in the lab (see `core.lab_settings.LabSettings`)."""

    epochs: int = setting("training_epochs", _DEFAULT.epochs, whole_number(1, MAX_EPOCHS))
    optimizer: str = setting("training_optimizer", _DEFAULT.optimizer, one_of(OPTIMIZERS))
    learning_rate: float = setting(
        "training_learning_rate", _DEFAULT.learning_rate, one_of(LEARNING_RATES)
    )
    batch_size: int = setting("training_batch_size", _DEFAULT.batch_size, one_of(BATCH_SIZES))
    dropout: float = setting("training_dropout", _DEFAULT.dropout, one_of(DROPOUT_OPTIONS))
    augmentation: bool = setting("training_augmentation", _DEFAULT.augmentation, flag(), show_flag)
    training_fraction: float = setting(
        "training_fraction", _DEFAULT.training_fraction, one_of(FRACTION_OPTIONS)
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
