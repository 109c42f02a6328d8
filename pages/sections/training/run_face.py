"""Train the face network live: the data, the settings of the next run (presets, a fragment of
controls bound to the link), Train and Stop, and the run drawn while it learns."""

from __future__ import annotations

import streamlit as st

from core import lab, lab_settings, train
from pages.sections.training.live import (
    ERROR_KEY,
    RUN_KEY,
    RUNNING_KEY,
    live_area,
    record,
    train_and_stop_buttons,
    train_live,
)
from pages.sections.training.settings import MAX_SEED, TrainingSettings


def draw() -> lab.TrainingRun | None:
    """The section; returns the run trained or last trained (None before the first)."""
    st.header("Train the face network live", divider="gray")
    dataset = train.load_face_dataset()
    pooled = len(dataset.train) + len(dataset.validation)
    faces = dataset.train.counts()["face"] + dataset.validation.counts()["face"]
    st.markdown(
        f"The network learns from **{pooled} pictures**: {faces} faces and {pooled - faces} that "
        "are not (other faces' backgrounds, patches of photos, made-up textures). Before it "
        "starts, they are cut in two. The **training** pictures are the ones it learns from. The "
        "**validation** pictures are kept aside and only used to check it after every epoch, so "
        f"they show how it does on pictures it has never learned from. {len(dataset.test)} more "
        "test pictures are kept for the very end."
    )
    st.markdown(
        "An **epoch** is one pass over all the training pictures, in small batches. After each "
        "batch the network compares its answers with the right ones and measures how wrong they "
        "are in one number, the **loss** (here cross-entropy: small when it gives the right class "
        "a probability near 1, large when near 0). It works out how to change every weight to "
        "lower the loss (that is **backpropagation**), and the optimizer makes that change, as "
        "big as the learning rate says."
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

    _controls()

    train_and_stop_buttons("training", _start_training, _stop_training, RUNNING_KEY)
    if error := st.session_state.get(ERROR_KEY):
        st.error(f"Training could not start: {error}", icon=":material/error:")

    run: lab.TrainingRun | None = st.session_state.get(RUN_KEY)
    places = live_area()
    if run is None:
        places["status"].markdown(
            "No run yet. Choose the settings above (or a preset) and press **Train**."
        )
    elif train_live(run, RUNNING_KEY, places):
        record(run, train.load_face_dataset())
        st.rerun()  # enable Train, disable Stop, and draw the results below
    st.caption(
        "Both accuracies are **balanced accuracy**: the share of faces it gets right and the "
        "share of non-faces it gets right, averaged, so the far fewer faces count as much as the "
        "rest and answering “not a face” every time scores 50 %. The training figures are "
        "measured while the network learns, with dropout and augmentation on; the validation "
        "figures after each epoch, with every value used."
    )
    return run


def _apply_preset(name: str) -> None:
    preset = lab_settings.PRESETS[name]
    for field in TrainingSettings.settings():
        st.session_state[TrainingSettings.key(field)] = getattr(preset, field)


def _start_training() -> None:
    st.session_state.pop(ERROR_KEY, None)
    try:
        settings = TrainingSettings.from_state(st.session_state).lab_settings()
        data = lab.split_for_lab(
            train.load_face_dataset(),
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
        record(run, train.load_face_dataset())


@st.fragment
def _controls() -> None:
    """The settings of the next run (a fragment: moving one redraws only these)."""
    defaults = lab_settings.LabSettings()
    left, middle, right = st.columns(3)
    left.slider(
        "Epochs",
        1,
        lab_settings.MAX_EPOCHS,
        defaults.epochs,
        key=TrainingSettings.key("epochs"),
        bind="query-params",
        persist_state="session",
        help="How many times the network goes through all its training pictures.",
    )
    left.selectbox(
        "Optimizer",
        lab_settings.OPTIMIZERS,
        index=lab_settings.OPTIMIZERS.index(defaults.optimizer),
        key=TrainingSettings.key("optimizer"),
        bind="query-params",
        persist_state="session",
        help="The rule that turns each batch's gradient into a change of the weights.",
    )
    left.select_slider(
        "Learning rate",
        lab_settings.LEARNING_RATES,
        value=defaults.learning_rate,
        format_func=lambda rate: f"{rate:g}",
        key=TrainingSettings.key("learning_rate"),
        bind="query-params",
        persist_state="session",
        help="How big each step is. Each option is 2 to 2.5 times the one before.",
    )
    middle.select_slider(
        "Batch size",
        lab_settings.BATCH_SIZES,
        value=defaults.batch_size,
        key=TrainingSettings.key("batch_size"),
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
        key=TrainingSettings.key("dropout"),
        bind="query-params",
        persist_state="session",
        help="Share of the values zeroed at random in training only, so the network cannot "
        "rely on any single one. When it answers, every value is used.",
    )
    middle.toggle(
        "Augmentation",
        defaults.augmentation,
        key=TrainingSettings.key("augmentation"),
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
        key=TrainingSettings.key("training_fraction"),
        bind="query-params",
        persist_state="session",
        help="Share of the pictures the network learns from; the rest are validation pictures.",
    )
    right.number_input(
        "Seed",
        0,
        MAX_SEED,
        defaults.seed,
        key=TrainingSettings.key("seed"),
        bind="query-params",
        persist_state="session",
        help="Fixes every random choice: which pictures go where, the first weights, the order.",
    )
    fraction = st.session_state[TrainingSettings.key("training_fraction")]
    right.caption(
        f"{fraction:.0%} to learn from, {1 - fraction:.0%} to check on. Same seed and settings, "
        "same run."
    )
