"""What the network sees: every layer's maps for the square, and the first layer's filters."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import colours, model
from core.metadata import INPUT_SIDE
from core.model import FaceModel
from pages.drawing import filters_picture, numbers_picture
from pages.headings import section_heading, subheading
from pages.instant import EncodedViews, View, encode_views, static_view
from pages.presenter import as_slide, next_slide
from pages.sections.face.network import NETWORK_HASH, Look, layer_label, layer_name
from pages.sections.face.pictures import mosaic

CONVOLUTION_PATH = "pages/convolution.py"
FILTER_SIDE = 200  # display side of one filter and of its map (the weights show at their own size)
MAPS_VIEW = "face_maps_view"  # every layer's maps of the square, drawn by the browser
FILTER_VIEW = "face_filter_view"  # one filter, its weights and its map, drawn by the browser


@as_slide("sees")
def draw(look: Look) -> None:
    """The section: the maps, the shapes, then the filters and one filter up close."""
    section_heading("What the network sees")
    side = INPUT_SIDE
    network = look.network
    outputs = look.outputs
    maps = {name: outputs[name] for name in network.feature_map_layers}
    shapes = [f"{side} × {side} × 1"] + [
        f"{m.shape[0]} × {m.shape[1]} × {m.shape[2]}" for m in maps.values()
    ]
    st.markdown(
        "Each convolution layer slides its own small filters over the picture and makes one map "
        "per filter; each pooling layer keeps the largest value of every 2 × 2 block. After ReLU "
        f"no value is below 0, so the maps are drawn {colours.UNSIGNED_WORDS} of the layer: "
        f"yellow means the filter found its pattern there. Every map of a layer is drawn at the "
        "same size, so you can see the pixels get coarser."
    )
    st.markdown(f"**Shapes:** {' → '.join(shapes)}. {_shape_changes(network, outputs)}")
    static_view(MAPS_VIEW, _maps_view(network, look.picture.key, look.box_key, look))
    st.caption(
        "Try this: pick the Chelsea sample above (a cat) and compare its maps with the "
        "astronaut's. In which layer do the two pictures look least alike?"
    )

    next_slide("sees-filters")
    subheading("The filters it made itself")
    kernels = _first_layer_kernels(network)
    size, _, _, filter_count = kernels.shape
    st.markdown(
        f"The first layer has **{filter_count} filters of {size} × {size} weights**. Nobody typed "
        "these numbers: training started from random ones and nudged them after every batch of "
        f"{network.metadata['training']['batch_size']} pictures, until the answers came out "
        "right. They are the same kind of kernel you can set by hand on the convolution page."
    )
    st.image(
        filters_picture(kernels, 8 * 92),
        caption=f"All {filter_count} filters of the first layer, on one colour scale: red weights "
        "are positive, blue negative, white about 0",
    )
    _filter_details(kernels, maps[network.feature_map_layers[0]])
    st.page_link(
        CONVOLUTION_PATH,
        label="Make your own filters on the Convolution page",
        icon=":material/blur_on:",
    )


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _maps_view(
    network: FaceModel, key: str, box: tuple[int, int, int], _look: Look
) -> EncodedViews:
    """Every layer's maps of one square as one browser view, encoded once per square: letting
    go of the square redraws one element, not a picture per layer the browser fetches."""
    pictures, captions = [], []
    for name in network.feature_map_layers:
        layer_maps = _look.outputs[name]
        rows, cols, count = layer_maps.shape
        pictures.append(mosaic(layer_maps))
        captions.append(
            f"{layer_label(name)}: {count} maps of {rows} × {cols} "
            f"(largest value {float(layer_maps.max()):.2f}, drawn yellow)"
        )
    return encode_views(
        {
            (): View(
                paragraphs=(),
                pictures=tuple(pictures),
                captions=tuple(captions),
                widths=tuple(picture.shape[1] for picture in pictures),
            )
        }
    )


def _shape_changes(network: FaceModel, outputs: dict) -> str:
    """What the conv and pool layers do to the shapes, read from the layers themselves,
    including the rows a pooling drops."""
    convs, pools, drops = set(), set(), []
    side = network.input_shape[0]
    for geometry in model.layer_geometry(network):
        after = outputs[geometry.layer].shape[0]
        if geometry.layer in network.pooling_layers:
            pools.add(f"divides the side by {geometry.stride} and keeps the depth")
            if side % geometry.stride:
                drops.append(
                    f"{layer_name(geometry.layer)} drops the last row and column ({side} → "
                    f"{after}: they fill no whole {geometry.kernel} × {geometry.kernel} block)"
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


@st.cache_data(max_entries=2, show_spinner=False, hash_funcs=NETWORK_HASH)
def _first_layer_kernels(network: FaceModel) -> np.ndarray:
    return model.first_layer_kernels(network)


@st.fragment
def _filter_details(kernels: np.ndarray, conv_maps: np.ndarray) -> None:
    size, _, _, filter_count = kernels.shape
    number = st.segmented_control(
        "Look closer at one filter",
        list(range(1, filter_count + 1)),
        default=1,
        key="face_filter",
        required=True,
        persist_state="session",
    )
    weights = kernels[..., 0, number - 1]
    numbers = numbers_picture(weights, cell=66, value_format="{:+.2f}")
    static_view(  # one browser element: the square's let go redraws it, not three pictures
        FILTER_VIEW,
        View(
            paragraphs=(),
            pictures=(
                colours.signed_colours(weights, limit=float(np.abs(kernels).max())),
                numbers,
                colours.unsigned_colours(conv_maps[..., number - 1]),
            ),
            captions=(
                f"Filter {number} as a picture",
                f"Filter {number}: its {size * size} weights",
                f"What it finds in your picture: a {conv_maps.shape[0]} × {conv_maps.shape[1]} "
                f"map (after ReLU; {colours.UNSIGNED_WORDS})",
            ),
            widths=(FILTER_SIDE, numbers.shape[1], FILTER_SIDE),  # the numbers unscaled
        ),
    )
