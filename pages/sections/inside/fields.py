"""How far a cell sees: pick a layer and a cell of its map, and see the window of the picture it
depends on (its receptive field), computed from the layers' kernel sizes and strides."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import colours, model
from core.model import FaceModel
from pages.drawing import HIGHLIGHT_RGB, outline_block, plural
from pages.presenter import as_slide
from pages.sections.face.network import Look
from pages.sections.inside.controls import choice, numbered
from pages.sections.inside.settings import MAP_LAYERS, InsideSettings

PICTURE_SIDE = 225  # display side of the network's input with the window drawn on it
MAP_KEY = "inside_field_map"  # the clickable map of the chosen layer


def _fields(network: FaceModel) -> dict[str, model.ReceptiveField]:
    return {layer: model.receptive_field(network, layer) for layer in MAP_LAYERS}


def _on_click() -> None:
    """A clicked cell of the map becomes the chosen one."""
    points = st.session_state[MAP_KEY].selection.points
    if points:
        st.session_state[InsideSettings.key("cell_col")] = int(points[0]["x"])
        st.session_state[InsideSettings.key("cell_row")] = int(points[0]["y"])


@as_slide("fields")
def draw(look: Look) -> None:
    """The section: layer, cell (click or sliders), the window it sees, and every layer's size."""
    st.header("How far a cell sees", divider="gray")
    st.markdown(
        "Every cell of a layer's map is computed from a small window of the layer before, and "
        "that from a window of the one before: follow it back and each cell depends on one "
        "square of the 25 × 25 picture, its **receptive field**. Pick a layer and a cell, by "
        "clicking the map or with the sliders."
    )
    _chosen_cell(look)
    st.markdown(_growth(look.network, _fields(look.network)))


@st.fragment
def _chosen_cell(look: Look) -> None:
    """The controls and what they change (a fragment: choosing a cell redraws only this)."""
    fields = _fields(look.network)
    field = fields[choice(st, "Layer", "field_layer", MAP_LAYERS)]
    layer = field.layer
    row_column, col_column = st.columns(2)
    row = numbered(row_column, "Cell: row", "cell_row", field.cells)
    col = numbered(col_column, "Cell: column", "cell_col", field.cells)
    (top, bottom), (left, right) = field.window(row - 1), field.window(col - 1)
    values = look.outputs[layer].mean(axis=-1)
    map_column, picture_column, words_column = st.columns([4, 3, 3])
    with map_column:
        st.plotly_chart(
            _cell_map(values, row, col),
            key=MAP_KEY,
            on_select=_on_click,
            selection_mode="points",
        )
        st.caption(
            f"{layer}'s {field.cells} × {field.cells} map for this picture (the mean of its "
            f"maps, {colours.UNSIGNED_WORDS}); the orange square is the chosen cell."
        )
    picture_column.image(
        outline_block(
            look.gray_input, top, left, bottom - top + 1, right - left + 1, target=PICTURE_SIDE
        ),
        width=PICTURE_SIDE,
        caption=f"The picture the network is given; the orange square is what cell ({row}, "
        f"{col}) of {layer} sees",
    )
    rows_seen, cols_seen = bottom - top + 1, right - left + 1
    clipped = (rows_seen, cols_seen) != (field.size, field.size)
    words_column.markdown(
        f"Cell ({row}, {col}) of {layer} sees rows {top + 1} to {bottom + 1} and columns "
        f"{left + 1} to {right + 1}: **{rows_seen} × {cols_seen} pixels**"
        + (
            f" (a full window is {field.size} × {field.size}; this one runs off the edge)."
            if clipped
            else "."
        )
        + f" Neighbouring cells of {layer} look {field.jump} pixel"
        + ("s" if field.jump != 1 else "")
        + " apart.\n\n"
        + "\n".join(
            f"- {name}: each cell sees {each.size} × {each.size} pixels"
            for name, each in fields.items()
        )
    )


def _cell_map(values: np.ndarray, row: int, col: int) -> go.Figure:
    """One square marker per cell (clickable), coloured by value, the chosen one outlined."""
    cells = values.shape[0]
    rows, cols = np.mgrid[1 : cells + 1, 1 : cells + 1]
    figure = go.Figure(
        go.Scatter(
            x=cols.ravel(),
            y=rows.ravel(),
            mode="markers",
            marker={
                "symbol": "square",
                "size": max(8, 260 // cells),
                "color": values.ravel(),
                "colorscale": colours.UNSIGNED_PLOTLY,
                "cmin": 0,
            },
            hovertemplate="row %{y}, column %{x}: %{marker.color:.3f}<extra></extra>",
        )
    )
    figure.add_shape(
        type="rect",
        x0=col - 0.5,
        x1=col + 0.5,
        y0=row - 0.5,
        y1=row + 0.5,
        line={"color": f"rgb{HIGHLIGHT_RGB}", "width": 3},
    )
    figure.update_xaxes(range=[0.4, cells + 0.6], showgrid=False, zeroline=False, title="column")
    figure.update_yaxes(
        range=[cells + 0.6, 0.4], showgrid=False, zeroline=False, title="row", scaleanchor="x"
    )
    figure.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, dragmode=False)
    return figure


def _growth(network: FaceModel, fields: dict[str, model.ReceptiveField]) -> str:
    """How the window grows, from the layers' own kernels and strides."""
    geometry = {layer.layer: layer for layer in model.layer_geometry(network)}
    conv, pool = geometry[MAP_LAYERS[0]], geometry[MAP_LAYERS[1]]
    first, last = fields[MAP_LAYERS[0]].size, fields[MAP_LAYERS[-1]].size
    return (
        f"The window grows from {first} × {first} to {last} × {last}: a {conv.kernel} × "
        f"{conv.kernel} convolution adds {plural(conv.kernel - 1, 'step')} of the layer before, "
        f"and a {pool.kernel} × {pool.kernel} pooling adds {plural(pool.kernel - 1, 'step')} and "
        "multiplies the "
        f"step by {pool.stride}. That is how a deep layer can answer for a whole eye or mouth "
        f"while each of its filters is only {conv.kernel} × {conv.kernel}."
    )
