"""How fast is ``core.pooling.pool2d`` next to scikit-image's ``block_reduce``?

Both pool 2×2 windows with stride 2 (non-overlapping blocks, the case ``block_reduce`` covers) of
a 512×512 and a 512×512×16 float32 array, in the same run. Outputs are checked equal first, then
each call is timed; the script prints the median time of each and the ratio
(``pool2d`` / ``block_reduce``: below 1 means ``pool2d`` is faster).

Run from the repository root::

    python3 -m benchmarks.pooling_speed
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable
from functools import partial

import numpy as np
from skimage.measure import block_reduce

from core.pooling import pool2d

SHAPES: tuple[tuple[int, ...], ...] = ((512, 512), (512, 512, 16))
SIZE = 2
REDUCERS = {"max": np.max, "average": np.mean}
REPEATS = 25


def median_ms(call: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of one call in milliseconds (each sample averages a few calls)."""
    calls_per_sample = 5
    samples = timeit.repeat(call, number=calls_per_sample, repeat=repeats)
    return statistics.median(samples) / calls_per_sample * 1e3


def main() -> None:
    rng = np.random.default_rng(0)
    print(f"pool2d vs skimage.measure.block_reduce, {SIZE}×{SIZE} windows, stride {SIZE}")
    print(f"{'input':>14}  {'mode':>7}  {'pool2d ms':>9}  {'block_reduce ms':>15}  {'ratio':>5}")
    for shape in SHAPES:
        x = rng.random(shape, dtype=np.float32)
        block = (SIZE, SIZE, *[1] * (x.ndim - 2))
        for mode, reducer in REDUCERS.items():
            ours = partial(pool2d, x, SIZE, mode=mode)
            reference = partial(block_reduce, x, block, func=reducer)
            np.testing.assert_allclose(ours(), reference(), rtol=1e-6)
            ours_ms, reference_ms = median_ms(ours), median_ms(reference)
            label = "×".join(map(str, shape))
            print(
                f"{label:>14}  {mode:>7}  {ours_ms:9.2f}  {reference_ms:15.2f}  "
                f"{ours_ms / reference_ms:5.2f}"
            )


if __name__ == "__main__":
    main()
