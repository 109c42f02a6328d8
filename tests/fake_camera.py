"""A video file for Chromium's fake camera, made from a bundled picture.

Chromium plays a ``.y4m`` file (``--use-file-for-fake-video-capture``) as the camera, looping:
a one-line header, then frames of raw YUV 4:2:0. This writes one picture as such a video, cut
to the middle 4:3 of the picture and shrunk to the size asked for, so a test knows exactly
what the camera shows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from core.detect import FaceBox


def camera_frame(rgb: np.ndarray, width: int, height: int) -> tuple[np.ndarray, float, int]:
    """The picture as the camera will show it: its middle ``width:height`` band shrunk to
    ``width`` × ``height`` (bicubic); also the scale and the first row of that band."""
    rows, cols = rgb.shape[:2]
    band = round(cols * height / width)
    top = (rows - band) // 2
    frame = Image.fromarray(rgb[top : top + band]).resize((width, height), Image.Resampling.BICUBIC)
    return np.asarray(frame), width / cols, top


def to_frame(box: FaceBox, scale: float, top: int) -> FaceBox:
    """A square of the original picture in the camera frame's pixels."""
    return FaceBox(round((box.top - top) * scale), round(box.left * scale), round(box.side * scale))


def write_y4m(path: Path, rgb: np.ndarray, *, frames: int = 30, fps: int = 30) -> Path:
    """``frames`` copies of an RGB picture (even width and height) as a y4m video."""
    height, width = rgb.shape[:2]
    pixels = rgb.astype(np.float64)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    # Full-range BT.601 (JPEG's YCbCr), which "C420jpeg" names.
    luma = 0.299 * red + 0.587 * green + 0.114 * blue
    blue_diff = 128 - 0.168736 * red - 0.331264 * green + 0.5 * blue
    red_diff = 128 + 0.5 * red - 0.418688 * green - 0.081312 * blue

    def half(plane: np.ndarray) -> np.ndarray:
        return plane.reshape(height // 2, 2, width // 2, 2).mean(axis=(1, 3))

    planes = [luma, half(blue_diff), half(red_diff)]
    frame = b"".join(np.clip(np.rint(p), 0, 255).astype(np.uint8).tobytes() for p in planes)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + frame)
    return path
