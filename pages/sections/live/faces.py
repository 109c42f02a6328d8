"""The face network on live frames: the detector proposes squares, the network gives each its
P(face), the most face-like one is the answer. Importing this module loads TensorFlow."""

from __future__ import annotations

import numpy as np

from core import model
from core.detect import FaceBox, detect_faces
from pages.sections.face.network import shipped_network

#: The detector looks for faces at least this share of the frame's height: smaller ones are too
#: few pixels for the network, and the search is faster.
SMALLEST_FACE = 0.2


def best_square(rgb: np.ndarray) -> tuple[FaceBox, float] | None:
    """The most face-like of the detector's squares and its P(face), or None if it finds none.

    Raises:
        core.model.ModelLoadError: the network's files are missing or damaged.
    """
    boxes = detect_faces(rgb, min_fraction=SMALLEST_FACE)
    if not boxes:
        return None
    faces = model.box_probabilities(shipped_network(), rgb, boxes)
    best = int(faces.argmax())
    return boxes[best], float(faces[best])
