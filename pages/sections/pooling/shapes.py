"""Narrower and deeper: the shapes, weights and multiply-adds of the face model and VGG-19,
layer by layer, computed from each layer's recipe (`core.architecture`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import architecture, metadata
from core.architecture import LayerShape
from pages.common import times
from pages.drawing import HIGHLIGHT, shape_text
from pages.headings import section_heading, subheading
from pages.presenter import as_slide, next_slide

# Plotly charts get a fixed width: a chart that stretches to its column is redrawn by the browser
# whenever any fragment of the page reruns, which slows every slider on the page.
CHART_WIDTH = 460  # a chart in half a row

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
    names = [layer.name for layer in layers]
    maps = [layer for layer in layers if len(layer.output_shape) == 3]
    shape_figure = go.Figure(
        [
            go.Scatter(
                x=[m.name for m in maps],
                y=[m.output_shape[0] for m in maps],
                name="side (height)",
                mode="lines+markers",
                line={"color": "#1c7ed6", "width": 3},
            ),
            go.Scatter(
                x=[m.name for m in maps],
                y=[m.output_shape[2] for m in maps],
                name="depth (maps)",
                mode="lines+markers",
                line={"color": HIGHLIGHT, "width": 3},
            ),
        ]
    )
    counts_figure = go.Figure(
        [
            go.Bar(
                x=names,
                y=[layer.values for layer in layers],
                name="numbers out",
                marker_color="#1c7ed6",
            ),
            go.Bar(
                x=names,
                y=[layer.params for layer in layers],
                name="weights and biases",
                marker_color=HIGHLIGHT,
            ),
            go.Bar(
                x=names,
                y=[layer.multiply_adds for layer in layers],
                name="multiply-adds",
                marker_color="#7f7f7f",
            ),
        ]
    )
    for figure, chart_title, axis_title in (
        (shape_figure, "Side and depth of each stack of maps", "pixels / maps"),
        (counts_figure, "Per picture: numbers out, multiply-adds; and what is learned", "count"),
    ):
        figure.update_layout(
            title={"text": chart_title, "font": {"size": 14}},
            height=380,
            margin={"l": 10, "r": 10, "t": 60, "b": 10},
            legend={"orientation": "h", "y": 1.08},
            yaxis={"type": "log", "title": f"{axis_title} (log scale)"},
            xaxis={"tickangle": -60},
        )
    largest = max(max(m.output_shape[0], m.output_shape[2]) for m in maps)
    shape_figure.update_yaxes(  # powers of two: every 2 × 2 pooling halves the side
        tickvals=[2**power for power in range(int(np.log2(largest)) + 2)]
    )
    counts_figure.update_yaxes(dtick=1)  # 1, 10, 100, …: one label per power of ten
    shape_column, counts_column = st.columns(2)
    shape_column.plotly_chart(shape_figure, key=f"{key}_shapes", width=CHART_WIDTH)
    counts_column.plotly_chart(counts_figure, key=f"{key}_counts", width=CHART_WIDTH)
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
