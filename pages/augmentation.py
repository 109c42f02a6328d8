"""Augmentation page (not built yet): says what it will hold."""

from pages.journey import under_construction

under_construction(
    "pages/augmentation.py",
    [
        "Rotate, shift, zoom, flip, add noise: one picture becomes many training examples.",
        "Which changes keep the label (a mirrored face is still a face) and which do not.",
    ],
)
