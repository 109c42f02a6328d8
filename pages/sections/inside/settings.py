"""What a link to the Inside page can carry: the layer and cell whose window is shown, the filter
whose strongest pictures are shown, and the target of the feature visualisation and its step."""

from __future__ import annotations

from dataclasses import dataclass

from core.inside import VISUALISATION_STEPS
from core.metadata import INPUT_SIDE
from pages.settings import PageSettings, one_of, setting, whole_number

#: The layers with maps, in order, and those with filters (their own weights).
MAP_LAYERS = ("conv1", "pool1", "conv2", "pool2")
FILTER_LAYERS = ("conv1", "conv2")
#: The most filters a layer of the face network has (conv2's 16); a link may name up to this.
MAX_FILTERS = 16
#: What the feature visualisation can aim at: the score for "face", or one filter of a layer.
FACE_TARGET = "face score"
TARGETS = (FACE_TARGET, *FILTER_LAYERS)


@dataclass(frozen=True)
class InsideSettings(PageSettings):
    """Every control of the page. Cells and filters are counted from 1 in the address and on
    screen, as people count; a cell beyond the chosen layer's map is moved to its edge."""

    field_layer: str = setting("inside_field_layer", "conv2", one_of(MAP_LAYERS))
    cell_row: int = setting("inside_cell_row", 5, whole_number(1, INPUT_SIDE))
    cell_col: int = setting("inside_cell_col", 5, whole_number(1, INPUT_SIDE))
    excite_layer: str = setting("inside_excite_layer", "conv1", one_of(FILTER_LAYERS))
    excite_filter: int = setting("inside_excite_filter", 1, whole_number(1, MAX_FILTERS))
    wants_target: str = setting("inside_wants_target", FACE_TARGET, one_of(TARGETS))
    wants_filter: int = setting("inside_wants_filter", 1, whole_number(1, MAX_FILTERS))
    wants_step: int = setting(
        "inside_wants_step", VISUALISATION_STEPS, whole_number(0, VISUALISATION_STEPS)
    )
