"""Speed of the face CNN: what the "Face or not?" page and the training lab ask of it.

Run from the repository root:  python3 benchmarks/face_speed.py

Targets (issue 6; the epoch target is the training lab's, issue 7):
- warm prediction + every feature map of one crop in ≤ 300 ms;
- occlusion map at stride 1 in ≤ 1 s: with a 5 × 5 patch (441 occluded pictures), and in the
  worst case the page's sliders allow, the smallest patch at stride 1 (625 pictures);
- sliding-window "faceness" map of a 512 × 512 photo in ≤ 2 s;
- one training epoch on the face training split, augmentation included, in ≤ 0.5 s.

Prints the median wall-clock time of several runs and PASS / FAIL against its target, with the
median CPU time alongside (TensorFlow uses several threads, so CPU time can exceed wall time):
the machine may be shared, so the load average is printed too. Figures without a target are
printed for information.
"""

import itertools
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

import keras

from benchmarks.timing import report, timings
from core.detect import detect_faces
from core.images import load_sample
from core.model import (
    INPUT_SIDE,
    faceness_map,
    feature_maps,
    grad_cam,
    load_face_model,
    numpy_forward,
    occlusion_map,
    predict,
    preprocess,
)
from core.train import (
    balanced_indices,
    build_model,
    compile_model,
    load_face_dataset,
    train_model,
)

PREDICTION_TARGET_SECONDS = 0.300
OCCLUSION_TARGET_SECONDS = 1.0
FACENESS_TARGET_SECONDS = 2.0
EPOCH_TARGET_SECONDS = 0.5
#: The "Face or not?" page's patch slider runs from 1 to INPUT_SIDE and its stride slider from 1
#: (stride ≤ patch): a 1-pixel patch at stride 1 sends the network the most pictures.
SMALLEST_PATCH = 1
WORST_CASE_PICTURES = (INPUT_SIDE - SMALLEST_PATCH + 1) ** 2
TRAINING_EPOCHS = 6  # the first is dropped: it includes building the training step


def epoch_timings() -> tuple[list[float], list[float]]:
    """Seconds per training epoch, from one run of `train_model` with a per-epoch hook.

    Each interval between two hooks is one whole epoch: augmenting it, the training steps and
    the validation pass.
    """
    dataset = load_face_dataset()
    keras.utils.set_random_seed(0)
    model = build_model()
    compile_model(model)
    stamps = [(time.perf_counter(), time.process_time())]
    train_model(
        model,
        dataset,
        epochs=TRAINING_EPOCHS,
        on_epoch=lambda epoch, logs: stamps.append((time.perf_counter(), time.process_time())),
    )
    steady = list(itertools.pairwise(stamps[1:]))  # from the end of the first epoch on
    wall = [later[0] - earlier[0] for earlier, later in steady]
    cpu = [later[1] - earlier[1] for earlier, later in steady]
    return wall, cpu


def main() -> int:
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    started = time.perf_counter()
    face_model = load_face_model()
    loading = time.perf_counter() - started
    print(f"{'loading the model (TensorFlow already imported)':<58} {loading:.2f} s")

    shown = len(balanced_indices(load_face_dataset().train.labels))
    photo = load_sample("astronaut")
    crop = preprocess(detect_faces(photo)[0].crop(photo))

    def predict_and_maps() -> None:
        predict(face_model, crop[None])
        feature_maps(face_model, crop)

    passed = [
        report(
            "prediction + all feature maps (one crop, warm)",
            timings(predict_and_maps, 20),
            PREDICTION_TARGET_SECONDS,
        ),
        report(
            "occlusion map, 5 × 5 patch, stride 1 (441 pictures)",
            timings(lambda: occlusion_map(face_model, crop, patch=5, stride=1), 10),
            OCCLUSION_TARGET_SECONDS,
        ),
        report(
            f"occlusion worst case: {SMALLEST_PATCH} × {SMALLEST_PATCH} patch, stride 1 "
            f"({WORST_CASE_PICTURES} pictures)",
            timings(lambda: occlusion_map(face_model, crop, patch=SMALLEST_PATCH, stride=1), 10),
            OCCLUSION_TARGET_SECONDS,
        ),
        report(
            "faceness map of the 512 × 512 astronaut (3 scales)",
            timings(lambda: faceness_map(face_model, photo), 5),
            FACENESS_TARGET_SECONDS,
        ),
        report(
            f"one training epoch with augmentation ({shown} pictures shown)",
            epoch_timings(),
            EPOCH_TARGET_SECONDS,
        ),
    ]
    report("Grad-CAM on conv2", timings(lambda: grad_cam(face_model, crop), 10), None)
    report(
        "NumPy forward pass (open the box)",
        timings(lambda: numpy_forward(face_model, crop), 10),
        None,
    )
    report(
        "LBP face detection on the 512 × 512 astronaut",
        timings(lambda: detect_faces(photo), 5),
        None,
    )
    print("ALL PASS" if all(passed) else "SOME FAIL")
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
