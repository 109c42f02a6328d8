"""Face page (not built yet): says what it will hold."""

from pages.journey import under_construction

under_construction(
    "pages/face.py",
    [
        (
            "A real convolutional network, trained on faces and non-faces, gives its answer "
            "for your picture."
        ),
        "Its feature maps and learned filters, and where it looked (occlusion and Grad-CAM).",
        "Where in a whole photo it sees faces.",
    ],
)
