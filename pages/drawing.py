"""Drawing that every page shares: number grids, outlines, crisp enlarging, rows of maps.

The colours come from `core.colours` (one table for signed maps, one for maps from 0 up); this
module only lays out pictures and charts, so no page keeps a second copy of any of them.
"""

from __future__ import annotations

import functools

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont

from core import colours

#: The colour every page marks "this one" with: the current window, the zoom block, the square
#: the network is shown.
HIGHLIGHT = "#e8590c"
HIGHLIGHT_RGB = (232, 89, 12)


# --------------------------------------------------------------------------------------------
# Words for numbers
# --------------------------------------------------------------------------------------------


def number(value: float) -> str:
    """A number as people read it: 765, 226.667, −0.25, 1.2e+06 (never "-0")."""
    value = float(value) + 0.0
    if value == round(value) and abs(value) < 1e9:
        return f"{value:,.0f}".replace("-", "−")
    return f"{value:,.6g}".replace("-", "−")


def shape_text(shape: tuple[int, ...]) -> str:
    """(126, 126, 8) → "126 × 126 × 8"."""
    return " × ".join(f"{n:,}" for n in shape)


def plural(count: int, word: str) -> str:
    """3, "row" → "3 rows"; 1, "row" → "1 row"."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------


def heatmap(
    values: np.ndarray,
    *,
    colorscale: str | list = "gray",
    zmin: float | None = 0,
    zmax: float | None = 255,
    show_values: bool = False,
    value_format: str = "d",
    height: int | None = None,
    hover_label: str = "value",
) -> go.Figure:
    """A heatmap of a 2-D array drawn the way pictures are: row 0 at the top, square pixels.

    Hovering shows row, column and value. ``show_values`` prints the number in every cell; use it
    only for small grids (per-cell text is slow to draw).
    """
    rows = values.shape[0]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            texttemplate=f"%{{z:{value_format}}}" if show_values else None,
            hovertemplate=f"row %{{y}}, column %{{x}}<br>{hover_label} %{{z}}<extra></extra>",
            showscale=False,
        )
    )
    figure.update_yaxes(autorange="reversed", scaleanchor="x", constrain="domain", showgrid=False)
    figure.update_xaxes(constrain="domain", showgrid=False, side="top")
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=height or min(620, max(260, 18 * rows + 60)),
        dragmode=False,
    )
    return figure


def outline(figure: go.Figure, top: int, left: int, rows: int, cols: int, **line) -> None:
    """Frame a block of cells of a grid chart (``rows`` × ``cols`` from ``top``, ``left``), in
    the highlight colour unless ``line`` says otherwise."""
    figure.add_shape(
        type="rect",
        x0=left - 0.5,
        x1=left + cols - 0.5,
        y0=top - 0.5,
        y1=top + rows - 0.5,
        line={"color": HIGHLIGHT, "width": 4, **line},
    )


# --------------------------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------------------------


@functools.cache
def _cell_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)  # Pillow's bundled font: works offline


def numbers_picture(
    values: np.ndarray,
    *,
    cell: int = 34,
    value_format: str = "{:.0f}",
    outline: tuple[int, int, int, int] | None = None,
) -> np.ndarray:
    """Draw a small gray grid as a picture with each cell's number printed in it.

    One image is far cheaper for a browser to redraw than a chart with hundreds of text labels,
    so this is what slider-driven views show. Cells are shaded by value (0 black, 255 white) and
    the number is printed in black or white, whichever reads better. ``outline`` = (top, left,
    height, width) draws an orange frame around a block of cells.
    """
    values = np.asarray(values, dtype=np.float64)
    rows, cols = values.shape
    shade = np.clip(np.rint(values), 0, 255).astype(np.uint8)
    canvas = Image.fromarray(enlarge(shade, cell * max(rows, cols))).convert("RGB")
    scale = canvas.width // cols
    draw = ImageDraw.Draw(canvas)
    font = _cell_font(max(8, int(scale * 0.36)))
    for row in range(rows):
        for col in range(cols):
            text = value_format.format(values[row, col])
            centre = (col * scale + scale / 2, row * scale + scale / 2)
            ink = (0, 0, 0) if shade[row, col] > 140 else (255, 255, 255)
            draw.text(centre, text, fill=ink, font=font, anchor="mm")
    for position in range(1, max(rows, cols)):  # thin grid lines between cells
        draw.line([(position * scale, 0), (position * scale, rows * scale)], fill=(128, 128, 128))
        draw.line([(0, position * scale), (cols * scale, position * scale)], fill=(128, 128, 128))
    if outline is not None:
        top, left, height, width = outline
        box = [left * scale, top * scale, (left + width) * scale - 1, (top + height) * scale - 1]
        draw.rectangle(box, outline=(232, 89, 12), width=max(2, scale // 8))
    return np.asarray(canvas)


def outline_block(
    image: np.ndarray, top: int, left: int, height: int, width: int, *, target: int = 512
) -> np.ndarray:
    """Enlarge a small gray picture and frame one block of its pixels in orange."""
    canvas = Image.fromarray(enlarge(image, target)).convert("RGB")
    scale = canvas.width // image.shape[1]
    box = [left * scale, top * scale, (left + width) * scale - 1, (top + height) * scale - 1]
    ImageDraw.Draw(canvas).rectangle(box, outline=(232, 89, 12), width=3)
    return np.asarray(canvas)


def enlarge(image: np.ndarray, target: int = 240) -> np.ndarray:
    """Blow a tiny picture up with crisp square pixels so it can be seen (nearest neighbour)."""
    scale = max(1, target // max(image.shape[:2]))
    # each pixel repeated down and across: what np.kron with a block of ones gives, faster
    return np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)


def image_width(image: np.ndarray, width: int) -> int | str:
    """``width`` for ``st.image``, unless scaling down to it would leave no row at all.

    Streamlit shrinks a picture wider than ``width`` before sending it, rounding its height
    down: a 1024 × 1 picture (a 4000 × 3 upload) would become 0 pixels high and raise. Such a
    sliver is sent as it is and the browser fits it to the column instead.
    """
    if image.shape[1] > width and image.shape[0] * width < image.shape[1]:
        return "content"
    return width


def with_margin(picture: np.ndarray, margin: int) -> np.ndarray:
    """An RGBA copy with ``margin`` transparent pixels left and right, so pictures drawn side by
    side do not touch (a row of pictures has no gap of its own)."""
    rgb = np.repeat(picture[..., np.newaxis], 3, axis=2) if picture.ndim == 2 else picture
    opaque = np.dstack([rgb, np.full(rgb.shape[:2], 255, dtype=rgb.dtype)])
    return np.pad(opaque, ((0, 0), (margin, margin), (0, 0)))


def picture_row(
    target, pictures: list[np.ndarray], captions: list[str], *, side: int, margin: int = 8
) -> None:
    """Draw pictures or coloured maps side by side, each enlarged with crisp pixels to about
    ``side`` wide. One element for all of them (every element costs browser time when a
    fragment reruns), as PNG: crisp squares, which JPEG would smear."""
    framed = [with_margin(enlarge(picture, side), margin) for picture in pictures]
    width = max(picture.shape[1] for picture in framed)
    target.image(framed, caption=captions, width=width, output_format="PNG")


def filters_picture(kernels: np.ndarray, width: int) -> np.ndarray:
    """A layer's (k, k, 1, n) filters side by side on one colour scale (the signed table), a
    white column of zeros between them, enlarged to about ``width`` pixels."""
    count = kernels.shape[-1]
    spaced = np.concatenate(
        [np.pad(kernels[..., 0, i], ((0, 0), (0, 1))) for i in range(count)], axis=1
    )
    return enlarge(colours.signed_colours(spaced[:, :-1]), width)
