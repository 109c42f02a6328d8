"""The pictures that excite a filter most (Zeiler & Fergus, 2014): for a conv1 or conv2 filter, the
nine training and test pictures where it responds most, each cut at its strongest cell's window."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import colours, inside, model, train
from core.model import FaceModel
from pages.drawing import filters_picture
from pages.headings import section_heading
from pages.instant import EncodedViews, View, encode_views, instant_sliders
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH
from pages.sections.inside.controls import choice, numbered
from pages.sections.inside.settings import FILTER_LAYERS

PATCH_SIDE = 75  # display side of each patch (nine fit on one row)
KERNEL_SIDE = 150  # display width of a conv1 filter's weights
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
    section_heading("The pictures that excite a filter most")
    pictures = strongest_pictures(network)[0]
    st.markdown(
        f"Run all {len(pictures)} training and test pictures through the network and, for one "
        "filter, keep the nine where it responds most (each picture once, at its strongest "
        "cell). Each is cut to the window that cell sees, so you see exactly what lit it up "
        "(Zeiler and Fergus, 2014)."
    )
    _chosen_filter(network)


@st.fragment
def _chosen_filter(network: FaceModel) -> None:
    """The layer, and the filter slider answered in the browser (`pages.instant`)."""
    layer = choice(st, "Layer", "excite_layer", FILTER_LAYERS)
    count = len(strongest_pictures(network)[3][layer])
    instant_sliders(
        "inside_excite_view",
        [numbered("excite_filter", "Filter", count)],
        _filter_views(network, layer),
    )


def _filter_view(network: FaceModel, layer: str, number: int) -> View:
    """Filter ``number``'s strongest pictures (and its weights, for conv1), in words too."""
    pictures, labels, sets, tops = strongest_pictures(network)
    patches = tops[layer][number - 1]
    shown, captions = [], []
    if layer == FILTER_LAYERS[0]:
        kernel = model.first_layer_kernels(network)[..., number - 1 : number]
        shown.append(filters_picture(kernel, KERNEL_SIDE))
        captions.append(
            f"Filter {number} of {layer}: its {kernel.shape[0]} × {kernel.shape[1]} weights "
            f"({colours.SIGNED_WORDS})"
        )
    if not patches:
        return View(
            paragraphs=(),
            pictures=tuple(shown),
            captions=tuple(captions),
            widths=_widths(layer, len(shown)),
            after=(f"Filter {number} of {layer} stays at 0 on every picture: nothing excites it.",),
        )
    names = network.classes
    for patch in patches:
        # at the network's own size: the browser enlarges it with square pixels
        shown.append(np.rint(patch.cut(pictures[patch.picture]) * 255).astype(np.uint8))
        captions.append(
            f"{patch.value:.2f} · {names[labels[patch.picture]]} ({sets[patch.picture]})"
        )
    faces = sum(names[labels[patch.picture]] == model.FACE_CLASS for patch in patches)
    side = model.receptive_field(network, layer).size
    face_words = {0: "none is a face", 1: "1 is a face"}.get(faces, f"{faces} are faces")
    look_for = (
        "an edge from dark to light, a bright spot?"
        if side <= 4
        else "an eye, a hairline, a dark corner?"
    )
    return View(
        paragraphs=(),
        pictures=tuple(shown),
        captions=tuple(captions),
        widths=_widths(layer, len(shown)),
        after=(
            f"Of filter {number}'s {len(patches)} strongest pictures, **{face_words}**; the "
            f"strongest response is {patches[0].value:.2f}. Each patch is the {side} × {side} "
            f"window one {layer} cell sees (smaller where the window runs off the picture's "
            f"edge). Look for what they share: {look_for}",
        ),
    )


def _widths(layer: str, count: int) -> tuple[int, ...]:
    """Display widths: conv1's weights first (wider, for their caption), then the patches."""
    if layer == FILTER_LAYERS[0]:
        return (KERNEL_SIDE,) + (PATCH_SIDE,) * (count - 1)
    return (PATCH_SIDE,) * count


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=NETWORK_HASH)
def _filter_views(network: FaceModel, layer: str) -> EncodedViews:
    """Every filter of ``layer``, once per network, so the filter slider answers in the
    browser."""
    count = len(strongest_pictures(network)[3][layer])
    return encode_views({(n,): _filter_view(network, layer, n) for n in range(1, count + 1)})
