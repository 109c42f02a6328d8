"""How it does on the test pictures: once a run ends, its confusion matrix and its mistakes on
the test set, and the offer to use the network on the Face page."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import colours, lab, train
from pages.common import TRAINED_MODEL_KEY
from pages.drawing import enlarge
from pages.sections.training.live import RUN_KEY, RUNNING_KEY

FACE_PATH = "pages/face.py"
MISTAKES_SHOWN = 12


def draw(run: lab.TrainingRun | None) -> None:
    """The section: the run's answers on the test pictures (after it ends or is stopped)."""
    st.header("How it does on the test pictures", divider="gray")
    if run is None or not run.epochs_done or st.session_state.get(RUNNING_KEY):
        st.markdown("When a run ends (or you stop it), its answers on the test pictures show here.")
    else:
        test = train.load_face_dataset().test  # `split_for_lab` keeps core.train's test split
        probabilities = run.probabilities(test.images)
        predicted = probabilities.argmax(axis=1)
        matrix = lab.confusion_matrix(test.labels, predicted, len(run.classes))
        correct = int(np.trace(matrix))
        st.markdown(
            f"The {len(test)} test pictures "
            f"({', '.join(f'{n} {c}' for c, n in test.counts().items())}) were never used in "
            f"training or validation. The network gets **{correct} of {len(test)}** right "
            f"({correct / len(test):.0%})."
        )
        matrix_column, mistakes_column = st.columns([2, 3])
        names = list(run.classes)
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
            else:
                st.markdown(f"**The {wrong.size} pictures it got wrong:**")
                tiles = st.columns(6)
                for position, index in enumerate(wrong[:MISTAKES_SHOWN]):
                    label, guess = test.labels[index], predicted[index]
                    tiles[position % 6].image(
                        enlarge(np.rint(test.images[index, ..., 0] * 255).astype(np.uint8), 100),
                        caption=f"A {names[label]}, called {names[guess]} "
                        f"({probabilities[index, guess]:.0%})",
                    )
        st.button(
            "Use this model on the Face page",
            key="training_use_model",
            on_click=_use_on_face_page,
            icon=":material/face:",
        )
        if (chosen := st.session_state.get(TRAINED_MODEL_KEY)) is not None:
            st.caption(
                f"The Face page can use the model you chose here (test accuracy "
                f"{chosen.metadata['test_accuracy']:.0%}), for your session only. The network "
                "that ships with the app is not changed."
            )
            st.page_link(FACE_PATH, label="Go to the Face page", icon=":material/face:")


def _use_on_face_page() -> None:
    run = st.session_state[RUN_KEY]
    st.session_state[TRAINED_MODEL_KEY] = run.as_face_model(train.load_face_dataset())
