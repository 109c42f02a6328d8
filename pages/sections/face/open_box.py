"""Open the box: the same answer computed again with the app's own NumPy, layer by layer."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import model
from core.model import FaceModel
from pages.drawing import shape_text
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH, Look
from pages.tables import plain_table

SHOWN_VALUES = 4  # values of each layer shown side by side
SAME_ANSWER_TOLERANCE = 1e-5  # NumPy and Keras agree to this (float32 rounding)


@as_slide("open-box")
def draw(look: Look) -> None:
    """The section: Keras and NumPy side by side, and how far apart they are."""
    section_heading("Open the box")
    network = look.network
    picture = look.picture
    outputs = look.outputs
    network_input = look.network_input
    box_key = look.box_key
    st.markdown(
        "Nothing inside the network is magic. The same answer can be computed again with this "
        "app's own few lines of NumPy (the convolution, ReLU, pooling and softmax of the earlier "
        "pages) from the weights stored in the network's file. Here are both, layer by layer."
    )
    by_numpy = _numpy_outputs(network, picture.key, box_key, network_input)
    differences = [
        float(np.abs(outputs[name] - by_numpy[name]).max()) for name in network.layer_names
    ]
    largest_difference = float(np.max(differences))  # NaN, if any, shows
    # drawn as HTML (pages.tables): st.table draws each cell as Markdown again at every rerun
    plain_table(
        {
            "layer": list(network.layer_names),
            "shape": [shape_text(outputs[name].shape) for name in network.layer_names],
            "Keras (TensorFlow)": [_first_values(outputs[name]) for name in network.layer_names],
            "NumPy (this app's code)": [
                _first_values(by_numpy[name]) for name in network.layer_names
            ],
            "largest difference": [f"{difference:.1e}" for difference in differences],
        }
    )
    value_count = sum(outputs[name].size for name in network.layer_names)
    if largest_difference < SAME_ANSWER_TOLERANCE:
        st.markdown(
            f"Over all {value_count:,} values the largest difference is "
            f"**{largest_difference:.1e}**: only the last digits differ, because TensorFlow "
            "computes with about 7 significant digits and NumPy here with about 16."
        )
    else:
        st.warning(
            f"NumPy and Keras differ by up to {largest_difference:.1e} on this picture, more than "
            "rounding explains: the model file and this app's code may not match.",
            icon=":material/warning:",
        )


def _first_values(values: np.ndarray) -> str:
    return ", ".join(f"{v:.4f}" for v in values.ravel()[:SHOWN_VALUES])


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _numpy_outputs(
    network: FaceModel, key: str, box: tuple[int, int, int], _network_input: np.ndarray
) -> dict:
    return model.numpy_forward(network, _network_input)
