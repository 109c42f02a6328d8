"""Pooling page (not built yet): says what it will hold."""

from pages.journey import under_construction

under_construction(
    "pages/pooling.py",
    [
        "Max and average pooling on a small grid of numbers, window by window.",
        "Pooling a real feature map again and again: smaller, but the feature is still there.",
        "Activation functions and their slopes, and what ReLU does to a feature map.",
        (
            "How a network gets narrower and deeper, layer by layer, and how softmax turns "
            "scores into probabilities."
        ),
    ],
)
