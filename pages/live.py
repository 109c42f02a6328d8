"""Live camera: the webcam through a kernel, filtered in the browser frame by frame, and the face
network's best square on the video; Freeze hands a frame to every other page.

TensorFlow is loaded only once *Find the face* is switched on.
"""

import streamlit as st

from pages.common import PRIVACY_NOTE, try_this
from pages.journey import page_footer
from pages.presenter import kept_on_slides, presenting, slide
from pages.sections.live import camera

PATH = "pages/live.py"
VIDEO_PRIVACY = (
    ":material/lock: The video is filtered in this browser tab. Unless *Find the face* is on or "
    "you press *Freeze*, no frame of it leaves your computer. With *Find the face* on, about "
    f"{camera.ANSWERS_PER_SECOND} frames a second go to the server that runs this app; each is "
    "answered and then dropped, and none is kept. *Freeze* sends one frame, which the server "
    "keeps as your chosen picture, like an upload:"
)

with slide("start"):
    st.title("Live camera")
    st.markdown(
        "Everything so far, on live video. On the left is your camera; on the right, the same "
        "video through a kernel, recomputed for every frame as on the *Convolution* page. Choose "
        "a kernel, or *Your own 3 × 3* and move its weights while the video runs. Switch on "
        "*Find the face* and the face network looks at a frame about "
        f"{camera.ANSWERS_PER_SECOND} times a second and boxes the square it finds most face-like."
    )
    try_this("choose *Vertical edges*, then turn your head slowly and watch which edges light up.")
    find_faces = st.toggle("Find the face", key=camera.FIND_FACES_KEY)
    if find_faces:
        with st.spinner("Loading the face network (TensorFlow) for the first time…"):
            from core.model import ModelLoadError
            from pages.sections.face.network import shipped_network

            try:
                shipped_network()
            except ModelLoadError as error:
                st.error(f"The face network could not be loaded: {error}", icon=":material/error:")
                find_faces = False
    with kept_on_slides("privacy-live"):
        st.caption(VIDEO_PRIVACY)
        st.caption(PRIVACY_NOTE)
    camera.draw(find_faces=find_faces, present=presenting())

page_footer(PATH)
