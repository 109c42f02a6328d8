"""Training page (not built yet): says what it will hold."""

from pages.journey import under_construction

under_construction(
    "pages/training.py",
    [
        "Train the face network live and watch accuracy and loss curves, epoch by epoch.",
        "See overfitting happen and fix it with dropout and augmentation.",
        "Teach a small network your own classes from webcam shots or uploads.",
    ],
)
