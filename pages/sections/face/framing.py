"""How tightly must the square fit? P(face) as the square grows and shrinks around the face."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import images, model
from core.detect import FaceBox, detect_faces
from core.model import FRAMING_SCALES, FaceModel
from core.training_pictures import FACE_PHOTOS
from pages.common import percent, sample_name
from pages.headings import subheading
from pages.instant import Chart, ChartLine, View, static_view
from pages.presenter import as_slide
from pages.sections.face.find import detections
from pages.sections.face.network import NETWORK_HASH, Look
from pages.sections.face.pictures import BLUE, ORANGE

#: The squares the page's sentence is about: the range the network is trained to hold.
SNUG = (0.8, 1.6)
FRAMING_VIEW = "face_framing"  # the chart, drawn by the browser


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=NETWORK_HASH)
def _bundled_curves(network: FaceModel) -> dict[str, np.ndarray]:
    """P(face) at every `FRAMING_SCALES` around the detector's square, per `FACE_PHOTOS`."""
    curves = {}
    for name in FACE_PHOTOS:
        photo = images.load_sample(name)
        boxes = detect_faces(photo)
        if boxes:
            curves[images.SAMPLES[name].title] = model.framing_probabilities(
                network, photo, boxes[0], FRAMING_SCALES
            )
    return curves


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=NETWORK_HASH)
def _own_curve(
    network: FaceModel, key: str, box: tuple[int, int, int], _rgb: np.ndarray
) -> np.ndarray:
    return model.framing_probabilities(network, _rgb, FaceBox(*box), FRAMING_SCALES)


def _summary(name: str, curve: np.ndarray) -> str:
    """How P(face) holds up within `SNUG` and at the extremes, for one curve."""
    scales = np.asarray(FRAMING_SCALES)
    snug = curve[(scales >= SNUG[0] - 1e-9) & (scales <= SNUG[1] + 1e-9)]
    return (
        f"{name}: from {SNUG[0]:g}× to {SNUG[1]:g}× the square, P(face) stays at or above "
        f"{percent(float(snug.min()))}; at {scales[0]:g}× it is {percent(float(curve[0]))}, at "
        f"{scales[-1]:g}× {percent(float(curve[-1]))}."
    )


@as_slide("framing")
def draw(look: Look) -> None:
    """The section: one curve per bundled face photo, and one for the square chosen above."""
    subheading("How tightly must the square fit?")
    curves = dict(_bundled_curves(look.network))
    drawn = sample_name(look.picture) in FACE_PHOTOS and detections(look.picture)[:1] == [look.box]
    if not drawn:  # the square chosen above, unless its curve is already there
        curves["Your square"] = _own_curve(
            look.network, look.picture.key, look.box_key, look.picture.rgb
        )
    colours = [BLUE] * len(curves) if drawn else [BLUE] * (len(curves) - 1) + [ORANGE]
    lines = tuple(
        ChartLine(
            x=tuple(FRAMING_SCALES),
            y=tuple(float(value) for value in curve),
            colour=f"rgb{colour}",
            name=name,
            markers=7,
        )
        for (name, curve), colour in zip(curves.items(), colours, strict=True)
    )
    chart = Chart(
        width=560,
        height=300,
        x_range=(FRAMING_SCALES[0] - 0.05, FRAMING_SCALES[-1] + 0.05),
        y_range=(0.0, 1.02),
        x_title="side of the square, times the square above (1× = as chosen)",
        y_title="P(face)",
        lines=lines,
        legend=True,
        x_labels=tuple((scale, f"{scale:g}×") for scale in FRAMING_SCALES[::2]),
        y_labels=tuple((share, f"{share * 100:.0f} %") for share in (0.0, 0.25, 0.5, 0.75, 1.0)),
        caption="P(face) against the side of the square: "
        + "; ".join(_summary(name, curve) for name, curve in curves.items()),
    )
    chart_column, words = st.columns([3, 2])
    with chart_column:
        static_view(FRAMING_VIEW, View(paragraphs=(), charts=(chart,)))
    words.markdown(
        "The same centre, squares from "
        f"{FRAMING_SCALES[0]:g}× to {FRAMING_SCALES[-1]:g}× the side (moved inward where they "
        "would leave the photo). A tighter square cuts off the chin and brow; a looser one adds "
        "background, which the tightly cut LFW faces never show (training zooms them out too, "
        "but fills the border by mirroring the face).\n\n"
        + "\n".join(f"- {_summary(name, curve)}" for name, curve in curves.items())
    )
