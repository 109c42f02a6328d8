"""Activation functions: bending every number of a feature map on its own, and their slopes;
the α of PReLU and ELU answered in the browser as its slider moves (`pages.instant`)."""

from __future__ import annotations

import dataclasses
import io
import math

import numpy as np
import streamlit as st
from PIL import Image, ImageDraw, ImageFont

from core import activations, colours
from pages.common import ChosenKernel, Picture
from pages.drawing import HIGHLIGHT_RGB, picture_row, shape_text
from pages.headings import section_heading
from pages.instant import EncodedViews, InstantSlider, View, encode_views, instant_sliders
from pages.presenter import as_slide
from pages.sections.pooling.feature import DISPLAY_SIDE, feature_map, small_png
from pages.sections.pooling.settings import (
    ELU_ALPHAS,
    PRELU_ALPHAS,
    PoolingSettings,
    activation_name,
)

CURVE_SIZE = (560, 340)  # the chart of a function and its slope, in three fifths of a row
CURVE_MARGINS = (46, 14, 40, 46)  # left, right, top, bottom: ticks, legend, the axis title
CURVE_SUPERSAMPLE = 2  # the chart is drawn this many times as large, then shrunk: smooth lines
FUNCTION_INK = colours.SIGNED_STOPS[1]  # the function: a blue of core's signed table
GRID_INK, AXIS_INK, TICK_INK = (232, 232, 232), (150, 150, 150), (80, 80, 80)
ALPHA_SLIDERS = {  # the activations that take an α, and its slider
    name: InstantSlider(
        PoolingSettings.key(f"{name}_alpha"),
        "α",
        options,
        PoolingSettings.default(f"{name}_alpha"),
        labels=tuple(f"{option:.{places}f}" for option in options),
    )
    for name, options, places in (("prelu", PRELU_ALPHAS, 2), ("elu", ELU_ALPHAS, 1))
}

ACTIVATION_NOTES = {
    "identity": "It changes nothing, so a network built only from it is one big weighted sum.",
    "binary_step": "Its slope is 0 everywhere, so training gets no hint which way to move a "
    "weight: that is why networks stopped using it.",
    "logistic": "It squashes every number into 0…1; its slope is small far from 0, which slows "
    "down learning in deep networks.",
    "tanh": "Like the logistic but centred on 0, from −1 to 1.",
    "arctan": "Like tanh, but it flattens out more slowly.",
    "relu": "Negatives become 0, positives pass unchanged: cheap, and its slope is 1 for every "
    "positive number, so deep networks train well. Most CNNs use it.",
    "prelu": "A ReLU that keeps a small slope α for negatives, so they are damped, not erased.",
    "elu": "Smooth for negatives, levelling off at −α; positives pass unchanged.",
    "softplus": "A smooth ReLU: its slope is the logistic function.",
}

INTRO = (
    "An activation function takes each number of a feature map on its own and bends it. Why "
    "bother? Without a bend, two layers in a row are still one weighted sum (a convolution of a "
    "convolution is just another convolution), so stacking more layers would add nothing. The "
    "bend between layers is what lets a deep network build complicated features out of simple "
    "ones. The **slope** (derivative) matters too: training follows it to decide how to change "
    "each weight.\n\n"
    "*Try this:* compare ReLU with PReLU and drag α: the negatives are no longer zeroed, only "
    "made smaller."
)


@as_slide("activation-functions")
def draw(picture: Picture, kernel: ChosenKernel) -> None:
    """The section: why networks bend their numbers, then one function at work on the map."""
    section_heading("Activation functions: bending the numbers")
    st.markdown(INTRO)
    _lab(picture, kernel)


def _nice_step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about five ticks over ``span``."""
    rough = span / 5
    power = 10 ** math.floor(math.log10(rough))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= rough)


def _tick_text(value: float) -> str:
    return f"{value:g}"  # a hyphen for minus: Pillow's bundled font has no "−"


def curve_range(activation: activations.Activation, options: dict[str, float]) -> tuple:
    """The x values of the chart (−5 to 5), the function and its slope there, and the lowest
    and highest y the chart shows (a little beyond both curves)."""
    x = np.linspace(-5.0, 5.0, 401)
    curves = (activation.function(x, **options), activation.derivative(x, **options))
    low = min(float(curve.min()) for curve in curves)
    high = max(float(curve.max()) for curve in curves)
    pad = max(high - low, 1.0) * 0.06
    return x, curves, low - pad, high + pad


def curve_pixel(x: float, y: float, low: float, high: float) -> tuple[float, float]:
    """Where the point (x, y) is drawn in the chart picture (column, row), for y from ``low``
    to ``high`` (:func:`curve_range`)."""
    width, height = CURVE_SIZE
    left, right, top, bottom = CURVE_MARGINS
    across = (x + 5.0) / 10.0 * (width - left - right) + left
    return across, (high - y) / (high - low) * (height - top - bottom) + top


def curve_picture(activation: activations.Activation, options: dict[str, float]) -> np.ndarray:
    """The function and its slope from x = −5 to 5 as a chart picture: the function as a solid
    blue line, the slope as a dashed orange one, a legend above and round ticks (drawn
    :data:`CURVE_SUPERSAMPLE` times as large and shrunk, so the lines are smooth)."""
    scale = CURVE_SUPERSAMPLE
    width, height = CURVE_SIZE
    left = CURVE_MARGINS[0]
    x, curves, low, high = curve_range(activation, options)
    canvas = Image.new("RGB", (width * scale, height * scale), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=12 * scale)

    def at(x_value: float, y_value: float) -> tuple[float, float]:
        across, down = curve_pixel(x_value, y_value, low, high)
        return across * scale, down * scale

    y_step = _nice_step(high - low)
    for tick in np.arange(math.ceil(low / y_step) * y_step, high, y_step):
        tick = round(float(tick), 10) + 0.0
        draw.line([at(-5, tick), at(5, tick)], fill=GRID_INK, width=scale)
        x0, y0 = at(-5, tick)
        draw.text((x0 - 6 * scale, y0), _tick_text(tick), fill=TICK_INK, font=font, anchor="rm")
    for tick in range(-4, 5, 2):
        draw.line([at(tick, low), at(tick, high)], fill=GRID_INK, width=scale)
        x0, y0 = at(tick, low)
        draw.text((x0, y0 + 6 * scale), _tick_text(tick), fill=TICK_INK, font=font, anchor="mt")
    if low < 0 < high:
        draw.line([at(-5, 0), at(5, 0)], fill=AXIS_INK, width=scale)
    draw.line([at(0, low), at(0, high)], fill=AXIS_INK, width=scale)
    draw.text(
        (width * scale / 2, (height - 8) * scale),
        "x (a number of the feature map)",
        fill=TICK_INK,
        font=font,
        anchor="ms",
    )
    function_points = [at(a, b) for a, b in zip(x, curves[0], strict=True)]
    slope_points = [at(a, b) for a, b in zip(x, curves[1], strict=True)]
    for start in range(0, len(slope_points) - 1, 6):  # dashes: 4 steps drawn, 2 left out
        draw.line(slope_points[start : start + 5], fill=HIGHLIGHT_RGB, width=2 * scale)
    draw.line(function_points, fill=FUNCTION_INK, width=3 * scale, joint="curve")
    legend_y = 16 * scale
    entries = [
        (f"{activation.name}(x)", FUNCTION_INK, False),
        ("slope (derivative)", HIGHLIGHT_RGB, True),
    ]
    across = left * scale
    for label, ink, dashed in entries:
        if dashed:
            for dash in range(3):
                start = across + dash * 10 * scale
                draw.line(
                    [(start, legend_y), (start + 6 * scale, legend_y)], fill=ink, width=2 * scale
                )
        else:
            draw.line(
                [(across, legend_y), (across + 26 * scale, legend_y)], fill=ink, width=3 * scale
            )
        across += 32 * scale
        draw.text((across, legend_y), label, fill=TICK_INK, font=font, anchor="lm")
        across += draw.textlength(label, font=font) + 24 * scale
    return np.asarray(canvas.resize((width, height), Image.Resampling.LANCZOS))


@st.cache_data(max_entries=64, show_spinner=False)
def _curve_png(name: str, alpha: float | None) -> bytes:
    """The chart of one activation (with its α), as a PNG with a palette (lossy only in the
    shades of the smoothed edges): the same for every picture, so cached on its own."""
    options = {} if alpha is None else {"alpha": alpha}
    picture = Image.fromarray(curve_picture(activations.ACTIVATIONS[name], options))
    buffer = io.BytesIO()
    picture.quantize(64, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


@st.cache_data(max_entries=16, show_spinner=False)
def _alpha_views(
    key: str, weights: np.ndarray, kernel_name: str, name: str, _before: np.ndarray
) -> EncodedViews:
    """Every α the slider of activation ``name`` offers, once per picture and kernel, so the
    slider answers in the browser."""
    views = {}
    for alpha in ALPHA_SLIDERS[name].options:
        view = _activation_view(name, alpha, kernel_name, _before)
        chart, bent = view.pictures
        views[alpha,] = dataclasses.replace(view, pictures=(chart, small_png(bent)))
    return encode_views(views)


def _activation_view(name: str, alpha: float | None, kernel_name: str, before: np.ndarray) -> View:
    """The words, the chart and the bent feature map of one activation (and α)."""
    activation = activations.ACTIVATIONS[name]
    options = {} if alpha is None else {"alpha": alpha}
    formula = activation.formula
    if options:
        formula = formula.replace("α", f"α (= {alpha:g})")
    after = activation.function(before, **options)
    negatives = int(np.count_nonzero(before < 0))
    zeroed = activations.count_zeroed(before, after)
    return View(
        paragraphs=(
            f"**{activation.name}**: f(x) = {formula}. {ACTIVATION_NOTES[name]}",
            f"Of the {before.size:,} numbers of the feature map, {negatives:,} "
            f"({negatives / before.size:.1%}) are negative. {activation.name} set "
            f"**{zeroed:,} values ({zeroed / before.size:.1%}) to 0**.",
        ),
        pictures=(_curve_png(name, alpha), colours.map_colours(after)),
        captions=(
            f"{activation.name}(x) (solid blue) and its slope (dashed orange), for x from −5 to 5",
            f"The feature map of {kernel_name} after {activation.name}: "
            f"{shape_text(after.shape)}, from {after.min():.2f} to {after.max():.2f} "
            f"({colours.map_words(after)})",
        ),
        widths=(CURVE_SIZE[0], DISPLAY_SIDE),
    )


@st.fragment
def _lab(picture: Picture, kernel: ChosenKernel) -> None:
    name = st.pills(
        "Activation function",
        list(activations.ACTIVATIONS),
        default=PoolingSettings.default("activation"),
        format_func=activation_name,
        required=True,
        key=PoolingSettings.key("activation"),
        bind="query-params",
        persist_state="session",
    )
    before = feature_map(picture, kernel.weights)
    if name in ALPHA_SLIDERS:
        views = _alpha_views(picture.key, kernel.weights, kernel.name, name, before)
        instant_sliders(f"pooling_alpha_{name}_view", [ALPHA_SLIDERS[name]], views)
        return
    view = _activation_view(name, None, kernel.name, before)  # no slider: drawn here
    for paragraph in view.paragraphs:
        st.markdown(paragraph)
    chart_column, map_column = st.columns([3, 2])
    chart_column.image(view.pictures[0], caption=view.captions[0], width=CURVE_SIZE[0])
    picture_row(map_column, [view.pictures[1]], [view.captions[1]], side=DISPLAY_SIDE)
