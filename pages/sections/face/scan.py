"""Where are the faces?: the network asked about every square of the photo, at a few sizes."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import colours, model
from core.model import FaceModel, FacenessMap
from pages.headings import section_heading
from pages.presenter import as_slide
from pages.sections.face.network import NETWORK_HASH, Look
from pages.sections.face.pictures import PHOTO_WIDTH, overlay, with_squares


@as_slide("scan")
def draw(look: Look) -> None:
    """The section: a switch, then the map of where the network sees a face."""
    section_heading("Where are the faces?")
    network = look.network
    picture = look.picture
    st.markdown(
        "The network only judges one square at a time. Ask it about every square of the photo, at "
        "a few sizes, and colour each place by its answer: you get a map of where it sees a face."
    )
    scan_on = st.toggle("Scan the whole photo", key="face_scan", persist_state="session")
    if scan_on and (problem := model.scan_problem(picture.rgb.shape)):
        st.info(problem, icon=":material/aspect_ratio:")
    elif scan_on:
        with st.spinner("Asking the network about every window of the photo…"):
            scan = _faceness(network, picture.key, picture.rgb)
        scan_picture, scan_notes = st.columns([3, 2])
        heat = colours.unsigned_colours(scan.probability, limit=1)
        scanned = with_squares(overlay(picture.rgb, heat, scan.probability), [], scan.best_box)
        scan_picture.image(
            scanned,
            width=min(PHOTO_WIDTH, scanned.shape[1]),
            caption="Yellow where the network sees a face, the photo itself where it sees none; "
            "the orange square is the most face-like window",
        )
        best = scan.best_box
        scan_notes.markdown(
            f"The network looked at **{scan.windows:,} squares** of this photo. The most "
            f"face-like is the **{best.side} × {best.side}** square at row {best.top}, column "
            f"{best.left}: P(face) {scan.best_probability:.2f}."
        )
        scan_notes.markdown(
            "It is not a face detector: it was never shown bodies, clothes or flags as examples "
            "of “not a face”, so it can light up on them. That is why this page lets a detector "
            "made for the job propose the squares."
        )
    else:
        st.caption(
            "Try this: switch on the scan (it takes a second or two). On the astronaut, does the "
            "brightest place sit on her face?"
        )


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=NETWORK_HASH)
def _faceness(network: FaceModel, key: str, _rgb: np.ndarray) -> FacenessMap:
    return model.faceness_map(network, _rgb)
