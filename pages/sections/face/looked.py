"""Where it looked: hide and see (occlusion) and Grad-CAM, side by side, on the network's input."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import colours, convolution, images, model
from core.metadata import INPUT_SIDE
from core.model import FaceModel, GradCam
from pages.headings import section_heading, subheading
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    static_view,
    steps_around,
    wanted_slider,
)
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH, Look, layer_label
from pages.sections.face.pictures import overlay
from pages.sections.face.settings import MAX_STRIDE, FaceSettings

MAP_SIDE = 250  # display side of the occlusion and Grad-CAM overlays
OCCLUSION_VIEW = "face_occlusion_view"  # the patch and stride sliders and their maps
#: Grad-CAM and the sanity check, each one browser view: the square's let go redraws every
#: element of its fragment, and a picture element costs the browser more than a view.
GRAD_CAM_VIEW, SANITY_VIEW = "face_grad_cam_view", "face_sanity_view"

INTRO = (
    "Which parts of the picture does the answer rest on? Two ways to ask the network. **Hide and "
    "see:** cover one small patch of the picture with a flat gray square of the picture's own "
    "average brightness (so the patch is not itself a dark or bright mark), ask again, and note "
    "how much P(face) drops; do that for every position. **Grad-CAM:** follow the answer back "
    "into the last convolution layer and light up the places whose maps pushed the score for "
    "“face” up."
)


@as_slide("looked")
def draw(look: Look) -> None:
    """The section: the two maps and what each says."""
    section_heading("Where it looked")
    st.markdown(INTRO)
    looked_occlusion, looked_cam = st.columns(2)
    with looked_occlusion:
        _hide_and_see(look)
    with looked_cam:
        static_view(
            GRAD_CAM_VIEW, _grad_cam_view(look.network, look.picture.key, look.box_key, look)
        )
    st.caption(
        "Try this: on a face, make the patch about as big as an eye (5 to 7) and see which parts "
        "matter most. Then raise the stride: fewer positions, a blockier map, a faster answer."
    )
    _sanity_check(look)


def _cam_overlay(gray: np.ndarray, cam: GradCam) -> np.ndarray:
    """A Grad-CAM map over the network's input, at its 25 × 25 pixels (the browser enlarges
    it with square pixels)."""
    return overlay(gray, colours.unsigned_colours(cam.picture, limit=1), cam.picture)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _grad_cam(network: FaceModel, key: str, box: tuple[int, int, int], _network_input: np.ndarray):
    return model.grad_cam(network, _network_input)


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _grad_cam_view(
    network: FaceModel, key: str, box: tuple[int, int, int], _look: Look
) -> EncodedViews:
    """The Grad-CAM map of one square and what it says, encoded once (letting go of the square
    sends the same view again when it comes back)."""
    cam = _grad_cam(network, key, box, _look.network_input)
    return encode_views(
        {
            (): View(
                paragraphs=(),
                pictures=(_cam_overlay(images.as_rgb(_look.gray_input), cam),),
                captions=(
                    f"Grad-CAM on {layer_label(cam.field.layer)}: yellow where the evidence for "
                    "“face” is strongest, the plain picture where there is none",
                ),
                widths=(MAP_SIDE,),
                after=(_grad_cam_words(cam),),
            )
        }
    )


PATCH_SLIDER = InstantSlider(
    FaceSettings.key("occlusion_patch"),
    f"Patch size (pixels of the {INPUT_SIDE} × {INPUT_SIDE} picture)",
    tuple(range(1, INPUT_SIDE + 1)),
    FaceSettings.default("occlusion_patch"),
    help="The side of the flat square, at the picture's average brightness, that hides part "
    "of the picture.",
)
STRIDE_SLIDER = InstantSlider(
    FaceSettings.key("occlusion_stride"),
    "Stride (pixels between patch positions)",
    tuple(range(1, MAX_STRIDE + 1)),
    FaceSettings.default("occlusion_stride"),
    help="1 hides the patch at every position; larger steps skip positions, so the map gets "
    "blockier.",
)


def _occlusion_view(
    gray_input: np.ndarray, drops: np.ndarray, patch: int, stride: int, face_probability: float
) -> View:
    """One hide-and-see map with its caption and what it says."""
    row, col = np.unravel_index(int(drops.argmax()), drops.shape)
    spread = float(np.abs(drops).max())
    largest = float(drops.max())
    return View(
        paragraphs=(
            f"Hiding the pixels around row {row}, column {col} costs the most: P(face) drops by "
            f"**{largest:.3f}** on average there, from {face_probability:.3f}."
            if largest > 0
            else "No patch lowers P(face): hiding any part only makes it look more like a face.",
        ),
        # The map at the network's own size: the browser enlarges it with square pixels.
        pictures=(
            overlay(
                images.as_rgb(gray_input),
                convolution.display_image(drops),
                np.abs(drops) / spread if spread > 0 else np.zeros_like(drops),
            ),
        ),
        captions=(
            f"Hide and see, {patch} × {patch} patch, stride {stride}: red where hiding lowers "
            "P(face), blue where it raises it",
        ),
        widths=(MAP_SIDE,),
    )


OCCLUSION_SLIDERS = [PATCH_SLIDER, STRIDE_SLIDER]


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _occlusion_views(
    network: FaceModel,
    key: str,
    box: tuple[int, int, int],
    pairs: tuple[tuple[int, int], ...],
    _look: Look,
) -> EncodedViews:
    """The views of the (patch, stride) ``pairs`` for one square, their maps from one batch; a
    stride larger than the patch gets core's reason instead."""
    face_probability = float(_look.outputs[model.SOFTMAX_LAYER][network.face_index])
    refused = {}
    for patch, stride in pairs:
        try:
            model.check_occlusion(patch, stride, INPUT_SIDE)
        except ValueError as error:
            refused[patch, stride] = View(paragraphs=(), warning=str(error))
    maps = model.occlusion_maps(
        network, _look.network_input, [pair for pair in pairs if pair not in refused]
    )
    views = {
        pair: refused[pair]
        if pair in refused
        else _occlusion_view(_look.gray_input, maps[pair], *pair, face_probability)
        for pair in pairs
    }
    return encode_views(views)


@st.fragment
def _hide_and_see(look: Look) -> None:
    """The hide-and-see map and its sliders, answered in the browser (`pages.instant`, lazy
    views): the map of the patch and stride Python holds, and every step of the slider the
    person reaches for, the other where it is. A new square costs one map, not all of them."""
    held = held_values(OCCLUSION_VIEW, OCCLUSION_SLIDERS)
    network, key, box = look.network, look.picture.key, look.box_key
    views = _occlusion_views(network, key, box, (held,), look)
    wanted = wanted_slider(OCCLUSION_VIEW, OCCLUSION_SLIDERS)
    if wanted is not None:
        steps = tuple(steps_around(held, OCCLUSION_SLIDERS, wanted))
        views = _occlusion_views(network, key, box, steps, look) | views
    instant_sliders(
        OCCLUSION_VIEW,
        OCCLUSION_SLIDERS,
        views,
        lazy=f"{key}-{'-'.join(map(str, box))}-{network.fingerprint}",
    )


def _span(first: int, last: int) -> str:
    return f"{first}" if first == last else f"{first}–{last}"


def _grad_cam_words(cam: GradCam) -> str:
    """Where Grad-CAM is strongest and how coarse its map is, from the map's own geometry."""
    field, side = cam.field, cam.field.input_side
    strongest = cam.strongest_cell
    if strongest is None:
        return (
            f"Grad-CAM is dark everywhere: nothing in {layer_label(field.layer)} argues for “face” "
            "in this picture."
        )
    (row_first, row_last), (col_first, col_last) = (field.window(i) for i in strongest)
    first, last = field.covered
    unseen = [(0, first - 1)] if first > 0 else []
    unseen += [(last + 1, side - 1)] if last < side - 1 else []
    named = " or ".join(
        f"{kind}{'' if start == end else 's'} {_span(start, end)}"
        for kind in ("row", "column")
        for start, end in unseen
    )
    return (
        f"Strongest in the {layer_label(field.layer)} cell at row {strongest[0]}, column "
        f"{strongest[1]} of its "
        f"{field.cells} × {field.cells} map. That cell sees rows {_span(row_first, row_last)} and "
        f"columns {_span(col_first, col_last)} of the {side} × {side} picture. The map is coarse: "
        f"neighbouring cells are {field.jump} pixels apart and each sees a window of {field.size} "
        f"× {field.size} pixels, so each cell is drawn at the centre of its window and blended "
        "with its neighbours in between"
        + (f"; no cell sees {named}, so it stays plain there" if unseen else "")
        + ". On a network this small it is rough: hide and see asks the network directly."
    )


#: Words for how alike two maps are, by their rank correlation (at least the number given).
ALIKE_WORDS = ((0.7, "much alike"), (0.4, "partly alike"), (-1.0, "little alike"))


def _alike(correlation: float) -> str:
    return next(words for bound, words in ALIKE_WORDS if correlation >= bound)


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=NETWORK_HASH)
def _randomised(network: FaceModel, down_to: str) -> FaceModel:
    """The network with fresh random weights from the top layer down to ``down_to`` (shared)."""
    return model.randomised_copy(network, down_to)


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=NETWORK_HASH)
def _randomised_cams(
    network: FaceModel, key: str, box: tuple[int, int, int], _network_input: np.ndarray
) -> list[tuple[str, GradCam]]:
    steps = model.randomisation_steps(network)
    return [(step, model.grad_cam(_randomised(network, step), _network_input)) for step in steps]


def _sanity_check(look: Look) -> None:
    """Grad-CAM of the trained network beside the same map with its weights made random."""
    subheading("Does the map depend on what it learned?")
    st.markdown(
        "A sanity check (Adebayo et al., 2018): throw the learned weights away, layer by layer "
        "from the top, put random ones in their place, and draw Grad-CAM again. If the map "
        "hardly changes, it was showing the picture, not what the network learned. The number "
        "under each map is its rank correlation with the trained network's map (1: the same "
        "cells strongest, in the same order; 0: unrelated)."
    )
    static_view(SANITY_VIEW, _sanity_view(look.network, look.picture.key, look.box_key, look))


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=NETWORK_HASH)
def _sanity_view(
    network: FaceModel, key: str, box: tuple[int, int, int], _look: Look
) -> EncodedViews:
    """The trained map and the randomised ones of one square, with what the shipped network's
    measurement says, in one browser view encoded once."""
    cam = _grad_cam(network, key, box, _look.network_input)
    steps = _randomised_cams(network, key, box, _look.network_input)
    gray = images.as_rgb(_look.gray_input)
    maps = [("trained", cam)] + [
        ("random down to " + layer_label(step), randomised) for step, randomised in steps
    ]
    return encode_views(
        {
            (): View(
                paragraphs=(),
                pictures=tuple(_cam_overlay(gray, shown) for _, shown in maps),
                captions=tuple(
                    name
                    if shown is cam
                    else f"{name}: {model.rank_correlation(cam.cells, shown.cells):.2f}"
                    for name, shown in maps
                ),
                widths=(MAP_SIDE // 2,) * len(maps),
                after=_measured_words(network, cam),
            )
        }
    )


def _measured_words(network: FaceModel, cam: GradCam) -> tuple[str, ...]:
    """What the sanity check measured over the shipped network's test faces (nothing for a
    network without that record)."""
    check = network.metadata.get("sanity_check")
    if check is None:
        return ()
    steps = check["randomised_down_to"]
    medians = check["median_rank_correlation"]
    cascade = ", ".join(
        f"{'+ ' if index else ''}{layer_label(step)} {median:.2f}"
        for index, (step, median) in enumerate(zip(steps, medians, strict=True))
    )
    fully = medians[-1]
    sentences = [
        f"Measured over the {check['faces']} test faces of the shipped network (median rank "
        f"correlation with the trained map, layers made random from the top: {cascade}): with "
        f"every layer random the map is {_alike(fully)} the trained one"
        + (
            ", so the map does depend on the learned weights."
            if fully < ALIKE_WORDS[1][0]
            else ", so the map shows much of the picture itself, whatever the weights."
        )
    ]
    alike_above = [
        step
        for step, median in zip(steps, medians, strict=True)
        if step not in network.feature_map_layers and median >= ALIKE_WORDS[1][0]
    ]
    if alike_above:
        sentences.append(
            f"With {' and '.join(map(layer_label, alike_above))} random it stays partly alike: "
            f"Grad-CAM weighs {layer_label(cam.field.layer)}'s own maps, which are unchanged until "
            f"{layer_label(cam.field.layer)} itself "
            "is random."
        )
    return (" ".join(sentences),)
