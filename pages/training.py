"""Training lab: watch the face network learn, overfit and recover, live, epoch by epoch.

TensorFlow is imported under a spinner after the title has painted. Everything a session trains
lives in its own ``st.session_state``: the run in progress, the runs kept for comparison and the
model handed to the Face page (`TRAINED_MODEL_KEY`).

The training loop runs in the page's main script, not in a fragment: a click on Stop asks for a
full rerun, which interrupts the loop at its next drawing call, between two epochs (a fragment's
rerun would wait for the loop to end). The run is kept in session state, so whatever was
interrupted picks up where it was, and Stop keeps everything trained so far.
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core import colours, convolution, images, lab_settings, optimizers
from pages.common import PRIVACY_NOTE, TRAINED_MODEL_KEY, try_this
from pages.drawing import enlarge
from pages.journey import page_footer
from pages.verbatim import plotly_verbatim, verbatim

PATH = "pages/training.py"
FACE_PATH = "pages/face.py"

RUN_KEY = "training_run"  # the TrainingRun being trained or last trained
RUNNING_KEY = "training_running"  # True while the loop should go on
RUNS_KEY = "training_runs"  # finished or stopped runs, for the comparison chart
ERROR_KEY = "training_error"

KERNELS_EVERY = 5  # redraw the first layer's filters every this many epochs
MAX_COMPARED = 6  # runs kept for the comparison chart (the oldest is dropped)
MISTAKES_SHOWN = 12
TRAINING_COLOUR, VALIDATION_COLOUR = "#0072B2", "#E69F00"  # Okabe–Ito blue and orange
RUN_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")

# The shower demo (one weight) and the valley demo (two weights).
SHOWER_STEP_KEY = "training_shower_at"
SHOWER_RATES = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 19.0, 21.0, 25.0)
SHOWER_START = 20.0  # °C: a cold shower
SHOWER_STEPS = 30
SHOWER_RANGE = (0.0, 76.0)  # °C drawn: symmetric around the best temperature
SHOWER_TOP = 75.0  # highest discomfort drawn
SHOWER_FRAME_SECONDS = 0.08
SHOWER_VERDICTS = {
    "converged": "**Converged.** After {steps} steps the ball sits at the most comfortable "
    "temperature: a learning rate of {rate:g} is about right.",
    "crawling": "**Crawling.** After {steps} steps the ball is still on its way. The steps are "
    "too small (or momentum is still carrying it to and fro): training like this needs many "
    "more epochs.",
    "oscillating": "**Oscillating.** The ball keeps jumping from too cold to too hot and back: "
    "each step overshoots. A smaller learning rate would settle.",
    "diverged": "**Diverged.** Every jump lands further from the best temperature than the last "
    "one, and the discomfort grows without end. A learning rate of {rate:g} is too large: in a "
    "network the loss would shoot up and the weights become useless.",
}
VALLEY_RATES = (0.01, 0.03, 0.1, 0.3, 0.45)
# Where all three differences show at once: SGD zig-zags across, momentum runs past the bottom,
# Adam moves at one pace in both directions (the sentence under the chart says what happened).
VALLEY_DEFAULT_RATE, VALLEY_DEFAULT_STEPS = 0.3, 30
VALLEY_START = (-9.0, 2.5)
VALLEY_COLOURS = ("#56B4E9", "#E69F00", "#CC79A7")  # Okabe–Ito sky blue, orange, purple

# Your own classes.
OWN_EXAMPLES_KEY = "training_own_examples"  # {class index: [{id, name, picture, thumbnail}]}
OWN_NEXT_ID_KEY = "training_own_next_id"
OWN_UPLOAD_VERSION_KEY = "training_own_upload_version"  # new uploader keys after each upload
OWN_ERRORS_KEY = "training_own_errors"
OWN_TRAINING_ERROR_KEY = "training_own_error"
OWN_RUN_KEY = "training_own_run"
OWN_RUNNING_KEY = "training_own_running"
OWN_QUERY_KEY = "training_own_query"  # (picture, title) of the picture to classify
OWN_DEFAULT_NAMES = ("Class A", "Class B", "Class C", "Class D")
OWN_MAX_SIDE = 512  # uploads are decoded at most this large: they end up 25 × 25 anyway
THUMBNAIL_SIDE = 72
THUMBNAILS_PER_ROW = 3
OWN_MAP_SIDE = 200
OWN_OCCLUSION_PATCH = 7

#: Widget keys of the controls, and the LabSettings field each one sets.
CONTROLS = {
    "training_epochs": "epochs",
    "training_optimizer": "optimizer",
    "training_learning_rate": "learning_rate",
    "training_batch_size": "batch_size",
    "training_dropout": "dropout",
    "training_augmentation": "augmentation",
    "training_fraction": "training_fraction",
    "training_seed": "seed",
}

st.title("Training lab")
st.markdown(
    "On this page a network learns while you watch. It is the same small network as on the "
    "*Face or not?* page, started from random weights and trained on the same pictures, here "
    "and now, on the server that runs this app. You choose how it learns; the curves show, "
    "epoch by epoch, how well "
    "it does on the pictures it learns from and on pictures it has never learned from."
)
try_this(
    "press *Overfit*, then *Train*, and watch the two accuracy curves part. "
    "Then press *Regularised* and *Train* again, and compare the two runs at the bottom."
)

with st.spinner("Loading TensorFlow for the first time…"):
    from core import lab  # TensorFlow: seconds on the first visit, then cached
    from core import model as face_cnn
    from core import train as face_data


# --------------------------------------------------------------------------------------------
# State changes (button callbacks run before the script, so they are seen at once)
# --------------------------------------------------------------------------------------------


def _chosen_settings() -> lab_settings.LabSettings:
    """The settings the controls show now (their session-state values)."""
    defaults = lab_settings.LabSettings()
    values = {
        field: st.session_state.get(key, getattr(defaults, field))
        for key, field in CONTROLS.items()
    }
    return lab_settings.LabSettings(**values)


def _apply_preset(name: str) -> None:
    for key, field in CONTROLS.items():
        st.session_state[key] = getattr(lab_settings.PRESETS[name], field)


def _record(run: lab.TrainingRun) -> None:
    """Keep a finished or stopped run for the comparison chart (once)."""
    runs = st.session_state.setdefault(RUNS_KEY, [])
    if run.epochs_done and not any(kept["run_id"] == id(run) for kept in runs):
        runs.append(
            {
                "run_id": id(run),
                "label": f"Run {len(runs) + 1}: {run.settings.describe()}",
                "history": {key: list(values) for key, values in run.history.items()},
            }
        )
        del runs[:-MAX_COMPARED]


def _start_training() -> None:
    st.session_state.pop(ERROR_KEY, None)
    try:
        settings = _chosen_settings()
        data = lab.split_for_lab(
            face_data.load_face_dataset(),
            training_fraction=settings.training_fraction,
            seed=settings.seed,
        )
        run = lab.TrainingRun(data.train, data.validation, settings)
    except ValueError as error:
        st.session_state[ERROR_KEY] = str(error)
        return
    st.session_state[RUN_KEY] = run
    st.session_state[RUNNING_KEY] = True


def _stop_training() -> None:
    st.session_state[RUNNING_KEY] = False
    if (run := st.session_state.get(RUN_KEY)) is not None:
        _record(run)


def _clear_comparison() -> None:
    st.session_state.pop(RUNS_KEY, None)


def _use_on_face_page() -> None:
    run = st.session_state[RUN_KEY]
    st.session_state[TRAINED_MODEL_KEY] = run.as_face_model(face_data.load_face_dataset())


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def _curves(history: dict[str, list[float]], total_epochs: int) -> go.Figure:
    """Accuracy and loss, training against validation, side by side."""
    figure = make_subplots(
        rows=1, cols=2, subplot_titles=("Accuracy (higher is better)", "Loss (lower is better)")
    )
    epochs = list(range(1, len(history["loss"]) + 1))
    for column, metric in ((1, "accuracy"), (2, "loss")):
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
                    hovertemplate=f"epoch %{{x}}<br>{name} {metric} %{{y:.3f}}<extra></extra>",
                ),
                row=1,
                col=column,
            )
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


def _kernels_picture(kernels: np.ndarray) -> np.ndarray:
    """Every first-layer filter side by side on one colour scale (white gaps between)."""
    count = kernels.shape[-1]
    spaced = np.concatenate(
        [np.pad(kernels[..., 0, i], ((0, 0), (0, 1))) for i in range(count)], axis=1
    )
    return enlarge(convolution.display_image(spaced[:, :-1]), 60 * count)


def _draw_progress(run: lab.TrainingRun, places: dict, *, kernels: bool) -> None:
    done, total = run.epochs_done, run.settings.epochs
    places["progress"].progress(done / total, text=f"Epoch {done} of {total}")
    if done:
        figures = {key: values[-1] for key, values in run.history.items()}
        places["status"].markdown(
            f"After epoch **{done}**: training accuracy **{figures['accuracy']:.1%}**, "
            f"validation accuracy **{figures['val_accuracy']:.1%}**; training loss "
            f"{figures['loss']:.3f}, validation loss {figures['val_loss']:.3f}."
        )
        places["curves"].plotly_chart(_curves(run.history, total))
    if kernels:
        weights = run.first_layer_kernels()
        places["kernels"].image(
            _kernels_picture(weights),
            caption=f"The {weights.shape[-1]} filters of the first layer after epoch {done}: "
            "red weights are positive, blue negative, white about 0",
        )


def _train_and_stop_buttons(
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


def _live_area() -> dict:
    """Placeholders the training loop redraws: progress, figures, curves and filters."""
    places = {"progress": st.empty(), "status": st.empty(), "curves": st.empty()}
    kernel_column, kernel_notes = st.columns([3, 2])
    places["kernels"] = kernel_column.empty()
    kernel_notes.markdown(
        "These are the first layer's filters: small grids of weights, like the kernels on the "
        "Convolution page. They start as random noise and change as the network learns "
        f"(redrawn every {KERNELS_EVERY} epochs)."
    )
    return places


def _train_live(run: lab.TrainingRun, running_key: str, places: dict) -> bool:
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


# --------------------------------------------------------------------------------------------
st.header("Train the face network live", divider="gray")
dataset = face_data.load_face_dataset()
pooled = len(dataset.train) + len(dataset.validation)
faces = dataset.train.counts()["face"] + dataset.validation.counts()["face"]
st.markdown(
    f"The network learns from **{pooled} pictures**: {faces} faces and {pooled - faces} that "
    "are not (other faces' backgrounds, patches of photos, made-up textures). Before it starts, "
    "they are cut in two. The **training** pictures are the ones it learns from. The "
    "**validation** pictures are kept aside and only used to check it after every epoch, so "
    f"they show how it does on pictures it has never learned from. {len(dataset.test)} more "
    "test pictures are kept for the very end."
)
st.markdown(
    "An **epoch** is one pass over all the training pictures, in small batches. After each "
    "batch the network compares its answers with the right ones and measures how wrong they are "
    "in one number, the **loss** (here cross-entropy: small when it gives the right class a "
    "probability near 1, large when near 0). It works out how to change every weight to lower "
    "the loss (that is **backpropagation**), and the optimizer makes that change, as big as the "
    "learning rate says."
)

presets = st.columns(len(lab_settings.PRESETS) + 1)
for column, name in zip(presets, lab_settings.PRESETS, strict=False):
    column.button(
        f"Preset: {name}",
        key=f"training_preset_{name}",
        on_click=_apply_preset,
        args=(name,),
        width="stretch",
    )
overfit, regularised = lab_settings.PRESETS["Overfit"], lab_settings.PRESETS["Regularised"]
presets[-1].caption(
    f"**Overfit**: only {overfit.training_fraction:.0%} of the pictures to learn from, no "
    f"dropout, no augmentation. **Regularised**: the same few pictures with dropout "
    f"{regularised.dropout:g} and augmentation on."
)


@st.fragment
def controls() -> None:
    """The settings of the next run (a fragment: moving one redraws only these)."""
    defaults = lab_settings.LabSettings()
    left, middle, right = st.columns(3)
    left.slider(
        "Epochs",
        1,
        lab_settings.MAX_EPOCHS,
        defaults.epochs,
        key="training_epochs",
        bind="query-params",
        persist_state="session",
        help="How many times the network goes through all its training pictures.",
    )
    left.selectbox(
        "Optimizer",
        lab_settings.OPTIMIZERS,
        index=lab_settings.OPTIMIZERS.index(defaults.optimizer),
        key="training_optimizer",
        bind="query-params",
        persist_state="session",
        help="The rule that turns each batch's gradient into a change of the weights.",
    )
    left.select_slider(
        "Learning rate",
        lab_settings.LEARNING_RATES,
        value=defaults.learning_rate,
        format_func=lambda rate: f"{rate:g}",
        key="training_learning_rate",
        bind="query-params",
        persist_state="session",
        help="How big each step is. Each option is 2 to 2.5 times the one before.",
    )
    middle.select_slider(
        "Batch size",
        lab_settings.BATCH_SIZES,
        value=defaults.batch_size,
        key="training_batch_size",
        bind="query-params",
        persist_state="session",
        help="Pictures looked at before each change of the weights.",
    )
    middle.slider(
        "Dropout",
        0.0,
        lab_settings.MAX_DROPOUT,
        defaults.dropout,
        step=0.05,
        key="training_dropout",
        bind="query-params",
        persist_state="session",
        help="Share of the values zeroed at random in training only, so the network cannot "
        "rely on any single one. When it answers, every value is used.",
    )
    middle.toggle(
        "Augmentation",
        defaults.augmentation,
        key="training_augmentation",
        bind="query-params",
        persist_state="session",
        help="Show every training picture slightly changed each epoch (turned, shifted, "
        "mirrored, brighter or darker), as on the Augmentation page.",
    )
    low, high = lab_settings.TRAINING_FRACTION_LIMITS
    right.slider(
        "Training fraction",
        low,
        high,
        defaults.training_fraction,
        step=0.05,
        format="%.2f",
        key="training_fraction",
        bind="query-params",
        persist_state="session",
        help="Share of the pictures the network learns from; the rest are validation pictures.",
    )
    right.number_input(
        "Seed",
        0,
        9999,
        defaults.seed,
        key="training_seed",
        bind="query-params",
        persist_state="session",
        help="Fixes every random choice: which pictures go where, the first weights, the order.",
    )
    fraction = st.session_state["training_fraction"]
    right.caption(
        f"{fraction:.0%} to learn from, {1 - fraction:.0%} to check on. Same seed and settings, "
        "same run."
    )


controls()

_train_and_stop_buttons("training", _start_training, _stop_training, RUNNING_KEY)
if error := st.session_state.get(ERROR_KEY):
    st.error(f"Training could not start: {error}", icon=":material/error:")

run: lab.TrainingRun | None = st.session_state.get(RUN_KEY)
places = _live_area()
if run is None:
    places["status"].markdown(
        "No run yet. Choose the settings above (or a preset) and press **Train**."
    )
elif _train_live(run, RUNNING_KEY, places):
    _record(run)
    st.rerun()  # enable Train, disable Stop, and draw the results below
st.caption(
    "Both accuracies are **balanced accuracy**: the share of faces it gets right and the share "
    "of non-faces it gets right, averaged, so the far fewer faces count as much as the rest and "
    "answering “not a face” every time scores 50 %. The training figures are measured while "
    "the network learns, with dropout and augmentation on; the validation figures after each "
    "epoch, with every value used."
)


# --------------------------------------------------------------------------------------------
st.header("What the curves say", divider="gray")
if run is None or not run.epochs_done:
    st.markdown("Train a network above; this section then reads its curves for you.")
else:
    report = lab.judge_fit(run.history)
    st.markdown(
        f"Over its last epochs the network got **{report.training_accuracy:.1%}** of its "
        f"training pictures right and **{report.validation_accuracy:.1%}** of the validation "
        f"pictures. The validation loss was lowest at epoch **{report.best_epoch}** "
        f"({report.best_validation_loss:.3f}) and is {report.recent_validation_loss:.3f} now."
    )
    if report.epochs < 2 * lab.LAST_EPOCHS:
        st.info(
            f"Only {report.epochs} epoch(s) so far: the network is still finding its way, and "
            "it is too early to say whether it overfits. Train for 30 epochs or more.",
            icon=":material/hourglass_top:",
        )
    elif report.overfitting:
        st.warning(
            f"**This run is overfitting.** Training accuracy is "
            f"{report.gap * 100:+.1f} points above validation accuracy, and the validation loss "
            f"is {report.loss_rise:.0%} above its lowest. The network is memorising its "
            "training pictures (their exact pixels, their noise) instead of learning what "
            "makes a face a face, so it does worse on pictures it has not seen.",
            icon=":material/trending_up:",
        )
    else:
        st.success(
            "**No sign of overfitting.** The network does about as well on pictures it has "
            f"never learned from as on its training pictures (gap {report.gap * 100:+.1f} "
            "points), and the validation loss has not climbed back up.",
            icon=":material/check_circle:",
        )
st.markdown(
    "**How to read the curves.** Overfitting shows as the training curve running *above* the "
    "validation curve: the network is better on the pictures it learned from than on new "
    "ones. (Some texts say it the wrong way round.) The loss usually tells first: the "
    "training loss keeps falling while the validation loss turns and climbs."
)
st.markdown(
    "**The cures.** More pictures help most. Without them, **augmentation** shows each "
    "picture slightly changed every epoch, so there is no exact copy to memorise; **dropout** "
    "zeroes a random share of the values in training only, so the network cannot lean on "
    "any one of them (when it answers, every value is used). Both make training harder, so "
    "the training curve can even sit below the validation curve: that is fine."
)
st.caption("Try this: train the Overfit preset, then the Regularised one, and compare below.")


# --------------------------------------------------------------------------------------------
st.header("How it does on the test pictures", divider="gray")
if run is None or not run.epochs_done or st.session_state.get(RUNNING_KEY):
    st.markdown("When a run ends (or you stop it), its answers on the test pictures show here.")
else:
    test = dataset.test  # `split_for_lab` keeps core.train's test split as it is
    probabilities = run.probabilities(test.images)
    predicted = probabilities.argmax(axis=1)
    matrix = lab.confusion_matrix(test.labels, predicted, len(run.classes))
    correct = int(np.trace(matrix))
    st.markdown(
        f"The {len(test)} test pictures ({', '.join(f'{n} {c}' for c, n in test.counts().items())}"
        f") were never used in training or validation. The network gets **{correct} of "
        f"{len(test)}** right ({correct / len(test):.0%})."
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
            f"{chosen.metadata['test_accuracy']:.0%}), for your session only. The "
            "network that ships with the app is not changed."
        )
        st.page_link(FACE_PATH, label="Go to the Face page", icon=":material/face:")


# --------------------------------------------------------------------------------------------
st.header("Compare runs", divider="gray")
runs = st.session_state.get(RUNS_KEY, [])
if not runs:
    st.markdown("Every run you finish or stop is added here, so you can lay them over each other.")
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
        for key, dash, suffix in (("val_accuracy", "solid", ""), ("accuracy", "dot", " (train)")):
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


# --------------------------------------------------------------------------------------------
st.header("How the optimizer finds its way down", divider="gray")
st.markdown(
    "Every training step asks the same question: *which way is down, and how far should I "
    "go?* Backpropagation answers the first part: it works out, for every weight, which way "
    "to nudge it to lower the loss (the gradient, or slope). The optimizer answers the second: "
    "it takes a step downhill, as long as the learning rate says. Here is the same idea with "
    "one knob you know: the temperature of a shower."
)
lab_defaults = lab_settings.LabSettings()
default_split = lab.split_for_lab(
    dataset, training_fraction=lab_defaults.training_fraction, seed=lab_defaults.seed
)
st.markdown(
    "These are not epochs. One step below is one update of the weights, which a network makes "
    f"after every batch. In the lab above, with the default settings, one epoch is "
    f"{math.ceil(len(default_split.train) / lab_defaults.batch_size)} such steps: "
    f"{len(default_split.train)} training pictures in batches of {lab_defaults.batch_size}."
)


def _reset_shower() -> None:
    st.session_state[SHOWER_STEP_KEY] = 0


def _step_shower(last: int) -> None:
    st.session_state[SHOWER_STEP_KEY] = min(st.session_state.get(SHOWER_STEP_KEY, 0) + 1, last)


def _shower_figure(path: np.ndarray, at: int) -> go.Figure:
    """Discomfort against temperature, the steps taken so far and the ball where it is now."""
    low, high = SHOWER_RANGE
    temperatures = np.linspace(low, high, 200)
    shown = path[: at + 1]
    inside = shown[(shown >= low) & (shown <= high)]
    figure = go.Figure(
        [
            go.Scatter(
                x=temperatures,
                y=optimizers.SHOWER.loss(temperatures),
                name="discomfort",
                line={"color": "#7F7F7F"},
                hovertemplate="%{x:.1f} °C: discomfort %{y:.1f}<extra></extra>",
            ),
            go.Scatter(
                x=inside,
                y=optimizers.SHOWER.loss(inside),
                name="steps so far",
                mode="lines+markers",
                line={"color": TRAINING_COLOUR, "width": 1},
                marker={"size": 6},
                hovertemplate="%{x:.2f} °C<extra></extra>",
            ),
        ]
    )
    now = float(path[at])
    pinned = min(max(now, low), high)  # off the chart: drawn at its edge, with an arrow
    figure.add_trace(
        go.Scatter(
            x=[pinned],
            y=[min(float(optimizers.SHOWER.loss(now)), SHOWER_TOP)],
            name="the ball",
            mode="markers",
            marker={
                "color": VALIDATION_COLOUR,
                "size": 18,
                "line": {"width": 2},
                "symbol": "circle" if pinned == now else "triangle-up",
            },
            hovertemplate=f"step {at}: {now:.2f} °C<extra></extra>",
        )
    )
    figure.add_annotation(
        x=0.01,
        y=0.98,
        xref="paper",
        yref="paper",
        showarrow=False,
        xanchor="left",
        text=f"step {at}" + ("" if pinned == now else ": the ball is off the chart"),
    )
    figure.update_xaxes(title="water temperature (°C)", range=[low, high])
    figure.update_yaxes(title="discomfort (the loss)", range=[0, SHOWER_TOP])
    figure.update_layout(
        height=330, margin={"l": 10, "r": 10, "t": 10, "b": 10}, dragmode=False, showlegend=False
    )
    return figure


@st.fragment
def shower_demo() -> None:
    rate_column, momentum_column = st.columns(2)
    rate = rate_column.select_slider(
        "Learning rate (how big each step is)",
        SHOWER_RATES,
        value=2.0,
        format_func=lambda value: f"{value:g}",
        key="training_shower_rate",
        on_change=_reset_shower,
    )
    momentum = momentum_column.slider(
        "Momentum (how much of the last step carries on)",
        0.0,
        0.9,
        0.0,
        step=0.1,
        key="training_shower_momentum",
        on_change=_reset_shower,
    )
    path = optimizers.descend_1d(
        optimizers.SHOWER,
        start=SHOWER_START,
        learning_rate=rate,
        steps=SHOWER_STEPS,
        momentum=momentum,
    )
    last = len(path) - 1
    at = min(st.session_state.get(SHOWER_STEP_KEY, 0), last)
    buttons = st.columns([1, 1, 1, 3])
    buttons[0].button(
        "Step", key="training_shower_step", on_click=_step_shower, args=(last,), width="stretch"
    )
    play = buttons[1].button("Play", key="training_shower_play", width="stretch")
    buttons[2].button("Reset", key="training_shower_reset", on_click=_reset_shower, width="stretch")
    chart, words = st.empty(), st.empty()

    def draw(step: int) -> None:
        chart.plotly_chart(_shower_figure(path, step))
        now = float(path[step])
        where = f"{now:.1f} °C" if abs(now) < 1e4 else f"{now:.1e} °C, far off the chart"
        words.markdown(
            f"Step **{step}** of {last}: the water is at **{where}**, discomfort "
            f"{float(optimizers.SHOWER.loss(now)):,.2f}. The most comfortable temperature is "
            f"{optimizers.SHOWER.best:g} °C."
        )

    if play:
        for step in range(at, last + 1):
            draw(step)
            time.sleep(SHOWER_FRAME_SECONDS)
        at = last
        st.session_state[SHOWER_STEP_KEY] = last
    else:
        draw(at)
    if at == last:
        verdict = optimizers.outcome(optimizers.SHOWER, path)
        message = SHOWER_VERDICTS[verdict].format(steps=last, rate=rate)
        if verdict == "converged":
            st.success(message, icon=":material/check_circle:")
        else:
            st.warning(message, icon=":material/warning:")


try_this(
    "press Play at learning rate 2, then at 0.2 (crawling), 19 (oscillating) and "
    "21 (diverged). Then give the large rates some momentum and see what changes."
)
shower_demo()

st.subheader("Two weights: a long, narrow valley")
st.markdown(
    "A network has thousands of weights, so its loss is a landscape with thousands of "
    "directions. Two are enough to see why optimizers differ. In this valley the loss is steep "
    "across and almost flat along it. The three optimizers start from the same place."
)


def valley_words(rate: float, steps: int, summaries: dict) -> str:
    """What the three paths did, from their summaries (`core.optimizers.summarise_path`)."""
    distances = {name: summary.distance for name, summary in summaries.items()}
    ranking = sorted(distances, key=distances.get)
    seen = []
    sgd, momentum, adam = (summaries[name] for name in optimizers.OPTIMIZERS)
    if sgd.zigzags >= 3:
        seen.append(f"SGD crossed the valley's floor {sgd.zigzags} times, zig-zagging")
    if momentum.overshot:
        seen.append("SGD with momentum ran past the bottom along the floor")
    across, along = adam.first_step[1], adam.first_step[0]
    seen.append(
        f"Adam's first step moved weight 1 (along the floor) by {along:.2f} and weight 2 "
        f"(across) by {across:.2f}: the learning rate, steep or flat"
    )
    return (
        f"After **{steps} steps** at learning rate {rate:g}, the distance left to the bottom: "
        + ", ".join(f"{name} **{distances[name]:.2f}**" for name in optimizers.OPTIMIZERS)
        + f". Closest: **{ranking[0]}**; farthest: **{ranking[-1]}**. "
        + "; ".join(seen)
        + "."
    )


@st.fragment
def valley_demo() -> None:
    rate_column, steps_column = st.columns(2)
    rate = rate_column.select_slider(
        "Learning rate",
        VALLEY_RATES,
        value=VALLEY_DEFAULT_RATE,
        format_func=lambda value: f"{value:g}",
        key="training_valley_rate",
    )
    steps = steps_column.slider(
        "Steps", 5, 100, VALLEY_DEFAULT_STEPS, step=5, key="training_valley_steps"
    )
    valley = optimizers.VALLEY
    x_min, x_max, y_min, y_max = valley.extent
    xs, ys = np.linspace(x_min, x_max, 121), np.linspace(y_min, y_max, 61)
    figure = go.Figure(
        go.Contour(
            x=xs,
            y=ys,
            z=valley.loss(*np.meshgrid(xs, ys)),
            colorscale=colours.UNSIGNED_PLOTLY,
            contours={"coloring": "heatmap", "showlines": True},
            showscale=False,
            hovertemplate="weight 1 %{x:.2f}, weight 2 %{y:.2f}<br>loss %{z:.2f}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[valley.best[0]],
            y=[valley.best[1]],
            name="the bottom",
            mode="markers",
            marker={"symbol": "x", "size": 14, "color": "white", "line": {"width": 1}},
            hovertemplate="the bottom: lowest loss<extra></extra>",
        )
    )
    summaries = {}
    for name, colour in zip(optimizers.OPTIMIZERS, VALLEY_COLOURS, strict=True):
        path = optimizers.optimize_2d(
            valley, name, start=VALLEY_START, learning_rate=rate, steps=steps
        )
        summaries[name] = optimizers.summarise_path(valley, path)
        figure.add_trace(
            go.Scatter(
                x=path[:, 0],
                y=path[:, 1],
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={"size": 4},
                hovertemplate=f"{name}<br>(%{{x:.2f}}, %{{y:.2f}})<extra></extra>",
            )
        )
    figure.update_xaxes(title="weight 1", range=[x_min, x_max])
    figure.update_yaxes(title="weight 2", range=[y_min, y_max])
    figure.update_layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        dragmode=False,
    )
    st.plotly_chart(figure, key="training_valley")
    st.markdown(valley_words(rate, steps, summaries))


valley_demo()
st.markdown(
    "**Plain SGD** steps straight downhill, the slope times the learning rate: across the steep "
    "walls a large rate overshoots, so it zig-zags, while along the nearly flat floor the same "
    "rate makes tiny steps, so it crawls. **Momentum** keeps part of each step in the next, so "
    "it gathers speed along the floor, and can run past the bottom and come back. **Adam** "
    "divides each direction's step by how steep that direction has been, so its steps are "
    "about as long as the learning rate in every direction: no zig-zag, but it needs a smaller "
    "rate to settle near the bottom. So the same number means different things: for SGD a "
    "multiplier of the slope, for Adam roughly a step length. No optimizer wins everywhere; "
    "which gets closest depends on the rate and the number of steps. The lab uses Adam by "
    "default because a real network has thousands of directions of very different steepness, "
    "and Adam copes with them without a learning rate for each."
)
st.caption(
    "Try this: set the learning rate to 0.45 and 20 steps, then to 0.01 and 100 steps, and "
    "read which optimizer gets closest each time."
)


# --------------------------------------------------------------------------------------------
st.header("Teach it your own classes", divider="gray")
st.markdown(
    "Now teach a network something only you can show it: two to four kinds of thing, say "
    "*cup*, *pen* and *keys*, or *thumbs up* and *thumbs down*. Name the classes, give it "
    f"at least {lab.MIN_EXAMPLES_PER_CLASS} pictures of each (uploads or webcam shots), and "
    "train the same kind of network as above. Each picture is turned into the same 25 × 25 "
    "gray square the face network sees."
)
try_this(
    "take six webcam shots of your hand open and six of it closed, train, then "
    "show it a new shot. Then add a few shots taken somewhere else and train again."
)
st.caption(PRIVACY_NOTE)


def _own_examples() -> dict[int, list[dict]]:
    return st.session_state.setdefault(OWN_EXAMPLES_KEY, {})


def _add_example(class_index: int, rgb: np.ndarray, name: str) -> None:
    """Keep a picture as the network's input and as a thumbnail, with an id for Remove."""
    number = st.session_state.get(OWN_NEXT_ID_KEY, 0)
    st.session_state[OWN_NEXT_ID_KEY] = number + 1
    _own_examples().setdefault(class_index, []).append(
        {
            "id": number,
            "name": name,
            "picture": face_cnn.preprocess(rgb),
            "thumbnail": images.resize_square(rgb, THUMBNAIL_SIDE),
        }
    )


def _read_pictures(files: list, add) -> list[str]:
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


def _receive_uploads(class_index: int, widget_key: str) -> None:
    files = st.session_state.get(widget_key) or []
    st.session_state[OWN_ERRORS_KEY] = _read_pictures(
        files, lambda rgb, name: _add_example(class_index, rgb, name)
    )
    st.session_state[OWN_UPLOAD_VERSION_KEY] = st.session_state.get(OWN_UPLOAD_VERSION_KEY, 0) + 1


def _receive_shot(widget_key: str) -> None:
    shot = st.session_state.get(widget_key)
    if shot is None:
        return
    class_index = st.session_state.get("training_own_camera_class", 0)
    st.session_state[OWN_ERRORS_KEY] = _read_pictures(
        [shot], lambda rgb, _: _add_example(class_index, rgb, "webcam shot")
    )
    st.session_state[OWN_UPLOAD_VERSION_KEY] = st.session_state.get(OWN_UPLOAD_VERSION_KEY, 0) + 1


def _remove_example(class_index: int, number: int) -> None:
    examples = _own_examples()
    examples[class_index] = [e for e in examples.get(class_index, []) if e["id"] != number]


def _receive_query(widget_key: str) -> None:
    pictures = []
    problems = _read_pictures(
        [file for file in [st.session_state.get(widget_key)] if file is not None],
        lambda rgb, name: pictures.append((face_cnn.preprocess(rgb), name)),
    )
    st.session_state[OWN_ERRORS_KEY] = problems
    if pictures:
        st.session_state[OWN_QUERY_KEY] = pictures[0]


def _own_names(count: int) -> list[str]:
    return [
        st.session_state.get(f"training_own_name_{index}", OWN_DEFAULT_NAMES[index])
        for index in range(count)
    ]


def _start_own_training() -> None:
    st.session_state.pop(OWN_TRAINING_ERROR_KEY, None)
    count = st.session_state.get("training_own_count", lab.CLASS_COUNT_LIMITS[0])
    examples = _own_examples()
    groups = [[e["picture"] for e in examples.get(index, [])] for index in range(count)]
    names = [name.strip() for name in _own_names(count)]
    settings = dataclasses.replace(
        lab.OWN_CLASSES_SETTINGS,
        epochs=st.session_state.get("training_own_epochs", lab.OWN_CLASSES_SETTINGS.epochs),
    )
    try:
        problems = lab.own_classes_problems(names, [len(group) for group in groups])
        if problems:
            raise ValueError(" ".join(problems))
        train, validation = lab.split_pictures(
            lab.own_classes_pictures(groups),
            training_fraction=settings.training_fraction,
            seed=settings.seed,
        )
        settings = dataclasses.replace(settings, batch_size=min(settings.batch_size, len(train)))
        run = lab.TrainingRun(train, validation, settings, classes=names)
    except ValueError as error:
        st.session_state[OWN_TRAINING_ERROR_KEY] = str(error)
        return
    st.session_state[OWN_RUN_KEY] = run
    st.session_state[OWN_RUNNING_KEY] = True
    st.session_state.pop(OWN_QUERY_KEY, None)


def _stop_own_training() -> None:
    st.session_state[OWN_RUNNING_KEY] = False


count = st.segmented_control(
    "How many classes?",
    list(range(lab.CLASS_COUNT_LIMITS[0], lab.CLASS_COUNT_LIMITS[1] + 1)),
    default=lab.CLASS_COUNT_LIMITS[0],
    key="training_own_count",
    required=True,
)
version = st.session_state.get(OWN_UPLOAD_VERSION_KEY, 0)
examples = _own_examples()
for index, column in enumerate(st.columns(count)):
    with column.container(border=True):
        st.text_input(
            f"Name of class {index + 1}",
            OWN_DEFAULT_NAMES[index],
            key=f"training_own_name_{index}",
            max_chars=30,
        )
        upload_key = f"training_own_upload_{index}_{version}"
        st.file_uploader(
            "Add pictures (several at once)",
            accept_multiple_files=True,
            key=upload_key,
            on_change=_receive_uploads,
            args=(index, upload_key),
        )
        kept = examples.get(index, [])
        st.caption(f"{len(kept)} picture{'s' if len(kept) != 1 else ''}")
        for row_start in range(0, len(kept), THUMBNAILS_PER_ROW):
            tiles = st.columns(THUMBNAILS_PER_ROW)
            for tile, example in zip(
                tiles, kept[row_start : row_start + THUMBNAILS_PER_ROW], strict=False
            ):
                tile.image(example["thumbnail"], caption=verbatim(example["name"], limit=14))
                tile.button(
                    "Remove",
                    key=f"training_own_remove_{example['id']}",
                    on_click=_remove_example,
                    args=(index, example["id"]),
                    icon=":material/close:",
                    width="stretch",
                )
names = _own_names(count)
if st.toggle("Add pictures with the webcam", key="training_own_webcam"):
    st.radio(
        "The next shot goes to",
        range(count),
        format_func=lambda index: verbatim(names[index]) or f"class {index + 1}",
        horizontal=True,
        key="training_own_camera_class",
    )
    camera_key = f"training_own_camera_{version}"
    st.camera_input("Take a photo", key=camera_key, on_change=_receive_shot, args=(camera_key,))
for problem in st.session_state.get(OWN_ERRORS_KEY, []):
    st.error(f"{problem} It was not added.", icon=":material/broken_image:")

counts = [len(examples.get(index, [])) for index in range(count)]
problems = lab.own_classes_problems(names, counts)
if problems:
    st.warning(
        "**Not ready to train yet.**\n"
        + "\n".join(f"- {verbatim(problem, limit=None)}" for problem in problems),
        icon=":material/info:",
    )
st.slider(
    "Epochs",
    5,
    lab_settings.MAX_EPOCHS,
    lab.OWN_CLASSES_SETTINGS.epochs,
    step=5,
    key="training_own_epochs",
    persist_state="session",
    help="A few dozen pictures make short epochs: more of them are needed than above.",
)
_train_and_stop_buttons(
    "training_own", _start_own_training, _stop_own_training, OWN_RUNNING_KEY, ready=not problems
)
if error := st.session_state.get(OWN_TRAINING_ERROR_KEY):
    st.error(f"Training could not start: {verbatim(error, limit=None)}", icon=":material/error:")

own_run: lab.TrainingRun | None = st.session_state.get(OWN_RUN_KEY)
if own_run is not None:
    own_places = _live_area()
    if _train_live(own_run, OWN_RUNNING_KEY, own_places):
        st.rerun()
    report = lab.judge_fit(own_run.history) if own_run.epochs_done else None
    if report is not None:
        st.markdown(
            f"Trained on {len(own_run.train)} pictures, checked on {len(own_run.validation)}: "
            f"validation accuracy **{report.validation_accuracy:.0%}** over the last epochs. "
            "With so few pictures this figure jumps about; more pictures, taken in different "
            "places and light, make it steadier and the network better."
        )

if own_run is not None and own_run.epochs_done and not st.session_state.get(OWN_RUNNING_KEY):
    st.subheader("Ask it about a new picture")
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
    query = st.session_state.get(OWN_QUERY_KEY)
    if query is None:
        st.markdown("Upload a picture or take a shot the network has not seen.")
    else:
        picture, title = query
        probabilities = own_run.probabilities(picture[np.newaxis])[0]
        top = int(probabilities.argmax())
        sure = f"{probabilities[top]:.0%}" if probabilities[top] < 0.995 else "more than 99%"
        st.markdown(f"#### It says **{verbatim(own_run.classes[top])}**, with probability {sure}.")
        st.caption(
            "That probability is the network's output, not a measured certainty: a softmax "
            "shares 100 % among your classes even for a picture of none of them."
        )
        bars = go.Figure(
            go.Bar(
                x=[float(p) for p in probabilities],
                y=[plotly_verbatim(name) for name in own_run.classes],
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
        seen.image(
            enlarge(gray, OWN_MAP_SIDE), caption=f"{verbatim(title)}, as the network sees it"
        )
        drops = face_cnn.occlusion_map(
            own_run.explainer(top), picture, patch=OWN_OCCLUSION_PATCH, stride=1
        )
        hidden.image(
            enlarge(convolution.display_image(drops), OWN_MAP_SIDE),
            caption=f"Hide and see: red where hiding a {OWN_OCCLUSION_PATCH} × "
            f"{OWN_OCCLUSION_PATCH} patch lowers P({verbatim(own_run.classes[top])}), blue "
            "where it raises it",
        )
        chart.plotly_chart(bars, key="training_own_probabilities")
        st.caption(
            "Try this: cover part of the thing and ask again. If the red area is on the "
            "background, not the thing, the network learned the background: add pictures "
            "taken in other places."
        )

page_footer(PATH)
