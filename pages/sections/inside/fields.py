"""How far a cell sees: pick a layer and a cell of its map, and see the window of the picture it
depends on (its receptive field), computed from the layers' kernel sizes and strides."""

from __future__ import annotations

import streamlit as st

from core import colours, model
from core.model import FaceModel
from pages.drawing import plural
from pages.headings import section_heading
from pages.instant import EncodedViews, View, encode_views, instant_sliders
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH, Look
from pages.sections.inside.controls import choice, numbered
from pages.sections.inside.settings import MAP_LAYERS

PICTURE_SIDE = 225  # display side of the network's input with the window drawn on it
MAP_SIDE = 300  # display side of the chosen layer's map of cells


def _fields(network: FaceModel) -> dict[str, model.ReceptiveField]:
    return {layer: model.receptive_field(network, layer) for layer in MAP_LAYERS}


@as_slide("fields")
def draw(look: Look) -> None:
    """The section: layer, cell (click or sliders), the window it sees, and every layer's size."""
    section_heading("How far a cell sees")
    st.markdown(
        "Every cell of a layer's map is computed from a small window of the layer before, and "
        "that from a window of the one before: follow it back and each cell depends on one "
        "square of the 25 × 25 picture, its **receptive field**. Pick a layer and a cell, by "
        "clicking the map or with the sliders."
    )
    _chosen_cell(look)
    fields = _fields(look.network)
    st.markdown(
        "\n".join(
            f"- {name}: each cell sees {each.size} × {each.size} pixels"
            for name, each in fields.items()
        )
    )
    st.markdown(_growth(look.network, fields))


@st.fragment
def _chosen_cell(look: Look) -> None:
    """The layer, and the cell sliders answered in the browser (`pages.instant`), a click on
    the map included."""
    layer = choice(st, "Layer", "field_layer", MAP_LAYERS)
    cells = _fields(look.network)[layer].cells
    instant_sliders(
        "inside_cell_view",
        [
            numbered("cell_row", "Cell: row", cells),
            numbered("cell_col", "Cell: column", cells),
        ],
        _cell_views(look.network, look.picture.key, look.box_key, layer, look),
    )


def _cell_view(look: Look, field: model.ReceptiveField, row: int, col: int) -> View:
    """The chosen cell on its layer's map, the window of the picture it sees, and in words."""
    layer = field.layer
    (top, bottom), (left, right) = field.window(row - 1), field.window(col - 1)
    rows_seen, cols_seen = bottom - top + 1, right - left + 1
    clipped = (rows_seen, cols_seen) != (field.size, field.size)
    values = look.outputs[layer].mean(axis=-1)
    return View(
        paragraphs=(
            f"Cell ({row}, {col}) of {layer} sees rows {top + 1} to {bottom + 1} and columns "
            f"{left + 1} to {right + 1}: **{rows_seen} × {cols_seen} pixels**"
            + (
                f" (a full window is {field.size} × {field.size}; this one runs off the edge)."
                if clipped
                else "."
            )
            + f" Neighbouring cells of {layer} look {plural(field.jump, 'pixel')} apart.",
        ),
        # both at the network's own size: the browser enlarges them with square pixels
        pictures=(colours.unsigned_colours(values), look.gray_input),
        captions=(
            f"{layer}'s {field.cells} × {field.cells} map for this picture (the mean of its "
            f"maps, {colours.UNSIGNED_WORDS}); the orange square is the chosen cell. Click a "
            "cell to choose it.",
            f"The picture the network is given; the orange square is what cell ({row}, {col}) "
            f"of {layer} sees",
        ),
        widths=(MAP_SIDE, PICTURE_SIDE),
        frames=((row - 1, col - 1, 1, 1), (top, left, rows_seen, cols_seen)),
        pick=(0, 1),
    )


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=NETWORK_HASH)
def _cell_views(
    network: FaceModel, key: str, box: tuple[int, int, int], layer: str, _look: Look
) -> EncodedViews:
    """Every cell of ``layer`` for one look, so the cell sliders answer in the browser."""
    field = _fields(network)[layer]
    cells = range(1, field.cells + 1)
    return encode_views(
        {(row, col): _cell_view(_look, field, row, col) for row in cells for col in cells}
    )


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
