"""The pictures it learned from: every set of the network's data, with its answers and mistakes."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from core import metrics, train
from core.model import FaceModel
from pages.headings import section_heading
from pages.instant import EncodedViews, InstantSlider, View, encode_views, instant_sliders
from pages.presenter import as_slide
from pages.sections.face.network import DATASET_SPLITS, NETWORK_HASH, dataset_answers
from pages.sections.face.pictures import (
    THUMB_SIDE,
    small_thumbnail,
    thumbnail,
    thumbnail_caption,
)

DATASET_FILTERS = ("All", "Faces", "Not faces", "Mistakes")
THUMBS_PER_ROW, THUMB_ROWS = 10, 4  # the dataset grid: 40 pictures a page
PER_PAGE = THUMBS_PER_ROW * THUMB_ROWS
DATASET_VIEW = "face_data_view"  # the page slider and its pages of thumbnails (pages.instant)


@as_slide("dataset")
def draw(network: FaceModel) -> None:
    """The section: what the network learned from, then the browser (the square chosen above
    plays no part in it)."""
    section_heading("The pictures it learned from")
    sizes = network.metadata["dataset_sizes"]
    st.markdown(
        f"The network was trained on {sizes['train']['face']} faces and "
        f"{sizes['train']['not face']} pictures that are not faces, all 25 × 25 gray. Browse them "
        "with the network's answers: a blue frame is a right answer, an orange frame and the "
        "words “✗ mistake” a wrong one."
    )

    _browser(network)
    st.caption(
        "Try this: choose *Held-out textures*, then *Mistakes*: the patches the network wrongly "
        "calls a face. What do they have in common with a face?"
    )


@st.fragment
def _browser(network: FaceModel) -> None:
    split_column, filter_column = st.columns(2)
    split_name = split_column.segmented_control(
        "Set of pictures",
        list(DATASET_SPLITS),
        format_func=DATASET_SPLITS.get,
        default="test",
        key="face_data_split",
        required=True,
        persist_state="session",
    )
    shown = filter_column.segmented_control(
        "Show",
        DATASET_FILTERS,
        default="All",
        key="face_data_filter",
        required=True,
        persist_state="session",
    )
    _, labels, faces, _ = dataset_answers(network, split_name)
    predicted = (faces > 0.5).astype(labels.dtype)
    wrong = predicted != labels
    st.markdown(_dataset_score(DATASET_SPLITS[split_name], labels, predicted))
    keep = {
        "All": np.ones(len(labels), dtype=bool),
        "Faces": labels == train.FACE,
        "Not faces": labels == train.NOT_FACE,
        "Mistakes": wrong,
    }[shown]
    chosen = np.flatnonzero(keep)
    if not len(chosen):
        st.info(f"No pictures to show: {shown.lower()} is empty here.", icon=":material/info:")
        return
    pages = math.ceil(len(chosen) / PER_PAGE)
    if pages == 1:
        view = _page_view(split_name, shown, chosen, 1, network, thumbnail)
        st.caption(view.paragraphs[0])
        st.image(list(view.pictures), caption=list(view.captions), width=THUMB_SIDE + 6)
        return
    slider = InstantSlider(
        f"face_data_page_{split_name}_{shown}",  # each set and filter keeps its own page
        "Page",
        tuple(range(1, pages + 1)),
        1,
        linked=False,
    )
    instant_sliders(DATASET_VIEW, [slider], _page_views(network, split_name, shown, pages, chosen))


def _page_view(
    split_name: str, shown: str, chosen: np.ndarray, page: int, network: FaceModel, framed
) -> View:
    """Page ``page`` of the ``chosen`` pictures of one set: its words, and each thumbnail
    (``framed`` draws it) with its label and P(face)."""
    pictures, labels, faces, sources = dataset_answers(network, split_name)
    wrong = (faces > 0.5).astype(labels.dtype) != labels
    on_page = chosen[(page - 1) * PER_PAGE : page * PER_PAGE]
    kinds = sorted({sources[i].split(":")[-1] for i in on_page})
    return View(
        paragraphs=(
            f"{shown} of the {DATASET_SPLITS[split_name].lower()} set: pictures "
            f"{(page - 1) * PER_PAGE + 1}–{(page - 1) * PER_PAGE + len(on_page)} of "
            f"{len(chosen)} (from: {', '.join(kinds)}). Under each: its true label and the "
            "network's P(face).",
        ),
        pictures=tuple(framed(pictures[i], wrong[i]) for i in on_page),
        captions=tuple(
            thumbnail_caption(train.CLASSES[labels[i]], faces[i], wrong[i]) for i in on_page
        ),
        widths=(THUMB_SIDE + 6,) * len(on_page),
    )


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=NETWORK_HASH)
def _page_views(
    network: FaceModel, split_name: str, shown: str, pages: int, _chosen: np.ndarray
) -> EncodedViews:
    """Every page of one set and filter, so the page slider answers in the browser. Each
    thumbnail is sent at the picture's own 25 × 25 in a one-pixel frame and enlarged there."""
    return encode_views(
        {
            (page,): _page_view(split_name, shown, _chosen, page, network, small_thumbnail)
            for page in range(1, pages + 1)
        }
    )


def _dataset_score(split: str, labels: np.ndarray, predicted: np.ndarray) -> str:
    """Right answers per class and the balanced accuracy of one set of pictures."""
    recalls = metrics.class_recalls(labels, predicted)
    names = {train.FACE: "faces", train.NOT_FACE: "non-faces"}
    parts = [
        f"{int(np.sum((labels == c) & (predicted == c)))} of {int(np.sum(labels == c))} "
        f"{names[c]} right"
        for c in sorted(recalls, key=lambda c: c != train.FACE)  # faces first
    ]
    score = metrics.balanced_accuracy(labels, predicted)
    if len(recalls) == 1:
        return f"**{split}:** {len(labels)} pictures; {parts[0]}: **{score:.1%}**."
    return (
        f"**{split}:** {len(labels)} pictures; {', '.join(parts)}. Balanced accuracy (the "
        f"classes' shares right, averaged): **{score:.1%}**."
    )
