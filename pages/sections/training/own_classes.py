"""Teach it your own classes: pictures the visitor uploads or takes with the webcam, sorted into
two to four named classes, a network trained on them, and its answer about a new picture."""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

from core import images, lab, lab_settings, model, transfer
from core.train import INPUT_SIDE, Split
from pages.common import PRIVACY_NOTE, try_this
from pages.drawing import plural
from pages.headings import section_heading
from pages.instant import InstantSlider, instant_sliders, take_let_go
from pages.presenter import as_slide, kept_on_slides
from pages.sections.training import own_answer, own_compare
from pages.sections.training.live import train_and_stop_buttons
from pages.sections.training.own_answer import read_pictures
from pages.verbatim import verbatim

OWN_EXAMPLES_KEY = "training_own_examples"  # {class index: [{id, name, picture, thumbnail}]}
OWN_NEXT_ID_KEY = "training_own_next_id"
OWN_UPLOAD_VERSION_KEY = "training_own_upload_version"  # new uploader keys after each upload
OWN_ERRORS_KEY = "training_own_errors"
OWN_TRAINING_ERROR_KEY = "training_own_error"
OWN_RUNS_KEY = "training_own_runs"  # {"random": TrainingRun, "reused": TransferRun}
OWN_RUNNING_KEY = "training_own_running"
FINE_TUNE_KEY = "training_own_fine_tune"
OWN_DEFAULT_NAMES = ("Class A", "Class B", "Class C", "Class D")
#: Epochs for the next run: it answers in the browser (`pages.instant`), showing only its value;
#: kept in the session, not in the link.
OWN_EPOCHS_SLIDER = InstantSlider(
    "training_own_epochs",
    "Epochs",
    tuple(range(5, lab_settings.MAX_EPOCHS + 1, 5)),
    lab.OWN_CLASSES_SETTINGS.epochs,
    help="A few dozen pictures make short epochs: more of them are needed than above.",
    linked=False,
)
OWN_EPOCHS_VIEW_KEY = "training_own_epochs_view"
THUMBNAIL_SIDE = 72
THUMBNAILS_PER_ROW = 3


@as_slide("own-classes")
def draw() -> None:
    """The section: name the classes, add pictures, train, then ask about a new picture."""
    section_heading("Teach it your own classes")
    st.markdown(
        "Now teach a network something only you can show it: two to four kinds of thing, say "
        f"*cup*, *pen* and *keys*, or *thumbs up* and *thumbs down*. Name the classes, give it at "
        f"least {lab.MIN_EXAMPLES_PER_CLASS} pictures of each (uploads or webcam shots), and "
        f"train. Each picture is turned into the same {INPUT_SIDE} × {INPUT_SIDE} gray square the "
        "face network sees. "
        "*Train* trains two networks of the same shape on the same pictures: one from random "
        "weights, one that starts from the face network's filters."
    )
    try_this(
        "take six webcam shots of your hand open and six of it closed, train, then show it a new "
        "shot. Then add a few shots taken somewhere else and train again."
    )
    with kept_on_slides("privacy-own-classes"):
        st.caption(PRIVACY_NOTE)

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
            st.caption(plural(len(kept), "picture"))
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
    _epochs_slider()
    st.toggle(
        "Fine-tune the reused filters in the last quarter of the epochs",
        key=FINE_TUNE_KEY,
        help="The network that reuses the face network's filters keeps them fixed; with this "
        "on, they may change too at the end, the whole network then learning at a tenth of "
        "the rate.",
    )
    train_and_stop_buttons(
        "training_own", _start_own_training, _stop_own_training, OWN_RUNNING_KEY, ready=not problems
    )
    if error := st.session_state.get(OWN_TRAINING_ERROR_KEY):
        st.error(
            f"Training could not start: {verbatim(error, limit=None)}", icon=":material/error:"
        )

    runs: dict[str, lab.TrainingRun] | None = st.session_state.get(OWN_RUNS_KEY)
    if runs:
        if own_compare.train_and_draw(runs, OWN_RUNNING_KEY):
            st.rerun()
        if all(run.epochs_done for run in runs.values()) and not st.session_state.get(
            OWN_RUNNING_KEY
        ):
            own_answer.draw(runs, own_compare.verdict(runs), version)


@st.fragment
def _epochs_slider() -> None:
    """A fragment: letting go of the slider reruns only this."""
    instant_sliders(OWN_EPOCHS_VIEW_KEY, [OWN_EPOCHS_SLIDER], None)


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
            "picture": model.preprocess(rgb),
            "thumbnail": images.resize_square(rgb, THUMBNAIL_SIDE),
        }
    )


def _receive_uploads(class_index: int, widget_key: str) -> None:
    files = st.session_state.get(widget_key) or []
    st.session_state[OWN_ERRORS_KEY] = read_pictures(
        files, lambda rgb, name: _add_example(class_index, rgb, name)
    )
    st.session_state[OWN_UPLOAD_VERSION_KEY] = st.session_state.get(OWN_UPLOAD_VERSION_KEY, 0) + 1


def _receive_shot(widget_key: str) -> None:
    shot = st.session_state.get(widget_key)
    if shot is None:
        return
    class_index = st.session_state.get("training_own_camera_class", 0)
    st.session_state[OWN_ERRORS_KEY] = read_pictures(
        [shot], lambda rgb, _: _add_example(class_index, rgb, "webcam shot")
    )
    st.session_state[OWN_UPLOAD_VERSION_KEY] = st.session_state.get(OWN_UPLOAD_VERSION_KEY, 0) + 1


def _remove_example(class_index: int, number: int) -> None:
    examples = _own_examples()
    examples[class_index] = [e for e in examples.get(class_index, []) if e["id"] != number]


def _own_names(count: int) -> list[str]:
    return [
        st.session_state.get(f"training_own_name_{index}", OWN_DEFAULT_NAMES[index])
        for index in range(count)
    ]


def _start_own_training() -> None:
    st.session_state.pop(OWN_TRAINING_ERROR_KEY, None)
    take_let_go(OWN_EPOCHS_VIEW_KEY, [OWN_EPOCHS_SLIDER])  # let go of in the same run
    count = st.session_state.get("training_own_count", lab.CLASS_COUNT_LIMITS[0])
    examples = _own_examples()
    groups = [[e["picture"] for e in examples.get(index, [])] for index in range(count)]
    names = [name.strip() for name in _own_names(count)]
    settings = dataclasses.replace(
        lab.OWN_CLASSES_SETTINGS,
        epochs=st.session_state.get(OWN_EPOCHS_SLIDER.name, OWN_EPOCHS_SLIDER.default),
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
        runs = _both_starts(train, validation, settings, names)
    except ValueError as error:
        st.session_state[OWN_TRAINING_ERROR_KEY] = str(error)
        return
    st.session_state[OWN_RUNS_KEY] = runs
    st.session_state[OWN_RUNNING_KEY] = True
    st.session_state.pop(own_answer.OWN_QUERY_KEY, None)


def _both_starts(
    train: Split, validation: Split, settings: lab_settings.LabSettings, names: list[str]
) -> dict[str, lab.TrainingRun]:
    """The random start and, if the face network can be reused, the reused start; if it cannot,
    the random start alone (the reason is kept for the page to say)."""
    base = own_compare.face_network()
    if base is not None:
        fine_tuning = (
            transfer.fine_tuning_epochs(settings.epochs)
            if st.session_state.get(FINE_TUNE_KEY, False)
            else 0
        )
        try:
            random_run, reused_run = transfer.train_both(
                train,
                validation,
                settings,
                base=base.model,
                classes=names,
                unfreeze_for_last=fine_tuning,
            )
            return {"random": random_run, "reused": reused_run}
        except ValueError as error:  # a face network whose layers do not fit
            st.session_state[own_compare.NO_BASE_KEY] = str(error)
    return {"random": lab.TrainingRun(train, validation, settings, classes=names)}


def _stop_own_training() -> None:
    st.session_state[OWN_RUNNING_KEY] = False
