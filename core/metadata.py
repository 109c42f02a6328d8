"""Where the face model's files live, and its record read without TensorFlow.

``models/face_cnn.json`` holds what `core.train` wrote about the network it trained: classes,
layers, the recipe, the results. Pages that only quote that record (the shapes on the Pooling
page, the recipe on the Augmentation page) read it here, so they never load TensorFlow. The
folder is ``models/`` unless the ``FACE_MODEL_FOLDER`` environment variable names another, for
every page alike.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

#: Where the app keeps the trained model, and the two files of the contract.
MODELS_FOLDER = Path(__file__).resolve().parents[1] / "models"
MODEL_FILENAME = "face_cnn.keras"
METADATA_FILENAME = "face_cnn.json"

#: The network sees INPUT_SIDE × INPUT_SIDE gray pictures (the size of scikit-image's LFW subset).
INPUT_SIDE = 25

#: Environment variable naming another folder with both files (the tests use it).
MODEL_FOLDER_VARIABLE = "FACE_MODEL_FOLDER"


class MetadataError(ValueError):
    """The model's record is missing or unreadable; the message names the file and the fault."""


def models_folder() -> Path:
    """The folder the app reads the face model from: ``$FACE_MODEL_FOLDER`` or ``models/``."""
    return Path(os.environ.get(MODEL_FOLDER_VARIABLE) or MODELS_FOLDER)


def read_metadata(folder: Path | str | None = None) -> dict:
    """The JSON record in ``folder`` (default: :func:`models_folder`) as a dict.

    Raises:
        MetadataError: no such file, not JSON, or not a JSON object.
    """
    path = Path(folder or models_folder()) / METADATA_FILENAME
    if not path.is_file():
        raise MetadataError(f"The face model file {path} is missing.")
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MetadataError(f"{path} is not readable JSON ({error}).") from error
    if not isinstance(metadata, dict):
        raise MetadataError(f"{path} must hold a JSON object; it holds {type(metadata).__name__}.")
    return metadata
