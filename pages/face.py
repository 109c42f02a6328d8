"""Face or not? A real trained network gives its answer, and shows what it saw and where it looked.

The only light-weight page that loads TensorFlow: `core.model` is imported under a spinner after
the title has painted, and the network is loaded once per server process (``st.cache_resource``).
The folder it is read from can be changed with the ``FACE_MODEL_FOLDER`` environment variable
(the tests point it at an empty folder to see the page explain a missing model).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from PIL import Image, ImageDraw

from core import colours, convolution, images, metrics
from core.detect import FaceBox, detect_faces, square_at
from core.metadata import models_folder
from pages.common import (
    PICTURE_KEY,
    TRAINED_MODEL_KEY,
    make_picture,
    percent,
    picture_picker,
    try_this,
)
from pages.drawing import enlarge, image_width, numbers_picture
from pages.journey import page_footer

if TYPE_CHECKING:
    from core.model import FaceModel, FacenessMap, GradCam

PATH = "pages/face.py"
PIXELS_PATH = "pages/pixels.py"
CONVOLUTION_PATH = "pages/convolution.py"

LOADING_MESSAGE = "Loading the network (TensorFlow) for the first time…"

MANUAL_CROP = "My own square (set it with the sliders)"
ORANGE = (232, 89, 12)  # the square the network is shown, mistakes (as other pages highlight)
BLUE = (
    33,
    102,
    172,
)  # the detector's other squares, right answers (with orange: colour-blind safe)
PHOTO_WIDTH = 460  # display width of the photo with its squares
STEP_SIDE = 200  # display side of each preprocessing step (a multiple of 25: crisp pixels)
FILTER_SIDE = 200  # display side of one filter, its weights and its map
MAP_SIDE = 250  # display side of the occlusion and Grad-CAM overlays
OVERLAY_ALPHA = 0.75  # share of colour where a map is strongest (the rest is the gray picture)
TEST_PICTURES_PER_CLASS = 4  # LFW test pictures offered for each class (faces first)
DEFAULT_PATCH = 7  # occlusion patch side: about an eye's width in the 25 × 25 picture
MAX_STRIDE = 8
SHOWN_VALUES = 4  # values of each layer shown side by side in "Open the box"
SAME_ANSWER_TOLERANCE = 1e-5  # NumPy and Keras agree to this (float32 rounding)
DATASET_SPLITS = {  # the sets of core.train's dataset, as the page names them
    "train": "Training",
    "validation": "Validation",
    "test": "Test",
    "textures": "Held-out textures",
}
DATASET_FILTERS = ("All", "Faces", "Not faces", "Mistakes")
THUMB_SIDE, THUMBS_PER_ROW, THUMB_ROWS = 75, 10, 4  # the dataset grid: 40 pictures a page


# --------------------------------------------------------------------------------------------
# Cached computations (all arithmetic comes from core)
# --------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _load_network(folder: str) -> FaceModel:
    """The trained network, once per server process and folder (errors are not cached: fix,
    then reload)."""
    return face_cnn.load_face_model(folder)


@st.cache_data(max_entries=16, show_spinner=False)
def _detections(key: str, _rgb: np.ndarray) -> list[FaceBox]:
    return detect_faces(_rgb)


@st.cache_data(max_entries=32, show_spinner=False)
def _network_input(key: str, box: tuple[int, int, int], _rgb: np.ndarray) -> np.ndarray:
    """The crop as the network sees it: (25, 25, 1), values 0..1."""
    return face_cnn.preprocess(FaceBox(*box).crop(_rgb))


#: Cached results are keyed on the network's weights: the shipped one and a lab one never mix.
NETWORK_HASH = {"core.model.FaceModel": lambda network: network.fingerprint}


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _layer_outputs(
    network: FaceModel, key: str, box: tuple[int, int, int], _rgb: np.ndarray
) -> dict:
    return face_cnn.layer_outputs(network, _network_input(key, box, _rgb))


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=NETWORK_HASH)
def _occlusion(
    network: FaceModel,
    key: str,
    box: tuple[int, int, int],
    patch: int,
    stride: int,
    _rgb: np.ndarray,
) -> np.ndarray:
    return face_cnn.occlusion_map(
        network, _network_input(key, box, _rgb), patch=patch, stride=stride
    )


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _grad_cam(network: FaceModel, key: str, box: tuple[int, int, int], _rgb: np.ndarray):
    return face_cnn.grad_cam(network, _network_input(key, box, _rgb))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _numpy_outputs(
    network: FaceModel, key: str, box: tuple[int, int, int], _rgb: np.ndarray
) -> dict:
    return face_cnn.numpy_forward(network, _network_input(key, box, _rgb))


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=NETWORK_HASH)
def _faceness(network: FaceModel, key: str, _rgb: np.ndarray) -> FacenessMap:
    return face_cnn.faceness_map(network, _rgb)


@st.cache_data(max_entries=2 * len(DATASET_SPLITS), show_spinner=False, hash_funcs=NETWORK_HASH)
def _dataset_answers(
    network: FaceModel, split_name: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple]:
    """One set of the training data: pictures (0..255), labels, P(face), sources."""
    split = face_data.load_face_dataset().splits()[split_name]
    faces = face_cnn.predict(network, split.images)[:, network.face_index]
    pictures = np.rint(split.images[..., 0] * 255).astype(np.uint8)
    return pictures, np.asarray(split.labels), faces, split.sources


@st.cache_data(max_entries=2, show_spinner=False, hash_funcs=NETWORK_HASH)
def _first_layer_kernels(network: FaceModel) -> np.ndarray:
    return face_cnn.first_layer_kernels(network)


# --------------------------------------------------------------------------------------------
# Drawing helpers (pictures only; no arithmetic the reader is taught)
# --------------------------------------------------------------------------------------------


def _with_squares(rgb: np.ndarray, boxes: list[FaceBox], chosen: FaceBox) -> np.ndarray:
    """The photo with the detector's squares in blue and the chosen one in orange."""
    scale = max(1, PHOTO_WIDTH // max(rgb.shape[:2]))  # tiny pictures: crisp and visible
    canvas = Image.fromarray(enlarge(rgb, PHOTO_WIDTH) if scale > 1 else rgb)
    draw = ImageDraw.Draw(canvas)
    line = max(2, round(max(canvas.size) / 200))
    for box, colour in [*((box, BLUE) for box in boxes), (chosen, ORANGE)]:
        corners = [
            box.left * scale,
            box.top * scale,
            (box.left + box.side) * scale - 1,
            (box.top + box.side) * scale - 1,
        ]
        draw.rectangle(corners, outline=colour, width=line)
    return np.asarray(canvas)


def _overlay(rgb: np.ndarray, tint: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """An RGB picture under an RGB colour map of the same size.

    ``strength`` (0..1 per pixel) sets how much colour covers each pixel, so the picture shows
    through wherever the map has little to say.
    """
    cover = OVERLAY_ALPHA * strength[..., np.newaxis]
    return np.rint((1 - cover) * rgb + cover * tint).astype(np.uint8)


def _mosaic(maps: np.ndarray, *, per_row: int = 8, cell: int = 92, gap: int = 6) -> np.ndarray:
    """One layer's (H, W, C) maps side by side, blown up to about ``cell`` pixels each.

    All maps of a layer share one colour scale (the app's table for maps from 0 up, its top at
    the layer's largest value), so a yellow map really holds larger numbers than a dark one.
    """
    shades = colours.unsigned_colours(maps, limit=float(maps.max()))
    count = maps.shape[-1]
    rows = math.ceil(count / per_row)
    canvas = np.full((rows * (cell + gap) - gap, per_row * (cell + gap) - gap, 3), 255, np.uint8)
    for index in range(count):
        tile = enlarge(shades[..., index, :], cell)
        top, left = (index // per_row) * (cell + gap), (index % per_row) * (cell + gap)
        canvas[top : top + tile.shape[0], left : left + tile.shape[1]] = tile
    return canvas


def _thumbnail(picture: np.ndarray, mistake: bool) -> np.ndarray:
    """One dataset picture, blown up, in a blue (right answer) or orange (mistake) frame."""
    framed = np.empty((THUMB_SIDE + 6, THUMB_SIDE + 6, 3), np.uint8)
    framed[:] = ORANGE if mistake else BLUE
    framed[3:-3, 3:-3] = images.as_rgb(enlarge(picture, THUMB_SIDE))
    return framed


def _thumbnail_caption(label: str, face: float, mistake: bool) -> str:
    """The true label and the network's P(face), and "✗ mistake" in words (not only colour)."""
    caption = f"{label} · P(face) {face:.2f}"
    return f"✗ mistake: {caption}" if mistake else caption


def _span(first: int, last: int) -> str:
    return f"{first}" if first == last else f"{first}–{last}"


def _grad_cam_words(cam: GradCam) -> str:
    """Where Grad-CAM is strongest and how coarse its map is, from the map's own geometry."""
    field, side = cam.field, cam.field.input_side
    strongest = cam.strongest_cell
    if strongest is None:
        return (
            f"Grad-CAM is dark everywhere: nothing in {field.layer} argues for “face” in this "
            "picture."
        )
    (row_first, row_last), (col_first, col_last) = (field.window(i) for i in strongest)
    first, last = field.covered
    unseen = [(0, first - 1)] if first > 0 else []
    unseen += [(last + 1, side - 1)] if last < side - 1 else []
    named = " or ".join(
        f"{kind}{'' if start == end else 's'} {_span(start, end)}"
        for kind in ("row", "column")
        for start, end in unseen
    )
    return (
        f"Strongest in the {field.layer} cell at row {strongest[0]}, column {strongest[1]} of its "
        f"{field.cells} × {field.cells} map. That cell sees rows {_span(row_first, row_last)} and "
        f"columns {_span(col_first, col_last)} of the {side} × {side} picture. The map is "
        f"coarse: neighbouring cells are {field.jump} pixels apart and each sees a window of "
        f"{field.size} × {field.size} pixels, so each cell is drawn at the centre of its window "
        "and blended with its neighbours in between"
        + (f"; no cell sees {named}, so it stays plain there" if unseen else "")
        + ". On a network this small it is rough: hide and see asks the network directly."
    )


def _shape_changes(network: FaceModel, outputs: dict) -> str:
    """What the conv and pool layers do to the shapes, read from the layers themselves,
    including the rows a pooling drops."""
    convs, pools, drops = set(), set(), []
    side = network.input_shape[0]
    for geometry in face_cnn.layer_geometry(network):
        after = outputs[geometry.layer].shape[0]
        if geometry.layer in network.pooling_layers:
            pools.add(f"divides the side by {geometry.stride} and keeps the depth")
            if side % geometry.stride:
                drops.append(
                    f"{geometry.layer} drops the last row and column ({side} → {after}: they "
                    f"fill no whole {geometry.kernel} × {geometry.kernel} block)"
                )
        else:
            trim = side - after
            convs.add(
                "makes one map per filter (the stack gets deeper)"
                + (f" and trims the side by {trim}" if trim else "")
            )
        side = after
    return (
        f"Each convolution {' or '.join(sorted(convs))}; each pooling {' or '.join(sorted(pools))}"
        + (f"; {' and '.join(drops)}" if drops else "")
        + "."
    )


def _dataset_score(split: str, labels: np.ndarray, predicted: np.ndarray) -> str:
    """Right answers per class and the balanced accuracy of one set of pictures."""
    recalls = metrics.class_recalls(labels, predicted)
    names = {face_data.FACE: "faces", face_data.NOT_FACE: "non-faces"}
    parts = [
        f"{int(np.sum((labels == c) & (predicted == c)))} of {int(np.sum(labels == c))} "
        f"{names[c]} right"
        for c in sorted(recalls, key=lambda c: c != face_data.FACE)  # faces first
    ]
    score = metrics.balanced_accuracy(labels, predicted)
    if len(recalls) == 1:
        return f"**{split}:** {len(labels)} pictures; {parts[0]}: **{score:.1%}**."
    return (
        f"**{split}:** {len(labels)} pictures; {', '.join(parts)}. Balanced accuracy (the "
        f"classes' shares right, averaged): **{score:.1%}**."
    )


def _choose_test_picture(gray: np.ndarray, title: str) -> None:
    """Make one test picture (25 × 25 gray) the picture of every page."""
    st.session_state[PICTURE_KEY] = make_picture(images.as_rgb(gray), title, "dataset")


def _choose_network(shipped: FaceModel) -> FaceModel:
    """The shipped network, or the one this session trained in the lab if the visitor picks it."""
    trained: FaceModel | None = st.session_state.get(TRAINED_MODEL_KEY)
    if trained is None:
        return shipped
    training = trained.metadata["training"]
    choices = {
        "lab": f"The one you trained in the Training lab ({training['epochs_done']} epochs, "
        f"{trained.metadata['test_accuracy']:.0%} on the test pictures)",
        "shipped": "The one that ships with the app "
        f"({shipped.metadata['test_accuracy']:.0%} on the test pictures)",
    }
    choice = st.radio(
        "Which network answers",
        list(choices),
        format_func=choices.get,
        key="face_network",
        help="The lab's network is kept on the server for your session only; the app's own "
        "network file is never changed.",
    )
    return trained if choice == "lab" else shipped


def _whole_number_slider(label: str, low: int, high: int, value: int, key: str) -> int:
    """A slider, or just ``low`` when there is nothing to choose (a 1-pixel picture)."""
    if high <= low:
        return low
    return st.slider(label, low, high, min(max(value, low), high), key=key, bind="query-params")


# --------------------------------------------------------------------------------------------
st.title("Face or not?")
st.markdown(
    "Here is a real convolutional network, trained for this app on pictures of faces and of "
    "things that are not faces. Give it a picture: it answers with two probabilities. Then open "
    "it up: see the small picture it is really given, the maps each layer makes, the filters it "
    "learned by itself, and which parts of the picture its answer rests on."
)
try_this(
    "keep the astronaut and read the answer. Then choose *My own square* and slide "
    "the square off her face, onto the flag or her suit, and watch the answer change."
)

with st.spinner(LOADING_MESSAGE):
    from core import model as face_cnn  # TensorFlow: seconds on the first visit, then cached
    from core import train as face_data

    try:
        face_model = _load_network(str(models_folder()))
    except face_cnn.ModelLoadError as error:
        st.error(
            f"**The face network could not be loaded, so this page cannot run.** {error}",
            icon=":material/error:",
        )
        st.markdown("To re-create it, run this in a terminal, in the app's folder:")
        st.code(face_cnn.RETRAIN_COMMAND, language="bash")
        st.markdown("Every other page of the app works without it.")
        page_footer(PATH)
        st.stop()
face_model = _choose_network(face_model)

picture = picture_picker()

st.caption(
    "Or try one of the network's own test pictures, with their labels (25 × 25 gray; it never "
    "trained on them):"
)
test_pictures, test_labels, _, _ = _dataset_answers(face_model, "test")
offered = [
    int(index)
    for label in (face_data.FACE, face_data.NOT_FACE)
    for index in np.flatnonzero(test_labels == label)[:TEST_PICTURES_PER_CLASS]
]
for column, index in zip(st.columns(len(offered)), offered, strict=True):
    name = face_data.CLASSES[test_labels[index]]
    title = f"LFW test picture #{index} ({name})"
    column.image(enlarge(test_pictures[index], THUMB_SIDE), width=THUMB_SIDE, caption=name)
    column.button(
        f"#{index}",
        key=f"face_test_{index}",
        on_click=_choose_test_picture,
        args=(test_pictures[index], title),
        width="stretch",
        type="primary" if picture.title == title else "secondary",
    )


# --------------------------------------------------------------------------------------------
st.header("Find the face", divider="gray")
st.markdown(
    "The network answers one question about one small square: *is this a face?* So first "
    "something must choose the square. A classic face detector that ships with scikit-image "
    "proposes squares: an LBP cascade, a chain of quick tests on patterns of lighter and darker "
    "pixels, trained by others long before this app. You can also set the square by hand."
)

width, height = picture.size
boxes = _detections(picture.key, picture.rgb)
photo_column, choice_column = st.columns([3, 2])
with choice_column:
    if boxes:
        options = [
            f"Face {number}: {box.side} × {box.side} pixels at row {box.top}, column {box.left}"
            for number, box in enumerate(boxes, start=1)
        ]
        choice = st.radio(
            "Which square should the network look at?",
            [*options, MANUAL_CROP],
            key=f"face_crop_choice_{picture.key}",
            bind="query-params",
        )
        proposed = boxes[0]
    else:
        st.info(
            "The face detector found no frontal face in this picture. Set the square by hand "
            "below; it starts as the largest square in the middle.",
            icon=":material/search_off:",
        )
        choice = MANUAL_CROP
        proposed = square_at(
            picture.rgb.shape,
            centre_row=height // 2,
            centre_col=width // 2,
            side=min(width, height),
        )
    if choice == MANUAL_CROP:
        shorter = min(width, height)
        centre_col = _whole_number_slider(
            "Centre of the square: column (across)",
            0,
            width - 1,
            proposed.left + proposed.side // 2,
            f"face_crop_x_{picture.key}",
        )
        centre_row = _whole_number_slider(
            "Centre of the square: row (down)",
            0,
            height - 1,
            proposed.top + proposed.side // 2,
            f"face_crop_y_{picture.key}",
        )
        side = _whole_number_slider(
            "Side of the square (pixels)",
            min(8, shorter),
            shorter,
            proposed.side,
            f"face_crop_side_{picture.key}",
        )
        box = square_at(picture.rgb.shape, centre_row=centre_row, centre_col=centre_col, side=side)
    else:
        box = boxes[options.index(choice)]
    st.markdown(
        f"The network will look at the **{box.side} × {box.side}** square whose top-left corner "
        f"is at row {box.top}, column {box.left}."
    )
    st.caption(
        "Try this: a square that is much larger than the face, or cuts off the chin, usually "
        "gets a lower P(face). The network was trained on faces framed from eyebrows to chin."
    )
marked = _with_squares(picture.rgb, boxes, box)
photo_column.image(
    marked,
    width=image_width(marked, min(PHOTO_WIDTH, marked.shape[1])),
    caption=f"{picture.shown_title}, {width} × {height}: the orange square goes to the network"
    + (", blue ones are the detector's other proposals" if set(boxes) - {box} else ""),
)
box_key = (box.top, box.left, box.side)
network_input = _network_input(picture.key, box_key, picture.rgb)
outputs = _layer_outputs(face_model, picture.key, box_key, picture.rgb)


# --------------------------------------------------------------------------------------------
st.header("What the network is given", divider="gray")
crop = box.crop(picture.rgb)
gray = images.to_gray(crop)
side = face_cnn.INPUT_SIDE
st.markdown(
    f"The network never sees your photo. It sees a **{side} × {side}** gray picture: "
    f"{side * side} numbers from 0 to 1. These are the steps. Its training patches of photos "
    "went through the same ones; its training faces, from *Labeled Faces in the Wild*, came "
    f"ready-made as {side} × {side} gray pictures."
)
steps = st.columns(4)
steps[0].image(
    images.resize_square(crop, STEP_SIDE) if box.side > STEP_SIDE else enlarge(crop, STEP_SIDE),
    width=STEP_SIDE,
    caption=f"1. The square: {box.side} × {box.side} pixels"
    + (", already gray" if picture.gray else " × 3 colours"),
)
steps[1].image(
    images.resize_square(gray, STEP_SIDE) if box.side > STEP_SIDE else enlarge(gray, STEP_SIDE),
    width=STEP_SIDE,
    caption=f"2. Gray: {box.side * box.side:,} numbers from 0 to 255",
)
small = np.rint(network_input[..., 0] * 255).astype(np.uint8)
input_rgb = images.as_rgb(small)  # the network's input in colour channels, for overlays
steps[2].image(
    enlarge(small, STEP_SIDE),
    width=STEP_SIDE,
    caption=f"3. Shrunk to {side} × {side}: each pixel is the mean of the block it covers",
)
with steps[3]:
    middle = side // 2
    st.markdown(f"4. Divided by 255: values from 0 to 1. Row {middle} of {side}:")
    st.code(
        " ".join(f"{v:.2f}" for v in network_input[middle, :, 0]), language=None, wrap_lines=True
    )
st.page_link(
    PIXELS_PATH,
    label="How a photo becomes a grid of numbers: the Pixels page",
    icon=":material/grid_on:",
)


# --------------------------------------------------------------------------------------------
st.header("The answer", divider="gray")
probabilities = outputs[face_cnn.SOFTMAX_LAYER]
scores = outputs[face_cnn.LOGITS_LAYER]
top = int(probabilities.argmax())
answer = face_model.classes[top]
answer_words = "a face" if answer == face_cnn.FACE_CLASS else "not a face"
top_percent = percent(float(probabilities[top]))
st.markdown(f"#### The network says {answer_words}: P({answer}) is {top_percent}.")
bars = go.Figure(
    go.Bar(
        x=[float(p) for p in probabilities],
        y=list(face_model.classes),
        orientation="h",
        marker_color=[f"rgb{BLUE}", f"rgb{ORANGE}"],
        text=[percent(float(p)) for p in probabilities],
        textposition="auto",
        hovertemplate="%{y}: %{x:.4f}<extra></extra>",
    )
)
bars.update_xaxes(range=[0, 1], tickformat=".0%", title="probability")
bars.update_layout(height=180, margin={"l": 10, "r": 10, "t": 10, "b": 10}, dragmode=False)
answer_chart, answer_notes = st.columns([3, 2])
answer_chart.plotly_chart(bars, key="face_probabilities")
answer_notes.markdown(
    "The two probabilities always add up to 1 (100 %). The last layer first gives two plain "
    f"scores, here **{scores[0]:.2f}** for “{face_model.classes[0]}” and **{scores[1]:.2f}** "
    f"for “{face_model.classes[1]}”; the softmax turns them into probabilities. The larger "
    "score wins, and the further apart the scores are, the closer its probability gets to 1.\n\n"
    f"That {top_percent} is the network's output, not a measured certainty: a softmax turns any "
    "two scores into numbers that add up to 1, even for a picture unlike anything it learned "
    "from, and nothing here checks that answers given with that probability are right that "
    "often."
)
st.caption(
    "Try this: pick the Chelsea (a cat) or Letter H sample above, pictures it never trained on, "
    "or one of the test pictures labelled “not face”, and see whether the bars swap."
)


# --------------------------------------------------------------------------------------------
st.header("What the network sees", divider="gray")
maps = {name: outputs[name] for name in face_model.feature_map_layers}
shapes = [f"{side} × {side} × 1"] + [
    f"{m.shape[0]} × {m.shape[1]} × {m.shape[2]}" for m in maps.values()
]
st.markdown(
    "Each convolution layer slides its own small filters over the picture and makes one map per "
    "filter; each pooling layer keeps the largest value of every 2 × 2 block. After ReLU no "
    f"value is below 0, so the maps are drawn {colours.UNSIGNED_WORDS} of the layer: yellow "
    "means the filter found its pattern there. Every map of a layer is drawn at the same size, "
    "so you can see the pixels get coarser."
)
st.markdown(f"**Shapes:** {' → '.join(shapes)}. {_shape_changes(face_model, outputs)}")
for name, layer_maps in maps.items():
    rows, cols, count = layer_maps.shape
    st.image(
        _mosaic(layer_maps),
        caption=f"{name}: {count} maps of {rows} × {cols} "
        f"(largest value {float(layer_maps.max()):.2f}, drawn yellow)",
    )
st.caption(
    "Try this: pick the Brick sample above and compare its maps with the astronaut's. In which "
    "layer do the two pictures look least alike?"
)

st.subheader("The filters it made itself")
kernels = _first_layer_kernels(face_model)
size, _, _, filter_count = kernels.shape
st.markdown(
    f"The first layer has **{filter_count} filters of {size} × {size} weights**. Nobody typed "
    "these numbers: training started from random ones and nudged them after every batch of "
    f"{face_model.metadata['training']['batch_size']} pictures, until the answers came out "
    "right. They are the same kind of kernel you can set by hand on the convolution page."
)
# One picture of every filter on one colour scale: a white column of zeros between filters.
spaced = np.concatenate(
    [np.pad(kernels[..., 0, i], ((0, 0), (0, 1))) for i in range(filter_count)], axis=1
)
kernel_colours = convolution.display_image(spaced[:, :-1])
st.image(
    enlarge(kernel_colours, 8 * 92),
    caption=f"All {filter_count} filters of the first layer, on one colour scale: red weights "
    "are positive, blue negative, white about 0",
)


@st.fragment
def filter_details(conv_maps: np.ndarray) -> None:
    number = st.segmented_control(
        "Look closer at one filter",
        list(range(1, filter_count + 1)),
        default=1,
        key="face_filter",
        required=True,
        persist_state="session",
    )
    weights = kernels[..., 0, number - 1]
    first = (number - 1) * (size + 1)
    pictured, numbered, result = st.columns(3)
    pictured.image(
        enlarge(kernel_colours[:, first : first + size], FILTER_SIDE),
        width=FILTER_SIDE,
        caption=f"Filter {number} as a picture",
    )
    numbered.image(
        numbers_picture(weights, cell=66, value_format="{:+.2f}"),
        width=FILTER_SIDE,
        caption=f"Filter {number}: its {size * size} weights",
    )
    result.image(
        enlarge(colours.unsigned_colours(conv_maps[..., number - 1]), 230),
        width=FILTER_SIDE,
        caption=f"What it finds in your picture: a {conv_maps.shape[0]} × {conv_maps.shape[1]} "
        f"map (after ReLU; {colours.UNSIGNED_WORDS})",
    )


filter_details(maps[face_model.feature_map_layers[0]])
st.page_link(
    CONVOLUTION_PATH,
    label="Make your own filters on the Convolution page",
    icon=":material/blur_on:",
)


# --------------------------------------------------------------------------------------------
st.header("Where it looked", divider="gray")
st.markdown(
    "Which parts of the picture does the answer rest on? Two ways to ask the network. "
    "**Hide and see:** cover one small patch of the picture with a flat gray square of the "
    "picture's own average brightness (so the patch is not itself a dark or bright mark), ask "
    "again, and note how much P(face) drops; do that for every position. **Grad-CAM:** follow the "
    "answer back into the last convolution layer and light up the places whose maps pushed "
    "the score for “face” up."
)


@st.fragment
def occlusion_view(
    key: str,
    box_key: tuple[int, int, int],
    rgb: np.ndarray,
    input_rgb: np.ndarray,
    face_probability: float,
) -> None:
    """The hide-and-see map and its sliders: moving one reruns only this part of the page."""
    patch_column, stride_column = st.columns(2)
    patch = patch_column.slider(
        "Patch size (pixels of the 25 × 25 picture)",
        1,
        side,
        DEFAULT_PATCH,
        key="face_occlusion_patch",
        bind="query-params",
        persist_state="session",
        help="The side of the flat square, at the picture's average brightness, that hides "
        "part of the picture.",
    )
    stride = stride_column.slider(
        "Stride (pixels between patch positions)",
        1,
        MAX_STRIDE,
        1,
        key="face_occlusion_stride",
        bind="query-params",
        persist_state="session",
        help="1 tries every position; larger steps ask the network fewer times.",
    )
    try:
        drops = _occlusion(face_model, key, box_key, patch, stride, rgb)
    except ValueError as error:
        st.warning(str(error), icon=":material/warning:")
        return
    row, col = np.unravel_index(int(drops.argmax()), drops.shape)
    spread = float(np.abs(drops).max())
    st.image(
        enlarge(
            _overlay(
                input_rgb,
                convolution.display_image(drops),
                np.abs(drops) / spread if spread > 0 else np.zeros_like(drops),
            ),
            MAP_SIDE,
        ),
        width=MAP_SIDE,
        caption=f"Hide and see, {patch} × {patch} patch, stride {stride}: red where hiding "
        "lowers P(face), blue where it raises it",
    )
    largest = float(drops.max())
    if largest > 0:
        st.markdown(
            f"Hiding the pixels around row {row}, column {col} costs the most: P(face) drops "
            f"by **{largest:.3f}** on average there, from {face_probability:.3f}."
        )
    else:
        st.markdown("No patch lowers P(face): hiding any part only makes it look more like a face.")


looked_occlusion, looked_cam = st.columns(2)
with looked_occlusion:
    occlusion_view(
        picture.key,
        box_key,
        picture.rgb,
        input_rgb,
        float(probabilities[face_model.face_index]),
    )
with looked_cam:
    cam = _grad_cam(face_model, picture.key, box_key, picture.rgb)
    st.image(
        enlarge(
            _overlay(input_rgb, colours.unsigned_colours(cam.picture, limit=1), cam.picture),
            MAP_SIDE,
        ),
        width=MAP_SIDE,
        caption=f"Grad-CAM on {cam.field.layer}: yellow where the evidence for “face” is "
        "strongest, the plain picture where there is none",
    )
    st.markdown(_grad_cam_words(cam))
st.caption(
    "Try this: on a face, make the patch about as big as an eye (5 to 7) and see which parts "
    "matter most. Then raise the stride: fewer positions, a blockier map, a faster answer."
)


# --------------------------------------------------------------------------------------------
st.header("Where are the faces?", divider="gray")
st.markdown(
    "The network only judges one square at a time. Ask it about every square of the photo, "
    "at a few sizes, and colour each place by its answer: you get a map of where it sees a face."
)
scan_on = st.toggle("Scan the whole photo", key="face_scan", persist_state="session")
if scan_on and (problem := face_cnn.scan_problem(picture.rgb.shape)):
    st.info(problem, icon=":material/aspect_ratio:")
elif scan_on:
    with st.spinner("Asking the network about every window of the photo…"):
        scan = _faceness(face_model, picture.key, picture.rgb)
    scan_picture, scan_notes = st.columns([3, 2])
    heat = colours.unsigned_colours(scan.probability, limit=1)
    scanned = _with_squares(_overlay(picture.rgb, heat, scan.probability), [], scan.best_box)
    scan_picture.image(
        scanned,
        width=min(PHOTO_WIDTH, scanned.shape[1]),
        caption="Yellow where the network sees a face, the photo itself where it sees none; "
        "the orange square is the most face-like window",
    )
    best = scan.best_box
    scan_notes.markdown(
        f"The network looked at **{scan.windows:,} squares** of this photo. The most face-like "
        f"is the **{best.side} × {best.side}** square at row {best.top}, column {best.left}: "
        f"P(face) {scan.best_probability:.2f}."
    )
    scan_notes.markdown(
        "It is not a face detector: it was never shown bodies, clothes or flags as examples "
        "of “not a face”, so it can light up on them. That is why this page lets a detector "
        "made for the job propose the squares."
    )
else:
    st.caption(
        "Try this: switch on the scan (it takes a second or two). On the astronaut, does the "
        "brightest place sit on her face?"
    )


# --------------------------------------------------------------------------------------------
st.header("Open the box", divider="gray")
st.markdown(
    "Nothing inside the network is magic. The same answer can be computed again with this "
    "app's own few lines of NumPy (the convolution, ReLU, pooling and softmax of the earlier "
    "pages) from the weights stored in the network's file. Here are both, layer by layer."
)
by_numpy = _numpy_outputs(face_model, picture.key, box_key, picture.rgb)


def _first_values(values: np.ndarray) -> str:
    return ", ".join(f"{v:.4f}" for v in values.ravel()[:SHOWN_VALUES])


comparison = pd.DataFrame(
    {
        "layer": list(face_model.layer_names),
        "shape": [
            " × ".join(str(n) for n in outputs[name].shape) for name in face_model.layer_names
        ],
        "Keras (TensorFlow)": [_first_values(outputs[name]) for name in face_model.layer_names],
        "NumPy (this app's code)": [
            _first_values(by_numpy[name]) for name in face_model.layer_names
        ],
        "largest difference": [
            float(np.abs(outputs[name] - by_numpy[name]).max()) for name in face_model.layer_names
        ],
    }
)
st.dataframe(
    comparison,
    hide_index=True,
    column_config={"largest difference": st.column_config.NumberColumn(format="%.1e")},
)
largest_difference = float(comparison["largest difference"].max())
value_count = sum(outputs[name].size for name in face_model.layer_names)
if largest_difference < SAME_ANSWER_TOLERANCE:
    st.markdown(
        f"Over all {value_count:,} values the largest difference is "
        f"**{largest_difference:.1e}**: only the last digits differ, because TensorFlow computes "
        "with about 7 significant digits and NumPy here with about 16."
    )
else:
    st.warning(
        f"NumPy and Keras differ by up to {largest_difference:.1e} on this picture, more than "
        "rounding explains: the model file and this app's code may not match.",
        icon=":material/warning:",
    )


# --------------------------------------------------------------------------------------------
st.header("The pictures it learned from", divider="gray")
sizes = face_model.metadata["dataset_sizes"]
st.markdown(
    f"The network was trained on {sizes['train']['face']} faces and "
    f"{sizes['train']['not face']} pictures that are not faces, all 25 × 25 gray. Browse them "
    "with the network's answers: a blue frame is a right answer, an orange frame and the words "
    "“✗ mistake” a wrong one."
)


@st.fragment
def dataset_browser() -> None:
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
    pictures, labels, faces, sources = _dataset_answers(face_model, split_name)
    predicted = (faces > 0.5).astype(labels.dtype)
    wrong = predicted != labels
    st.markdown(_dataset_score(DATASET_SPLITS[split_name], labels, predicted))
    keep = {
        "All": np.ones(len(labels), dtype=bool),
        "Faces": labels == face_data.FACE,
        "Not faces": labels == face_data.NOT_FACE,
        "Mistakes": wrong,
    }[shown]
    chosen = np.flatnonzero(keep)
    if not len(chosen):
        st.info(f"No pictures to show: {shown.lower()} is empty here.", icon=":material/info:")
        return
    per_page = THUMBS_PER_ROW * THUMB_ROWS
    pages = math.ceil(len(chosen) / per_page)
    page = 1
    if pages > 1:
        page = st.slider("Page", 1, pages, 1, key=f"face_data_page_{split_name}_{shown}")
    on_page = chosen[(page - 1) * per_page : page * per_page]
    kinds = sorted({sources[i].split(":")[-1] for i in on_page})
    st.caption(
        f"{shown} of the {DATASET_SPLITS[split_name].lower()} set: pictures "
        f"{(page - 1) * per_page + 1}–{(page - 1) * per_page + len(on_page)} of {len(chosen)} "
        f"(from: {', '.join(kinds)}). Under each: its true label and the network's P(face)."
    )
    st.image(
        [_thumbnail(pictures[i], wrong[i]) for i in on_page],
        caption=[
            _thumbnail_caption(face_data.CLASSES[labels[i]], faces[i], wrong[i]) for i in on_page
        ],
        width=THUMB_SIDE + 6,
    )


dataset_browser()
st.caption(
    "Try this: choose *Held-out textures*, then *Mistakes*: the patches the network wrongly "
    "calls a face. What do they have in common with a face?"
)


# --------------------------------------------------------------------------------------------
st.header("Why it can be wrong", divider="gray")
metadata = face_model.metadata
weakest_source, weakest = min(metadata["texture_accuracy_by_source"].items(), key=lambda kv: kv[1])
test_faces, test_others = sizes["test"]["face"], sizes["test"]["not face"]
test_mix = (
    f"{test_faces} of each kind, so this is also its balanced accuracy"
    if test_faces == test_others
    else f"{test_faces} faces and {test_others} non-faces"
)
st.markdown(
    f"""
- **It sees very little.** {side} × {side} gray pixels: no colour, no fine detail. To it, a
  face is a light oval with two dark eyes, a nose and a mouth, and a round object with dark
  spots can look the same.
- **Frontal faces only, framed one way.** Its training faces look at the camera and fill the
  square from eyebrows to chin. A profile, a tilted head, or a square with lots of background
  lowers the answer: **crop to the face and try again.**
- **Few faces, from one collection.** {sizes["train"]["face"]} training faces from *Labeled Faces
  in the Wild*: mostly adult public figures photographed by the press, most of them men with
  light skin. Nobody has measured how well it does for other people, and it must never be used
  to decide anything about a person.
- **Right on its tests, not everywhere.** It answered {metadata["test_accuracy"]:.0%} of
  {sum(sizes["test"].values())} test faces and non-faces it never trained on right
  ({test_mix}), and it called
  {metadata["texture_accuracy"]:.1%} of {sum(sizes["textures"].values())} unseen textures “not a
  face” (its weakest: {weakest_source.split(":")[-1]}, {weakest:.0%}). A test set that small
  cannot promise much about pictures unlike it.
"""
)

page_footer(PATH)
