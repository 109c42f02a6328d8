"""The "Training lab" page: training runs live, presets set the controls, runs are compared."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

from core import transfer
from core.lab_settings import PRESETS, LabSettings
from core.model import FaceModel
from core.optimizers import OPTIMIZERS, SHOWER, VALLEY, descend_1d, optimize_2d, outcome
from pages.sections.training.run_face import (
    CONTROL_SLIDERS,
    FRACTION_OPTIONS,
    SEED_KEY,
    view_key,
)
from pages.sections.training.settings import TrainingSettings
from tests.apptest_helpers import (
    all_text,
    component_data,
    decode_plotly_array,
    headings,
    instant_data,
    instant_view,
    let_go,
    plotly_spec,
    static_chart,
    widget,
)
from tests.crafted_text import markdown_shown
from tests.streamlit_server import REPO

TRAINING = "pages/training.py"


@pytest.fixture
def lab(app):
    return open_lab(app)


def open_lab(app):
    app.run()
    app.switch_page(TRAINING)
    app.run()
    assert not app.exception
    return app


def train(app, *, epochs: int = 2, **controls):
    """Set the controls (by widget key) and press Train."""
    app.session_state["training_epochs"] = epochs
    for key, value in controls.items():
        app.session_state[key] = value
    app.button(key="training_train").click().run()
    assert not app.exception
    return app


def curves(app) -> dict[str, np.ndarray]:
    """The live figure's traces: "training accuracy", "validation loss", ..."""
    chart = next(
        json.loads(c.proto.spec)
        for c in app.get("plotly_chart")
        if "Accuracy (higher is better)" in c.proto.spec
    )
    metrics = ("accuracy", "accuracy", "loss", "loss")  # the order the figure adds them in
    return {
        f"{trace['name']} {metric}": decode_plotly_array(trace["y"])
        for trace, metric in zip(chart["data"], metrics, strict=True)
    }


def test_the_page_opens_with_no_run_and_says_what_to_do(lab):
    text = all_text(lab)
    assert "No run yet" in text
    assert "The network learns from **592 pictures**: 80 faces and 512" in text
    assert "Compare runs" in headings(lab)
    assert not any("Accuracy (higher is better)" in c.proto.spec for c in lab.get("plotly_chart"))


def test_a_short_run_draws_the_curves_the_results_and_the_comparison(lab):
    train(lab, epochs=2)
    run = lab.session_state["training_run"]
    assert run.epochs_done == 2 and not lab.session_state["training_running"]
    drawn = curves(lab)
    np.testing.assert_allclose(drawn["training accuracy"], run.history["accuracy"])
    np.testing.assert_allclose(drawn["validation loss"], run.history["val_loss"])
    assert "Epoch 2 of 2" in [p.proto.text for p in lab.get("progress")]
    text = all_text(lab)
    assert f"validation accuracy **{run.history['val_accuracy'][-1]:.1%}**" in text
    assert "Only 2 epoch(s) so far" in text
    # The run is offered by its validation accuracy; the test pictures wait for the choice.
    assert (
        f"- Run 1: {run.settings.describe()}: **{run.history['val_accuracy'][-1]:.1%}** (the best)"
        in text
    )
    assert "training_confusion" not in chart_ids(lab)
    lab.button(key="training_use_model").click().run()
    assert "training_confusion" not in chart_ids(lab)
    lab.button(key="training_test_chosen").click().run()
    matrix = decode_plotly_array(plotly_spec(lab, "training_confusion")["data"][0]["z"])
    assert matrix.sum() == 40  # every test picture once
    text = all_text(lab)
    assert f"the chosen network gets **{int(np.trace(matrix))} of 40** right" in text
    assert "used neither to train the network nor to choose it" in text
    # The filters of the first layer are drawn, with the epoch they belong to.
    captions = [caption for image in lab.get("image") for caption in image.captions]
    assert any("The 8 filters of the first layer after epoch 2" in c for c in captions)
    comparison = plotly_spec(lab, "training_comparison")
    assert [trace["name"] for trace in comparison["data"]] == ["Run 1", "Run 1 (train)"]


def chart_ids(app) -> str:
    return str([chart.proto.id for chart in app.get("plotly_chart")])


def test_the_best_run_by_validation_is_the_one_handed_over(lab):
    train(lab, epochs=1, training_fraction=0.5)
    train(lab, epochs=3)
    runs = lab.session_state["training_runs"]
    best = max(runs, key=lambda kept: kept["history"]["val_accuracy"][-1])
    name = best["label"].split(":")[0]
    assert f"Use {name}, the best by validation, on the Face page" in [b.label for b in lab.button]
    lab.button(key="training_use_model").click().run()
    assert lab.session_state["trained_face_model"] is best["network"]
    assert f"The Face page can use {name}'s network" in all_text(lab)


def test_a_second_run_is_laid_over_the_first(lab):
    train(lab, epochs=2)
    train(lab, epochs=3, training_optimizer="SGD", training_learning_rate=0.05)
    runs = lab.session_state["training_runs"]
    assert len(runs) == 2 and "SGD 0.05" in runs[1]["label"]
    comparison = plotly_spec(lab, "training_comparison")
    lengths = [len(decode_plotly_array(trace["y"])) for trace in comparison["data"]]
    assert lengths == [2, 2, 3, 3]
    lab.button(key="training_clear").click().run()
    assert "training_comparison" not in str([c.proto.id for c in lab.get("plotly_chart")])


#: The instant sliders of the next run's settings: setting name → component key, and the
#: `LabSettings` field each sets.
SLIDERS = {slider.name: view_key(slider) for slider in CONTROL_SLIDERS}
FIELDS = {
    "training_epochs": "epochs",
    "training_learning_rate": "learning_rate",
    "training_batch_size": "batch_size",
    "training_dropout": "dropout",
    "training_fraction": "training_fraction",
}


def shown(app, name: str):
    """The value the browser is told to show on the slider of setting ``name``."""
    (value,) = instant_data(app, SLIDERS[name])["values"]
    return value


def seed_shown(app) -> int:
    """The seed the browser is told to show in its number field (`pages.instant_number`)."""
    (value,) = component_data(app, SEED_KEY)["values"]
    return value


def versions(app) -> dict[str, int]:
    return {name: instant_data(app, key)["version"] for name, key in SLIDERS.items()}


def caption(app) -> str:
    (words,) = instant_view(app, SLIDERS["training_fraction"])["paragraphs"]
    return words


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_set_the_controls(lab, name):
    let_go(lab, SLIDERS["training_dropout"], [0.65])  # moved by hand first
    before = versions(lab)
    lab.button(key=f"training_preset_{name}").click().run()
    preset = PRESETS[name]
    assert widget(lab.toggle, "training_augmentation").value is preset.augmentation
    for setting, field in FIELDS.items():
        assert lab.session_state[setting] == getattr(preset, field)
        assert shown(lab, setting) == getattr(preset, field)  # the browser is told ...
        assert lab.query_params[setting] == str(getattr(preset, field))
    changed = [s for s, f in FIELDS.items() if getattr(preset, f) != getattr(LabSettings(), f)]
    assert changed and "training_dropout" in changed
    for setting in changed:  # ... with a new version, so it takes them
        assert versions(lab)[setting] > before[setting]
    assert caption(lab).startswith(f"{preset.training_fraction:.0%} to learn from")
    assert lab.session_state["training_seed"] == seed_shown(lab) == preset.seed


def test_every_slider_starts_at_its_default_and_only_the_fraction_has_a_view(lab):
    defaults = LabSettings()
    for setting, field in FIELDS.items():
        assert shown(lab, setting) == getattr(defaults, field) == lab.session_state[setting]
        assert (instant_data(lab, SLIDERS[setting])["views"] is None) == (
            setting != "training_fraction"
        )
    [learning_rate] = instant_data(lab, SLIDERS["training_learning_rate"])["sliders"]
    assert learning_rate["label"] == "Learning rate"
    assert learning_rate["labels"][:4] == ["0.0001", "0.0002", "0.0005", "0.001"]
    assert learning_rate["help"].startswith("How big each step is.")
    [fraction] = instant_data(lab, SLIDERS["training_fraction"])["sliders"]
    assert fraction["labels"][0] == "0.10" and fraction["labels"][-1] == "0.90"
    assert caption(lab) == "80% to learn from, 20% to check on. Same seed and settings, same run."


def test_the_caption_follows_the_training_fraction(lab):
    views = instant_data(lab, SLIDERS["training_fraction"])["views"]
    assert len(views) == len(FRACTION_OPTIONS) == 17  # 0.10, 0.15, ... 0.90
    for fraction in (0.35, 0.1, 0.9, 0.55):
        let_go(lab, SLIDERS["training_fraction"], [fraction])
        assert lab.session_state["training_fraction"] == fraction
        assert lab.query_params["training_fraction"] == str(fraction)
        learn = round(fraction * 100)
        assert caption(lab).startswith(f"{learn}% to learn from, {100 - learn}% to check on.")
        assert not lab.exception


def test_train_uses_the_values_let_go_of(lab):
    chosen = {
        "training_epochs": 1,
        "training_learning_rate": 0.01,
        "training_batch_size": 16,
        "training_dropout": 0.15,
        "training_fraction": 0.5,
    }
    for setting, value in chosen.items():
        let_go(lab, SLIDERS[setting], [value])
    let_go(lab, SEED_KEY, [42])
    assert lab.query_params["training_seed"] == "42"
    lab.button(key="training_train").click().run()
    assert not lab.exception
    run = lab.session_state["training_run"]
    assert run.settings.seed == 42 and isinstance(run.settings.seed, int)
    for setting, value in chosen.items():
        assert getattr(run.settings, FIELDS[setting]) == value
    assert isinstance(run.settings.epochs, int) and isinstance(run.settings.dropout, float)
    assert len(run.train) + len(run.validation) == 592
    assert abs(len(run.train) - 296) <= 2  # half of the pictures to learn from
    assert "Adam 0.01 · batch 16 · dropout 0.15" in run.settings.describe()


def test_a_let_go_in_the_same_run_as_a_button_press_counts(lab):
    """The browser may send a letting go and a button press in one rerun: Train reads the new
    value, and a preset pressed after a letting go replaces it."""
    lab.session_state[SLIDERS["training_epochs"]] = {"values": {"values": [1], "commit": "a"}}
    lab.session_state[SEED_KEY] = {"values": {"values": [9999], "commit": "a"}}
    lab.button(key="training_train").click().run()
    assert lab.session_state["training_run"].settings.epochs == 1
    assert lab.session_state["training_run"].settings.seed == 9999
    assert shown(lab, "training_epochs") == 1 and seed_shown(lab) == 9999

    lab.session_state[SLIDERS["training_fraction"]] = {"values": {"values": [0.6], "commit": "b"}}
    lab.button(key="training_preset_Overfit").click().run()
    assert lab.session_state["training_fraction"] == PRESETS["Overfit"].training_fraction
    assert shown(lab, "training_fraction") == PRESETS["Overfit"].training_fraction


def test_a_preset_back_to_the_value_first_shown_replaces_a_value_let_go_of(lab):
    """The browser shows what was let go of; a preset that sets the value it was shown before
    must still be drawn (a version raised), not left behind the let go's value."""
    first = shown(lab, "training_batch_size")
    other = next(size for size in (16, 32, 64, 128) if size != first)
    preset = next(name for name, values in PRESETS.items() if values.batch_size == first)
    let_go(lab, SLIDERS["training_batch_size"], [other])
    before = versions(lab)["training_batch_size"]
    lab.button(key=f"training_preset_{preset}").click().run()
    assert lab.session_state["training_batch_size"] == first
    assert shown(lab, "training_batch_size") == first
    assert versions(lab)["training_batch_size"] > before


def test_a_link_sets_the_sliders(app):
    app.run()
    app.switch_page(TRAINING)
    link = {
        "training_learning_rate": "0.001",
        "training_dropout": "0.25",
        "training_fraction": "0.8",
        "training_epochs": "7",
        "training_batch_size": "64",
        "training_seed": "77",
    }
    for name, text in link.items():
        app.query_params[name] = text
    app.run()
    assert not app.exception and not app.toast  # nothing in the link was ignored
    settings = TrainingSettings.from_state(app.session_state)
    assert (settings.learning_rate, settings.dropout, settings.training_fraction) == (
        0.001,
        0.25,
        0.8,
    )
    assert (settings.epochs, settings.batch_size) == (7, 64)
    assert [shown(app, name) for name in list(link)[:-1]] == [0.001, 0.25, 0.8, 7, 64]
    assert settings.seed == seed_shown(app) == 77
    assert TrainingSettings.from_query({k: [v] for k, v in app.query_params.items()})[0] == settings
    assert caption(app).startswith("80% to learn from")


def test_a_link_may_write_a_value_the_slider_shows_another_way(app):
    app.run()
    app.switch_page(TRAINING)
    app.query_params["training_fraction"] = "0.30"
    app.query_params["training_learning_rate"] = "1e-2"
    app.run()
    assert app.session_state["training_fraction"] == 0.3
    assert app.session_state["training_learning_rate"] == 0.01
    assert app.query_params["training_fraction"] == "0.3"


@pytest.mark.parametrize(
    "sent",
    [[0.33], [1.5], [-0.05], ["0.4; drop"], [None], [True], [[0.4]], [0.4, 0.5], [], "0.4",
     [float("inf")], [{"value": 0.4}]],
)  # fmt: skip
def test_a_value_the_fraction_slider_does_not_offer_is_ignored(lab, sent):
    let_go(lab, SLIDERS["training_fraction"], sent)
    assert not lab.exception
    assert lab.session_state["training_fraction"] == 0.8
    assert caption(lab).startswith("80% to learn from")
    assert shown(lab, "training_fraction") == 0.8


def test_train_ignores_a_value_sent_with_its_press_that_no_slider_offers(lab):
    lab.session_state["training_epochs"] = 1
    lab.session_state[SLIDERS["training_fraction"]] = {"values": {"values": [1.0], "commit": "x"}}
    lab.button(key="training_train").click().run()
    assert not lab.exception
    assert lab.session_state["training_run"].settings.training_fraction == 0.8


@pytest.mark.parametrize(
    ("setting", "sent"),
    [("training_epochs", 2.5), ("training_epochs", 101), ("training_learning_rate", 0.003),
     ("training_batch_size", 48), ("training_dropout", 0.75), ("training_dropout", "nan")],
)  # fmt: skip
def test_a_value_a_slider_does_not_offer_is_ignored(lab, setting, sent):
    let_go(lab, SLIDERS[setting], [sent])
    assert not lab.exception
    assert lab.session_state[setting] == getattr(LabSettings(), FIELDS[setting])


def test_the_sliders_keep_their_values_on_another_page(lab):
    let_go(lab, SLIDERS["training_dropout"], [0.45])
    let_go(lab, SLIDERS["training_epochs"], [12])
    lab.switch_page("pages/pixels.py").run()
    assert not lab.exception
    lab.switch_page(TRAINING).run()
    assert (shown(lab, "training_dropout"), shown(lab, "training_epochs")) == (0.45, 12)
    assert TrainingSettings.from_state(lab.session_state).dropout == 0.45


def test_the_seed_is_a_number_field_answered_in_the_browser(lab):
    data = component_data(lab, SEED_KEY)
    assert not lab.number_input  # no arrow key reruns Python
    assert data["values"] == [1] == [lab.session_state["training_seed"]]
    [field] = data["fields"]
    assert (field["name"], field["label"], field["low"], field["high"]) == (
        "training_seed", "Seed", 0, 9999
    )  # fmt: skip
    assert (field["step"], field["decimals"]) == (1, 0)
    version = data["version"]
    let_go(lab, SEED_KEY, [123])
    assert lab.session_state["training_seed"] == 123 and lab.query_params["training_seed"] == "123"
    assert component_data(lab, SEED_KEY)["version"] == version  # the browser shows it already
    lab.switch_page("pages/pixels.py").run()
    lab.switch_page(TRAINING).run()
    assert seed_shown(lab) == 123 == TrainingSettings.from_state(lab.session_state).seed


@pytest.mark.parametrize(
    "sent",
    [[-1], [10000], [2.5], [float("nan")], [float("inf")], [True], [None], ["1; drop"],
     [10**400], [1, 2], [], {"seed": 5}],
)  # fmt: skip
def test_a_seed_the_field_does_not_take_is_ignored(lab, sent):
    let_go(lab, SEED_KEY, sent)
    assert not lab.exception
    assert lab.session_state["training_seed"] == 1 == seed_shown(lab)


@pytest.mark.parametrize("text", ["10000", "-3", "2.5", "seven", "1e3"])
def test_a_link_with_a_seed_the_field_does_not_take_is_ignored(app, text):
    app.run()
    app.switch_page(TRAINING)
    app.query_params["training_seed"] = text
    app.run()
    assert not app.exception
    assert app.session_state["training_seed"] == 1 == seed_shown(app)
    # the link's notice names what the page's settings cannot take (pages.links.check_link)
    assert TrainingSettings.from_query({"training_seed": [text]})[1] == [f"“training_seed={text}”"]


def test_a_batch_larger_than_the_training_pictures_gets_a_clear_message(lab):
    train(lab, training_fraction=0.1, training_batch_size=128)
    assert "A batch of 128 pictures is larger than the 59 training pictures" in all_text(lab)
    assert "training_run" not in lab.session_state


def test_the_overfit_preset_overfits_and_the_page_says_so_the_right_way_round(lab):
    lab.button(key="training_preset_Overfit").click().run()
    train(lab, epochs=30)
    run = lab.session_state["training_run"]
    assert run.history["accuracy"][-1] > run.history["val_accuracy"][-1]
    warning = " ".join(w.value for w in lab.warning)
    assert "This run is overfitting" in warning
    assert "Training accuracy is +" in warning  # training above validation


def test_two_sessions_train_independently(app):
    from streamlit.testing.v1 import AppTest

    first = open_lab(app)
    second = open_lab(AppTest.from_file(str(REPO / "app.py"), default_timeout=120))
    train(first, epochs=2, training_seed=1)
    history = {
        key: list(values) for key, values in first.session_state["training_run"].history.items()
    }
    train(second, epochs=2, training_seed=2)
    other = second.session_state["training_run"]
    assert other is not first.session_state["training_run"]
    assert other.history["val_loss"] != history["val_loss"]
    assert first.session_state["training_run"].history == history  # untouched by the other
    assert len(first.session_state["training_runs"]) == len(second.session_state["training_runs"])


def test_the_trained_model_is_offered_to_the_face_page_for_this_session(lab):
    train(lab, epochs=2)
    lab.button(key="training_use_model").click().run()
    chosen = lab.session_state["trained_face_model"]
    assert isinstance(chosen, FaceModel) and chosen.metadata["source"] == "training lab"
    assert chosen.model is not lab.session_state["training_run"].model  # a frozen copy
    assert "for your session only" in all_text(lab)


def face_answer(app) -> list[float]:
    return [line["x"][1] for line in static_chart(app, "face_probabilities")["lines"]]


def test_the_face_page_answers_with_the_lab_network_until_told_otherwise(lab):
    lab.switch_page("pages/face.py").run()
    assert not lab.exception
    assert not [r for r in lab.radio if r.label == "Which network answers"]  # nothing to choose
    shipped_answer = face_answer(lab)

    lab.switch_page(TRAINING).run()
    train(lab, epochs=2, training_fraction=0.5)
    lab.button(key="training_use_model").click().run()
    chosen = lab.session_state["trained_face_model"]
    lab.switch_page("pages/face.py").run()
    assert not lab.exception
    network = widget(lab.radio, "face_network")
    assert network.value == "lab"
    assert "2 epochs" in network.options[0]
    lab_answer = face_answer(lab)
    assert lab_answer != pytest.approx(shipped_answer, abs=1e-3)
    # The dataset section counts the lab's own training split, not the shipped model's.
    assert f"trained on {chosen.metadata['dataset_sizes']['train']['face']} faces" in all_text(lab)

    network.set_value("shipped").run()
    assert not lab.exception
    assert face_answer(lab) == pytest.approx(shipped_answer)


# --------------------------------------------------------------------------------------------
# Optimizer intuition
# --------------------------------------------------------------------------------------------


SHOWER_VIEW = "training_shower"  # the browser component of the shower's two sliders
VALLEY_VIEW = "training_valley"


def chart_lines(data: dict, view: dict) -> list[dict]:
    """The lines of a view's chart, a line another view also draws read where it was sent."""

    def sent(line):
        if "same" not in line:
            return line
        key, chart, index = line["same"]
        return data["views"][key]["charts"][chart]["lines"][index]

    return [sent(line) for line in view["charts"][0]["lines"]]


def shower_frames(app) -> list[dict]:
    """What the shower shows for the setting Python holds: one view, or Play's frames."""
    view = instant_view(app, SHOWER_VIEW)
    return view.get("sequence") or [view]


def shower_words(app) -> str:
    (words,) = shower_frames(app)[-1]["after"]
    return words


def ball(view: dict) -> tuple[float, float]:
    (marker,) = view["charts"][0]["markers"]
    return marker["x"], marker["y"]


def test_the_shower_ball_steps_and_resets(lab):
    assert shower_words(lab).startswith("Step **0** of 30: the water is at **20.0 °C**")
    lab.button(key="training_shower_step").click().run()
    lab.button(key="training_shower_step").click().run()
    path = descend_1d(SHOWER, start=20.0, learning_rate=2.0, steps=30)
    assert shower_words(lab).startswith(f"Step **2** of 30: the water is at **{path[2]:.1f} °C**")
    (view,) = shower_frames(lab)
    assert ball(view) == pytest.approx((path[2], SHOWER.loss(path[2])), abs=1e-3)
    assert view["charts"][0]["note"] == "step 2"
    steps = chart_lines(instant_data(lab, SHOWER_VIEW), view)[1]
    np.testing.assert_allclose(steps["x"], path[:3], atol=1e-3)  # the steps taken so far
    lab.button(key="training_shower_reset").click().run()
    assert shower_words(lab).startswith("Step **0** of 30")
    lab.button(key="training_shower_step").click().run()
    let_go(lab, SHOWER_VIEW, [2.0, 0.5])
    assert lab.session_state["training_shower_momentum"] == 0.5
    assert shower_words(lab).startswith("Step **0** of 30")  # a new setting starts again


def test_every_shower_setting_is_sent_at_its_start_beside_the_held_one_at_its_step(lab):
    lab.button(key="training_shower_step").click().run()
    data = instant_data(lab, SHOWER_VIEW)
    assert [slider["name"] for slider in data["sliders"]] == [
        "training_shower_rate",
        "training_shower_momentum",
    ]
    assert "training_shower_rate" not in lab.query_params  # not part of the page's link
    rates, momenta = (slider["options"] for slider in data["sliders"])
    assert len(data["views"]) == len(rates) * len(momenta) == 100
    for rate in rates:
        for momentum in momenta:
            view = data["views"][f"{rate},{momentum}"]
            path = descend_1d(SHOWER, start=20.0, learning_rate=rate, steps=30, momentum=momentum)
            step = 1 if (rate, momentum) == (2.0, 0.0) else 0  # the held one was stepped
            (words,) = view["after"]
            assert words.startswith(f"Step **{step}** of {len(path) - 1}: the water is at")
            assert ball(view) == pytest.approx((path[step], SHOWER.loss(path[step])), abs=1e-3)
            curve = chart_lines(data, view)[0]
            assert curve["colour"] == "#7F7F7F" and len(curve["x"]) == 200
    chart = data["views"]["2.0,0.0"]["charts"][0]
    assert (chart["xTitle"], chart["yTitle"]) == ("water temperature (°C)", "discomfort (the loss)")


@pytest.mark.parametrize(
    ("rate", "verdict"),
    [(2.0, "Converged"), (0.2, "Crawling"), (19.0, "Oscillating"), (21.0, "Diverged")],
)
def test_play_runs_the_ball_to_the_end_and_names_what_happened(lab, rate, verdict):
    let_go(lab, SHOWER_VIEW, [rate, 0.0])
    lab.button(key="training_shower_step").click().run()
    lab.button(key="training_shower_play").click().run()
    path = descend_1d(SHOWER, start=20.0, learning_rate=rate, steps=30)
    assert outcome(SHOWER, path) == verdict.lower()  # what core says happened ...
    frames = shower_frames(lab)
    assert len(frames) == len(path) - 1  # played from step 1 to the last, in the browser
    assert instant_view(lab, SHOWER_VIEW)["sequenceMs"] == 80
    for step, frame in enumerate(frames, start=1):
        assert frame["after"][0].startswith(f"Step **{step}** of {len(path) - 1}")
        assert ("verdict" in frame) == (step == len(path) - 1)
    kind, message = frames[-1]["verdict"]
    assert f"**{verdict}.**" in message  # ... is what the page says
    assert kind == ("success" if verdict == "Converged" else "warning")
    lab.button(key="training_shower_step").click().run()  # at the end: it stays there
    (view,) = shower_frames(lab)
    assert view["after"][0].startswith(f"Step **{len(path) - 1}** of")
    assert f"**{verdict}.**" in view["verdict"][1]


def valley_paths(app, key: str | None = None) -> dict[str, np.ndarray]:
    data = instant_data(app, VALLEY_VIEW)
    view = instant_view(app, VALLEY_VIEW) if key is None else data["views"][key]
    return {
        line["name"]: np.column_stack([line["x"], line["y"]]) for line in chart_lines(data, view)
    }


def test_the_valley_draws_three_paths_from_one_start_and_ranks_them(lab):
    drawn = valley_paths(lab)
    assert list(drawn) == list(OPTIMIZERS)
    assert {float(path[0, 0]) for path in drawn.values()} == {-9.0}  # the same start
    for name, path in drawn.items():
        expected = optimize_2d(VALLEY, name, start=(-9.0, 2.5), learning_rate=0.3, steps=30)
        np.testing.assert_allclose(path, expected, atol=1e-3)
    final = optimize_2d(VALLEY, "Adam", start=(-9.0, 2.5), learning_rate=0.3, steps=30)[-1]
    assert f"Adam **{np.hypot(*final):.2f}**" in instant_view(lab, VALLEY_VIEW)["after"][0]
    data, chart = instant_data(lab, VALLEY_VIEW), instant_view(lab, VALLEY_VIEW)["charts"][0]
    key, index, _ = chart["background"]["same"]  # one picture of the loss, sent once
    assert data["views"][key]["charts"][index]["background"]["src"].startswith("data:image/png")
    assert [(m["name"], m["x"], m["y"]) for m in chart["markers"]] == [("the bottom", 0, 0)]
    let_go(lab, VALLEY_VIEW, [0.45, 30])
    assert lab.session_state["training_valley_rate"] == 0.45
    assert not np.array_equal(valley_paths(lab)["SGD"], drawn["SGD"])
    assert valley_paths(lab)["SGD"].tolist() == valley_paths(lab, "0.45,30")["SGD"].tolist()


def closest_and_farthest(rate: float, steps: int) -> tuple[str, str]:
    left = {
        name: np.hypot(*optimize_2d(VALLEY, name, start=(-9.0, 2.5), learning_rate=rate,
                                    steps=steps)[-1])
        for name in OPTIMIZERS
    }  # fmt: skip
    return min(left, key=left.get), max(left, key=left.get)


@pytest.mark.parametrize(("rate", "steps"), [(0.3, 30), (0.45, 20), (0.01, 100)])
def test_the_valley_verdict_names_what_the_paths_did(lab, rate, steps):
    sent = instant_data(lab, VALLEY_VIEW)["views"][f"{rate},{steps}"]  # before any letting go
    let_go(lab, VALLEY_VIEW, [rate, steps])
    assert instant_view(lab, VALLEY_VIEW) == sent
    closest, farthest = closest_and_farthest(rate, steps)
    (text,) = sent["after"]
    assert f"Closest: **{closest}**; farthest: **{farthest}**." in text
    assert f"by {rate:.2f}: the learning rate, steep or flat" in text
    zigzag = optimize_2d(VALLEY, "SGD", start=(-9.0, 2.5), learning_rate=rate, steps=steps)
    assert ("SGD crossed the valley's floor" in text) == (
        np.count_nonzero(np.diff(np.sign(zigzag[:, 1]))) >= 3
    )


def test_the_valley_verdict_changes_with_the_rate():
    assert closest_and_farthest(0.45, 20)[0] != closest_and_farthest(0.01, 100)[0]


# --------------------------------------------------------------------------------------------
# Your own classes
# --------------------------------------------------------------------------------------------


def png(value: int, *, width: int = 50, height: int = 40) -> bytes:
    """A gray picture with a square of the opposite shade: one class per brightness."""
    rgb = np.full((height, width, 3), value, np.uint8)
    rgb[10:30, 10:20] = 255 - value
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def upload(app, class_index: int, files: list[tuple[str, bytes, str]]):
    uploader = next(
        u for u in app.file_uploader if u.key.startswith(f"training_own_upload_{class_index}_")
    )
    uploader.set_value(files).run()
    assert not app.exception
    return app


def dark(count: int, start: int = 0):
    return [(f"dark{i}.png", png(20 + i), "image/png") for i in range(start, start + count)]


def light(count: int):
    return [(f"light{i}.png", png(230 - i), "image/png") for i in range(count)]


def own_warning(app) -> str:
    return " ".join(markdown_shown(w.value) for w in app.warning if "Not ready to train" in w.value)


def test_own_classes_guide_until_there_is_enough_of_every_class(lab):
    assert "“Class A” has 0 pictures" in own_warning(lab)
    assert lab.button(key="training_own_train").disabled
    upload(lab, 0, dark(5))
    assert "Only “Class A” has pictures" in own_warning(lab)  # one class only
    assert lab.button(key="training_own_train").disabled
    upload(lab, 1, light(3))
    assert "“Class B” has 3 pictures; add at least 2 more" in own_warning(lab)
    upload(lab, 1, light(2))
    assert not own_warning(lab)
    assert not lab.button(key="training_own_train").disabled
    widget(lab.text_input, "training_own_name_1").set_value("Class A").run()
    assert "Two classes are called “Class A”" in own_warning(lab)


def test_uploads_are_read_one_by_one_with_a_message_for_each_bad_file(lab):
    upload(lab, 0, [*dark(3), ("notes.png", b"not a picture", "image/png")])
    examples = lab.session_state["training_own_examples"][0]
    assert [e["name"] for e in examples] == ["dark0.png", "dark1.png", "dark2.png"]
    assert examples[0]["picture"].shape == (25, 25, 1)
    errors = [markdown_shown(e.value) for e in lab.error]
    assert any("“notes.png”" in e and "not a picture we can read" in e for e in errors)
    # The uploader is fresh again, so the same files are not added twice on the next rerun.
    lab.run()
    assert len(lab.session_state["training_own_examples"][0]) == 3


def test_a_thumbnail_can_be_removed(lab):
    upload(lab, 0, dark(3))
    second = lab.session_state["training_own_examples"][0][1]["id"]
    lab.button(key=f"training_own_remove_{second}").click().run()
    names = [e["name"] for e in lab.session_state["training_own_examples"][0]]
    assert names == ["dark0.png", "dark2.png"]
    assert "2 pictures" in [c.value for c in lab.caption]


def test_more_classes_show_more_columns(lab):
    widget(lab.get("button_group"), "training_own_count").set_value(3).run()
    names = [t.key for t in lab.text_input if t.key.startswith("training_own_name_")]
    assert names == [f"training_own_name_{i}" for i in range(3)]
    assert "“Class C” has 0 pictures" in own_warning(lab)


def test_own_classes_train_both_starts_compare_them_and_classify_a_new_picture(lab):
    widget(lab.text_input, "training_own_name_0").set_value("dark").run()
    widget(lab.text_input, "training_own_name_1").set_value("light").run()
    upload(lab, 0, dark(6))
    upload(lab, 1, light(6))
    lab.session_state["training_own_epochs"] = 5
    lab.button(key="training_own_train").click().run()
    assert not lab.exception
    runs = lab.session_state["training_own_runs"]
    assert set(runs) == {"random", "reused"}
    random_run, reused_run = runs["random"], runs["reused"]
    assert isinstance(reused_run, transfer.TransferRun) and reused_run.frozen == ("conv1", "conv2")
    assert random_run.train.sources == reused_run.train.sources
    np.testing.assert_array_equal(random_run.validation.images, reused_run.validation.images)
    for run in (random_run, reused_run):
        assert run.classes == ("dark", "light") and run.epochs_done == 5
        assert len(run.train) + len(run.validation) == 12
    assert any(p.proto.text == "Epoch 5 of 5 (both networks)" for p in lab.get("progress"))
    comparison = transfer.compare_starts(random_run, reused_run)
    text = all_text(lab)
    checked = len(random_run.validation)
    assert f"filters gets **{comparison.reused_right} of the {checked}** validation" in text
    assert f"random weights **{comparison.random_right}**: " in text
    head = reused_run.model.count_params() - sum(
        reused_run.model.get_layer(name).count_params() for name in transfer.REUSED_LAYERS
    )
    assert f"{head:,} weights instead of {reused_run.model.count_params():,}" in text
    chosen = comparison.better or "reused"
    answerer = next(
        w for w in lab.get("button_group") if w.key.startswith("training_own_answerer_")
    )
    assert answerer.value == chosen

    query = next(u for u in lab.file_uploader if u.key.startswith("training_own_query_"))
    query.set_value(("new.png", png(25), "image/png")).run()
    assert not lab.exception
    bars = plotly_spec(lab, "training_own_probabilities")["data"][0]
    probabilities = decode_plotly_array(bars["x"])
    picture = lab.session_state["training_own_query"][0]
    np.testing.assert_allclose(
        probabilities, runs[chosen].probabilities(picture[np.newaxis])[0], rtol=1e-5
    )
    assert bars["y"] == ["dark", "light"] and probabilities.sum() == pytest.approx(1, abs=1e-5)
    top = runs[chosen].classes[int(np.argmax(probabilities))]
    assert f"It says **{top}**" in all_text(lab)
    captions = [c for image in lab.get("image") for c in image.captions]
    assert any(f"lowers P({top})" in c for c in captions)

    other = "random" if chosen == "reused" else "reused"
    widget(lab.get("button_group"), answerer.key).set_value(other).run()
    bars = plotly_spec(lab, "training_own_probabilities")["data"][0]
    np.testing.assert_allclose(
        decode_plotly_array(bars["x"]),
        runs[other].probabilities(picture[np.newaxis])[0],
        rtol=1e-5,
    )
    assert lab.get("download_button")[0].proto.label == "Download this network"
    assert any("safe_mode=True" in code.value for code in lab.code)


def test_the_own_epochs_slider_shows_its_value_and_keeps_it_for_the_session(lab):
    data = instant_data(lab, "training_own_epochs_view")
    (slider,) = data["sliders"]
    assert data["views"] is None  # it only sets the next run's epochs
    assert slider["options"] == list(range(5, 101, 5)) and data["values"] == [40]
    let_go(lab, "training_own_epochs_view", [15])
    assert lab.session_state["training_own_epochs"] == 15
    assert "training_own_epochs" not in lab.query_params  # not part of the page's link
    lab.switch_page("pages/pixels.py").run()
    lab.switch_page(TRAINING).run()
    assert instant_data(lab, "training_own_epochs_view")["values"] == [15]


def test_fine_tuning_lets_the_reused_filters_go_in_the_last_quarter(lab):
    upload(lab, 0, dark(5))
    upload(lab, 1, light(5))
    let_go(lab, "training_own_epochs_view", [10])  # the epochs slider, let go of at 10
    assert lab.session_state["training_own_epochs"] == 10
    widget(lab.toggle, "training_own_fine_tune").set_value(True).run()
    lab.button(key="training_own_train").click().run()
    assert not lab.exception
    reused = lab.session_state["training_own_runs"]["reused"]
    assert reused.unfreeze_for_last == 2 and reused.frozen == () and reused.finished
    charts = [chart.proto.spec for chart in lab.get("plotly_chart")]
    assert any("fine-tuned in the last 2 epochs" in spec for spec in charts)
    assert "(and, in its last 2 epochs, the filters too)" in all_text(lab)


def test_without_the_face_network_only_the_random_start_trains(lab, monkeypatch, tmp_path):
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))  # an empty folder: no network
    upload(lab, 0, dark(5))
    upload(lab, 1, light(5))
    lab.session_state["training_own_epochs"] = 5
    lab.button(key="training_own_train").click().run()
    assert not lab.exception
    assert set(lab.session_state["training_own_runs"]) == {"random"}
    assert any("Only the network from random weights was trained" in w.value for w in lab.warning)
    random_run = lab.session_state["training_own_runs"]["random"]
    right = transfer.pictures_right(random_run)
    assert f"it gets **{right} of the {len(random_run.validation)}** validation" in all_text(lab)
    assert next(u for u in lab.file_uploader if u.key.startswith("training_own_query_"))


def test_the_resolution_ladder_charts_accuracy_and_weights_and_says_them(lab):
    lab.button(key="training_ladder_train").click().run()
    assert not lab.exception
    rungs = lab.session_state["training_ladder"]
    assert [rung.side for rung in rungs] == [6, 12, 25]
    spec = plotly_spec(lab, "training_ladder_chart")
    assert spec["data"][0]["x"] == ["6 × 6", "12 × 12", "25 × 25"]
    np.testing.assert_allclose(
        decode_plotly_array(spec["data"][0]["y"]), [r.validation_accuracy for r in rungs]
    )
    assert decode_plotly_array(spec["data"][1]["y"]).tolist() == [r.parameters for r in rungs]
    text = all_text(lab)
    for rung in rungs:
        assert f"**{rung.validation_accuracy:.0%}** with {rung.parameters:,} weights" in text


def test_the_biased_data_section_reports_what_both_networks_did(lab):
    lab.button(key="training_shortcut_train").click().run()
    assert not lab.exception
    result = lab.session_state["training_shortcut"]
    text = all_text(lab)
    assert (
        f"of the {result.biased.faces}, the network trained on marked faces called "
        f"**{result.biased.faces_right}** a face; the one trained on unmarked pictures "
        f"{result.clean.faces_right}." in text
    )
    assert f"the first called **{result.biased.marked_non_faces_called_face}** a face" in text
    assert f"**{result.biased.mark_share:.0%}** on the mark" in text
    assert result.biased.marked_non_faces_called_face > result.clean.marked_non_faces_called_face


def test_a_link_off_the_sliders_steps_is_named_as_ignored():
    """A link may carry only what the sliders offer: 0.33 is no dropout step (so the notice
    names it), while a step written with float noise still counts as that step."""
    settings, ignored = TrainingSettings.from_query(
        {"training_dropout": ["0.33"], "training_fraction": ["0.35000000000000003"]}
    )
    assert ignored == ["“training_dropout=0.33”"]
    assert settings.dropout == LabSettings().dropout
    assert settings.training_fraction == 0.35
    fraction_slider = next(s for s in CONTROL_SLIDERS if s.name == "training_fraction")
    assert fraction_slider.option("0.35000000000000003") == 0.35
