"""Small grids of numbers as charts (a picture, a kernel or an output with every value printed),
and the same as pictures for views the browser swaps in at once, with the shaded border of a
padded picture."""

from __future__ import annotations

import functools

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont

from core import colours
from pages.drawing import HIGHLIGHT_RGB, heatmap, number


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


# --------------------------------------------------------------------------------------------
# The same grids as pictures, for views the browser swaps in at once (`pages.instant`)
# --------------------------------------------------------------------------------------------

BORDER_TINT = (120, 170, 255)  # the shaded border of a padded grid, laid over its cells
BORDER_TINT_ALPHA = 0.45
BORDER_FRAME = (28, 126, 214)  # the dotted frame around the real picture (#1c7ed6)
_AXIS_INK = (73, 80, 87)


@functools.cache
def _cell_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)  # Pillow's bundled font: works offline


def _printable(text: str) -> str:
    """A number as the bundled font can print it (it has no minus sign, U+2212)."""
    return text.replace("\u2212", "-")


def cell_colours(values: np.ndarray, *, diverging: bool = False) -> np.ndarray:
    """Each cell's colour as :func:`grid` shades it: gray from 0 (black) to 255 (white), or
    core's signed table symmetric around 0."""
    if diverging:
        return colours.signed_colours(values)
    shade = np.clip(np.rint(values), 0, 255).astype(np.uint8)
    return np.repeat(shade[..., np.newaxis], 3, axis=2)


def grid_picture(
    values: np.ndarray,
    *,
    diverging: bool = False,
    origin: tuple[int, int] = (0, 0),
    cell: int = 34,
    numbers: bool = True,
    border: int = 0,
    outlines: tuple[tuple[int, int, int, int], ...] = (),
) -> np.ndarray:
    """What :func:`grid` draws, as one RGB picture: cells shaded as it shades them, each
    number printed as it prints them, the row and column numbers along the top and left
    (counted from ``origin``, negative for a border), a ``border`` cells wide shaded (a light
    blue laid over its cells, the real picture inside a dotted blue frame), and ``outlines``
    (top, left, rows, cols, counted as the axes are) framed in the highlight colour, as
    :func:`pages.drawing.outline` frames them."""
    values = np.asarray(values, dtype=np.float64)
    rows, cols = values.shape
    top, left = origin
    margin = max(14, cell * 2 // 3)  # room for the row and column numbers
    cells = np.kron(cell_colours(values, diverging=diverging), np.ones((cell, cell, 1), np.uint8))
    canvas = Image.new("RGB", (margin + cols * cell, margin + rows * cell), (255, 255, 255))
    canvas.paste(Image.fromarray(cells), (margin, margin))
    draw = ImageDraw.Draw(canvas, "RGBA")

    def box(row: int, col: int, height: int, width: int) -> list[int]:
        x, y = margin + (col - left) * cell, margin + (row - top) * cell
        return [x, y, x + width * cell - 1, y + height * cell - 1]

    if border:
        tint = (*BORDER_TINT, round(255 * BORDER_TINT_ALPHA))
        inner = box(0, 0, rows - 2 * border, cols - 2 * border)
        for strip in (
            [margin, margin, margin + cols * cell - 1, inner[1] - 1],
            [margin, inner[3] + 1, margin + cols * cell - 1, margin + rows * cell - 1],
            [margin, inner[1], inner[0] - 1, inner[3]],
            [inner[2] + 1, inner[1], margin + cols * cell - 1, inner[3]],
        ):
            draw.rectangle(strip, fill=tint)
    if numbers:
        font = _cell_font(max(8, int(cell * 0.36)))
        for row in range(rows):
            for col in range(cols):
                text = _printable(number(round(values[row, col], 3)))
                fitted = font
                if draw.textlength(text, font=font) > cell - 4:  # a long number: smaller print
                    fitted = _cell_font(
                        max(6, int(cell * 0.36 * (cell - 4) / draw.textlength(text, font=font)))
                    )
                red, green, blue = canvas.getpixel(
                    (margin + col * cell + 1, margin + row * cell + 1)
                )
                ink = (0, 0, 0) if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else (255,) * 3
                centre = (margin + col * cell + cell / 2, margin + row * cell + cell / 2)
                draw.text(centre, text, fill=ink, font=fitted, anchor="mm")
    axis_font = _cell_font(max(9, int(min(cell, margin) * 0.45)))
    for col in range(cols):
        at = (margin + col * cell + cell / 2, margin / 2)
        draw.text(at, _printable(number(left + col)), fill=_AXIS_INK, font=axis_font, anchor="mm")
    for row in range(rows):
        at = (margin / 2, margin + row * cell + cell / 2)
        draw.text(at, _printable(number(top + row)), fill=_AXIS_INK, font=axis_font, anchor="mm")
    if border:
        _dotted_rectangle(draw, box(0, 0, rows - 2 * border, cols - 2 * border), BORDER_FRAME)
    for outline_top, outline_left, height, width in outlines:
        draw.rectangle(
            box(outline_top, outline_left, height, width),
            outline=HIGHLIGHT_RGB,
            width=max(3, cell // 9),
        )
    return np.asarray(canvas)


def _dotted_rectangle(draw: ImageDraw.ImageDraw, box: list[int], fill: tuple[int, ...]) -> None:
    x0, y0, x1, y1 = box
    for start in range(x0, x1, 6):
        for y in (y0, y0 + 1, y1 - 1, y1):
            draw.line([(start, y), (min(start + 2, x1), y)], fill=fill)
    for start in range(y0, y1, 6):
        for x in (x0, x0 + 1, x1 - 1, x1):
            draw.line([(x, start), (x, min(start + 2, y1))], fill=fill)
