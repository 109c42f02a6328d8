"""Narrower and deeper: the shapes, weights and multiply-adds of the face model and VGG-19,
layer by layer, computed from each layer's recipe (`core.architecture`)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core import architecture, metadata
from core.architecture import LayerShape
from pages.common import times
from pages.drawing import HIGHLIGHT, shape_text
from pages.headings import section_heading, subheading
from pages.instant import Chart, ChartLine, View, static_view
from pages.presenter import as_slide, next_slide

# The charts are drawn by the browser from numbers (`pages.instant.Chart`). As Plotly charts, these
# four were redrawn by the browser whenever any fragment of the page reran: letting go of the
# pooling window's stride settled in 83 ms with them and in 68 ms without.
CHART_WIDTH, CHART_HEIGHT = 520, 400  # drawn in half a row, scaled to fit it
#: Its two or three series of bars take this share of the room of each layer.
BARS_SHARE = 0.75
BLUE, GRAY = "#1c7ed6", "#7f7f7f"
#: Powers of ten on a log scale of counts, as they are written (1, 10, 100, 1k, …, 100G).
SI_PREFIXES = ("", "k", "M", "G", "T")

INTRO = (
    "A CNN repeats convolution (many kernels at once: the stack of maps gets **deeper**) and "
    "pooling (each map gets **narrower**). Throughout, the numbers keep their 2-D layout, so the "
    "network always knows which positions are neighbours; only at the very end are they "
    "flattened into one line for the decision. Here are the shapes, layer by layer, computed "
    "from each layer's recipe."
)


@as_slide("shapes")
def draw() -> tuple[list[LayerShape], list[LayerShape] | None]:
    """The section; returns VGG-19's layers and the face model's (None without its record)."""
    section_heading("Narrower and deeper")
    st.markdown(INTRO)
    face_layers, face_problem = _face_model_layers()
    if face_problem:
        st.warning(face_problem, icon=":material/warning:")
    elif face_layers is None:
        st.info(
            "The app's own face model has not been trained yet, so only VGG-19 is shown. Once it "
            "has been trained, its layers appear here too.",
            icon=":material/hourglass_empty:",
        )
    else:
        _architecture_view("The app's face model", face_layers, "pooling_face")
    next_slide("shapes-vgg")
    vgg = _vgg19()
    _architecture_view("VGG-19", vgg, "pooling_vgg")
    st.caption(_vgg_try_this(vgg))
    return vgg, face_layers


@st.cache_data(max_entries=1, show_spinner=False)
def _vgg19() -> list[LayerShape]:
    return architecture.vgg19_layers()


def _face_model_layers() -> tuple[list[LayerShape] | None, str | None]:
    """The face model's layers from its metadata file, or None and why not."""
    if not (metadata.models_folder() / metadata.METADATA_FILENAME).is_file():
        return None, None
    try:
        return architecture.layers_from_metadata(metadata.read_metadata()), None
    except ValueError as error:  # MetadataError too
        return None, f"The face model's description could not be read: {error}"


def _blocks(layers: list[LayerShape]) -> dict[str, list[LayerShape]]:
    """Layers grouped by block ("block3_conv2" is in "block3"); a layer without one alone."""
    grouped: dict[str, list[LayerShape]] = {}
    for layer in layers:
        grouped.setdefault(layer.name.split("_")[0], []).append(layer)
    return grouped


def _busiest(layers: list[LayerShape]) -> str:
    """Where the multiply-adds are: the block (or blocks, if tied) doing the most, and its share."""
    work = {
        name: sum(layer.multiply_adds for layer in group) for name, group in _blocks(layers).items()
    }
    most = max(work.values())
    busiest = [name for name, amount in work.items() if amount == most]
    total = sum(work.values())
    each = " each" if len(busiest) > 1 else ""
    return f"{' and '.join(busiest)} ({most:,}{each}, {most / total:.0%} of them{each})"


def _architecture_view(title: str, layers: list[LayerShape], key: str) -> None:
    summary = architecture.summarise(layers)
    start, last = summary.input_shape, summary.last_map_shape
    heaviest = summary.heaviest_layer
    subheading(title)
    st.markdown(
        f"{title} takes a {shape_text(start)} picture ({layers[0].values:,} numbers). After its "
        f"last pooling the stack is {shape_text(last)}: {times(start[0] / last[0])} times "
        f"narrower on each side ({times(summary.spatial_shrink)} times fewer positions) and "
        f"{times(summary.depth_growth)} times deeper. **The picture gets smaller, the stack gets "
        f"deeper.** It learns {summary.total_params:,} parameters (weights and biases); the "
        f"heaviest layer, {heaviest.name}, holds {heaviest.params:,} of them "
        f"({heaviest.params / summary.total_params:.0%}). Pooling and flattening learn none, so "
        f"they have no orange bar. One picture costs {summary.total_multiply_adds:,} "
        f"multiply-adds, most of them in {_busiest(layers)}."
    )
    shape_column, counts_column = st.columns(2)
    with shape_column:
        static_view(f"{key}_shapes", _shape_view(layers))
    with counts_column:
        static_view(f"{key}_counts", _counts_view(layers))
    names = [layer.name for layer in layers]
    # Drawn only while open: a closed expander's table would still cost every fragment rerun.
    table = st.expander(f"{title}: every layer", key=f"{key}_layers", on_change="rerun")
    if table.open:
        table.dataframe(
            pd.DataFrame(
                {
                    "layer": names,
                    "kind": [layer.kind for layer in layers],
                    "output shape": [shape_text(layer.output_shape) for layer in layers],
                    "numbers out": [layer.values for layer in layers],
                    "multiply-adds": [layer.multiply_adds for layer in layers],
                    "weights and biases": [layer.params for layer in layers],
                }
            ),
            hide_index=True,
            key=f"{key}_table",
        )


def _shape_view(layers: list[LayerShape]) -> View:
    """The side and the depth of each stack of maps, on a log scale of powers of two (every
    2 × 2 pooling halves the side: one step down)."""
    maps = [layer for layer in layers if len(layer.output_shape) == 3]
    series = {
        "side (height)": ([m.output_shape[0] for m in maps], BLUE),
        "depth (maps)": ([m.output_shape[2] for m in maps], HIGHLIGHT),
    }
    highest = math.ceil(math.log2(max(max(values) for values, _ in series.values())))
    lowest = math.floor(math.log2(min(min(values) for values, _ in series.values())))
    chart = Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        x_range=(-0.5, len(maps) - 0.5),
        y_range=(lowest - 0.3, highest + 0.3),
        x_title="stack of maps, after each layer",
        y_title="pixels / maps (log scale)",
        lines=tuple(
            ChartLine(
                x=tuple(range(len(maps))),
                y=tuple(math.log2(value) for value in values),
                colour=colour,
                name=name,
                width=3,
                markers=7,
            )
            for name, (values, colour) in series.items()
        ),
        legend=True,
        x_labels=tuple(enumerate(m.name for m in maps)),
        y_labels=tuple((power, f"{2**power:,}") for power in range(lowest, highest + 1)),
        x_labels_slanted=True,
        caption="; ".join(f"{m.name}: {shape_text(m.output_shape)}" for m in maps),
    )
    return View(paragraphs=("**Side and depth of each stack of maps**",), charts=(chart,))


def _counts_view(layers: list[LayerShape]) -> View:
    """Per layer, the numbers it puts out and the multiply-adds it does for one picture, and
    the weights and biases it learns, as bars on a log scale of powers of ten (a count of 0, a
    pooling layer's weights, has no bar)."""
    series = {
        "numbers out": ([layer.values for layer in layers], BLUE),
        "weights and biases": ([layer.params for layer in layers], HIGHLIGHT),
        "multiply-adds": ([layer.multiply_adds for layer in layers], GRAY),
    }
    highest = math.ceil(math.log10(max(max(values) for values, _ in series.values())))
    bottom = -0.3  # a count of 1 still shows a stub of a bar
    room = BARS_SHARE / len(series)  # of the x axis, per bar
    bar_pixels = max(1.5, room * (CHART_WIDTH - 100) / len(layers))  # ~100 pixels of margins
    lines = []
    for number, (name, (values, colour)) in enumerate(series.items()):
        offset = (number - (len(series) - 1) / 2) * room
        bars = [(index, value) for index, value in enumerate(values) if value > 0]
        lines += [
            ChartLine(
                x=(index + offset, index + offset),
                y=(bottom, math.log10(value)),
                colour=colour,
                name="" if position else name,  # the legend names each series once
                width=bar_pixels,
            )
            for position, (index, value) in enumerate(bars)
        ]
    chart = Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        x_range=(-0.5, len(layers) - 0.5),
        y_range=(bottom, highest + 0.2),
        x_title="layer",
        y_title="count (log scale)",
        lines=tuple(lines),
        legend=True,
        x_labels=tuple(enumerate(layer.name for layer in layers)),
        y_labels=tuple((power, _power_of_ten(power)) for power in range(highest + 1)),
        x_labels_slanted=True,
        caption="; ".join(
            f"{layer.name}: {layer.values:,} numbers out, {layer.params:,} weights and biases, "
            f"{layer.multiply_adds:,} multiply-adds"
            for layer in layers
        ),
    )
    return View(
        paragraphs=("**Per picture: numbers out, multiply-adds; and what is learned**",),
        charts=(chart,),
    )


def _power_of_ten(power: int) -> str:
    """10 ** ``power`` as a tick of a log scale writes it: 1, 10, 100, 1k, 10k, …"""
    return f"{10 ** (power % 3)}{SI_PREFIXES[power // 3]}"


def _vgg_try_this(layers: list[LayerShape]) -> str:
    """Where VGG-19 keeps its numbers, does its arithmetic and holds its weights, in words
    computed from its layers."""
    widest = max(layers[1:], key=lambda layer: layer.values)
    heaviest = architecture.summarise(layers).heaviest_layer
    count = len(layers) - 1  # the layers after the input

    def place(layer: LayerShape) -> str:
        return f"layer {layers.index(layer)} of {count}"

    return (
        f"Try this: open *VGG-19: every layer*. {widest.name} ({place(widest)}) outputs the most "
        f"numbers ({widest.values:,} per picture: the most memory); the multiply-adds pile up in "
        f"{_busiest(layers)}; and {heaviest.name} ({place(heaviest)}) holds the most weights and "
        f"biases ({heaviest.params:,})."
    )
