"""Layer shapes and parameter counts: VGG-19 against its published total, the face metadata."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.architecture import (
    LayerShape,
    conv2d_params,
    dense_params,
    layers_from_metadata,
    summarise,
    vgg19_layers,
)

#: Simonyan & Zisserman (2015), and keras.applications.VGG19().count_params().
PUBLISHED_VGG19_PARAMS = 143_667_240


# --------------------------------------------------------------------------------------------
# Parameter formulas
# --------------------------------------------------------------------------------------------


def test_conv2d_params_known_values() -> None:
    assert conv2d_params(3, 3, 64) == 1_792  # VGG block1_conv1
    assert conv2d_params(3, 64, 64) == 36_928  # VGG block1_conv2
    assert conv2d_params((3, 3), 1, 8) == 80  # a face-CNN first layer: 9 weights + 1 bias each
    assert conv2d_params((3, 5), 2, 4, bias=False) == 120


def test_dense_params_known_values() -> None:
    assert dense_params(7 * 7 * 512, 4096) == 102_764_544  # VGG fc1
    assert dense_params(10, 2, bias=False) == 20


@settings(deadline=None, max_examples=50)
@given(kernel=st.integers(1, 7), channels=st.integers(1, 64), filters=st.integers(1, 64))
def test_a_convolution_is_a_dense_layer_on_each_patch(kernel: int, channels: int, filters: int):
    # Each filter sees one kernel×kernel×channels patch: the same weights as a dense layer on it.
    for bias in (True, False):
        assert conv2d_params(kernel, channels, filters, bias=bias) == dense_params(
            kernel * kernel * channels, filters, bias=bias
        )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conv2d_params(0, 3, 8), "kernel_height must be a whole number of at least 1"),
        (lambda: conv2d_params((3, 3, 3), 3, 8), r"kernel_size must be one number or \(height"),
        (lambda: conv2d_params(3, 3, 2.5), "filters must be a whole number"),
        (lambda: dense_params(0, 10), "inputs must be a whole number"),
        (lambda: dense_params(10, True), "units must be a whole number"),
    ],
)
def test_parameter_formulas_reject_bad_counts(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------------------------
# VGG-19
# --------------------------------------------------------------------------------------------


def test_vgg19_total_is_the_published_count() -> None:
    assert sum(layer.params for layer in vgg19_layers()) == PUBLISHED_VGG19_PARAMS


def test_vgg19_layer_structure() -> None:
    layers = vgg19_layers()
    kinds = [layer.kind for layer in layers]
    assert kinds.count("conv") == 16
    assert kinds.count("pool") == 5
    assert layers[0] == LayerShape("input", "input", (224, 224, 3), 0)
    pools = [layer for layer in layers if layer.kind == "pool"]
    assert [pool.output_shape for pool in pools] == [
        (112, 112, 64),
        (56, 56, 128),
        (28, 28, 256),
        (14, 14, 512),
        (7, 7, 512),
    ]
    assert [layer.output_shape for layer in layers[-5:]] == [
        (25_088,),
        (4096,),
        (4096,),
        (1000,),
        (1000,),
    ]
    assert [layer.kind for layer in layers[-5:]] == [
        "flatten",
        "dense",
        "dense",
        "dense",
        "softmax",
    ]
    assert all(layer.kernel_size == (3, 3) for layer in layers if layer.kind == "conv")
    assert len({layer.name for layer in layers}) == len(layers)


def test_vgg19_summary_states_narrower_and_deeper() -> None:
    summary = summarise(vgg19_layers())
    assert summary.total_params == PUBLISHED_VGG19_PARAMS
    assert summary.input_shape == (224, 224, 3)
    assert summary.last_map_shape == (7, 7, 512)
    assert summary.spatial_shrink == 1024.0  # 224·224 positions per 7·7 one
    assert summary.depth_growth == pytest.approx(512 / 3)
    assert summary.heaviest_layer.name == "fc1"
    assert summary.heaviest_layer.params == 102_764_544
    assert summary.values_per_layer[0] == 224 * 224 * 3
    assert summary.values_per_layer[1] == 224 * 224 * 64  # the widest point: 3.2 million values
    assert max(summary.values_per_layer) == summary.values_per_layer[1]


# --------------------------------------------------------------------------------------------
# Face-model metadata
# --------------------------------------------------------------------------------------------


def small_face_metadata() -> dict:
    return {
        "input_shape": [25, 25, 1],
        "layers": [
            {
                "name": "conv1",
                "type": "Conv2D",
                "output_shape": [23, 23, 8],
                "params": 80,
                "kernel_size": [3, 3],
            },
            {"name": "pool1", "type": "MaxPooling2D", "output_shape": [11, 11, 8], "params": 0},
            {"name": "flatten", "type": "Flatten", "output_shape": [968], "params": 0},
            {"name": "dropout", "type": "Dropout", "output_shape": [968], "params": 0},
            {"name": "scores", "type": "Dense", "output_shape": [2], "params": 1938},
            {"name": "noise", "type": "GaussianNoise", "output_shape": [2], "params": 0},
        ],
    }


def test_layers_from_metadata_puts_the_input_first() -> None:
    layers = layers_from_metadata(small_face_metadata())
    assert layers == [
        LayerShape("input", "input", (25, 25, 1), 0),
        LayerShape("conv1", "conv", (23, 23, 8), 80, (3, 3), 23 * 23 * 8 * 3 * 3 * 1),
        LayerShape("pool1", "pool", (11, 11, 8), 0),
        LayerShape("flatten", "flatten", (968,), 0),
        LayerShape("dropout", "dropout", (968,), 0),
        LayerShape("scores", "dense", (2,), 1938, multiply_adds=968 * 2),
        LayerShape("noise", "other", (2,), 0),
    ]
    # The counts in the metadata agree with the formulas for this small model.
    assert layers[1].params == conv2d_params(3, 1, 8)
    assert layers[5].params == dense_params(11 * 11 * 8, 2)
    summary = summarise(layers)
    assert summary.total_params == 80 + 1938
    assert summary.last_map_shape == (11, 11, 8)
    assert summary.spatial_shrink == pytest.approx(625 / 121)
    assert summary.depth_growth == 8.0


def without(meta: dict, key: str, *, layer: int | None = None) -> dict:
    if layer is None:
        del meta[key]
    else:
        del meta["layers"][layer][key]
    return meta


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (without(small_face_metadata(), "input_shape"), "missing 'input_shape' at the top level"),
        (without(small_face_metadata(), "layers"), "missing 'layers' at the top level"),
        (
            without(small_face_metadata(), "params", layer=0),
            r"missing 'params' for layer 1 \(conv1",
        ),
        (without(small_face_metadata(), "type", layer=2), r"missing 'type' for layer 3 \(flatten"),
        (
            without(small_face_metadata(), "output_shape", layer=1),
            r"missing 'output_shape' for layer 2 \(pool1",
        ),
        (without(small_face_metadata(), "name", layer=4), r"missing 'name' for layer 5 \(unnamed"),
        ({"input_shape": [25, 25, 1], "layers": []}, "'layers' must be a non-empty list"),
        ({"input_shape": [25, 25, 1], "layers": ["conv"]}, "Layer 1 .* not a JSON object"),
        ([1, 2], "must be a JSON object; got list"),
        (
            {"input_shape": [None, 25, 25, 1], "layers": small_face_metadata()["layers"]},
            "without the batch axis",
        ),
        (
            {
                "input_shape": [25, 25, 1],
                "layers": [{"name": "c", "type": "Conv2D", "output_shape": [0, 3], "params": 1}],
            },
            "Layer 'c': the output shape must be a tuple of positive whole numbers",
        ),
        (
            {
                "input_shape": [25, 25, 1],
                "layers": [{"name": "c", "type": "Conv2D", "output_shape": [3], "params": -1}],
            },
            "Layer 'c': params must be a whole number ≥ 0",
        ),
    ],
)
def test_layers_from_metadata_explains_what_is_missing(meta, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        layers_from_metadata(meta)


def test_summarise_rejects_unusable_layer_lists() -> None:
    with pytest.raises(ValueError, match="no layers"):
        summarise([])
    with pytest.raises(ValueError, match=r"first layer must be a \(height, width, channels\)"):
        summarise([LayerShape("input", "input", (10,), 0)])


def test_layer_shape_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind must be one of input, conv"):
        LayerShape("x", "convolution", (3, 3, 1), 0)


def test_multiply_adds_match_a_direct_count():
    """VGG-19's 19.6 billion multiply-adds per picture (its published ~19.6 GFLOPs), and the
    first convolution counted weight use by weight use."""
    layers = vgg19_layers()
    first = layers[1]
    assert first.multiply_adds == 224 * 224 * 64 * (3 * 3 * 3)
    assert summarise(layers).total_multiply_adds == 19_632_062_464
    assert all(layer.multiply_adds == 0 for layer in layers if layer.kind in ("pool", "flatten"))
