"""Augmentation: one picture becomes many training examples, drawn by the face model's own code."""

import streamlit as st

from pages.common import picture_picker, try_this
from pages.journey import page_footer
from pages.presenter import slide
from pages.sections.augmentation import faces, versions, with_without

PATH = "pages/augmentation.py"

with slide("start"):
    st.title("Augmentation")
    st.markdown(
        "A network learns only from the pictures it is shown. **Data augmentation** makes more of "
        "them without a single new photo: each training picture is turned, shifted, zoomed, "
        "mirrored, bent or lit a little differently, and every new version keeps the label of the "
        "original. A face turned by a few degrees is still a face, so one photo becomes many "
        "training examples, and the network learns to recognise a face however it happens to sit "
        "in the frame. The versions on this page come from the very code that prepares the "
        "training pictures of this app's face model. The model itself gets them as small gray "
        "faces, as in the second section; your picture's versions are larger and in colour so you "
        "can see what changed."
    )
    try_this(
        "drag *Rotate* to 90° and watch every version turn further. Then press "
        "*Turn everything off*: every version becomes your picture again."
    )
    picture = picture_picker()

versions.draw(picture)
faces.draw()
with_without.draw()

page_footer(PATH)
