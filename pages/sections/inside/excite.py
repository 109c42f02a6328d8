"""The pictures that excite a filter most (Zeiler & Fergus, 2014): for a conv1 or conv2 filter, the
nine training and test pictures where it responds most, each cut at its strongest cell's window."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import colours, inside, model, train
from core.model import FaceModel
from pages.drawing import filters_picture, picture_row
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH
from pages.sections.inside.controls import choice, numbered
from pages.sections.inside.settings import FILTER_LAYERS

PATCH_SIDE = 75  # display side of each patch (nine fit on one row)
SEARCHED = ("train", "test")  # the sets of core.train's data searched for the strongest pictures


@st.cache_data(max_entries=4, show_spinner=False, hash_funcs=NETWORK_HASH)
def strongest_pictures(network: FaceModel) -> tuple[np.ndarray, np.ndarray, tuple, dict]:
    """The searched pictures (0..1), their labels and set names, and per filter layer the top
    patches of every filter (`core.inside.top_patches`). Once per network."""
    splits = train.load_face_dataset().splits()
    pictures = np.concatenate([splits[name].images for name in SEARCHED])
    labels = np.concatenate([splits[name].labels for name in SEARCHED])
    sets = tuple(name for name in SEARCHED for _ in range(len(splits[name])))
    tops = {
        layer: inside.top_patches(
            model.batch_activations(network, pictures, layer), model.receptive_field(network, layer)
        )
        for layer in FILTER_LAYERS
    }
    return pictures[..., 0], labels, sets, tops


@as_slide("excite")
def draw(network: FaceModel) -> None:
    """The section: a filter's nine strongest pictures, with their values and labels."""
    st.header("The pictures that excite a filter most", divider="gray")
    pictures, labels, sets, tops = strongest_pictures(network)
    st.markdown(
        f"Run all {len(pictures)} training and test pictures through the network and, for one "
        "filter, keep the nine where it responds most (each picture once, at its strongest "
        "cell). Each is cut to the window that cell sees, so you see exactly what lit it up "
        "(Zeiler and Fergus, 2014)."
    )
    layer_column, filter_column = st.columns([1, 3])
    layer = choice(layer_column, "Layer", "excite_layer", FILTER_LAYERS)
    number = numbered(filter_column, "Filter", "excite_filter", len(tops[layer]))
    patches = tops[layer][number - 1]
    if layer == FILTER_LAYERS[0]:
        kernel = model.first_layer_kernels(network)[..., number - 1 : number]
        st.image(
            filters_picture(kernel, PATCH_SIDE),
            width=PATCH_SIDE,
            caption=f"Filter {number} of {layer}: its {kernel.shape[0]} × {kernel.shape[1]} "
            f"weights ({colours.SIGNED_WORDS})",
        )
    if not patches:
        st.markdown(f"Filter {number} of {layer} stays at 0 on every picture: nothing excites it.")
        return
    names = network.classes
    picture_row(
        st,
        [np.rint(patch.cut(pictures[patch.picture]) * 255).astype(np.uint8) for patch in patches],
        [
            f"{patch.value:.2f} · {names[labels[patch.picture]]} ({sets[patch.picture]})"
            for patch in patches
        ],
        side=PATCH_SIDE,
    )
    faces = sum(names[labels[patch.picture]] == model.FACE_CLASS for patch in patches)
    side = model.receptive_field(network, layer).size
    face_words = {0: "none is a face", 1: "1 is a face"}.get(faces, f"{faces} are faces")
    look_for = (
        "an edge from dark to light, a bright spot?"
        if side <= 4
        else "an eye, a hairline, a dark corner?"
    )
    st.markdown(
        f"Of filter {number}'s {len(patches)} strongest pictures, **{face_words}**; the "
        f"strongest response is {patches[0].value:.2f}. Each patch is the {side} × {side} "
        f"window one {layer} cell sees (smaller where the window runs off the picture's edge). "
        f"Look for what they share: {look_for}"
    )
