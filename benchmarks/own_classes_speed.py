"""The training lab's newer experiments (issue 16): own classes from two starts, the
resolution ladder, the biased data; and whether reusing the face network's filters helps.

Run from the repository root:  python -m benchmarks.own_classes_speed

Targets, on 2 CPU cores:
- 4 classes × 10 pictures, 20 epochs, both networks (random start and reused filters) built
  and trained, one after the other epoch by epoch as the page does: ≤ 4 s;
- the resolution ladder (three networks, 6 × 6, 12 × 12, 25 × 25): ≤ 30 s in all;
- a task no page tunes to: two classes cut from bundled pictures the face network never
  trained on (coins against gravel), 5 training pictures per class, 20 validation pictures per
  class from other rows of the same pictures. The share of validation pictures the reused start
  gets right, averaged over 5 seeds, ≥ the random start's. Both are printed.
The biased-data experiment is timed for information.
"""

import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.timing import record_row, report, timings
from core import lab, model, resolution, shortcut, transfer
from core.train import INPUT_SHAPE, load_face_dataset, load_photo, photo_patches

PAIR_TARGET_SECONDS = 4.0
LADDER_TARGET_SECONDS = 30.0
SPEED_PHOTOS = ("coins", "gravel", "chelsea", "camera")  # four classes for the speed run
TASK_PHOTOS = ("coins", "gravel")  # neither is in core.training_pictures.TRAINING_PHOTOS
TASK_SEEDS = range(5)
TASK_TRAINING_PER_CLASS, TASK_VALIDATION_PER_CLASS = 5, 20


def patches(name: str, count: int, rng: np.random.Generator, rows: tuple[float, float]) -> list:
    """``count`` network inputs cut from the bundled picture ``name`` within ``rows``."""
    cut = photo_patches(load_photo(name), count, rng, rows=rows)
    return list(cut.reshape(count, *INPUT_SHAPE))


def train_both_starts(base) -> None:
    """Build and train both networks on 4 classes × 10 pictures for 20 epochs."""
    rng = np.random.default_rng(0)
    pictures = lab.own_classes_pictures([patches(n, 10, rng, (0, 1)) for n in SPEED_PHOTOS])
    settings = dataclasses.replace(lab.OWN_CLASSES_SETTINGS, epochs=20)
    train, validation = lab.split_pictures(
        pictures, training_fraction=settings.training_fraction, seed=settings.seed
    )
    runs = transfer.train_both(train, validation, settings, base=base, classes=SPEED_PHOTOS)
    for _ in transfer.epochs_of_both(runs):
        pass


def once(run):
    """(([wall seconds], [CPU seconds]), result) of one call of ``run``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return ([time.perf_counter() - wall], [time.process_time() - cpu]), result


def task_comparison(base, seed: int) -> transfer.StartComparison:
    """Random start against reused filters on the coins-or-gravel task, for one seed."""
    rng = np.random.default_rng(seed)
    train = lab.own_classes_pictures(
        [patches(n, TASK_TRAINING_PER_CLASS, rng, (0, 0.5)) for n in TASK_PHOTOS]
    )
    validation = lab.own_classes_pictures(
        [patches(n, TASK_VALIDATION_PER_CLASS, rng, (0.5, 1)) for n in TASK_PHOTOS]
    )
    settings = dataclasses.replace(lab.OWN_CLASSES_SETTINGS, seed=seed)
    runs = transfer.train_both(train, validation, settings, base=base, classes=TASK_PHOTOS)
    for _ in transfer.epochs_of_both(runs):
        pass
    return transfer.compare_starts(*runs)


def main() -> int:
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    base = model.load_face_model().model
    # timings warms up first: TensorFlow's first training step in this process is not counted.
    pair = timings(lambda: train_both_starts(base), 3)
    ok = report("Own classes: 4 × 10 pictures, 20 epochs, both starts", pair, PAIR_TARGET_SECONDS)

    defaults = lab.LabSettings()
    data = lab.split_for_lab(
        load_face_dataset(), training_fraction=defaults.training_fraction, seed=defaults.seed
    )
    ladder, rungs = once(lambda: resolution.resolution_ladder(data))
    ok &= report("Resolution ladder: 6, 12 and 25 pixels", ladder, LADDER_TARGET_SECONDS)
    for rung in rungs:
        print(
            f"  {rung.side:>2} × {rung.side:<2}  validation accuracy "
            f"{rung.validation_accuracy:.1%}, {rung.parameters:,} weights"
        )

    biased, outcome = once(lambda: shortcut.shortcut_experiment(data))
    report("Biased data: both networks trained and tested", biased, None)
    print(
        f"  marked non-faces called face: {outcome.biased.marked_non_faces_called_face} of "
        f"{outcome.biased.non_faces} (biased), {outcome.clean.marked_non_faces_called_face} (clean)"
    )

    comparisons = [task_comparison(base, seed) for seed in TASK_SEEDS]
    random_mean = statistics.mean(c.random_right / c.validation_pictures for c in comparisons)
    reused_mean = statistics.mean(c.reused_right / c.validation_pictures for c in comparisons)
    for seed, c in zip(TASK_SEEDS, comparisons, strict=True):
        print(
            f"  seed {seed}: random start {c.random_right} of {c.validation_pictures}, "
            f"reused filters {c.reused_right}"
        )
    verdict = "PASS" if reused_mean >= random_mean else "FAIL"
    print(
        f"{'Coins or gravel, 5 per class, mean of 5 seeds':<58} random start {random_mean:.1%}, "
        f"reused filters {reused_mean:.1%}  target reused ≥ random  {verdict}"
    )
    record_row(
        "Coins or gravel, 5 pictures per class: validation pictures right",
        f"reused {reused_mean:.1%}, random {random_mean:.1%}",
        "reused ≥ random",
        verdict,
    )
    ok &= verdict == "PASS"
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
