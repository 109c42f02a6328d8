"""Why it can be wrong: the limits of a small network trained on one collection of faces."""

from __future__ import annotations

import streamlit as st

from core.metadata import INPUT_SIDE
from core.model import FaceModel
from pages.headings import section_heading
from pages.presenter import as_slide


@as_slide("limits")
def draw(network: FaceModel) -> None:
    """The section: four limits, each with the network's own figures."""
    section_heading("Why it can be wrong")
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
        _tested(metadata, test_mix, weakest_source, weakest),
    ]
    st.markdown("\n".join(f"- {limit}" for limit in limits))


def _tested(metadata: dict, test_mix: str, weakest_source: str, weakest: float) -> str:
    """What the tests say, cross-validation first (a network trained in the lab has none)."""
    sizes = metadata["dataset_sizes"]
    own = (
        f"{metadata['test_accuracy']:.0%} of its {sum(sizes['test'].values())} test pictures "
        f"right ({test_mix})"
    )
    textures = (
        f"it called {metadata['texture_accuracy']:.1%} of {sum(sizes['textures'].values())} "
        f"unseen textures “not a face” (its weakest: {weakest_source.split(':')[-1]}, "
        f"{weakest:.0%})"
    )
    folds = metadata.get("cross_validation")
    if folds is None:
        return (
            f"**Right on its tests, not everywhere.** It answered {own}, and {textures}. "
            "A test set that small cannot promise much about pictures unlike it."
        )
    low, high = folds["interval"]
    return (
        f"**Right on its tests, not everywhere.** Cross-validated over all {folds['pictures']} "
        f"LFW pictures ({folds['folds']} networks trained the same way, each tested on the "
        f"pictures it never saw), the recipe answers {folds['correct']} right "
        f"({folds['accuracy']:.1%}; 95 % interval {low:.1%} to {high:.1%}, "
        f"{folds['interval_method'].split(',')[0]}): faces {folds['recall']['face']:.0%}, "
        f"non-faces {folds['recall']['not face']:.0%}. This network, fold "
        f"{folds['shipped_fold']}'s, answered {own}, and {textures}. LFW's non-faces are "
        "mostly flat patches: these figures cannot promise much about pictures unlike them."
    )
