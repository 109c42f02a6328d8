"""The face network this page opens up: loaded once per server process, or the one the visitor
trained in the Training lab; and what it computes, kept per network (`st.cache_data` keyed on
its fingerprint, so the shipped network and a lab one never share answers).

Importing this module loads TensorFlow: the page imports it under a spinner, after its title.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
from streamlit.logger import get_logger

from core import model, train
from core.detect import FaceBox
from core.metadata import models_folder
from core.model import FaceModel
from pages.common import TRAINED_MODEL_KEY, Picture
from pages.journey import page_footer
from pages.verbatim import verbatim, view_text

#: Cached results are keyed on the network's weights: the shipped one and a lab one never mix.
NETWORK_HASH = {"core.model.FaceModel": lambda network: network.fingerprint}
_LOG = get_logger(__name__)

#: The sets of core.train's dataset, as the page names them.
DATASET_SPLITS = {
    "train": "Training",
    "validation": "Validation",
    "test": "Test",
    "textures": "Held-out textures",
}


@st.cache_resource(show_spinner=False)
def _load_network(folder: str) -> FaceModel:
    """The trained network, once per server process and folder, however many visitors ask at
    the same moment (errors are not cached: fix, then reload). The server's log says when."""
    _LOG.info("Loading the face network from %s", folder)
    return model.load_face_model(folder)


def shipped_network() -> FaceModel:
    """The network in the models folder (`core.metadata.models_folder`).

    Raises:
        core.model.ModelLoadError: its files are missing or damaged.
    """
    return _load_network(str(models_folder()))


def shipped_network_or_stop(page_path: str) -> FaceModel:
    """The shipped network; if its files cannot be loaded, say why and how to fix it, draw the
    page's footer and stop the page (every other page keeps working)."""
    try:
        return shipped_network()
    except model.ModelLoadError as error:
        st.error(
            f"**The face network could not be loaded, so this page cannot run.** {error}",
            icon=":material/error:",
        )
        st.markdown("To re-create it, run this in a terminal, in the app's folder:")
        st.code(model.RETRAIN_COMMAND, language="bash")
        st.markdown("Every other page of the app works without it.")
        page_footer(page_path)
        st.stop()


def choose_network(shipped: FaceModel) -> FaceModel:
    """The shipped network, or the one this session trained in the lab if the visitor picks it."""
    trained: FaceModel | None = st.session_state.get(TRAINED_MODEL_KEY)
    if trained is None:
        return shipped
    training = trained.metadata["training"]
    validation = trained.metadata["history"]["val_accuracy"][-1]
    folds = shipped.metadata.get("cross_validation")
    choices = {
        "lab": f"The one you trained in the Training lab ({training['epochs_done']} epochs, "
        f"validation accuracy {validation:.0%})",
        "shipped": "The one that ships with the app"
        + (f" (cross-validated accuracy {folds['accuracy']:.0%})" if folds else ""),
    }
    choice = st.radio(
        "Which network answers",
        list(choices),
        format_func=choices.get,
        key="face_network",
        help="The lab's network is kept on the server for your session only; the app's own "
        "network file is never changed.",
    )
    return trained if choice == "lab" else shipped


@dataclass(frozen=True)
class Look:
    """One look of the network at one square of the picture: everything the sections after
    "Find the face" draw from."""

    network: FaceModel
    picture: Picture
    box: FaceBox
    #: The square as the network sees it: (25, 25, 1), values 0..1.
    network_input: np.ndarray
    #: Every layer's output for that input, by layer name.
    outputs: dict

    @property
    def box_key(self) -> tuple[int, int, int]:
        return self.box.top, self.box.left, self.box.side

    @property
    def gray_input(self) -> np.ndarray:
        """The network's input as a gray picture (bytes 0..255)."""
        return np.rint(self.network_input[..., 0] * 255).astype(np.uint8)


@st.cache_data(max_entries=32, show_spinner=False)
def _network_input(key: str, box: tuple[int, int, int], _rgb: np.ndarray) -> np.ndarray:
    """The crop as the network sees it: (25, 25, 1), values 0..1."""
    return model.preprocess(FaceBox(*box).crop(_rgb))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _layer_outputs(
    network: FaceModel, key: str, box: tuple[int, int, int], _rgb: np.ndarray
) -> dict:
    return model.layer_outputs(network, _network_input(key, box, _rgb))


def look_at(network: FaceModel, picture: Picture, box: FaceBox) -> Look:
    """The network's look at ``box`` of ``picture`` (cached per picture, square and network)."""
    box_key = (box.top, box.left, box.side)
    return Look(
        network,
        picture,
        box,
        _network_input(picture.key, box_key, picture.rgb),
        _layer_outputs(network, picture.key, box_key, picture.rgb),
    )


@st.cache_data(max_entries=2 * len(DATASET_SPLITS), show_spinner=False, hash_funcs=NETWORK_HASH)
def dataset_answers(
    network: FaceModel, split_name: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple]:
    """One set of the training data: pictures (0..255), labels, P(face), sources."""
    split = train.load_face_dataset().splits()[split_name]
    faces = model.predict(network, split.images)[:, network.face_index]
    pictures = np.rint(split.images[..., 0] * 255).astype(np.uint8)
    return pictures, np.asarray(split.labels), faces, split.sources


def layer_name(name: str) -> str:
    """A layer's name as the model file gives it, as Markdown that shows it as it is."""
    return verbatim(name, limit=None)


def layer_label(name: str) -> str:
    """A layer's name as the model file gives it, as a browser view shows it as it is."""
    return view_text(name, limit=None)
