"""Which bundled pictures the face network learned from, readable without TensorFlow.

`core.train` cuts "not face" training patches from the `TRAINING_PHOTOS` and keeps the
`HELD_OUT_PHOTOS` for testing only. The picture picker and the Face page read these same lists to
say, next to an answer, whether the picture was part of the network's training data: what a
network says of its own training pictures is no test of it.

>>> trained_on("brick"), trained_on("astronaut"), trained_on("gravel")
(True, False, False)
"""

from __future__ import annotations

#: scikit-image pictures with no people and no animals, cut into "not face" training patches:
#: the hard negatives LFW lacks (its non-faces are mostly flat patches).
TRAINING_PHOTOS: tuple[str, ...] = (
    "brick",
    "grass",
    "text",
    "page",
    "coffee",
    "rocket",
    "checkerboard",
    "moon",
    "hubble_deep_field",
    "immunohistochemistry",
    "retina",
    "colorwheel",
)

#: Pictures the model never trains on: their patches are only in the held-out texture set.
HELD_OUT_PHOTOS: tuple[str, ...] = ("gravel", "stereo_motorcycle", "clock", "cell")

#: The bottom quarter of every training photo is held out too: training patches come from the
#: rows above it, held-out patches from the rows inside it. (Training also sees each whole
#: photo shrunk to 25 × 25, where those rows are a few blurred pixels.)
HELD_OUT_ROWS = 0.25

#: Bundled photos with a frontal face that scikit-image's LBP detector finds, never trained on:
#: the framing measurement (`core.model.framing_probabilities`) runs on these.
FACE_PHOTOS: tuple[str, ...] = ("astronaut",)


def trained_on(name: str) -> bool:
    """Whether the face network's training data holds patches of the bundled picture ``name``."""
    return name in TRAINING_PHOTOS
