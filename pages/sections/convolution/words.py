"""The Convolution page's words for numbers: sums written out, value ranges, what the weights'
sum does to a flat area, the colour key, and the names of the display modes and borders."""

from __future__ import annotations

import numpy as np

from pages.drawing import number

SCALING_LABELS = {
    "diverging": "Colours around 0",
    "absolute": "Absolute value",
    "clip": "Clip to 0–255",
    "rescale": "Rescale min–max",
}
BORDER_EXAMPLES = {
    "valid": "no border: the output shrinks",
    "zero": "0 0 | a b c d | 0 0",
    "replicate": "a a | a b c d | d d",
    "reflect": "b a | a b c d | d c",
    "mirror": "c b | a b c d | c b",
    "wrap": "c d | a b c d | a b",
}


def signed(value: float) -> str:
    """A factor in a sum written out: negative numbers in brackets, 255×(−1)."""
    text = number(round(value, 4))
    return f"({text})" if text.startswith("−") else text


def value_range(values: np.ndarray) -> str:
    """The range of a map in words: "Output values run from −714 to 708."."""
    low, high = float(values.min()), float(values.max())
    if low == high == 0:
        return "The output is all 0."
    if low == high:
        return f"Every output pixel is {number(low)}."
    return f"Output values run from **{number(low)}** to **{number(high)}**."


def sum_meaning(total: float) -> str:
    """What the weights' sum does to a flat area, in words generated from the sum."""
    shown = number(round(total, 6))
    if abs(total) < 1e-9:
        return (
            f"The weights add up to **{shown}**: where the picture is flat (all pixels alike) "
            "the output is 0, so only changes in brightness, the edges, give an answer."
        )
    if abs(total - 1) < 1e-9:
        return (
            f"The weights add up to **{shown}**: a flat area keeps its brightness, so the "
            "picture keeps its overall look."
        )
    if total > 0:
        direction = "brighter" if total > 1 else "darker"
        return (
            f"The weights add up to **{shown}**: a flat area comes out {shown} times as bright "
            f"({direction})."
        )
    return (
        f"The weights add up to **{shown}**: a flat area comes out {shown} times as bright, "
        "so bright turns into negative numbers."
    )


def colour_key(values: np.ndarray) -> str:
    """The colour key of a map drawn in the signed table: the darkest colours and their values."""
    limit = number(float(np.abs(values).max()))
    return (
        f"Colours: :blue[**dark blue**] = −{limit} · white = 0 · :red[**dark red**] = {limit}"
        if limit != "0"
        else "Colours: everything is white, because every value is 0."
    )
