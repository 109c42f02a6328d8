"""Teach it your own classes: pictures the visitor uploads or takes with the webcam, sorted into
two to four named classes, a network trained on them, and its answer about a new picture."""

from __future__ import annotations

import dataclasses

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import convolution, images, lab, lab_settings, model
from pages.common import PRIVACY_NOTE, try_this
from pages.drawing import enlarge
from pages.sections.training.live import RUN_COLOURS, live_area, train_and_stop_buttons, train_live
from pages.verbatim import plotly_verbatim, verbatim

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


def draw() -> None:
    """The section: name the classes, add pictures, train, then ask about a new picture."""
    st.header("Teach it your own classes", divider="gray")
    st.markdown(
        "Now teach a network something only you can show it: two to four kinds of thing, say "
        f"*cup*, *pen* and *keys*, or *thumbs up* and *thumbs down*. Name the classes, give it at "
        f"least {lab.MIN_EXAMPLES_PER_CLASS} pictures of each (uploads or webcam shots), and "
        "train the same kind of network as above. Each picture is turned into the same 25 × 25 "
        "gray square the face network sees."
    )
    try_this(
        "take six webcam shots of your hand open and six of it closed, train, then show it a new "
        "shot. Then add a few shots taken somewhere else and train again."
    )
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
    train_and_stop_buttons(
        "training_own", _start_own_training, _stop_own_training, OWN_RUNNING_KEY, ready=not problems
    )
    if error := st.session_state.get(OWN_TRAINING_ERROR_KEY):
        st.error(
            f"Training could not start: {verbatim(error, limit=None)}", icon=":material/error:"
        )

    own_run: lab.TrainingRun | None = st.session_state.get(OWN_RUN_KEY)
    if own_run is not None:
        own_places = live_area()
        if train_live(own_run, OWN_RUNNING_KEY, own_places):
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
            st.markdown(
                f"#### It says **{verbatim(own_run.classes[top])}**, with probability {sure}."
            )
            st.caption(
                "That probability is the network's output, not a measured certainty: a softmax "
                "shares 100 % among your classes even for a picture of none of them."
            )
            bars = go.Figure(
                go.Bar(
                    x=[float(p) for p in probabilities],
                    y=[plotly_verbatim(name) for name in own_run.classes],
                    orientation="h",
                    marker_color=[
                        RUN_COLOURS[i % len(RUN_COLOURS)] for i in range(len(probabilities))
                    ],
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
            drops = model.occlusion_map(
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
        lambda rgb, name: pictures.append((model.preprocess(rgb), name)),
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
