"""Small grids of numbers as charts: a picture, a kernel or an output with every value printed,
and the shaded border of a padded picture."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core import colours
from pages.drawing import heatmap, number


def _labels(values: np.ndarray) -> list[list[str]]:
    """Each cell's number as text, written as the rest of the page writes numbers."""
    return [[number(round(v, 3)) for v in row] for row in values]


def grid(
    values: np.ndarray,
    *,
    diverging: bool = False,
    origin: tuple[int, int] = (0, 0),
    height: int | None = None,
    numbers: bool = True,
    hover_label: str = "value",
) -> go.Figure:
    """A small grid drawn with its numbers; `origin` is the (row, column) of its top-left cell,
    negative for a border. Diverging grids are coloured symmetrically around 0."""
    if diverging:
        limit = float(np.abs(values).max()) or 1.0  # all zeros: any symmetric range will do
        figure = heatmap(
            values,
            colorscale=colours.SIGNED_PLOTLY,
            zmin=-limit,
            zmax=limit,
            height=height,
            hover_label=hover_label,
        )
    else:
        figure = heatmap(values, height=height, hover_label=hover_label)
    top, left = origin
    rows, cols = values.shape
    figure.update_traces(x=np.arange(left, left + cols), y=np.arange(top, top + rows))
    if numbers:
        figure.update_traces(text=_labels(values), texttemplate="%{text}")
    figure.update_xaxes(dtick=1 if cols <= 16 else None)
    figure.update_yaxes(dtick=1 if rows <= 16 else None)
    return figure


def fade_border(figure: go.Figure, image_shape: tuple[int, int], pad: int) -> None:
    """Tint the border cells of a padded grid and frame the real picture inside."""
    if pad == 0:
        return
    rows, cols = image_shape
    x0, x1, y0, y1 = -pad - 0.5, cols + pad - 0.5, -pad - 0.5, rows + pad - 0.5
    for strip in (
        (x0, x1, y0, -0.5),
        (x0, x1, rows - 0.5, y1),
        (x0, -0.5, -0.5, rows - 0.5),
        (cols - 0.5, x1, -0.5, rows - 0.5),
    ):
        figure.add_shape(
            type="rect",
            x0=strip[0],
            x1=strip[1],
            y0=strip[2],
            y1=strip[3],
            line={"width": 0},
            fillcolor="rgba(120, 170, 255, 0.45)",
            layer="above",
        )
    figure.add_shape(
        type="rect",
        x0=-0.5,
        x1=cols - 0.5,
        y0=-0.5,
        y1=rows - 0.5,
        line={"color": "#1c7ed6", "width": 2, "dash": "dot"},
    )
