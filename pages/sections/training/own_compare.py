"""Your own classes, trained twice: from random weights and from the face network's filters,
epoch by epoch side by side, then one sentence on which did better and why."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core import lab, model, transfer
from core.model import FaceModel
from core.train import INPUT_SIDE
from pages.drawing import plural
from pages.sections.face.network import shipped_network
from pages.sections.training.live import add_curve_pair
from pages.sections.training.own_answer import STARTS

NO_BASE_KEY = "training_own_no_base"  # why the face network could not be reused, if it could not


def face_network() -> FaceModel | None:
    """The shipped face network to reuse, or None (and the reason kept) if it cannot load."""
    try:
        network = shipped_network()
    except model.ModelLoadError as error:
        st.session_state[NO_BASE_KEY] = str(error)
        return None
    st.session_state.pop(NO_BASE_KEY, None)
    return network


def train_and_draw(runs: dict[str, lab.TrainingRun], running_key: str) -> bool:
    """Draw both runs, and while ``running_key`` is set train them an epoch each in turn.

    Returns True when they have just finished (the caller reruns to draw what follows).
    """
    progress, chart = st.empty(), st.empty()
    _draw(runs, progress, chart)
    still_wanted = lambda: bool(st.session_state.get(running_key))  # noqa: E731
    for _ in transfer.epochs_of_both(list(runs.values()), still_wanted=still_wanted):
        _draw(runs, progress, chart)
    if (reason := st.session_state.get(NO_BASE_KEY)) and "reused" not in runs:
        st.warning(
            "Only the network from random weights was trained: the face network, whose filters "
            f"the other one reuses, could not be used. {reason}",
            icon=":material/warning:",
        )
    if st.session_state.get(running_key):
        st.session_state[running_key] = False
        return True
    return False


def _draw(runs: dict[str, lab.TrainingRun], progress, chart) -> None:
    done = min(run.epochs_done for run in runs.values())
    total = max(run.settings.epochs for run in runs.values())
    both = " (both networks)" if len(runs) > 1 else ""
    progress.progress(done / total, text=f"Epoch {done} of {total}{both}")
    if done:
        chart.plotly_chart(_curves(runs))


def _fine_tuned(run: lab.TrainingRun) -> int:
    return run.epochs_fine_tuned if isinstance(run, transfer.TransferRun) else 0


def _title(run: lab.TrainingRun, start: str) -> str:
    if epochs := _fine_tuned(run):
        return f"{STARTS[start]},<br>fine-tuned in the last {plural(epochs, 'epoch')}"
    return STARTS[start]


def _curves(runs: dict[str, lab.TrainingRun]) -> go.Figure:
    """Training and validation accuracy of each run, side by side on the same axes."""
    order = [start for start in ("random", "reused") if start in runs]
    figure = make_subplots(
        rows=1,
        cols=len(order),
        subplot_titles=[_title(runs[start], start) for start in order],
        shared_yaxes=True,
    )
    for column, start in enumerate(order, start=1):
        add_curve_pair(figure, runs[start].history, "accuracy", column=column, digits=".0%")
    total = max(run.settings.epochs for run in runs.values())
    figure.update_xaxes(title="epoch", range=[0.5, total + 0.5])
    figure.update_yaxes(range=[0, 1.02], tickformat=".0%")
    figure.update_yaxes(title="accuracy", col=1)
    figure.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.25},
        dragmode=False,
    )
    return figure


def verdict(runs: dict[str, lab.TrainingRun]) -> transfer.StartComparison | None:
    """One computed sentence on the trained starts, and why reusing filters can help or not;
    returns the comparison (None with the random start alone) for the sections after it."""
    random_run = runs["random"]
    checked = len(random_run.validation)
    if "reused" not in runs:
        st.markdown(
            f"Trained on {len(random_run.train)} pictures for {random_run.epochs_done} epochs, "
            f"it gets **{transfer.pictures_right(random_run)} of the {checked}** validation "
            "pictures right."
        )
        return None
    reused_run = runs["reused"]
    comparison = transfer.compare_starts(random_run, reused_run)
    if comparison.better is None:
        outcome = "both get as many right."
    else:
        winner = "the face network's filters" if comparison.better == "reused" else "random weights"
        outcome = (
            f"the start from {winner} gets "
            f"**{plural(abs(comparison.difference), 'picture')} more** right."
        )
    st.markdown(
        f"Both learned from the same {len(random_run.train)} pictures for "
        f"{random_run.epochs_done} epochs. Now the network that started from the face "
        f"network's filters gets **{comparison.reused_right} of the {checked}** validation "
        f"pictures right, the one from random weights **{comparison.random_right}**: {outcome} "
        f"With {plural(checked, 'validation picture')}, a difference of one or two can be luck; "
        "train again with more pictures to see whether it holds."
    )
    total = reused_run.model.count_params()
    reused = sum(reused_run.model.get_layer(name).count_params() for name in transfer.REUSED_LAYERS)
    epochs = _fine_tuned(reused_run)
    fine_tuned = f" (and, in its last {plural(epochs, 'epoch')}, the filters too)" if epochs else ""
    st.markdown(
        "**Why reusing filters can help.** The face network's two convolution layers already "
        "turn a picture into maps of edges, blobs and corners (the *Inside the network* page "
        "shows them). A network from random weights must learn such filters *and* its answer "
        "from your few pictures, and with so few it easily memorises them instead. The other one "
        f"keeps the filters and learns only the layers after them{fine_tuned}: "
        f"{total - reused:,} weights instead of {total:,}. Tools such as "
        "Teachable Machine do the same with a network trained on millions of photos."
    )
    side = f"{INPUT_SIDE} × {INPUT_SIDE}"
    st.markdown(
        f"**When it would not help.** These filters were learned on {side} gray faces and "
        f"non-faces. They know nothing of colour or of detail finer than those {side} pixels, "
        "and little of patterns the face data never showed. Classes told apart by such things "
        "gain little from them; with enough pictures, a network that learns its own filters "
        "can then do as well or better."
    )
    return comparison
