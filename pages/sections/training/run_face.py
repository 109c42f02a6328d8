"""Train the face network live: the data, the settings of the next run (presets, a fragment of
controls bound to the link, its sliders answered in the browser by `pages.instant`), Train and
Stop, and the run drawn while it learns."""

from __future__ import annotations

import functools

import streamlit as st

from core import lab, lab_settings, train
from pages.headings import section_heading
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    instant_sliders,
    take_let_go,
)
from pages.instant_number import NumberField, number_fields
from pages.instant_number import take_let_go as take_seed_let_go
from pages.presenter import as_slide
from pages.sections.training.live import (
    ERROR_KEY,
    RUN_KEY,
    RUNNING_KEY,
    live_area,
    record,
    train_and_stop_buttons,
    train_live,
)
from pages.sections.training.settings import (
    DROPOUT_OPTIONS,
    FRACTION_OPTIONS,
    MAX_SEED,
    TrainingSettings,
)


def _slider(field: str, label: str, options: tuple, help: str, labels=()) -> InstantSlider:
    return InstantSlider(
        TrainingSettings.key(field),
        label,
        options,
        TrainingSettings.default(field),
        help=help,
        labels=tuple(labels),
    )


#: The sliders of the next run's settings, in the order they are drawn. Each is a browser
#: component of its own, named after its setting plus "_view" (one per combination of the five
#: would be far too many); only the training fraction's has views, its caption per position.
EPOCHS_SLIDER = _slider(
    "epochs",
    "Epochs",
    tuple(range(1, lab_settings.MAX_EPOCHS + 1)),
    "How many times the network goes through all its training pictures.",
)
LEARNING_RATE_SLIDER = _slider(
    "learning_rate",
    "Learning rate",
    lab_settings.LEARNING_RATES,
    "How big each step is. Each option is 2 to 2.5 times the one before.",
    labels=(f"{rate:g}" for rate in lab_settings.LEARNING_RATES),
)
BATCH_SIZE_SLIDER = _slider(
    "batch_size",
    "Batch size",
    lab_settings.BATCH_SIZES,
    "Pictures looked at before each change of the weights.",
)
DROPOUT_SLIDER = _slider(
    "dropout",
    "Dropout",
    DROPOUT_OPTIONS,
    "Share of the values zeroed at random in training only, so the network cannot rely on any "
    "single one. When it answers, every value is used.",
    labels=(f"{dropout:.2f}" for dropout in DROPOUT_OPTIONS),
)
FRACTION_SLIDER = _slider(
    "training_fraction",
    "Training fraction",
    FRACTION_OPTIONS,
    "Share of the pictures the network learns from; the rest are validation pictures.",
    labels=(f"{fraction:.2f}" for fraction in FRACTION_OPTIONS),
)
#: The seed of the next run, a number field answered in the browser (`pages.instant_number`).
SEED_FIELD = NumberField(
    TrainingSettings.key("seed"),
    "Seed",
    0,
    MAX_SEED,
    1,
    TrainingSettings.default("seed"),
    help="Fixes every random choice: which pictures go where, the first weights, the order.",
)
SEED_KEY = "training_seed_field"  # its browser component's key
CONTROL_SLIDERS = (
    EPOCHS_SLIDER,
    LEARNING_RATE_SLIDER,
    BATCH_SIZE_SLIDER,
    DROPOUT_SLIDER,
    FRACTION_SLIDER,
)


def view_key(slider: InstantSlider) -> str:
    """The key of ``slider``'s browser component."""
    return f"{slider.name}_view"


def split_words(fraction: float) -> str:
    """What a training fraction means, in the caption under its slider."""
    return (
        f"{fraction:.0%} to learn from, {1 - fraction:.0%} to check on. Same seed and settings, "
        "same run."
    )


@functools.cache
def _fraction_views() -> EncodedViews:
    return encode_views(
        {(fraction,): View(paragraphs=(split_words(fraction),)) for fraction in FRACTION_OPTIONS}
    )


@as_slide("run-face")
def draw() -> lab.TrainingRun | None:
    """The section; returns the run trained or last trained (None before the first)."""
    section_heading("Train the face network live")
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


def _take_let_go() -> None:
    """Keep the slider values and the seed let go of in the same run as a button press
    (`pages.instant`, `pages.instant_number`)."""
    for slider in CONTROL_SLIDERS:
        take_let_go(view_key(slider), [slider])
    take_seed_let_go(SEED_KEY, [SEED_FIELD])


def _apply_preset(name: str) -> None:
    _take_let_go()  # a slider let go of just before: the preset, pressed after, replaces it
    preset = lab_settings.PRESETS[name]
    for field in TrainingSettings.settings():
        st.session_state[TrainingSettings.key(field)] = getattr(preset, field)


def _start_training() -> None:
    st.session_state.pop(ERROR_KEY, None)
    _take_let_go()
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
    """The settings of the next run (a fragment: a new optimizer or augmentation switch reruns
    only these). The sliders answer in the browser, the training fraction's with its caption,
    and each is a fragment of its own, so letting go of one reruns that slider alone."""
    defaults = lab_settings.LabSettings()
    left, middle, right = st.columns(3)
    with left:
        _instant(EPOCHS_SLIDER)
    left.selectbox(
        "Optimizer",
        lab_settings.OPTIMIZERS,
        index=lab_settings.OPTIMIZERS.index(defaults.optimizer),
        key=TrainingSettings.key("optimizer"),
        bind="query-params",
        persist_state="session",
        help="The rule that turns each batch's gradient into a change of the weights.",
    )
    with left:
        _instant(LEARNING_RATE_SLIDER)
    with middle:
        _instant(BATCH_SIZE_SLIDER)
        _instant(DROPOUT_SLIDER)
    middle.toggle(
        "Augmentation",
        defaults.augmentation,
        key=TrainingSettings.key("augmentation"),
        bind="query-params",
        persist_state="session",
        help="Show every training picture slightly changed each epoch (turned, shifted, "
        "mirrored, brighter or darker), as on the Augmentation page.",
    )
    with right:
        _instant(FRACTION_SLIDER, _fraction_views())
    # The seed stays a number field, not an instant slider: it names a random draw, so 0–9999
    # has no order worth sliding along. Nothing on the page shows it until Train, so its arrow
    # keys, − / + and typing are answered by the browser, and Python told on let go.
    with right:
        number_fields(SEED_KEY, [SEED_FIELD])


@st.fragment
def _instant(slider: InstantSlider, views: EncodedViews | None = None) -> None:
    """One slider of the next run's settings, a fragment of its own: nothing else on the page
    shows its value, so letting go of it redraws only it."""
    instant_sliders(view_key(slider), [slider], views)
