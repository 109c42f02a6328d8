"""A trained network as a file a person can take away, and the code that uses it elsewhere.

The file is Keras's own ``.keras`` format (a zip: the architecture as JSON, the weights as
HDF5), which `keras.saving.load_model` reads with ``safe_mode=True``: only Keras's own layers,
no code to run. One more entry in the same zip, ``classes.json``, names the classes in the
order of the network's outputs and gives the input size; Keras ignores it when loading.
`usage_snippet` is the Python a person runs to classify a picture file with it, preparing the
picture the way the app does (`core.model.preprocess`).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence

import keras
from keras.src.saving import saving_lib

from core.images import LUMA_WEIGHTS

EXPORT_FILENAME = "my_classes.keras"
ABOUT_ENTRY = "classes.json"


def network_file(network: keras.Model, classes: Sequence[str]) -> bytes:
    """The network as the bytes of a ``.keras`` file, with ``classes.json`` inside.

    Made in memory: nothing derived from a visitor's pictures is written to disk. Keras's
    public ``save_model`` wants a file name, so its saving library (the same code, pinned with
    Keras in requirements.txt) writes into a buffer instead.

    Raises:
        ValueError: not one class name per output of the network.
    """
    outputs = network.output_shape[-1]
    if len(classes) != outputs:
        raise ValueError(f"The network has {outputs} outputs; got {len(classes)} class names.")
    height, width, channels = network.input_shape[1:]
    about = {"classes": list(classes), "input_size": [height, width], "channels": channels}
    buffer = io.BytesIO()
    saving_lib.save_model(network, buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(ABOUT_ENTRY, json.dumps(about, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def usage_snippet(filename: str = EXPORT_FILENAME) -> str:
    """Python that loads the file and prints the class probabilities of a picture file.

    The picture is prepared as `core.model.preprocess` does: gray by `LUMA_WEIGHTS`, the
    centred square cut out, box-filtered to the input size, values 0..1.
    """
    red, green, blue = LUMA_WEIGHTS
    return f"""\
# python classify.py picture.jpg   (needs: pip install keras tensorflow pillow numpy)
import json
import sys
import zipfile

import keras
import numpy as np
from PIL import Image, ImageOps

NETWORK = "{filename}"
network = keras.saving.load_model(NETWORK, safe_mode=True)
with zipfile.ZipFile(NETWORK) as archive:
    about = json.loads(archive.read("{ABOUT_ENTRY}"))


def as_input(path):
    \"\"\"The picture as the network's input: gray, centre square, shrunk, values 0..1.\"\"\"
    rgb = np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGB"), np.float32)
    luma = rgb @ np.array([{red}, {green}, {blue}], np.float32)
    gray = np.clip(np.rint(luma), 0, 255).astype(np.uint8)
    height, width = gray.shape
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    square = Image.fromarray(gray[top : top + side, left : left + side])
    small = square.resize(tuple(about["input_size"][::-1]), Image.Resampling.BOX)
    return np.asarray(small, np.float32)[np.newaxis, :, :, np.newaxis] / 255


probabilities = network.predict(as_input(sys.argv[1]), verbose=0)[0]
for name, probability in zip(about["classes"], probabilities):
    print(f"{{name}}: {{probability:.1%}}")
"""
