"""One picture, many versions: every strength slider, and the versions of the picture they
draw, with what the dice decided for each."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import augment, images
from pages.common import Picture
from pages.presenter import as_slide
from pages.sections.augmentation.draws import new_draw, numbered_list, numbered_mosaic
from pages.sections.augmentation.settings import (
    CONTROL_GROUPS,
    CONTROLS,
    VERSION_COUNTS,
    AugmentationPageSettings,
)

#: Previews are drawn from a square copy of the picture this many pixels wide: quick to warp.
PREVIEW_SIDE = 256
GRID_COLUMNS = 4
ROTATION = next(control for control in CONTROLS if control.field == "rotation")


@as_slide("versions")
def draw(picture: Picture) -> None:
    """The section: how the dice work, the sliders beside the versions, and a try-this."""
    st.header("One picture, many versions", divider="gray")
    st.markdown(
        "Each slider on the left says how far one change *may* go. For every version the "
        "computer rolls dice within those limits: with "
        f"*{ROTATION.reading(augment.AugmentSettings())}*, one version may turn a little to the "
        "left and the next a lot to the right. Each version keeps its own dice, so moving one "
        "slider changes only that change and the rest stays put."
    )
    _versions(picture)
    st.caption(
        "Try this: press *Turn everything off*, then raise only *Noise*, step by step. At what "
        "strength would you stop recognising the picture?"
    )


def _set_sliders(settings: augment.AugmentSettings) -> None:
    for control in CONTROLS:
        st.session_state[control.key] = control.on_slider(getattr(settings, control.field))


@st.cache_data(max_entries=8, show_spinner=False)
def _preview_picture(key: str, _rgb: np.ndarray) -> np.ndarray:
    return images.resize_square(_rgb, PREVIEW_SIDE)


@st.cache_data(max_entries=64, show_spinner=False)
def _picture_versions(
    key: str, settings: augment.AugmentSettings, count: int, seed: int, _rgb: np.ndarray
) -> tuple[bytes, list[str]]:
    """The versions as one numbered mosaic, and what each one drew."""
    versions = augment.augment_variants(
        _preview_picture(key, _rgb), settings, count=count, seed=seed
    )
    mosaic = numbered_mosaic([v.image for v in versions], GRID_COLUMNS)
    return mosaic, [augment.describe(v.params) for v in versions]


@st.fragment
def _versions(picture: Picture) -> None:
    controls, grid = st.columns([1, 2.4], gap="large")
    with controls:
        st.button(
            "Turn everything off",
            key="aug_all_off",
            on_click=_set_sliders,
            args=(augment.NO_AUGMENTATION,),
            icon=":material/block:",
            width="stretch",
        )
        st.button(
            "Defaults",
            key="aug_defaults",
            on_click=_set_sliders,
            args=(augment.AugmentSettings(),),
            icon=":material/restart_alt:",
            width="stretch",
        )
        for group, group_controls in CONTROL_GROUPS.items():
            st.markdown(f"**{group}**")
            for control in group_controls:
                low, high = control.limits
                st.slider(
                    control.label,
                    min_value=low,
                    max_value=high,
                    value=control.default,
                    step=control.step,
                    format=control.value_format,
                    help=control.help,
                    key=control.key,
                    bind="query-params",
                    persist_state="session",
                    disabled=control.field == "elastic_smoothness"
                    and not st.session_state.get("aug_elastic"),
                )
    settings = AugmentationPageSettings.from_state(st.session_state).strengths()
    with grid:
        original, count_column, draw_column = st.columns([1, 2.6, 1.7], vertical_alignment="bottom")
        preview = _preview_picture(picture.key, picture.rgb)
        original.image(preview, caption="The original", width="stretch")
        count = count_column.slider(
            "Versions to draw",
            min_value=VERSION_COUNTS[0],
            max_value=VERSION_COUNTS[-1],
            value=AugmentationPageSettings.default("count"),
            step=GRID_COLUMNS,
            key=AugmentationPageSettings.key("count"),
            bind="query-params",
            persist_state="session",
        )
        draw_column.button(
            "New random draw",
            key="aug_new_draw",
            on_click=new_draw,
            args=("aug_seed",),
            icon=":material/casino:",
            width="stretch",
        )
        seed = st.session_state.get("aug_seed", 0)
        mosaic, captions = _picture_versions(picture.key, settings, count, seed, picture.rgb)
        st.markdown(
            f"**{count} versions** of the centre square of *{picture.shown_title}*, scaled to "
            f"{PREVIEW_SIDE} × {PREVIEW_SIDE} pixels (random draw number {seed + 1}). Below "
            "them, by number: what the dice decided for each."
        )
        with st.container(key="aug_grid"):
            st.image(
                mosaic,
                caption=f"{count} versions of {picture.shown_title}, numbered",
                width="stretch",
            )
            st.caption(numbered_list(captions))
