"""Speed of one training-lab epoch: what the live curves of the Training lab wait for.

Run from the repository root:  python -m benchmarks.epoch_speed

`benchmarks/face_speed.py` times an epoch of `core.train.train_model` (the shipped model's
recipe, every face shown several times). The lab trains with its own lighter loop
(`core.lab.TrainingRun.train_epoch`: every picture once, the faces weighted in the loss), so
this times that loop, with the lab's default settings (80 % of the pictures, augmentation on)
and with augmentation off. Target (issue 7): ≤ 0.5 s per epoch on 2 CPU cores. The first epoch
is not counted: it includes building TensorFlow's training step.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from benchmarks.face_speed import EPOCH_TARGET_SECONDS
from benchmarks.timing import report, timings
from core.lab import TrainingRun, split_for_lab
from core.lab_settings import LabSettings
from core.train import load_face_dataset

REPEATS = 15


def main() -> int:
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    defaults = LabSettings()
    data = split_for_lab(
        load_face_dataset(), training_fraction=defaults.training_fraction, seed=defaults.seed
    )
    passed = []
    for augmentation in (True, False):
        run = TrainingRun(
            data.train, data.validation, LabSettings(epochs=REPEATS + 1, augmentation=augmentation)
        )
        label = (
            f"one lab epoch, {len(data.train)} pictures, augmentation "
            f"{'on' if augmentation else 'off'}"
        )
        passed.append(report(label, timings(run.train_epoch, REPEATS), EPOCH_TARGET_SECONDS))
    print("ALL PASS" if all(passed) else "SOME FAIL")
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
