"""What a link to the Augmentation page can carry: every strength slider, how many versions
to draw, and the face (and how many training examples of it) the face section shows. Each
slider shows a field of `core.augment.AugmentSettings` in friendlier units, on steps (5° and
5 % for most): a link may carry only the values a slider can take."""

from __future__ import annotations

from dataclasses import dataclass

from core import augment
from pages.settings import PageSettings, one_of, setting, whole_number

#: How many versions of the picture may be drawn (a whole number of rows of 4).
VERSION_COUNTS = (4, 8, 12, 16, 20, 24, 28, 32)
#: `skimage.data.lfw_subset()` holds 200 gray pictures of 25 × 25; the first 100 are faces.
LFW_FACE_COUNT = 100
#: How many training examples of one face may be drawn (a whole number of rows of 8).
FACE_COUNTS = (8, 16, 24, 32)


@dataclass(frozen=True)
class Control:
    """One strength slider: a field of `augment.AugmentSettings` in friendlier units.

    The slider shows ``strength × scale`` (percent for fractions, degrees for angles) in steps of
    ``step``; its range comes from `augment.STRENGTH_LIMITS` and its default, which must be one
    of its steps, from `augment.AugmentSettings`.
    """

    field: str
    label: str
    value_format: str
    help: str
    scale: float = 100.0
    step: int | float = 5

    @property
    def key(self) -> str:
        return f"aug_{self.field}"

    @property
    def limits(self) -> tuple[float, float]:
        low, high = augment.STRENGTH_LIMITS[self.field]
        return self.on_slider(low), self.on_slider(high)

    @property
    def default(self) -> float:
        return self.on_slider(getattr(augment.AugmentSettings(), self.field))

    @property
    def options(self) -> tuple[int, ...] | tuple[float, ...]:
        """Every value the slider can take: its low end to its high end in steps of ``step``."""
        low, high = self.limits
        count = round((high - low) / self.step) + 1
        return tuple(self.on_slider((low + i * self.step) / self.scale) for i in range(count))

    def label_of(self, value: float) -> str:
        """How the slider writes one of its values, e.g. "±10°"."""
        return self.value_format % value

    def on_slider(self, strength: float) -> float:
        """A strength on the slider (whole steps stay ints: a link reads "10", not "10.0")."""
        shown = strength * self.scale
        return round(shown) if isinstance(self.step, int) else round(shown, 1)

    def reading(self, settings: augment.AugmentSettings) -> str:
        """What this slider shows for ``settings``, e.g. "rotate: up to ±10°"."""
        shown = self.label_of(self.on_slider(getattr(settings, self.field)))
        return f"{self.label.lower()} {shown}"


CONTROL_GROUPS: dict[str, tuple[Control, ...]] = {
    "Position and shape": (
        Control("rotation", "Rotate: up to", "±%d°", "Turn by a random angle.", scale=1),
        Control(
            "shift", "Shift: up to", "±%d%%", "Move sideways and up or down, in % of the side."
        ),
        Control("zoom", "Zoom: up to", "±%d%%", "Come closer or step back by up to this much."),
        Control("shear", "Slant (shear): up to", "±%d°", "Lean the picture sideways.", scale=1),
        Control(
            "crop", "Crop: up to", "%d%%", "Cut away up to this much of each side, then resize."
        ),
        Control("flip", "Mirror left-right: chance", "%d%%", "How often a version is mirrored."),
    ),
    "Bending": (
        Control(
            "elastic",
            "Bend: pixels move up to",
            "%.1f%%",
            "A smooth random warp, like a photo printed on rubber. In % of the side.",
            step=0.5,
        ),
        Control(
            "elastic_smoothness",
            "Bend: smoothness",
            "%d%%",
            "Small = ripples, large = broad gentle bends. Only matters when pixels move.",
        ),
    ),
    "Light and grain": (
        Control("brightness", "Brightness: up to", "±%d%%", "Lighter or darker, in % of white."),
        Control("contrast", "Contrast: up to", "±%d%%", "Stronger or weaker differences."),
        Control(
            "noise",
            "Noise: strength",
            "%d%%",
            "Random grain, like a photo taken in the dark.",
            step=1,
        ),
    ),
}
CONTROLS = tuple(control for group in CONTROL_GROUPS.values() for control in group)


def _strength(field: str):
    """The settings field of the slider for ``field`` (its key, default and steps)."""
    control = next(control for control in CONTROLS if control.field == field)
    return setting(control.key, control.default, one_of(control.options))


@dataclass(frozen=True)
class AugmentationPageSettings(PageSettings):
    """Every strength slider (in the units it shows) and the number of versions drawn; the
    face section's face and its number of training examples."""

    rotation: float = _strength("rotation")
    shift: float = _strength("shift")
    zoom: float = _strength("zoom")
    shear: float = _strength("shear")
    crop: float = _strength("crop")
    flip: float = _strength("flip")
    elastic: float = _strength("elastic")
    elastic_smoothness: float = _strength("elastic_smoothness")
    brightness: float = _strength("brightness")
    contrast: float = _strength("contrast")
    noise: float = _strength("noise")
    count: int = setting("aug_count", 16, one_of(VERSION_COUNTS))
    face: int = setting("aug_face", 0, whole_number(0, LFW_FACE_COUNT - 1))
    face_count: int = setting("aug_face_count", 16, one_of(FACE_COUNTS))

    def strengths(self) -> augment.AugmentSettings:
        """The strengths as `core.augment` takes them (fractions and degrees)."""
        return augment.AugmentSettings(
            **{control.field: getattr(self, control.field) / control.scale for control in CONTROLS}
        )
