"""One picture, many versions: every strength slider, and the versions of the picture they
draw, with what the dice decided for each.

The sliders answer in the browser (`pages.instant`, lazy views). Twelve sliders of 8 to 37
steps make far too many combinations to draw beforehand, so when the person reaches for a
slider the page draws the versions at each of its steps, every other slider where it is: each
version keeps its own dice (`core.augment`), so a step changes only what that slider changes.
Those are drawn from a small copy of the picture (`DRAG_SIDE`); the versions of the values let
go of, from the full `PREVIEW_SIDE` copy.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

from core import augment, images
from pages.common import Picture
from pages.headings import section_heading
from pages.instant import (
    EncodedViews,
    InstantSlider,
    View,
    encode_views,
    held_values,
    instant_sliders,
    steps_around,
    take_let_go,
    wanted_slider,
)
from pages.presenter import as_slide
from pages.sections.augmentation.draws import new_draw_button, numbered_mosaic
from pages.sections.augmentation.settings import (
    CONTROL_GROUPS,
    CONTROLS,
    VERSION_COUNTS,
    AugmentationPageSettings,
)
from pages.verbatim import cut

#: Versions are drawn from a square copy of the picture this many pixels wide: quick to warp.
PREVIEW_SIDE = 256
#: The steps of a slider are drawn from a copy this many pixels wide (3/8 of the full one), in
#: about a sixth of the time and of the bytes. The browser shows the smaller mosaic at the same
#: size, so its number strips and gaps are 3/8 of the full ones.
DRAG_SIDE = 96
STRIP, GAP = 24, 8  # the full mosaic's number strip and gap between versions, in pixels
FULL_QUALITY, DRAG_QUALITY = 85, 75  # JPEG qualities of the two mosaics
GRID_COLUMNS = 4
#: The mosaic's width at full size, in pixels: the browser narrows it to the page's column.
MOSAIC_WIDTH = GRID_COLUMNS * (PREVIEW_SIDE + GAP) + GAP
VIEW_KEY = "aug_versions"
ROTATION = next(control for control in CONTROLS if control.field == "rotation")

COUNT_SLIDER = InstantSlider(
    AugmentationPageSettings.key("count"),
    "Versions to draw",
    VERSION_COUNTS,
    AugmentationPageSettings.default("count"),
    help=f"A whole number of rows of {GRID_COLUMNS}.",
)
#: The sliders in the order they are drawn: how many versions, then every strength in its group.
SLIDERS = (
    COUNT_SLIDER,
    *(
        InstantSlider(
            control.key,
            control.label,
            control.options,
            control.default,
            help=control.help,
            labels=tuple(map(control.label_of, control.options)),
            group=group,
        )
        for group, controls in CONTROL_GROUPS.items()
        for control in controls
    ),
)
_NAMES = tuple(slider.name for slider in SLIDERS)
_BEND = _NAMES.index(next(c.key for c in CONTROLS if c.field == "elastic"))
_SMOOTHNESS = _NAMES.index(next(c.key for c in CONTROLS if c.field == "elastic_smoothness"))


@as_slide("versions")
def draw(picture: Picture) -> None:
    """The section: how the dice work, the original, the sliders beside the versions, and a
    try-this."""
    section_heading("One picture, many versions")
    words, original = st.columns([2.4, 1], gap="large", vertical_alignment="center")
    words.markdown(
        "Each slider on the left says how far one change *may* go. For every version the "
        "computer rolls dice within those limits: with "
        f"*{ROTATION.reading(augment.AugmentSettings())}*, one version may turn a little to the "
        "left and the next a lot to the right. Each version keeps its own dice, so moving one "
        "slider changes only that change and the rest stays put."
    )
    original.image(
        _square(picture.key, PREVIEW_SIDE, picture.rgb),
        caption=f"The original: the centre square of *{picture.shown_title}*",
        width=PREVIEW_SIDE // 2,
    )
    _versions(picture)
    st.caption(
        "Try this: press *Turn everything off*, then raise only *Noise*, step by step. At what "
        "strength would you stop recognising the picture?"
    )


def _set_sliders(settings: augment.AugmentSettings) -> None:
    take_let_go(VIEW_KEY, list(SLIDERS))  # a slider let go of just before: the button wins
    for control in CONTROLS:
        st.session_state[control.key] = control.on_slider(getattr(settings, control.field))


def _chosen(values: tuple[int | float, ...]) -> tuple[augment.AugmentSettings, int]:
    """The strengths and the number of versions the sliders' ``values`` stand for."""
    page = AugmentationPageSettings.from_state(dict(zip(_NAMES, values, strict=True)))
    return page.strengths(), page.count


@st.cache_data(max_entries=16, show_spinner=False)
def _square(key: str, side: int, _rgb: np.ndarray) -> np.ndarray:
    return images.resize_square(_rgb, side)


def _view(title: str, versions: list[augment.Augmented], seed: int, side: int) -> View:
    """The numbered mosaic of ``versions`` (drawn ``side`` pixels wide), and what each drew."""
    count, scale = len(versions), side / PREVIEW_SIDE
    mosaic = numbered_mosaic(
        [version.image for version in versions],
        GRID_COLUMNS,
        strip=round(STRIP * scale),
        gap=round(GAP * scale),
        quality=FULL_QUALITY if side == PREVIEW_SIDE else DRAG_QUALITY,
    )
    size = f"{side} × {side} pixels each" + ("" if side == PREVIEW_SIDE else " until you let go")
    return View(
        paragraphs=(
            f"**{count} versions** of the centre square of the picture, random draw number "
            f"{seed + 1}. Below them, by number: what the dice decided for each.",
        ),
        pictures=(mosaic,),
        captions=(f"{count} versions of the centre square of {cut(title)}, {size}, numbered",),
        widths=(MOSAIC_WIDTH,),
        numbered=tuple(augment.describe(version.params) for version in versions),
        photos=True,
    )


@st.cache_data(max_entries=32, show_spinner=False)
def _held_view(
    key: str, title: str, values: tuple[int | float, ...], seed: int, _rgb: np.ndarray
) -> EncodedViews:
    """The view of the values Python holds, at full size."""
    settings, count = _chosen(values)
    versions = augment.augment_variants(
        _square(key, PREVIEW_SIDE, _rgb), settings, count=count, seed=seed
    )
    return encode_views({values: _view(title, versions, seed, PREVIEW_SIDE)})


@st.cache_resource(max_entries=8, show_spinner=False)
def _slider_views(
    key: str, title: str, name: str, around: tuple[int | float, ...], seed: int, _rgb: np.ndarray
) -> EncodedViews:
    """The view of every step of slider ``name``, every other slider as in ``around`` (whose
    own entry for ``name`` is not read), drawn small."""
    index = _NAMES.index(name)
    small = _square(key, DRAG_SIDE, _rgb)
    steps = dict(
        zip(
            SLIDERS[index].options, steps_around(around, list(SLIDERS), SLIDERS[index]), strict=True
        )
    )
    if name == COUNT_SLIDER.name:  # the first versions do not depend on how many are drawn
        settings, _ = _chosen(around)
        most = augment.augment_variants(small, settings, count=VERSION_COUNTS[-1], seed=seed)
        versions = {values: most[:count] for count, values in steps.items()}
    else:
        versions = {}
        for values in steps.values():
            settings, count = _chosen(values)
            versions[values] = augment.augment_variants(small, settings, count=count, seed=seed)
    return encode_views(
        {values: _view(title, drawn, seed, DRAG_SIDE) for values, drawn in versions.items()}
    )


def _views(
    picture: Picture, values: tuple[int | float, ...], seed: int, wanted: InstantSlider | None
) -> EncodedViews:
    """The held values' view, and the views of every step of the slider the browser wants."""
    held = _held_view(picture.key, picture.title, values, seed, picture.rgb)
    if wanted is None:
        return held
    index = _NAMES.index(wanted.name)
    around = (*values[:index], wanted.default, *values[index + 1 :])  # one cache entry
    steps = _slider_views(picture.key, picture.title, wanted.name, around, seed, picture.rgb)
    return steps | held


@st.fragment
def _versions(picture: Picture) -> None:
    buttons = st.columns(4)
    buttons[0].button(
        "Turn everything off",
        key="aug_all_off",
        on_click=_set_sliders,
        args=(augment.NO_AUGMENTATION,),
        icon=":material/block:",
        width="stretch",
    )
    buttons[1].button(
        "Defaults",
        key="aug_defaults",
        on_click=_set_sliders,
        args=(augment.AugmentSettings(),),
        icon=":material/restart_alt:",
        width="stretch",
    )
    new_draw_button(buttons[2], "aug_new_draw", "aug_seed")
    _sliders_and_versions(picture)


@st.fragment
def _sliders_and_versions(picture: Picture) -> None:
    """The sliders and the versions they draw, a fragment of their own inside the section's:
    letting go of a slider redraws these, not the buttons above them."""
    values = held_values(VIEW_KEY, list(SLIDERS))
    sliders = list(SLIDERS)
    sliders[_SMOOTHNESS] = dataclasses.replace(sliders[_SMOOTHNESS], disabled=not values[_BEND])
    seed = st.session_state.get("aug_seed", 0)
    views = _views(picture, values, seed, wanted_slider(VIEW_KEY, sliders))
    drawn_from = repr((picture.key, picture.title, seed))  # all the views depend on besides
    instant_sliders(VIEW_KEY, sliders, views, beside=True, lazy=drawn_from)
