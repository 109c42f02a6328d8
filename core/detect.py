"""Find frontal faces in a photo, so the face CNN can be shown a well-cropped face.

The face CNN only answers "face or not?" for one small square picture; something has to propose
where to look. This module uses the classic detector that ships inside scikit-image: a cascade
of Local Binary Pattern features trained on frontal faces
(`skimage.data.lbp_frontal_face_cascade_filename`, run by `skimage.feature.Cascade`). It needs
no TensorFlow, so any page can detect faces quickly.

Example
-------
>>> from core.images import load_sample
>>> detect_faces(load_sample("astronaut"))
[FaceBox(top=65, left=173, side=102)]
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import numpy as np
from skimage import data as skdata
from skimage.feature import Cascade

from core.images import to_gray

#: Each scale of the search is this much larger than the one before (smaller = slower, finer).
SCALE_FACTOR: float = 1.2

#: Step between windows as a share of the window side (1 = the detector's finest step).
STEP_RATIO: float = 1.0

#: Overlapping hits needed to report a face; fewer would report more false faces.
MIN_NEIGHBOURS: int = 4

#: The cascade's own window is 24 × 24 pixels: it cannot find smaller faces.
SMALLEST_FACE: int = 24


@dataclass(frozen=True)
class FaceBox:
    """A square in a picture: ``top`` row, ``left`` column and ``side`` in pixels."""

    top: int
    left: int
    side: int

    def crop(self, image: np.ndarray) -> np.ndarray:
        """The square's pixels, ``image[top : top + side, left : left + side]``.

        >>> FaceBox(1, 2, 2).crop(np.arange(16).reshape(4, 4))
        array([[ 6,  7],
               [10, 11]])
        """
        return image[self.top : self.top + self.side, self.left : self.left + self.side]


def square_at(shape: tuple[int, ...], *, centre_row: int, centre_col: int, side: int) -> FaceBox:
    """The ``side`` × ``side`` square centred as near (``centre_row``, ``centre_col``) as fits.

    For a crop a person sets by hand: the square is shrunk to the picture's shorter side if
    needed, then slid (never cut) until it lies inside a picture of ``shape`` (H, W[, C]), so
    any centre gives a valid crop. An even side puts the centre just below and right of middle.

    >>> square_at((100, 200), centre_row=50, centre_col=100, side=40)
    FaceBox(top=30, left=80, side=40)
    >>> square_at((100, 200), centre_row=0, centre_col=199, side=500)  # too big, at the corner
    FaceBox(top=0, left=100, side=100)

    Raises:
        ValueError: an empty picture shape or a side below 1.
    """
    height, width = shape[:2]
    if height < 1 or width < 1:
        raise ValueError(f"The picture must have at least one pixel; got shape {tuple(shape)}.")
    if side < 1:
        raise ValueError(f"A square needs a side of at least 1 pixel; got {side}.")
    side = min(int(side), height, width)
    top = min(max(int(centre_row) - side // 2, 0), height - side)
    left = min(max(int(centre_col) - side // 2, 0), width - side)
    return FaceBox(top, left, side)


_CASCADE_LOCK = threading.Lock()


@functools.cache
def _cascade() -> Cascade:
    """The LBP frontal-face cascade, read once per process from scikit-image's data folder."""
    return Cascade(skdata.lbp_frontal_face_cascade_filename())


def detect_faces(
    image: np.ndarray, *, min_fraction: float = 0.1, max_fraction: float = 1.0
) -> list[FaceBox]:
    """Frontal faces in a gray or RGB uint8 photo, largest first.

    Faces are searched between ``min_fraction`` and ``max_fraction`` of the photo's shorter side
    (and never below the cascade's 24 pixels). Raising ``min_fraction`` is faster and avoids
    small false hits in textured backgrounds. Each box is square and lies inside the photo; an
    empty list means no face was found (or the photo is smaller than 24 × 24).

    Raises:
        ValueError: a picture that is not (H, W) or (H, W, 3), or fractions outside
            0 < min_fraction ≤ max_fraction ≤ 1.
    """
    if not 0 < min_fraction <= max_fraction <= 1:
        raise ValueError(
            "Face sizes are shares of the photo's shorter side: need 0 < min_fraction ≤ "
            f"max_fraction ≤ 1; got min_fraction={min_fraction}, max_fraction={max_fraction}."
        )
    gray = to_gray(image)
    shorter = min(gray.shape)
    smallest = max(SMALLEST_FACE, round(min_fraction * shorter))
    largest = round(max_fraction * shorter)
    if largest < smallest:
        return []
    with _CASCADE_LOCK:
        detections = _cascade().detect_multi_scale(
            img=gray,
            scale_factor=SCALE_FACTOR,
            step_ratio=STEP_RATIO,
            min_size=(smallest, smallest),
            max_size=(largest, largest),
            min_neighbor_number=MIN_NEIGHBOURS,
        )
    boxes = [
        FaceBox(int(found["r"]), int(found["c"]), int(min(found["width"], found["height"])))
        for found in detections
    ]
    inside = [
        box
        for box in boxes
        if box.top + box.side <= gray.shape[0] and box.left + box.side <= gray.shape[1]
    ]
    return sorted(inside, key=lambda box: (-box.side, box.top, box.left))
