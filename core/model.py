"""The face CNN at work: load it, ask it, and look inside it.

This is the one module of ``core`` (with `core.train`) that imports TensorFlow; pages that only
draw the model's shape read ``models/face_cnn.json`` instead (`core.architecture`).

- `load_face_model` reads ``models/face_cnn.keras`` and ``models/face_cnn.json``, checks that
  they agree and raises `ModelLoadError` (naming the retrain command) if not.
- `preprocess` turns a crop of a photo into the network's input: gray, 25 × 25, values 0..1.
- `predict`, `layer_outputs` and `feature_maps` run the network; `first_layer_kernels` gives the
  filters it learned.
- `occlusion_map`, `grad_cam` and `faceness_map` show where it looks; `receptive_field` says
  which pixels of the input one cell of a layer sees.
- `numpy_forward` computes the same answer again with ``core``'s own NumPy convolution, ReLU,
  pooling, dense layer and softmax: the box opened, number for number.

A `FaceModel` may be shared by every session of the app (``st.cache_resource``): Keras models
are not thread-safe, so each call of the network holds the model's lock.

Example
-------
>>> from core.detect import detect_faces
>>> from core.images import load_sample
>>> face_model = load_face_model()
>>> photo = load_sample("astronaut")
>>> crop = detect_faces(photo)[0].crop(photo)
>>> probabilities = predict(face_model, preprocess(crop)[np.newaxis])
>>> face_model.classes[int(probabilities[0].argmax())]
'face'
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf
from scipy import stats

from core.activations import relu, softmax
from core.convolution import correlate_stack
from core.detect import FaceBox, square_at
from core.images import resize, resize_square, to_gray, to_unit
from core.inside import (
    VISUALISATION_JITTER,
    VISUALISATION_NOISE,
    VISUALISATION_STEP,
    VISUALISATION_STEPS,
)
from core.metadata import (
    INPUT_SIDE,
    METADATA_FILENAME,
    MODEL_FILENAME,
    MetadataError,
    models_folder,
    read_metadata,
)
from core.pooling import pool2d
from core.receptive import LayerGeometry, ReceptiveField, place_on_input, receptive_fields

#: The one command that (re)creates both files.
RETRAIN_COMMAND = "python -m core.train"

#: Fields every ``face_cnn.json`` must have (written by `core.train.run`).
REQUIRED_METADATA: tuple[str, ...] = (
    "classes",
    "input_shape",
    "input_range",
    "test_accuracy",
    "texture_accuracy",
    "layers",
    "split_seed",
    "history",
    "versions",
    "weights_digest",
)

#: The class whose probability the explanations follow.
FACE_CLASS = "face"

#: Layers the explanations rely on: the linear scores (Grad-CAM) and the probabilities.
LOGITS_LAYER, SOFTMAX_LAYER = "logits", "softmax"

#: Keras layer classes whose outputs are feature maps (2-D grids with channels).
FEATURE_MAP_TYPES: tuple[type, ...] = (keras.layers.Conv2D, keras.layers.MaxPooling2D)

#: Value of a "gray" occlusion patch: the middle of the 0..1 range.
GRAY_FILL = 0.5

#: Occlusion patch fills: the picture's own mean brightness, or mid-gray.
OCCLUSION_FILLS: tuple[str, ...] = ("mean", "gray")

#: Sliding-window sizes of `faceness_map`, as shares of the photo's shorter side.
FACENESS_SCALES: tuple[float, ...] = (0.15, 0.2, 0.25)

#: Sliding-window step of `faceness_map`, as a share of the window side.
FACENESS_STRIDE = 0.125

#: The longest side a scanned photo may have, as a multiple of its shorter side (`scan_problem`).
FACENESS_MAX_ASPECT = 8

#: Sides of the squares `framing_probabilities` tries, as multiples of the detector's box.
FRAMING_SCALES: tuple[float, ...] = tuple(round(0.6 + 0.1 * step, 1) for step in range(15))

#: Most pictures sent to the network in one call (bounds the memory of big batches).
BATCH_LIMIT = 1024


class ModelLoadError(ValueError):
    """The face model's files are missing, unreadable or do not belong together.

    The message says what is wrong and how to fix it: re-create the files with `RETRAIN_COMMAND`.
    """


def _load_error(problem: str) -> ModelLoadError:
    return ModelLoadError(
        f"{problem} Re-create the model with `{RETRAIN_COMMAND}` (from the repository root, "
        "under five minutes), then reload the page."
    )


class FaceModel:
    """The trained network, its metadata, and the lock that serialises calls to it.

    Attributes: ``model`` (Keras), ``metadata`` (the JSON as a dict), ``classes`` (output
    order), ``face_index`` (position of "face" in it), ``input_shape`` (``(25, 25, 1)``),
    ``layer_names`` (every layer after the input, in order), ``feature_map_layers`` (conv and
    pool layers), ``pooling_layers``, ``last_conv_layer`` and ``lock``.
    """

    def __init__(self, model: keras.Model, metadata: dict) -> None:
        self.model = model
        self.metadata = metadata
        self.classes: tuple[str, ...] = tuple(metadata["classes"])
        self.face_index = self.classes.index(FACE_CLASS)
        self.input_shape: tuple[int, ...] = tuple(model.input_shape[1:])
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        self.layer_names: tuple[str, ...] = tuple(layer.name for layer in layers)
        self.feature_map_layers: tuple[str, ...] = tuple(
            layer.name for layer in layers if isinstance(layer, FEATURE_MAP_TYPES)
        )
        self.last_conv_layer = [
            layer.name for layer in layers if isinstance(layer, keras.layers.Conv2D)
        ][-1]
        self.pooling_layers: tuple[str, ...] = tuple(
            layer.name for layer in layers if isinstance(layer, keras.layers.MaxPooling2D)
        )
        self.lock = threading.Lock()
        # One sub-model gives every layer's output in one pass (built once, here).
        self._every_layer = keras.Model(model.input, [layer.output for layer in layers])
        self._gradient_models: dict[str, keras.Model] = {}
        self._ascent_functions: dict = {}
        self._compiled: dict = {}

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of the class names and every weight, taken once.

        Pages key their caches on it, so two sessions using the same network share results and a
        network trained in the lab never gets the shipped network's answers. Take it once the
        weights are final (`core.lab.TrainingRun.as_face_model` hands over a frozen copy).
        """
        digest = hashlib.sha256(repr(self.classes).encode())
        for weights in self.model.get_weights():
            digest.update(np.ascontiguousarray(weights).tobytes())
        return digest.hexdigest()

    def _ascent_gradient(self, layer: str) -> tf.types.experimental.PolymorphicFunction:
        """A compiled function (picture, index) → the gradient of a target for gradient ascent.

        The target is the mean of channel ``index`` of ``layer``'s map, or for the logits layer
        the score at ``index``; ``.target(pictures, index)`` gives the target for a batch. Built
        once per layer; call it with ``lock`` held.
        """
        if layer not in self._ascent_functions:
            probe = keras.Model(self.model.input, self.model.get_layer(layer).output)
            logits = layer == LOGITS_LAYER

            def target(pictures: tf.Tensor, index: tf.Tensor) -> tf.Tensor:
                outputs = probe(pictures, training=False)
                if logits:
                    return tf.gather(outputs, index, axis=-1)
                return tf.reduce_mean(tf.gather(outputs, index, axis=-1), axis=(1, 2))

            @tf.function(reduce_retracing=True)
            def gradient(picture: tf.Tensor, index: tf.Tensor) -> tf.Tensor:
                with tf.GradientTape() as tape:
                    tape.watch(picture)
                    value = tf.reduce_sum(target(picture, index))
                return tape.gradient(value, picture)

            gradient.target = target
            self._ascent_functions[layer] = gradient
        return self._ascent_functions[layer]

    def _compiled_function(self, name: object, build: Callable[[], Callable]) -> Callable:
        """``build()``'s function of a float32 (N, *input_shape) batch, compiled once (traced on
        its first call, any N). A Keras model called eagerly spends about 9 ms a call on
        overhead, whatever the batch; compiled, well under 1 ms. Call it with ``lock`` held."""
        if name not in self._compiled:
            spec = tf.TensorSpec((None, *self.input_shape), tf.float32)
            self._compiled[name] = tf.function(build(), input_signature=[spec])
        return self._compiled[name]

    def _forward(self) -> Callable:
        """The network's (N, classes) output for a batch, compiled (call with ``lock`` held)."""
        return self._compiled_function(
            "forward", lambda: lambda batch: self.model(batch, training=False)
        )

    def _every_layer_output(self) -> Callable:
        """Every layer's output for a batch, in `layer_names` order, compiled (with ``lock``)."""
        return self._compiled_function(
            "every layer", lambda: lambda batch: self._every_layer(batch, training=False)
        )

    def _class_gradient(self, layer: str, class_index: int) -> Callable:
        """For a batch: ``layer``'s output and the gradient of the score (logit) of class
        ``class_index`` with respect to it, for Grad-CAM; compiled (call with ``lock`` held)."""

        def build() -> Callable:
            gradient_model = self._gradient_model(layer)

            def activations_and_gradients(batch: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
                with tf.GradientTape() as tape:
                    activations, logits = gradient_model(batch, training=False)
                    score = logits[:, class_index]
                return activations, tape.gradient(score, activations)

            return activations_and_gradients

        return self._compiled_function(("class gradient", layer, class_index), build)

    def _gradient_model(self, layer: str) -> keras.Model:
        """A sub-model giving ``layer``'s output and the logits, for Grad-CAM (built once).

        Call it with ``lock`` held: building a model is not thread-safe either.
        """
        if layer not in self._gradient_models:
            self._gradient_models[layer] = keras.Model(
                self.model.input,
                [self.model.get_layer(layer).output, self.model.get_layer(LOGITS_LAYER).output],
            )
        return self._gradient_models[layer]


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_face_model(folder: Path | str | None = None) -> FaceModel:
    """Load ``face_cnn.keras`` and ``face_cnn.json`` from ``folder`` (default:
    `core.metadata.models_folder`) and check they agree.

    Checks: both files exist; the JSON has every `REQUIRED_METADATA` field; the Keras file loads
    (``safe_mode=True``, no custom objects); its input shape is the JSON's ``input_shape``; it
    outputs one probability per entry of ``classes``, which include "face"; and its layers are
    the ones the JSON lists (with a conv layer, ``logits`` and ``softmax``); and its weights
    have the digest the JSON records (``weights_digest``, `FaceModel.fingerprint`), so the
    numbers the metadata quotes belong to these very weights. Takes a few
    seconds (TensorFlow); the app loads it once per server process.

    Raises:
        ModelLoadError: a missing, corrupt or incompatible file, with the retrain command.
    """
    folder = Path(folder or models_folder())
    model_path, metadata_path = folder / MODEL_FILENAME, folder / METADATA_FILENAME
    for path in (model_path, metadata_path):
        if not path.is_file():
            raise _load_error(f"The face model file {path} is missing.")
    metadata = _read_metadata(folder)
    try:
        model = keras.saving.load_model(model_path, compile=False, safe_mode=True)
    except Exception as error:  # Keras raises many types for a bad file (zip, JSON, H5, ...)
        raise _load_error(
            f"{model_path} could not be read as a Keras model ({type(error).__name__}: "
            f"{str(error)[:200]})."
        ) from error
    _check_agreement(model, metadata, folder)
    face_model = FaceModel(model, metadata)
    if face_model.fingerprint != metadata["weights_digest"]:
        raise _load_error(
            f"The files in {folder} do not belong together: the weights in {MODEL_FILENAME} are "
            f"not the ones {METADATA_FILENAME} describes (digest {face_model.fingerprint[:12]}…, "
            f"recorded {str(metadata['weights_digest'])[:12]}…)."
        )
    return face_model


def _read_metadata(folder: Path) -> dict:
    try:
        metadata = read_metadata(folder)
    except MetadataError as error:
        raise _load_error(str(error)) from error
    missing = [field for field in REQUIRED_METADATA if field not in metadata]
    if missing:
        raise _load_error(f"{folder / METADATA_FILENAME} lacks the field(s) {', '.join(missing)}.")
    return metadata


def _check_agreement(model: keras.Model, metadata: dict, folder: Path) -> None:
    """Raise `ModelLoadError` unless the network and its metadata describe the same model."""
    where = f"The files in {folder} do not belong together:"
    input_shape = tuple(model.input_shape[1:])
    if list(input_shape) != metadata["input_shape"]:
        raise _load_error(
            f"{where} the network takes pictures of shape {input_shape}, the metadata says "
            f"{metadata['input_shape']}."
        )
    classes = metadata["classes"]
    outputs = model.output_shape[-1]
    if not isinstance(classes, list) or len(classes) != outputs or FACE_CLASS not in classes:
        raise _load_error(
            f"{where} the network gives {outputs} probabilities, the metadata names the classes "
            f"{classes!r} (one per output, including {FACE_CLASS!r})."
        )
    names = [layer.name for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    listed = [entry.get("name") for entry in metadata["layers"] if isinstance(entry, dict)]
    has_conv = any(isinstance(layer, keras.layers.Conv2D) for layer in model.layers)
    if names != listed or not {LOGITS_LAYER, SOFTMAX_LAYER} <= set(names) or not has_conv:
        raise _load_error(
            f"{where} the network's layers are {names}, the metadata lists {listed} (both need "
            f"a conv layer, {LOGITS_LAYER!r} and {SOFTMAX_LAYER!r})."
        )


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


def preprocess(crop: np.ndarray) -> np.ndarray:
    """A crop of a photo as the network's input: gray, 25 × 25, values 0..1, shape (25, 25, 1).

    The steps a page shows: `core.images.to_gray` (luma weights), `core.images.resize_square`
    (a non-square crop is first cut to its centred square; box filter to 25 × 25), then
    `core.images.to_unit` (0..255 → 0..1). The training script sends its photo patches through
    this same function.

    >>> preprocess(np.full((50, 80, 3), 255, dtype=np.uint8)).shape
    (25, 25, 1)

    Raises:
        ValueError: a crop that is not uint8 (H, W) or (H, W, 3), or is empty.
    """
    pixels = np.asarray(crop)
    if pixels.dtype != np.uint8 or pixels.ndim not in (2, 3) or 0 in pixels.shape:
        raise ValueError(
            "Expected a crop of a photo as a non-empty uint8 array of shape (H, W) or (H, W, 3); "
            f"got dtype {pixels.dtype}, shape {pixels.shape}."
        )
    return to_unit(resize_square(to_gray(pixels), INPUT_SIDE))[..., np.newaxis]


def _as_batch(face_model: FaceModel, pictures: np.ndarray, what: str) -> np.ndarray:
    """``pictures`` as a float32 (N, 25, 25, 1) batch in [0, 1], or a clear `ValueError`."""
    array = np.asarray(pictures)
    height, width, channels = face_model.input_shape
    if array.ndim == 3 and channels == 1:
        array = array[..., np.newaxis]
    if array.ndim != 4 or array.shape[1:] != face_model.input_shape or array.shape[0] == 0:
        raise ValueError(
            f"{what} must be a non-empty batch of shape (N, {height}, {width}, {channels}) "
            f"(see preprocess); got shape {array.shape}."
        )
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{what} must hold numbers 0..1; got values of type {array.dtype}.")
    array = array.astype(np.float32, copy=False)
    if not np.isfinite(array).all() or array.min() < 0 or array.max() > 1:
        raise ValueError(f"{what} must hold values from 0 to 1 (see preprocess), without NaN.")
    return array


def _as_picture(face_model: FaceModel, picture: np.ndarray) -> np.ndarray:
    """One picture, (25, 25, 1) or (25, 25), as a float32 batch of one."""
    array = np.asarray(picture)
    if array.shape not in (face_model.input_shape, face_model.input_shape[:2]):
        raise ValueError(
            f"Expected one picture of shape {face_model.input_shape} (see preprocess); "
            f"got shape {array.shape}."
        )
    return _as_batch(face_model, array[np.newaxis], "The picture")


# --------------------------------------------------------------------------------------------
# Running the network
# --------------------------------------------------------------------------------------------


def _probabilities(face_model: FaceModel, batch: np.ndarray) -> np.ndarray:
    """The network's (N, classes) output for a checked batch, in chunks of `BATCH_LIMIT`."""
    chunks = []
    for start in range(0, len(batch), BATCH_LIMIT):
        with face_model.lock:
            chunks.append(face_model._forward()(batch[start : start + BATCH_LIMIT]))
    return np.concatenate([np.asarray(chunk) for chunk in chunks])


def predict(face_model: FaceModel, batch: np.ndarray) -> np.ndarray:
    """Probabilities of each class (in ``face_model.classes`` order) for a batch of pictures.

    ``batch`` is (N, 25, 25, 1) or (N, 25, 25) with values 0..1 (`preprocess` each crop). Each
    row of the (N, 2) float32 result sums to 1.
    """
    return _probabilities(face_model, _as_batch(face_model, batch, "The batch"))


def box_probabilities(
    face_model: FaceModel, photo: np.ndarray, boxes: Sequence[FaceBox]
) -> np.ndarray:
    """P(face) of each square of a photo (its crop through `preprocess`), in the boxes' order.

    >>> network = load_face_model()
    >>> box_probabilities(network, np.zeros((50, 50), np.uint8), []).shape
    (0,)
    """
    if not boxes:
        return np.zeros(0, dtype=np.float32)
    crops = np.stack([preprocess(box.crop(photo)) for box in boxes])
    return predict(face_model, crops)[:, face_model.face_index]


def layer_outputs(face_model: FaceModel, picture: np.ndarray) -> dict[str, np.ndarray]:
    """What every layer outputs for one picture, by layer name, input side first.

    One pass through a sub-model built at load time. Feature maps are (H, W, channels), the
    others vectors; the last entry (``"softmax"``) is the prediction. No batch axis.
    """
    batch = _as_picture(face_model, picture)
    with face_model.lock:
        outputs = face_model._every_layer_output()(batch)
    return {
        name: np.asarray(value)[0]
        for name, value in zip(face_model.layer_names, outputs, strict=True)
    }


def feature_maps(face_model: FaceModel, picture: np.ndarray) -> dict[str, np.ndarray]:
    """The (H, W, channels) output of every conv and pool layer for one picture, by name.

    With the shipped model: conv1 (23, 23, 8), pool1 (11, 11, 8), conv2 (9, 9, 16), pool2
    (4, 4, 16): each convolution adds maps, each pooling halves the side.
    """
    outputs = layer_outputs(face_model, picture)
    return {name: outputs[name] for name in face_model.feature_map_layers}


def first_layer_kernels(face_model: FaceModel) -> np.ndarray:
    """The first conv layer's learned filters, shape (k, k, 1, filters) as Keras stores them.

    ``kernels[..., 0, i]`` is filter i, a k × k grid of weights the network made itself; the
    layer cross-correlates the picture with it (as `core.convolution.correlate2d`), adds a bias
    and applies ReLU.
    """
    first_conv = next(
        layer for layer in face_model.model.layers if isinstance(layer, keras.layers.Conv2D)
    )
    return np.array(first_conv.get_weights()[0])


# --------------------------------------------------------------------------------------------
# Where the network looks
# --------------------------------------------------------------------------------------------


def layer_geometry(face_model: FaceModel) -> list[LayerGeometry]:
    """Kernel size, stride and padding of every conv and pool layer, read from the network."""
    geometry = []
    for layer in face_model.model.layers:
        if not isinstance(layer, FEATURE_MAP_TYPES):
            continue
        kernel = layer.kernel_size if isinstance(layer, keras.layers.Conv2D) else layer.pool_size
        if kernel[0] != kernel[1] or layer.strides[0] != layer.strides[1]:
            raise ValueError(f"Layer {layer.name!r} is not square; receptive fields need it.")
        geometry.append(LayerGeometry(layer.name, kernel[0], layer.strides[0], layer.padding))
    return geometry


def receptive_field(face_model: FaceModel, layer: str) -> ReceptiveField:
    """Which input pixels each cell of ``layer``'s map sees (`core.receptive`).

    >>> field = receptive_field(load_face_model(), "conv2")
    >>> field.size, field.jump, field.centre(0), field.cells
    (8, 2, 3.5, 9)
    """
    fields = receptive_fields(layer_geometry(face_model), input_side=face_model.input_shape[0])
    for field in fields:
        if field.layer == layer:
            return field
    raise ValueError(
        f"Receptive fields are for conv and pool layers, one of "
        f"{', '.join(face_model.feature_map_layers)}; got {layer!r}."
    )


def _window_starts(size: int, window: int, stride: int) -> np.ndarray:
    """Start positions of a window sliding along ``size`` pixels; the last one touches the end."""
    starts = list(range(0, size - window + 1, stride))
    if starts[-1] != size - window:
        starts.append(size - window)
    return np.array(starts)


def occlusion_map(
    face_model: FaceModel,
    picture: np.ndarray,
    *,
    patch: int = 5,
    stride: int = 1,
    fill: str = "mean",
) -> np.ndarray:
    """How much hiding each part of the picture lowers P(face): one value per pixel.

    A ``patch`` × ``patch`` square, filled with the picture's mean brightness (``fill="mean"``)
    or mid-gray 0.5 (``"gray"``), slides over the picture with ``stride`` pixels between
    positions (the last position touches the right / bottom edge); all occluded copies go to the
    network as one batch. Each pixel gets the mean drop P(face, original) − P(face, occluded)
    over the positions whose patch covers it: the result has the picture's (25, 25) shape,
    positive where hiding the pixel makes the network less sure of a face, negative where it
    makes it surer. At stride 1 with a 5 × 5 patch that is 21 × 21 = 441 occluded pictures.

    Raises:
        ValueError: a bad picture, ``patch`` not 1..25, ``stride`` not 1..``patch`` (a larger
            stride would skip pixels) or an unknown fill.
    """
    return occlusion_maps(face_model, picture, [(patch, stride)], fill=fill)[(patch, stride)]


def occlusion_maps(
    face_model: FaceModel,
    picture: np.ndarray,
    pairs: Sequence[tuple[int, int]],
    *,
    fill: str = "mean",
) -> dict[tuple[int, int], np.ndarray]:
    """`occlusion_map` for each ``(patch, stride)`` of ``pairs``, from one batch: a position is
    shared by every stride that reaches it, so each covered picture is asked about once,
    however many maps use it (all 25 patches at strides 1 to 8 cost the 5,525 of stride 1).

    Raises:
        ValueError: as `occlusion_map`, for the first pair that is not allowed.
    """
    batch = _as_picture(face_model, picture)
    height, width = face_model.input_shape[:2]
    for patch, stride in pairs:
        check_occlusion(patch, stride, min(height, width))
    if fill not in OCCLUSION_FILLS:
        raise ValueError(f"fill must be one of {', '.join(OCCLUSION_FILLS)}; got {fill!r}.")
    value = float(batch.mean()) if fill == "mean" else GRAY_FILL
    windows = {
        (patch, stride): [
            (row, col)
            for row in _window_starts(height, patch, stride)
            for col in _window_starts(width, patch, stride)
        ]
        for patch, stride in pairs
    }
    asked = sorted(
        {(patch, *position) for (patch, _), spots in windows.items() for position in spots}
    )
    occluded = np.repeat(batch, len(asked), axis=0)
    for copy, (patch, row, col) in zip(occluded, asked, strict=True):
        copy[row : row + patch, col : col + patch] = value
    probabilities = _probabilities(face_model, np.concatenate([batch, occluded]))[
        :, face_model.face_index
    ]
    drop_at = dict(zip(asked, probabilities[0] - probabilities[1:], strict=True))
    maps = {}
    for (patch, stride), spots in windows.items():
        total, covered = np.zeros((height, width)), np.zeros((height, width))
        for row, col in spots:
            total[row : row + patch, col : col + patch] += drop_at[(patch, row, col)]
            covered[row : row + patch, col : col + patch] += 1
        maps[(patch, stride)] = total / covered  # the last window touches each edge
    return maps


def check_occlusion(patch: object, stride: object, side: int) -> None:
    """For `occlusion_map` on a ``side`` × ``side`` picture: raise ValueError, with the reason
    in words a person can read, unless ``patch`` is 1..``side`` and ``stride`` 1..``patch`` (a
    larger stride would skip pixels)."""
    if not isinstance(patch, int | np.integer) or not 1 <= patch <= side:
        raise ValueError(f"patch must be a whole number from 1 to {side}; got {patch!r}.")
    if not isinstance(stride, int | np.integer) or stride < 1:
        raise ValueError(f"stride must be a whole number of at least 1; got {stride!r}.")
    if stride > patch:
        raise ValueError(
            f"A stride of {stride} with a {patch}-pixel patch leaves pixels never hidden; "
            "use a stride no larger than the patch."
        )


@dataclass(frozen=True)
class GradCam:
    """A Grad-CAM map: one value per cell of a layer, and the same laid over the input.

    ``cells`` is the (n, n) map of the layer, 1 at its strongest cell (all 0 if nothing raises
    the score); ``picture`` is the (25, 25) map with each cell placed at the centre of the input
    window it sees (`core.receptive.place_on_input`); ``field`` says where those windows are.
    """

    cells: np.ndarray
    picture: np.ndarray
    field: ReceptiveField

    @property
    def strongest_cell(self) -> tuple[int, int] | None:
        """(row, column) of the strongest cell of the layer's map, or None if all are 0."""
        if not self.cells.max() > 0:
            return None
        row, col = np.unravel_index(int(self.cells.argmax()), self.cells.shape)
        return int(row), int(col)


def grad_cam(
    face_model: FaceModel,
    picture: np.ndarray,
    *,
    layer: str | None = None,
    class_name: str = FACE_CLASS,
) -> GradCam:
    """Grad-CAM: which parts of a conv layer's map raise the score of ``class_name``.

    The gradient of the class's logit (the score before the softmax) with respect to the
    ``layer`` output (default: the last conv layer), averaged over each channel, weights that
    channel's map; the weighted sum, with negatives set to 0 (ReLU) and divided by its maximum,
    is the map (Selvaraju et al., 2017). Each of its cells is then placed where it looks: at the
    centre of its receptive field on the (25, 25) input, not stretched over the whole picture.

    Raises:
        ValueError: a bad picture, an unknown class, or a layer that is not a conv or pool layer.
    """
    batch = _as_picture(face_model, picture)
    layer = face_model.last_conv_layer if layer is None else layer
    if layer not in face_model.feature_map_layers:
        raise ValueError(
            "Grad-CAM needs a conv or pool layer, one of "
            f"{', '.join(face_model.feature_map_layers)}; got {layer!r}."
        )
    if class_name not in face_model.classes:
        raise ValueError(f"class_name must be one of {face_model.classes}; got {class_name!r}.")
    class_index = face_model.classes.index(class_name)
    with face_model.lock:
        activations, gradients = face_model._class_gradient(layer, class_index)(batch)
    channel_weights = np.asarray(gradients, dtype=np.float64)[0].mean(axis=(0, 1))
    heat = np.maximum(np.asarray(activations, dtype=np.float64)[0] @ channel_weights, 0)
    peak = heat.max()
    cells = heat / peak if peak > 0 else np.zeros_like(heat)
    field = receptive_field(face_model, layer)
    return GradCam(cells, place_on_input(cells, field), field)


# --------------------------------------------------------------------------------------------
# Checking the explanations and the framing
# --------------------------------------------------------------------------------------------


def randomisation_steps(face_model: FaceModel) -> tuple[str, ...]:
    """The layers with weights, top first: the order of the cascading randomisation check."""
    return tuple(layer.name for layer in reversed(face_model.model.layers) if layer.get_weights())


def randomised_copy(face_model: FaceModel, down_to: str, *, seed: int = 0) -> FaceModel:
    """A copy of the network with fresh random weights from the top layer down to ``down_to``.

    The cascading randomisation of Adebayo et al., "Sanity checks for saliency maps" (2018):
    an explanation that still looks the same once the learned weights are gone cannot be
    showing what the network learned. Kernels are drawn as Keras draws them before training
    (Glorot uniform, from ``seed``), biases are 0; the layers below ``down_to`` keep their
    learned weights. The copy has the same classes; the original is not changed.

    Raises:
        ValueError: ``down_to`` is not a layer with weights (`randomisation_steps`).
    """
    steps = randomisation_steps(face_model)
    if down_to not in steps:
        raise ValueError(f"down_to must be one of {', '.join(steps)}; got {down_to!r}.")
    fresh = set(steps[: steps.index(down_to) + 1])
    rng = np.random.default_rng(seed)
    with face_model.lock:
        copy = keras.models.clone_model(face_model.model)
        weights = []
        for layer in face_model.model.layers:
            for array in layer.get_weights():
                if layer.name not in fresh:
                    weights.append(array)
                elif array.ndim == 1:
                    weights.append(np.zeros_like(array))
                else:
                    receptive = int(np.prod(array.shape[:-2]))
                    fan_in, fan_out = receptive * array.shape[-2], receptive * array.shape[-1]
                    limit = np.sqrt(6 / (fan_in + fan_out))
                    weights.append(rng.uniform(-limit, limit, array.shape).astype(array.dtype))
        copy.set_weights(weights)
    return FaceModel(copy, {"classes": list(face_model.classes)})


def rank_correlation(first: np.ndarray, second: np.ndarray) -> float:
    """Spearman's rank correlation of two maps of the same shape, cell by cell (−1 to 1).

    1 when the two order their cells the same way, 0 when their orders are unrelated. A map
    with every cell equal has no order: then the result is 0.

    >>> rank_correlation(np.array([[1, 2], [3, 4]]), np.array([[10, 20], [30, 99]]))
    1.0
    """
    a, b = np.ravel(first), np.ravel(second)
    if a.shape != b.shape:
        raise ValueError(f"The maps differ in size: {np.shape(first)} and {np.shape(second)}.")
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(stats.spearmanr(a, b).statistic)


def framing_probabilities(
    face_model: FaceModel, photo: np.ndarray, box: FaceBox, scales: Sequence[float]
) -> np.ndarray:
    """P(face) for squares ``scales`` times the side of ``box``, all centred on it.

    How tightly must a crop fit the face? Each square is moved inward where it would leave the
    photo and cut to the photo's shorter side (`core.detect.square_at`), then classified like
    any crop (`preprocess`). Returns one probability per scale, in order.
    """
    centre_row, centre_col = box.top + box.side // 2, box.left + box.side // 2
    crops = [
        preprocess(
            square_at(
                photo.shape,
                centre_row=centre_row,
                centre_col=centre_col,
                side=max(1, round(box.side * scale)),
            ).crop(photo)
        )
        for scale in scales
    ]
    return predict(face_model, np.stack(crops))[:, face_model.face_index]


def batch_activations(face_model: FaceModel, pictures: np.ndarray, layer: str) -> np.ndarray:
    """One layer's output for a whole batch of pictures: (N, H, W, filters) for a conv or pool
    layer, (N, units) for the others. Sent in chunks of `BATCH_LIMIT`.

    Raises:
        ValueError: a bad batch or a layer the network does not have.
    """
    batch = _as_batch(face_model, pictures, "The batch")
    if layer not in face_model.layer_names:
        raise ValueError(
            f"layer must be one of {', '.join(face_model.layer_names)}; got {layer!r}."
        )
    index = face_model.layer_names.index(layer)
    chunks = []
    for start in range(0, len(batch), BATCH_LIMIT):
        with face_model.lock:
            outputs = face_model._every_layer(batch[start : start + BATCH_LIMIT], training=False)
        chunks.append(np.asarray(outputs[index]))
    return np.concatenate(chunks)


@dataclass(frozen=True)
class Visualisation:
    """The input that gradient ascent grew for one target, step by step.

    ``frames`` is (steps + 1, 25, 25): the start, then the picture after each step; ``values``
    the target's value for each frame (the mean of a filter's map, or the face score).
    """

    frames: np.ndarray
    values: np.ndarray


def visualise(
    face_model: FaceModel,
    layer: str,
    channel: int | None = None,
    *,
    steps: int = VISUALISATION_STEPS,
    step_size: float = VISUALISATION_STEP,
    jitter: int = VISUALISATION_JITTER,
    seed: int = 0,
) -> Visualisation:
    """The picture a filter (or the face score) responds to most, grown by gradient ascent.

    Feature visualisation (Olah, Mordvintsev & Schubert, Distill 2017): start from mid-gray
    with seeded noise (`VISUALISATION_NOISE`); at each step move every pixel a little in the
    direction that raises the target, and keep values in 0..1 (the network's input range). The
    target is the mean of channel ``channel``'s map of conv or pool layer ``layer``, or, for
    ``layer`` ``"logits"``, the score for "face" (``channel`` is ignored). The regulariser is
    jitter: each step looks at the picture shifted by up to ``jitter`` pixels at random
    (wrapping around), so the picture cannot rely on patterns pinned to single pixels. Each
    step moves the most-changed pixel by ``step_size``.

    Raises:
        ValueError: an unknown layer or channel, or steps below 1.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1; got {steps}.")
    if layer == LOGITS_LAYER:
        index = face_model.face_index
    elif layer in face_model.feature_map_layers:
        channels = face_model.model.get_layer(layer).output.shape[-1]
        if channel is None or not 0 <= channel < channels:
            raise ValueError(f"{layer} has channels 0 to {channels - 1}; got {channel!r}.")
        index = channel
    else:
        raise ValueError(
            f"layer must be {LOGITS_LAYER!r} or one of {', '.join(face_model.feature_map_layers)};"
            f" got {layer!r}."
        )
    rng = np.random.default_rng(seed)
    height, width = face_model.input_shape[:2]
    picture = np.clip(0.5 + VISUALISATION_NOISE * rng.standard_normal((1, height, width, 1)), 0, 1)
    picture = picture.astype(np.float32)
    frames = [picture[0, :, :, 0].copy()]
    with face_model.lock:
        gradient_of = face_model._ascent_gradient(layer)
        for _ in range(steps):
            shift = rng.integers(-jitter, jitter + 1, size=2) if jitter else np.zeros(2, int)
            shifted = np.roll(picture, tuple(shift), axis=(1, 2))
            gradient = np.asarray(gradient_of(tf.constant(shifted), tf.constant(index)))
            gradient = np.roll(gradient, tuple(-shift), axis=(1, 2))
            largest = float(np.abs(gradient).max())
            if largest > 0:
                picture = np.clip(picture + step_size * gradient / largest, 0, 1)
            frames.append(picture[0, :, :, 0].copy())
        values = np.asarray(
            gradient_of.target(tf.constant(np.stack(frames)[..., np.newaxis]), tf.constant(index))
        )
    return Visualisation(np.stack(frames), np.array(values))


@dataclass(frozen=True)
class FacenessMap:
    """Where in a photo the network sees a face.

    ``probability`` is an (H, W) float32 map over the photo: at each pixel the mean, over the
    window sizes, of P(face) for the window centred nearest to it. A face is face-like at
    several neighbouring sizes, while most false alarms light up at one size only, so the mean
    keeps faces and dims the false alarms (the maximum over sizes would keep both).
    ``best_box`` is the window at the map's peak, of the size that looks most like a face
    there, and ``best_probability`` its P(face); ``windows`` is how many windows were
    classified.
    """

    probability: np.ndarray
    best_box: FaceBox
    best_probability: float
    windows: int


class _ScaleGrid(NamedTuple):
    """The windows of one size: their P(face) grid and where they sit in the photo."""

    faces: np.ndarray  # (grid rows, grid cols) P(face)
    nearest_rows: np.ndarray  # for each photo row, the grid row of the nearest window centre
    nearest_cols: np.ndarray
    row_scale: float  # shrunk-photo pixels per photo pixel, down and across
    col_scale: float


def scan_problem(shape: tuple[int, ...]) -> str | None:
    """Why `faceness_map` refuses a photo of this (H, W, …) shape, or None if it does not.

    Its windows are a share of the shorter side, so their number grows with the square of how
    long and thin the photo is: a 1024 × 1 picture would need about 5 million.
    """
    height, width = shape[:2]
    if max(height, width) <= FACENESS_MAX_ASPECT * min(height, width):
        return None
    return (
        "This picture is too long and thin to scan: the longer side may be at most "
        f"{FACENESS_MAX_ASPECT} times the shorter (this one is {width} × {height})."
    )


def faceness_map(
    face_model: FaceModel,
    photo: np.ndarray,
    *,
    scales: tuple[float, ...] = FACENESS_SCALES,
    stride: float = FACENESS_STRIDE,
) -> FacenessMap:
    """Run the classifier on every window of a photo, at a few window sizes.

    For each scale the window side is ``scale`` × the photo's shorter side. Instead of cutting
    and shrinking every window, the whole gray photo is shrunk once (box filter, as
    `preprocess`) so that a window becomes 25 × 25 pixels, and 25 × 25 windows are read from it
    every ``stride`` × 25 pixels (at least 1): on a 512 × 512 photo with the defaults that is
    about 4,100 windows, classified in batches. Pixels nearer the edge than half a window take
    the value of the nearest window. See `FacenessMap` for how the sizes are combined.

    Raises:
        ValueError: a photo that is not uint8 (H, W) or (H, W, 3), one too long and thin
            (`scan_problem`), no scales, a scale outside (0, 1] or a stride outside (0, 1].
    """
    gray = to_gray(_as_photo(photo))
    if problem := scan_problem(gray.shape):
        raise ValueError(problem)
    if not scales or not all(0 < scale <= 1 for scale in scales):
        raise ValueError(
            f"scales are window sides as shares of the photo's shorter side, each in (0, 1]; "
            f"got {scales!r}."
        )
    if not 0 < stride <= 1:
        raise ValueError(f"stride is a share of the window side, in (0, 1]; got {stride!r}.")
    step = max(1, round(INPUT_SIDE * stride))
    grids = [_classify_windows(face_model, gray, scale, step) for scale in scales]
    probability = np.mean(
        [grid.faces[np.ix_(grid.nearest_rows, grid.nearest_cols)] for grid in grids], axis=0
    ).astype(np.float32)
    peak_row, peak_col = np.unravel_index(int(probability.argmax()), probability.shape)
    at_peak = [
        grid.faces[grid.nearest_rows[peak_row], grid.nearest_cols[peak_col]] for grid in grids
    ]
    grid = grids[int(np.argmax(at_peak))]
    best_box = FaceBox(
        top=round(grid.nearest_rows[peak_row] * step / grid.row_scale),
        left=round(grid.nearest_cols[peak_col] * step / grid.col_scale),
        side=max(1, round(INPUT_SIDE / max(grid.row_scale, grid.col_scale))),
    )
    return FacenessMap(
        probability, best_box, float(max(at_peak)), sum(grid.faces.size for grid in grids)
    )


def _classify_windows(
    face_model: FaceModel, gray: np.ndarray, scale: float, step: int
) -> _ScaleGrid:
    """P(face) of every window whose side is ``scale`` × the photo's shorter side."""
    height, width = gray.shape
    shrink = INPUT_SIDE / (scale * min(height, width))
    small = resize(
        gray, max(INPUT_SIDE, round(width * shrink)), max(INPUT_SIDE, round(height * shrink))
    )
    windows = np.lib.stride_tricks.sliding_window_view(small, (INPUT_SIDE, INPUT_SIDE))
    windows = windows[::step, ::step]
    batch = to_unit(windows.reshape(-1, INPUT_SIDE, INPUT_SIDE, 1))
    faces = _probabilities(face_model, batch)[:, face_model.face_index].reshape(windows.shape[:2])
    row_scale, col_scale = small.shape[0] / height, small.shape[1] / width
    return _ScaleGrid(
        faces,
        _nearest_window(np.arange(height) * row_scale, step, faces.shape[0]),
        _nearest_window(np.arange(width) * col_scale, step, faces.shape[1]),
        row_scale,
        col_scale,
    )


def _as_photo(photo: np.ndarray) -> np.ndarray:
    array = np.asarray(photo)
    if array.dtype != np.uint8 or array.ndim not in (2, 3) or 0 in array.shape:
        raise ValueError(
            f"Expected a uint8 photo of shape (H, W) or (H, W, 3); got dtype {array.dtype}, "
            f"shape {array.shape}."
        )
    return array


def _nearest_window(positions: np.ndarray, step: int, count: int) -> np.ndarray:
    """Index of the window whose centre is nearest each position (in shrunk-photo pixels)."""
    return np.clip(np.rint((positions - (INPUT_SIDE - 1) / 2) / step), 0, count - 1).astype(int)


# --------------------------------------------------------------------------------------------
# Opening the box: the same forward pass in NumPy
# --------------------------------------------------------------------------------------------

#: Activations the NumPy forward pass knows, by Keras name.
_ACTIVATIONS = {"relu": relu, "linear": lambda values: values}


def _activate(layer: keras.layers.Layer, values: np.ndarray) -> np.ndarray:
    name = layer.activation.__name__
    if name not in _ACTIVATIONS:
        raise ValueError(
            f"numpy_forward knows the activations {', '.join(_ACTIVATIONS)}; layer "
            f"{layer.name!r} uses {name!r}."
        )
    return _ACTIVATIONS[name](values)


def numpy_forward(face_model: FaceModel, picture: np.ndarray) -> dict[str, np.ndarray]:
    """Every layer's output for one picture, computed with NumPy from the model's weights.

    No TensorFlow arithmetic: conv layers use `core.convolution.correlate_stack` (Keras kernels
    (k, k, C, n) become n kernels of (k, k, C)) plus the bias and ReLU (`core.activations.relu`);
    pools use `core.pooling.pool2d`; flatten reads the (H, W, C) map row by row, channel
    fastest, as Keras does; dropout passes values through (it only acts in training); dense
    layers are a matrix product plus bias; the softmax is `core.activations.softmax`. The result
    has the keys and shapes of `layer_outputs` and equals it to about 1e-6 (float64 here,
    float32 in Keras).

    Raises:
        ValueError: a bad picture, or a layer, activation or padding this walk does not know.
    """
    values = _as_picture(face_model, picture)[0].astype(np.float64)
    outputs = {}
    for layer in face_model.model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        if getattr(layer, "padding", "valid") != "valid":
            raise ValueError(
                f"numpy_forward follows 'valid' padding only; layer {layer.name!r} uses "
                f"{layer.padding!r}."
            )
        weights = [np.asarray(weight, dtype=np.float64) for weight in layer.get_weights()]
        if isinstance(layer, keras.layers.Conv2D):
            kernels, bias = weights
            values = correlate_stack(
                values,
                np.moveaxis(kernels, -1, 0),
                padding="valid",
                stride=layer.strides[0],
            )
            values = _activate(layer, values + bias)
        elif isinstance(layer, keras.layers.MaxPooling2D):
            values = pool2d(values, layer.pool_size[0], stride=layer.strides[0], mode="max")
        elif isinstance(layer, keras.layers.Flatten):
            values = values.reshape(-1)
        elif isinstance(layer, keras.layers.Dropout):
            pass  # identity at inference
        elif isinstance(layer, keras.layers.Dense):
            matrix, bias = weights
            values = _activate(layer, values @ matrix + bias)
        elif isinstance(layer, keras.layers.Softmax):
            values = softmax(values)
        else:
            raise ValueError(
                f"numpy_forward does not know the layer {layer.name!r} of type "
                f"{type(layer).__name__}."
            )
        outputs[layer.name] = values
    return outputs
