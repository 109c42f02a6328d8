"""Choose by validation, then test once: the finished runs ranked by their validation accuracy,
the best handed to the Face page, and only then its answers on the test pictures."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import colours, lab, model, train
from core.model import FaceModel
from pages.common import TRAINED_MODEL_KEY
from pages.drawing import enlarge
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.training.live import RUNNING_KEY, RUNS_KEY

FACE_PATH = "pages/face.py"
MISTAKES_SHOWN = 12
CHOSEN_KEY = "training_chosen_run"  # the label of the run handed to the Face page
TESTED_KEY = "training_tested"  # the fingerprint of the chosen network once it has been tested

WHY_TEST_ONCE = (
    "The test pictures were used neither to train the network nor to choose it, so this score "
    "says how it does on pictures it has never met. Look once: if you now went back and chose "
    "another run because of its test score, the test pictures would become one more validation "
    "set, and the score of the run you chose would flatter it."
)


@as_slide("test-set")
def draw() -> None:
    """The section: the finished runs by validation accuracy, the choice, then the test."""
    section_heading("Choose by validation, then test once")
    runs = st.session_state.get(RUNS_KEY, [])
    if not runs or st.session_state.get(RUNNING_KEY):
        st.markdown(
            "Each run you finish or stop joins the runs to choose from here. The choice is made "
            "on the **validation** pictures; the **test** pictures stay hidden until it is made."
        )
        return
    best = max(runs, key=lambda kept: kept["history"]["val_accuracy"][-1])
    st.markdown(
        "Validation accuracy of each run's network at its last epoch:\n\n"
        + "\n".join(
            f"- {kept['label']}: **{kept['history']['val_accuracy'][-1]:.1%}**"
            + (" (the best)" if kept is best else "")
            for kept in runs
        )
    )
    best_name = best["label"].split(":")[0]
    st.button(
        f"Use {best_name}, the best by validation, on the Face page",
        key="training_use_model",
        on_click=_choose,
        args=(best,),
        icon=":material/face:",
    )
    chosen: FaceModel | None = st.session_state.get(TRAINED_MODEL_KEY)
    if chosen is None:
        st.caption("Once a network is chosen, you can see how it does on the test pictures.")
        return
    st.caption(
        f"The Face page can use {st.session_state.get(CHOSEN_KEY, 'the run you chose')}'s "
        "network, for your session only. The network that ships with the app is not changed."
    )
    st.page_link(FACE_PATH, label="Go to the Face page", icon=":material/face:")
    if st.session_state.get(TESTED_KEY) != chosen.fingerprint:
        st.button(
            "Now test the chosen network on the test pictures",
            key="training_test_chosen",
            on_click=_mark_tested,
            args=(chosen,),
            icon=":material/fact_check:",
        )
        return
    _test_results(chosen)


def _choose(kept: dict) -> None:
    st.session_state[TRAINED_MODEL_KEY] = kept["network"]
    st.session_state[CHOSEN_KEY] = kept["label"].split(":")[0]


def _mark_tested(network: FaceModel) -> None:
    st.session_state[TESTED_KEY] = network.fingerprint


def _test_results(network: FaceModel) -> None:
    """The chosen network's confusion matrix and mistakes on the test pictures."""
    test = train.load_face_dataset().test  # `split_for_lab` keeps core.train's test split
    probabilities = model.predict(network, test.images)
    predicted = probabilities.argmax(axis=1)
    matrix = lab.confusion_matrix(test.labels, predicted, len(network.classes))
    correct = int(np.trace(matrix))
    st.markdown(
        f"The {len(test)} test pictures "
        f"({', '.join(f'{n} {c}' for c, n in test.counts().items())}): the chosen network gets "
        f"**{correct} of {len(test)}** right ({correct / len(test):.0%}). {WHY_TEST_ONCE}"
    )
    matrix_column, mistakes_column = st.columns([2, 3])
    names = list(network.classes)
    confusion = go.Figure(
        go.Heatmap(
            z=matrix,
            x=[f"called {name}" for name in names],
            y=[f"really {name}" for name in names],
            colorscale=colours.UNSIGNED_PLOTLY,
            zmin=0,
            texttemplate="%{z}",
            hovertemplate="%{y}, %{x}: %{z} pictures<extra></extra>",
            showscale=False,
        )
    )
    confusion.update_yaxes(autorange="reversed")
    confusion.update_layout(height=300, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    matrix_column.plotly_chart(confusion, key="training_confusion")
    matrix_column.caption(
        "The confusion matrix: each row is what a picture really is, each column what the "
        "network called it. The diagonal holds the right answers."
    )
    wrong = np.flatnonzero(predicted != test.labels)
    with mistakes_column:
        if wrong.size == 0:
            st.markdown("**No mistakes** on the test pictures.")
            return
        st.markdown(f"**The {wrong.size} pictures it got wrong:**")
        tiles = st.columns(6)
        for position, index in enumerate(wrong[:MISTAKES_SHOWN]):
            label, guess = test.labels[index], predicted[index]
            tiles[position % 6].image(
                enlarge(np.rint(test.images[index, ..., 0] * 255).astype(np.uint8), 100),
                caption=f"A {names[label]}, called {names[guess]} "
                f"({probabilities[index, guess]:.0%})",
            )
