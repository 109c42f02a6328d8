"""Convolution page (not built yet): says what it will hold."""

from pages.journey import under_construction

under_construction(
    "pages/convolution.py",
    [
        (
            "Pick a preset kernel (blur, sharpen, edges, Sobel, emboss) or set every weight "
            "with sliders, and see the filtered picture beside the original."
        ),
        (
            "Follow one step of the calculation: the patch of pixels, the weights, their "
            "products and the sum that becomes one output pixel."
        ),
        "Padding and stride, with the output-size formula worked out for your picture.",
        "Why a filter finds a feature wherever it is, colour filters, and stacks of filters",
        "Exercises: design a blur, an edge detector, and let the app check your kernel.",
    ],
)
