"""A run of the lab, drawn while it trains: progress, curves, the first layer's filters, the
Train and Stop buttons, and the record of finished runs for the comparison chart. Both labs on
the page (the face network and your own classes) use it."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core import lab
from core.train import Dataset
from pages.drawing import filters_picture

RUN_KEY = "training_run"  # the TrainingRun being trained or last trained
RUNNING_KEY = "training_running"  # True while the loop should go on
RUNS_KEY = "training_runs"  # finished or stopped runs, for the comparison chart
ERROR_KEY = "training_error"
KERNELS_EVERY = 5  # redraw the first layer's filters every this many epochs
MAX_COMPARED = 6  # runs kept for the comparison chart (the oldest is dropped)
TRAINING_COLOUR, VALIDATION_COLOUR = "#0072B2", "#E69F00"  # Okabe–Ito blue and orange
RUN_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


def record(run: lab.TrainingRun, dataset: Dataset) -> None:
    """Keep a finished or stopped run (once): its curves for the comparison chart, and a frozen
    copy of its network (`core.lab.TrainingRun.as_face_model`) to choose from."""
    runs = st.session_state.setdefault(RUNS_KEY, [])
    if run.epochs_done and not any(kept["serial"] == run.serial for kept in runs):
        runs.append(
            {
                "serial": run.serial,
                "label": f"Run {len(runs) + 1}: {run.settings.describe()}",
                "history": {key: list(values) for key, values in run.history.items()},
                "network": run.as_face_model(dataset),
            }
        )
        del runs[:-MAX_COMPARED]


def add_curve_pair(
    figure: go.Figure, history: dict[str, list[float]], metric: str, *, column: int, digits: str
) -> None:
    """A metric's training (solid) and validation (dashed) curves into one subplot; the legend
    entries once, from the first column. ``digits`` formats the value on hover (".3f")."""
    epochs = list(range(1, len(history[metric]) + 1))
    for prefix, name, colour, dash in (
        ("", "training", TRAINING_COLOUR, "solid"),
        ("val_", "validation", VALIDATION_COLOUR, "dash"),
    ):
        figure.add_trace(
            go.Scatter(
                x=epochs,
                y=history[prefix + metric],
                name=name,
                legendgroup=name,
                showlegend=column == 1,
                mode="lines+markers" if len(epochs) < 30 else "lines",
                line={"color": colour, "dash": dash, "width": 2.5},
                hovertemplate=f"epoch %{{x}}<br>{name} {metric} %{{y:{digits}}}<extra></extra>",
            ),
            row=1,
            col=column,
        )


def _curves(history: dict[str, list[float]], total_epochs: int) -> go.Figure:
    """Accuracy and loss, training against validation, side by side."""
    figure = make_subplots(
        rows=1, cols=2, subplot_titles=("Accuracy (higher is better)", "Loss (lower is better)")
    )
    for column, metric in ((1, "accuracy"), (2, "loss")):
        add_curve_pair(figure, history, metric, column=column, digits=".3f")
    figure.update_xaxes(title="epoch", range=[0.5, total_epochs + 0.5])
    figure.update_yaxes(range=[0, 1.02], tickformat=".0%", row=1, col=1)
    figure.update_yaxes(rangemode="tozero", row=1, col=2)
    figure.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.25},
        dragmode=False,
    )
    return figure


def _draw_progress(run: lab.TrainingRun, places: dict, *, kernels: bool) -> None:
    done, total = run.epochs_done, run.settings.epochs
    places["progress"].progress(done / total, text=f"Epoch {done} of {total}")
    if done:
        figures = {key: values[-1] for key, values in run.history.items()}
        places["status"].markdown(
            f"After epoch **{done}**: training accuracy **{figures['accuracy']:.1%}**, validation "
            f"accuracy **{figures['val_accuracy']:.1%}**; training loss {figures['loss']:.3f}, "
            f"validation loss {figures['val_loss']:.3f}."
        )
        places["curves"].plotly_chart(_curves(run.history, total))
    if kernels:
        weights = run.first_layer_kernels()
        places["kernels"].image(
            filters_picture(weights, 60 * weights.shape[-1]),
            caption=f"The {weights.shape[-1]} filters of the first layer after epoch {done}: "
            "red weights are positive, blue negative, white about 0",
        )


def train_and_stop_buttons(
    prefix: str, start, stop, running_key: str, *, ready: bool = True
) -> None:
    train_column, stop_column, _ = st.columns([1, 1, 4])
    train_column.button(
        "Train",
        key=f"{prefix}_train",
        on_click=start,
        type="primary",
        icon=":material/play_arrow:",
        width="stretch",
        disabled=not ready,
    )
    stop_column.button(
        "Stop",
        key=f"{prefix}_stop",
        on_click=stop,
        icon=":material/stop:",
        width="stretch",
        disabled=not st.session_state.get(running_key, False),
    )


def live_area() -> dict:
    """Placeholders the training loop redraws: progress, figures, curves and filters."""
    places = {"progress": st.empty(), "status": st.empty(), "curves": st.empty()}
    kernel_column, kernel_notes = st.columns([3, 2])
    places["kernels"] = kernel_column.empty()
    kernel_notes.markdown(
        "These are the first layer's filters: small grids of weights, like the kernels on the "
        f"Convolution page. They start as random noise and change as the network learns (redrawn "
        f"every {KERNELS_EVERY} epochs)."
    )
    return places


def train_live(run: lab.TrainingRun, running_key: str, places: dict) -> bool:
    """Draw the run, and while ``running_key`` is set train it epoch by epoch, redrawing.

    A rerun (Stop, or any other click) interrupts the loop at its next drawing call, between
    two epochs; the run keeps what it learned. Returns True when the run has just finished.
    """
    _draw_progress(run, places, kernels=True)
    while st.session_state.get(running_key) and not run.finished:
        run.train_epoch()
        redraw_kernels = run.epochs_done % KERNELS_EVERY == 0 or run.finished
        _draw_progress(run, places, kernels=redraw_kernels)
    if st.session_state.get(running_key):
        st.session_state[running_key] = False
        return True
    return False
