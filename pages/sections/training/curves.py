"""What the curves say: the last run's fit read out in words, how to read curves, and the cures
for overfitting."""

from __future__ import annotations

import streamlit as st

from core import lab
from pages.headings import section_heading
from pages.presenter import as_slide


@as_slide("curves")
def draw(run: lab.TrainingRun | None) -> None:
    """The section: a verdict on the run (once it has epochs), then the reading guide."""
    section_heading("What the curves say")
    if run is None or not run.epochs_done:
        st.markdown("Train a network above; this section then reads its curves for you.")
    else:
        report = lab.judge_fit(run.history)
        st.markdown(
            f"Over its last epochs the network got **{report.training_accuracy:.1%}** of its "
            f"training pictures right and **{report.validation_accuracy:.1%}** of the validation "
            f"pictures. The validation loss was lowest at epoch **{report.best_epoch}** "
            f"({report.best_validation_loss:.3f}) and is {report.recent_validation_loss:.3f} now."
        )
        if report.epochs < 2 * lab.LAST_EPOCHS:
            st.info(
                f"Only {report.epochs} epoch(s) so far: the network is still finding its way, and "
                "it is too early to say whether it overfits. Train for 30 epochs or more.",
                icon=":material/hourglass_top:",
            )
        elif report.overfitting:
            st.warning(
                f"**This run is overfitting.** Training accuracy is {report.gap * 100:+.1f} "
                f"points above validation accuracy, and the validation loss is "
                f"{report.loss_rise:.0%} above its lowest. The network is memorising its training "
                "pictures (their exact pixels, their noise) instead of learning what "
                "makes a face a face, so it does worse on pictures it has not seen.",
                icon=":material/trending_up:",
            )
        else:
            st.success(
                "**No sign of overfitting.** The network does about as well on pictures it has "
                f"never learned from as on its training pictures (gap {report.gap * 100:+.1f} "
                "points), and the validation loss has not climbed back up.",
                icon=":material/check_circle:",
            )
    st.markdown(
        "**How to read the curves.** Overfitting shows as the training curve running *above* the "
        "validation curve: the network is better on the pictures it learned from than on new "
        "ones. (Some texts say it the wrong way round.) The loss usually tells first: the "
        "training loss keeps falling while the validation loss turns and climbs."
    )
    st.markdown(
        "**The cures.** More pictures help most. Without them, **augmentation** shows each "
        "picture slightly changed every epoch, so there is no exact copy to memorise; **dropout** "
        "zeroes a random share of the values in training only, so the network cannot lean on any "
        "one of them (when it answers, every value is used). Both make training harder, so the "
        "training curve can even sit below the validation curve: that is fine."
    )
    st.caption("Try this: train the Overfit preset, then the Regularised one, and compare below.")
