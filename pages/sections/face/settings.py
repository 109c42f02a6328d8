"""What a link to the Face page can carry: the square shown to the network, which view inside the
answer is open, and the hide-and-see patch and stride."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.metadata import INPUT_SIDE
from pages.settings import PageSettings, one_of, setting, whole_number

MAX_STRIDE = 8  # hide-and-see positions at most this many pixels apart
DEFAULT_PATCH = 7  # hide-and-see patch side: about an eye's width in the 25 × 25 picture
#: The views inside the answer, in order; a link opens one (``?face_inside=Open+the+box``).
INSIDE_VIEWS = (
    "Where it looked",
    "What it is given",
    "What it sees",
    "Where the faces are",
    "Open the box",
)


@dataclass(frozen=True)
class FaceSettings(PageSettings):
    """The view inside the answer, and the hide-and-see patch and stride. The square the
    network is shown has settings per picture (``face_crop_choice_<picture>``, ``face_crop_x_…``,
    ``face_crop_y_…``, ``face_crop_side_…``), checked by their own widgets, as only the picture
    knows their range."""

    OWN_PREFIXES: ClassVar[tuple[str, ...]] = ("face_crop_",)

    inside: str = setting("face_inside", INSIDE_VIEWS[0], one_of(INSIDE_VIEWS))
    occlusion_patch: int = setting(
        "face_occlusion_patch", DEFAULT_PATCH, whole_number(1, INPUT_SIDE)
    )
    occlusion_stride: int = setting("face_occlusion_stride", 1, whole_number(1, MAX_STRIDE))
