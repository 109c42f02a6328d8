"""How fast is core.convolution.correlate2d next to scipy.ndimage.correlate?

Run as ``python benchmarks/convolution_speed.py``. Both run in the same process on the same
1024 × 1024 float32 picture, alternating, and the median of each is compared with the target:
correlate2d may take at most 1.5× scipy's time. The exit status is 1 if any case fails.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy import ndimage

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.convolution import correlate2d

TARGET_RATIO = 1.5
SIDE = 1024
REPEATS = 25
CASES = (  # (label, kernel side, stride)
    ("3×3, stride 1", 3, 1),
    ("7×7, stride 1", 7, 1),
    ("3×3, stride 2", 3, 2),
)


def median_ms(seconds: list[float]) -> float:
    return 1000 * statistics.median(seconds)


def time_pair(image: np.ndarray, kernel: np.ndarray, stride: int) -> tuple[float, float]:
    """Median milliseconds of correlate2d and of scipy, timed in alternation so that load from
    other processes hits both alike."""
    ours, theirs = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        correlate2d(image, kernel, padding="zero", stride=stride)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        # scipy has no stride: it computes every pixel and the extra ones are dropped.
        ndimage.correlate(image, kernel, mode="constant", cval=0.0)[::stride, ::stride]
        theirs.append(time.perf_counter() - start)
    return median_ms(ours), median_ms(theirs)


def main() -> int:
    rng = np.random.default_rng(0)
    image = rng.random((SIDE, SIDE), dtype=np.float32)
    print(f"{SIDE}×{SIDE} float32 image, padding='zero', median of {REPEATS} runs")
    print(f"{'case':<16}{'correlate2d':>14}{'scipy':>12}{'ratio':>9}   target ≤ {TARGET_RATIO}×")
    all_pass = True
    for label, k, stride in CASES:
        kernel = rng.normal(size=(k, k))
        expected = ndimage.correlate(image, kernel, mode="constant", output=np.float64)
        np.testing.assert_allclose(
            correlate2d(image, kernel, padding="zero", stride=stride),
            expected[::stride, ::stride],
            rtol=1e-9,
            atol=1e-9,
        )
        ours, theirs = time_pair(image, kernel, stride)
        ratio = ours / theirs
        verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
        all_pass &= verdict == "PASS"
        print(f"{label:<16}{ours:>11.2f} ms{theirs:>9.2f} ms{ratio:>8.2f}×   {verdict}")
    return 0 if all_pass else 1


if __name__ == "__main__":
    sys.exit(main())
