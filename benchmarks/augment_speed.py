"""Speed of core.augment: the Augmentation page's previews and the face CNN's batches.

Run from the repository root:  python3 benchmarks/augment_speed.py

Targets:
- 16 previews of a 256 × 256 RGB picture with the default settings in ≤ 300 ms (server time
  for one page render); the same with every strength at its maximum is reported against the same
  target.
- `augment_batch` on 160 pictures of 25 × 25 × 1 in ≤ 60 ms (the face CNN's epoch budget is 0.5 s).

Prints the median wall-clock time of several runs and PASS / FAIL against its target, with the
median CPU time alongside: the machine may be shared, so the load average is printed too.
"""

import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from skimage import data
from skimage.transform import resize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from benchmarks.timing import report, timings
from core.augment import STRENGTH_LIMITS, AugmentSettings, augment, augment_batch, describe

PREVIEW_COUNT = 16
PREVIEW_TARGET_SECONDS = 0.300
BATCH_SHAPE = (160, 25, 25, 1)
BATCH_TARGET_SECONDS = 0.060

#: Every strength at its maximum and the roughest elastic field.
STRONGEST = dataclasses.replace(
    AugmentSettings(**{name: high for name, (_, high) in STRENGTH_LIMITS.items()}),
    elastic_smoothness=STRENGTH_LIMITS["elastic_smoothness"][0],
)


def main() -> int:
    picture = np.rint(resize(data.astronaut(), (256, 256), anti_aliasing=True) * 255).astype(
        np.uint8
    )
    batch = np.random.default_rng(0).random(BATCH_SHAPE, dtype=np.float32)
    training_rng = np.random.default_rng(1)  # one generator for all epochs, as in training

    def previews(settings: AugmentSettings) -> Callable[[], list[str]]:
        return lambda: [
            describe(augment(picture, settings, seed=seed).params) for seed in range(PREVIEW_COUNT)
        ]

    print(f"load average (1 min) {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    results = [
        report(
            f"{PREVIEW_COUNT} previews 256×256 RGB, default settings",
            timings(previews(AugmentSettings()), repeats=7),
            PREVIEW_TARGET_SECONDS,
        ),
        report(
            f"{PREVIEW_COUNT} previews 256×256 RGB, every strength at max",
            timings(previews(STRONGEST), repeats=7),
            PREVIEW_TARGET_SECONDS,
        ),
        report(
            "augment_batch 160 × 25×25×1, default settings",
            timings(lambda: augment_batch(batch, AugmentSettings(), seed=training_rng), 15),
            BATCH_TARGET_SECONDS,
        ),
        report(
            "augment_batch 160 × 25×25×1, every strength at max",
            timings(lambda: augment_batch(batch, STRONGEST, seed=training_rng), 15),
            BATCH_TARGET_SECONDS,
        ),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
