"""From the cat's visual cortex to conv1: Gabor filters, the usual model of the edge cells Hubel
and Wiesel found, beside the filters the network learned, with the best match for each."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import colours, inside, model
from core.model import FaceModel
from pages.drawing import picture_row
from pages.headings import section_heading
from pages.presenter import as_slide

KERNEL_SIDE = 90  # display side of each 3 × 3 kernel
#: A learned filter counts as Gabor-like when it correlates at least this well with one Gabor.
CLOSE = 0.8


@st.cache_data(max_entries=1, show_spinner=False)
def _bank_and_chance() -> tuple[list[inside.Gabor], np.ndarray]:
    bank = inside.gabor_bank()
    return bank, inside.chance_correlations(bank)


def _phase(gabor: inside.Gabor) -> str:
    return "a line" if gabor.offset == 0 else "an edge"


@as_slide("cortex")
def draw(network: FaceModel) -> None:
    """The section: the biology in brief, a few Gabors, and each learned filter's best match."""
    section_heading("From the cat's visual cortex to conv1")
    bank, chance = _bank_and_chance()
    st.markdown(
        "In 1959 David Hubel and Torsten Wiesel recorded single cells in the primary visual "
        "cortex of cats and found cells that fire for a bar or an edge at one angle in one small "
        "part of the view, and hardly at all for other angles. (The retina's own output cells "
        "respond to spots, lighter or darker than their surround; tuning to angle appears in the "
        "cortex.) Such a cell is usually modelled by a **Gabor filter**: stripes at one angle "
        "under a soft round window. A convolution filter does the same job: it scores how well "
        "each small window matches its pattern."
    )
    examples = [gabor for gabor in bank if gabor.frequency == inside.GABOR_FREQUENCIES[1]]
    edges = [gabor for gabor in examples if gabor.offset != 0]
    picture_row(
        st,
        [colours.signed_colours(gabor.kernel) for gabor in edges],
        [f"{gabor.degrees:.1f}°" for gabor in edges],
        side=KERNEL_SIDE,
    )
    side = bank[0].kernel.shape[0]
    size = f"{side} × {side}"
    st.caption(
        f"Gabor filters for an edge at {len(edges)} angles, cut to {size} like the network's "
        f"filters ({colours.SIGNED_WORDS}). The bank holds {len(bank)}: "
        f"{len(inside.GABOR_THETAS)} angles, {len(inside.GABOR_FREQUENCIES)} stripe widths, "
        "and a line or an edge at each (scikit-image's `gabor_kernel`)."
    )

    kernels = model.first_layer_kernels(network)
    matches = inside.best_gabors(kernels, bank)
    learned, best = [], []
    for index, match in enumerate(matches):
        learned.append(colours.signed_colours(kernels[:, :, 0, index]))
        best.append(colours.signed_colours(np.sign(match.correlation) * match.gabor.kernel))
    count = len(matches)
    picture_row(
        st,
        learned,
        [f"learned filter {index + 1}" for index in range(count)],
        side=KERNEL_SIDE,
    )
    picture_row(
        st,
        best,
        [
            f"best Gabor: {_phase(match.gabor)} at {match.gabor.degrees:.1f}°, "
            f"r = {match.correlation:+.2f}"
            for match in matches
        ],
        side=KERNEL_SIDE,
    )
    st.caption(
        "Top: conv1's filters as learned. Below each: the Gabor of the bank it correlates with "
        "most (r, from −1 to 1; a negative r means the filter is that Gabor with light and dark "
        "swapped, drawn swapped here)."
    )
    strengths = np.array([abs(match.correlation) for match in matches])
    close = int(np.sum(strengths >= CLOSE))
    median = float(np.median(strengths))
    beaten = float(np.mean(chance < median))
    st.markdown(
        f"How alike are they really? {close} of the {count} learned filters correlate at "
        f"|r| ≥ {CLOSE} with some Gabor, and the median is {median:.2f}. But a {size} filter has "
        f"only {side * side} numbers, and the bank holds many shapes: "
        f"{len(chance):,} random {size} filters reach a median of {float(np.median(chance)):.2f} "
        f"against the same bank, and the learned median beats {beaten:.0%} of them. "
        + _verdict(beaten, size)
    )


def _verdict(beaten: float, size: str) -> str:
    """What beating that share of random filters says."""
    if beaten >= 0.9:
        return "So these filters are clearly more edge-like than chance."
    if beaten >= 0.5:
        return (
            f"So these filters are more edge-like than chance, but not by much: at {size} there "
            "is little room for the clean stripes of a Gabor."
        )
    return (
        f"So at {size} these filters are no more Gabor-like than random ones: there is too little "
        "room for stripes."
    )
