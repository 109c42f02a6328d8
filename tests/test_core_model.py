"""The shipped face CNN: its files' contract, the loader's errors, predictions and explanations."""

import json
import shutil
import threading

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from core.architecture import layers_from_metadata
from core.detect import detect_faces, square_at
from core.images import load_sample, resize_square, to_gray, to_unit
from core.metadata import METADATA_FILENAME, MODEL_FILENAME, MODELS_FOLDER
from core.metrics import expected_calibration_error, wilson_interval
from core.model import (
    BATCH_LIMIT,
    RETRAIN_COMMAND,
    FaceModel,
    ModelLoadError,
    batch_activations,
    faceness_map,
    feature_maps,
    first_layer_kernels,
    framing_probabilities,
    grad_cam,
    layer_outputs,
    load_face_model,
    numpy_forward,
    occlusion_map,
    occlusion_maps,
    predict,
    preprocess,
    randomisation_steps,
    randomised_copy,
    rank_correlation,
    receptive_field,
    scan_problem,
    visualise,
)
from core.model_card import CARD_FILENAME, render_card
from core.pooling import pool2d, pool2d_argmax
from core.train import (
    FOLDS,
    SHIPPED_FOLD,
    build_model,
    evaluate_model,
    framing,
    held_out_photo_answers,
    load_face_dataset,
    sanity_check,
)
from tests.test_core_train import LAYER_NAMES


@pytest.fixture(scope="module")
def face_model() -> FaceModel:
    return load_face_model()


@pytest.fixture(scope="module")
def metadata() -> dict:
    return json.loads((MODELS_FOLDER / METADATA_FILENAME).read_text())


@pytest.fixture(scope="module")
def astronaut_face() -> np.ndarray:
    """The astronaut's face as the network sees it: the detector's crop, preprocessed."""
    photo = load_sample("astronaut")
    boxes = detect_faces(photo)
    assert len(boxes) == 1
    return preprocess(boxes[0].crop(photo))


def random_pictures(count: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((count, 25, 25, 1), dtype=np.float32)


# --------------------------------------------------------------------------------------------
# The shipped files: the contract other pages and checks rely on
# --------------------------------------------------------------------------------------------


def test_shipped_metadata_contract(metadata) -> None:
    assert metadata["classes"] == ["not face", "face"]
    assert metadata["input_shape"] == [25, 25, 1]
    assert metadata["input_range"] == [0, 1]
    assert metadata["test_accuracy"] >= 0.95
    # The wide zoom that lets it accept loose squares costs some textures: 0.973 with a zoom of
    # ±10 %, 0.888 with ±40 % (issue 14's framing aim); the card says so.
    assert 0.85 <= metadata["texture_accuracy"] <= 1
    assert isinstance(metadata["split_seed"], int)
    assert len(metadata["weights_digest"]) == 64
    assert metadata["cross_validation"]["folds"] == FOLDS
    assert set(metadata["versions"]) == {"python", "tensorflow", "keras", "numpy", "scikit-image"}
    assert metadata["retrain_command"] == RETRAIN_COMMAND
    training = metadata["training"]
    assert {"epochs", "batch_size", "optimizer", "learning_rate", "dropout", "augmentation"} <= set(
        training
    )
    history = metadata["history"]
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == training["epochs"] for values in history.values())


def test_shipped_metadata_layers_draw_without_tensorflow(metadata) -> None:
    assert [entry["name"] for entry in metadata["layers"]] == LAYER_NAMES
    layers = layers_from_metadata(metadata)
    assert layers[0].output_shape == (25, 25, 1)
    assert sum(layer.params for layer in layers) == metadata["total_params"]
    assert metadata["layers"][0]["kernel_size"] == [3, 3]


@pytest.fixture(scope="module")
def shipped_fold(metadata):
    """The shipped network's own fold of the data."""
    return load_face_dataset(metadata["split_seed"], metadata["fold"])


def test_shipped_dataset_sizes_match_the_split(metadata, shipped_fold) -> None:
    assert metadata["fold"] == SHIPPED_FOLD
    assert metadata["dataset_sizes"] == shipped_fold.sizes()


#: How far a probability of a whole photo's square may move on another CPU: each square is cut
#: and shrunk from the photo, and on a CPU with AVX-512 one of the astronaut's framing values
#: came out 5e-4 from the recorded one (the rest within 1e-5). The Face page shows the framing
#: values in whole percent; the model card gives the held-out photos' to three decimals.
PHOTO_ROUNDING = 1e-3


def test_shipped_figures_are_what_the_model_scores(face_model, metadata, shipped_fold) -> None:
    """Every figure the card and the Face page quote about the shipped network, scored again."""
    scores = evaluate_model(face_model.model, shipped_fold)
    for key in ("test_accuracy", "test_recall", "texture_accuracy", "texture_accuracy_by_group"):
        assert scores[key] == pytest.approx(metadata[key]), key
    folds = metadata["cross_validation"]
    own = folds["per_fold"][folds["shipped_fold"]]
    assert own["accuracy"] == pytest.approx(scores["test_accuracy"])
    assert own["recall"] == pytest.approx(scores["test_recall"])
    assert own["texture_accuracy"] == pytest.approx(scores["texture_accuracy"])
    measured = framing(face_model)
    assert measured["scales"] == metadata["framing"]["scales"]
    for name, values in metadata["framing"]["face_probability"].items():
        assert measured["face_probability"][name] == pytest.approx(values, abs=PHOTO_ROUNDING), name
    assert held_out_photo_answers(face_model) == pytest.approx(
        metadata["held_out_photos"], abs=PHOTO_ROUNDING
    )
    check = sanity_check(face_model, shipped_fold)
    recorded = metadata["sanity_check"]
    assert check["randomised_down_to"] == recorded["randomised_down_to"]
    assert check["faces"] == recorded["faces"]
    assert check["median_rank_correlation"] == pytest.approx(
        recorded["median_rank_correlation"], abs=1e-5
    )


def test_the_cross_validation_adds_up(metadata) -> None:
    folds = metadata["cross_validation"]
    records = folds["per_fold"]
    assert [record["fold"] for record in records] == list(range(FOLDS))
    assert folds["correct"] == sum(record["correct"] for record in records)
    assert folds["pictures"] == sum(record["pictures"] for record in records) == 200
    assert folds["interval"] == pytest.approx(wilson_interval(folds["correct"], folds["pictures"]))
    bins = folds["calibration"]["bins"]
    assert sum(entry["count"] for entry in bins) == folds["pictures"]
    right = sum(round(entry["share_right"] * entry["count"]) for entry in bins if entry["count"])
    assert right == folds["correct"]
    assert folds["calibration"]["expected_calibration_error"] == pytest.approx(
        expected_calibration_error(bins)
    )


def test_the_shipped_recipe_holds_a_loosely_or_tightly_framed_face(metadata) -> None:
    """Issue 14: squares from 0.8× to 1.6× the detector's box keep P(face) at 0.9 or more."""
    scales = np.array(metadata["framing"]["scales"])
    snug = (scales >= 0.8 - 1e-9) & (scales <= 1.6 + 1e-9)
    for name, values in metadata["framing"]["face_probability"].items():
        assert np.min(np.array(values)[snug]) >= 0.9, name


def test_shipped_model_file_is_small_and_loads_plainly() -> None:
    path = MODELS_FOLDER / MODEL_FILENAME
    assert path.stat().st_size < 1_000_000
    model = keras.saving.load_model(path, safe_mode=True)  # no custom objects
    probabilities = np.asarray(model(random_pictures(3)))
    assert probabilities.shape == (3, 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-6)


def test_model_card_is_written_from_the_metadata(metadata) -> None:
    assert (MODELS_FOLDER / CARD_FILENAME).read_text() == render_card(metadata)


def test_model_card_quotes_the_metadata(metadata) -> None:
    card = (MODELS_FOLDER / "README.md").read_text()
    quoted = [
        f"gets {metadata['test_accuracy']:.3f}",
        f"| all | {metadata['texture_accuracy']:.3f} |",
        *(f"| {value:.3f} |" for value in metadata["texture_accuracy_by_group"].values()),
        f"LFW accuracy: {metadata['cross_validation']['accuracy']:.3f}**",
        f"**{metadata['total_params']:,}**",
        f"{metadata['training']['epochs']} epochs, batch size {metadata['training']['batch_size']}",
        f"learning rate {metadata['training']['learning_rate']:g}",
        f"`split_seed` {metadata['split_seed']}",
        f"`training_seed` {metadata['training_seed']}",
        f"Keras {metadata['versions']['keras']}",
        f"TensorFlow {metadata['versions']['tensorflow']}",
    ]
    for entry in metadata["layers"]:
        shape = " × ".join(str(size) for size in entry["output_shape"])
        quoted.append(f"| {entry['name']} |")
        quoted.append(f"| {shape} | {entry['params']:,} |")
    for name, label in (("train", "train"), ("test", "test (LFW)")):
        sizes = metadata["dataset_sizes"][name]
        quoted.append(f"| {label} | {sizes['not face']} | {sizes['face']} |")
    missing = [text for text in quoted if text not in card]
    assert not missing, f"models/README.md does not quote the metadata: {missing}"


# --------------------------------------------------------------------------------------------
# Loader errors: missing, corrupt, incompatible
# --------------------------------------------------------------------------------------------


def copy_shipped(folder, **metadata_changes) -> None:
    """The shipped files in ``folder``, with some metadata fields replaced (None = removed)."""
    shutil.copy(MODELS_FOLDER / MODEL_FILENAME, folder / MODEL_FILENAME)
    metadata = json.loads((MODELS_FOLDER / METADATA_FILENAME).read_text())
    for key, value in metadata_changes.items():
        if value is None:
            del metadata[key]
        else:
            metadata[key] = value
    (folder / METADATA_FILENAME).write_text(json.dumps(metadata))


def assert_load_error(folder, message: str) -> None:
    with pytest.raises(ModelLoadError, match=message) as caught:
        load_face_model(folder)
    assert RETRAIN_COMMAND in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_copied_files_load(tmp_path) -> None:
    copy_shipped(tmp_path)
    assert load_face_model(tmp_path).classes == ("not face", "face")


def test_fingerprint_follows_the_weights_not_the_object(tmp_path, face_model) -> None:
    copy_shipped(tmp_path)
    twin = load_face_model(tmp_path)
    assert twin is not face_model and twin.fingerprint == face_model.fingerprint
    changed = load_face_model(tmp_path)
    bias = changed.model.get_layer("conv1").bias
    bias.assign(bias + 0.01)
    # The fingerprint is taken once, at load: a network whose weights then change is a new one.
    assert FaceModel(changed.model, changed.metadata).fingerprint != face_model.fingerprint


def test_missing_folder_or_files(tmp_path) -> None:
    assert_load_error(tmp_path / "nowhere", "is missing")
    copy_shipped(tmp_path)
    (tmp_path / METADATA_FILENAME).unlink()
    assert_load_error(tmp_path, f"{METADATA_FILENAME} is missing")
    copy_shipped(tmp_path)
    (tmp_path / MODEL_FILENAME).unlink()
    assert_load_error(tmp_path, f"{MODEL_FILENAME} is missing")


@pytest.mark.parametrize(
    "corrupt_bytes",
    [b"", b"not a zip file at all", b"PK\x03\x04" + bytes(200)],
    ids=["empty", "text", "broken-zip"],
)
def test_corrupt_model_file(tmp_path, corrupt_bytes: bytes) -> None:
    copy_shipped(tmp_path)
    (tmp_path / MODEL_FILENAME).write_bytes(corrupt_bytes)
    assert_load_error(tmp_path, "could not be read as a Keras model")


def test_truncated_model_file(tmp_path) -> None:
    copy_shipped(tmp_path)
    whole = (tmp_path / MODEL_FILENAME).read_bytes()
    (tmp_path / MODEL_FILENAME).write_bytes(whole[: len(whole) // 2])
    assert_load_error(tmp_path, "could not be read as a Keras model")


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not readable JSON"), ("[1, 2]", "must hold a JSON object")],
)
def test_corrupt_metadata(tmp_path, text: str, message: str) -> None:
    copy_shipped(tmp_path)
    (tmp_path / METADATA_FILENAME).write_text(text)
    assert_load_error(tmp_path, message)


def test_metadata_without_a_contract_field(tmp_path) -> None:
    copy_shipped(tmp_path, test_accuracy=None)
    assert_load_error(tmp_path, "lacks the field")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"input_shape": [32, 32, 1]}, "takes pictures of shape"),
        ({"classes": ["cat", "dog", "face"]}, "gives 2 probabilities"),
        ({"classes": ["cat", "dog"]}, "including 'face'"),
        ({"layers": [{"name": "conv1"}]}, "the network's layers are"),
        ({"weights_digest": "0" * 64}, "are not the ones face_cnn.json describes"),
    ],
)
def test_incompatible_metadata(tmp_path, changes: dict, message: str) -> None:
    copy_shipped(tmp_path, **changes)
    assert_load_error(tmp_path, message)


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


def test_preprocess_is_gray_resize_unit() -> None:
    photo = load_sample("astronaut")[:300, 100:400]
    expected = to_unit(resize_square(to_gray(photo), 25))[..., np.newaxis]
    result = preprocess(photo)
    assert result.shape == (25, 25, 1) and result.dtype == np.float32
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(preprocess(to_gray(photo)), result)  # gray in, same out


def test_preprocess_edge_cases() -> None:
    np.testing.assert_allclose(preprocess(np.full((1, 1), 255, np.uint8)), 1.0)  # 1×1 crop
    wide = np.zeros((10, 40), np.uint8)
    wide[:, 15:25] = 255  # a centred white square in a wide black crop
    np.testing.assert_allclose(preprocess(wide), 1.0)  # the centred square is kept, not squashed


@pytest.mark.parametrize(
    "crop",
    [np.zeros((10, 10), np.float32), np.zeros((0, 5), np.uint8), np.zeros((4, 4, 4, 3), np.uint8)],
    ids=["float", "empty", "4-d"],
)
def test_preprocess_rejects_what_is_not_a_crop(crop) -> None:
    with pytest.raises(ValueError, match="uint8"):
        preprocess(crop)


# --------------------------------------------------------------------------------------------
# Predictions and layers
# --------------------------------------------------------------------------------------------


def test_predict_matches_keras_predict(face_model) -> None:
    pictures = random_pictures(BATCH_LIMIT + 5)  # two chunks
    expected = face_model.model.predict(pictures, verbose=0)
    probabilities = predict(face_model, pictures)
    assert probabilities.shape == (len(pictures), 2)
    np.testing.assert_allclose(probabilities, expected, atol=1e-6)
    np.testing.assert_allclose(predict(face_model, pictures[:3, ..., 0]), expected[:3], atol=1e-6)


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        (np.zeros((25, 25, 1)), "batch of shape"),
        (np.zeros((0, 25, 25, 1)), "non-empty batch"),
        (np.zeros((2, 24, 24, 1)), "batch of shape"),
        (np.full((1, 25, 25, 1), 255.0), "values from 0 to 1"),
        (np.full((1, 25, 25, 1), np.nan), "without NaN"),
        (np.full((1, 25, 25, 1), "a"), "must hold numbers"),
    ],
)
def test_predict_rejects_bad_batches(face_model, batch, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        predict(face_model, batch)


def test_the_model_knows_faces_from_textures(face_model, astronaut_face) -> None:
    dataset = load_face_dataset()
    faces = dataset.test.images[dataset.test.labels == 1]
    assert (predict(face_model, faces)[:, 1] > 0.5).mean() >= 0.95
    assert predict(face_model, astronaut_face[np.newaxis])[0, 1] > 0.9
    textures = np.stack([preprocess(load_sample(name)) for name in ("brick", "grass", "text")])
    assert (predict(face_model, textures)[:, 1] < 0.5).all()


def test_layer_outputs_have_the_metadata_shapes(face_model, metadata, astronaut_face) -> None:
    outputs = layer_outputs(face_model, astronaut_face)
    assert list(outputs) == LAYER_NAMES
    for entry in metadata["layers"]:
        assert outputs[entry["name"]].shape == tuple(entry["output_shape"])
    np.testing.assert_allclose(
        outputs["softmax"], predict(face_model, astronaut_face[np.newaxis])[0], atol=1e-6
    )


def test_feature_maps_are_the_conv_and_pool_layers(face_model, astronaut_face) -> None:
    maps = feature_maps(face_model, astronaut_face)
    assert {name: value.shape for name, value in maps.items()} == {
        "conv1": (23, 23, 8),
        "pool1": (11, 11, 8),
        "conv2": (9, 9, 16),
        "pool2": (4, 4, 16),
    }
    reference = keras.Model(face_model.model.input, face_model.model.get_layer("conv2").output)
    np.testing.assert_allclose(maps["conv2"], reference(astronaut_face[np.newaxis])[0], atol=1e-6)
    assert (maps["conv1"] >= 0).all()  # after ReLU


def test_pictures_may_drop_the_channel_axis(face_model, astronaut_face) -> None:
    with_axis = layer_outputs(face_model, astronaut_face)["softmax"]
    without = layer_outputs(face_model, astronaut_face[..., 0])["softmax"]
    np.testing.assert_array_equal(with_axis, without)
    with pytest.raises(ValueError, match="one picture of shape"):
        layer_outputs(face_model, astronaut_face[np.newaxis])


def test_first_layer_kernels(face_model) -> None:
    kernels = first_layer_kernels(face_model)
    assert kernels.shape == (3, 3, 1, 8)
    np.testing.assert_array_equal(kernels, face_model.model.get_layer("conv1").get_weights()[0])
    kernels[...] = 0  # a copy: changing it leaves the model alone
    assert np.abs(face_model.model.get_layer("conv1").get_weights()[0]).sum() > 0


def test_calls_from_many_threads_agree(face_model) -> None:
    pictures = random_pictures(64, seed=3)
    expected = predict(face_model, pictures)
    results = [None] * 8

    def work(index: int) -> None:
        results[index] = predict(face_model, pictures)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        np.testing.assert_array_equal(result, expected)


# --------------------------------------------------------------------------------------------
# Opening the box: NumPy = Keras
# --------------------------------------------------------------------------------------------


def assert_numpy_equals_keras(face_model, picture: np.ndarray) -> None:
    by_numpy = numpy_forward(face_model, picture)
    by_keras = layer_outputs(face_model, picture)
    assert list(by_numpy) == list(by_keras)
    for name, value in by_keras.items():
        assert by_numpy[name].shape == value.shape, name
        np.testing.assert_allclose(by_numpy[name], value, rtol=1e-5, atol=1e-5, err_msg=name)


@settings(deadline=None, max_examples=15)
@given(
    hnp.arrays(
        np.float32,
        (25, 25, 1),
        elements=st.floats(0, 1, width=32),
    )
)
def test_numpy_forward_equals_keras_on_random_pictures(face_model, picture) -> None:
    assert_numpy_equals_keras(face_model, picture)


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_numpy_forward_equals_keras_on_flat_pictures(face_model, value: float) -> None:
    assert_numpy_equals_keras(face_model, np.full((25, 25, 1), value, np.float32))


def test_numpy_forward_equals_keras_on_real_faces(face_model, astronaut_face) -> None:
    assert_numpy_equals_keras(face_model, astronaut_face)
    test = load_face_dataset().test
    for picture in test.images[:6]:
        assert_numpy_equals_keras(face_model, picture)


def test_numpy_forward_refuses_an_unknown_layer() -> None:
    inputs = keras.Input((25, 25, 1))
    x = keras.layers.Conv2D(2, 3, name="conv1")(inputs)
    x = keras.layers.Flatten()(keras.layers.BatchNormalization()(x))
    outputs = keras.layers.Softmax(name="softmax")(keras.layers.Dense(2, name="logits")(x))
    unusual = FaceModel(keras.Model(inputs, outputs), {"classes": ["not face", "face"]})
    with pytest.raises(ValueError, match="does not know the layer"):
        numpy_forward(unusual, np.zeros((25, 25, 1)))


@pytest.mark.parametrize(
    ("conv_options", "message"),
    [({"padding": "same"}, "'valid' padding only"), ({"activation": "tanh"}, "uses 'tanh'")],
)
def test_numpy_forward_refuses_what_it_does_not_compute(conv_options, message) -> None:
    inputs = keras.Input((25, 25, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3, name="conv1", **conv_options)(inputs))
    outputs = keras.layers.Softmax(name="softmax")(keras.layers.Dense(2, name="logits")(x))
    unusual = FaceModel(keras.Model(inputs, outputs), {"classes": ["not face", "face"]})
    with pytest.raises(ValueError, match=message):
        numpy_forward(unusual, np.zeros((25, 25, 1)))


# --------------------------------------------------------------------------------------------
# Where the network looks
# --------------------------------------------------------------------------------------------


def naive_occlusion(face_model, picture, patch: int, stride: int, value: float) -> np.ndarray:
    """One prediction per patch position, drops averaged per pixel: the definition, slowly."""
    baseline = predict(face_model, picture[np.newaxis])[0, 1]
    starts = list(range(0, 25 - patch + 1, stride))
    starts += [] if starts[-1] == 25 - patch else [25 - patch]
    total, count = np.zeros((25, 25)), np.zeros((25, 25))
    for row in starts:
        for col in starts:
            occluded = picture.copy()
            occluded[row : row + patch, col : col + patch] = value
            drop = baseline - predict(face_model, occluded[np.newaxis])[0, 1]
            total[row : row + patch, col : col + patch] += drop
            count[row : row + patch, col : col + patch] += 1
    return total / count


@pytest.mark.parametrize(
    ("patch", "stride", "fill"), [(7, 4, "gray"), (5, 5, "mean"), (25, 1, "gray"), (3, 1, "mean")]
)
def test_occlusion_map_matches_its_definition(face_model, astronaut_face, patch, stride, fill):
    value = 0.5 if fill == "gray" else float(astronaut_face.mean())
    expected = naive_occlusion(face_model, astronaut_face, patch, stride, value)
    result = occlusion_map(face_model, astronaut_face, patch=patch, stride=stride, fill=fill)
    assert result.shape == (25, 25)
    np.testing.assert_allclose(result, expected, atol=1e-5)


def test_many_occlusion_maps_from_one_batch_are_each_pairs_map(face_model, astronaut_face):
    """One batch for many pairs (shared positions asked once) gives every pair's own map."""
    pairs = [(1, 1), (2, 2), (7, 1), (7, 3), (7, 7), (12, 5), (25, 1), (25, 8)]
    maps = occlusion_maps(face_model, astronaut_face, pairs, fill="gray")
    assert list(maps) == pairs
    for patch, stride in pairs:
        expected = naive_occlusion(face_model, astronaut_face, patch, stride, 0.5)
        np.testing.assert_allclose(maps[patch, stride], expected, atol=1e-5)


def test_many_occlusion_maps_refuse_a_bad_pair_before_asking(
    face_model, astronaut_face, monkeypatch
):
    import core.model

    asked = []
    monkeypatch.setattr(core.model, "_probabilities", lambda *args: asked.append(args))
    with pytest.raises(ValueError, match="never hidden"):
        occlusion_maps(face_model, astronaut_face, [(7, 1), (2, 5)])
    assert asked == []  # the network was not asked anything


def test_occluding_the_face_lowers_p_face(face_model, astronaut_face) -> None:
    drops = occlusion_map(face_model, astronaut_face, patch=9, stride=1, fill="gray")
    assert np.isfinite(drops).all()
    # Hiding the middle of the face costs P(face): 0.043 on average for the shipped network.
    assert drops[8:17, 8:17].mean() > 0.02
    hidden = astronaut_face.copy()
    hidden[6:19, 6:19] = 0.5
    before, after = predict(face_model, np.stack([astronaut_face, hidden]))[:, 1]
    assert after < before - 0.1


def test_occlusion_with_a_one_pixel_patch(face_model, astronaut_face) -> None:
    drops = occlusion_map(face_model, astronaut_face, patch=1, stride=1)
    assert drops.shape == (25, 25) and np.isfinite(drops).all()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"patch": 0}, "patch must be"),
        ({"patch": 26}, "patch must be"),
        ({"patch": 2.5}, "patch must be"),
        ({"stride": 0}, "stride must be"),
        ({"patch": 5, "stride": 6}, "never hidden"),
        ({"patch": 3, "stride": 40}, "never hidden"),
        ({"fill": "black"}, "fill must be"),
    ],
)
def test_occlusion_rejects_bad_options(face_model, astronaut_face, options, message) -> None:
    with pytest.raises(ValueError, match=message):
        occlusion_map(face_model, astronaut_face, **options)


def test_grad_cam_is_a_non_negative_map_scaled_to_one(face_model, astronaut_face) -> None:
    cam = grad_cam(face_model, astronaut_face)
    assert cam.cells.shape == (9, 9) and cam.picture.shape == (25, 25)
    assert cam.cells.min() >= 0 and cam.cells.max() == pytest.approx(1)
    assert np.isfinite(cam.picture).all() and 0 <= cam.picture.min() <= cam.picture.max() <= 1
    assert cam.field.layer == "conv2" and cam.strongest_cell is not None
    for layer in ("conv1", "pool2"):
        other = grad_cam(face_model, astronaut_face, layer=layer)
        assert other.picture.shape == (25, 25) and other.picture.min() >= 0
        assert other.picture.max() <= 1 and other.field.layer == layer


def test_grad_cam_weights_channels_by_their_mean_gradient(face_model, astronaut_face) -> None:
    # Reference without TensorFlow's gradients: backpropagate the face logit by hand from the
    # logits to conv2's map: through the logits and dense layers (ReLU: only active units pass
    # it), the flatten, and the max pool (each window's gradient goes to its winner).
    model = face_model.model
    activations = feature_maps(face_model, astronaut_face)["conv2"].astype(np.float64)
    dense_weights, dense_bias = model.get_layer("dense").get_weights()
    logit_weights, _ = model.get_layer("logits").get_weights()
    pooled = pool2d(activations, 2)
    hidden = pooled.reshape(-1) @ dense_weights + dense_bias
    to_pooled = (dense_weights @ (logit_weights[:, 1] * (hidden > 0))).reshape(pooled.shape)
    rows, cols = pool2d_argmax(activations, 2)
    gradients = np.zeros_like(activations)
    channels = np.broadcast_to(np.arange(activations.shape[2]), rows.shape)
    np.add.at(gradients, (rows, cols, channels), to_pooled)
    coarse = np.maximum(activations @ gradients.mean(axis=(0, 1)), 0)
    np.testing.assert_allclose(
        grad_cam(face_model, astronaut_face).cells, coarse / coarse.max(), atol=1e-5
    )


def spot_finder() -> FaceModel:
    """A hand-built network whose "face" score is the brightness of one bright spot.

    One filter per conv layer, each passing its centre pixel on unchanged; the dense layer adds
    up pool2's 16 values and the "face" logit is that sum. So the only evidence Grad-CAM can find
    is the spot, and it must be drawn where the spot is.
    """
    model = build_model(filters=(1, 1), dense_units=1, dropout=0.0)
    centre = np.zeros((3, 3, 1, 1), np.float32)
    centre[1, 1] = 1
    model.get_layer("conv1").set_weights([centre, np.zeros(1, np.float32)])
    model.get_layer("conv2").set_weights([centre, np.zeros(1, np.float32)])
    model.get_layer("dense").set_weights([np.ones((16, 1), np.float32), np.zeros(1, np.float32)])
    model.get_layer("logits").set_weights(
        [np.array([[0.0, 1.0]], np.float32), np.zeros(2, np.float32)]
    )
    return FaceModel(model, {"classes": ["not face", "face"]})


# Spots whose brightness reaches pool2 (the network's corners fall out of its valid convolutions
# and its poolings' dropped last rows): from the first conv2 cell to the last that pool2 keeps.
@pytest.mark.parametrize("spot", [(3, 3), (4, 18), (12, 12), (16, 3), (17, 17), (9, 6)])
def test_grad_cam_is_drawn_where_the_evidence_is(spot) -> None:
    picture = np.zeros((25, 25, 1), np.float32)
    picture[spot] = 1.0
    cam = grad_cam(spot_finder(), picture)
    peak = np.unravel_index(int(cam.picture.argmax()), cam.picture.shape)
    assert cam.picture.max() > 0
    assert abs(peak[0] - spot[0]) <= 1 and abs(peak[1] - spot[1]) <= 1, (peak, spot)
    rows, cols = (cam.field.window(i) for i in cam.strongest_cell)
    assert rows[0] <= spot[0] <= rows[1] and cols[0] <= spot[1] <= cols[1]


def test_grad_cam_rejects_bad_options(face_model, astronaut_face) -> None:
    with pytest.raises(ValueError, match="conv or pool layer"):
        grad_cam(face_model, astronaut_face, layer="dense")
    with pytest.raises(ValueError, match="class_name must be"):
        grad_cam(face_model, astronaut_face, class_name="cat")


def test_faceness_map_of_the_astronaut(face_model) -> None:
    photo = load_sample("astronaut")
    faceness = faceness_map(face_model, photo)
    assert faceness.probability.shape == photo.shape[:2]
    assert faceness.probability.dtype == np.float32
    assert faceness.probability.min() >= 0 and faceness.probability.max() <= 1
    assert faceness.windows == 48**2 + 34**2 + 26**2  # 77, 102 and 128-pixel windows, step 3/25
    box = detect_faces(photo)[0]
    assert box.crop(faceness.probability).max() > 0.5  # the face lights up
    assert (faceness.probability > 0.5).mean() < 0.25  # ...and most of the photo does not
    best = faceness.best_box
    assert best.top + best.side <= 512 and best.left + best.side <= 512
    assert 0.5 < faceness.best_probability <= 1


def test_faceness_map_matches_windows_classified_one_by_one(face_model) -> None:
    # A 100 × 100 photo at scale 0.25: the window is 25 pixels, so no shrinking at all.
    photo = (np.random.default_rng(4).random((100, 100)) * 255).astype(np.uint8)
    photo[30:70, 30:70] = to_gray(load_sample("astronaut")[74:161, 178:265])[::2, ::2][:40, :40]
    faceness = faceness_map(face_model, photo, scales=(0.25,), stride=0.2)  # a step of 5 pixels
    assert faceness.windows == 16 * 16
    for top, left in ((0, 0), (35, 40), (75, 75)):
        window = to_unit(photo[top : top + 25, left : left + 25])[np.newaxis, ..., np.newaxis]
        expected = predict(face_model, window)[0, 1]
        assert faceness.probability[top + 12, left + 12] == pytest.approx(expected, abs=1e-6)


def test_faceness_map_averages_its_scales(face_model) -> None:
    photo = load_sample("camera")
    single = [faceness_map(face_model, photo, scales=(scale,)).probability for scale in (0.2, 0.3)]
    both = faceness_map(face_model, photo, scales=(0.2, 0.3)).probability
    np.testing.assert_allclose(both, (single[0] + single[1]) / 2, atol=1e-6)


def test_faceness_map_of_tiny_and_gray_photos(face_model) -> None:
    tiny = faceness_map(face_model, np.zeros((10, 30), np.uint8), scales=(1.0,))
    assert tiny.probability.shape == (10, 30) and tiny.windows >= 1
    assert np.isfinite(tiny.probability).all()


def test_faceness_map_of_a_one_pixel_photo_has_a_drawable_square(face_model) -> None:
    scan = faceness_map(face_model, np.full((1, 1), 200, np.uint8))
    assert scan.best_box.side == 1 and scan.probability.shape == (1, 1)


def test_a_long_thin_photo_is_refused_before_any_window_is_read(face_model) -> None:
    assert scan_problem((1, 1024, 3)) == (
        "This picture is too long and thin to scan: the longer side may be at most 8 times the "
        "shorter (this one is 1024 × 1)."
    )
    assert scan_problem((64, 512)) is None  # exactly 8 times is allowed
    with pytest.raises(ValueError, match="too long and thin"):
        faceness_map(face_model, np.zeros((3, 4000), np.uint8))


@pytest.mark.parametrize(
    ("photo", "options", "message"),
    [
        (np.zeros((50, 50), np.float32), {}, "uint8 photo"),
        (np.zeros((50, 50), np.uint8), {"scales": ()}, "scales are window sides"),
        (np.zeros((50, 50), np.uint8), {"scales": (0.0,)}, "scales are window sides"),
        (np.zeros((50, 50), np.uint8), {"scales": (1.5,)}, "scales are window sides"),
        (np.zeros((50, 50), np.uint8), {"stride": 0}, "stride is a share"),
    ],
)
def test_faceness_map_rejects_bad_arguments(face_model, photo, options, message) -> None:
    with pytest.raises(ValueError, match=message):
        faceness_map(face_model, photo, **options)


# --------------------------------------------------------------------------------------------
# Checking the explanations and the framing
# --------------------------------------------------------------------------------------------


def test_randomisation_runs_from_the_top_layer_down(face_model) -> None:
    assert randomisation_steps(face_model) == ("logits", "dense", "conv2", "conv1")


def test_a_randomised_copy_changes_only_the_layers_it_names(face_model) -> None:
    before = [weights.copy() for weights in face_model.model.get_weights()]
    copy = randomised_copy(face_model, "dense")
    for layer in face_model.model.layers:
        learned, fresh = layer.get_weights(), copy.model.get_layer(layer.name).get_weights()
        for original, new in zip(learned, fresh, strict=True):
            if layer.name in ("logits", "dense"):
                assert not np.array_equal(original, new) or not original.any(), layer.name
            else:
                np.testing.assert_array_equal(original, new)
    for original, after in zip(before, face_model.model.get_weights(), strict=True):
        np.testing.assert_array_equal(original, after)  # the shipped network is untouched
    again = randomised_copy(face_model, "dense")
    assert again.fingerprint == copy.fingerprint  # the same seed, the same random weights
    with pytest.raises(ValueError, match="down_to must be one of"):
        randomised_copy(face_model, "pool1")


def test_random_kernels_have_glorot_uniform_spread(face_model) -> None:
    dense = randomised_copy(face_model, "dense").model.get_layer("dense").get_weights()[0]
    limit = np.sqrt(6 / (dense.shape[0] + dense.shape[1]))
    assert np.abs(dense).max() <= limit
    assert dense.std() == pytest.approx(limit / np.sqrt(3), rel=0.05)


@given(
    hnp.arrays(np.float64, (5, 5), elements=st.floats(-10, 10)),
    hnp.arrays(np.float64, (5, 5), elements=st.floats(-10, 10)),
)
def test_rank_correlation_is_spearmans(first, second) -> None:
    value = rank_correlation(first, second)
    if np.ptp(first) == 0 or np.ptp(second) == 0:
        assert value == 0.0
    else:
        assert value == pytest.approx(stats.spearmanr(first.ravel(), second.ravel()).statistic)
    assert -1 - 1e-12 <= value <= 1 + 1e-12


def test_grad_cam_passes_the_randomisation_sanity_check(face_model) -> None:
    """Adebayo et al. (2018): with every layer random, Grad-CAM must look unlike the trained one.

    Measured on the shipped network: median rank correlation −0.01 over the 20 test faces of its
    fold (0.36 with only logits and dense random, when conv2's own maps still shape it; an earlier
    network measured 0.17 and 0.51). The bound 0.35 leaves room for a retrained network while
    failing a map that ignores the weights.
    """
    test = load_face_dataset(fold=SHIPPED_FOLD).test
    faces = test.images[test.labels == 1]
    random = randomised_copy(face_model, "conv1")
    correlations = [
        rank_correlation(grad_cam(face_model, face).cells, grad_cam(random, face).cells)
        for face in faces
    ]
    assert np.median(correlations) < 0.35


def test_framing_at_one_is_the_detector_crop(face_model, astronaut_face) -> None:
    photo = load_sample("astronaut")
    box = detect_faces(photo)[0]
    probabilities = framing_probabilities(face_model, photo, box, [1.0, 2.0])
    assert probabilities[0] == pytest.approx(predict(face_model, astronaut_face[None])[0, 1])
    wider = square_at(
        photo.shape,
        centre_row=box.top + box.side // 2,
        centre_col=box.left + box.side // 2,
        side=2 * box.side,
    )
    expected = predict(face_model, preprocess(wider.crop(photo))[None])[0, 1]
    assert probabilities[1] == pytest.approx(expected)


# --------------------------------------------------------------------------------------------
# Inside the network: activations over a batch, receptive fields, feature visualisation
# --------------------------------------------------------------------------------------------


def test_batch_activations_are_each_pictures_layer_output(face_model) -> None:
    pictures = random_pictures(5)
    for layer in ("conv1", "conv2", "dense"):
        together = batch_activations(face_model, pictures, layer)
        one_by_one = np.stack([layer_outputs(face_model, p)[layer] for p in pictures])
        np.testing.assert_allclose(together, one_by_one, atol=1e-6)
    with pytest.raises(ValueError, match="layer must be one of"):
        batch_activations(face_model, pictures, "conv9")


@pytest.mark.parametrize("layer", ["conv1", "pool1", "conv2", "pool2"])
def test_a_cell_changes_only_when_a_pixel_of_its_window_changes(face_model, layer) -> None:
    """The receptive field against the network itself: change one input pixel at a time and see
    which cells of ``layer`` change (a bias-free copy with positive weights, so that ReLU and
    max-pooling cannot hide a change that reaches a cell)."""
    positive = keras.models.clone_model(face_model.model)
    positive.set_weights(
        [
            np.abs(w) + 0.01 if w.ndim > 1 else np.zeros_like(w)
            for w in face_model.model.get_weights()
        ]
    )
    probe = FaceModel(positive, {"classes": list(face_model.classes)})
    field = receptive_field(face_model, layer)
    base = np.full((25, 25, 1), 0.5, np.float32)
    base += np.random.default_rng(0).uniform(0, 0.01, base.shape).astype(np.float32)
    pictures = [base]
    for pixel in range(625):
        changed = base.copy()
        changed[divmod(pixel, 25)] += 0.3
        pictures.append(changed)
    maps = batch_activations(probe, np.stack(pictures), layer)[..., 0]
    moved = np.abs(maps[1:] - maps[0]) > 1e-6  # (pixels, cells, cells)
    for row in range(field.cells):
        for col in range(field.cells):
            (top, bottom), (left, right) = field.window(row), field.window(col)
            seen = np.zeros((25, 25), bool)
            seen[top : bottom + 1, left : right + 1] = True
            reached = moved[:, row, col].reshape(25, 25)
            assert not reached[~seen].any(), (layer, row, col)  # nothing outside the window
            if layer.startswith("conv"):  # a max-pool may keep another window's maximum
                assert reached[seen].all(), (layer, row, col)


@pytest.mark.parametrize(("layer", "channel"), [("logits", None), ("conv1", 0), ("conv2", 5)])
def test_gradient_ascent_raises_its_target(face_model, layer, channel) -> None:
    grown = visualise(face_model, layer, channel, steps=16)
    assert grown.frames.shape == (17, 25, 25) and grown.values.shape == (17,)
    assert grown.frames.min() >= 0 and grown.frames.max() <= 1
    assert grown.values[-1] > grown.values[0]
    again = visualise(face_model, layer, channel, steps=16)
    np.testing.assert_array_equal(again.frames, grown.frames)  # seeded
    if layer == "logits":  # the value is the face score of the frame, computed afresh
        scores = layer_outputs(face_model, grown.frames[-1][..., None])["logits"]
        assert grown.values[-1] == pytest.approx(scores[face_model.face_index], abs=1e-4)


@pytest.mark.parametrize(
    ("layer", "channel", "message"),
    [("dense", 0, "layer must be"), ("conv1", 8, "channels 0 to 7"), ("conv2", None, "channels")],
)
def test_visualise_refuses_unknown_targets(face_model, layer, channel, message) -> None:
    with pytest.raises(ValueError, match=message):
        visualise(face_model, layer, channel, steps=1)
