"""Why it can be wrong: the limits of a small network trained on one collection of faces."""

from __future__ import annotations

import streamlit as st

from core.metadata import INPUT_SIDE
from core.model import FaceModel


def draw(network: FaceModel) -> None:
    """The section: four limits, each with the network's own figures."""
    st.header("Why it can be wrong", divider="gray")
    side = INPUT_SIDE
    sizes = network.metadata["dataset_sizes"]
    metadata = network.metadata
    weakest_source, weakest = min(
        metadata["texture_accuracy_by_source"].items(), key=lambda kv: kv[1]
    )
    test_faces, test_others = sizes["test"]["face"], sizes["test"]["not face"]
    test_mix = (
        f"{test_faces} of each kind, so this is also its balanced accuracy"
        if test_faces == test_others
        else f"{test_faces} faces and {test_others} non-faces"
    )
    limits = [
        f"**It sees very little.** {side} × {side} gray pixels: no colour, no fine detail. To it, "
        "a face is a light oval with two dark eyes, a nose and a mouth, and a round object "
        "with dark spots can look the same.",
        "**Frontal faces only, framed one way.** Its training faces look at the camera and fill "
        "the square from eyebrows to chin. A profile, a tilted head, or a square with lots of "
        "background lowers the answer: **crop to the face and try again.**",
        f"**Few faces, from one collection.** {sizes['train']['face']} training faces from "
        "*Labeled Faces in the Wild*: mostly adult public figures photographed by the press, most "
        "of them men with light skin. Nobody has measured how well it does for other "
        "people, and it must never be used to decide anything about a person.",
        f"**Right on its tests, not everywhere.** It answered {metadata['test_accuracy']:.0%} of "
        f"{sum(sizes['test'].values())} test faces and non-faces it never trained on right "
        f"({test_mix}), and it called {metadata['texture_accuracy']:.1%} of "
        f"{sum(sizes['textures'].values())} unseen textures “not a face” (its weakest: "
        f"{weakest_source.split(':')[-1]}, {weakest:.0%}). A test set that small cannot promise "
        "much about pictures unlike it.",
    ]
    st.markdown("\n".join(f"- {limit}" for limit in limits))
