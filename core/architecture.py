"""Layer-by-layer tensor shapes of a CNN: "the picture gets narrower, the stack gets deeper".

A convolutional network turns a tall, wide, shallow block of numbers (a 224×224 picture with 3
colour channels) into a small, deep one (7×7 positions with 512 features each) and then into a
handful of class scores. This module lists those shapes and the parameter count of each layer,
for VGG-19 (computed here from its published recipe) and for the app's own face CNN (read from
the metadata the training script writes), so a page can draw and state them with numbers.

No TensorFlow here: the counts come from two formulas, :func:`conv2d_params` and
:func:`dense_params`.

Example
-------
>>> layers = vgg19_layers()
>>> layers[0].output_shape, layers[-6].name, layers[-6].output_shape
((224, 224, 3), 'block5_pool', (7, 7, 512))
>>> f"{summarise(layers).total_params:,}"
'143,667,240'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.checks import is_whole, positive_int
from core.pooling import pool_output_shape

#: What a layer does, in the words the page uses (the diagram colours layers by kind).
LAYER_KINDS: tuple[str, ...] = (
    "input",
    "conv",
    "pool",
    "flatten",
    "dense",
    "dropout",
    "softmax",
    "normalization",
    "other",
)

#: Keras layer class names (the ``type`` in the model metadata) and the kind each one is.
#: A class not listed here is drawn as "other".
KERAS_LAYER_KINDS: dict[str, str] = {
    "InputLayer": "input",
    "Conv2D": "conv",
    "MaxPooling2D": "pool",
    "AveragePooling2D": "pool",
    "GlobalMaxPooling2D": "pool",
    "GlobalAveragePooling2D": "pool",
    "Flatten": "flatten",
    "Dense": "dense",
    "Dropout": "dropout",
    "Softmax": "softmax",
    "BatchNormalization": "normalization",
}

#: VGG-19 (Simonyan & Zisserman 2015, configuration E) takes a 224×224 RGB picture.
VGG19_INPUT_SHAPE: tuple[int, int, int] = (224, 224, 3)

#: Filters of its 16 convolutions, block by block; each block ends with a 2×2 max pool.
VGG19_CONV_BLOCKS: tuple[tuple[int, ...], ...] = (
    (64, 64),
    (128, 128),
    (256, 256, 256, 256),
    (512, 512, 512, 512),
    (512, 512, 512, 512),
)

#: Every VGG convolution is 3×3 with "same" padding and stride 1: height and width are kept.
VGG19_KERNEL_SIZE: int = 3

#: Every VGG pool is 2×2 with stride 2: height and width are halved.
VGG19_POOL_SIZE: int = 2

#: Units of the three fully connected layers; the last gives one score per ImageNet class.
VGG19_DENSE_UNITS: tuple[int, ...] = (4096, 4096, 1000)


@dataclass(frozen=True)
class LayerShape:
    """One layer: what it is, the shape of what it outputs (no batch axis), its parameter count
    (weights and biases) and the multiply-adds it does per picture.

    ``kernel_size`` is ``(height, width)`` of the convolution kernel or pooling window, and
    ``None`` for other layers. ``multiply_adds`` counts one per weight use: a convolution
    multiplies every kernel weight once per output position (:func:`conv2d_multiply_adds`), a
    dense layer every weight once (:func:`dense_multiply_adds`); pooling compares instead, so 0.
    """

    name: str
    kind: str
    output_shape: tuple[int, ...]
    params: int
    kernel_size: tuple[int, int] | None = None
    multiply_adds: int = 0

    def __post_init__(self) -> None:
        if self.kind not in LAYER_KINDS:
            raise ValueError(
                f"Layer {self.name!r}: kind must be one of {', '.join(LAYER_KINDS)}; "
                f"got {self.kind!r}."
            )
        if (
            not isinstance(self.output_shape, tuple)
            or not self.output_shape
            or not all(is_whole(n) and n >= 1 for n in self.output_shape)
        ):
            raise ValueError(
                f"Layer {self.name!r}: the output shape must be a tuple of positive whole "
                f"numbers without the batch axis, e.g. (23, 23, 8); got {self.output_shape!r}."
            )
        if not is_whole(self.params) or self.params < 0:
            raise ValueError(
                f"Layer {self.name!r}: params must be a whole number ≥ 0; got {self.params!r}."
            )

    @property
    def values(self) -> int:
        """Numbers output per picture: H·W·C for a feature map, the units for a vector."""
        return math.prod(self.output_shape)


@dataclass(frozen=True)
class ArchitectureSummary:
    """The figures behind "the picture gets smaller, the stack gets deeper", and where the
    weights and the arithmetic are.

    ``spatial_shrink`` is how many input positions (H·W) there are per position of the last
    feature map; ``depth_growth`` is how many times more channels that map has than the input.
    For VGG-19: 224·224 / (7·7) = 1024 and 512 / 3 ≈ 171.
    """

    total_params: int
    values_per_layer: tuple[int, ...]
    input_shape: tuple[int, ...]
    last_map_shape: tuple[int, ...]
    spatial_shrink: float
    depth_growth: float
    heaviest_layer: LayerShape
    busiest_layer: LayerShape
    total_multiply_adds: int


def _check_counts(**counts: object) -> None:
    for what, value in counts.items():
        positive_int(value, what)


def _kernel_pair(kernel_size: int | Sequence[int]) -> tuple[int, int]:
    """``3`` or ``(3, 3)`` as ``(3, 3)``."""
    pair = (kernel_size, kernel_size) if is_whole(kernel_size) else kernel_size
    if not isinstance(pair, list | tuple) or len(pair) != 2:
        raise ValueError(f"kernel_size must be one number or (height, width); got {kernel_size!r}.")
    _check_counts(kernel_height=pair[0], kernel_width=pair[1])
    return int(pair[0]), int(pair[1])


def conv2d_params(
    kernel_size: int | Sequence[int], in_channels: int, filters: int, *, bias: bool = True
) -> int:
    """Weights of a 2-D convolution: kh·kw·in_channels per filter, plus one bias per filter.

    >>> conv2d_params(3, 3, 64)  # VGG's first layer: 3·3·3·64 + 64
    1792
    >>> conv2d_params((3, 3), 1, 8, bias=False)
    72
    """
    kernel_height, kernel_width = _kernel_pair(kernel_size)
    _check_counts(in_channels=in_channels, filters=filters)
    return kernel_height * kernel_width * in_channels * filters + (filters if bias else 0)


def conv2d_multiply_adds(
    output_shape: tuple[int, int, int], kernel_size: int | Sequence[int], in_channels: int
) -> int:
    """Multiply-adds of a 2-D convolution for one picture: kh·kw·in_channels per output number.

    >>> conv2d_multiply_adds((224, 224, 64), 3, 64)  # VGG's second layer: 1.85 billion
    1849688064
    """
    kernel_height, kernel_width = _kernel_pair(kernel_size)
    height, width, filters = output_shape
    _check_counts(in_channels=in_channels, height=height, width=width, filters=filters)
    return height * width * filters * kernel_height * kernel_width * in_channels


def dense_multiply_adds(inputs: int, units: int) -> int:
    """Multiply-adds of a fully connected layer for one picture: one per weight."""
    _check_counts(inputs=inputs, units=units)
    return inputs * units


def dense_params(inputs: int, units: int, *, bias: bool = True) -> int:
    """Weights of a fully connected layer: one per (input, unit) pair, plus one bias per unit.

    >>> dense_params(7 * 7 * 512, 4096)  # VGG's fc1 alone: 102,764,544
    102764544
    """
    _check_counts(inputs=inputs, units=units)
    return inputs * units + (units if bias else 0)


def vgg19_layers() -> list[LayerShape]:
    """VGG-19's 27 layers, from the 224×224×3 input to the 1000-way softmax.

    Built by walking :data:`VGG19_CONV_BLOCKS` and :data:`VGG19_DENSE_UNITS`: each shape follows
    from the one before, and each parameter count from :func:`conv2d_params` or
    :func:`dense_params`. Names follow ``keras.applications.VGG19`` ("block1_conv1", "fc1",
    "predictions"); the softmax, which Keras folds into "predictions", is its own layer here.
    """
    layers = [LayerShape("input", "input", VGG19_INPUT_SHAPE, 0)]
    kernel = (VGG19_KERNEL_SIZE, VGG19_KERNEL_SIZE)
    window = (VGG19_POOL_SIZE, VGG19_POOL_SIZE)
    for block, block_filters in enumerate(VGG19_CONV_BLOCKS, start=1):
        for conv, filters in enumerate(block_filters, start=1):
            height, width, channels = layers[-1].output_shape
            shape = (height, width, filters)
            layers.append(
                LayerShape(
                    f"block{block}_conv{conv}",
                    "conv",
                    shape,
                    conv2d_params(kernel, channels, filters),
                    kernel,
                    conv2d_multiply_adds(shape, kernel, channels),
                )
            )
        pooled = pool_output_shape(layers[-1].output_shape, VGG19_POOL_SIZE)
        layers.append(LayerShape(f"block{block}_pool", "pool", pooled, 0, window))
    layers.append(LayerShape("flatten", "flatten", (layers[-1].values,), 0))
    for index, units in enumerate(VGG19_DENSE_UNITS, start=1):
        name = "predictions" if index == len(VGG19_DENSE_UNITS) else f"fc{index}"
        inputs = layers[-1].values
        layers.append(
            LayerShape(
                name,
                "dense",
                (units,),
                dense_params(inputs, units),
                multiply_adds=dense_multiply_adds(inputs, units),
            )
        )
    layers.append(LayerShape("softmax", "softmax", layers[-1].output_shape, 0))
    return layers


def _field(entry: dict, key: str, where: str) -> object:
    if key not in entry:
        raise ValueError(
            f"The model metadata is missing {key!r} {where}; re-run the training script to "
            "rewrite models/face_cnn.json."
        )
    return entry[key]


def _as_tuple(value: object) -> object:
    """A JSON list as a tuple; anything else unchanged, for :class:`LayerShape` to refuse."""
    return tuple(value) if isinstance(value, list | tuple) else value


def layers_from_metadata(meta: dict) -> list[LayerShape]:
    """The face model's layers from its metadata (``models/face_cnn.json``), input first.

    ``meta`` needs ``input_shape`` (e.g. ``[25, 25, 1]``) and ``layers``, a list of
    ``{"name": "conv1", "type": "Conv2D", "output_shape": [23, 23, 8], "params": 80}``, with an
    optional ``kernel_size`` (a number or ``[height, width]``). The Keras ``type`` becomes a
    :data:`LAYER_KINDS` entry via :data:`KERAS_LAYER_KINDS`.

    >>> meta = {"input_shape": [25, 25, 1], "layers": [
    ...     {"name": "conv1", "type": "Conv2D", "output_shape": [23, 23, 8], "params": 80}]}
    >>> [(layer.kind, layer.output_shape) for layer in layers_from_metadata(meta)]
    [('input', (25, 25, 1)), ('conv', (23, 23, 8))]

    Raises:
        ValueError: a missing field or a malformed shape or count, with the layer named.
    """
    if not isinstance(meta, dict):
        raise ValueError(f"The model metadata must be a JSON object; got {type(meta).__name__}.")
    input_shape = _as_tuple(_field(meta, "input_shape", "at the top level"))
    entries = _field(meta, "layers", "at the top level")
    if not isinstance(entries, list) or not entries:
        raise ValueError("The model metadata's 'layers' must be a non-empty list of layers.")
    layers = [LayerShape("input", "input", input_shape, 0)]
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"Layer {position} in the model metadata is not a JSON object.")
        where = f"for layer {position} ({entry.get('name', 'unnamed')})"
        name = str(_field(entry, "name", where))
        keras_type = _field(entry, "type", where)
        output_shape = _as_tuple(_field(entry, "output_shape", where))
        params = _field(entry, "params", where)
        kernel_size = entry.get("kernel_size")
        kind = KERAS_LAYER_KINDS.get(str(keras_type), "other")
        kernel = None if kernel_size is None else _kernel_pair(kernel_size)
        layer = LayerShape(name, kind, output_shape, params, kernel)
        layers.append(dataclasses.replace(layer, multiply_adds=_multiply_adds(layer, layers[-1])))
    return layers


def _multiply_adds(layer: LayerShape, before: LayerShape) -> int:
    """A conv or dense layer's multiply-adds from its shape and the layer before; else 0."""
    if layer.kind == "conv" and layer.kernel_size and len(before.output_shape) == 3:
        return conv2d_multiply_adds(layer.output_shape, layer.kernel_size, before.output_shape[2])
    if layer.kind == "dense":
        return dense_multiply_adds(before.values, layer.output_shape[0])
    return 0


def summarise(layers: Sequence[LayerShape]) -> ArchitectureSummary:
    """Totals and before/after figures for a layer list that starts with a 3-D input.

    >>> summary = summarise(vgg19_layers())
    >>> summary.last_map_shape, summary.spatial_shrink, summary.heaviest_layer.name
    ((7, 7, 512), 1024.0, 'fc1')

    Raises:
        ValueError: no layers, or a first layer that is not a ``(H, W, C)`` picture.
    """
    if not layers:
        raise ValueError("There are no layers to summarise.")
    input_shape = layers[0].output_shape
    if len(input_shape) != 3:
        raise ValueError(
            f"The first layer must be a (height, width, channels) picture; got {input_shape}."
        )
    last_map_shape = [layer.output_shape for layer in layers if len(layer.output_shape) == 3][-1]
    return ArchitectureSummary(
        total_params=sum(layer.params for layer in layers),
        values_per_layer=tuple(layer.values for layer in layers),
        input_shape=input_shape,
        last_map_shape=last_map_shape,
        spatial_shrink=(input_shape[0] * input_shape[1]) / (last_map_shape[0] * last_map_shape[1]),
        depth_growth=last_map_shape[2] / input_shape[2],
        heaviest_layer=max(layers, key=lambda layer: layer.params),
        busiest_layer=max(layers, key=lambda layer: layer.multiply_adds),
        total_multiply_adds=sum(layer.multiply_adds for layer in layers),
    )
