"""The model card ``models/README.md``, written from ``face_cnn.json`` by `core.train`.

Every number in the card comes from the metadata the training code wrote, so the card cannot
drift from the model: `core.train.run` writes both, and a test checks that the shipped card is
exactly what `render_card` makes of the shipped metadata. The words are here; the numbers are
the JSON's.
"""

from __future__ import annotations

from core.training_pictures import HELD_OUT_PHOTOS, HELD_OUT_ROWS, TRAINING_PHOTOS

#: The file the card is written to, next to the model.
CARD_FILENAME = "README.md"


def _shape(sizes: list[int]) -> str:
    return " × ".join(str(size) for size in sizes)


def _names(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _layer_row(entry: dict) -> str:
    kind = entry["type"]
    if kind == "Conv2D":
        kernel = _shape(entry["kernel_size"])
        kind = f"Conv2D, {entry['filters']} filters {kernel}, {entry['activation']}"
        kind = kind.replace("relu", "ReLU")
    elif kind == "MaxPooling2D":
        kind = f"MaxPooling2D {_shape(entry['kernel_size'])}"
    elif kind == "Dense":
        activation = "ReLU" if entry["activation"] == "relu" else entry["activation"]
        kind = f"Dense, {entry['units']} units, {activation}"
    elif kind == "Dropout":
        kind = f"Dropout, rate {entry['rate']:g} (training only)"
    return f"| {entry['name']} | {kind} | {_shape(entry['output_shape'])} | {entry['params']:,} |"


def _rank(value: float, values: list[float]) -> str:
    """ "the highest", "the lowest" or "3rd of 5" for ``value`` among ``values``."""
    place = sorted(values, reverse=True).index(value) + 1
    if place == 1:
        return "the highest"
    if place == len(values):
        return "the lowest"
    suffix = {2: "nd", 3: "rd"}.get(place, "th")
    return f"{place}{suffix} of {len(values)}"


def _results(metadata: dict) -> list[str]:
    folds = metadata["cross_validation"]
    train_faces = metadata["dataset_sizes"]["train"]["face"]
    test_faces = metadata["dataset_sizes"]["test"]["face"]
    low, high = folds["interval"]
    recall = folds["recall"]
    lines = [
        "## Results",
        "",
        f"**Cross-validation ({folds['folds']} folds).** Each fold's network is trained with the "
        f"recipe above on {train_faces} + {train_faces} LFW pictures and tested on the "
        f"{test_faces} + {test_faces} it never saw; together "
        "the folds test every LFW picture exactly once.",
        "",
        "| fold | test pictures right | faces right | non-faces right | held-out textures "
        "called “not face” |",
        "|---:|---:|---:|---:|---:|",
    ]
    for record in folds["per_fold"]:
        marker = " (ships)" if record["fold"] == folds["shipped_fold"] else ""
        lines.append(
            f"| {record['fold']}{marker} | {record['correct']} / {record['pictures']} | "
            f"{record['recall']['face']:.2f} | {record['recall']['not face']:.2f} | "
            f"{record['texture_accuracy']:.3f} |"
        )
    lines += [
        f"| **all** | **{folds['correct']} / {folds['pictures']}** | {recall['face']:.2f} | "
        f"{recall['not face']:.2f} | {folds['texture_accuracy']:.3f} (mean) |",
        "",
        f"- **LFW accuracy: {folds['accuracy']:.3f}** ({folds['correct']} of "
        f"{folds['pictures']}), 95 % interval **{low:.3f} to {high:.3f}** "
        f"(the {folds['interval_method'].split(',')[0]}). The folds have as many faces as "
        "non-faces, so this is also the balanced accuracy.",
        f"- **Held-out textures** (never trained on, all “not face”): "
        f"{folds['texture_accuracy']:.3f} called “not face” on average over the folds "
        f"({folds['texture_accuracy_range'][0]:.3f} to {folds['texture_accuracy_range'][1]:.3f}).",
        "",
        f"**The shipped network** is fold {folds['shipped_fold']}'s. A network trained on all 200 "
        "LFW pictures would have no untouched test pictures left, and the Face page offers the "
        "shipped network's own test pictures as pictures it never saw. On those "
        f"{sum(metadata['dataset_sizes']['test'].values())} alone it "
        f"gets {metadata['test_accuracy']:.3f}: too few pictures to quote without the "
        "cross-validation above.",
        "",
        f"Of the {folds['folds']} folds' networks, its held-out texture score ranks "
        f"{_rank(metadata['texture_accuracy'], [r['texture_accuracy'] for r in folds['per_fold']])}"
        " (fold 0 ships by a rule set before training, not by its scores).",
        "",
        "| held-out textures, shipped network | called “not face” |",
        "|---|---:|",
        f"| all | {metadata['texture_accuracy']:.3f} |",
    ]
    for group, value in metadata["texture_accuracy_by_group"].items():
        lines.append(f"| {group} | {value:.3f} |")
    calibration = folds["calibration"]
    lines += [
        "",
        "## Calibration",
        "",
        "Is an answer given with probability 0.95 right 95 % of the time? The cross-validation "
        "answers, grouped by the probability of the class the network chose:",
        "",
        "| probability of the answer | answers | mean probability | share right |",
        "|---|---:|---:|---:|",
    ]
    for entry in calibration["bins"]:
        if entry["count"]:
            lines.append(
                f"| {entry['low']:.1f} to {entry['high']:.1f} | {entry['count']} | "
                f"{entry['mean_confidence']:.3f} | {entry['share_right']:.3f} |"
            )
    lines += [
        "",
        "Expected calibration error (the gap between probability and share right, weighted by "
        f"answers): **{calibration['expected_calibration_error']:.3f}**. Rows with few answers "
        "say little. These are LFW pictures only: on pictures unlike them (a cat, a drawing) the "
        "probabilities mean even less.",
    ]
    return lines


def _framing(metadata: dict) -> list[str]:
    framing = metadata["framing"]
    scales = framing["scales"]
    lines = [
        "## Framing",
        "",
        "How tightly must the square fit the face? P(face) for squares from "
        f"{scales[0]:g}× to {scales[-1]:g}× the side of the detector's box, centred on it "
        "(moved inward where they would leave the photo):",
        "",
        "| photo | " + " | ".join(f"{scale:g}×" for scale in scales) + " |",
        "|---|" + "---:|" * len(scales),
    ]
    for name, values in framing["face_probability"].items():
        lines.append(f"| `{name}` | " + " | ".join(f"{value:.2f}" for value in values) + " |")
    lines += [
        "",
        "These photos guided the recipe: the augmentation's zoom range was widened until the "
        "shipped network kept P(face) at 0.9 or more from 0.8× to 1.6×, so this table is a "
        "check of that aim, not an untouched test.",
    ]
    return lines


def _explanations(metadata: dict) -> list[str]:
    check = metadata["sanity_check"]
    rows = [
        f"| {' + '.join(check['randomised_down_to'][: index + 1])} | {value:.2f} |"
        for index, value in enumerate(check["median_rank_correlation"])
    ]
    return [
        "## Do the explanations depend on what it learned?",
        "",
        "The sanity check of Adebayo et al. (2018): replace the learned weights by random ones, "
        "from the top layer down, and see whether Grad-CAM still draws the same map. Median rank "
        f"correlation with the trained network's map over the {check['faces']} test faces of "
        "the shipped fold (1 = the same order of cells, 0 = unrelated):",
        "",
        "| layers randomised | median rank correlation |",
        "|---|---:|",
        *rows,
    ]


def render_card(metadata: dict) -> str:
    """The whole model card for ``metadata`` (the dict `core.train.run` writes as JSON)."""
    sizes = metadata["dataset_sizes"]
    training = metadata["training"]
    versions = metadata["versions"]
    augmentation = training["augmentation"]
    faces_shown = training["shown_per_epoch"]["face"]
    repeats = round(faces_shown / sizes["train"]["face"])
    held_out = metadata["held_out_photos"]
    folds = metadata["cross_validation"]["folds"]
    lines = [
        "# Model card: `face_cnn` — face or not?",
        "",
        "A small convolutional network that looks at one 25 × 25 grayscale picture and says how "
        "likely it is to be a face. It is the network the app's “Face or not?” page opens up: "
        "every feature map, kernel and probability shown there comes from these files. This "
        f"card is written by `{metadata['retrain_command']}` from `face_cnn.json`.",
        "",
        "| file | what it holds |",
        "|---|---|",
        "| `face_cnn.keras` | the trained network (Keras 3 format; loads with "
        "`keras.saving.load_model(path, safe_mode=True)`, no custom objects) |",
        "| `face_cnn.json` | metadata: classes, input, results, cross-validation, layers, "
        "history, settings, versions, and the weights' digest, checked at load |",
        "| `README.md` | this card |",
        "",
        f"Output: two probabilities that sum to 1, in the order `{metadata['classes']}`.",
        "",
        "## Data",
        "",
        "Everything ships with scikit-image; nothing is downloaded.",
        "",
        "- **Faces and non-faces:** `skimage.data.lfw_subset()`, 200 grayscale 25 × 25 "
        "pictures: 100 faces from Labeled Faces in the Wild and 100 non-faces (mostly flat "
        f"patches of the same photos). Each class is cut into {folds} folds of "
        f"{100 // folds} with `split_seed` {metadata['split_seed']} (the first seed, not tuned).",
        "- **Hard negatives (training, “not face”):** patches of "
        f"{len(TRAINING_PHOTOS)} bundled pictures without people or animals "
        f"({_names(TRAINING_PHOTOS)}; the top {1 - HELD_OUT_ROWS:.0%} of each, plus each "
        "whole picture), and synthetic textures made in code (stripes, checks, rings, "
        "blurred noise, soft spots, brightness ramps). **These pictures are training data:** "
        "what the network "
        "says of them is no test of it.",
        "- **Held-out textures (never trained on, “not face”):** patches of "
        f"{len(HELD_OUT_PHOTOS)} pictures the network never sees ({_names(HELD_OUT_PHOTOS)}), "
        f"of the bottom {HELD_OUT_ROWS:.0%} of each training picture, and synthetic textures "
        "whose main setting takes values never used in training.",
        "",
        f"| set (fold {metadata['fold']}, the shipped network) | not face | face |",
        "|---|---:|---:|",
        f"| train | {sizes['train']['not face']} | {sizes['train']['face']} |",
        f"| validation (LFW) | {sizes['validation']['not face']} | {sizes['validation']['face']} |",
        f"| test (LFW) | {sizes['test']['not face']} | {sizes['test']['face']} |",
        f"| held-out textures | {sizes['textures']['not face']} | {sizes['textures']['face']} |",
        "",
        "## Preprocessing",
        "",
        "The same steps for training patches and for any crop the app classifies "
        "(`core.model.preprocess`): crop a square (the app proposes one with scikit-image's LBP "
        "frontal-face cascade); gray, 0.299 R + 0.587 G + 0.114 B; shrink to 25 × 25 with a box "
        "filter; divide by 255.",
        "",
        "## Architecture",
        "",
        "| layer | type | output shape | weights |",
        "|---|---|---|---:|",
        *(_layer_row(entry) for entry in metadata["layers"]),
        f"| **total** | | | **{metadata['total_params']:,}** |",
        "",
        "The logits and the softmax are separate layers so the page can show the scores before "
        "they become probabilities.",
        "",
        "## Training",
        "",
        f"- {training['epochs']} epochs, batch size {training['batch_size']}, "
        f"{training['optimizer']} with learning rate {training['learning_rate']:g}, "
        "cross-entropy loss, dropout "
        f"{training['dropout']:g}.",
        f"- Balanced epochs: every non-face once and every training face {repeats} times "
        f"({training['shown_per_epoch']['not face']} + {faces_shown} pictures per epoch).",
        "- Augmentation: every epoch freshly augmented by `core.augment.augment_batch` with the "
        "settings the Augmentation page previews: "
        + ", ".join(f"{name} {value:g}" for name, value in augmentation.items())
        + f". The zoom (factor 1 ± {augmentation['zoom']:g}) is wide on purpose: it shows the "
        "training faces loosely and tightly framed (see Framing).",
        f"- Seeds: `split_seed` {metadata['split_seed']}, `training_seed` "
        f"{metadata['training_seed']}; TensorFlow runs with deterministic ops.",
        f"- Versions: Python {versions['python']}, TensorFlow {versions['tensorflow']}, Keras "
        f"{versions['keras']}, NumPy {versions['numpy']}, scikit-image "
        f"{versions['scikit-image']}.",
        f"- The whole command, cross-validation included, took {metadata['seconds']:.0f} s.",
        "",
        *_results(metadata),
        "",
        *_framing(metadata),
        "",
        "## Examples it never trained on",
        "",
        "Whole held-out pictures, shrunk to 25 × 25:",
        "",
        "| picture | P(face) | answer |",
        "|---|---:|---|",
        *(
            f"| `{name}` | {value:.3f} | {'face (wrong)' if value >= 0.5 else 'not face'} |"
            for name, value in held_out.items()
        ),
        "",
        *_explanations(metadata),
        "",
        "## Limits",
        "",
        "- **Tiny grayscale input.** At 25 × 25 pixels without colour, a face is a light oval "
        "with two dark eyes, a nose and a mouth; round objects with dark spots can look like "
        "that too.",
        "- **A closed set.** It must answer “face” or “not face” for anything, a cat or a "
        "drawing included; nothing in it can say “I don't know”.",
        "- **Frontal faces only, framed like LFW.** Profiles, tilted heads and loose crops lower "
        "the score (see Framing).",
        f"- **Few faces, one dataset's bias.** {sizes['train']['face']} training faces, mostly "
        "adult public figures photographed by the press in the early 2000s (the LFW "
        "population is mostly male and "
        "light-skinned). It has not been measured on other groups and must not be used to "
        "make decisions about people.",
        "- **Not a detector.** The app uses scikit-image's LBP cascade to propose face crops "
        "and this network to classify them.",
        "",
        "## Retrain",
        "",
        "From the repository root:",
        "",
        "```",
        f"{metadata['retrain_command']}                       # all folds; rewrites models/",
        f"{metadata['retrain_command']} --no-cross-validation # the shipped fold only",
        f"{metadata['retrain_command']} --epochs 5 --out /tmp/quick",
        "```",
        "",
        "On the same machine and library versions the command gives the same weights again (the "
        "digest in `face_cnn.json` matches); another CPU may round differently.",
    ]
    return "\n".join(lines) + "\n"
