"""After training your own classes: choose which of the two networks answers, ask it about a
new picture (an upload or a webcam shot) and see where it looked, and download it."""

from __future__ import annotations

import hashlib

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import convolution, export, images, lab, model, transfer
from core.train import INPUT_SIDE
from pages.common import percent
from pages.drawing import enlarge
from pages.headings import subheading
from pages.sections.training.live import RUN_COLOURS
from pages.verbatim import html_verbatim, verbatim

OWN_QUERY_KEY = "training_own_query"  # (picture, title) of the picture to classify
QUERY_ERRORS_KEY = "training_own_query_errors"
OWN_MAX_SIDE = 512  # uploads are decoded at most this large: they end up 25 × 25 anyway
OWN_MAP_SIDE = 200
OWN_OCCLUSION_PATCH = 7
#: The two starts, as the page names them.
STARTS = {
    "reused": "Started from the face network's filters",
    "random": "Started from random weights",
}


def draw(
    runs: dict[str, lab.TrainingRun], comparison: transfer.StartComparison | None, version: int
) -> None:
    """Choose a network, ask it about a picture, download it. ``comparison`` is how the two
    starts did (None with the random start alone)."""
    chosen = _choose(runs, comparison)
    run = runs[chosen]
    subheading("Ask it about a new picture")
    query_key = f"training_own_query_{version}"
    upload_column, shot_column = st.columns(2)
    upload_column.file_uploader(
        "A new picture", key=query_key, on_change=_receive_query, args=(query_key,)
    )
    with shot_column:
        if st.toggle("Use the webcam", key="training_own_query_webcam"):
            shot_key = f"training_own_query_shot_{version}"
            st.camera_input(
                "Take a photo", key=shot_key, on_change=_receive_query, args=(shot_key,)
            )
    for problem in st.session_state.get(QUERY_ERRORS_KEY, []):
        st.error(f"{problem} The network was not asked about it.", icon=":material/broken_image:")
    query = st.session_state.get(OWN_QUERY_KEY)
    if query is None:
        st.markdown("Upload a picture or take a shot the network has not seen.")
    else:
        _answer(run, *query)
    _download(run)


def read_pictures(files: list, add) -> list[str]:
    """Decode each file and hand it to ``add``; one message per file that is not a picture."""
    problems = []
    for file in files:
        try:
            loaded = images.read_image(file.getvalue(), max_side=OWN_MAX_SIDE)
        except images.ImageLoadError as error:
            problems.append(f"“{verbatim(file.name)}”: {error}")
            continue
        add(loaded.rgb, file.name)
    return problems


def _choose(runs: dict[str, lab.TrainingRun], comparison: transfer.StartComparison | None) -> str:
    """The network that answers and downloads: the better one on validation, unless changed."""
    if comparison is None:
        return next(iter(runs))
    better = comparison.better or "reused"
    serial = runs["random"].serial  # a new training run starts from its better network again
    chosen = st.segmented_control(
        "Which network answers and downloads",
        list(STARTS),
        default=better,
        format_func=STARTS.get,
        key=f"training_own_answerer_{serial}",
        required=True,
    )
    why = (
        "the better of the two on the validation pictures"
        if chosen == comparison.better
        else "the two did the same on the validation pictures"
        if comparison.better is None
        else "you chose it; the other did better on the validation pictures"
    )
    st.caption(f"{STARTS[chosen]}: {why}.")
    return chosen


def _answer(run: lab.TrainingRun, picture: np.ndarray, title: str) -> None:
    """The probability of every class, the picture as the network sees it, and hide-and-see."""
    probabilities = run.probabilities(picture[np.newaxis])[0]
    top = int(probabilities.argmax())
    st.markdown(
        f"#### It says **{verbatim(run.classes[top])}**, with probability "
        f"{percent(probabilities[top])}."
    )
    st.caption(
        "That probability is the network's output, not a measured certainty: a softmax "
        "shares 100 % among your classes even for a picture of none of them."
    )
    bars = go.Figure(
        go.Bar(
            x=[float(p) for p in probabilities],
            y=[html_verbatim(name) for name in run.classes],
            orientation="h",
            marker_color=[RUN_COLOURS[i % len(RUN_COLOURS)] for i in range(len(probabilities))],
            text=[f"{p:.0%}" for p in probabilities],
            textposition="auto",
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
    )
    bars.update_xaxes(range=[0, 1], tickformat=".0%", title="probability")
    bars.update_yaxes(autorange="reversed")
    bars.update_layout(
        height=80 + 40 * len(probabilities),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        dragmode=False,
    )
    seen, hidden, chart = st.columns([1, 1, 2])
    gray = np.rint(picture[..., 0] * 255).astype(np.uint8)
    seen.image(enlarge(gray, OWN_MAP_SIDE), caption=f"{verbatim(title)}, as the network sees it")
    drops = _hidden(run.serial, run.epochs_done, top, _picture_key(picture), run, picture)
    hidden.image(
        enlarge(convolution.display_image(drops), OWN_MAP_SIDE),
        caption=f"Hide and see: red where hiding a {OWN_OCCLUSION_PATCH} × "
        f"{OWN_OCCLUSION_PATCH} patch lowers P({verbatim(run.classes[top])}), blue "
        "where it raises it",
    )
    chart.plotly_chart(bars, key="training_own_probabilities")
    st.caption(
        "Try this: cover part of the thing and ask again. If the red area is on the "
        "background, not the thing, the network learned the background: add pictures "
        "taken in other places."
    )


def _picture_key(picture: np.ndarray) -> str:
    return hashlib.sha256(picture.tobytes()).hexdigest()[:16]


@st.cache_data(max_entries=8, show_spinner=False)
def _hidden(
    serial: int, epochs: int, class_index: int, key: str, _run: lab.TrainingRun, _picture
) -> np.ndarray:
    """Hide-and-see for a run as trained so far (its serial and epochs) and a picture (its
    key): computed once, not on every rerun of the page."""
    return model.occlusion_map(
        _run.explainer(class_index), _picture, patch=OWN_OCCLUSION_PATCH, stride=1
    )


def _download(run: lab.TrainingRun) -> None:
    """The network as a .keras file, and the Python that uses it elsewhere."""
    subheading("Take it with you")
    st.download_button(
        "Download this network",
        data=lambda: export.network_file(run.model, run.classes),
        file_name=export.EXPORT_FILENAME,
        mime="application/octet-stream",
        on_click="ignore",
        icon=":material/download:",
        key="training_own_download",
    )
    st.markdown(
        f"The file is Keras's own format, with the class names and the input size inside "
        f"(`{export.ABOUT_ENTRY}`). This Python loads it in safe mode (Keras's own layers only, "
        "no code from the file is run) and classifies a picture file, preparing it as this app "
        f"does: gray, the centred square, shrunk to {INPUT_SIDE} × {INPUT_SIDE} with a box filter, "
        "values 0 to 1."
    )
    st.code(export.usage_snippet(), language="python")
    st.caption(
        f"The app first shrinks an upload to at most {OWN_MAX_SIDE} pixels a side, so for a "
        "larger photo the two answers can differ a little."
    )


def _receive_query(widget_key: str) -> None:
    pictures = []
    st.session_state[QUERY_ERRORS_KEY] = read_pictures(
        [file for file in [st.session_state.get(widget_key)] if file is not None],
        lambda rgb, name: pictures.append((model.preprocess(rgb), name)),
    )
    if pictures:
        st.session_state[OWN_QUERY_KEY] = pictures[0]
