"""Compare runs: every finished or stopped run's curves laid over each other."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.training.live import RUN_COLOURS, RUNS_KEY


@as_slide("compare")
def draw() -> None:
    """The section: the chart of the kept runs and their settings, or what it will show."""
    section_heading("Compare runs")
    runs = st.session_state.get(RUNS_KEY, [])
    if not runs:
        st.markdown(
            "Every run you finish or stop is added here, so you can lay them over each other."
        )
    else:
        st.markdown(
            f"Validation accuracy (solid) and training accuracy (dotted) of your last {len(runs)} "
            "run(s). Where a dotted line runs above its solid line, that run is overfitting."
        )
        comparison = go.Figure()
        for number, kept in enumerate(runs):
            colour = RUN_COLOURS[number % len(RUN_COLOURS)]
            history = kept["history"]
            epochs = list(range(1, len(history["loss"]) + 1))
            for key, dash, suffix in (
                ("val_accuracy", "solid", ""),
                ("accuracy", "dot", " (train)"),
            ):
                comparison.add_trace(
                    go.Scatter(
                        x=epochs,
                        y=history[key],
                        name=kept["label"].split(":")[0] + suffix,
                        line={"color": colour, "dash": dash},
                        hovertemplate=f"{kept['label']}<br>epoch %{{x}}: %{{y:.1%}}<extra></extra>",
                    )
                )
        comparison.update_xaxes(title="epoch")
        comparison.update_yaxes(title="accuracy", tickformat=".0%", range=[0, 1.02])
        comparison.update_layout(height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10})
        st.plotly_chart(comparison, key="training_comparison")
        st.markdown("\n".join(f"- {kept['label']}" for kept in runs))
        st.button("Clear the comparison", key="training_clear", on_click=_clear_comparison)


def _clear_comparison() -> None:
    st.session_state.pop(RUNS_KEY, None)
