"""How long the picture loader takes, and how much memory, on every hostile or odd upload.

Run: ``python -m benchmarks.loader_speed``. Target: no input of up to 10 MB takes more than 2 s.
Peak memory is Python's traced allocations during the call (NumPy and Pillow buffers included).
"""

from __future__ import annotations

import time
import tracemalloc

from core.images import ImageLoadError, load_image
from tests.hostile_files import HOSTILE_FILES

TARGET_SECONDS = 2.0
TEN_MB = 10 * 2**20


def main() -> None:
    print(f"{'upload':22} {'size':>10} {'result':>10} {'seconds':>8} {'peak MB':>8}")
    worst = 0.0
    for upload in HOSTILE_FILES:
        data = upload.make()
        tracemalloc.start()
        start = time.perf_counter()
        try:
            rgb = load_image(data)
            result = f"{rgb.shape[1]}×{rgb.shape[0]}"
        except ImageLoadError:
            result = "refused"
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        if len(data) <= TEN_MB:
            worst = max(worst, seconds)
        print(f"{upload.name:22} {len(data) / 2**20:9.2f}M {result:>10} {seconds:8.3f} {peak:8.1f}")
    verdict = "PASS" if worst <= TARGET_SECONDS else "FAIL"
    print(f"\nslowest input up to 10 MB: {worst:.3f} s (target ≤ {TARGET_SECONDS} s) {verdict}")


if __name__ == "__main__":
    main()
